"""Ctrl-C: a long command stops within seconds with a short message, exit code 130, no process
left behind and nothing half-written. Ctrl-C in a terminal sends SIGINT to the whole foreground
process group (the command and its worker processes); so does this test."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from cli_helpers import SISPAM

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]

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
    for delay in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4):
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
        assert "Traceback" not in err, (delay, err)
        if proc.returncode == 130:
            assert "Ctrl-C" in err, (delay, out, err)
