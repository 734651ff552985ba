"""Bilangan acak per run (each run's random numbers), from the seed and the run index alone.

Run ``i`` uses ``SeedSequence(seed, spawn_key=(i,))`` — exactly the ``i``-th child of
``SeedSequence(seed).spawn(n)`` — so a run's numbers do not depend on how many workers there are,
which chunk it falls in, or which plan is simulated (common random numbers). Each run draws one
block ``U[village, phase slot, draw]`` of uniforms on [0, 1); the kernel reads each position for
one purpose only (see ``kernel.D_*``).
"""

from __future__ import annotations

import numpy as np

from sispam.sim.contingency.kernel import N_DRAWS


def run_generator(seed: int, run: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(run,))))


def draws(seed: int, start: int, stop: int, villages: int, slots: int) -> np.ndarray:
    """``U`` for runs ``start..stop-1``: float64[runs, villages, slots, N_DRAWS]."""
    out = np.empty((stop - start, villages, slots, N_DRAWS))
    for i, run in enumerate(range(start, stop)):
        out[i] = run_generator(seed, run).random((villages, slots, N_DRAWS))
    return out
