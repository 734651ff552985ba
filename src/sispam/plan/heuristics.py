"""Heuristics of the allocation model: the documented greedy method, rounding of an LP solution,
LP diving on the minimum-team rule, and a small MILP around what the LP broke.

A mixin of :class:`~sispam.plan.allocation.AllocationModel`; each method returns a plan that keeps
every rule (strength, duty hours, minimum teams), to be compared with the LP bound.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sispam.plan import highs

if TYPE_CHECKING:
    from sispam.plan.allocation import AllocationModel

EPS = 1e-6


class Heuristics:
    """Methods shared by :class:`AllocationModel` (which provides the arrays)."""

    need: np.ndarray
    weight: np.ndarray
    pair_unit: np.ndarray
    pair_post: np.ndarray
    cost: np.ndarray
    min_team: np.ndarray
    upper: np.ndarray
    res_pair: np.ndarray
    res_row: np.ndarray
    res_coef: np.ndarray
    res_cap: np.ndarray
    n_posts: int
    n_pairs: int

    def greedy(self) -> np.ndarray:
        """The documented greedy method (module docstring); deterministic."""
        return self.fill(np.zeros(self.n_pairs, np.int64))

    def repair(self, x_frac: np.ndarray) -> np.ndarray:
        """LP-guided rounding: round a relaxed solution down; lift each detachment below its
        minimum team up to it where the unit has room, trimming other detachments at the same
        post to keep its total (else drop it); then fill what is left greedily, preferring the
        pairs the LP used."""
        x = np.clip(np.floor(np.asarray(x_frac, float) + EPS).astype(np.int64), 0, self.upper)
        slack = self.res_cap.astype(float).copy()
        if self.res_pair.size:
            slack -= np.bincount(
                self.res_row, weights=self.res_coef * x[self.res_pair], minlength=slack.size
            )
        viol = np.nonzero((x > 0) & (x < self.min_team))[0]
        if viol.size:
            order_r = np.argsort(self.res_pair, kind="stable")
            r_start = np.searchsorted(self.res_pair[order_r], np.arange(self.n_pairs + 1))
            rows_of = [self.res_row[order_r][r_start[e] : r_start[e + 1]] for e in viol]
            coef_of = [self.res_coef[order_r][r_start[e] : r_start[e + 1]] for e in viol]
            by_post = np.argsort(self.pair_post, kind="stable")
            p_start = np.searchsorted(self.pair_post[by_post], np.arange(self.n_posts + 1))
            for k in np.argsort(-x[viol], kind="stable").tolist():
                e = int(viol[k])
                rows, coef = rows_of[k], coef_of[k]
                deficit = int(self.min_team[e] - x[e])
                room = int(np.min(np.floor(slack[rows] / coef + EPS))) if rows.size else deficit
                d = int(self.pair_post[e])
                mates = by_post[p_start[d] : p_start[d + 1]]
                mates = mates[(mates != e) & (x[mates] > 0)]
                spare = np.where(
                    self.min_team[mates] > 1, x[mates] - self.min_team[mates], x[mates]
                )
                if room >= deficit and self.upper[e] >= self.min_team[e] and spare.sum() >= deficit:
                    # Lift e; trim the farthest mates first.
                    need = deficit
                    for j in np.argsort(-self.cost[mates], kind="stable").tolist():
                        if need == 0:
                            break
                        cut = int(min(spare[j], need))
                        if cut <= 0:
                            continue
                        f = int(mates[j])
                        x[f] -= cut
                        need -= cut
                        nz = self.res_pair == f
                        slack[self.res_row[nz]] += cut * self.res_coef[nz]
                    x[e] += deficit
                    slack[rows] -= deficit * coef
                else:
                    slack[rows] += x[e] * coef
                    x[e] = 0
        return self.fill(x, prefer=np.round(np.asarray(x_frac, float), 6))

    def fill(self, x0: np.ndarray, prefer: np.ndarray | None = None) -> np.ndarray:
        """Complete ``x0`` greedily: posts by descending weight; each takes from its pairs in
        order of ``prefer`` (descending; default none), then travel, then unit, as much as the
        remaining strength and duty hours allow, never opening a detachment below its minimum
        team. ``x0`` must itself respect the resource rows."""
        x = np.asarray(x0, np.int64).copy()
        if not self.n_pairs:
            return x
        slack = self.res_cap.astype(float).copy()
        if self.res_pair.size:
            slack -= np.bincount(
                self.res_row, weights=self.res_coef * x[self.res_pair], minlength=slack.size
            )
        # CSR of resource rows per pair.
        order_r = np.argsort(self.res_pair, kind="stable")
        r_start = np.searchsorted(self.res_pair[order_r], np.arange(self.n_pairs + 1)).tolist()
        r_rows = self.res_row[order_r].tolist()
        r_coef = self.res_coef[order_r].tolist()
        # Pairs per post in preference order.
        keys = [self.pair_unit, self.cost]
        if prefer is not None:
            keys.append(-prefer)
        order_p = np.lexsort((*keys, self.pair_post))
        p_start = np.searchsorted(self.pair_post[order_p], np.arange(self.n_posts + 1)).tolist()
        order_p_l = order_p.tolist()
        posts = np.lexsort((np.arange(self.n_posts), -self.weight)).tolist()
        got = np.bincount(self.pair_post, weights=x, minlength=self.n_posts).astype(np.int64)
        left_l = (self.need - got).tolist()
        upper = self.upper.tolist()
        teams = self.min_team.tolist()
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

    def _dive(
        self, session: highs.Session, x_lp: np.ndarray, lift_first: bool = False, rounds: int = 60
    ) -> np.ndarray | None:
        """LP diving on the minimum-team rule. Each round first fixes every detachment the LP
        left between 0 and its minimum at once — to the minimum when the LP gave at least half
        of it (always, with ``lift_first``), else to 0 — and keeps that if the LP objective
        does not worsen; otherwise it fixes only the most decided one, trying both ways and
        keeping the better. The LP is re-solved warm each time; bounds are restored at the
        end. Returns the rounded final solution (None if the dive got stuck)."""
        semi = self.min_team > 1
        if not semi.any():
            return None
        touched: list[np.ndarray] = []
        x = x_lp
        base = session.objective()
        result = None

        def same(obj: float) -> bool:
            return obj <= base + EPS * max(1.0, abs(base))

        def fix(idx: np.ndarray, up: np.ndarray) -> tuple[np.ndarray | None, float]:
            lo = np.where(up, self.min_team[idx], 0).astype(float)
            hi = np.where(up, session.ub[idx], 0.0)
            session.set_bounds(idx, lo, hi)
            _, xn, obj = session.run()
            return xn, (obj if obj is not None else np.inf)

        for _ in range(rounds):
            bad = np.nonzero(semi & (x > EPS) & (x < self.min_team - EPS))[0]
            if not bad.size:
                result = self.repair(x)
                break
            ratio = x[bad] / self.min_team[bad]
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
            x = xn[: self.n_pairs]
        if touched:
            session.reset_bounds(np.unique(np.concatenate(touched)))
        return result

    def _local_milp(
        self, x_lp: np.ndarray, cap: float | None, time_limit_s: float, mip_rel_gap: float
    ) -> np.ndarray | None:
        """Re-optimise the neighbourhood of the LP's broken detachments with the rest fixed at
        the rounded LP values; None when the LP broke nothing."""
        x_fix = np.clip(np.floor(x_lp + EPS).astype(np.int64), 0, self.upper)
        bad = ((x_fix > 0) & (x_fix < self.min_team)) | (np.abs(x_lp - np.rint(x_lp)) > 1e-6)
        if not bad.any():
            return None
        posts = np.unique(self.pair_post[bad])
        units = np.union1d(
            self.pair_unit[bad], self.pair_unit[np.isin(self.pair_post, posts) & (x_fix > 0)]
        )
        free = np.isin(self.pair_unit, units)
        x_fix[free] = 0
        sub, pairs = self._restrict(free, x_fix)
        sub_cap = None
        if cap is not None:
            outside = np.ones(self.n_posts, bool)
            outside[np.unique(self.pair_post[free])] = False
            got = np.bincount(self.pair_post, weights=x_fix, minlength=self.n_posts)
            sub_cap = cap - float(self.weight[outside] @ (self.need - got)[outside])
            if sub_cap < -EPS:
                return None
        lm = sub._linear_model()
        if sub_cap is not None:
            from sispam.plan.allocation import _travel_stage

            lm = _travel_stage(lm, sub, sub_cap)
        r = highs.solve(lm, time_limit_s, mip_rel_gap)
        if r.x is None:
            return None
        x = x_fix.copy()
        x[pairs] = np.rint(r.x[: sub.n_pairs]).astype(np.int64)
        return self.fill(x, prefer=np.round(x_lp, 6))

    def _restrict(
        self, free: np.ndarray, x_fixed: np.ndarray
    ) -> tuple[AllocationModel, np.ndarray]:
        """The model over the ``free`` pairs, with what the fixed pairs already provide taken
        off the posts' needs and the units' strength and hours."""
        pairs = np.nonzero(free)[0]
        xf = np.where(free, 0, x_fixed)
        got = np.bincount(self.pair_post, weights=xf, minlength=self.n_posts).astype(np.int64)
        posts = np.unique(self.pair_post[pairs])
        post_new = np.full(self.n_posts, -1, np.int64)
        post_new[posts] = np.arange(posts.size)
        slack = self.res_cap.astype(float).copy()
        if self.res_pair.size:
            slack -= np.bincount(
                self.res_row, weights=self.res_coef * xf[self.res_pair], minlength=slack.size
            )
        pair_new = np.full(self.n_pairs, -1, np.int64)
        pair_new[pairs] = np.arange(pairs.size)
        nz = free[self.res_pair] if self.res_pair.size else np.zeros(0, bool)
        rows = np.unique(self.res_row[nz])
        row_new = np.full(self.res_cap.size, -1, np.int64)
        row_new[rows] = np.arange(rows.size)
        sub = type(self).from_pairs(  # type: ignore[attr-defined]
            need=np.maximum(self.need[posts] - got[posts], 0),
            weight=self.weight[posts],
            pair_unit=self.pair_unit[pairs],
            pair_post=post_new[self.pair_post[pairs]],
            cost=self.cost[pairs],
            min_team=self.min_team[pairs],
            upper=self.upper[pairs],
            res_pair=pair_new[self.res_pair[nz]],
            res_row=row_new[self.res_row[nz]],
            res_coef=self.res_coef[nz],
            res_cap=np.maximum(slack[rows], 0.0),
        )
        kept = sub.origin if sub.origin is not None else np.arange(pairs.size)
        return sub, pairs[kept]
