"""Model kekerasan sipil Epstein (Epstein 2002, *Modeling civil violence*, model I).

The field's reference model, reproduced with every variant that separates Mesa's example from
NetLogo's *Rebellion*, compiled with Numba. Public API::

    from sispam.sim.epstein import simulate, preset
    run = simulate(preset("mesa"), steps=500, seed=1)
    run.counts  # (steps, 3): quiet, active, jailed

The mechanics the contingency engine reuses are plain functions in :mod:`.rules`:
:func:`neighbourhood_offsets`, :func:`arrest_probability`, :func:`is_active` (and their compiled
twins).
"""

from sispam.sim.epstein.analysis import Outburst, RunStats, outbursts, run_stats
from sispam.sim.epstein.model import EpsteinModel, EpsteinRun, simulate
from sispam.sim.epstein.params import (
    MESA,
    NETLOGO,
    PRESETS,
    EpsteinParamError,
    EpsteinParams,
    cop_ramp,
    legitimacy_drop,
    legitimacy_ramp,
    preset,
)
from sispam.sim.epstein.rules import (
    arrest_probability,
    arrest_probability_nb,
    grievance,
    is_active,
    is_active_nb,
    neighbourhood_offsets,
    rounded_ratio,
)

__all__ = [
    "MESA",
    "NETLOGO",
    "PRESETS",
    "EpsteinModel",
    "EpsteinParamError",
    "EpsteinParams",
    "EpsteinRun",
    "Outburst",
    "RunStats",
    "arrest_probability",
    "arrest_probability_nb",
    "cop_ramp",
    "grievance",
    "is_active",
    "is_active_nb",
    "legitimacy_drop",
    "legitimacy_ramp",
    "neighbourhood_offsets",
    "outbursts",
    "preset",
    "rounded_ratio",
    "run_stats",
    "simulate",
]
