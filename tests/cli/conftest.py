"""Helpers for CLI tests: the assembled command in-process, or as a real subprocess; places on
disk that are read-only or full (a tiny tmpfs where this machine lets us mount one)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sispam.cli.app import app

SISPAM = [sys.executable, "-m", "sispam.cli"]
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


def _mount(where: Path, options: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    return done.returncode == 0


def _umount(where: Path) -> None:
    subprocess.run(["umount", str(where)], capture_output=True)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, nearly full file system: a 256 KiB tmpfs (skipped where we may not mount)."""
    where = tmp_path / "tiny"
    where.mkdir()
    if not _mount(where, "size=256k"):
        pytest.skip("cannot mount a tmpfs here (needs root); CI runs this as root")
    try:
        yield where
    finally:
        _umount(where)


@pytest.fixture
def readonly_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write in: a read-only tmpfs as root, else a folder without w bits."""
    where = tmp_path / "ro"
    where.mkdir()
    if os.geteuid() == 0:
        if not _mount(where, "ro,size=64k"):
            pytest.skip("root cannot mount a read-only tmpfs here")
        try:
            yield where
        finally:
            _umount(where)
    else:
        where.chmod(0o555)
        try:
            yield where
        finally:
            where.chmod(0o755)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until about ``leave`` bytes are free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    (folder / "filler.bin").write_bytes(b"\0" * max(0, free - leave))
