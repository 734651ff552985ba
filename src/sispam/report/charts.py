"""Peta dan grafik statis (static maps and charts) with matplotlib: PNG for the PDFs, SVG for the
page. Every figure has units in its labels; captions come from the document model.

Figures are drawn on :class:`matplotlib.figure.Figure` objects directly (no pyplot state), so
report generation is safe to call from any thread and leaves no global state behind.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

import matplotlib
import matplotlib.ticker
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path

from sispam.domain import AGENCY_COLOR, Agency, SituationLevel
from sispam.domain.doctrine import SITUATION_COLOR
from sispam.report import fmt, sim_view, svgmap
from sispam.report.context import ReportContext
from sispam.report.geometry import RegionShapes, Shape, region_shapes
from sispam.report.tables import FORCE_ORDER

matplotlib.rcParams.update(
    {
        "svg.hashsalt": "sispam",  # stable element ids: the same plan gives the same SVG
        "svg.fonttype": "none",  # keep text as text in the page (searchable, smaller)
        "font.family": "DejaVu Sans",
        "font.size": 8,
    }
)

SITE_COLOR = "#c2185b"  # reserve staging posts (not an agency)
MARKER_COLOR = {a.value: c for a, c in AGENCY_COLOR.items()} | {"site": SITE_COLOR}
MARKER_SHAPE = {Agency.POLRI: ("o", 26), Agency.TNI: ("^", 14), Agency.PEMKAB: ("s", 14)}
DPI = 200


def _shape_path(shape: Shape) -> Path:
    verts: list[tuple[float, float]] = []
    codes: list[int] = []
    for ring in shape:
        if len(ring) < 3:
            continue
        verts += list(ring) + [ring[0]]
        codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 1) + [Path.CLOSEPOLY]
    return Path(verts, codes)


def _base_map(ctx: ReportContext, fills: dict[str, str], title: str) -> tuple[Figure, object]:
    """Villages (participants filled from ``fills``), kecamatan lines, outline; returns (fig, ax)."""
    shapes: RegionShapes = region_shapes(ctx.scenario.region_code)
    fig = Figure(figsize=(7.0, 5.6), layout="constrained")
    ax = fig.add_subplot()
    participants = set(ctx.villages)
    if not shapes.empty:
        paths = [_shape_path(s) for s in shapes.villages.values()]
        colors = [
            fills.get(c, svgmap.OTHER) if c in participants else svgmap.OTHER
            for c in shapes.villages
        ]
        edges = ["#222222" if c in participants else "#ffffff" for c in shapes.villages]
        widths = [0.8 if c in participants else 0.3 for c in shapes.villages]
        ax.add_collection(
            PathCollection(paths, facecolors=colors, edgecolors=edges, linewidths=widths, zorder=1)
        )
        ax.add_collection(
            LineCollection(shapes.district_lines, colors="#444444", linewidths=0.9, zorder=2)
        )
        ax.add_collection(
            LineCollection(shapes.outline_lines, colors="#111111", linewidths=1.4, zorder=3)
        )
        x0, y0, x1, y1 = shapes.bounds
    else:
        xs = [v.lng for v in ctx.scenario.villages]
        ys = [v.lat for v in ctx.scenario.villages]
        ax.scatter(
            xs,
            ys,
            c=[fills.get(v.code, svgmap.OTHER) for v in ctx.scenario.villages],
            s=30,
            edgecolors="#222222",
            linewidths=0.6,
            zorder=2,
        )
        x0, y0, x1, y1 = min(xs) - 0.02, min(ys) - 0.02, max(xs) + 0.02, max(ys) + 0.02
    mid = (y0 + y1) / 2
    ax.set_xlim(x0 - 0.005, x1 + 0.005)
    ax.set_ylim(y0 - 0.005, y1 + 0.005)
    ax.set_aspect(1 / math.cos(math.radians(mid)))
    ax.set_xlabel(ctx.t("report.axis.lng"))
    ax.set_ylabel(ctx.t("report.axis.lat"))
    ax.tick_params(labelsize=6)
    ax.set_title(title, fontsize=9)
    _scale_bar(ax, x0, y0, mid)
    return fig, ax


def _scale_bar(ax, x0: float, y0: float, lat: float) -> None:  # type: ignore[no-untyped-def]
    km = 5.0
    deg = km / (111.32 * math.cos(math.radians(lat)))
    y = y0 + 0.004
    ax.plot([x0 + 0.01, x0 + 0.01 + deg], [y, y], color="#111111", linewidth=2, zorder=5)
    ax.text(x0 + 0.01 + deg / 2, y + 0.003, "5 km", ha="center", fontsize=6, zorder=5)


def zone_fills(ctx: ReportContext) -> dict[str, str]:
    return {v.code: ctx.zone_color(ctx.zone_of(v.code)) for v in ctx.scenario.villages}


def score_fills(ctx: ReportContext) -> dict[str, str]:
    return {
        code: svgmap.sequential(r.score / 100)
        for code, r in ctx.risks.items()
        if r.score is not None
    }


def map_zones(ctx: ReportContext) -> Figure:
    fig, ax = _base_map(ctx, zone_fills(ctx), ctx.t("report.figtitle.map_zones"))
    handles = [
        Patch(facecolor=z.color, edgecolor="#222222", label=z.name(ctx.lang))
        for z in ctx.scenario.zones.zones
    ]
    handles.append(
        Patch(facecolor=svgmap.OTHER, edgecolor="#999999", label=ctx.t("report.legend.not_voting"))
    )
    ax.legend(handles=handles, loc="upper right", fontsize=7, framealpha=0.9)
    return fig


def map_risk(ctx: ReportContext) -> Figure:
    fig, ax = _base_map(ctx, score_fills(ctx), ctx.t("report.figtitle.map_risk"))
    handles = [
        Patch(facecolor=svgmap.sequential(x / 100), edgecolor="#222222", label=f"{x:.0f}")
        for x in (0, 25, 50, 75, 100)
    ]
    ax.legend(
        handles=handles,
        title=ctx.t("report.legend.score"),
        loc="upper right",
        fontsize=7,
        title_fontsize=7,
    )
    return fig


def map_posts(ctx: ReportContext) -> Figure:
    # reached by a Dalmas platoon actually held there (an empty post reaches nobody)
    covered = {v.code for v in ctx.plan.villages if v.covered}
    fills = {}
    if ctx.plan.reserve_sites:
        fills = {
            v.code: ("#9ecae1" if v.code in covered else "#fcbba1") for v in ctx.scenario.villages
        }
    else:
        fills = {v.code: "#ffffff" for v in ctx.scenario.villages}
    fig, ax = _base_map(ctx, fills, ctx.t("report.figtitle.map_posts"))
    # Postings on voting day as thin lines from the unit's base to the village.
    for a in ctx.plan.assignments:
        u = ctx.units.get(a.unit)
        v = ctx.villages.get(a.village_code)
        if u is None or v is None or a.phase.value != "pemungutan" or u.kind.value == "linmas":
            continue
        ax.plot([u.lng, v.lng], [u.lat, v.lat], color="#444444", linewidth=0.3, alpha=0.6, zorder=4)
    handles = []
    # Polsek and Koramil share the kecamatan's coordinates: distinct shapes keep both visible.
    for agency in Agency:
        units = [u for u in ctx.scenario.units if u.agency == agency and u.kind.value != "linmas"]
        if not units:
            continue
        marker, size = MARKER_SHAPE[agency]
        ax.scatter(
            [u.lng for u in units],
            [u.lat for u in units],
            s=size,
            marker=marker,
            color=AGENCY_COLOR[agency],
            edgecolors="white",
            linewidths=0.5,
            zorder=6,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker=marker,
                linestyle="",
                color=AGENCY_COLOR[agency],
                label=ctx.t("report.legend.base", agency=ctx.label("agency", agency)),
            )
        )
    if ctx.plan.reserve_sites:
        ax.scatter(
            [s.lng for s in ctx.plan.reserve_sites],
            [s.lat for s in ctx.plan.reserve_sites],
            s=60,
            marker="D",
            color=SITE_COLOR,
            edgecolors="white",
            zorder=7,
        )
        handles += [
            Line2D(
                [],
                [],
                marker="D",
                linestyle="",
                color=SITE_COLOR,
                label=ctx.t("report.legend.site"),
            ),
            Patch(facecolor="#9ecae1", edgecolor="#222222", label=ctx.t("report.legend.covered")),
            Patch(
                facecolor="#fcbba1", edgecolor="#222222", label=ctx.t("report.legend.not_covered")
            ),
        ]
    if ctx.plan.assignments:
        handles.append(
            Line2D([], [], color="#444444", linewidth=0.8, label=ctx.t("report.legend.posting"))
        )
    ax.legend(handles=handles, loc="upper right", fontsize=6.5, framealpha=0.9)
    return fig


def chart_forces(ctx: ReportContext) -> Figure:
    """Required (all phases) vs available per force, horizontal bars with the numbers written."""
    items = sorted(ctx.plan.totals.items(), key=lambda kv: FORCE_ORDER[_force(kv[0])])
    fig = Figure(figsize=(7.0, 0.5 + 0.55 * max(1, len(items))), layout="constrained")
    ax = fig.add_subplot()
    labels = [ctx.label("force", f) for f, _ in items]
    y = list(range(len(items)))
    req = [tot.required_total for _, tot in items]
    avail = [tot.available for _, tot in items]
    h = 0.38
    ax.barh(
        [i - h / 2 for i in y], req, height=h, color="#c62828", label=ctx.t("report.col.required")
    )
    ax.barh(
        [i + h / 2 for i in y],
        avail,
        height=h,
        color="#1f4e9c",
        label=ctx.t("report.col.available"),
    )
    top = max(req + avail + [1])
    for i, (force, _) in enumerate(items):
        r_est = any(
            ctx.requirement_est(r.village_code)
            for r in ctx.plan.requirements
            if r.force.value == force
        )
        a_est = any("strength" in u.estimated for u in ctx.scenario.units if u.force.value == force)
        ax.text(
            req[i] + top * 0.01, i - h / 2, ctx.est(ctx.num(req[i]), r_est), va="center", fontsize=7
        )
        ax.text(
            avail[i] + top * 0.01,
            i + h / 2,
            ctx.est(ctx.num(avail[i]), a_est),
            va="center",
            fontsize=7,
        )
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel(ctx.t("report.axis.personnel"))
    ax.legend(loc="lower right", fontsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _force(value: str):  # type: ignore[no-untyped-def]
    from sispam.domain import Force

    return Force(value)


# --- simulation ---------------------------------------------------------------------------
def map_escalation(ctx: ReportContext) -> Figure:
    fills, top = sim_view.merah_fills(ctx)
    fig, ax = _base_map(ctx, fills, ctx.t("report.figtitle.map_escalation"))
    handles = [
        Patch(
            facecolor=svgmap.sequential(x),
            edgecolor="#222222",
            label=fmt.percent(x * top, ctx.lang),
        )
        for x in (0, 0.25, 0.5, 0.75, 1)
    ]
    ax.legend(
        handles=handles,
        title=ctx.t("report.col.p_merah"),
        loc="upper right",
        fontsize=7,
        title_fontsize=7,
    )
    return fig


def chart_containment(ctx: ReportContext) -> Figure:
    """Containment time of every simulated incident (minutes), with the target marked."""
    h = ctx.sim.distributions.containment_min
    fig = Figure(figsize=(7.0, 3.0), layout="constrained")
    ax = fig.add_subplot()
    edges, counts = list(h.edges), list(h.counts)
    widths = [b - a for a, b in zip(edges[:-1], edges[1:], strict=True)]
    ax.bar(
        edges[:-1],
        counts,
        width=widths,
        align="edge",
        color="#1f4e9c",
        edgecolor="white",
        linewidth=0.3,
    )
    if h.over:
        w = widths[-1] if widths else 1
        ax.bar([edges[-1] + w], [h.over], width=w * 2, align="edge", color="#c62828")
        ax.text(
            edges[-1] + 2 * w,
            h.over,
            ctx.t("report.chart.not_contained", n=ctx.num(h.over)),
            fontsize=6.5,
            ha="left",
            va="bottom",
        )
    target = ctx.sim.containment_target_min
    ax.axvline(target, color="#c62828", linestyle="--", linewidth=1)
    ax.text(
        target,
        max(counts + [h.over, 1]) * 0.95,
        " " + ctx.t("report.chart.target", minutes=ctx.num(target)),
        color="#c62828",
        fontsize=7,
        va="top",
    )
    # Show the part of the horizon where incidents end (and the target), not empty tail bins.
    used = [edges[i + 1] for i, c in enumerate(counts) if c]
    right = max(used + [target]) * 1.1
    if h.over:
        right = edges[-1] + 4 * (widths[-1] if widths else 1)
    ax.set_xlim(0, right)
    ax.set_xlabel(ctx.t("report.axis.containment_min"))
    ax.set_ylabel(ctx.t("report.axis.incidents"))
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def chart_escalated_villages(ctx: ReportContext) -> Figure:
    """How many villages reach kuning / merah in one election, over all runs (share of runs)."""
    d = ctx.sim.distributions
    fig = Figure(figsize=(7.0, 2.8), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    for ax, hist, color, key in (
        (axes[0], d.kuning_villages, "#f9a825", "report.axis.kuning_villages"),
        (axes[1], d.merah_villages, "#c62828", "report.axis.merah_villages"),
    ):
        total = max(sum(hist.counts) + hist.over, 1)
        xs = list(hist.edges[:-1])
        ax.bar(xs, [c / total for c in hist.counts], width=0.8, color=color)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.set_xlabel(ctx.t(key))
        ax.yaxis.set_major_formatter(
            matplotlib.ticker.FuncFormatter(lambda y, _: fmt.percent(y, ctx.lang, 0))
        )
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_ylabel(ctx.t("report.axis.share_of_runs"))
    return fig


def chart_timeline(ctx: ReportContext) -> Figure:
    """The example run's featured incident minute by minute: crowd, responders, colour."""
    s = ctx.sim.example.series
    fig = Figure(figsize=(7.0, 3.0), layout="constrained")
    ax = fig.add_subplot()
    mins = list(s.minutes)
    levels = list(SituationLevel)
    colors = [to_rgba(SITUATION_COLOR[lv], 0.12) for lv in levels]  # pale bands of the colours
    for i, m in enumerate(mins):  # background band in the colour of the level at that minute
        lvl = s.level[i] if i < len(s.level) else 0
        ax.axvspan(m - 0.5, m + 0.5, color=colors[min(lvl, len(levels) - 1)], linewidth=0)
    if s.gathered:
        ax.plot(
            mins, s.gathered, color="#777777", linewidth=1, label=ctx.t("report.chart.gathered")
        )
    ax.plot(mins, s.crowd, color="#c62828", linewidth=1.5, label=ctx.t("report.chart.crowd"))
    ax.plot(
        mins, s.responders, color="#1f4e9c", linewidth=1.5, label=ctx.t("report.chart.responders")
    )
    ax.set_xlim(mins[0] - 0.5, mins[-1] + 0.5)
    ax.set_xlabel(ctx.t("report.axis.minutes_since", village=ctx.village_name(s.village_code)))
    ax.set_ylabel(ctx.t("report.axis.persons"))
    handles, _ = ax.get_legend_handles_labels()
    handles += [
        Patch(facecolor=c, label=ctx.t(f"doctrine.level.{lv.value}"))
        for c, lv in zip(colors, levels, strict=True)
    ]
    ax.legend(handles=handles, fontsize=6.5, loc="upper right", ncols=2)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


FIGURES: dict[str, Callable[[ReportContext], Figure]] = {
    "map_zones": map_zones,
    "map_risk": map_risk,
    "map_posts": map_posts,
    "map_escalation": map_escalation,
    "chart_forces": chart_forces,
    "chart_containment": chart_containment,
    "chart_escalated_villages": chart_escalated_villages,
    "chart_timeline": chart_timeline,
}


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: inlined in HTML


def draw(ctx: ReportContext, fid: str) -> Figure:
    return FIGURES[fid](ctx)
