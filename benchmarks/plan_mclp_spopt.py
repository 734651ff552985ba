"""Claim: Sispam's reserve placement (maximal covering, HiGHS) reaches the same coverage as PySAL
spopt's MCLP on the same instance, and is faster — most on large instances, where aggregating
demand points that share the same covering sites and warm-starting from greedy matter.

``python benchmarks/plan_mclp_spopt.py [--quick]``. Instances from the embedded geography: the
villages of a region (demand, weighted by a seeded risk score 5–95) and its kecamatan centres
(candidate posts), travel minutes by the default travel model, posts within ``T`` = 30 minutes
count as covering. Both solvers get the same cost matrix, weights, radius and p; spopt solves
with PuLP's HiGHS interface (the same solver library), one thread, and the same time limit.
``--quick``: DI Yogyakarta (438 villages × 78 kecamatan, p = 10) and Central Java (8,561 × 576,
p = 20); the full run adds Indonesia (83,246 villages × 1,039 kecamatan centres — every 7th —
p = 100). Times include building each model from the cost matrix.
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np

from sispam import geo
from sispam.plan import CoverageModel

warnings.filterwarnings("ignore", category=DeprecationWarning)
T_MIN = 30.0
SPOPT_LIMIT_S = 600.0


def instance(prefix: str, every: int = 1) -> tuple[np.ndarray, np.ndarray]:
    codes, lat, lng = geo.all_village_centroids()
    sel = (
        np.flatnonzero(np.char.startswith(codes.astype(str), prefix))
        if prefix
        else np.arange(codes.size)
    )
    districts = sorted({str(c)[:8] for c in codes[sel]})[::every]
    pts = [(geo.region(d).lat, geo.region(d).lng) for d in districts]
    sites = np.array([p for p in pts if p[0] is not None], float)
    tm = geo.TravelModel()
    cost = tm.matrix(lat[sel], lng[sel], sites[:, 0], sites[:, 1])
    w = np.round(np.random.default_rng(2023).uniform(5, 95, sel.size), 2)
    return cost, w


def ours(cost: np.ndarray, w: np.ndarray, p: int) -> tuple[float, float, str, int]:
    t0 = time.perf_counter()
    model = CoverageModel.from_cost_matrix(cost, w, T_MIN, p)
    sol = model.solve(time_limit_s=SPOPT_LIMIT_S)
    secs = time.perf_counter() - t0
    return (
        secs,
        sol.report.objective or 0.0,
        f"{sol.report.status}, gap {sol.report.gap:.2e}",
        model.n_groups,
    )


def spopt(cost: np.ndarray, w: np.ndarray, p: int) -> tuple[float, float | None, str]:
    import pulp
    from spopt.locate import MCLP  # imported (and timed) once, in main()

    t0 = time.perf_counter()
    try:
        m = MCLP.from_cost_matrix(cost, w, T_MIN, p)
        m.solve(pulp.HiGHS(msg=False, threads=1, timeLimit=SPOPT_LIMIT_S))
    except Exception as exc:  # noqa: BLE001  (report whatever stopped the peer)
        return time.perf_counter() - t0, None, f"failed: {type(exc).__name__}"
    secs = time.perf_counter() - t0
    chosen = [j for j, v in enumerate(m.fac_vars) if (v.value() or 0) > 0.5]
    covered = float(w[(cost[:, chosen] <= T_MIN).any(axis=1)].sum())
    status = pulp.LpStatus[m.problem.status]
    if secs >= 0.99 * SPOPT_LIMIT_S:  # PuLP reports a stopped HiGHS run with its incumbent
        status += f", stopped at the {SPOPT_LIMIT_S:g} s time limit"
    return secs, covered, status


def compare(label: str, prefix: str, p: int, every: int = 1) -> None:
    cost, w = instance(prefix, every)
    n, m = cost.shape
    t_ours, cov_ours, st_ours, groups = ours(cost, w, p)
    t_peer, cov_peer, st_peer = spopt(cost, w, p)
    total = float(w.sum())
    print(f"{label}: {n} villages × {m} candidate posts, p = {p}, T = {T_MIN:g} min "
          f"({groups} demand groups after aggregation)")  # fmt: skip
    print(f"  sispam CoverageModel: {t_ours:8.2f} s  covered {cov_ours / total:.6f}  ({st_ours})")
    if cov_peer is None:
        print(f"  spopt MCLP + HiGHS:   {t_peer:8.2f} s  {st_peer}")
    else:
        same = "same" if abs(cov_peer - cov_ours) <= 1e-6 * total else "DIFFERENT"
        print(f"  spopt MCLP + HiGHS:   {t_peer:8.2f} s  covered {cov_peer / total:.6f}  ({st_peer})"
              f"  → {same} coverage, speed-up ×{t_peer / t_ours:.1f}")  # fmt: skip


def main() -> None:
    t0 = time.perf_counter()
    import spopt.locate  # noqa: F401  (geopandas & co.: seconds, not the solver's time)

    print(f"(importing spopt: {time.perf_counter() - t0:.1f} s, not counted below)")
    compare("DI Yogyakarta (34)", "34.", 10)
    compare("Jawa Tengah (33)", "33.", 20)
    if "--quick" not in sys.argv:
        compare("Indonesia", "", 100, every=7)


if __name__ == "__main__":
    main()
