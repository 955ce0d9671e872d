"""A throwaway PostgreSQL server on a loopback port, for tests and local development.

Uses the server binaries from Debian's packages (scripts/ensure_postgres.sh installs them).
initdb refuses to run as root, so as root the server runs as the `postgres` system user.
    python -m orchestration.postgres_server start --dir /tmp/pg --port 54329
    python -m orchestration.postgres_server stop --dir /tmp/pg
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql; "
                           "run scripts/ensure_postgres.sh (make test does) to install them.")
    return Path(candidates[-1]).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    directory: Path
    port: int
    user: str = "postgres"

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    def _run(self, *args: str, check: bool = True) -> int:
        command = [str(_bin_dir() / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)
        if check and result.returncode != 0:
            log = self.directory / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:1])} failed ({result.returncode}): {result.stderr.strip()}\n{tail}")
        return result.returncode

    def is_running(self) -> bool:
        return self.data_dir.exists() and self._run("pg_ctl", "-D", str(self.data_dir), "status", check=False) == 0

    def start(self) -> PostgresServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        if not (self.data_dir / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data_dir), "-U", self.user, "--auth=trust", "-E", "UTF8",
                      "--locale=C.UTF-8")
        if self.is_running():
            return self
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data_dir), "-o", options, "-l", str(self.directory / "server.log"),
                  "-w", "start")
        return self

    def stop(self) -> None:
        if self.is_running():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def create_database(self, name: str) -> None:
        import psycopg2

        con = psycopg2.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres")
        con.autocommit = True  # CREATE DATABASE cannot run inside a transaction
        try:
            with con.cursor() as cursor:
                cursor.execute("select 1 from pg_database where datname = %s", [name])
                if cursor.fetchone() is None:
                    cursor.execute(f'create database "{name}"')
        finally:
            con.close()

    def environment(self, database: str) -> dict[str, str]:
        """The variables that point the pipeline and dbt at this server."""
        return {"CONTINUUM_TARGET": "postgres", "CONTINUUM_PG_HOST": "127.0.0.1", "CONTINUUM_PG_PORT": str(self.port),
                "CONTINUUM_PG_USER": self.user, "CONTINUUM_PG_PASSWORD": "", "CONTINUUM_PG_DATABASE": database}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--dir", required=True, type=Path)
    parser.add_argument("--port", type=int, default=54329)
    parser.add_argument("--database", default="continuum")
    args = parser.parse_args()
    server = PostgresServer(args.dir.resolve(), args.port)
    if args.action == "start":
        server.start().create_database(args.database)
        print(f"PostgreSQL on 127.0.0.1:{args.port}, database {args.database}, user postgres (no password)")
    else:
        server.stop()


if __name__ == "__main__":
    main()
