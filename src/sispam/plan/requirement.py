"""Kebutuhan personel (personnel requirement): per phase, village and force, from the scenario's
staffing pattern (pola pengamanan TPS), the phase posts of ``[plan]`` and the doctrinal reserves.

A village's TPS requirement for a rule "``personnel`` of ``force`` per ``per_tps`` TPS in
``zone``" is ⌈personnel × TPS ÷ per_tps⌉ — posts are staffed in whole people, village by village.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sispam.domain import Assessment, Force, PhaseKind, Requirement, Scenario, UnitKind
from sispam.plan.settings import PlanSettings, ReserveElement, read_settings, zone_weight

TPS = "tps"
RESERVE = "cadangan"


@dataclass
class PostTable:
    """Columnar list of posts that need people (village posts first, then reserve elements)."""

    phases: list[tuple[PhaseKind, ...]] = field(default_factory=list)
    village: list[int] = field(default_factory=list)  # index in scenario.villages, −1 = reserve
    site: list[int] = field(default_factory=list)  # index in the chosen sites, −1 = village post
    force: list[Force] = field(default_factory=list)
    post: list[str] = field(default_factory=list)
    role: list[str] = field(default_factory=list)
    need: list[int] = field(default_factory=list)
    weight: list[float] = field(default_factory=list)
    due: list[float] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)  # index into kind_sets
    kind_sets: list[frozenset[UnitKind]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.need)

    def kind_set(self, kinds: frozenset[UnitKind]) -> int:
        if kinds not in self.kind_sets:
            self.kind_sets.append(kinds)
        return self.kind_sets.index(kinds)

    def add(
        self,
        phases: tuple[PhaseKind, ...],
        village: int,
        site: int,
        force: Force,
        post: str,
        role: str,
        need: int,
        weight: float,
        due: float,
        kinds: int,
    ) -> None:
        self.phases.append(phases)
        self.village.append(village)
        self.site.append(site)
        self.force.append(force)
        self.post.append(post)
        self.role.append(role)
        self.need.append(need)
        self.weight.append(weight)
        self.due.append(due)
        self.kinds.append(kinds)


def phase_minutes(scenario: Scenario) -> dict[PhaseKind, float]:
    """Length of every phase of the scenario, in minutes."""
    return {p.kind: (p.end - p.start).total_seconds() / 60.0 for p in scenario.phases}


def village_posts(
    scenario: Scenario,
    zones: list[str],
    settings: PlanSettings,
    table: PostTable | None = None,
) -> tuple[PostTable, list[PhaseKind]]:
    """TPS posts (pattern × TPS) in every TPS phase and the phase posts of ``[plan.posts]``;
    also the configured phases the scenario lacks (skipped)."""
    table = table or PostTable()
    lengths = phase_minutes(scenario)
    missing: list[PhaseKind] = []
    weights = {z: zone_weight(settings, scenario, z) for z in scenario.zones.ids()}
    kinds = table.kind_set(frozenset(settings.post_kinds))
    rules: dict[str, list[tuple[Force, int, int]]] = {}
    for r in scenario.patterns:
        rules.setdefault(r.zone, []).append((r.force, r.personnel, r.per_tps))
    for phase in settings.tps_phases:
        if phase not in lengths:
            missing.append(phase)
            continue
        due = min(settings.tps_due_min, lengths[phase])
        for i, v in enumerate(scenario.villages):
            z = zones[i]
            for force, personnel, per_tps in rules.get(z, ()):
                need = math.ceil(personnel * v.tps / per_tps)
                if need > 0:
                    table.add((phase,), i, -1, force, TPS, "", need, weights[z], due, kinds)
    for spec in settings.posts:
        if spec.phase not in lengths:
            if spec.phase not in missing:
                missing.append(spec.phase)
            continue
        due = (
            lengths[spec.phase] if spec.due_min is None else min(spec.due_min, lengths[spec.phase])
        )
        for i, v in enumerate(scenario.villages):
            z = zones[i]
            if spec.zones and z not in spec.zones:
                continue
            need = spec.personnel * (v.tps if spec.per == "tps" else 1)
            if need > 0:
                table.add(
                    (spec.phase,),
                    i,
                    -1,
                    spec.force,
                    spec.post,
                    "",
                    need,
                    weights[z] * spec.weight,
                    due,
                    kinds,
                )
    return table, missing


def reserve_posts(
    table: PostTable,
    elements: tuple[ReserveElement, ...],
    n_sites: int,
    central: list[int],
    phases: tuple[PhaseKind, ...],
    lengths: dict[PhaseKind, float],
    platoon_size: int,
    top_weight: float,
) -> None:
    """Doctrinal reserve elements: per chosen site, or once per regency at its central site."""
    if not phases or n_sites == 0:
        return
    first = lengths[phases[0]]
    for el in elements:
        need = el.platoons * platoon_size
        if need <= 0:
            continue
        due = first if el.due_min is None else min(el.due_min, first)
        kinds = table.kind_set(frozenset(el.kinds))
        where = range(n_sites) if el.per == "site" else central
        for s in where:
            table.add(
                phases,
                -1,
                s,
                el.force,
                RESERVE,
                el.role,
                need,
                el.weight or top_weight,
                due,
                kinds,
            )


def tps_requirement(scenario: Scenario, assessment: Assessment) -> list[Requirement]:
    """The staffing pattern at every village's TPS on voting day (pemungutan)."""
    settings, _ = read_settings(scenario)
    zones = [assessment.zone_of(v.code) for v in scenario.villages]
    only = settings.model_copy(update={"tps_phases": (PhaseKind.PEMUNGUTAN,), "posts": ()})
    table, _ = village_posts(scenario, zones, only)
    return [
        Requirement(
            phase=table.phases[k][0],
            village_code=scenario.villages[table.village[k]].code,
            force=table.force[k],
            personnel=table.need[k],
            due_min=table.due[k],
            weight=table.weight[k],
        )
        for k in range(len(table))
    ]
