"""Every member of the domain's enumerations is handled wherever the report lists them: a label
in both languages, a colour where it is drawn, a line where a table enumerates them. Adding a
member to the domain without teaching the report fails here, not in front of a Kabag Ops."""

from __future__ import annotations

import pytest

from sispam.domain import (
    AGENCY_COLOR,
    FORCE_AGENCY,
    KIND_AGENCY,
    KIND_FORCE,
    Agency,
    ElectionType,
    Force,
    PhaseKind,
    ReserveRole,
    SituationLevel,
    UnitKind,
    doctrine,
)
from sispam.i18n import catalogue
from sispam.plan.settings import DEFAULT_POSTS
from sispam.report import charts, documents, sim_view, tables

pytestmark = pytest.mark.xdist_group("report")


def _both(key: str) -> None:
    entry = catalogue().get(key)
    assert entry is not None, f"{key} missing"
    assert entry.get("id") and entry.get("en"), f"{key} lacks a language"


@pytest.mark.parametrize("agency", list(Agency))
def test_agency(agency: Agency) -> None:
    _both(f"report.agency.{agency.value}")
    assert agency in AGENCY_COLOR and agency.value in charts.MARKER_COLOR
    assert agency in charts.MARKER_SHAPE


@pytest.mark.parametrize("level", list(SituationLevel))
def test_situation_level(level: SituationLevel) -> None:
    assert level in doctrine.SITUATION_COLOR and level in doctrine.LEVEL_RESPONDER
    assert sim_view.LEVEL_COLOR[level.value] == doctrine.SITUATION_COLOR[level]
    _both(f"doctrine.level.{level.value}")
    for part in ("crowd", "responder", "command"):
        _both(f"report.ladder.{level.value}.{part}")
    assert doctrine.cara_bertindak(level), level  # the Renkon has a table for every colour


@pytest.mark.parametrize("force", list(Force))
def test_force(force: Force) -> None:
    _both(f"report.force.{force.value}")
    assert force in FORCE_AGENCY


@pytest.mark.parametrize("kind", list(UnitKind))
def test_unit_kind(kind: UnitKind) -> None:
    _both(f"report.kind.{kind.value}")
    assert kind in KIND_AGENCY and kind in KIND_FORCE


@pytest.mark.parametrize("phase", list(PhaseKind))
def test_phase(phase: PhaseKind) -> None:
    for key in ("report.phase", "report.phase_action", "plan.phase"):
        _both(f"{key}.{phase.value}")


@pytest.mark.parametrize("role", list(ReserveRole))
def test_reserve_role(role: ReserveRole) -> None:
    for key in ("report.role", "report.equipment", "doctrine.role"):
        _both(f"{key}.{role.value}")
    assert role in doctrine.ROLE_KINDS


@pytest.mark.parametrize("actor", list(doctrine.Actor))
def test_cara_bertindak_actor(actor: doctrine.Actor) -> None:
    _both(f"doctrine.actor.{actor.value}")


def test_cara_bertindak_texts_and_capabilities() -> None:
    for task in doctrine.CARA_BERTINDAK:
        _both(f"doctrine.cb.{task.key}")
        _both(f"doctrine.capability.{task.capability.value}")
    for step in doctrine.FORCE_STEPS:
        _both(f"doctrine.force.{step}")
    assert len(doctrine.PRINCIPLES) == 6
    for principle in doctrine.PRINCIPLES:
        _both(f"doctrine.principle.{principle}")


def test_posts_sites_schedule_escorts_satgas_and_references() -> None:
    for post in ["tps", *(p.post for p in DEFAULT_POSTS)]:
        _both(f"report.post.{post}")
    for kind in ("polsek", "koramil", "kecamatan", "hq", "listed", "pemkab"):
        _both(f"report.site_kind.{kind}")
    for activity in ("bko_arrival", "apel", "distribution", "move", "guard", "box_escort"):
        _both(f"report.activity_item.{activity}")
    for kind in ("logistik", "kotak_suara"):
        _both(f"report.escort.{kind}")
    for key in tables.SATGAS:
        for part in ("name", "lead", "from", "task"):
            _both(f"report.satgas.{key}.{part}")
    for election in ElectionType:
        for ref in documents.DASAR[election.value]:
            _both(f"report.dasar.{ref}")
    for threat in documents.THREATS:
        _both(f"report.threat.{threat}")
