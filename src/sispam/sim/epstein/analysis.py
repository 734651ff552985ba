"""Letupan (outbursts): the statistics the paper and the Mesa validation look at.

An outburst is a maximal run of consecutive steps with more than ``threshold`` (default 50)
active citizens. Per run we report the peak number of actives, the number of outbursts, the
waiting times between consecutive outbursts (start to start, in steps) and the activation of each
outburst (the sum of active citizens over its steps, in citizen-steps).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OUTBURST_THRESHOLD = 50


@dataclass(frozen=True, slots=True)
class Outburst:
    """One outburst: steps ``start``..``end`` (inclusive, 1-based), its peak and activation."""

    start: int
    end: int
    peak: int
    activation: int


def outbursts(active: np.ndarray, threshold: int = OUTBURST_THRESHOLD) -> list[Outburst]:
    """The outbursts in a per-step series of active counts (row ``t`` = step ``t + 1``)."""
    a = np.asarray(active, dtype=np.int64)
    above = np.concatenate(([False], a > threshold, [False]))
    edges = np.flatnonzero(np.diff(above.astype(np.int8)))
    out = []
    for s, e in zip(edges[::2], edges[1::2], strict=True):
        seg = a[s:e]
        out.append(
            Outburst(start=int(s) + 1, end=int(e), peak=int(seg.max()), activation=int(seg.sum()))
        )
    return out


@dataclass(frozen=True, slots=True)
class RunStats:
    """Summary of one run's active series."""

    peak: int
    n_outbursts: int
    waits: tuple[int, ...]
    activations: tuple[int, ...]


def run_stats(active: np.ndarray, threshold: int = OUTBURST_THRESHOLD) -> RunStats:
    bursts = outbursts(active, threshold)
    starts = [b.start for b in bursts]
    return RunStats(
        peak=int(np.max(active)) if len(active) else 0,
        n_outbursts=len(bursts),
        waits=tuple(int(b - a) for a, b in zip(starts, starts[1:], strict=False)),
        activations=tuple(b.activation for b in bursts),
    )
