"""Analisis sensitivitas: how the outcomes move with the main parameters.

One-at-a-time (OAT): each parameter at the low and the high end of its range, the others at their
values. Latin hypercube (LHS, ``scipy.stats.qmc``): all of them at once over their ranges, summed
up as partial rank correlation coefficients (PRCC: the rank correlation of a parameter with an
outcome once the other parameters' linear effect on both ranks is removed). Every point uses the
same seed, hence the same triggers and crowds (common random numbers), so differences between
points come from the parameters, not from noise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sispam.domain.simulation import LhsResult, OatRow, Sensitivity
from sispam.sim.contingency.draws import run_generator
from sispam.sim.contingency.inputs import Inputs
from sispam.sim.contingency.job import ContingencyJob, merge
from sispam.sim.contingency.pack import pack
from sispam.sim.contingency.params import ContingencyParams
from sispam.sim.contingency.summary import OUTCOMES, outcome_vector
from sispam.sim.montecarlo import execute

# The main parameters and the ranges swept (see docs/contingency-model.md, "Sensitivity").
RANGES: dict[str, tuple[float, float]] = {
    "trigger_scale": (0.5, 1.5),
    "vulnerability_slope": (1.5, 3.5),
    "pool_fraction": (0.01, 0.04),
    "legitimacy_base": (0.86, 0.94),
    "contagion": (0.0, 0.2),
    "negotiation_rate": (0.003, 0.012),
    "excess_force_prob": (0.0, 0.3),
    "merah_force_ratio": (2.0, 5.0),
    "spill_rate": (0.0, 0.01),
    "request_delay_min.phh": (5.0, 30.0),
}


@dataclass(frozen=True)
class SensitivityOptions:
    runs_per_point: int = 500
    lhs_samples: int = 0  # 0: OAT only
    params: tuple[str, ...] = tuple(RANGES)


def _outcomes(
    inp: Inputs, params: ContingencyParams, seed: int, runs: int, bin_min: int, **exec_kw: object
) -> dict[str, float]:
    job = ContingencyJob((inp,), pack(params), seed, bin_min, params.horizon_min)
    out = merge(execute(job, runs, **exec_kw))  # type: ignore[arg-type]
    return {k: round(v, 6) for k, v in outcome_vector(out.tallies[0], runs).items()}


def prcc(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Partial rank correlation of each column of ``x`` with each column of ``y``:
    ``[n_params, n_outcomes]`` (0 where an outcome does not vary)."""
    rx = np.argsort(np.argsort(x, axis=0), axis=0).astype(float)
    ry = np.argsort(np.argsort(y, axis=0, kind="stable"), axis=0).astype(float)
    n, d = rx.shape
    out = np.zeros((d, ry.shape[1]))
    for j in range(d):
        others = np.column_stack([np.ones(n), np.delete(rx, j, axis=1)])
        res_x = rx[:, j] - others @ np.linalg.lstsq(others, rx[:, j], rcond=None)[0]
        for k in range(ry.shape[1]):
            res_y = ry[:, k] - others @ np.linalg.lstsq(others, ry[:, k], rcond=None)[0]
            den = np.sqrt((res_x @ res_x) * (res_y @ res_y))
            out[j, k] = float(res_x @ res_y / den) if den > 1e-12 else 0.0
    return out


def _lhs(d: int, n: int, seed: int) -> np.ndarray:
    from scipy.stats import qmc

    rng = run_generator(seed, 2**31 - 1)  # a stream apart from every run's
    try:
        sampler = qmc.LatinHypercube(d=d, rng=rng)
    except TypeError:  # scipy < 1.15 calls it ``seed``
        sampler = qmc.LatinHypercube(d=d, seed=rng)
    return sampler.random(n)


def sensitivity(
    inp: Inputs,
    params: ContingencyParams,
    seed: int,
    bin_min: int,
    options: SensitivityOptions,
    progress: Callable[[int], None] | None = None,
    **exec_kw: object,
) -> Sensitivity:
    names = [p for p in options.params if p in RANGES]
    runs = options.runs_per_point
    flat = params.flat()
    kw = dict(exec_kw, progress=progress)
    base = _outcomes(inp, params, seed, runs, bin_min, **kw)
    rows = []
    for name in names:
        lo, hi = RANGES[name]
        low = _outcomes(inp, params.with_values({name: lo}), seed, runs, bin_min, **kw)
        high = _outcomes(inp, params.with_values({name: hi}), seed, runs, bin_min, **kw)
        rows.append(
            OatRow(
                param=name,
                base=float(flat[name]),
                low=lo,
                high=hi,
                low_outcomes=low,
                high_outcomes=high,
            )
        )
    lhs = None
    if options.lhs_samples > 1:
        unit = _lhs(len(names), options.lhs_samples, seed)
        lows = np.array([RANGES[n][0] for n in names])
        highs = np.array([RANGES[n][1] for n in names])
        xs = lows + unit * (highs - lows)
        ys = []
        for row in xs:
            p = params.with_values({n: float(v) for n, v in zip(names, row, strict=True)})
            o = _outcomes(inp, p, seed, runs, bin_min, **kw)
            ys.append([o[k] for k in OUTCOMES])
        coef = prcc(xs, np.array(ys))
        lhs = LhsResult(
            samples=options.lhs_samples,
            runs_per_sample=runs,
            ranges={n: RANGES[n] for n in names},
            prcc={
                n: {k: round(float(coef[j, i]), 4) for i, k in enumerate(OUTCOMES)}
                for j, n in enumerate(names)
            },
        )
    return Sensitivity(
        runs_per_point=runs, outcomes=OUTCOMES, base_outcomes=base, oat=tuple(rows), lhs=lhs
    )


def points(options: SensitivityOptions) -> int:
    """How many parameter points (each ``runs_per_point`` runs) a sensitivity analysis takes."""
    n = len([p for p in options.params if p in RANGES])
    return 1 + 2 * n + (options.lhs_samples if options.lhs_samples > 1 else 0)
