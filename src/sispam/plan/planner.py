"""Menyusun rencana pengamanan (building the deployment plan): zones → posts → allocation,
reserves, reinforcement request and outreach, as one immutable :class:`~sispam.domain.Plan`.

Pure: reads nothing but the scenario, the assessment and the embedded geography.

Timing conventions (documented in docs/plan.md): every unit moves at the start of a phase from
its base; a Brimob BKO unit (``arrival_delay_min`` > 0) is under the Kapolres' control that many
minutes after the phase starts and moves from the Polres HQ (``[plan] bko_from = "hq"``) or its
own base (``"home"``). ``arrival_min`` = delay + travel; a unit may stand at a post only if it
arrives by the post's due time (TPS: ``tps_due_min``), so no reinforcement is ever posted before
it has arrived.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import numpy as np

from sispam.domain import (
    Assessment,
    Assignment,
    Force,
    ForceTotals,
    PhaseKind,
    Plan,
    Requirement,
    ReserveAssignment,
    ReserveRequirement,
    ReserveSite,
    Scenario,
    Shortfall,
    Unit,
    UnitKind,
    UnitPlan,
    VillagePlan,
)
from sispam.i18n import t
from sispam.plan.allocation import AllocationModel, AllocationSolution
from sispam.plan.errors import PlanError
from sispam.plan.jurisdiction import point_groups, village_groups
from sispam.plan.outreach import schedule_outreach
from sispam.plan.reinforcement import marginal_table, request_reinforcement
from sispam.plan.requirement import TPS, PostTable, phase_minutes, reserve_posts, village_posts
from sispam.plan.reserves import Reserves, place_reserves
from sispam.plan.settings import OutreachSettings, PlanSettings, read_settings, zone_weight
from sispam.plan.travel import nearest, travel_model, village_areas

HQ_KINDS = (UnitKind.POLRES_SAMAPTA, UnitKind.DALMAS)


@dataclass(frozen=True)
class Context:
    """Everything the steps share, computed once."""

    scenario: Scenario
    settings: PlanSettings
    outreach: OutreachSettings
    zones: list[str]
    scores: list[float | None]
    lat: np.ndarray
    lng: np.ndarray
    areas: np.ndarray
    lengths: dict[PhaseKind, float]
    travel: object  # geo.TravelModel
    group: np.ndarray  # per village: its jurisdiction group (regency), all 0 within one regency
    group_codes: list[str]

    @property
    def top_weight(self) -> float:
        return max(zone_weight(self.settings, self.scenario, z) for z in self.scenario.zones.ids())


@dataclass(frozen=True)
class Problem:
    """The allocation instance with the maps back to units and posts."""

    posts: PostTable
    units: tuple[Unit, ...]
    pair_unit: np.ndarray
    pair_post: np.ndarray
    travel: np.ndarray
    arrival: np.ndarray
    model: AllocationModel


# --- context ---------------------------------------------------------------------------------


def _context(scenario: Scenario, assessment: Assessment) -> Context:
    settings, outreach = read_settings(scenario)
    by_code = assessment.by_code()
    zone_ids = set(scenario.zones.ids())
    missing = [v.code for v in scenario.villages if v.code not in by_code]
    if missing:
        raise PlanError(
            t("plan.error.assessment_missing", count=len(missing), codes=", ".join(missing[:5]))
        )
    zones, scores = [], []
    for v in scenario.villages:
        r = by_code[v.code]
        if r.zone not in zone_ids:
            raise PlanError(
                t("plan.error.unknown_zone", zone=r.zone, village=v.code, zones=", ".join(zone_ids))
            )
        zones.append(r.zone)
        scores.append(r.score)
    tm = travel_model(scenario)
    ctx = Context(
        scenario=scenario,
        settings=settings,
        outreach=outreach,
        zones=zones,
        scores=scores,
        lat=np.array([v.lat for v in scenario.villages], float),
        lng=np.array([v.lng for v in scenario.villages], float),
        areas=village_areas(scenario, tm),
        lengths=phase_minutes(scenario),
        travel=tm,
        group=np.zeros(len(zones), np.int64),
        group_codes=[""],
    )
    group, codes = village_groups(ctx)
    return replace(ctx, group=group, group_codes=codes)


# --- the allocation instance -----------------------------------------------------------------


def _hq(scenario: Scenario) -> tuple[float, float] | None:
    for kind in HQ_KINDS:
        for u in scenario.units:
            if u.kind == kind:
                return u.lat, u.lng
    return None


def unit_origin(scenario: Scenario, settings: PlanSettings, units: tuple[Unit, ...]) -> np.ndarray:
    """Where each unit moves from: its base, or the Polres HQ for a BKO unit on arrival."""
    hq = _hq(scenario) if settings.bko_from == "hq" else None
    out = np.empty((len(units), 2))
    for i, u in enumerate(units):
        out[i] = hq if (hq is not None and u.arrival_delay_min > 0) else (u.lat, u.lng)
    return out


def _day_groups(ctx: Context) -> tuple[dict[PhaseKind, int], dict[PhaseKind, float]]:
    """Duty-day group and duty hours of each phase: phases within one calendar day share the
    day's duty limit; a phase spanning days counts ``multi_day_hours`` a day on its own."""
    group: dict[PhaseKind, int] = {}
    hours: dict[PhaseKind, float] = {}
    days: dict[object, int] = {}
    for ph in ctx.scenario.phases:
        end = ph.end - timedelta(microseconds=1)
        if end.date() == ph.start.date():
            key: object = ph.start.date()
            hours[ph.kind] = (ph.end - ph.start).total_seconds() / 3600.0
        else:
            key = ph.kind
            hours[ph.kind] = ctx.settings.multi_day_hours
        group[ph.kind] = days.setdefault(key, len(days))
    return group, hours


def build_problem(
    ctx: Context,
    posts: PostTable,
    res: Reserves,
    units: tuple[Unit, ...],
    forces: frozenset[Force] | None = None,
) -> Problem:
    """Eligible (unit, post) pairs and the resource rows, as an :class:`AllocationModel`
    (``forces``: only the posts of these forces get pairs — the others stay unfilled)."""
    s = ctx.settings
    n_p = len(posts)
    phases = [p.kind for p in ctx.scenario.phases]
    ph_index = {k: i for i, k in enumerate(phases)}
    origin = unit_origin(ctx.scenario, s, units)
    delay = np.array([u.arrival_delay_min for u in units], float)
    kind = [u.kind for u in units]
    force = [u.force for u in units]
    avail = np.array(
        [sum(1 << ph_index[k] for k in phases if u.available_in(k)) for u in units], np.int64
    )
    post_mask = np.array([sum(1 << ph_index[k] for k in ph) for ph in posts.phases], np.int64)
    post_force = posts.force
    post_village = np.array(posts.village, np.int64)
    post_site = np.array(posts.site, np.int64)
    due = np.array(posts.due, float)
    code_index = {v.code: i for i, v in enumerate(ctx.scenario.villages)}
    home = np.array([code_index.get(u.home_code, -1) if u.home_code else -1 for u in units])

    pu: list[np.ndarray] = []
    pp: list[np.ndarray] = []
    pt: list[np.ndarray] = []
    K = s.solver.max_candidates
    by_force_posts: dict[Force, np.ndarray] = {}
    for f in sorted(set(post_force), key=list(Force).index):
        by_force_posts[f] = np.array([i for i in range(n_p) if post_force[i] == f], np.int64)

    for f, idx in by_force_posts.items():
        if forces is not None and f not in forces:
            continue
        vill = idx[post_village[idx] >= 0]
        resv = idx[post_site[idx] >= 0]
        # Village posts: Linmas only at their home village's TPS; others by nearest reach.
        if vill.size:
            kinds_ok = posts.kind_sets[posts.kinds[int(vill[0])]]
            linmas_units = np.array(
                [
                    i
                    for i in range(len(units))
                    if force[i] == f and kind[i] == UnitKind.LINMAS and kind[i] in kinds_ok
                ],
                np.int64,
            )
            other_units = np.array(
                [
                    i
                    for i in range(len(units))
                    if force[i] == f and kind[i] != UnitKind.LINMAS and kind[i] in kinds_ok
                ],
                np.int64,
            )
            if linmas_units.size:
                by_home: dict[int, list[int]] = {}
                for u in linmas_units.tolist():
                    if home[u] >= 0:
                        by_home.setdefault(int(home[u]), []).append(u)
                lu, ld = [], []
                for d in vill.tolist():
                    if posts.post[d] == TPS:
                        for u in by_home.get(int(post_village[d]), ()):
                            lu.append(u)
                            ld.append(d)
                if lu:
                    lu_a, ld_a = np.array(lu, np.int64), np.array(ld, np.int64)
                    dv = post_village[ld_a]
                    pu.append(lu_a)
                    pp.append(ld_a)
                    pt.append(
                        np.asarray(
                            ctx.travel.minutes(  # type: ignore[attr-defined]
                                origin[lu_a, 0],
                                origin[lu_a, 1],
                                ctx.lat[dv],
                                ctx.lng[dv],
                                area=ctx.areas[dv],
                            ),
                            float,
                        )
                    )
            if other_units.size:
                vi, ui, mi = nearest(
                    ctx.travel,
                    ctx.lat,
                    ctx.lng,
                    ctx.areas,
                    origin[other_units, 0],
                    origin[other_units, 1],
                    s.max_travel_min,
                    K,
                )
                ui = other_units[ui]
                # Expand village candidates to the posts at that village.
                ptr = np.searchsorted(vi, np.arange(len(ctx.zones) + 1))
                pv = post_village[vill]
                counts = ptr[pv + 1] - ptr[pv]
                rep_post = np.repeat(vill, counts)
                offs = np.repeat(ptr[pv], counts) + (
                    np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
                )
                pu.append(ui[offs])
                pp.append(rep_post)
                pt.append(mi[offs])
        # Reserve posts: units of the element's kinds, nearest first, from their base (or the
        # HQ for BKO) to the staging post.
        post_kinds = np.array(posts.kinds, np.int64)
        for ks in sorted({posts.kinds[d] for d in resv.tolist()}):
            these = resv[post_kinds[resv] == ks]
            kinds_ok = posts.kind_sets[ks]
            cand = np.array(
                [i for i in range(len(units)) if force[i] == f and kind[i] in kinds_ok], np.int64
            )
            if not cand.size:
                continue
            sites = [res.sites[int(post_site[d])] for d in these.tolist()]
            di, ci, mi = nearest(
                ctx.travel,
                np.array([x.lat for x in sites]),
                np.array([x.lng for x in sites]),
                np.full(len(sites), ctx.travel.default_area, dtype=object),  # type: ignore[attr-defined]
                origin[cand, 0],
                origin[cand, 1],
                s.max_travel_min,
                K,
            )
            pu.append(cand[ci])
            pp.append(these[di])
            pt.append(mi)

    pair_unit = np.concatenate(pu) if pu else np.zeros(0, np.int64)
    pair_post = np.concatenate(pp) if pp else np.zeros(0, np.int64)
    travel = np.concatenate(pt) if pt else np.zeros(0)
    arrival = delay[pair_unit] + travel
    ok = (arrival <= due[pair_post] + 1e-9) & ((post_mask[pair_post] & ~avail[pair_unit]) == 0)
    pair_unit, pair_post, travel, arrival = pair_unit[ok], pair_post[ok], travel[ok], arrival[ok]
    if len(ctx.group_codes) > 1:
        # Each regency's units serve its own posts (its villages and its staging posts).
        u_group = point_groups(
            ctx,
            ctx.group,
            ctx.group_codes,
            origin[:, 0],
            origin[:, 1],
            [u.home_code for u in units],
        )
        site_group = res.site_group
        p_group = np.where(
            post_village >= 0,
            ctx.group[np.maximum(post_village, 0)],
            site_group[np.maximum(post_site, 0)] if site_group.size else -1,
        )
        mine = u_group[pair_unit] == p_group[pair_post]
        pair_unit, pair_post = pair_unit[mine], pair_post[mine]
        travel, arrival = travel[mine], arrival[mine]

    # Resource rows: strength per (unit, phase); duty hours per (unit, day).
    group, hours = _day_groups(ctx)
    n_ph, n_g = len(phases), max(group.values(), default=-1) + 1
    group_hours = [0.0] * n_g
    for k, g in group.items():
        group_hours[g] += hours[k]
    strength = np.array([u.strength for u in units], float)
    rp, rr, rc = [], [], []
    tuples = sorted(set(posts.phases), key=lambda ph: [ph_index[k] for k in ph])
    pair_tuple = (
        np.array([tuples.index(posts.phases[d]) for d in range(n_p)], np.int64)[pair_post]
        if n_p
        else np.zeros(0, np.int64)
    )
    for ti, ph in enumerate(tuples):
        sel = np.nonzero(pair_tuple == ti)[0]
        if not sel.size:
            continue
        per_group: dict[int, float] = {}
        for k in ph:
            rp.append(sel)
            rr.append(pair_unit[sel] * n_ph + ph_index[k])
            rc.append(np.ones(sel.size))
            per_group[group[k]] = per_group.get(group[k], 0.0) + hours[k]
        for g, h in per_group.items():
            if group_hours[g] <= s.max_duty_hours + 1e-9:
                continue  # a full day in every phase still fits the duty limit: never binds
            rp.append(sel)
            rr.append(len(units) * n_ph + pair_unit[sel] * n_g + g)
            rc.append(np.full(sel.size, h))
    cap = np.concatenate([np.repeat(strength, n_ph), np.repeat(strength * s.max_duty_hours, n_g)])
    min_team = np.array([u.min_team for u in units], np.int64)
    need = np.array(posts.need, np.int64)
    model = AllocationModel.from_pairs(
        need=need,
        weight=np.array(posts.weight, float),
        pair_unit=pair_unit,
        pair_post=pair_post,
        cost=travel,
        min_team=min_team[pair_unit],
        upper=strength[pair_unit].astype(np.int64),
        res_pair=np.concatenate(rp) if rp else np.zeros(0, np.int64),
        res_row=np.concatenate(rr) if rr else np.zeros(0, np.int64),
        res_coef=np.concatenate(rc) if rc else np.zeros(0),
        res_cap=cap,
    )
    keep = model.origin if model.origin is not None else np.arange(pair_unit.size)
    return Problem(
        posts=posts,
        units=units,
        pair_unit=pair_unit[keep],
        pair_post=pair_post[keep],
        travel=travel[keep],
        arrival=arrival[keep],
        model=model,
    )


def solve_problem(
    ctx: Context, prob: Problem, method: str | None = None, travel: bool = True
) -> AllocationSolution:
    sv = ctx.settings.solver
    return prob.model.solve(
        method=method or sv.method,
        time_limit_s=sv.time_limit_s,
        max_milp_vars=sv.max_milp_vars,
        mip_rel_gap=sv.mip_rel_gap,
        with_travel=travel,
    )


# --- the plan --------------------------------------------------------------------------------


def plan(scenario: Scenario, assessment: Assessment) -> Plan:
    """Rencana pengamanan: requirement, allocation of every agency's units, reserves with their
    coverage, shortfalls with the reinforcement request, and the outreach calendar."""
    ctx = _context(scenario, assessment)
    s = ctx.settings
    notes: list[str] = []
    posts, missing = village_posts(scenario, ctx.zones, s)
    for ph in missing:
        notes.append(t("plan.note.phase_missing", phase=ph.value))
    res_phases = tuple(p for p in s.reserve.phases if p in ctx.lengths)
    res = place_reserves(ctx, ctx.group, ctx.group_codes)
    notes += res.notes
    n_village_posts = len(posts)
    reserve_posts(
        posts,
        s.reserve.elements,
        len(res.sites),
        [c for c in res.central if c >= 0],
        res_phases,
        ctx.lengths,
        s.request.platoon_size,
        ctx.top_weight,
    )
    prob = build_problem(ctx, posts, res, scenario.units)
    sol = solve_problem(ctx, prob)
    if sol.report.method in ("greedy", "mixed") and sol.report.reason == "size":
        notes.append(t("plan.note.greedy", gap=_pct(sol.report.gap)))
    if sol.report.status == "time_limit":
        notes.append(t("plan.note.time_limit", gap=_pct(sol.report.gap)))

    phase_start = {p.kind: p.start for p in scenario.phases}
    villages = scenario.villages
    requirements = tuple(
        Requirement.model_construct(
            phase=posts.phases[d][0],
            village_code=villages[posts.village[d]].code,
            force=posts.force[d],
            personnel=posts.need[d],
            post=posts.post[d],
            due_min=round(posts.due[d], 1),
            weight=posts.weight[d],
        )
        for d in range(n_village_posts)
    )
    reserve_reqs = tuple(
        ReserveRequirement.model_construct(
            role=posts.role[d],
            force=posts.force[d],
            personnel=posts.need[d],
            site_id=res.sites[posts.site[d]].id,
            phases=posts.phases[d],
            due_min=round(posts.due[d], 1),
            weight=posts.weight[d],
        )
        for d in range(n_village_posts, len(posts))
    )
    assignments, reserves = _decode(ctx, prob, sol, res, phase_start)
    shortfalls = _shortfalls(ctx, prob, sol, res)
    request = request_reinforcement(ctx, prob, sol, res, phase_start)
    marginal = marginal_table(ctx, prob, sol, res, request)
    outreach, unscheduled = schedule_outreach(scenario, ctx.zones, ctx.scores, ctx.outreach)
    if unscheduled:
        notes.append(t("plan.note.outreach_unscheduled", count=unscheduled))
    key = s.key_phase if s.key_phase in ctx.lengths else next(iter(ctx.lengths), None)
    phase_totals = _phase_totals(prob, sol, scenario)
    totals = phase_totals.get(key.value, {}) if key is not None else {}
    if not totals:
        totals = _empty_totals(scenario)
    short_total = int(sol.shortfall.sum())
    if short_total:
        notes.append(
            t("plan.note.shortfall", personnel=short_total, posts=int((sol.shortfall > 0).sum()))
        )
    if ctx.travel.estimated:  # type: ignore[attr-defined]
        notes.append(t("plan.note.travel_estimated"))
    sites_out = _reserve_sites(ctx, res)
    return Plan(
        scenario=scenario.name,
        zones={v.code: z for v, z in zip(villages, ctx.zones, strict=True)},
        requirements=requirements,
        assignments=assignments,
        reserves=reserves,
        reserve_sites=sites_out,
        coverage=None if res.coverage is None else round(res.coverage, 6),
        shortfalls=shortfalls,
        request=request,
        outreach=outreach,
        totals=totals,
        solver=sol.report,
        notes=tuple(notes),
        key_phase=key,
        reserve_requirements=reserve_reqs,
        coverage_min=s.reserve.response_min if res.coverage is not None else None,
        coverage_backup=None
        if res.backup_coverage is None or not s.reserve.backup
        else round(res.backup_coverage, 6),
        uncovered=tuple(villages[i].code for i in np.flatnonzero(~res.covered))
        if res.coverage is not None
        else (),
        coverage_solver=res.report,
        marginal=marginal,
        phase_totals=phase_totals,
        villages=_village_plans(ctx, prob, sol, res, key, outreach),
        units=_unit_plans(prob, sol),
        outreach_unscheduled=unscheduled,
    )


# The bulk result objects (hundreds of thousands at national scale) are built with
# ``model_construct``: their values come from validated inputs and typed arrays, and validating
# each again cost more than the optimisation. Tests round-trip whole plans through JSON, which
# validates every field.


def _pct(gap: float | None) -> str:
    return "–" if gap is None else f"{100 * gap:.2f} %"


def _decode(
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


def _shortfalls(
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


def _empty_totals(scenario: Scenario) -> dict[str, ForceTotals]:
    forces = sorted(
        {u.force for u in scenario.units} | {r.force for r in scenario.patterns},
        key=list(Force).index,
    )
    return {
        f.value: ForceTotals(available=sum(u.strength for u in scenario.units if u.force == f))
        for f in forces
    }


def _phase_totals(
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


def _reserve_sites(ctx: Context, res: Reserves) -> tuple[ReserveSite, ...]:
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


def _village_plans(
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


def _unit_plans(prob: Problem, sol: AllocationSolution) -> tuple[UnitPlan, ...]:
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
