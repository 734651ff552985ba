"""Mesin (the compiled engine) of model I: Numba kernels over flat arrays.

State layout (NumPy arrays owned by :class:`sispam.sim.epstein.model.EpsteinModel`):

- ``geo = [W, H, R, PW, PH, B, NBX]``: the torus W×H and a copy of it padded by a halo of R
  cells on every side (PW = W + 2R, PH = H + 2R), so a neighbourhood is summed over runs of
  contiguous memory with no wrap-around arithmetic; ``pidx[p]`` is cell p's place in the padded
  grid and ``cell_of[pp]`` the cell a padded place shows;
- ``fpad[pp] = cops + (actives << 32)`` on the padded grid, halo included (one sum over a
  neighbourhood gives both C and A); ``blk`` the actives per B×B block of the padded grid (NBX
  blocks a row), ``blk0[p]`` the first of the 3×3 blocks that cover cell p's view, so a citizen
  with no active in those blocks knows A = 1; ``mstar`` per citizen the cop count that keeps it
  quiet when A = 1 (:func:`cop_thresholds`);
- ``occ[p]`` how many bodies block cell p; ``head[p]`` the
  first citizen on cell p, a linked list through ``nxt`` (NetLogo lets released citizens and cops
  share a patch, so a cell may hold more than one);
- citizens ``i``: ``cpos, hard, risk, state, jail, nxt``; cops ``j``: ``kpos`` (−1: removed);
- neighbourhoods as ``spans[k] = (padded delta of a run's first cell, run length)`` and
  ``moves[k]`` = padded delta of each cell (to draw a target cell);
- ``tot = [quiet, active, jailed]``; ``cfg``/``fcfg`` the integer and float switches;
- ``rs``: the run's ``numpy.random.Generator`` PCG64 state, advanced here (see :mod:`.pcg`);
- work arrays (``order`` ...) allocated by the caller: the kernels never allocate, so they are
  compiled without reference counting, which would otherwise cost more than the model itself.

The sequential kernel keeps the reference semantics exactly: every step the live agents are
shuffled (Fisher–Yates) and act one at a time on the current state. Shortcuts are exact: a
citizen with G <= T cannot be active whatever P is, so it skips counting; one that sees no
active counts cops only up to its threshold; a cop skips looking when nobody on the grid is
active; a move target is drawn by rejection (uniform over the empty cells), with an exact
count-and-pick when a few draws fail.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numba
import numpy as np

QUIET, ACTIVE, JAILED = 0, 1, 2
ACT_UNIT = np.int64(1) << np.int64(32)
COP_MASK = (np.int64(1) << np.int64(32)) - np.int64(1)

# cfg indices
C_ORDER, C_LEAVE, C_COP_TO, C_JDRAW, C_COUNTDOWN, C_ROUND, C_CMOVE, C_KMOVE = range(8)
N_CFG = 8
# fcfg indices
F_L, F_T, F_K = range(3)
# geo indices
G_W, G_H, G_R, G_PW, G_PH, G_B, G_NBX = range(7)

DECIDE_THEN_MOVE, MOVE_THEN_ACT = 0, 1
COUNT_ON_ACTIVATION, COUNT_END_OF_STEP = 0, 1
REJECTION_TRIES = 16
NEVER = np.int64(-1)  # cop thresholds (see cop_thresholds)
ALWAYS = np.int64(1) << np.int64(62)

# Nothing here allocates, so everything is compiled without Numba's reference counting: with it,
# every call from the hot loop pays atomic incref/decref on each array argument (measured ~20 ns
# a call, more than a citizen's decision).
_jit_fast = numba.njit(cache=True, _nrt=False)
# Helpers are inlined by Numba itself: a call that cannot be inlined passes every array as seven
# machine words, which costs more than a quiet citizen's whole turn.
_jit_inline = numba.njit(cache=True, _nrt=False, inline="always")


# --- the generator's PCG64 stream (state words from :mod:`.pcg`) ---------------------------

_U = np.uint64
_M32 = _U(0xFFFFFFFF)
_MUL_HI = _U(2549297995355413924)  # PCG_DEFAULT_MULTIPLIER_128, high and low words
_MUL_LO = _U(4865540595714422341)
_S11, _S32, _S58, _S63, _S64 = _U(11), _U(32), _U(58), _U(63), _U(64)


@_jit_inline
def next_u64(st):
    """Step the 128-bit LCG (state × multiplier + inc) and return the XSL-RR output."""
    sh = st[0]
    sl = st[1]
    a_lo = sl & _M32
    a_hi = sl >> _S32
    b_lo = _MUL_LO & _M32
    b_hi = _MUL_LO >> _S32
    p0 = a_lo * b_lo
    p1 = a_lo * b_hi
    p2 = a_hi * b_lo
    mid = (p0 >> _S32) + (p1 & _M32) + (p2 & _M32)
    lo = (p0 & _M32) | (mid << _S32)
    hi = a_hi * b_hi + (p1 >> _S32) + (p2 >> _S32) + (mid >> _S32) + sh * _MUL_LO + sl * _MUL_HI
    lo2 = lo + st[3]
    hi2 = hi + st[2] + (_U(1) if lo2 < lo else _U(0))
    st[0] = hi2
    st[1] = lo2
    x = hi2 ^ lo2
    r = hi2 >> _S58
    return (x >> r) | (x << ((_S64 - r) & _S63))


@_jit_inline
def next_double(st):
    """A uniform number on [0, 1) — ``rng.random()``."""
    return np.float64(next_u64(st) >> _S11) * (1.0 / 9007199254740992.0)


@_jit_inline
def next_u32(st):
    """32 random bits, two per 64-bit output, buffered the way NumPy's ``next_uint32`` does."""
    if st[4] != _U(0):
        st[4] = _U(0)
        return st[5]
    u = next_u64(st)
    st[4] = _U(1)
    st[5] = u >> _S32
    return u & _M32


@_jit_inline
def below(n, st):
    """An exactly uniform integer on [0, n), 0 < n < 2³² (Lemire's multiply-and-reject)."""
    nn = _U(n)
    m = next_u32(st) * nn
    low = m & _M32
    if low < nn:
        floor = (_U(0x100000000) - nn) % nn
        while low < floor:
            m = next_u32(st) * nn
            low = m & _M32
    return np.int64(m >> _S32)


# --- rules A and P (twins of sispam.sim.epstein.rules) -----------------------------------

ROUND_LITERAL, ROUND_FLOOR, ROUND_HALF_EVEN = 0, 1, 2


@_jit_inline
def ratio_nb(cops: int, actives: int, rounding: int) -> float:
    """:func:`rounded_ratio` with integer arithmetic (exactly Python's ``round`` for half-even)."""
    if rounding == ROUND_LITERAL:
        return cops / actives
    q = cops // actives
    if rounding == ROUND_FLOOR:
        return float(q)
    r2 = 2 * (cops - q * actives)  # twice the remainder, compared with the divisor
    if r2 > actives or (r2 == actives and q % 2 == 1):
        q += 1
    return float(q)


@_jit_inline
def arrest_probability_nb(cops: int, actives: int, k: float, rounding: int) -> float:
    return 1.0 - math.exp(-k * ratio_nb(cops, actives, rounding))


@_jit_inline
def is_active_nb(
    hardship: float, risk_aversion: float, legitimacy: float, p_arrest: float, threshold: float
) -> bool:
    return hardship * (1.0 - legitimacy) - risk_aversion * p_arrest > threshold


# --- grid ---------------------------------------------------------------------------------


@_jit_inline
def fadd(p, d, fpad, geo):
    """Add ``d`` to cell ``p`` of the padded field, in the cell and in each of its halo copies."""
    w = geo[G_W]
    h = geo[G_H]
    r = geo[G_R]
    pw = geo[G_PW]
    ph = geo[G_PH]
    y = p // w
    x = p - y * w
    yy = (y + r) % h
    x0 = (x + r) % w
    while yy < ph:
        xx = x0
        while xx < pw:
            fpad[yy * pw + xx] += d
            xx += w
        yy += h


@_jit_inline
def fadd_active(p, sign, fpad, blk, geo):
    """:func:`fadd` of ``sign`` active citizens, also counted in the coarse blocks ``blk``
    (B×B blocks of the padded grid: a citizen whose 3×3 blocks hold no active knows A = 1)."""
    w = geo[G_W]
    h = geo[G_H]
    r = geo[G_R]
    pw = geo[G_PW]
    ph = geo[G_PH]
    b = geo[G_B]
    nbx = geo[G_NBX]
    d = sign * ACT_UNIT
    y = p // w
    x = p - y * w
    yy = (y + r) % h
    x0 = (x + r) % w
    while yy < ph:
        xx = x0
        row = (yy // b) * nbx
        while xx < pw:
            fpad[yy * pw + xx] += d
            blk[row + xx // b] += sign
            xx += w
        yy += h


@_jit_inline
def _none_active_near(blk, b0, nbx):
    return (
        blk[b0] + blk[b0 + 1] + blk[b0 + 2]
        + blk[b0 + nbx] + blk[b0 + nbx + 1] + blk[b0 + nbx + 2]
        + blk[b0 + 2 * nbx] + blk[b0 + 2 * nbx + 1] + blk[b0 + 2 * nbx + 2]
    ) == 0  # fmt: skip


@_jit_inline
def span_sum(fpad, spans, pp):
    """Sum of the padded field over the neighbourhood ``spans`` of padded place ``pp``."""
    s = np.int64(0)
    for k in range(spans.shape[0]):
        a = pp + spans[k, 0]
        for c in range(a, a + spans[k, 1]):
            s += fpad[c]
    return s


@_jit_inline
def pick_empty(p, moves, occ, pidx, cell_of, rs):
    """A uniformly random empty cell (``occ == 0``) among ``moves`` around cell ``p``, or −1."""
    m = moves.shape[0]
    if m == 0:
        return -1
    pp = pidx[p]
    for _ in range(REJECTION_TRIES):
        q = cell_of[pp + moves[below(m, rs)]]
        if occ[q] == 0:
            return q
    n = 0
    for k in range(m):
        if occ[cell_of[pp + moves[k]]] == 0:
            n += 1
    if n == 0:
        return -1
    pick = below(n, rs)
    for k in range(m):
        q = cell_of[pp + moves[k]]
        if occ[q] == 0:
            if pick == 0:
                return q
            pick -= 1
    return -1


@_jit_inline
def _list_add(i, p, head, nxt):
    nxt[i] = head[p]
    head[p] = i


@_jit_inline
def _list_remove(i, p, head, nxt):
    if head[p] == i:
        head[p] = nxt[i]
        return
    k = head[p]
    while nxt[k] != i:
        k = nxt[k]
    nxt[k] = nxt[i]


@_jit_inline
def _move_citizen(i, q, fpad, blk, geo, occ, head, cpos, state, nxt):
    p = cpos[i]
    occ[p] -= 1
    occ[q] += 1
    _list_remove(i, p, head, nxt)
    _list_add(i, q, head, nxt)
    if state[i] == ACTIVE:
        fadd_active(p, -1, fpad, blk, geo)
        fadd_active(q, 1, fpad, blk, geo)
    cpos[i] = q


@_jit_inline
def _move_cop(j, q, fpad, geo, occ, kpos):
    p = kpos[j]
    occ[p] -= 1
    occ[q] += 1
    fadd(p, -1, fpad, geo)
    fadd(q, 1, fpad, geo)
    kpos[j] = q


@_jit_fast
def _release(i, cfg, occ, head, cpos, state, nxt, tot):
    state[i] = QUIET
    tot[JAILED] -= 1
    tot[QUIET] += 1
    if cfg[C_LEAVE]:  # back on the cell where it was arrested, shared or not (NetLogo)
        occ[cpos[i]] += 1
        _list_add(i, cpos[i], head, nxt)


@_jit_fast
def _arrest(i, cfg, fpad, blk, geo, occ, head, cpos, state, jail, nxt, tot, rs):
    p = cpos[i]
    fadd_active(p, -1, fpad, blk, geo)
    tot[ACTIVE] -= 1
    term = below(cfg[C_JDRAW], rs)
    if cfg[C_COUNTDOWN] == COUNT_END_OF_STEP and term == 0:
        state[i] = QUIET  # NetLogo: a jail-term of 0 means not in jail
        tot[QUIET] += 1
        return
    state[i] = JAILED
    jail[i] = term
    tot[JAILED] += 1
    if cfg[C_LEAVE]:
        occ[p] -= 1
        _list_remove(i, p, head, nxt)


@_jit_inline
def _active_with(g, r, cops, actives, cfg, fcfg):
    p_arrest = 1.0 - math.exp(-fcfg[F_K] * ratio_nb(cops, actives, cfg[C_ROUND]))
    return g - r * p_arrest > fcfg[F_T]


@_jit_fast
def cop_thresholds(cfg, fcfg, hard, risk, max_cops, out):
    """Per citizen, the fewest cops in vision that keep it quiet when nobody is active (A = 1),
    or ``NEVER`` (G <= T: quiet anyway) / ``ALWAYS`` (active whatever the cops).

    With A = 1 every rounding gives C/A = C, and G − R·P is non-increasing in C even in floating
    point (each operation rounds monotonically), so a binary search on the very expression
    :func:`decide` evaluates finds the exact threshold. Recomputed when L changes.
    """
    for i in range(hard.shape[0]):
        g = hard[i] * (1.0 - fcfg[F_L])
        if g <= fcfg[F_T]:
            out[i] = NEVER
        elif _active_with(g, risk[i], max_cops, 1, cfg, fcfg):
            out[i] = ALWAYS
        else:
            lo, hi = 0, max_cops  # active with lo cops (G > T), quiet with hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _active_with(g, risk[i], mid, 1, cfg, fcfg):
                    lo = mid
                else:
                    hi = mid
            out[i] = hi


@_jit_inline
def decide(i, cfg, fcfg, fpad, spans, pidx, cpos, hard, risk, mstar, tot, blk, blk0, geo):
    """Rule A for citizen ``i`` on the current grid: the state it takes (QUIET or ACTIVE)."""
    g = hard[i] * (1.0 - fcfg[F_L])
    if g <= fcfg[F_T]:  # exact shortcut: N >= 0, so G - N > T is impossible
        return QUIET
    if tot[ACTIVE] == 0 or _none_active_near(blk, blk0[cpos[i]], geo[G_NBX]):
        # Nobody active in sight: A = 1 and the field there holds cops only; count them just
        # until the citizen's threshold (exactly the same decision, usually after a few rows).
        need = mstar[i]
        if need == ALWAYS:
            return ACTIVE
        pp = pidx[cpos[i]]
        c = np.int64(0)
        for k in range(spans.shape[0]):
            a = pp + spans[k, 0]
            for cell in range(a, a + spans[k, 1]):
                c += fpad[cell]
            if c >= need:
                return QUIET
        return ACTIVE
    s = span_sum(fpad, spans, pidx[cpos[i]])
    cops = s & COP_MASK
    actives = 1 + (s >> 32)  # the citizen counts herself (Epstein; both references)
    return ACTIVE if _active_with(g, risk[i], cops, actives, cfg, fcfg) else QUIET


@_jit_inline
def _set_state(i, new, fpad, blk, geo, cpos, state, tot):
    old = state[i]
    if new != old:
        fadd_active(cpos[i], 1 if new == ACTIVE else -1, fpad, blk, geo)
        tot[old] -= 1
        tot[new] += 1
        state[i] = new


@_jit_fast
def find_active(p, spans, fpad, pidx, cell_of, head, nxt, state, rs):
    """A uniformly random active citizen in the neighbourhood ``spans`` of cell ``p``, or −1."""
    pp = pidx[p]
    n = span_sum(fpad, spans, pp) >> 32
    if n == 0:
        return -1
    r = below(n, rs)
    for k in range(spans.shape[0]):
        a = pp + spans[k, 0]
        for c in range(a, a + spans[k, 1]):
            na = fpad[c] >> 32
            if r < na:
                i = head[cell_of[c]]
                while True:
                    if state[i] == ACTIVE:
                        if r == 0:
                            return i
                        r -= 1
                    i = nxt[i]
            r -= na
    return -1


@_jit_fast
def _countdown_end_of_step(cfg, occ, head, cpos, state, jail, nxt, tot):
    for i in range(cpos.shape[0]):
        if state[i] == JAILED:
            jail[i] -= 1
            if jail[i] <= 0:
                jail[i] = 0
                _release(i, cfg, occ, head, cpos, state, nxt, tot)


@_jit_inline
def _shuffle(a, n, rs):
    """Fisher–Yates on ``a[:n]``."""
    for i in range(n - 1, 0, -1):
        r = below(i + 1, rs)
        a[i], a[r] = a[r], a[i]


class Grid(NamedTuple):
    """The torus and its padded fields (see the module docstring)."""

    geo: np.ndarray
    pidx: np.ndarray
    cell_of: np.ndarray
    fpad: np.ndarray
    occ: np.ndarray
    head: np.ndarray
    blk: np.ndarray
    blk0: np.ndarray


class Agents(NamedTuple):
    """Citizens (position, hardship, risk aversion, state, jail term, list link, cop threshold)
    and cops (position, −1 removed)."""

    cpos: np.ndarray
    hard: np.ndarray
    risk: np.ndarray
    state: np.ndarray
    jail: np.ndarray
    nxt: np.ndarray
    mstar: np.ndarray
    kpos: np.ndarray


class Hood(NamedTuple):
    """Neighbourhoods as spans (to count) and moves (to draw a target), for citizens and cops."""

    cit_spans: np.ndarray
    cit_moves: np.ndarray
    cop_spans: np.ndarray
    cop_moves: np.ndarray


class Work(NamedTuple):
    """Totals, the generator's state, the activation order and the per-step outputs."""

    tot: np.ndarray
    rs: np.ndarray
    order: np.ndarray
    counts: np.ndarray
    arrests: np.ndarray


class SyncWork(NamedTuple):
    """Work arrays of synchronous activation: claimed cells, new states, victims, skips, targets."""

    claimed: np.ndarray
    new: np.ndarray
    victim: np.ndarray
    skip: np.ndarray
    target: np.ndarray


@_jit_fast
def run_sequential(steps, cfg, fcfg, g, ag, hood, wk):
    """``steps`` steps of random sequential activation; row ``t`` of ``wk.counts`` gets
    ``[quiet, active, jailed]`` after step ``t``, ``wk.arrests[t]`` the arrests made in it."""
    geo, pidx, cell_of, fpad, occ, head, blk, blk0 = g
    cpos, hard, risk, state, jail, nxt, mstar, kpos = ag
    cit_spans, cit_moves, cop_spans, cop_moves = hood
    tot, rs, order, counts, arrests = wk
    nc = cpos.shape[0]
    nk = kpos.shape[0]
    move_then_act = cfg[C_ORDER] == MOVE_THEN_ACT
    for t in range(steps):
        n = 0
        for i in range(nc):
            order[n] = i
            n += 1
        for j in range(nk):
            if kpos[j] >= 0:
                order[n] = nc + j
                n += 1
        _shuffle(order, n, rs)
        made = 0
        for idx in range(n):
            a = order[idx]
            if a < nc:
                i = a
                if state[i] == JAILED:
                    if cfg[C_COUNTDOWN] == COUNT_END_OF_STEP:
                        continue
                    if jail[i] > 0:
                        jail[i] -= 1
                        continue
                    _release(i, cfg, occ, head, cpos, state, nxt, tot)
                if move_then_act and cfg[C_CMOVE]:
                    q = pick_empty(cpos[i], cit_moves, occ, pidx, cell_of, rs)
                    if q >= 0:
                        _move_citizen(i, q, fpad, blk, geo, occ, head, cpos, state, nxt)
                new = decide(
                    i,
                    cfg,
                    fcfg,
                    fpad,
                    cit_spans,
                    pidx,
                    cpos,
                    hard,
                    risk,
                    mstar,
                    tot,
                    blk,
                    blk0,
                    geo,
                )
                _set_state(i, new, fpad, blk, geo, cpos, state, tot)
                if not move_then_act and cfg[C_CMOVE]:
                    q = pick_empty(cpos[i], cit_moves, occ, pidx, cell_of, rs)
                    if q >= 0:
                        _move_citizen(i, q, fpad, blk, geo, occ, head, cpos, state, nxt)
            else:
                j = a - nc
                if move_then_act and cfg[C_KMOVE]:
                    q = pick_empty(kpos[j], cop_moves, occ, pidx, cell_of, rs)
                    if q >= 0:
                        _move_cop(j, q, fpad, geo, occ, kpos)
                v = -1
                if tot[ACTIVE] > 0:
                    v = find_active(kpos[j], cop_spans, fpad, pidx, cell_of, head, nxt, state, rs)
                if v >= 0:
                    _arrest(v, cfg, fpad, blk, geo, occ, head, cpos, state, jail, nxt, tot, rs)
                    made += 1
                if v >= 0 and cfg[C_COP_TO]:
                    if cpos[v] != kpos[j]:
                        _move_cop(j, cpos[v], fpad, geo, occ, kpos)
                elif not move_then_act and cfg[C_KMOVE]:
                    q = pick_empty(kpos[j], cop_moves, occ, pidx, cell_of, rs)
                    if q >= 0:
                        _move_cop(j, q, fpad, geo, occ, kpos)
        if cfg[C_COUNTDOWN] == COUNT_END_OF_STEP:
            _countdown_end_of_step(cfg, occ, head, cpos, state, jail, nxt, tot)
        counts[t, 0] = tot[QUIET]
        counts[t, 1] = tot[ACTIVE]
        counts[t, 2] = tot[JAILED]
        arrests[t] = made


@_jit_fast
def _move_phase(cfg, pidx, cell_of, fpad, blk, geo, occ, head, cpos, state, nxt, kpos, cit_moves,
                cop_moves, skip_cop, claimed, stamp, rs, movers, target):  # fmt: skip
    """Everyone mobile picks an empty target from the same occupancy; clashes go to a random
    one of the claimants (the others stay put)."""
    nc = cpos.shape[0]
    nk = kpos.shape[0]
    n = 0
    if cfg[C_CMOVE]:
        for i in range(nc):
            if state[i] != JAILED:
                q = pick_empty(cpos[i], cit_moves, occ, pidx, cell_of, rs)
                if q >= 0:
                    movers[n] = i
                    target[n] = q
                    n += 1
    if cfg[C_KMOVE]:
        for j in range(nk):
            if kpos[j] >= 0 and not skip_cop[j]:
                q = pick_empty(kpos[j], cop_moves, occ, pidx, cell_of, rs)
                if q >= 0:
                    movers[n] = nc + j
                    target[n] = q
                    n += 1
    for i in range(n - 1, 0, -1):  # random claim order: shuffle movers and targets together
        r = below(i + 1, rs)
        movers[i], movers[r] = movers[r], movers[i]
        target[i], target[r] = target[r], target[i]
    for idx in range(n):
        q = target[idx]
        if claimed[q] == stamp:
            continue
        claimed[q] = stamp
        a = movers[idx]
        if a < nc:
            _move_citizen(a, q, fpad, blk, geo, occ, head, cpos, state, nxt)
        else:
            _move_cop(a - nc, q, fpad, geo, occ, kpos)


@_jit_fast
def run_synchronous(steps, cfg, fcfg, g, ag, hood, wk, sw, stamp0):
    """``steps`` synchronous steps: each phase (jail countdown, decide, arrest, move; the move
    first with ``move_then_act``) is computed for every agent from the same state. ``wk.order``
    and ``sw.target`` are work arrays (one entry per agent), ``sw.new`` per citizen,
    ``sw.victim`` and ``sw.skip`` per cop, ``sw.claimed`` per cell."""
    geo, pidx, cell_of, fpad, occ, head, blk, blk0 = g
    cpos, hard, risk, state, jail, nxt, mstar, kpos = ag
    cit_spans, cit_moves, cop_spans, cop_moves = hood
    tot, rs, order, counts, arrests = wk
    claimed, new, victim, skip, target = sw
    nc = cpos.shape[0]
    nk = kpos.shape[0]
    move_then_act = cfg[C_ORDER] == MOVE_THEN_ACT
    for t in range(steps):
        stamp = stamp0 + 2 * t
        if cfg[C_COUNTDOWN] == COUNT_ON_ACTIVATION:
            for i in range(nc):
                if state[i] == JAILED:
                    if jail[i] > 0:
                        jail[i] -= 1
                    else:
                        _release(i, cfg, occ, head, cpos, state, nxt, tot)
        skip[:] = False
        if move_then_act:
            _move_phase(cfg, pidx, cell_of, fpad, blk, geo, occ, head, cpos, state, nxt, kpos, cit_moves,
                        cop_moves, skip, claimed, stamp, rs, order, target)  # fmt: skip
        for i in range(nc):
            new[i] = state[i]
            if state[i] != JAILED:
                new[i] = decide(
                    i,
                    cfg,
                    fcfg,
                    fpad,
                    cit_spans,
                    pidx,
                    cpos,
                    hard,
                    risk,
                    mstar,
                    tot,
                    blk,
                    blk0,
                    geo,
                )
        for i in range(nc):
            if state[i] != JAILED:
                _set_state(i, new[i], fpad, blk, geo, cpos, state, tot)
        for j in range(nk):
            victim[j] = -1
            if kpos[j] >= 0 and tot[ACTIVE] > 0:
                victim[j] = find_active(
                    kpos[j], cop_spans, fpad, pidx, cell_of, head, nxt, state, rs
                )
        made = 0
        for j in range(nk):
            v = victim[j]
            if v < 0:
                continue
            if state[v] == ACTIVE:  # several cops may pick the same citizen: arrested once
                _arrest(v, cfg, fpad, blk, geo, occ, head, cpos, state, jail, nxt, tot, rs)
                made += 1
            if cfg[C_COP_TO]:
                skip[j] = True
                if cpos[v] != kpos[j]:
                    _move_cop(j, cpos[v], fpad, geo, occ, kpos)
        if not move_then_act:
            _move_phase(cfg, pidx, cell_of, fpad, blk, geo, occ, head, cpos, state, nxt, kpos, cit_moves,
                        cop_moves, skip, claimed, stamp + 1, rs, order, target)  # fmt: skip
        if cfg[C_COUNTDOWN] == COUNT_END_OF_STEP:
            _countdown_end_of_step(cfg, occ, head, cpos, state, jail, nxt, tot)
        counts[t, 0] = tot[QUIET]
        counts[t, 1] = tot[ACTIVE]
        counts[t, 2] = tot[JAILED]
        arrests[t] = made


@_jit_fast
def set_cop_count(n_target, kpos, fpad, geo, occ, rs, live, empties):
    """Remove random cops, or add cops on random empty cells, until ``n_target`` are on the grid
    (fewer if the grid runs out of empty cells). Returns the number on the grid. ``live`` (one
    entry per cop slot) and ``empties`` (one per cell) are work arrays."""
    n = 0
    for j in range(kpos.shape[0]):
        if kpos[j] >= 0:
            live[n] = j
            n += 1
    while n > n_target:
        r = below(n, rs)
        j = live[r]
        occ[kpos[j]] -= 1
        fadd(kpos[j], -1, fpad, geo)
        kpos[j] = -1
        live[r] = live[n - 1]
        n -= 1
    if n < n_target:
        m = 0
        for p in range(occ.shape[0]):
            if occ[p] == 0:
                empties[m] = p
                m += 1
        for j in range(kpos.shape[0]):
            if n >= n_target or m == 0:
                break
            if kpos[j] < 0:
                r = below(m, rs)
                p = empties[r]
                empties[r] = empties[m - 1]
                m -= 1
                kpos[j] = p
                occ[p] += 1
                fadd(p, 1, fpad, geo)
                n += 1
    return n


@_jit_fast
def snapshot(out, cpos, state, kpos, leave):
    """Fill ``out`` (one int8 per cell, zeroed) with codes: 0 empty, 1 quiet, 2 active,
    3 jailed (on the grid), 4 cop; where a cell holds several, the highest code shows."""
    for i in range(cpos.shape[0]):
        if state[i] == JAILED and leave:
            continue
        code = 3 if state[i] == JAILED else (2 if state[i] == ACTIVE else 1)
        if code > out[cpos[i]]:
            out[cpos[i]] = code
    for j in range(kpos.shape[0]):
        if kpos[j] >= 0:
            out[kpos[j]] = 4
