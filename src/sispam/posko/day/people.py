"""Who acts, as the election-day rules see it: a :class:`~sispam.domain.incident.Person` built
from the signed-in account (its role, unit as title and area), and a refusal of the rules as the
Posko's :class:`~sispam.posko.events.Refused` (403 for authority and scope, 409 for a state that
no longer allows the step, 422 for missing input)."""

from __future__ import annotations

from typing import NoReturn

from sispam.domain import PoskoRole
from sispam.domain.incident import Person
from sispam.ops import Refusal
from sispam.posko.events import Principal, Refused

CONFLICT = frozenset(
    {
        "incident_state",
        "incident_exists",
        "same_level",
        "same_control",
        "time_order",
        "perbantuan_decided",
        "already_acknowledged",
        "unit_step",
    }
)
MISSING = frozenset(
    {
        "reason_required",
        "units_required",
        "outcome_required",
        "legal_basis_required",
        "personnel_required",
        "unit_required",
        "not_correctable",
        "bad_correction",
    }
)


def status_of(refusal: Refusal) -> int:
    name = refusal.key.rsplit(".", 1)[-1]
    return 409 if name in CONFLICT else 422 if name in MISSING else 403


def refused(refusal: Refusal) -> NoReturn:
    raise Refused(refusal.key, status_of(refusal), **refusal.values)


def village_of_area(area: str | None) -> tuple[str, int | None]:
    """A reporter's area ``33.10.24.2003-1`` → (village code, TPS number)."""
    if not area:
        return "", None
    code, _, tps = area.partition("-")
    return code, int(tps) if tps.isdigit() else None


def person_of(p: Principal) -> Person:
    """The account as a person of the rules (name = account name, title = its unit)."""
    role = PoskoRole(p.role) if p.role else None
    area: tuple[str, ...] = ()
    if p.area:
        area = (village_of_area(p.area)[0],) if role is PoskoRole.REPORTER else (p.area,)
    return Person(name=p.username, role=role, title=p.unit or "", area=area)


def same_person(p: Principal, by: dict) -> bool:
    """Whether the ``by`` of a payload is the account that submits it (the server itself, e.g.
    the replay of a simulated day or a drill's inject, may act in any person's name)."""
    if p.is_system:
        return True
    mine = person_of(p).model_dump(mode="json")
    return all(by.get(k, mine[k]) == mine[k] for k in ("name", "role", "area")) and (
        by.get("command") in (None, mine.get("command"))
    )
