"""Ctrl-C: a long command stops within seconds with a short message, exit code 130, no process
left behind and nothing half-written. Ctrl-C in a terminal sends SIGINT to the whole foreground
process group (the command and its worker processes); so does this test."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import time
import tomllib
from pathlib import Path

import pytest
from cli_helpers import SISPAM

import sispam

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]

SRC = str(Path(sispam.__file__).parent)
STOP_WITHIN_S = 15.0  # generous on a loaded 2-core CI machine; typically 1–2 s


def _stats(sid: int) -> dict[int, list[str]]:
    """``/proc/PID/stat`` fields (after the command name) of the live processes of session
    ``sid``: the command and everything it started."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[3]) == sid:  # state, ppid, pgrp, session, …
            out[int(entry)] = fields
    return out


def _session(sid: int) -> list[int]:
    return sorted(_stats(sid))


def _cpu_seconds(sid: int) -> float:
    """CPU time the session has used: past imports and set-up, it is simulating."""
    tick = os.sysconf("SC_CLK_TCK")
    return sum(int(f[11]) + int(f[12]) for f in _stats(sid).values()) / tick


def _interrupt(args: list[str], cwd: Path, busy_s: float) -> tuple[int, str, float]:
    proc = subprocess.Popen(
        [*SISPAM, *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 300
        while _cpu_seconds(proc.pid) < busy_s and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.2)
        assert proc.poll() is None, "finished before it could be interrupted"
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    for _ in range(50):  # workers may need a moment to be reaped
        if not _session(proc.pid):
            break
        time.sleep(0.1)
    assert not _session(proc.pid), f"orphans left: {_session(proc.pid)}"
    return proc.returncode, err, took


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_stops_a_long_simulation(tmp_path: Path, workers: str) -> None:
    out = tmp_path / "hasil.json"
    args = ["simulate", "pilkades-klaten-2023", "--runs", "100000", "--workers", workers]
    # imports, plan and pool start take ~3 s of CPU; 100,000 runs take far longer
    code, err, took = _interrupt([*args, "-o", str(out), "--lang", "en"], tmp_path, 6.0)
    assert code == 130, err
    assert "Interrupted (Ctrl-C)" in err and "Traceback" not in err, err
    assert took < STOP_WITHIN_S, f"took {took:.1f} s to stop"
    assert list(tmp_path.iterdir()) == []  # no result, no temporary file


def test_ctrl_c_stops_a_report(tmp_path: Path) -> None:
    args = ["report", "pilkades-klaten-2023", "-o", str(tmp_path / "rep"), "--runs", "100000"]
    code, err, took = _interrupt(args, tmp_path, 6.0)
    assert code == 130 and "Dihentikan (Ctrl-C)" in err, err
    assert took < STOP_WITHIN_S, f"took {took:.1f} s to stop"
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_the_command_starts_says_so() -> None:
    """A Ctrl-C at any moment of start-up — importing, building the command, reading the line
    (where typer turned it into a bare exit code 130), running — ends with the message."""
    for delay in [0.02 * step for step in range(1, 21)]:
        proc = subprocess.Popen(
            [*SISPAM, "scenario", "check", "pilkades-klaten-2023"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert not _sispam_frames(err), (delay, err)
        if "Traceback" in err:  # in Python's own start-up: its exit (1, or killed by SIGINT)
            continue
        if proc.returncode == 130:
            assert "Ctrl-C" in err, (delay, out, err)


def _sispam_frames(err: str) -> list[str]:
    """Traceback lines in Sispam's own code. From the first line of the entry point
    (``sispam.__main__``) on, a Ctrl-C must give the message; before it, on a slow machine, it
    can still land in the interpreter's start-up (``site``, ``runpy``), out of Sispam's reach."""
    return [line for line in err.splitlines() if line.strip().startswith("File") and SRC in line]


def test_the_entry_point_imports_nothing_before_it_can_catch_ctrl_c() -> None:
    """What the sweep above hits only by chance, read from the code: the ``sispam`` script's
    entry and everything Python runs before it (the package's ``__init__``) import nothing at
    module level, so no Ctrl-C can land in Sispam's code outside ``main``'s ``try``."""
    scripts = tomllib.loads((Path(SRC).parents[1] / "pyproject.toml").read_text())["project"]
    assert scripts["scripts"]["sispam"] == "sispam.__main__:main"
    for module in ("__init__.py", "__main__.py"):
        tree = ast.parse((Path(SRC) / module).read_text())
        imports = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
        assert not imports, (module, [ast.unparse(node) for node in imports])
