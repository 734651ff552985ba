"""Epstein (2002)'s qualitative results, reproduced.

Both on NetLogo's *Rebellion* and on Mesa's rules with Epstein's run-1 constants (L 0.82, cops
0.04, Jmax 30). With Mesa's own Jmax of 1000 a rebellion ends mostly in jail, so the effects are
there but muted (docs/epstein.md shows the numbers).
"""

from __future__ import annotations

import numpy as np
import pytest

from sispam.sim.epstein import (
    EpsteinModel,
    cop_ramp,
    legitimacy_drop,
    legitimacy_ramp,
    preset,
    simulate,
)

CONFIGS = {
    "netlogo": preset("netlogo"),
    "mesa-epstein": preset("mesa", legitimacy=0.82, cop_density=0.04, max_jail_term=30),
}
SEEDS = range(20)


@pytest.mark.parametrize("name", list(CONFIGS))
def test_sudden_legitimacy_drop_explodes_where_a_gradual_one_does_not(name):
    """L 0.9 → 0.7 at step 50 at once, or by 0.01 a step (steps 50–69): the sudden drop gives
    the larger peak of actives in most seeds."""
    base = CONFIGS[name].replace(legitimacy=0.9)
    sudden_wins = 0
    peaks = []
    for seed in SEEDS:
        sudden = simulate(base.replace(legitimacy_schedule=legitimacy_drop(50, 0.7)), 200, seed)
        gradual = simulate(
            base.replace(legitimacy_schedule=legitimacy_ramp(50, 0.9, 0.7)), 200, seed
        )
        legit = gradual.legitimacy  # legit[t]: in force during step t + 1
        assert legit[48] == 0.9 and legit[49] == pytest.approx(0.89)
        assert (
            legit[67] == pytest.approx(0.71) and legit[68] == 0.7 and sudden.legitimacy[49] == 0.7
        )
        ps, pg = sudden.counts[49:, 1].max(), gradual.counts[49:, 1].max()
        sudden_wins += ps > pg
        peaks.append((ps, pg))
    assert sudden_wins >= 16, peaks
    assert np.mean([p for p, _ in peaks]) > 1.2 * np.mean([g for _, g in peaks])


@pytest.mark.parametrize("name", list(CONFIGS))
def test_fewer_cops_tip_society_into_rebellion(name):
    """From step 101 one cop in two steps is withdrawn until a quarter remain: actives over the
    last 50 steps rise several-fold, while the same runs without the cut stay where they were."""
    params = CONFIGS[name]
    for seed in range(10):
        n0 = EpsteinModel(params, seed).n_cops
        cut = cop_ramp(101, n0, n0 // 4, every=2)
        steps = 101 + 2 * len(cut) + 50
        with_cut = simulate(params.replace(cop_schedule=cut), steps, seed).counts[:, 1]
        without = simulate(params, steps, seed).counts[:, 1]
        before = with_cut[50:100].mean()
        np.testing.assert_array_equal(with_cut[:100], without[:100])  # same run until the cut
        assert with_cut[-50:].mean() > max(3 * before, 150), (seed, before, with_cut[-50:].mean())
        assert without[-50:].mean() < max(2 * before, 100), (seed, before, without[-50:].mean())
