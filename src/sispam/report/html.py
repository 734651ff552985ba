"""Halaman laporan (the report page): one self-contained HTML file — map, summary, both documents.

CSS, JavaScript, the map (inline SVG) and the charts (inline SVG) are all inside the file, so it
opens offline from a USB stick or an e-mail attachment; the PDFs and the workbook next to it are
linked, not needed.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2

from sispam.domain import Agency, PhaseKind, UnitKind
from sispam.report import charts, fmt, sim_view, svgmap
from sispam.report.context import ReportContext
from sispam.report.geometry import region_shapes
from sispam.report.model import Cell, Document
from sispam.report.tables import FORCE_ORDER, reasons

MAX_ROWS = 5000  # per table on the page; the workbook has every row

# Which map layer shows what a static map figure shows (the page replaces maps by a link).
MAP_LAYER_OF = {
    "map_zones": "zone",
    "map_risk": "score",
    "map_posts": "coverage",
    "map_escalation": "escalation",
}


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sispam.report", "templates"),
        autoescape=True,
        trim_blocks=False,
        lstrip_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    return env


def _static(name: str) -> str:
    return (resources.files("sispam.report") / "static" / name).read_text(encoding="utf-8")


def marker_css() -> str:
    """The map markers' and legend's colours, from the domain's agency colours."""
    return "\n".join(
        f"#map .m.{k}, .mk.{k} {{ fill: {c}; background: {c}; color: {c}; }}"
        for k, c in charts.MARKER_COLOR.items()
    )


def layers(ctx: ReportContext) -> list[svgmap.Layer]:
    out = [
        svgmap.Layer(
            "zone",
            ctx.t("report.page.layer.zone"),
            charts.zone_fills(ctx),
            tuple((z.color, z.name(ctx.lang)) for z in ctx.scenario.zones.zones),
        )
    ]
    scores = charts.score_fills(ctx)
    if scores:
        out.append(
            svgmap.Layer(
                "score",
                ctx.t("report.page.layer.score"),
                scores,
                tuple((svgmap.sequential(x / 100), f"{x}") for x in (0, 25, 50, 75, 100)),
            )
        )
    if ctx.plan.reserve_sites:
        # reached by a Dalmas platoon that is actually there, not by an empty post
        covered = {v.code for v in ctx.plan.villages if v.covered}
        out.append(
            svgmap.Layer(
                "coverage",
                ctx.t("report.page.layer.coverage"),
                {
                    v.code: "#9ecae1" if v.code in covered else "#fcbba1"
                    for v in ctx.scenario.villages
                },
                (
                    ("#9ecae1", ctx.t("report.legend.covered")),
                    ("#fcbba1", ctx.t("report.legend.not_covered")),
                ),
            )
        )
    out += sim_view.layers(ctx)
    return out


def map_svg(ctx: ReportContext) -> tuple[str, list[svgmap.Layer], bool]:
    shapes = region_shapes(ctx.scenario.region_code)
    lyr = layers(ctx)
    participants = {}
    for v in ctx.scenario.villages:
        r = ctx.risks.get(v.code)
        bits = [f"{v.name} ({v.district_name})", ctx.zone_name(ctx.zone_of(v.code))]
        if r is not None and r.score is not None:
            bits.append(f"{ctx.t('report.col.score')} {ctx.num(r.score, 1)}")
        bits.append(
            f"{ctx.t('report.col.voters')} {ctx.est(ctx.num(v.voters), 'voters' in v.estimated)}"
        )
        participants[v.code] = " — ".join(bits)
    markers = [
        svgmap.Marker(
            u.lng,
            u.lat,
            u.agency.value,
            f"{u.name} ({ctx.label('kind', u.kind)}, {ctx.est(ctx.num(u.strength), 'strength' in u.estimated)})",
        )
        for u in ctx.scenario.units
        if u.kind != UnitKind.LINMAS  # Linmas stand in their own village: no marker of their own
    ]
    markers += [
        svgmap.Marker(s.lng, s.lat, "site", f"{ctx.t('report.legend.site')}: {s.name}")
        for s in ctx.plan.reserve_sites
    ]
    lines = []
    for a in ctx.plan.assignments:
        u, v = ctx.units.get(a.unit), ctx.villages.get(a.village_code)
        if u is None or v is None or a.phase != PhaseKind.PEMUNGUTAN or u.kind == UnitKind.LINMAS:
            continue
        lines.append(
            svgmap.Line((u.lng, u.lat), (v.lng, v.lat), f"{a.unit} → {v.name}: {a.personnel}")
        )
    data = svgmap.MapData(
        shapes=shapes,
        participants=participants,
        points={v.code: (v.lng, v.lat) for v in ctx.scenario.villages},
        layers=lyr,
        markers=markers,
        lines=lines,
        labels=list(shapes.district_labels),
    )
    return svgmap.render(data, ctx.t("report.page.map")), lyr, bool(lines)


def _village_data(ctx: ReportContext) -> dict:
    """What the info panel shows when a village is clicked (already formatted)."""
    need: dict[tuple[str, str], int] = {}
    for r in ctx.plan.requirements:
        if r.phase == PhaseKind.PEMUNGUTAN:
            need[(r.village_code, r.force.value)] = (
                need.get((r.village_code, r.force.value), 0) + r.personnel
            )
    out = {}
    for v in ctx.scenario.villages:
        r = ctx.risks.get(v.code)
        rows = [
            (ctx.t("report.col.zone"), ctx.zone_name(ctx.zone_of(v.code))),
            (ctx.t("report.col.voters"), ctx.est(ctx.num(v.voters), "voters" in v.estimated)),
            (ctx.t("report.col.tps"), ctx.est(ctx.num(v.tps), "tps" in v.estimated)),
            (
                ctx.t("report.col.candidates"),
                ctx.est(ctx.num(v.candidates), "candidates" in v.estimated),
            ),
        ]
        if r is not None and r.score is not None:
            rows.append(
                (ctx.t("report.col.score"), ctx.est(ctx.num(r.score, 1), ctx.score_est(v.code)))
            )
        why = reasons(ctx, v.code)
        if why:
            rows.append((ctx.t("report.col.reason"), why))
        est = ctx.requirement_est(v.code)
        for force in sorted(
            {f for (c, f) in need if c == v.code}, key=lambda f: FORCE_ORDER[_force(f)]
        ):
            rows.append(
                (
                    ctx.t("report.col.need_of", force=ctx.label("force", force)),
                    ctx.est(ctx.num(need[(v.code, force)]), est),
                )
            )
        rows += sim_view.village_rows(ctx, v.code)
        postings = [
            f"{ctx.label('phase', a.phase)}: {a.unit} — {a.personnel} "
            f"({ctx.t('report.page.arrives', minutes=ctx.num(a.arrival_min))})"
            for a in ctx.plan.assignments
            if a.village_code == v.code
        ]
        out[v.code] = {
            "code": v.code,
            "name": v.name,
            "district": v.district_name,
            "rows": rows,
            "postings": postings,
        }
    return out


def _force(value: str):  # type: ignore[no-untyped-def]
    from sispam.domain import Force

    return Force(value)


def _cards(ctx: ReportContext) -> list[dict]:
    vs = ctx.scenario.villages
    cards = [
        {
            "value": ctx.num(len(vs)),
            "label": ctx.t("report.page.card.villages"),
            "est": False,
            "sub": ctx.t("report.page.card.districts", n=len({v.district_code for v in vs})),
        },
        {
            "value": ctx.num(sum(v.voters for v in vs)),
            "label": ctx.t("report.col.voters"),
            "est": any("voters" in v.estimated for v in vs),
            "sub": "",
        },
        {
            "value": ctx.num(sum(v.tps for v in vs)),
            "label": ctx.t("report.col.tps"),
            "est": any("tps" in v.estimated for v in vs),
            "sub": "",
        },
    ]
    for force, tot in sorted(ctx.plan.totals.items(), key=lambda kv: FORCE_ORDER[_force(kv[0])]):
        if not tot.required_total and not tot.available:
            continue
        req_est = any(
            ctx.requirement_est(r.village_code)
            for r in ctx.plan.requirements
            if r.force.value == force
        )
        avail_est = any(
            "strength" in u.estimated for u in ctx.scenario.units if u.force.value == force
        )
        cards.append(
            {
                "value": f"{ctx.num(tot.required_total)} / {ctx.num(tot.available)}",
                "label": ctx.label("force", force),
                "est": req_est or avail_est,
                "sub": ctx.t("report.page.card.required_available"),
            }
        )
    return cards


def page(
    ctx: ReportContext,
    docs: list[Document],
    downloads: list[tuple[str, str]],
    chart_svgs: dict[str, str] | None = None,
) -> str:
    """The whole page as one string; ``chart_svgs`` are charts already drawn (else drawn here)."""
    svg, lyr, has_postings = map_svg(ctx)
    chart_svgs = dict(chart_svgs or {})
    for d in docs:
        for fid in d.figure_ids():
            if not fid.startswith("map_") and fid not in chart_svgs:
                chart_svgs[fid] = charts.svg(charts.draw(ctx, fid))
    words = {
        "estimate": ctx.t("report.page.estimate"),
        "see_map": ctx.t("report.page.see_map"),
        "summary": ctx.t("report.page.summary"),
        "map": ctx.t("report.page.map"),
        "layers": ctx.t("report.page.layers"),
        "show": ctx.t("report.page.show"),
        "bases": ctx.t("report.page.bases"),
        "postings": ctx.t("report.page.postings"),
        "district_names": ctx.t("report.page.district_names"),
        "click_village": ctx.t("report.page.click_village"),
        "participant": ctx.t("report.page.participant"),
        "downloads": ctx.t("report.page.downloads"),
        "kind": ctx.t("report.page.kind"),
        # filled in by the template ({shown}, {total}): a long table shows its head only
        "rows_cut": ctx.t("report.page.rows_cut", shown="{shown}", total="{total}"),
    }
    marker_legend = [
        (a.value, ctx.t("report.legend.base", agency=ctx.label("agency", a)))
        for a in Agency
        if any(u.agency == a and u.kind != UnitKind.LINMAS for u in ctx.scenario.units)
    ]
    if ctx.plan.reserve_sites:
        marker_legend.append(("site", ctx.t("report.legend.site")))
    meta = list(docs[0].heading.items)
    data = {
        "villages": _village_data(ctx),
        "other": svgmap.OTHER,
        "words": {"postings": ctx.t("report.page.postings")},
    }
    return (
        _env()
        .get_template("page.html.j2")
        .render(
            lang=ctx.lang,
            version=ctx.version,
            scenario=ctx.scenario,
            meta=meta,
            banner=docs[0].banner,
            cards=_cards(ctx),
            svg=svg,
            layers=lyr,
            has_postings=has_postings,
            max_rows=MAX_ROWS,
            has_labels=bool(region_shapes(ctx.scenario.region_code).district_labels),
            marker_legend=marker_legend,
            docs=docs,
            charts=chart_svgs,
            map_layer_of=MAP_LAYER_OF,
            downloads=downloads,
            words=words,
            footer=ctx.t(
                "report.page.footer",
                version=ctx.version,
                date=fmt.day(ctx.today, ctx.lang),
                scenario=ctx.scenario.name,
            ),
            village_data=data,
            css=_static("page.css") + "\n" + marker_css(),
            js=_static("page.js"),
            text=lambda cell, column: fmt.cell_text(Cell(cell.value), column, ctx.lang),
        )
    )
