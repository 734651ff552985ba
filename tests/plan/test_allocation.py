"""Penugasan: the allocation model on instances small enough to solve by hand, and its
invariants on random ones (hypothesis), checked against HiGHS' plain branch and bound."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sispam.plan import AllocationModel, highs


def test_two_units_three_posts_by_hand() -> None:
    # Units of 5 and 3 for posts needing 4, 3, 2 (9 > 8): one person is missing, and it must be
    # at a post of weight 1, not at the weight-4 post. Cheapest then: 4·1 + 1·2 + 2·1 + 1·1 = 9.
    cost = np.array([[1.0, 2.0, 10.0], [5.0, 1.0, 1.0]])
    m = AllocationModel.from_cost_matrix(cost, capacity=[5, 3], need=[4, 3, 2], weights=[1, 4, 1])
    sol = m.solve()
    assert sol.shortfall.tolist() in ([0, 0, 1], [1, 0, 0])
    assert sol.report.objective == 1.0
    assert sol.report.travel == pytest.approx(9.0)
    assert sol.report.status == "optimal" and sol.report.gap == 0.0


def test_infeasible_instance_reports_the_gap_without_crashing() -> None:
    # Nobody can reach the second post (cost above max_cost) and the first needs more than exists.
    cost = np.array([[5.0, 500.0]])
    m = AllocationModel.from_cost_matrix(cost, [4], [6, 2], weights=[2, 1], max_cost=60)
    sol = m.solve()
    assert sol.shortfall.tolist() == [2, 2]
    assert sol.report.objective == 2 * 2 + 1 * 2
    assert sol.x.sum() == 4


def test_minimum_team_is_never_broken() -> None:
    # A platoon of 30 that may not be split below 10: it cannot stand at a post needing 6, and
    # at posts needing 12 and 12 it can give 12 + 12 (≥ 10 each) but not a third detachment.
    cost = np.array([[1.0, 1.0, 1.0]])
    m = AllocationModel.from_cost_matrix(cost, [30], [6, 12, 12], min_team=np.array([10]))
    sol = m.solve()
    assert sol.shortfall.tolist() == [6, 0, 0]
    assert all(v == 0 or v >= 10 for v in sol.x.tolist())


def test_greedy_reports_its_gap_against_the_lp_bound() -> None:
    # Greedy serves the weight-2 post first from its nearest unit, which is the only unit that
    # could reach the other post: a worse plan than the optimum, and the report says by how much.
    cost = np.array([[1.0, 1.0], [2.0, np.inf]])
    m = AllocationModel.from_cost_matrix(cost, [3, 3], [3, 3], weights=[2, 1])
    g = m.solve(method="greedy")
    best = m.solve(method="milp")
    assert best.report.objective == 0.0
    assert g.report.method == "greedy" and g.report.objective == 3.0
    assert g.report.bound == pytest.approx(0.0)
    assert g.report.gap == pytest.approx(1.0)


def test_same_input_same_plan() -> None:
    rng = np.random.default_rng(7)
    cost = rng.uniform(1, 50, (6, 12))
    m = AllocationModel.from_cost_matrix(cost, rng.integers(2, 9, 6), rng.integers(1, 5, 12))
    a, b = m.solve(), m.solve()
    assert np.array_equal(a.x, b.x)
    assert a.report == b.report  # the report holds no wall time: same input, same report


def test_duty_hours_limit_a_unit_across_phases() -> None:
    # One unit of 10, two posts in phases of 6 h and 8 h on one day, duty limit 10 h a person:
    # 10 person-shifts of 6 h use 60 of the 100 hours, leaving 40 h = 5 people for the 8-h phase.
    m = AllocationModel.from_pairs(
        need=np.array([10, 10]),
        weight=np.array([2.0, 1.0]),
        pair_unit=np.array([0, 0]),
        pair_post=np.array([0, 1]),
        cost=np.array([1.0, 1.0]),
        min_team=np.array([1, 1]),
        upper=np.array([10, 10]),
        res_pair=np.array([0, 1, 0, 1]),
        res_row=np.array([0, 1, 2, 2]),  # strength in phase 1, in phase 2; hours of the day
        res_coef=np.array([1.0, 1.0, 6.0, 8.0]),
        res_cap=np.array([10.0, 10.0, 100.0]),
    )
    sol = m.solve()
    assert sol.x.tolist() == [10, 5]
    assert sol.shortfall.tolist() == [0, 5]


instances = st.integers(min_value=0, max_value=10_000)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=instances)
def test_random_instances_keep_every_rule_and_match_branch_and_bound(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_u, n_d = int(rng.integers(1, 6)), int(rng.integers(1, 9))
    cost = rng.uniform(1, 90, (n_u, n_d))
    cost[rng.random((n_u, n_d)) < 0.3] = np.inf
    cap = rng.integers(1, 25, n_u)
    need = rng.integers(1, 12, n_d)
    teams = rng.choice([1, 1, 2, 3, 5], n_u)
    weights = rng.choice([1.0, 4.0, 16.0], n_d)
    m = AllocationModel.from_cost_matrix(cost, cap, need, weights, max_cost=60, min_team=teams)
    sol = m.solve()
    x = sol.x
    # no unit beyond its strength
    used = np.bincount(m.pair_unit, weights=x, minlength=n_u)
    assert np.all(used <= cap)
    # every detachment within reach and at least its unit's minimum team
    assert np.all(cost[m.pair_unit, m.pair_post][x > 0] <= 60)
    assert np.all((x == 0) | (x >= teams[m.pair_unit]))
    # posts: staffed + short = need, never more than needed
    got = np.bincount(m.pair_post, weights=x, minlength=n_d)
    assert np.array_equal(got + sol.shortfall, need)
    # the first objective equals HiGHS' own branch and bound on the whole model
    ref = highs.solve(m.linear_model(), time_limit_s=30, mip_rel_gap=0)
    assert sol.report.objective == pytest.approx(ref.objective, abs=1e-6)
    assert sol.report.bound is not None and sol.report.bound <= sol.report.objective + 1e-6
    # the second objective within the accepted relative gap of the true least travel
    from sispam.plan.formulation import travel_stage

    ref2 = highs.solve(travel_stage(m.linear_model(), m, ref.objective), 30, mip_rel_gap=0)
    travel = float(m.cost @ x)  # the report rounds to 0.001
    assert travel <= ref2.objective * (1 + 1e-3) + 1e-6
    assert travel >= ref2.objective - 1e-6
