"""The shared doctrine tables cover every member of the enums they are keyed by, and every text
they name exists in both languages: a new level, role or actor cannot be half-added."""

from __future__ import annotations

import pytest

from sispam.domain import CommandLevel, PoskoRole, ReserveRole, SituationLevel
from sispam.domain import doctrine as d
from sispam.i18n import catalogue


def _has(key: str) -> bool:
    texts = catalogue().get(key, {})
    return bool(texts.get("id") and texts.get("en"))


def test_every_level_has_a_colour_a_responder_and_a_name() -> None:
    assert set(d.SITUATION_COLOR) == set(SituationLevel)
    assert set(d.LEVEL_RESPONDER) == set(SituationLevel)
    assert set(d.DEFAULT_CONTROL) == set(SituationLevel)
    for level in SituationLevel:
        assert _has(f"doctrine.level.{level}") and _has(f"doctrine.level_short.{level}")


def test_situation_labels_never_read_as_zones() -> None:
    """Zones and situations share hues, so a situation's label must say it is a situation."""
    for level in SituationLevel:
        assert catalogue()[f"doctrine.level.{level}"]["id"].startswith("Situasi")
        assert "situation" in catalogue()[f"doctrine.level.{level}"]["en"]


@pytest.mark.parametrize(
    ("enum", "prefix"),
    [
        (ReserveRole, "doctrine.role"),
        (CommandLevel, "doctrine.command"),
        (PoskoRole, "doctrine.posko_role"),
        (d.Actor, "doctrine.actor"),
        (d.Capability, "doctrine.capability"),
    ],
)
def test_every_member_is_named_in_both_languages(enum: type, prefix: str) -> None:
    missing = [m for m in enum if not _has(f"{prefix}.{m}")]
    assert not missing


def test_escalation_climbs_and_tni_is_never_a_kuning_responder() -> None:
    order = [d.LEVEL_RESPONDER[level] for level in SituationLevel]
    assert order == [ReserveRole.DALMAS_AWAL, ReserveRole.DALMAS_LANJUT, ReserveRole.PHH]
    assert ReserveRole.TNI_SUPPORT not in d.LEVEL_RESPONDER.values()
    assert d.TNI_SUPPORT_FROM is SituationLevel.MERAH
    assert ReserveRole.TNI_SUPPORT not in d.UNARMED_ROLES


def test_authority_defaults() -> None:
    assert d.may_raise(CommandLevel.KAPOLSEK, SituationLevel.KUNING)
    assert not d.may_raise(CommandLevel.KAPOLSEK, SituationLevel.MERAH)
    assert d.may_raise(CommandLevel.KAPOLRES, SituationLevel.MERAH)
    assert not d.may_raise(None, SituationLevel.KUNING)


def test_cara_bertindak_covers_every_level_capability_and_actor() -> None:
    for level in (*SituationLevel, None):
        assert d.cara_bertindak(level), level
    assert {t.capability for t in d.CARA_BERTINDAK} == set(d.Capability)
    assert {t.actor for t in d.CARA_BERTINDAK} == set(d.Actor)
    keys = [t.key for t in d.CARA_BERTINDAK]
    assert len(keys) == len(set(keys))
    assert all(_has(f"doctrine.cb.{k}") for k in keys)


def test_force_ladder_and_principles_are_perkap_1_2009() -> None:
    assert len(d.FORCE_STEPS) == 6 and d.FORCE_STEPS[-1] == "senjata_api"
    assert len(d.PRINCIPLES) == 6
    assert all(_has(f"doctrine.force.{s}") for s in d.FORCE_STEPS)
    assert all(_has(f"doctrine.principle.{p}") for p in d.PRINCIPLES)


def test_every_actor_belongs_to_an_agency() -> None:
    """An improvement item after a drill is owned by the actor's agency: none may be missing."""
    assert set(d.ACTOR_AGENCY) == set(d.Actor)
    assert d.ACTOR_AGENCY[d.Actor.TNI] == "tni"
    assert d.ACTOR_AGENCY[d.Actor.BUPATI] == "pemkab"
