"""A throwaway PostgreSQL cluster (for the tests and the load benchmark): initdb + pg_ctl under a
temporary directory, on a free loopback port, as a normal user (initdb refuses root: as root it
runs as the ``postgres`` system user via runuser). No system service is needed or touched.

Needs Debian's ``postgresql`` binaries (``/usr/lib/postgresql/*/bin``); ``.ci/run`` installs them.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """Start with :meth:`start` (returns a reason string if it cannot), stop with :meth:`stop`."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.port = 0
        self.bindir = _bindir()
        self.user: str | None = None
        self._n = 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    def start(self) -> str | None:
        if self.bindir is None:
            return "no PostgreSQL binaries (install Debian's postgresql; .ci/run does)"
        if os.geteuid() == 0:
            try:
                import pwd

                pwd.getpwnam("postgres")
                self.user = "postgres"
            except KeyError:
                return "running as root and there is no 'postgres' user to run initdb as"
        self.root = Path(tempfile.mkdtemp(prefix="sispam-pg-"))
        os.chmod(self.root, 0o777)
        data = self.root / "data"
        self.port = _free_port()
        try:
            self._run(
                str(self.bindir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "posko",
                "-E",
                "UTF8",
                "--no-locale",
            )
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(self.root / "log"),
                "-w",
                "-o",
                f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                "-c max_connections=200 -c shared_buffers=64MB",
                "start",
            )
        except (subprocess.SubprocessError, OSError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            self.stop()
            return f"PostgreSQL did not start: {detail.strip()[:300]}"
        return None

    def new_database(self) -> str:
        """A fresh, empty database; its SQLAlchemy URL."""
        import psycopg

        self._n += 1
        name = f"t{os.getpid()}_{self._n}_{int(time.time() * 1000) % 100000}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def url(self, db: str) -> str:
        return f"postgresql://posko@127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        if self.root is None:
            return
        data = self.root / "data"
        if (data / "postmaster.pid").exists() and self.bindir is not None:
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(data),
                "-m",
                "immediate",
                "-w",
                "stop",
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None
