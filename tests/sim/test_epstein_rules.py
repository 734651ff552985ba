"""The reusable mechanics of Epstein's model: neighbourhoods, P with its roundings, rule A."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sispam.sim.epstein import (
    EpsteinParamError,
    arrest_probability,
    arrest_probability_nb,
    is_active,
    is_active_nb,
    neighbourhood_offsets,
    pcg,
    preset,
    rounded_ratio,
)
from sispam.sim.epstein import kernel as K
from sispam.sim.epstein.rules import ROUNDING_CODE, ratio_nb, row_spans, torus_offsets

K_MESA = 2.3


@pytest.mark.parametrize(
    ("shape", "radius", "own", "size"),
    [
        ("von_neumann", 7, False, 112),  # Mesa: 2r(r+1) cells, own cell out
        ("von_neumann", 7, True, 113),
        ("moore", 7, False, 224),
        ("moore", 1, True, 9),
        ("disc", 7, True, 149),  # NetLogo in-radius 7: lattice points with x² + y² <= 49
        ("disc", 1.5, True, 9),
        ("disc", 1, False, 4),
        ("von_neumann", 0, True, 1),
        ("von_neumann", 0, False, 0),
    ],
)
def test_neighbourhood_sizes(shape, radius, own, size):
    offs = neighbourhood_offsets(shape, radius, own)
    assert len(offs) == size
    assert len({tuple(o) for o in offs}) == size
    assert ((0, 0) in {tuple(o) for o in offs}) == own


def test_neighbourhoods_are_symmetric():
    for shape in ("von_neumann", "moore", "disc"):
        offs = {tuple(o) for o in neighbourhood_offsets(shape, 5, False)}
        assert offs == {(-dy, -dx) for dy, dx in offs}


def test_small_torus_keeps_each_cell_once():
    """On a 5×5 torus a radius-7 view covers the whole grid: 24 other cells, each once."""
    offs = torus_offsets(neighbourhood_offsets("von_neumann", 7, False), 5, 5, own_cell=False)
    assert len(offs) == 24
    assert len({(dy % 5, dx % 5) for dy, dx in offs}) == 24
    spans = row_spans(offs)
    assert spans[:, 2].sum() == 24


@pytest.mark.parametrize(
    ("cops", "actives", "literal", "floor", "half_even"),
    [
        (1, 2, 0.5, 0, 0),  # the edge itself: Python's round(0.5) = 0
        (4, 9, 4 / 9, 0, 0),  # just below 1/2
        (5, 9, 5 / 9, 0, 1),  # just above 1/2
        (3, 2, 1.5, 1, 2),  # round half to even: 1.5 -> 2
        (5, 2, 2.5, 2, 2),  # ... and 2.5 -> 2
        (9, 10, 0.9, 0, 1),  # floor edge from below
        (10, 10, 1.0, 1, 1),
        (0, 1, 0.0, 0, 0),
    ],
)
def test_ratio_on_each_side_of_the_rounding_edge(cops, actives, literal, floor, half_even):
    assert rounded_ratio(cops, actives, "literal") == pytest.approx(literal)
    assert rounded_ratio(cops, actives, "floor") == floor
    assert rounded_ratio(cops, actives, "half_even") == half_even
    p = arrest_probability(cops, actives, K_MESA, "half_even")
    assert p == pytest.approx(1 - math.exp(-K_MESA * half_even))
    for rounding in ("literal", "floor", "half_even"):
        assert ratio_nb(cops, actives, ROUNDING_CODE[rounding]) == rounded_ratio(
            cops, actives, rounding
        )


def test_p_is_zero_below_the_edge_and_high_above():
    """With Mesa's rounding one cop facing two actives gives P = 0, facing one gives ~0.9."""
    assert arrest_probability(1, 2, K_MESA, "half_even") == 0.0
    assert arrest_probability(1, 1, K_MESA, "half_even") == pytest.approx(0.8997, abs=1e-4)
    assert arrest_probability(1, 2, K_MESA, "literal") == pytest.approx(1 - math.exp(-1.15))


@settings(deadline=None)  # the first call compiles
@given(st.integers(0, 5000), st.integers(1, 5000))
def test_compiled_ratio_is_python_round_and_floor(cops, actives):
    assert ratio_nb(cops, actives, K.ROUND_HALF_EVEN) == float(round(cops / actives))
    assert ratio_nb(cops, actives, K.ROUND_FLOOR) == float(cops // actives)
    assert ratio_nb(cops, actives, K.ROUND_LITERAL) == cops / actives
    for name, code in ROUNDING_CODE.items():
        assert arrest_probability_nb(cops, actives, K_MESA, code) == arrest_probability(
            cops, actives, K_MESA, name
        )


def test_rule_a_is_strict_at_the_threshold():
    # L = 0: G = H. P = 0.5, R = 0.4: N = 0.2; T = 0.3.
    assert is_active(0.5 + 1e-9, 0.4, 0.0, 0.5, 0.3)
    assert not is_active(0.5 - 1e-9, 0.4, 0.0, 0.5, 0.3)
    assert not is_active(0.5, 0.4, 0.0, 0.5, 0.3)  # G − N == T exactly: quiet
    assert is_active_nb(0.5 + 1e-9, 0.4, 0.0, 0.5, 0.3)
    assert not is_active_nb(0.5, 0.4, 0.0, 0.5, 0.3)


@settings(deadline=None)
@given(
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(-0.5, 0.5),
)
def test_compiled_rule_a_agrees(h, r, legit, p, threshold):
    assert is_active_nb(h, r, legit, p, threshold) == is_active(h, r, legit, p, threshold)


def test_cop_thresholds_match_rule_a():
    """The per-citizen cop threshold (fast path when nobody is active) equals rule A at A = 1."""
    rng = np.random.default_rng(3)
    for rounding in ("literal", "floor", "half_even"):
        params = preset("mesa", rounding=rounding, legitimacy=0.3, k=0.4)
        hard, risk = rng.random(2000), rng.random(2000)
        cfg = np.zeros(K.N_CFG, np.int64)
        cfg[K.C_ROUND] = ROUNDING_CODE[rounding]
        fcfg = np.array([params.legitimacy, params.threshold, params.k])
        out = np.empty(2000, np.int64)
        K.cop_thresholds(cfg, fcfg, hard, risk, 40, out)
        for i in range(2000):
            for cops in range(41):
                expected = is_active(hard[i], risk[i], params.legitimacy,
                                     arrest_probability(cops, 1, params.k, rounding), params.threshold)  # fmt: skip
                fast = out[i] != K.NEVER and (out[i] == K.ALWAYS or cops < out[i])
                assert fast == expected, (rounding, i, cops, out[i])


def test_kernel_stream_is_the_generators_stream():
    rng, twin = np.random.default_rng(2024), np.random.default_rng(2024)
    st_words = pcg.state_of(rng)
    ours = [K.next_double(st_words) for _ in range(1000)]
    np.testing.assert_array_equal(ours, twin.random(1000))
    pcg.store_state(rng, st_words)
    assert rng.random() == twin.random()  # the generator carries on where the kernel stopped


def test_below_is_uniform():
    from scipy.stats import chisquare

    words = pcg.state_of(np.random.default_rng(5))
    draws = np.array([K.below(7, words) for _ in range(70_000)])
    assert draws.min() == 0 and draws.max() == 6
    assert chisquare(np.bincount(draws)).pvalue > 0.001


def test_bad_parameters_get_a_clear_message():
    from sispam.i18n import set_language

    with pytest.raises(EpsteinParamError, match="melebihi 1"):
        preset("mesa", cop_density=0.5)
    set_language("en")
    with pytest.raises(EpsteinParamError, match="exceeds 1"):
        preset("mesa", citizen_density=0.95)
    with pytest.raises(EpsteinParamError, match="choose one of"):
        preset("mesa", rounding="ceil")
    with pytest.raises(EpsteinParamError, match="whole number"):
        preset("mesa", citizen_vision=2.5)
    with pytest.raises(EpsteinParamError, match="must increase"):
        preset("mesa", legitimacy_schedule=((10, 0.5), (5, 0.4)))
    with pytest.raises(EpsteinParamError, match="between 0 and 1"):
        preset("mesa", legitimacy=1.2)
    with pytest.raises(EpsteinParamError, match="Unknown parameter"):
        preset("mesa", legitimacyy=0.5)
    assert preset("netlogo", citizen_vision=2.5).citizen_vision == 2.5  # a disc takes fractions


def test_presets_are_the_references():
    mesa, netlogo = preset("mesa"), preset("netlogo")
    assert (mesa.width, mesa.height, mesa.citizen_density, mesa.cop_density) == (40, 40, 0.7, 0.074)
    assert (mesa.citizen_vision, mesa.legitimacy, mesa.max_jail_term) == (7, 0.8, 1000)
    assert (mesa.threshold, mesa.k, mesa.neighbourhood, mesa.own_cell) == (
        0.1,
        2.3,
        "von_neumann",
        False,
    )
    assert (mesa.rounding, mesa.order, mesa.jail, mesa.cop_to_arrestee) == (
        "half_even",
        "decide_then_move",
        "stay",
        False,
    )
    assert (netlogo.neighbourhood, netlogo.own_cell, netlogo.rounding) == ("disc", True, "floor")
    assert (netlogo.cop_density, netlogo.legitimacy, netlogo.max_jail_term) == (0.04, 0.82, 30)
    assert (netlogo.order, netlogo.cop_to_arrestee, netlogo.jail_term_inclusive) == (
        "move_then_act",
        True,
        False,
    )
