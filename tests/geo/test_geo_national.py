"""The national tables: every region code and the village centroids for national runs."""

from __future__ import annotations

import numpy as np
import pytest

from sispam import geo
from sispam.geo import _store


def test_region_and_centroid_counts() -> None:
    tab = _store.table()
    assert len(tab.codes) == 91_599
    assert {lv: len(c) for lv, c in tab.by_level.items()} == {
        "province": 38,
        "regency": 514,
        "district": 7_285,
        "village": 83_762,
    }
    codes, lat, lng = geo.all_village_centroids()
    assert codes.shape == lat.shape == lng.shape == (83_246,)
    assert list(codes[:2]) == ["11.01.01.2001", "11.01.01.2002"]
    assert np.all(codes[:-1] < codes[1:])  # sorted, unique


def test_centroids_are_in_indonesia_and_read_only() -> None:
    codes, lat, lng = geo.all_village_centroids()
    assert np.all((lat > -11.5) & (lat < 6.5))
    assert np.all((lng > 94.5) & (lng < 141.5))
    with pytest.raises(ValueError):
        lat[0] = 0.0
    assert geo.all_village_centroids()[1] is lat  # cached, not rebuilt


def test_centroids_agree_with_region_points() -> None:
    codes, lat, lng = geo.all_village_centroids()
    i = int(np.searchsorted(codes, "33.10.24.2003"))
    v = geo.region("33.10.24.2003")
    assert codes[i] == v.code and (lat[i], lng[i]) == (v.lat, v.lng)


def test_regions_without_a_point() -> None:
    assert geo.region("33").lat is None and not geo.region("33").has_point
    codes, _, _ = geo.all_village_centroids()
    missing = set(_store.table().by_level["village"]) - set(codes.tolist())
    assert len(missing) == 83_762 - 83_246
    some = geo.region(sorted(missing)[0])
    assert some.lat is None and some.lng is None


def test_every_level_has_a_consistent_parent() -> None:
    tab = _store.table()
    for code in tab.codes[::97]:
        r = geo.region(code)
        if r.parent_code is not None:
            parent = geo.region(r.parent_code)
            assert geo.LEVELS.index(parent.level) == geo.LEVELS.index(r.level) - 1
