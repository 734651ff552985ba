"""Statistik (the estimates and their 95 % intervals) from integer tallies."""

from __future__ import annotations

import math

import numpy as np

from sispam.domain.simulation import Estimate

Z95 = 1.959963984540054


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(float(x), nd)


def wilson(k: int, n: int) -> Estimate:
    """Proportion ``k/n`` with the Wilson score interval (good near 0 and 1, unlike Wald)."""
    if n <= 0:
        return Estimate()
    p = k / n
    z2 = Z95 * Z95
    den = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / den
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den
    return Estimate(value=_r(p), low=_r(max(0.0, centre - half)), high=_r(min(1.0, centre + half)))


def mean_ci(total: float, total_sq: float, n: int) -> Estimate:
    """Mean from a sum and a sum of squares, with a normal-approximation interval."""
    if n <= 0:
        return Estimate()
    m = total / n
    var = max(0.0, total_sq / n - m * m) * n / max(n - 1, 1)
    half = Z95 * math.sqrt(var / n)
    return Estimate(value=_r(m, 4), low=_r(m - half, 4), high=_r(m + half, 4))


def sample_mean_ci(x: np.ndarray) -> Estimate:
    x = np.asarray(x, dtype=float)
    return mean_ci(float(x.sum()), float((x * x).sum()), int(x.size))


def _value_at_rank(counts: np.ndarray, k: float, width: float) -> float:
    """The ``k``-th smallest observation (1-based, may be fractional) of a histogram with bins of
    ``width`` starting at 0; observations spread evenly inside a bin when ``width > 1``."""
    cum = np.cumsum(counts)
    k = min(max(k, 1.0), float(cum[-1]))
    b = int(np.searchsorted(cum, k - 1e-9))
    if width <= 1:
        return float(b)
    before = cum[b - 1] if b > 0 else 0
    inside = (k - before) / counts[b]
    return float(b * width + (inside - 0.5) * width if counts[b] else b * width)


def hist_quantile(counts: np.ndarray, over: int, q: float, width: float, cap: float) -> Estimate:
    """Quantile ``q`` of the values in ``counts`` plus ``over`` values at or beyond ``cap``
    (incidents not contained within the horizon count as ``cap``), with the distribution-free
    order-statistic interval (ranks n·q ± 1.96·√(n·q·(1−q)))."""
    counts = np.asarray(counts, dtype=np.int64)
    full = np.concatenate([counts, [over]])
    n = int(full.sum())
    if n == 0:
        return Estimate()
    last = len(counts)

    def at(k: float) -> float:
        cum = np.cumsum(full)
        k = min(max(k, 1.0), float(n))
        b = int(np.searchsorted(cum, k - 1e-9))
        if b >= last:
            return float(cap)
        return min(float(cap), _value_at_rank(counts, k, width))

    centre = max(1.0, math.ceil(n * q))
    half = Z95 * math.sqrt(n * q * (1 - q))
    return Estimate(
        value=_r(at(centre), 2),
        low=_r(at(math.floor(n * q - half)), 2),
        high=_r(at(math.ceil(n * q + half) + 1), 2),
    )


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
