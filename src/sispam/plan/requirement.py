"""Kebutuhan personel (personnel requirement): the posts of every phase — the Pam TPS from the
scenario's staffing pattern, the phase posts of ``[plan.posts]`` and the doctrinal reserves.

A village's TPS requirement for a rule "``personnel`` of ``force`` per ``per_tps`` TPS in
``zone``" is ⌈personnel × TPS ÷ per_tps⌉ — posts are staffed in whole people, village by village
— and one team holds it through every phase of ``tps_phases`` (it stays through counting and
escorts the ballot box itself). A reserve element needs whole platoons (or whole units).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from sispam.domain import Assessment, Force, PhaseKind, Requirement, Scenario, UnitKind
from sispam.plan.settings import (
    PlanSettings,
    ReserveElement,
    at_day_time,
    read_settings,
    zone_weight,
)
from sispam.plan.sites import Site

TPS = "tps"
RESERVE = "cadangan"
PERSONNEL, PLATOONS, UNITS = 0, 1, 2  # what a post's need counts


@dataclass
class PostTable:
    """Columnar list of posts that need people (village and office posts first, then reserve
    elements). A post is at a village (``village`` ≥ 0) or at a place (``place`` ≥ 0, an index
    into ``places``: offices and staging posts)."""

    phases: list[tuple[PhaseKind, ...]] = field(default_factory=list)
    village: list[int] = field(default_factory=list)  # index in scenario.villages, −1 = place
    place: list[int] = field(default_factory=list)  # index in ``places``, −1 = village post
    force: list[Force] = field(default_factory=list)
    post: list[str] = field(default_factory=list)
    role: list[str] = field(default_factory=list)
    need: list[int] = field(default_factory=list)
    weight: list[float] = field(default_factory=list)
    due: list[float] = field(default_factory=list)  # minutes after ``start`` when staffed
    kinds: list[int] = field(default_factory=list)  # index into kind_sets
    start: list[datetime | None] = field(default_factory=list)  # hours within the phase
    end: list[datetime | None] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)  # PERSONNEL | PLATOONS | UNITS
    kind_sets: list[frozenset[UnitKind]] = field(default_factory=list)
    places: list[Site] = field(default_factory=list)
    reserve_site: list[int] = field(default_factory=list)  # per place: index in the chosen sites
    _place_of: dict[tuple[str, int], int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.need)

    def kind_set(self, kinds: frozenset[UnitKind]) -> int:
        if kinds not in self.kind_sets:
            self.kind_sets.append(kinds)
        return self.kind_sets.index(kinds)

    def place_index(self, site: Site, reserve_site: int = -1) -> int:
        key = (site.id, reserve_site)
        if key not in self._place_of:
            self._place_of[key] = len(self.places)
            self.places.append(site)
            self.reserve_site.append(reserve_site)
        return self._place_of[key]

    def add(
        self,
        phases: tuple[PhaseKind, ...],
        village: int,
        place: int,
        force: Force,
        post: str,
        role: str,
        need: int,
        weight: float,
        due: float,
        kinds: int,
        start: datetime | None = None,
        end: datetime | None = None,
        counts: int = PERSONNEL,
    ) -> None:
        self.phases.append(phases)
        self.village.append(village)
        self.place.append(place)
        self.force.append(force)
        self.post.append(post)
        self.role.append(role)
        self.need.append(need)
        self.weight.append(weight)
        self.due.append(due)
        self.kinds.append(kinds)
        self.start.append(start)
        self.end.append(end)
        self.counts.append(counts)

    def is_reserve(self, d: int) -> bool:
        return bool(self.role[d])

    def site(self, d: int) -> int:
        """Index of a reserve post's staging post among the chosen sites (−1: not a reserve)."""
        return self.reserve_site[self.place[d]] if self.place[d] >= 0 else -1


def phase_minutes(scenario: Scenario) -> dict[PhaseKind, float]:
    """Length of every phase of the scenario, in minutes."""
    return {p.kind: (p.end - p.start).total_seconds() / 60.0 for p in scenario.phases}


def _kinds_for(settings: PlanSettings, force: Force, kinds: tuple[UnitKind, ...]) -> frozenset:
    from sispam.domain import KIND_FORCE

    chosen = kinds or settings.post_kinds
    return frozenset(k for k in chosen if KIND_FORCE[k] == force)


def _largest(scenario: Scenario, top: int | None) -> set[int] | None:
    """The villages with the ``top`` largest TPS (voters per TPS), ties by code."""
    if top is None:
        return None
    order = sorted(
        range(len(scenario.villages)),
        key=lambda i: (-scenario.villages[i].voters / scenario.villages[i].tps, i),
    )
    return set(order[:top])


def village_posts(
    ctx,  # type: ignore[no-untyped-def]
    table: PostTable | None = None,
) -> tuple[PostTable, list[PhaseKind]]:
    """The Pam TPS (pattern × TPS, one team through ``tps_phases``) and the phase posts of
    ``[plan.posts]``; also the configured phases the scenario lacks (skipped)."""
    scenario: Scenario = ctx.scenario
    settings: PlanSettings = ctx.settings
    zones: list[str] = ctx.zones
    table = table or PostTable()
    lengths = ctx.lengths
    missing: list[PhaseKind] = []
    weights = {z: zone_weight(settings, scenario, z) for z in scenario.zones.ids()}
    rules: dict[str, list[tuple[Force, int, int]]] = {}
    for r in scenario.patterns:
        rules.setdefault(r.zone, []).append((r.force, r.personnel, r.per_tps))
    held = tuple(p for p in settings.tps_phases if p in lengths)
    missing += [p for p in settings.tps_phases if p not in lengths]
    if held:
        due = min(settings.tps_due_min, lengths[held[0]])
        for i, v in enumerate(scenario.villages):
            z = zones[i]
            for force, personnel, per_tps in rules.get(z, ()):
                need = math.ceil(personnel * v.tps / per_tps)
                if need > 0:
                    kinds = table.kind_set(_kinds_for(settings, force, ()))
                    table.add(held, i, -1, force, TPS, "", need, weights[z], due, kinds)
    starts = ctx.phase_start
    ends = ctx.phase_end
    rank = scenario.zones.rank
    for spec in settings.posts:
        if spec.phase not in lengths:
            if spec.phase not in missing:
                missing.append(spec.phase)
            continue
        start = end = None
        length = lengths[spec.phase]
        if spec.hours:
            start = max(at_day_time(scenario.election_date, spec.hours[0]), starts[spec.phase])
            end = min(at_day_time(scenario.election_date, spec.hours[1]), ends[spec.phase])
            if end <= start:
                continue
            length = (end - start).total_seconds() / 60.0
        due = length if spec.due_min is None else min(spec.due_min, length)
        kinds = table.kind_set(_kinds_for(settings, spec.force, spec.kinds))
        if spec.at == "village":
            top = _largest(scenario, spec.top)
            for i, v in enumerate(scenario.villages):
                z = zones[i]
                if spec.zones and z not in spec.zones:
                    continue
                if rank(z) < spec.min_rank or (top is not None and i not in top):
                    continue
                need = spec.personnel * (v.tps if spec.per == "tps" else 1)
                if need > 0:
                    w = weights[z] * spec.weight
                    table.add(
                        (spec.phase,), i, -1, spec.force, spec.post, "", need, w, due, kinds,
                        start, end,
                    )  # fmt: skip
            continue
        ids = sorted(k for k in ctx.offices if k.startswith("kecamatan:"))
        if spec.at == "pemkab":
            ids = ["pemkab"] if "pemkab" in ctx.offices else []
        w = max(weights.values()) * spec.weight if spec.at == "pemkab" else spec.weight
        for sid in ids:
            if spec.personnel > 0:
                place = table.place_index(ctx.offices[sid])
                table.add(
                    (spec.phase,), -1, place, spec.force, spec.post, "", spec.personnel, w, due,
                    kinds, start, end,
                )  # fmt: skip
    return table, missing


def element_phases(
    el: ReserveElement, default: tuple[PhaseKind, ...], lengths: dict[PhaseKind, float]
) -> tuple[PhaseKind, ...]:
    """The phases an element stands by through, of those the scenario has, in phase order."""
    wanted = el.phases or default or tuple(lengths)
    return tuple(p for p in lengths if p in wanted)


def reserve_posts(
    table: PostTable,
    ctx,  # type: ignore[no-untyped-def]
    sites: list[Site],
    central: list[int],
) -> None:
    """Doctrinal reserve elements: per chosen site, or once per regency at its central site —
    in whole platoons (``platoon_size`` each nominally) or whole units."""
    rs = ctx.settings.reserve
    if not sites:
        return
    size = ctx.settings.request.platoon_size
    for el in rs.elements:
        phases = element_phases(el, rs.phases, ctx.lengths)
        if el.platoons <= 0 or not phases:
            continue
        first = ctx.lengths[phases[0]]
        due = first if el.due_min is None else min(el.due_min, first)
        kinds = table.kind_set(frozenset(el.unit_kinds()))
        counts = UNITS if el.count == "units" else PLATOONS
        weight = (el.weight or ctx.top_weight) * size  # a platoon weighs as its people
        where = range(len(sites)) if el.per == "site" else [c for c in central if c >= 0]
        for s in where:
            place = table.place_index(sites[s], s)
            table.add(
                phases, -1, place, el.force, RESERVE, el.role, el.platoons, weight, due, kinds,
                counts=counts,
            )  # fmt: skip


def tps_requirement(scenario: Scenario, assessment: Assessment) -> list[Requirement]:
    """The staffing pattern at every village's TPS on voting day (pemungutan)."""
    settings, _ = read_settings(scenario)
    out = []
    weights = {z: zone_weight(settings, scenario, z) for z in scenario.zones.ids()}
    for v in scenario.villages:
        z = assessment.zone_of(v.code)
        for r in scenario.patterns:
            need = math.ceil(r.personnel * v.tps / r.per_tps) if r.zone == z else 0
            if need > 0:
                out.append(
                    Requirement(
                        phase=PhaseKind.PEMUNGUTAN,
                        village_code=v.code,
                        force=r.force,
                        personnel=need,
                        due_min=settings.tps_due_min,
                        weight=weights[z],
                    )
                )
    return out
