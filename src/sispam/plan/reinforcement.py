"""Permintaan BKO (reinforcement request) and the marginal value of each extra platoon.

Where the units cannot cover the requirement — after the Polres' own reserve of Samapta, which
the allocation already uses — the Kapolres asks the Kapolda for BKO (Bawah Kendali Operasi):
personnel of the Polda or a neighbouring Polres for Pam TPS and the other posts and for Dalmas,
Brimob only for PHH (Brimob is not put on TPS duty); the Dandim asks the Korem for TNI, the
Bupati's office raises Linmas, Satpol PP and Dishub. Each request is for the phases that fall
short, staged at the candidate post with the least shortfall-weighted travel to the posts that
fall short, in place by the first post's start.

The marginal-value table answers "what does one more platoon buy?": for 1…K extra BKO platoons
of the Polda (requested ahead, so in place at the phase start, staged where the request says) the
allocation is solved again and the shortfall left is reported; separately, the reserve coverage
with one more staging post per extra platoon (the platoon staffs it as Dalmas).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sispam.domain import (
    Force,
    MarginalValue,
    PhaseKind,
    ReinforcementRequest,
    ReserveRole,
    Unit,
    UnitKind,
)
from sispam.i18n import t
from sispam.plan.requirement import PERSONNEL
from sispam.plan.reserves import extended_coverage

if TYPE_CHECKING:
    from sispam.plan.allocation import AllocationSolution
    from sispam.plan.context import Context
    from sispam.plan.problem import Problem
    from sispam.plan.reserves import Reserves

REQUEST_KIND: dict[Force, UnitKind] = {
    Force.POLRI: UnitKind.POLDA_BKO,
    Force.TNI: UnitKind.KODIM_RESERVE,
    Force.LINMAS: UnitKind.LINMAS,
    Force.SATPOL_PP: UnitKind.SATPOL_PP,
    Force.DISHUB: UnitKind.DISHUB,
}
ROLE_REQUEST_KIND: dict[str, UnitKind] = {
    ReserveRole.PHH.value: UnitKind.BRIMOB_BKO,
    ReserveRole.TNI_SUPPORT.value: UnitKind.KODIM_RESERVE,
}
PLATOON_FORCES = (Force.POLRI, Force.TNI)


def request_kind(posts, d: int) -> UnitKind:  # type: ignore[no-untyped-def]
    """What is asked for a post that falls short: Brimob only for the PHH element."""
    return ROLE_REQUEST_KIND.get(posts.role[d], REQUEST_KIND[posts.force[d]])


def _post_points(ctx: Context, prob: Problem, res: Reserves, posts: list[int]) -> np.ndarray:
    out = np.empty((len(posts), 2))
    for k, d in enumerate(posts):
        v = prob.posts.village[d]
        if v >= 0:
            out[k] = (ctx.lat[v], ctx.lng[v])
        else:
            place = prob.posts.places[prob.posts.place[d]]
            out[k] = (place.lat, place.lng)
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
    ctx: Context, prob: Problem, sol: AllocationSolution, res: Reserves
) -> tuple[ReinforcementRequest, ...]:
    rq = ctx.settings.request
    posts = prob.posts
    groups: dict[tuple[PhaseKind, Force, UnitKind], list[int]] = {}
    for d in np.nonzero(sol.shortfall > 0)[0].tolist():
        groups.setdefault((posts.phases[d][0], posts.force[d], request_kind(posts, d)), []).append(
            d
        )
    order = [p.kind for p in ctx.scenario.phases]
    kinds = list(UnitKind)
    out = []
    for (phase, force, kind), ds in sorted(
        groups.items(),
        key=lambda kv: (order.index(kv[0][0]), list(Force).index(kv[0][1]), kinds.index(kv[0][2])),
    ):
        # People short (a reserve element's shortfall is in platoons).
        short = np.array(
            [
                sol.shortfall[d] * (1 if posts.counts[d] == PERSONNEL else rq.platoon_size)
                for d in ds
            ],
            float,
        )
        personnel = int(short.sum())
        whole = sum(int(sol.shortfall[d]) for d in ds if posts.counts[d] != PERSONNEL)
        loose = sum(int(sol.shortfall[d]) for d in ds if posts.counts[d] == PERSONNEL)
        platoons = whole + math.ceil(loose / rq.platoon_size) if force in PLATOON_FORCES else 0
        site_id, name, lat, lng = _staging(ctx, prob, res, ds, short)
        villages = {posts.village[d] for d in ds if posts.village[d] >= 0}
        zones: dict[str, int] = {}
        for v in villages:
            zones[ctx.zones[v]] = zones.get(ctx.zones[v], 0) + 1
        reserve_roles = sorted({posts.role[d] for d in ds if posts.role[d]})
        reason = t(
            "plan.request.reason",
            personnel=personnel,
            force=force.value,
            villages=len(villages),
            zones=", ".join(f"{z} {n}" for z, n in sorted(zones.items())) or "–",
            reserves=", ".join(reserve_roles) or "–",
        )
        first = min(ds, key=lambda d: posts.start[d] or ctx.phase_start[posts.phases[d][0]])
        out.append(
            ReinforcementRequest(
                phase=phase,
                force=force,
                kind=kind,
                platoons=platoons,
                personnel=platoons * rq.platoon_size if platoons else personnel,
                stage_at=site_id,
                reason=reason,
                ssk=platoons // rq.ssk_platoons,
                stage_name=name,
                lat=round(lat, 6),
                lng=round(lng, 6),
                arrive_by=posts.start[first] or ctx.phase_start[phase],
                phases=tuple(sorted({p for d in ds for p in posts.phases[d]}, key=order.index)),
            )
        )
    return tuple(out)


def extra_platoons(ctx: Context, k: int, lat: float, lng: float) -> tuple[Unit, ...]:
    """``k`` hypothetical BKO platoons of the Polda requested ahead (no delay), at (lat, lng)."""
    rq = ctx.settings.request
    return tuple(
        Unit(
            name=t("plan.request.extra_unit", n=i + 1),
            kind=UnitKind.POLDA_BKO,
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
    coverage: float | None,
    staffed: np.ndarray,
) -> tuple[MarginalValue, ...]:
    """The value of 1…K extra platoons; ``coverage`` is the plan's, from the first-responder
    elements actually staffed, at the candidate sites ``staffed``."""
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
    per = np.where(
        np.array(prob.posts.counts, np.int64) == PERSONNEL, 1, ctx.settings.request.platoon_size
    )
    base_short = int((sol.shortfall * per).sum())
    base_polri = int(sol.shortfall[polri_posts].sum()) if polri_posts.size else 0
    base_weighted = float(sol.report.objective or 0.0)
    cov0 = coverage
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
        sub = m2.block(touched, np.isin(comp_row, blocks))
        sub_units = p2.pair_unit[sub.pairs]
        masks = [sub_units >= n_units + k for k in range(1, K + 1)]
        sv = ctx.settings.solver
        series = sub.model.shortfall_series(
            masks, sv.time_limit_s, sv.mip_rel_gap, nested=True, exact=False
        )
    w = prob.model.weight
    fixed_short = int((sol.shortfall * per)[~touched].sum())
    fixed_weighted = float(w[~touched] @ sol.shortfall[~touched])
    prev_short, prev_cov = base_short, cov0
    for k in range(1, K + 1):
        short, weighted = base_short, base_weighted
        exact = True
        if series:
            sk, exact = series[k - 1]
            short = fixed_short + int((sk * per[touched]).sum())
            weighted = fixed_weighted + float(w[touched] @ sk)
            if weighted > rows[-1].weighted_shortfall:  # k−1 platoons' plan is still possible
                short, weighted, exact = prev_short, rows[-1].weighted_shortfall, False
        cov = prev_cov
        if prev_cov is not None and prev_cov < 1.0:
            cov = max(extended_coverage(res, staffed, k) or 0.0, prev_cov)
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
