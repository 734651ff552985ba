"""The scoring engine: hand-worked answers and properties that must hold for any data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sispam.assess import engine
from sispam.assess.engine import GOALPOST, MINMAX, NONE, RANK, Spec


def _spec(**over) -> Spec:
    """Dimension A (weight 3): a1 binary (w 1), a2 count goalpost [0, 10] (w 3);
    dimension B (weight 1): b1 ratio goalpost [0, 1], lower is riskier."""
    base = dict(
        scaling=np.array([NONE, GOALPOST, GOALPOST]),
        lo=np.array([np.nan, 0.0, 0.0]),
        hi=np.array([np.nan, 10.0, 1.0]),
        flip=np.array([False, False, True]),
        weight=np.array([1.0, 3.0, 1.0]),
        dim=np.array([0, 0, 1]),
        dim_weight=np.array([3.0, 1.0]),
    )
    base.update(over)
    return Spec(**base)


def _run(values, spec, how=None):
    risk, _ = engine.normalise(np.asarray(values, dtype=float), spec)
    filled, used, imputed = engine.fill_missing(risk, how)
    return engine.aggregate(filled, used, spec), imputed


def test_known_answer_worked_by_hand() -> None:
    # X: A = (1·1 + 3·0.5)/4 = 0.625, B = 1 − 0.25 = 0.75, score = (3·0.625 + 1·0.75)/4 = 65.625
    # Y: a1 missing → excluded, A = a2 = 1.0, B = 1 − 1 = 0 → score = 3/4 · 100 = 75
    scores, _ = _run([[1, 5, 0.25], [np.nan, 10, 1.0]], _spec())
    assert scores.score == pytest.approx([65.625, 75.0])
    assert scores.points[0] == pytest.approx([18.75, 28.125, 18.75])
    assert scores.points[1] == pytest.approx([0.0, 75.0, 0.0])
    assert scores.dims[0] == pytest.approx([62.5, 75.0])
    assert scores.share[1] == pytest.approx([0.0, 0.75, 0.25])
    zones = engine.classify(scores.score, np.array([0.0, 45.0, 70.0]), "threshold")
    assert zones.tolist() == [1, 2]


def test_impute_median_is_flagged_and_used() -> None:
    values = [[1, 0, 0.0], [0, 0, 0.0], [1, 0, 0.0], [np.nan, 0, 0.0]]
    scores, imputed = _run(values, _spec(), "median")
    assert imputed[:, 0].tolist() == [False, False, False, True]
    # a1 median of (1, 0, 1) = 1 → A = 1/4 → score = 3/4 · 0.25 + 1/4 · 1 (b1 = 0 is riskiest)
    assert scores.score[3] == pytest.approx(100 * (0.75 * 0.25 + 0.25 * 1.0))
    worst, _ = _run([[0, 0, 0], [np.nan, 0, 0]], _spec(), "worst")
    best, _ = _run([[1, 0, 0], [np.nan, 0, 0]], _spec(), "best")
    assert worst.score[1] == pytest.approx(worst.score[0])
    assert best.score[1] == pytest.approx(best.score[0])


def test_nothing_known_gives_no_score() -> None:
    scores, _ = _run([[np.nan, np.nan, np.nan], [1, 1, 1]], _spec())
    assert np.isnan(scores.score[0]) and not np.isnan(scores.score[1])
    assert engine.classify(scores.score, np.array([0.0, 50.0]), "threshold")[0] == -1


def test_minmax_and_rank_scaling() -> None:
    spec = Spec(
        scaling=np.array([MINMAX, RANK]),
        lo=np.full(2, np.nan),
        hi=np.full(2, np.nan),
        flip=np.array([False, False]),
        weight=np.ones(2),
        dim=np.array([0, 1]),
        dim_weight=np.ones(2),
    )
    risk, scale = engine.normalise(np.array([[2.0, 5.0], [4.0, 5.0], [6.0, 9.0]]), spec)
    assert risk[:, 0] == pytest.approx([0.0, 0.5, 1.0])
    assert risk[:, 1] == pytest.approx([0.25, 0.25, 1.0])  # tie shares the mid-rank 0.5/2
    assert scale.lo[0] == 2.0 and scale.hi[0] == 6.0


def test_quantile_classification_counts_lower_scores_and_keeps_ties() -> None:
    mins = np.array([0.0, 50.0, 90.0])
    assert engine.classify(np.array([10.0, 20, 30, 40]), mins, "quantile").tolist() == [0, 0, 1, 1]
    assert engine.classify(np.array([30.0, 10, 10]), mins, "quantile").tolist() == [1, 0, 0]


def test_zone_moves_are_exact_for_goalposts() -> None:
    spec = _spec()
    values = np.array([[1, 5, 0.25]])
    risk, _ = engine.normalise(values, spec)
    filled, used, _ = engine.fill_missing(risk, None)
    scores = engine.aggregate(filled, used, spec)
    mins = np.array([0.0, 45.0, 70.0])
    zone = engine.classify(scores.score, mins, "threshold")
    moves = engine.zone_moves(scores, filled, used, zone, mins)
    assert moves.gap_up[0] == pytest.approx(70 - 65.625)
    # a2 alone: needs 4.375 points at 56.25 points per unit of risk → 0.5 + 0.0778 → a2 ≈ 5.78
    target = moves.target_up[0, 1]
    bumped = values.copy()
    bumped[0, 1] = spec.lo[1] + target * (spec.hi[1] - spec.lo[1])
    after, _ = _run(bumped, spec)
    assert after.score[0] == pytest.approx(70.0)
    # a1 is already at its riskiest: it cannot move the village up
    assert np.isnan(moves.target_up[0, 0])


# --- properties ---------------------------------------------------------------------------------

K = 4
WEIGHTS = st.one_of(st.just(0.0), st.floats(0.001, 5))  # (subnormal weights are not a use case)


@st.composite
def cases(draw):
    n = draw(st.integers(1, 12))
    values = draw(
        arrays(
            float,
            (n, K),
            elements=st.one_of(st.floats(0, 100, allow_nan=False), st.just(np.nan)),
        )
    )
    n_dims = draw(st.integers(1, 3))
    spec = Spec(
        scaling=np.array(
            draw(st.lists(st.sampled_from([GOALPOST, MINMAX, RANK]), min_size=K, max_size=K))
        ),
        lo=np.zeros(K),
        hi=np.full(K, 100.0),
        flip=np.array(draw(st.lists(st.booleans(), min_size=K, max_size=K))),
        weight=np.array(draw(st.lists(WEIGHTS, min_size=K, max_size=K))),
        dim=np.array(draw(st.lists(st.integers(0, n_dims - 1), min_size=K, max_size=K))),
        dim_weight=np.array(draw(st.lists(st.floats(0.1, 5), min_size=n_dims, max_size=n_dims))),
    )
    how = draw(st.sampled_from([None, "median", "worst", "best"]))
    return values, spec, how


@settings(max_examples=150, deadline=None)
@given(cases())
def test_scores_stay_within_0_100_and_points_add_up(case) -> None:
    values, spec, how = case
    scores, _ = _run(values, spec, how)
    ok = ~np.isnan(scores.score)
    assert np.all((scores.score[ok] >= 0) & (scores.score[ok] <= 100))
    assert np.allclose(scores.points.sum(axis=1)[ok], scores.score[ok], atol=1e-9)
    risk, _ = engine.normalise(values, spec)
    filled, used, _ = engine.fill_missing(risk, how)
    assert np.allclose(engine.score_only(filled, used, spec), scores.score, equal_nan=True)


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_raising_an_adverse_indicator_never_lowers_the_score(case, data) -> None:
    values, spec, how = case
    i = data.draw(st.integers(0, values.shape[0] - 1))
    j = data.draw(st.integers(0, K - 1))
    if np.isnan(values[i, j]):
        return
    step = data.draw(st.floats(0.01, 100))
    worse = values.copy()
    worse[i, j] += -step if spec.flip[j] else step  # adverse: towards the riskier end
    before, _ = _run(values, spec, how)
    after, _ = _run(worse, spec, how)
    assert np.isnan(after.score[i]) == np.isnan(before.score[i])  # all weights zero: no score
    if not np.isnan(before.score[i]):
        assert after.score[i] >= before.score[i] - 1e-9


@settings(max_examples=150, deadline=None)
@given(cases(), st.randoms(use_true_random=False), st.sampled_from(["threshold", "quantile"]))
def test_permuting_villages_permutes_the_results(case, rnd, method) -> None:
    values, spec, how = case
    perm = list(range(values.shape[0]))
    rnd.shuffle(perm)
    mins = np.array([0.0, 30.0, 60.0])
    a, _ = _run(values, spec, how)
    b, _ = _run(values[perm], spec, how)
    assert np.allclose(b.score, a.score[perm], equal_nan=True)
    assert np.allclose(b.points, a.points[perm])
    za = engine.classify(a.score, mins, method)
    zb = engine.classify(b.score, mins, method)
    assert zb.tolist() == za[perm].tolist()


@settings(max_examples=150, deadline=None)
@given(cases(), st.integers(0, K - 1), st.floats(0, 50))
def test_weight_of_an_indicator_absent_everywhere_changes_nothing(case, j, new_weight) -> None:
    values, spec, how = case
    values = values.copy()
    values[:, j] = np.nan
    w = spec.weight.copy()
    w[j] = new_weight
    a, _ = _run(values, spec, how)
    b, _ = _run(values, spec.with_weights(w, spec.dim_weight), how)
    assert np.allclose(a.score, b.score, equal_nan=True)


def test_sensitivity_counts_only_unpinned_zone_changes() -> None:
    spec = _spec()
    values = np.array([[1, 5, 0.25], [0, 9, 0.1], [0, 0, 1.0]])
    risk, _ = engine.normalise(values, spec)
    filled, used, _ = engine.fill_missing(risk, None)
    scores = engine.aggregate(filled, used, spec)
    mins = np.array([0.0, 45.0, 70.0])
    zone = engine.classify(scores.score, mins, "threshold")
    fixed = np.array([False, False, False])
    down, up = engine.sensitivity(filled, used, spec, mins, "threshold", zone, fixed, 0.2)
    assert down.shape == (spec.k + spec.n_dims, 3)
    # Recompute one cell by hand: a2's weight × 1.2 → village X (65.6) must cross 70?
    w = spec.weight.copy()
    w[1] *= 1.2
    manual = engine.classify(
        engine.score_only(filled, used, spec.with_weights(w, spec.dim_weight)), mins, "threshold"
    )
    assert up[1].tolist() == (manual != zone).tolist()
    pinned = np.array([True, True, True])
    down_p, up_p = engine.sensitivity(filled, used, spec, mins, "threshold", zone, pinned, 0.2)
    assert not down_p.any() and not up_p.any()
