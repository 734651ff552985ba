"""Penugasan satuan (unit allocation): a MILP over eligible (unit, post) pairs, solved with HiGHS.

The model, built by :mod:`sispam.plan.planner` from the scenario (or directly with
:meth:`AllocationModel.from_cost_matrix`, spopt-style)::

    x_e  ∈ {0} ∪ [min_team_e, upper_e], integer     personnel of unit u(e) at post d(e)
    s_d  ≥ 0                                        personnel short at post d
    Σ_{e ∈ d} x_e + s_d = need_d                    every post is staffed or its gap is counted
    Σ_e coef_{r,e} x_e ≤ cap_r                      resources: a unit's strength in each phase,
                                                    and its duty hours in each day (shift limit)

Eligibility (force, agency role, Linmas only at home, BKO only after arrival, reachable before the
post is due) is decided when the pairs are built, so every pair is allowed by construction.

Objective, lexicographic: first the weighted shortfall Σ w_d s_d (higher zones weigh more), then
the travel Σ cost_e x_e (person-minutes) with the first objective held at its optimum.

Scale: the model splits into independent blocks (connected components of posts and the resource
rows they share); blocks are packed into HiGHS models of at most ``max_milp_vars`` columns. A block
larger than that gets the fallback — the greedy method below, improved by rounding the LP
relaxation that is solved anyway for the bound — and its gap against that LP bound is reported.
**Greedy** (documented; also ``method="greedy"`` alone): posts in descending weight (then input
order); each post takes personnel from its eligible units nearest first, as much as the unit's
remaining strength and duty hours allow, skipping a unit when the detachment would fall below its
minimum team size. The greedy solution is also every block's first incumbent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from sispam.domain import SolverReport
from sispam.plan import highs
from sispam.plan.heuristics import EPS, Heuristics
from sispam.plan.highs import INF, LinearModel, relative_gap


@dataclass(frozen=True)
class AllocationSolution:
    """Personnel per pair (``x``), shortfall per post, and how it was obtained."""

    x: np.ndarray
    shortfall: np.ndarray
    report: SolverReport

    @property
    def weighted_shortfall(self) -> float:
        return float(self.report.objective or 0.0)


@dataclass(frozen=True)
class AllocationModel(Heuristics):
    """Arrays of the allocation MILP (see the module docstring). Pairs are eligible by design."""

    need: np.ndarray  # (n_posts,) personnel required
    weight: np.ndarray  # (n_posts,) priority of one person short
    pair_unit: np.ndarray  # (n_pairs,)
    pair_post: np.ndarray  # (n_pairs,)
    cost: np.ndarray  # (n_pairs,) travel minutes per person
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
    ) -> AllocationModel:
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
    ) -> AllocationModel:
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

    # --- solving ---------------------------------------------------------------------------

    def solve(
        self,
        method: str = "auto",
        time_limit_s: float = 30.0,
        max_milp_vars: int = 300_000,
        mip_rel_gap: float = 1e-3,
        with_travel: bool = True,
    ) -> AllocationSolution:
        """Solve: ``auto`` (MILP per block, greedy for blocks over ``max_milp_vars``), ``milp``
        (always MILP), ``greedy`` (greedy with its gap against the LP bound) or ``heuristic``
        (greedy alone, no bound). ``with_travel=False`` stops after the first objective (the
        shortfall), for what-if questions that only ask how much is missing."""
        t0 = time.perf_counter()
        x_greedy = self.greedy()
        if method == "heuristic":  # greedy without the LP bound (what-if re-solves at scale)
            short = self._shortfall_of(x_greedy, np.ones(self.n_posts, bool))
            report = SolverReport(
                method="greedy",
                status="greedy",
                objective=round(float(self.weight @ short), 6),
                time_s=round(time.perf_counter() - t0, 4),
                travel=round(float(self.cost @ x_greedy), 3),
                reason="heuristic",
            )
            return AllocationSolution(x=x_greedy, shortfall=short, report=report)
        if method == "greedy":
            return self._greedy_report(x_greedy, t0, time_limit_s, reason="method")
        comp_post, comp_row = self.components()
        n_comp = int(comp_post.max()) + 1 if comp_post.size else 0
        post_sizes = np.bincount(comp_post, minlength=n_comp)
        pair_sizes = np.bincount(comp_post[self.pair_post], minlength=n_comp)
        sizes = post_sizes + pair_sizes  # columns per block
        big = (sizes > max_milp_vars) if method == "auto" else np.zeros(n_comp, bool)
        batches = _pack(sizes, ~big, max_milp_vars)
        x = x_greedy.copy()
        statuses: list[str] = []
        obj = travel = 0.0
        bound: float | None = 0.0
        travel_bound: float | None = 0.0
        n_vars = n_rows = 0
        total_cols = max(int(sizes[~big].sum()), 1)
        for batch, sub in zip(batches, self._batches(batches, comp_post, comp_row), strict=True):
            elapsed = time.perf_counter() - t0
            share = float(sizes[batch].sum()) / total_cols
            budget = max((time_limit_s - elapsed) * max(share, 0.05), 0.05)
            part = self._solve_block(sub, x_greedy, budget, mip_rel_gap, with_travel)
            x[part.pairs] = part.x
            statuses.append(part.status)
            obj += part.objective
            travel += part.travel
            bound = _add(bound, part.bound)
            travel_bound = _add(travel_bound, part.travel_bound)
            n_vars += part.n_cols
            n_rows += part.n_rows
        reason = ""
        method_used = "milp"
        if big.any():
            # Blocks too big for one model: greedy, improved by rounding the LP relaxation that
            # is solved anyway for the bound.
            blocks = np.nonzero(big)[0]
            sub = self._block(np.isin(comp_post, blocks), np.isin(comp_row, blocks))
            remaining = max(time_limit_s - (time.perf_counter() - t0), 1.0)
            best, lp1, lp2 = sub.model.rounded_with_bounds(x_greedy[sub.pairs], remaining)
            x[sub.pairs] = best
            obj += sub.model.weighted_shortfall_of(best)
            travel += float(sub.model.cost @ best)
            bound = _add(bound, lp1)
            travel_bound = _add(travel_bound, lp2)
            n_vars += sub.model.n_pairs + sub.model.n_posts
            n_rows += sub.model.n_posts + int(sub.model.res_cap.size)
            statuses.append("greedy")
            method_used = "mixed" if batches else "greedy"
            reason = "size"
        status = _worst(statuses)
        shortfall = self._shortfall_of(x, np.ones(self.n_posts, bool))
        report = SolverReport(
            method=method_used,  # type: ignore[arg-type]
            status=status,
            objective=round(obj, 6),
            bound=None if bound is None else round(bound, 6),
            gap=relative_gap(obj, bound),
            time_s=round(time.perf_counter() - t0, 4),
            travel=round(travel, 3),
            travel_bound=None if travel_bound is None else round(travel_bound, 3),
            travel_gap=relative_gap(travel, travel_bound),
            variables=n_vars,
            constraints=n_rows,
            batches=len(batches),
            reason=reason,
        )
        return AllocationSolution(x=x, shortfall=shortfall, report=report)

    def _shortfall_of(self, x_part: np.ndarray, posts: np.ndarray) -> np.ndarray:
        """Shortfall per post in the mask ``posts`` given personnel on those posts' pairs."""
        if x_part.size == self.n_pairs:
            got = np.bincount(self.pair_post, weights=x_part, minlength=self.n_posts)
            return (self.need - np.rint(got).astype(np.int64))[posts]
        sel = posts[self.pair_post]
        got = np.bincount(self.pair_post[sel], weights=x_part, minlength=self.n_posts)
        return (self.need - np.rint(got).astype(np.int64))[posts]

    def _greedy_report(
        self, x: np.ndarray, t0: float, time_limit_s: float, reason: str
    ) -> AllocationSolution:
        short = self._shortfall_of(x, np.ones(self.n_posts, bool))
        obj = float(self.weight @ short)
        travel = float(self.cost @ x)
        lp1, lp2 = self.lp_bounds(obj, max(time_limit_s - (time.perf_counter() - t0), 1.0))
        report = SolverReport(
            method="greedy",
            status="greedy",
            objective=round(obj, 6),
            bound=None if lp1 is None else round(lp1, 6),
            gap=relative_gap(obj, lp1),
            time_s=round(time.perf_counter() - t0, 4),
            travel=round(travel, 3),
            travel_bound=None if lp2 is None else round(lp2, 3),
            travel_gap=relative_gap(travel, lp2),
            variables=self.n_pairs + self.n_posts,
            constraints=self.n_posts + int(self.res_cap.size),
            batches=0,
            reason=reason,
        )
        return AllocationSolution(x=x, shortfall=short, report=report)

    # --- LP and MILP -----------------------------------------------------------------------

    def _linear_model(self) -> LinearModel:
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

    def lp_bounds(
        self, shortfall_cap: float, time_limit_s: float
    ) -> tuple[float | None, float | None]:
        """LP relaxation bounds: the least weighted shortfall, and the least travel of any
        solution no worse than ``shortfall_cap`` on the first objective."""
        m = self._linear_model()
        m.lb[: self.n_pairs] = 0.0  # semi-integer relaxed to [0, upper]
        r1 = highs.solve(m, time_limit_s=time_limit_s, relax=True)
        lp1 = r1.objective if r1.status == "optimal" else None
        m2 = _travel_stage(m, self, shortfall_cap)
        r2 = highs.solve(m2, time_limit_s=time_limit_s, relax=True)
        lp2 = r2.objective if r2.status == "optimal" else None
        return lp1, lp2

    def rounded_with_bounds(
        self, x_greedy: np.ndarray, time_limit_s: float
    ) -> tuple[np.ndarray, float | None, float | None]:
        """The fallback for models too big for branch and bound: the better of the greedy
        solution and the rounded LP relaxation (first objective, then travel at that shortfall),
        with the two LP bounds. Returns (x, shortfall bound, travel bound)."""
        m = self._linear_model()
        m.lb[: self.n_pairs] = 0.0  # semi-integer relaxed to [0, upper]
        best = x_greedy
        r1 = highs.solve(m, time_limit_s=time_limit_s, relax=True)
        lp1 = r1.objective if r1.status == "optimal" else None
        if r1.x is not None:
            cand = self.repair(r1.x[: self.n_pairs])
            if self.weighted_shortfall_of(cand) < self.weighted_shortfall_of(best) - EPS:
                best = cand
        z1 = self.weighted_shortfall_of(best)
        r2 = highs.solve(_travel_stage(m, self, z1), time_limit_s=time_limit_s, relax=True)
        lp2 = r2.objective if r2.status == "optimal" else None
        if r2.x is not None:
            cand = self.repair(r2.x[: self.n_pairs])
            if self.weighted_shortfall_of(cand) <= z1 + EPS and float(self.cost @ cand) < float(
                self.cost @ best
            ):
                best = cand
        return best, lp1, lp2

    def _block(self, post_mask: np.ndarray, row_mask: np.ndarray) -> _Sub:
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
        return self._sub_model(posts, pairs, rows, nz, post_new, pair_new, row_new)

    def _sub_model(  # type: ignore[no-untyped-def]
        self, posts, pairs, rows, nz, post_new, pair_new, row_new
    ) -> _Sub:
        """The sub-model on ``posts``, ``pairs`` and resource ``rows`` (``nz`` selects the
        resource entries kept), renumbered through the ``*_new`` maps already filled in."""
        sub = AllocationModel(
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
        return _Sub(model=sub, pairs=pairs, posts=posts)

    def _batches(self, batches: list[np.ndarray], comp_post: np.ndarray, comp_row: np.ndarray):  # type: ignore[no-untyped-def]
        """The sub-models of the batches, in order — by one sort of every array by batch, so
        that thousands of regency blocks cost no more than one pass."""
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
            yield self._sub_model(posts, pairs, rows, nz, post_new, pair_new, row_new)

    def _solve_block(
        self,
        sub: _Sub,
        x_greedy: np.ndarray,
        time_limit_s: float,
        mip_rel_gap: float,
        with_travel: bool = True,
    ) -> _Part:
        """Both stages on one block, sharing one warm LP (see :meth:`_stage`)."""
        t0 = time.perf_counter()
        m = sub.model

        def left() -> float:
            return max(time_limit_s - (time.perf_counter() - t0), 0.05)

        lm = m._linear_model()
        session = highs.Session(lm, time_limit_s)
        x1, b1, status1 = m._stage(x_greedy[sub.pairs], None, session, lm, left, mip_rel_gap)
        z1 = m.weighted_shortfall_of(x1)
        x2, b2, status2 = x1, None, status1
        if with_travel:
            n_e, n_d = m.n_pairs, m.n_posts
            tol = max(EPS, 1e-9 * abs(z1))
            session.add_row(n_e + np.arange(n_d), m.weight, -INF, z1 + tol)
            session.set_cost(np.concatenate([m.cost, np.zeros(n_d)]))
            x2, b2, status2 = m._stage(x1, z1, session, lm, left, mip_rel_gap)
        return _Part(
            pairs=sub.pairs,
            x=x2,
            status=_worst([status1, status2]),
            objective=m.weighted_shortfall_of(x2),
            bound=b1,
            travel=float(m.cost @ x2),
            travel_bound=b2,
            n_cols=lm.n_cols,
            n_rows=lm.n_rows + (1 if with_travel else 0),
        )

    def shortfall_series(
        self,
        disabled: list[np.ndarray],
        time_limit_s: float = 30.0,
        mip_rel_gap: float = 1e-3,
        nested: bool = False,
        exact: bool = True,
    ) -> list[tuple[np.ndarray, bool]]:
        """What-if: the least shortfall per post with the pairs in each mask switched off, all
        from one warm LP (e.g. the marginal value of 1…K extra platoons: each mask switches off
        the platoons beyond k). Exact as :meth:`solve`'s first stage. ``nested``: each mask
        switches off a subset of the previous one's, so once nothing is short the rest are
        zero too. Returns (shortfall per post, proven optimal) per mask; without ``exact``
        only the LP-guided heuristics run (the result is achievable, the proof may be
        missing)."""
        t0 = time.perf_counter()

        def left() -> float:
            return max(time_limit_s - (time.perf_counter() - t0), 0.05)

        lm = self._linear_model()
        session = highs.Session(lm, time_limit_s)
        n_e = self.n_pairs
        base_ub = session.ub[:n_e].copy()
        every = np.arange(n_e)
        out = []
        for off in disabled:
            if nested and out and not out[-1][0].any():
                out.append(out[-1])
                continue
            upper = np.where(off, 0, self.upper)
            m = replace(self, upper=upper)
            session.ub[:n_e] = np.where(off, 0.0, base_ub)
            session.set_bounds(every, session.lb[:n_e], session.ub[:n_e])
            lm_k = replace(lm, ub=np.concatenate([session.ub[:n_e], lm.ub[n_e:]]))
            x, _, status = m._stage(m.greedy(), None, session, lm_k, left, mip_rel_gap, exact)
            got = np.bincount(self.pair_post, weights=x, minlength=self.n_posts)
            out.append((self.need - np.rint(got).astype(np.int64), status == "optimal"))
        return out

    def weighted_shortfall_of(self, x: np.ndarray) -> float:
        got = np.bincount(self.pair_post, weights=x, minlength=self.n_posts)
        return float(self.weight @ (self.need - np.rint(got)))

    def _stage(
        self,
        start: np.ndarray,
        cap: float | None,
        session: highs.Session,
        lm: LinearModel,
        left,  # type: ignore[no-untyped-def]
        mip_rel_gap: float,
        exact: bool = True,
    ) -> tuple[np.ndarray, float | None, str]:
        """One lexicographic stage: the weighted shortfall (``cap`` None) or the travel with the
        weighted shortfall at most ``cap`` (the session already holds that row and cost).
        Cheapest proof first:

        1. the LP relaxation gives the bound; **diving** (fix every detachment the LP left
           below its minimum team to 0 or to the minimum, re-solve warm, repeat) and rounding
           (:meth:`repair`) give solutions;
        2. if none is within the tolerance of the bound (exact for the shortfall,
           ``mip_rel_gap`` for travel), a small MILP re-optimises only the units whose LP
           detachments broke a minimum team and those sharing their posts, the rest fixed;
        3. if still not, HiGHS' branch and bound on the whole block, warm-started.

        Without ``exact`` only step 1 runs (one dive), status ``heuristic`` when unproven.
        Returns (x, bound, status)."""
        travel_stage = cap is not None
        tol = max(EPS, 1e-9 * abs(cap or 0.0))

        def value(x: np.ndarray) -> float:
            return float(self.cost @ x) if travel_stage else self.weighted_shortfall_of(x)

        def ok(x: np.ndarray) -> bool:
            return not travel_stage or self.weighted_shortfall_of(x) <= cap + tol  # type: ignore[operator]

        def done(x: np.ndarray, bound: float | None) -> bool:
            if bound is None:
                return False
            if travel_stage:
                gap = relative_gap(value(x), bound)
                return gap is not None and gap <= mip_rel_gap
            return value(x) <= bound + EPS * max(1.0, abs(bound))

        best = start
        if not travel_stage and value(best) <= EPS:
            return best, 0.0, "optimal"
        status, x_lp, bound = session.run()
        if x_lp is not None:
            x_lp = x_lp[: self.n_pairs]
            for attempt in range(3 if exact else 2):
                if attempt and done(best, bound):
                    break
                if attempt == 0:
                    cand = self.repair(x_lp)
                else:
                    cand = self._dive(session, x_lp, lift_first=attempt == 2)
                if cand is not None and ok(cand) and value(cand) < value(best) - EPS:
                    best = cand
            if not exact:
                return best, bound, "optimal" if done(best, bound) else "heuristic"
            if not done(best, bound):
                cand = self._local_milp(x_lp, cap, left(), mip_rel_gap)
                if cand is not None and ok(cand) and value(cand) < value(best) - EPS:
                    best = cand
        if done(best, bound):
            return best, bound, "optimal"
        model = lm if cap is None else _travel_stage(lm, self, cap)
        short = self.need - np.bincount(self.pair_post, weights=best, minlength=self.n_posts)
        r = highs.solve(model, left(), mip_rel_gap, start=np.concatenate([best, short]))
        if r.bound is not None:
            bound = r.bound
        if r.x is not None:
            cand = np.rint(r.x[: self.n_pairs]).astype(np.int64)
            if ok(cand) and value(cand) <= value(best) + EPS:
                best = cand
        return best, bound, ("optimal" if done(best, bound) else r.status)

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


@dataclass(frozen=True)
class _Sub:
    model: AllocationModel
    pairs: np.ndarray  # pair indices of the block in the full model
    posts: np.ndarray


@dataclass(frozen=True)
class _Part:
    pairs: np.ndarray
    x: np.ndarray
    status: str
    objective: float
    bound: float | None
    travel: float
    travel_bound: float | None
    n_cols: int
    n_rows: int


def _add(total: float | None, part: float | None) -> float | None:
    return None if total is None or part is None else total + part


def _travel_stage(lm: LinearModel, m: AllocationModel, shortfall_cap: float) -> LinearModel:
    """The second objective: travel, with the weighted shortfall held at ``shortfall_cap``."""
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


PACK_COLUMNS = 4_000  # small blocks share a HiGHS model up to this many columns


def _pack(sizes: np.ndarray, allowed: np.ndarray, cap: int) -> list[np.ndarray]:
    """Batches of blocks: a block of ``PACK_COLUMNS`` columns or more is solved alone (its warm
    LP re-solves stay small); smaller ones share a model up to that size (one HiGHS call for
    many Linmas posts); in block order, so the result does not depend on sizes' ties."""
    cap = min(cap, PACK_COLUMNS)
    batches: list[list[int]] = []
    current: list[int] = []
    current_load = 0
    for c in np.nonzero(allowed)[0].tolist():
        s = int(sizes[c])
        if s >= cap:
            batches.append([c])
            continue
        if current and current_load + s > cap:
            batches.append(current)
            current, current_load = [], 0
        current.append(c)
        current_load += s
    if current:
        batches.append(current)
    return [np.asarray(b, np.int64) for b in batches]


_ORDER = ["optimal", "greedy", "time_limit", "iteration_limit", "solution_limit", "interrupted"]


def _worst(statuses: list[str]) -> str:
    if not statuses:
        return "optimal"
    return max(statuses, key=lambda s: _ORDER.index(s) if s in _ORDER else len(_ORDER))
