"""Klaten's embedded polygons: validity, total area, reference points inside their boundary."""

from __future__ import annotations

import pytest

from sispam import geo

shapely = pytest.importorskip("shapely")
from shapely.geometry import Point, shape  # noqa: E402

KLATEN = geo.villages_in("33.10")
M_PER_DEG = 111_195.0


def test_every_klaten_village_has_a_valid_polygon() -> None:
    assert geo.polygon_codes("village") == [v.code for v in KLATEN]
    for v in KLATEN:
        g = geo.village_polygon(v.code)
        assert g is not None and g["type"] in ("Polygon", "MultiPolygon"), v.code
        assert shape(g).is_valid, v.code
    assert len(geo.polygon_codes("district")) == 26
    assert geo.polygon_codes("regency") == ["33.10"]


def test_repaired_sedayu_is_valid_and_keeps_its_area() -> None:
    g = shape(geo.village_polygon("33.10.19.2002"))  # self-intersecting in the source
    assert g.is_valid
    # the unrepaired source ring measures 3.0786 km²; the repair changed it by 2e-7 (MANIFEST)
    assert geo.village_area_km2("33.10.19.2002") == pytest.approx(3.0786, abs=1e-3)


def test_total_village_area_matches_official_klaten_area() -> None:
    total = sum(geo.village_area_km2(v.code) for v in KLATEN)
    # official 701.511 km²; the simplified polygons give ~701.5
    assert total == pytest.approx(geo.regency_area_km2("33.10"), abs=3.0)
    districts = sum(
        geo.polygon_area_km2(geo.district_polygon(d.code)) for d in geo.districts_in("33.10")
    )
    assert districts == pytest.approx(total, rel=0.03)


def test_area_agrees_with_an_independent_geodesic() -> None:
    pyproj = pytest.importorskip("pyproj")
    geod = pyproj.Geod(ellps="WGS84")
    for v in KLATEN[::20]:
        g = geo.village_polygon(v.code)
        expected = abs(geod.geometry_area_perimeter(shape(g))[0]) / 1e6
        assert geo.village_area_km2(v.code) == pytest.approx(expected, rel=1e-4), v.code


def test_polygon_area_of_a_known_square() -> None:
    # a 0.1° × 0.1° cell at the equator: 11.13 km × 11.06 km on WGS84
    sq = {"type": "Polygon", "coordinates": [[[0, 0], [0.1, 0], [0.1, 0.1], [0, 0.1], [0, 0]]]}
    assert geo.polygon_area_km2(sq) == pytest.approx(123.1, rel=2e-3)
    holed = {
        "type": "Polygon",
        "coordinates": [
            [[0, 0], [0.1, 0], [0.1, 0.1], [0, 0.1], [0, 0]],
            [[0.02, 0.02], [0.02, 0.07], [0.07, 0.07], [0.07, 0.02], [0.02, 0.02]],
        ],
    }
    assert geo.polygon_area_km2(holed) == pytest.approx(123.1 * 0.75, rel=2e-3)


def test_every_village_point_lies_inside_its_polygon() -> None:
    for v in KLATEN:
        g = shape(geo.village_polygon(v.code))
        # points are stored to 5 decimals (~1 m), hence the tolerance
        assert g.distance(Point(v.lng, v.lat)) * M_PER_DEG < 2.0, v.code
        # and stay near the polygon's own centroid (moved inside only for concave shapes)
        c = g.centroid
        assert Point(c.x, c.y).distance(Point(v.lng, v.lat)) * M_PER_DEG < 2_000, v.code


def test_every_village_lies_in_its_district_and_regency() -> None:
    outline = shape(geo.regency_outline("33.10")).buffer(0.005)  # ~500 m: simplified outlines
    for d in geo.districts_in("33.10"):
        dist = shape(geo.district_polygon(d.code)).buffer(0.005)
        assert dist.contains(Point(d.lng, d.lat))
        for v in geo.villages_in(d.code):
            assert dist.contains(Point(v.lng, v.lat)), (d.code, v.code)
            assert outline.contains(Point(v.lng, v.lat)), v.code


def test_polygons_are_fresh_copies_and_absent_outside_klaten() -> None:
    a = geo.village_polygon("33.10.24.2003")
    a["coordinates"] = []
    assert geo.village_polygon("33.10.24.2003")["coordinates"]
    assert geo.village_polygon("33.09.01.2001") is None  # Boyolali: no polygons embedded
    assert geo.district_polygon("33.09.01") is None
    assert geo.regency_outline("33.09") is None
    assert geo.village_area_km2("33.09.01.2001") is None
