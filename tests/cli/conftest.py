"""Fixtures for CLI tests: places on disk that are read-only or full (a tiny tmpfs where this
machine lets us mount one). Functions to run the CLI are in ``cli_helpers``."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


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
