"""One source of truth: every per-member table in ``sispam.domain`` covers every member of the
enum it is keyed by, so a new agency, force, unit kind, phase, level or reserve role cannot be
half-added; and every set field of a domain object serialises in a fixed order."""

from __future__ import annotations

import importlib
import pkgutil
import typing
from collections.abc import Mapping
from enum import Enum

import pytest

import sispam.domain
from sispam.domain import (
    Agency,
    DomainModel,
    Force,
    PhaseKind,
    ReserveRole,
    SituationLevel,
    UnitKind,
)
from sispam.domain.base import SortedSet

ENUMS: tuple[type[Enum], ...] = (Agency, Force, UnitKind, PhaseKind, SituationLevel, ReserveRole)

ESCALATED = frozenset(SituationLevel) - {SituationLevel.HIJAU}
# Tables that by design cover only some members, with the members they must cover and why.
PARTIAL: dict[str, frozenset[Enum]] = {
    # hijau is where every situation starts: it is not reached by a handover, a declaration or
    # a report upwards.
    "sispam.domain.doctrine.HANDOVER": ESCALATED,
    "sispam.domain.doctrine.RAISE_AUTHORITY": ESCALATED,
    "sispam.domain.doctrine.INFORMED_AT": ESCALATED,
}


def _modules() -> list[object]:
    return [
        importlib.import_module(f"sispam.domain.{m.name}")
        for m in pkgutil.iter_modules(sispam.domain.__path__)
    ]


def _enum_tables() -> list:
    """Every module-level mapping in sispam.domain keyed by one of ENUMS."""
    found = {}
    seen: set[int] = set()  # a table imported elsewhere counts once, where it is defined
    for module in _modules():
        for name, value in vars(module).items():
            if not isinstance(value, Mapping) or not value or name.startswith("_"):
                continue
            if id(value) in seen:
                continue
            for enum in ENUMS:
                if all(isinstance(k, enum) for k in value):
                    owner = getattr(value, "__module__", None) or module.__name__
                    found[f"{module.__name__}.{name}"] = (enum, value, owner)
                    seen.add(id(value))
    return [
        pytest.param(name, enum, value, id=name)  # ids stay stable across processes (xdist)
        for name, (enum, value, _) in sorted(found.items())
    ]


def test_the_scan_finds_the_known_tables() -> None:
    names = {p.values[0] for p in _enum_tables()}
    assert {"sispam.domain.enums.KIND_AGENCY", "sispam.domain.enums.KIND_FORCE"} <= names
    assert set(PARTIAL) <= names


@pytest.mark.parametrize(("name", "enum", "table"), _enum_tables())
def test_every_member_is_in_every_table(name: str, enum: type[Enum], table: Mapping) -> None:
    expected = PARTIAL.get(name, frozenset(enum))
    missing = sorted(str(m) for m in expected - set(table))
    assert not missing, f"{name} lacks {missing}"


def test_every_unit_kind_has_an_agency_and_a_force_that_agree() -> None:
    from sispam.domain import KIND_AGENCY, KIND_FORCE

    for kind in UnitKind:
        force, agency = KIND_FORCE[kind], KIND_AGENCY[kind]
        assert force.value == agency.value or agency is Agency.PEMKAB, kind


def _models() -> list[type[DomainModel]]:
    for module in _modules():
        del module  # importing every domain module registers its models as subclasses
    out, todo = [], list(DomainModel.__subclasses__())
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo += cls.__subclasses__()
    return sorted(set(out), key=lambda c: c.__qualname__)


def test_every_set_field_serialises_sorted() -> None:
    """A set's iteration order depends on the hash seed: in JSON it must be a sorted list."""
    sorted_set = typing.get_args(SortedSet)[1:]
    offenders = []
    for model in _models():
        for name, field in model.model_fields.items():
            origin = typing.get_origin(field.annotation)
            if origin in (set, frozenset) and sorted_set[0] not in field.metadata:
                offenders.append(f"{model.__qualname__}.{name}")
    assert not offenders, f"use sispam.domain.base.SortedSet for {offenders}"
