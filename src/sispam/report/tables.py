"""Tabel laporan (report tables): domain results laid out as rows, in the reader's language.

Each function reads the results through a :class:`ReportContext` and returns a
:class:`~sispam.report.model.Table`. Sums and counts here only add up what a stage decided, for
the reader; no table re-decides a zone, a posting or a need.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sispam.domain import KIND_AGENCY, Force, PhaseKind, UnitKind
from sispam.report import fmt
from sispam.report.context import ReportContext
from sispam.report.model import Cell, Column, Table

PHASE_ORDER = {p: i for i, p in enumerate(PhaseKind)}
FORCE_ORDER = {f: i for i, f in enumerate(Force)}
FORCE_AGENCY = {
    Force.POLRI: "polri",
    Force.TNI: "tni",
    Force.LINMAS: "pemkab",
    Force.SATPOL_PP: "pemkab",
    Force.DISHUB: "pemkab",
}
VOTING = PhaseKind.PEMUNGUTAN


def _col(ctx: ReportContext, key: str, kind: str = "text", digits: int = 0, total: bool = False):
    return Column(key, ctx.t(f"report.col.{key}"), kind, digits, total)  # type: ignore[arg-type]


def _table(ctx: ReportContext, tid: str, columns, rows, total: bool = False, note: str = ""):
    return Table(
        id=tid,
        title=ctx.t(f"report.table.{tid}"),
        columns=tuple(columns),
        rows=tuple(tuple(r) for r in rows),
        total_label=ctx.t("report.total") if total else None,
        note=note,
        empty=ctx.t(f"report.empty.{tid}"),
    )


def _yes_no(ctx: ReportContext, value: bool) -> str:
    return ctx.t("report.yes") if value else ctx.t("report.no")


def _forces_in(ctx: ReportContext, extra: Iterable[Force] = ()) -> list[Force]:
    found = {r.force for r in ctx.plan.requirements} | {a.force for a in ctx.plan.assignments}
    found |= {Force(f) for f in ctx.plan.totals} | set(extra)
    return sorted(found, key=FORCE_ORDER.__getitem__)


def _phases_in(ctx: ReportContext) -> list[PhaseKind]:
    found = {r.phase for r in ctx.plan.requirements} | {a.phase for a in ctx.plan.assignments}
    found |= {s.phase for s in ctx.plan.shortfalls}
    return sorted(found, key=PHASE_ORDER.__getitem__)


def _zone_cell(ctx: ReportContext, zone: str) -> Cell:
    return Cell(ctx.zone_name(zone), color=ctx.zone_color(zone))


def _base(ctx: ReportContext, unit_name: str) -> str:
    u = ctx.units.get(unit_name)
    if u is None:
        return ""
    if u.home_code and u.home_code in ctx.villages:
        return ctx.village_name(u.home_code)
    return f"{u.lat:.4f}, {u.lng:.4f}"


# --- situation ----------------------------------------------------------------------------
def phases(ctx: ReportContext) -> Table:
    rows = [
        (
            Cell(ctx.label("phase", p.kind)),
            Cell(fmt.moment(p.start, ctx.lang)),
            Cell(fmt.moment(p.end, ctx.lang)),
        )
        for p in ctx.scenario.phases
    ]
    cols = [_col(ctx, "phase"), _col(ctx, "start"), _col(ctx, "end")]
    return _table(ctx, "phases", cols, rows)


def zones(ctx: ReportContext) -> Table:
    """Desa, TPS and voters per zone."""
    rows = []
    for z in ctx.scenario.zones.zones:
        members = [v for v in ctx.scenario.villages if ctx.zone_of(v.code) == z.id]
        rows.append(
            (
                _zone_cell(ctx, z.id),
                Cell(len(members)),
                Cell(sum(v.tps for v in members), est=any("tps" in v.estimated for v in members)),
                Cell(
                    sum(v.voters for v in members),
                    est=any("voters" in v.estimated for v in members),
                ),
            )
        )
    cols = [
        _col(ctx, "zone"),
        _col(ctx, "villages", "int", total=True),
        _col(ctx, "tps", "int", total=True),
        _col(ctx, "voters", "int", total=True),
    ]
    return _table(ctx, "zones", cols, rows, total=True)


def villages(ctx: ReportContext) -> Table:
    """Desa peserta: the data of every participating village, estimates marked."""
    rows = []
    for i, v in enumerate(ctx.scenario.villages, 1):
        r = ctx.risks.get(v.code)
        zone = ctx.zone_of(v.code)
        remarks = []
        if r is not None and r.pinned:
            reason = fmt.bilingual(r.pin_reason or "", ctx.lang).rstrip(".")
            remarks.append(ctx.t("report.pinned", reason=reason))
        if v.note:
            remarks.append(fmt.bilingual(v.note, ctx.lang))
        rows.append(
            (
                Cell(i),
                Cell(v.code),
                Cell(v.name),
                Cell(v.district_name),
                Cell(v.voters, est="voters" in v.estimated),
                Cell(v.tps, est="tps" in v.estimated),
                Cell(v.candidates, est="candidates" in v.estimated),
                Cell(_yes_no(ctx, v.incumbent_running), est="incumbent_running" in v.estimated),
                _zone_cell(ctx, zone),
                Cell(
                    r.score if r is not None and r.score is not None else None,
                    est=ctx.score_est(v.code),
                ),
                Cell("; ".join(remarks)),
            )
        )
    cols = [
        _col(ctx, "no", "int"),
        _col(ctx, "code", "code"),
        _col(ctx, "village"),
        _col(ctx, "district"),
        _col(ctx, "voters", "int", total=True),
        _col(ctx, "tps", "int", total=True),
        _col(ctx, "candidates", "int", total=True),
        _col(ctx, "incumbent"),
        _col(ctx, "zone"),
        _col(ctx, "score", "float", digits=1),
        _col(ctx, "remarks"),
    ]
    return _table(ctx, "villages", cols, rows, total=True)


def vulnerable(ctx: ReportContext) -> Table:
    """Desa above the lowest zone and why (pin reason, or the indicators that added most)."""
    lowest = ctx.scenario.zones.zones[0].id
    rank = ctx.scenario.zones.rank
    rows = []
    chosen = [v for v in ctx.scenario.villages if ctx.zone_of(v.code) != lowest]
    chosen.sort(key=lambda v: (-rank(ctx.zone_of(v.code)), v.code))
    for v in chosen:
        r = ctx.risks.get(v.code)
        rows.append(
            (
                Cell(v.name),
                Cell(v.district_name),
                _zone_cell(ctx, ctx.zone_of(v.code)),
                Cell(r.score if r and r.score is not None else None, est=ctx.score_est(v.code)),
                Cell(reasons(ctx, v.code)),
            )
        )
    cols = [
        _col(ctx, "village"),
        _col(ctx, "district"),
        _col(ctx, "zone"),
        _col(ctx, "score", "float", digits=1),
        _col(ctx, "reason"),
    ]
    return _table(ctx, "vulnerable", cols, rows)


def reasons(ctx: ReportContext, code: str, top: int = 3) -> str:
    """Why a village is in its zone: the written pin reason, then the largest contributions."""
    r = ctx.risks.get(code)
    if r is None:
        return ""
    parts = []
    if r.pinned and r.pin_reason:
        reason = fmt.bilingual(r.pin_reason, ctx.lang).rstrip(".")
        parts.append(ctx.t("report.pinned", reason=reason))
    contribs = sorted((c for c in r.contributions if c.points > 0), key=lambda c: -c.points)
    for c in contribs[:top]:
        name = c.name_en if ctx.lang == "en" else c.name_id
        parts.append(f"{name} +{ctx.num(c.points, 1)}")
    if not parts and r.derived_zone is None and ctx.assessment.method == "given":
        parts.append(ctx.t("report.zone_given"))
    return "; ".join(parts)


def contributions(ctx: ReportContext) -> Table:
    """Penjelasan skor: every indicator's points for every village (assessment by indicators)."""
    rows = []
    for v in ctx.scenario.villages:
        r = ctx.risks.get(v.code)
        if r is None:
            continue
        for c in sorted(r.contributions, key=lambda c: -abs(c.points)):
            value = c.value
            if isinstance(value, bool):
                value = _yes_no(ctx, value)
            rows.append(
                (
                    Cell(v.name),
                    Cell(c.name_en if ctx.lang == "en" else c.name_id),
                    Cell(value, est=c.estimated or c.imputed),
                    Cell(c.points, est=c.estimated or c.imputed),
                )
            )
    cols = [
        _col(ctx, "village"),
        _col(ctx, "indicator"),
        _col(ctx, "value", "float", digits=2),
        _col(ctx, "points", "float", digits=1),
    ]
    note = (
        ctx.t("report.note.imputed")
        if any(c.imputed for r in ctx.assessment.villages for c in r.contributions)
        else ""
    )
    return _table(ctx, "contributions", cols, rows, note=note)


def patterns(ctx: ReportContext) -> Table:
    """Pola pengamanan per zone, one column per force: "3 / 1 TPS"."""
    forces = sorted({p.force for p in ctx.scenario.patterns}, key=FORCE_ORDER.__getitem__)
    rows = []
    for z in ctx.scenario.zones.zones:
        row = [_zone_cell(ctx, z.id)]
        for f in forces:
            rule = next((p for p in ctx.scenario.patterns if p.zone == z.id and p.force == f), None)
            row.append(
                Cell(ctx.t("report.per_tps", n=rule.personnel, per=rule.per_tps) if rule else "—")
            )
        rows.append(row)
    cols = [_col(ctx, "zone")] + [Column(f"force_{f.value}", ctx.label("force", f)) for f in forces]
    return _table(ctx, "patterns", cols, rows)


# --- forces -------------------------------------------------------------------------------
def force_totals(ctx: ReportContext) -> Table:
    """Kebutuhan vs kekuatan tersedia per force (grouped by agency)."""
    rows = []
    for f in _forces_in(ctx):
        tot = ctx.plan.totals.get(f.value)
        if tot is None:
            continue
        req_est = any(
            ctx.requirement_est(r.village_code) for r in ctx.plan.requirements if r.force == f
        )
        avail_est = any("strength" in u.estimated for u in ctx.scenario.units if u.force == f)
        rows.append(
            (
                Cell(ctx.label("force", f)),
                Cell(ctx.label("agency", FORCE_AGENCY[f])),
                Cell(tot.required_tps, est=req_est),
                Cell(tot.required_total, est=req_est),
                Cell(tot.assigned_total),
                Cell(tot.available, est=avail_est),
                Cell(tot.available - tot.required_total, est=req_est or avail_est),
            )
        )
    cols = [
        _col(ctx, "force"),
        _col(ctx, "agency"),
        _col(ctx, "required_tps", "int", total=True),
        _col(ctx, "required_total", "int", total=True),
        _col(ctx, "assigned", "int", total=True),
        _col(ctx, "available", "int", total=True),
        _col(ctx, "balance", "int", total=True),
    ]
    return _table(ctx, "force_totals", cols, rows, total=True, note=ctx.t("report.note.balance"))


def agency_totals(ctx: ReportContext) -> Table:
    """Satuan and personnel available per agency (own forces, kekuatan sendiri)."""
    rows = []
    for agency in ("polri", "tni", "pemkab"):
        units = [u for u in ctx.scenario.units if KIND_AGENCY[u.kind].value == agency]
        if not units:
            continue
        kinds = sorted({u.kind for u in units}, key=list(UnitKind).index)
        rows.append(
            (
                Cell(ctx.label("agency", agency)),
                Cell(", ".join(ctx.label("kind", k) for k in kinds)),
                Cell(len(units)),
                Cell(
                    sum(u.strength for u in units),
                    est=any("strength" in u.estimated for u in units),
                ),
            )
        )
    cols = [
        _col(ctx, "agency"),
        _col(ctx, "kinds"),
        _col(ctx, "units", "int", total=True),
        _col(ctx, "strength", "int", total=True),
    ]
    return _table(ctx, "agency_totals", cols, rows, total=True)


def _sum_by(items, key) -> dict:  # type: ignore[no-untyped-def]
    out: dict = defaultdict(int)
    for it in items:
        out[key(it)] += it.personnel
    return out


def per_village(ctx: ReportContext) -> Table:
    """Lampiran: required and assigned per force at each village on voting day."""
    forces = _forces_in(ctx)
    forces = [f for f in forces if any(r.force == f for r in ctx.plan.requirements)]
    need = _sum_by(
        (r for r in ctx.plan.requirements if r.phase == VOTING),
        lambda r: (r.village_code, r.force),
    )
    have = _sum_by(
        (a for a in ctx.plan.assignments if a.phase == VOTING),
        lambda a: (a.village_code, a.force),
    )
    show_assigned = bool(ctx.plan.assignments)
    rows = []
    for v in ctx.scenario.villages:
        row = [
            Cell(v.name),
            _zone_cell(ctx, ctx.zone_of(v.code)),
            Cell(v.tps, est="tps" in v.estimated),
        ]
        est = ctx.requirement_est(v.code)
        for f in forces:
            row.append(Cell(need.get((v.code, f), 0), est=est))
            if show_assigned:
                row.append(Cell(have.get((v.code, f), 0)))
        rows.append(row)
    cols = [_col(ctx, "village"), _col(ctx, "zone"), _col(ctx, "tps", "int", total=True)]
    for f in forces:
        name = ctx.label("force", f)
        cols.append(
            Column(f"need_{f.value}", ctx.t("report.col.need_of", force=name), "int", total=True)
        )
        if show_assigned:
            cols.append(
                Column(
                    f"assigned_{f.value}",
                    ctx.t("report.col.assigned_of", force=name),
                    "int",
                    total=True,
                )
            )
    return _table(ctx, "per_village", cols, rows, total=True)


def per_phase(ctx: ReportContext) -> Table:
    """Lampiran: required, assigned and short per phase and force."""
    need = _sum_by(ctx.plan.requirements, lambda r: (r.phase, r.force))
    have = _sum_by(ctx.plan.assignments, lambda a: (a.phase, a.force))
    short = _sum_by(ctx.plan.shortfalls, lambda s: (s.phase, s.force))
    need_est = {
        (r.phase, r.force) for r in ctx.plan.requirements if ctx.requirement_est(r.village_code)
    }
    keys = sorted(
        set(need) | set(have) | set(short),
        key=lambda k: (PHASE_ORDER[k[0]], FORCE_ORDER[k[1]]),
    )
    rows = [
        (
            Cell(ctx.label("phase", p)),
            Cell(ctx.label("force", f)),
            Cell(need.get((p, f), 0), est=(p, f) in need_est),
            Cell(have.get((p, f), 0)),
            Cell(short.get((p, f), 0)),
        )
        for p, f in keys
    ]
    cols = [
        _col(ctx, "phase"),
        _col(ctx, "force"),
        _col(ctx, "required", "int", total=True),
        _col(ctx, "assigned", "int", total=True),
        _col(ctx, "shortfall", "int", total=True),
    ]
    return _table(ctx, "per_phase", cols, rows, total=True)


def per_unit(ctx: ReportContext) -> Table:
    """Lampiran: every unit, its strength, and the personnel it posts per phase and in reserve."""
    phases_used = sorted({a.phase for a in ctx.plan.assignments}, key=PHASE_ORDER.__getitem__)
    posted = _sum_by(ctx.plan.assignments, lambda a: (a.unit, a.phase))
    held = _sum_by(ctx.plan.reserves, lambda r: r.unit)
    rows = []
    for u in ctx.scenario.units:
        row = [
            Cell(u.name),
            Cell(ctx.label("kind", u.kind)),
            Cell(u.strength, est="strength" in u.estimated),
        ]
        row += [Cell(posted.get((u.name, p), 0)) for p in phases_used]
        if ctx.plan.reserves:
            row.append(Cell(held.get(u.name, 0)))
        rows.append(row)
    cols = [_col(ctx, "unit"), _col(ctx, "kind"), _col(ctx, "strength", "int", total=True)]
    cols += [
        Column(f"phase_{p.value}", ctx.label("phase", p), "int", total=True) for p in phases_used
    ]
    if ctx.plan.reserves:
        cols.append(_col(ctx, "reserve", "int", total=True))
    return _table(ctx, "per_unit", cols, rows, total=True)


def assignments(ctx: ReportContext) -> Table:
    """Penugasan: who stands where in each phase, with travel and arrival times."""
    items = sorted(
        ctx.plan.assignments,
        key=lambda a: (PHASE_ORDER[a.phase], a.village_code, FORCE_ORDER[a.force], a.unit),
    )
    rows = [
        (
            Cell(ctx.label("phase", a.phase)),
            Cell(ctx.village_name(a.village_code)),
            Cell(ctx.label("post", a.post)),
            Cell(a.unit),
            Cell(ctx.label("force", a.force)),
            Cell(a.personnel),
            Cell(a.travel_min, est=ctx.location_est(a.unit)),
            Cell(a.arrival_min, est=ctx.location_est(a.unit)),
        )
        for a in items
    ]
    cols = [
        _col(ctx, "phase"),
        _col(ctx, "village"),
        _col(ctx, "post"),
        _col(ctx, "unit"),
        _col(ctx, "force"),
        _col(ctx, "personnel", "int", total=True),
        _col(ctx, "travel_min", "float"),
        _col(ctx, "arrival_min", "float"),
    ]
    return _table(ctx, "assignments", cols, rows, total=True)


# --- reserves, request --------------------------------------------------------------------
def reserve_sites(ctx: ReportContext) -> Table:
    rows = [
        (
            Cell(s.name),
            Cell(f"{s.lat:.4f}, {s.lng:.4f}"),
            Cell(len(s.covered_villages)),
            Cell(", ".join(ctx.village_name(c) for c in s.covered_villages)),
        )
        for s in ctx.plan.reserve_sites
    ]
    cols = [
        _col(ctx, "site"),
        _col(ctx, "location"),
        _col(ctx, "covered", "int"),
        _col(ctx, "covered_villages"),
    ]
    note = ""
    if ctx.plan.coverage is not None:
        note = ctx.t("report.note.coverage", share=fmt.percent(ctx.plan.coverage, ctx.lang))
    return _table(ctx, "reserve_sites", cols, rows, note=note)


def reserves(ctx: ReportContext) -> Table:
    rows = [
        (
            Cell(r.unit),
            Cell(ctx.label("kind", r.kind)),
            Cell(ctx.label("role", r.role)),
            Cell(r.personnel),
            Cell(r.site_name),
            Cell(r.ready_min, est=ctx.unit_est(r.unit, "arrival_delay_min")),
        )
        for r in ctx.plan.reserves
    ]
    cols = [
        _col(ctx, "unit"),
        _col(ctx, "kind"),
        _col(ctx, "role"),
        _col(ctx, "personnel", "int", total=True),
        _col(ctx, "site"),
        _col(ctx, "ready_min", "float"),
    ]
    return _table(ctx, "reserves", cols, rows, total=True)


def shortfalls(ctx: ReportContext) -> Table:
    rows = [
        (
            Cell(ctx.label("phase", s.phase)),
            Cell(ctx.label("force", s.force)),
            Cell(
                ctx.village_name(s.village_code) if s.village_code else ctx.t("report.all_villages")
            ),
            Cell(ctx.label("post", s.post)),
            Cell(s.personnel, est=ctx.requirement_est(s.village_code)),
        )
        for s in sorted(
            ctx.plan.shortfalls,
            key=lambda s: (PHASE_ORDER[s.phase], FORCE_ORDER[s.force], s.village_code or ""),
        )
    ]
    cols = [
        _col(ctx, "phase"),
        _col(ctx, "force"),
        _col(ctx, "village"),
        _col(ctx, "post"),
        _col(ctx, "personnel", "int", total=True),
    ]
    return _table(ctx, "shortfalls", cols, rows, total=True)


def request(ctx: ReportContext) -> Table:
    rows = [
        (
            Cell(ctx.label("phase", r.phase)),
            Cell(ctx.label("force", r.force)),
            Cell(ctx.label("kind", r.kind)),
            Cell(r.platoons),
            Cell(r.personnel),
            Cell(r.stage_at or ""),
            Cell(fmt.bilingual(r.reason, ctx.lang)),
        )
        for r in ctx.plan.request
    ]
    cols = [
        _col(ctx, "phase"),
        _col(ctx, "force"),
        _col(ctx, "kind"),
        _col(ctx, "platoons", "int", total=True),
        _col(ctx, "personnel", "int", total=True),
        _col(ctx, "stage_at"),
        _col(ctx, "reason"),
    ]
    return _table(ctx, "request", cols, rows, total=True)


# --- escalation, outreach, communications -------------------------------------------------
LADDER = ("hijau", "kuning", "merah")
ROLE_OF_LEVEL = {
    "hijau": ("dalmas_awal",),
    "kuning": ("dalmas_lanjut", "tni_support"),
    "merah": ("phh",),
}


def ladder(ctx: ReportContext) -> Table:
    """Tangga eskalasi (Perkap 16/2006): situation, crowd, responder, hand-over, who decides."""
    rows = []
    for level in LADDER:
        units = [r.unit for r in ctx.plan.reserves if r.role in ROLE_OF_LEVEL[level]]
        rows.append(
            (
                Cell(ctx.t(f"report.ladder.{level}.name"), color=_LADDER_COLOR[level]),
                Cell(ctx.t(f"report.ladder.{level}.crowd")),
                Cell(ctx.t(f"report.ladder.{level}.responder")),
                Cell(ctx.t(f"report.ladder.{level}.handover")),
                Cell(ctx.t(f"report.ladder.{level}.command", polres=ctx.polres)),
                Cell(", ".join(units) if units else "—"),
            )
        )
    cols = [
        _col(ctx, "situation"),
        _col(ctx, "crowd"),
        _col(ctx, "responder"),
        _col(ctx, "handover"),
        _col(ctx, "decides"),
        _col(ctx, "plan_units"),
    ]
    return _table(ctx, "ladder", cols, rows)


_LADDER_COLOR = {"hijau": "#2e7d32", "kuning": "#f9a825", "merah": "#c62828"}


def outreach(ctx: ReportContext) -> Table:
    items = sorted(ctx.plan.outreach, key=lambda e: (e.day, e.village_code, e.activity))
    rows = [
        (
            Cell(fmt.short_day(e.day, ctx.lang)),
            Cell(fmt._WEEKDAYS[ctx.lang][e.day.weekday()]),
            Cell(ctx.village_name(e.village_code)),
            Cell(ctx.label("activity", e.activity)),
            Cell(e.officer),
            Cell(ctx.t("report.before_vote") if e.before_vote else ctx.t("report.after_vote")),
        )
        for e in items
    ]
    cols = [
        _col(ctx, "date"),
        _col(ctx, "weekday"),
        _col(ctx, "village"),
        _col(ctx, "activity"),
        _col(ctx, "officer"),
        _col(ctx, "when"),
    ]
    return _table(ctx, "outreach", cols, rows)


def contacts(ctx: ReportContext) -> Table:
    """Daftar komunikasi: every unit (Linmas grouped by kecamatan would hide names: keep all)."""
    rows = [
        (
            Cell(u.name),
            Cell(ctx.label("agency", u.agency)),
            Cell(u.contact, est="contact" in u.estimated),
            Cell(_base(ctx, u.name)),
        )
        for u in ctx.scenario.units
    ]
    cols = [_col(ctx, "unit"), _col(ctx, "agency"), _col(ctx, "contact"), _col(ctx, "base")]
    note = (
        ctx.t("report.note.contacts_blank")
        if not any(u.contact for u in ctx.scenario.units)
        else ""
    )
    return _table(ctx, "contacts", cols, rows, note=note)


CONTINGENCIES = ("dispute", "clash", "money_politics", "mass_rally")


def contingency_scenarios(ctx: ReportContext) -> Table:
    """Skenario kontinjensi: what may happen, in which phase, its trigger and the first response."""
    rows = [
        (
            Cell(ctx.t(f"report.cont.{k}.name")),
            Cell(ctx.t(f"report.cont.{k}.phase")),
            Cell(ctx.t(f"report.cont.{k}.trigger")),
            Cell(ctx.t(f"report.cont.{k}.response")),
        )
        for k in CONTINGENCIES
    ]
    cols = [
        _col(ctx, "contingency"),
        _col(ctx, "phase"),
        _col(ctx, "trigger"),
        _col(ctx, "first_response"),
    ]
    lowest = ctx.scenario.zones.zones[0].id
    watch = [v.name for v in ctx.scenario.villages if ctx.zone_of(v.code) != lowest]
    note = ctx.t("report.note.priority", villages=", ".join(watch)) if watch else ""
    return _table(ctx, "contingencies", cols, rows, note=note)
