"""Kendali latihan (exercise control) as pure functions the Posko calls: the controller's clock,
which injects are due, delivering them (on schedule, by hand, unscripted) and what each one
becomes as a Posko input.

**The clock.** The MSEL's ``real_time`` is the drill's own time axis at ×1 ("drill time"). The
controller starts the clock, pauses, resumes and compresses time (×N): :class:`ExerciseClock` maps
wall time to drill time piecewise, and an inject is due once drill time reaches its ``real_time``.
The clock is a value: every change returns a new clock, and :func:`clock_from_events` rebuilds it
from the record's control events, so the Posko keeps no state beside its log.

**Posko inputs.** :func:`posko_input` turns a delivered inject into a :class:`PoskoInput` — a
field report, an incident or a message, marked as an exercise and prefixed ``LATIHAN``. It is an
intermediate form on purpose: the election-day objects (``sispam.domain.incident``) are being
written alongside; the Posko's wiring maps this form onto them (field by field, see the class).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field

from sispam.domain.base import DomainModel
from sispam.domain.enums import SituationLevel
from sispam.domain.exercise import (
    EventKind,
    ExerciseEvent,
    Inject,
    InjectKind,
    InjectMethod,
    StoryStep,
)
from sispam.i18n import t
from sispam.latihan.eeg import TASKS
from sispam.latihan.settings import LatihanError

ClockState = Literal["not_started", "running", "paused", "ended"]


class ClockSegment(DomainModel):
    """From wall time ``wall`` on, drill time runs from ``drill`` at ``speed`` (or stands still)."""

    wall: datetime
    drill: datetime
    speed: float = Field(gt=0, le=60)
    running: bool


class ExerciseClock(DomainModel):
    """Jam pengendali (the controller's clock). Empty = not started."""

    segments: tuple[ClockSegment, ...] = ()
    ended: datetime | None = None

    # --- reading -------------------------------------------------------------------------
    def state(self, wall: datetime) -> ClockState:
        if not self.segments or wall < self.segments[0].wall:
            return "not_started"
        if self.ended is not None and wall >= self.ended:
            return "ended"
        return "running" if self._segment(wall).running else "paused"

    def _segment(self, wall: datetime) -> ClockSegment:
        current = self.segments[0]
        for seg in self.segments:
            if seg.wall <= wall:
                current = seg
        return current

    def drill_time(self, wall: datetime) -> datetime | None:
        """Drill time at ``wall`` (None before the start; frozen after the end)."""
        if not self.segments or wall < self.segments[0].wall:
            return None
        if self.ended is not None and wall > self.ended:
            wall = self.ended
        seg = self._segment(wall)
        if not seg.running:
            return seg.drill
        return seg.drill + (wall - seg.wall) * seg.speed

    def speed(self, wall: datetime) -> float:
        return self._segment(wall).speed if self.segments else 1.0

    def wall_time(self, drill: datetime, now: datetime) -> datetime | None:
        """When (wall time) the clock reaches ``drill`` if nothing changes after ``now``; None
        while paused, before the start or after the end. A past drill time gives ``now``."""
        if self.state(now) != "running":
            return None
        current = self.drill_time(now)
        assert current is not None
        if drill <= current:
            return now
        return now + (drill - current) / self.speed(now)

    def drill_minutes(self, a: datetime, b: datetime) -> float:
        """Drill minutes between wall times ``a`` and ``b`` (pauses excluded, compression undone
        — i.e. what the time would be at ×1); 0 if either is before the start."""
        da, db = self.drill_time(a), self.drill_time(b)
        if da is None or db is None:
            return (b - a).total_seconds() / 60.0
        return (db - da).total_seconds() / 60.0

    def compressed(self, a: datetime, b: datetime) -> bool:
        """Whether the clock ran faster than ×1 at any moment between wall times ``a`` and ``b``."""
        lo, hi = min(a, b), max(a, b)
        spans = list(self.segments)
        for i, seg in enumerate(spans):
            end = spans[i + 1].wall if i + 1 < len(spans) else None
            overlaps = seg.wall < hi and (end is None or end > lo)
            if overlaps and seg.running and seg.speed > 1.0:
                return True
        return False

    def speeds(self) -> tuple[float, ...]:
        return tuple(sorted({s.speed for s in self.segments if s.running})) or (1.0,)

    # --- changing (each returns a new clock) ---------------------------------------------
    def start(self, wall: datetime, drill_start: datetime, speed: float = 1.0) -> ExerciseClock:
        if self.segments:
            raise LatihanError(t("latihan.clock.already_started"))
        seg = ClockSegment(wall=wall, drill=drill_start, speed=speed, running=True)
        return ExerciseClock(segments=(seg,))

    def _append(self, wall: datetime, running: bool, speed: float | None = None) -> ExerciseClock:
        state = self.state(wall)
        if state in ("not_started", "ended"):
            raise LatihanError(t(f"latihan.clock.{state}"))
        if self.segments and wall < self.segments[-1].wall:
            raise LatihanError(t("latihan.clock.backwards"))
        drill = self.drill_time(wall)
        assert drill is not None
        seg = ClockSegment(wall=wall, drill=drill, speed=speed or self.speed(wall), running=running)
        return ExerciseClock(segments=(*self.segments, seg), ended=self.ended)

    def pause(self, wall: datetime) -> ExerciseClock:
        if self.state(wall) == "paused":
            raise LatihanError(t("latihan.clock.already_paused"))
        return self._append(wall, running=False)

    def resume(self, wall: datetime) -> ExerciseClock:
        if self.state(wall) == "running":
            raise LatihanError(t("latihan.clock.already_running"))
        return self._append(wall, running=True)

    def set_speed(self, wall: datetime, speed: float) -> ExerciseClock:
        if not 0 < speed <= 60:
            raise LatihanError(t("latihan.clock.bad_speed", speed=speed))
        return self._append(wall, running=self.state(wall) == "running", speed=speed)

    def end(self, wall: datetime) -> ExerciseClock:
        if self.state(wall) in ("not_started", "ended"):
            raise LatihanError(t(f"latihan.clock.{self.state(wall)}"))
        return ExerciseClock(segments=self.segments, ended=wall)


def clock_from_events(events: Iterable[ExerciseEvent], drill_start: datetime) -> ExerciseClock:
    """The clock as the record's control events left it (``exercise_started`` sets drill time to
    ``drill_start``; ``speed`` on a start or ``speed_changed`` event sets the compression)."""
    clock = ExerciseClock()
    for e in sorted(events, key=lambda e: e.time):
        if e.kind is EventKind.EXERCISE_STARTED:
            clock = clock.start(e.time, drill_start, e.speed or 1.0)
        elif e.kind is EventKind.EXERCISE_PAUSED:
            clock = clock.pause(e.time)
        elif e.kind is EventKind.EXERCISE_RESUMED:
            clock = clock.resume(e.time)
        elif e.kind is EventKind.SPEED_CHANGED and e.speed:
            clock = clock.set_speed(e.time, e.speed)
        elif e.kind is EventKind.EXERCISE_ENDED:
            clock = clock.end(e.time)
    return clock


# --- the schedule -------------------------------------------------------------------------------


def due(
    injects: Sequence[Inject], clock: ExerciseClock, wall: datetime, delivered: Collection[int]
) -> tuple[Inject, ...]:
    """Scripted injects whose time has come and that are not yet delivered, in MSEL order."""
    now = clock.drill_time(wall)
    if now is None:
        return ()
    ready = [
        i for i in injects if not i.unscripted and i.number not in delivered and i.real_time <= now
    ]
    return tuple(sorted(ready, key=lambda i: (i.real_time, i.number)))


def upcoming(
    injects: Sequence[Inject], clock: ExerciseClock, wall: datetime, delivered: Collection[int]
) -> tuple[tuple[Inject, datetime | None], ...]:
    """Injects still to deliver with the wall time each falls due (None while paused)."""
    rest = sorted(
        (i for i in injects if i.number not in delivered and not i.unscripted),
        key=lambda i: (i.real_time, i.number),
    )
    return tuple((i, clock.wall_time(i.real_time, wall)) for i in rest)


def deliver(
    inject: Inject,
    wall: datetime,
    *,
    by: Literal["schedule", "hand"] = "schedule",
    actor: str = "controller",
) -> ExerciseEvent:
    """The event that records an inject's delivery (the Posko appends it to its log)."""
    payload: dict[str, object] = {"by": by}
    if inject.unscripted:
        payload["unscripted"] = inject.model_dump(mode="json")
    return ExerciseEvent(
        time=wall,
        kind=EventKind.INJECT_DELIVERED,
        actor=actor,
        village=inject.village_code,
        unit=inject.unit,
        level=inject.level,
        inject=inject.number,
        task=inject.task,
        text=inject.message,
        payload=payload,
    )


def unscripted_inject(
    injects: Sequence[Inject],
    *,
    drill_time: datetime,
    scenario_time: datetime,
    step: StoryStep,
    sender: str,
    recipient: str,
    method: InjectMethod,
    message: str,
    unit: str,
    task: str,
    village_code: str,
    kind: InjectKind = InjectKind.MESSAGE,
    level: SituationLevel | None = None,
    crowd: int | None = None,
    target_min: float | None = None,
    expected_action: str = "",
) -> Inject:
    """A controller's inject outside the script, numbered after the last one (HSEEP: an
    unscripted inject is recorded like any other, marked as such)."""
    spec = TASKS.get(task)
    if spec is None:
        raise LatihanError(t("latihan.msel.unknown_task", task=task))
    return Inject(
        number=max((i.number for i in injects), default=0) + 1,
        scenario_time=scenario_time,
        real_time=drill_time,
        step=step,
        sender=sender,
        recipient=recipient,
        method=method,
        message=message,
        expected_action=expected_action,
        unit=unit,
        capability=spec.capability,
        task=task,
        target_min=target_min,
        village_code=village_code,
        kind=kind,
        level=level,
        crowd=crowd,
        unscripted=True,
    )


# --- what an inject becomes in the Posko -------------------------------------------------------------

IncidentCategory = Literal["result_dispute", "blockade", "crowd", "clash", "damage", "other"]
TpsStatus = Literal["opened", "counting", "counted"]
"""Names as the election-day vocabulary (``sispam.domain.incident``, being written) spells them."""


class PoskoInput(DomainModel):
    """An inject as the Posko receives it — through the same path as an election-day input.

    Mapping for the Posko's wiring (to ``sispam.domain.incident`` once it is on main):
    ``field_report`` → a TPS status report (``status``, ``village_code``, reporter = ``sender``);
    ``incident`` → a new incident at ``village_code`` or an update of the open one there
    (``category``, ``crowd``; ``level`` is the situation *reported*, never a declared level — the
    players declare it); ``message`` → a message to ``recipient``. ``exercise`` is always true and
    ``text`` starts with the ``LATIHAN`` mark, so nothing of a drill can pass for a live input.
    """

    exercise: Literal[True] = True
    kind: InjectKind
    inject: int
    village_code: str
    sender: str
    recipient: str
    method: InjectMethod
    text: str
    at: datetime = Field(description="Wall time of delivery")
    scenario_time: datetime
    level: SituationLevel | None = None
    crowd: int | None = None
    category: IncidentCategory | None = None
    status: TpsStatus | None = None


_CATEGORY: dict[SituationLevel | None, IncidentCategory] = {
    SituationLevel.HIJAU: "result_dispute",
    SituationLevel.KUNING: "blockade",
    SituationLevel.MERAH: "clash",
    None: "other",
}
_STATUS: dict[StoryStep, TpsStatus] = {
    StoryStep.PEMUNGUTAN: "opened",
    StoryStep.PENGHITUNGAN: "counting",
}


def posko_input(inject: Inject, wall: datetime, lang: str | None = None) -> PoskoInput:
    """What a delivered inject becomes in the Posko: a field report, an incident or a message."""
    status: TpsStatus | None = None
    if inject.kind is InjectKind.FIELD_REPORT:
        # Scene reports before election day (registration, quiet period) carry no TPS status;
        # the count's result is the status "counted".
        status = _STATUS.get(inject.step)
        if inject.step is StoryStep.PENGHITUNGAN and inject.task != "hijau_tps":
            status = "counted"
    category = _CATEGORY.get(inject.level) if inject.kind is InjectKind.INCIDENT else None
    mark = t("latihan.mark", lang) if lang else t("latihan.mark")
    return PoskoInput(
        kind=inject.kind,
        inject=inject.number,
        village_code=inject.village_code,
        sender=inject.sender,
        recipient=inject.recipient,
        method=inject.method,
        text=f"{mark} — {inject.message}",
        at=wall,
        scenario_time=inject.scenario_time,
        level=inject.level,
        crowd=inject.crowd,
        category=category,
        status=status,
    )


def delivered_numbers(events: Iterable[ExerciseEvent]) -> set[int]:
    """Inject numbers the record shows as delivered."""
    return {e.inject for e in events if e.kind is EventKind.INJECT_DELIVERED and e.inject}


def schedule_at(
    injects: Sequence[Inject], start_wall: datetime, drill_start: datetime, speed: float = 1.0
) -> tuple[tuple[Inject, datetime], ...]:
    """The run sheet for a clock started at ``start_wall`` and run at ``speed`` without pauses:
    each scripted inject with its wall time of delivery."""
    out = []
    for i in sorted(injects, key=lambda i: (i.real_time, i.number)):
        if i.unscripted:
            continue
        out.append((i, start_wall + max(timedelta(0), i.real_time - drill_start) / speed))
    return tuple(out)
