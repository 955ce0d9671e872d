"""`dagster dev` from the repository root serves the UI with every asset, check, job, sensor and schedule."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from orchestration.postgres_server import free_port
from tests.conftest import PROJECT_ROOT

QUERY = """{ assetNodes { assetKey { path } }
  repositoriesOrError { ... on RepositoryConnection { nodes {
    jobs { name } schedules { name } sensors { name } } } } }"""


def _graphql(port: int) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": QUERY}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_workspace_definitions_validate(tmp_path):
    result = subprocess.run([str(Path(sys.executable).with_name("dagster")), "definitions", "validate",
                             "-w", "workspace.yaml"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={**os.environ, "DAGSTER_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_dagster_dev_serves_everything(tmp_path):
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "CONTINUUM_LANDING": str(tmp_path / "landing"),
           "CONTINUUM_WAREHOUSE": str(tmp_path / "warehouse.duckdb")}
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    # Its own session, so the whole process group (webserver + daemon + code server) can be stopped.
    server = subprocess.Popen([str(Path(sys.executable).with_name("dagster")), "dev", "-w", "workspace.yaml",
                               "-h", "127.0.0.1", "-p", str(port)], cwd=PROJECT_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        answer = None
        for _ in range(120):  # bounded wait for the server to come up
            try:
                answer = _graphql(port)
                if answer["data"]["assetNodes"]:
                    break
            except (urllib.error.URLError, ConnectionError, KeyError, TypeError):
                pass
            time.sleep(1)
        assert answer is not None, "dagster dev did not answer on its port"
        keys = {"/".join(node["assetKey"]["path"]) for node in answer["data"]["assetNodes"]}
        assert {"raw/oneroster_users", "raw/sis_daily_attendance", "marts/dim_student"} <= keys
        [repository] = answer["data"]["repositoriesOrError"]["nodes"]
        assert "continuum_refresh" in {job["name"] for job in repository["jobs"]}
        assert {s["name"] for s in repository["schedules"]} == {"nightly_refresh"}
        assert {s["name"] for s in repository["sensors"]} == {"landing_folder_sensor"}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a graceful stop can outlast a minute on a loaded 2-core machine
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
