"""Permintaan BKO (reinforcement request) and the marginal value of each extra platoon.

Where the units cannot cover the requirement, the Kapolres asks the Kapolda for Brimob platoons
(BKO) — the Dandim asks the Korem for TNI, the Bupati's office raises Linmas — for the phase that
falls short, staged at the candidate post with the least shortfall-weighted travel to the posts
that fall short, in place by the phase's start.

The marginal-value table answers "what does one more platoon buy?": for 1…K extra Brimob platoons
(requested ahead, so in place at the phase start, staged where the request says) the allocation
is solved again and the shortfall left is reported; separately, the reserve coverage with one more
staging post per extra platoon (the platoon staffs it as Dalmas).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from sispam.domain import Force, MarginalValue, PhaseKind, ReinforcementRequest, Unit, UnitKind
from sispam.i18n import t
from sispam.plan.reserves import extended_coverage

if TYPE_CHECKING:
    from sispam.plan.allocation import AllocationSolution
    from sispam.plan.context import Context
    from sispam.plan.problem import Problem
    from sispam.plan.reserves import Reserves

REQUEST_KIND: dict[Force, UnitKind] = {
    Force.POLRI: UnitKind.BRIMOB_BKO,
    Force.TNI: UnitKind.KODIM_RESERVE,
    Force.LINMAS: UnitKind.LINMAS,
    Force.SATPOL_PP: UnitKind.SATPOL_PP,
    Force.DISHUB: UnitKind.DISHUB,
}
PLATOON_FORCES = (Force.POLRI, Force.TNI)


def _post_points(ctx: Context, prob: Problem, res: Reserves, posts: list[int]) -> np.ndarray:
    out = np.empty((len(posts), 2))
    for k, d in enumerate(posts):
        v = prob.posts.village[d]
        if v >= 0:
            out[k] = (ctx.lat[v], ctx.lng[v])
        else:
            site = res.sites[prob.posts.site[d]]
            out[k] = (site.lat, site.lng)
    return out


def _staging(
    ctx: Context, prob: Problem, res: Reserves, posts: list[int], short: np.ndarray
) -> tuple[str | None, str, float, float]:
    """The candidate post with the least shortfall-weighted travel to ``posts``."""
    pts = _post_points(ctx, prob, res, posts)
    cands = res.candidates
    if not cands:
        k = int(np.argmax(short))
        v = prob.posts.village[posts[k]]
        if v >= 0:
            vil = ctx.scenario.villages[v]
            return None, vil.name, vil.lat, vil.lng
        return None, "", float(pts[k, 0]), float(pts[k, 1])
    c = np.array([(s.lat, s.lng) for s in cands])
    mat = ctx.travel.matrix(c[:, 0], c[:, 1], pts[:, 0], pts[:, 1], dtype=float)  # type: ignore[attr-defined]
    j = int(np.argmin(mat @ short))
    return cands[j].id, cands[j].name, cands[j].lat, cands[j].lng


def request_reinforcement(
    ctx: Context,
    prob: Problem,
    sol: AllocationSolution,
    res: Reserves,
    phase_start: dict[PhaseKind, datetime],
) -> tuple[ReinforcementRequest, ...]:
    rq = ctx.settings.request
    posts = prob.posts
    groups: dict[tuple[PhaseKind, Force], list[int]] = {}
    for d in np.nonzero(sol.shortfall > 0)[0].tolist():
        groups.setdefault((posts.phases[d][0], posts.force[d]), []).append(d)
    order = [p.kind for p in ctx.scenario.phases]
    out = []
    for (phase, force), ds in sorted(
        groups.items(), key=lambda kv: (order.index(kv[0][0]), list(Force).index(kv[0][1]))
    ):
        short = sol.shortfall[ds].astype(float)
        personnel = int(short.sum())
        platoons = math.ceil(personnel / rq.platoon_size) if force in PLATOON_FORCES else 0
        site_id, name, lat, lng = _staging(ctx, prob, res, ds, short)
        villages = {posts.village[d] for d in ds if posts.village[d] >= 0}
        zones: dict[str, int] = {}
        for v in villages:
            zones[ctx.zones[v]] = zones.get(ctx.zones[v], 0) + 1
        reserve_roles = sorted({posts.role[d] for d in ds if posts.village[d] < 0})
        reason = t(
            "plan.request.reason",
            personnel=personnel,
            force=force.value,
            villages=len(villages),
            zones=", ".join(f"{z} {n}" for z, n in sorted(zones.items())) or "–",
            reserves=", ".join(reserve_roles) or "–",
        )
        out.append(
            ReinforcementRequest(
                phase=phase,
                force=force,
                kind=REQUEST_KIND[force],
                platoons=platoons,
                personnel=platoons * rq.platoon_size if platoons else personnel,
                stage_at=site_id,
                reason=reason,
                ssk=platoons // rq.ssk_platoons,
                stage_name=name,
                lat=round(lat, 6),
                lng=round(lng, 6),
                arrive_by=phase_start.get(phase),
            )
        )
    return tuple(out)


def extra_platoons(ctx: Context, k: int, lat: float, lng: float) -> tuple[Unit, ...]:
    """``k`` hypothetical Brimob platoons requested ahead (no delay), staged at (lat, lng)."""
    rq = ctx.settings.request
    return tuple(
        Unit(
            name=t("plan.request.extra_unit", n=i + 1),
            kind=UnitKind.BRIMOB_BKO,
            strength=rq.platoon_size,
            lat=lat,
            lng=lng,
            min_team=min(rq.min_team, rq.platoon_size),
        )
        for i in range(k)
    )


def marginal_table(
    ctx: Context,
    prob: Problem,
    sol: AllocationSolution,
    res: Reserves,
    request: tuple[ReinforcementRequest, ...],
) -> tuple[MarginalValue, ...]:
    from sispam.plan.problem import build_problem

    K = ctx.settings.request.marginal_platoons
    if K <= 0:
        return ()
    polri = [r for r in request if r.force == Force.POLRI]
    if polri:
        best = max(polri, key=lambda r: r.personnel)
        lat, lng = best.lat or 0.0, best.lng or 0.0
    elif res.sites:
        c = next(c for c in res.central if c >= 0)
        lat, lng = res.sites[c].lat, res.sites[c].lng
    else:
        u = ctx.scenario.units[0] if ctx.scenario.units else None
        lat, lng = (u.lat, u.lng) if u else (0.0, 0.0)
    polri_posts = np.array([f == Force.POLRI for f in prob.posts.force], bool)
    base_short = int(sol.shortfall.sum())
    base_polri = int(sol.shortfall[polri_posts].sum()) if polri_posts.size else 0
    base_weighted = float(sol.report.objective or 0.0)
    cov0 = res.coverage
    rows = [
        MarginalValue(
            extra_platoons=0,
            personnel=0,
            shortfall=base_short,
            weighted_shortfall=round(base_weighted, 6),
            coverage=None if cov0 is None else round(cov0, 6),
        )
    ]
    series: list[tuple[np.ndarray, bool]] = []
    touched = np.zeros(len(prob.posts), bool)
    if base_polri > 0:
        # One model with all K platoons; scenario k switches off the platoons beyond k. Only
        # the blocks the platoons can reach change, so only those are solved again.
        extras = extra_platoons(ctx, K, lat, lng)
        n_units = len(ctx.scenario.units)
        p2 = build_problem(
            ctx, prob.posts, res, ctx.scenario.units + extras, frozenset({Force.POLRI})
        )
        m2 = p2.model
        comp_post, comp_row = m2.components()
        extra_pairs = p2.pair_unit >= n_units
        blocks = np.unique(comp_post[m2.pair_post[extra_pairs]])
        touched = np.isin(comp_post, blocks)
        sub = m2._block(touched, np.isin(comp_row, blocks))
        sub_units = p2.pair_unit[sub.pairs]
        masks = [sub_units >= n_units + k for k in range(1, K + 1)]
        sv = ctx.settings.solver
        series = sub.model.shortfall_series(
            masks, sv.time_limit_s, sv.mip_rel_gap, nested=True, exact=False
        )
    w = prob.model.weight
    fixed_short = int(sol.shortfall[~touched].sum())
    fixed_weighted = float(w[~touched] @ sol.shortfall[~touched])
    prev_short, prev_cov = base_short, cov0
    for k in range(1, K + 1):
        short, weighted = base_short, base_weighted
        exact = True
        if series:
            sk, exact = series[k - 1]
            short = fixed_short + int(sk.sum())
            weighted = fixed_weighted + float(w[touched] @ sk)
            if weighted > rows[-1].weighted_shortfall:  # k−1 platoons' plan is still possible
                short, weighted, exact = prev_short, rows[-1].weighted_shortfall, False
        cov = prev_cov
        if prev_cov is not None and prev_cov < 1.0:
            cov = max(extended_coverage(res, k) or 0.0, prev_cov)
        rows.append(
            MarginalValue(
                extra_platoons=k,
                personnel=k * ctx.settings.request.platoon_size,
                shortfall=short,
                weighted_shortfall=round(weighted, 6),
                coverage=None if cov is None else round(cov, 6),
                closes=prev_short - short,
                exact=exact,
                coverage_gain=round((cov or 0.0) - (prev_cov or 0.0), 6),
            )
        )
        prev_short, prev_cov = short, cov
    return tuple(rows)
