"""Jenis kejadian hari-H (the election-day event types): every action of election day is one of
these events in the Posko's log, submitted through the registry and checked by a guard that calls
the :mod:`sispam.ops` rule against the current projection (:class:`~sispam.posko.day.views.Day`).

Payloads carry the acting :class:`~sispam.domain.incident.Person` (``by``) and the operation's
local time (``at``); the server fills both from the account and the operation's clock, and the
guard checks that ``by`` is the account that submits (the server itself — a replay, a drill's
inject — may act in any person's name, still under every rule). Stable: fields are only added.

============================  ==========================================  ======================
type                          what                                         permission
============================  ==========================================  ======================
``report.received``           a field report (:class:`FieldReport`)        ``report.submit``
``intake.text``               an SMS/WhatsApp message, its reading, reply  ``intake.text``
``report.reviewed``           a person confirms/corrects/rejects/flags     ``report.review``
``report.linked``             a report attached to an incident             ``incident.act``
``incident.opened``           a new incident                               ``incident.open``
``incident.transition``       verify/reject/respond/contain/close/reopen   ``incident.act``
``situation.decided``         raise/lower a village's level (cited)        ``village.level``
``situation.handover``        control handed up/down by a named decision   ``village.level``
``dispatch.sent``             reserve elements sent (ETA, uncovered)       ``dispatch.send``
``unit.updated``              a unit's CoT status (siaga→…→selesai)        ``unit.status``
``perbantuan.requested``      TNI support asked by the Kapolres            ``perbantuan.request``
``perbantuan.decided``        the Dandim's decision with its legal basis   ``perbantuan.decide``
``perbantuan.deployed``       a TNI unit sent under an approved request    ``perbantuan.decide``
``mediation.recorded``        the Pemkab's mediation and outcome           ``mediation.record``
``notice.acknowledged``       a notice taken note of                       ``notice.ack``
``alert.overdue``             an incident past its promised response       (server)
``sitrep.requested``          a laporan situasi / catatan kegiatan asked   ``sitrep.request``
``sitrep.ready``              its files rendered (names, SHA-256)          (server)
``clock.set``                 an exercise's simulated clock                (server)
============================  ==========================================  ======================
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sispam.domain import CommandLevel, PoskoRole, SituationLevel
from sispam.domain.incident import (
    Channel,
    Dispatch,
    FieldReport,
    IncidentAction,
    IncidentCategory,
    Person,
    Recipient,
    Review,
    UnitState,
    UnitStatus,
)
from sispam.ops import Refusal, acknowledge, approved_perbantuan, review_report, update_unit
from sispam.ops.dispatch import DISPATCH_ROLES
from sispam.posko.day.people import person_of, refused, same_person, village_of_area
from sispam.posko.day.views import (
    RECIPIENTS_OF_ROLE,
    Day,
    decision_of,
    incident_from,
    mediation_of,
    perbantuan_step,
    step,
)
from sispam.posko.events import Draft, EventType, Refused
from sispam.posko.permissions import declare, unit_in_scope, village_in_scope

VILLAGE = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"
ID = r"^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,199}$"
FUTURE_MIN = 10.0  # a time more than this ahead of the operation's clock is refused


class Perm:
    """The election-day permissions (declared on the Posko's role table below)."""

    REPORT = "report.submit"
    INTAKE = "intake.text"
    REVIEW = "report.review"
    INCIDENT_OPEN = "incident.open"
    INCIDENT_ACT = "incident.act"
    LEVEL = "village.level"  # the core permission of level decisions
    DISPATCH = "dispatch.send"
    UNIT = "unit.status"  # core
    PERBANTUAN_REQUEST = "perbantuan.request"
    PERBANTUAN_DECIDE = "perbantuan.decide"
    MEDIATION = "mediation.record"
    NOTICE_ACK = "notice.ack"
    SITREP = "sitrep.request"
    FORECAST = "forecast.run"


_FIELD = ("reporter", "operator", "kapolsek", "kapolres", "tni", "pemkab")
declare(Perm.REPORT, *_FIELD)
declare(Perm.INCIDENT_OPEN, *_FIELD)
declare(Perm.INTAKE, "operator")  # the gateway signs in as a Posko operator account's token
declare(Perm.REVIEW, "operator", "kapolsek", "kapolres")
declare(Perm.INCIDENT_ACT, "operator", "kapolsek", "kapolres")
declare(Perm.DISPATCH, "operator", "kapolres", "tni")
declare(Perm.PERBANTUAN_REQUEST, "kapolres")
declare(Perm.PERBANTUAN_DECIDE, "tni")
declare(Perm.MEDIATION, "pemkab")
declare(Perm.NOTICE_ACK, "operator", "kapolsek", "kapolres", "tni", "pemkab")
declare(Perm.SITREP, "operator", "kapolres")
declare(Perm.FORECAST, "operator", "kapolres", "kapolsek", "tni")


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Act(_Payload):
    at: datetime
    by: Person


class IntakeText(_Payload):
    message_id: str = Field(min_length=1, max_length=200)
    channel: Channel
    sender: str = Field(min_length=1, max_length=200)
    raw: str = Field(max_length=2000)
    received_at: datetime
    ok: bool
    reply: str
    error_key: str | None = None
    report: FieldReport | None = None


class ReportReviewed(_Act):
    report_id: str
    village_code: str = Field(pattern=VILLAGE)
    accept: bool = True
    corrections: dict[str, Any] | None = None
    rumour: bool | None = None


class ReportLinked(_Act):
    report_id: str
    incident_id: str
    village_code: str = Field(pattern=VILLAGE)


class IncidentOpened(_Act):
    id: str = Field(pattern=ID)
    village_code: str = Field(pattern=VILLAGE)
    category: IncidentCategory
    tps: int | None = Field(default=None, ge=1)
    crowd: int | None = Field(default=None, ge=0)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lng: float | None = Field(default=None, ge=-180, le=180)
    description: str = Field(default="", max_length=2000)
    report_ids: tuple[str, ...] = ()


class IncidentStep(_Act):
    incident_id: str
    village_code: str = Field(pattern=VILLAGE)
    action: IncidentAction
    note: str = Field(default="", max_length=2000)
    outcome: str = Field(default="", max_length=2000)
    units: tuple[str, ...] = ()


class SituationDecided(_Act):
    id: str = Field(pattern=ID)
    village_code: str = Field(pattern=VILLAGE)
    to: SituationLevel
    reason: str = Field(min_length=1, max_length=1000)
    report_id: str | None = None
    incident_id: str | None = None


class SituationHandover(_Act):
    id: str = Field(pattern=ID)
    village_code: str = Field(pattern=VILLAGE)
    to: CommandLevel
    reason: str = Field(min_length=1, max_length=1000)
    incident_id: str | None = None


class DispatchSent(_Act):
    incident_id: str
    village_code: str = Field(pattern=VILLAGE)
    level: SituationLevel
    dispatches: tuple[Dispatch, ...] = Field(min_length=1)
    statuses: tuple[UnitStatus, ...] = ()


class PerbantuanRequested(_Act):
    id: str = Field(pattern=ID)
    village_code: str = Field(pattern=VILLAGE)
    reason: str = Field(min_length=1, max_length=2000)
    asked: str = Field(default="", max_length=500)
    incident_id: str | None = None


class PerbantuanDecided(_Act):
    request_id: str
    village_code: str = Field(pattern=VILLAGE)
    approve: bool
    legal_basis: str = Field(default="", max_length=2000)
    note: str = Field(default="", max_length=2000)


class PerbantuanDeployed(_Act):
    request_id: str
    village_code: str = Field(pattern=VILLAGE)
    unit: str = Field(min_length=1, max_length=200)
    personnel: int = Field(gt=0)
    commander: str = Field(default="", max_length=200)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lng: float | None = Field(default=None, ge=-180, le=180)


class MediationRecorded(_Act):
    id: str = Field(pattern=ID)
    village_code: str = Field(pattern=VILLAGE)
    outcome: str = Field(default="", max_length=2000)
    parties: tuple[str, ...] = ()
    incident_id: str | None = None
    note: str = Field(default="", max_length=2000)


class NoticeAcknowledged(_Act):
    notice_id: str
    village_code: str = Field(pattern=VILLAGE)


class AlertOverdue(_Payload):
    at: datetime
    incident_id: str
    village_code: str = Field(pattern=VILLAGE)
    since: datetime
    due_at: datetime
    overdue_min: float = Field(ge=0)
    tier: int = Field(ge=1)
    control: CommandLevel
    notify: tuple[Recipient, ...]


class SitrepRequested(_Payload):
    id: str = Field(pattern=ID)
    kind: Literal["sitrep", "activity"]
    cut_off: datetime
    scheduled: bool = False
    lang: Literal["id", "en"] = "id"
    at: datetime
    by: Person | None = None


class SitrepFile(_Payload):
    name: str
    sha256: str
    size: int = Field(ge=0)


class SitrepReady(_Payload):
    id: str
    files: tuple[SitrepFile, ...] = ()
    error: str = ""


class ClockSet(_Payload):
    sim_at: datetime
    speed: float = Field(gt=0, le=3600)


# --- guards ------------------------------------------------------------------------------------


def day_of(state: Any) -> Day:
    day = state.view("day")
    if day.ctx is None:
        raise Refused("posko.day.error.unavailable", 409)
    return day


def _ok(result: Any) -> Any:
    if isinstance(result, Refusal):
        refused(result)
    return result


def _who(draft: Draft) -> None:
    by = draft.payload.get("by")
    if by is not None and not same_person(draft.by, by):
        raise Refused("posko.day.error.not_you", 403)


def _timely(day: Day, draft: Draft, at: str | None) -> None:
    late = day.now() + timedelta(minutes=FUTURE_MIN)
    if at and not draft.by.is_system and datetime.fromisoformat(at) > late:
        raise Refused("posko.day.error.future", 422, at=at.replace("T", " "))


def _village(day: Day, draft: Draft, code: str) -> None:
    if code not in day.situations:
        raise Refused("posko.error.no_village", 404, village=code)
    if not village_in_scope(draft.by.role, draft.by.area, code):
        raise Refused("posko.error.out_of_scope", 403)


def _act(state: Any, draft: Draft) -> Day:
    """What every person's action needs: the day, the person, the time, the village in scope."""
    day = day_of(state)
    _who(draft)
    _timely(day, draft, draft.payload.get("at"))
    if draft.payload.get("village_code"):
        _village(day, draft, draft.payload["village_code"])
    return day


def guard_report(state: Any, draft: Draft) -> None:
    day = day_of(state)
    p, by = draft.payload, draft.by
    if p["id"] in day.reports:
        raise Refused("posko.day.error.duplicate", 409, id=p["id"])
    _village(day, draft, p["village_code"])
    village = day.ctx.villages[p["village_code"]]  # type: ignore[union-attr]
    if p.get("tps") is not None and p["tps"] > village.tps:
        raise Refused("posko.day.error.no_tps", 404, tps=f"{p['village_code']}-{p['tps']}")
    if by.role == PoskoRole.REPORTER:
        own_tps = village_of_area(by.area)[1]
        if own_tps is not None and p.get("tps") not in (None, own_tps):
            raise Refused("posko.error.out_of_scope", 403)
    if not by.is_system:
        if p["channel"] == Channel.WEB.value and p["reporter"] != by.username:
            raise Refused("posko.day.error.not_you", 403)
        if p["review"] not in (Review.ENTERED.value, Review.MACHINE_READ.value) or p.get(
            "reviewed_by"
        ):
            raise Refused("posko.day.error.review_by_field", 403)
    if p.get("incident_id") and p["incident_id"] not in day.incidents:
        raise Refused("posko.day.error.no_incident", 404, id=p["incident_id"])
    received = datetime.fromisoformat(p["received_at"])
    if datetime.fromisoformat(p["at"]) > received + timedelta(minutes=FUTURE_MIN):
        raise Refused("posko.day.error.future", 422, at=p["at"].replace("T", " "))


def guard_intake(state: Any, draft: Draft) -> None:
    day = day_of(state)
    p = draft.payload
    if p["message_id"] in day.message_ids:
        raise Refused("posko.day.error.duplicate", 409, id=p["message_id"])
    r = p.get("report")
    if r is not None:
        if r["id"] in day.reports:
            raise Refused("posko.day.error.duplicate", 409, id=r["id"])
        if r["review"] != Review.MACHINE_READ.value or r["village_code"] not in day.situations:
            raise Refused("posko.day.error.review_by_field", 403)


def guard_review(state: Any, draft: Draft) -> None:
    day = _act(state, draft)
    p = draft.payload
    report = day.reports.get(p["report_id"])
    if report is None or report.village_code != p["village_code"]:
        raise Refused("posko.day.error.no_report", 404, id=p["report_id"])
    _ok(
        review_report(
            report,
            Person.model_validate(p["by"]),
            datetime.fromisoformat(p["at"]),
            accept=p.get("accept", True),
            corrections=p.get("corrections") or None,
            rumour=p.get("rumour"),
        )
    )


def _incident(day: Day, p: dict[str, Any]) -> Any:
    inc = day.incidents.get(p["incident_id"])
    if inc is None or inc.village_code != p["village_code"]:
        raise Refused("posko.day.error.no_incident", 404, id=p["incident_id"])
    return inc


def guard_link(state: Any, draft: Draft) -> None:
    day = _act(state, draft)
    p = draft.payload
    _incident(day, p)
    if p["report_id"] not in day.reports:
        raise Refused("posko.day.error.no_report", 404, id=p["report_id"])


def guard_open(state: Any, draft: Draft) -> None:
    day = _act(state, draft)
    p = draft.payload
    if p["id"] in day.incidents:
        raise Refused("posko.day.error.duplicate", 409, id=p["id"])
    for rid in p.get("report_ids", ()):
        if rid not in day.reports:
            raise Refused("posko.day.error.no_report", 404, id=rid)
    _ok(incident_from(p))


def guard_step(state: Any, draft: Draft) -> None:
    day = _act(state, draft)
    _ok(step(day, _incident(day, draft.payload), draft.payload))


def guard_decision(state: Any, draft: Draft) -> None:
    day = _act(state, draft)
    p = draft.payload
    if p.get("incident_id"):
        _incident(day, p)
    if p.get("report_id") and p["report_id"] not in day.reports:
        raise Refused("posko.day.error.no_report", 404, id=p["report_id"])
    _ok(decision_of(day, p, draft.type))


def guard_core_level(state: Any, draft: Draft) -> None:
    """The core ``village.level_set`` under the scenario's authority matrix (``sispam.ops``)."""
    from sispam.ops import decide_level

    day = day_of(state)
    p = draft.payload
    _village(day, draft, p["village"])
    _ok(
        decide_level(
            day.situations[p["village"]],
            SituationLevel(p["level"]),
            person_of(draft.by),
            max(day.now(), day.situations[p["village"]].since or datetime.min),
            p["reason"],
            authority=day.ctx.authority,  # type: ignore[union-attr]
        )
    )


def guard_dispatch(state: Any, draft: Draft) -> None:
    day = _act(state, draft)
    p = draft.payload
    inc = _incident(day, p)
    if not inc.state.open:
        raise Refused("posko.day.error.incident_closed", 409, id=inc.id)
    by = Person.model_validate(p["by"])
    latest = day.element_status()
    for d in p["dispatches"]:
        if d["incident_id"] != inc.id:
            raise Refused("posko.day.error.no_incident", 404, id=d["incident_id"])
        for key in (d["element"], d["unit"]):
            s = latest.get(key)
            if s is not None and s.state.committed:
                raise Refused("posko.day.error.committed", 409, unit=d["unit"])
        if d["role"] == "tni_support":
            if by.role is not PoskoRole.TNI:
                raise Refused("ops.refuse.perbantuan_decider", 403, name=by.name)
            if (
                approved_perbantuan(tuple(day.perbantuan.values()), inc.village_code, inc.id)
                is None
            ):
                raise Refused("ops.refuse.tni_needs_perbantuan", 409)
        elif by.role not in DISPATCH_ROLES:
            raise Refused(
                "ops.refuse.dispatch_role",
                403,
                role=by.role.value if by.role else "-",
                roles=", ".join(sorted(r.value for r in DISPATCH_ROLES)),
            )


def _unit_kind(state: Any, day: Day, name: str) -> str | None:
    u = state.view("units").units.get(name)
    if u is not None:
        return u["kind"]
    return None


def guard_unit(state: Any, draft: Draft) -> None:
    day = _act(state, draft)
    p = draft.payload
    kind = _unit_kind(state, day, p["unit"])
    if kind is None:
        raise Refused("posko.error.no_unit", 404, unit=p["unit"])
    if not draft.by.is_system and not unit_in_scope(draft.by.role, draft.by.agency, kind):
        raise Refused("posko.error.out_of_scope", 403)
    prev = day.latest.get(p.get("element") or p["unit"])
    _ok(
        update_unit(
            prev,
            UnitState(p["state"]),
            datetime.fromisoformat(p["at"]),
            unit=p["unit"],
            element=p.get("element"),
        )
    )
    if p.get("incident_id") and p["incident_id"] not in day.incidents:
        raise Refused("posko.day.error.no_incident", 404, id=p["incident_id"])


def guard_perbantuan(state: Any, draft: Draft) -> None:
    day = _act(state, draft)
    p = draft.payload
    if draft.type == "perbantuan.requested":
        if p["id"] in day.perbantuan:
            raise Refused("posko.day.error.duplicate", 409, id=p["id"])
        if p.get("incident_id"):
            _incident(day, p)
    else:
        req = day.perbantuan.get(p["request_id"])
        if req is None or req.village_code != p["village_code"]:
            raise Refused("posko.day.error.no_request", 404, id=p["request_id"])
    _ok(perbantuan_step(day, draft.type, p))


def guard_mediation(state: Any, draft: Draft) -> None:
    day = _act(state, draft)
    if draft.payload.get("incident_id"):
        _incident(day, draft.payload)
    _ok(mediation_of(draft.payload))


def may_read_notice(role: str | None, area: str | None, n: Any) -> bool:
    if role in ("admin", "observer", "evaluator", "controller"):
        return True
    if n.recipient not in RECIPIENTS_OF_ROLE.get(role or "", frozenset()):
        return False
    return village_in_scope(role, area, n.village_code)


def guard_ack(state: Any, draft: Draft) -> None:
    day = _act(state, draft)
    p = draft.payload
    n = day.notices.get(p["notice_id"])
    if n is None or n.village_code != p["village_code"]:
        raise Refused("posko.day.error.no_notice", 404, id=p["notice_id"])
    if not draft.by.is_system and not may_read_notice(draft.by.role, draft.by.area, n):
        raise Refused("posko.error.out_of_scope", 403)
    _ok(acknowledge(n, Person.model_validate(p["by"]), datetime.fromisoformat(p["at"])))


def guard_alert(state: Any, draft: Draft) -> None:
    day = day_of(state)
    p = draft.payload
    if p["incident_id"] not in day.incidents:
        raise Refused("posko.day.error.no_incident", 404, id=p["incident_id"])
    last = day.alerts.get(p["incident_id"])
    if last is not None and last["since"] == p["since"] and last["tier"] >= p["tier"]:
        raise Refused("posko.day.error.duplicate", 409, id=p["incident_id"])


def guard_sitrep(state: Any, draft: Draft) -> None:
    day = day_of(state)
    _who(draft)
    if draft.payload["id"] in day.sitreps:
        raise Refused("posko.day.error.duplicate", 409, id=draft.payload["id"])


def guard_sitrep_ready(state: Any, draft: Draft) -> None:
    if draft.payload["id"] not in day_of(state).sitreps:
        raise Refused("posko.day.error.no_sitrep", 404, id=draft.payload["id"])


def guard_clock(state: Any, draft: Draft) -> None:
    if not day_of(state).exercise:
        raise Refused("posko.day.error.clock_live", 409)


# --- subjects: scoping of the live stream and its summaries ------------------------------------


def _subject(*keys: str, village: str = "village_code") -> Any:
    def subject(p: dict[str, Any]) -> dict[str, str | None]:
        out: dict[str, str | None] = {"village": p.get(village)}
        for k in keys:
            v = p.get(k)
            out[k] = None if v is None else str(v)
        return out

    return subject


def _report_subject(p: dict[str, Any]) -> dict[str, str | None]:
    r = p.get("report") if "report" in p and "village_code" not in p else p
    if not r:
        return {"village": None}
    return {"village": r.get("village_code"), "report": r.get("id"), "kind": r.get("kind")}


def _unit_subject(p: dict[str, Any]) -> dict[str, str | None]:
    return {
        "village": p.get("village_code"),
        "unit": p.get("unit"),
        "status": p.get("state"),
        "incident_id": p.get("incident_id"),
    }


TYPES = (
    EventType("report.received", FieldReport, Perm.REPORT, guard_report, _report_subject),
    EventType("intake.text", IntakeText, Perm.INTAKE, guard_intake, _report_subject),
    EventType("report.reviewed", ReportReviewed, Perm.REVIEW, guard_review, _subject("report_id")),
    EventType(
        "report.linked", ReportLinked, Perm.INCIDENT_ACT, guard_link, _subject("incident_id")
    ),
    EventType("incident.opened", IncidentOpened, Perm.INCIDENT_OPEN, guard_open, _subject("id")),
    EventType(
        "incident.transition",
        IncidentStep,
        Perm.INCIDENT_ACT,
        guard_step,
        _subject("incident_id", "action"),
    ),
    EventType(
        "situation.decided",
        SituationDecided,
        Perm.LEVEL,
        guard_decision,
        _subject("to", "incident_id"),
    ),
    EventType("situation.handover", SituationHandover, Perm.LEVEL, guard_decision, _subject("to")),
    EventType(
        "dispatch.sent", DispatchSent, Perm.DISPATCH, guard_dispatch, _subject("incident_id")
    ),
    EventType("unit.updated", UnitStatus, Perm.UNIT, guard_unit, _unit_subject),
    EventType(
        "perbantuan.requested",
        PerbantuanRequested,
        Perm.PERBANTUAN_REQUEST,
        guard_perbantuan,
        _subject("id", "incident_id"),
    ),
    EventType(
        "perbantuan.decided",
        PerbantuanDecided,
        Perm.PERBANTUAN_DECIDE,
        guard_perbantuan,
        _subject("request_id", "approve"),
    ),
    EventType(
        "perbantuan.deployed",
        PerbantuanDeployed,
        Perm.PERBANTUAN_DECIDE,
        guard_perbantuan,
        _subject("request_id", "unit"),
    ),
    EventType(
        "mediation.recorded", MediationRecorded, Perm.MEDIATION, guard_mediation, _subject("id")
    ),
    EventType(
        "notice.acknowledged", NoticeAcknowledged, Perm.NOTICE_ACK, guard_ack, _subject("notice_id")
    ),
    EventType("alert.overdue", AlertOverdue, None, guard_alert, _subject("incident_id", "tier")),
    EventType(
        "sitrep.requested",
        SitrepRequested,
        Perm.SITREP,
        guard_sitrep,
        _subject("id", "kind", village="-"),
    ),
    EventType("sitrep.ready", SitrepReady, None, guard_sitrep_ready, _subject("id", village="-")),
    EventType("clock.set", ClockSet, None, guard_clock, _subject("speed", village="-")),
)

# Election day takes over the core level command: the scenario's full authority matrix.
OVERRIDES: dict[str, dict[str, Any]] = {"village.level_set": {"guard": guard_core_level}}
