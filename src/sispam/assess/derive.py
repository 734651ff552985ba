"""Indikator turunan (derived indicators): values Sispam computes from the scenario and geography.

A set's ``source`` may name one of :data:`DERIVED` instead of a villages.csv column:

- ``voters``, ``tps``, ``candidates``, ``incumbent_running`` — the village's own fields;
- ``voters_per_tps`` — DPT ÷ TPS;
- ``travel_min_polsek`` — minutes from the village to the nearest police post (the homes of the
  scenario's units of the kinds in ``[assess] posts``, Polsek by default) by
  :class:`sispam.geo.TravelModel` with the scenario's ``[travel]`` figures (an estimate);
- ``dist_capital_km`` — straight-line km to the regency capital (``[assess] capital``, else the
  Polres HQ unit's home, else the regency's centroid — the last two flagged as estimates).

A villages.csv column of the same name wins where it has a value (local knowledge beats the
model); the derived value fills the gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache

import numpy as np

from sispam import geo
from sispam.assess.settings import AssessSettings
from sispam.domain import Scenario, UnitKind

BAND_DEG = 0.5  # latitude band searched first for the nearest post (≈ 55 km)
CHUNK = 2048
DERIVED = (
    "voters",
    "tps",
    "candidates",
    "incumbent_running",
    "voters_per_tps",
    "travel_min_polsek",
    "dist_capital_km",
)


@dataclass(frozen=True)
class Derived:
    values: np.ndarray  # (n,) float, NaN where it cannot be derived
    estimated: np.ndarray  # (n,) bool


def travel_model(scenario: Scenario) -> geo.TravelModel:
    names = {f.name for f in fields(geo.TravelModel)}
    return geo.TravelModel(**{k: v for k, v in scenario.travel.items() if k in names})


@cache
def _regency_area(regency_code: str) -> str:
    try:
        return geo.default_area_type(regency_code)
    except geo.GeoLookupError:
        return "rural"


def _area_type(code: str) -> str:
    """geo.default_area_type, decided once per regency: a kelurahan (1xxx) is urban, a desa takes
    its regency's type (kota → urban, sparse → remote, else rural)."""
    if len(code) == 13 and code[9] == "1":
        return "urban"
    return _regency_area(code[:5])


def _flag(scenario: Scenario, *names: str) -> np.ndarray:
    return np.fromiter(
        (any(n in v.estimated for n in names) for v in scenario.villages),
        dtype=bool,
        count=len(scenario.villages),
    )


def _unit_vectors(lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    p, q = np.radians(lat), np.radians(lng)
    return np.stack([np.cos(p) * np.cos(q), np.cos(p) * np.sin(q), np.sin(p)], axis=1)


def nearest_post(
    lat: np.ndarray, lng: np.ndarray, post_lat: np.ndarray, post_lng: np.ndarray
) -> np.ndarray:
    """Index of the nearest post (great circle) for every point.

    Points are taken in latitude order, in chunks; each chunk is compared only with the posts in
    its latitude band widened by ``BAND_DEG``. A great-circle distance is never shorter than the
    difference in latitude, so an answer closer than the band's edge is certainly the nearest;
    the rare point without such an answer is compared with every post. (float64 on purpose: in
    float32 a dot product near 1 cannot tell posts ~2 km apart.)
    """
    band = np.radians(BAND_DEG)
    a, b = _unit_vectors(lat, lng), _unit_vectors(post_lat, post_lng)
    p_order = np.argsort(post_lat)
    p_lat = np.radians(np.asarray(post_lat, dtype=float)[p_order])
    v_lat = np.radians(np.asarray(lat, dtype=float))
    nearest = np.full(lat.size, -1, dtype=np.int64)
    order = np.argsort(v_lat)
    for s in range(0, order.size, CHUNK):
        idx = order[s : s + CHUNK]
        lo, hi = v_lat[idx[0]] - band, v_lat[idx[-1]] + band
        a0, a1 = np.searchsorted(p_lat, lo, "left"), np.searchsorted(p_lat, hi, "right")
        if a0 == a1:
            continue
        cand = p_order[a0:a1]
        dots = a[idx] @ b[cand].T
        best = np.argmax(dots, axis=1)
        angle = np.arccos(np.clip(dots[np.arange(idx.size), best], -1.0, 1.0))
        # no post beyond an edge that has no posts at all
        room_lo = v_lat[idx] - lo if a0 > 0 else np.inf
        room_hi = hi - v_lat[idx] if a1 < p_lat.size else np.inf
        sure = angle + 1e-9 < np.minimum(room_lo, room_hi)
        nearest[idx[sure]] = cand[best[sure]]
    rest = np.flatnonzero(nearest < 0)
    for s in range(0, rest.size, CHUNK):
        idx = rest[s : s + CHUNK]
        nearest[idx] = np.argmax(a[idx] @ b.T, axis=1)
    return nearest


def derive(scenario: Scenario, settings: AssessSettings, wanted: set[str]) -> dict[str, Derived]:
    """The derived values among ``wanted`` for every village, in scenario order."""
    vs = scenario.villages
    n = len(vs)
    out: dict[str, Derived] = {}
    if "voters" in wanted or "voters_per_tps" in wanted:
        voters = np.fromiter((v.voters for v in vs), dtype=float, count=n)
    if "tps" in wanted or "voters_per_tps" in wanted:
        tps = np.fromiter((v.tps for v in vs), dtype=float, count=n)
    if "voters" in wanted:
        out["voters"] = Derived(voters, _flag(scenario, "voters"))
    if "tps" in wanted:
        out["tps"] = Derived(tps, _flag(scenario, "tps"))
    if "candidates" in wanted:
        cands = np.fromiter((v.candidates for v in vs), dtype=float, count=n)
        out["candidates"] = Derived(cands, _flag(scenario, "candidates"))
    if "incumbent_running" in wanted:
        inc = np.fromiter((v.incumbent_running for v in vs), dtype=float, count=n)
        out["incumbent_running"] = Derived(inc, _flag(scenario, "incumbent_running"))
    if "voters_per_tps" in wanted:
        out["voters_per_tps"] = Derived(voters / tps, _flag(scenario, "voters", "tps"))
    if "travel_min_polsek" in wanted or "dist_capital_km" in wanted:
        lat = np.fromiter((v.lat for v in vs), dtype=float, count=n)
        lng = np.fromiter((v.lng for v in vs), dtype=float, count=n)
    if "travel_min_polsek" in wanted:
        out["travel_min_polsek"] = _travel(scenario, settings, lat, lng)
    if "dist_capital_km" in wanted:
        out["dist_capital_km"] = _capital(scenario, settings, lat, lng)
    return out


def _travel(
    scenario: Scenario, settings: AssessSettings, lat: np.ndarray, lng: np.ndarray
) -> Derived:
    posts = [u for u in scenario.units if u.kind in settings.posts]
    if not posts:
        return Derived(np.full(lat.size, np.nan), np.zeros(lat.size, dtype=bool))
    model = travel_model(scenario)
    # A village's own `area_type` column (urban/periurban/rural/remote) beats the geo guess.
    area = np.array(
        [
            a
            if isinstance(a := v.indicators.get("area_type"), str) and a in geo.AREA_TYPES
            else _area_type(v.code)
            for v in scenario.villages
        ]
    )
    p_lat = np.array([u.lat for u in posts])
    p_lng = np.array([u.lng for u in posts])
    nearest = nearest_post(lat, lng, p_lat, p_lng)
    minutes = np.asarray(model.minutes(lat, lng, p_lat[nearest], p_lng[nearest], area=area), float)
    post_est = np.array([bool({"lat", "lng"} & u.estimated) for u in posts])
    est = post_est[nearest] | model.estimated
    return Derived(minutes, est)


def _capital(
    scenario: Scenario, settings: AssessSettings, lat: np.ndarray, lng: np.ndarray
) -> Derived:
    if settings.capital is not None:
        c_lat, c_lng = settings.capital
        estimated = False
    else:
        hq = next((u for u in scenario.units if u.kind == UnitKind.POLRES_SAMAPTA), None)
        if hq is not None:
            c_lat, c_lng, estimated = hq.lat, hq.lng, bool({"lat", "lng"} & hq.estimated)
        else:
            region = geo.region(scenario.region_code)
            if not region.has_point:
                return Derived(np.full(lat.size, np.nan), np.zeros(lat.size, dtype=bool))
            c_lat, c_lng, estimated = region.lat, region.lng, True  # type: ignore[assignment]
    km = np.asarray(geo.haversine_km(lat, lng, c_lat, c_lng), dtype=float)
    return Derived(km, np.full(lat.size, estimated))


__all__ = ["DERIVED", "Derived", "derive", "nearest_post", "travel_model"]
