"""Kecamatan and regency borders traced along the village polygons."""

from __future__ import annotations

from sispam.report.geometry import region_shapes


def _vertices(shapes) -> set[tuple[float, float]]:
    return {(round(x, 6), round(y, 6)) for s in shapes.villages.values() for r in s for x, y in r}


def test_borders_follow_village_vertices() -> None:
    shapes = region_shapes("33.10")
    assert len(shapes.villages) == 401
    verts = _vertices(shapes)
    for line in shapes.district_lines + shapes.outline_lines:
        for x, y in line:
            assert (round(x, 6), round(y, 6)) in verts


def test_outline_spans_the_regency_and_districts_are_inside() -> None:
    shapes = region_shapes("33.10")
    x0, y0, x1, y1 = shapes.bounds
    pts = [p for line in shapes.outline_lines for p in line]
    assert min(p[0] for p in pts) == x0 and max(p[0] for p in pts) == x1
    assert min(p[1] for p in pts) == y0 and max(p[1] for p in pts) == y1
    inner = [p for line in shapes.district_lines for p in line]
    assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in inner)
    # 26 kecamatan share many borders; their lines are far longer than the outline.
    assert len(inner) > len(pts)
    assert len(shapes.district_labels) == 26


def test_regions_without_polygons_are_empty() -> None:
    assert region_shapes("31.71").empty  # a regency without embedded polygons
    assert region_shapes("33").empty  # a province: its villages are drawn as points
