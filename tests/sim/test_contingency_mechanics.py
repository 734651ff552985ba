"""The contingency model's building blocks: the crowd-level activation share, the normal quantile,
and how a plan becomes responders (posts, reserves, fallbacks, neighbours)."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
from contingency_factory import KARANGANOM, assessment, plan, reserve
from hypothesis import given, settings
from hypothesis import strategies as st

from sispam.domain import Assignment, Force, PhaseKind, Plan, Requirement, UnitKind
from sispam.geo import TravelModel
from sispam.sim.contingency import build_params
from sispam.sim.contingency.inputs import build_inputs, neighbours_within, zone_score
from sispam.sim.contingency.kernel import frac_active, ndtri
from sispam.sim.contingency.params import FORCES, PHASES, ROLES
from sispam.sim.epstein.rules import is_active

unit = st.floats(0.0, 1.0, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(a=st.floats(1e-3, 1.0), b=unit, c=st.floats(-0.5, 1.0, allow_nan=False))
def test_active_share_is_epsteins_rule_integrated_over_the_crowd(
    a: float, b: float, c: float
) -> None:
    """Pr[a·H − b·R > c] for H, R ~ U(0, 1): against Epstein's own rule on a fine grid of agents
    (legitimacy L = 1 − a, arrest probability P = b, threshold T = c)."""
    n = 400
    h = (np.arange(n) + 0.5) / n
    grid = np.array([[is_active(x, y, 1.0 - a, b, c) for y in h] for x in h[::8]])
    assert math.isclose(frac_active(a, b, c), grid.mean(), abs_tol=0.03)


def test_active_share_known_values() -> None:
    # nobody deters (P = 0): everyone with H(1 − L) > T, i.e. 1 − T/(1 − L)
    assert math.isclose(frac_active(0.5, 0.0, 0.1), 0.8)
    assert frac_active(0.1, 0.0, 0.1) == 0.0  # L = 0.9, T = 0.1: a calm village
    assert frac_active(0.0, 0.5, -0.2) == 0.4  # no grievance: only the contagion term acts
    assert frac_active(1.0, 0.0, -1.0) == 1.0
    # more deterrence, less activity
    assert frac_active(0.5, 0.9, 0.1) < frac_active(0.5, 0.3, 0.1) < frac_active(0.5, 0.0, 0.1)


@given(p=st.floats(1e-9, 1 - 1e-9))
def test_normal_quantile(p: float) -> None:
    assert math.isclose(ndtri(p), NormalDist().inv_cdf(p), abs_tol=2e-8)


def test_zone_fallback_score_is_the_middle_of_the_band(klaten) -> None:
    assert zone_score(klaten, "hijau") == 22.5  # 0–45
    assert zone_score(klaten, "kuning") == 57.5  # 45–70
    assert zone_score(klaten, "merah") == 85.0  # 70–100


def test_villages_without_a_score_fall_back_to_their_zone(klaten) -> None:
    a = assessment(klaten)
    unscored = a.model_copy(
        update={"villages": tuple(v.model_copy(update={"score": None}) for v in a.villages)}
    )
    inp = build_inputs(klaten, unscored, plan(klaten), build_params())
    i = inp.codes.index(KARANGANOM)
    assert inp.score[i] == 85.0 and inp.score_source[i] == "zone"
    assert any("67" in n for n in inp.notes)


def test_tps_staffing_comes_from_the_pattern_when_the_plan_has_none(klaten) -> None:
    inp = build_inputs(klaten, assessment(klaten), plan(klaten), build_params())
    n = inp.n_villages
    slot = list(inp.ph_kind).index(PHASES.index("pemungutan"))
    i = inp.codes.index(KARANGANOM)  # merah: 8 Polri, 2 TNI, 2 Linmas per TPS
    lo, hi = inp.post_ptr[slot * n + i], inp.post_ptr[slot * n + i + 1]
    got = {FORCES[f]: int(p) for f, p in zip(inp.post_force[lo:hi], inp.post_n[lo:hi], strict=True)}
    assert got == {"polri": 8, "tni": 2, "linmas": 2}
    assert np.all(inp.post_t[lo:hi] == 0.0)
    # counting keeps the voting staff
    count = list(inp.ph_kind).index(PHASES.index("penghitungan"))
    assert inp.post_ptr[count * n + i + 1] - inp.post_ptr[count * n + i] == hi - lo


def test_assignments_replace_the_requirement_and_keep_their_arrival(klaten) -> None:
    v = klaten.village(KARANGANOM)
    p = plan(klaten).model_copy(
        update={
            "requirements": (
                Requirement(phase=PhaseKind.PEMUNGUTAN, village_code=v.code, force=Force.POLRI, personnel=99),
            ),
            "assignments": (
                Assignment(phase=PhaseKind.PEMUNGUTAN, unit="Polsek Karanganom", kind=UnitKind.POLSEK,
                           force=Force.POLRI, village_code=v.code, personnel=5, travel_min=12,
                           arrival_min=12),
            ),
        }
    )  # fmt: skip
    inp = build_inputs(klaten, assessment(klaten), p, build_params())
    n, i = inp.n_villages, inp.codes.index(v.code)
    slot = list(inp.ph_kind).index(PHASES.index("pemungutan"))
    lo, hi = inp.post_ptr[slot * n + i], inp.post_ptr[slot * n + i + 1]
    assert list(inp.post_n[lo:hi]) == [5] and list(inp.post_t[lo:hi]) == [12.0]
    assert inp.post_label[lo] == "Polsek Karanganom"
    # another village without assignments still gets its requirement/pattern
    j = 0 if i != 0 else 1
    assert inp.post_ptr[slot * n + j + 1] > inp.post_ptr[slot * n + j]


def test_reserve_candidates_are_ordered_by_arrival(klaten) -> None:
    k = klaten.village(KARANGANOM)
    near = reserve("dalmas_awal", name="near", at=(k.lat, k.lng))
    slow = reserve("dalmas_awal", name="slow", at=(k.lat, k.lng), ready_min=500)
    far = reserve("dalmas_awal", name="far", at=(-7.79, 110.70))
    inp = build_inputs(klaten, assessment(klaten), plan(klaten, (far, slow, near)), build_params())
    i = inp.codes.index(KARANGANOM)
    order = [inp.res_unit[e] for e in inp.cand[i, ROLES.index("dalmas_awal")] if e >= 0]
    assert order == ["near", "far", "slow"]
    tm = TravelModel()
    expected = float(tm.minutes(-7.79, 110.70, k.lat, k.lng))
    assert math.isclose(inp.cand_travel[i, 0, 1], expected, rel_tol=1e-6)


def test_a_plan_without_reserves_uses_the_scenarios_mobile_units(klaten) -> None:
    bare = Plan(scenario=klaten.name, zones={v.code: v.zone or "hijau" for v in klaten.villages})
    inp = build_inputs(klaten, assessment(klaten), bare, build_params())
    roles = {ROLES[r] for r in inp.res_role}
    assert roles == {"dalmas_awal", "dalmas_lanjut", "phh", "tni_support"}
    brimob = [e for e, u in enumerate(inp.res_unit) if "Brimob" in u]
    delay = {u.name: u.arrival_delay_min for u in klaten.units}  # the BKO delay from units.csv
    assert brimob and all(inp.res_ready[e] == delay[inp.res_unit[e]] for e in brimob)
    mobile = sum(
        u.strength
        for u in klaten.units
        if u.kind
        in (UnitKind.DALMAS, UnitKind.POLRES_SAMAPTA, UnitKind.BRIMOB_BKO, UnitKind.KODIM_RESERVE)
    )
    assert int(inp.res_n.sum()) == mobile
    assert any("cadangan" in n for n in inp.notes)


def test_neighbours_within_radius_match_brute_force() -> None:
    rng = np.random.default_rng(3)
    lat = rng.uniform(-7.9, -7.5, 300)
    lng = rng.uniform(110.4, 110.8, 300)
    ptr, idx, km = neighbours_within(lat, lng, 5.0)
    from sispam.geo import haversine_km

    d = haversine_km(lat[:, None], lng[:, None], lat[None, :], lng[None, :])
    for i in range(300):
        expected = sorted(j for j in range(300) if j != i and d[i, j] <= 5.0)
        assert list(idx[ptr[i] : ptr[i + 1]]) == expected
        assert np.allclose(km[ptr[i] : ptr[i + 1]], d[i, expected])


def test_wilson_interval_known_values() -> None:
    from sispam.sim.contingency.stats import wilson

    e = wilson(0, 10)
    assert e.value == 0.0 and e.low == 0.0 and math.isclose(e.high, 0.2775, abs_tol=1e-4)
    e = wilson(5, 10)
    assert math.isclose(e.low, 0.2366, abs_tol=1e-4) and math.isclose(e.high, 0.7634, abs_tol=1e-4)
    assert wilson(3, 0).value is None


@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(st.integers(0, 30), min_size=1, max_size=200),
    over=st.integers(0, 20),
    q=st.sampled_from([0.1, 0.5, 0.9, 0.95]),
)
def test_histogram_quantile_is_the_order_statistic(values, over, q) -> None:
    """With 1-minute bins the quantile is the ⌈n·q⌉-th smallest value, counting incidents never
    contained as the horizon (30)."""
    from sispam.sim.contingency.stats import hist_quantile

    counts = np.bincount(values, minlength=31)[:30]
    data = sorted([v for v in values if v < 30] + [30] * (over + sum(v >= 30 for v in values)))
    n = len(data)
    e = hist_quantile(counts, n - int(counts.sum()), q, 1, 30)
    assert e.value == data[max(1, math.ceil(n * q)) - 1]
    assert e.low <= e.value <= e.high
