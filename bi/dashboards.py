"""Build the Evidence dashboards (bi/evidence) over a published marts file, with Evidence's own CLI.

The project in bi/evidence is the source; each build works in a copy of it beside the warehouse
(pages, sources and config copied, node_modules linked), so a build never writes into the
repository and two warehouses never share a build folder. Evidence reads the published file
through its DuckDB connector, pointed there by EVIDENCE_SOURCE__continuum__filename.

npm starts node, which starts vite and workers: every step runs in its own process group, and a
step that overruns its timeout is killed as a group (killing npm alone leaves node running).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EVIDENCE_PROJECT = Path(__file__).resolve().parent / "evidence"
SOURCE_NAME = "continuum"  # bi/evidence/sources/continuum: the published marts file
PROJECT_FILES = ("pages", "sources", "package.json", "package-lock.json", "evidence.config.yaml",
                 "evidence.settings.json")
STEP_TIMEOUT_SECONDS = 1200
ENABLE_HINT = ("install Node.js (18 or later) with npm, e.g. `sudo apt-get install nodejs npm` on Debian, "
               "then run again; `CONTINUUM_DASHBOARDS=0` turns the dashboards off without this message")
# Evidence's build exits 0 even when a page's query fails; these lines in its output mean a page is broken.
BUILD_ERROR_MARKERS = ("Error in ", "Catalog Error", "Binder Error", "Parser Error", "is not a column in the dataset")
# ...except an empty result, which is the district's data (e.g. one school year has no trend), not a bug.
EMPTY_DATASET = "Dataset is empty"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")

Log = Callable[[str], None]


class DashboardBuildError(RuntimeError):
    """A step of the Evidence build failed; the message carries the tool's own last lines."""


@dataclass(frozen=True)
class BuiltSite:
    path: Path  # the static site: serve this folder at / (see `make dashboards`)
    pages: list[str]  # URL paths, e.g. "/", "/equity/"
    seconds_by_step: dict[str, float]


def npm_executable() -> str | None:
    return shutil.which("npm")


def page_paths(site: Path) -> list[str]:
    """The URL paths of the pages in a built site (Evidence's own settings/explore pages left out)."""
    own = {"settings", "explore", "_app", "api", "data"}
    paths = []
    for index in site.rglob("index.html"):
        relative = index.parent.relative_to(site)
        if relative.parts and relative.parts[0] in own:
            continue
        paths.append("/" + "".join(f"{part}/" for part in relative.parts))
    return sorted(paths)


def run_step(command: list[str], cwd: Path, log: Log, *, env: dict[str, str] | None = None,
             timeout: float = STEP_TIMEOUT_SECONDS) -> list[str]:
    """Run one CLI step, passing each output line to log; return its output, raise on failure or timeout."""
    tail: deque[str] = deque(maxlen=40)
    lines: list[str] = []
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    # A hung step prints nothing, so the timeout cannot wait for the next line: a timer kills the group.
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        _kill_group(process)

    watchdog = threading.Timer(timeout, expire)
    watchdog.start()
    try:
        assert process.stdout is not None
        for raw in process.stdout:
            line = ANSI_ESCAPE.sub("", raw).rstrip()
            if not line or "nodedir" in line:  # npm's complaint about the machine's npmrc, on every call
                continue
            lines.append(line)
            tail.append(line)
            log(line)
        process.wait()
    finally:
        watchdog.cancel()
        if process.poll() is None:
            _kill_group(process)
    if expired.is_set():
        raise DashboardBuildError(f"`{' '.join(command)}` did not finish within {timeout:.0f} s; last output:\n"
                                  + "\n".join(tail))
    if process.returncode != 0:
        raise DashboardBuildError(f"`{' '.join(command)}` failed with exit code {process.returncode}:\n"
                                  + "\n".join(tail))
    return lines


def _kill_group(process: subprocess.Popen) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


def ensure_npm_packages(npm: str, project: Path, log: Log) -> None:
    """npm install in an npm project when its node_modules is missing or older than its lock file.

    `npm install`, not `npm ci`: the registry here lacks other platforms' optional binaries, so the
    lock file made here leaves them out and `npm ci` would refuse it (docs/stack-notes.md).
    """
    installed = project / "node_modules" / ".package-lock.json"
    lock = project / "package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    log(f"npm install in {project} (node_modules is missing or older than package-lock.json) ...")
    run_step([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"], project, log)


def prepare_workdir(workdir: Path) -> None:
    """A fresh copy of the project's pages, sources and config in workdir, sharing its node_modules."""
    workdir.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source, target = EVIDENCE_PROJECT / name, workdir / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    modules = workdir / "node_modules"
    if not modules.is_symlink():
        if modules.exists():
            shutil.rmtree(modules)
        modules.symlink_to(EVIDENCE_PROJECT / "node_modules", target_is_directory=True)


def build_dashboards(published: Path, dashboards_dir: Path, log: Log, *,
                     timeout: float = STEP_TIMEOUT_SECONDS) -> BuiltSite:
    """Build the site from the published marts file into dashboards_dir/site (replaced only on success)."""
    npm = npm_executable()
    if npm is None:
        raise DashboardBuildError(f"npm was not found: {ENABLE_HINT}")
    if not published.is_file():
        raise DashboardBuildError(f"the published marts file {published} does not exist; run the pipeline first")
    ensure_npm_packages(npm, EVIDENCE_PROJECT, log)
    workdir = dashboards_dir / "project"
    prepare_workdir(workdir)
    source_dir = workdir / "sources" / SOURCE_NAME
    env = {
        f"EVIDENCE_SOURCE__{SOURCE_NAME}__filename": os.path.relpath(published.resolve(), source_dir),
        "SEND_ANONYMOUS_USAGE_STATS": "no",
        "NO_COLOR": "1",
        "CI": "true",
    }
    seconds: dict[str, float] = {}
    started = time.monotonic()
    run_step([npm, "run", "sources"], workdir, log, env=env, timeout=timeout)
    seconds["sources"] = time.monotonic() - started
    shutil.rmtree(workdir / "build", ignore_errors=True)  # evidence build copies over an old build
    started = time.monotonic()
    output = run_step([npm, "run", "build"], workdir, log, env=env, timeout=timeout)
    seconds["build"] = time.monotonic() - started
    broken = [line for line in output
              if any(marker in line for marker in BUILD_ERROR_MARKERS) and EMPTY_DATASET not in line]
    if broken:
        raise DashboardBuildError("Evidence built the site but reported broken pages:\n" + "\n".join(broken[:20]))
    site = dashboards_dir / "site"
    staged = dashboards_dir / "site.new"
    shutil.rmtree(staged, ignore_errors=True)
    shutil.move(str(workdir / "build"), staged)
    shutil.rmtree(site, ignore_errors=True)
    staged.rename(site)
    return BuiltSite(path=site, pages=page_paths(site), seconds_by_step=seconds)


if __name__ == "__main__":
    # `make test` (scripts/ensure_dashboard_tools.sh): the npm projects named on the command line.
    import sys

    npm_found = npm_executable()
    if npm_found is None:
        sys.exit(f"npm was not found: {ENABLE_HINT}")
    for folder in sys.argv[1:]:
        ensure_npm_packages(npm_found, Path(folder).resolve(), lambda line: print(line, file=sys.stderr))
