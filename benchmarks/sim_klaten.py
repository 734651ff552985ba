"""Claim: 10,000 Monte Carlo runs of the Klaten 2023 contingency take ≤ 30 s on this 2-core machine.

``python benchmarks/sim_klaten.py [--quick]`` (quick: 2,000 runs). The embedded scenario, planned
by ``sispam.plan.plan`` (as ``sispam simulate`` does without ``--plan``); each run is the whole
election — every phase, every village. Prints the wall time of ``simulate`` with a local pool of 2
worker processes (pool start-up included) and in one process, the runs per second, and the ratio
to the 30 s target. Numba compiles once per machine (disk cache); a warm-up call keeps that out of
the figures and is reported on its own.
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
    runs = 2_000 if quick else 10_000
    s = load_scenario("pilkades-klaten-2023")
    a = assess(s)
    p = plan(s, a)
    t0 = time.perf_counter()
    simulate(s, a, p, runs=20, seed=1, workers=1)
    print(f"warm-up (compile or load the Numba cache, 20 runs): {time.perf_counter() - t0:.1f} s")
    for workers in (2, 1):
        t0, c0 = time.perf_counter(), time.process_time()
        r = simulate(s, a, p, runs=runs, seed=1, workers=workers)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        per = 10_000 / runs
        print(
            f"klaten {runs} runs, {workers} worker(s): {wall:.2f} s wall "
            f"({runs / wall:,.0f} runs/s; parent CPU {cpu:.2f} s) → 10,000 runs ≈ {wall * per:.1f} s, "
            f"{TARGET_S / (wall * per):.1f}× under the {TARGET_S:.0f} s target"
        )
    o = r.overall
    print(
        f"result: P(any kuning) {o.p_any_kuning.value:.3f}, P(any merah) {o.p_any_merah.value:.3f}, "
        f"incidents/run {o.incidents_mean.value:.2f}, containment median {o.containment_p50.value} min"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
