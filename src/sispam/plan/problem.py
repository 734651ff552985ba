"""Satuan ke pos (the allocation instance): which unit may stand at which post, how long it
takes, and each unit's strength and duty hours — as an :class:`AllocationModel`.

Timing conventions (docs/plan.md): every unit moves at the start of a phase from its base; a
Brimob BKO unit (``arrival_delay_min`` > 0) is under the Kapolres' control that many minutes after
the phase starts and moves from the Polres HQ (``[plan] bko_from = "hq"``) or its own base
(``"home"``). ``arrival_min`` = delay + travel; a unit may stand at a post only if it arrives by
the post's due time (TPS: ``tps_due_min``), so no reinforcement is ever posted before it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from sispam.domain import Force, PhaseKind, Scenario, Unit, UnitKind
from sispam.plan.allocation import AllocationModel, AllocationSolution
from sispam.plan.context import Context
from sispam.plan.jurisdiction import point_groups
from sispam.plan.requirement import TPS, PostTable
from sispam.plan.reserves import Reserves
from sispam.plan.settings import PlanSettings
from sispam.plan.travel import nearest

HQ_KINDS = (UnitKind.POLRES_SAMAPTA, UnitKind.DALMAS)


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
