"""Waktu tempuh (travel time) between points: great-circle distance × detour factor ÷ speed.

Sispam has no road network; a police truck's time to a village is estimated as

    minutes = haversine_km × detour_factor ÷ speed_kmh(area type) × 60

Default figures, all *estimates* to be overridden by a scenario that knows its roads:

- ``detour_factor = 1.3``: road distance over straight-line distance (circuity). Studies of road
  networks find 1.2–1.4 for most countries (Ballou et al. 2002; Boscoe et al. 2012 report 1.4 for
  the US, lower in dense grids). Java's lowland villages sit on a dense, grid-like road net, so
  1.3; mountain roads (e.g. Kemalang on Merapi's slope) wind more, which the lower ``remote``
  speed absorbs.
- speeds (km/h), the average over the whole trip including turning out and slowing through
  settlements, for a convoy of Dalmas trucks rather than a lone patrol car:
  ``urban 25`` (town centres, markets, one-way systems; Indonesian city traffic averages
  ~20–30 km/h), ``periurban 35`` (ribbon settlements along provincial roads), ``rural 40``
  (kabupaten roads between sawah, few lights), ``remote 20`` (narrow, steep or unpaved roads,
  river crossings).

With these, a village 25 km (straight line) from Polres Klaten's HQ is ~49 min away on rural
roads. These speeds are not calibrated against observed response times (we have none): treat
them as a starting point and say so where travel times are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from sispam.i18n import t

AreaType = Literal["urban", "periurban", "rural", "remote"]
AREA_TYPES: tuple[AreaType, ...] = ("urban", "periurban", "rural", "remote")

# IUGG mean Earth radius; the sphere is good to ~0.5 % against the ellipsoid.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: ArrayLike, lng1: ArrayLike, lat2: ArrayLike, lng2: ArrayLike) -> np.ndarray:
    """Great-circle distance (km) between points in degrees; numpy broadcasting applies."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlam = np.radians(np.subtract(lng2, lng1))
    h = np.sin(dphi / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlam / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _unit(lat: ArrayLike, lng: ArrayLike) -> np.ndarray:
    """(n, 3) unit vectors of points given in degrees."""
    la = np.radians(np.asarray(lat, dtype=float).ravel())
    ln = np.radians(np.asarray(lng, dtype=float).ravel())
    c = np.cos(la)
    return np.stack([c * np.cos(ln), c * np.sin(ln), np.sin(la)], axis=-1)


@dataclass(frozen=True)
class TravelModel:
    """Model waktu tempuh (travel-time model); see the module docstring for the defaults' basis.

    ``estimated`` marks the figures as estimates, so reports can flag travel times derived from
    them.
    """

    detour_factor: float = 1.3
    speed_urban_kmh: float = 25.0
    speed_periurban_kmh: float = 35.0
    speed_rural_kmh: float = 40.0
    speed_remote_kmh: float = 20.0
    default_area: AreaType = "rural"
    estimated: bool = True

    def __post_init__(self) -> None:
        if not self.detour_factor >= 1.0:
            raise ValueError(t("geo.travel.bad_detour", value=self.detour_factor))
        for f in fields(self):
            if f.name.startswith("speed_") and not getattr(self, f.name) > 0:
                raise ValueError(
                    t("geo.travel.bad_speed", area=f.name[6:-4], value=getattr(self, f.name))
                )
        if self.default_area not in AREA_TYPES:
            raise ValueError(
                t("geo.travel.unknown_area", area=self.default_area, choices=", ".join(AREA_TYPES))
            )

    @property
    def speeds(self) -> dict[AreaType, float]:
        """km/h per area type."""
        return {a: getattr(self, f"speed_{a}_kmh") for a in AREA_TYPES}

    def speed_kmh(self, area: str | ArrayLike | None = None) -> float | np.ndarray:
        """Speed for one area type (a float) or an array of area types (an array)."""
        speeds = self.speeds
        if area is None:
            return speeds[self.default_area]
        if isinstance(area, str):
            if area not in speeds:
                raise ValueError(
                    t("geo.travel.unknown_area", area=area, choices=", ".join(AREA_TYPES))
                )
            return speeds[area]  # type: ignore[index]
        arr = np.asarray(area)
        uniq, inverse = np.unique(arr, return_inverse=True)
        bad = [str(u) for u in uniq if u not in speeds]
        if bad:
            raise ValueError(
                t("geo.travel.unknown_area", area=bad[0], choices=", ".join(AREA_TYPES))
            )
        return np.array([speeds[str(u)] for u in uniq])[inverse].reshape(arr.shape)

    def minutes(
        self,
        lat1: ArrayLike,
        lng1: ArrayLike,
        lat2: ArrayLike,
        lng2: ArrayLike,
        area: str | ArrayLike | None = None,
    ) -> np.ndarray:
        """Travel minutes between points (degrees); broadcasts like numpy. ``area``: an area type
        (default ``default_area``) or an array of them broadcastable to the points."""
        km = haversine_km(lat1, lng1, lat2, lng2)
        return km * (self.detour_factor * 60.0) / self.speed_kmh(area)

    def matrix(
        self,
        lat_a: ArrayLike,
        lng_a: ArrayLike,
        lat_b: ArrayLike,
        lng_b: ArrayLike,
        area: str | ArrayLike | None = None,
        dtype: type = np.float32,
        chunk_elems: int = 4_000_000,
    ) -> np.ndarray:
        """|A|×|B| travel minutes from every A to every B, built in row chunks so that a large
        matrix (e.g. 83k villages × 100 posts) needs no float64 temporary of full size.

        ``area`` broadcasts to ``(|A|, |B|)``: a string, one per destination ``(|B|,)``, one per
        origin ``(|A|, 1)`` or a full array.
        """
        # Great-circle distance from the chord between unit vectors, 2R·asin(|u−v|/2): the same
        # value as haversine, without per-element trigonometry (3-4× faster on large matrices).
        ua, ub = _unit(lat_a, lng_a), _unit(lat_b, lng_b)
        n_a, n_b = len(ua), len(ub)
        speed = np.asarray(self.speed_kmh(area), dtype=float)
        factor = np.broadcast_to(
            2.0 * EARTH_RADIUS_KM * self.detour_factor * 60.0 / speed, (n_a, n_b)
        )
        out = np.empty((n_a, n_b), dtype=dtype)
        step = max(1, chunk_elems // max(n_b, 1))
        for start in range(0, n_a, step):
            s = slice(start, min(start + step, n_a))
            a = ua[s]
            d2 = (a[:, None, 0] - ub[None, :, 0]) ** 2
            d2 += (a[:, None, 1] - ub[None, :, 1]) ** 2
            d2 += (a[:, None, 2] - ub[None, :, 2]) ** 2
            np.sqrt(d2, out=d2)
            d2 *= 0.5
            np.minimum(d2, 1.0, out=d2)
            np.arcsin(d2, out=d2)
            d2 *= factor[s]
            out[s] = d2
        return out


def default_area_type(code: str) -> AreaType:
    """A first guess of a village's area type, for scenarios that give none (an *estimate*).

    kelurahan or any village of a kota → ``urban``; a desa in a regency with fewer than 50 people
    per km² → ``remote``; other desa → ``rural``. ``periurban`` is never guessed: set it in the
    scenario where it applies.
    """
    from .lookup import regency_area_km2, regency_population, region

    reg = region(code)
    regency = region(reg.regency_code) if reg.regency_code else None
    if reg.is_kelurahan or (regency is not None and regency.is_kota):
        return "urban"
    if regency is not None:
        pop, area = regency_population(regency.code), regency_area_km2(regency.code)
        if pop and area and pop / area < 50:
            return "remote"
    return "rural"
