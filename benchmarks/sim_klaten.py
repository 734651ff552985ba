"""Claim: 10,000 Monte Carlo runs of the Klaten 2023 contingency take ≤ 30 s on this 2-core machine.

``python benchmarks/sim_klaten.py [--quick]``. The embedded scenario, planned by
``sispam.plan.plan`` (as ``sispam simulate`` does without ``--plan``); each run is the whole
election — every phase, every village. Prints the wall time of ``simulate`` for 10,000 runs in one
process (what ``sispam simulate`` does for a job this size) and, unless ``--quick``, on a local
pool of 2 spawned worker processes (pool start-up included), with the ratio to the 30 s target.
Numba compiles once per machine (disk cache); a warm-up call keeps that out of the figures and is
reported on its own.
"""

from __future__ import annotations

import sys
import time

from sispam.assess import assess
from sispam.plan import plan
from sispam.scenario import load_scenario
from sispam.sim.contingency import simulate

TARGET_S = 30.0


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    runs = 10_000
    s = load_scenario("pilkades-klaten-2023")
    a = assess(s)
    p = plan(s, a)
    t0 = time.perf_counter()
    simulate(s, a, p, runs=20, seed=1, workers=1)
    print(f"warm-up (compile or load the Numba cache, 20 runs): {time.perf_counter() - t0:.1f} s")
    for workers in (1,) if quick else (1, 2):
        t0, c0 = time.perf_counter(), time.process_time()
        r = simulate(s, a, p, runs=runs, seed=1, workers=workers)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"klaten {runs:,} runs, {workers} process(es): {wall:.2f} s wall ({runs / wall:,.0f} "
            f"runs/s; this process's CPU {cpu:.2f} s); {TARGET_S / wall:.1f}× under the "
            f"{TARGET_S:.0f} s target"
        )
    o = r.overall
    print(
        f"result: P(any kuning) {o.p_any_kuning.value:.3f}, P(any merah) {o.p_any_merah.value:.3f}, "
        f"incidents/run {o.incidents_mean.value:.2f}, containment median {o.containment_p50.value} min"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
