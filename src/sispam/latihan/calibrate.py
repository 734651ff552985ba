"""Kalibrasi (the drill calibrates the model): the times the drill measured, against what the plan
and the contingency model assume, written as a parameter file the simulation takes.

Measured per incident at the drill's village (drill minutes at ×1; a compressed interval is
counted but not used):

* ``report`` — incident start (first inject of the unrest delivered) → first report at the Posko;
* ``decision`` — that report → the first order to a reserve (first dispatch);
* ``order`` per reserve role — the situation's condition → the order for that role: Dalmas awal
  from the incident's start, Dalmas lanjut from the first kuning inject, Brimob PHH and TNI from
  the first merah inject. This is the model's ``request_delay_min.<role>`` ("minutes from the
  trigger condition to the order"), so its median replaces that parameter;
* ``travel`` per reserve role — dispatch → on scene, against the plan's travel time for that
  element (readiness included).

The mapping to the simulation's parameters is done in one place, :func:`sim_params`: by the
simulation's own calibration function when the installed Sispam has it
(``sispam.sim.calibration.params_from_measured``), else by the documented rule above (order
medians → ``request_delay_min``; the other measures are reported, not written).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from typing import Any

import tomli_w

from sispam.domain.enums import ReserveRole
from sispam.domain.exercise import EventKind, Exercise, ExerciseEvent, TimeMeasure
from sispam.latihan.evaluate import Record
from sispam.latihan.units import Responders

ORDER_CONDITION: dict[ReserveRole, str] = {
    ReserveRole.DALMAS_AWAL: "incident",
    ReserveRole.DALMAS_LANJUT: "condition:kuning",
    ReserveRole.PHH: "condition:merah",
    ReserveRole.TNI_SUPPORT: "condition:merah",
}
"""What starts the clock of an order for each reserve role (the model's trigger condition)."""


def _measure(
    kind: str,
    key: str,
    pairs: Iterable[tuple[float, bool]],
    assumed: float | None,
    param: str | None,
) -> TimeMeasure:
    pairs = list(pairs)
    samples = tuple(round(m, 1) for m, fast in pairs if not fast)
    return TimeMeasure(
        measure=kind,  # type: ignore[arg-type]
        key=key,
        samples=samples,
        median=round(statistics.median(samples), 1) if samples else None,
        assumed=assumed,
        compressed=sum(1 for _, fast in pairs if fast),
        param=param,
    )


def measured_times(
    exercise: Exercise,
    events: Sequence[ExerciseEvent],
    delays: dict[str, float] | None = None,
    responders: Responders | None = None,
) -> tuple[TimeMeasure, ...]:
    """The drill's measured times with the model's (``delays``: ``request_delay_min`` per role)
    and the plan's (``responders``) assumptions beside them."""
    rec = Record.of(exercise, events)
    clock = rec.clock
    delays = delays or {}

    def span(a: ExerciseEvent | None, b: ExerciseEvent | None) -> list[tuple[float, bool]]:
        if a is None or b is None:
            return []
        return [(clock.drill_minutes(a.time, b.time), clock.compressed(a.time, b.time))]

    incident = rec.incident()
    report = rec.find("report", "", None)
    order = rec.first(lambda e: e.kind is EventKind.DISPATCHED, report.time) if report else None
    out = [
        _measure("report", "", span(incident, report), None, None),
        _measure("decision", "", span(report, order), None, None),
    ]
    for role, condition in ORDER_CONDITION.items():
        start = rec.find(condition, "", None)
        sent = (
            rec.first(lambda e, r=role: e.kind is EventKind.DISPATCHED and e.role is r, start.time)
            if start
            else None
        )
        out.append(
            _measure(
                "order",
                role.value,
                span(start, sent),
                delays.get(role.value),
                f"request_delay_min.{role.value}",
            )
        )
    for role in ReserveRole:
        pairs: list[tuple[float, bool]] = []
        assumed: list[float] = []
        for sent in rec.play():
            if sent.kind is not EventKind.DISPATCHED or sent.role is not role:
                continue
            arrived = rec.first(
                lambda e, u=sent.unit: e.kind is EventKind.ARRIVED and e.unit == u, sent.time
            )
            pairs += span(sent, arrived)
            if responders is not None and arrived is not None:
                story = rec.scenario_time(sent.time)  # readiness counts in the story's time
                match = [r for r in responders.reserves(role, story) if r.unit == sent.unit]
                if match:
                    assumed.append(match[0].arrival_min)
        if pairs:
            plan_min = round(statistics.median(assumed), 1) if assumed else None
            out.append(_measure("travel", role.value, pairs, plan_min, None))
    return tuple(out)


def sim_params(times: Sequence[TimeMeasure]) -> dict[str, Any]:
    """The contingency parameters the measured times set, as a ``[sim]`` table (nested dict).

    The one place where the drill meets the simulation's parameters: the simulation's own
    ``params_from_measured`` when it exists, else the documented rule (module docstring)."""
    try:
        from sispam.sim import calibration  # type: ignore[attr-defined]
    except ImportError:
        calibration = None
    if calibration is not None and hasattr(calibration, "params_from_measured"):
        return dict(calibration.params_from_measured(times))
    delays = {m.key: m.median for m in times if m.measure == "order" and m.median is not None}
    return {"request_delay_min": delays} if delays else {}


def params_toml(times: Sequence[TimeMeasure], header: Sequence[str]) -> str:
    """The parameter file: comment lines (``header``, then assumed vs measured per measure),
    then the ``[sim]`` values the drill measured — for ``sispam simulate ... --params``."""
    lines = [f"# {h}" for h in header]
    for m in times:
        med = "–" if m.median is None else f"{m.median:g}"
        assumed = "–" if m.assumed is None else f"{m.assumed:g}"
        key = f"{m.measure}.{m.key}" if m.key else m.measure
        lines.append(f"# {key}: measured {med} (n={len(m.samples)}), assumed {assumed}")
    body = tomli_w.dumps(sim_params(times))
    return "\n".join(lines) + "\n\n" + body
