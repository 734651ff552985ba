"""Hasil rencana (the plan's result objects): requirements, assignments and reserves from the
solution, shortfalls, totals per phase and force, and the per-village and per-unit summaries a
map or a table shows. A post held through several phases gives one row per phase."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from sispam.domain import (
    Assignment,
    Force,
    ForceTotals,
    PhaseKind,
    Requirement,
    ReserveAssignment,
    ReserveRequirement,
    ReserveSite,
    Scenario,
    Shortfall,
    UnitPlan,
    VillagePlan,
)
from sispam.i18n import t
from sispam.plan.allocation import AllocationSolution
from sispam.plan.construct import construct
from sispam.plan.context import Context
from sispam.plan.problem import Problem
from sispam.plan.requirement import PERSONNEL, TPS, PostTable
from sispam.plan.reserves import Reserves
from sispam.plan.response import Coverage

# The bulk result objects (hundreds of thousands at national scale) are built with
# ``model_construct``: their values come from validated inputs and typed arrays, and validating
# each again cost more than the optimisation. Tests round-trip whole plans through JSON, which
# validates every field.


def post_start(ctx: Context, posts: PostTable, d: int) -> datetime:
    return posts.start[d] or ctx.phase_start[posts.phases[d][0]]


def _where(ctx: Context, posts: PostTable, d: int) -> tuple[str | None, str | None, str]:
    """(village code, place id, place name) of a village or office post."""
    if posts.village[d] >= 0:
        return ctx.scenario.villages[posts.village[d]].code, None, ""
    p = posts.places[posts.place[d]]
    return None, p.id, p.name


def _people_per_post(prob: Problem, sol: AllocationSolution) -> np.ndarray:
    return np.bincount(
        prob.pair_post, weights=prob.personnel(sol.x), minlength=len(prob.posts)
    ).astype(np.int64)


def need_personnel(ctx: Context, posts: PostTable, d: int) -> int:
    """A post's need in people (a reserve element: its platoons at nominal strength)."""
    if posts.counts[d] == PERSONNEL:
        return posts.need[d]
    return posts.need[d] * ctx.settings.request.platoon_size


def requirements_of(ctx: Context, posts: PostTable) -> tuple[Requirement, ...]:
    out = []
    for d in range(len(posts)):
        if posts.is_reserve(d):
            continue
        village, place, name = _where(ctx, posts, d)
        for ph in posts.phases[d]:
            out.append(
                construct(
                    Requirement,
                    phase=ph,
                    village_code=village,
                    force=posts.force[d],
                    personnel=posts.need[d],
                    post=posts.post[d],
                    due_min=round(posts.due[d], 1),
                    weight=posts.weight[d],
                    place_id=place,
                    place_name=name,
                    start=posts.start[d],
                    end=posts.end[d],
                )
            )
    order = {p.kind: i for i, p in enumerate(ctx.scenario.phases)}
    out.sort(key=lambda r: order[r.phase])  # stable: posts keep their order within a phase
    return tuple(out)


def reserve_requirements_of(
    ctx: Context, posts: PostTable, res: Reserves
) -> tuple[ReserveRequirement, ...]:
    return tuple(
        construct(
            ReserveRequirement,
            role=posts.role[d],
            force=posts.force[d],
            personnel=need_personnel(ctx, posts, d),
            platoons=posts.need[d],
            site_id=res.sites[posts.site(d)].id,
            phases=posts.phases[d],
            due_min=round(posts.due[d], 1),
            weight=posts.weight[d],
        )
        for d in range(len(posts))
        if posts.is_reserve(d)
    )


class _Territory:
    """Names of every kecamatan and of the territorial units answering for it, looked up once."""

    def __init__(self, ctx: Context) -> None:
        self.name = {v.district_code: v.district_name for v in ctx.scenario.villages}
        self.units: dict[tuple[object, int], list[str]] = {}
        for i, w in enumerate(ctx.scenario.units):
            if int(ctx.unit_district[i]) >= 0:
                self.units.setdefault((w.kind, int(ctx.unit_district[i])), []).append(w.name)


def _cross_reason(ctx: Context, prob: Problem, e: int, terr: _Territory) -> str:
    """Why a territorial unit stands outside its kecamatan: its own unit is stretched, or the
    kecamatan has none of that kind."""
    if not prob.cross[e]:
        return ""
    u = prob.units[int(prob.pair_unit[e])]
    d = int(prob.pair_post[e])
    posts = prob.posts
    if posts.village[d] >= 0:
        d_index = int(ctx.district_of[posts.village[d]])
    else:
        d_index = ctx.office_district.get(posts.places[posts.place[d]].id, -1)
    code = ctx.districts[d_index] if d_index >= 0 else ""
    district = terr.name.get(code, code)
    own = terr.units.get((u.kind, d_index), [])
    phase = t(f"plan.phase.{posts.phases[d][0].value}")
    if own:
        return t(
            "plan.cross_border.short", unit=u.name, district=district, own=", ".join(own),
            phase=phase,
        )  # fmt: skip
    return t("plan.cross_border.none", unit=u.name, district=district, phase=phase)


def decode(
    ctx: Context, prob: Problem, sol: AllocationSolution, res: Reserves
) -> tuple[tuple[Assignment, ...], tuple[ReserveAssignment, ...]]:
    posts, units = prob.posts, prob.units
    people = prob.personnel(sol.x)
    terr = _Territory(ctx)
    assignments: list[Assignment] = []
    reserves: list[ReserveAssignment] = []
    for e in np.nonzero(sol.x > 0)[0].tolist():
        u = units[int(prob.pair_unit[e])]
        d = int(prob.pair_post[e])
        arrival = float(prob.arrival[e])
        if posts.is_reserve(d):
            site = res.sites[posts.site(d)]
            reserves.append(
                construct(
                    ReserveAssignment,
                    unit=u.name,
                    kind=u.kind,
                    force=u.force,
                    personnel=int(people[e]),
                    site_id=site.id,
                    site_name=site.name,
                    lat=site.lat,
                    lng=site.lng,
                    ready_min=round(arrival, 1),
                    role=posts.role[d],
                    phases=posts.phases[d],
                    travel_min=round(float(prob.travel[e]), 1),
                    platoons=int(sol.x[e]),
                )
            )
            continue
        village, place, name = _where(ctx, posts, d)
        reason = _cross_reason(ctx, prob, e, terr)
        t0 = post_start(ctx, posts, d)
        for k, phase in enumerate(posts.phases[d]):
            # The same people stay on: in later phases they are there from its start.
            arr = arrival if k == 0 else 0.0
            start = t0 if k == 0 else ctx.phase_start[phase]
            assignments.append(
                construct(
                    Assignment,
                    phase=phase,
                    unit=u.name,
                    kind=u.kind,
                    force=u.force,
                    village_code=village,
                    personnel=int(people[e]),
                    post=posts.post[d],
                    travel_min=round(float(prob.travel[e]), 1),
                    arrival_min=round(arr, 1),
                    arrival_at=start + timedelta(minutes=round(arr)),
                    place_id=place,
                    place_name=name,
                    cross_border=reason,
                )
            )
    order = {p.kind: i for i, p in enumerate(ctx.scenario.phases)}
    assignments.sort(
        key=lambda a: (
            order[a.phase], a.village_code or "", a.place_id or "", a.post, a.force.value, a.unit
        )
    )  # fmt: skip
    reserves.sort(key=lambda r: (r.site_id, r.role, r.unit))
    return tuple(assignments), tuple(reserves)


def shortfalls_of(
    ctx: Context, prob: Problem, sol: AllocationSolution, res: Reserves
) -> tuple[Shortfall, ...]:
    posts = prob.posts
    out = []
    size = ctx.settings.request.platoon_size
    for d in np.nonzero(sol.shortfall > 0)[0].tolist():
        reserve = posts.is_reserve(d)
        village, place, _ = (None, None, "") if reserve else _where(ctx, posts, d)
        short = int(sol.shortfall[d]) * (1 if posts.counts[d] == PERSONNEL else size)
        for ph in posts.phases[d]:
            out.append(
                construct(
                    Shortfall,
                    phase=ph,
                    force=posts.force[d],
                    personnel=short,
                    village_code=village,
                    post=posts.post[d],
                    site_id=res.sites[posts.site(d)].id if reserve else None,
                    role=posts.role[d] or None,
                    weight=posts.weight[d],
                    place_id=place,
                )
            )
    order = {p.kind: i for i, p in enumerate(ctx.scenario.phases)}
    out.sort(key=lambda s: order[s.phase])
    return tuple(out)


def _forces(scenario: Scenario, posts: PostTable) -> list[Force]:
    return sorted(
        {u.force for u in scenario.units} | {r.force for r in scenario.patterns} | set(posts.force),
        key=list(Force).index,
    )


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
    ctx: Context, prob: Problem, sol: AllocationSolution
) -> dict[str, dict[str, ForceTotals]]:
    """Per phase and force: required and assigned people at the TPS and overall (TPS, phase
    posts and reserves held through that phase), and the force's strength."""
    posts, scenario = prob.posts, ctx.scenario
    got = _people_per_post(prob, sol)
    forces = _forces(scenario, posts)
    available = {f: sum(u.strength for u in scenario.units if u.force == f) for f in forces}
    acc: dict[PhaseKind, dict[Force, list[int]]] = {}
    for p in scenario.phases:
        acc[p.kind] = {f: [0, 0, 0, 0] for f in forces}
    for d in range(len(posts)):
        tps = posts.post[d] == TPS
        need = need_personnel(ctx, posts, d)
        for ph in posts.phases[d]:
            row = acc[ph][posts.force[d]]
            if tps:
                row[0] += need
                row[1] += int(got[d])
            row[2] += need
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
    cov: Coverage,
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
        if v < 0 or key not in posts.phases[d]:
            continue
        f = posts.force[d].value
        required[v][f] = required[v].get(f, 0) + posts.need[d]
    people = prob.personnel(sol.x)
    for e in np.nonzero(sol.x > 0)[0].tolist():
        d = int(prob.pair_post[e])
        v = posts.village[d]
        if v < 0 or key not in posts.phases[d]:
            continue
        f = posts.force[d].value
        assigned[v][f] = assigned[v].get(f, 0) + int(people[e])
        units[v].add(prob.units[int(prob.pair_unit[e])].name)
        arrival = prob.arrival[e] if posts.phases[d][0] == key else 0.0
        first[v] = min(first[v], arrival)
        last[v] = max(last[v], arrival)
    events: dict[str, int] = {}
    for ev in outreach:
        events[ev.village_code] = events.get(ev.village_code, 0) + 1
    out = []
    for i, v in enumerate(ctx.scenario.villages):
        response = cov.response[i]
        out.append(
            construct(
                VillagePlan,
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
                site_id=cov.site_id[i],
                response_min=round(float(response), 1) if np.isfinite(response) else None,
                covered=bool(cov.covered[i]),
                backup_covered=bool(cov.backup_covered[i]),
                outreach_events=events.get(v.code, 0),
                promise=cov.promise[i],
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
    people = prob.personnel(sol.x)
    for e in np.nonzero(sol.x > 0)[0].tolist():
        u = int(prob.pair_unit[e])
        d = int(prob.pair_post[e])
        table = reserve[u] if posts.is_reserve(d) else assigned[u]
        for ph in posts.phases[d]:
            table[ph.value] = table.get(ph.value, 0) + int(people[e])
        dest[u].add((posts.village[d], posts.place[d]))
        far[u] = max(far[u], prob.travel[e])
    return tuple(
        construct(
            UnitPlan,
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
