"""Anev (analisa dan evaluasi — HSEEP's After-Action Report and Improvement Plan) of one drill,
as data: what was delivered, how each critical task went, the ratings, the improvement items and
the measured times against the model's assumptions. :mod:`sispam.report.latihan_docs` lays it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sispam.domain import Assessment, Plan, Scenario
from sispam.domain.exercise import (
    Anev,
    EventKind,
    Exercise,
    ExerciseEvent,
    Review,
)
from sispam.latihan.calibrate import measured_times, odds_before_after, sim_params
from sispam.latihan.control import delivered_numbers
from sispam.latihan.evaluate import (
    Record,
    capability_ratings,
    due_date,
    evaluate,
    improvement_plan,
)
from sispam.latihan.units import Responders


def build_anev(
    exercise: Exercise,
    events: Sequence[ExerciseEvent],
    *,
    election_day: date,
    reviews: Mapping[str, Review] | None = None,
    assumed: dict[str, Any] | None = None,
    responders: Responders | None = None,
    improvement_days: int = 14,
    lang: str = "id",
) -> Anev:
    """The Anev of a drill from its record (``events``) and the evaluator's ``reviews``.

    ``assumed`` are the contingency model's parameters (:func:`sispam.latihan.eeg.model_params`)
    and ``responders`` the plan's units at the village (for the plan's arrival estimates): both
    only feed the assumed-vs-measured table.
    """
    reviews = reviews or {}
    record = Record.of(exercise, events)
    results = evaluate(exercise, record.events, reviews, lang)
    started = next((e.time for e in record.events if e.kind is EventKind.EXERCISE_STARTED), None)
    ended = next((e.time for e in record.events if e.kind is EventKind.EXERCISE_ENDED), None)
    if started is None and record.events:
        started = record.events[0].time
    if ended is None and record.events:
        ended = record.events[-1].time
    delivered = delivered_numbers(record.events)
    scripted = {i.number for i in exercise.injects}
    unscripted = tuple(
        record.injects[n] for n in sorted(delivered - scripted) if n in record.injects
    )
    order = [e.inject for e in record.events if e.kind is EventKind.INJECT_DELIVERED and e.inject]
    return Anev(
        exercise=exercise,
        started=started,
        ended=ended,
        speeds=record.clock.speeds(),
        delivered=tuple(dict.fromkeys(order)),
        unscripted=unscripted,
        results=results,
        capability_ratings=capability_ratings(results),
        improvements=improvement_plan(
            results, reviews, due_date(exercise, election_day, improvement_days), lang
        ),
        times=measured_times(exercise, record.events, assumed, responders),
    )


def with_odds(
    anev: Anev, scenario: Scenario, assessment: Assessment, plan: Plan, *, runs: int, seed: int
) -> Anev:
    """The Anev with the contingency simulation re-run on the drill's measured times: the odds
    with the model's assumptions and with the drill's, on the same seed."""
    odds = odds_before_after(
        scenario,
        assessment,
        plan,
        sim_params(anev.times),
        anev.exercise.village_code,
        runs=runs,
        seed=seed,
    )
    return anev.model_copy(update={"odds": odds, "odds_runs": runs, "odds_seed": seed})
