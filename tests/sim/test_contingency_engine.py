"""The contingency engine as a planner relies on it: known answers on hand-made villages,
invariants on every run, and controlled comparisons of plans on common random numbers."""

from __future__ import annotations

import math
from pathlib import Path

import calibration_table
import numpy as np
import pytest
from contingency_factory import (
    KARANGANOM,
    STANDARD_RESERVES,
    assessment,
    plan,
    reserve,
    tiny_scenario,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sispam.domain import Estimate, PhaseKind, Plan, SimResult
from sispam.sim.contingency import build_params, simulate
from sispam.sim.contingency import kernel as K
from sispam.sim.contingency.inputs import build_inputs
from sispam.sim.contingency.job import ContingencyJob
from sispam.sim.contingency.pack import pack

A, B = "33.10.01.2008", "33.10.01.2010"

# One village, one day of campaign; every run triggers (a huge rate), always the same trigger
# with the same severity and crowd, and nobody is there to respond.
CERTAIN = {
    "trigger_rate": {"kampanye": 50.0},
    "trigger_mix": {"kampanye": {"rumour": 1.0}},
    "severity": {"rumour": 0.4},
    "severity_spread": 0.0,
    "pool_fraction": 0.1,
    "pool_spread": 0.0,
    "legitimacy_vulnerability": 0.0,
    "contagion": 0.0,
    "fatigue_per_min": 0.0,
}


def _empty_plan(s) -> Plan:
    return Plan(scenario=s.name, zones={v.code: "hijau" for v in s.villages})


def _one(s, **kw) -> SimResult:
    a = assessment(s, {v.code: 50.0 for v in s.villages})
    return simulate(s, a, _empty_plan(s), workers=1, **kw)


def test_unanswered_crowd_settles_where_epsteins_rule_puts_it() -> None:
    """No responder: P = 0, so the active share is 1 − T/(1 − L) = 1 − 0.1/0.5 = 0.8 of the
    100 people gathered (1,000 voters × 0.1), and nothing ever contains it."""
    s = tiny_scenario([(A, -7.745, 110.505, 1000)], sim=CERTAIN)
    r = _one(s, runs=50, seed=1)
    v = r.villages[0]
    assert v.p_incident.value == 1.0 and v.incidents == 50
    assert v.peak_crowd_max == 80 and v.peak_crowd_mean == 80.0
    assert v.p_merah.value == 1.0  # 80 ≥ 60 persons and ≥ 3 × (no responders)
    assert v.p_uncontained.value == 1.0 and v.containment_p50.value == r.horizon_min
    assert v.containment_mean.value is None and v.first_response_mean is None
    assert r.overall.response_steps["kehadiran"] == 1.0


def test_posted_police_deter_and_appeals_contain() -> None:
    """200 police on the spot: arrest probability ~1, so the active share falls to
    Pr[0.5·H − R > 0.1] = 0.16 — 16 of the 100 gathered, under kuning. Without appeals they stay
    (never contained); with appeals (+0.002/min of legitimacy) they go home."""
    from sispam.domain import Force, StaffingRule

    def run(appeal: float):
        s = tiny_scenario(
            [(A, -7.745, 110.505, 1000)],
            phases=(PhaseKind.PEMUNGUTAN,),
            sim=CERTAIN
            | {
                "trigger_rate": {"pemungutan": 50.0},
                "trigger_mix": {"pemungutan": {"rumour": 1.0}},
                "appeal_rate": appeal,
            },
            patterns=(StaffingRule(zone="hijau", force=Force.POLRI, personnel=200),),
        )
        return _one(s, runs=30, seed=2).villages[0]

    stuck = run(0.0)
    assert stuck.p_incident.value == 1.0 and stuck.p_kuning.value == 0.0
    assert stuck.peak_crowd_max in (15, 16) and stuck.p_uncontained.value == 1.0
    calmed = run(0.002)
    assert calmed.p_kuning.value == 0.0 and calmed.p_uncontained.value == 0.0
    assert calmed.first_response_mean == 0.0 and calmed.peak_crowd_max <= 16
    assert 60 < calmed.containment_p50.value < 300


def test_no_trigger_no_incident(klaten) -> None:
    p = build_params({"trigger_scale": 0.0})
    r = simulate(klaten, assessment(klaten), plan(klaten), runs=40, seed=3, params=p, workers=1)
    assert r.overall.p_any_incident.value == 0.0
    assert all(v.incidents == 0 and v.containment_p50.value is None for v in r.villages)
    assert r.example is not None and r.example.reason == "quiet"


def _estimates(model) -> list[Estimate]:
    out = []
    for name, _ in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, Estimate):
            out.append((name, value))
    return out


@pytest.fixture(scope="module")
def klaten_result(klaten) -> SimResult:
    p = build_params({"trigger_scale": 3.0})
    return simulate(klaten, assessment(klaten), plan(klaten), runs=400, seed=9, params=p, workers=1)


def test_probabilities_are_probabilities_and_intervals_hold_their_value(klaten_result) -> None:
    r = klaten_result
    for model in (*r.villages, r.overall):
        for name, e in _estimates(model):
            if e.value is None:
                continue
            assert e.low <= e.value <= e.high, name
            if name.startswith("p_"):
                assert e.low >= 0.0 and e.high <= 1.0, name
    for v in r.villages:
        assert v.p_merah.value <= v.p_kuning.value <= v.p_incident.value
        assert v.p_merah.value <= v.p_fail.value
        assert math.isclose(sum(v.response_steps.values()), 1.0, abs_tol=1e-5) or v.incidents == 0
    assert sorted(v.fail_rank for v in r.villages) == list(range(1, len(r.villages) + 1))
    assert all(0 <= x.utilisation <= 1 and 0 <= x.p_dispatched <= 1 for x in r.reserves)
    d = r.distributions
    assert sum(d.kuning_villages.counts) == r.runs == sum(d.incidents.counts)
    assert sum(d.containment_min.counts) + d.containment_min.over == sum(
        v.incidents for v in r.villages
    )


def test_result_round_trips_through_json(klaten_result) -> None:
    text = klaten_result.model_dump_json()
    assert SimResult.model_validate_json(text) == klaten_result
    data = klaten_result.model_dump(mode="json")
    assert data["runs"] == 400 and data["seed"] == 9
    v = data["villages"][0]
    for key in (
        "code",
        "p_kuning",
        "p_merah",
        "containment_p50",
        "containment_p90",
        "containment_p95",
    ):
        assert key in v
    assert {"p_any_kuning", "p_any_merah", "worst_villages"} <= set(data["overall"])


def _traces(s, a, p, runs: int, seed: int, **params):
    prm = build_params(params)
    inp = build_inputs(s, a, p, prm)
    job = ContingencyJob((inp,), pack(prm), seed, 1, prm.horizon_min)
    return inp, [job.trace(run) for run in range(runs)]


def test_invariants_on_every_event(klaten) -> None:
    """Containment never before the first responder is there; arrivals after dispatch; crowds
    and counts never negative; the colour moves one step at a time and command follows it."""
    inp, traces = _traces(klaten, assessment(klaten), plan(klaten), 60, 4, trigger_scale=4.0)
    seen = set()
    for tr in traces:
        start: dict[int, int] = {}
        first: dict[int, int] = {}
        dispatched: dict[int, int] = {}
        for row, f in zip(tr.events, tr.eventf, strict=True):
            t, v, kind, a, b, c = (int(x) for x in row)
            seen.add(kind)
            assert f[0] >= 0 and f[1] >= 0
            if kind in (K.EV_TRIGGER, K.EV_SPILL):
                start[v] = t
                first.pop(v, None)
            elif kind == K.EV_FIRST:
                first[v] = t
                assert t >= start[v]
            elif kind == K.EV_CONTAINED:
                assert v in first, "contained with nobody there"
                assert start[v] + a >= first[v]
            elif kind == K.EV_DISPATCH:
                dispatched[a] = t
            elif kind == K.EV_ARRIVAL and a >= 0:
                assert t >= dispatched[a]
            elif kind == K.EV_LEVEL:
                assert abs(a - b) == 1 or (b == 2 and a == 0) or (a == 2 and b == 0)
        assert np.all(tr.out_lev >= -1) and tr.run_stats[K.RS_WORST] >= -1
        assert np.all(np.delete(tr.run_stats, K.RS_WORST) >= 0)
    assert {K.EV_TRIGGER, K.EV_FIRST, K.EV_CONTAINED, K.EV_DISPATCH, K.EV_ARRIVAL} <= seen


def test_example_run_tells_who_arrived_when(klaten) -> None:
    p = build_params({"trigger_scale": 4.0})
    r = simulate(klaten, assessment(klaten), plan(klaten), runs=200, seed=4, params=p, workers=1)
    ex = r.example
    assert ex is not None and ex.reason in ("merah", "kuning")
    featured = r.by_code()[ex.village_code]
    assert (featured.p_merah if ex.reason == "merah" else featured.p_kuning).value > 0
    times = [e.time for e in ex.events]
    assert times == sorted(times)
    kinds = [e.kind for e in ex.events if e.village_code == ex.village_code]
    assert kinds[0] in ("trigger", "spill") and "level" in kinds
    arrivals = [e for e in ex.events if e.kind == "arrival" and e.unit]
    assert arrivals and all(e.eta_min is not None and e.eta_min >= 0 for e in arrivals)
    sr = ex.series
    assert sr is not None and sr.village_code == ex.village_code and sr.minutes[0] == 0
    assert len(sr.minutes) == len(sr.crowd) == len(sr.responders) == len(sr.level)
    assert min(sr.crowd) >= 0 and min(sr.gathered) >= 0
    assert max(sr.level) == {"merah": 2, "kuning": 1}[ex.reason]
    # the run is the first one with that outcome
    assert r.example.run == next(
        i for i in range(200) if _worst_of_run(klaten, p, 4, i) >= max(sr.level)
    )


def _worst_of_run(s, p, seed, run) -> int:
    inp = build_inputs(s, assessment(s), plan(s), p)
    job = ContingencyJob((inp,), pack(p), seed, 1, p.horizon_min)
    return int(job.trace(run).run_stats[K.RS_WORST])


def test_spill_over_reaches_a_quiet_neighbour_on_voting_day() -> None:
    """Village A erupts on voting day; B, 1 km away, has (almost) no trigger of its own. With
    spill-over on, B's crowds come; off, they do not; 50 km away, they do not either."""
    sim = {
        "vulnerability_slope": 20.0,
        "trigger_rate": {"pemungutan": 0.001, "penghitungan": 0.0},
        "pool_fraction": 0.1,
        "spill_rate": 0.05,
    }

    def p_b(spill: float, lat_b: float) -> float:
        s = tiny_scenario(
            [(A, -7.745, 110.505, 2000), (B, lat_b, 110.505, 2000)],
            phases=(PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN),
            sim=sim | {"spill_rate": spill},
        )
        a = assessment(s, {A: 100.0, B: 50.0})
        r = simulate(s, a, _empty_plan(s), runs=200, seed=6, workers=1, example=False)
        assert r.by_code()[A].p_kuning.value > 0.9
        return r.by_code()[B].p_incident.value

    near = p_b(0.05, -7.754)
    assert near > 0.3
    assert p_b(0.0, -7.754) < 0.02
    assert p_b(0.05, -8.2) < 0.02


def test_the_same_seed_gives_the_same_result_and_another_seed_another(klaten) -> None:
    a, p = assessment(klaten), plan(klaten)
    one = simulate(klaten, a, p, runs=120, seed=21, workers=1)
    assert simulate(klaten, a, p, runs=120, seed=21, workers=1, chunk=7) == one
    assert simulate(klaten, a, p, runs=120, seed=22, workers=1) != one


# --- controlled comparisons on common random numbers ------------------------------------------


def _compare(s, better: Plan, worse: Plan, runs: int = 600, **params) -> SimResult:
    prm = build_params({"trigger_scale": 3.0} | params)
    return simulate(
        s, assessment(s), better, runs=runs, seed=13, params=prm, workers=1, compare=worse,
        example=False,
    )  # fmt: skip


def test_a_reserve_moved_closer_does_not_do_worse(klaten) -> None:
    k = klaten.village(KARANGANOM)
    far = plan(klaten)
    moved = (
        reserve("dalmas_awal", name="Dalmas awal 1", at=(k.lat, k.lng)),
        *STANDARD_RESERVES[1:],
    )
    r = _compare(klaten, plan(klaten, moved), far)
    c = r.comparison
    assert c.d_kuning_villages_mean.value <= 0 and c.d_merah_villages_mean.value <= 0
    assert c.d_containment_mean.value < 0  # it gets there sooner
    here = next(d for d in c.villages if d.code == KARANGANOM)
    assert here.d_p_kuning.value <= 0 and here.d_p_merah.value <= 0


def test_one_more_platoon_does_not_do_worse(klaten) -> None:
    more = plan(klaten, (*STANDARD_RESERVES, reserve("dalmas_awal", name="Dalmas awal 3")))
    r = _compare(klaten, more, plan(klaten))
    c = r.comparison
    assert c.d_kuning_villages_mean.value <= 0 and c.d_merah_villages_mean.value <= 0
    assert c.d_p_any_merah.value <= 0
    assert all(d.d_p_merah.value <= 0 for d in c.villages)


def test_a_plan_without_reserves_is_worse(klaten) -> None:
    none = plan(klaten, (reserve("tni_support", 1, at=(-6.0, 106.8), name="far away"),))
    r = _compare(klaten, plan(klaten), none, runs=400)
    c = r.comparison
    assert c.better == "this"
    assert c.d_merah_villages_mean.high < 0


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(index=st.integers(0, 66), raise_by=st.floats(5.0, 80.0))
def test_a_more_vulnerable_village_is_not_less_likely_to_escalate(klaten, index, raise_by) -> None:
    v = klaten.villages[index]
    a = assessment(klaten)
    higher = assessment(klaten, {v.code: min(100.0, a.by_code()[v.code].score + raise_by)})
    prm = build_params({"trigger_scale": 4.0})
    kw = {"runs": 250, "seed": 17, "params": prm, "workers": 1, "example": False}
    before = simulate(klaten, a, plan(klaten), **kw).by_code()[v.code]
    after = simulate(klaten, higher, plan(klaten), **kw).by_code()[v.code]
    assert after.p_incident.value >= before.p_incident.value
    assert after.p_kuning.value >= before.p_kuning.value
    assert after.p_merah.value >= before.p_merah.value


def test_bad_runs_seed_and_foreign_plan_are_refused(klaten) -> None:
    from sispam.sim.contingency import SimInputError, SimParamError

    a, p = assessment(klaten), plan(klaten)
    with pytest.raises(SimParamError, match="minimal 1"):
        simulate(klaten, a, p, runs=0)
    with pytest.raises(SimParamError, match="tidak negatif"):
        simulate(klaten, a, p, runs=5, seed=-1)
    with pytest.raises(SimInputError, match="bukan 'pilkades-klaten-2023'"):
        simulate(klaten, a, p.model_copy(update={"scenario": "lain"}), runs=5)


def test_defaults_give_the_documented_plausible_rates(klaten) -> None:
    """docs/contingency-model.md §12: a few incidents per election, a fraction of a kuning
    village, merah in a small minority of elections and far likelier in the merah-zone village."""
    r = simulate(klaten, assessment(klaten), plan(klaten), runs=2000, seed=1, workers=1)
    o = r.overall
    assert 2.5 < o.incidents_mean.value < 5.0
    assert 0.1 < o.kuning_villages_mean.value < 0.7
    assert 0.02 < o.p_any_merah.value < 0.15
    assert 0.1 < o.p_any_kuning.value < 0.5
    assert 5 < o.containment_p50.value < 60 and o.p_uncontained.value < 0.01
    hijau = [v.p_merah.value for v in r.villages if v.zone == "hijau"]
    assert r.by_code()[KARANGANOM].p_merah.value > 5 * (sum(hijau) / len(hijau))
    assert r.villages[0].score_source == "assessment"


def test_the_calibration_table_is_what_the_code_gives() -> None:
    """docs/contingency-model.md §12 shows what ``sispam.plan.plan``'s plan gives, exactly as
    ``tests/sim/calibration_table.py`` prints it (the table once kept a figure of an older plan:
    containment median 18 min where the code gave 0)."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "contingency-model.md").read_text()
    documented = text.split(calibration_table.BEGIN, 1)[1].split(calibration_table.END, 1)[0]
    assert documented.strip() == calibration_table.table(calibration_table.klaten_result())


def test_sensitivity_moves_the_outcomes_the_right_way(klaten) -> None:
    """One at a time on common random numbers: more triggers, more incidents; slower PHH, no
    fewer merah villages. The Latin-hypercube PRCC finds the trigger rate first for incidents."""
    from sispam.sim.contingency import SensitivityOptions
    from sispam.sim.contingency.sensitivity import sensitivity

    prm = build_params()
    inp = build_inputs(klaten, assessment(klaten), plan(klaten), prm)
    opts = SensitivityOptions(
        runs_per_point=150,
        lhs_samples=12,
        params=("trigger_scale", "request_delay_min.phh", "negotiation_rate"),
    )
    sens = sensitivity(inp, prm, seed=2, bin_min=1, options=opts, workers=1)
    rows = {r.param: r for r in sens.oat}
    ts = rows["trigger_scale"]
    assert ts.low_outcomes["incidents_mean"] < sens.base_outcomes["incidents_mean"]
    assert sens.base_outcomes["incidents_mean"] < ts.high_outcomes["incidents_mean"]
    phh = rows["request_delay_min.phh"]
    assert phh.low_outcomes["merah_villages_mean"] <= phh.high_outcomes["merah_villages_mean"]
    neg = rows["negotiation_rate"]
    assert neg.high_outcomes["containment_mean"] < neg.low_outcomes["containment_mean"]
    prcc = sens.lhs.prcc
    assert prcc["trigger_scale"]["incidents_mean"] > 0.8
    assert abs(prcc["negotiation_rate"]["incidents_mean"]) < prcc["trigger_scale"]["incidents_mean"]


def test_a_plan_compared_with_itself_differs_by_exactly_nothing(klaten) -> None:
    """Common random numbers: the same plan twice sees the same elections, run for run."""
    p = plan(klaten)
    r = simulate(klaten, assessment(klaten), p, runs=200, seed=3, workers=1, compare=p)
    c = r.comparison
    for e in (c.d_p_any_merah, c.d_p_any_kuning, c.d_kuning_villages_mean, c.d_merah_villages_mean):
        assert e.value == e.low == e.high == 0.0
    assert c.better == "neither" and c.other_overall == r.overall
    assert all(d.d_p_kuning.value == 0.0 for d in c.villages)
