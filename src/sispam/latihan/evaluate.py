"""Evaluasi (evaluation): the exercise record fills each EEG critical task's observation; the
evaluator's review adds the rating (P/S/M/U), notes and corrective action.

Each task is timed by its rule (:data:`sispam.latihan.eeg.RULES`): the first event that starts its
clock and the first event after it that ends it, at the drill's village (an event without a village
counts everywhere, as a tabletop recorder may omit it). Times are drill minutes — pauses excluded,
compression undone — and a compressed interval is flagged.

The **suggested** rating, from the record alone, is: not performed → U; performed within the
target (or with no target) → P; up to 1.5× the target → S; beyond → M. It is a suggestion: the
evaluator's rating, when given, is the one used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import ValidationError

from sispam.domain.doctrine import ACTOR_AGENCY, Capability
from sispam.domain.enums import CommandLevel, ReserveRole, SituationLevel
from sispam.domain.exercise import (
    CLOCK_KINDS,
    CriticalTask,
    EventKind,
    EventRef,
    Exercise,
    ExerciseEvent,
    ImprovementItem,
    Inject,
    Observation,
    Rating,
    Review,
    StoryStep,
    TaskResult,
)
from sispam.i18n import catalogue, t
from sispam.latihan.control import ExerciseClock, clock_from_events
from sispam.latihan.eeg import rule

LATE_S = 1.5
"""Up to this multiple of the target a late task is suggested S, beyond it M."""


def record_injects(exercise: Exercise, events: Iterable[ExerciseEvent]) -> dict[int, Inject]:
    """The MSEL's injects by number, plus the unscripted ones the record carries."""
    out = {i.number: i for i in exercise.injects}
    for e in events:
        raw = e.payload.get("unscripted") if e.kind is EventKind.INJECT_DELIVERED else None
        if isinstance(raw, dict):
            try:
                inject = Inject.model_validate(raw)
            except ValidationError:
                continue
            out.setdefault(inject.number, inject)
    return out


@dataclass(frozen=True)
class Record:
    """The record as the evaluation reads it: events, injects, the clock, the drill's village."""

    exercise: Exercise
    events: tuple[ExerciseEvent, ...]
    injects: dict[int, Inject]
    clock: ExerciseClock

    @classmethod
    def of(cls, exercise: Exercise, events: Sequence[ExerciseEvent]) -> Record:
        ordered = tuple(sorted(events, key=lambda e: e.time))
        return cls(
            exercise=exercise,
            events=ordered,
            injects=record_injects(exercise, ordered),
            clock=clock_from_events(ordered, exercise.start),
        )

    def here(self, e: ExerciseEvent) -> bool:
        return e.village in (None, "", self.exercise.village_code)

    def play(self) -> Iterable[ExerciseEvent]:
        """Players' and controllers' actions at the village (no clock events)."""
        return (e for e in self.events if e.kind not in CLOCK_KINDS and self.here(e))

    def delivered(self) -> Iterable[tuple[ExerciseEvent, Inject]]:
        for e in self.events:
            if e.kind is EventKind.INJECT_DELIVERED and e.inject in self.injects:
                yield e, self.injects[e.inject]

    def scenario_time(self, when: datetime) -> datetime | None:
        """The story's time at wall time ``when``: the last inject delivered by then, advanced
        by the drill minutes since (None before the first inject)."""
        last = None
        for e, inject in self.delivered():
            if e.time <= when:
                last = (e, inject)
        if last is None:
            return None
        e, inject = last
        return inject.scenario_time + timedelta(minutes=self.clock.drill_minutes(e.time, when))

    def first(self, match, after: datetime | None = None) -> ExerciseEvent | None:  # type: ignore[no-untyped-def]
        for e in self.play():
            if (after is None or e.time >= after) and match(e):
                return e
        return None

    # --- anchors (see sispam.latihan.eeg.Rule) --------------------------------------------
    def incident(self) -> ExerciseEvent | None:
        for e, inject in self.delivered():
            if inject.step.rank >= StoryStep.KETIDAKPUASAN.rank and self.here(e):
                return e
        return None

    def find(self, spec: str, task_id: str, after: datetime | None) -> ExerciseEvent | None:
        """The first event matching ``spec`` (a rule's start or end) at or after ``after``."""
        kind, _, arg = spec.partition(":")
        if kind == "incident":
            return self.incident()
        if kind == "report":
            start = self.incident()
            floor = max(filter(None, (after, start.time if start else None)), default=None)
            return self.first(lambda e: e.kind is EventKind.REPORT_RECEIVED, floor)
        if kind == "condition":
            level = SituationLevel(arg)
            for e, inject in self.delivered():
                reached = inject.level is not None and inject.level.rank >= level.rank
                if reached and self.here(e) and (after is None or e.time >= after):
                    return e
            return None
        if kind == "declared":
            level = SituationLevel(arg)
            return self.first(
                lambda e: (
                    e.kind is EventKind.LEVEL_RAISED
                    and e.level is not None
                    and e.level.rank >= level.rank
                ),
                after,
            )
        if kind == "decision":
            return self.first(lambda e: e.task == arg and e.kind is not EventKind.INJECT_DELIVERED)
        if kind == "arrived":
            role = ReserveRole(arg)
            return self.first(lambda e: e.kind is EventKind.ARRIVED and e.role is role, after)
        if kind == "command":
            cmd = CommandLevel(arg)
            return self.first(
                lambda e: (
                    (e.command is cmd and e.kind is not EventKind.INJECT_DELIVERED)
                    or (e.task == task_id and e.kind is not EventKind.INJECT_DELIVERED)
                ),
                after,
            )
        if kind == "contained":
            found = self.first(lambda e: e.kind is EventKind.CONTAINED)
            if found is not None:
                return found
            for e, inject in self.delivered():
                if inject.task == task_id and self.here(e):
                    return e
            return None
        if kind == "lowered":
            return self.first(lambda e: e.kind is EventKind.LEVEL_LOWERED, after)
        if kind == "inject":
            for e, inject in self.delivered():
                if inject.task == task_id and self.here(e):
                    return e
            return None
        if kind == "task":
            return self.first(
                lambda e: (
                    e.task == task_id and e.kind not in (EventKind.INJECT_DELIVERED, EventKind.NOTE)
                ),
                after,
            )
        raise ValueError(spec)


def _ref(e: ExerciseEvent | None) -> EventRef | None:
    if e is None:
        return None
    return EventRef(
        seq=e.seq,
        time=e.time,
        kind=e.kind,
        unit=e.unit,
        level=e.level,
        actor=e.actor,
        inject=e.inject,
    )


def suggest(performed: bool, measured: float | None, target: float | None) -> Rating:
    """The rating the record alone suggests (see the module docstring)."""
    if not performed:
        return Rating.U
    if measured is None or target is None or measured <= target:
        return Rating.P
    return Rating.S if measured <= LATE_S * target else Rating.M


def observe_task(record: Record, task: CriticalTask, lang: str = "id") -> Observation:
    """Fill one critical task's observation from the record (``text`` in ``lang``)."""
    how = rule(task.id)
    start = record.find(how.start, task.id, None)
    end = record.find(how.end, task.id, start.time if start is not None else None)
    measured = compressed = None
    if start is not None and end is not None:
        measured = round(record.clock.drill_minutes(start.time, end.time), 1)
        compressed = record.clock.compressed(start.time, end.time)
    performed = end is not None
    obs = Observation(
        task_id=task.id,
        capability=task.capability,
        performed=performed,
        start=_ref(start),
        end=_ref(end),
        measured_min=measured,
        target_min=task.target_min,
        assumed_min=task.assumed_min,
        compressed=bool(compressed),
        suggested=suggest(performed, measured, task.target_min),
    )
    return obs.model_copy(update={"text": describe(obs, lang)})


def observe(
    exercise: Exercise, events: Sequence[ExerciseEvent], lang: str = "id"
) -> tuple[Observation, ...]:
    """Every EEG critical task's observation, filled from the record (EEG order)."""
    record = Record.of(exercise, events)
    return tuple(observe_task(record, task, lang) for task in exercise.tasks())


def evaluate(
    exercise: Exercise,
    events: Sequence[ExerciseEvent],
    reviews: Mapping[str, Review] | None = None,
    lang: str = "id",
) -> tuple[TaskResult, ...]:
    """Observations plus the evaluator's reviews: the rating used per task, and by whom."""
    reviews = reviews or {}
    record = Record.of(exercise, events)
    out = []
    for task in exercise.tasks():
        obs = observe_task(record, task, lang)
        review = reviews.get(task.id)
        rated = review.rating if review is not None else None
        out.append(
            TaskResult(
                task=task,
                observation=obs,
                rating=rated or obs.suggested,
                rated_by="evaluator" if rated else "automatic",
                notes=review.notes if review else "",
                improvement=review.improvement if review else "",
            )
        )
    return tuple(out)


def capability_ratings(results: Iterable[TaskResult]) -> dict[Capability, Rating]:
    """Per capability the lowest of its tasks' ratings (a capability is as ready as its weakest
    critical task; the lead evaluator may say otherwise in the Anev)."""
    out: dict[Capability, Rating] = {}
    for r in results:
        cap = r.task.capability
        if cap not in out or r.rating.rank > out[cap].rank:
            out[cap] = r.rating
    return out


# --- texts -------------------------------------------------------------------------------------


def clock_text(when: datetime, lang: str) -> str:
    return when.strftime("%H.%M" if lang == "id" else "%H:%M")


def _minutes(value: float, lang: str) -> str:
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return text.replace(".", ",") if lang == "id" else text


def event_label(e: EventRef, lang: str) -> str:
    """What an event was, in a few words (``kuning dinyatakan``, ``Dalmas lanjut tiba``)."""
    values = {
        "level": t(f"doctrine.level_short.{e.level}", lang) if e.level else "",
        "unit": e.unit or "",
        "actor": actor_name(e.actor, lang),
        "inject": e.inject or "",
    }
    return t(f"latihan.event.{e.kind}", lang, **values)


def actor_name(actor: str, lang: str) -> str:
    """A Posko role or command level by its title (``kapolres`` → ``Kapolres``), else as given."""
    for group in ("command", "posko_role"):
        key = f"doctrine.{group}.{actor}"
        if actor and key in catalogue():
            return t(key, lang)
    return actor


def describe(obs: Observation, lang: str) -> str:
    """The observation as a sentence for the evaluator (``kuning dinyatakan 10.42, … tiba 11.05:
    23 menit terhadap target 15 menit``)."""
    if obs.end is None:
        if obs.start is None:
            return t("latihan.observe.none", lang)
        return t(
            "latihan.observe.missing",
            lang,
            start=event_label(obs.start, lang),
            at=clock_text(obs.start.time, lang),
        )
    end = f"{event_label(obs.end, lang)} {clock_text(obs.end.time, lang)}"
    if obs.start is None or obs.measured_min is None:
        return t("latihan.observe.done", lang, end=end)
    start = f"{event_label(obs.start, lang)} {clock_text(obs.start.time, lang)}"
    if obs.target_min is None:
        text = t(
            "latihan.observe.timed",
            lang,
            start=start,
            end=end,
            minutes=_minutes(obs.measured_min, lang),
        )
    else:
        text = t(
            "latihan.observe.against",
            lang,
            start=start,
            end=end,
            minutes=_minutes(obs.measured_min, lang),
            target=_minutes(obs.target_min, lang),
        )
    if obs.compressed:
        text += " " + t("latihan.observe.compressed", lang)
    return text


# --- the Improvement Plan --------------------------------------------------------------------


def due_date(exercise: Exercise, election_day: date, days: int) -> date:
    """Days after the drill to close an item, but before the vote when the vote is later."""
    drill = exercise.start.date()
    due = drill + timedelta(days=days)
    if election_day > drill + timedelta(days=1):
        due = min(due, election_day - timedelta(days=1))
    return due


def improvement_plan(
    results: Iterable[TaskResult],
    reviews: Mapping[str, Review],
    due: date,
    lang: str,
) -> tuple[ImprovementItem, ...]:
    """One item per task rated S, M or U: the area for improvement with its evidence, the
    corrective action (the evaluator's, else a default from the observation), the owner agency
    (the actor's, unless the evaluator names another) and the due date."""
    items = []
    for r in results:
        if r.rating is Rating.P:
            continue
        review = reviews.get(r.task.id)
        task_text = t(f"doctrine.cb.{r.task.id}", lang)
        issue = f"{task_text} — {r.observation.text or describe(r.observation, lang)}"
        items.append(
            ImprovementItem(
                number=len(items) + 1,
                capability=r.task.capability,
                task_id=r.task.id,
                issue=issue,
                action=r.improvement or _default_action(r, lang),
                owner=(review.owner if review and review.owner else ACTOR_AGENCY[r.task.actor]),
                due=review.due if review and review.due else due,
            )
        )
    return tuple(items)


def _default_action(r: TaskResult, lang: str) -> str:
    obs = r.observation
    actor = t(f"doctrine.actor.{r.task.actor}", lang)
    if not obs.performed:
        return t("latihan.improve.not_performed", lang, actor=actor)
    if (
        obs.measured_min is not None
        and obs.target_min is not None
        and obs.measured_min > obs.target_min
    ):
        late_arrival = r.task.clock_to.startswith("arrived:")
        return t(
            "latihan.improve.late" if late_arrival else "latihan.improve.slow_decision",
            lang,
            actor=actor,
            unit=r.task.unit,
            minutes=_minutes(obs.measured_min, lang),
            target=_minutes(obs.target_min, lang),
        )
    return t("latihan.improve.review", lang, actor=actor)
