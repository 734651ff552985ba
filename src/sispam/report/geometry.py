"""Batas wilayah untuk peta (boundaries for the maps): every village, kecamatan and the regency
outline of the scenario's region, as lists of rings in ``(lng, lat)``.

Only regions with embedded polygons (Klaten) have shapes; elsewhere the maps fall back to points
at the villages' coordinates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import numpy as np
from matplotlib.path import Path

from sispam import geo

Ring = tuple[tuple[float, float], ...]
Shape = tuple[Ring, ...]  # outer rings and holes, drawn with the even-odd rule
Line = tuple[tuple[float, float], ...]  # an open polyline


def _rings(geometry: dict | None) -> Shape:
    if not geometry:
        return ()
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return tuple(tuple((float(x), float(y)) for x, y in ring) for rings in polys for ring in rings)


@dataclass(frozen=True)
class RegionShapes:
    villages: dict[str, Shape]  # every village of the regency with a polygon
    district_lines: tuple[Line, ...]  # borders between kecamatan, traced along the villages
    outline_lines: tuple[Line, ...]  # the regency's border, traced along the villages
    names: dict[str, str]  # village code → name (for villages outside the scenario too)
    district_labels: tuple[tuple[float, float, str], ...]  # (lng, lat, kecamatan name)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min lng, min lat, max lng, max lat) of everything drawn."""
        pts = [p for shape in self.villages.values() for ring in shape for p in ring]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    @property
    def empty(self) -> bool:
        return not self.villages


def _key(p: tuple[float, float]) -> tuple[float, float]:
    return (round(p[0], 6), round(p[1], 6))


def _borders(villages: dict[str, Shape]) -> tuple[list, list]:
    """Segments of village rings that lie between two kecamatan, and those on the regency edge.

    The embedded kecamatan and regency outlines are simplified far more than the villages, so
    drawn together they cross villages; tracing the villages' own edges keeps the lines on the
    village borders. Neighbours share most vertices; for the segments they do not, the village
    just across the segment's midpoint decides.
    """
    owners: dict[tuple, list[str]] = defaultdict(list)
    geom: dict[tuple, tuple] = {}
    for code, shape in villages.items():
        for ring in shape:
            for a, b in zip(ring, ring[1:], strict=False):
                k = tuple(sorted((_key(a), _key(b))))
                if k[0] == k[1]:
                    continue
                owners[k].append(code)
                geom[k] = (a, b)
    district: list = []
    outer: list = []
    lonely = [k for k, o in owners.items() if len(o) == 1]
    for k, o in owners.items():
        if len(o) >= 2 and o[0][:8] != o[1][:8]:
            district.append(geom[k])
    if not lonely:
        return district, outer
    seg = np.array([geom[k] for k in lonely])  # (n, 2 points, 2 coords)
    mid = seg.mean(axis=1)
    d = seg[:, 1] - seg[:, 0]
    normal = np.stack([-d[:, 1], d[:, 0]], axis=1)
    normal /= np.linalg.norm(normal, axis=1, keepdims=True)
    todo = np.arange(len(lonely))
    # Probe ~2 m to each side; where nothing is found, look further (~20 m, ~100 m): the
    # villages do not tile exactly, and a sliver gap is not the regency's edge.
    for eps in (2e-5, 2e-4, 1e-3):
        probes = np.concatenate([mid[todo] + eps * normal[todo], mid[todo] - eps * normal[todo]])
        found = _containing(villages, probes)
        n = len(todo)
        left = []
        for j, i in enumerate(todo):
            own = owners[lonely[i]][0]
            others = [c for c in found[j] + found[j + n] if c != own]
            if not others:
                left.append(i)
            elif others[0][:8] != own[:8]:
                district.append(geom[lonely[i]])
        todo = np.array(left, dtype=int)
        if not len(todo):
            break
    outer += [geom[lonely[i]] for i in todo]
    return district, outer


def _containing(villages: dict[str, Shape], probes: np.ndarray) -> list[list[str]]:
    """For each probe point, the codes of the villages that contain it."""
    inside: list[list[str]] = [[] for _ in range(len(probes))]
    order = np.argsort(probes[:, 0])
    xs = probes[order, 0]
    for code, shape in villages.items():
        pts = np.array([p for ring in shape for p in ring])
        (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
        i0, i1 = np.searchsorted(xs, [x0, x1], side="left")
        idx = order[i0:i1]  # probes within the village's x-range, then its y-range
        idx = idx[(probes[idx, 1] >= y0) & (probes[idx, 1] <= y1)]
        if not len(idx):
            continue
        hit = np.zeros(len(idx), dtype=bool)
        for ring in shape:  # even-odd: a hole flips the answer back
            hit ^= Path(ring).contains_points(probes[idx])
        for i in idx[hit]:
            inside[i].append(code)
    return inside


def _chain(segments: list) -> tuple[Line, ...]:
    """Join segments that meet end to end into polylines (fewer, smoother strokes)."""
    ends: dict[tuple, list[int]] = defaultdict(list)
    for i, (a, b) in enumerate(segments):
        ends[_key(a)].append(i)
        ends[_key(b)].append(i)
    used = [False] * len(segments)
    lines: list[Line] = []
    for start in range(len(segments)):
        if used[start]:
            continue
        used[start] = True
        a, b = segments[start]
        line = [a, b]
        for forward in (True, False):
            tip = line[-1] if forward else line[0]
            while True:
                nxt = next((i for i in ends[_key(tip)] if not used[i]), None)
                if nxt is None:
                    break
                used[nxt] = True
                p, q = segments[nxt]
                tip = q if _key(p) == _key(tip) else p
                if forward:
                    line.append(tip)
                else:
                    line.insert(0, tip)
        lines.append(tuple(line))
    return tuple(lines)


@cache
def region_shapes(regency_code: str) -> RegionShapes:
    """Shapes of a kabupaten/kota (``33.10``); empty where no polygons are embedded, and for a
    scenario over a province or the country (its villages are drawn as points)."""
    code = regency_code
    if code.count(".") != 1:
        return RegionShapes({}, (), (), {}, ())
    prefix = code + "."
    village_codes = [c for c in geo.polygon_codes("village") if c.startswith(prefix)]
    villages = {c: _rings(geo.village_polygon(c)) for c in village_codes}
    district, outer = _borders(villages)
    names = {c: geo.region(c).name for c in village_codes}
    labels = []
    for d in geo.districts_in(code):
        if d.lat is not None and d.lng is not None:
            labels.append((d.lng, d.lat, d.name))
    return RegionShapes(villages, _chain(district), _chain(outer), names, tuple(labels))
