"""Evaluasi di Posko (the evaluator's view): the operation's log read as the exercise record, the
EEG observations filled from it, the evaluator's reviews, and the Improvement Plan with the edits
made in the Posko — the same functions the CLI and the Anev use (:mod:`sispam.latihan`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sispam.domain import Plan, Scenario
from sispam.domain.exercise import (
    Exercise,
    ExerciseEvent,
    ImprovementItem,
    TaskResult,
)
from sispam.latihan.evaluate import due_date, evaluate, improvement_plan
from sispam.latihan.settings import read_settings
from sispam.posko.drill.record import exercise_record
from sispam.posko.drill.views import Drill, due_of
from sispam.posko.events import Event
from sispam.posko.states import OperationState

_PARSED: dict[tuple[str, str], tuple[Scenario, Plan]] = {}


def _plan(data: dict[str, Any]) -> Plan:
    """A stored plan; fields a newer Sispam added are dropped rather than refused."""
    from pydantic import ValidationError

    try:
        return Plan.model_validate(data)
    except ValidationError:
        return Plan.model_validate({k: v for k, v in data.items() if k in Plan.model_fields})


def stage_objects(state: OperationState) -> tuple[Scenario, Plan]:
    """The operation's scenario and plan as domain objects, parsed once per operation (an
    operation's inputs never change: they are its first event)."""
    view = state.view("operation")
    key = (state.operation_id, view.meta.get("created_at", ""))
    found = _PARSED.get(key)
    if found is None:
        if len(_PARSED) > 16:
            _PARSED.clear()
        found = _PARSED[key] = (Scenario.model_validate(view.scenario), _plan(view.plan))
    return found


def reserve_roles(state: OperationState) -> dict[str, set[str]]:
    """The plan's reserve roles per unit (a unit may hold elements of several)."""
    out: dict[str, set[str]] = {}
    for r in state.view("operation").plan.get("reserves", ()):
        out.setdefault(r["unit"], set()).add(r.get("role", "dalmas_awal"))
    return out


def record_of(state: OperationState, events: list[Event]) -> tuple[ExerciseEvent, ...]:
    """The operation's log as the exercise record (see :mod:`sispam.posko.drill.record`)."""
    drill: Drill = state.view("drill")
    assert drill.exercise is not None
    return exercise_record(
        events,
        village=drill.exercise.village_code,
        offset_min=drill.offset,
        reserve_roles=reserve_roles(state),
    )


@dataclass(frozen=True)
class Evaluation:
    """Everything the evaluator's and the Improvement Plan's screens show."""

    exercise: Exercise
    record: tuple[ExerciseEvent, ...]
    results: tuple[TaskResult, ...]
    improvements: tuple[ImprovementItem, ...]
    edits: dict[str, dict[str, Any]]


def improvements_with_edits(
    items: tuple[ImprovementItem, ...], edits: dict[str, dict[str, Any]]
) -> tuple[ImprovementItem, ...]:
    """The Improvement Plan with what was changed in the Posko (action, owner, due, status)."""
    out = []
    for item in items:
        edit = edits.get(item.task_id, {})
        update: dict[str, Any] = {
            k: edit[k] for k in ("action", "owner", "status") if edit.get(k) not in (None, "")
        }
        if due_of(edit):
            update["due"] = due_of(edit)
        out.append(ImprovementItem.model_validate({**item.model_dump(), **update}))
    return tuple(out)


def evaluation(state: OperationState, events: list[Event], lang: str) -> Evaluation:
    """Observations, results and the Improvement Plan of the drill at the log's head."""
    scenario, _plan_obj = stage_objects(state)
    with state.lock:
        drill: Drill = state.view("drill")
        exercise = drill.exercise
        reviews = dict(drill.reviews)
        edits = {k: dict(v) for k, v in drill.improvements.items()}
    assert exercise is not None
    record = record_of(state, events)
    results = evaluate(exercise, record, reviews, lang)
    due: date = due_date(exercise, scenario.election_date, read_settings(scenario).improvement_days)
    items = improvement_plan(results, reviews, due, lang)
    return Evaluation(exercise, record, results, improvements_with_edits(items, edits), edits)
