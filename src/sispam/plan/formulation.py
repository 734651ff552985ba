"""Rumusan penugasan (the allocation problem's formulation): eligible (unit, post) pairs and the
rows that bind them, as arrays — built from the scenario by :mod:`sispam.plan.problem` or
directly from a cost matrix, spopt-style. No solving here: the heuristics
(:mod:`sispam.plan.heuristics`) and the solver (:mod:`sispam.plan.allocation`) read it::

    x_e  ∈ {0} ∪ [min_team_e, upper_e], integer     amount of unit u(e) at post d(e)
    s_d  ≥ 0                                        amount short at post d
    Σ_{e ∈ d} x_e + s_d = need_d                    every post is staffed or its gap is counted
    Σ_e coef_{r,e} x_e ≤ cap_r                      resources: a unit's strength in each phase,
                                                    and its duty hours in each day (shift limit)

The amount is personnel at a village post; at a reserve element it is platoons, a whole unit
being one pair with ``min_team = upper`` (its platoons) and its strength in the resource
coefficients — so a platoon is committed whole or not at all, with the same formulation.

Objective, lexicographic: first the weighted shortfall Σ w_d s_d, then the cost Σ cost_e x_e
(person-minutes of travel, plus any penalty the builder put on a pair) with the first held.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import numpy as np

from sispam.plan import highs
from sispam.plan.highs import INF, LinearModel

EPS = 1e-6


@dataclass(frozen=True)
class AllocationProblem:
    """Arrays of the allocation MILP (module docstring). Pairs are eligible by construction."""

    need: np.ndarray  # (n_posts,) amount required
    weight: np.ndarray  # (n_posts,) priority of one unit of amount short
    pair_unit: np.ndarray  # (n_pairs,)
    pair_post: np.ndarray  # (n_pairs,)
    cost: np.ndarray  # (n_pairs,) cost per unit of amount (travel minutes, penalties)
    min_team: np.ndarray  # (n_pairs,) smallest detachment (1 = any)
    upper: np.ndarray  # (n_pairs,) largest detachment
    res_pair: np.ndarray  # (nnz,) pair of each resource coefficient
    res_row: np.ndarray  # (nnz,) resource row
    res_coef: np.ndarray  # (nnz,)
    res_cap: np.ndarray  # (n_rows,)
    origin: np.ndarray | None = None  # (n_pairs,) index of each pair in the arrays given

    @property
    def n_posts(self) -> int:
        return int(self.need.size)

    @property
    def n_pairs(self) -> int:
        return int(self.pair_unit.size)

    # --- construction ----------------------------------------------------------------------

    @classmethod
    def from_pairs(
        cls,
        need: np.ndarray,
        weight: np.ndarray,
        pair_unit: np.ndarray,
        pair_post: np.ndarray,
        cost: np.ndarray,
        min_team: np.ndarray,
        upper: np.ndarray,
        res_pair: np.ndarray,
        res_row: np.ndarray,
        res_coef: np.ndarray,
        res_cap: np.ndarray,
    ) -> Self:
        """Normalise arrays; drop pairs that cannot hold a minimum team and resource rows that
        can never bind (the sum of their pairs' largest detachments fits), which decouples
        phases and days that do not compete for anyone."""
        need = np.asarray(need, np.int64)
        pair_post = np.asarray(pair_post, np.int64)
        upper = np.minimum(np.asarray(upper, np.int64), need[pair_post])
        res_pair = np.asarray(res_pair, np.int64)
        res_row = np.asarray(res_row, np.int64)
        res_coef = np.asarray(res_coef, float)
        res_cap = np.asarray(res_cap, float)
        # A single pair can use at most cap/coef of any of its rows.
        if res_pair.size:
            lim = np.floor(res_cap[res_row] / res_coef + EPS).astype(np.int64)
            np.minimum.at(upper, res_pair, lim)
        min_team = np.maximum(np.asarray(min_team, np.int64), 1)
        keep = upper >= min_team
        remap = np.full(keep.size, -1, np.int64)
        remap[keep] = np.arange(int(keep.sum()))
        if res_pair.size:
            kept_nz = keep[res_pair]
            res_pair, res_row, res_coef = (
                remap[res_pair[kept_nz]],
                res_row[kept_nz],
                res_coef[kept_nz],
            )
        upper = upper[keep]
        # Rows that cannot bind.
        if res_pair.size:
            load = np.bincount(res_row, weights=res_coef * upper[res_pair], minlength=res_cap.size)
            active = load > res_cap + EPS
            nz = active[res_row]
            new_row = np.cumsum(active) - 1
            res_pair, res_row, res_coef = res_pair[nz], new_row[res_row[nz]], res_coef[nz]
            res_cap = res_cap[active]
        return cls(
            need=need,
            weight=np.asarray(weight, float),
            pair_unit=np.asarray(pair_unit, np.int64)[keep],
            pair_post=pair_post[keep],
            cost=np.asarray(cost, float)[keep],
            min_team=min_team[keep],
            upper=upper,
            res_pair=res_pair,
            res_row=res_row,
            res_coef=res_coef,
            res_cap=res_cap,
            origin=np.nonzero(keep)[0],
        )

    @classmethod
    def from_cost_matrix(
        cls,
        cost_matrix: np.ndarray,
        capacity: np.ndarray,
        need: np.ndarray,
        weights: np.ndarray | None = None,
        max_cost: float = np.inf,
        min_team: np.ndarray | None = None,
    ) -> Self:
        """One phase, spopt-style: ``cost_matrix`` is units × posts (minutes); a unit may serve a
        post when its cost is at most ``max_cost``; ``capacity`` per unit, ``need`` per post."""
        cost_matrix = np.asarray(cost_matrix, float)
        n_u, n_d = cost_matrix.shape
        uu, dd = np.nonzero(np.isfinite(cost_matrix) & (cost_matrix <= max_cost))
        capacity = np.asarray(capacity, np.int64)
        teams = np.ones(n_u, np.int64) if min_team is None else np.asarray(min_team, np.int64)
        return cls.from_pairs(
            need=np.asarray(need),
            weight=np.ones(n_d) if weights is None else np.asarray(weights, float),
            pair_unit=uu,
            pair_post=dd,
            cost=cost_matrix[uu, dd],
            min_team=teams[uu],
            upper=capacity[uu],
            res_pair=np.arange(uu.size),
            res_row=uu,
            res_coef=np.ones(uu.size),
            res_cap=capacity.astype(float),
        )

    # --- evaluation ------------------------------------------------------------------------

    def got(self, x: np.ndarray) -> np.ndarray:
        """Amount at every post given ``x`` on every pair."""
        return np.bincount(self.pair_post, weights=x, minlength=self.n_posts)

    def shortfall_of(self, x: np.ndarray) -> np.ndarray:
        """Amount short per post."""
        return self.need - np.rint(self.got(x)).astype(np.int64)

    def weighted_shortfall_of(self, x: np.ndarray) -> float:
        return float(self.weight @ (self.need - np.rint(self.got(x))))

    def slack_of(self, x: np.ndarray) -> np.ndarray:
        """What is left of every resource row given ``x``."""
        slack = self.res_cap.astype(float).copy()
        if self.res_pair.size:
            slack -= np.bincount(
                self.res_row, weights=self.res_coef * x[self.res_pair], minlength=slack.size
            )
        return slack

    # --- the linear model ------------------------------------------------------------------

    def linear_model(self) -> LinearModel:
        """The MILP of the first objective (weighted shortfall) as HiGHS arrays."""
        n_e, n_d = self.n_pairs, self.n_posts
        cols = np.concatenate([np.arange(n_e), n_e + np.arange(n_d), self.res_pair])
        rows = np.concatenate([self.pair_post, np.arange(n_d), n_d + self.res_row])
        vals = np.concatenate([np.ones(n_e), np.ones(n_d), self.res_coef])
        integrality = np.concatenate(
            [
                np.where(self.min_team > 1, highs.SEMI_INTEGER, highs.INTEGER),
                np.full(n_d, highs.CONTINUOUS),
            ]
        )
        return LinearModel(
            cost=np.concatenate([np.zeros(n_e), self.weight]),
            lb=np.concatenate(
                [np.where(self.min_team > 1, self.min_team, 0), np.zeros(n_d)]
            ).astype(float),
            ub=np.concatenate([self.upper, self.need]).astype(float),
            rows=rows,
            cols=cols,
            vals=vals,
            row_lo=np.concatenate([self.need.astype(float), np.full(self.res_cap.size, -INF)]),
            row_hi=np.concatenate([self.need.astype(float), self.res_cap]),
            integrality=integrality,
        )

    # --- structure -------------------------------------------------------------------------

    def components(self) -> tuple[np.ndarray, np.ndarray]:
        """Block id of every post and every resource row: posts that share a resource row
        (through their pairs) are in one block. Union–find by pointer jumping in numpy."""
        n_d, n_r = self.n_posts, int(self.res_cap.size)
        parent = np.arange(n_d + n_r)
        a = self.pair_post[self.res_pair] if self.res_pair.size else np.zeros(0, np.int64)
        b = n_d + self.res_row
        while a.size:
            pa, pb = parent[a], parent[b]
            diff = pa != pb
            if not diff.any():
                break
            hi = np.maximum(pa, pb)[diff]
            lo = np.minimum(pa, pb)[diff]
            np.minimum.at(parent, hi, lo)
            while True:
                nxt = parent[parent]
                if np.array_equal(nxt, parent):
                    break
                parent = nxt
        _, label = np.unique(parent, return_inverse=True)
        return label[:n_d], label[n_d:]

    def block(self, post_mask: np.ndarray, row_mask: np.ndarray) -> SubProblem:
        """The sub-problem on the posts and resource rows of the masks."""
        posts = np.nonzero(post_mask)[0]
        pairs = np.nonzero(post_mask[self.pair_post])[0]
        post_new = np.full(self.n_posts, -1, np.int64)
        post_new[posts] = np.arange(posts.size)
        pair_new = np.full(self.n_pairs, -1, np.int64)
        pair_new[pairs] = np.arange(pairs.size)
        rows = np.nonzero(row_mask)[0]
        row_new = np.full(self.res_cap.size, -1, np.int64)
        row_new[rows] = np.arange(rows.size)
        nz = row_mask[self.res_row] if self.res_row.size else np.zeros(0, bool)
        return self.sub_problem(posts, pairs, rows, nz, post_new, pair_new, row_new)

    def sub_problem(  # type: ignore[no-untyped-def]
        self, posts, pairs, rows, nz, post_new, pair_new, row_new
    ) -> SubProblem:
        """The sub-problem on ``posts``, ``pairs`` and resource ``rows`` (``nz`` selects the
        resource entries kept), renumbered through the ``*_new`` maps already filled in."""
        sub = type(self)(
            need=self.need[posts],
            weight=self.weight[posts],
            pair_unit=self.pair_unit[pairs],
            pair_post=post_new[self.pair_post[pairs]],
            cost=self.cost[pairs],
            min_team=self.min_team[pairs],
            upper=self.upper[pairs],
            res_pair=pair_new[self.res_pair[nz]],
            res_row=row_new[self.res_row[nz]],
            res_coef=self.res_coef[nz],
            res_cap=self.res_cap[rows],
        )
        return SubProblem(model=sub, pairs=pairs, posts=posts)

    def batches(self, batches: list[np.ndarray], comp_post: np.ndarray, comp_row: np.ndarray):  # type: ignore[no-untyped-def]
        """The sub-problems of the batches of blocks, in order — by one sort of every array by
        batch, so that thousands of regency blocks cost no more than one pass."""
        n_comp = int(max(comp_post.max(initial=-1), comp_row.max(initial=-1))) + 1
        batch_of = np.full(n_comp, -1, np.int64)
        for b, comps in enumerate(batches):
            batch_of[comps] = b
        post_b = batch_of[comp_post]
        pair_b = post_b[self.pair_post]
        row_b = batch_of[comp_row] if comp_row.size else np.zeros(0, np.int64)
        nz_b = pair_b[self.res_pair] if self.res_pair.size else np.zeros(0, np.int64)
        order = [np.argsort(a, kind="stable") for a in (post_b, pair_b, row_b, nz_b)]
        starts = [
            np.searchsorted(a[o], np.arange(len(batches) + 1))
            for a, o in zip((post_b, pair_b, row_b, nz_b), order, strict=True)
        ]
        post_new = np.full(self.n_posts, -1, np.int64)
        pair_new = np.full(self.n_pairs, -1, np.int64)
        row_new = np.full(self.res_cap.size, -1, np.int64)
        for b in range(len(batches)):
            posts, pairs, rows, nz = (
                o[st[b] : st[b + 1]] for o, st in zip(order, starts, strict=True)
            )
            post_new[posts] = np.arange(posts.size)
            pair_new[pairs] = np.arange(pairs.size)
            row_new[rows] = np.arange(rows.size)
            yield self.sub_problem(posts, pairs, rows, nz, post_new, pair_new, row_new)

    def restrict(self, free: np.ndarray, x_fixed: np.ndarray) -> tuple[Self, np.ndarray]:
        """The problem over the ``free`` pairs, with what the fixed pairs already provide taken
        off the posts' needs and the units' strength and hours; and the free pairs kept."""
        pairs = np.nonzero(free)[0]
        xf = np.where(free, 0, x_fixed)
        got = np.rint(self.got(xf)).astype(np.int64)
        posts = np.unique(self.pair_post[pairs])
        post_new = np.full(self.n_posts, -1, np.int64)
        post_new[posts] = np.arange(posts.size)
        slack = self.slack_of(xf)
        pair_new = np.full(self.n_pairs, -1, np.int64)
        pair_new[pairs] = np.arange(pairs.size)
        nz = free[self.res_pair] if self.res_pair.size else np.zeros(0, bool)
        rows = np.unique(self.res_row[nz])
        row_new = np.full(self.res_cap.size, -1, np.int64)
        row_new[rows] = np.arange(rows.size)
        sub = type(self).from_pairs(
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


@dataclass(frozen=True)
class SubProblem:
    """A block of a problem and where its pairs and posts sit in the whole."""

    model: AllocationProblem
    pairs: np.ndarray  # pair indices of the block in the full problem
    posts: np.ndarray


def travel_stage(lm: LinearModel, m: AllocationProblem, shortfall_cap: float) -> LinearModel:
    """The second objective: cost, with the weighted shortfall held at ``shortfall_cap``."""
    n_e, n_d = m.n_pairs, m.n_posts
    m2 = LinearModel(
        cost=np.concatenate([m.cost, np.zeros(n_d)]),
        lb=lm.lb.copy(),
        ub=lm.ub.copy(),
        rows=lm.rows.copy(),
        cols=lm.cols.copy(),
        vals=lm.vals.copy(),
        row_lo=lm.row_lo.copy(),
        row_hi=lm.row_hi.copy(),
        integrality=lm.integrality,
    )
    tol = max(EPS, 1e-9 * abs(shortfall_cap))
    m2.add_rows([n_e + np.arange(n_d)], [m.weight.astype(float)], [-INF], [shortfall_cap + tol])
    return m2
