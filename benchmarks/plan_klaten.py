"""Claim: planning Klaten end to end (load the scenario, assess, plan) takes far under a second.

``python benchmarks/plan_klaten.py [--quick]``. Prints, for the embedded Pilkades Klaten 2023
scenario, the median wall and CPU time of each step over several runs in one process (the first
run, which also pays the imports' first-call costs, separately), and what the allocation and the
reserve placement reported. CPU time is the steadier figure on a busy machine.
"""

from __future__ import annotations

import statistics
import sys
import time

T0 = time.perf_counter()
from sispam.assess import assess  # noqa: E402
from sispam.plan import plan  # noqa: E402
from sispam.scenario import load_scenario  # noqa: E402

IMPORT_S = time.perf_counter() - T0


def timed(fn):  # type: ignore[no-untyped-def]
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t0, time.process_time() - c0, out


def main() -> None:
    repeat = 3 if "--quick" in sys.argv else 10
    rows: dict[str, list[tuple[float, float]]] = {"load": [], "assess": [], "plan": [], "total": []}
    first = None
    p = None
    for i in range(repeat + 1):
        w1, c1, s = timed(lambda: load_scenario("pilkades-klaten-2023"))
        w2, c2, a = timed(lambda s=s: assess(s))
        w3, c3, p = timed(lambda s=s, a=a: plan(s, a))
        if i == 0:
            first = (w1 + w2 + w3, c1 + c2 + c3, w3, c3)
            continue
        rows["load"].append((w1, c1))
        rows["assess"].append((w2, c2))
        rows["plan"].append((w3, c3))
        rows["total"].append((w1 + w2 + w3, c1 + c2 + c3))
    print(f"imports (once per process): {IMPORT_S:.3f} s")
    assert first is not None and p is not None
    print(f"first run end to end: wall {first[0]:.3f} s, CPU {first[1]:.3f} s "
          f"(plan alone: wall {first[2]:.3f} s, CPU {first[3]:.3f} s)")  # fmt: skip
    print(f"median of {repeat} further runs:")
    for step, vals in rows.items():
        wall = statistics.median(v[0] for v in vals)
        cpu = statistics.median(v[1] for v in vals)
        print(f"  {step:7s} wall {wall:.3f} s   CPU {cpu:.3f} s")
    r, c = p.solver, p.coverage_solver
    print(f"allocation: {r.method}/{r.status}, weighted shortfall {r.objective} (bound {r.bound}), "
          f"travel {r.travel} person-min (gap {r.travel_gap:.2e}), {r.variables} columns, "
          f"{r.batches} HiGHS models")  # fmt: skip
    print(f"reserves: {len(p.reserve_sites)} posts, coverage {p.coverage:.3f} within "
          f"{p.coverage_min:g} min, MCLP {c.method}/{c.status} gap {c.gap}")  # fmt: skip
    print(f"assignments {len(p.assignments)}, reserves {len(p.reserves)}, "
          f"request {[(q.phase.value, q.platoons) for q in p.request]}, "
          f"outreach events {len(p.outreach)}")  # fmt: skip


if __name__ == "__main__":
    main()
