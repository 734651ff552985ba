"""Exercise Evaluation Guides: per capability the critical tasks of the Cara Bertindak, with the
unit that answers for each, its time target and how the record times it.

The standard is the doctrine table (:data:`sispam.domain.doctrine.CARA_BERTINDAK`), never a copy.
Time targets come from where the operation promised them:

* a reserve on scene (Dalmas awal/lanjut, Brimob PHH, TNI), timed from the decision that calls
  it: the plan's promised arrival for the village and role plus the exercise's ``order_min``
  (``response``);
* a decision that escalates (declare kuning/merah, ask for TNI): the contingency model's assumed
  order delay ``request_delay_min`` (``model``) — the very figure the drill calibrates;
* the first report of an incident: the exercise settings' ``report_target_min`` (``exercise``);
* every other task is judged by the evaluator without a clock (``none``).

:data:`RULES` says for each timed task which event starts its clock and which ends it; the
evaluation (:mod:`sispam.latihan.evaluate`) reads the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sispam.domain import Plan, Scenario, SimResult, SituationLevel
from sispam.domain.doctrine import CARA_BERTINDAK, Capability, Task
from sispam.domain.enums import PhaseKind
from sispam.domain.exercise import CriticalTask, Eeg, Inject, TargetSource
from sispam.latihan.settings import ExerciseSettings
from sispam.latihan.units import TASK_ROLE, Responders, promised_response_min


@dataclass(frozen=True)
class Rule:
    """How a task is timed. ``start``/``end`` name events (see ``docs/latihan.md``):

    ``incident`` the first inject of the unrest delivered · ``report`` the first report at the
    Posko · ``condition:<level>`` the first inject portraying that level delivered ·
    ``declared:<level>`` the level declared (level_raised) · ``decision:<task>`` a decision tagged
    with that task · ``arrived:<role>`` a reserve of that role on scene · ``contained`` /
    ``lowered`` · ``inject`` the first inject testing the task · ``task`` an event tagged with it.
    """

    start: str
    end: str
    target: str  # response | report | model:<role> | none


RULES: dict[str, Rule] = {
    "hijau_detect": Rule("incident", "report", "report"),
    "hijau_dalmas_awal": Rule("report", "arrived:dalmas_awal", "response"),
    "hijau_control": Rule("incident", "command:kapolsek", "none"),
    "kuning_control": Rule("condition:kuning", "declared:kuning", "model:dalmas_lanjut"),
    "kuning_lapis_ganti": Rule("declared:kuning", "arrived:dalmas_lanjut", "response"),
    "merah_control": Rule("condition:merah", "declared:merah", "model:phh"),
    "merah_lintas_ganti": Rule("declared:merah", "arrived:phh", "response"),
    "merah_request_tni": Rule("declared:merah", "task", "model:tni_support"),
    "merah_tni_support": Rule("decision:merah_request_tni", "arrived:tni_support", "response"),
    "recovery_lower": Rule("contained", "lowered", "none"),
}
"""Timed tasks; any other task starts at its first inject and ends at an event tagged with it."""

DEFAULT_RULE = Rule("inject", "task", "none")

TASKS: dict[str, Task] = {task.key: task for task in CARA_BERTINDAK}
"""The Cara Bertindak's tasks by key (the doctrine table, indexed)."""


def rule(task_id: str) -> Rule:
    return RULES.get(task_id, DEFAULT_RULE)


def model_params(scenario: Scenario, sim: SimResult | None = None) -> dict[str, Any]:
    """The contingency model's parameters as the drill compares with them: those the simulation
    given ran with, else the scenario's ``[sim]`` settings over the model's defaults."""
    if sim is not None and sim.params:
        return dict(sim.params)
    from sispam.sim.contingency import params_from  # the sim stage's public settings reader

    return params_from(scenario.stage_settings("sim")).model_dump()


def model_assumptions(scenario: Scenario, sim: SimResult | None = None) -> dict[str, float]:
    """The model's order delays per reserve role (``request_delay_min``)."""
    delays = model_params(scenario, sim).get("request_delay_min") or {}
    return {k: float(v) for k, v in delays.items()}


def top_level(injects: tuple[Inject, ...]) -> SituationLevel:
    """The highest crowd situation the MSEL portrays."""
    levels = [i.level for i in injects if i.level is not None]
    return max(levels, key=lambda lv: lv.rank, default=SituationLevel.HIJAU)


Standard = tuple[float | None, TargetSource, float | None]


def task_standards(
    responders: Responders,
    plan: Plan,
    settings: ExerciseSettings,
    delays: dict[str, float],
    incident_at: datetime | None,
) -> dict[str, Standard]:
    """Every Cara Bertindak task's (time target, its source, what the plan/model assumes)."""
    return {
        task.key: _target(task.key, plan, settings, delays, responders, incident_at)
        for task in CARA_BERTINDAK
    }


def build_eegs(
    injects: tuple[Inject, ...],
    responders: Responders,
    standards: dict[str, Standard],
    incident_at: datetime | None,
) -> tuple[Eeg, ...]:
    """One EEG per capability the storyline reaches, its tasks in Cara Bertindak order; a task
    an inject tests names the inject's unit, the others the plan's unit for the actor."""
    top = top_level(injects)
    tested = {i.task: i for i in injects}
    by_cap: dict[Capability, list[CriticalTask]] = {}
    for task in CARA_BERTINDAK:
        if task.level is not None and task.level.rank > top.rank:
            continue
        target, source, assumed = standards[task.key]
        inject = tested.get(task.key)
        unit = inject.unit if inject is not None else ""
        if not unit:
            unit = responders.unit_for(task.key, task.actor, PhaseKind.PENGHITUNGAN, incident_at)
        by_cap.setdefault(task.capability, []).append(
            CriticalTask(
                id=task.key,
                capability=task.capability,
                level=task.level,
                actor=task.actor,
                unit=unit,
                target_min=target,
                target_source=source,
                assumed_min=assumed,
                clock_from=rule(task.key).start,
                clock_to=rule(task.key).end,
            )
        )
    return tuple(Eeg(capability=c, tasks=tuple(by_cap[c])) for c in Capability if c in by_cap)


def _target(
    task_id: str,
    plan: Plan,
    settings: ExerciseSettings,
    delays: dict[str, float],
    responders: Responders,
    incident_at: datetime | None,
) -> Standard:
    """(target, where it comes from, what the plan/model assumes) for one task.

    A reserve on scene is timed from the decision that calls it; its target is the plan's
    promised arrival for the role (order → on scene) plus the exercise's ``order_min`` for the
    decision to reach the reserve as an order. The plan's own arrival estimate for the quickest
    element at the time of the incident is what it assumes."""
    how = rule(task_id).target
    if how == "response":
        role = TASK_ROLE[task_id]
        promise = promised_response_min(plan, responders.village.code, settings, role.value)
        found = responders.reserves(role, incident_at)
        assumed = found[0].arrival_min if found else None
        return round(promise + settings.order_min, 1), "plan", assumed
    if how == "report":
        return settings.report_target_min, "exercise", None
    if how.startswith("model:"):
        delay = delays.get(how.split(":", 1)[1])
        return delay, "model", delay
    return None, "none", None
