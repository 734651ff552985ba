"""Kebutuhan personel (personnel requirement) at the TPS from the scenario's staffing pattern."""

from __future__ import annotations

import math

from sispam.domain import Assessment, Force, ForceTotals, PhaseKind, Plan, Requirement, Scenario

TPS_PHASES = (PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN)


def tps_requirement(scenario: Scenario, assessment: Assessment) -> list[Requirement]:
    """Personnel per force at each village's TPS on voting day: ⌈personnel × TPS ÷ per_tps⌉."""
    zone_of = {v.code: v.zone for v in assessment.villages}
    out: list[Requirement] = []
    for v in scenario.villages:
        for rule in scenario.patterns:
            if rule.zone == zone_of[v.code]:
                need = math.ceil(rule.personnel * v.tps / rule.per_tps)
                out.append(
                    Requirement(
                        phase=PhaseKind.PEMUNGUTAN,
                        village_code=v.code,
                        force=rule.force,
                        personnel=need,
                    )
                )
    return out


def plan(scenario: Scenario, assessment: Assessment) -> Plan:
    """Requirement at the TPS compared with the strength each force has available."""
    reqs = tps_requirement(scenario, assessment)
    totals: dict[str, ForceTotals] = {}
    forces = sorted(
        {r.force for r in reqs} | {u.force for u in scenario.units}, key=list(Force).index
    )
    for force in forces:
        required = sum(r.personnel for r in reqs if r.force == force)
        available = sum(u.strength for u in scenario.units if u.force == force)
        totals[force.value] = ForceTotals(
            required_tps=required, required_total=required, available=available
        )
    return Plan(
        scenario=scenario.name,
        zones={v.code: v.zone for v in assessment.villages},
        requirements=tuple(reqs),
        totals=totals,
    )
