"""Katalog Posko (the Posko's catalogue): every event type and every projection, assembled in
one place — the core's, election day's (:mod:`sispam.posko.day`) and the drill's
(:mod:`sispam.posko.drill`) — as the CLI is assembled in :mod:`sispam.cli.commands`.

Each room lists what it adds (``TYPES``, ``PROJECTIONS``, ``OVERRIDES``); nothing registers
itself by being imported, so the base modules (:mod:`~sispam.posko.events`,
:mod:`~sispam.posko.projections`) import no room and there is no import cycle. A new room adds
one line per list here.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import ValidationError

from sispam.posko import core_events, views
from sispam.posko.day import events as day_events
from sispam.posko.day import hooks as day_hooks
from sispam.posko.day import views as day_views
from sispam.posko.drill import events as drill_events
from sispam.posko.drill import views as drill_views
from sispam.posko.events import EventType, Refused
from sispam.posko.projections import Projection

_TYPES: dict[str, EventType] = {}


def register(event_type: EventType) -> EventType:
    """Add an event type; names are unique (registering the same type twice is a no-op)."""
    known = _TYPES.get(event_type.name)
    if known is not None and known != event_type:
        raise ValueError(f"event type {event_type.name!r} is already registered")
    _TYPES[event_type.name] = event_type
    return event_type


def override(name: str, **changes: Any) -> EventType:
    """Change a registered type's guard, subject or permission — how a room takes over a core
    type, e.g. election day putting the scenario's full authority matrix (``sispam.ops``) behind
    ``village.level_set``. The payload schema stays (stored events must keep reading)."""
    if "payload" in changes or "name" in changes:
        raise ValueError("an event type's name and payload schema cannot change")
    _TYPES[name] = dataclasses.replace(get(name), **changes)
    return _TYPES[name]


def get(name: str) -> EventType:
    try:
        return _TYPES[name]
    except KeyError:
        raise Refused("posko.error.unknown_type", 422, type=name) from None


def types() -> dict[str, EventType]:
    return dict(_TYPES)


def validated(name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload checked against its schema and normalised to JSON values."""
    et = get(name)
    try:
        return et.payload.model_validate(payload).model_dump(mode="json")
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        raise Refused(
            "posko.error.bad_payload", 422, type=name, field=where, detail=first["msg"]
        ) from None


def subject(name: str, payload: dict[str, Any]) -> dict[str, str | None]:
    return get(name).subject(payload)


# The core types, then election day's and the drill's; then the rooms' changes to core types.
for _et in (*core_events.TYPES, *day_events.TYPES, *drill_events.TYPES):
    register(_et)
for _name, _changes in day_events.OVERRIDES.items():
    override(_name, **_changes)

PROJECTIONS: dict[str, type[Projection]] = {
    cls.name: cls for cls in (*views.PROJECTIONS, *day_views.PROJECTIONS, *drill_views.PROJECTIONS)
}
"""Every projection an operation's state holds, by name."""

# Election day's handlers on the core projections (the board's level, the units' moves).
for _cls, _type, _handler in day_hooks.HOOKS:
    _cls.on(_type)(_handler)
