"""Menyiapkan latihan (prepare a drill): scenario + plan (+ simulation) → :class:`Exercise`."""

from __future__ import annotations

from datetime import datetime

from sispam.domain import Plan, Scenario, SimResult, Village
from sispam.domain.exercise import Exercise
from sispam.i18n import t
from sispam.latihan.eeg import build_eegs, model_assumptions, task_standards
from sispam.latihan.settings import LatihanError, default_start, read_settings
from sispam.latihan.storyline import StoryContext, build_injects, seed_timing, sim_timing
from sispam.latihan.units import Responders, promised_response_min


def drill_village(scenario: Scenario, plan: Plan, wanted: str | None = None) -> Village:
    """The drill's village: ``wanted`` (code or name), else the ``[exercise]`` setting, else the
    village in the highest zone of the plan (highest score, then most voters, on a tie)."""
    wanted = wanted or read_settings(scenario).village
    if wanted:
        key = wanted.strip().lower()
        found = [v for v in scenario.villages if key in (v.code, v.name.lower())]
        if len(found) != 1:
            raise LatihanError(t("latihan.village.unknown", village=wanted, count=len(found)))
        return found[0]
    zones = scenario.zones
    scores = {v.code: v.score or 0.0 for v in plan.villages}

    def rank(v: Village) -> tuple:
        zone = plan.zones.get(v.code) or v.zone or zones.zones[0].id
        zrank = zones.rank(zone) if zone in zones.ids() else 0
        return (zrank, scores.get(v.code, 0.0), v.voters, v.code)

    return max(scenario.villages, key=rank)


def prepare(
    scenario: Scenario,
    plan: Plan,
    *,
    sim: SimResult | None = None,
    village: str | None = None,
    start: datetime | None = None,
    lang: str = "id",
    scenario_ref: str | None = None,
) -> Exercise:
    """The drill package's content: MSEL (seed storyline, or the simulation's escalation) and
    EEGs for ``village`` (default: the highest-zone village), starting at ``start``."""
    if plan.scenario != scenario.name:
        raise LatihanError(t("latihan.plan.other_scenario", plan=plan.scenario, name=scenario.name))
    settings = read_settings(scenario)
    where = drill_village(scenario, plan, village)
    begin = start.replace(tzinfo=None) if start is not None else default_start(scenario, settings)
    timing = sim_timing(scenario, sim, where) if sim is not None else seed_timing(scenario)
    responders = Responders(scenario, plan, where)
    incident_at = timing.scenario.get("gather")
    standards = task_standards(
        responders, plan, settings, model_assumptions(scenario, sim), incident_at
    )
    story = StoryContext(
        scenario=scenario,
        plan=plan,
        village=where,
        start=begin,
        responders=responders,
        lang=lang,
        targets={k: v[0] for k, v in standards.items()},
    )
    injects = build_injects(story, timing)
    notes: list[str] = []
    sim_village = None
    if sim is not None and sim.example is not None:
        notes.append(
            t("latihan.note.from_sim", lang, run=sim.example.run, reason=sim.example.reason)
        )
        if sim.example.village_code != where.code:
            sim_village = sim.example.village_code
            notes.append(t("latihan.note.transposed", lang, code=sim_village, village=where.name))
    return Exercise(
        scenario=scenario_ref or scenario.name,
        scenario_name=scenario.name,
        title=t("latihan.title", lang, village=where.name, district=where.district_name),
        village_code=where.code,
        village_name=where.name,
        district=where.district_name,
        start=begin,
        source="simulation" if sim is not None else "seed",
        sim_run=sim.example.run if sim is not None and sim.example is not None else None,
        sim_village=sim_village,
        response_min=promised_response_min(plan, where.code, settings),
        injects=injects,
        eegs=build_eegs(injects, responders, standards, incident_at),
        notes=tuple(notes),
    )
