"""Satu tugas Monte Carlo (one Monte Carlo job): the kernel over a span of runs, with integer tallies
that add up the same however the runs are chunked or distributed."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sispam.sim.contingency import kernel as K
from sispam.sim.contingency.draws import draws
from sispam.sim.contingency.groups import Model, Record, Sums, World
from sispam.sim.contingency.inputs import Inputs
from sispam.sim.contingency.tables import PHASES, TRIGGERS

# Peak-crowd bins (persons), roughly logarithmic: for per-village and overall distributions.
PEAK_EDGES = np.array(
    [
        0,
        5,
        10,
        15,
        20,
        25,
        30,
        40,
        50,
        60,
        80,
        100,
        125,
        150,
        200,
        250,
        300,
        400,
        500,
        750,
        1000,
        1500,
        2000,
        3000,
        5000,
    ],
    dtype=np.int64,
)
N_STEPS = K.N_STEPS


@dataclass
class Tally:
    """Integer tallies of one plan over some runs; ``+`` merges (order does not matter)."""

    v_incident: np.ndarray  # runs with ≥ 1 incident, per village
    v_kuning: np.ndarray
    v_merah: np.ndarray
    v_fail: np.ndarray
    v_tni: np.ndarray
    v_steps: np.ndarray  # [V, 5] runs by highest step
    v_peak_hist: np.ndarray  # [V, P] runs by the run's peak crowd
    v_peak_sum: np.ndarray
    v_peak_max: np.ndarray
    acc_v: np.ndarray  # [V, N_AV]
    hist_v: np.ndarray  # [V, B + 1] containment per incident; last: not contained
    hist_all: np.ndarray  # [H + 2] one-minute bins; last: not contained
    peak_hist: np.ndarray  # [P] per incident
    phase_lev: np.ndarray  # [7, 3]
    trig_lev: np.ndarray  # [5, 3]
    step_all: np.ndarray  # [5]
    ea: np.ndarray  # [E, N_EA]
    run_stats: np.ndarray  # [runs, N_RS], rows in run order
    start: int = 0

    def __add__(self, other: Tally) -> Tally:
        first, second = (self, other) if self.start <= other.start else (other, self)
        merged = {  # chunks ship int32 histograms; totals are int64
            name: np.add(getattr(self, name), getattr(other, name), dtype=np.int64)
            for name in self.__dataclass_fields__
            if name not in ("run_stats", "start", "v_peak_max")
        }
        return Tally(
            **merged,
            v_peak_max=np.maximum(self.v_peak_max, other.v_peak_max),
            run_stats=np.concatenate([first.run_stats, second.run_stats]),
            start=first.start,
        )


@dataclass
class PairTally:
    """Paired outcomes of plan A and plan B on the same runs: for kuning, merah and fail per
    village, runs where only A had it (``a_only``) and only B had it (``b_only``)."""

    a_only: np.ndarray  # [V, 3]
    b_only: np.ndarray

    def __add__(self, other: PairTally) -> PairTally:
        return PairTally(self.a_only + other.a_only, self.b_only + other.b_only)


@dataclass
class ChunkOut:
    tallies: list[Tally]
    pair: PairTally | None = None

    def __add__(self, other: ChunkOut) -> ChunkOut:
        pair = self.pair + other.pair if self.pair is not None and other.pair is not None else None
        return ChunkOut([a + b for a, b in zip(self.tallies, other.tallies, strict=True)], pair)


@dataclass
class Trace:
    events: np.ndarray  # [n, N_EVC] int64
    eventf: np.ndarray  # [n, N_EVF] float64
    series: np.ndarray  # [m, N_SER]
    run_stats: np.ndarray
    out_lev: np.ndarray


@dataclass(frozen=True, eq=False)
class ContingencyJob:
    """Runs of one or two plans (two: on common random numbers, for ``--compare``)."""

    inputs: tuple[Inputs, ...]
    packed: Model
    seed: int
    bin_min: int
    horizon: int
    worlds: tuple[World, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "worlds", tuple(i.world() for i in self.inputs))

    def _blank(self, inp: Inputs, n: int) -> Sums:
        nv, ne = inp.n_villages, max(inp.n_reserves, 1)
        nb = -(-self.horizon // self.bin_min) + 1
        n_cnt = K.cnt_rows(len(PHASES), len(TRIGGERS))[3]
        return Sums(
            out=np.zeros((n, nv, K.N_OUT), np.int32),
            run_stats=np.zeros((n, K.N_RS), np.int64),
            acc_v=np.zeros((nv, K.N_AV), np.int64),
            hist_v=np.zeros((nv, nb + 1), np.int64),
            hist_all=np.zeros(self.horizon + 2, np.int64),
            peak_edges=PEAK_EDGES,
            peak_hist=np.zeros(PEAK_EDGES.shape[0], np.int64),
            cnt=np.zeros((n_cnt, N_STEPS), np.int64),
            ea=np.zeros((ne, K.N_EA), np.int64),
            bin_min=int(self.bin_min),
        )

    def _kernel(
        self,
        which: int,
        U: np.ndarray,
        b: Sums,
        trace: bool = False,
        watch: tuple[int, int] = (-1, -1),
        cap: int = 1,
        only: int = -1,
        window: tuple[int, int] = (K.NEVER, K.FOREVER),
    ) -> Record:
        rec = K.blank_record(cap, self.horizon + 1, on=trace)
        rec.nev[1:] = (only, window[0], window[1])
        rec.watch[:] = watch
        w = self.worlds[which]
        K.run_chunk(U, w, self.packed, K.new_state(w, self.packed), b, rec)
        return rec

    def _tally(self, b: Sums, start: int) -> Tally:
        out = b.out
        lev, fail, step, peak = (
            out[:, :, K.OUT_LEV],
            out[:, :, K.OUT_FAIL],
            out[:, :, K.OUT_STEP],
            out[:, :, K.OUT_PEAK],
        )
        nv = lev.shape[1]
        had = lev >= 0
        steps = np.zeros((nv, N_STEPS), np.int64)
        for s in range(N_STEPS):
            steps[:, s] = (step == s).sum(axis=0)
        bins = np.searchsorted(PEAK_EDGES, peak, side="right") - 1
        peak_hist = np.zeros((nv, PEAK_EDGES.shape[0]), np.int32)
        rows = np.broadcast_to(np.arange(nv), bins.shape)
        np.add.at(peak_hist, (rows[had], bins[had]), 1)
        cnt = b.cnt
        _, c_trig, c_step, _ = K.cnt_rows(len(PHASES), len(TRIGGERS))
        return Tally(
            v_incident=had.sum(axis=0).astype(np.int64),
            v_kuning=(lev >= 1).sum(axis=0).astype(np.int64),
            v_merah=(lev >= 2).sum(axis=0).astype(np.int64),
            v_fail=(fail == 1).sum(axis=0).astype(np.int64),
            v_tni=(out[:, :, K.OUT_TNI] == 1).sum(axis=0).astype(np.int64),
            v_steps=steps.astype(np.int32),
            v_peak_hist=peak_hist,
            v_peak_sum=np.where(had, peak, 0).sum(axis=0).astype(np.int64),
            v_peak_max=np.where(had, peak, 0).max(axis=0).astype(np.int64),
            acc_v=b.acc_v,
            hist_v=b.hist_v.astype(np.int32),
            hist_all=b.hist_all,
            peak_hist=b.peak_hist,
            phase_lev=cnt[:c_trig, : K.N_LEVELS].copy(),
            trig_lev=cnt[c_trig:c_step, : K.N_LEVELS].copy(),
            step_all=cnt[c_step].copy(),
            ea=b.ea,
            run_stats=b.run_stats,
            start=start,
        )

    def run(self, start: int, stop: int) -> ChunkOut:
        first = self.inputs[0]
        U = draws(self.seed, start, stop, first.n_villages, first.n_slots)
        blanks = []
        for which in range(len(self.inputs)):
            b = self._blank(self.inputs[which], stop - start)
            self._kernel(which, U, b)
            blanks.append(b)
        pair = None
        if len(blanks) == 2:
            a, bb = blanks
            flags_a, flags_b = (
                np.stack(
                    [x[:, :, K.OUT_LEV] >= 1, x[:, :, K.OUT_LEV] >= 2, x[:, :, K.OUT_FAIL] == 1],
                    axis=-1,
                )
                for x in (a.out, bb.out)
            )
            pair = PairTally(
                a_only=(flags_a & ~flags_b).sum(axis=0).astype(np.int64),
                b_only=(~flags_a & flags_b).sum(axis=0).astype(np.int64),
            )
        return ChunkOut([self._tally(b, start) for b in blanks], pair)

    def trace(
        self,
        run: int,
        which: int = 0,
        watch: tuple[int, int] = (-1, -1),
        cap: int = 65_536,
        only: int = -1,
        window: tuple[int, int] = (K.NEVER, K.FOREVER),
    ) -> Trace:
        """Run ``run`` again recording its events (those of village ``only`` if ≥ 0, none if −2;
        within minutes ``window``) and the minutes of the incident ``watch`` = (village, start)."""
        inp = self.inputs[which]
        U = draws(self.seed, run, run + 1, inp.n_villages, inp.n_slots)
        b = self._blank(inp, 1)
        rec = self._kernel(which, U, b, trace=True, watch=watch, cap=cap, only=only, window=window)
        n = rec.nev[0]
        return Trace(
            rec.ev[:n], rec.evf[:n], rec.series, b.run_stats[0], b.out[0, :, K.OUT_LEV].copy()
        )


def merge(outs: list[ChunkOut]) -> ChunkOut:
    total = outs[0]
    for o in outs[1:]:
        total = total + o
    return total
