"""Peta interaktif (the page's map) as inline SVG: one path per village of the regency, coloured
by the chosen layer, kecamatan and regency outlines, unit bases, staging posts and postings.

Inline SVG keeps the page a single offline file with no map library; the layers are plain
``data-f-*`` attributes that a few lines of JavaScript swap into ``fill``.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

from sispam.report.geometry import RegionShapes, Shape

WIDTH = 1000.0
PAD = 12.0
OTHER = "#e4e4e4"  # villages that do not take part
SCALE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")  # ColorBrewer YlOrRd-5


def sequential(x: float) -> str:
    """A colour on the YlOrRd scale for ``x`` in [0, 1] (linear between the five stops)."""
    x = min(1.0, max(0.0, x)) * (len(SCALE) - 1)
    i = min(int(x), len(SCALE) - 2)
    f = x - i
    a, b = SCALE[i], SCALE[i + 1]
    mix = [round(int(a[k : k + 2], 16) * (1 - f) + int(b[k : k + 2], 16) * f) for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mix)


@dataclass(frozen=True)
class Layer:
    """A way of colouring the participating villages; ``legend`` pairs a colour with its label."""

    id: str
    label: str
    fills: dict[str, str]
    legend: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Marker:
    x_lng: float
    y_lat: float
    kind: str  # css class: polri, tni, pemkab, site
    title: str


@dataclass(frozen=True)
class Line:
    a: tuple[float, float]  # (lng, lat)
    b: tuple[float, float]
    title: str


@dataclass
class MapData:
    shapes: RegionShapes
    participants: dict[str, str]  # code → tooltip
    points: dict[str, tuple[float, float]]  # code → (lng, lat), for regions without polygons
    layers: list[Layer]
    markers: list[Marker] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    labels: list[tuple[float, float, str]] = field(default_factory=list)  # kecamatan names


class Projection:
    """Equirectangular, scaled by cos(latitude): true enough over one regency."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        x0, y0, x1, y1 = bounds
        self.kx = math.cos(math.radians((y0 + y1) / 2))
        self.x0, self.y1 = x0, y1
        self.scale = (WIDTH - 2 * PAD) / max((x1 - x0) * self.kx, 1e-9)
        self.height = (y1 - y0) * self.scale + 2 * PAD

    def __call__(self, lng: float, lat: float) -> tuple[float, float]:
        return (
            PAD + (lng - self.x0) * self.kx * self.scale,
            PAD + (self.y1 - lat) * self.scale,
        )


def _path(shape: Shape, proj: Projection) -> str:
    parts = []
    for ring in shape:
        pts: list[str] = []
        last = None
        for lng, lat in ring:
            x, y = proj(lng, lat)
            p = f"{x:.1f} {y:.1f}"
            if p != last:
                pts.append(p)
                last = p
        if len(pts) >= 3:
            parts.append("M" + "L".join(pts) + "Z")
    return "".join(parts)


def _lines(lines, proj: Projection) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for line in lines:
        pts = [proj(lng, lat) for lng, lat in line]
        parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in pts))
    return "".join(parts)


def _attrs(code: str, layers: list[Layer]) -> str:
    out = []
    for layer in layers:
        fill = layer.fills.get(code)
        if fill:
            out.append(f'data-f-{layer.id}="{fill}"')
    return " ".join(out)


def render(data: MapData, title: str) -> str:
    """The ``<svg>`` element: ``#villages`` holds one element per village (``data-code``)."""
    shapes = data.shapes
    if shapes.empty:
        pts = list(data.points.values())
        xs = [p[0] for p in pts] or [0.0]
        ys = [p[1] for p in pts] or [0.0]
        bounds = (min(xs) - 0.02, min(ys) - 0.02, max(xs) + 0.02, max(ys) + 0.02)
    else:
        bounds = shapes.bounds
    proj = Projection(bounds)
    default = data.layers[0] if data.layers else None
    out = [
        f'<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} '
        f'{proj.height:.0f}" role="img" aria-label="{html.escape(title)}">'
    ]
    # Villages that do not vote first, participants on top so their outlines show whole.
    out.append('<g id="villages"><g id="others">')
    if not shapes.empty:
        for code, shape in shapes.villages.items():
            if code in data.participants:
                continue
            name = html.escape(shapes.names.get(code, code))
            out.append(
                f'<path class="v" data-code="{code}" d="{_path(shape, proj)}" fill="{OTHER}">'
                f"<title>{name}</title></path>"
            )
    out.append('</g><g id="participants">')
    for code, tip in data.participants.items():
        fill = default.fills.get(code, OTHER) if default else OTHER
        extra = _attrs(code, data.layers)
        shape = shapes.villages.get(code)
        if shape:
            geom = f'<path d="{_path(shape, proj)}"'
        else:
            lng, lat = data.points[code]
            x, y = proj(lng, lat)
            geom = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6"'
        out.append(
            f'{geom} class="v peserta" data-code="{code}" fill="{fill}" {extra} tabindex="0">'
            f"<title>{html.escape(tip)}</title></{geom[1 : geom.index(' ')]}>"
        )
    out.append("</g></g>")
    if shapes.district_lines:
        out.append(f'<path id="districts" d="{_lines(shapes.district_lines, proj)}"/>')
    if shapes.outline_lines:
        out.append(f'<path id="outline" d="{_lines(shapes.outline_lines, proj)}"/>')
    out.append('<g id="labels">')
    for lng, lat, text in data.labels:
        x, y = proj(lng, lat)
        out.append(f'<text x="{x:.1f}" y="{y:.1f}">{html.escape(text)}</text>')
    out.append('</g><g id="postings">')
    for line in data.lines:
        (x1, y1), (x2, y2) = proj(*line.a), proj(*line.b)
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
            f"<title>{html.escape(line.title)}</title></line>"
        )
    out.append('</g><g id="markers">')
    for m in data.markers:
        x, y = proj(m.x_lng, m.y_lat)
        if m.kind == "site":
            s = 7
            out.append(
                f'<path class="m site" d="M{x:.1f} {y - s:.1f}L{x + s:.1f} {y:.1f}L{x:.1f} '
                f'{y + s:.1f}L{x - s:.1f} {y:.1f}Z"><title>{html.escape(m.title)}</title></path>'
            )
        elif m.kind == "tni":  # a triangle beside the Polsek circle at the same place
            x += 6
            out.append(
                f'<path class="m tni" d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y + 3.5:.1f}'
                f'L{x - 4.5:.1f} {y + 3.5:.1f}Z"><title>{html.escape(m.title)}</title></path>'
            )
        elif m.kind == "pemkab":
            x -= 6
            out.append(
                f'<rect class="m pemkab" x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" '
                f'height="7"><title>{html.escape(m.title)}</title></rect>'
            )
        else:
            out.append(
                f'<circle class="m {m.kind}" cx="{x:.1f}" cy="{y:.1f}" r="4.5">'
                f"<title>{html.escape(m.title)}</title></circle>"
            )
    out.append("</g>")
    out.append(_scale_bar(proj))
    out.append("</svg>")
    return "".join(out)


def _scale_bar(proj: Projection) -> str:
    """A 5 km bar in the lower left corner (111.32 km per degree of longitude at the equator)."""
    km = 5.0
    px = km / 111.32 * proj.scale  # degrees of longitude × cos(lat) are what the x axis shows
    y = proj.height - 10
    return (
        f'<g id="scalebar"><line x1="{PAD}" y1="{y:.1f}" x2="{PAD + px:.1f}" y2="{y:.1f}"/>'
        f'<text x="{PAD + px / 2:.1f}" y="{y - 4:.1f}">{km:.0f} km</text></g>'
    )
