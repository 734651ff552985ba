"""Jenis kejadian (event types): the registry every change of the Posko goes through.

An event type names a payload schema (pydantic), the permission a user needs to submit it
through the command endpoint (``None``: only the server itself writes it), an optional *guard*
run by the single writer against the current projection (state-dependent rules such as who may
lower a level) and a *subject* (which village/unit it concerns: scoping and live summaries).

Each room lists its types in a ``TYPES`` tuple; :mod:`sispam.posko.catalog` assembles them in
one place (the core's, election day's, the drill's) and is where they are looked up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from sispam.posko.states import OperationState


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
