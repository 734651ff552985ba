"""Claim: the same planner plans every village of a province, and of the whole country.

``python benchmarks/plan_scale.py [--quick]``. Generated scenarios (``sispam.plan.synthetic``):
every village of a region from the national centroids, zones drawn from one seed, a Polsek and a
Koramil per kecamatan, a Polres and Kodim per regency, Linmas per village. Prints the size, the
time to generate the scenario (not the planner's cost), the time of ``sispam.plan.plan`` and what
the allocation (MILP per regency block, or greedy with its LP-bound gap) and the reserve placement
(MCLP per regency) reported. Full run: Central Java (province 33) and all of Indonesia; ``--quick``:
DI Yogyakarta (34) and Central Java.
"""

from __future__ import annotations

import sys
import time

from sispam.plan import plan
from sispam.plan.synthetic import synthetic_scenario

# A national plan has hundreds of regency blocks: give HiGHS time for all of them.
SETTINGS = {"plan": {"solver": {"time_limit_s": 3600, "coverage_time_limit_s": 600}}}


def run(region: str, label: str) -> None:
    t0 = time.perf_counter()
    s, a = synthetic_scenario(region, seed=2023, settings=SETTINGS)
    built = time.perf_counter() - t0
    t1, c1 = time.perf_counter(), time.process_time()
    timings: dict[str, float] = {}
    p = plan(s, a, timings)
    wall, cpu = time.perf_counter() - t1, time.process_time() - c1
    r, c = p.solver, p.coverage_solver
    regencies = len({v.code[:5] for v in s.villages})
    print(f"{label}: {len(s.villages)} villages, {regencies} regencies, {len(s.units)} units "
          f"(generated in {built:.1f} s)")  # fmt: skip
    print(f"  plan: wall {wall:.1f} s, CPU {cpu:.1f} s")
    print(f"  allocation: {r.method}/{r.status}, {r.variables} columns in {r.batches} HiGHS "
          f"models, weighted shortfall {r.objective} (bound {r.bound}, gap {r.gap}), travel gap "
          f"{r.travel_gap}, {timings['allocation_solver_s']:.1f} s")  # fmt: skip
    print(f"  reserves: {len(p.reserve_sites)} posts, coverage {p.coverage:.4f} within "
          f"{p.coverage_min:g} min; MCLP {c.method}/{c.status} gap {c.gap}, {timings['coverage_solver_s']:.1f} s")  # fmt: skip
    short = sum(x.personnel for x in p.shortfalls)
    print(f"  {len(p.assignments)} assignments, {len(p.reserves)} reserve detachments, "
          f"{short} personnel short, {len(p.request)} request lines, "
          f"{len(p.outreach)} outreach events")  # fmt: skip


def main() -> None:
    if "--quick" in sys.argv:
        run("34", "DI Yogyakarta (province 34)")
        run("33", "Jawa Tengah (province 33)")
    else:
        run("33", "Jawa Tengah (province 33)")
        run("", "Indonesia (every village with a point)")


if __name__ == "__main__":
    main()
