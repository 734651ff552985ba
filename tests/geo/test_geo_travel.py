"""Great-circle distances and the travel-time model."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sispam import geo
from sispam.geo import TravelModel, haversine_km

lat_s = st.floats(-11.0, 6.0, allow_nan=False)
lng_s = st.floats(95.0, 141.0, allow_nan=False)


def test_known_distances() -> None:
    # Monas (Jakarta) to Gedung Sate (Bandung): ~119 km great-circle
    assert haversine_km(-6.1754, 106.8272, -6.9025, 107.6188) == pytest.approx(119.1, abs=1.0)
    # a quarter meridian on the mean sphere: π/2 · 6371.0088
    assert haversine_km(0, 0, 90, 0) == pytest.approx(math.pi / 2 * 6371.0088, rel=1e-9)
    # one degree of longitude on the equator
    assert haversine_km(0, 110, 0, 111) == pytest.approx(111.195, abs=1e-3)
    # antipodes do not overflow arcsin
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)


def test_haversine_against_geodesic() -> None:
    pyproj = pytest.importorskip("pyproj")
    geod = pyproj.Geod(ellps="WGS84")
    _, _, m = geod.inv(106.8272, -6.1754, 107.6188, -6.9025)
    # the sphere is good to ~0.5 % against the ellipsoid
    assert haversine_km(-6.1754, 106.8272, -6.9025, 107.6188) == pytest.approx(m / 1000, rel=5e-3)


def test_minutes_formula_and_defaults() -> None:
    m = TravelModel()
    km = float(haversine_km(-7.70, 110.60, -7.80, 110.70))
    assert float(m.minutes(-7.70, 110.60, -7.80, 110.70)) == pytest.approx(km * 1.3 / 40 * 60)
    assert float(m.minutes(-7.70, 110.60, -7.80, 110.70, area="urban")) == pytest.approx(
        km * 1.3 / 25 * 60
    )
    assert m.speeds == {"urban": 25.0, "periurban": 35.0, "rural": 40.0, "remote": 20.0}
    assert m.estimated


def test_minutes_broadcasts_and_takes_area_arrays() -> None:
    m = TravelModel()
    lat = np.array([-7.70, -7.75, -7.80])
    lng = np.array([110.60, 110.65, 110.70])
    out = m.minutes(-7.70, 110.60, lat, lng, area=np.array(["urban", "rural", "remote"]))
    assert out.shape == (3,)
    assert out[0] == 0.0
    km = haversine_km(-7.70, 110.60, lat, lng)
    np.testing.assert_allclose(out, km * 1.3 * 60 / np.array([25.0, 40.0, 20.0]))


def test_matrix_equals_pairwise_minutes_and_chunks() -> None:
    rng = np.random.default_rng(7)
    la, lna = rng.uniform(-8, -7.5, 37), rng.uniform(110.4, 110.8, 37)
    lb, lnb = rng.uniform(-8, -7.5, 11), rng.uniform(110.4, 110.8, 11)
    m = TravelModel()
    areas = np.array(["urban", "rural", "remote", "periurban"] * 3)[:11]
    full = m.matrix(la, lna, lb, lnb, area=areas, dtype=np.float64)
    expected = m.minutes(la[:, None], lna[:, None], lb[None, :], lnb[None, :], area=areas)
    np.testing.assert_allclose(full, expected, rtol=1e-12)
    small_chunks = m.matrix(la, lna, lb, lnb, area=areas, chunk_elems=20)
    assert small_chunks.dtype == np.float32 and small_chunks.shape == (37, 11)
    np.testing.assert_allclose(small_chunks, expected, rtol=1e-6)
    per_origin = m.matrix(la, lna, lb, lnb, area=np.full((37, 1), "remote"))
    remote = m.minutes(la[:, None], lna[:, None], lb[None, :], lnb[None, :], area="remote")
    np.testing.assert_allclose(per_origin, remote, rtol=1e-6)


def test_bad_parameters_are_refused_in_the_users_language() -> None:
    with pytest.raises(ValueError, match="km/jam"):
        TravelModel(speed_rural_kmh=0)
    with pytest.raises(ValueError):
        TravelModel(detour_factor=0.9)
    with pytest.raises(ValueError, match="kota"):
        TravelModel().minutes(0, 0, 1, 1, area="kota")
    with pytest.raises(ValueError):
        TravelModel().minutes(0, 0, [1, 1], [1, 1], area=np.array(["rural", "jungle"]))


@settings(max_examples=200, deadline=None)
@given(lat_s, lng_s, lat_s, lng_s, lat_s, lng_s, st.sampled_from(geo.AREA_TYPES))
def test_minutes_monotone_in_distance(a, b, c, d, e, f, area) -> None:
    m = TravelModel()
    d1, d2 = haversine_km(a, b, c, d), haversine_km(a, b, e, f)
    t1, t2 = m.minutes(a, b, c, d, area=area), m.minutes(a, b, e, f, area=area)
    if d1 < d2:
        assert t1 <= t2
    elif d1 > d2:
        assert t1 >= t2


@settings(max_examples=200, deadline=None)
@given(lat_s, lng_s, st.sampled_from(geo.AREA_TYPES), st.floats(1.0, 3.0))
def test_same_point_takes_no_time(a, b, area, detour) -> None:
    assert TravelModel(detour_factor=detour).minutes(a, b, a, b, area=area) == 0.0


@settings(max_examples=200, deadline=None)
@given(lat_s, lng_s, lat_s, lng_s, lat_s, lng_s)
def test_distance_is_a_metric(a, b, c, d, e, f) -> None:
    ab, ba = haversine_km(a, b, c, d), haversine_km(c, d, a, b)
    assert ab >= 0 and ab == pytest.approx(ba, abs=1e-9)
    assert ab <= haversine_km(a, b, e, f) + haversine_km(e, f, c, d) + 1e-9


@settings(max_examples=100, deadline=None)
@given(lat_s, lng_s, lat_s, lng_s)
def test_slower_areas_take_longer(a, b, c, d) -> None:
    m = TravelModel()
    by_area = {area: float(m.minutes(a, b, c, d, area=area)) for area in geo.AREA_TYPES}
    assert by_area["rural"] <= by_area["periurban"] <= by_area["urban"] <= by_area["remote"]


def test_default_area_type() -> None:
    assert geo.default_area_type("33.10.25.1001") == "urban"  # a kelurahan in Klaten Tengah
    assert geo.default_area_type("33.10.24.2003") == "rural"  # desa Karanganom
    kota = geo.villages_in("Kota Bandung")[0]
    assert geo.default_area_type(kota.code) == "urban"
    # Pegunungan Bintang (Papua highlands): ~8 people per km²; Jayawijaya: ~105
    assert geo.default_area_type(geo.villages_in("95.02", desa_only=True)[0].code) == "remote"
    assert geo.default_area_type(geo.villages_in("95.01", desa_only=True)[0].code) == "rural"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(lat_s, lng_s), min_size=1, max_size=12))
def test_matrix_is_symmetric_with_a_zero_diagonal(points) -> None:
    lat, lng = np.array(points).T
    m = TravelModel().matrix(lat, lng, lat, lng, dtype=np.float64)
    assert np.all(np.diag(m) == 0.0)
    np.testing.assert_allclose(m, m.T, atol=1e-9)
    expected = TravelModel().minutes(lat[:, None], lng[:, None], lat[None, :], lng[None, :])
    np.testing.assert_allclose(m, expected, rtol=1e-9, atol=1e-9)
