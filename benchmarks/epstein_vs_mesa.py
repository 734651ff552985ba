"""Claim: sispam's Epstein engine runs Mesa's example model at least 300× faster than Mesa.

``python benchmarks/epstein_vs_mesa.py [--quick]``

Runs, in this one process, Mesa 3.3's ``epstein_civil_violence`` example (as shipped, and once
more with its DataCollector switched off) and ``sispam.sim.epstein`` with the ``mesa`` preset,
on the same parameters (40×40, the example's defaults). Only stepping is timed, not building the
model; our kernels are compiled (or loaded from Numba's cache) before timing. Rates are
agent-steps per second (agents on the grid × steps), measured in CPU time of this process, which
other load on a shared machine does not inflate; wall-clock rates are printed alongside. Then
our engine alone on 200×200 and 1000×1000 (timed after 5 untimed steps, past the opening
burst). The last line is ``ratio: N``, ours over Mesa-as-shipped on 40×40.
"""

from __future__ import annotations

import platform
import sys
import time

import numpy as np


def _clock() -> tuple[float, float]:
    return time.process_time(), time.perf_counter()


def bench_mesa(steps: int, seeds: int, collect: bool) -> tuple[float, float, int]:
    from mesa.examples.advanced.epstein_civil_violence.model import EpsteinCivilViolence

    agent_steps, cpu, wall = 0, 0.0, 0.0
    for seed in range(seeds):
        model = EpsteinCivilViolence(seed=seed)
        if not collect:
            model.datacollector.collect = lambda _model: None
        c0, w0 = _clock()
        for _ in range(steps):
            model.step()
        c1, w1 = _clock()
        cpu, wall = cpu + c1 - c0, wall + w1 - w0
        agent_steps += len(model.agents) * steps
    return agent_steps / cpu, agent_steps / wall, agent_steps


def bench_ours(size: int, steps: int, seeds: int, warmup: int = 0) -> tuple[float, float, int]:
    from sispam.sim.epstein import EpsteinModel, preset

    params = preset("mesa", width=size, height=size)
    agent_steps, cpu, wall = 0, 0.0, 0.0
    for seed in range(seeds):
        model = EpsteinModel(params, seed)
        model.advance(warmup)
        n_agents = sum(model.counts()) + model.n_cops
        c0, w0 = _clock()
        model.advance(steps)
        c1, w1 = _clock()
        cpu, wall = cpu + c1 - c0, wall + w1 - w0
        agent_steps += n_agents * steps
    return agent_steps / cpu, agent_steps / wall, agent_steps


def _line(label: str, rates: tuple[float, float, int]) -> None:
    cpu, wall, n = rates
    print(
        f"{label:<44} {cpu:>14,.0f} agent-steps/s (cpu)  {wall:>14,.0f} (wall)  [{n:,} agent-steps]"
    )


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    import mesa
    import numba

    from sispam.sim.epstein import preset, simulate

    print(
        f"python {platform.python_version()}, numpy {np.__version__}, numba {numba.__version__}, "
        f"mesa {mesa.__version__}; {platform.machine()}"
    )
    t0 = time.perf_counter()
    simulate(preset("mesa", width=10, height=10), 2, 0)  # compile, or load the cached kernels
    print(f"kernels ready in {time.perf_counter() - t0:.1f} s (compiled once, then cached)")

    mesa_steps, mesa_seeds = (40, 1) if quick else (200, 3)
    ours_steps, ours_seeds = (500, 2) if quick else (3000, 5)
    shipped = bench_mesa(mesa_steps, mesa_seeds, collect=True)
    _line(f"mesa 40x40, example as shipped ({mesa_seeds}x{mesa_steps} steps)", shipped)
    bare = bench_mesa(mesa_steps, mesa_seeds, collect=False)
    _line(f"mesa 40x40, without DataCollector ({mesa_seeds}x{mesa_steps})", bare)
    ours = bench_ours(40, ours_steps, ours_seeds)
    _line(f"sispam 40x40, mesa preset ({ours_seeds}x{ours_steps} steps)", ours)
    big_steps = (10, 2) if quick else (200, 20)
    _line(f"sispam 200x200, mesa preset (1x{big_steps[0]})", bench_ours(200, big_steps[0], 1, 5))
    _line(f"sispam 1000x1000, mesa preset (1x{big_steps[1]})", bench_ours(1000, big_steps[1], 1, 5))
    print(f"ratio without Mesa's DataCollector: {ours[0] / bare[0]:.0f}")
    print(f"ratio (wall clock): {ours[1] / shipped[1]:.0f}")
    print(f"ratio: {ours[0] / shipped[0]:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
