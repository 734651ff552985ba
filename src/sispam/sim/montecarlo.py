"""Monte Carlo eksekusi (execution): run a job's chunks in-process, on a local process pool, or on
a Dask cluster, and hand back the chunk results in run order.

A *job* is any picklable object with ``run(start, stop)`` returning a result for runs
``start..stop-1``. The job is shipped to each worker once (pool initialiser / ``scatter`` with
broadcast), then only ``(start, stop)`` pairs travel, so per-task overhead (~1–2 ms on Dask)
stays small against chunks of tenths of a second. Results must not depend on chunking: the
contingency job derives every run's randomness from (seed, run index) and sums only integers.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Protocol

from sispam.domain import SispamError
from sispam.i18n import t


class ChunkJob(Protocol):
    def run(self, start: int, stop: int) -> Any: ...


Progress = Callable[[int], None]  # called with the number of runs just finished
CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler


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
    results: dict[int, Any] = {}
    ctx = mp.get_context("spawn")  # no fork: the parent may run threads (progress bar, Dask)
    with ProcessPoolExecutor(
        max_workers=min(n, len(parts)), mp_context=ctx, initializer=_init_worker, initargs=(job,)
    ) as pool:
        pending = {pool.submit(_run_span, a, b): (a, b) for a, b in parts}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                a, b = pending.pop(f)
                start, res = f.result()
                results[start] = res
                if progress:
                    progress(b - a)
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
        for f in as_completed(futures, loop=client.loop):
            start, res = f.result()
            results[start] = res
            if progress:
                progress(size_of[f.key])
        return [results[a] for a, _ in parts]
    finally:
        client.close()


def run_all(jobs: Sequence[ChunkJob], runs: int, **kw: Any) -> list[list[Any]]:
    """Several jobs over the same runs (e.g. sensitivity points), one after another."""
    return [execute(j, runs, **kw) for j in jobs]
