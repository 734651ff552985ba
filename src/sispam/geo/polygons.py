"""Batas wilayah (boundaries) of Klaten: village, kecamatan and regency polygons as GeoJSON.

Only Kabupaten Klaten (33.10) ships polygons; elsewhere these return ``None``. Every geometry is
valid (the one self-intersecting source polygon is repaired at build time). Coordinates are
GeoJSON order, ``[lng, lat]``. Each call returns a fresh dict: callers may mutate it freely.
"""

from __future__ import annotations

import json
import math

import numpy as np

from . import _store
from .lookup import region


def village_polygon(code: str) -> dict | None:
    """GeoJSON geometry (Polygon or MultiPolygon) of a desa/kelurahan, or ``None``."""
    text = _store.polygons("village").get(region(code).code)
    return json.loads(text) if text else None


def district_polygon(code: str) -> dict | None:
    """GeoJSON geometry of a kecamatan, or ``None``."""
    text = _store.polygons("district").get(region(code).code)
    return json.loads(text) if text else None


def regency_outline(code: str) -> dict | None:
    """GeoJSON geometry of a kabupaten/kota outline, or ``None``."""
    text = _store.polygons("regency").get(region(code).code)
    return json.loads(text) if text else None


def polygon_codes(level: str = "village") -> list[str]:
    """Codes that have an embedded polygon at ``level`` (village, district, regency), sorted."""
    return sorted(_store.polygons(level))  # type: ignore[arg-type]


# WGS84. Areas are computed on the authalic sphere: mapping geodetic latitude to authalic
# latitude preserves area exactly, so the spherical formula below gives ellipsoidal areas
# (a plain sphere of radius 6371 km overstates Klaten by ~0.4 %, 704.5 vs 701.4 km²).
_A = 6378.137
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_E = math.sqrt(_E2)


def _q(sin_phi: np.ndarray | float) -> np.ndarray | float:
    es = _E * sin_phi
    return (1 - _E2) * (sin_phi / (1 - es * es) - np.log((1 - es) / (1 + es)) / (2 * _E))


_QP = float(_q(1.0))
AUTHALIC_RADIUS_KM = _A * math.sqrt(_QP / 2)


def _ring_area_km2(ring: list[list[float]]) -> float:
    # Spherical excess of a ring (Chamberlain & Duquette 2007, as used by d3/turf) on the
    # authalic sphere: A = R²/2 · |Σ (λ[i+1] − λ[i−1]) · sin β[i]|.
    pts = np.radians(np.asarray(ring, dtype=float))
    lng = pts[:, 0]
    sin_beta = _q(np.sin(pts[:, 1])) / _QP
    total = np.sum((np.roll(lng, -1) - np.roll(lng, 1)) * sin_beta)
    return float(abs(total) * AUTHALIC_RADIUS_KM**2 / 2.0)


def polygon_area_km2(geometry: dict) -> float:
    """Area (km²) of a GeoJSON Polygon/MultiPolygon on the WGS84 ellipsoid (holes subtracted)."""
    kind = geometry["type"]
    polys = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"not a polygon: {kind}")
    area = 0.0
    for rings in polys:
        area += _ring_area_km2(rings[0]) - sum(_ring_area_km2(r) for r in rings[1:])
    return area


def village_area_km2(code: str) -> float | None:
    """Luas desa (km²) from its polygon; ``None`` outside Klaten."""
    geom = village_polygon(code)
    return polygon_area_km2(geom) if geom else None
