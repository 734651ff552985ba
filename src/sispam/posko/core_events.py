"""The core event types of the Posko: the operation, accounts and sign-ins, situation levels,
unit status and notes. Election day and the drill list theirs beside these."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sispam.domain import SituationLevel
from sispam.domain.doctrine import DEFAULT_CONTROL, ROLE_COMMAND, may_raise
from sispam.posko.events import Draft, EventType, Refused
from sispam.posko.permissions import Perm, unit_in_scope, village_in_scope

VILLAGE = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"


class _Payload(BaseModel):
    # Unknown fields are refused at submission; stored payloads are read as dicts, so a later
    # version that adds fields still reads older logs.
    model_config = ConfigDict(extra="forbid")


class OperationCreated(_Payload):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")
    title: str
    exercise: bool = False
    scenario: dict[str, Any]
    assessment: dict[str, Any]
    plan: dict[str, Any]
    inputs_sha256: str
    source: str = ""


class AccountEvent(_Payload):
    username: str
    role: str | None = None
    agency: str | None = None
    unit: str | None = None
    area: str | None = None
    by: str | None = None


class LoginEvent(_Payload):
    username: str
    ip: str = ""
    until: str | None = None
    reason: str = ""


class LevelSet(_Payload):
    village: str = Field(pattern=VILLAGE)
    level: SituationLevel
    reason: str = Field(min_length=3, max_length=1000)


UNIT_STATUSES = ("siaga", "bergerak", "tiba", "selesai")


class UnitStatus(_Payload):
    unit: str = Field(min_length=1, max_length=120)
    status: Literal["siaga", "bergerak", "tiba", "selesai"]
    village: str | None = Field(default=None, pattern=VILLAGE)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lng: float | None = Field(default=None, ge=-180, le=180)
    note: str = Field(default="", max_length=500)


class NoteAdded(_Payload):
    text: str = Field(min_length=1, max_length=2000)
    village: str | None = Field(default=None, pattern=VILLAGE)
    client_id: str | None = Field(default=None, max_length=64)


def _village_exists(state, code: str) -> None:  # type: ignore[no-untyped-def]
    if code not in state.view("board").villages:
        raise Refused("posko.error.no_village", 404, village=code)


def _guard_level(state, draft: Draft) -> None:  # type: ignore[no-untyped-def]
    """Authority over situation levels (doctrine defaults): raising needs the command level
    that may declare the new level; lowering needs the command that holds control of the
    current level. Scope (own kecamatan) is checked as well."""
    code, to = draft.payload["village"], SituationLevel(draft.payload["level"])
    _village_exists(state, code)
    by = draft.by
    if not village_in_scope(by.role, by.area, code):
        raise Refused("posko.error.out_of_scope", 403)
    current = SituationLevel(state.view("board").villages[code]["level"])
    command = ROLE_COMMAND.get(by.role)  # type: ignore[call-overload]
    if to.rank > current.rank:
        if not may_raise(command, to):
            raise Refused("posko.error.no_authority", 403, level=to.value)
    elif to.rank < current.rank:
        holder = DEFAULT_CONTROL[current]
        if command is None or command.rank < holder.rank:
            raise Refused("posko.error.no_authority", 403, level=to.value)
    else:
        raise Refused("posko.error.level_unchanged", 409, level=to.value)


def _guard_unit(state, draft: Draft) -> None:  # type: ignore[no-untyped-def]
    unit = state.view("units").units.get(draft.payload["unit"])
    if unit is None:
        raise Refused("posko.error.no_unit", 404, unit=draft.payload["unit"])
    if not unit_in_scope(draft.by.role, draft.by.agency, unit["kind"]):
        raise Refused("posko.error.out_of_scope", 403)
    village = draft.payload.get("village")
    if village:
        _village_exists(state, village)


def _guard_note(state, draft: Draft) -> None:  # type: ignore[no-untyped-def]
    village = draft.payload.get("village")
    if village:
        _village_exists(state, village)
        if not village_in_scope(draft.by.role, draft.by.area, village):
            raise Refused("posko.error.out_of_scope", 403)
    elif draft.by.role == "reporter":
        raise Refused("posko.error.out_of_scope", 403)


def _village_subject(payload: dict[str, Any]) -> dict[str, str | None]:
    return {"village": payload.get("village"), "unit": payload.get("unit")}


TYPES = (
    EventType("operation.created", OperationCreated),
    EventType("account.created", AccountEvent),
    EventType("account.disabled", AccountEvent),
    EventType("account.password_set", AccountEvent),
    EventType("auth.login", LoginEvent),
    EventType("auth.logout", LoginEvent),
    EventType("auth.login_failed", LoginEvent),
    EventType("auth.locked", LoginEvent),
    EventType("auth.token_issued", LoginEvent),
    EventType("village.level_set", LevelSet, Perm.LEVEL_SET, _guard_level, _village_subject),
    EventType("unit.status_set", UnitStatus, Perm.UNIT_STATUS, _guard_unit, _village_subject),
    EventType("note.added", NoteAdded, Perm.NOTE_ADD, _guard_note, _village_subject),
)
"""The core event types (assembled with the rooms' in :mod:`sispam.posko.catalog`)."""
