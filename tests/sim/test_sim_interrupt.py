"""Ctrl-C during `sispam simulate` on a process pool and on a Dask cluster: the command ends
within a second or two, leaves no worker process or resource tracker behind, cancels its tasks on
the cluster and writes nothing. A real subprocess gets a real SIGINT, sent to its whole process
group as a terminal does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

psutil = pytest.importorskip("psutil")
pytestmark = pytest.mark.slow

KLATEN = "pilkades-klaten-2023"
# Within this time of the Ctrl-C the simulation has torn down what it started: its workers and
# the resource tracker are gone, its tasks are off the cluster. The command itself then exits as
# fast as the interpreter can unload (numba, distributed: ~0.5–1.5 s on a loaded 2-core machine);
# it must never hang. Measured figures are printed (pytest -s).
TORN_DOWN_WITHIN_S = 2.0
EXITS_WITHIN_S = 10.0
# An interrupted command may exit 130 (the CLI's handler) or, without it, 1 (click's "Aborted!")
# or −SIGINT (Python re-raising the signal); what must never happen is a hang or a traceback.
INTERRUPTED = {130, 1, -signal.SIGINT}
SISPAM = [sys.executable, "-m", "sispam"]  # what the console script runs


def _start(
    args: list[str], tmp_path: Path, warm: tuple[str, ...] = ("--workers", "1")
) -> subprocess.Popen:
    plan = tmp_path / "plan.json"
    if not plan.exists():  # plan once, so the interrupted command goes straight to the runs
        code = subprocess.call(
            [*SISPAM, "plan", KLATEN, "-o", str(plan)],
            stdout=subprocess.DEVNULL,
        )
        assert code == 0
        # ... and run a few runs once where the runs will run (here, or on the cluster), so the
        # kernels are compiled and cached and the workers have imported them: what is measured is
        # Ctrl-C during the runs. A chunk already running on a Dask worker cannot be stopped, and
        # a first chunk that compiles (a fresh checkout) takes many seconds on a loaded machine.
        code = subprocess.call(
            [*SISPAM, "simulate", KLATEN, "--plan", str(plan), "--runs", "8", *warm],
            stdout=subprocess.DEVNULL,
        )
        assert code == 0
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="100")
    return subprocess.Popen(
        [*SISPAM, "simulate", KLATEN, "--plan", str(plan), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, like a job in a terminal
        # a job started in the background by a non-interactive shell (how CI may run us) inherits
        # SIGINT ignored, and Python then never turns Ctrl-C into KeyboardInterrupt: the command
        # ran to its end. A terminal's foreground job has the default; give the command that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _descendants(proc: subprocess.Popen) -> list[psutil.Process]:
    try:
        return psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _wait_for(cond, timeout: float, step: float = 0.1) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(step)
    return False


def _interrupt(proc: subprocess.Popen, torn_down) -> tuple[float, float, str]:
    """SIGINT to the whole group (the terminal's Ctrl-C). Returns the seconds until
    ``torn_down()`` held, until the command exited, and its stderr."""
    t0 = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    assert _wait_for(torn_down, timeout=30, step=0.02), "not torn down after Ctrl-C"
    down = time.monotonic() - t0
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:  # a hang: clean up, then fail
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the command did not end after Ctrl-C")
    return down, time.monotonic() - t0, err


def _gone(procs: list[psutil.Process]) -> bool:
    alive = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p)
        except psutil.NoSuchProcess:
            continue
    return not alive


def test_ctrl_c_on_a_process_pool_ends_fast_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "hasil.json"
    proc = _start(["--runs", "100000", "--workers", "2", "--seed", "1", "-o", str(out)], tmp_path)
    try:
        # the pool's two workers (plus the resource tracker) are up and computing
        assert _wait_for(lambda: len(_descendants(proc)) >= 3, timeout=120), "no pool started"
        time.sleep(3.0)
        children = _descendants(proc)
        # the resource tracker leaves when its last user (this command) has exited
        workers = [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]
        assert len(workers) >= 2 and proc.poll() is None, "finished before it was interrupted"
        down, took, err = _interrupt(proc, lambda: _gone(workers))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    print(f"\npool: workers gone {down:.2f} s, exit {took:.2f} s after Ctrl-C ({proc.returncode})")
    assert down <= TORN_DOWN_WITHIN_S and took <= EXITS_WITHIN_S, (down, took)
    assert proc.returncode in INTERRUPTED, err
    assert "Traceback" not in err, err  # no worker printed a KeyboardInterrupt either
    assert _wait_for(lambda: _gone(children), timeout=3), "orphan worker or resource tracker"
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "plan.json"]


@pytest.fixture
def cluster_address():
    """A LocalCluster in its own process (as a user would run one), torn down afterwards."""
    pytest.importorskip("distributed")
    code = (
        "import time\n"
        "from distributed import LocalCluster\n"
        "c = LocalCluster(n_workers=1, threads_per_worker=1, processes=True,"
        " dashboard_address=None)\n"
        "print(c.scheduler_address, flush=True)\n"
        "time.sleep(900)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        address = proc.stdout.readline().strip()
        assert address.startswith("tcp://"), address
        yield address
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_ctrl_c_on_a_dask_cluster_ends_fast_and_cancels_the_tasks(
    tmp_path: Path, cluster_address: str
) -> None:
    from distributed import Client

    out = tmp_path / "hasil.json"
    proc = _start(
        ["--runs", "100000", "--scheduler", cluster_address, "--seed", "1", "-o", str(out)],
        tmp_path,
        warm=("--scheduler", cluster_address),
    )
    with Client(cluster_address, timeout="10s", set_as_default=False) as client:

        def busy() -> bool:
            return any(client.processing().values())

        def dropped() -> bool:  # nothing of the job left processing, waiting or held
            return not busy() and not client.who_has()

        try:
            assert _wait_for(busy, timeout=120), "the job never reached the cluster"
            time.sleep(2.0)
            assert proc.poll() is None
            down, took, err = _interrupt(proc, dropped)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        print(
            f"\ndask: job dropped {down:.2f} s, exit {took:.2f} s after Ctrl-C ({proc.returncode})"
        )
        assert down <= TORN_DOWN_WITHIN_S and took <= EXITS_WITHIN_S, (down, took)
        assert proc.returncode in INTERRUPTED, err
        assert "Traceback" not in err, err
    assert not out.exists()
