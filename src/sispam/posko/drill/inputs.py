"""Masukan Posko dari inject (what a delivered inject becomes in the Posko): the one place that
maps the drill onto the Posko's real input events, so an inject reaches the players through the
same paths as on election day (:mod:`sispam.posko.day`).

:func:`sispam.latihan.posko_input` gives the intermediate form (text prefixed ``LATIHAN —``);
:func:`posko_inputs` turns it into event drafts of the operation's log:

==============================  =============================================================
inject (``PoskoInput.kind``)    Posko event
==============================  =============================================================
``incident``                    ``report.received``: an incident report (category, crowd, the
                                level the reporter *suggests* — declaring it stays the
                                players' decision); players verify it, open or link the
                                incident, decide, dispatch
``field_report`` with a status  ``report.received``: a TPS status report (TPS 1 of the village)
``field_report`` without one,   ``note.added`` at the village: a message to its recipient
``message``
==============================  =============================================================

The report's id is ``latihan-<operation>-<inject>`` (delivering twice is refused by the
election-day guard as a duplicate); its reporter is the inject's sender (the role player); the
channel is ``whatsapp`` for a text, else ``radio``. It arrives *unchecked* (review
``machine_read``, the text as ``raw_text``): no person at the Posko has checked it yet, so it
waits in the players' "to check" list — confirming it is the Posko taking the report in.

:func:`clock_input` keeps election day's operation clock (``clock.set``) on the drill's *story*
time — the Posko then acts as on election day (phases, ETAs, overdue alerts) at the drill's
speed; while the drill is paused or over the story stands (almost) still.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sispam.domain.exercise import Inject, InjectKind, InjectMethod
from sispam.latihan.control import PoskoInput, posko_input
from sispam.posko.drill.times import local

Input = tuple[str, dict[str, Any]]
STILL = 0.001
"""The story clock's speed while the drill is paused or over (``clock.set`` needs a speed > 0)."""
DRIFT = timedelta(seconds=30)
"""A story clock further off than this (or at another speed) is set again."""


def posko_inputs(inject: Inject, wall: datetime, state: Any) -> list[Input]:
    """The events (type, payload) that put ``inject`` before the players at ``wall`` (local)."""
    seen = posko_input(inject, wall, "id")  # the LATIHAN mark in every language
    day = state.view("day")
    if day.ctx is None:  # an operation election day cannot read: the message reaches the board
        return [_note(seen)]
    if seen.kind is InjectKind.INCIDENT:
        return [_report(state.operation_id, seen, day.now(), "incident")]
    if seen.kind is InjectKind.FIELD_REPORT and seen.status is not None:
        return [_report(state.operation_id, seen, day.now(), "tps_status")]
    return [_note(seen)]


def _note(seen: PoskoInput) -> Input:
    """A message to a role, on the village's page and in the log (``note.added``)."""
    text = f"{seen.text} [{seen.sender} → {seen.recipient}]"
    payload = {"text": text[:2000], "village": seen.village_code}
    return "note.added", {**payload, "client_id": f"latihan-inject-{seen.inject}"}


def _report(op_id: str, seen: PoskoInput, now: datetime, kind: str) -> Input:
    """A field report as the election-day intake records it (``report.received``)."""
    text = f"{seen.text} [{seen.sender} → {seen.recipient}]"
    payload: dict[str, Any] = {
        "id": f"latihan-{op_id}-{seen.inject}",
        "channel": "whatsapp" if seen.method is InjectMethod.TEXT else "radio",
        "reporter": seen.sender[:200],
        "received_at": now.isoformat(),
        "at": now.isoformat(),
        "village_code": seen.village_code,
        "kind": kind,
        "note": text[:2000],
        "raw_text": text[:2000],
        "review": "machine_read",
    }
    if kind == "incident":
        payload["category"] = seen.category or "other"
        if seen.crowd is not None:
            payload["crowd"] = seen.crowd
        if seen.level is not None:
            payload["suggested_level"] = seen.level.value
    else:
        payload.update(status=seen.status, tps=1)
    return "report.received", payload


def clock_input(state: Any, now_utc: datetime | None = None) -> Input | None:
    """``clock.set`` when election day's clock of this exercise is off the drill's story time
    (or runs at another speed); None when it is right, or before the drill starts."""
    drill, day = state.view("drill"), state.view("day")
    if day.ctx is None or drill.exercise is None or not drill.started:
        return None
    real = now_utc or datetime.now(UTC)
    wall = local(real, drill.offset)
    story = drill.story_time(wall)
    if story is None:
        return None
    clock = drill.clock()
    speed = clock.speed(wall) if clock.state(wall) == "running" else STILL
    anchor = day.clock.anchor
    if anchor is not None and anchor[2] == speed and abs(day.clock.local(real) - story) < DRIFT:
        return None
    return "clock.set", {"sim_at": story.replace(microsecond=0).isoformat(), "speed": speed}
