"""Kalibrasi (the drill calibrates the model): the times the drill measured, against what the plan
and the contingency model assume, written as a parameter file the simulation takes
(``sispam simulate SCENARIO --params drill-params.toml``).

Measured at the drill's village, per reserve role and its *condition* — the moment the model asks
for that role: the unrest's start for Dalmas awal, the first kuning inject for Dalmas lanjut, the
first merah inject for Brimob PHH and TNI (drill minutes at ×1; a compressed interval is counted,
not used):

* ``report`` — a condition → the first report of it at the Posko (a condition without a report
  reached the Posko by the inject itself: no sample);
* ``decision`` per role — that report (else the condition) → the order to the role (dispatch);
* ``order`` per role — the condition → the order: the two above together;
* ``travel`` per role — dispatch → on scene, each trip beside the plan's arrival estimate for that
  element at that moment of the story.

The mapping to the simulation's parameters is one function, :func:`sim_params`. It hands the
measurements to the simulation's own ``sispam.sim.calibration.params_from_measured`` (report →
``report_delay_min``, decision → ``request_delay_min.<role>``, travel − plan → ``arrival_delay_min
.<role>``, medians) when the installed Sispam has it; on a Sispam without it (no report delay in
the model) the order medians become ``request_delay_min.<role>``, that model's "minutes from the
trigger condition to the order".
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import tomli_w

from sispam.domain import Assessment, Plan, Scenario
from sispam.domain.enums import ReserveRole
from sispam.domain.exercise import EventKind, Exercise, ExerciseEvent, OddsChange, TimeMeasure
from sispam.latihan.evaluate import Record
from sispam.latihan.units import Responders

CONDITION: dict[ReserveRole, str] = {
    ReserveRole.DALMAS_AWAL: "incident",
    ReserveRole.DALMAS_LANJUT: "condition:kuning",
    ReserveRole.PHH: "condition:merah",
    ReserveRole.TNI_SUPPORT: "condition:merah",
}
"""What the model waits for before it asks for each reserve role (its trigger condition)."""

PARAM = {
    "report": "report_delay_min",
    "decision": "request_delay_min",
    "travel": "arrival_delay_min",
}
"""The contingency parameter each measure calibrates (see :func:`sim_params`)."""

Sample = tuple[float, bool, float | None]  # minutes, compressed, the plan's figure for it


def _measure(kind: str, key: str, samples: list[Sample], assumed: float | None) -> TimeMeasure:
    kept = [(round(m, 1), plan) for m, fast, plan in samples if not fast]
    values = tuple(m for m, _ in kept)
    planned = tuple(p for _, p in kept if p is not None)
    if kind == "travel" and planned:
        assumed = round(statistics.median(planned), 1)
    param = PARAM.get(kind)
    return TimeMeasure(
        measure=kind,  # type: ignore[arg-type]
        key=key,
        samples=values,
        planned=planned if len(planned) == len(values) else (),
        median=round(statistics.median(values), 1) if values else None,
        assumed=assumed,
        compressed=sum(1 for _, fast, _ in samples if fast),
        param=f"{param}.{key}" if param and key else param,
    )


def measured_times(
    exercise: Exercise,
    events: Sequence[ExerciseEvent],
    assumed: dict[str, Any] | None = None,
    responders: Responders | None = None,
) -> tuple[TimeMeasure, ...]:
    """The drill's measured times beside the model's assumptions (``assumed``: the contingency
    parameters, e.g. ``{"request_delay_min": {...}, "report_delay_min": 0}``) and the plan's
    arrival estimates (``responders``)."""
    rec = Record.of(exercise, events)
    clock = rec.clock
    assumed = assumed or {}
    delays = assumed.get("request_delay_min") or {}

    def span(a: ExerciseEvent | None, b: ExerciseEvent | None, plan=None) -> list[Sample]:  # type: ignore[no-untyped-def]
        if a is None or b is None:
            return []
        return [(clock.drill_minutes(a.time, b.time), clock.compressed(a.time, b.time), plan)]

    reports: list[Sample] = []
    seen_conditions: set[datetime] = set()  # one report sample per condition
    decision: dict[ReserveRole, list[Sample]] = {}
    order: dict[ReserveRole, list[Sample]] = {}
    for role, condition in CONDITION.items():
        start = rec.find(condition, "", None)
        if start is None:
            continue
        sent = rec.first(
            lambda e, r=role: e.kind is EventKind.DISPATCHED and e.role is r, start.time
        )
        report = rec.first(lambda e: e.kind is EventKind.REPORT_RECEIVED, start.time)
        if report is not None and sent is not None and report.time > sent.time:
            report = None  # a report after the order is not what the order waited for
        if report is not None and start.time not in seen_conditions:
            reports += span(start, report)
            seen_conditions.add(start.time)
        decision[role] = span(report or start, sent)
        order[role] = span(start, sent)
    out = [_measure("report", "", reports, _number(assumed.get("report_delay_min")))]
    for role in CONDITION:
        out.append(_measure("decision", role.value, decision.get(role, []), delays.get(role.value)))
    for role in CONDITION:
        out.append(_measure("order", role.value, order.get(role, []), None))
    for role in ReserveRole:
        trips: list[Sample] = []
        for sent in rec.play():
            if sent.kind is not EventKind.DISPATCHED or sent.role is not role:
                continue
            came = rec.first(
                lambda e, u=sent.unit: e.kind is EventKind.ARRIVED and e.unit == u, sent.time
            )
            trips += span(sent, came, _planned(rec, responders, role, sent))
        if trips:
            out.append(_measure("travel", role.value, trips, None))
    return tuple(out)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _planned(
    rec: Record, responders: Responders | None, role: ReserveRole, sent: ExerciseEvent
) -> float | None:
    """The plan's arrival estimate for the element sent, at that moment of the story."""
    if responders is None:
        return None
    story = rec.scenario_time(sent.time)  # a BKO's readiness counts in the story's time
    match = [r for r in responders.reserves(role, story) if r.unit == sent.unit]
    return match[0].arrival_min if match else None


def sim_params(times: Sequence[TimeMeasure]) -> dict[str, Any]:
    """The contingency parameters the measured times set, as a ``[sim]`` table (nested dict).

    The one place where the drill meets the simulation's parameters (module docstring)."""
    try:
        from sispam.sim import calibration  # type: ignore[attr-defined]
    except ImportError:  # a Sispam whose simulation has no calibration from a drill yet
        calibration = None
    by = {(m.measure, m.key): m for m in times}
    if calibration is not None:
        roles = [r for r in ReserveRole if ("decision", r.value) in by]
        trips = [r for r in ReserveRole if ("travel", r.value) in by]
        measured = calibration.MeasuredTimes(
            detection_to_report=by[("report", "")].samples if ("report", "") in by else (),
            report_to_decision={r: by[("decision", r.value)].samples for r in roles},
            dispatch_to_arrival={
                r: by[("travel", r.value)].samples for r in trips if by[("travel", r.value)].planned
            },
            planned_arrival={
                r: by[("travel", r.value)].planned for r in trips if by[("travel", r.value)].planned
            },
        )
        return dict(calibration.params_from_measured(measured))
    delays = {m.key: m.median for m in times if m.measure == "order" and m.median is not None}
    return {"request_delay_min": delays} if delays else {}


def params_toml(times: Sequence[TimeMeasure], header: Sequence[str]) -> str:
    """The parameter file: comment lines (``header``, then measured vs assumed per measure),
    then the ``[sim]`` table the drill measured — for ``sispam simulate ... --params``."""
    lines = [f"# {h}" for h in header]
    for m in times:
        med = "–" if m.median is None else f"{m.median:g}"
        assumed = "–" if m.assumed is None else f"{m.assumed:g}"
        key = f"{m.measure}.{m.key}" if m.key else m.measure
        lines.append(f"# {key}: measured {med} (n={len(m.samples)}), assumed {assumed}")
    body = tomli_w.dumps({"sim": sim_params(times)})
    return "\n".join(lines) + "\n\n" + body


def overlay(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """``top`` laid over ``base``: nested tables merged key by key, other values replaced (how
    ``--params`` lays a parameter file over the scenario's ``[sim]``)."""
    out = dict(base)
    for k, v in top.items():
        merge = isinstance(v, dict) and isinstance(out.get(k), dict)
        out[k] = overlay(out[k], v) if merge else v
    return out


def odds_before_after(
    scenario: Scenario,
    assessment: Assessment,
    plan: Plan,
    table: dict[str, Any],
    village: str,
    *,
    runs: int,
    seed: int,
) -> tuple[OddsChange, ...]:
    """The contingency simulation run twice on the same seed — with the scenario's parameters,
    then with the drill's ``table`` laid over them: how the odds change (the loop from plan to
    model to rehearsal and back)."""
    from sispam.sim.contingency import params_from, simulate  # compiled engine: only when asked

    settings = scenario.stage_settings("sim")
    results = [
        simulate(scenario, assessment, plan, runs=runs, seed=seed, params=params_from(s))
        for s in (settings, overlay(settings, table))
    ]
    before, after = results

    def pick(r, measure: str) -> float | None:  # type: ignore[no-untyped-def]
        if measure in ("p_kuning", "p_merah"):
            v = r.by_code().get(village)
            return getattr(v, measure).value if v is not None else None
        return getattr(r.overall, measure).value

    return tuple(
        OddsChange(measure=m, before=pick(before, m), after=pick(after, m))  # type: ignore[arg-type]
        for m in ("p_any_kuning", "p_any_merah", "containment_p90", "p_kuning", "p_merah")
    )
