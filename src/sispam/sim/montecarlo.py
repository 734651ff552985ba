"""Monte Carlo eksekusi (execution): run a job's chunks in-process, on a local process pool, or on
a Dask cluster, and hand back the chunk results in run order.

A *job* is any picklable object with ``run(start, stop)`` returning a result for runs
``start..stop-1``. The job is shipped to each worker once (pool initialiser / ``scatter`` with
broadcast), then only ``(start, stop)`` pairs travel, so per-task overhead (~1–2 ms on Dask)
stays small against chunks of tenths of a second. Results must not depend on chunking: the
contingency job derives every run's randomness from (seed, run index) and sums only integers.

Interrupts (Ctrl-C): the worker processes start with SIGINT blocked, so only this process sees it;
``KeyboardInterrupt`` then tears the pool down (terminates the workers and waits for them, within
a second or so) or cancels the job's tasks on the Dask cluster, and propagates to the caller —
nothing is half-returned. The CLI turns it into a short message and exit code 130.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing as mp
import os
import signal
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Protocol

from sispam.domain import SispamError
from sispam.i18n import t


class ChunkJob(Protocol):
    def run(self, start: int, stop: int) -> Any: ...


Progress = Callable[[int], None]  # called with the number of runs just finished
CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler
CLOSE_TIMEOUT = 2  # seconds to say goodbye to it (an interrupted run must end promptly)


class ExecutionError(SispamError):
    """The cluster or pool could not run the job (localised)."""


def spans(runs: int, chunk: int) -> list[tuple[int, int]]:
    return [(s, min(s + chunk, runs)) for s in range(0, runs, chunk)]


def default_chunk(runs: int, workers: int, cost_per_run: float = 1.0, target: float = 250.0) -> int:
    """Runs per chunk: about ``target`` cost units a chunk, and at least ~4 chunks per worker so
    the progress bar moves and the load balances."""
    per = max(1, int(target / max(cost_per_run, 1e-9)))
    balance = max(1, math.ceil(runs / max(1, 4 * workers)))
    return max(1, min(per, balance, runs))


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


_JOB: Any = None


def _init_worker(job: Any) -> None:
    global _JOB
    _JOB = job


def _run_span(start: int, stop: int) -> tuple[int, Any]:
    return start, _JOB.run(start, stop)


def _run_span_job(job: Any, start: int, stop: int) -> tuple[int, Any]:
    """Dask task: the scattered job and one span."""
    return start, job.run(start, stop)


def execute(
    job: ChunkJob,
    runs: int,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk: int | None = None,
    progress: Progress | None = None,
) -> list[Any]:
    """Run ``job`` over ``runs`` runs; results in order of their first run."""
    if runs < 1:
        return []
    if scheduler:
        return _execute_dask(job, runs, scheduler, chunk, progress)
    n = workers or default_workers()
    size = chunk or default_chunk(runs, n)
    parts = spans(runs, size)
    if n <= 1 or len(parts) == 1:
        out = []
        for a, b in parts:
            out.append(job.run(a, b))
            if progress:
                progress(b - a)
        return out
    return _execute_pool(job, parts, min(n, len(parts)), progress)


@contextlib.contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """While worker processes (and the resource tracker) start, SIGINT is ignored: an ignored
    signal stays ignored across exec, and Python then installs no KeyboardInterrupt handler in
    the child, so a Ctrl-C reaches only this process, which tears the workers down. SIGINT is
    blocked meanwhile (Linux keeps a blocked signal pending even when ignored), so a Ctrl-C that
    arrives during the start is delivered here right after it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "pthread_sigmask"
    ):
        yield
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: cancel what is queued, terminate the workers, wait until they and the
    pool's manager thread are gone (so nothing of it is left to clean up at exit)."""
    # ProcessPoolExecutor keeps its workers in ``_processes`` (stable since Python 3.2; there is
    # no public way to terminate them, and shutdown(wait=False) lets them finish their chunk)
    procs = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        p.terminate()
    for p in procs:
        p.join(timeout=2)
        if p.is_alive():  # pragma: no cover - a worker that ignores SIGTERM
            p.kill()
            p.join(timeout=2)
    if manager is not None:
        manager.join(timeout=2)


def _execute_pool(
    job: ChunkJob, parts: list[tuple[int, int]], n: int, progress: Progress | None
) -> list[Any]:
    results: dict[int, Any] = {}
    ctx = mp.get_context("spawn")  # no fork: the parent may run threads (progress bar, Dask)
    pool: ProcessPoolExecutor | None = None
    try:
        with _children_ignore_sigint():  # the processes start here, on the submits
            pool = ProcessPoolExecutor(
                max_workers=n, mp_context=ctx, initializer=_init_worker, initargs=(job,)
            )
            pending = {pool.submit(_run_span, a, b): (a, b) for a, b in parts}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                a, b = pending.pop(f)
                start, res = f.result()
                results[start] = res
                if progress:
                    progress(b - a)
    except BaseException:  # Ctrl-C, a failed chunk, a broken pool: never leave workers behind
        if pool is not None:
            _terminate(pool)
        raise
    pool.shutdown(wait=True)
    return [results[a] for a, _ in parts]


def _execute_dask(
    job: ChunkJob, runs: int, address: str, chunk: int | None, progress: Progress | None
) -> list[Any]:
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - the dask extra is not installed
        raise ExecutionError(t("sim.exec.no_dask")) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ExecutionError(t("sim.exec.connect", address=address, reason=str(exc))) from None
    try:
        n = max(1, sum(client.nthreads().values()))
        size = chunk or default_chunk(runs, n)
        parts = spans(runs, size)
        job_f = client.scatter(job, broadcast=True, hash=False)
        token = uuid.uuid4().hex[:12]
        futures = [
            client.submit(_run_span_job, job_f, a, b, key=f"sispam-sim-{token}-{a}", pure=False)
            for a, b in parts
        ]
        size_of = {f.key: b - a for f, (a, b) in zip(futures, parts, strict=True)}
        results: dict[int, Any] = {}
        try:
            for f in as_completed(futures, loop=client.loop):
                start, res = f.result()
                results[start] = res
                if progress:
                    progress(size_of[f.key])
        except BaseException:  # Ctrl-C: the cluster stops working on this job at once
            client.cancel(futures, force=True)
            raise
        return [results[a] for a, _ in parts]
    finally:
        client.close(timeout=CLOSE_TIMEOUT)


def run_all(jobs: Sequence[ChunkJob], runs: int, **kw: Any) -> list[list[Any]]:
    """Several jobs over the same runs (e.g. sensitivity points), one after another."""
    return [execute(j, runs, **kw) for j in jobs]
