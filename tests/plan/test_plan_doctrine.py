"""A plan a Kabag Ops would sign (issue #10): the embedded Klaten plan with the published 796
staffs every post of every phase without an extra request; D-1 exists; territory and unit
integrity hold; the response the plan promises is the one the simulation uses."""

from __future__ import annotations

import ast
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from plan_factory import BARE, PHASES, given_zones, scenario, unit, village

import sispam.plan
from sispam.assess import assess
from sispam.domain import Force, PhaseKind, Plan, UnitKind
from sispam.domain.doctrine import NEVER_AT_TPS
from sispam.plan import plan

PUBLISHED = {"polri": 402, "tni": 100, "satpol_pp": 30, "dishub": 30, "linmas": 134}


@pytest.fixture(scope="module")
def klaten_plan(klaten) -> Plan:  # type: ignore[no-untyped-def]
    return plan(klaten, assess(klaten))


def test_the_scenario_has_the_published_strength(klaten) -> None:  # type: ignore[no-untyped-def]
    by_force: Counter[str] = Counter()
    for u in klaten.units:
        if u.kind != UnitKind.BRIMOB_BKO:
            by_force[u.force.value] += u.strength
    assert dict(by_force) == PUBLISHED
    assert sum(u.strength for u in klaten.units if u.kind == UnitKind.BRIMOB_BKO) == 100
    assert sum(u.strength for u in klaten.units) == 796


def test_no_tps_without_police_in_any_phase_and_no_extra_request(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    p = klaten_plan
    assert not p.shortfalls and not p.request
    for phase in (PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN):
        need = {r.village_code: r.personnel for r in p.requirements
                if r.phase == phase and r.post == "tps" and r.force == Force.POLRI}  # fmt: skip
        got: Counter[str] = Counter()
        for a in p.assignments:
            if a.phase == phase and a.post == "tps" and a.force == Force.POLRI:
                got[a.village_code] += a.personnel  # type: ignore[index]
        assert len(need) == len(klaten.villages)
        assert all(got[c] == n > 0 for c, n in need.items()), phase
    assert any("tidak perlu BKO" in n or "no further BKO" in n for n in p.notes)


def test_the_tps_team_stays_through_counting_and_escorts_its_box(klaten_plan) -> None:  # type: ignore[no-untyped-def]
    p = klaten_plan
    team: dict[PhaseKind, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for a in p.assignments:
        if a.post == "tps":
            team[a.phase][a.village_code].add((a.unit, a.personnel))  # type: ignore[index]
    assert team[PhaseKind.PEMUNGUTAN] == team[PhaseKind.PENGHITUNGAN]
    boxes = {e.village_code: e for e in p.escorts if e.kind == "kotak_suara"}
    assert len(boxes) == 67
    end = datetime(2023, 7, 5, 21, 0)
    for code, e in boxes.items():
        police = {u for u, _ in team[PhaseKind.PENGHITUNGAN][code] if u.startswith("Polsek")}
        assert set(e.units) == police  # the TPS team itself, no separate escort post
        assert e.depart_at == end and e.arrive_at > end and e.destination.startswith("Kantor")
    assert not any(r.post == "pengawalan" for r in p.requirements)


def test_every_phase_has_forces(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    posted: Counter[PhaseKind] = Counter()
    for a in klaten_plan.assignments:
        posted[a.phase] += a.personnel
    for r in klaten_plan.reserves:
        for ph in r.phases:
            posted[ph] += r.personnel
    for ph in klaten.phases:
        assert posted[ph.kind] > 0, ph.kind
        assert any(a.phase == ph.kind and a.force == Force.POLRI for a in klaten_plan.assignments)
    # the phases where the simulation finds escalation likeliest are staffed at the villages
    for ph in (PhaseKind.PENETAPAN, PhaseKind.PASCA, PhaseKind.KAMPANYE):
        assert any(a.phase == ph and a.village_code for a in klaten_plan.assignments)


def test_satpol_pp_dishub_and_sat_lantas_hold_posts(klaten_plan) -> None:  # type: ignore[no-untyped-def]
    by_kind: dict[UnitKind, set[str]] = defaultdict(set)
    for a in klaten_plan.assignments:
        by_kind[a.kind].add(a.post)
    assert {"pemkab", "kecamatan", "keberatan"} <= by_kind[UnitKind.SATPOL_PP]
    assert by_kind[UnitKind.DISHUB] == {"lantas"} == by_kind[UnitKind.POLRES_LANTAS]
    # traffic at the largest TPS on voting day: Karanganom (≈8,000 voters)
    at_karanganom = {a.kind for a in klaten_plan.assignments
                     if a.village_code == "33.10.24.2003" and a.post == "lantas"}  # fmt: skip
    assert at_karanganom == {UnitKind.DISHUB, UnitKind.POLRES_LANTAS}
    # Satpol PP at the Bupati's office when disputes are lodged
    assert any(a.kind == UnitKind.SATPOL_PP and a.place_id == "pemkab" and
               a.phase == PhaseKind.PENETAPAN for a in klaten_plan.assignments)  # fmt: skip


def test_d_minus_1_parade_move_and_overnight_guard(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    items = {x.activity: x for x in klaten_plan.schedule}
    d1 = datetime(2023, 7, 4)
    for key in ("bko_arrival", "apel", "distribution", "move", "guard"):
        assert items[key].start.date() == d1.date(), key
    assert items["bko_arrival"].start < items["apel"].start < items["move"].start
    assert items["bko_arrival"].personnel == 100
    assert items["guard"].end == datetime(2023, 7, 5, 7, 0)
    guards = [a for a in klaten_plan.assignments if a.post == "logistik"]
    assert {a.village_code for a in guards if a.force == Force.POLRI} == {
        v.code for v in klaten.villages
    }
    assert all(a.arrival_at.date() == d1.date() for a in guards)  # type: ignore[union-attr]
    assert len([e for e in klaten_plan.escorts if e.kind == "logistik"]) == 67


def test_brimob_is_in_the_regency_before_voting(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    brimob = [u for u in klaten.units if u.kind == UnitKind.BRIMOB_BKO]
    assert all(u.arrival_at == datetime(2023, 7, 4, 6, 0) for u in brimob)
    phh = [r for r in klaten_plan.reserves if r.role == "phh"]
    assert {r.unit for r in phh} == {u.name for u in brimob}
    assert all(r.ready_min < 30 for r in phh)  # at the staging post, not 120 minutes away


def test_unit_integrity(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    units = {u.name: u for u in klaten.units}
    for r in klaten_plan.reserves:
        assert r.personnel == units[r.unit].strength  # whole platoons, the Kodim unit whole
        if r.role.startswith("dalmas"):
            assert units[r.unit].kind == UnitKind.DALMAS and "Sat Samapta" in r.unit
            assert (
                r.role.split("_")[1] in r.unit.casefold()
            )  # awal platoon as awal, lanjut as lanjut
    kodim = [r for r in klaten_plan.reserves if r.kind == UnitKind.KODIM_RESERVE]
    assert len(kodim) == 1 and kodim[0].role == "tni_support"
    assert not any(a.kind in NEVER_AT_TPS for a in klaten_plan.assignments)


def test_klaten_polsek_and_koramil_stay_in_their_kecamatan(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    district = {v.code: v.district_name for v in klaten.villages}
    for a in klaten_plan.assignments:
        if a.kind in (UnitKind.POLSEK, UnitKind.KORAMIL) and a.village_code:
            assert a.unit.split(" ", 1)[1] == district[a.village_code], (a.unit, a.village_code)
            assert not a.cross_border


def _two_kecamatan(own_strength: int):  # type: ignore[no-untyped-def]
    """Sanggrahan (Prambanan) and Karanganom (Klaten Utara); Polsek Klaten Utara is placed next
    to Sanggrahan, Polsek Prambanan far from it."""
    vs = [village("33.10.01.2008"), village("33.10.24.2003")]
    units = [
        unit("Polsek Klaten Utara", UnitKind.POLSEK, 20, lat=-7.745, lng=110.506),
        unit("Polsek Prambanan", UnitKind.POLSEK, own_strength, lat=-7.69, lng=110.61),
    ]
    return scenario(vs, units, settings=BARE, phases=PHASES)


def test_a_polsek_guards_its_own_kecamatan_even_when_another_is_nearer() -> None:
    s = _two_kecamatan(own_strength=5)
    p = plan(s, given_zones(s))
    at = {a.village_code: a.unit for a in p.assignments if a.force == Force.POLRI}
    assert at["33.10.01.2008"] == "Polsek Prambanan"  # its own, though farther
    assert not any(a.cross_border for a in p.assignments)


def test_help_across_the_border_is_an_exception_with_a_reason() -> None:
    s = _two_kecamatan(own_strength=1)
    p = plan(s, given_zones(s))
    helpers = [a for a in p.assignments if a.village_code == "33.10.01.2008" and a.cross_border]
    assert helpers and all(a.unit == "Polsek Klaten Utara" for a in helpers)
    assert "Polsek Prambanan" in helpers[0].cross_border
    assert helpers[0].cross_border in p.notes
    assert not any(x.force == Force.POLRI for x in p.shortfalls)


def test_brimob_never_stands_at_a_tps_and_a_gap_asks_for_polda_bko() -> None:
    vs = [village("33.10.01.2008", zone="merah")]
    units = [
        unit("Polsek Prambanan", UnitKind.POLSEK, 3),
        unit("Brimob", UnitKind.BRIMOB_BKO, 30, min_team=10),
    ]
    s = scenario(vs, units, settings=BARE)
    p = plan(s, given_zones(s))
    assert not any(a.kind == UnitKind.BRIMOB_BKO for a in p.assignments)
    assert {r.kind for r in p.request if r.force == Force.POLRI} == {UnitKind.POLDA_BKO}


def test_a_reinforcement_is_not_posted_before_it_arrives() -> None:
    late = datetime(2023, 7, 5, 10, 0)  # three hours into voting
    vs = [village("33.10.01.2008")]
    units = [unit("BKO Polres tetangga", UnitKind.POLDA_BKO, 3, arrival_at=late)]
    s = scenario(vs, units, settings={**BARE, "plan": {**BARE["plan"], "tps_due_min": 360}})
    p = plan(s, given_zones(s))
    posted = [a for a in p.assignments if a.unit == "BKO Polres tetangga"]
    assert posted and all(a.arrival_at >= late for a in posted)  # type: ignore[operator]


def test_empty_staging_posts_cover_nobody() -> None:
    vs = [village("33.10.01.2008"), village("33.10.01.2010")]
    units = [unit("Koramil Prambanan", UnitKind.KORAMIL, 4)]  # no Polri at all
    settings = {"plan": {"request": {"marginal_platoons": 0}}, "outreach": {"enabled": False}}
    s = scenario(vs, units, settings=settings)
    p = plan(s, given_zones(s))
    assert p.reserve_sites  # posts were chosen …
    assert p.coverage == 0.0  # … but no Dalmas stands at them: nobody is reached
    assert set(p.uncovered) == {v.code for v in vs}
    assert not any(v.covered for v in p.villages)


def test_the_promised_response_is_the_simulations(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    from sispam.sim.contingency.inputs import build_inputs
    from sispam.sim.contingency.params import ROLES, ContingencyParams

    inp = build_inputs(klaten, assess(klaten), klaten_plan, ContingencyParams())
    for vi, code in enumerate(inp.codes):
        for ri, role in enumerate(ROLES):
            promised = klaten_plan.promised_min(code, role)
            travel = inp.cand_travel[vi, ri]
            assert promised is not None
            assert float(np.min(travel)) == pytest.approx(promised, abs=0.051)
        # Dalmas awal stands by in every phase: the promise holds in the long phases too
        for ph in klaten.phases:
            assert klaten_plan.promised_min(code, "dalmas_awal", ph.kind) is not None
    assert klaten_plan.promised_min(inp.codes[0], "phh", PhaseKind.PENETAPAN) is None


def test_no_import_cycles_in_the_plan_package() -> None:
    root = Path(sispam.plan.__file__).parent
    graph: dict[str, set[str]] = {}
    for f in root.glob("*.py"):
        mod = f"sispam.plan.{f.stem}"
        deps: set[str] = set()
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                deps |= {n for n in names if n.startswith("sispam.plan.")}
        graph[mod] = {d for d in deps if d in {f"sispam.plan.{g.stem}" for g in root.glob("*.py")}}
    graph.pop("sispam.plan.__init__", None)
    seen: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        seen[m] = 1
        for d in graph.get(m, ()):
            assert seen.get(d) != 1, " → ".join([*path, m, d])
            if d not in seen:
                visit(d, [*path, m])
        seen[m] = 2

    for m in sorted(graph):
        if m not in seen:
            visit(m, [])
