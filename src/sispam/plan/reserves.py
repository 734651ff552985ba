"""Cadangan (reserves): staging posts chosen by maximal covering, per regency when the scenario
spans several; sectors (each village's nearest chosen post) and the central post of each regency
for the once-per-regency elements (PHH, TNI support)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sispam.domain import SolverReport
from sispam.i18n import t
from sispam.plan.coverage import CoverageModel
from sispam.plan.errors import PlanError
from sispam.plan.highs import relative_gap
from sispam.plan.jurisdiction import point_groups
from sispam.plan.settings import zone_weight
from sispam.plan.sites import Site, candidate_sites
from sispam.plan.travel import nearest


@dataclass(frozen=True)
class Reserves:
    sites: list[Site]  # chosen, in candidate order
    candidates: list[Site]
    chosen: np.ndarray  # (n_candidates,) bool
    weights: np.ndarray  # per village
    central: list[int]  # per group: index in ``sites`` (−1: group has none)
    site_group: np.ndarray  # per chosen site
    nearest_site: np.ndarray  # per village: index in ``sites`` or −1
    response: np.ndarray  # per village: minutes from the nearest chosen site (inf if none)
    reach: tuple[np.ndarray, np.ndarray, np.ndarray]  # (village, candidate, minutes) within T
    covered: np.ndarray  # per village
    backup_covered: np.ndarray
    coverage: float | None
    backup_coverage: float | None
    report: SolverReport
    fixed_ids: frozenset[str]
    notes: list[str]
    time_s: float = 0.0  # wall time of the covering solves (not part of the plan)

    @staticmethod
    def none(n_villages: int, weights: np.ndarray) -> Reserves:
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
        return Reserves(
            [], [], np.zeros(0, bool), weights, [], np.zeros(0, np.int64),
            np.full(n_villages, -1, np.int64), np.full(n_villages, np.inf), empty,
            np.zeros(n_villages, bool), np.zeros(n_villages, bool), None, None, SolverReport(),
            frozenset(), [],
        )  # fmt: skip


def coverage_weights(ctx) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Risk weight per village: the score (≥ 1) when every village has one, else the zone
    weight; ``uniform`` counts villages."""
    mode = ctx.settings.reserve.weight
    if mode == "uniform":
        return np.ones(len(ctx.zones))
    if mode == "score" and all(s is not None for s in ctx.scores):
        return np.maximum(np.array(ctx.scores, float), 1.0)
    return np.array([zone_weight(ctx.settings, ctx.scenario, z) for z in ctx.zones], float)


def post_count(ctx, villages: np.ndarray) -> int:  # type: ignore[no-untyped-def]
    """Staging posts for these villages: ``[plan.reserve] posts`` or one per ``sector_districts``
    kecamatan."""
    rs = ctx.settings.reserve
    if rs.posts is not None:
        return rs.posts
    districts = {ctx.scenario.villages[i].district_code for i in villages.tolist()}
    return math.ceil(len(districts) / rs.sector_districts) if districts else 0


def _site_groups(ctx, candidates: list[Site], v_group: np.ndarray, codes: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    homes: list[str | None] = []
    for s in candidates:
        homes.append(s.id.split(":", 1)[1] if s.kind == "kecamatan" else None)
    return point_groups(
        ctx,
        v_group,
        codes,
        np.array([s.lat for s in candidates]),
        np.array([s.lng for s in candidates]),
        homes,
    )


def place_reserves(ctx, v_group: np.ndarray, codes: list[str]) -> Reserves:  # type: ignore[no-untyped-def]
    """Choose the staging posts (MCLP per group) and work out sectors and response times."""
    rs = ctx.settings.reserve
    sv = ctx.settings.solver
    weights = coverage_weights(ctx)
    n_v = len(ctx.zones)
    groups = [np.flatnonzero(v_group == g) for g in range(len(codes))]
    counts = [post_count(ctx, vs) for vs in groups]
    if n_v == 0 or sum(counts) <= 0:
        return Reserves.none(n_v, weights)
    candidates, alias = candidate_sites(ctx.scenario, ctx.settings)
    if not candidates:
        raise PlanError(t("plan.error.no_sites"))
    ids = [s.id for s in candidates]
    fixed = np.zeros(len(candidates), bool)
    for f in rs.fixed:
        key = alias.get(f, f)
        if key not in ids:
            raise PlanError(t("plan.error.unknown_site", site=f, known=", ".join(ids[:12])))
        fixed[ids.index(key)] = True
    s_group = _site_groups(ctx, candidates, v_group, codes)
    s_lat = np.array([s.lat for s in candidates])
    s_lng = np.array([s.lng for s in candidates])
    reach = nearest(ctx.travel, ctx.lat, ctx.lng, ctx.areas, s_lat, s_lng, rs.response_min, None)
    same = v_group[reach[0]] == s_group[reach[1]]  # a regency's posts serve the regency
    reach = (reach[0][same], reach[1][same], reach[2][same])
    chosen = np.zeros(len(candidates), bool)
    notes: list[str] = []
    parts: list[SolverReport] = []
    seconds = 0.0
    for g, vs in enumerate(groups):
        p = counts[g]
        cands = np.flatnonzero(s_group == g)
        if p <= 0 or not vs.size:
            continue
        if not cands.size:
            raise PlanError(t("plan.error.no_sites"))
        if fixed[cands].sum() > p:
            raise PlanError(t("plan.error.too_many_fixed", fixed=int(fixed[cands].sum()), posts=p))
        if p > cands.size:
            notes.append(t("plan.note.fewer_sites", posts=p, sites=int(cands.size)))
            p = int(cands.size)
        v_new = np.full(n_v, -1, np.int64)
        v_new[vs] = np.arange(vs.size)
        c_new = np.full(len(candidates), -1, np.int64)
        c_new[cands] = np.arange(cands.size)
        mine = (v_new[reach[0]] >= 0) & (c_new[reach[1]] >= 0)
        model = CoverageModel.from_reach(
            v_new[reach[0][mine]],
            c_new[reach[1][mine]],
            vs.size,
            cands.size,
            weights[vs],
            p,
            fixed[cands],
            rs.backup,
        )
        sol = model.solve(
            method=sv.method,
            time_limit_s=sv.coverage_time_limit_s / max(len(groups), 1),
            max_milp_vars=sv.max_milp_vars * 10,
            mip_rel_gap=sv.mip_rel_gap,
        )
        chosen[cands[sol.selected]] = True
        parts.append(sol.report)
        seconds += sol.time_s
    sel = np.flatnonzero(chosen)
    sites = [candidates[j] for j in sel.tolist()]
    site_group = s_group[sel]
    # Sectors: each village's nearest chosen post of its own regency.
    nearest_site = np.full(n_v, -1, np.int64)
    response = np.full(n_v, np.inf)
    far = max(4 * rs.response_min, 240.0)
    central: list[int] = []
    for g, vs in enumerate(groups):
        mine = np.flatnonzero(site_group == g)
        if not mine.size or not vs.size:
            central.append(-1)
            continue
        c_lat, c_lng = s_lat[sel[mine]], s_lng[sel[mine]]
        vi, si, mi = nearest(
            ctx.travel, ctx.lat[vs], ctx.lng[vs], ctx.areas[vs], c_lat, c_lng, far, 1
        )
        nearest_site[vs[vi]] = mine[si]
        response[vs[vi]] = mi
        # Central post: least weighted travel to the group's villages.
        totals = np.zeros(mine.size)
        for s in range(0, vs.size, 4096):
            chunk = vs[s : s + 4096]
            mat = ctx.travel.matrix(
                ctx.lat[chunk], ctx.lng[chunk], c_lat, c_lng, area=ctx.areas[chunk][:, None],
                dtype=float,
            )  # fmt: skip
            totals += weights[chunk] @ mat
        central.append(int(mine[int(np.argmin(totals))]))
    hits = np.bincount(reach[0], weights=chosen[reach[1]].astype(float), minlength=n_v)
    covered, backup = hits >= 1, hits >= 2
    total = float(weights.sum())
    share = float(weights[covered].sum()) / total if total > 0 else 1.0
    share2 = float(weights[backup].sum()) / total if total > 0 else 1.0
    return Reserves(
        sites=sites,
        candidates=candidates,
        chosen=chosen,
        weights=weights,
        central=central,
        site_group=site_group,
        nearest_site=nearest_site,
        response=response,
        reach=reach,
        covered=covered,
        backup_covered=backup,
        coverage=share,
        backup_coverage=share2,
        report=_combine(parts),
        fixed_ids=frozenset(candidates[j].id for j in np.flatnonzero(fixed).tolist()),
        notes=notes,
        time_s=round(seconds, 4),
    )


def _combine(parts: list[SolverReport]) -> SolverReport:
    """One report for the per-regency covering models: objectives and bounds add up."""
    if not parts:
        return SolverReport()
    if len(parts) == 1:
        return parts[0]
    obj = sum(p.objective or 0.0 for p in parts)
    bound = None if any(p.bound is None for p in parts) else sum(p.bound or 0.0 for p in parts)
    methods = {p.method for p in parts}
    statuses = [p.status for p in parts]
    worst = next((s for s in ("time_limit", "greedy") if s in statuses), statuses[0])
    return SolverReport(
        method=methods.pop() if len(methods) == 1 else "mixed",  # type: ignore[arg-type]
        status=worst,
        objective=round(obj, 6),
        bound=None if bound is None else round(bound, 6),
        gap=relative_gap(obj, bound),
        variables=sum(p.variables for p in parts),
        constraints=sum(p.constraints for p in parts),
        batches=len(parts),
        reason=next((p.reason for p in parts if p.reason), ""),
    )


def extended_coverage(res: Reserves, staffed: np.ndarray, k: int) -> float | None:
    """Coverage if ``k`` more posts were staffed (by a first-responder platoon each) besides the
    candidate sites ``staffed``, each greedily where it reaches the most uncovered risk (for the
    marginal-value table)."""
    if res.coverage is None or not res.candidates:
        return res.coverage
    model = CoverageModel.from_reach(
        res.reach[0],
        res.reach[1],
        len(res.weights),
        len(res.candidates),
        res.weights,
        int(staffed.sum()) + k,
        staffed,
    )
    return model.evaluate(model.greedy())[2]
