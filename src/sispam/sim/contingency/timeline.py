"""Contoh run (the example run): one run told minute by minute — what happened, who arrived when."""

from __future__ import annotations

import math

import numpy as np

from sispam.domain.simulation import (
    COMMAND_LEVELS,
    LEVELS,
    ExampleRun,
    TimelineEvent,
    TimelineSeries,
)
from sispam.sim.contingency import kernel as K
from sispam.sim.contingency.inputs import Inputs
from sispam.sim.contingency.job import ContingencyJob
from sispam.sim.contingency.tables import MINUTES_PER_DAY, PHASES, ROLES, TRIGGERS


def pick_run(run_stats: np.ndarray) -> tuple[int, str]:
    """The lowest run index with the worst outcome seen (merah, else kuning, else any incident)."""
    worst = run_stats[:, K.RS_WORST]
    for level, reason in ((2, "merah"), (1, "kuning"), (0, "incident")):
        hits = np.flatnonzero(worst >= level)
        if hits.size:
            return int(hits[0]), reason
    return 0, "quiet"


def _incidents(ev: np.ndarray, v: int) -> list[tuple[int, int, int]]:
    """(start, end, max level) of village ``v``'s incidents, in order."""
    out: list[tuple[int, int, int]] = []
    start = None
    for row in ev:
        if row[1] != v:
            continue
        if row[2] in (K.EV_TRIGGER, K.EV_SPILL) and start is None:
            start = int(row[0])
        elif row[2] in (K.EV_CONTAINED, K.EV_UNCONTAINED) and start is not None:
            out.append((start, int(row[0]), int(row[4])))
            start = None
    return out


def _num(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), 2)


def example_run(job: ContingencyJob, run: int, reason: str, which: int = 0) -> ExampleRun:
    """Re-run ``run`` three times, recording less each time it matters: which village fared worst,
    when its worst incident began and ended, then everything on that day (all villages) and the
    incident's minutes."""
    inp = job.inputs[which]
    if reason == "quiet":
        return ExampleRun(run=run, reason="quiet")
    lev = job.trace(run, which, only=-2, cap=1).out_lev
    v = int(np.flatnonzero(lev == lev.max())[0])
    spans = _incidents(job.trace(run, which, only=v).events, v)
    if not spans:  # cannot happen: the village had an incident in this run
        return ExampleRun(run=run, reason=reason)  # type: ignore[arg-type]
    t0, t_end, _ = next((sp for sp in spans if sp[2] == lev[v]), spans[0])
    day_lo = (t0 // MINUTES_PER_DAY) * MINUTES_PER_DAY
    tr = job.trace(run, which, watch=(v, t0), window=(day_lo, t_end + MINUTES_PER_DAY))
    events = [_event(inp, row, f, t0) for row, f in zip(tr.events, tr.eventf, strict=True)]
    ser = tr.series
    ser = ser[~np.isnan(ser[:, 0])]
    series = TimelineSeries(
        village_code=inp.codes[v],
        start=inp.time_of(t0),
        minutes=tuple(int(x) - t0 for x in ser[:, 0]),
        crowd=tuple(int(round(x)) for x in ser[:, 1]),
        gathered=tuple(int(round(x)) for x in ser[:, 2]),
        responders=tuple(round(float(x), 2) for x in ser[:, 3]),
        level=tuple(int(x) for x in ser[:, 4]),
        legitimacy=tuple(round(float(x), 4) for x in ser[:, 5]),
    )
    return ExampleRun(
        run=run,
        reason=reason,  # type: ignore[arg-type]
        village_code=inp.codes[v],
        events=tuple(events),
        series=series,
    )


def _event(inp: Inputs, row: np.ndarray, f: np.ndarray, t0: int) -> TimelineEvent:
    t, v, kind, a, b, c = (int(x) for x in row)
    crowd, resp, eta = float(f[0]), float(f[1]), float(f[2])
    base = {
        "time": inp.time_of(t),
        "minute": t - t0,
        "village_code": inp.codes[v],
        "village_name": inp.names[v],
        "kind": K.EVENT_KINDS[kind],
        "crowd": int(round(crowd)),
        "responders": _num(resp),
    }
    if kind in (K.EV_TRIGGER, K.EV_SPILL, K.EV_INTENSIFY):
        base["detail"] = f"{TRIGGERS[a]}@{PHASES[b]}" + (
            "+excess" if kind != K.EV_INTENSIFY and c else ""
        )
    elif kind == K.EV_LEVEL:
        base["level"] = LEVELS[a]
        base["detail"] = f"{LEVELS[b]}->{LEVELS[a]}"
    elif kind == K.EV_COMMAND:
        base["level"] = LEVELS[a]
        base["detail"] = COMMAND_LEVELS[a]
    elif kind in (K.EV_REQUEST, K.EV_NO_UNIT):
        base["role"] = ROLES[a]
        base["eta_min"] = _num(eta) if kind == K.EV_REQUEST else None
        if kind == K.EV_REQUEST and b == 1:
            base["detail"] = "reinforcement"
    elif kind in (K.EV_DISPATCH, K.EV_ARRIVAL, K.EV_RELEASED):
        if a >= 0:
            base["unit"] = inp.res_unit[a]
            base["role"] = ROLES[int(inp.res_role[a])]
            base["personnel"] = int(inp.res_n[a])
            if kind == K.EV_DISPATCH:
                base["detail"] = f"for:{ROLES[b]}"
        else:
            base["unit"] = inp.patrol_name[v]
            base["personnel"] = c
        base["eta_min"] = _num(eta)
    elif kind == K.EV_PATROL:
        base["unit"] = inp.patrol_name[v]
        base["eta_min"] = _num(eta)
    elif kind in (K.EV_CONTAINED, K.EV_UNCONTAINED):
        base["level"] = LEVELS[b]
        base["detail"] = f"after:{a}" if kind == K.EV_CONTAINED else ""
    return TimelineEvent(**base)
