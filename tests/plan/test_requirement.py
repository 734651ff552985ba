"""Kebutuhan: the embedded scenario's TPS requirement follows the published pattern exactly;
phase posts and reserves follow ``[plan]``."""

from __future__ import annotations

from collections import Counter

import pytest
from plan_factory import BARE, scenario, unit, village

from sispam.assess import assess
from sispam.domain import Force, PhaseKind, UnitKind
from sispam.plan import plan, tps_requirement

PUBLISHED = {"hijau": (3, 1, 2), "kuning": (6, 1, 2), "merah": (8, 2, 2)}  # Polri, TNI, Linmas


@pytest.fixture(scope="module")
def klaten_plan(klaten):  # type: ignore[no-untyped-def]
    return plan(klaten, assess(klaten))


def test_klaten_tps_requirement_is_the_published_pattern(klaten) -> None:  # type: ignore[no-untyped-def]
    a = assess(klaten)
    reqs = tps_requirement(klaten, a)
    got = {(r.village_code, r.force): r.personnel for r in reqs}
    for v in klaten.villages:
        polri, tni, linmas = PUBLISHED[a.zone_of(v.code)]
        assert got[(v.code, Force.POLRI)] == polri * v.tps
        assert got[(v.code, Force.TNI)] == tni * v.tps
        assert got[(v.code, Force.LINMAS)] == linmas * v.tps
    assert all(r.phase == PhaseKind.PEMUNGUTAN and r.post == "tps" for r in reqs)


def test_klaten_totals_at_the_tps(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    zones = Counter(klaten_plan.zones.values())
    tps = {v.code: v.tps for v in klaten.villages}
    assert sum(tps.values()) == 67
    assert klaten_plan.totals["linmas"].required_tps == 2 * 67 == 134
    expected_polri = sum(PUBLISHED[z][0] * n for z, n in zones.items())
    expected_tni = sum(PUBLISHED[z][1] * n for z, n in zones.items())
    assert klaten_plan.totals["polri"].required_tps == expected_polri
    assert klaten_plan.totals["tni"].required_tps == expected_tni
    # one Linmas unit of 2 per village, each at its own TPS: nothing short, nothing spare
    assert klaten_plan.totals["linmas"].assigned_tps == 134
    assert klaten_plan.totals["linmas"].available == 134


def test_phase_posts_follow_the_settings() -> None:
    vs = [village("33.10.01.2008", tps=2, zone="merah"), village("33.10.01.2010")]
    settings = {
        **BARE,
        "plan": {
            **BARE["plan"],
            "posts": [
                {"phase": "penghitungan", "post": "pengawalan", "force": "polri", "personnel": 2},
                {
                    "phase": "penghitungan",
                    "post": "jaga_kotak",
                    "force": "tni",
                    "personnel": 1,
                    "per": "tps",
                    "zones": ["merah"],
                },
                {"phase": "pendaftaran", "post": "panitia", "force": "polri", "personnel": 2},
            ],
        },
    }
    s = scenario(vs, [unit("Polsek A", UnitKind.POLSEK, 40)], settings=settings)
    p = plan(s, _zones(s))
    posts = Counter((r.phase, r.post, r.force, r.village_code, r.personnel) for r in p.requirements)
    assert posts[(PhaseKind.PENGHITUNGAN, "pengawalan", Force.POLRI, "33.10.01.2008", 2)] == 1
    assert posts[(PhaseKind.PENGHITUNGAN, "pengawalan", Force.POLRI, "33.10.01.2010", 2)] == 1
    # per TPS and only in the red zone: 1 × 2 TPS at the merah village, none at the other
    assert posts[(PhaseKind.PENGHITUNGAN, "jaga_kotak", Force.TNI, "33.10.01.2008", 2)] == 1
    assert not any(
        r.post == "jaga_kotak" and r.village_code == "33.10.01.2010" for r in p.requirements
    )
    # the scenario has no pendaftaran phase: skipped, and said so
    assert not any(r.phase == PhaseKind.PENDAFTARAN for r in p.requirements)
    assert any("pendaftaran" in n for n in p.notes)


def test_pattern_per_n_tps_rounds_up_per_village() -> None:
    from plan_factory import pattern

    from sispam.domain import StaffingRule

    # "2 Polri per 16 TPS" (Pemilu 2024 Klaten): a village with 1 TPS still needs one officer.
    rules = tuple(
        StaffingRule(zone=z, force=Force.POLRI, personnel=2, per_tps=16)
        for z in ("hijau", "kuning", "merah")
    ) + tuple(
        r
        for r in pattern({"hijau": (0, 0, 2), "kuning": (0, 0, 2), "merah": (0, 0, 2)})
        if r.force == Force.LINMAS
    )
    s = scenario([village("33.10.01.2008", tps=1), village("33.10.01.2010", tps=9)], [], rules)
    p = plan(s, _zones(s))
    got = {(r.village_code, r.force): r.personnel for r in p.requirements}
    assert got[("33.10.01.2008", Force.POLRI)] == 1  # ⌈2 × 1 / 16⌉
    assert got[("33.10.01.2010", Force.POLRI)] == 2  # ⌈2 × 9 / 16⌉
    assert got[("33.10.01.2010", Force.LINMAS)] == 18


def test_klaten_reserves_follow_doctrine(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    reqs = klaten_plan.reserve_requirements
    roles = Counter(r.role for r in reqs)
    n_sites = len(klaten_plan.reserve_sites)
    assert n_sites == 3  # 22 kecamatan, one post per 8
    # Dalmas Awal near every sector, one Dalmas Lanjut, Brimob PHH as one SSK, TNI as one unit
    assert roles == {"dalmas_awal": n_sites, "dalmas_lanjut": 1, "phh": 1, "tni_support": 1}
    every = tuple(p.kind for p in klaten.phases)
    by_role = {r.role: r for r in reqs}
    assert by_role["phh"].platoons == 3
    assert by_role["phh"].phases == (PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN)
    assert by_role["dalmas_awal"].phases == every  # on standby in every phase
    assert by_role["tni_support"].platoons == 1
    assert all(r.due_min is not None and r.due_min <= 60 for r in reqs)


def _zones(s):  # type: ignore[no-untyped-def]
    from plan_factory import given_zones

    return given_zones(s)
