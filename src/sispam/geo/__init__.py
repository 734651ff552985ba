"""Geografi tertanam (embedded geography): every Indonesian region code and name, Klaten's
village/kecamatan polygons, centroids, population and area, and a simple travel-time model.

The data are derived from Cahya DSN's MIT-licensed ``wilayah`` and ``wilayah_boundaries``
datasets by ``scripts/build_geodata.py`` (see ``DATA_LICENSES``) and load lazily, once.

>>> from sispam import geo
>>> geo.find_village("Karanganom", within="Klaten Utara").code
'33.10.24.2003'
"""

from __future__ import annotations

from functools import cache

import numpy as np

from . import _store
from .errors import GeoAmbiguityError, GeoLookupError
from .lookup import (
    area,
    districts_in,
    find_district,
    find_province,
    find_regency,
    find_village,
    level_of_code,
    regencies_in,
    regency_area_km2,
    regency_population,
    region,
    villages_in,
)
from .polygons import (
    district_polygon,
    polygon_area_km2,
    polygon_codes,
    regency_outline,
    village_area_km2,
    village_polygon,
)
from .region import LEVELS, Level, Region
from .travel import AREA_TYPES, AreaType, TravelModel, default_area_type, haversine_km


@cache
def all_village_centroids() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(codes, lat, lng) of the 83,246 villages with a point, sorted by code; read-only arrays."""
    return _store.village_centroids()


__all__ = [
    "AREA_TYPES",
    "LEVELS",
    "AreaType",
    "GeoAmbiguityError",
    "GeoLookupError",
    "Level",
    "Region",
    "TravelModel",
    "all_village_centroids",
    "area",
    "default_area_type",
    "district_polygon",
    "districts_in",
    "find_district",
    "find_province",
    "find_regency",
    "find_village",
    "haversine_km",
    "level_of_code",
    "polygon_area_km2",
    "polygon_codes",
    "regencies_in",
    "regency_area_km2",
    "regency_outline",
    "regency_population",
    "region",
    "village_area_km2",
    "village_polygon",
    "villages_in",
]
