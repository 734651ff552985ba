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
def _area_type(code: str) -> str:
    try:
        return geo.default_area_type(code)
    except geo.GeoLookupError:
        return "rural"


def _flag(scenario: Scenario, *names: str) -> np.ndarray:
    return np.fromiter(
        (any(n in v.estimated for n in names) for v in scenario.villages),
        dtype=bool,
        count=len(scenario.villages),
    )


def nearest_post_minutes(
    lat: np.ndarray,
    lng: np.ndarray,
    post_lat: np.ndarray,
    post_lng: np.ndarray,
    model: geo.TravelModel,
    area: np.ndarray | str | None,
) -> tuple[np.ndarray, np.ndarray]:
    """(minutes, index of the nearest post) for every point; nearest by great circle, which is
    also nearest in time since the speed depends on the village's area type only."""

    def unit(la: np.ndarray, ln: np.ndarray) -> np.ndarray:
        p, q = np.radians(la), np.radians(ln)
        return np.stack([np.cos(p) * np.cos(q), np.cos(p) * np.sin(q), np.sin(p)], axis=1)

    a, b = unit(lat, lng), unit(post_lat, post_lng)
    nearest = np.empty(lat.size, dtype=np.int64)
    step = max(1, 2_000_000 // max(b.shape[0], 1))  # bounded memory for 83k × thousands of posts
    for s in range(0, lat.size, step):
        nearest[s : s + step] = np.argmax(a[s : s + step] @ b.T, axis=1)
    minutes = model.minutes(lat, lng, post_lat[nearest], post_lng[nearest], area=area)
    return np.asarray(minutes, dtype=float), nearest


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
    minutes, nearest = nearest_post_minutes(lat, lng, p_lat, p_lng, model, area)
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


__all__ = ["DERIVED", "Derived", "derive", "nearest_post_minutes", "travel_model"]
