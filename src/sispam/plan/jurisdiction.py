"""Wilayah hukum (jurisdiction): in a scenario that spans several regencies, each Polres, Kodim
and Pemkab serves its own regency — a unit stands only at posts of its regency and reserves are
staged per regency. Within one regency (the usual scenario) this changes nothing.

A unit's regency is that of its ``home`` village when it has one, else that of the nearest
participating village; a staging post's likewise.
"""

from __future__ import annotations

import numpy as np

from sispam.plan.travel import nearest


def active(ctx) -> bool:  # type: ignore[no-untyped-def]
    mode = ctx.settings.jurisdiction
    if mode == "none":
        return False
    return len({v.code[:5] for v in ctx.scenario.villages}) > 1


def village_groups(ctx) -> tuple[np.ndarray, list[str]]:  # type: ignore[no-untyped-def]
    """Group id per village (its regency; all 0 when jurisdiction is off) and the group codes."""
    if not active(ctx):
        return np.zeros(len(ctx.scenario.villages), np.int64), [""]
    codes = sorted({v.code[:5] for v in ctx.scenario.villages})
    index = {c: i for i, c in enumerate(codes)}
    return np.array([index[v.code[:5]] for v in ctx.scenario.villages], np.int64), codes


def point_groups(
    ctx,  # type: ignore[no-untyped-def]
    v_group: np.ndarray,
    codes: list[str],
    lat: np.ndarray,
    lng: np.ndarray,
    home: list[str | None] | None = None,
) -> np.ndarray:
    """Group of arbitrary points (units, sites): the home village's regency, else the regency of
    the nearest participating village (searched within 1 h, then 10 h, then anywhere)."""
    n = len(lat)
    out = np.full(n, -1, np.int64)
    if len(codes) == 1:
        out[:] = 0
        return out
    index = {c: i for i, c in enumerate(codes)}
    if home is not None:
        for i, h in enumerate(home):
            if h and h[:5] in index:
                out[i] = index[h[:5]]
    for minutes in (60.0, 600.0, 1e7):
        todo = np.flatnonzero(out < 0)
        if not todo.size:
            break
        # nearest village to each point: search from the points' side
        pi, vi, _ = nearest(
            ctx.travel,
            np.asarray(lat, float)[todo],
            np.asarray(lng, float)[todo],
            np.full(todo.size, ctx.travel.default_area, dtype=object),
            ctx.lat,
            ctx.lng,
            minutes,
            1,
        )
        out[todo[pi]] = v_group[vi]
    return out
