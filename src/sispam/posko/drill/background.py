"""Jadwal inject di server (the schedule loop): started with the web app, it wakes every
``tick_s`` (1 s) and delivers the injects that are due on every exercise operation with a drill
(:func:`sispam.posko.drill.control.tick`). The list of exercise operations is re-read every
``refresh_s``, so a drill loaded by another process is picked up as well."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from starlette.concurrency import run_in_threadpool

from sispam.posko.drill.control import tick

log = logging.getLogger("sispam.posko.drill")
TICK_S = 1.0
REFRESH_S = 30.0


def start(app: Any) -> Any:
    """Start the loop on the running event loop; returns its async ``stop()``."""
    posko = app.state.posko
    tick_s = float(getattr(app.state, "drill_tick_s", TICK_S))

    async def run() -> None:
        exercises: list[str] = []
        listed = 0.0
        while True:
            await asyncio.sleep(tick_s)
            try:
                if time.monotonic() - listed > REFRESH_S:
                    rows = await run_in_threadpool(posko.store.operations, True)
                    exercises = [r["id"] for r in rows]
                    listed = time.monotonic()
                loaded = [
                    op
                    for op, st in list(posko.states._states.items())
                    if st.view("drill").exercise_op
                ]
                await tick(posko, sorted({*exercises, *loaded}))
            except Exception:  # never let one bad tick stop the schedule
                log.exception("drill schedule tick")

    task = asyncio.get_running_loop().create_task(run())

    async def stop() -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task

    return stop
