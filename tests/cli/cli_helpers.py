"""Helpers for CLI tests: the assembled command in-process, or as a real process.

(A uniquely named module: ``from conftest import …`` would find whichever folder's conftest
was imported last when several test folders run in one process.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from sispam.cli.app import app

SISPAM = [sys.executable, "-m", "sispam"]
runner = CliRunner()


def run(*args: str):
    """The assembled CLI in this process (``--lang`` anywhere, as the script takes it)."""
    return runner.invoke(app, list(args), catch_exceptions=False)


def run_process(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, **kw
) -> subprocess.CompletedProcess[str]:
    """``sispam ARGS`` as a real process (what a user's shell runs)."""
    return subprocess.run(
        [*SISPAM, *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        **kw,
    )


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until about ``leave`` bytes are free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    (folder / "filler.bin").write_bytes(b"\0" * max(0, free - leave))
