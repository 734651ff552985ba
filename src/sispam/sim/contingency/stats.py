"""Statistik (the estimates and their 95 % intervals) from integer tallies."""

from __future__ import annotations

import math

import numpy as np

from sispam.domain.simulation import Estimate

Z95 = 1.959963984540054


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(float(x), nd)


def _est(value: float, low: float, high: float, nd: int) -> Estimate:
    """An estimate from computed (trusted) numbers; NaN means 'no observation'."""
    if value != value:  # NaN
        return Estimate.model_construct(value=None, low=None, high=None)
    return Estimate.model_construct(
        value=round(float(value), nd), low=round(float(low), nd), high=round(float(high), nd)
    )


def wilson_v(k: np.ndarray, n: np.ndarray | int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Proportions ``k/n`` with Wilson score intervals (good near 0 and 1, unlike Wald), as
    arrays; NaN where ``n`` is 0."""
    k = np.asarray(k, dtype=float)
    n = np.broadcast_to(np.asarray(n, dtype=float), k.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        z2 = Z95 * Z95
        den = 1.0 + z2 / n
        centre = (p + z2 / (2 * n)) / den
        half = Z95 * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den
    bad = n <= 0
    nan = np.full(k.shape, np.nan)
    return (
        np.where(bad, nan, p),
        np.where(bad, nan, np.maximum(0.0, centre - half)),
        np.where(bad, nan, np.minimum(1.0, centre + half)),
    )


def wilson(k: int, n: int) -> Estimate:
    p, lo, hi = wilson_v(np.array([k]), n)
    return _est(p[0], lo[0], hi[0], 6)


def mean_ci_v(
    total: np.ndarray, total_sq: np.ndarray, n: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Means from sums and sums of squares, with normal-approximation intervals; NaN where n = 0."""
    total, total_sq, n = (np.asarray(x, dtype=float) for x in (total, total_sq, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        m = total / n
        var = np.maximum(0.0, total_sq / n - m * m) * n / np.maximum(n - 1, 1)
        half = Z95 * np.sqrt(var / n)
    bad = n <= 0
    nan = np.full(m.shape, np.nan)
    return np.where(bad, nan, m), np.where(bad, nan, m - half), np.where(bad, nan, m + half)


def mean_ci(total: float, total_sq: float, n: int) -> Estimate:
    m, lo, hi = mean_ci_v(np.array([total]), np.array([total_sq]), np.array([n]))
    return _est(m[0], lo[0], hi[0], 4)


def sample_mean_ci(x: np.ndarray) -> Estimate:
    x = np.asarray(x, dtype=float)
    return mean_ci(float(x.sum()), float((x * x).sum()), int(x.size))


def _values_at_ranks(full: np.ndarray, k: np.ndarray, width: float, cap: float) -> np.ndarray:
    """Row-wise ``k``-th smallest observation (1-based) of histograms ``full`` whose last column
    counts values at or beyond ``cap``; bins of ``width`` from 0, values spread evenly inside a
    bin when ``width > 1``."""
    n = full.sum(axis=1).astype(float)
    k = np.clip(k, 1.0, np.maximum(n, 1.0))
    cum = np.cumsum(full, axis=1)
    b = (cum < (k - 1e-9)[:, None]).sum(axis=1)
    last = full.shape[1] - 1
    bb = np.minimum(b, last)
    if width <= 1:
        val = b.astype(float)
    else:
        rows = np.arange(full.shape[0])
        before = np.where(bb > 0, cum[rows, np.maximum(bb - 1, 0)], 0)
        inside = (k - before) / np.maximum(full[rows, bb], 1)
        val = bb * width + (inside - 0.5) * width
    return np.where(b >= last, cap, np.minimum(val, cap))


def hist_quantile_v(
    hist: np.ndarray, q: float, width: float, cap: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Quantile ``q`` of each row of ``hist`` (last column: values at or beyond ``cap``, i.e.
    incidents not contained within the horizon), with the distribution-free order-statistic
    interval (ranks n·q ± 1.96·√(n·q·(1−q))); NaN for empty rows."""
    hist = np.atleast_2d(np.asarray(hist, dtype=np.int64))
    n = hist.sum(axis=1).astype(float)
    half = Z95 * np.sqrt(n * q * (1 - q))
    value = _values_at_ranks(hist, np.maximum(1.0, np.ceil(n * q)), width, cap)
    low = _values_at_ranks(hist, np.floor(n * q - half), width, cap)
    high = _values_at_ranks(hist, np.ceil(n * q + half) + 1, width, cap)
    empty = n == 0
    nan = np.full(n.shape, np.nan)
    return np.where(empty, nan, value), np.where(empty, nan, low), np.where(empty, nan, high)


def hist_quantile(counts: np.ndarray, over: int, q: float, width: float, cap: float) -> Estimate:
    """Quantile ``q`` of the values in ``counts`` plus ``over`` values at or beyond ``cap``."""
    full = np.concatenate([np.asarray(counts, dtype=np.int64), [over]])[None, :]
    v, lo, hi = hist_quantile_v(full, q, width, cap)
    return _est(v[0], lo[0], hi[0], 2)


def paired_diff(a_only: int, b_only: int, n: int) -> Estimate:
    """Difference of two paired proportions (A − B) with its Wald interval (McNemar variance)."""
    if n <= 0:
        return Estimate()
    d = (a_only - b_only) / n
    var = (a_only + b_only - (a_only - b_only) ** 2 / n) / (n * n)
    half = Z95 * math.sqrt(max(var, 0.0))
    return Estimate(value=_r(d), low=_r(d - half), high=_r(d + half))


def hist_from_edges(edges: np.ndarray, counts: np.ndarray, over: int = 0) -> tuple:
    return tuple(float(e) for e in edges), tuple(int(c) for c in counts), int(over)
