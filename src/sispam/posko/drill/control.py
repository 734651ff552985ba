"""Kendali latihan di Posko (the controller's work in the Posko): delivering an inject — by hand,
unscripted, or by the server on schedule — as its ``drill.inject_delivered`` event followed by the
real Posko inputs it becomes (:func:`sispam.posko.drill.inputs.posko_inputs`).

The schedule is kept by the server, never by a browser: :func:`tick` delivers every scripted
inject whose drill time has come on every exercise operation whose clock runs
(:func:`sispam.latihan.due`). Several server processes may tick at once: the writer's guard
refuses a second delivery of the same inject, so each is delivered once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Literal

from sispam.domain.exercise import Inject
from sispam.latihan.control import due
from sispam.posko.drill.inputs import clock_input, posko_inputs
from sispam.posko.drill.times import local
from sispam.posko.drill.views import Drill
from sispam.posko.events import SYSTEM, Event, Principal, Refused

log = logging.getLogger("sispam.posko.drill")


async def deliver(
    posko: Any,
    op_id: str,
    number: int,
    by: Literal["schedule", "hand"],
    principal: Principal = SYSTEM,
    unscripted: Inject | None = None,
) -> Event:
    """Record the delivery (refused if already delivered), then append the inject's inputs."""
    payload: dict[str, Any] = {"number": number, "by": by}
    if unscripted is not None:
        payload["unscripted"] = unscripted.model_dump(mode="json")
    ev = await posko.submit(op_id, "drill.inject_delivered", payload, principal)
    state = posko.state(op_id)
    await sync_clock(posko, op_id)  # the story's time moves on with the inject
    with state.lock:
        drill: Drill = state.view("drill")
        inject = drill.inject(number)
        wall = drill.local(ev.ts)
        inputs = posko_inputs(inject, wall, state) if inject is not None else []
    for type_, body in inputs:
        try:
            await posko.submit(op_id, type_, body, principal)
        except Refused as exc:  # the delivery stands; the log shows which input failed
            log.warning("drill %s inject %s: %s refused (%s)", op_id, number, type_, exc.key)
    return ev


async def clock(posko: Any, op_id: str, payload: dict[str, Any], principal: Principal) -> Event:
    """A controller's clock command, then election day's clock put on the story's time."""
    ev = await posko.submit(op_id, "drill.clock", payload, principal)
    await sync_clock(posko, op_id)
    return ev


async def sync_clock(posko: Any, op_id: str) -> None:
    """Set election day's operation clock to the drill's story time if it is off (the server
    writes ``clock.set``; a refusal — another process just did — is harmless)."""
    state = posko.state(op_id)
    with state.lock:
        wanted = clock_input(state)
    if wanted is not None:
        try:
            await posko.submit(op_id, wanted[0], wanted[1], SYSTEM)
        except Refused as exc:
            log.warning("drill %s: clock.set refused (%s)", op_id, exc.key)


def due_now(state: Any, now_utc: datetime | None = None) -> list[int]:
    """The scripted injects of an exercise operation due now (none unless its clock runs)."""
    with state.lock:
        drill: Drill = state.view("drill")
        if not drill.exercise_op or drill.exercise is None or not drill.started:
            return []
        clock = drill.clock()
        now = local(now_utc or datetime.now(UTC), drill.offset)
        if clock.state(now) != "running":
            return []
        ready = due(drill.exercise.injects, clock, now, set(drill.delivered))
    return [i.number for i in ready]


async def tick(posko: Any, operations: list[str]) -> int:
    """Deliver what is due on ``operations``; returns how many injects were delivered."""
    from starlette.concurrency import run_in_threadpool

    delivered = 0
    for op in operations:
        state = await run_in_threadpool(posko.state, op)  # built from the log on first use
        await sync_clock(posko, op)
        for number in due_now(state):
            try:
                await deliver(posko, op, number, "schedule")
                delivered += 1
            except Refused:  # another process delivered it, or the clock just paused
                break
    return delivered


def status(drill: Drill, now_utc: datetime | None = None) -> dict[str, Any]:
    """The controller's picture of the drill now: clock, and every inject with its delivery or
    the wall time it falls due (JSON-able; the controller's screen and API)."""
    from sispam.latihan.control import upcoming

    now = local(now_utc or datetime.now(UTC), drill.offset)
    if drill.exercise is None:
        return {"loaded": False}
    clock = drill.clock()
    ex = drill.exercise
    due_at = {i.number: w for i, w in upcoming(drill.injects(), clock, now, set(drill.delivered))}
    drill_now = clock.drill_time(now)
    story = drill.story_time(now)
    rows = []
    for i in drill.injects():
        got = drill.delivered.get(i.number)
        rows.append(
            {
                "number": i.number,
                "real_time": i.real_time.isoformat(),
                "scenario_time": i.scenario_time.isoformat(),
                "step": i.step.value,
                "kind": i.kind.value,
                "level": i.level.value if i.level else None,
                "task": i.task,
                "sender": i.sender,
                "recipient": i.recipient,
                "method": i.method.value,
                "message": i.message,
                "expected_action": i.expected_action,
                "unit": i.unit,
                "unscripted": i.unscripted,
                "delivered": None
                if got is None
                else {
                    "time": got["time"].isoformat(),
                    "by": got["by"],
                    "actor": got["actor"],
                    "seq": got["seq"],
                },
                "due_at": due_at[i.number].isoformat() if due_at.get(i.number) else None,
            }
        )
    return {
        "loaded": True,
        "title": ex.title,
        "village": ex.village_code,
        "village_name": ex.village_name,
        "start": ex.start.isoformat(),
        "clock": {
            "state": clock.state(now),
            "now": now.isoformat(),
            "drill_time": drill_now.isoformat() if drill_now else None,
            "story_time": story.isoformat() if story else None,
            "speed": clock.speed(now),
        },
        "delivered": len(drill.delivered),
        "scripted": len(ex.injects),
        "injects": rows,
    }
