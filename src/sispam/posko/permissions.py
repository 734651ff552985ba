"""Hak akses (permissions): one table of what each Posko role may do, and its scoping rules.

Every route declares the permission it needs (``web.deps.need``); a test walks every role
against every route of the app and fails on a route that declares none. The authority over
situation levels (who may raise or lower) is not here: it comes from
:mod:`sispam.domain.doctrine` and is checked by the writer against the current level.

Scoping (Sahana-style realms), enforced on the server:

* ``kapolsek`` — only villages of his own kecamatan (``area`` = kecamatan code PP.RR.DD);
* ``reporter`` — only his own village (``area`` = village code, or a TPS ``CODE-n``);
* ``tni`` / ``pemkab`` — change only units of their own agency.
"""

from __future__ import annotations

from enum import StrEnum

from sispam.domain import Agency, PoskoRole, UnitKind
from sispam.domain.enums import KIND_AGENCY


class Perm(StrEnum):
    VIEW = "view"  # operation, map, board, units (scoped)
    STREAM = "stream"  # live updates
    LOG_READ = "log.read"
    EXPORT = "export"  # the log and state as files (also `sispam posko export`)
    LEVEL_SET = "village.level"  # declare a situation level (authority from the doctrine)
    UNIT_STATUS = "unit.status"  # record a unit's status and position (scoped by agency)
    NOTE_ADD = "note.add"
    USERS = "admin.users"
    OPERATIONS = "admin.operations"


R, P = PoskoRole, Perm
_READ = {P.VIEW, P.STREAM, P.LOG_READ}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    R.ADMIN: {*_READ, P.EXPORT, P.USERS, P.OPERATIONS},
    R.KAPOLRES: {*_READ, P.EXPORT, P.LEVEL_SET, P.UNIT_STATUS, P.NOTE_ADD},
    R.OPERATOR: {*_READ, P.EXPORT, P.UNIT_STATUS, P.NOTE_ADD},
    R.KAPOLSEK: {*_READ, P.LEVEL_SET, P.UNIT_STATUS, P.NOTE_ADD},
    R.TNI: {*_READ, P.UNIT_STATUS, P.NOTE_ADD},
    R.PEMKAB: {*_READ, P.UNIT_STATUS, P.NOTE_ADD},
    R.REPORTER: {P.VIEW, P.STREAM, P.NOTE_ADD},
    R.OBSERVER: set(_READ),
    R.CONTROLLER: {*_READ, P.NOTE_ADD},
    R.EVALUATOR: set(_READ),
}
"""Role → permissions. The drill (controller, evaluator) and election day add their own
permissions with :func:`declare`."""

del R, P


def declare(permission: str, *roles: str) -> None:
    """Grant a new permission (of another room) to ``roles``; call at import time."""
    for role in roles:
        ROLE_PERMISSIONS[PoskoRole(role)].add(permission)


def allowed(role: str | None, permission: str) -> bool:
    return role is not None and permission in ROLE_PERMISSIONS.get(role, set())


SCOPED_BY_AREA = frozenset({PoskoRole.KAPOLSEK, PoskoRole.REPORTER})
SCOPED_BY_AGENCY = frozenset({PoskoRole.TNI, PoskoRole.PEMKAB})


def village_in_scope(role: str | None, area: str | None, village_code: str) -> bool:
    """Whether an account may see and act on a village."""
    if role == PoskoRole.KAPOLSEK:
        return bool(area) and village_code.startswith(f"{area}.")
    if role == PoskoRole.REPORTER:
        return bool(area) and (area == village_code or area.startswith(f"{village_code}-"))
    return True


def unit_in_scope(role: str | None, agency: str | None, unit_kind: str) -> bool:
    """Whether an account may change a unit (TNI and Pemkab: their own agency's units)."""
    if role in SCOPED_BY_AGENCY:
        return agency == KIND_AGENCY[UnitKind(unit_kind)].value
    return role != PoskoRole.REPORTER


def default_agency(role: str) -> str | None:
    return {
        PoskoRole.TNI: Agency.TNI.value,
        PoskoRole.PEMKAB: Agency.PEMKAB.value,
        PoskoRole.ADMIN: None,
    }.get(PoskoRole(role), Agency.POLRI.value)
