"""Waktu tempuh untuk rencana (travel times for the plan): the scenario's ``[travel]`` model and
a spatially bucketed nearest-candidates search, so that a national plan never builds the full
units × villages matrix."""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from sispam.domain import Scenario
from sispam.geo import AREA_TYPES, TravelModel

AREA_INDICATOR = "area_type"  # optional villages.csv column: urban | periurban | rural | remote


def travel_model(scenario: Scenario) -> TravelModel:
    """The geo travel model with the scenario's ``[travel]`` overrides (unknown keys refused)."""
    from sispam.i18n import t
    from sispam.scenario.errors import ScenarioError, ScenarioIssue

    known = {f.name for f in fields(TravelModel)} - {"default_area", "estimated"}
    bad = sorted(set(scenario.travel) - known)
    if bad:
        raise ScenarioError(
            [
                ScenarioIssue(
                    file="scenario.toml",
                    column=f"travel.{k}",
                    message=t("plan.settings.travel_key", key=k, known=", ".join(sorted(known))),
                )
                for k in bad
            ]
        )
    try:
        return TravelModel(**{k: float(v) for k, v in scenario.travel.items()})
    except ValueError as exc:
        raise ScenarioError(
            [ScenarioIssue(file="scenario.toml", column="travel", message=str(exc))]
        ) from None


def village_areas(scenario: Scenario, model: TravelModel) -> np.ndarray:
    """Area type per village: its ``area_type`` column when valid, else the model's default."""
    out = []
    for v in scenario.villages:
        a = v.indicators.get(AREA_INDICATOR)
        out.append(a if isinstance(a, str) and a in AREA_TYPES else model.default_area)
    return np.asarray(out, dtype=object)


def reach_km(model: TravelModel, minutes: float) -> float:
    """The farthest straight-line distance coverable in ``minutes`` at the fastest speed."""
    return minutes / 60.0 * max(model.speeds.values()) / model.detour_factor


def nearest(
    model: TravelModel,
    pt_lat: np.ndarray,
    pt_lng: np.ndarray,
    pt_area: np.ndarray,
    src_lat: np.ndarray,
    src_lng: np.ndarray,
    max_min: float,
    k: int | None,
    cell_deg: float = 0.5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every point, the sources within ``max_min`` minutes (nearest ``k`` of them, or all):
    COO arrays (point, source, minutes), sorted by point then minutes then source.

    Points are bucketed in ``cell_deg`` cells; each cell only looks at the sources inside its box
    widened by the reach, so the work is proportional to the pairs that matter.
    """
    n, m = len(pt_lat), len(src_lat)
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, float))
    if n == 0 or m == 0:
        return empty
    pt_lat, pt_lng = np.asarray(pt_lat, float), np.asarray(pt_lng, float)
    src_lat, src_lng = np.asarray(src_lat, float), np.asarray(src_lng, float)
    km = reach_km(model, max_min)
    dlat = km / 111.0 + 1e-9
    cell = np.floor(pt_lat / cell_deg).astype(np.int64) * 100_000 + np.floor(
        pt_lng / cell_deg
    ).astype(np.int64)
    order = np.argsort(cell, kind="stable")
    bounds = np.flatnonzero(np.diff(cell[order])) + 1
    src_order = np.argsort(src_lat, kind="stable")
    src_lat_sorted = src_lat[src_order]
    out_p, out_s, out_t = [], [], []
    for chunk in np.split(order, bounds):
        la, ln = pt_lat[chunk], pt_lng[chunk]
        lo, hi = la.min() - dlat, la.max() + dlat
        coslat = max(np.cos(np.radians(max(abs(lo), abs(hi)))), 0.05)
        dlng = dlat / coslat
        a, b = np.searchsorted(src_lat_sorted, [lo, hi + 1e-12])
        cand = src_order[a:b]
        cand = cand[(src_lng[cand] >= ln.min() - dlng) & (src_lng[cand] <= ln.max() + dlng)]
        if cand.size == 0:
            continue
        area = pt_area[chunk]
        minutes = model.matrix(
            la, ln, src_lat[cand], src_lng[cand], area=area[:, None], dtype=float
        )
        ok = minutes <= max_min
        if k is not None and cand.size > k:
            # Keep the k nearest per point (ties broken by source index via a stable sort).
            masked = np.where(ok, minutes, np.inf)
            part = np.argsort(masked, axis=1, kind="stable")[:, :k]
            rows = np.repeat(np.arange(chunk.size), k)
            cols = part.ravel()
            keep = np.isfinite(masked[rows, cols])
            rows, cols = rows[keep], cols[keep]
        else:
            rows, cols = np.nonzero(ok)
        out_p.append(chunk[rows])
        out_s.append(cand[cols])
        out_t.append(minutes[rows, cols])
    if not out_p:
        return empty
    p, s, tt = np.concatenate(out_p), np.concatenate(out_s), np.concatenate(out_t)
    o = np.lexsort((s, tt, p))
    return p[o], s[o], tt[o]
