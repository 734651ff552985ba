"""The whole plan: its invariants on the Klaten scenario and on random small scenarios."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_factory import PHASES, given_zones, scenario

from sispam.assess import assess
from sispam.domain import PhaseKind, Plan, ReserveRole, Scenario, Unit, UnitKind
from sispam.domain.doctrine import NEVER_AT_TPS, ROLE_KINDS, TERRITORIAL_KINDS
from sispam.plan import plan
from sispam.scenario import load_scenario


def check_invariants(s: Scenario, p: Plan, max_duty_hours: float = 16.0) -> None:
    """What no plan may ever do, whatever the input."""
    units = {u.name: u for u in s.units}
    villages = {v.code: v for v in s.villages}
    lengths = {ph.kind: (ph.end - ph.start).total_seconds() / 60 for ph in s.phases}
    starts = {ph.kind: ph.start for ph in s.phases}
    due = {(r.phase, r.village_code, r.place_id, r.force, r.post): r for r in p.requirements}
    used: dict[tuple[str, object], int] = defaultdict(int)
    got: dict[tuple, int] = defaultdict(int)
    districts = {u.name: d for u, d in zip(s.units, _districts(s), strict=True)}
    for a in p.assignments:
        u = units[a.unit]
        key = (a.phase, a.village_code, a.place_id, a.force, a.post)
        used[(a.unit, a.phase)] += a.personnel
        got[key] += a.personnel
        assert a.force == u.force
        assert a.personnel >= u.min_team  # no platoon scattered below its minimum
        assert u.available_in(a.phase)
        assert u.kind not in NEVER_AT_TPS  # Brimob, Dalmas, the Kodim's PHH: never at a post
        req = due[key]
        start = req.start or starts[a.phase]
        # a reinforcement never before it has arrived; in place by the post's due time
        assert a.arrival_at is not None and a.arrival_at >= start
        if a.arrival_at > start or a.phase == _first_phase(p, a):
            assert a.arrival_min >= u.delay_after(start) - 1e-6
        assert a.arrival_min <= lengths[a.phase] + 1e-6
        assert req.due_min is None or a.arrival_min <= req.due_min + 0.05
        if u.kind == UnitKind.LINMAS:  # Linmas serve only their own village
            assert a.village_code == u.home_code
        # Territory: a Polsek/Koramil outside its own kecamatan only as a reasoned exception.
        if u.kind in TERRITORIAL_KINDS and a.village_code:
            inside = villages[a.village_code].district_code == districts[a.unit]
            assert inside or a.cross_border, (a.unit, a.village_code)
            assert not (inside and a.cross_border)
    for r in p.reserves:
        u = units[r.unit]
        assert r.personnel == u.strength  # a reserve element is a whole unit
        assert r.ready_min >= u.delay_after(starts[r.phases[0]]) - 1e-6
        assert u.kind in ROLE_KINDS[ReserveRole(r.role)]  # Dalmas from Samapta, PHH Brimob …
        for ph in r.phases:
            used[(r.unit, ph)] += r.personnel
    for (name, _phase), n in used.items():
        assert n <= units[name].strength  # no unit beyond its strength
    # shift limit: person-hours of a unit within one day (phases that start and end that day)
    day_of = {ph.kind: ph.start.date() for ph in s.phases if ph.end.date() == ph.start.date()}
    hours = {ph.kind: (ph.end - ph.start).total_seconds() / 3600 for ph in s.phases}
    day_hours: dict[object, float] = defaultdict(float)
    for k, d in day_of.items():
        day_hours[d] += hours[k]
    duty: dict[tuple[str, object], float] = defaultdict(float)
    for (name, phase), n in used.items():
        if phase in day_of:
            duty[(name, day_of[phase])] += n * hours[phase]
    for (name, d), h in duty.items():
        if day_hours[d] > max_duty_hours:
            assert h <= units[name].strength * max_duty_hours + 1e-6
    short = {
        (x.phase, x.village_code, x.place_id, x.force, x.post): x.personnel
        for x in p.shortfalls
        if not x.role
    }
    for key, req in due.items():
        assert got.get(key, 0) + short.get(key, 0) == req.personnel
    assert p.coverage is None or 0.0 <= p.coverage <= 1.0
    # the coverage is what the staffed first responders promise
    if p.coverage is not None and p.coverage_min is not None:
        for v in p.villages:
            first = p.promised_min(v.code, "dalmas_awal")
            assert v.covered == (first is not None and first <= p.coverage_min + 1e-9)
    assert Plan.model_validate_json(p.model_dump_json()) == p


def _first_phase(p: Plan, a) -> object:  # type: ignore[no-untyped-def]
    """The first phase of the post an assignment belongs to (the TPS: voting)."""
    phases = [
        r.phase
        for r in p.requirements
        if (r.village_code, r.place_id, r.force, r.post)
        == (a.village_code, a.place_id, a.force, a.post)
    ]
    order = [ph for ph in PhaseKind]
    return min(phases, key=order.index)


def _districts(s: Scenario) -> list[str | None]:
    from sispam.plan.context import unit_district
    from sispam.plan.sites import district_centres

    centres = district_centres(s)
    codes = sorted(centres)
    out = []
    for u in s.units:
        i = unit_district(u, centres, codes)
        out.append(codes[i] if i >= 0 else None)
    return out


@pytest.fixture(scope="module")
def klaten_plan(klaten):  # type: ignore[no-untyped-def]
    return plan(klaten, assess(klaten))


def test_klaten_plan_keeps_every_rule(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    check_invariants(klaten, klaten_plan)
    assert klaten_plan.solver.method == "milp"
    assert klaten_plan.solver.status == "optimal"


def test_klaten_plan_is_the_same_bytes_every_time(klaten, klaten_plan) -> None:  # type: ignore[no-untyped-def]
    timings: dict[str, float] = {}
    again = plan(klaten, assess(klaten), timings)
    assert again.model_dump_json(indent=2) == klaten_plan.model_dump_json(indent=2)
    assert timings["total_s"] > 0  # wall time goes to the caller, not into the plan


def test_klaten_reserves_reach_every_village(klaten_plan) -> None:  # type: ignore[no-untyped-def]
    assert klaten_plan.coverage == 1.0 and not klaten_plan.uncovered
    sectors = [c for s in klaten_plan.reserve_sites for c in s.sector_villages]
    assert sorted(sectors) == sorted(klaten_plan.zones)  # every village in exactly one sector
    for v in klaten_plan.villages:
        assert v.covered and v.response_min is not None and v.response_min <= 30.0
        assert v.response_min == klaten_plan.promised_min(v.code, "dalmas_awal")


def test_klaten_shortfall_comes_with_a_request(klaten_plan) -> None:  # type: ignore[no-untyped-def]
    short = sum(s.personnel for s in klaten_plan.shortfalls if s.force.value == "polri")
    if short:
        asked = sum(r.personnel for r in klaten_plan.request if r.force.value == "polri")
        assert asked >= short
        rows = klaten_plan.marginal
        assert rows[0].shortfall == sum(s.personnel for s in klaten_plan.shortfalls)
        assert all(b.shortfall <= a.shortfall for a, b in zip(rows, rows[1:], strict=False))
        # the request is enough: with as many platoons as asked, the Polri gap is closed
        k = max(r.platoons for r in klaten_plan.request if r.force.value == "polri")
        assert rows[min(k, len(rows) - 1)].shortfall < rows[0].shortfall


POOL = load_scenario("pilkades-klaten-2023").villages


@st.composite
def small_scenarios(draw):  # type: ignore[no-untyped-def]
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    n_v = int(rng.integers(1, 7))
    picks = rng.choice(len(POOL), n_v, replace=False)
    zones = ["hijau", "kuning", "merah"]
    vs = [
        POOL[int(i)].model_copy(
            update={"zone": zones[int(rng.integers(0, 3))], "tps": int(rng.integers(1, 3))}
        )
        for i in picks
    ]
    units: list[Unit] = []
    for k in range(int(rng.integers(0, 4))):
        v = vs[int(rng.integers(0, n_v))]
        kind = [UnitKind.POLSEK, UnitKind.KORAMIL, UnitKind.POLRES_SAMAPTA][int(rng.integers(0, 3))]
        units.append(
            Unit(
                name=f"U{k}",
                kind=kind,
                strength=int(rng.integers(1, 25)),
                lat=v.lat + rng.normal(0, 0.05),
                lng=v.lng + rng.normal(0, 0.05),
                min_team=int(rng.choice([1, 1, 2, 3])),
            )
        )
    if rng.random() < 0.6:
        units.append(
            Unit(
                name="Dalmas",
                kind=UnitKind.DALMAS,
                strength=30,
                lat=-7.7057,
                lng=110.6061,
                min_team=10,
            )
        )
    if rng.random() < 0.6:
        units.append(
            Unit(
                name="BKO",
                kind=UnitKind.BRIMOB_BKO,
                strength=int(rng.integers(10, 40)),
                lat=-7.0051,
                lng=110.4381,
                arrival_delay_min=float(rng.integers(30, 300)),
                min_team=10,
            )
        )
    for v in vs:
        if rng.random() < 0.8:
            units.append(
                Unit(
                    name=f"Linmas {v.code}",
                    kind=UnitKind.LINMAS,
                    strength=int(rng.integers(1, 5)),
                    home_code=v.code,
                    lat=v.lat,
                    lng=v.lng,
                )
            )
    settings_ = {
        "plan": {
            "reserve": {"response_min": float(rng.integers(10, 60))},
            "max_duty_hours": float(rng.choice([10.0, 16.0])),
            "request": {"marginal_platoons": 2},
        },
        "outreach": {"before_days": 7, "after_days": 3},
    }
    return scenario(vs, units, settings=settings_, phases=PHASES)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(s=small_scenarios())
def test_random_scenarios_keep_every_rule(s: Scenario) -> None:
    p = plan(s, given_zones(s))
    check_invariants(s, p, s.settings["plan"]["max_duty_hours"])


def test_too_big_for_the_milp_falls_back_to_greedy_with_its_gap(klaten) -> None:  # type: ignore[no-untyped-def]
    # Polsek at half strength: posts compete for them across borders, so the greedy plan is not
    # trivially optimal and the blocks over the size limit take the fallback.
    halved = tuple(
        u.model_copy(update={"strength": max(1, u.strength // 2)}) if u.kind == UnitKind.POLSEK
        else u
        for u in klaten.units
    )  # fmt: skip
    short = klaten.model_copy(update={"units": halved})
    small = {
        **klaten.settings,
        "plan": {**klaten.settings["plan"], "solver": {"max_milp_vars": 50}},
    }
    s = short.model_copy(update={"settings": small})
    p = plan(s, assess(s))
    check_invariants(s, p)
    r = p.solver
    assert r.method in ("greedy", "mixed") and r.reason == "size"
    assert r.bound is not None and r.bound <= r.objective + 1e-6  # the LP bound is a bound
    assert r.gap is not None and r.travel_gap is not None
    assert any("greedy" in n for n in p.notes)
    exact = plan(short, assess(short)).solver
    assert r.bound <= exact.objective + 1e-6 <= r.objective + 1e-6
