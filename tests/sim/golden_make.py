"""The raw outputs of the contingency kernel on the golden world (see ``golden_world``):
every tally of ``ContingencyJob.run`` and the full event record of a few runs.

``python tests/sim/golden_make.py`` rewrites ``data/contingency_golden.npz`` — only when the
engine's results are *meant* to change (say why in the commit).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "data" / "contingency_golden.npz"
TRACED_RUNS = (0, 7, 42)


def outputs() -> dict[str, np.ndarray]:
    sys.path.insert(0, str(HERE))
    import golden_world as g

    from sispam.sim.contingency.engine import contain_bin
    from sispam.sim.contingency.inputs import build_inputs
    from sispam.sim.contingency.job import ContingencyJob
    from sispam.sim.contingency.pack import pack
    from sispam.sim.contingency.params import build_params

    s = g.scenario()
    a = g.assessment(s)
    p = g.plan(s)
    params = build_params(s.stage_settings("sim"))
    inp = build_inputs(s, a, p, params)
    job = ContingencyJob(
        (inp,),
        pack(params),
        g.SEED,
        contain_bin(inp.n_villages, params.horizon_min),
        params.horizon_min,
    )
    out: dict[str, np.ndarray] = {}
    tally = job.run(0, g.RUNS).tallies[0]
    for name in tally.__dataclass_fields__:
        if name != "start":
            out[f"tally_{name}"] = np.asarray(getattr(tally, name))
    for run in TRACED_RUNS:
        tr = job.trace(run)
        out[f"trace{run}_events"] = tr.events
        out[f"trace{run}_eventf"] = tr.eventf
        out[f"trace{run}_run_stats"] = tr.run_stats
        out[f"trace{run}_out_lev"] = tr.out_lev
    return out


if __name__ == "__main__":
    np.savez_compressed(GOLDEN, **outputs())
    print(f"wrote {GOLDEN}")
