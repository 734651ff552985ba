"""Jenis kejadian latihan (the drill's event types) and their guards.

============================  =================================================  ================
type                          what                                               permission
============================  =================================================  ================
``drill.loaded``              the drill package (MSEL, EEGs) into the exercise   (server, via the
                                                                                 controller's page)
``drill.clock``               start / pause / resume / speed ×N / end            ``drill.control``
``drill.inject_delivered``    an inject delivered (schedule, hand; unscripted)   ``drill.control``
``drill.review_set``          the evaluator's rating P/S/M/U, notes, action      ``drill.evaluate``
``drill.observed``            a task seen done (by the evaluator, with its time) ``drill.evaluate``
``drill.improvement_set``     an Improvement Plan item edited (until closed)     ``drill.improve``
``drill.anev_ready``          the Anev rendered (file names, SHA-256)            (server)
============================  =================================================  ================

Every guard refuses a live operation: a drill exists only in an operation loaded as an exercise.
Scheduled deliveries are the server's (``by = schedule`` only from the system principal).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sispam.domain import Agency, PoskoRole
from sispam.domain.doctrine import ACTOR_AGENCY
from sispam.domain.exercise import Exercise, ImprovementStatus, Inject, Rating
from sispam.latihan.eeg import TASKS
from sispam.posko.drill.times import local
from sispam.posko.drill.views import Drill
from sispam.posko.events import Draft, EventType, Refused
from sispam.posko.permissions import declare


class Perm:
    """The drill's permissions (declared on the Posko's role table below)."""

    CONTROL = "drill.control"  # the controller: load, clock, injects
    EVALUATE = "drill.evaluate"  # the evaluator: reviews and observations
    REPORT = "drill.report"  # render and read the Anev
    IMPROVE = "drill.improve"  # edit the Improvement Plan (TNI, Pemkab: their own items)


declare(Perm.CONTROL, PoskoRole.CONTROLLER)
declare(Perm.EVALUATE, PoskoRole.EVALUATOR)
declare(Perm.REPORT, PoskoRole.EVALUATOR, PoskoRole.CONTROLLER, PoskoRole.KAPOLRES)
declare(
    Perm.IMPROVE,
    PoskoRole.EVALUATOR,
    PoskoRole.CONTROLLER,
    PoskoRole.KAPOLRES,
    PoskoRole.TNI,
    PoskoRole.PEMKAB,
)

FUTURE = timedelta(minutes=1)  # an observation's time may be this much ahead of the server's


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DrillLoaded(_Payload):
    exercise: dict[str, Any]
    source: str = Field(default="", max_length=500)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


ClockAction = Literal["start", "pause", "resume", "speed", "end"]


class DrillClock(_Payload):
    action: ClockAction
    speed: float | None = Field(default=None, gt=0, le=60)


class InjectDelivered(_Payload):
    number: int = Field(ge=1)
    by: Literal["schedule", "hand"] = "hand"
    unscripted: dict[str, Any] | None = None


class ReviewSet(_Payload):
    task_id: str = Field(min_length=1, max_length=64)
    rating: Rating | None = None
    notes: str = Field(default="", max_length=4000)
    improvement: str = Field(default="", max_length=2000)
    owner: Agency | None = None
    due: date | None = None


class Observed(_Payload):
    task_id: str = Field(min_length=1, max_length=64)
    at: datetime | None = Field(default=None, description="Local wall time; default: now")
    note: str = Field(default="", max_length=2000)


class ImprovementSet(_Payload):
    task_id: str = Field(min_length=1, max_length=64)
    action: str | None = Field(default=None, max_length=2000)
    owner: Agency | None = None
    due: date | None = None
    status: ImprovementStatus | None = None


class AnevFile(_Payload):
    name: str
    sha256: str
    size: int = Field(ge=0)


class AnevReady(_Payload):
    job: int = Field(ge=0)
    lang: Literal["id", "en"] = "id"
    files: tuple[AnevFile, ...] = ()
    error: str = Field(default="", max_length=2000)


# --- guards ------------------------------------------------------------------------------------


def drill_of(state: Any) -> Drill:
    """The drill view of an exercise operation (a live operation has none)."""
    drill: Drill = state.view("drill")
    if not drill.exercise_op:
        raise Refused("latihan.posko.error.live", 409)
    return drill


def loaded_drill(state: Any) -> Drill:
    drill = drill_of(state)
    if drill.exercise is None:
        raise Refused("latihan.posko.error.no_drill", 409)
    return drill


def _now(drill: Drill) -> datetime:
    return local(datetime.now(UTC), drill.offset)


def _village(state: Any, code: str) -> None:
    if code not in state.view("board").villages:
        raise Refused("posko.error.no_village", 404, village=code)


def _unit(state: Any, name: str) -> None:
    if name and name not in state.view("units").units:
        raise Refused("posko.error.no_unit", 404, unit=name)


def _task(drill: Drill, task_id: str) -> Any:
    assert drill.exercise is not None
    task = next((x for x in drill.exercise.tasks() if x.id == task_id), None)
    if task is None:
        raise Refused("latihan.posko.error.unknown_task", 404, task=task_id)
    return task


def guard_loaded(state: Any, draft: Draft) -> None:
    """A package fits the operation: its scenario, village and units; not once play began."""
    drill = drill_of(state)
    if drill.started:
        raise Refused("latihan.posko.error.running", 409)
    try:
        exercise = Exercise.model_validate(draft.payload["exercise"])
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        detail = f"{where}: {first['msg']}"
        raise Refused("latihan.posko.error.bad_package", 422, detail=detail) from None
    name = state.view("operation").scenario.get("name")
    if exercise.scenario_name != name:
        raise Refused(
            "latihan.plan.other_scenario", 422, plan=exercise.scenario_name, name=name or "-"
        )
    _village(state, exercise.village_code)
    for inject in exercise.injects:
        _village(state, inject.village_code)
        _unit(state, inject.unit)
    for task in exercise.tasks():
        _unit(state, task.unit)


def guard_clock(state: Any, draft: Draft) -> None:
    """The controller's clock moves as :class:`sispam.latihan.ExerciseClock` allows."""
    drill = loaded_drill(state)
    action, speed = draft.payload["action"], draft.payload.get("speed")
    phase = drill.clock().state(_now(drill))
    if action == "start":
        if phase != "not_started":
            raise Refused("latihan.clock.already_started", 409)
        return
    if phase in ("not_started", "ended"):
        raise Refused(f"latihan.clock.{phase}", 409)
    if action == "pause" and phase == "paused":
        raise Refused("latihan.clock.already_paused", 409)
    if action == "resume" and phase == "running":
        raise Refused("latihan.clock.already_running", 409)
    if action == "speed" and speed is None:
        raise Refused("latihan.clock.bad_speed", 422, speed="-")


def guard_delivered(state: Any, draft: Draft) -> None:
    """Once each, while the drill runs (by hand also while paused); the schedule is the server's."""
    drill = loaded_drill(state)
    p = draft.payload
    phase = drill.clock().state(_now(drill))
    if p["by"] == "schedule" and not draft.by.is_system:
        raise Refused("posko.error.forbidden", 403)
    if phase in ("not_started", "ended"):
        raise Refused(f"latihan.clock.{phase}", 409)
    if p["by"] == "schedule" and phase != "running":
        raise Refused("latihan.clock.already_paused", 409)
    if p["number"] in drill.delivered:
        raise Refused("latihan.posko.error.delivered", 409, number=p["number"])
    if p.get("unscripted") is None:
        assert drill.exercise is not None
        if drill.exercise.inject(p["number"]) is None:
            raise Refused("latihan.posko.error.unknown_inject", 404, number=p["number"])
        return
    try:
        inject = Inject.model_validate(p["unscripted"])
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        detail = f"{where}: {first['msg']}"
        raise Refused("latihan.posko.error.bad_inject", 422, detail=detail) from None
    spec = TASKS.get(inject.task)
    if spec is None or spec.capability != inject.capability:
        raise Refused("latihan.posko.error.unknown_task", 404, task=inject.task)
    if not inject.unscripted or inject.number != p["number"]:
        raise Refused("latihan.posko.error.bad_inject", 422, detail="unscripted")
    if inject.number != drill.next_number():
        raise Refused("latihan.posko.error.delivered", 409, number=inject.number)
    _village(state, inject.village_code)
    _unit(state, inject.unit)


def guard_review(state: Any, draft: Draft) -> None:
    _task(loaded_drill(state), draft.payload["task_id"])


def guard_observed(state: Any, draft: Draft) -> None:
    """A task seen done, at a time between the drill's start and now."""
    drill = loaded_drill(state)
    _task(drill, draft.payload["task_id"])
    if not drill.started:
        raise Refused("latihan.clock.not_started", 409)
    at = draft.payload.get("at")
    if at:
        when = datetime.fromisoformat(at)
        if when > _now(drill) + FUTURE:
            raise Refused("latihan.posko.error.future", 422, at=when.strftime("%H:%M"))
        if when < drill.clock_events[0].time:
            raise Refused("latihan.posko.error.before_start", 422, at=when.strftime("%H:%M"))


def owner_of(drill: Drill, task_id: str) -> str:
    """The agency that owns a task's improvement item: as edited, else the evaluator's, else the
    task's actor's (:data:`sispam.domain.doctrine.ACTOR_AGENCY`)."""
    item = drill.improvements.get(task_id, {})
    review = drill.reviews.get(task_id)
    if item.get("owner"):
        return str(item["owner"])
    if review is not None and review.owner is not None:
        return review.owner.value
    return ACTOR_AGENCY[_task(drill, task_id).actor].value


def guard_improvement(state: Any, draft: Draft) -> None:
    """An item stays editable until it is closed; TNI and Pemkab edit their own items only (and
    cannot hand them to another agency)."""
    drill = loaded_drill(state)
    p, by = draft.payload, draft.by
    _task(drill, p["task_id"])
    if drill.improvements.get(p["task_id"], {}).get("status") == "closed":
        raise Refused("latihan.posko.error.closed_item", 409)
    scoped = by.role in (PoskoRole.TNI, PoskoRole.PEMKAB)
    if scoped and (
        owner_of(drill, p["task_id"]) != by.agency or p.get("owner") not in (None, by.agency)
    ):
        raise Refused("posko.error.out_of_scope", 403)


def guard_anev(state: Any, draft: Draft) -> None:
    loaded_drill(state)


def _drill_subject(p: dict[str, Any]) -> dict[str, str | None]:
    return {"village": None, "task": p.get("task_id"), "action": p.get("action")}


def _inject_subject(p: dict[str, Any]) -> dict[str, str | None]:
    village = (p.get("unscripted") or {}).get("village_code")
    return {"village": village, "inject": str(p["number"])}


TYPES = (
    EventType("drill.loaded", DrillLoaded, None, guard_loaded, _drill_subject),
    EventType("drill.clock", DrillClock, Perm.CONTROL, guard_clock, _drill_subject),
    EventType(
        "drill.inject_delivered", InjectDelivered, Perm.CONTROL, guard_delivered, _inject_subject
    ),
    EventType("drill.review_set", ReviewSet, Perm.EVALUATE, guard_review, _drill_subject),
    EventType("drill.observed", Observed, Perm.EVALUATE, guard_observed, _drill_subject),
    EventType(
        "drill.improvement_set", ImprovementSet, Perm.IMPROVE, guard_improvement, _drill_subject
    ),
    EventType("drill.anev_ready", AnevReady, None, guard_anev, _drill_subject),
)
