"""Rencana Pengamanan dan Rencana Kontinjensi: the two documents, in the order a Polres
operation plan is written — situation, mission, execution (concept, tasks, coordination),
administration and logistics, command and signals — followed by annexes.

The text says what the results contain and, where a stage has not produced something yet (no
allocation, no reserves, no simulation), says so instead of inventing it.
"""

from __future__ import annotations

from collections import Counter

from sispam.domain import PhaseKind
from sispam.report import fmt, sim_view, tables
from sispam.report.context import ReportContext
from sispam.report.geometry import region_shapes
from sispam.report.model import (
    Block,
    Bullets,
    Document,
    Fields,
    Figure,
    Para,
    Section,
    Signature,
)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _sec(ctx: ReportContext, n: int, key: str, blocks=(), children=()) -> Section:  # type: ignore[no-untyped-def]
    return Section(
        ROMAN[n - 1] + ".",
        ctx.t(f"report.sec.{key}"),
        tuple(blocks),
        tuple(children),
        id=key,
    )


def _sub(ctx: ReportContext, n: int, key: str, blocks=()) -> Section:  # type: ignore[no-untyped-def]
    return Section(f"{n}.", ctx.t(f"report.sec.{key}"), tuple(blocks), id=key)


def _annex(ctx: ReportContext, letter: str, key: str, blocks=()) -> Section:  # type: ignore[no-untyped-def]
    return Section(
        ctx.t("report.annex", letter=letter), ctx.t(f"report.sec.{key}"), tuple(blocks), id=key
    )


# --- shared pieces ------------------------------------------------------------------------
def heading(ctx: ReportContext) -> Fields:
    s = ctx.scenario
    est = "; ".join(ctx.estimated_inputs) if ctx.estimated_inputs else ctx.t("report.none")
    return Fields(
        (
            (ctx.t("report.meta.number"), ctx.settings.number or "……………………"),
            (ctx.t("report.meta.scenario"), f"{s.title} ({s.name})"),
            (ctx.t("report.meta.election_day"), fmt.day(s.election_date, ctx.lang, weekday=True)),
            (ctx.t("report.meta.region"), f"{s.region_name} ({s.region_code})"),
            (ctx.t("report.meta.generated"), fmt.day(ctx.today, ctx.lang)),
            (ctx.t("report.meta.software"), f"Sispam {ctx.version}"),
            (ctx.t("report.meta.status"), ctx.t("report.meta.draft")),
            (ctx.t("report.meta.estimated"), est),
        )
    )


def banner(ctx: ReportContext) -> tuple[Para, ...]:
    out: list[Para] = []
    if ctx.scenario.illustrative:
        out.append(Para(ctx.t("report.illustrative"), "warning"))
    for note in ctx.scenario.notes:
        out.append(Para(fmt.bilingual(note, ctx.lang), "note"))
    if ctx.has_estimates:
        out.append(Para(ctx.t("report.estimated_legend"), "note"))
    return tuple(out)


def signatures(ctx: ReportContext) -> tuple[Signature, ...]:
    return (
        Signature(
            ctx.t("report.sign.issued"),
            ctx.t("report.sign.kapolres"),
            ctx.polres,
            ctx.settings.kapolres,
        ),
        Signature(
            ctx.t("report.sign.acknowledged"),
            ctx.t("report.sign.dandim"),
            ctx.kodim,
            ctx.settings.dandim,
        ),
        Signature(
            ctx.t("report.sign.acknowledged"),
            ctx.t("report.sign.bupati"),
            ctx.pemkab,
            ctx.settings.bupati,
        ),
    )


def _place_date(ctx: ReportContext) -> str:
    return f"{ctx.place}, {fmt.day(ctx.today, ctx.lang)}"


def _footer(ctx: ReportContext, title: str) -> str:
    return f"{title} — {ctx.scenario.name} — Sispam {ctx.version}"


def _totals(ctx: ReportContext) -> dict[str, tuple[int, bool]]:
    vs = ctx.scenario.villages
    out = {}
    for f in ("voters", "tps", "candidates"):
        out[f] = (sum(getattr(v, f) for v in vs), any(f in v.estimated for v in vs))
    return out


def _general(ctx: ReportContext) -> Para:
    s = ctx.scenario
    tot = _totals(ctx)
    districts = {v.district_code for v in s.villages}
    return Para(
        ctx.t(
            "report.text.general",
            title=s.title,
            date=fmt.day(s.election_date, ctx.lang, weekday=True),
            villages=len(s.villages),
            districts=len(districts),
            region=s.region_name,
            voters=ctx.est(ctx.num(tot["voters"][0]), tot["voters"][1]),
            tps=ctx.est(ctx.num(tot["tps"][0]), tot["tps"][1]),
            candidates=ctx.est(ctx.num(tot["candidates"][0]), tot["candidates"][1]),
        )
    )


def _zone_counts(ctx: ReportContext) -> str:
    counts = Counter(ctx.zone_of(v.code) for v in ctx.scenario.villages)
    return ", ".join(
        f"{ctx.zone_name(z.id)} {counts.get(z.id, 0)}" for z in reversed(ctx.scenario.zones.zones)
    )


def _vulnerability(ctx: ReportContext) -> list[Block]:
    a = ctx.assessment
    method = ctx.t(f"report.method.{a.method}")
    set_name = getattr(a, f"indicator_set_name_{ctx.lang}", None) or a.indicator_set
    if set_name:
        method = f"{method}, {set_name}"
    blocks: list[Block] = [
        Para(ctx.t("report.text.vulnerability", method=method, counts=_zone_counts(ctx)))
    ]
    blocks += [Para(fmt.bilingual(n, ctx.lang), "note") for n in a.notes]
    blocks += [tables.zones(ctx), tables.vulnerable(ctx)]
    return blocks


def _has_scores(ctx: ReportContext) -> bool:
    return any(r.score is not None for r in ctx.assessment.villages)


def _fig(ctx: ReportContext, fid: str, kind: str = "map") -> Figure:
    return Figure(fid, ctx.t(f"report.fig.{fid}"), kind)  # type: ignore[arg-type]


def _map_figures(ctx: ReportContext, sim: bool = False) -> list[Figure]:
    figs = [_fig(ctx, "map_zones")]
    if region_shapes(ctx.scenario.region_code).empty:  # points, not polygons: say so
        figs = [Figure("map_zones", ctx.t("report.fig.map_zones_points"), "map")]
    if _has_scores(ctx):
        figs.append(_fig(ctx, "map_risk"))
    if ctx.plan.assignments or ctx.plan.reserve_sites or ctx.scenario.units:
        figs.append(_fig(ctx, "map_posts"))
    if sim and sim_view.available(ctx):
        figs.append(_fig(ctx, "map_escalation"))
    return figs


def _peak(ctx: ReportContext) -> tuple[PhaseKind, int] | None:
    by_phase: Counter[PhaseKind] = Counter()
    for r in ctx.plan.requirements:
        by_phase[r.phase] += r.personnel
    if not by_phase:
        return None
    phase, n = max(by_phase.items(), key=lambda kv: (kv[1], -tables.PHASE_ORDER[kv[0]]))
    return phase, n


def _concept(ctx: ReportContext) -> list[Block]:
    p = ctx.plan
    paras = [ctx.t("report.text.concept_phases"), ctx.t("report.text.concept_pattern")]
    if p.assignments:
        villages = len({a.village_code for a in p.assignments})
        units = len({a.unit for a in p.assignments})
        paras.append(ctx.t("report.text.concept_assigned", units=units, villages=villages))
    else:
        paras.append(ctx.t("report.text.concept_not_assigned"))
    if p.reserve_sites:
        cov = fmt.percent(p.coverage, ctx.lang) if p.coverage is not None else "—"
        paras.append(
            ctx.t(
                "report.text.concept_reserves",
                sites=len(p.reserve_sites),
                personnel=ctx.num(sum(r.personnel for r in p.reserves)),
                coverage=cov,
                minutes=ctx.num(p.coverage_min) if p.coverage_min is not None else "—",
            )
        )
    else:
        paras.append(ctx.t("report.text.concept_no_reserves"))
    if p.request:
        req = ", ".join(
            ctx.t(
                "report.text.request_item",
                platoons=r.platoons,
                kind=ctx.label("kind", r.kind),
                personnel=r.personnel,
                phase=ctx.label("phase", r.phase),
            )
            for r in p.request
        )
        paras.append(ctx.t("report.text.concept_request", items=req))
    elif p.shortfalls:
        paras.append(
            ctx.t(
                "report.text.concept_shortfall",
                personnel=ctx.num(sum(s.personnel for s in p.shortfalls)),
            )
        )
    elif p.assignments:
        paras.append(ctx.t("report.text.concept_sufficient"))
    paras.append(ctx.t("report.text.concept_escalation"))
    blocks: list[Block] = [Para(x) for x in paras]
    blocks.append(tables.patterns(ctx))
    return blocks


def _tasks(ctx: ReportContext) -> list[Block]:
    items = [
        ctx.t("report.task.polri", polres=ctx.polres),
        ctx.t("report.task.tni", kodim=ctx.kodim),
        ctx.t("report.task.pemkab", pemkab=ctx.pemkab),
    ]
    return [
        Bullets(tuple(items)),
        tables.force_totals(ctx),
        _fig(ctx, "chart_forces", "chart"),
        Para(ctx.t("report.text.tasks_units")),
    ]


def _coordination(ctx: ReportContext) -> list[Block]:
    items = [ctx.t(f"report.coord.{i}", polres=ctx.polres, kodim=ctx.kodim) for i in range(1, 6)]
    items += [fmt.bilingual(n, ctx.lang) for n in ctx.plan.notes]
    blocks: list[Block] = [Bullets(tuple(items))]
    sv = ctx.plan.solver
    if sv.method != "none":
        gap = fmt.percent(sv.gap, ctx.lang, 2) if sv.gap is not None else "—"
        blocks.append(
            Para(
                ctx.t(
                    "report.text.solver",
                    method=ctx.label("solver", sv.method),
                    status=sv.status or "—",
                    gap=gap,  # no solve time: it differs run to run, the document must not
                ),
                "note",
            )
        )
    return blocks


def _logistics(ctx: ReportContext) -> list[Block]:
    items = []
    peak = _peak(ctx)
    if peak:
        items.append(
            ctx.t(
                "report.text.peak",
                personnel=ctx.num(peak[1]),
                phase=ctx.label("phase", peak[0]),
            )
        )
    items += [ctx.t(f"report.logistics.{i}") for i in range(1, 4)]
    return [Bullets(tuple(items))]


def _command(ctx: ReportContext) -> list[Section]:
    cmd = [
        ctx.t(f"report.command.{i}", polres=ctx.polres, kodim=ctx.kodim, pemkab=ctx.pemkab)
        for i in range(1, 4)
    ]
    sig = [ctx.t(f"report.signals.{i}") for i in range(1, 4)]
    return [
        _sub(ctx, 1, "command", [Bullets(tuple(cmd))]),
        _sub(ctx, 2, "signals", [Bullets(tuple(sig))]),
    ]


def _use_of_force(ctx: ReportContext) -> Bullets:
    return Bullets(tuple(ctx.t(f"report.force_step.{i}") for i in range(1, 7)), numbered=True)


# --- the documents ------------------------------------------------------------------------
def security_plan(ctx: ReportContext) -> Document:
    """Rencana Pengamanan (security plan)."""
    title = ctx.t("report.doc.security.title")
    body = (
        _sec(
            ctx,
            1,
            "situation",
            children=[
                _sub(ctx, 1, "general", [_general(ctx), tables.phases(ctx)]),
                _sub(ctx, 2, "vulnerability", _vulnerability(ctx)),
                _sub(ctx, 3, "own_forces", [tables.agency_totals(ctx)]),
            ],
        ),
        _sec(
            ctx,
            2,
            "mission",
            [
                Para(
                    ctx.t(
                        "report.text.mission",
                        polres=ctx.polres,
                        kodim=ctx.kodim,
                        pemkab=ctx.pemkab,
                        title=ctx.scenario.title,
                        villages=len(ctx.scenario.villages),
                        date=fmt.day(ctx.scenario.election_date, ctx.lang),
                    )
                )
            ],
        ),
        _sec(
            ctx,
            3,
            "execution",
            children=[
                _sub(ctx, 1, "concept", _concept(ctx)),
                _sub(ctx, 2, "tasks", _tasks(ctx)),
                _sub(ctx, 3, "coordination", _coordination(ctx)),
            ],
        ),
        _sec(ctx, 4, "logistics", _logistics(ctx)),
        _sec(ctx, 5, "command_signals", children=_command(ctx)),
    )
    annexes = [
        _annex(ctx, "A", "maps", _map_figures(ctx)),
        _annex(
            ctx,
            "B",
            "personnel",
            [
                tables.per_village(ctx),
                tables.per_unit(ctx),
                tables.per_phase(ctx),
                tables.postings(ctx),
                tables.assignments(ctx),
            ],
        ),
        _annex(
            ctx,
            "C",
            "reserves",
            [tables.reserve_sites(ctx), tables.reserves(ctx), tables.reserve_requirements(ctx)],
        ),
        _annex(
            ctx,
            "D",
            "request",
            [tables.shortfalls(ctx), tables.request(ctx), tables.marginal(ctx)],
        ),
        _annex(
            ctx,
            "E",
            "ladder",
            [tables.ladder(ctx), Para(ctx.t("report.text.use_of_force")), _use_of_force(ctx)],
        ),
        _annex(ctx, "F", "outreach", [tables.outreach(ctx)]),
        _annex(ctx, "G", "contacts", [tables.contacts(ctx)]),
        _annex(ctx, "H", "village_data", _village_data(ctx)),
    ]
    return _document(ctx, "rencana-pengamanan", title, body, annexes)


def _village_data(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = [tables.villages(ctx)]
    if _has_scores(ctx):
        blocks.append(tables.explanations(ctx))
    if getattr(ctx.assessment, "indicators", ()):
        blocks.append(tables.indicators(ctx))
    if getattr(ctx.assessment, "sensitivity", ()):
        blocks.append(tables.sensitivity(ctx))
    if any(r.contributions for r in ctx.assessment.villages):
        blocks.append(tables.contributions(ctx))
    return blocks


def contingency_plan(ctx: ReportContext) -> Document:
    """Rencana Kontinjensi (contingency plan)."""
    title = ctx.t("report.doc.contingency.title")
    scen_rows = tables.contingency_scenarios(ctx)
    body = (
        _sec(ctx, 1, "situation", [_general(ctx), *_vulnerability(ctx)]),
        _sec(ctx, 2, "purpose", [Para(ctx.t("report.text.purpose", polres=ctx.polres))]),
        _sec(ctx, 3, "scenarios", [scen_rows]),
        _sec(
            ctx,
            4,
            "escalation",
            [
                Para(ctx.t("report.text.escalation")),
                tables.ladder(ctx),
                Para(ctx.t("report.text.use_of_force")),
                _use_of_force(ctx),
            ],
        ),
        _sec(
            ctx,
            5,
            "response",
            [
                Para(_response_text(ctx)),
                tables.reserve_sites(ctx),
                tables.reserves(ctx),
                tables.request(ctx),
            ],
        ),
        _sec(ctx, 6, "simulation", sim_view.blocks(ctx)),
        _sec(ctx, 7, "command_signals", children=_command(ctx)),
    )
    annexes = [
        _annex(ctx, "A", "maps", _map_figures(ctx, sim=True)),
        _annex(ctx, "B", "contacts", [tables.contacts(ctx)]),
    ]
    return _document(ctx, "rencana-kontinjensi", title, body, annexes)


def _response_text(ctx: ReportContext) -> str:
    p = ctx.plan
    if not p.reserves:
        return ctx.t("report.text.response_none")
    delays = [r.ready_min for r in p.reserves if r.ready_min > 0]
    text = ctx.t(
        "report.text.response",
        units=len({r.unit for r in p.reserves}),
        personnel=ctx.num(sum(r.personnel for r in p.reserves)),
        sites=len(p.reserve_sites),
    )
    if delays:
        text += " " + ctx.t("report.text.response_delay", minutes=ctx.num(max(delays)))
    return text


def documents(ctx: ReportContext) -> list[Document]:
    return [security_plan(ctx), contingency_plan(ctx)]


def _document(ctx: ReportContext, doc_id: str, title: str, body: list, annexes: list) -> Document:
    """A signable document: the scenario's heading, banner, signatures and footer around ``body``."""
    return Document(
        id=doc_id,
        title=title,
        subtitle=ctx.scenario.title,
        issuer=ctx.polres,
        heading=heading(ctx),
        banner=banner(ctx),
        body=body,
        signatures=signatures(ctx),
        place_date=_place_date(ctx),
        annexes=tuple(annexes),
        footer=_footer(ctx, title),
    )
