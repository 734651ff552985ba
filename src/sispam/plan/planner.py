"""Menyusun rencana pengamanan (building the deployment plan): zones → posts of every phase →
allocation, reserves with the response they promise, reinforcement request, timeline and
outreach, as one immutable :class:`~sispam.domain.Plan`.

Pure: reads nothing but the scenario, the assessment and the embedded geography; the same inputs
give the same plan, byte for byte (wall times go to ``timings``, never into the plan).

The steps: :mod:`~sispam.plan.context` (settings, zones, travel, territory, offices),
:mod:`~sispam.plan.requirement` (posts), :mod:`~sispam.plan.reserves` (staging posts),
:mod:`~sispam.plan.problem` and :mod:`~sispam.plan.allocation` (who stands where),
:mod:`~sispam.plan.response` (what the reserves can promise), :mod:`~sispam.plan.reinforcement`
(request), :mod:`~sispam.plan.timeline` (D-1, escorts), :mod:`~sispam.plan.outreach` (calendar),
:mod:`~sispam.plan.results` (the result objects).
"""

from __future__ import annotations

import gc
import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from sispam.domain import Assessment, Plan, Scenario
from sispam.i18n import t
from sispam.plan.context import make_context
from sispam.plan.outreach import schedule_outreach
from sispam.plan.problem import build_problem, solve_problem
from sispam.plan.reinforcement import marginal_table, request_reinforcement
from sispam.plan.requirement import reserve_posts, village_posts
from sispam.plan.reserves import place_reserves
from sispam.plan.response import FIRST_RESPONDER, promises_and_coverage
from sispam.plan.results import (
    decode,
    empty_totals,
    phase_totals_of,
    requirements_of,
    reserve_requirements_of,
    reserve_sites,
    shortfalls_of,
    unit_plans,
    village_plans,
)
from sispam.plan.timeline import escorts, schedule

log = logging.getLogger("sispam.plan")

# --- the plan --------------------------------------------------------------------------------


def plan(
    scenario: Scenario, assessment: Assessment, timings: dict[str, float] | None = None
) -> Plan:
    """Rencana pengamanan: every phase's posts and who stands at them, reserves with the response
    they promise, shortfalls with the reinforcement request, the timeline (D-1, escorts) and the
    outreach calendar. ``timings``, when given, receives the wall time of each step (seconds)."""
    with _gc_paused():
        return _plan(scenario, assessment, timings)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """A national plan allocates hundreds of thousands of small result objects and no reference
    cycles worth collecting: the cyclic collector, run every few hundred allocations, scans them
    again and again (about a fifth of the CPU time). Paused for the call, restored after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _plan(scenario: Scenario, assessment: Assessment, timings: dict[str, float] | None) -> Plan:
    clock = _Clock(timings)
    ctx = make_context(scenario, assessment)
    s = ctx.settings
    notes: list[str] = []
    posts, missing = village_posts(ctx)
    for ph in missing:
        notes.append(t("plan.note.phase_missing", phase=ph.value))
    res = place_reserves(ctx, ctx.group, ctx.group_codes)
    clock.lap("reserves")
    notes += res.notes
    reserve_posts(posts, ctx, res.sites, res.central)
    prob = build_problem(ctx, posts, res, scenario.units)
    sol = solve_problem(ctx, prob)
    clock.lap("allocation")
    if sol.report.method in ("greedy", "mixed") and sol.report.reason == "size":
        notes.append(t("plan.note.greedy", gap=_pct(sol.report.gap)))
    if sol.report.status == "time_limit":
        notes.append(t("plan.note.time_limit", gap=_pct(sol.report.gap)))

    villages = scenario.villages
    assignments, reserves = decode(ctx, prob, sol, res)
    shortfalls = shortfalls_of(ctx, prob, sol, res)
    key = s.key_phase if s.key_phase in ctx.lengths else next(iter(ctx.lengths), None)
    site_group = {site.id: int(g) for site, g in zip(res.sites, res.site_group, strict=True)}
    response, cov = promises_and_coverage(
        ctx, reserves, res.weights, key, bool(res.sites), site_group
    )
    clock.lap("response")
    request = request_reinforcement(ctx, prob, sol, res)
    first_posts = {r.site_id for r in reserves if r.role == FIRST_RESPONDER}
    staffed = np.array([c.id in first_posts for c in res.candidates], bool)
    marginal = marginal_table(ctx, prob, sol, res, request, cov.coverage, staffed)
    clock.lap("marginal")
    outreach, unscheduled = schedule_outreach(scenario, ctx.zones, ctx.scores, ctx.outreach)
    if unscheduled:
        notes.append(t("plan.note.outreach_unscheduled", count=unscheduled))
    phase_totals = phase_totals_of(ctx, prob, sol)
    totals = phase_totals.get(key.value, {}) if key is not None else {}
    if not totals:
        totals = empty_totals(scenario)
    notes += _feasibility(ctx, shortfalls)
    crossings = sorted({a.cross_border for a in assignments if a.cross_border})
    notes += crossings
    if cov.coverage is not None and cov.coverage < 1.0:
        notes.append(
            t(
                "plan.note.uncovered",
                count=int((~cov.covered).sum()),
                minutes=f"{s.reserve.response_min:g}",
            )
        )
    if ctx.travel.estimated:  # type: ignore[attr-defined]
        notes.append(t("plan.note.travel_estimated"))
    escort_list = escorts(ctx, assignments)
    timeline = schedule(ctx, assignments, reserves, escort_list)
    clock.lap("timeline")
    out = Plan(
        scenario=scenario.name,
        zones={v.code: z for v, z in zip(villages, ctx.zones, strict=True)},
        requirements=requirements_of(ctx, posts),
        assignments=assignments,
        reserves=reserves,
        reserve_sites=reserve_sites(ctx, res),
        coverage=cov.coverage,
        shortfalls=shortfalls,
        request=request,
        outreach=outreach,
        totals=totals,
        solver=sol.report,
        notes=tuple(notes),
        key_phase=key,
        reserve_requirements=reserve_requirements_of(ctx, posts, res),
        coverage_min=s.reserve.response_min if cov.coverage is not None else None,
        coverage_backup=cov.backup if s.reserve.backup else None,
        uncovered=tuple(villages[i].code for i in np.flatnonzero(~cov.covered))
        if cov.coverage is not None
        else (),
        coverage_solver=res.report,
        marginal=marginal,
        phase_totals=phase_totals,
        villages=village_plans(ctx, prob, sol, cov, key, outreach),
        units=unit_plans(prob, sol),
        outreach_unscheduled=unscheduled,
        response=response,
        escorts=escort_list,
        schedule=timeline,
    )
    clock.lap("results")
    clock.done(sol.time_s, res.time_s)
    return out


def _feasibility(ctx, shortfalls) -> list[str]:  # type: ignore[no-untyped-def]
    """Say, phase by phase, whether the published strength staffs every post."""
    if not shortfalls:
        return [t("plan.note.feasible")]
    by_phase: dict[object, list[int]] = defaultdict(lambda: [0, 0])
    for sf in shortfalls:
        by_phase[sf.phase][0] += sf.personnel
        by_phase[sf.phase][1] += 1
    out = []
    for p in ctx.scenario.phases:
        if p.kind in by_phase:
            n, posts = by_phase[p.kind]
            out.append(
                t(
                    "plan.note.shortfall",
                    phase=t(f"plan.phase.{p.kind.value}"),
                    personnel=n,
                    posts=posts,
                )  # fmt: skip
            )
    return out


def _pct(gap: float | None) -> str:
    return "–" if gap is None else f"{100 * gap:.2f} %"


class _Clock:
    """Wall time per step, for the caller's ``timings`` and the log — never in the plan."""

    def __init__(self, out: dict[str, float] | None) -> None:
        self.out = out if out is not None else {}
        self.t0 = self.last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.out[f"{step}_s"] = round(now - self.last, 4)
        self.last = now

    def done(self, allocation_solver: float, coverage_solver: float) -> None:
        self.out["allocation_solver_s"] = allocation_solver
        self.out["coverage_solver_s"] = coverage_solver
        self.out["total_s"] = round(time.perf_counter() - self.t0, 4)
        log.info("plan timings: %s", self.out)
