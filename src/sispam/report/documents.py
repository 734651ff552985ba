"""Rencana Pengamanan dan Rencana Kontinjensi: the two documents in the frame of a Polres
operation plan (domain.md §8) — kop, classification, copy and number; *Dasar* and
*Pertimbangan*; I Situasi (umum, perkiraan ancaman, kekuatan sendiri), II Tugas Pokok,
III Pelaksanaan (konsep operasi, sasaran, cara bertindak, organisasi tugas, tugas satuan,
instruksi koordinasi), IV Administrasi dan Logistik, V Komando dan Pengendalian, VI Penutup;
signature blocks; annexes. Provenance (software, estimated inputs, solver) goes to the last annex,
never into the body that is signed. Each document is self-contained: the Renkon repeats what it
needs rather than pointing at an annex only the Renpam has.

The text says what the results contain and, where a stage has not produced something (no
allocation, no reserves, no simulation), says so instead of inventing it.
"""

from __future__ import annotations

from collections import Counter

from sispam.domain.doctrine import FORCE_STEPS, PRINCIPLES
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

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
SECURITY, CONTINGENCY = "rencana-pengamanan", "rencana-kontinjensi"
SHORT = {SECURITY: "renpam", CONTINGENCY: "renkon"}


def _sec(ctx: ReportContext, n: int, key: str, blocks=(), children=()) -> Section:  # type: ignore[no-untyped-def]
    return Section(
        ROMAN[n - 1] + ".", ctx.t(f"report.sec.{key}"), tuple(blocks), tuple(children), id=key
    )


def _sub(ctx: ReportContext, n: int, key: str, blocks=()) -> Section:  # type: ignore[no-untyped-def]
    return Section(f"{n}.", ctx.t(f"report.sec.{key}"), tuple(blocks), id=key)


def _plain(ctx: ReportContext, key: str, blocks=()) -> Section:  # type: ignore[no-untyped-def]
    """An unnumbered section (Dasar, Pertimbangan)."""
    return Section("", ctx.t(f"report.sec.{key}"), tuple(blocks), id=key)


def _annex(ctx: ReportContext, letter: str, key: str, blocks=()) -> Section:  # type: ignore[no-untyped-def]
    return Section(
        ctx.t("report.annex", letter=letter), ctx.t(f"report.sec.{key}"), tuple(blocks), id=key
    )


def _subs(ctx: ReportContext, parts: list[tuple[str, list[Block]]]) -> list[Section]:
    return [_sub(ctx, i, key, blocks) for i, (key, blocks) in enumerate(parts, 1) if blocks]


# --- provenance: the page, the workbook and the last annex ---------------------------------
def heading(ctx: ReportContext) -> Fields:
    """Where the document comes from (not part of the signed body)."""
    s = ctx.scenario
    est = "; ".join(ctx.estimated_inputs) if ctx.estimated_inputs else ctx.t("report.none")
    return Fields(
        (
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


def _provenance(ctx: ReportContext) -> list[Block]:
    """Lampiran: sumber dan cara penyusunan — inputs, estimates, how the plan was computed."""
    blocks: list[Block] = [Para(ctx.t("report.text.provenance")), heading(ctx), *banner(ctx)]
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
    notes = [fmt.bilingual(n, ctx.lang) for n in ctx.plan.notes]
    if notes:
        blocks += [Para(ctx.t("report.text.plan_notes")), Bullets(tuple(notes))]
    return blocks


# --- the frame ----------------------------------------------------------------------------
def _kop(ctx: ReportContext) -> tuple[str, ...]:
    return (
        ctx.t("report.kop.national"),
        ctx.t("report.kop.polda", polda=ctx.polda.upper()),
        ctx.t("report.kop.polres", region=ctx.region_short.upper()),
    )


def _number(ctx: ReportContext, doc_id: str) -> str:
    """Nomor: ``R/Renpam/……/V/2023`` — the month and year of the planning date."""
    if ctx.settings.number:
        return ctx.settings.number
    d = ctx.today
    return f"R/{SHORT[doc_id].capitalize()}/……/{ROMAN[d.month - 1]}/{d.year}"


def signatures(ctx: ReportContext) -> tuple[Signature, ...]:
    """The Kapolres issues; the Dandim and the Bupati acknowledge. Names, ranks and NRP from
    ``[report]``, else lines to fill."""
    st = ctx.settings
    officer = ctx.t("report.sign.blank_name")
    return (
        Signature(
            ctx.t("report.sign.issued"),
            ctx.t("report.sign.kapolres_title", region=ctx.region_short.upper()),
            ctx.polres,
            st.kapolres or officer,
            st.kapolres_rank,
            ctx.t("report.sign.nrp", number=st.kapolres_nrp or "……………"),
        ),
        Signature(
            ctx.t("report.sign.acknowledged"),
            ctx.t("report.sign.dandim_title", kodim=ctx.kodim.upper()),
            ctx.kodim,
            st.dandim or officer,
            st.dandim_rank,
            ctx.t("report.sign.nrp", number=st.dandim_nrp or "……………"),
        ),
        Signature(
            ctx.t("report.sign.acknowledged"),
            ctx.t("report.sign.bupati_title", region=ctx.region_short.upper()),
            ctx.pemkab,
            st.bupati or ctx.t("report.sign.blank_civil"),
            "",
            "",
        ),
    )


def _place_date(ctx: ReportContext) -> str:
    return f"{ctx.place}, {fmt.day(ctx.today, ctx.lang)}"


def _footer(ctx: ReportContext, title: str) -> str:
    return f"{title} — {ctx.polres}"


def _document(ctx: ReportContext, doc_id: str, body: list, annexes: list) -> Document:
    """A signable document: kop, classification, number and signatures around ``body``."""
    key = "security" if doc_id == SECURITY else "contingency"
    title = ctx.t(f"report.doc.{key}.title")
    return Document(
        id=doc_id,
        title=title,
        subtitle=ctx.t(f"report.doc.{key}.subtitle", title=ctx.scenario.title),
        issuer=ctx.polres,
        heading=heading(ctx),
        banner=banner(ctx),
        body=tuple(body),
        signatures=signatures(ctx),
        place_date=_place_date(ctx),
        annexes=tuple(annexes),
        footer=_footer(ctx, title),
        kop=_kop(ctx),
        classification=ctx.settings.classification or ctx.t("report.meta.classification"),
        copy=ctx.t("report.meta.copy"),
        number=ctx.t("report.meta.number_line", number=_number(ctx, doc_id)),
        draft_note=ctx.t("report.draft_note") if ctx.scenario.illustrative else "",
    )


# --- shared pieces ------------------------------------------------------------------------
def _dasar(ctx: ReportContext) -> Section:
    keys = DASAR[ctx.scenario.election_type.value]
    items = [
        ctx.t(
            f"report.dasar.{k}",
            polres=ctx.polres,
            region=ctx.region_short,
            date=fmt.day(ctx.today, ctx.lang),
        )
        for k in keys
    ]
    return _plain(ctx, "dasar", [Bullets(tuple(items), numbered=True)])


DASAR = {
    "pilkades": (
        "uu_polri", "uu_desa", "permendagri_pilkades", "perkap_opsnal", "perkap_dalmas",
        "perkap_force", "perkap_phh", "mou_tni", "order", "estimate",
    ),
    "pilkada": (
        "uu_polri", "uu_pilkada", "perkap_opsnal", "perkap_dalmas", "perkap_force", "perkap_phh",
        "mou_tni", "order", "estimate",
    ),
    "pemilu": (
        "uu_polri", "uu_pemilu", "perkap_opsnal", "perkap_dalmas", "perkap_force", "perkap_phh",
        "mou_tni", "order", "estimate",
    ),
}  # fmt: skip
"""The references (Dasar) of the documents per election type (domain.md §6, §8)."""


def _consideration(ctx: ReportContext, doc_id: str) -> Section:
    key = "consideration" if doc_id == SECURITY else "consideration_cont"
    return _plain(
        ctx,
        "pertimbangan",
        [Para(ctx.t(f"report.text.{key}", title=ctx.scenario.title, polres=ctx.polres))],
    )


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
        f"{ctx.zone_label(z.id)} {counts.get(z.id, 0)}" for z in reversed(ctx.scenario.zones.zones)
    )


def _threat(ctx: ReportContext) -> list[Block]:
    """Perkiraan ancaman: the vulnerability zones, the threats expected, and (when the simulation
    ran) the phases where escalation is likeliest — an estimate, said so."""
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
    blocks.append(Para(ctx.t("report.text.threats")))
    blocks.append(Bullets(tuple(ctx.t(f"report.threat.{k}") for k in THREATS)))
    likely = sim_view.likeliest_phases(ctx)
    if likely:
        blocks.append(Para(ctx.t("report.text.threat_sim", phases=likely), "note"))
    return blocks


THREATS = ("dispute", "clash", "money_politics", "mass_rally", "hoax", "logistics")


def _own_forces(ctx: ReportContext, doc_id: str) -> list[Block]:
    if doc_id == CONTINGENCY:
        return [tables.agency_totals(ctx)]
    return [tables.agency_totals(ctx), tables.force_totals(ctx), _fig(ctx, "chart_forces", "chart")]


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


def _situation(ctx: ReportContext, doc_id: str) -> Section:
    return _sec(
        ctx,
        1,
        "situation",
        children=_subs(
            ctx,
            [
                ("general", [_general(ctx), tables.phases(ctx)]),
                ("threat", _threat(ctx)),
                ("own_forces", _own_forces(ctx, doc_id)),
            ],
        ),
    )


def _main_task(ctx: ReportContext, doc_id: str) -> Section:
    s = ctx.scenario
    first, last = (s.phases[0], s.phases[-1]) if s.phases else (None, None)
    key = "main_task" if doc_id == SECURITY else "main_task_cont"
    return _sec(
        ctx,
        2,
        "main_task",
        [
            Para(
                ctx.t(
                    f"report.text.{key}",
                    polres=ctx.polres,
                    kodim=ctx.kodim,
                    pemkab=ctx.pemkab,
                    title=s.title,
                    villages=len(s.villages),
                    date=fmt.day(s.election_date, ctx.lang),
                    start=fmt.day(first.start.date(), ctx.lang) if first else "—",
                    end=fmt.day(last.end.date(), ctx.lang) if last else "—",
                )
            )
        ],
    )


def _tps_stays(ctx: ReportContext) -> str:
    boxes = [e for e in ctx.plan.escorts if e.kind == "kotak_suara"]
    if not boxes:
        return ctx.t("report.text.tps_stays")
    last = max(boxes, key=lambda e: e.arrive_at)
    return ctx.t(
        "report.text.tps_stays_escort",
        depart=fmt.clock(boxes[0].depart_at, ctx.lang),
        arrive=fmt.clock(last.arrive_at, ctx.lang),
        village=ctx.village_name(last.village_code),
    )


def _response_promise(ctx: ReportContext) -> str:
    """The response the plan promises, from its own figures (never a blanket claim): the
    latest first arrival of each role, and the phases it stands by in when not all."""
    p = ctx.plan
    first = [v.response_min for v in p.villages if v.response_min is not None]
    if not p.reserves or not first:
        return ctx.t("report.text.response_none")
    worst = max(p.villages, key=lambda v: v.response_min or 0.0)
    parts = [
        ctx.t(
            "report.text.response_first",
            awal=ctx.num(max(first), 0),
            village=worst.name,
            covered=fmt.percent(p.coverage, ctx.lang) if p.coverage is not None else "—",
            minutes=ctx.num(p.coverage_min or 0),
        )
    ]
    every = {ph.kind for ph in ctx.scenario.phases}
    for role in ("dalmas_lanjut", "phh", "tni_support"):
        rows = [r for r in p.response if r.role == role]
        if not rows:
            continue
        order = [x.kind for x in ctx.scenario.phases]
        phases = sorted({ph for r in rows for ph in r.phases}, key=order.index)
        when = (
            ""
            if set(phases) == every
            else ctx.t(
                "report.text.response_when",
                phases=", ".join(ctx.label("phase", ph) for ph in phases),
            )
        )
        parts.append(
            ctx.t(
                "report.text.response_role",
                role=ctx.label("role", role),
                minutes=ctx.num(max(r.minutes for r in rows), 0),
                when=when,
            )
        )
    return " ".join(parts)


def _request_text(ctx: ReportContext) -> str:
    p = ctx.plan
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
        return ctx.t("report.text.concept_request", items=req)
    if p.shortfalls:
        short = ctx.num(sum(s.personnel for s in p.shortfalls))
        return ctx.t("report.text.concept_shortfall", personnel=short)
    if p.assignments:
        return ctx.t("report.text.concept_sufficient")
    return ctx.t("report.text.concept_not_assigned")


def _concept(ctx: ReportContext) -> list[Block]:
    p = ctx.plan
    blocks: list[Block] = [Para(ctx.t("report.text.concept_phases")), tables.phase_concept(ctx)]
    blocks += [Para(ctx.t("report.text.concept_pattern")), tables.patterns(ctx)]
    blocks.append(Para(_tps_stays(ctx)))
    if p.schedule:
        blocks += [Para(ctx.t("report.text.concept_d1")), tables.schedule(ctx)]
    if p.reserve_sites:
        blocks.append(
            Para(
                ctx.t(
                    "report.text.concept_reserves",
                    sites=len(p.reserve_sites),
                    personnel=ctx.num(sum(r.personnel for r in p.reserves)),
                )
            )
        )
    else:
        blocks.append(Para(ctx.t("report.text.concept_no_reserves")))
    blocks.append(Para(_response_promise(ctx)))
    blocks.append(Para(_request_text(ctx)))
    return blocks


def _targets(ctx: ReportContext) -> list[Block]:
    """Sasaran: persons, objects, activities, places."""
    s = ctx.scenario
    tot = _totals(ctx)
    lowest = s.zones.zones[0].id
    raised = [v for v in s.villages if ctx.zone_of(v.code) != lowest]
    raised.sort(key=lambda v: (-s.zones.rank(ctx.zone_of(v.code)), v.code))
    places = ", ".join(f"{v.name} ({ctx.zone_label(ctx.zone_of(v.code))})" for v in raised)
    largest = sorted(s.villages, key=lambda v: (-v.voters / v.tps, v.code))[:3]
    items = (
        ctx.t("report.target.persons", candidates=ctx.est(ctx.num(tot["candidates"][0]),
              tot["candidates"][1]), voters=ctx.est(ctx.num(tot["voters"][0]), tot["voters"][1])),
        ctx.t("report.target.objects", tps=ctx.est(ctx.num(tot["tps"][0]), tot["tps"][1]),
              districts=len({v.district_code for v in s.villages})),
        ctx.t("report.target.activities"),
        ctx.t("report.target.places", places=places or ctx.t("report.none"),
              largest=", ".join(v.name for v in largest)),
    )  # fmt: skip
    return [Bullets(items)]


def _cara_bertindak(ctx: ReportContext, with_phases: bool) -> list[Block]:
    """Cara Bertindak: per phase (Renpam), then per crowd situation from the doctrine table,
    with the rules that bind every level."""
    blocks: list[Block] = []
    if with_phases:
        blocks += [Para(ctx.t("report.text.cb_phases")), tables.phase_actions(ctx)]
    blocks.append(Para(ctx.t("report.text.cb_levels")))
    blocks += tables.cara_bertindak(ctx)
    blocks.append(Para(ctx.t("report.text.cb_rules")))
    blocks.append(Bullets(tuple(ctx.t(f"report.cb_rule.{k}") for k in CB_RULES)))
    blocks.append(Para(ctx.t("report.text.use_of_force")))
    blocks.append(Bullets(tuple(ctx.t(f"doctrine.force.{k}") for k in FORCE_STEPS), numbered=True))
    blocks.append(Para(ctx.t("report.text.principles")))
    blocks.append(
        Bullets(tuple(ctx.t(f"doctrine.principle.{k}") for k in PRINCIPLES), numbered=True)
    )
    return blocks


CB_RULES = ("unarmed", "decision", "tni", "disputes")


def _task_forces(ctx: ReportContext) -> list[Block]:
    return [Para(ctx.t("report.text.task_forces")), tables.satgas(ctx)]


def _territorial(ctx: ReportContext) -> list[Block]:
    return [Para(ctx.t("report.text.territorial")), tables.territorial(ctx)]


def _coordination(ctx: ReportContext, doc_id: str) -> list[Block]:
    keys = COORDINATION if doc_id == SECURITY else COORDINATION_CONT
    items = [
        ctx.t(f"report.coord.{k}", polres=ctx.polres, kodim=ctx.kodim, pemkab=ctx.pemkab)
        for k in keys
    ]
    crossings = sorted({a.cross_border for a in ctx.plan.assignments if a.cross_border})
    items += crossings
    return [Bullets(tuple(items))]


COORDINATION = ("lead", "arrive", "linmas", "zones", "outreach", "bko")
COORDINATION_CONT = ("lead", "linmas", "zones", "bko")  # no annex of the Renpam referred to


def _logistics(ctx: ReportContext, doc_id: str) -> list[Section]:
    personnel = [Para(ctx.t("report.text.personnel_peak", **_peak(ctx)))]
    if doc_id == SECURITY:
        personnel.append(tables.per_phase(ctx))
    return _subs(
        ctx,
        [
            ("log_personnel", personnel),
            ("log_equipment", [Bullets(tables.equipment_lines(ctx))]),
            ("log_transport", [Bullets(tables.transport_lines(ctx))]),
            (
                "log_medical",
                [Bullets(tuple(ctx.t(f"report.logistics.medical.{i}") for i in range(1, 4)))],
            ),  # fmt: skip
            ("log_budget", [Bullets((ctx.t("report.logistics.budget"),))]),
        ],
    )


def _peak(ctx: ReportContext) -> dict[str, str]:
    best: tuple[int, str] = (0, "—")
    for ph, forces in ctx.plan.phase_totals.items():
        n = sum(t.assigned_total for t in forces.values())
        if n > best[0]:
            best = (n, ctx.label("phase", ph))
    total = sum(u.strength for u in ctx.scenario.units)
    return {"personnel": ctx.num(best[0]), "phase": best[1], "total": ctx.num(total)}


def _command(ctx: ReportContext) -> list[Section]:
    highest = ctx.scenario.zones.zones[-1].id
    forward = [v.name for v in ctx.scenario.villages if ctx.zone_of(v.code) == highest]
    cmd = [
        ctx.t(
            f"report.command.{k}",
            polres=ctx.polres,
            kodim=ctx.kodim,
            pemkab=ctx.pemkab,
            kapolres=ctx.kapolres,
            dandim=ctx.dandim,
            bupati=ctx.bupati,
        )
        for k in ("kaops", "wakaops", "karendalops", "tni", "pemkab", "handover")
    ]
    posts = [ctx.t("report.command.posko", polres=ctx.polres)]
    if forward:
        posts.append(
            ctx.t(
                "report.command.forward",
                villages=", ".join(forward),
                zone=ctx.zone_label(highest),
            )
        )
    posts.append(ctx.t("report.command.posko_support"))
    signals = [ctx.t(f"report.signals.{k}") for k in ("radio", "callsigns", "backup")]
    return [
        _sub(ctx, 1, "command", [Bullets(tuple(cmd))]),
        _sub(ctx, 2, "command_posts", [Bullets(tuple(posts))]),
        _sub(ctx, 3, "signals", [Bullets(tuple(signals)), tables.reporting(ctx)]),
    ]


def _closing(ctx: ReportContext, n: int) -> Section:
    return _sec(ctx, n, "closing", [Para(ctx.t("report.text.closing"))])


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


# --- the documents ------------------------------------------------------------------------
def _operation_plan_frame(ctx: ReportContext, doc_id: str, execution: list[Section]) -> list:
    """The frame every Polres operation plan has, in order (domain §8): *dasar* (basis) and
    *pertimbangan* (considerations), then I situation, II main task, III execution (the
    document's own), IV logistics, V command and signals, VI closing. The Renpam and the Renkon
    share it and differ in what each chapter says."""
    return [
        _dasar(ctx),
        _consideration(ctx, doc_id),
        _situation(ctx, doc_id),
        _main_task(ctx, doc_id),
        _sec(ctx, 3, "execution", children=execution),
        _sec(ctx, 4, "logistics", children=_logistics(ctx, doc_id)),
        _sec(ctx, 5, "command_signals", children=_command(ctx)),
        _closing(ctx, 6),
    ]


def security_plan(ctx: ReportContext) -> Document:
    """Rencana Pengamanan (security plan)."""
    execution = _subs(
        ctx,
        [
            ("concept", _concept(ctx)),
            ("targets", _targets(ctx)),
            ("cara_bertindak", _cara_bertindak(ctx, with_phases=True)),
            ("task_forces", _task_forces(ctx)),
            ("territorial", _territorial(ctx)),
            ("coordination", _coordination(ctx, SECURITY)),
        ],
    )
    body = _operation_plan_frame(ctx, SECURITY, execution)
    annexes = [
        _annex(ctx, "A", "maps", _map_figures(ctx)),
        _annex(
            ctx,
            "B",
            "personnel",
            [
                tables.per_village(ctx),
                tables.per_unit(ctx),
                tables.postings(ctx, key_only=True),
                tables.postings(ctx),
                tables.assignments(ctx),
            ],
        ),
        _annex(
            ctx,
            "C",
            "reserves",
            [
                tables.reserve_sites(ctx),
                tables.reserves(ctx),
                tables.reserve_requirements(ctx),
                tables.promises(ctx),
            ],
        ),
        _annex(ctx, "D", "timeline", [tables.escorts(ctx)]),
        _annex(
            ctx,
            "E",
            "request",
            [tables.shortfalls(ctx), tables.request(ctx), tables.marginal(ctx)],
        ),
        _annex(ctx, "F", "outreach", [tables.outreach(ctx)]),
        _annex(ctx, "G", "contacts", [tables.contacts(ctx)]),
        _annex(ctx, "H", "village_data", _village_data(ctx)),
        _annex(ctx, "I", "provenance", _provenance(ctx)),
    ]
    return _document(ctx, SECURITY, body, annexes)


def contingency_plan(ctx: ReportContext) -> Document:
    """Rencana Kontinjensi (contingency plan): self-contained — it repeats the reserves, their
    promised arrival and the contacts rather than pointing into the Renpam."""
    execution = _subs(
        ctx,
        [
            ("scenarios", [tables.contingency_scenarios(ctx)]),
            ("escalation", [Para(ctx.t("report.text.escalation")), tables.ladder(ctx)]),
            ("cara_bertindak", _cara_bertindak(ctx, with_phases=False)),
            ("response", _response(ctx)),
            ("simulation", sim_view.blocks(ctx)),
            ("coordination", _coordination(ctx, CONTINGENCY)),
        ],
    )
    body = _operation_plan_frame(ctx, CONTINGENCY, execution)
    annexes = [
        _annex(ctx, "A", "maps", _map_figures(ctx, sim=True)),
        _annex(ctx, "B", "promises", [tables.promises(ctx)]),
        _annex(ctx, "C", "contacts", [tables.contacts(ctx)]),
        _annex(ctx, "D", "provenance", _provenance(ctx)),
    ]
    return _document(ctx, CONTINGENCY, body, annexes)


def _response(ctx: ReportContext) -> list[Block]:
    p = ctx.plan
    if not p.reserves:
        return [Para(ctx.t("report.text.response_none"))]
    text = ctx.t(
        "report.text.response",
        units=len({r.unit for r in p.reserves}),
        personnel=ctx.num(sum(r.personnel for r in p.reserves)),
        sites=len(p.reserve_sites),
    )
    return [
        Para(text),
        tables.reserve_sites(ctx),
        tables.reserves(ctx),
        Para(_response_promise(ctx)),
        Para(ctx.t("report.text.promise_annex")),
        tables.request(ctx),
    ]


def documents(ctx: ReportContext) -> list[Document]:
    return [security_plan(ctx), contingency_plan(ctx)]
