"""Satuan ke pos (the allocation instance): which unit may stand at which post, how long it
takes, and each unit's strength and duty hours — as an :class:`AllocationModel`.

Timing conventions (docs/plan.md): a post starts when its phase starts (or at its hours' start);
every unit moves then from its base. A reinforcement with ``arrival_at`` can move once it has
arrived (Brimob BKO on D-1: already in the regency on voting day); one with only
``arrival_delay_min`` that many minutes after the post starts, from the Polres HQ
(``[plan] bko_from = "hq"``) or its own base (``"home"``). ``arrival`` = delay + travel; a unit
may stand at a post only if it arrives by the post's due time, so no reinforcement is ever
posted before it arrives.

Who may stand where: the post's force and unit kinds; Linmas only in their own village; a Polsek
or Koramil in its own kecamatan — elsewhere only at a cost of ``cross_border_penalty_min`` a
person (an exception, reported with its reason); a reserve element takes whole units (an amount
of platoons with ``min_team = upper``: committed whole or not at all).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from sispam.domain import Force, PhaseKind, Scenario, Unit, UnitKind
from sispam.plan.allocation import AllocationModel, AllocationSolution
from sispam.plan.context import Context, hq_point
from sispam.plan.jurisdiction import point_groups
from sispam.plan.requirement import PERSONNEL, UNITS, PostTable
from sispam.plan.reserves import Reserves
from sispam.plan.settings import PlanSettings
from sispam.plan.travel import nearest


@dataclass(frozen=True)
class Problem:
    """The allocation instance with the maps back to units and posts."""

    posts: PostTable
    units: tuple[Unit, ...]
    pair_unit: np.ndarray
    pair_post: np.ndarray
    travel: np.ndarray  # minutes from the unit's base to the post
    arrival: np.ndarray  # minutes after the post starts when in place
    scale: np.ndarray  # personnel per unit of amount (1 at village posts, strength/platoons)
    cross: np.ndarray  # bool: a territorial unit outside its kecamatan
    model: AllocationModel

    def personnel(self, x: np.ndarray) -> np.ndarray:
        """Personnel per pair for amounts ``x``."""
        return np.rint(x * self.scale).astype(np.int64)


# --- the allocation instance -----------------------------------------------------------------


def unit_origin(scenario: Scenario, settings: PlanSettings, units: tuple[Unit, ...]) -> np.ndarray:
    """Where each unit moves from: its base, or the Polres HQ for a BKO unit given only a delay."""
    hq = hq_point(scenario) if settings.bko_from == "hq" else None
    out = np.empty((len(units), 2))
    for i, u in enumerate(units):
        by_delay = u.arrival_at is None and u.arrival_delay_min > 0
        out[i] = hq if (hq is not None and by_delay) else (u.lat, u.lng)
    return out


def role_hint(u: Unit) -> str | None:
    """A Dalmas platoon named for its role ("Pleton Dalmas Awal I", "… Lanjut") fills only that
    role: its equipment is the role's (Dalmas lanjut carries shields, batons and tear gas)."""
    if u.kind != UnitKind.DALMAS:
        return None
    name = u.name.casefold()
    for word, role in (("awal", "dalmas_awal"), ("lanjut", "dalmas_lanjut")):
        if word in name:
            return role
    return None


def platoons_of(u: Unit, platoon_size: int) -> int:
    """Pleton: how many platoons a unit is (a 33-strong Brimob platoon is one)."""
    return max(1, round(u.strength / platoon_size))


def _hours(ctx: Context) -> tuple[dict[PhaseKind, int], dict[PhaseKind, float]]:
    """Duty-day group of each phase and the hours a person serves in it: phases within one
    calendar day share the day's duty limit; a phase spanning days counts ``multi_day_hours``
    a day on its own."""
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


def _delays(units: tuple[Unit, ...], starts: list[datetime]) -> np.ndarray:
    """Minutes after each start until each unit can move (:meth:`Unit.delay_after`, vectorised:
    a national plan has hundreds of thousands of unit × start pairs)."""
    n_u, n_s = len(units), len(starts)
    out = np.repeat(np.array([u.arrival_delay_min for u in units], float)[:, None], n_s, axis=1)
    arrived = [i for i, u in enumerate(units) if u.arrival_at is not None]
    if arrived and n_s:
        base = min(starts)  # naive local times: differences, never timestamps (no time zone)
        t0 = np.array([(s - base).total_seconds() for s in starts]) / 60.0
        at = np.array([(units[i].arrival_at - base).total_seconds() for i in arrived]) / 60.0  # type: ignore[operator]
        out[arrived] = np.maximum(0.0, at[:, None] - t0[None, :])
    return out.reshape(n_u, n_s)


def _post_hours(posts: PostTable, d: int, phase_hours: dict[PhaseKind, float]) -> float:
    s, e = posts.start[d], posts.end[d]
    if s is not None and e is not None:
        return (e - s).total_seconds() / 3600.0
    return phase_hours[posts.phases[d][0]]


def _expand(
    loc_of_post: np.ndarray, posts_sel: np.ndarray, near: tuple, n_loc: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidates found per location → per post at that location: (unit index in the
    candidate list, post, minutes)."""
    li, ui, mi = near
    ptr = np.searchsorted(li, np.arange(n_loc + 1))
    pl = loc_of_post[posts_sel]
    counts = ptr[pl + 1] - ptr[pl]
    rep_post = np.repeat(posts_sel, counts)
    offs = np.repeat(ptr[pl], counts) + (
        np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    return ui[offs], rep_post, mi[offs]


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
    sc = ctx.scenario
    n_p, n_u, n_v = len(posts), len(units), len(sc.villages)
    phases = [p.kind for p in sc.phases]
    ph_index = {k: i for i, k in enumerate(phases)}
    origin = unit_origin(sc, s, units)
    kind = [u.kind for u in units]
    force = [u.force for u in units]
    avail = np.array(
        [sum(1 << ph_index[k] for k in phases if u.available_in(k)) for u in units], np.int64
    )
    post_mask = np.array([sum(1 << ph_index[k] for k in ph) for ph in posts.phases], np.int64)
    post_village = np.array(posts.village, np.int64)
    post_place = np.array(posts.place, np.int64)
    reserve = np.array([bool(r) for r in posts.role], bool)
    due = np.array(posts.due, float)
    code_index = {v.code: i for i, v in enumerate(sc.villages)}
    home = np.array([code_index.get(u.home_code, -1) if u.home_code else -1 for u in units])
    # ``units`` are the scenario's, possibly followed by hypothetical ones (no territory).
    u_district = np.full(n_u, -1, np.int64)
    known = min(n_u, len(sc.units))
    u_district[:known] = ctx.unit_district[:known]

    # Locations: villages, then places (offices and staging posts).
    places = posts.places
    loc_lat = np.concatenate([ctx.lat, np.array([p.lat for p in places], float)])
    loc_lng = np.concatenate([ctx.lng, np.array([p.lng for p in places], float)])
    loc_area = np.concatenate(
        [ctx.areas, np.full(len(places), ctx.travel.default_area, dtype=object)]  # type: ignore[attr-defined]
    )
    loc_of_post = np.where(post_village >= 0, post_village, n_v + post_place)
    post_district = np.where(
        post_village >= 0,
        ctx.district_of[np.maximum(post_village, 0)] if n_v else -1,
        np.array([ctx.office_district.get(p.id, -1) for p in places] or [-1], np.int64)[
            np.maximum(post_place, 0)
        ],
    )
    post_district = np.where(reserve, -1, post_district)

    # Start of every post, and each unit's delay after it (arrival of a BKO).
    starts = [
        posts.start[d] or ctx.phase_start[posts.phases[d][0]] for d in range(n_p)
    ]  # fmt: skip
    uniq: dict[datetime, int] = {}
    post_t0 = np.array([uniq.setdefault(t0, len(uniq)) for t0 in starts], np.int64)
    delay = _delays(units, list(uniq))

    pu: list[np.ndarray] = []
    pp: list[np.ndarray] = []
    pt: list[np.ndarray] = []
    K = s.solver.max_candidates
    post_kinds = np.array(posts.kinds, np.int64)
    f_index = {f: i for i, f in enumerate(Force)}
    post_force = np.array([f_index[f] for f in posts.force], np.int64)
    unit_force = np.array([f_index[f] for f in force], np.int64)
    keys = np.unique(np.column_stack([post_force, post_kinds, reserve]).reshape(-1, 3), axis=0)
    for fi, ki, is_res in (tuple(int(x) for x in k) for k in keys):
        f = list(Force)[fi]
        if forces is not None and f not in forces:
            continue
        sel = np.flatnonzero((post_force == fi) & (post_kinds == ki) & (reserve == bool(is_res)))
        ok_kinds = posts.kind_sets[ki]
        if not is_res and UnitKind.LINMAS in ok_kinds:
            # Linmas serve their own village only.
            by_home: dict[int, list[int]] = {}
            for u in range(n_u):
                if kind[u] == UnitKind.LINMAS and unit_force[u] == fi and home[u] >= 0:
                    by_home.setdefault(int(home[u]), []).append(u)
            lu, ld = [], []
            for d in sel.tolist():
                for u in by_home.get(int(post_village[d]), ()):
                    lu.append(u)
                    ld.append(d)
            if lu:
                lu_a, ld_a = np.array(lu, np.int64), np.array(ld, np.int64)
                loc = loc_of_post[ld_a]
                pu.append(lu_a)
                pp.append(ld_a)
                pt.append(
                    np.asarray(
                        ctx.travel.minutes(  # type: ignore[attr-defined]
                            origin[lu_a, 0], origin[lu_a, 1], loc_lat[loc], loc_lng[loc],
                            area=loc_area[loc],
                        ),
                        float,
                    )
                )  # fmt: skip
        cand = np.array(
            [
                u
                for u in range(n_u)
                if unit_force[u] == fi and kind[u] in ok_kinds and kind[u] != UnitKind.LINMAS
            ],
            np.int64,
        )
        if not cand.size or not sel.size:
            continue
        locs = np.unique(loc_of_post[sel])
        new_loc = np.full(loc_lat.size, -1, np.int64)
        new_loc[locs] = np.arange(locs.size)
        li, ci, mi = nearest(
            ctx.travel,
            loc_lat[locs],
            loc_lng[locs],
            loc_area[locs],
            origin[cand, 0],
            origin[cand, 1],
            s.max_travel_min,
            K,
        )
        ui, dd, mm = _expand(new_loc[loc_of_post], sel, (li, ci, mi), locs.size)
        pu.append(cand[ui])
        pp.append(dd)
        pt.append(mm)

    pair_unit = np.concatenate(pu) if pu else np.zeros(0, np.int64)
    pair_post = np.concatenate(pp) if pp else np.zeros(0, np.int64)
    travel = np.concatenate(pt) if pt else np.zeros(0)
    arrival = delay[pair_unit, post_t0[pair_post]] + travel if pair_unit.size else travel
    ok = (arrival <= due[pair_post] + 1e-9) & ((post_mask[pair_post] & ~avail[pair_unit]) == 0)
    hints = [role_hint(u) for u in units]
    if any(hints) and pair_unit.size:
        hint = np.array([h or "" for h in hints], dtype=object)[pair_unit]
        role = np.array(posts.role, dtype=object)[pair_post]
        ok &= (hint == "") | (role == "") | (hint == role)
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
        place_group = point_groups(
            ctx,
            ctx.group,
            ctx.group_codes,
            np.array([p.lat for p in places], float),
            np.array([p.lng for p in places], float),
            [p.id.split(":", 1)[1] if p.kind == "kecamatan" else None for p in places],
        )
        for i, site in enumerate(posts.reserve_site):
            if site >= 0 and res.site_group.size:
                place_group[i] = res.site_group[site]
        p_group = np.where(
            post_village >= 0,
            ctx.group[np.maximum(post_village, 0)],
            place_group[np.maximum(post_place, 0)] if places else -1,
        )
        mine = u_group[pair_unit] == p_group[pair_post]
        pair_unit, pair_post = pair_unit[mine], pair_post[mine]
        travel, arrival = travel[mine], arrival[mine]
    order = np.lexsort((pair_unit, pair_post))
    pair_unit, pair_post, travel, arrival = (
        pair_unit[order], pair_post[order], travel[order], arrival[order]
    )  # fmt: skip

    # Amounts: personnel at a village or office post; whole units at a reserve element.
    strength = np.array([u.strength for u in units], float)
    size = s.request.platoon_size
    q_unit = np.array([platoons_of(u, size) for u in units], np.int64)
    counts = np.array(posts.counts, np.int64)[pair_post] if pair_post.size else np.zeros(0, int)
    q = np.where(counts == UNITS, 1, q_unit[pair_unit]) if pair_post.size else counts
    whole = counts != PERSONNEL
    scale = np.where(whole, strength[pair_unit] / np.maximum(q, 1), 1.0)
    min_team = np.where(
        whole, q, np.array([u.min_team for u in units], np.int64)[pair_unit] if n_u else q
    )
    upper = np.where(whole, q, strength[pair_unit].astype(np.int64))
    cross = (
        (u_district[pair_unit] >= 0)
        & (post_district[pair_post] >= 0)
        & (u_district[pair_unit] != post_district[pair_post])
    )
    if s.territory == "none":
        cross[:] = False
    cost = travel * scale + np.where(cross, s.cross_border_penalty_min, 0.0)

    # Resource rows: strength per (unit, phase); duty hours per (unit, day).
    group, hours = _hours(ctx)
    n_ph, n_g = len(phases), max(group.values(), default=-1) + 1
    post_hours = [_post_hours(posts, d, hours) for d in range(n_p)]
    longest = [0.0] * n_g  # most hours one person can serve in each duty group
    most: dict[PhaseKind, float] = {}
    for d in range(n_p):
        for k in posts.phases[d]:
            most[k] = max(
                most.get(k, 0.0), post_hours[d] if len(posts.phases[d]) == 1 else hours[k]
            )
    for k, h in most.items():
        longest[group[k]] += h
    rp, rr, rc = [], [], []
    tuples: dict[tuple[PhaseKind, ...], int] = {}
    post_tuple = np.array([tuples.setdefault(ph, len(tuples)) for ph in posts.phases], np.int64)
    pair_tuple = post_tuple[pair_post] if pair_post.size else np.zeros(0, np.int64)
    post_hours_a = np.array(post_hours, float)
    for ph, ti in sorted(tuples.items(), key=lambda kv: [ph_index[k] for k in kv[0]]):
        sel = np.flatnonzero(pair_tuple == ti)
        if not sel.size:
            continue
        for k in ph:
            rp.append(sel)
            rr.append(pair_unit[sel] * n_ph + ph_index[k])
            rc.append(scale[sel])
        per_pair_hours = post_hours_a[pair_post[sel]] if len(ph) == 1 else None
        for g in sorted({group[k] for k in ph}):
            if longest[g] <= s.max_duty_hours + 1e-9:
                continue  # a full day at the longest posts still fits the duty limit
            h = sum(hours[k] for k in ph if group[k] == g)
            coef = per_pair_hours if per_pair_hours is not None else np.full(sel.size, h)
            rp.append(sel)
            rr.append(n_u * n_ph + pair_unit[sel] * n_g + g)
            rc.append(coef * scale[sel])
    cap = np.concatenate([np.repeat(strength, n_ph), np.repeat(strength * s.max_duty_hours, n_g)])
    model = AllocationModel.from_pairs(
        need=np.array(posts.need, np.int64),
        weight=np.array(posts.weight, float),
        pair_unit=pair_unit,
        pair_post=pair_post,
        cost=cost,
        min_team=min_team,
        upper=upper,
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
        scale=scale[keep],
        cross=cross[keep],
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
