"""Heuristics of the allocation problem: the documented greedy method, rounding of an LP solution,
LP diving on the minimum-team rule, and a small MILP around what the LP broke.

Functions of an :class:`~sispam.plan.formulation.AllocationProblem`; each returns a plan that
keeps every rule (strength, duty hours, minimum teams), to be compared with the LP bound by the
solver (:mod:`sispam.plan.allocation`).
"""

from __future__ import annotations

import numpy as np

from sispam.plan import highs
from sispam.plan.formulation import EPS, AllocationProblem, travel_stage


def greedy(m: AllocationProblem) -> np.ndarray:
    """The documented greedy method (module docstring); deterministic."""
    return fill(m, np.zeros(m.n_pairs, np.int64))


def repair(m: AllocationProblem, x_frac: np.ndarray) -> np.ndarray:
    """LP-guided rounding: round a relaxed solution down; lift each detachment below its
    minimum team up to it where the unit has room, trimming other detachments at the same
    post to keep its total (else drop it); then fill what is left greedily, preferring the
    pairs the LP used."""
    x = np.clip(np.floor(np.asarray(x_frac, float) + EPS).astype(np.int64), 0, m.upper)
    slack = m.res_cap.astype(float).copy()
    if m.res_pair.size:
        slack -= np.bincount(m.res_row, weights=m.res_coef * x[m.res_pair], minlength=slack.size)
    viol = np.nonzero((x > 0) & (x < m.min_team))[0]
    if viol.size:
        order_r = np.argsort(m.res_pair, kind="stable")
        r_start = np.searchsorted(m.res_pair[order_r], np.arange(m.n_pairs + 1))
        rows_of = [m.res_row[order_r][r_start[e] : r_start[e + 1]] for e in viol]
        coef_of = [m.res_coef[order_r][r_start[e] : r_start[e + 1]] for e in viol]
        by_post = np.argsort(m.pair_post, kind="stable")
        p_start = np.searchsorted(m.pair_post[by_post], np.arange(m.n_posts + 1))
        for k in np.argsort(-x[viol], kind="stable").tolist():
            e = int(viol[k])
            rows, coef = rows_of[k], coef_of[k]
            deficit = int(m.min_team[e] - x[e])
            room = int(np.min(np.floor(slack[rows] / coef + EPS))) if rows.size else deficit
            d = int(m.pair_post[e])
            mates = by_post[p_start[d] : p_start[d + 1]]
            mates = mates[(mates != e) & (x[mates] > 0)]
            spare = np.where(m.min_team[mates] > 1, x[mates] - m.min_team[mates], x[mates])
            if room >= deficit and m.upper[e] >= m.min_team[e] and spare.sum() >= deficit:
                # Lift e; trim the farthest mates first.
                need = deficit
                for j in np.argsort(-m.cost[mates], kind="stable").tolist():
                    if need == 0:
                        break
                    cut = int(min(spare[j], need))
                    if cut <= 0:
                        continue
                    f = int(mates[j])
                    x[f] -= cut
                    need -= cut
                    nz = m.res_pair == f
                    slack[m.res_row[nz]] += cut * m.res_coef[nz]
                x[e] += deficit
                slack[rows] -= deficit * coef
            else:
                slack[rows] += x[e] * coef
                x[e] = 0
    return fill(m, x, prefer=np.round(np.asarray(x_frac, float), 6))


def fill(m: AllocationProblem, x0: np.ndarray, prefer: np.ndarray | None = None) -> np.ndarray:
    """Complete ``x0`` greedily: posts by descending weight; each takes from its pairs in
    order of ``prefer`` (descending; default none), then travel, then unit, as much as the
    remaining strength and duty hours allow, never opening a detachment below its minimum
    team. ``x0`` must itself respect the resource rows."""
    x = np.asarray(x0, np.int64).copy()
    if not m.n_pairs:
        return x
    slack = m.res_cap.astype(float).copy()
    if m.res_pair.size:
        slack -= np.bincount(m.res_row, weights=m.res_coef * x[m.res_pair], minlength=slack.size)
    # CSR of resource rows per pair.
    order_r = np.argsort(m.res_pair, kind="stable")
    r_start = np.searchsorted(m.res_pair[order_r], np.arange(m.n_pairs + 1)).tolist()
    r_rows = m.res_row[order_r].tolist()
    r_coef = m.res_coef[order_r].tolist()
    # Pairs per post in preference order.
    keys = [m.pair_unit, m.cost]
    if prefer is not None:
        keys.append(-prefer)
    order_p = np.lexsort((*keys, m.pair_post))
    p_start = np.searchsorted(m.pair_post[order_p], np.arange(m.n_posts + 1)).tolist()
    order_p_l = order_p.tolist()
    posts = np.lexsort((np.arange(m.n_posts), -m.weight)).tolist()
    got = np.bincount(m.pair_post, weights=x, minlength=m.n_posts).astype(np.int64)
    left_l = (m.need - got).tolist()
    upper = m.upper.tolist()
    teams = m.min_team.tolist()
    xs = x.tolist()
    slack_l = slack.tolist()
    for d in posts:
        left = left_l[d]
        if left <= 0:
            continue
        for k in range(p_start[d], p_start[d + 1]):
            e = order_p_l[k]
            take = min(left, upper[e] - xs[e])
            for j in range(r_start[e], r_start[e + 1]):
                room = int(slack_l[r_rows[j]] / r_coef[j] + EPS)
                if room < take:
                    take = room
            if take <= 0 or (xs[e] == 0 and take < teams[e]):
                continue
            xs[e] += take
            for j in range(r_start[e], r_start[e + 1]):
                slack_l[r_rows[j]] -= take * r_coef[j]
            left -= take
            if left == 0:
                break
    return np.asarray(xs, np.int64)


def dive(
    m: AllocationProblem,
    session: highs.Session,
    x_lp: np.ndarray,
    lift_first: bool = False,
    rounds: int = 60,
) -> np.ndarray | None:
    """LP diving on the minimum-team rule. Each round first fixes every detachment the LP
    left between 0 and its minimum at once — to the minimum when the LP gave at least half
    of it (always, with ``lift_first``), else to 0 — and keeps that if the LP objective
    does not worsen; otherwise it fixes only the most decided one, trying both ways and
    keeping the better. The LP is re-solved warm each time; bounds are restored at the
    end. Returns the rounded final solution (None if the dive got stuck)."""
    semi = m.min_team > 1
    if not semi.any():
        return None
    touched: list[np.ndarray] = []
    x = x_lp
    base = session.objective()
    result = None

    def same(obj: float) -> bool:
        return obj <= base + EPS * max(1.0, abs(base))

    def fix(idx: np.ndarray, up: np.ndarray) -> tuple[np.ndarray | None, float]:
        lo = np.where(up, m.min_team[idx], 0).astype(float)
        hi = np.where(up, session.ub[idx], 0.0)
        session.set_bounds(idx, lo, hi)
        _, xn, obj = session.run()
        return xn, (obj if obj is not None else np.inf)

    for _ in range(rounds):
        bad = np.nonzero(semi & (x > EPS) & (x < m.min_team - EPS))[0]
        if not bad.size:
            result = repair(m, x)
            break
        ratio = x[bad] / m.min_team[bad]
        touched.append(bad)
        up_all = np.ones(bad.size, bool) if lift_first else ratio >= 0.5
        xn, obj = fix(bad, up_all) if bad.size > 1 else (None, np.inf)
        if xn is None or not same(obj):
            session.reset_bounds(bad)
            k = int(np.argmax(np.abs(ratio - 0.5)))
            e = bad[k : k + 1]
            first = bool(up_all[k])
            xn, obj = fix(e, np.array([first]))
            if xn is None or not same(obj):
                x_alt, obj_alt = fix(e, np.array([not first]))
                if x_alt is not None and obj_alt < obj - EPS:
                    xn, obj = x_alt, obj_alt
                elif xn is not None:
                    xn, obj = fix(e, np.array([first]))
        if xn is None:
            break
        base = obj
        x = xn[: m.n_pairs]
    if touched:
        session.reset_bounds(np.unique(np.concatenate(touched)))
    return result


def local_milp(
    m: AllocationProblem,
    x_lp: np.ndarray,
    cap: float | None,
    time_limit_s: float,
    mip_rel_gap: float,
) -> np.ndarray | None:
    """Re-optimise the neighbourhood of the LP's broken detachments with the rest fixed at
    the rounded LP values; None when the LP broke nothing."""
    x_fix = np.clip(np.floor(x_lp + EPS).astype(np.int64), 0, m.upper)
    bad = ((x_fix > 0) & (x_fix < m.min_team)) | (np.abs(x_lp - np.rint(x_lp)) > 1e-6)
    if not bad.any():
        return None
    posts = np.unique(m.pair_post[bad])
    units = np.union1d(m.pair_unit[bad], m.pair_unit[np.isin(m.pair_post, posts) & (x_fix > 0)])
    free = np.isin(m.pair_unit, units)
    x_fix[free] = 0
    sub, pairs = m.restrict(free, x_fix)
    sub_cap = None
    if cap is not None:
        outside = np.ones(m.n_posts, bool)
        outside[np.unique(m.pair_post[free])] = False
        got = np.bincount(m.pair_post, weights=x_fix, minlength=m.n_posts)
        sub_cap = cap - float(m.weight[outside] @ (m.need - got)[outside])
        if sub_cap < -EPS:
            return None
    lm = sub.linear_model()
    if sub_cap is not None:
        lm = travel_stage(lm, sub, sub_cap)
    r = highs.solve(lm, time_limit_s, mip_rel_gap)
    if r.x is None:
        return None
    x = x_fix.copy()
    x[pairs] = np.rint(r.x[: sub.n_pairs]).astype(np.int64)
    return fill(m, x, prefer=np.round(x_lp, 6))
