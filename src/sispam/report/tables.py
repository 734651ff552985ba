"""Tabel laporan (report tables): domain results laid out as rows, in the reader's language.

Each function reads the results through a :class:`ReportContext` and returns a
:class:`~sispam.report.model.Table`. Sums and counts here only add up what a stage decided, for
the reader; no table re-decides a zone, a posting or a need.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable

from sispam.domain import FORCE_AGENCY, KIND_AGENCY, Agency, Force, PhaseKind, UnitKind, doctrine
from sispam.domain.enums import ReserveRole, SituationLevel
from sispam.report import fmt
from sispam.report.context import ReportContext
from sispam.report.model import Cell, Column, Table

PHASE_ORDER = {p: i for i, p in enumerate(PhaseKind)}
FORCE_ORDER = {f: i for i, f in enumerate(Force)}
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


def _zone_cell(ctx: ReportContext, zone: str, short: bool = True) -> Cell:
    """The zone with its colour; ``short`` drops the gloss ("Hijau (aman)" → "Hijau")."""
    name = ctx.zone_name(zone)
    if short and " (" in name:
        name = name.split(" (", 1)[0]
    return Cell(name, color=ctx.zone_color(zone))


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
                _zone_cell(ctx, z.id, short=False),
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
    return dataclasses.replace(_table(ctx, "contributions", cols, rows, note=note), in_pdf=False)


def _name(ctx: ReportContext, obj) -> str:  # type: ignore[no-untyped-def]
    """``name_en`` in English, ``name_id`` otherwise (indicators, dimensions, levers)."""
    return obj.name_en if ctx.lang == "en" else obj.name_id


def _value_text(ctx: ReportContext, value) -> str:  # type: ignore[no-untyped-def]
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _yes_no(ctx, value)
    if isinstance(value, float):
        return ctx.num(value, 0 if value.is_integer() else 2)
    return str(value)


def zone_changes(ctx: ReportContext, code: str) -> str:
    """What would move a village to the next zone up or down, with the strongest single lever."""
    r = ctx.risks.get(code)
    if r is None:
        return ""
    parts = []
    for ch in getattr(r, "changes", ()):
        arrow = "↑" if ch.direction == "up" else "↓"
        sign = "+" if ch.points >= 0 else "−"
        text = f"{arrow} {ctx.zone_name(ch.zone)} {sign}{ctx.num(abs(ch.points), 1)}"
        if ch.levers:
            lv = ch.levers[0]
            text += (
                f" ({_name(ctx, lv)}: {_value_text(ctx, lv.from_value)} → "
                f"{_value_text(ctx, lv.to_value)})"
            )
        parts.append(text)
    return "; ".join(parts)


def explanations(ctx: ReportContext) -> Table:
    """Penjelasan skor: per village the score, its largest contributions, and the way out."""
    rows = []
    for v in ctx.scenario.villages:
        r = ctx.risks.get(v.code)
        if r is None:
            continue
        rows.append(
            (
                Cell(v.name),
                _zone_cell(ctx, r.zone),
                Cell(r.score, est=ctx.score_est(v.code)) if r.score is not None else Cell(None),
                Cell(reasons(ctx, v.code)),
                Cell(zone_changes(ctx, v.code)),
            )
        )
    cols = [
        _col(ctx, "village"),
        _col(ctx, "zone"),
        _col(ctx, "score", "float", digits=1),
        _col(ctx, "reason"),
        _col(ctx, "changes"),
    ]
    return _table(ctx, "explanations", cols, rows, note=ctx.t("report.note.changes"))


def indicators(ctx: ReportContext) -> Table:
    """Indikator dan bobot: the indicator set as used (nominal weight, how many values present)."""
    dims = {d.id: _name(ctx, d) for d in getattr(ctx.assessment, "dimensions", ())}
    rows = [
        (
            Cell(_name(ctx, i)),
            Cell(dims.get(i.dimension, i.dimension)),
            Cell(i.weight),
            Cell(i.present),
            Cell(i.imputed),
            Cell(i.estimated),
            Cell(i.source),
        )
        for i in getattr(ctx.assessment, "indicators", ())
    ]
    cols = [
        _col(ctx, "indicator"),
        _col(ctx, "dimension"),
        _col(ctx, "weight", "pct", digits=1, total=True),
        _col(ctx, "present", "int"),
        _col(ctx, "imputed", "int"),
        _col(ctx, "estimated_count", "int"),
        _col(ctx, "source"),
    ]
    return _table(ctx, "indicators", cols, rows, total=True)


def sensitivity(ctx: ReportContext) -> Table:
    """Kepekaan: villages changing zone when one weight moves down or up by the step."""
    rows = []
    for row in getattr(ctx.assessment, "sensitivity", ()):
        moved = list(dict.fromkeys(row.villages_down + row.villages_up))
        rows.append(
            (
                Cell(_name(ctx, row)),
                Cell(ctx.t(f"report.target.{row.kind}")),
                Cell(row.weight),
                Cell(row.changed_down),
                Cell(row.changed_up),
                Cell(", ".join(ctx.village_name(c) for c in moved)),
            )
        )
    step = fmt.percent(getattr(ctx.assessment, "sensitivity_step", 0.2), ctx.lang, 0)
    cols = [
        _col(ctx, "target"),
        _col(ctx, "kind"),
        _col(ctx, "weight", "pct", digits=1),
        Column("changed_down", ctx.t("report.col.changed_down", step=step), "int"),
        Column("changed_up", ctx.t("report.col.changed_up", step=step), "int"),
        _col(ctx, "moved_villages"),
    ]
    return _table(ctx, "sensitivity", cols, rows)


def patterns(ctx: ReportContext) -> Table:
    """Pola pengamanan per zone, one column per force: "3 / 1 TPS"."""
    forces = sorted({p.force for p in ctx.scenario.patterns}, key=FORCE_ORDER.__getitem__)
    rows = []
    for z in ctx.scenario.zones.zones:
        row = [_zone_cell(ctx, z.id, short=False)]
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
    """Kebutuhan vs kekuatan tersedia per force in the plan's key phase (``Plan.totals`` counts
    people in that phase), and what the plan records as short in that same phase."""
    key = ctx.plan.key_phase
    short = _sum_by(
        [s for s in ctx.plan.shortfalls if key is None or s.phase == key], lambda s: s.force
    )
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
                Cell(short.get(f, 0), est=req_est),
            )
        )
    cols = [
        _col(ctx, "force"),
        _col(ctx, "agency"),
        _col(ctx, "required_tps", "int", total=True),
        _col(ctx, "required_total", "int", total=True),
        _col(ctx, "assigned", "int", total=True),
        _col(ctx, "available", "int", total=True),
        _col(ctx, "shortfall", "int", total=True),
    ]
    note = ctx.t("report.note.required_total")
    return _table(ctx, "force_totals", cols, rows, total=True, note=note)


def agency_totals(ctx: ReportContext) -> Table:
    """Kekuatan sendiri: per agency and kind of unit, how many units and how many people
    (Linmas are counted by village, two or more a village, not as "units")."""
    rows = []
    for agency in Agency:
        kinds = sorted(
            {u.kind for u in ctx.scenario.units if KIND_AGENCY[u.kind] == agency},
            key=list(UnitKind).index,
        )
        for kind in kinds:
            units = [u for u in ctx.scenario.units if u.kind == kind]
            rows.append(
                (
                    Cell(ctx.label("agency", agency)),
                    Cell(ctx.label("kind", kind)),
                    Cell(
                        ctx.t(
                            f"report.count_of.{'linmas' if kind == UnitKind.LINMAS else 'units'}",
                            n=len(units),
                        )
                    ),  # fmt: skip
                    Cell(
                        sum(u.strength for u in units),
                        est=any("strength" in u.estimated for u in units),
                    ),
                )
            )
    cols = [
        _col(ctx, "agency"),
        _col(ctx, "kind"),
        _col(ctx, "units"),
        _col(ctx, "strength", "int", total=True),
    ]
    return _table(ctx, "agency_totals", cols, rows, total=True)


def _sum_by(items, key) -> dict:  # type: ignore[no-untyped-def]
    out: dict = defaultdict(int)
    for it in items:
        out[key(it)] += it.personnel
    return out


def key_phase(ctx: ReportContext) -> PhaseKind:
    """The phase the per-village summary describes (voting day unless the plan says otherwise)."""
    return ctx.plan.key_phase or VOTING


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def per_village(ctx: ReportContext) -> Table:
    """Lampiran: per village on the key phase — need and posted per force, arrival, response."""
    phase = key_phase(ctx)
    summary = {v.code: v for v in ctx.plan.villages}
    need = _sum_by(
        (r for r in ctx.plan.requirements if r.phase == phase),
        lambda r: (r.village_code, r.force.value),
    )
    have = _sum_by(
        (a for a in ctx.plan.assignments if a.phase == phase),
        lambda a: (a.village_code, a.force.value),
    )
    for vp in summary.values():  # the plan's own summary wins where it has one
        for f, n in vp.required.items():
            need[(vp.code, f)] = n
        for f, n in vp.assigned.items():
            have[(vp.code, f)] = n
    forces = sorted(
        {f for _, f in need} | {f for _, f in have}, key=lambda f: FORCE_ORDER[Force(f)]
    )
    show_assigned = bool(ctx.plan.assignments or summary)
    show_times = any(vp.first_arrival_min is not None for vp in summary.values())
    show_response = any(vp.response_min is not None for vp in summary.values())
    rows = []
    for v in ctx.scenario.villages:
        vp = summary.get(v.code)
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
        if show_times:
            row.append(Cell(_minutes(vp.last_arrival_min) if vp else None))
        if show_response:
            row.append(Cell(_minutes(vp.response_min) if vp else None))
            row.append(Cell(_yes_no(ctx, vp.covered) if vp else ""))
        rows.append(row)
    cols = [_col(ctx, "village"), _col(ctx, "zone"), _col(ctx, "tps", "int", total=True)]
    for f in forces:
        name = ctx.label("force", f)
        cols.append(Column(f"need_{f}", ctx.t("report.col.need_of", force=name), "int", total=True))
        if show_assigned:
            cols.append(
                Column(
                    f"assigned_{f}",
                    ctx.t("report.col.assigned_of", force=name),
                    "int",
                    total=True,
                )
            )
    if show_times:
        cols.append(_col(ctx, "last_arrival_min", "float", digits=1))
    if show_response:
        limit = ctx.num(ctx.plan.coverage_min or 0)
        cols += [
            _col(ctx, "response_min", "float", digits=1),
            Column("covered_yes", ctx.t("report.col.covered_yes", minutes=limit)),
        ]
    table = _table(ctx, "per_village", cols, rows, total=True)
    return _retitle(table, ctx.t("report.table.per_village", phase=ctx.label("phase", phase)))


def _retitle(table: Table, title: str) -> Table:
    return dataclasses.replace(table, title=title)


def per_phase(ctx: ReportContext) -> Table:
    """Lampiran: required, posted, available and short per phase and force."""
    need_est = {
        (r.phase.value, r.force.value)
        for r in ctx.plan.requirements
        if ctx.requirement_est(r.village_code)
    }
    short = _sum_by(ctx.plan.shortfalls, lambda s: (s.phase.value, s.force.value))
    rows = []
    if ctx.plan.phase_totals:
        keys = [
            (ph, f, tot)
            for ph, forces in ctx.plan.phase_totals.items()
            for f, tot in forces.items()
            if tot.required_total or tot.assigned_total
        ]
    else:
        need = _sum_by(ctx.plan.requirements, lambda r: (r.phase.value, r.force.value))
        have = _sum_by(ctx.plan.assignments, lambda a: (a.phase.value, a.force.value))
        keys = [
            (ph, f, _Totals(need.get((ph, f), 0), have.get((ph, f), 0), None))
            for ph, f in set(need) | set(have) | set(short)
        ]
    keys.sort(key=lambda k: (PHASE_ORDER[PhaseKind(k[0])], FORCE_ORDER[Force(k[1])]))
    avail_est = {u.force.value for u in ctx.scenario.units if "strength" in u.estimated}
    for ph, f, tot in keys:
        rows.append(
            (
                Cell(ctx.label("phase", ph)),
                Cell(ctx.label("force", f)),
                Cell(tot.required_total, est=(ph, f) in need_est),
                Cell(tot.assigned_total),
                Cell(tot.available, est=f in avail_est)
                if tot.available is not None
                else Cell(None),
                Cell(short.get((ph, f), 0)),
            )
        )
    cols = [
        _col(ctx, "phase"),
        _col(ctx, "force"),
        _col(ctx, "required", "int", total=True),
        _col(ctx, "assigned", "int", total=True),
        _col(ctx, "available", "int"),
        _col(ctx, "shortfall", "int", total=True),
    ]
    return _table(ctx, "per_phase", cols, rows, total=True)


class _Totals:
    def __init__(self, required: int, assigned: int, available: int | None) -> None:
        self.required_total, self.assigned_total, self.available = required, assigned, available


def per_unit(ctx: ReportContext) -> Table:
    """Lampiran: every unit, its strength, and the personnel it posts per phase and in reserve."""
    summary = {u.name: u for u in ctx.plan.units}
    posted = _sum_by(ctx.plan.assignments, lambda a: (a.unit, a.phase.value))
    for up in summary.values():
        for ph, n in up.assigned.items():
            posted[(up.name, ph)] = n
    held: dict[str, int] = {}
    for r in ctx.plan.reserves:
        held[r.unit] = max(held.get(r.unit, 0), r.personnel)
    for up in summary.values():
        if up.reserve:
            held[up.name] = max(up.reserve.values())
    phases_used = sorted({ph for _, ph in posted}, key=lambda p: PHASE_ORDER[PhaseKind(p)])
    show_travel = any(up.max_travel_min is not None for up in summary.values())
    rows = []
    for u in ctx.scenario.units:
        up = summary.get(u.name)
        row = [
            Cell(u.name),
            Cell(ctx.label("kind", u.kind)),
            Cell(u.strength, est="strength" in u.estimated),
        ]
        row += [Cell(posted.get((u.name, p), 0)) for p in phases_used]
        if held:
            row.append(Cell(held.get(u.name, 0)))
        if show_travel:
            row.append(
                Cell(
                    _minutes(up.max_travel_min) if up else None,
                    est=ctx.location_est(u.name),
                )
            )
        rows.append(row)
    cols = [_col(ctx, "unit"), _col(ctx, "kind"), _col(ctx, "strength", "int", total=True)]
    cols += [Column(f"phase_{p}", ctx.label("phase", p), "int", total=True) for p in phases_used]
    if held:
        cols.append(_col(ctx, "reserve", "int", total=True))
    if show_travel:
        cols.append(_col(ctx, "max_travel_min", "float", digits=1))
    return _table(ctx, "per_unit", cols, rows, total=True)


def postings(ctx: ReportContext, key_only: bool = False) -> Table:
    """Penempatan per desa dan tahapan: the units at each village in each phase, in one row.
    ``key_only``: the key phase only (the printed document); else every phase (the workbook)."""
    groups: dict[tuple, list] = defaultdict(list)
    key = key_phase(ctx)
    for a in ctx.plan.assignments:
        if key_only and a.phase != key:
            continue
        groups[(a.phase, a.village_code or "", a.place_name)].append(a)
    rows = []
    for (phase, code, place), items in sorted(
        groups.items(), key=lambda kv: (PHASE_ORDER[kv[0][0]], kv[0][1], kv[0][2])
    ):
        items.sort(key=lambda a: (FORCE_ORDER[a.force], a.unit))
        est = any(ctx.location_est(a.unit) for a in items)
        last = max(a.arrival_min for a in items)
        rows.append(
            (
                Cell(ctx.label("phase", phase)),
                Cell(ctx.village_name(code) if code else place),
                Cell(", ".join(sorted({ctx.label("post", a.post) for a in items}))),
                Cell("; ".join(f"{a.unit} {a.personnel}" for a in items)),
                Cell(sum(a.personnel for a in items)),
                Cell(_minutes(last), est=est),
            )
        )
    cols = [
        _col(ctx, "phase"),
        _col(ctx, "village"),
        _col(ctx, "post"),
        _col(ctx, "units_posted"),
        _col(ctx, "personnel", "int", total=True),
        _col(ctx, "last_arrival_min", "float", digits=1),
    ]
    if key_only:
        table = _table(ctx, "postings_key", cols, rows, total=True)
        return _retitle(table, ctx.t("report.table.postings_key", phase=ctx.label("phase", key)))
    return dataclasses.replace(_table(ctx, "postings", cols, rows, total=True), in_pdf=False)


def assignments(ctx: ReportContext) -> Table:
    """Penugasan: who stands where in each phase, with travel and arrival times."""
    items = sorted(
        ctx.plan.assignments,
        key=lambda a: (
            PHASE_ORDER[a.phase], a.village_code or "", a.place_name, FORCE_ORDER[a.force], a.unit
        ),
    )  # fmt: skip
    clock = any(a.arrival_at is not None for a in items)
    rows = []
    for a in items:
        est = ctx.location_est(a.unit)
        row = [
            Cell(ctx.label("phase", a.phase)),
            Cell(ctx.village_name(a.village_code) if a.village_code else a.place_name),
            Cell(ctx.label("post", a.post)),
            Cell(a.unit),
            Cell(a.personnel),
            Cell(_minutes(a.travel_min), est=est),
        ]
        if clock:
            when = fmt.clock(a.arrival_at, ctx.lang) if a.arrival_at else ""
            row.append(Cell(when, est=est and bool(when)))
        else:
            row.append(Cell(_minutes(a.arrival_min), est=est))
        rows.append(row)
    cols = [
        _col(ctx, "phase"),
        _col(ctx, "village"),
        _col(ctx, "post"),
        _col(ctx, "unit"),
        _col(ctx, "personnel", "int", total=True),
        _col(ctx, "travel_min", "float", digits=1),
        _col(ctx, "arrival_at") if clock else _col(ctx, "arrival_min", "float", digits=1),
    ]
    return dataclasses.replace(_table(ctx, "assignments", cols, rows, total=True), in_pdf=False)


# --- reserves, request --------------------------------------------------------------------
def site_name(ctx: ReportContext, site_id: str | None) -> str:
    if not site_id:
        return ""
    for s in ctx.plan.reserve_sites:
        if s.site_id == site_id:
            return s.name
    for r in ctx.plan.reserves:
        if r.site_id == site_id:
            return r.site_name
    return site_id


def coverage_note(ctx: ReportContext) -> str:
    p = ctx.plan
    if p.coverage is None:
        return ""
    parts = [
        ctx.t(
            "report.note.coverage",
            share=fmt.percent(p.coverage, ctx.lang),
            minutes=ctx.num(p.coverage_min) if p.coverage_min is not None else "—",
        )
    ]
    if p.coverage_backup is not None:
        parts.append(
            ctx.t("report.note.coverage_backup", share=fmt.percent(p.coverage_backup, ctx.lang))
        )
    if p.uncovered:
        names = ", ".join(ctx.village_name(c) for c in p.uncovered)
        parts.append(ctx.t("report.note.uncovered", villages=names))
    return " ".join(parts)


def reserve_sites(ctx: ReportContext) -> Table:
    sector = any(s.sector_villages for s in ctx.plan.reserve_sites)
    rows = []
    for s in ctx.plan.reserve_sites:
        row = [
            Cell(s.name),
            Cell(ctx.label("site_kind", s.kind) if s.kind else ""),
            Cell(f"{s.lat:.4f}, {s.lng:.4f}"),
            Cell(len(s.covered_villages)),
        ]
        listed = s.sector_villages if sector else s.covered_villages
        row.append(Cell(", ".join(ctx.village_name(c) for c in listed)))
        rows.append(row)
    cols = [
        _col(ctx, "site"),
        _col(ctx, "site_kind"),
        _col(ctx, "location"),
        _col(ctx, "covered", "int"),
        _col(ctx, "sector_villages") if sector else _col(ctx, "covered_villages"),
    ]
    return _table(ctx, "reserve_sites", cols, rows, note=coverage_note(ctx))


def reserves(ctx: ReportContext) -> Table:
    rows = [
        (
            Cell(r.unit),
            Cell(ctx.label("role", r.role)),
            Cell(r.personnel),
            Cell(r.site_name),
            Cell(", ".join(ctx.label("phase", p) for p in r.phases)),
            Cell(_minutes(r.ready_min), est=ctx.unit_est(r.unit, "arrival_delay_min")),
        )
        for r in ctx.plan.reserves
    ]
    cols = [
        _col(ctx, "unit"),
        _col(ctx, "role"),
        _col(ctx, "personnel", "int", total=True),
        _col(ctx, "site"),
        _col(ctx, "phases"),
        _col(ctx, "ready_min", "float", digits=1),
    ]
    return _table(ctx, "reserves", cols, rows, total=True)


def reserve_requirements(ctx: ReportContext) -> Table:
    rows = [
        (
            Cell(ctx.label("role", r.role)),
            Cell(ctx.label("force", r.force)),
            Cell(r.personnel),
            Cell(site_name(ctx, r.site_id)),
            Cell(", ".join(ctx.label("phase", p) for p in r.phases)),
            Cell(_minutes(r.due_min)),
        )
        for r in ctx.plan.reserve_requirements
    ]
    cols = [
        _col(ctx, "role"),
        _col(ctx, "force"),
        _col(ctx, "personnel", "int", total=True),
        _col(ctx, "site"),
        _col(ctx, "phases"),
        _col(ctx, "due_min", "float", digits=1),
    ]
    return _table(ctx, "reserve_requirements", cols, rows, total=True)


def shortfalls(ctx: ReportContext) -> Table:
    rows = []
    for s in sorted(
        ctx.plan.shortfalls,
        key=lambda s: (PHASE_ORDER[s.phase], FORCE_ORDER[s.force], s.village_code or ""),
    ):
        if s.village_code or s.place_id:
            where = ctx.village_name(s.village_code) if s.village_code else s.place_id or ""
            post = ctx.label("post", s.post)
        elif s.site_id or s.role:
            where = site_name(ctx, s.site_id)
            post = ctx.label("role", s.role) if s.role else ctx.label("post", s.post)
        else:
            where, post = ctx.t("report.all_villages"), ctx.label("post", s.post)
        rows.append(
            (
                Cell(ctx.label("phase", s.phase)),
                Cell(ctx.label("force", s.force)),
                Cell(where),
                Cell(post),
                Cell(s.personnel, est=ctx.requirement_est(s.village_code)),
            )
        )
    cols = [
        _col(ctx, "phase"),
        _col(ctx, "force"),
        _col(ctx, "where"),
        _col(ctx, "post"),
        _col(ctx, "personnel", "int", total=True),
    ]
    return _table(ctx, "shortfalls", cols, rows, total=True)


def request(ctx: ReportContext) -> Table:
    ssk = any(r.ssk for r in ctx.plan.request)
    rows = []
    for r in ctx.plan.request:
        row = [
            Cell(ctx.label("phase", r.phase)),
            Cell(ctx.label("kind", r.kind)),
            Cell(r.platoons),
        ]
        if ssk:
            row.append(Cell(r.ssk))
        row += [
            Cell(r.personnel),
            Cell(r.stage_name or site_name(ctx, r.stage_at)),
            Cell(fmt.moment(r.arrive_by, ctx.lang) if r.arrive_by else ""),
            Cell(fmt.bilingual(r.reason, ctx.lang)),
        ]
        rows.append(row)
    cols = [_col(ctx, "phase"), _col(ctx, "kind"), _col(ctx, "platoons", "int", total=True)]
    if ssk:
        cols.append(_col(ctx, "ssk", "int", total=True))
    cols += [
        _col(ctx, "personnel", "int", total=True),
        _col(ctx, "stage_at"),
        _col(ctx, "arrive_by"),
        _col(ctx, "reason"),
    ]
    return _table(ctx, "request", cols, rows, total=True)


def marginal(ctx: ReportContext) -> Table:
    """Nilai tambahan: what each further BKO platoon would close (the plan's own table)."""
    rows = [
        (
            Cell(m.extra_platoons),
            Cell(m.personnel),
            Cell(m.shortfall),
            Cell(m.closes),
            Cell(m.coverage) if m.coverage is not None else Cell(None),
            Cell(m.coverage_gain),
        )
        for m in ctx.plan.marginal
    ]
    cols = [
        _col(ctx, "extra_platoons", "int"),
        _col(ctx, "personnel", "int"),
        _col(ctx, "shortfall", "int"),
        _col(ctx, "closes", "int"),
        _col(ctx, "coverage", "pct", digits=1),
        _col(ctx, "coverage_gain", "pct", digits=1),
    ]
    return _table(ctx, "marginal", cols, rows)


# --- escalation, outreach, communications -------------------------------------------------
def _level_units(ctx: ReportContext, level: SituationLevel) -> list[str]:
    """The plan's units that answer a level: its responder role, and TNI from merah on."""
    roles = {doctrine.LEVEL_RESPONDER[level].value}
    if level.rank >= doctrine.TNI_SUPPORT_FROM.rank:
        roles.add(ReserveRole.TNI_SUPPORT.value)
    return list(dict.fromkeys(r.unit for r in ctx.plan.reserves if r.role in roles))


def ladder(ctx: ReportContext) -> Table:
    """Tangga eskalasi (Perkap 16/2006): situation, crowd, responder, hand-over, who decides —
    from :mod:`sispam.domain.doctrine`; a crowd situation, labelled as one (not a zone)."""
    rows = []
    for level in SituationLevel:
        handover = doctrine.HANDOVER.get(level)
        units = _level_units(ctx, level)
        rows.append(
            (
                Cell(ctx.t(f"doctrine.level.{level.value}"), color=doctrine.SITUATION_COLOR[level]),
                Cell(ctx.t(f"report.ladder.{level.value}.crowd")),
                Cell(ctx.t(f"report.ladder.{level.value}.responder")),
                Cell(ctx.t(f"doctrine.handover.{handover}") if handover else "—"),
                Cell(ctx.t(f"report.ladder.{level.value}.command", polres=ctx.polres)),
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


def _actor_units(ctx: ReportContext, actor: doctrine.Actor) -> str:
    """Who in this plan is the actor of a Cara Bertindak line (blank where the scenario has no
    such unit: a line to fill)."""
    role = {
        doctrine.Actor.DALMAS_AWAL: "dalmas_awal",
        doctrine.Actor.DALMAS_LANJUT: "dalmas_lanjut",
        doctrine.Actor.BRIMOB_PHH: "phh",
    }.get(actor)
    if role:
        names = list(dict.fromkeys(r.unit for r in ctx.plan.reserves if r.role == role))
        return ", ".join(names) if names else "……"
    kinds = ACTOR_KINDS.get(actor, ())
    names = [u.name for u in ctx.scenario.units if u.kind in kinds]
    if actor == doctrine.Actor.TPS_TEAM:
        return ctx.t("report.cb_who.tps_team", n=len(ctx.scenario.villages))
    if actor == doctrine.Actor.TNI:
        units = ", ".join(r.unit for r in ctx.plan.reserves if r.role == "tni_support")
        return ctx.t("report.cb_who.tni", units=units or "……")
    if actor in (doctrine.Actor.KAPOLSEK, doctrine.Actor.BHABINKAMTIBMAS):
        return ctx.t(f"report.cb_who.{actor.value}")
    if actor == doctrine.Actor.KAPOLRES:
        return ctx.t("report.cb_who.kapolres", polres=ctx.polres)
    if actor == doctrine.Actor.BUPATI:
        return ctx.pemkab
    if names:
        return ", ".join(names[:3]) + (f" (+{len(names) - 3})" if len(names) > 3 else "")
    return ctx.t("report.cb_who.fill")


ACTOR_KINDS: dict[doctrine.Actor, tuple[UnitKind, ...]] = {
    doctrine.Actor.LANTAS: (UnitKind.POLRES_LANTAS, UnitKind.DISHUB),
    doctrine.Actor.SATPOL_PP: (UnitKind.SATPOL_PP,),
}


def cara_bertindak(ctx: ReportContext) -> list[Table]:
    """Cara Bertindak per colour (and in recovery), one table each, from
    :data:`sispam.domain.doctrine.CARA_BERTINDAK`: who does what, and who that is in this plan."""
    out = []
    for level in [*SituationLevel, None]:
        key = level.value if level else "recovery"
        rows = [
            (
                Cell(ctx.t(f"doctrine.actor.{task.actor.value}")),
                Cell(ctx.t(f"doctrine.cb.{task.key}")),
                Cell(_actor_units(ctx, task.actor)),
            )
            for task in doctrine.cara_bertindak(level)
        ]
        title = ctx.t(f"doctrine.level.{level.value}") if level else ctx.t("report.cb_recovery")
        cols = (_col(ctx, "actor"), _col(ctx, "action"), _col(ctx, "in_plan"))
        out.append(
            Table(
                id=f"cb_{key}",
                title=ctx.t("report.table.cara_bertindak", level=title),
                columns=cols,
                rows=tuple(rows),
            )
        )
    return out


def phase_actions(ctx: ReportContext) -> Table:
    """Cara bertindak per tahapan: what is secured in each phase and by whom."""
    rows = []
    for p in ctx.scenario.phases:
        posts = sorted(
            {a.post for a in ctx.plan.assignments if a.phase == p.kind},
            key=lambda x: (x != "tps", x),
        )
        rows.append(
            (
                Cell(ctx.label("phase", p.kind)),
                Cell(ctx.t(f"report.phase_action.{p.kind.value}")),
                Cell(", ".join(ctx.label("post", x) for x in posts) or "—"),
            )
        )
    cols = [_col(ctx, "phase"), _col(ctx, "action"), _col(ctx, "post")]
    return _table(ctx, "phase_actions", cols, rows)


def phase_concept(ctx: ReportContext) -> Table:
    """Pola pengamanan per tahapan: the period, the posts and the people of every phase."""
    rows = []
    short = _sum_by(ctx.plan.shortfalls, lambda x: x.phase)
    for p in ctx.scenario.phases:
        tot = ctx.plan.phase_totals.get(p.kind.value, {})
        posted = sum(t.assigned_total for t in tot.values())
        need = sum(t.required_total for t in tot.values())
        # posts by kind, counted by place (a TPS is one post, whatever forces stand there)
        places = {
            (r.post, r.village_code or r.place_id)
            for r in ctx.plan.requirements
            if r.phase == p.kind
        }
        posts = Counter(post for post, _ in places)
        text = "; ".join(
            f"{ctx.label('post', post)} ({n})"
            for post, n in sorted(posts.items(), key=lambda kv: (kv[0] != "tps", kv[0]))
        )
        rows.append(
            (
                Cell(ctx.label("phase", p.kind)),
                Cell(f"{fmt.moment(p.start, ctx.lang)} – {fmt.moment(p.end, ctx.lang)}"),
                Cell(text or "—"),
                Cell(need, est=ctx.has_estimates),
                Cell(posted),
                Cell(short.get(p.kind, 0)),
            )
        )
    cols = [
        _col(ctx, "phase"),
        _col(ctx, "period"),
        _col(ctx, "posts"),
        _col(ctx, "required", "int"),
        _col(ctx, "assigned", "int"),
        _col(ctx, "shortfall", "int"),
    ]
    return _table(ctx, "phase_concept", cols, rows, note=ctx.t("report.note.phase_concept"))


def schedule(ctx: ReportContext) -> Table:
    """Jadwal kegiatan: D-1 and the days around the vote (the long phases as one line each)."""
    rows = []
    for item in ctx.plan.schedule:
        what = (
            ctx.label("phase", item.phase)
            if item.activity == "phase" and item.phase
            else ctx.t(f"report.activity_item.{item.activity}")
        )
        rows.append(
            (
                Cell(fmt.moment(item.start, ctx.lang)),
                Cell(fmt.moment(item.end, ctx.lang) if item.end else ""),
                Cell(what),
                Cell(item.place),
                Cell(item.personnel or None),
            )
        )
    cols = [
        _col(ctx, "from"),
        _col(ctx, "until"),
        _col(ctx, "activity"),
        _col(ctx, "place"),
        _col(ctx, "personnel", "int"),
    ]
    return _table(ctx, "schedule", cols, rows)


def escorts(ctx: ReportContext) -> Table:
    """Pengawalan: the materials to the village on D-1, the ballot box to the kecamatan office
    after counting — route, departure, travel and arrival."""
    rows = []
    for e in sorted(ctx.plan.escorts, key=lambda e: (e.depart_at, e.village_code)):
        rows.append(
            (
                Cell(ctx.t(f"report.escort.{e.kind}")),
                Cell(f"{e.origin} → {e.destination}"),
                Cell(fmt.clock(e.depart_at, ctx.lang)),
                Cell(_minutes(e.travel_min), est=True),
                Cell(fmt.clock(e.arrive_at, ctx.lang), est=True),
                Cell(e.personnel),
                Cell(", ".join(e.units)),
            )
        )
    cols = [
        _col(ctx, "escort"),
        _col(ctx, "route"),
        _col(ctx, "depart"),
        _col(ctx, "travel_min", "float", digits=1),
        _col(ctx, "arrival_at"),
        _col(ctx, "personnel", "int"),
        _col(ctx, "units"),
    ]
    return _table(ctx, "escorts", cols, rows)


def promises(ctx: ReportContext) -> Table:
    """Waktu tiba yang dijanjikan: per village the minutes from the order to move until the
    first element of each reserve role arrives, on voting day — what the Posko and the drill
    hold the plan to."""
    roles = [r.value for r in ReserveRole if any(x.role == r.value for x in ctx.plan.reserves)]
    rows = []
    for v in ctx.plan.villages:
        row = [Cell(v.name), _zone_cell(ctx, v.zone)]
        for role in roles:
            m = v.promise.get(role)
            row.append(Cell(_minutes(m), est=m is not None))
        row.append(Cell(site_name(ctx, v.site_id) if v.site_id else ""))
        rows.append(row)
    cols = [_col(ctx, "village"), _col(ctx, "zone")]
    cols += [
        Column(
            f"promise_{r}", ctx.t("report.col.promise_of", role=ctx.label("role", r)), "float", 1
        )
        for r in roles
    ]
    cols.append(_col(ctx, "first_from"))
    phase = ctx.label("phase", key_phase(ctx))
    return _table(ctx, "promises", cols, rows, note=ctx.t("report.note.promises", phase=phase))


SATGAS: dict[str, tuple[UnitKind, ...]] = {
    "preemtif": (),
    "preventif": (
        UnitKind.POLSEK,
        UnitKind.POLRES_SAMAPTA,
        UnitKind.DALMAS,
        UnitKind.BRIMOB_BKO,
        UnitKind.POLDA_BKO,
    ),
    "lantas": (UnitKind.POLRES_LANTAS,),
    "penindakan": (),
    "intelkam": (),
    "humas": (),
    "banops": (),
}
"""Satuan tugas of a Polres operation (domain.md §8) and the unit kinds each is made of; a task
force without units in the scenario gets a line to fill."""


def satgas(ctx: ReportContext) -> Table:
    rows = []
    for key, kinds in SATGAS.items():
        units = [u for u in ctx.scenario.units if u.kind in kinds]
        strength = sum(u.strength for u in units)
        by_kind = Counter(u.kind for u in units)
        elements = "; ".join(
            f"{ctx.label('kind', k)} ({n})"
            for k, n in sorted(by_kind.items(), key=lambda kv: list(UnitKind).index(kv[0]))
        )
        rows.append(
            (
                Cell(ctx.t(f"report.satgas.{key}.name")),
                Cell(ctx.t(f"report.satgas.{key}.lead")),
                Cell(elements or ctx.t(f"report.satgas.{key}.from")),
                Cell(strength or None, est=any("strength" in u.estimated for u in units)),
                Cell(ctx.t(f"report.satgas.{key}.task")),
            )
        )
    cols = [
        _col(ctx, "satgas"),
        _col(ctx, "lead"),
        _col(ctx, "elements"),
        _col(ctx, "strength", "int", total=True),
        _col(ctx, "task"),
    ]
    return _table(ctx, "satgas", cols, rows, total=True, note=ctx.t("report.note.satgas"))


def territorial(ctx: ReportContext) -> Table:
    """Tugas per Polsek dan Koramil: its kecamatan, villages and what it staffs in each phase."""
    rows = []
    by_unit: dict[str, list] = defaultdict(list)
    for a in ctx.plan.assignments:
        by_unit[a.unit].append(a)
    for u in ctx.scenario.units:
        if u.kind not in doctrine.TERRITORIAL_KINDS:
            continue
        mine = by_unit.get(u.name, [])
        villages = sorted({a.village_code for a in mine if a.village_code})
        tps = sum(a.personnel for a in mine if a.phase == VOTING and a.post == "tps")
        posts = Counter(a.post for a in mine if a.post != "tps")
        tasks = ", ".join(ctx.label("post", p) for p in sorted(posts))
        crossing = any(a.cross_border for a in mine)
        rows.append(
            (
                Cell(u.name),
                Cell(", ".join(
                    f"{ctx.village_name(c)} ({ctx.zone_label(ctx.zone_of(c))})" for c in villages
                ) or "—"),
                Cell(u.strength, est="strength" in u.estimated),
                Cell(tps),
                Cell(tasks or "—"),
                Cell(ctx.t("report.yes") if crossing else ""),
            )
        )  # fmt: skip
    cols = [
        _col(ctx, "unit"),
        _col(ctx, "villages_of"),
        _col(ctx, "strength", "int", total=True),
        _col(ctx, "tps_personnel", "int", total=True),
        _col(ctx, "other_tasks"),
        _col(ctx, "cross_border"),
    ]
    return _table(ctx, "territorial", cols, rows, total=True)


def reporting(ctx: ReportContext) -> Table:
    """Jadwal pelaporan: the situation reports of the days around the vote, from the timeline."""
    rows = []
    times = {x.activity: x for x in ctx.plan.schedule}
    start = {p.kind: p for p in ctx.scenario.phases}
    marks: list[tuple[object, str]] = []
    if "move" in times:
        marks.append((times["move"].end or times["move"].start, "ready"))
    if "guard" in times:
        marks.append((times["guard"].start, "guard"))
    if VOTING in start:
        marks.append((start[VOTING].start, "open"))
    if PhaseKind.PENGHITUNGAN in start:
        marks.append((start[PhaseKind.PENGHITUNGAN].start, "count"))
        marks.append((start[PhaseKind.PENGHITUNGAN].end, "counted"))
    if "box_escort" in times and times["box_escort"].end:
        marks.append((times["box_escort"].end, "boxes"))
    for when, key in sorted(marks, key=lambda m: m[0]):  # type: ignore[arg-type, return-value]
        rows.append(
            (
                Cell(fmt.moment(when, ctx.lang)),  # type: ignore[arg-type]
                Cell(ctx.t(f"report.report_item.{key}")),
                Cell(ctx.t("report.report_chain")),
            )
        )
    rows.append((Cell(ctx.t("report.report_any")), Cell(ctx.t("report.report_item.special")),
                 Cell(ctx.t("report.report_chain_special"))))  # fmt: skip
    cols = [_col(ctx, "when"), _col(ctx, "report"), _col(ctx, "chain")]
    return _table(ctx, "reporting", cols, rows)


def equipment_lines(ctx: ReportContext) -> tuple[str, ...]:
    """Perlengkapan: per reserve role the kit doctrine gives it, for the platoons the plan holds;
    the quantities are lines to fill (the scenario has no inventory)."""
    out = []
    for role in ReserveRole:
        held = [r for r in ctx.plan.reserves if r.role == role.value]
        if not held:
            continue
        out.append(
            ctx.t(
                f"report.equipment.{role.value}",
                platoons=sum(r.platoons for r in held),
                personnel=ctx.num(sum(r.personnel for r in held)),
            )
        )
    tps = len(ctx.scenario.villages)
    out.append(ctx.t("report.equipment.tps", tps=tps))
    out.append(ctx.t("report.equipment.radio", units=len(ctx.scenario.units)))
    return tuple(out)


def transport_lines(ctx: ReportContext) -> tuple[str, ...]:
    platoons = sum(r.platoons for r in ctx.plan.reserves)
    polsek = sum(1 for u in ctx.scenario.units if u.kind == UnitKind.POLSEK)
    boxes = sum(1 for e in ctx.plan.escorts if e.kind == "kotak_suara")
    return (
        ctx.t("report.transport.reserve", platoons=platoons),
        ctx.t("report.transport.patrol", polsek=polsek),
        ctx.t("report.transport.escort", boxes=boxes),
        ctx.t("report.transport.own"),
    )


def outreach(ctx: ReportContext) -> Table:
    """Kalender cipta kondisi: one row per day and activity, the villages and officers in it."""
    groups: dict[tuple, list] = defaultdict(list)
    for e in ctx.plan.outreach:
        groups[(e.day, e.activity)].append(e)
    rows = []
    for (d, activity), events in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        events.sort(key=lambda e: e.village_code)
        visits = "; ".join(
            f"{ctx.village_name(e.village_code)} ({e.officer})"
            if e.officer
            else ctx.village_name(e.village_code)
            for e in events
        )
        rows.append(
            (
                Cell(fmt.short_day(d, ctx.lang)),
                Cell(fmt.weekday(d, ctx.lang)),
                Cell(ctx.label("activity", activity)),
                Cell(len(events)),
                Cell(visits),
            )
        )
    cols = [
        _col(ctx, "date"),
        _col(ctx, "weekday"),
        _col(ctx, "activity"),
        _col(ctx, "villages", "int", total=True),
        _col(ctx, "visits"),
    ]
    note = ""
    unscheduled = getattr(ctx.plan, "outreach_unscheduled", 0)
    if unscheduled:
        note = ctx.t("report.note.outreach_unscheduled", n=unscheduled)
    return _table(ctx, "outreach", cols, rows, total=True, note=note)


def contacts(ctx: ReportContext) -> Table:
    """Daftar komunikasi: every unit (Linmas grouped by kecamatan would hide names: keep all)."""
    rows = [
        (
            Cell(u.name),
            Cell(ctx.label("agency", u.agency)),
            Cell(u.contact or "……", est="contact" in u.estimated),
            Cell(ctx.t("report.fill_line")),
            Cell(_base(ctx, u.name)),
        )
        for u in ctx.scenario.units
    ]
    cols = [
        _col(ctx, "unit"),
        _col(ctx, "agency"),
        _col(ctx, "contact"),
        _col(ctx, "phone"),
        _col(ctx, "base"),
    ]
    blank = not any(u.contact for u in ctx.scenario.units)
    note = ctx.t("report.note.contacts_blank" if blank else "report.note.contacts_phone")
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
