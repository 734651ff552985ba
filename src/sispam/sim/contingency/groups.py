"""Named groups of the arrays the compiled engine takes (Numba compiles NamedTuples of arrays).

Each group travels as one argument: ``World`` (one plan's villages, phases, posts, reserves and
neighbours), ``Model`` (the packed parameters and the tables derived from the domain), ``Sums``
(what the runs of a chunk add up), ``Record`` (the trace of an example run), ``State`` (the
work arrays of one run, made inside the kernel). Column layouts: ``kernel``'s ``*_`` constants.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class World(NamedTuple):
    """Dunia satu rencana (one plan's world), read-only in the kernel."""

    vf: np.ndarray  # float64[V, 2]: vulnerability 0–1, patrol travel minutes (inf: none)
    vi: np.ndarray  # int64[V, 4]: voters, candidates, registrants (−1 unknown), incumbent 0/1
    ph: np.ndarray  # int64[S, N_PH]: kind, start, end, minute clock, announcement, peaked
    post_ptr: np.ndarray  # int64[S·V + 1]: CSR over key slot·V + village
    post_i: np.ndarray  # int64[M, 2]: force, personnel
    post_t: np.ndarray  # float64[M]: minutes after the phase (day) start when in place
    ri: np.ndarray  # int64[E, 3]: role, personnel, standby phases (bit per kind)
    rf: np.ndarray  # float64[E, 2]: delay after the order; minute ready at the post (−1: none)
    cand: np.ndarray  # int64[V, R, K]: candidate elements per village and role, −1 padded
    cand_travel: np.ndarray  # float64[V, R, K]: their travel minutes
    nb_ptr: np.ndarray  # int64[V + 1]: spill-over neighbours (CSR)
    nb_idx: np.ndarray  # int64
    nb_km: np.ndarray  # float64


class Model(NamedTuple):
    """Parameter model dan tabel doktrin (parameters and doctrine tables), see ``pack``."""

    fp: np.ndarray  # float64[N_F]: scalar parameters
    rate: np.ndarray  # float64[phase kinds]: trigger rate
    mix: np.ndarray  # float64[phase kinds, triggers]
    sev: np.ndarray  # float64[triggers]: legitimacy shock
    presence: np.ndarray  # float64[forces]: weight of a posted person
    rolet: np.ndarray  # float64[roles, N_RT]: weight, delays, dispersal, arrival delay
    rolei: np.ndarray  # int64[roles, N_RL]: level, step, negotiator, perbantuan, reinforced
    subs: np.ndarray  # int64[roles, roles]: substitutes in order, −1 padded
    order: np.ndarray  # int64[roles]: the order requests are served in
    trig: np.ndarray  # int64[N_TG]: indices of the trigger types with a rule of their own
    tgain: np.ndarray  # float64[levels]: tension an incident leaves


class Sums(NamedTuple):
    """What a chunk's runs add up (``out``/``run_stats`` per run, the rest over the chunk)."""

    out: np.ndarray  # int32[runs, V, N_OUT]
    run_stats: np.ndarray  # int64[runs, N_RS]
    acc_v: np.ndarray  # int64[V, N_AV]
    hist_v: np.ndarray  # int64[V, B + 1]: containment per bin; last: not contained
    hist_all: np.ndarray  # int64[H + 2]
    peak_edges: np.ndarray  # int64[P]
    peak_hist: np.ndarray  # int64[P]
    cnt: np.ndarray  # int64[phase kinds + triggers + 1, steps]
    ea: np.ndarray  # int64[E, N_EA]
    bin_min: int  # minutes per bin of hist_v


class Record(NamedTuple):
    """Jejak (the trace of an example run): events and the featured incident's minutes."""

    on: np.bool_
    ev: np.ndarray  # int64[cap, N_EVC]
    evf: np.ndarray  # float64[cap, N_EVF]
    nev: np.ndarray  # int64[4]: count, only this village (−1 any, −2 none), from, to minute
    watch: np.ndarray  # int64[2]: featured incident (village, start minute)
    series: np.ndarray  # float64[minutes, N_SER]


class State(NamedTuple):
    """Work arrays of a run (made once per chunk by ``kernel.new_state``, reset every run)."""

    fs: np.ndarray  # float64[V, N_FS]: per-village float state
    ist: np.ndarray  # int64[V, IREQ + roles]: per-village int state
    el: np.ndarray  # int64[E, N_EL]: per-element state
    el_tr: np.ndarray  # float64[E]: travel minutes of the current trip
    busy: np.ndarray  # int64[E]: elements out on a trip
    nbusy: np.ndarray  # int64[1]
    act: np.ndarray  # int64[V]: villages with an incident under way
    mult: np.ndarray  # float64[V]: hazard multiplier exp(β(v − v_ref))
    win: np.ndarray  # int64[2]: the voting-day window (busy minutes are counted inside it)
    tr_t: np.ndarray  # int64[2V + 1]: triggers of the day: minute, village, phase slot
    tr_v: np.ndarray
    tr_s: np.ndarray
    spill_q: np.ndarray  # int64[V]: villages a spill-over ignites this minute
    order: np.ndarray  # int64[2V + 1]: the day's triggers in time order
    counts: np.ndarray  # int64[span + 3]: counting-sort buckets over one day's minutes
    cum: np.ndarray  # float64[V]: hazard accumulated in a long phase
    done: np.ndarray  # bool[V]: triggered in this long phase
    work: np.ndarray  # float64[triggers]: trigger-type weights


class Outlook(NamedTuple):
    """Prakiraan (a forecast's start): the present state and the window it looks ahead over."""

    now: int  # minute of the simulation clock the forecast starts at
    stop: int  # now + horizon
    vote: np.bool_  # the phase under way runs on the minute clock (the TPS is open)
    day_start: int  # start of the phase group (minute clock) or of the day (day clock)
    post_slot: int  # phase slot whose postings stand (first of the group)
    lam: np.ndarray  # float64[slots, h]: each phase slot's baseline hazard accumulated by the
    # end of each minute from now (slots of the window, re-based to 0)
    lam_slot: np.ndarray  # int64[h]: phase slot under way in each minute of the window
    inc_v: np.ndarray  # int64[I]: villages with an incident now
    inc_lev: np.ndarray  # int64[I]: its level
    inc_crowd: np.ndarray  # float64[I]: its active crowd
    inc_t0: np.ndarray  # int64[I]: minute it began
    el_v0: np.ndarray  # int64[E]: village an element is committed to (−1: free)
    el_arr0: np.ndarray  # int64[E]: minute it is (or was) on scene there
    el_tr0: np.ndarray  # float64[E]: its trip's travel minutes (for the drive back)
