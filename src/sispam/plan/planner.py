"""Menyusun rencana pengamanan (building the deployment plan): zones → posts → allocation,
reserves, reinforcement request and outreach, as one immutable :class:`~sispam.domain.Plan`.

Pure: reads nothing but the scenario, the assessment and the embedded geography.

The steps: :mod:`~sispam.plan.context` (settings, zones, travel), :mod:`~sispam.plan.requirement`
(posts), :mod:`~sispam.plan.reserves` (staging posts), :mod:`~sispam.plan.problem` and
:mod:`~sispam.plan.allocation` (who stands where), :mod:`~sispam.plan.reinforcement` (request),
:mod:`~sispam.plan.outreach` (calendar), :mod:`~sispam.plan.results` (the result objects).
"""

from __future__ import annotations

import numpy as np

from sispam.domain import Assessment, Plan, Requirement, ReserveRequirement, Scenario
from sispam.i18n import t
from sispam.plan.context import make_context
from sispam.plan.outreach import schedule_outreach
from sispam.plan.problem import build_problem, solve_problem
from sispam.plan.reinforcement import marginal_table, request_reinforcement
from sispam.plan.requirement import reserve_posts, village_posts
from sispam.plan.reserves import place_reserves
from sispam.plan.results import (
    decode,
    empty_totals,
    phase_totals_of,
    reserve_sites,
    shortfalls_of,
    unit_plans,
    village_plans,
)

# --- the plan --------------------------------------------------------------------------------


def plan(scenario: Scenario, assessment: Assessment) -> Plan:
    """Rencana pengamanan: requirement, allocation of every agency's units, reserves with their
    coverage, shortfalls with the reinforcement request, and the outreach calendar."""
    ctx = make_context(scenario, assessment)
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
    assignments, reserves = decode(ctx, prob, sol, res, phase_start)
    shortfalls = shortfalls_of(ctx, prob, sol, res)
    request = request_reinforcement(ctx, prob, sol, res, phase_start)
    marginal = marginal_table(ctx, prob, sol, res, request)
    outreach, unscheduled = schedule_outreach(scenario, ctx.zones, ctx.scores, ctx.outreach)
    if unscheduled:
        notes.append(t("plan.note.outreach_unscheduled", count=unscheduled))
    key = s.key_phase if s.key_phase in ctx.lengths else next(iter(ctx.lengths), None)
    phase_totals = phase_totals_of(prob, sol, scenario)
    totals = phase_totals.get(key.value, {}) if key is not None else {}
    if not totals:
        totals = empty_totals(scenario)
    short_total = int(sol.shortfall.sum())
    if short_total:
        notes.append(
            t("plan.note.shortfall", personnel=short_total, posts=int((sol.shortfall > 0).sum()))
        )
    if ctx.travel.estimated:  # type: ignore[attr-defined]
        notes.append(t("plan.note.travel_estimated"))
    sites_out = reserve_sites(ctx, res)
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
        villages=village_plans(ctx, prob, sol, res, key, outreach),
        units=unit_plans(prob, sol),
        outreach_unscheduled=unscheduled,
    )


def _pct(gap: float | None) -> str:
    return "–" if gap is None else f"{100 * gap:.2f} %"
