"""Mesin kontinjensi (the compiled engine): one election per run, Numba over flat arrays.

One run walks the scenario's phases in time order. Long phases advance a day at a time: each
village's trigger hazard accumulates against its own Exp(1) draw, and tension (ketegangan) from
incidents decays day by day. Voting and counting advance a minute at a time. Every incident is
simulated minute by minute: the crowd (massa) gathers, its active part follows Epstein's rule at
crowd level with a Granovetter contagion term, responders posted at the TPS act at once, reserves
are requested as the colour rises (hijau → kuning → merah) and arrive after command delay,
readiness and travel; the incident ends when contained or at the horizon. The model and every
parameter: ``docs/contingency-model.md``.

Common random numbers: every random quantity is read from the run's block ``U[village, phase
slot, draw]`` (drawn by numpy from the run's SeedSequence, see ``draws.py``) and is consumed by
*position*, never sequentially, and the in-incident dynamics are deterministic given those
draws. So two plans, or two parameter values, see the same triggers, severities and crowds, and a
change in the plan changes outcomes only through its effect on the response.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from sispam.sim.contingency.pack import (
    F_ANNOUNCE,
    F_APPEAL,
    F_CALL,
    F_CONTAIN,
    F_COUNT_POW,
    F_DAY_WINDOW,
    F_EXCESS_L,
    F_EXCESS_P,
    F_FATIGUE,
    F_GAMMA,
    F_GATHER,
    F_H2H_MULT,
    F_HOLD,
    F_HORIZON,
    F_INC_MULT,
    F_INERTIA,
    F_K,
    F_KUNING,
    F_L0,
    F_LV,
    F_MAX_PHH,
    F_MERAH,
    F_MERAH_RATIO,
    F_NEGOTIATE,
    F_OFFPHASE,
    F_PATROL_DELAY,
    F_PATROL_N,
    F_POOL_FRAC,
    F_POOL_SPREAD,
    F_REINFORCE,
    F_ROUND,
    F_SCALE,
    F_SEV_SPREAD,
    F_SLOPE,
    F_SPILL_MERAH,
    F_SPILL_RATE,
    F_SPILL_SCALE,
    F_STAND_DOWN,
    F_T,
    F_TARGET,
    F_TENSION_HALF,
    F_TENSION_L,
    F_VREF,
)
from sispam.sim.epstein import arrest_probability_nb

# fmt: off
# (long argument lists of the compiled functions are kept compact by hand)
_jit = numba.njit(cache=True)
# Small helpers called from many places are inlined: Numba would otherwise compile one copy per
# combination of literal arguments (minutes of compile time). Calls to the larger functions pass
# np.int64/np.bool_ values for the same reason.
_inline = numba.njit(cache=True, inline="always")

# --- draws per (village, phase slot): positions in U ---------------------------------------
D_E, D_TIME, D_TYPE, D_SEV, D_POOL, D_EXC, D_ESPILL, D_SSEV, D_SPOOL, D_SEXC = range(10)
N_DRAWS = 10

PK_PEMUNGUTAN, PK_PENGHITUNGAN, PK_PENETAPAN = 3, 4, 5
TR_CLOSE, TR_DISPUTED, TR_REJECTED, TR_RUMOUR, TR_PARTIAL = range(5)
N_TRIGGERS = 5
R_AWAL, R_LANJUT, R_PHH, R_TNI = range(4)
FORCE_POLRI = 0
# Substitutes in order (see inputs.SUBSTITUTES), −1 padded.
SUBS = np.array([[0, 1, 2], [1, 2, -1], [2, 1, -1], [3, -1, -1]], dtype=np.int64)

# --- per-village float state ------------------------------------------------------------------
SA, SN, SGONE, SL, SLPRE, SPEAK, SRW, SDW, STENSION, SSPILL, SC = range(11)
N_FS = 11
# --- per-village int state --------------------------------------------------------------------
(
    IACT, IT0, ISLOT, ITYPE, ILEV, IMAX, ISTEP, IFIRST, IHOLD, IHSTART, IREQ, _IREQ1, _IREQ2,
    _IREQ3, INPHH, ILASTPHH, IEXC, IENG, IPATROL, INEG, ITNI, ISPILLUSED, ICMD, IMAXROLE,
    IDAYSTART, IPOSTSLOT, ISTANDBY, ICALLED
) = range(28)
N_IS = 28
# --- per-element int state --------------------------------------------------------------------
EL_V, EL_DISP, EL_ARR, EL_FREE, EL_ARRIVED, EL_REQ = range(6)
N_EL = 6
# --- per-village accumulators ---------------------------------------------------------------
AV_FIRST_SUM, AV_FIRST_N, AV_CONTAIN_SUM, AV_CONTAIN_N, AV_UNCONT, AV_INC, AV_CONTAIN_SQ = range(7)
N_AV = 7
# --- per-run statistics -------------------------------------------------------------------------
(
    RS_INCIDENTS, RS_KUNING_V, RS_MERAH_V, RS_FAIL_V, RS_UNCONT, RS_MAX_CONC, RS_UNMET, RS_WORST,
    RS_INC_V, RS_CONTAIN_SUM, RS_CONTAIN_N
) = range(11)
N_RS = 11
# --- per-element accumulators ---------------------------------------------------------------
EA_RUNS, EA_DISPATCHES, EA_BUSY = range(3)
N_EA = 3

# --- grouped input arrays: columns ------------------------------------------------------------
VF_VUL, VF_PATROL = 0, 1  # vf[V, 2] float: vulnerability 0–1, patrol travel minutes (inf: none)
VI_VOTERS, VI_CAND, VI_REG, VI_INC = 0, 1, 2, 3  # vi[V, 4] int: voters, cands, registrants, incumbent
PH_KIND, PH_START, PH_END = 0, 1, 2  # ph[S, 3] int: phase kind, start and end minute
PI_FORCE, PI_N = 0, 1  # post_i[M, 2] int: force, personnel
RI_ROLE, RI_N, RI_MASK = 0, 1, 2  # ri[E, 3] int: role, personnel, phases on standby (bit per kind)
RF_DELAY, RF_READY_AT = 0, 1  # rf[E, 2] float: delay after order; minute ready at post (−1: none)
RT_W, RT_DELAY, RT_DISP = 0, 1, 2  # rolet[4, 3] float: weight, request delay, dispersal rate
# --- per run and village outcomes: out[R, V, 6] ---------------------------------------------
OUT_LEV, OUT_FAIL, OUT_INC, OUT_PEAK, OUT_STEP, OUT_TNI = range(6)
N_OUT = 6
# --- incident counts: cnt[13, 5] rows: 7 phases × level, 5 triggers × level, 1 × step -------------
CNT_PHASE, CNT_TRIGGER, CNT_STEP = 0, 7, 12
N_CNT = 13

# --- timeline events (trace mode) ---------------------------------------------------------------
(
    EV_TRIGGER, EV_SPILL, EV_INTENSIFY, EV_LEVEL, EV_COMMAND, EV_REQUEST, EV_DISPATCH, EV_NO_UNIT,
    EV_ARRIVAL, EV_PATROL, EV_FIRST, EV_EXCESS, EV_CONTAINED, EV_UNCONTAINED, EV_RELEASED
) = range(15)
EVENT_KINDS = (
    "trigger", "spill", "intensify", "level", "command", "request", "dispatch", "no_unit",
    "arrival", "patrol", "first_response", "excess_force", "contained", "uncontained", "released"
)
# ev columns: t, village, kind, a, b, c ; evf columns: crowd, responders, eta; nev: count, filter
N_EVC = 6
N_EVF = 3
# series columns: t, crowd, gathered, responders, level, legitimacy
N_SER = 6


@_jit
def _minute_phase(kind):
    """Voting and counting run on the minute clock; every other phase on the day clock."""
    return kind == PK_PEMUNGUTAN or kind == PK_PENGHITUNGAN  # noqa: SIM109 (numba: no tuple `in`)


@_jit
def ndtri(p):
    """Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9)."""
    if p < 1e-12:
        p = 1e-12
    elif p > 1.0 - 1e-12:
        p = 1.0 - 1e-12
    plow = 0.02425
    if p < plow:
        q = math.sqrt(-2.0 * math.log(p))
        return (
            (
                (
                    (
                        (-7.784894002430293e-03 * q - 3.223964580411365e-01) * q
                        - 2.400758277161838e00
                    )
                    * q
                    - 2.549732539343734e00
                )
                * q
                + 4.374664141464968e00
            )
            * q
            + 2.938163982698783e00
        ) / (
            (
                ((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e00) * q
                + 3.754408661907416e00
            )
            * q
            + 1.0
        )
    if p > 1.0 - plow:
        return -ndtri(1.0 - p)
    q = p - 0.5
    r = q * q
    return (
        (
            (
                (
                    ((-3.969683028665376e01 * r + 2.209460984245205e02) * r - 2.759285104469687e02)
                    * r
                    + 1.383577518672690e02
                )
                * r
                - 3.066479806614716e01
            )
            * r
            + 2.506628277459239e00
        )
        * q
        / (
            (
                (
                    ((-5.447609879822406e01 * r + 1.615858368580409e02) * r - 1.556989798598866e02)
                    * r
                    + 6.680131188771972e01
                )
                * r
                - 1.328068155288572e01
            )
            * r
            + 1.0
        )
    )


@_jit
def frac_active(a, b, c):
    """Pr[a·H − b·R > c] for H, R independent U(0, 1) (Epstein's hardship and risk aversion):
    the share of a crowd for whom G − N > T, with a = 1 − L, b = P, c = T − contagion term."""
    if a <= 0.0:
        if c >= 0.0:
            return 0.0
        if b <= 0.0:
            return 1.0
        return min(1.0, -c / b)
    alpha = 1.0 - c / a
    beta = b / a
    if beta <= 0.0:
        return min(1.0, max(0.0, alpha))
    r1 = min(1.0, max(0.0, (alpha - 1.0) / beta))
    r2 = min(1.0, max(0.0, alpha / beta))
    return r1 + alpha * (r2 - r1) - 0.5 * beta * (r2 * r2 - r1 * r1)


@numba.njit(
    "void(boolean, int64[:, :], float64[:, :], int64[:], int64, int64, int64, int64, int64, int64,"
    " float64, float64, float64)",
    cache=True,
)  # an explicit signature: one compiled copy whatever literals the callers pass
def _emit(trace, ev, evf, nev, t, v, kind, a, b, c, crowd, resp, eta):
    """Record an event (trace mode). ``nev`` = [count, only this village (−1: any; −2: none),
    from minute, to minute]: the filter keeps a national example run's record small."""
    if not trace:
        return
    i = nev[0]
    if i >= ev.shape[0] or (nev[1] != -1 and nev[1] != v) or t < nev[2] or t > nev[3]:
        return
    ev[i, 0] = t
    ev[i, 1] = v
    ev[i, 2] = kind
    ev[i, 3] = a
    ev[i, 4] = b
    ev[i, 5] = c
    evf[i, 0] = crowd
    evf[i, 1] = resp
    evf[i, 2] = eta
    nev[0] = i + 1


@_inline
def _posted(v, slot, t_rel, nv, post_ptr, post_i, post_t, presence):
    """Weighted personnel posted at village ``v`` (phase slot ``slot``) and in place by ``t_rel``."""
    key = slot * nv + v
    w = 0.0
    for j in range(post_ptr[key], post_ptr[key + 1]):
        if post_t[j] <= t_rel:
            w += post_i[j, PI_N] * presence[post_i[j, PI_FORCE]]
    return w


@_jit
def _choose_type(kind, v, u, mix, vi, fp):
    w = np.empty(N_TRIGGERS)
    tot = 0.0
    for k in range(N_TRIGGERS):
        x = mix[kind, k]
        if k == TR_PARTIAL and vi[v, VI_INC] == 1:
            x *= fp[F_INC_MULT]
        if k == TR_CLOSE and vi[v, VI_CAND] == 2:
            x *= fp[F_H2H_MULT]
        if k == TR_REJECTED and vi[v, VI_REG] >= 0 and vi[v, VI_REG] <= vi[v, VI_CAND]:
            x = 0.0  # nobody was turned away
        w[k] = x
        tot += x
    if tot <= 0.0:
        return TR_RUMOUR
    acc = 0.0
    for k in range(N_TRIGGERS):
        acc += w[k] / tot
        if u < acc:
            return k
    for k in range(N_TRIGGERS - 1, -1, -1):
        if w[k] > 0.0:
            return k
    return TR_RUMOUR


@_jit
def _start_incident(
    v, t, slot, spill, standby, day_start, post_slot, u, vf, vi, ph, post_ptr, post_i, post_t, fp,
    mix, sev, presence, fs, ist, trace, ev, evf, nev
):
    """A trigger at village ``v``: a crowd begins to gather (or an existing crowd is inflamed)."""
    kind = ph[slot, PH_KIND]
    if spill:
        ty = TR_RUMOUR
        u_sev = u[v, slot, D_SSEV]
        u_pool = u[v, slot, D_SPOOL]
        u_exc = u[v, slot, D_SEXC]
    else:
        ty = _choose_type(kind, v, u[v, slot, D_TYPE], mix, vi, fp)
        u_sev = u[v, slot, D_SEV]
        u_pool = u[v, slot, D_POOL]
        u_exc = u[v, slot, D_EXC]
    shock = sev[ty] * (1.0 + fp[F_SEV_SPREAD] * (2.0 * u_sev - 1.0))
    if ist[v, IACT] == 1:  # a second trigger while the crowd is out: it inflames the same crowd
        fs[v, SL] = max(0.0, fs[v, SL] - shock)
        _emit(trace, ev, evf, nev, t, v, EV_INTENSIFY, ty, kind, 0, fs[v, SA], fs[v, SC], 0.0)
        return
    nv = vf.shape[0]
    s = fp[F_POOL_SPREAD]
    pool = vi[v, VI_VOTERS] * fp[F_POOL_FRAC] * math.exp(s * ndtri(u_pool) - 0.5 * s * s)
    tens = fs[v, STENSION]
    lpre = fp[F_L0] - fp[F_LV] * vf[v, VF_VUL] - fp[F_TENSION_L] * tens / (1.0 + tens)
    fs[v, SA] = 0.0
    fs[v, SN] = max(1.0, pool)
    fs[v, SGONE] = 0.0
    fs[v, SLPRE] = max(0.0, lpre)
    fs[v, SL] = max(0.0, lpre - shock)
    fs[v, SPEAK] = 0.0
    fs[v, SRW] = 0.0
    fs[v, SDW] = 0.0
    fs[v, SC] = 0.0
    spill_used = ist[v, ISPILLUSED]
    ist[v, :] = 0
    ist[v, IACT] = 1
    ist[v, IT0] = t
    ist[v, ISLOT] = slot
    ist[v, ITYPE] = ty
    ist[v, IFIRST] = -1
    ist[v, IHSTART] = -1
    for r in range(4):
        ist[v, IREQ + r] = -1
    ist[v, ILASTPHH] = -1
    ist[v, IEXC] = 1 if u_exc < fp[F_EXCESS_P] else 0
    ist[v, IMAXROLE] = -1
    ist[v, IDAYSTART] = day_start
    ist[v, IPOSTSLOT] = post_slot
    ist[v, ISTANDBY] = 1 if standby else 0
    ist[v, IPATROL] = -1
    ist[v, ISPILLUSED] = 1 if spill else spill_used
    posted = _posted(v, post_slot, t - day_start, nv, post_ptr, post_i, post_t, presence)
    # outside voting day the Polsek sends a patrol (on voting day its people are at the TPS)
    if not standby and fp[F_PATROL_N] > 0 and vf[v, VF_PATROL] < 1e18:
        ist[v, IPATROL] = t + int(math.ceil(fp[F_PATROL_DELAY] + vf[v, VF_PATROL]))
    _emit(
        trace, ev, evf, nev, t, v, EV_SPILL if spill else EV_TRIGGER, ty, kind, ist[v, IEXC], 0.0,
        posted, 0.0
    )
    if ist[v, IPATROL] >= 0:
        _emit(trace, ev, evf, nev, t, v, EV_PATROL, 0, 0, 0, 0.0, 0.0, float(ist[v, IPATROL] - t))


@_jit
def _dispatch(
    v, role, t, kind_now, fp, ri, rf, cand, cand_travel, el, el_tr, busy, nbusy, ea, fs, trace, ev,
    evf, nev
):
    """Send the free element of ``role`` (else of a substitute role) that reaches ``v`` first;
    −1 if none is free. An element on standby in this phase leaves once it is ready at its post
    (``ready`` as an absolute minute) or after its delay; out of its phases it is mobilised first."""
    k_max = cand.shape[2]
    for si in range(SUBS.shape[1]):
        sub = SUBS[role, si]
        if sub < 0:
            break
        best = -1
        best_eta = 0.0
        best_travel = 0.0
        for kk in range(k_max):
            e = cand[v, sub, kk]
            if e < 0:
                break
            if el[e, EL_V] >= 0 or el[e, EL_FREE] > t:
                continue
            travel = cand_travel[v, sub, kk]
            if (ri[e, RI_MASK] >> kind_now) & 1:
                if rf[e, RF_READY_AT] >= 0.0:
                    wait = max(0.0, rf[e, RF_READY_AT] - t)
                else:
                    wait = rf[e, RF_DELAY]
            else:
                wait = fp[F_OFFPHASE] + rf[e, RF_DELAY]
            eta = wait + travel
            if best < 0 or eta < best_eta:
                best = e
                best_eta = eta
                best_travel = travel
        if best >= 0:
            e = best
            el[e, EL_V] = v
            el[e, EL_DISP] = t
            el[e, EL_ARR] = t + int(math.ceil(best_eta))
            el[e, EL_ARRIVED] = 0
            el[e, EL_REQ] = role
            el_tr[e] = best_travel
            busy[nbusy[0]] = e
            nbusy[0] += 1
            ea[e, EA_DISPATCHES] += 1
            _emit(
                trace, ev, evf, nev, t, v, EV_DISPATCH, e, role, ri[e, RI_N], fs[v, SA], fs[v, SC],
                best_eta
            )
            return e
    return -1


@_jit
def _release(v, t, win_lo, win_hi, fp, el, el_tr, busy, nbusy, ea, trace, ev, evf, nev):
    """The incident at ``v`` is over: its elements stand down and drive back to their posts."""
    i = 0
    while i < nbusy[0]:
        e = busy[i]
        if el[e, EL_V] == v:
            if el[e, EL_ARRIVED] == 1:
                back = t + int(math.ceil(fp[F_STAND_DOWN] + el_tr[e]))
            else:
                back = t + (t - el[e, EL_DISP])  # turns round on the road
            lo = max(el[e, EL_DISP], win_lo)
            hi = min(back, win_hi)
            if hi > lo:
                ea[e, EA_BUSY] += hi - lo
            el[e, EL_FREE] = back
            el[e, EL_V] = -1
            el[e, EL_ARRIVED] = 0
            _emit(trace, ev, evf, nev, t, v, EV_RELEASED, e, 0, 0, 0.0, 0.0, float(back - t))
            nbusy[0] -= 1
            busy[i] = busy[nbusy[0]]
        else:
            i += 1


@_jit
def _end_incident(
    v, t, contained, r, ph, nb_ptr, nb_idx, nb_km, fp, tgain, fs, ist, el, el_tr, busy, nbusy, ea,
    out, acc_v, hist_v, hist_all, peak_edges, peak_hist, cnt, run_stats, bin_min, win_lo, win_hi,
    trace, ev, evf, nev
):
    """Record the incident's outcome, release its responders, leave tension behind."""
    t0 = ist[v, IT0]
    mx = ist[v, IMAX]
    ct = ist[v, IHSTART] - t0 if contained else -1
    fail = mx == 2 or (not contained) or ct > fp[F_TARGET]
    o = out[r, v]
    o[OUT_INC] += 1
    if mx > o[OUT_LEV]:
        o[OUT_LEV] = mx
    if fail:
        o[OUT_FAIL] = 1
    pk = int(round(fs[v, SPEAK]))
    if pk > o[OUT_PEAK]:
        o[OUT_PEAK] = pk
    if ist[v, ISTEP] > o[OUT_STEP]:
        o[OUT_STEP] = ist[v, ISTEP]
    if ist[v, ITNI] == 1:
        o[OUT_TNI] = 1
    acc_v[v, AV_INC] += 1
    if ist[v, IFIRST] >= 0:
        acc_v[v, AV_FIRST_SUM] += ist[v, IFIRST] - t0
        acc_v[v, AV_FIRST_N] += 1
    nb = hist_v.shape[1] - 1
    if contained:
        acc_v[v, AV_CONTAIN_SUM] += ct
        acc_v[v, AV_CONTAIN_SQ] += ct * ct
        acc_v[v, AV_CONTAIN_N] += 1
        hist_v[v, min(ct // bin_min, nb - 1)] += 1
        hist_all[min(ct, hist_all.shape[0] - 2)] += 1
        run_stats[r, RS_CONTAIN_SUM] += ct
        run_stats[r, RS_CONTAIN_N] += 1
    else:
        acc_v[v, AV_UNCONT] += 1
        hist_v[v, nb] += 1
        hist_all[hist_all.shape[0] - 1] += 1
        run_stats[r, RS_UNCONT] += 1
    j = 0
    while j + 1 < peak_edges.shape[0] and pk >= peak_edges[j + 1]:
        j += 1
    peak_hist[j] += 1
    cnt[CNT_PHASE + ph[ist[v, ISLOT], PH_KIND], mx] += 1
    cnt[CNT_TRIGGER + ist[v, ITYPE], mx] += 1
    cnt[CNT_STEP, ist[v, ISTEP]] += 1
    run_stats[r, RS_INCIDENTS] += 1
    _emit(
        trace, ev, evf, nev, t, v, EV_CONTAINED if contained else EV_UNCONTAINED, ct, mx,
        ist[v, ISTEP], fs[v, SPEAK], fs[v, SC], 0.0
    )
    _release(v, t, win_lo, win_hi, fp, el, el_tr, busy, nbusy, ea, trace, ev, evf, nev)
    # tension (ketegangan): the incident leaves its mark here and, fading with distance, nearby
    g = tgain[mx]
    fs[v, STENSION] += g
    for k in range(nb_ptr[v], nb_ptr[v + 1]):
        fs[nb_idx[k], STENSION] += g * math.exp(-nb_km[k] / fp[F_SPILL_SCALE])
    ist[v, IACT] = 0


@_jit
def _step(
    v, t, vf, ph, post_ptr, post_i, post_t, fp, presence, rolet, fs, ist, trace, ev, evf, nev,
    watch, series
):
    """One minute of one incident; returns 1 if contained, 2 if past the horizon, else 0."""
    nv = vf.shape[0]
    t0 = ist[v, IT0]
    el_min = t - t0
    # --- responders present ---
    slot = ist[v, IPOSTSLOT]
    if ist[v, ISTANDBY] == 1:  # voting day: the posting of the phase under way
        for s in range(ph.shape[0]):
            if _minute_phase(ph[s, PH_KIND]) and ph[s, PH_START] <= t:
                slot = s
        c = _posted(v, slot, t - ph[slot, PH_START], nv, post_ptr, post_i, post_t, presence)
    else:
        c = _posted(v, slot, t - ist[v, IDAYSTART], nv, post_ptr, post_i, post_t, presence)
    if ist[v, IPATROL] >= 0 and t >= ist[v, IPATROL]:
        if ist[v, IPATROL] == t:
            _emit(
                trace, ev, evf, nev, t, v, EV_ARRIVAL, -1, -1, int(fp[F_PATROL_N]), fs[v, SA], c,
                0.0
            )
        c += fp[F_PATROL_N] * presence[FORCE_POLRI]
    c += fs[v, SRW]
    fs[v, SC] = c
    if c > 0.0 and ist[v, IFIRST] < 0:
        ist[v, IFIRST] = t
        _emit(trace, ev, evf, nev, t, v, EV_FIRST, 0, 0, 0, fs[v, SA], c, 0.0)
    # --- crowd (massa): gathering, Epstein's rule with contagion, inertia ---
    a = fs[v, SA]
    n = fs[v, SN]
    gathered = n * (1.0 - math.exp(-(el_min + 1.0) / fp[F_GATHER])) - fs[v, SGONE]
    if gathered < 0.0:
        gathered = 0.0
    p_arrest = arrest_probability_nb(int(c), int(a) + 1, fp[F_K], int(fp[F_ROUND]))
    q = frac_active(1.0 - fs[v, SL], p_arrest, fp[F_T] - fp[F_GAMMA] * a / n)
    a += fp[F_INERTIA] * (q * gathered - a)
    # --- force: Dalmas lanjut / PHH disperse a disorderly crowd ---
    if ist[v, ILEV] >= 1 and fs[v, SDW] > 0.0:
        if ist[v, IENG] == 0:
            ist[v, IENG] = 1
            if ist[v, IEXC] == 1:  # disproportionate force inflames the crowd
                fs[v, SL] = max(0.0, fs[v, SL] - fp[F_EXCESS_L])
                _emit(trace, ev, evf, nev, t, v, EV_EXCESS, 0, 0, 0, a, c, 0.0)
        step = 2 + ist[v, IMAXROLE]
        if step > ist[v, ISTEP]:
            ist[v, ISTEP] = step
        f = fs[v, SDW] / (c + a)
        if f > 0.5:
            f = 0.5
        gone = a * f
        a -= gone
        fs[v, SGONE] += gone
        gathered -= gone
    # fatigue: people drift home
    tired = fp[F_FATIGUE] * gathered
    fs[v, SGONE] += tired
    gathered -= tired
    if gathered < 0.0:
        gathered = 0.0
    if a > gathered:
        a = gathered
    if a < 0.0:
        a = 0.0
    fs[v, SA] = a
    if a > fs[v, SPEAK]:
        fs[v, SPEAK] = a
    # --- appeals and negotiation restore legitimacy (not once the crowd is violent) ---
    if c > 0.0 and ist[v, ILEV] <= 1:
        dl = fp[F_APPEAL]
        if ist[v, INEG] > 0:
            dl += fp[F_NEGOTIATE]
        fs[v, SL] = min(fs[v, SLPRE], fs[v, SL] + dl)
    # --- colour of the situation ---
    lev = ist[v, ILEV]
    if lev == 2 and a >= fp[F_MERAH] or a >= fp[F_MERAH] and a >= fp[F_MERAH_RATIO] * max(c, 1.0):
        new = 2
    elif a >= fp[F_KUNING]:
        new = 1
    else:
        new = 0
    if new != lev:
        ist[v, ILEV] = new
        _emit(trace, ev, evf, nev, t, v, EV_LEVEL, new, lev, 0, a, c, 0.0)
        if new > ist[v, IMAX]:
            ist[v, IMAX] = new
        if new > ist[v, ICMD]:
            ist[v, ICMD] = new
            _emit(trace, ev, evf, nev, t, v, EV_COMMAND, new, 0, 0, a, c, 0.0)
    # --- requests up the ladder ---
    if c > 0.0 and a >= fp[F_CALL] and ist[v, ISTEP] < 1:
        ist[v, ISTEP] = 1  # appeals to a gathering crowd
    for role in range(4):
        if ist[v, IREQ + role] != -1:
            continue
        if (
            (role == R_AWAL and a >= fp[F_CALL])
            or (role == R_LANJUT and new >= 1)
            or (role >= R_PHH and new == 2)
        ):
            ist[v, IREQ + role] = t + int(rolet[role, RT_DELAY])
            _emit(trace, ev, evf, nev, t, v, EV_REQUEST, role, 0, 0, a, c, rolet[role, RT_DELAY])
    if (
        new == 2
        and ist[v, IREQ + R_PHH] == -2
        and ist[v, ILASTPHH] >= 0
        and t - ist[v, ILASTPHH] >= fp[F_REINFORCE]
        and ist[v, INPHH] < fp[F_MAX_PHH]
    ):
        ist[v, IREQ + R_PHH] = t + int(rolet[R_PHH, RT_DELAY])
        ist[v, ILASTPHH] = t  # do not ask again before this one could arrive
        _emit(trace, ev, evf, nev, t, v, EV_REQUEST, R_PHH, 1, 0, a, c, rolet[R_PHH, RT_DELAY])
    # --- trace series of the featured incident ---
    if trace and v == watch[0] and t0 == watch[1] and el_min < series.shape[0]:
        series[el_min, 0] = t
        series[el_min, 1] = a
        series[el_min, 2] = gathered
        series[el_min, 3] = c
        series[el_min, 4] = ist[v, ILEV]
        series[el_min, 5] = fs[v, SL]
    # --- contained? (never before a responder is there: IFIRST) ---
    potential = (n - fs[v, SGONE]) * q
    if ist[v, IFIRST] >= 0 and a <= fp[F_CONTAIN] and potential <= fp[F_CONTAIN] and new == 0:
        if ist[v, IHOLD] == 0:
            ist[v, IHSTART] = t
        ist[v, IHOLD] += 1
        if ist[v, IHOLD] >= fp[F_HOLD]:
            return 1
    else:
        ist[v, IHOLD] = 0
    if el_min >= fp[F_HORIZON]:
        return 2
    return 0


@_jit
def _arrivals(t, ri, rolet, el, busy, nbusy, fs, ist, trace, ev, evf, nev):
    """Elements reaching their incident this minute join the responders there."""
    for i in range(nbusy[0]):
        e = busy[i]
        v = el[e, EL_V]
        if v >= 0 and el[e, EL_ARRIVED] == 0 and el[e, EL_ARR] <= t:
            el[e, EL_ARRIVED] = 1
            role = ri[e, RI_ROLE]
            w = ri[e, RI_N] * rolet[role, RT_W]
            fs[v, SRW] += w
            fs[v, SDW] += rolet[role, RT_DISP] * w
            if role == R_AWAL:
                ist[v, INEG] += 1
            if role == R_TNI:
                ist[v, ITNI] = 1
            else:
                if role > ist[v, IMAXROLE]:
                    ist[v, IMAXROLE] = role
                if ist[v, ISTEP] < 2:
                    ist[v, ISTEP] = 2
            if el[e, EL_REQ] == R_PHH:
                ist[v, ILASTPHH] = t
            _emit(
                trace, ev, evf, nev, t, v, EV_ARRIVAL, e, role, ri[e, RI_N], fs[v, SA], fs[v, SC],
                float(t - el[e, EL_DISP])
            )


@_jit
def _slot_at(ph, t, fallback):
    """The voting-day phase slot under way at minute ``t``."""
    s_now = fallback
    for s in range(ph.shape[0]):
        if _minute_phase(ph[s, PH_KIND]) and ph[s, PH_START] <= t:
            s_now = s
    return s_now


@_jit
def _by_time(n, times):
    """Indices of ``times[:n]`` in time order, ties in the order given (a counting sort: the
    triggers of one day are filled village by village, so ties stay in village order)."""
    lo = times[0]
    hi = times[0]
    for i in range(n):
        lo = min(lo, times[i])
        hi = max(hi, times[i])
    counts = np.zeros(hi - lo + 2, np.int64)
    for i in range(n):
        counts[times[i] - lo + 1] += 1
    for k in range(1, counts.shape[0]):
        counts[k] += counts[k - 1]
    order = np.empty(n, np.int64)
    for i in range(n):
        k = times[i] - lo
        order[counts[k]] = i
        counts[k] += 1
    return order


@_jit
def _run_minutes(
    ntr, tr_t, tr_v, tr_s, vote, day_start, post_slot, r, u, mult, vf, vi, ph, post_ptr, post_i,
    post_t, ri, rf, cand, cand_travel, nb_ptr, nb_idx, nb_km, fp, mix, sev, presence, rolet, tgain,
    fs, ist, el, el_tr, busy, nbusy, act, out, run_stats, acc_v, hist_v, hist_all, peak_edges,
    peak_hist, cnt, ea, bin_min, win_lo, win_hi, trace, ev, evf, nev, watch, series
):
    """Every incident of one day (all villages together, sharing the reserves), minute by minute."""
    nv = vf.shape[0]
    order = _by_time(ntr, tr_t)
    spill_q = np.empty(nv, np.int64)
    nsq = 0
    nact = 0
    ip = 0
    t = tr_t[order[0]] if ntr > 0 else 0
    while True:
        if nact == 0 and nsq == 0:
            if ip >= ntr:
                break
            if tr_t[order[ip]] > t:
                t = tr_t[order[ip]]
        # new incidents (a trigger in a village with a crowd out inflames that crowd)
        while ip < ntr and tr_t[order[ip]] <= t:
            i = order[ip]
            v = tr_v[i]
            was = ist[v, IACT]
            _start_incident(
                v, t, tr_s[i], np.bool_(False), vote, day_start, post_slot, u, vf, vi, ph,
                post_ptr, post_i, post_t, fp, mix, sev, presence, fs, ist, trace, ev, evf, nev
            )
            if was == 0:
                act[nact] = v
                nact += 1
            ip += 1
        for j in range(nsq):
            v = spill_q[j]
            if ist[v, IACT] == 0:
                _start_incident(
                    v, t, _slot_at(ph, t, post_slot), np.bool_(True), vote, day_start, post_slot,
                    u, vf, vi, ph, post_ptr, post_i, post_t, fp, mix, sev, presence, fs, ist,
                    trace, ev, evf, nev
                )
                act[nact] = v
                nact += 1
        nsq = 0
        if nact > run_stats[r, RS_MAX_CONC]:
            run_stats[r, RS_MAX_CONC] = nact
        _arrivals(t, ri, rolet, el, busy, nbusy, fs, ist, trace, ev, evf, nev)
        # the minute for every incident, then the ops room sends what is asked for
        k = 0
        while k < nact:
            v = act[k]
            res = _step(
                v, t, vf, ph, post_ptr, post_i, post_t, fp, presence, rolet, fs, ist, trace, ev,
                evf, nev, watch, series
            )
            if res > 0:
                _end_incident(
                    v, t, np.bool_(res == 1), r, ph, nb_ptr, nb_idx, nb_km, fp, tgain, fs, ist, el,
                    el_tr, busy, nbusy, ea, out, acc_v, hist_v, hist_all, peak_edges, peak_hist,
                    cnt, run_stats, bin_min, win_lo, win_hi, trace, ev, evf, nev
                )
                nact -= 1
                act[k] = act[nact]
            else:
                k += 1
        for lvl in range(2, -1, -1):  # the most serious situations are served first
            for k in range(nact):
                v = act[k]
                if ist[v, ILEV] != lvl:
                    continue
                slot = _slot_at(ph, t, ist[v, ISLOT]) if vote else ist[v, ISLOT]
                kind_now = ph[slot, PH_KIND]
                for role in (R_PHH, R_TNI, R_LANJUT, R_AWAL):
                    due = ist[v, IREQ + role]
                    if due >= 0 and due <= t:
                        e = _dispatch(
                            v, np.int64(role), t, kind_now, fp, ri, rf, cand, cand_travel, el,
                            el_tr, busy, nbusy, ea, fs, trace, ev, evf, nev
                        )
                        if e >= 0:
                            ist[v, IREQ + role] = -2
                            if role == R_PHH:
                                ist[v, INPHH] += 1
                        else:
                            run_stats[r, RS_UNMET] += 1
                            if ist[v, ICALLED] & (1 << role) == 0:
                                ist[v, ICALLED] |= 1 << role
                                _emit(
                                    trace, ev, evf, nev, t, v, EV_NO_UNIT, role, 0, 0, fs[v, SA],
                                    fs[v, SC], 0.0
                                )
        # spill-over (penjalaran) to nearby villages on voting day
        if vote and fp[F_SPILL_RATE] > 0.0:
            s_now = _slot_at(ph, t, post_slot)
            for k in range(nact):
                v = act[k]
                lv = ist[v, ILEV]
                if lv < 1:
                    continue
                lw = 1.0 if lv == 1 else fp[F_SPILL_MERAH]
                for q in range(nb_ptr[v], nb_ptr[v + 1]):
                    j = nb_idx[q]
                    if ist[j, IACT] == 1 or ist[j, ISPILLUSED] == 1:
                        continue
                    fs[j, SSPILL] += (
                        fp[F_SPILL_RATE] * mult[j] * lw * math.exp(-nb_km[q] / fp[F_SPILL_SCALE])
                    )
                    if fs[j, SSPILL] >= -math.log(1.0 - u[j, s_now, D_ESPILL]):
                        ist[j, ISPILLUSED] = 1
                        spill_q[nsq] = j
                        nsq += 1
        t += 1


@_jit
def _decay(fs, days, half):
    if days <= 0:
        return
    f = 0.5 ** (days / half)
    for v in range(fs.shape[0]):
        fs[v, STENSION] *= f


@_jit
def run_chunk(
    U, vf, vi, ph, post_ptr, post_i, post_t, ri, rf, cand, cand_travel, nb_ptr, nb_idx, nb_km, fp,
    rate, mix, sev, presence, rolet, tgain, out, run_stats, acc_v, hist_v, hist_all, peak_edges,
    peak_hist, cnt, ea, bin_min, trace, ev, evf, nev, watch, series
):
    """Simulate ``U.shape[0]`` runs (the election once per run); ``out[r]`` and ``run_stats[r]``
    describe run ``r`` of the chunk; the other arrays accumulate over the chunk."""
    nv = vf.shape[0]
    ne = ri.shape[0]
    ns = ph.shape[0]
    fs = np.zeros((nv, N_FS))
    ist = np.zeros((nv, N_IS), np.int64)
    el = np.zeros((max(ne, 1), N_EL), np.int64)
    el_tr = np.zeros(max(ne, 1))
    busy = np.zeros(max(ne, 1), np.int64)
    nbusy = np.zeros(1, np.int64)
    act = np.zeros(nv, np.int64)
    tr_t = np.zeros(2 * nv + 1, np.int64)
    tr_v = np.zeros(2 * nv + 1, np.int64)
    tr_s = np.zeros(2 * nv + 1, np.int64)
    cum = np.zeros(nv)
    done = np.zeros(nv, np.bool_)
    # hazard multiplier exp(β·(v − v_ref)): rises with the vulnerability score
    mult = np.empty(nv)
    for v in range(nv):
        mult[v] = math.exp(fp[F_SLOPE] * (vf[v, VF_VUL] - fp[F_VREF]))
    win_lo = np.int64(1 << 62)
    win_hi = np.int64(-(1 << 62))
    for s in range(ns):
        if _minute_phase(ph[s, PH_KIND]):
            win_lo = min(win_lo, ph[s, PH_START])
            win_hi = max(win_hi, ph[s, PH_END])
    never = np.int64(-(1 << 62))
    for r in range(U.shape[0]):
        u = U[r]
        fs[:, :] = 0.0
        ist[:, :] = 0
        el[:, :] = 0
        for e in range(ne):
            el[e, EL_V] = -1
            el[e, EL_FREE] = never
        nbusy[0] = 0
        for v in range(nv):
            out[r, v, OUT_LEV] = -1
            out[r, v, OUT_STEP] = -1
        day_now = ph[0, PH_START] // 1440 if ns > 0 else 0
        s = 0
        while s < ns:
            kind = ph[s, PH_KIND]
            if _minute_phase(kind):
                s2 = s
                while s2 + 1 < ns and _minute_phase(ph[s2 + 1, PH_KIND]):
                    s2 += 1
                d = ph[s, PH_START] // 1440
                _decay(fs, d - day_now, fp[F_TENSION_HALF])
                day_now = d
                ntr = 0
                for v in range(nv):
                    fs[v, SSPILL] = 0.0
                    ist[v, ISPILLUSED] = 0
                for sl in range(s, s2 + 1):
                    dur = ph[sl, PH_END] - ph[sl, PH_START]
                    for v in range(nv):
                        h = rate[ph[sl, PH_KIND]] * fp[F_SCALE] * mult[v] * (1.0 + fs[v, STENSION])
                        if h >= -math.log(1.0 - u[v, sl, D_E]):
                            x = u[v, sl, D_TIME]
                            if ph[sl, PH_KIND] == PK_PENGHITUNGAN:
                                x = x ** (1.0 / fp[F_COUNT_POW])  # disputes peak as the tally ends
                            tr_t[ntr] = ph[sl, PH_START] + min(int(x * dur), dur - 1)
                            tr_v[ntr] = v
                            tr_s[ntr] = sl
                            ntr += 1
                if ntr > 0:
                    _run_minutes(
                        np.int64(ntr), tr_t, tr_v, tr_s, np.bool_(True), np.int64(ph[s, PH_START]),
                        np.int64(s), np.int64(r), u, mult, vf, vi, ph, post_ptr, post_i, post_t,
                        ri, rf, cand, cand_travel, nb_ptr, nb_idx, nb_km, fp, mix, sev, presence,
                        rolet, tgain, fs, ist, el, el_tr, busy, nbusy, act, out, run_stats, acc_v,
                        hist_v, hist_all, peak_edges, peak_hist, cnt, ea, bin_min, win_lo, win_hi,
                        trace, ev, evf, nev, watch, series
                    )
                s = s2 + 1
                continue
            start = ph[s, PH_START]
            end = ph[s, PH_END]
            days = max(1, (end - start + 1439) // 1440)
            for v in range(nv):
                cum[v] = 0.0
                done[v] = False
            for d in range(days):
                day_abs = (start // 1440) + d
                _decay(fs, day_abs - day_now, fp[F_TENSION_HALF])
                day_now = day_abs
                if kind == PK_PENETAPAN and days > 1:  # the announcement day carries its share
                    share = fp[F_ANNOUNCE] if d == 0 else (1.0 - fp[F_ANNOUNCE]) / (days - 1)
                else:
                    share = 1.0 / days
                day_start = start + d * 1440
                window = min(int(fp[F_DAY_WINDOW]), end - day_start)
                if window < 1:
                    window = 1
                ntr = 0
                base = rate[kind] * fp[F_SCALE] * share
                for v in range(nv):
                    if done[v]:
                        continue
                    cum[v] += base * mult[v] * (1.0 + fs[v, STENSION])
                    if cum[v] >= -math.log(1.0 - u[v, s, D_E]):
                        done[v] = True
                        tr_t[ntr] = day_start + min(int(u[v, s, D_TIME] * window), window - 1)
                        tr_v[ntr] = v
                        tr_s[ntr] = s
                        ntr += 1
                if ntr > 0:
                    _run_minutes(
                        np.int64(ntr), tr_t, tr_v, tr_s, np.bool_(False), np.int64(day_start),
                        np.int64(s), np.int64(r), u, mult, vf, vi, ph, post_ptr, post_i, post_t,
                        ri, rf, cand, cand_travel, nb_ptr, nb_idx, nb_km, fp, mix, sev, presence,
                        rolet, tgain, fs, ist, el, el_tr, busy, nbusy, act, out, run_stats, acc_v,
                        hist_v, hist_all, peak_edges, peak_hist, cnt, ea, bin_min, win_lo, win_hi,
                        trace, ev, evf, nev, watch, series
                    )
            s += 1
        # per-run summaries
        worst = -1
        for v in range(nv):
            lv = out[r, v, OUT_LEV]
            if lv >= 0:
                run_stats[r, RS_INC_V] += 1
            if lv >= 1:
                run_stats[r, RS_KUNING_V] += 1
            if lv >= 2:
                run_stats[r, RS_MERAH_V] += 1
            if out[r, v, OUT_FAIL] == 1:
                run_stats[r, RS_FAIL_V] += 1
            if lv > worst:
                worst = lv
        run_stats[r, RS_WORST] = worst
        for e in range(ne):
            if el[e, EL_FREE] != never:
                ea[e, EA_RUNS] += 1
