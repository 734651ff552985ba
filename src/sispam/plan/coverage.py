"""Pos siaga cadangan (reserve staging posts): the maximal covering location problem (MCLP).

Church & ReVelle (1974): choose ``p`` of the candidate sites so that the largest weight of demand
points lies within ``service_radius`` (here minutes of travel) of a chosen site::

    max Σ_g w_g y_g    s.t.   y_g ≤ Σ_{j ∈ N_g} x_j,   Σ_j x_j = p,   x_j ∈ {0,1},   0 ≤ y_g ≤ 1

With ``backup`` a second, lexicographic stage keeps that coverage and maximises the weight
reached by at least two chosen sites (backup coverage; Hogan & ReVelle 1986)::

    max Σ_g w_g b_g    s.t.   y_g + b_g ≤ Σ_{j ∈ N_g} x_j,   b_g ≤ y_g,   Σ_g w_g y_g ≥ z*

Two devices make large instances tractable (100k points × 1k sites): demand points that can be
reached by exactly the same set of sites are **aggregated** into one group (their weights summed:
the model is unchanged, only smaller), and HiGHS is **warm-started** from the greedy solution
(repeatedly add the site with the largest uncovered weight within reach).

The interface follows PySAL spopt's ``MCLP.from_cost_matrix(...).solve()`` so the benchmark can
compare the two on the same instance.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from sispam.domain import SolverReport
from sispam.plan import highs
from sispam.plan.highs import INF, LinearModel, relative_gap


@dataclass(frozen=True)
class CoverageSolution:
    """Chosen sites, which demand points they reach (once, twice) and the solver report."""

    selected: np.ndarray  # indices of chosen sites, ascending
    covered: np.ndarray  # (n_points,) bool
    backup_covered: np.ndarray  # (n_points,) bool: reached by ≥ 2 chosen sites
    coverage: float  # covered weight / total weight
    backup_coverage: float
    report: SolverReport
    time_s: float = 0.0  # wall time of the solve (not part of the report: it varies run to run)


@dataclass(frozen=True)
class CoverageModel:
    """A covering instance in compressed form: for each demand *group* the sites that reach it.

    ``group_of`` maps every original demand point to its group (−1: no site reaches it).
    """

    n_points: int
    n_sites: int
    weights: np.ndarray  # (n_points,)
    group_weight: np.ndarray  # (n_groups,)
    ptr: np.ndarray  # CSR over groups: sites of group g are idx[ptr[g]:ptr[g+1]]
    idx: np.ndarray
    group_of: np.ndarray  # (n_points,)
    p: int
    fixed: np.ndarray  # (n_sites,) bool: must be chosen
    backup: bool = False

    # --- construction ----------------------------------------------------------------------

    @classmethod
    def from_cost_matrix(
        cls,
        cost_matrix: np.ndarray,
        weights: np.ndarray,
        service_radius: float,
        p_facilities: int,
        predefined_facilities_arr: np.ndarray | None = None,
        backup: bool = False,
        chunk_rows: int = 20_000,
    ) -> CoverageModel:
        """``cost_matrix`` is demand points × candidate sites (as in spopt)."""
        cost_matrix = np.asarray(cost_matrix)
        n, m = cost_matrix.shape
        pts, sites = [], []
        for s in range(0, n, chunk_rows):
            i, j = np.nonzero(cost_matrix[s : s + chunk_rows] <= service_radius)
            pts.append(i + s)
            sites.append(j)
        return cls.from_reach(
            np.concatenate(pts) if pts else np.zeros(0, np.int64),
            np.concatenate(sites) if sites else np.zeros(0, np.int64),
            n,
            m,
            weights,
            p_facilities,
            predefined_facilities_arr,
            backup,
        )

    @classmethod
    def from_reach(
        cls,
        point: np.ndarray,
        site: np.ndarray,
        n_points: int,
        n_sites: int,
        weights: np.ndarray,
        p_facilities: int,
        predefined_facilities_arr: np.ndarray | None = None,
        backup: bool = False,
    ) -> CoverageModel:
        """From the (point, site) pairs within reach. Points reached by the same set of sites
        become one group."""
        weights = np.asarray(weights, float)
        point = np.asarray(point, np.int64)
        site = np.asarray(site, np.int64)
        order = np.lexsort((site, point))
        point, site = point[order], site[order]
        ptr = np.searchsorted(point, np.arange(n_points + 1))
        raw = site.astype(np.int32)
        keys: dict[bytes, int] = {}
        group_of = np.full(n_points, -1, np.int64)
        first_of_group: list[int] = []
        for i, (a, b) in enumerate(zip(ptr[:-1].tolist(), ptr[1:].tolist(), strict=True)):
            if a == b:
                continue
            key = raw[a:b].tobytes()
            g = keys.get(key)
            if g is None:
                g = keys[key] = len(first_of_group)
                first_of_group.append(i)
            group_of[i] = g
        n_groups = len(first_of_group)
        firsts = np.asarray(first_of_group, np.int64)
        counts = (ptr[firsts + 1] - ptr[firsts]) if n_groups else np.zeros(0, np.int64)
        g_ptr = np.zeros(n_groups + 1, np.int64)
        np.cumsum(counts, out=g_ptr[1:])
        idx = (
            np.concatenate([site[ptr[f] : ptr[f + 1]] for f in first_of_group])
            if n_groups
            else np.zeros(0, np.int64)
        )
        ok = group_of >= 0
        gw = np.bincount(group_of[ok], weights=weights[ok], minlength=n_groups)
        fixed = (
            np.zeros(n_sites, bool)
            if predefined_facilities_arr is None
            else np.asarray(predefined_facilities_arr).astype(bool)
        )
        return cls(
            n_points=n_points,
            n_sites=n_sites,
            weights=weights,
            group_weight=gw,
            ptr=g_ptr,
            idx=idx.astype(np.int64),
            group_of=group_of,
            p=int(p_facilities),
            fixed=fixed,
            backup=backup,
        )

    @property
    def n_groups(self) -> int:
        return int(self.group_weight.size)

    # --- heuristics and evaluation ----------------------------------------------------------

    def greedy(self) -> np.ndarray:
        """Fixed sites first, then repeatedly the site reaching the most uncovered weight (ties:
        lowest index); returns a boolean choice per site."""
        chosen = self.fixed.copy()
        g_of_nz = np.repeat(np.arange(self.n_groups), np.diff(self.ptr))
        covered = self._covered_groups(chosen)
        while chosen.sum() < min(self.p, self.n_sites):
            live = ~covered[g_of_nz]
            gain = np.bincount(
                self.idx[live], weights=self.group_weight[g_of_nz[live]], minlength=self.n_sites
            )
            gain[chosen] = -1.0
            j = int(np.argmax(gain))
            if gain[j] < 0:
                break
            chosen[j] = True
            covered[g_of_nz[self.idx == j]] = True
        return chosen

    def _covered_groups(self, chosen: np.ndarray, times: int = 1) -> np.ndarray:
        hits = (
            np.add.reduceat(chosen[self.idx].astype(np.int64), self.ptr[:-1])
            if self.idx.size
            else np.zeros(self.n_groups, np.int64)
        )
        # reduceat returns the element itself for empty segments; groups are never empty here.
        return hits >= times

    def evaluate(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float]:
        """(covered, backup-covered) per original point and the two weighted shares."""
        g1 = self._covered_groups(chosen, 1)
        g2 = self._covered_groups(chosen, 2)
        ok = self.group_of >= 0
        covered = np.zeros(self.n_points, bool)
        backup = np.zeros(self.n_points, bool)
        covered[ok] = g1[self.group_of[ok]]
        backup[ok] = g2[self.group_of[ok]]
        total = float(self.weights.sum())
        share = float(self.weights[covered].sum()) / total if total > 0 else 1.0
        share2 = float(self.weights[backup].sum()) / total if total > 0 else 1.0
        return covered, backup, share, share2

    # --- the MILP ---------------------------------------------------------------------------

    def _model(self) -> LinearModel:
        m, g = self.n_sites, self.n_groups
        nnz_group = np.repeat(np.arange(g), np.diff(self.ptr))
        # rows 0..g-1: y_g − Σ x_j ≤ 0 ; row g: Σ x_j = p
        rows = np.concatenate([np.arange(g), nnz_group, np.full(m, g)])
        cols = np.concatenate([m + np.arange(g), self.idx, np.arange(m)])
        vals = np.concatenate([np.ones(g), -np.ones(self.idx.size), np.ones(m)])
        p = min(self.p, m)
        return LinearModel(
            cost=np.concatenate([np.zeros(m), self.group_weight]),
            lb=np.concatenate([self.fixed.astype(float), np.zeros(g)]),
            ub=np.ones(m + g),
            rows=rows,
            cols=cols,
            vals=vals,
            row_lo=np.concatenate([np.full(g, -INF), [p]]),
            row_hi=np.concatenate([np.zeros(g), [p]]),
            integrality=np.concatenate([np.full(m, highs.INTEGER), np.full(g, highs.CONTINUOUS)]),
            maximise=True,
        )

    def solve(
        self,
        method: str = "auto",
        time_limit_s: float = 60.0,
        max_milp_vars: int = 2_000_000,
        mip_rel_gap: float = 1e-4,
    ) -> CoverageSolution:
        """``auto``: HiGHS on the aggregated model warm-started from greedy (greedy with the LP
        bound when the model has more than ``max_milp_vars`` columns); ``milp``; ``greedy``."""
        t0 = time.perf_counter()
        start = self.greedy()
        g1 = self._covered_groups(start)
        greedy_obj = float(self.group_weight[g1].sum())
        lm = self._model()
        use_milp = method == "milp" or (method == "auto" and lm.n_cols <= max_milp_vars)
        if self.fixed.sum() > min(self.p, self.n_sites):
            use_milp = False
        chosen = start
        status, bound, used = "greedy", None, "greedy"
        reason = "" if use_milp or method == "greedy" else "size"
        if use_milp and self.n_groups:
            x0 = np.concatenate([start.astype(float), g1.astype(float)])
            r = highs.solve(lm, time_limit_s, mip_rel_gap, start=x0)
            used, status, bound = "milp", r.status, r.bound
            if r.x is not None and (r.objective or 0.0) >= greedy_obj - 1e-9:
                chosen = r.x[: self.n_sites] > 0.5
            if self.backup and r.x is not None:
                chosen = self._backup_stage(
                    lm, chosen, time_limit_s - (time.perf_counter() - t0), mip_rel_gap
                )
        elif self.n_groups:
            lp = highs.solve(lm, time_limit_s, relax=True)
            bound = lp.objective if lp.status == "optimal" else None
        elif use_milp:
            used, status, bound = "milp", "optimal", 0.0
        covered, backup, share, share2 = self.evaluate(chosen)
        objective = float(self.group_weight[self._covered_groups(chosen)].sum())
        report = SolverReport(
            method=used,  # type: ignore[arg-type]
            status=status,
            objective=round(objective, 6),
            bound=None if bound is None else round(bound, 6),
            gap=relative_gap(objective, bound),
            variables=lm.n_cols,
            constraints=lm.n_rows,
            batches=1 if used == "milp" else 0,
            reason=reason,
        )
        return CoverageSolution(
            selected=np.nonzero(chosen)[0],
            covered=covered,
            backup_covered=backup,
            coverage=share,
            backup_coverage=share2,
            report=report,
            time_s=round(time.perf_counter() - t0, 4),
        )

    def _backup_stage(
        self, lm: LinearModel, chosen: np.ndarray, time_limit_s: float, mip_rel_gap: float
    ) -> np.ndarray:
        """Second stage: most weight reached twice, primary coverage held at its optimum."""
        m, g = self.n_sites, self.n_groups
        z1 = float(self.group_weight[self._covered_groups(chosen)].sum())
        nnz_group = np.repeat(np.arange(g), np.diff(self.ptr))
        # columns: x (m), y (g), b (g)
        cols = np.concatenate([m + np.arange(g), m + g + np.arange(g), self.idx, np.arange(m)])
        rows = np.concatenate([np.arange(g), np.arange(g), nnz_group, np.full(m, g)])
        vals = np.concatenate([np.ones(g), np.ones(g), -np.ones(self.idx.size), np.ones(m)])
        p = min(self.p, m)
        model = LinearModel(
            cost=np.concatenate([np.zeros(m + g), self.group_weight]),
            lb=np.concatenate([self.fixed.astype(float), np.zeros(2 * g)]),
            ub=np.ones(m + 2 * g),
            rows=rows,
            cols=cols,
            vals=vals,
            row_lo=np.concatenate([np.full(g, -INF), [p]]),
            row_hi=np.concatenate([np.zeros(g), [p]]),
            integrality=np.concatenate(
                [np.full(m, highs.INTEGER), np.full(2 * g, highs.CONTINUOUS)]
            ),
            maximise=True,
        )
        # b_g ≤ y_g ; Σ w y ≥ z1
        model.add_rows(
            [np.array([m + g + k, m + k]) for k in range(g)],
            [np.array([1.0, -1.0])] * g,
            np.full(g, -INF),
            np.zeros(g),
        )
        model.add_rows([m + np.arange(g)], [self.group_weight], [z1 - 1e-6 * max(1.0, z1)], [INF])
        y = self._covered_groups(chosen).astype(float)
        b = self._covered_groups(chosen, 2).astype(float)
        r = highs.solve(
            model,
            max(time_limit_s, 1.0),
            mip_rel_gap,
            start=np.concatenate([chosen.astype(float), y, np.minimum(b, y)]),
        )
        if r.x is None:
            return chosen
        new = r.x[:m] > 0.5
        if float(self.group_weight[self._covered_groups(new)].sum()) < z1 - 1e-6 * max(1.0, z1):
            return chosen
        return new
