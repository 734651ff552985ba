"""Rekaman latihan dari log (the exercise record from the log): the Posko's events as the
:class:`~sispam.domain.exercise.ExerciseEvent` rows that :mod:`sispam.latihan`'s evaluation,
calibration and Anev read — the same record a tabletop recorder writes by hand.

Play is what the players did (any account but the controller's, the evaluator's and the server's):

==========================================  ====================================================
Posko event                                 exercise record
==========================================  ====================================================
``village.level_set``, ``situation.decided``  ``level_raised`` / ``level_lowered`` (level, command)
``report.received`` (an incident report),   ``report_received`` — the Posko took the report in
``intake.text`` with one, ``incident.opened``,
``report.reviewed`` (accepted)
``report.received`` (TPS status)            ``message`` tagged with the TPS task of the level
``dispatch.sent``                           ``dispatched`` per element (unit, reserve role)
``perbantuan.deployed``                     ``dispatched`` (``tni_support``)
``unit.updated``, ``unit.status_set``        ``arrived`` when on scene (``tiba``); ``dispatched``
                                            when set moving without a dispatch — in the reserve
                                            role the level at the village calls for among the
                                            plan's roles of the unit
``incident.transition``                     ``contained`` (contain); ``decision`` (verify,
                                            respond) with the actor's command level
``situation.handover``                      ``decision`` with the command that takes control
``perbantuan.requested``                    ``decision`` tagged ``merah_request_tni``
``perbantuan.decided``                      ``decision``
``mediation.recorded``                      ``decision`` tagged with the mediation task of the
                                            level (kuning, merah, recovery)
``note.added``                              ``message`` (a player's), ``note`` (others')
==========================================  ====================================================

The controller's events become the record's clock and deliveries (``drill.clock``,
``drill.inject_delivered``); an evaluator's ``drill.observed`` is a ``decision`` tagged with the
task seen done, at the time the evaluator gives. Times are the log's (sealed by the server, the
exercise's local time); an inject's own Posko inputs are the controller's, never play.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sispam.domain import SituationLevel
from sispam.domain.doctrine import LEVEL_RESPONDER, ROLE_COMMAND
from sispam.domain.enums import CommandLevel, PoskoRole, ReserveRole
from sispam.domain.exercise import EventKind, ExerciseEvent
from sispam.posko.drill.times import local
from sispam.posko.drill.views import CLOCK_KIND
from sispam.posko.events import Event

NOT_PLAYERS = frozenset({PoskoRole.CONTROLLER.value, PoskoRole.EVALUATOR.value, None})
INCIDENT_REPORT = "incident"


class _Fold:
    """The state the mapping needs as it walks the log: levels, reports, units' reserve roles."""

    def __init__(self, offset: int, village: str, roles: Mapping[str, Iterable[str]]) -> None:
        self.offset = offset
        self.village = village
        self.plan_roles = {unit: frozenset(r) for unit, r in roles.items()}
        self.levels: dict[str, SituationLevel] = {}
        self.report_kind: dict[str, str] = {}
        self.sent: dict[str, str] = {}  # unit or element → the reserve role it was sent as
        self.contained = False
        self.out: list[ExerciseEvent] = []

    def add(self, ev: Event, kind: EventKind, when: datetime | None = None, **fields: Any) -> None:
        agency = ev.agency if ev.agency in ("polri", "tni", "pemkab") else None
        fields.setdefault("actor", ev.actor)
        self.out.append(
            ExerciseEvent(
                seq=ev.seq,
                time=when or local(ev.ts, self.offset),
                kind=kind,
                agency=agency,
                **{k: v for k, v in fields.items() if v not in (None, "")},
            )
        )

    def level(self, ev: Event, village: str, to: str, command: str | None, actor: str) -> None:
        before = self.levels.get(village, SituationLevel.HIJAU)
        new = SituationLevel(to)
        self.levels[village] = new
        if new.rank == before.rank:
            return
        kind = EventKind.LEVEL_RAISED if new.rank > before.rank else EventKind.LEVEL_LOWERED
        self.add(ev, kind, village=village, level=new, command=command, actor=actor)

    def role_of(self, unit: str, element: str | None, village: str | None) -> str | None:
        """The reserve role a unit moves in: as dispatched, else the one the level at the
        village calls for (:data:`~sispam.domain.doctrine.LEVEL_RESPONDER`; TNI's is TNI
        support) among the roles the plan holds it for, else its only one."""
        sent = self.sent.get(element or "") or self.sent.get(unit)
        if sent:
            return sent
        roles = self.plan_roles.get(unit, frozenset())
        if ReserveRole.TNI_SUPPORT.value in roles:
            return ReserveRole.TNI_SUPPORT.value
        level = self.levels.get(village or self.village, SituationLevel.HIJAU)
        wanted = LEVEL_RESPONDER[level].value
        if wanted in roles:
            return wanted
        return next(iter(roles)) if len(roles) == 1 else None


def _command(person: Mapping[str, Any] | None, role: str | None) -> str | None:
    if person and person.get("command"):
        return str(person["command"])
    role = (person or {}).get("role") or role
    level = ROLE_COMMAND.get(PoskoRole(role)) if role in PoskoRole.__members__.values() else None
    return level.value if level is not None else None


def _mediation_task(fold: _Fold, village: str) -> str:
    level = fold.levels.get(village, SituationLevel.HIJAU)
    if level is SituationLevel.MERAH:
        return "merah_mediate"
    if level is SituationLevel.HIJAU and fold.contained:
        return "recovery_settle"
    return "kuning_mediate"


def _drill(fold: _Fold, ev: Event) -> None:
    """The controller's and the evaluator's own events."""
    p = ev.payload
    if ev.type == "drill.clock":
        fold.add(ev, CLOCK_KIND[p["action"]], speed=p.get("speed"))
    elif ev.type == "drill.inject_delivered":
        extra: dict[str, Any] = {"by": p["by"]}
        if p.get("unscripted"):
            extra["unscripted"] = p["unscripted"]
        fold.add(ev, EventKind.INJECT_DELIVERED, inject=p["number"], payload=extra)
    elif ev.type == "drill.observed":
        when = datetime.fromisoformat(p["at"]) if p.get("at") else None
        fold.add(ev, EventKind.DECISION, when, task=p["task_id"], text=p.get("note", ""))


def _play(fold: _Fold, ev: Event) -> None:  # noqa: C901  (one branch per event type, as tabled)
    p, t = ev.payload, ev.type
    if t == "village.level_set":
        fold.level(ev, p["village"], p["level"], _command(None, ev.role), ev.actor)
    elif t == "situation.decided":
        by = p.get("by") or {}
        fold.level(ev, p["village_code"], p["to"], _command(by, ev.role), by.get("name", ev.actor))
    elif t in ("report.received", "intake.text"):
        report = p if t == "report.received" else p.get("report")
        if not report:
            return
        fold.report_kind[report["id"]] = report["kind"]
        village = report["village_code"]
        if report["kind"] == INCIDENT_REPORT:
            fold.add(ev, EventKind.REPORT_RECEIVED, village=village, text=report.get("note", ""))
        else:
            level = fold.levels.get(village, SituationLevel.HIJAU)
            task = "kuning_tps" if level.rank >= SituationLevel.KUNING.rank else "hijau_tps"
            fold.add(ev, EventKind.MESSAGE, village=village, task=task, text=report.get("status"))
    elif t == "report.reviewed":
        if p.get("accept", True) and fold.report_kind.get(p["report_id"]) == INCIDENT_REPORT:
            fold.add(ev, EventKind.REPORT_RECEIVED, village=p["village_code"])
    elif t == "incident.opened":
        fold.add(ev, EventKind.REPORT_RECEIVED, village=p["village_code"], text=p["description"])
    elif t == "incident.transition":
        action, village = p["action"], p["village_code"]
        if action == "contain":
            fold.contained = True
            fold.add(ev, EventKind.CONTAINED, village=village, text=p.get("note", ""))
        elif action in ("verify", "respond"):
            command = _command(p.get("by"), ev.role)
            fold.add(ev, EventKind.DECISION, village=village, command=command, text=action)
    elif t == "situation.handover":
        fold.add(ev, EventKind.DECISION, village=p["village_code"], command=p["to"])
    elif t == "dispatch.sent":
        for d in p["dispatches"]:
            fold.sent[d["element"]] = fold.sent[d["unit"]] = d["role"]
            fold.add(
                ev, EventKind.DISPATCHED, village=d["village_code"], unit=d["unit"], role=d["role"]
            )
    elif t == "perbantuan.deployed":
        fold.sent[p["unit"]] = "tni_support"
        fold.add(
            ev, EventKind.DISPATCHED, village=p["village_code"], unit=p["unit"], role="tni_support"
        )
    elif t == "perbantuan.requested":
        fold.add(
            ev,
            EventKind.DECISION,
            village=p["village_code"],
            task="merah_request_tni",
            command=_command(p.get("by"), ev.role),
            text=p.get("reason", ""),
        )
    elif t == "perbantuan.decided":
        fold.add(ev, EventKind.DECISION, village=p["village_code"], text=p.get("legal_basis", ""))
    elif t == "mediation.recorded":
        village = p["village_code"]
        fold.add(
            ev,
            EventKind.DECISION,
            village=village,
            task=_mediation_task(fold, village),
            text=p.get("outcome", ""),
        )
    elif t in ("unit.updated", "unit.status_set"):
        _unit(fold, ev)
    elif t == "note.added":
        fold.add(ev, EventKind.MESSAGE, village=p.get("village"), text=p["text"])


def _unit(fold: _Fold, ev: Event) -> None:
    p = ev.payload
    state = p.get("state") or p.get("status")
    village = p.get("village_code") or p.get("village")
    unit, element = p["unit"], p.get("element")
    role = fold.role_of(unit, element, village)
    if state == "tiba":
        fold.add(ev, EventKind.ARRIVED, village=village, unit=unit, role=role)
    elif state == "bergerak" and not (fold.sent.get(element or "") or fold.sent.get(unit)):
        if role:  # moving without a dispatch: it was sent in this role
            fold.sent[element or unit] = role
        fold.add(ev, EventKind.DISPATCHED, village=village, unit=unit, role=role)
    elif state in ("selesai", "siaga"):  # released: its next trip may be in another role
        fold.sent.pop(element or "", None)
        fold.sent.pop(unit, None)


def exercise_record(
    events: Iterable[Event],
    *,
    village: str,
    offset_min: int = 420,
    reserve_roles: Mapping[str, Iterable[str]] | None = None,
) -> tuple[ExerciseEvent, ...]:
    """The exercise record of an operation's events (in log order). ``reserve_roles``: the
    plan's reserve roles per unit, for a unit moved without a dispatch that names its role."""
    fold = _Fold(offset_min, village, reserve_roles or {})
    for ev in events:
        if ev.type.startswith("drill."):
            _drill(fold, ev)
        elif ev.role not in NOT_PLAYERS:
            _play(fold, ev)
        elif ev.type == "report.received":  # an inject's report: not play, but players review it
            fold.report_kind[ev.payload["id"]] = ev.payload["kind"]
        elif ev.type == "note.added":
            fold.add(ev, EventKind.NOTE, village=ev.payload.get("village"), text=ev.payload["text"])
    return tuple(fold.out)


def command_of(role: str | None) -> CommandLevel | None:
    """The command level a Posko role acts at (for the screens)."""
    return ROLE_COMMAND.get(PoskoRole(role)) if role in PoskoRole.__members__.values() else None
