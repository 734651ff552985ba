"""Laporan situasi, laporan khusus and the activity record: the documents the chain of command
reads on election day, from the Posko's record (:class:`~sispam.domain.incident.OpsLog`) and the board computed from it
(:func:`sispam.ops.board_at`; :func:`sispam.ops.sitrep_files` does both and renders).

- **Laporan situasi** (situation report) at a cut-off time: TPS status counts by kecamatan,
  the situation per village, incidents open/closed by level, units committed, decisions taken and
  by whom, TNI perbantuan and the Pemkab's side, notices.
- **Laporan khusus** (special report) per merah incident: its timeline of reports, decisions,
  dispatches and unit movements.
- **Catatan kegiatan** (activity record): who did what when, per unit and per person.

They are :class:`~sispam.report.model.Document` values, rendered by the report stage's own writers
(Typst PDF, XLSX) in Indonesian or English. Everything is computed from the record as it stood at
the cut-off, so a sitrep written later for 12:00 says what was known at 12:00.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

import sispam
from sispam.domain import Scenario, SituationLevel
from sispam.domain.incident import (
    Board,
    DecisionKind,
    Incident,
    IncidentState,
    OpsLog,
    Recipient,
    TpsStatus,
    UnitState,
)
from sispam.i18n import t
from sispam.report import fmt
from sispam.report.context import ReportSettings
from sispam.report.model import Cell, Column, Document, Fields, Para, Section, Signature, Table

_RECIPIENTS = list(Recipient)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass(frozen=True)
class SitrepContext:
    """What the report stage's PDF and XLSX writers read (language, date, scenario, version),
    without an assessment or a plan: a sitrep is about the day, not the plan."""

    scenario: Scenario
    lang: str = "id"
    generated: date | None = None

    @property
    def today(self) -> date:
        return self.generated or date.today()

    @property
    def version(self) -> str:
        return sispam.__version__

    def t(self, key: str, /, **values: object) -> str:
        return t(key, self.lang, **values)

    @cached_property
    def settings(self) -> ReportSettings:
        try:
            return ReportSettings.model_validate(self.scenario.stage_settings("report"))
        except ValueError:  # the plan documents report a bad [report] table; here: defaults
            return ReportSettings()

    @property
    def region_short(self) -> str:
        name = self.scenario.region_name
        return name.removeprefix("Kabupaten ").removeprefix("Kota ")

    @property
    def polres(self) -> str:
        return self.settings.polres or f"Polres {self.region_short}"

    @property
    def place(self) -> str:
        return self.settings.place or self.region_short

    def moment(self, when: datetime) -> str:
        return fmt.moment(when, self.lang)

    def clock(self, when: datetime | None) -> str:
        if when is None:
            return ""
        sep = "." if self.lang == "id" else ":"
        return f"{when.hour:02d}{sep}{when.minute:02d}"

    def village_name(self, code: str) -> str:
        try:
            v = self.scenario.village(code)
        except KeyError:
            return code
        return v.name

    def district(self, code: str) -> str:
        try:
            return self.scenario.village(code).district_name
        except KeyError:
            return ""

    def level(self, level: SituationLevel | None) -> str:
        return t(f"doctrine.level_short.{level.value}", self.lang) if level else ""

    def command(self, value: object) -> str:
        raw = getattr(value, "value", value)
        return t(f"ops.sitrep.command.{raw}", self.lang)

    def category(self, incident: Incident) -> str:
        return t(f"ops.category.{incident.category.value}", self.lang)

    def state(self, state: IncidentState) -> str:
        return t(f"ops.sitrep.state.{state.value}", self.lang)


def _col(ctx: SitrepContext, key: str, kind: str = "text", total: bool = False) -> Column:
    return Column(key, ctx.t(f"ops.sitrep.col.{key}"), kind, total=total)  # type: ignore[arg-type]


def _cells(*values: object) -> tuple[Cell, ...]:
    return tuple(
        Cell(v if isinstance(v, int | float | str) or v is None else str(v)) for v in values
    )


def _sec(ctx: SitrepContext, n: int, key: str, *blocks) -> Section:  # type: ignore[no-untyped-def]
    return Section(f"{ROMAN[n - 1]}.", ctx.t(f"ops.sitrep.sec.{key}"), tuple(blocks), id=key)


def _signature(ctx: SitrepContext) -> tuple[Signature, ...]:
    return (
        Signature(
            ctx.t("ops.sitrep.sign.caption"),
            ctx.t("ops.sitrep.sign.role"),
            ctx.polres,
            ctx.settings.kapolres,
        ),
    )


def _banner(ctx: SitrepContext, exercise: bool) -> tuple[Para, ...]:
    out = []
    if exercise:
        out.append(Para(ctx.t("ops.sitrep.exercise"), "warning"))
    if ctx.scenario.illustrative:
        out.append(Para(ctx.t("report.illustrative"), "note"))
    return tuple(out)


def _footer(ctx: SitrepContext, title: str) -> str:
    return f"{title} — {ctx.scenario.name} — Sispam {ctx.version}"


# --- laporan situasi ----------------------------------------------------------------------------


def _tps_table(ctx: SitrepContext, board: Board) -> Table:
    statuses = [s for s in TpsStatus]
    cols = [
        _col(ctx, "district"),
        _col(ctx, "tps_total", "int", True),
        _col(ctx, "no_report", "int", True),
        *(Column(s.value, ctx.t(f"ops.tps_status.{s.value}"), "int", total=True) for s in statuses),
    ]
    rows: dict[str, Counter] = {}
    names: dict[str, str] = {}
    for line in board.tps:
        v = ctx.scenario.village(line.village_code)
        names[v.district_code] = v.district_name
        c = rows.setdefault(v.district_code, Counter())
        c["total"] += 1
        c[line.status.value if line.status else "none"] += 1
    body = tuple(
        (
            Cell(names[code]),
            Cell(c["total"]),
            Cell(c["none"]),
            *(Cell(c[s.value]) for s in statuses),
        )
        for code, c in sorted(rows.items())
    )
    conflicts = sum(1 for line in board.tps if line.conflict)
    return Table(
        "sitrep_tps",
        ctx.t("ops.sitrep.table.tps"),
        tuple(cols),
        body,
        total_label=ctx.t("ops.sitrep.total"),
        note=ctx.t("ops.sitrep.tps_note", conflicts=conflicts),
    )


def _situation_table(ctx: SitrepContext, board: Board, log: OpsLog) -> Table:
    by_id = {d.id: d for d in log.decisions}
    rows = []
    for code, sit in sorted(board.situations.items()):
        if sit.level is SituationLevel.HIJAU and sit.decision_id is None:
            continue
        d = by_id.get(sit.decision_id or "")
        rows.append(
            _cells(
                ctx.village_name(code),
                ctx.district(code),
                ctx.level(sit.level),
                ctx.command(sit.control),
                ctx.clock(sit.since),
                d.by.label() if d else "",
            )
        )
    return Table(
        "sitrep_situation",
        ctx.t("ops.sitrep.table.situation"),
        tuple(_col(ctx, k) for k in ("village", "district", "level", "control", "since", "by")),
        tuple(rows),
        empty=ctx.t("ops.sitrep.all_hijau"),
    )


INCIDENT_STATES = (
    IncidentState.REPORTED,
    IncidentState.VERIFIED,
    IncidentState.RESPONDING,
    IncidentState.CONTAINED,
    IncidentState.REOPENED,
    IncidentState.CLOSED,
    IncidentState.REJECTED,
)


def _levels_table(ctx: SitrepContext, board: Board) -> Table:
    counts: dict[SituationLevel, Counter] = {lv: Counter() for lv in SituationLevel}
    for line in board.incidents:
        counts[line.peak_level][line.state] += 1
    cols = (
        _col(ctx, "peak_level"),
        *(Column(s.value, ctx.state(s), "int", total=True) for s in INCIDENT_STATES),
        _col(ctx, "open", "int", True),
        _col(ctx, "all", "int", True),
    )
    rows = tuple(
        (
            Cell(ctx.level(lv)),
            *(Cell(c[s]) for s in INCIDENT_STATES),
            Cell(sum(n for s, n in c.items() if s.open)),
            Cell(sum(c.values())),
        )
        for lv, c in counts.items()
    )
    return Table(
        "sitrep_levels",
        ctx.t("ops.sitrep.table.levels"),
        cols,
        rows,
        total_label=ctx.t("ops.sitrep.total"),
    )


def _incidents_table(ctx: SitrepContext, board: Board) -> Table:
    rows = []
    for line in board.incidents:
        inc = line.incident
        arrival = (
            inc.first_arrival_at
            if inc.first_arrival_at and (inc.first_arrival_at <= board.as_of)
            else None
        )
        rows.append(
            _cells(
                ctx.clock(inc.reported_at),
                ctx.village_name(inc.village_code),
                ctx.category(inc),
                inc.crowd,
                ctx.level(line.peak_level),
                ctx.state(line.state),
                ctx.clock(arrival),
                ctx.clock(line.closed_at),
            )
        )
    return Table(
        "sitrep_incidents",
        ctx.t("ops.sitrep.table.incidents"),
        tuple(
            _col(ctx, k, "int" if k == "crowd" else "text")
            for k in (
                "reported",
                "village",
                "category",
                "crowd",
                "peak_level",
                "state",
                "first_arrival",
                "closed",
            )
        ),
        tuple(rows),
        empty=ctx.t("ops.sitrep.no_incidents"),
    )


def _units_table(ctx: SitrepContext, board: Board, log: OpsLog) -> Table:
    dispatches = {(d.element, d.incident_id): d for d in log.dispatches if d.at <= board.as_of}
    rows = []
    for _, s in sorted(board.units.items()):
        if not s.state.committed:
            continue
        d = dispatches.get((s.element or "", s.incident_id or ""))
        rows.append(
            _cells(
                s.unit,
                t(f"doctrine.role.{d.role.value}", ctx.lang) if d else "",
                s.personnel,
                t(f"ops.unit_state.{s.state.value}", ctx.lang),
                ctx.village_name(s.village_code) if s.village_code else "",
                ctx.clock(d.at if d else s.at),
                ctx.clock(d.eta) if d and s.state is UnitState.BERGERAK else "",
            )
        )
    return Table(
        "sitrep_units",
        ctx.t("ops.sitrep.table.units"),
        tuple(
            _col(ctx, k, "int" if k == "personnel" else "text", total=k == "personnel")
            for k in ("unit", "role", "personnel", "unit_state", "village", "since", "eta")
        ),
        tuple(rows),
        total_label=ctx.t("ops.sitrep.total"),
        empty=ctx.t("ops.sitrep.no_units"),
    )


def _decision_text(ctx: SitrepContext, d) -> str:  # type: ignore[no-untyped-def]
    if d.kind is DecisionKind.HANDOVER:
        return ctx.t("ops.sitrep.decision.handover", control=ctx.command(d.control_to))
    key = "raise" if d.kind is DecisionKind.RAISE else "lower"
    return ctx.t(f"ops.sitrep.decision.{key}", level=ctx.level(d.to_level))


def _decisions_table(ctx: SitrepContext, log: OpsLog, until: datetime) -> Table:
    rows = tuple(
        _cells(
            ctx.clock(d.at),
            ctx.village_name(d.village_code),
            _decision_text(ctx, d),
            d.by.label(),
            d.reason,
        )
        for d in sorted(log.decisions, key=lambda d: (d.at, d.id))
        if d.at <= until
    )
    return Table(
        "sitrep_decisions",
        ctx.t("ops.sitrep.table.decisions"),
        tuple(_col(ctx, k) for k in ("time", "village", "decision", "by", "reason")),
        rows,
        empty=ctx.t("ops.sitrep.no_decisions"),
    )


def _partners_table(ctx: SitrepContext, log: OpsLog, until: datetime) -> Table:
    rows: list[tuple[datetime, tuple[Cell, ...]]] = []
    for r in log.perbantuan:
        if r.at <= until:
            rows.append(
                (
                    r.at,
                    _cells(
                        ctx.clock(r.at),
                        ctx.village_name(r.village_code),
                        ctx.t("ops.sitrep.tni.requested"),
                        r.requested_by.label(),
                        r.reason,
                    ),
                )
            )
        if r.decision and r.decision.at <= until:
            key = "approved" if r.decision.approved else "refused"
            rows.append(
                (
                    r.decision.at,
                    _cells(
                        ctx.clock(r.decision.at),
                        ctx.village_name(r.village_code),
                        ctx.t(f"ops.sitrep.tni.{key}"),
                        r.decision.by.label(),
                        r.decision.legal_basis,
                    ),
                )
            )
        for dep in r.deployments:
            if dep.at <= until:
                rows.append(
                    (
                        dep.at,
                        _cells(
                            ctx.clock(dep.at),
                            ctx.village_name(r.village_code),
                            ctx.t("ops.sitrep.tni.deployed", unit=dep.unit, n=dep.personnel),
                            dep.by.label(),
                            dep.commander,
                        ),
                    )
                )
    for m in log.mediations:
        if m.at <= until:
            rows.append(
                (
                    m.at,
                    _cells(
                        ctx.clock(m.at),
                        ctx.village_name(m.village_code),
                        ctx.t("ops.sitrep.mediation"),
                        m.by.label(),
                        m.outcome,
                    ),
                )
            )
    rows.sort(key=lambda r: r[0])
    return Table(
        "sitrep_partners",
        ctx.t("ops.sitrep.table.partners"),
        tuple(_col(ctx, k) for k in ("time", "village", "what", "by", "remarks")),
        tuple(r for _, r in rows),
        empty=ctx.t("ops.sitrep.no_partners"),
    )


def _notices_table(ctx: SitrepContext, log: OpsLog, until: datetime) -> Table:
    rows = tuple(
        _cells(
            ctx.clock(n.at),
            ctx.t(f"ops.sitrep.recipient.{n.recipient.value}"),
            ctx.village_name(n.village_code),
            ctx.t(f"ops.sitrep.notice.{n.kind}") + (f" ({ctx.level(n.level)})" if n.level else ""),
            ctx.clock(n.acknowledged_at)
            if n.acknowledged_at and n.acknowledged_at <= until
            else ctx.t("ops.sitrep.not_yet"),
        )
        for n in sorted(log.notifications, key=lambda n: (n.at, _RECIPIENTS.index(n.recipient)))
        if n.at <= until
    )
    return Table(
        "sitrep_notices",
        ctx.t("ops.sitrep.table.notices"),
        tuple(_col(ctx, k) for k in ("time", "to", "village", "what", "acknowledged")),
        rows,
        empty=ctx.t("ops.sitrep.no_notices"),
    )


def _summary(ctx: SitrepContext, board: Board, log: OpsLog) -> Para:
    reported = sum(1 for line in board.tps if line.status is not None)
    open_ = sum(1 for line in board.incidents if line.state.open)
    levels = Counter(s.level for s in board.situations.values())
    committed = [s for s in board.units.values() if s.state.committed]
    return Para(
        ctx.t(
            "ops.sitrep.summary",
            reported=reported,
            tps=len(board.tps),
            incidents=len(board.incidents),
            open=open_,
            kuning=levels[SituationLevel.KUNING],
            merah=levels[SituationLevel.MERAH],
            units=len(committed),
            personnel=sum(s.personnel or 0 for s in committed),
            decisions=sum(1 for d in log.decisions if d.at <= board.as_of),
        )
    )


def sitrep_document(
    scenario: Scenario,
    log: OpsLog,
    board: Board,
    *,
    schedule: tuple[datetime, ...] = (),
    lang: str = "id",
    number: str = "",
    exercise: bool = False,
    generated: date | None = None,
) -> Document:
    """Laporan situasi as known at ``board.as_of`` (one of the operation's fixed times in
    ``schedule``, or any moment on demand)."""
    cut_off = board.as_of
    ctx = SitrepContext(scenario, lang, generated or cut_off.date())
    schedule_text = ", ".join(ctx.clock(x) for x in schedule) or "—"
    kind = ctx.t("ops.sitrep.fixed") if cut_off in schedule else ctx.t("ops.sitrep.on_demand")
    title = ctx.t("ops.sitrep.title")
    heading = Fields(
        (
            (ctx.t("report.meta.number"), number or "……………………"),
            (ctx.t("ops.sitrep.operation"), f"{scenario.title} ({scenario.name})"),
            (ctx.t("ops.sitrep.cut_off"), f"{ctx.moment(cut_off)} ({kind})"),
            (ctx.t("ops.sitrep.schedule"), schedule_text),
            (
                ctx.t("ops.sitrep.source"),
                ctx.t(
                    "ops.sitrep.source_text",
                    reports=sum(1 for r in log.reports if r.received_at <= cut_off),
                    events=sum(1 for d in log.decisions if d.at <= cut_off)
                    + sum(1 for d in log.dispatches if d.at <= cut_off)
                    + sum(1 for i in log.incidents if i.reported_at <= cut_off),
                ),
            ),
            (ctx.t("report.meta.software"), f"Sispam {ctx.version}"),
        )
    )
    body = (
        _sec(ctx, 1, "summary", _summary(ctx, board, log)),
        _sec(ctx, 2, "tps", _tps_table(ctx, board)),
        _sec(ctx, 3, "situation", _situation_table(ctx, board, log)),
        _sec(ctx, 4, "incidents", _levels_table(ctx, board), _incidents_table(ctx, board)),
        _sec(ctx, 5, "units", _units_table(ctx, board, log)),
        _sec(ctx, 6, "decisions", _decisions_table(ctx, log, cut_off)),
        _sec(ctx, 7, "partners", _partners_table(ctx, log, cut_off)),
        _sec(ctx, 8, "notices", _notices_table(ctx, log, cut_off)),
    )
    return Document(
        id="laporan-situasi",
        title=title,
        subtitle=ctx.t("ops.sitrep.subtitle", title=scenario.title, at=ctx.moment(cut_off)),
        issuer=ctx.polres.upper(),
        heading=heading,
        banner=_banner(ctx, exercise),
        body=body,
        signatures=_signature(ctx),
        place_date=f"{ctx.place}, {ctx.moment(cut_off)}",
        footer=_footer(ctx, title),
    )


# --- laporan khusus ---------------------------------------------------------------------------


def merah_incidents(board: Board) -> tuple[Incident, ...]:
    """Incidents whose village reached merah while they were open (each gets a laporan khusus)."""
    return tuple(
        line.incident for line in board.incidents if line.peak_level is SituationLevel.MERAH
    )


def _timeline(ctx: SitrepContext, log: OpsLog, inc: Incident, until: datetime) -> Table:
    end = inc.closed_at(until) or until
    rows: list[tuple[datetime, int, tuple[Cell, ...]]] = []

    def add(when: datetime, order: int, source: str, what: str, who: str) -> None:
        if when <= until:
            rows.append(
                (
                    when,
                    order,
                    _cells(ctx.clock(when), ctx.t(f"ops.sitrep.source_kind.{source}"), what, who),
                )
            )

    reports = {r.id: r for r in log.reports}
    for rid in inc.report_ids:
        r = reports.get(rid)
        if r is None:
            continue
        text = r.raw_text or r.note or ctx.category(inc)
        add(r.received_at, 0, "report", f"[{r.channel.value}] {text}", r.reporter)
    for step in inc.history:
        what = ctx.state(step.to_state) + (f": {step.note}" if step.note else "")
        if step.units:
            what += f" ({', '.join(step.units)})"
        add(step.at, 1, "incident", what, step.by.label())
    for d in log.decisions:
        if d.incident_id == inc.id or (
            d.village_code == inc.village_code and inc.reported_at <= d.at <= end
        ):
            add(d.at, 2, "decision", f"{_decision_text(ctx, d)} — {d.reason}", d.by.label())
    for d in log.dispatches:
        if d.incident_id == inc.id:
            add(
                d.at,
                3,
                "dispatch",
                ctx.t(
                    "ops.sitrep.dispatched",
                    unit=d.unit,
                    n=d.personnel,
                    role=t(f"doctrine.role.{d.role.value}", ctx.lang),
                    eta=ctx.clock(d.eta),
                ),
                d.by.label(),
            )
    for s in log.unit_statuses:
        if s.incident_id == inc.id and s.state is not UnitState.BERGERAK:
            add(
                s.at,
                4,
                "unit",
                f"{s.unit}: {t(f'ops.unit_state.{s.state.value}', ctx.lang)}",
                s.by.label() if s.by else "",
            )
    for r in log.perbantuan:
        if (
            r.incident_id == inc.id
            or r.village_code == inc.village_code
            and (inc.reported_at <= r.at <= end)
        ):
            add(
                r.at,
                5,
                "perbantuan",
                f"{ctx.t('ops.sitrep.tni.requested')}: {r.reason}",
                r.requested_by.label(),
            )
            if r.decision:
                key = "approved" if r.decision.approved else "refused"
                add(
                    r.decision.at,
                    5,
                    "perbantuan",
                    f"{ctx.t(f'ops.sitrep.tni.{key}')} ({r.decision.legal_basis})",
                    r.decision.by.label(),
                )
            for dep in r.deployments:
                what = ctx.t("ops.sitrep.tni.deployed", unit=dep.unit, n=dep.personnel)
                add(
                    dep.at,
                    5,
                    "perbantuan",
                    f"{what} — {dep.commander}".rstrip(" —"),
                    dep.by.label(),
                )
    for m in log.mediations:
        if m.incident_id == inc.id:
            add(m.at, 6, "mediation", m.outcome, m.by.label())
    rows.sort(key=lambda r: (r[0], r[1]))
    return Table(
        "khusus_timeline",
        ctx.t("ops.sitrep.table.timeline"),
        tuple(_col(ctx, k) for k in ("time", "source", "what", "by")),
        tuple(r for _, _, r in rows),
    )


def special_report(
    scenario: Scenario,
    log: OpsLog,
    board: Board,
    incident_id: str,
    *,
    lang: str = "id",
    exercise: bool = False,
    generated: date | None = None,
) -> Document:
    """Laporan khusus: one (merah) incident from its first report to ``board.as_of``."""
    line = next(x for x in board.incidents if x.incident.id == incident_id)
    inc = line.incident
    until = board.as_of
    ctx = SitrepContext(scenario, lang, generated or until.date())
    title = ctx.t("ops.sitrep.khusus_title")
    closed = line.closed_at
    # the closing step as it stood then (a later reopening clears the incident's outcome)
    step = next(
        (h for h in inc.history if h.at == closed and h.to_state is IncidentState.CLOSED), None
    )
    heading = Fields(
        (
            (ctx.t("ops.sitrep.incident"), inc.id),
            (
                ctx.t("ops.sitrep.col.village"),
                f"{ctx.village_name(inc.village_code)} "
                f"({ctx.district(inc.village_code)}) {inc.village_code}",
            ),
            (
                ctx.t("ops.sitrep.col.category"),
                ctx.category(inc) + (f" — {inc.cap_event}" if inc.cap_event else ""),
            ),
            (ctx.t("ops.sitrep.col.crowd"), str(inc.crowd) if inc.crowd is not None else "—"),
            (ctx.t("ops.sitrep.col.reported"), ctx.moment(inc.reported_at)),
            (ctx.t("ops.sitrep.col.peak_level"), ctx.level(line.peak_level)),
            (ctx.t("ops.sitrep.col.state"), ctx.state(line.state)),
            (
                ctx.t("ops.sitrep.col.closed"),
                f"{ctx.moment(closed)} — {step.by.label()}: {step.note}"
                if closed and step is not None and line.state is IncidentState.CLOSED
                else "—",
            ),
        )
    )
    body = (
        _sec(ctx, 1, "timeline", _timeline(ctx, log, inc, until)),
        _sec(ctx, 2, "description", Para(inc.description or "—")),
    )
    return Document(
        id="laporan-khusus",
        title=title,
        subtitle=ctx.t(
            "ops.sitrep.khusus_subtitle",
            village=ctx.village_name(inc.village_code),
            at=ctx.moment(inc.reported_at),
        ),
        issuer=ctx.polres.upper(),
        heading=heading,
        banner=_banner(ctx, exercise),
        body=body,
        signatures=_signature(ctx),
        place_date=f"{ctx.place}, {ctx.moment(until)}",
        footer=_footer(ctx, title),
    )


# --- catatan kegiatan ----------------------------------------------------------------------------


def _person_rows(ctx: SitrepContext, log: OpsLog, until: datetime):  # type: ignore[no-untyped-def]
    out: list[tuple[str, datetime, str, str]] = []  # who, when, what, where

    def add(who, when, what, code) -> None:  # type: ignore[no-untyped-def]
        if when <= until:
            out.append((who, when, what, ctx.village_name(code) if code else ""))

    for r in log.reports:
        add(
            r.reporter,
            r.received_at,
            ctx.t("ops.sitrep.act.report", channel=r.channel.value),
            r.village_code,
        )
        if r.reviewed_by and r.reviewed_at:
            add(
                r.reviewed_by.label(),
                r.reviewed_at,
                ctx.t(f"ops.sitrep.act.review.{r.review.value}"),
                r.village_code,
            )
    for inc in log.incidents:
        for step in inc.history:
            add(
                step.by.label(),
                step.at,
                ctx.t(f"ops.sitrep.act.incident.{step.action.value}"),
                inc.village_code,
            )
    for d in log.decisions:
        add(d.by.label(), d.at, _decision_text(ctx, d), d.village_code)
    for d in log.dispatches:
        add(d.by.label(), d.at, ctx.t("ops.sitrep.act.dispatch", unit=d.unit), d.village_code)
    for r in log.perbantuan:
        add(r.requested_by.label(), r.at, ctx.t("ops.sitrep.tni.requested"), r.village_code)
        if r.decision:
            key = "approved" if r.decision.approved else "refused"
            add(
                r.decision.by.label(), r.decision.at, ctx.t(f"ops.sitrep.tni.{key}"), r.village_code
            )
        for dep in r.deployments:
            add(
                dep.by.label(),
                dep.at,
                ctx.t("ops.sitrep.tni.deployed", unit=dep.unit, n=dep.personnel),
                r.village_code,
            )
    for m in log.mediations:
        add(m.by.label(), m.at, ctx.t("ops.sitrep.mediation"), m.village_code)
    for n in log.notifications:
        if n.acknowledged_by and n.acknowledged_at:
            add(
                n.acknowledged_by.label(),
                n.acknowledged_at,
                ctx.t("ops.sitrep.act.acknowledged"),
                n.village_code,
            )
    return sorted(out, key=lambda r: (r[0], r[1], r[2]))


def activity_record(
    scenario: Scenario,
    log: OpsLog,
    until: datetime,
    *,
    lang: str = "id",
    exercise: bool = False,
    generated: date | None = None,
) -> Document:
    """Catatan kegiatan: every unit's status changes and every person's actions up to ``until``."""
    ctx = SitrepContext(scenario, lang, generated or until.date())
    title = ctx.t("ops.sitrep.activity_title")
    units = tuple(
        _cells(
            s.unit,
            ctx.clock(s.at) if s.at.date() == until.date() else ctx.moment(s.at),
            t(f"ops.unit_state.{s.state.value}", ctx.lang),
            ctx.village_name(s.village_code) if s.village_code else "",
            s.incident_id or "",
            s.by.label() if s.by else "",
        )
        for s in sorted(log.unit_statuses, key=lambda s: (s.unit, s.at, s.state.value))
        if s.at <= until
    )
    people = tuple(
        _cells(
            who, ctx.clock(when) if when.date() == until.date() else ctx.moment(when), what, where
        )
        for who, when, what, where in _person_rows(ctx, log, until)
    )
    body = (
        _sec(
            ctx,
            1,
            "activity_units",
            Table(
                "activity_units",
                ctx.t("ops.sitrep.table.activity_units"),
                tuple(
                    _col(ctx, k)
                    for k in ("unit", "time", "unit_state", "village", "incident", "by")
                ),
                units,
                empty=ctx.t("ops.sitrep.no_units"),
            ),
        ),
        _sec(
            ctx,
            2,
            "activity_people",
            Table(
                "activity_people",
                ctx.t("ops.sitrep.table.activity_people"),
                tuple(_col(ctx, k) for k in ("by", "time", "what", "village")),
                people,
                empty=ctx.t("ops.sitrep.no_decisions"),
            ),
        ),
    )
    return Document(
        id="catatan-kegiatan",
        title=title,
        subtitle=ctx.t("ops.sitrep.activity_subtitle", title=scenario.title, at=ctx.moment(until)),
        issuer=ctx.polres.upper(),
        heading=Fields(
            (
                (ctx.t("ops.sitrep.operation"), f"{scenario.title} ({scenario.name})"),
                (ctx.t("ops.sitrep.cut_off"), ctx.moment(until)),
                (ctx.t("report.meta.software"), f"Sispam {ctx.version}"),
            )
        ),
        banner=_banner(ctx, exercise),
        body=body,
        signatures=_signature(ctx),
        place_date=f"{ctx.place}, {ctx.moment(until)}",
        footer=_footer(ctx, title),
    )


# --- files --------------------------------------------------------------------------------------


def render_files(
    doc: Document,
    scenario: Scenario,
    *,
    lang: str = "id",
    generated: date | None = None,
    stem: str | None = None,
) -> dict[str, bytes]:
    """A document as ``<stem>.pdf`` (Typst) and ``<stem>.xlsx`` (every table on its sheet)."""
    from sispam.report import pdf, xlsx

    ctx = SitrepContext(scenario, lang, generated)
    name = stem or doc.id
    return {
        f"{name}.pdf": pdf.render(doc, ctx, {}),  # type: ignore[arg-type]
        f"{name}.xlsx": xlsx.workbook(ctx, [doc]),  # type: ignore[arg-type]
    }
