"""The engine on hand-made grids, reproducibility, schedules and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sispam.sim.epstein import EpsteinModel, preset, simulate

P1 = 1 - math.exp(-2.3)  # P with round(C/A) = 1


def still(name: str = "mesa", **kw):
    """A small grid where nobody moves and cops see nothing unless told otherwise."""
    base = {
        "width": 15,
        "height": 15,
        "citizen_movement": False,
        "cop_movement": False,
        "cop_vision": 0,
    }
    return preset(name, **{**base, **kw})


def one_step(params, citizens, cops, seed=0) -> EpsteinModel:
    m = EpsteinModel.from_layout(params, citizens, cops, seed=seed)
    m.advance(1)
    return m


@pytest.mark.parametrize("name", ["mesa", "netlogo"])
@pytest.mark.parametrize(("eps", "active"), [(1e-6, True), (-1e-6, False)])
def test_citizen_just_above_or_below_threshold(name, eps, active):
    """L = 0, H = 0.5, one cop in sight, A = 1: P = 1 − e^−2.3; R puts G − N at T ± eps."""
    params = still(name, legitimacy=0.0)
    risk = (0.5 - 0.1 - eps) / P1
    m = one_step(params, [(5, 5, 0.5, risk)], [(7, 6)])
    assert m.counts() == ((0, 1, 0) if active else (1, 0, 0))


def test_citizen_without_cops_in_sight_rebels_iff_grievance_exceeds_threshold():
    params = still(legitimacy=0.5)  # G = H / 2
    m = one_step(params, [(2, 2, 0.21, 1.0), (9, 9, 0.19, 0.0)], [(9, 10)])  # cop 14 cells away
    assert m.citizen_states().tolist() == [1, 0]


@pytest.mark.parametrize(
    ("rounding", "cops", "active"),
    [
        # One other (steadfast) active citizen in sight, so A = 2.
        ("half_even", 1, True),  # 1/2 -> 0: P = 0
        ("floor", 1, True),
        ("literal", 1, False),  # P = 1 − e^−1.15 = 0.68; R·P = 0.29 > 0.4? no: see risk below
        ("floor", 3, True),  # 3/2 -> 1: P = 0.8997, R·P = 0.378 < 0.4
        ("half_even", 3, False),  # 3/2 -> 2: P = 0.9899, R·P = 0.416 > 0.4
        ("literal", 3, False),  # 1.5: P = 0.968, R·P = 0.407 > 0.4
    ],
)
def test_rounding_variants_in_the_engine(rounding, cops, active):
    """G = 0.5, T = 0.1: active iff R·P < 0.4. R = 0.42, or 0.62 with one cop (literal)."""
    risk = 0.62 if (rounding == "literal" and cops == 1) else 0.42  # 0.62 · 0.683 = 0.423
    params = still(rounding=rounding, legitimacy=0.0)
    steadfast = (5, 7, 1.0, 0.0, "active")  # G = 1, R = 0: active whatever it sees
    cop_cells = [(8, 5), (8, 6), (8, 4)][:cops]
    m = one_step(params, [(5, 5, 0.5, risk), steadfast], cop_cells)
    assert m.citizen_states().tolist() == [1 if active else 0, 1]


@pytest.mark.parametrize("seed", range(5))
def test_cop_with_exactly_one_active_neighbour_arrests_it(seed):
    params = still(cop_vision=7, max_jail_term=1000)
    rebel = (5, 5, 1.0, 0.0, "active")  # always active
    far = (12, 0, 1.0, 0.0, "active")  # 14 cells from the cop on the torus: out of its sight
    m = EpsteinModel.from_layout(params, [rebel, (6, 6, 0.1, 0.5), far], [(5, 8)], seed=seed)
    m.advance(1)
    r = m.result()
    assert r.arrests.tolist() == [1]
    assert m.citizen_states()[2] == 1  # the far one is untouched
    assert m.citizen_states()[1] == 0
    # Arrested: jailed, unless its term was 0 and it acted after the cop (Mesa's order rule).
    assert m.citizen_states()[0] == 2 or m.jail[0] == 0


def test_no_active_in_sight_no_arrest():
    params = still(cop_vision=3)
    m = one_step(params, [(0, 0, 1.0, 0.0, "active")], [(7, 7)])
    assert m.result().arrests.tolist() == [0]
    assert m.counts() == (0, 1, 0)


def test_netlogo_cop_moves_onto_the_arrestee():
    params = preset("netlogo", width=7, height=7, citizen_movement=False)  # disc 7 sees all 7×7
    m = EpsteinModel.from_layout(params, [(1, 1, 1.0, 0.0, "active")], [(5, 5)], seed=3)
    m.advance(1)
    assert m.result().arrests.tolist() == [1]
    assert m.kpos[0] == m.cpos[0] == 1 * 7 + 1


@pytest.mark.parametrize(
    ("name", "term", "jailed_after"),
    [
        # Mesa: a term of j is served over j activations; it acts again at the next one.
        ("mesa", 3, [1, 1, 1, 0, 0]),
        ("mesa", 0, [0, 0, 0, 0, 0]),
        # NetLogo: every term drops at the end of each step; free when it reaches 0.
        ("netlogo", 3, [1, 1, 0, 0, 0]),
        ("netlogo", 1, [0, 0, 0, 0, 0]),
    ],
)
def test_jail_terms_count_down_and_release(name, term, jailed_after):
    params = still(name, citizen_vision=0)
    m = EpsteinModel.from_layout(params, [(3, 3, 0.0, 0.0, "jailed", term)], [], seed=0)
    seen = []
    for _ in range(5):
        m.advance(1)
        seen.append(m.counts()[2])
    assert seen == jailed_after
    assert m.counts() == (1, 0, 0)


@pytest.mark.parametrize("name", ["mesa", "netlogo"])
def test_jail_terms_are_drawn_from_the_preset_range(name):
    """Mesa draws U{0..Jmax}, NetLogo U{0..Jmax−1}: arrest many always-active citizens.

    Synchronous steps with Mesa's countdown leave each drawn term untouched until the next step.
    """
    params = still(name, width=30, height=30, cop_vision=30, max_jail_term=3,
                   jail_countdown="activation", activation="synchronous")  # fmt: skip
    terms = []
    for seed in range(40):
        m = EpsteinModel.from_layout(
            params, [(x, 0, 1.0, 0.0, "active") for x in range(20)], [(0, 5)], seed=seed
        )
        m.advance(1)
        terms.extend(int(m.jail[i]) for i in range(20) if m.citizen_states()[i] == 2)
    assert set(terms) == ({0, 1, 2, 3} if name == "mesa" else {0, 1, 2})


@pytest.mark.parametrize("name", ["mesa", "netlogo"])
@pytest.mark.parametrize("activation", ["sequential", "synchronous"])
def test_same_seed_same_run_other_seed_other_run(name, activation):
    params = preset(name, activation=activation, width=30, height=30)
    a, b, c = (simulate(params, 150, seed).counts for seed in (11, 11, 12))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_seed_sequence_and_int_seed_agree():
    params = preset("mesa", width=20, height=20)
    a = simulate(params, 50, np.random.SeedSequence(9)).counts
    np.testing.assert_array_equal(a, simulate(params, 50, 9).counts)


def test_counts_sum_to_population_and_json_shape():
    run = simulate(preset("netlogo"), 60, 4)
    assert run.counts.shape == (60, 3)
    assert np.all(run.counts.sum(axis=1) == run.population)
    data = run.to_json()
    assert data["params"]["rounding"] == "floor" and len(data["counts"]) == 60


def test_schedules_take_effect_at_their_step():
    params = preset(
        "mesa", legitimacy_schedule=((5, 0.5), (8, 0.3)), cop_schedule=((3, 10), (6, 150))
    )
    run = simulate(params, 10, 1)
    assert run.legitimacy.tolist() == [0.8] * 4 + [0.5] * 3 + [0.3] * 3
    assert run.cops.tolist()[:2] != [10, 10]
    assert run.cops.tolist()[2:] == [10, 10, 10, 150, 150, 150, 150, 150]


def test_snapshots_agree_with_counts():
    params = preset("mesa", width=25, height=25, legitimacy=0.6)
    run = simulate(params, 20, 2, snapshot_every=5)
    assert sorted(run.snapshots) == [0, 5, 10, 15, 20]
    for step in (5, 10, 20):
        grid = run.snapshots[step]
        q, a, j = run.counts[step - 1]
        assert grid.shape == (25, 25)
        # Mesa: one body per cell, jailed stay on the grid.
        assert [(grid == c).sum() for c in (1, 2, 3, 4)] == [q, a, j, run.cops[step - 1]]


def test_big_grid_runs():
    run = simulate(preset("mesa", width=1000, height=1000), 1, 0)
    assert 690_000 < run.population < 710_000
    assert run.counts[0].sum() == run.population


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["mesa", "netlogo"]),
    size=st.integers(3, 14),
    citizens=st.floats(0.0, 0.9),
    cops=st.floats(0.0, 0.3),
    legitimacy=st.floats(0.0, 1.0),
    vision=st.integers(0, 8),
    shape=st.sampled_from(["von_neumann", "moore", "disc"]),
    own=st.booleans(),
    rounding=st.sampled_from(["literal", "floor", "half_even"]),
    order=st.sampled_from(["decide_then_move", "move_then_act"]),
    activation=st.sampled_from(["sequential", "synchronous"]),
    jail=st.sampled_from(["stay", "leave"]),
    cop_to=st.booleans(),
    countdown=st.sampled_from(["activation", "end_of_step"]),
    jmax=st.integers(1, 10),
    seed=st.integers(0, 10_000),
)
def test_invariants_hold_for_every_variant(
    name, size, citizens, cops, legitimacy, vision, shape, own, rounding, order, activation,
    jail, cop_to, countdown, jmax, seed,
):  # fmt: skip
    params = preset(
        name, width=size, height=size, citizen_density=min(citizens, 1 - cops), cop_density=cops,
        legitimacy=legitimacy, citizen_vision=vision, cop_vision=vision, neighbourhood=shape,
        own_cell=own, rounding=rounding, order=order, activation=activation, jail=jail,
        cop_to_arrestee=cop_to, jail_countdown=countdown, max_jail_term=jmax,
    )  # fmt: skip
    m = EpsteinModel(params, seed)
    m.advance(25)
    run = m.result()
    q, a, j = run.counts.T
    assert np.all(run.counts >= 0)
    assert np.all(run.counts.sum(axis=1) == run.population)
    assert np.all(run.arrests <= run.cops)
    jailed_before = np.concatenate(([run.initial[2]], j[:-1]))
    assert np.all(j - jailed_before <= run.arrests)  # nobody is jailed but by an arrest
    if legitimacy == 1.0 or run.cops[0] == 0:
        assert run.arrests.sum() == 0 and j.sum() == 0  # no actives (G = 0) or nobody to arrest
    # Grid bookkeeping: bodies per cell equal what the agents say.
    occ = np.zeros(params.cells, np.int64)
    for i, c in enumerate(m.cpos):
        if not (m.state[i] == 2 and jail == "leave"):
            occ[c] += 1
    np.add.at(occ, m.kpos[m.kpos >= 0], 1)
    np.testing.assert_array_equal(occ, m.occ)
    if jail == "stay" and not cop_to:
        assert m.occ.max() <= 1  # Mesa's capacity-1 grid
