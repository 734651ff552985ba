"""Hari simulasi (a simulated election day): the contingency simulation's example run told as the
Posko would have recorded it, so that ``sispam posko replay`` can play it into a board.

:func:`simulated_day` turns :attr:`SimResult.example <sispam.domain.SimResult>` (the first run
with the worst outcome) into a time-ordered list of :class:`ReplayItem`: the TPS status reports of
every TPS along election day (by SMS in the documented short format, read back by the intake
parser, and a second report by WhatsApp for some TPS), and for each incident of the run its text
report, the operator's check, the level decisions of the right commanders, control handed over,
TNI perbantuan when the run calls for it, dispatches of the reserve elements the run sent, unit
status, containment and closure. Every step goes through the same rules as a person in the Posko
(:mod:`sispam.ops.authority`, :mod:`sispam.ops.lifecycle`, :mod:`sispam.ops.dispatch`), so the
replay never shows what the rules would refuse.

Times in the TPS reports are spread by a generator seeded from the simulation's seed: the same
simulation gives the same day. It is a model's story, not a record: the Posko shows a replay as an
exercise.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

import numpy as np

from sispam.domain import (
    CommandLevel,
    PhaseKind,
    Plan,
    PoskoRole,
    ReserveRole,
    Scenario,
    SimResult,
    SituationLevel,
    TimelineEvent,
    Village,
)
from sispam.domain.base import DomainModel
from sispam.domain.incident import (
    Channel,
    Dispatch,
    FieldReport,
    Incident,
    IncidentAction,
    IncidentCategory,
    IncidentState,
    LevelDecision,
    OpsLog,
    PerbantuanRequest,
    Person,
    TpsStatus,
    UnitState,
    UnitStatus,
    VillageSituation,
)
from sispam.i18n import t
from sispam.ops import authority as auth_rules
from sispam.ops import lifecycle
from sispam.ops.dispatch import dispatch as send
from sispam.ops.dispatch import propose_dispatch, update_unit
from sispam.ops.intake import parse_message
from sispam.ops.places import Gazetteer
from sispam.ops.refusal import Refusal
from sispam.ops.reports import review_report
from sispam.ops.settings import AuthoritySettings, OpsSettings
from sispam.ops.textformat import incident_message, tps_message

ItemKind = Literal["report", "incident", "transition", "decision", "dispatch", "unit", "perbantuan"]

TRIGGER_CATEGORY: dict[str, IncidentCategory] = {
    "close_contest": IncidentCategory.RESULT_DISPUTE,
    "disputed_count": IncidentCategory.RESULT_DISPUTE,
    "rejected_candidate": IncidentCategory.RESULT_DISPUTE,
    "rumour": IncidentCategory.CROWD,
    "partiality": IncidentCategory.RESULT_DISPUTE,
}
"""What a Bhabinkamtibmas reports when the simulation's trigger fires."""


class ReplayItem(DomainModel):
    """One thing to play into the Posko at ``at``: exactly one payload is set (``incident`` for
    ``incident`` and ``transition``: the incident after the step)."""

    at: datetime
    seq: int
    kind: ItemKind
    actor: Person
    text: str | None = None  # the SMS/WhatsApp text, for reports that came as text
    report: FieldReport | None = None
    incident: Incident | None = None
    action: IncidentAction | None = None
    decision: LevelDecision | None = None
    dispatch: Dispatch | None = None
    unit: UnitStatus | None = None
    perbantuan: PerbantuanRequest | None = None


class SimulatedDay(DomainModel):
    """The replay and the record it leaves (the input of a sitrep of the simulated day)."""

    scenario: str
    seed: int
    items: tuple[ReplayItem, ...]
    log: OpsLog


class _Cast:
    """The people of the story, named by their posts (a scenario's ``[report]`` names if given)."""

    def __init__(self, scenario: Scenario) -> None:
        region = scenario.region_name.removeprefix("Kabupaten ").removeprefix("Kota ")
        names = scenario.stage_settings("report")
        self.kapolres = Person(
            name=names.get("kapolres") or f"Kapolres {region}",
            role=PoskoRole.KAPOLRES,
            title=f"Kapolres {region}",
        )
        self.operator = Person(
            name="Operator Posko", role=PoskoRole.OPERATOR, title=f"Posko Polres {region}"
        )
        kodim = names.get("kodim") or f"Kodim {region}"
        self.dandim = Person(
            name=names.get("dandim") or f"Dandim {kodim.removeprefix('Kodim ')}",
            role=PoskoRole.TNI,
            title=f"Dandim {kodim.removeprefix('Kodim ')}",
        )

    def kapolsek(self, v: Village) -> Person:
        return Person(
            name=f"Kapolsek {v.district_name}",
            role=PoskoRole.KAPOLSEK,
            title=f"Kapolsek {v.district_name}",
            area=(v.district_code,),
        )

    def reporter(self, v: Village) -> Person:
        return Person(name=f"Bhabinkamtibmas {v.name}", role=PoskoRole.REPORTER, area=(v.code,))

    def babinsa(self, v: Village) -> Person:
        return Person(name=f"Babinsa {v.name}", role=PoskoRole.REPORTER, area=(v.code,))


class _Story:
    def __init__(
        self,
        scenario: Scenario,
        plan: Plan,
        authority: AuthoritySettings,
        settings: OpsSettings,
        lang: str,
    ) -> None:
        self.scenario = scenario
        self.plan = plan
        self.auth = authority
        self.settings = settings
        self.lang = lang
        self.cast = _Cast(scenario)
        self.places = Gazetteer.of(scenario, settings.fuzzy_score)
        self.items: list[ReplayItem] = []
        self.situations: dict[str, VillageSituation] = auth_rules.initial_situations(
            scenario, authority
        )
        self.incidents: dict[str, Incident] = {}
        self.open_by_village: dict[str, str] = {}
        self.units: dict[str, UnitStatus] = {}
        self.perbantuan: dict[str, PerbantuanRequest] = {}
        self.reports: dict[str, FieldReport] = {}
        self.dispatches: list[Dispatch] = []
        self.decisions: list[LevelDecision] = []

    def add(self, at: datetime, kind: ItemKind, actor: Person, **payload) -> None:  # type: ignore[no-untyped-def]
        self.items.append(ReplayItem(at=at, seq=len(self.items), kind=kind, actor=actor, **payload))

    @staticmethod
    def ok(result):  # type: ignore[no-untyped-def]
        if isinstance(result, Refusal):  # the story broke a rule: a bug here, not in the rules
            raise RuntimeError(result.message("en"))
        return result

    # --- text reports -------------------------------------------------------------------------
    def text_report(self, text: str, sender: Person, at: datetime, channel: Channel) -> FieldReport:
        res = parse_message(
            text,
            self.places,
            received_at=at,
            sender=sender.name,
            channel=channel,
            min_score=self.settings.fuzzy_score,
            future_min=self.settings.future_tolerance_min,
        )
        if not res.ok or res.report is None:
            raise RuntimeError(f"the intake could not read its own format: {text!r}")
        self.reports[res.report.id] = res.report
        self.add(at, "report", sender, text=text, report=res.report)
        return res.report

    # --- the TPS day --------------------------------------------------------------------------
    def tps_day(self, rng: np.random.Generator) -> None:
        voting = self.scenario.phase(PhaseKind.PEMUNGUTAN)
        counting = self.scenario.phase(PhaseKind.PENGHITUNGAN)
        if voting is None:
            return
        close = voting.end
        count_end = counting.end if counting is not None else close + timedelta(hours=6)
        for v in self.scenario.villages:
            for n in range(1, v.tps + 1):
                mins = [int(x) for x in rng.integers(0, 16, size=8)]
                times = {
                    TpsStatus.PERSONNEL_PRESENT: voting.start - timedelta(minutes=45 - mins[0]),
                    TpsStatus.OPENED: voting.start + timedelta(minutes=int(mins[1]) // 2),
                    TpsStatus.CLOSED: close + timedelta(minutes=int(mins[2])),
                }
                times[TpsStatus.COUNTING] = times[TpsStatus.CLOSED] + timedelta(
                    minutes=10 + int(mins[3])
                )
                span = (count_end - times[TpsStatus.COUNTING]).total_seconds() / 60
                count_min = min(60 + v.voters / 40 + int(mins[4]) * 2, max(span - 90, 30))
                times[TpsStatus.COUNTED] = times[TpsStatus.COUNTING] + timedelta(
                    minutes=int(count_min)
                )
                times[TpsStatus.BOX_ESCORTED] = times[TpsStatus.COUNTED] + timedelta(
                    minutes=10 + int(mins[5])
                )
                times[TpsStatus.BOX_ARRIVED] = times[TpsStatus.BOX_ESCORTED] + timedelta(
                    minutes=10 + int(mins[6]) * 2
                )
                present = None
                vp = next((p for p in self.plan.villages if p.code == v.code), None)
                if vp is not None:
                    present = sum(vp.assigned.values()) // max(v.tps, 1) or None
                second = rng.random() < 0.3
                for status, when in times.items():
                    delay = timedelta(minutes=1 + int(rng.integers(0, 4)))
                    text = tps_message(v.code, n, status, when, present)
                    self.text_report(text, self.cast.reporter(v), when + delay, Channel.SMS)
                    if second and status in (TpsStatus.OPENED, TpsStatus.CLOSED, TpsStatus.COUNTED):
                        # the Babinsa reports too; now and then his time disagrees
                        off = int(rng.integers(-3, 4)) + (25 if rng.random() < 0.1 else 0)
                        seen = when + timedelta(minutes=off)
                        text2 = tps_message(v.code, n, status, seen, present)
                        self.text_report(
                            text2,
                            self.cast.babinsa(v),
                            max(seen, when) + delay + timedelta(minutes=2),
                            Channel.WHATSAPP,
                        )

    # --- incidents ----------------------------------------------------------------------------
    def village(self, code: str) -> Village:
        return self.scenario.village(code)

    def decide(self, code: str, to: SituationLevel, at: datetime, reason: str) -> None:
        sit = self.situations[code]
        if to is sit.level:
            return
        v = self.village(code)
        raising = to.rank > sit.level.rank
        if raising:
            who = (
                self.cast.kapolsek(v)
                if self.auth.may_raise(CommandLevel.KAPOLSEK, to)
                else self.cast.kapolres
            )
        else:
            who = (
                self.cast.kapolres
                if sit.control is not CommandLevel.KAPOLSEK
                else self.cast.kapolsek(v)
            )
        inc_id = self.open_by_village.get(code)
        inc = self.incidents.get(inc_id) if inc_id else None
        report = None
        if inc is not None:  # the latest report a person stands behind
            report = next(
                (
                    self.reports[r]
                    for r in reversed(inc.report_ids)
                    if self.reports[r].review.usable
                ),
                None,
            )
        d = self.ok(
            auth_rules.decide_level(
                sit, to, who, at, reason, authority=self.auth, report=report, incident_id=inc_id
            )
        )
        self.commit_decision(d, who)

    def commit_decision(self, d: LevelDecision, who: Person) -> None:
        self.situations[d.village_code] = auth_rules.apply_decision(
            self.situations[d.village_code], d
        )
        self.decisions.append(d)
        self.add(d.at, "decision", who, decision=d)

    def take_control(self, code: str, command: CommandLevel, at: datetime) -> None:
        sit = self.situations[code]
        if sit.control.rank >= command.rank or command is not CommandLevel.KAPOLRES:
            return
        d = self.ok(
            auth_rules.hand_over(
                sit,
                command,
                self.cast.kapolres,
                at,
                t("ops.sim.take_control", self.lang),
                authority=self.auth,
                incident_id=self.open_by_village.get(code),
            )
        )
        self.commit_decision(d, self.cast.kapolres)

    def step(
        self, inc: Incident, action: IncidentAction, who: Person, at: datetime, **kw
    ) -> Incident:  # type: ignore[no-untyped-def]
        new = self.ok(lifecycle.transition(inc, action, who, at, authority=self.auth, **kw))
        self.incidents[new.id] = new
        self.add(at, "transition", who, incident=new, action=action)
        return new

    def open(self, ev: TimelineEvent, crowd: int | None) -> None:
        v = self.village(ev.village_code)
        trigger = ev.detail.split("@")[0]
        category = TRIGGER_CATEGORY.get(trigger, IncidentCategory.CROWD)
        at = ev.time + timedelta(minutes=2)
        reporter = self.cast.reporter(v)
        text = incident_message(v.code, category, ev.time, crowd=crowd)
        report = self.text_report(text, reporter, at, Channel.SMS)
        inc = self.ok(
            lifecycle.open_incident(
                village_code=v.code,
                category=category,
                by=reporter,
                at=at,
                crowd=crowd,
                description=t(f"ops.sim.trigger.{trigger}", self.lang)
                if trigger in TRIGGER_CATEGORY
                else "",
                report_ids=(report.id,),
            )
        )
        self.incidents[inc.id] = inc
        self.open_by_village[v.code] = inc.id
        self.add(at, "incident", reporter, incident=inc)
        # the operator checks the machine reading and verifies the incident
        checked = self.ok(
            review_report(
                report.model_copy(update={"incident_id": inc.id}),
                self.cast.operator,
                at + timedelta(minutes=1),
            )
        )
        self.reports[checked.id] = checked
        self.add(at + timedelta(minutes=1), "report", self.cast.operator, report=checked)
        self.step(
            inc,
            IncidentAction.VERIFY,
            self.cast.operator,
            at + timedelta(minutes=2),
            note=t("ops.sim.verified", self.lang),
        )

    def current(self, code: str) -> Incident | None:
        inc_id = self.open_by_village.get(code)
        return self.incidents.get(inc_id) if inc_id else None

    def dispatch_unit(self, ev: TimelineEvent) -> None:
        inc = self.current(ev.village_code)
        if inc is None or ev.unit is None:
            return
        role = ReserveRole(ev.role) if ev.role in {r.value for r in ReserveRole} else None
        at = ev.time
        if role is None:  # the Polsek patrol
            self.unit_state(ev.unit, None, UnitState.BERGERAK, at, inc, self.cast.operator)
            return
        level = self.situations[ev.village_code].level
        if role is ReserveRole.TNI_SUPPORT:
            self.perbantuan_for(inc, at - timedelta(minutes=4), at - timedelta(minutes=1))
        proposal = propose_dispatch(
            inc,
            level,
            self.scenario,
            self.plan,
            at,
            statuses=self.units.values(),
            perbantuan=self.perbantuan.values(),
            platoon_size=self.settings.platoon_size,
        )
        cands = [
            c
            for line in proposal.lines
            for c in line.candidates
            if c.element.unit == ev.unit and c.element.role is role
        ]
        if not cands:  # the level's responder list does not hold it: propose at its own role
            proposal = propose_dispatch(
                inc,
                _level_of(role, level),
                self.scenario,
                self.plan,
                at,
                statuses=self.units.values(),
                perbantuan=self.perbantuan.values(),
                platoon_size=self.settings.platoon_size,
            )
            cands = [
                c
                for line in proposal.lines
                for c in line.candidates
                if c.element.unit == ev.unit and c.element.role is role
            ]
        if not cands:
            return
        who = self.cast.dandim if role is ReserveRole.TNI_SUPPORT else self.cast.operator
        order = self.ok(
            send(
                proposal,
                [cands[0].element.id],
                who,
                at,
                perbantuan=self.perbantuan.values(),
                stale_min=self.settings.stale_min,
            )
        )
        for d, s in zip(order.dispatches, order.statuses, strict=True):
            self.dispatches.append(d)
            self.units[s.element or s.unit] = s
            self.add(at, "dispatch", who, dispatch=d)
            self.add(at, "unit", who, unit=s)
        if inc.state in (IncidentState.VERIFIED, IncidentState.CONTAINED, IncidentState.REOPENED):
            self.step(
                inc,
                IncidentAction.RESPOND,
                self.cast.operator,
                at,
                units=tuple(d.unit for d in order.dispatches),
            )

    def perbantuan_for(self, inc: Incident, asked_at: datetime, decided_at: datetime) -> None:
        """The Kapolres asks, the Dandim approves (once per incident)."""
        if inc.id in self.perbantuan:
            return
        sit = self.situations[inc.village_code]
        req = auth_rules.request_perbantuan(
            sit,
            self.cast.kapolres,
            asked_at,
            t("ops.sim.perbantuan_reason", self.lang),
            incident_id=inc.id,
            asked=t("ops.sim.perbantuan_asked", self.lang),
        )
        if isinstance(req, Refusal):
            return
        self.add(req.at, "perbantuan", self.cast.kapolres, perbantuan=req)
        req = self.ok(
            auth_rules.decide_perbantuan(
                req,
                self.cast.dandim,
                decided_at,
                approve=True,
                legal_basis=auth_rules.LEGAL_BASIS_DEFAULT,
            )
        )
        self.perbantuan[inc.id] = req
        self.add(decided_at, "perbantuan", self.cast.dandim, perbantuan=req)

    def unit_state(
        self,
        unit: str,
        role: str | None,
        state: UnitState,
        at: datetime,
        inc: Incident,
        who: Person,
    ) -> UnitStatus | None:
        key = next(
            (
                k
                for k, s in self.units.items()
                if s.unit == unit and (role is None or (s.element or "").split("/")[1:2] == [role])
            ),
            None,
        )
        prev = self.units.get(key) if key else None
        if prev is None and state is not UnitState.BERGERAK:
            return None
        v = self.village(inc.village_code)
        lat, lng = (v.lat, v.lng) if state is UnitState.TIBA else (None, None)
        s = update_unit(
            prev,
            state,
            at,
            unit=unit,
            lat=lat,
            lng=lng,
            by=who,
            incident_id=inc.id,
            village_code=inc.village_code,
            stale_min=self.settings.stale_min,
        )
        if isinstance(s, Refusal):
            return None
        self.units[s.element or s.unit] = s
        self.add(at, "unit", who, unit=s)
        return s

    def arrive(self, ev: TimelineEvent) -> None:
        inc = self.current(ev.village_code)
        if inc is None or ev.unit is None:
            return
        if self.unit_state(ev.unit, ev.role, UnitState.TIBA, ev.time, inc, self.cast.operator):
            new = lifecycle.record_arrival(inc, ev.time)
            self.incidents[new.id] = new

    def release(self, ev: TimelineEvent) -> None:
        inc = self.current(ev.village_code) or next(
            (i for i in self.incidents.values() if i.village_code == ev.village_code), None
        )
        if inc is None or ev.unit is None:
            return
        done = self.unit_state(
            ev.unit, ev.role, UnitState.SELESAI, ev.time, inc, self.cast.operator
        )
        if done is not None and ev.eta_min:
            back = ev.time + timedelta(minutes=float(ev.eta_min))
            s = self.ok(
                update_unit(
                    done,
                    UnitState.SIAGA,
                    back,
                    by=self.cast.operator,
                    stale_min=self.settings.stale_min,
                )
            )
            self.units[s.element or s.unit] = s
            self.add(back, "unit", self.cast.operator, unit=s)

    def contain(self, ev: TimelineEvent) -> None:
        inc = self.current(ev.village_code)
        if inc is None:
            return
        v = self.village(ev.village_code)
        if inc.state is IncidentState.VERIFIED:  # handled by those on site
            inc = self.step(
                inc,
                IncidentAction.RESPOND,
                self.cast.operator,
                ev.time,
                units=(f"Pam TPS {v.name}",),
            )
        if inc.state is IncidentState.RESPONDING:
            inc = self.step(
                inc,
                IncidentAction.CONTAIN,
                self.cast.operator,
                ev.time,
                note=t("ops.sim.contained", self.lang),
            )
        # back to hijau by whoever holds control, then closed by the right command
        sit = self.situations[v.code]
        if sit.level is not SituationLevel.HIJAU:
            who = (
                self.cast.kapolres
                if sit.control is not CommandLevel.KAPOLSEK
                else self.cast.kapolsek(v)
            )
            d = self.ok(
                auth_rules.decide_level(
                    sit,
                    SituationLevel.HIJAU,
                    who,
                    ev.time + timedelta(minutes=5),
                    t("ops.sim.lowered", self.lang),
                    authority=self.auth,
                    incident_id=inc.id,
                )
            )
            self.commit_decision(d, who)
        peak = max(
            (
                d.to_level
                for d in self.decisions
                if d.village_code == v.code and d.at >= inc.reported_at
            ),
            key=lambda x: x.rank,
            default=SituationLevel.HIJAU,
        )
        closer = self.cast.kapolsek(v) if peak is SituationLevel.HIJAU else self.cast.kapolres
        self.step(
            inc,
            IncidentAction.CLOSE,
            closer,
            ev.time + timedelta(minutes=30),
            outcome=t("ops.sim.outcome", self.lang),
            peak_level=peak,
        )
        self.open_by_village.pop(v.code, None)
        # units still on the task (the Polsek patrol) are released when it closes
        done_at = ev.time + timedelta(minutes=30)
        for key, s in sorted(self.units.items()):
            if s.incident_id == inc.id and s.state.committed:
                released = self.ok(
                    update_unit(
                        s,
                        UnitState.SELESAI,
                        done_at,
                        by=self.cast.operator,
                        stale_min=self.settings.stale_min,
                    )
                )
                self.units[key] = released
                self.add(done_at, "unit", self.cast.operator, unit=released)

    def play(self, ev: TimelineEvent, events: list[TimelineEvent], i: int) -> None:
        k = ev.kind
        code = ev.village_code
        if k in ("trigger", "spill"):
            if code in self.open_by_village:
                return
            crowd = next(
                (
                    e.crowd
                    for e in events[i:]
                    if e.village_code == code
                    and e.crowd
                    and e.time <= ev.time + timedelta(minutes=15)
                ),
                None,
            )
            self.open(ev, crowd)
        elif k == "level" and ev.level and code in self.open_by_village:
            to = SituationLevel(ev.level)
            down = to.rank < self.situations[code].level.rank
            key = f"ops.sim.{'lower' if down else 'level'}.{to.value}"
            self.decide(
                code, to, ev.time + timedelta(minutes=1), t(key, self.lang, crowd=ev.crowd or 0)
            )
        elif k == "command" and ev.detail == CommandLevel.KAPOLRES.value:
            self.take_control(code, CommandLevel.KAPOLRES, ev.time + timedelta(minutes=2))
        elif k == "request" and ev.role == ReserveRole.TNI_SUPPORT.value:
            inc = self.current(code)
            if inc is not None:
                self.perbantuan_for(
                    inc, ev.time + timedelta(minutes=2), ev.time + timedelta(minutes=5)
                )
        elif k in ("dispatch", "patrol"):
            self.dispatch_unit(ev)
        elif k == "arrival":
            self.arrive(ev)
        elif k == "released":
            self.release(ev)
        elif k == "contained":
            self.contain(ev)
        elif k in ("intensify", "excess_force") and code in self.open_by_village:
            v = self.village(code)
            inc = self.current(code)
            if inc is not None:
                text = incident_message(code, inc.category, ev.time, crowd=ev.crowd or None)
                r = self.text_report(
                    text, self.cast.babinsa(v), ev.time + timedelta(minutes=3), Channel.WHATSAPP
                )
                new = lifecycle.link_report(inc, r.id, r.crowd)
                self.incidents[new.id] = new


def _level_of(role: ReserveRole, default: SituationLevel) -> SituationLevel:
    from sispam.domain.doctrine import LEVEL_RESPONDER

    for level, r in LEVEL_RESPONDER.items():
        if r is role:
            return level
    return default


def simulated_day(
    scenario: Scenario,
    plan: Plan,
    sim: SimResult,
    *,
    authority: AuthoritySettings | None = None,
    settings: OpsSettings | None = None,
    lang: str = "id",
    tps_reports: bool = True,
) -> SimulatedDay:
    """The example run of ``sim`` as a replay (see the module docstring). Deterministic: the
    same inputs give the same items."""
    story = _Story(
        scenario, plan, authority or AuthoritySettings(), settings or OpsSettings(), lang
    )
    if tps_reports:
        story.tps_day(np.random.default_rng(np.random.SeedSequence([sim.seed, 12])))
    events = list(sim.example.events) if sim.example else []
    events.sort(key=lambda e: e.time)  # stable: the run's own order within a minute
    known = {v.code for v in scenario.villages}
    for i, ev in enumerate(events):
        if ev.village_code in known:
            story.play(ev, events, i)
    items = sorted(story.items, key=lambda it: (it.at, it.seq))
    items = [it.model_copy(update={"seq": n}) for n, it in enumerate(items)]
    notes = [n for d in story.decisions for n in auth_rules.notifications(d)]
    notes += [n for r in story.perbantuan.values() for n in auth_rules.perbantuan_notifications(r)]
    log = OpsLog(
        operation=scenario.name,
        reports=tuple(sorted(story.reports.values(), key=lambda r: (r.received_at, r.id))),
        incidents=tuple(sorted(story.incidents.values(), key=lambda i: (i.reported_at, i.id))),
        decisions=tuple(story.decisions),
        dispatches=tuple(story.dispatches),
        unit_statuses=tuple(it.unit for it in items if it.unit is not None),
        perbantuan=tuple(story.perbantuan.values()),
        notifications=tuple(sorted(notes, key=lambda n: (n.at, n.id))),
    )
    return SimulatedDay(scenario=scenario.name, seed=sim.seed, items=tuple(items), log=log)
