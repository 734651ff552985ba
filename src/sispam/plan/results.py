"""Hasil rencana (the plan's result objects): assignments and reserves from the solution,
shortfalls, totals per phase and force, and the per-village and per-unit summaries a map or a
table shows."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from sispam.domain import (
    Assignment,
    Force,
    ForceTotals,
    PhaseKind,
    ReserveAssignment,
    ReserveSite,
    Scenario,
    Shortfall,
    UnitPlan,
    VillagePlan,
)
from sispam.plan.allocation import AllocationSolution
from sispam.plan.context import Context
from sispam.plan.problem import Problem
from sispam.plan.requirement import TPS
from sispam.plan.reserves import Reserves

# The bulk result objects (hundreds of thousands at national scale) are built with
# ``model_construct``: their values come from validated inputs and typed arrays, and validating
# each again cost more than the optimisation. Tests round-trip whole plans through JSON, which
# validates every field.


def decode(
    ctx: Context, prob: Problem, sol: AllocationSolution, res: Reserves, phase_start: dict
) -> tuple[tuple[Assignment, ...], tuple[ReserveAssignment, ...]]:
    posts, units, villages = prob.posts, prob.units, ctx.scenario.villages
    assignments: list[Assignment] = []
    reserves: list[ReserveAssignment] = []
    for e in np.nonzero(sol.x > 0)[0].tolist():
        u = units[int(prob.pair_unit[e])]
        d = int(prob.pair_post[e])
        n = int(sol.x[e])
        phase = posts.phases[d][0]
        arrival = float(prob.arrival[e])
        if posts.village[d] >= 0:
            assignments.append(
                Assignment.model_construct(
                    phase=phase,
                    unit=u.name,
                    kind=u.kind,
                    force=u.force,
                    village_code=villages[posts.village[d]].code,
                    personnel=n,
                    post=posts.post[d],
                    travel_min=round(float(prob.travel[e]), 1),
                    arrival_min=round(arrival, 1),
                    arrival_at=phase_start[phase] + timedelta(minutes=round(arrival)),
                )
            )
        else:
            site = res.sites[posts.site[d]]
            reserves.append(
                ReserveAssignment.model_construct(
                    unit=u.name,
                    kind=u.kind,
                    force=u.force,
                    personnel=n,
                    site_id=site.id,
                    site_name=site.name,
                    lat=site.lat,
                    lng=site.lng,
                    ready_min=round(arrival, 1),
                    role=posts.role[d],
                    phases=posts.phases[d],
                    travel_min=round(float(prob.travel[e]), 1),
                )
            )
    order = [p.kind for p in ctx.scenario.phases]
    assignments.sort(
        key=lambda a: (order.index(a.phase), a.village_code, a.post, a.force.value, a.unit)
    )
    reserves.sort(key=lambda r: (r.site_id, r.role, r.unit))
    return tuple(assignments), tuple(reserves)


def shortfalls_of(
    ctx: Context, prob: Problem, sol: AllocationSolution, res: Reserves
) -> tuple[Shortfall, ...]:
    posts, villages = prob.posts, ctx.scenario.villages
    out = []
    for d in np.nonzero(sol.shortfall > 0)[0].tolist():
        is_village = posts.village[d] >= 0
        out.append(
            Shortfall.model_construct(
                phase=posts.phases[d][0],
                force=posts.force[d],
                personnel=int(sol.shortfall[d]),
                village_code=villages[posts.village[d]].code if is_village else None,
                post=posts.post[d],
                site_id=None if is_village else res.sites[posts.site[d]].id,
                role=posts.role[d] or None,
                weight=posts.weight[d],
            )
        )
    return tuple(out)


def empty_totals(scenario: Scenario) -> dict[str, ForceTotals]:
    forces = sorted(
        {u.force for u in scenario.units} | {r.force for r in scenario.patterns},
        key=list(Force).index,
    )
    return {
        f.value: ForceTotals(available=sum(u.strength for u in scenario.units if u.force == f))
        for f in forces
    }


def phase_totals_of(
    prob: Problem, sol: AllocationSolution, scenario: Scenario
) -> dict[str, dict[str, ForceTotals]]:
    """Per phase and force: required and assigned people at the TPS and overall (TPS, phase
    posts and reserves held through that phase), and the force's strength."""
    posts = prob.posts
    got = np.bincount(prob.pair_post, weights=sol.x, minlength=len(posts)).astype(np.int64)
    forces = sorted(
        {u.force for u in scenario.units} | {r.force for r in scenario.patterns} | set(posts.force),
        key=list(Force).index,
    )
    available = {f: sum(u.strength for u in scenario.units if u.force == f) for f in forces}
    acc: dict[PhaseKind, dict[Force, list[int]]] = {}
    for p in scenario.phases:
        acc[p.kind] = {f: [0, 0, 0, 0] for f in forces}
    for d in range(len(posts)):
        tps = posts.post[d] == TPS
        for ph in posts.phases[d]:
            row = acc[ph][posts.force[d]]
            if tps:
                row[0] += posts.need[d]
                row[1] += int(got[d])
            row[2] += posts.need[d]
            row[3] += int(got[d])
    return {
        ph.value: {
            f.value: ForceTotals(
                required_tps=r[0],
                assigned_tps=r[1],
                required_total=r[2],
                assigned_total=r[3],
                available=available[f],
            )
            for f, r in rows.items()
        }
        for ph, rows in acc.items()
    }


def reserve_sites(ctx: Context, res: Reserves) -> tuple[ReserveSite, ...]:
    if not res.sites:
        return ()
    villages = ctx.scenario.villages
    cand_index = {s.id: j for j, s in enumerate(res.candidates)}
    vi, si, _ = res.reach
    fixed_ids = res.fixed_ids
    out = []
    for k, site in enumerate(res.sites):
        j = cand_index[site.id]
        covered = np.unique(vi[si == j])
        sector = np.nonzero(res.nearest_site == k)[0]
        out.append(
            ReserveSite(
                site_id=site.id,
                name=site.name,
                lat=site.lat,
                lng=site.lng,
                covered_villages=tuple(villages[i].code for i in covered.tolist()),
                kind=site.kind,
                fixed=site.id in fixed_ids,
                weight_covered=round(float(res.weights[covered].sum()), 6),
                sector_villages=tuple(villages[i].code for i in sector.tolist()),
            )
        )
    return tuple(out)


def village_plans(
    ctx: Context,
    prob: Problem,
    sol: AllocationSolution,
    res: Reserves,
    key: PhaseKind | None,
    outreach: tuple,
) -> tuple[VillagePlan, ...]:
    posts = prob.posts
    n_v = len(ctx.zones)
    required: list[dict[str, int]] = [{} for _ in range(n_v)]
    assigned: list[dict[str, int]] = [{} for _ in range(n_v)]
    units: list[set[str]] = [set() for _ in range(n_v)]
    first = np.full(n_v, np.inf)
    last = np.full(n_v, -np.inf)
    for d in range(len(posts)):
        v = posts.village[d]
        if v < 0 or posts.phases[d][0] != key:
            continue
        f = posts.force[d].value
        required[v][f] = required[v].get(f, 0) + posts.need[d]
    for e in np.nonzero(sol.x > 0)[0].tolist():
        d = int(prob.pair_post[e])
        v = posts.village[d]
        if v < 0 or posts.phases[d][0] != key:
            continue
        f = posts.force[d].value
        assigned[v][f] = assigned[v].get(f, 0) + int(sol.x[e])
        units[v].add(prob.units[int(prob.pair_unit[e])].name)
        first[v] = min(first[v], prob.arrival[e])
        last[v] = max(last[v], prob.arrival[e])
    events: dict[str, int] = {}
    for ev in outreach:
        events[ev.village_code] = events.get(ev.village_code, 0) + 1
    out = []
    for i, v in enumerate(ctx.scenario.villages):
        site = int(res.nearest_site[i])
        out.append(
            VillagePlan.model_construct(
                code=v.code,
                name=v.name,
                district=v.district_name,
                zone=ctx.zones[i],
                score=ctx.scores[i],
                lat=v.lat,
                lng=v.lng,
                tps=v.tps,
                required=required[i],
                assigned=assigned[i],
                units=tuple(sorted(units[i])),
                first_arrival_min=round(float(first[i]), 1) if np.isfinite(first[i]) else None,
                last_arrival_min=round(float(last[i]), 1) if np.isfinite(last[i]) else None,
                site_id=res.sites[site].id if site >= 0 else None,
                response_min=round(float(res.response[i]), 1)
                if np.isfinite(res.response[i])
                else None,
                covered=bool(res.covered[i]),
                backup_covered=bool(res.backup_covered[i]),
                outreach_events=events.get(v.code, 0),
            )
        )
    return tuple(out)


def unit_plans(prob: Problem, sol: AllocationSolution) -> tuple[UnitPlan, ...]:
    posts = prob.posts
    n_u = len(prob.units)
    assigned: list[dict[str, int]] = [{} for _ in range(n_u)]
    reserve: list[dict[str, int]] = [{} for _ in range(n_u)]
    dest: list[set[tuple[int, int]]] = [set() for _ in range(n_u)]
    far = np.full(n_u, -np.inf)
    for e in np.nonzero(sol.x > 0)[0].tolist():
        u = int(prob.pair_unit[e])
        d = int(prob.pair_post[e])
        table = assigned[u] if posts.village[d] >= 0 else reserve[u]
        for ph in posts.phases[d]:
            table[ph.value] = table.get(ph.value, 0) + int(sol.x[e])
        dest[u].add((posts.village[d], posts.site[d]))
        far[u] = max(far[u], prob.travel[e])
    return tuple(
        UnitPlan.model_construct(
            name=u.name,
            kind=u.kind,
            force=u.force,
            strength=u.strength,
            lat=u.lat,
            lng=u.lng,
            assigned=assigned[i],
            reserve=reserve[i],
            destinations=len(dest[i]),
            max_travel_min=round(float(far[i]), 1) if np.isfinite(far[i]) else None,
        )
        for i, u in enumerate(prob.units)
    )
