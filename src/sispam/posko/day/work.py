"""Heavy work of election day, run in a worker process so the server never waits: the live
forecast and the rendering of sitreps and activity records.

The worker reads what it needs from the database itself (the operation's stored inputs, the log
up to a sequence number), so only small messages cross the process boundary; it keeps the parsed
inputs of an operation between calls. Documents are rebuilt from the log: the same log up to the
same event gives the same bytes (a download in another process renders again and checks the
SHA-256 recorded in ``sitrep.ready``).
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from multiprocessing import get_context
from typing import Any

_CACHE: dict[tuple[str, str], Any] = {}


def _events(url: str, op: str, until: int | None = None) -> list[Any]:
    from sispam.posko.db import make_engine
    from sispam.posko.store import EventStore

    engine = make_engine(url)
    try:
        events = EventStore(engine).read(op)
    finally:
        engine.dispose()
    return [e for e in events if until is None or e.seq <= until]


def _context(url: str, op: str) -> Any:
    from sispam.posko.day.context import DayContext

    key = (url, op)
    if key not in _CACHE:
        first = _events(url, op, until=1)
        _CACHE[key] = DayContext.of(first[0].payload)
    return _CACHE[key]


def run_forecast(url: str, op: str, state: dict[str, Any], runs: int, seed: int) -> dict[str, Any]:
    """The contingency model forward from ``state`` (a ``ForecastState`` as JSON)."""
    from sispam.domain.forecast import ForecastState
    from sispam.sim import forecast

    ctx = _context(url, op)
    fc = forecast(
        ctx.scenario,
        ctx.assessment,
        ctx.plan,
        ForecastState.model_validate(state),
        runs=runs,
        seed=seed,
    )
    return fc.model_dump(mode="json")


def render_documents(
    url: str, op: str, seq: int, kind: str, cut_off: str, lang: str, exercise: bool, number: str
) -> dict[str, bytes]:
    """The sitrep (with a laporan khusus per merah incident) or the activity record, from the
    log up to event ``seq``; an exercise's files carry the LATIHAN prefix."""
    from sispam.ops import activity_files, sitrep_files
    from sispam.posko.states import rebuild

    day = rebuild(op, _events(url, op, until=seq)).view("day")
    ctx = day.ctx
    when = datetime.fromisoformat(cut_off)
    log = day.ops_log(op)
    if kind == "activity":
        files = activity_files(ctx.scenario, log, when, lang=lang, exercise=exercise)
    else:
        files = sitrep_files(
            ctx.scenario,
            log,
            when,
            lang=lang,
            number=number,
            settings=ctx.settings,
            authority=ctx.authority,
            exercise=exercise,
        )
    prefix = "LATIHAN-" if exercise else ""
    return {prefix + name: data for name, data in sorted(files.items())}


def digest(files: dict[str, bytes]) -> list[dict[str, Any]]:
    return [
        {"name": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
        for n, b in sorted(files.items())
    ]


class Worker:
    """One spawned worker process for the forecast and documents, started on first use."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, fn: Any, *args: Any) -> Future:
        if self._pool is None:
            # A fixed hash seed in the worker: a set's order (and so a document's bytes) is the
            # same in every worker of every server process, so a rendering can be checked by
            # its SHA-256 against the one recorded in the log.
            import os

            old = os.environ.get("PYTHONHASHSEED")
            os.environ["PYTHONHASHSEED"] = "0"
            try:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
                self._pool.submit(int, 0).result()  # start it now, under the fixed seed
            finally:
                if old is None:
                    os.environ.pop("PYTHONHASHSEED", None)
                else:
                    os.environ["PYTHONHASHSEED"] = old
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
