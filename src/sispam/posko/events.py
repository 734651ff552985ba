"""Jenis kejadian (event types): the registry every change of the Posko goes through.

An event type names a payload schema (pydantic), the permission a user needs to submit it
through the command endpoint (``None``: only the server itself writes it), an optional *guard*
run by the single writer against the current projection (state-dependent rules such as who may
lower a level) and a *subject* (which village/unit it concerns: scoping and live summaries).

Other rooms add their own types with :func:`register`; projections react to them with
``Projection.on`` (see :mod:`sispam.posko.projections`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from sispam.posko.projections import OperationState


@dataclass(frozen=True)
class Event:
    """Kejadian: one committed entry of the log."""

    operation_id: str
    seq: int
    ts: str
    actor: str
    agency: str | None
    role: str | None
    type: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str
    raw: str = field(default="", compare=False, repr=False)  # the payload's canonical text

    def as_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation_id,
            "seq": self.seq,
            "ts": self.ts,
            "actor": self.actor,
            "agency": self.agency,
            "role": self.role,
            "type": self.type,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class Principal:
    """Who acts: an account (or the server itself, ``sistem``) with its role and scope."""

    username: str
    role: str | None = None
    agency: str | None = None
    unit: str | None = None
    area: str | None = None
    account_id: int | None = None
    lang: str = "id"

    @property
    def is_system(self) -> bool:
        return self.account_id is None and self.role is None


SYSTEM = Principal("sistem")


@dataclass(frozen=True)
class Draft:
    """A command that has passed validation and permission checks, waiting for the writer."""

    operation_id: str
    type: str
    payload: dict[str, Any]
    by: Principal = SYSTEM


class Refused(Exception):
    """A command the rules refuse; ``key`` is an i18n key, ``status`` the HTTP status."""

    def __init__(self, key: str, status: int = 403, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.status = status
        self.values = values

    def message(self) -> str:
        from sispam.i18n import t

        return t(self.key, **self.values)


Guard = Callable[["OperationState", Draft], None]
Subject = Callable[[dict[str, Any]], dict[str, str | None]]


@dataclass(frozen=True)
class EventType:
    name: str
    payload: type[BaseModel]
    permission: str | None = None
    guard: Guard | None = None
    subject: Subject = field(default=lambda payload: {})


_TYPES: dict[str, EventType] = {}


def register(event_type: EventType) -> EventType:
    """Add an event type (at import of the module that defines it); names are unique."""
    known = _TYPES.get(event_type.name)
    if known is not None and known != event_type:
        raise ValueError(f"event type {event_type.name!r} is already registered")
    _TYPES[event_type.name] = event_type
    return event_type


def override(name: str, **changes: Any) -> EventType:
    """Change a registered type's guard, subject or permission — how a room takes over a core
    type, e.g. election day putting the scenario's full authority matrix (``sispam.ops``) behind
    ``village.level_set``. The payload schema stays (stored events must keep reading)."""
    import dataclasses

    if "payload" in changes or "name" in changes:
        raise ValueError("an event type's name and payload schema cannot change")
    _TYPES[name] = dataclasses.replace(get(name), **changes)
    return _TYPES[name]


def get(name: str) -> EventType:
    _load_core()
    try:
        return _TYPES[name]
    except KeyError:
        raise Refused("posko.error.unknown_type", 422, type=name) from None


def types() -> dict[str, EventType]:
    _load_core()
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


def _load_core() -> None:
    # The core types, then election day's (sispam.posko.day registers its own on import).
    from sispam.posko import core_events, day  # noqa: F401
