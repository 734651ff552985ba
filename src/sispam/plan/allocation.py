"""Penugasan satuan (unit allocation): the allocation problem of
:mod:`sispam.plan.formulation`, solved with HiGHS — spopt-style, a model built from the
scenario's pairs or a cost matrix, then ``.solve()``::

    AllocationModel.from_cost_matrix(minutes, capacity, need, weights).solve()

Scale: the model splits into independent blocks (connected components of posts and the resource
rows they share); blocks are packed into HiGHS models of at most ``max_milp_vars`` columns. A block
larger than that gets the fallback — the greedy method of :mod:`sispam.plan.heuristics`, improved
by rounding the LP relaxation that is solved anyway for the bound — and its gap against that LP
bound is reported. **Greedy** (documented; also ``method="greedy"`` alone): posts in descending
weight (then input order); each post takes from its eligible units nearest first, as much as the
unit's remaining strength and duty hours allow, skipping a unit when the detachment would fall
below its minimum team size. The greedy solution is also every block's first incumbent.

Wall time is measured (``AllocationSolution.time_s``) but is not part of the report that goes
into a plan: the same inputs must give the same plan file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from sispam.domain import SolverReport
from sispam.plan import heuristics, highs
from sispam.plan.formulation import EPS, AllocationProblem, SubProblem, travel_stage
from sispam.plan.highs import INF, LinearModel, relative_gap


@dataclass(frozen=True)
class AllocationSolution:
    """Personnel per pair (``x``), shortfall per post, and how it was obtained."""

    x: np.ndarray
    shortfall: np.ndarray
    report: SolverReport
    time_s: float = 0.0  # wall time of the solve (not part of the report: it varies run to run)

    @property
    def weighted_shortfall(self) -> float:
        return float(self.report.objective or 0.0)


@dataclass(frozen=True)
class AllocationModel(AllocationProblem):
    """The allocation problem with its solver (see the module docstring)."""

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
        x_greedy = heuristics.greedy(self)
        if method == "heuristic":  # greedy without the LP bound (what-if re-solves at scale)
            short = self.shortfall_of(x_greedy)
            report = SolverReport(
                method="greedy",
                status="greedy",
                objective=round(float(self.weight @ short), 6),
                travel=round(float(self.cost @ x_greedy), 3),
                reason="heuristic",
            )
            return AllocationSolution(x_greedy, short, report, _elapsed(t0))
        if method == "greedy":
            return self._greedy_report(x_greedy, t0, time_limit_s, reason="method")
        comp_post, comp_row = self.components()
        n_comp = int(comp_post.max()) + 1 if comp_post.size else 0
        post_sizes = np.bincount(comp_post, minlength=n_comp)
        pair_sizes = np.bincount(comp_post[self.pair_post], minlength=n_comp)
        sizes = post_sizes + pair_sizes  # columns per block
        # Blocks the greedy plan already solves: nothing short and every post staffed by its
        # cheapest pairs, so the cost equals its plain lower bound — proven without HiGHS.
        settled, lower = self._settled(x_greedy, comp_post, n_comp, with_travel)
        big = (sizes > max_milp_vars) if method == "auto" else np.zeros(n_comp, bool)
        big &= ~settled
        batches = _pack(sizes, ~big & ~settled, max_milp_vars)
        x = x_greedy.copy()
        statuses: list[str] = ["optimal"] if settled.any() else []
        obj = 0.0
        travel = float(
            self.cost[settled[comp_post[self.pair_post]]]
            @ x_greedy[settled[comp_post[self.pair_post]]]
        )
        bound: float | None = 0.0
        travel_bound: float | None = float(lower[settled].sum())
        n_vars = n_rows = 0
        total_cols = max(int(sizes[~big].sum()), 1)
        for batch, sub in zip(batches, self.batches(batches, comp_post, comp_row), strict=True):
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
            sub = self.block(np.isin(comp_post, blocks), np.isin(comp_row, blocks))
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
        shortfall = self.shortfall_of(x)
        report = SolverReport(
            method=method_used,  # type: ignore[arg-type]
            status=status,
            objective=round(obj, 6),
            bound=None if bound is None else round(bound, 6),
            gap=relative_gap(obj, bound),
            travel=round(travel, 3),
            travel_bound=None if travel_bound is None else round(travel_bound, 3),
            travel_gap=relative_gap(travel, travel_bound),
            variables=n_vars,
            constraints=n_rows,
            batches=len(batches),
            reason=reason,
        )
        return AllocationSolution(x, shortfall, report, _elapsed(t0))

    def _settled(
        self, x: np.ndarray, comp_post: np.ndarray, n_comp: int, with_travel: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per block: whether the greedy plan ``x`` is optimal there by a plain bound (nothing
        short; cost = Σ need × cheapest pair of each post), and that bound."""
        short = self.shortfall_of(x)
        cheapest = np.full(self.n_posts, np.inf)
        np.minimum.at(cheapest, self.pair_post, self.cost)
        post_lb = np.where(self.need > 0, self.need * cheapest, 0.0)
        post_cost = np.bincount(self.pair_post, weights=self.cost * x, minlength=self.n_posts)
        bad = np.bincount(comp_post, weights=(short > 0).astype(float), minlength=n_comp) > 0
        lower = np.bincount(comp_post, weights=np.where(np.isfinite(post_lb), post_lb, 0.0),
                            minlength=n_comp)  # fmt: skip
        if with_travel:
            cost = np.bincount(comp_post, weights=post_cost, minlength=n_comp)
            bad |= cost > lower + EPS * np.maximum(1.0, lower)
        return ~bad, lower

    def _greedy_report(
        self, x: np.ndarray, t0: float, time_limit_s: float, reason: str
    ) -> AllocationSolution:
        short = self.shortfall_of(x)
        obj = float(self.weight @ short)
        travel = float(self.cost @ x)
        lp1, lp2 = self.lp_bounds(obj, max(time_limit_s - (time.perf_counter() - t0), 1.0))
        report = SolverReport(
            method="greedy",
            status="greedy",
            objective=round(obj, 6),
            bound=None if lp1 is None else round(lp1, 6),
            gap=relative_gap(obj, lp1),
            travel=round(travel, 3),
            travel_bound=None if lp2 is None else round(lp2, 3),
            travel_gap=relative_gap(travel, lp2),
            variables=self.n_pairs + self.n_posts,
            constraints=self.n_posts + int(self.res_cap.size),
            batches=0,
            reason=reason,
        )
        return AllocationSolution(x, short, report, _elapsed(t0))

    # --- LP and MILP -----------------------------------------------------------------------

    def lp_bounds(
        self, shortfall_cap: float, time_limit_s: float
    ) -> tuple[float | None, float | None]:
        """LP relaxation bounds: the least weighted shortfall, and the least travel of any
        solution no worse than ``shortfall_cap`` on the first objective."""
        m = self.linear_model()
        m.lb[: self.n_pairs] = 0.0  # semi-integer relaxed to [0, upper]
        r1 = highs.solve(m, time_limit_s=time_limit_s, relax=True)
        lp1 = r1.objective if r1.status == "optimal" else None
        m2 = travel_stage(m, self, shortfall_cap)
        r2 = highs.solve(m2, time_limit_s=time_limit_s, relax=True)
        lp2 = r2.objective if r2.status == "optimal" else None
        return lp1, lp2

    def rounded_with_bounds(
        self, x_greedy: np.ndarray, time_limit_s: float
    ) -> tuple[np.ndarray, float | None, float | None]:
        """The fallback for models too big for branch and bound: the better of the greedy
        solution and the rounded LP relaxation (first objective, then travel at that shortfall),
        with the two LP bounds. Returns (x, shortfall bound, travel bound)."""
        m = self.linear_model()
        m.lb[: self.n_pairs] = 0.0  # semi-integer relaxed to [0, upper]
        best = x_greedy
        r1 = highs.solve(m, time_limit_s=time_limit_s, relax=True)
        lp1 = r1.objective if r1.status == "optimal" else None
        if r1.x is not None:
            cand = heuristics.repair(self, r1.x[: self.n_pairs])
            if self.weighted_shortfall_of(cand) < self.weighted_shortfall_of(best) - EPS:
                best = cand
        z1 = self.weighted_shortfall_of(best)
        r2 = highs.solve(travel_stage(m, self, z1), time_limit_s=time_limit_s, relax=True)
        lp2 = r2.objective if r2.status == "optimal" else None
        if r2.x is not None:
            cand = heuristics.repair(self, r2.x[: self.n_pairs])
            if self.weighted_shortfall_of(cand) <= z1 + EPS and float(self.cost @ cand) < float(
                self.cost @ best
            ):
                best = cand
        return best, lp1, lp2

    def _solve_block(
        self,
        sub: SubProblem,
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

        lm = m.linear_model()
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

        lm = self.linear_model()
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
            x, _, status = m._stage(
                heuristics.greedy(m), None, session, lm_k, left, mip_rel_gap, exact
            )
            got = np.bincount(self.pair_post, weights=x, minlength=self.n_posts)
            out.append((self.need - np.rint(got).astype(np.int64), status == "optimal"))
        return out

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
        on_travel = cap is not None
        tol = max(EPS, 1e-9 * abs(cap or 0.0))

        def value(x: np.ndarray) -> float:
            return float(self.cost @ x) if on_travel else self.weighted_shortfall_of(x)

        def ok(x: np.ndarray) -> bool:
            return not on_travel or self.weighted_shortfall_of(x) <= cap + tol  # type: ignore[operator]

        def done(x: np.ndarray, bound: float | None) -> bool:
            if bound is None:
                return False
            if on_travel:
                gap = relative_gap(value(x), bound)
                return gap is not None and gap <= mip_rel_gap
            return value(x) <= bound + EPS * max(1.0, abs(bound))

        best = start
        if not on_travel and value(best) <= EPS:
            return best, 0.0, "optimal"
        status, x_lp, bound = session.run()
        if x_lp is not None:
            x_lp = x_lp[: self.n_pairs]
            for attempt in range(3 if exact else 2):
                if attempt and done(best, bound):
                    break
                if attempt == 0:
                    cand = heuristics.repair(self, x_lp)
                else:
                    cand = heuristics.dive(self, session, x_lp, lift_first=attempt == 2)
                if cand is not None and ok(cand) and value(cand) < value(best) - EPS:
                    best = cand
            if not exact:
                return best, bound, "optimal" if done(best, bound) else "heuristic"
            if not done(best, bound):
                cand = heuristics.local_milp(self, x_lp, cap, left(), mip_rel_gap)
                if cand is not None and ok(cand) and value(cand) < value(best) - EPS:
                    best = cand
        if done(best, bound):
            return best, bound, "optimal"
        model = lm if cap is None else travel_stage(lm, self, cap)
        short = self.need - np.bincount(self.pair_post, weights=best, minlength=self.n_posts)
        r = highs.solve(model, left(), mip_rel_gap, start=np.concatenate([best, short]))
        if r.bound is not None:
            bound = r.bound
        if r.x is not None:
            cand = np.rint(r.x[: self.n_pairs]).astype(np.int64)
            if ok(cand) and value(cand) <= value(best) + EPS:
                best = cand
        return best, bound, ("optimal" if done(best, bound) else r.status)


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


def _elapsed(t0: float) -> float:
    return round(time.perf_counter() - t0, 4)


def _add(total: float | None, part: float | None) -> float | None:
    return None if total is None or part is None else total + part


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
