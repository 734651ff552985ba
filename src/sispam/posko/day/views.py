"""Proyeksi hari-H (the election-day projection): the record of the day as domain objects, rebuilt
from the log — field reports and text messages, incidents, the situation and control of every
village with the decisions behind them, dispatches and unit statuses, TNI perbantuan, Pemkab
mediation, notices, overdue alerts and sitreps.

Every handler recomputes its result with the same :mod:`sispam.ops` function the writer's guard
ran against the same state, so the live state and a rebuild from the log agree. Handlers never
raise on a stored event (the guard already accepted it); a result the rules would now refuse is
recorded as it was accepted.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime
from typing import Any

from sispam.domain import CommandLevel, SituationLevel
from sispam.domain.incident import (
    Dispatch,
    FieldReport,
    Incident,
    IncidentAction,
    LevelDecision,
    Mediation,
    Notification,
    OpsLog,
    PerbantuanRequest,
    Person,
    Recipient,
    UnitState,
    UnitStatus,
    VillageSituation,
)
from sispam.ops import (
    Refusal,
    acknowledge,
    apply_decision,
    decide_level,
    decide_perbantuan,
    deploy_perbantuan,
    hand_over,
    initial_situations,
    link_report,
    notifications,
    open_incident,
    peak_level,
    perbantuan_notifications,
    record_arrival,
    record_mediation,
    request_perbantuan,
    review_report,
    transition,
)
from sispam.ops.dispatch import latest_status
from sispam.ops.ids import make_id
from sispam.posko.day.clock import Clock, parse_utc
from sispam.posko.day.context import DayContext
from sispam.posko.events import Event
from sispam.posko.projections import Projection, handles

log = logging.getLogger("sispam.posko.day")


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def person(data: dict[str, Any]) -> Person:
    return Person.model_validate(data)


class Day(Projection):
    """Hari-H: the election-day record of one operation (see the module docstring)."""

    name = "day"
    KEEP_MESSAGES = 2000

    def __init__(self) -> None:
        self.ctx: DayContext | None = None
        self.exercise = False
        self.clock = Clock()
        self.reports: dict[str, FieldReport] = {}
        self.messages: deque[dict[str, Any]] = deque(maxlen=self.KEEP_MESSAGES)
        self.message_ids: dict[str, dict[str, Any]] = {}  # gateway message id → its answer
        self.incidents: dict[str, Incident] = {}
        self.situations: dict[str, VillageSituation] = {}
        self.decisions: list[LevelDecision] = []
        self.dispatches: list[Dispatch] = []
        self.unit_statuses: list[UnitStatus] = []
        self.latest: dict[str, UnitStatus] = {}
        self.perbantuan: dict[str, PerbantuanRequest] = {}
        self.notices: dict[str, Notification] = {}
        self.mediations: list[Mediation] = []
        self.alerts: dict[str, dict[str, Any]] = {}  # incident id → the last alert raised
        self.sitreps: dict[str, dict[str, Any]] = {}
        self.seq_of: dict[str, int] = {}  # record id → seq of its last change (live refresh)

    # --- reading -----------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.local()

    def ops_log(self, operation: str = "") -> OpsLog:
        return OpsLog(
            operation=operation or (self.ctx.scenario.name if self.ctx else ""),
            reports=tuple(sorted(self.reports.values(), key=lambda r: (r.received_at, r.id))),
            incidents=tuple(sorted(self.incidents.values(), key=lambda i: (i.reported_at, i.id))),
            decisions=tuple(self.decisions),
            dispatches=tuple(self.dispatches),
            unit_statuses=tuple(self.unit_statuses),
            perbantuan=tuple(self.perbantuan.values()),
            notifications=tuple(sorted(self.notices.values(), key=lambda n: (n.at, n.id))),
            mediations=tuple(self.mediations),
        )

    def peak(self, incident: Incident, until: datetime | None = None) -> SituationLevel:
        return peak_level(incident, self.decisions, until or max(self.now(), incident.reported_at))

    def open_incident_at(self, village_code: str) -> Incident | None:
        found = [
            i for i in self.incidents.values() if i.village_code == village_code and i.state.open
        ]
        return max(found, key=lambda i: i.reported_at) if found else None

    # --- the operation -----------------------------------------------------------------------

    @handles("operation.created")
    def _created(self, ev: Event) -> None:
        try:
            self.ctx = DayContext.of(ev.payload)
        except Exception:  # an operation whose inputs this version cannot read: board only
            log.exception("election-day context of %s", ev.operation_id)
            return
        self.exercise = bool(ev.payload.get("exercise"))
        self.clock = Clock(self.ctx.utc_offset_min)
        self.situations = initial_situations(self.ctx.scenario, self.ctx.authority)

    @handles("clock.set")
    def _clock(self, ev: Event) -> None:
        self.clock.set(parse_utc(ev.ts), when(ev.payload["sim_at"]), float(ev.payload["speed"]))

    # --- field reports -----------------------------------------------------------------------

    @handles("report.received")
    def _report(self, ev: Event) -> None:
        r = FieldReport.model_validate(ev.payload)
        self.reports[r.id] = r
        self.seq_of[r.id] = ev.seq
        if r.incident_id in self.incidents:
            self._link(r.incident_id, r)

    @handles("intake.text")
    def _text(self, ev: Event) -> None:
        p = ev.payload
        answer = {
            "seq": ev.seq,
            "message_id": p["message_id"],
            "channel": p["channel"],
            "sender": p["sender"],
            "raw": p["raw"],
            "received_at": p["received_at"],
            "ok": p["ok"],
            "reply": p["reply"],
            "error_key": p.get("error_key"),
            "report_id": (p.get("report") or {}).get("id"),
        }
        self.messages.append(answer)
        self.message_ids[p["message_id"]] = answer
        if p.get("report"):
            r = FieldReport.model_validate(p["report"])
            self.reports.setdefault(r.id, r)
            self.seq_of[r.id] = ev.seq

    @handles("report.reviewed")
    def _reviewed(self, ev: Event) -> None:
        p = ev.payload
        old = self.reports[p["report_id"]]
        new = review_report(
            old,
            person(p["by"]),
            when(p["at"]),
            accept=p.get("accept", True),
            corrections=p.get("corrections") or None,
            rumour=p.get("rumour"),
        )
        if isinstance(new, FieldReport):
            self.reports[new.id] = new
            self.seq_of[new.id] = ev.seq

    @handles("report.linked")
    def _linked(self, ev: Event) -> None:
        r = self.reports[ev.payload["report_id"]]
        r = r.model_copy(update={"incident_id": ev.payload["incident_id"]})
        self.reports[r.id] = r
        self._link(ev.payload["incident_id"], r)
        self.seq_of[ev.payload["incident_id"]] = ev.seq

    def _link(self, incident_id: str, r: FieldReport) -> None:
        self.incidents[incident_id] = link_report(self.incidents[incident_id], r.id, r.crowd)

    # --- incidents ---------------------------------------------------------------------------

    @handles("incident.opened")
    def _opened(self, ev: Event) -> None:
        inc = incident_from(ev.payload)
        if isinstance(inc, Incident):
            self.incidents[inc.id] = inc
            self.seq_of[inc.id] = ev.seq
            for rid in inc.report_ids:
                if rid in self.reports:
                    self.reports[rid] = self.reports[rid].model_copy(update={"incident_id": inc.id})

    @handles("incident.transition")
    def _transition(self, ev: Event) -> None:
        p = ev.payload
        inc = self.incidents[p["incident_id"]]
        new = step(self, inc, p)
        if isinstance(new, Incident):
            self.incidents[new.id] = new
            self.seq_of[new.id] = ev.seq
            if new.id in self.alerts and not new.state.open:
                self.alerts.pop(new.id, None)

    # --- situation and control ---------------------------------------------------------------

    @handles("situation.decided", "situation.handover", "village.level_set")
    def _decided(self, ev: Event) -> None:
        if ev.type == "village.level_set":  # the core command (its guard checked authority)
            situation = self.situations.get(ev.payload["village"])
            if situation is None:
                return
            at = max(self.clock.of_event(ev.ts), situation.since or datetime.min)
            by = Person(name=ev.actor, role=ev.role)
            d: LevelDecision | Refusal = _forced(situation, ev.payload, by, at, ev.seq)
        else:
            d = decision_of(self, ev.payload, ev.type)
        if isinstance(d, LevelDecision):
            self.record_decision(d, ev.seq)

    def record_decision(self, d: LevelDecision, seq: int) -> None:
        self.decisions.append(d)
        self.situations[d.village_code] = apply_decision(self.situations[d.village_code], d)
        for n in notifications(d):
            self.notices[n.id] = n
        self.seq_of[d.village_code] = seq

    # --- dispatch and units ------------------------------------------------------------------

    @handles("dispatch.sent")
    def _dispatch(self, ev: Event) -> None:
        for d in ev.payload["dispatches"]:
            self.dispatches.append(Dispatch.model_validate(d))
        for s in ev.payload["statuses"]:
            self._status(UnitStatus.model_validate(s))
        self.seq_of[ev.payload["incident_id"]] = ev.seq

    @handles("unit.updated")
    def _unit(self, ev: Event) -> None:
        s = UnitStatus.model_validate(ev.payload)
        self._status(s)
        if s.incident_id:
            self.seq_of[s.incident_id] = ev.seq

    @handles("unit.status_set")
    def _core_unit(self, ev: Event) -> None:
        """The core unit command (no element): recorded as the unit's status too."""
        p = ev.payload
        prev = self.latest.get(p["unit"])
        if prev is not None and prev.element:
            prev = None
        self._status(
            UnitStatus(
                unit=p["unit"],
                state=UnitState(p["status"]),
                at=self.clock.of_event(ev.ts),
                lat=p.get("lat") if p.get("lng") is not None else None,
                lng=p.get("lng") if p.get("lat") is not None else None,
                village_code=p.get("village"),
                note=p.get("note", ""),
                by=Person(name=ev.actor, role=ev.role) if ev.role else None,
                incident_id=prev.incident_id if prev and p["status"] != "siaga" else None,
            )
        )

    def _status(self, s: UnitStatus) -> None:
        self.unit_statuses.append(s)
        self.latest[s.element or s.unit] = s
        if s.state is UnitState.TIBA and s.incident_id in self.incidents:
            self.incidents[s.incident_id] = record_arrival(self.incidents[s.incident_id], s.at)
            self.alerts.pop(s.incident_id, None)

    def element_status(self) -> dict[str, UnitStatus]:
        return latest_status(self.unit_statuses)

    # --- TNI, Pemkab, notices ----------------------------------------------------------------

    @handles("perbantuan.requested", "perbantuan.decided", "perbantuan.deployed")
    def _perbantuan(self, ev: Event) -> None:
        req = perbantuan_step(self, ev.type, ev.payload)
        if not isinstance(req, PerbantuanRequest):
            return
        self.perbantuan[req.id] = req
        self.seq_of[req.id] = ev.seq
        if ev.type != "perbantuan.deployed":
            for n in perbantuan_notifications(req):
                self.notices[n.id] = n
        else:  # the TNI unit under way, as a unit status like any other (CoT)
            dep, p = req.deployments[-1], ev.payload
            self._status(
                UnitStatus(
                    unit=dep.unit,
                    element=f"tni/{req.id}/{dep.unit}",
                    state=UnitState.BERGERAK,
                    at=dep.at,
                    lat=p.get("lat"),
                    lng=p.get("lng"),
                    incident_id=req.incident_id,
                    village_code=req.village_code,
                    personnel=dep.personnel,
                    by=dep.by,
                    note=dep.commander,
                )
            )

    @handles("mediation.recorded")
    def _mediation(self, ev: Event) -> None:
        m = mediation_of(ev.payload)
        if isinstance(m, Mediation):
            self.mediations.append(m)
            self.seq_of[m.id] = ev.seq

    @handles("notice.acknowledged")
    def _ack(self, ev: Event) -> None:
        n = self.notices[ev.payload["notice_id"]]
        done = acknowledge(n, person(ev.payload["by"]), when(ev.payload["at"]))
        if isinstance(done, Notification):
            self.notices[n.id] = done

    @handles("alert.overdue")
    def _alert(self, ev: Event) -> None:
        p = ev.payload
        self.alerts[p["incident_id"]] = {**p, "seq": ev.seq}
        for r in p["notify"]:
            n = Notification(
                id=make_id("ntf", p["incident_id"], "overdue", p["tier"], r, p["since"]),
                recipient=Recipient(r),
                kind="overdue",
                at=when(p["at"]),
                village_code=p["village_code"],
                ref_id=p["incident_id"],
            )
            self.notices[n.id] = n

    # --- sitreps -----------------------------------------------------------------------------

    @handles("sitrep.requested")
    def _sitrep(self, ev: Event) -> None:
        p = ev.payload
        self.sitreps[p["id"]] = {**p, "requested_seq": ev.seq, "state": "running", "files": []}

    @handles("sitrep.ready")
    def _sitrep_ready(self, ev: Event) -> None:
        p = ev.payload
        row = self.sitreps.get(p["id"])
        if row is not None:
            row.update(
                state="failed" if p.get("error") else "done",
                files=p.get("files", []),
                error=p.get("error", ""),
                seq=ev.seq,
            )

    def snapshot(self) -> Any:
        d = self.ops_log("").model_dump(mode="json")
        d["situations"] = {k: v.model_dump(mode="json") for k, v in sorted(self.situations.items())}
        d["messages"] = list(self.messages)
        d["alerts"] = self.alerts
        d["sitreps"] = self.sitreps
        d["clock"] = self.clock.as_json()
        return d


# --- the rules, shared by the guards and the projection --------------------------------------


def incident_from(p: dict[str, Any]) -> Incident | Refusal:
    from sispam.domain.incident import IncidentCategory

    return open_incident(
        village_code=p["village_code"],
        category=IncidentCategory(p["category"]),
        by=person(p["by"]),
        at=when(p["at"]),
        crowd=p.get("crowd"),
        tps=p.get("tps"),
        lat=p.get("lat"),
        lng=p.get("lng"),
        description=p.get("description", ""),
        report_ids=tuple(p.get("report_ids", ())),
        id=p["id"],
    )


def step(day: Day, inc: Incident, p: dict[str, Any]) -> Incident | Refusal:
    at = when(p["at"])
    action = IncidentAction(p["action"])
    return transition(
        inc,
        action,
        person(p["by"]),
        at,
        note=p.get("note", ""),
        outcome=p.get("outcome", ""),
        units=tuple(p.get("units", ())),
        peak_level=day.peak(inc, at) if action is IncidentAction.CLOSE else None,
        authority=day.ctx.authority if day.ctx else None,
    )


def decision_of(day: Day, p: dict[str, Any], type_: str) -> LevelDecision | Refusal:
    """The decision a ``situation.decided`` or ``situation.handover`` payload records."""
    code = p["village_code"]
    situation = day.situations[code]
    auth = day.ctx.authority if day.ctx else None
    by, at = person(p["by"]), when(p["at"])
    if type_ == "situation.handover":
        return hand_over(
            situation,
            CommandLevel(p["to"]),
            by,
            at,
            p["reason"],
            authority=auth,
            incident_id=p.get("incident_id"),
            id=p.get("id"),
        )
    report = day.reports.get(p["report_id"]) if p.get("report_id") else None
    return decide_level(
        situation,
        SituationLevel(p["to"]),
        by,
        at,
        p["reason"],
        authority=auth,
        report=report,
        incident_id=p.get("incident_id"),
        id=p.get("id"),
    )


def _forced(
    situation: VillageSituation, p: dict[str, Any], by: Person, at: datetime, seq: int
) -> LevelDecision:
    """A core level event as a decision (its guard checked the authority when it was taken)."""
    from sispam.domain.doctrine import HANDOVER
    from sispam.domain.incident import DecisionKind

    to = SituationLevel(p["level"])
    raising = to.rank > situation.level.rank
    command = by.command_level
    control = situation.control
    if raising and command is not None and command.rank > control.rank:
        control = command
    return LevelDecision(
        id=make_id("lvl", situation.village_code, seq, to.value),
        kind=DecisionKind.RAISE if raising else DecisionKind.LOWER,
        village_code=situation.village_code,
        at=at,
        by=by,
        reason=p["reason"],
        from_level=situation.level,
        to_level=to,
        control_from=situation.control,
        control_to=control,
        handover=HANDOVER.get(to) if raising else None,
    )


def perbantuan_step(day: Day, type_: str, p: dict[str, Any]) -> PerbantuanRequest | Refusal:
    by, at = person(p["by"]), when(p["at"])
    if type_ == "perbantuan.requested":
        return request_perbantuan(
            day.situations[p["village_code"]],
            by,
            at,
            p["reason"],
            asked=p.get("asked", ""),
            incident_id=p.get("incident_id"),
            id=p["id"],
        )
    req = day.perbantuan[p["request_id"]]
    if type_ == "perbantuan.decided":
        return decide_perbantuan(
            req,
            by,
            at,
            approve=bool(p["approve"]),
            legal_basis=p.get("legal_basis", ""),
            note=p.get("note", ""),
        )
    return deploy_perbantuan(
        req, p["unit"], int(p["personnel"]), by, at, commander=p.get("commander", "")
    )


def mediation_of(p: dict[str, Any]) -> Mediation | Refusal:
    return record_mediation(
        person(p["by"]),
        when(p["at"]),
        p["village_code"],
        p.get("outcome", ""),
        parties=tuple(p.get("parties", ())),
        incident_id=p.get("incident_id"),
        note=p.get("note", ""),
        id=p["id"],
    )


RECIPIENTS_OF_ROLE: dict[str, frozenset[Recipient]] = {
    "kapolres": frozenset({Recipient.KAPOLRES, Recipient.KAPOLDA, Recipient.POSKO}),
    "operator": frozenset({Recipient.POSKO}),
    "kapolsek": frozenset({Recipient.KAPOLSEK}),
    "tni": frozenset({Recipient.DANDIM}),
    "pemkab": frozenset({Recipient.PEMKAB}),
}
"""Whose notices an account reads and acknowledges (the Kapolda is not an account of the Posko:
the Kapolres' staff pass his notices on)."""


PROJECTIONS: tuple[type[Projection], ...] = (Day,)
