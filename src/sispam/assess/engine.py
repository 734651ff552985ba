"""Mesin skor (the scoring engine): arrays in, arrays out — no files, no domain objects.

Rows are villages (or TPS), columns indicators. The pipeline, each step a pure function:

1. :func:`normalise` raw values to a 0–1 risk per indicator (NaN stays missing);
2. :func:`fill_missing`: exclude missing values (weights re-normalised per village) or impute them
   from the observed risks (median, worst or best), flagging what was imputed;
3. :func:`aggregate`: weighted mean within each dimension, then across dimensions, × 100; the
   per-indicator ``points`` sum exactly to the score;
4. :func:`classify` into zones by score thresholds or by quantiles;
5. :func:`zone_moves` (the smallest single-indicator change to cross a zone boundary) and
   :func:`sensitivity` (zone changes when one weight moves ±step).

Everything is vectorised over rows, so the 83k villages of Indonesia score in well under a second;
loops run only over the (few) indicators and dimensions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NONE, GOALPOST, MINMAX, RANK = 0, 1, 2, 3
SCALINGS = {"none": NONE, "goalpost": GOALPOST, "minmax": MINMAX, "rank": RANK}
EPS = 1e-9


@dataclass(frozen=True)
class Spec:
    """The indicator set as arrays (length k unless noted)."""

    scaling: np.ndarray  # int codes NONE/GOALPOST/MINMAX/RANK
    lo: np.ndarray  # goalposts (ignored unless GOALPOST)
    hi: np.ndarray
    flip: np.ndarray  # bool: lower raw value is riskier
    weight: np.ndarray  # relative weight within its dimension, ≥ 0
    dim: np.ndarray  # int: index of the indicator's dimension
    dim_weight: np.ndarray  # (D,) relative weight of each dimension, ≥ 0

    @property
    def k(self) -> int:
        return int(self.scaling.size)

    @property
    def n_dims(self) -> int:
        return int(self.dim_weight.size)

    def with_weights(self, weight: np.ndarray, dim_weight: np.ndarray) -> Spec:
        return Spec(self.scaling, self.lo, self.hi, self.flip, weight, self.dim, dim_weight)

    def nominal_shares(self) -> np.ndarray:
        """Each indicator's share of the score when every indicator is present (sums to 1)."""
        member = _membership(self)
        per_dim = self.weight @ member
        dw = np.where(per_dim > 0, self.dim_weight, 0.0)
        if dw.sum() <= 0:
            return np.zeros(self.k)
        within = np.divide(
            self.weight, per_dim[self.dim], out=np.zeros(self.k), where=per_dim[self.dim] > 0
        )
        return within * (dw / dw.sum())[self.dim]


@dataclass(frozen=True)
class Scale:
    """The ends of each indicator's scale as applied (observed min/max for ``minmax``)."""

    lo: np.ndarray
    hi: np.ndarray


def normalise(values: np.ndarray, spec: Spec) -> tuple[np.ndarray, Scale]:
    """Raw values (n×k, NaN = missing) → risk in [0, 1] (1 = riskiest), NaN kept."""
    values = np.asarray(values, dtype=float)
    risk = np.full(values.shape, np.nan)
    lo = np.zeros(spec.k)
    hi = np.ones(spec.k)
    for j in range(spec.k):
        x = values[:, j]
        obs = ~np.isnan(x)
        kind = spec.scaling[j]
        if kind == NONE:
            r = np.clip(x, 0.0, 1.0)
        elif kind == GOALPOST:
            lo[j], hi[j] = spec.lo[j], spec.hi[j]
            r = np.clip((x - lo[j]) / (hi[j] - lo[j]), 0.0, 1.0)
        elif kind == MINMAX:
            if obs.any():
                lo[j], hi[j] = float(x[obs].min()), float(x[obs].max())
            span = hi[j] - lo[j]
            r = (x - lo[j]) / span if span > 0 else np.where(obs, 0.0, np.nan)
        else:  # RANK: mid-rank percentile among the observed values (ties share a rank)
            srt = np.sort(x[obs])
            m = srt.size
            if m:
                lo[j], hi[j] = float(srt[0]), float(srt[-1])
            less = np.searchsorted(srt, x, side="left")
            leq = np.searchsorted(srt, x, side="right")
            r = (less + leq - 1) / 2.0 / (m - 1) if m > 1 else np.zeros_like(x)
        r = np.where(obs, r, np.nan)
        risk[:, j] = 1.0 - r if spec.flip[j] else r
    return risk, Scale(lo, hi)


def fill_missing(risk: np.ndarray, how: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(filled risk, used mask, imputed mask). ``how``: None/"exclude", "median", "worst", "best".

    Excluded values get no weight (the village's other weights are re-normalised). Imputation
    fills from the risks observed in the same column; a column observed nowhere stays excluded
    whatever the policy, so an indicator absent for every village never changes anything.
    """
    present = ~np.isnan(risk)
    any_obs = present.any(axis=0)
    if how in (None, "exclude"):
        return np.where(present, risk, 0.0), present, np.zeros_like(present)
    fill = np.zeros(risk.shape[1])
    if any_obs.any():
        cols = risk[:, any_obs]
        if how == "median":
            fill[any_obs] = np.nanmedian(cols, axis=0)
        elif how == "worst":
            fill[any_obs] = np.nanmax(cols, axis=0)
        elif how == "best":
            fill[any_obs] = np.nanmin(cols, axis=0)
        else:
            raise ValueError(how)
    imputed = ~present & any_obs[None, :]
    filled = np.where(present, risk, np.where(imputed, fill[None, :], 0.0))
    return filled, present | imputed, imputed


@dataclass(frozen=True)
class Scores:
    score: np.ndarray  # (n,) 0–100, NaN where nothing is known
    points: np.ndarray  # (n, k) contribution of each indicator; rows sum to the score
    share: np.ndarray  # (n, k) effective weight of each indicator (rows sum to 1 or 0)
    dims: np.ndarray  # (n, D) sub-score 0–100 per dimension, NaN where the dimension is absent


def _membership(spec: Spec) -> np.ndarray:
    member = np.zeros((spec.k, spec.n_dims))
    member[np.arange(spec.k), spec.dim] = 1.0
    return member


def _per_dim(x: np.ndarray, spec: Spec) -> np.ndarray:
    """Row sums of ``x`` (n×k) per dimension → n×D. Column slices, not a BLAS product: with
    k ≈ 15 and D ≈ 4 the product gains nothing and its threads fight other work for the cores."""
    out = np.zeros((x.shape[0], spec.n_dims))
    for d in range(spec.n_dims):
        cols = np.flatnonzero(spec.dim == d)
        if cols.size:
            out[:, d] = x[:, cols].sum(axis=1)
    return out


def _dimension_shares(den: np.ndarray, spec: Spec) -> np.ndarray:
    """Each present dimension's share of a row's score (rows sum to 1, or 0 if nothing known)."""
    dw = (den > 0) * spec.dim_weight[None, :]
    total = dw.sum(axis=1, keepdims=True)
    return np.divide(dw, total, out=np.zeros_like(dw), where=total > 0)


def aggregate(filled: np.ndarray, used: np.ndarray, spec: Spec) -> Scores:
    """Two-level weighted mean: indicators within a dimension, then dimensions; × 100."""
    w = used * spec.weight[None, :]
    den = _per_dim(w, spec)  # (n, D)
    num = _per_dim(w * filled, spec)
    present_dim = den > 0
    dims = np.divide(num, den, out=np.full(den.shape, np.nan), where=present_dim)
    dim_share = _dimension_shares(den, spec)
    den_k = den[:, spec.dim]
    share = np.divide(w, den_k, out=np.zeros_like(w), where=den_k > 0) * dim_share[:, spec.dim]
    points = 100.0 * share * filled
    known = present_dim.any(axis=1)
    score = np.where(known, np.clip(points.sum(axis=1), 0.0, 100.0), np.nan)
    return Scores(score=score, points=points, share=share, dims=100.0 * dims)


def score_only(filled: np.ndarray, used: np.ndarray, spec: Spec) -> np.ndarray:
    """Just the scores (for the sensitivity runs): the same arithmetic, per dimension only."""
    w = used * spec.weight[None, :]
    den = _per_dim(w, spec)
    num = _per_dim(w * filled, spec)
    dims = np.divide(num, den, out=np.zeros_like(den), where=den > 0)
    score = 100.0 * (dims * _dimension_shares(den, spec)).sum(axis=1)
    return np.where((den > 0).any(axis=1), np.clip(score, 0.0, 100.0), np.nan)


def classify(score: np.ndarray, mins: np.ndarray, method: str) -> np.ndarray:
    """Zone index per row (0 = lowest risk); −1 where the score is unknown.

    ``threshold``: the highest zone whose ``min`` the score reaches. ``quantile``: the ``min`` of
    each zone is a percentile (0–100) — a row goes into the highest zone whose percentile its
    share of rows scoring strictly lower reaches, so ties always share a zone.
    """
    valid = ~np.isnan(score)
    out = np.full(score.shape, -1, dtype=np.int64)
    if not valid.any():
        return out
    if method == "quantile":
        srt = np.sort(score[valid])
        key = 100.0 * np.searchsorted(srt, score[valid], side="left") / srt.size
    else:
        key = score[valid]
    out[valid] = np.maximum(np.searchsorted(mins, key + EPS, side="right") - 1, 0)
    return out


def score_thresholds(
    score: np.ndarray, zone: np.ndarray, mins: np.ndarray, method: str
) -> np.ndarray:
    """The score at which each zone starts in this run (quantile: lowest score placed in it)."""
    if method != "quantile":
        return np.asarray(mins, dtype=float)
    out = np.full(len(mins), np.nan)
    for z in range(len(mins)):
        inside = score[zone == z]
        if inside.size:
            out[z] = inside.min()
    out[0] = 0.0
    return out


@dataclass(frozen=True)
class Moves:
    """For each row, the score change to reach the zone above / fall to the zone below, and per
    indicator the risk (0–1) that alone would do it (NaN where that indicator cannot)."""

    gap_up: np.ndarray  # (n,) points needed upward (NaN at the top zone)
    gap_down: np.ndarray  # (n,) points to lose to drop a zone (NaN at the bottom)
    target_up: np.ndarray  # (n, k)
    target_down: np.ndarray  # (n, k)


def zone_moves(
    scores: Scores,
    filled: np.ndarray,
    present: np.ndarray,
    zone: np.ndarray,
    thresholds: np.ndarray,
) -> Moves:
    """The smallest change of one observed indicator that moves a row across a zone boundary.

    Exact for score thresholds with the other values held; for quantile zoning the boundaries are
    the current lowest scores per zone, so it is a guide (others' ranks shift too).
    """
    n_z = len(thresholds)
    idx = np.clip(zone, 0, n_z - 1)
    nxt = np.where(zone + 1 < n_z, thresholds[np.minimum(idx + 1, n_z - 1)], np.nan)
    gap_up = np.where((zone >= 0) & (zone + 1 < n_z), nxt - scores.score, np.nan)
    gap_down = np.where(zone > 0, scores.score - thresholds[idx] + 1e-6, np.nan)
    per_point = 100.0 * scores.share  # points per unit of risk
    with np.errstate(divide="ignore", invalid="ignore"):
        need_up = gap_up[:, None] / per_point
        need_down = gap_down[:, None] / per_point
    target_up = filled + need_up
    target_down = filled - need_down
    ok = present & (per_point > 0)
    target_up = np.where(ok & (target_up <= 1.0 + EPS), np.minimum(target_up, 1.0), np.nan)
    target_down = np.where(ok & (target_down >= -EPS), np.maximum(target_down, 0.0), np.nan)
    return Moves(gap_up, gap_down, target_up, target_down)


def sensitivity(
    filled: np.ndarray,
    used: np.ndarray,
    spec: Spec,
    mins: np.ndarray,
    method: str,
    base_zone: np.ndarray,
    fixed: np.ndarray,
    step: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Which rows change zone when each weight is multiplied by (1 − step) and (1 + step).

    Returns two boolean arrays of shape (k + D, n) — first every indicator weight, then every
    dimension weight — for the lower and the higher weight. Rows in ``fixed`` (pinned zones) never
    count as changed.
    """
    n_targets = spec.k + spec.n_dims
    n = filled.shape[0]
    out = (np.zeros((n_targets, n), dtype=bool), np.zeros((n_targets, n), dtype=bool))
    for t in range(n_targets):
        for side, factor in enumerate((1.0 - step, 1.0 + step)):
            w, dw = spec.weight.copy(), spec.dim_weight.copy()
            if t < spec.k:
                w[t] *= factor
            else:
                dw[t - spec.k] *= factor
            zone = classify(score_only(filled, used, spec.with_weights(w, dw)), mins, method)
            out[side][t] = (zone != base_zone) & ~fixed
    return out


__all__ = [
    "GOALPOST",
    "MINMAX",
    "NONE",
    "RANK",
    "SCALINGS",
    "Moves",
    "Scale",
    "Scores",
    "Spec",
    "aggregate",
    "classify",
    "fill_missing",
    "normalise",
    "score_thresholds",
    "sensitivity",
    "zone_moves",
]
