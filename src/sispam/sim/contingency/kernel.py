"""Mesin kontinjensi (the compiled engine): one election per run, Numba over grouped arrays.

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

Arguments travel in named groups (``groups.World``, ``Model``, ``State``, ``Sums``, ``Record``).
The column layouts below are this module's own; everything that depends on the domain's enums
(which phase runs on the minute clock, which role answers which level, who substitutes for whom)
arrives as data in ``World.ph`` and ``Model`` (built by ``inputs`` and ``pack`` from
``tables``), never as a constant compiled in: Numba's disk cache would not notice an enum change.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from sispam.sim.contingency.groups import Model, Record, State, World
from sispam.sim.contingency.tables import MINUTES_PER_DAY
from sispam.sim.epstein import arrest_probability_nb

# Nothing here allocates (the caller makes the work arrays: ``new_state``), so everything is
# compiled without Numba's reference counting: with it, every call pays an atomic incref and
# decref on each array of each group passed (measured: the incident loop 5× slower).
_jit = numba.njit(cache=True, _nrt=False)
# Small helpers called from many places are inlined: Numba would otherwise compile one copy per
# combination of literal arguments (minutes of compile time). Calls to the larger functions pass
# np.int64/np.bool_ values for the same reason.
_inline = numba.njit(cache=True, _nrt=False, inline="always")

DAY = MINUTES_PER_DAY
NEVER = -(1 << 62)  # an element that was never sent out; "no limit" for minute windows
FOREVER = 1 << 62

# fmt: off
# --- scalar parameters: fp[F_*] (filled by pack.pack) -------------------------------------------
(
    F_SCALE, F_SLOPE, F_VREF, F_ANNOUNCE, F_COUNT_POW, F_DAY_WINDOW, F_SEV_SPREAD, F_INC_MULT,
    F_H2H_MULT, F_POOL_FRAC, F_POOL_SPREAD, F_GATHER, F_INERTIA, F_L0, F_LV, F_T, F_K, F_ROUND,
    F_GAMMA, F_FATIGUE, F_KUNING, F_MERAH, F_MERAH_RATIO, F_CONTAIN, F_HOLD, F_HORIZON, F_TARGET,
    F_CALL, F_REINFORCE, F_MAX_PHH, F_APPEAL, F_NEGOTIATE, F_EXCESS_P, F_EXCESS_L, F_OFFPHASE,
    F_PATROL_N, F_PATROL_DELAY, F_STAND_DOWN, F_SPILL_SCALE, F_SPILL_RATE, F_SPILL_MERAH,
    F_TENSION_HALF, F_TENSION_L, F_PATROL_W,
) = range(44)
N_F = 44
# --- per role: Model.rolet float columns, Model.rolei int columns ------------------------------
RT_W, RT_DELAY, RT_DISP, RT_DECIDE, RT_ARRIVE = range(5)  # weight, report+decision, dispersal,
N_RT = 5  # decision alone (a reinforcement), extra minutes on the element's arrival
RL_LEVEL, RL_STEP, RL_NEGOTIATES, RL_PERBANTUAN, RL_REINFORCED = range(5)
N_RL = 5
# --- trigger types with a rule of their own: Model.trig[TG_*] = index into the trigger tables ---
TG_CLOSE, TG_REJECTED, TG_RUMOUR, TG_PARTIAL = range(4)
N_TG = 4
N_LEVELS = 3
L_HIJAU, L_KUNING, L_MERAH = range(N_LEVELS)  # the escalation rules (kuning_crowd, merah_crowd)

# --- draws per (village, phase slot): positions in U ---------------------------------------
D_E, D_TIME, D_TYPE, D_SEV, D_POOL, D_EXC, D_ESPILL, D_SSEV, D_SPOOL, D_SEXC = range(10)
N_DRAWS = 10

# --- per-village float state ------------------------------------------------------------------
SA, SN, SGONE, SL, SLPRE, SPEAK, SRW, SDW, STENSION, SSPILL, SC = range(11)
N_FS = 11
# --- per-village int state; the last columns, from IREQ on, hold one request per role ---------
(
    IACT, IT0, ISLOT, ITYPE, ILEV, IMAX, ISTEP, IFIRST, IHOLD, IHSTART, INREIN, ILASTREIN, IEXC,
    IENG, IPATROL, INEG, ITNI, ISPILLUSED, ICMD, IMAXSTEP, IDAYSTART, IPOSTSLOT, ISTANDBY, ICALLED,
) = range(24)
IREQ = 24
# request slots: −1 not asked, ≥ 0 minute the order is due, −2 an element was sent
REQ_NONE, REQ_SENT = -1, -2
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

# --- World columns ------------------------------------------------------------------------------
VF_VUL, VF_PATROL = 0, 1  # vf[V, 2] float: vulnerability 0–1, patrol travel minutes (inf: none)
VI_VOTERS, VI_CAND, VI_REG, VI_INC = 0, 1, 2, 3  # vi[V, 4] int: voters, cands, registrants, incumbent
PH_KIND, PH_START, PH_END, PH_MINUTE, PH_ANNOUNCE, PH_PEAKED = range(6)  # ph[S, 6] int
N_PH = 6
PI_FORCE, PI_N = 0, 1  # post_i[M, 2] int: force, personnel
RI_ROLE, RI_N, RI_MASK = 0, 1, 2  # ri[E, 3] int: role, personnel, phases on standby (bit per kind)
RF_DELAY, RF_READY_AT = 0, 1  # rf[E, 2] float: delay after order; minute ready at post (−1: none)
# --- per run and village outcomes: out[R, V, 6] ---------------------------------------------
OUT_LEV, OUT_FAIL, OUT_INC, OUT_PEAK, OUT_STEP, OUT_TNI = range(6)
N_OUT = 6
N_STEPS = 5  # highest response step used: presence, appeals, Dalmas awal, lanjut, PHH
# the first steps of domain.simulation.RESPONSE_STEPS; a reserve element's own step is Model.rolei
S_PRESENCE, S_APPEALS, S_RESERVE = 0, 1, 2


def cnt_rows(n_phases: int, n_triggers: int) -> tuple[int, int, int, int]:
    """Rows of ``Sums.cnt``: (first phase-kind row, first trigger row, step row, total)."""
    return 0, n_phases, n_phases + n_triggers, n_phases + n_triggers + 1


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
# fmt: on


def blank_record(cap: int = 1, minutes: int = 1, on: bool = False) -> Record:
    """A trace record: ``cap`` events and ``minutes`` of series when ``on``, else switched off."""
    return Record(
        np.bool_(on),
        np.zeros((cap if on else 1, N_EVC), np.int64),
        np.zeros((cap if on else 1, N_EVF)),
        np.array([0, -1, NEVER, FOREVER], np.int64),
        np.array([-1, -1], np.int64),
        np.full((minutes if on else 1, N_SER), np.nan),
    )


_REC_T = numba.typeof(blank_record())


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
    numba.void(
        _REC_T,
        numba.int64,
        numba.int64,
        numba.int64,
        numba.int64,
        numba.int64,
        numba.int64,
        numba.float64,
        numba.float64,
        numba.float64,
    ),
    cache=True,
    _nrt=False,
)  # fmt: skip  (an explicit signature: one compiled copy whatever literals the callers pass)
def _emit(rec, t, v, kind, a, b, c, crowd, resp, eta):
    """Record an event (trace mode). ``rec.nev`` = [count, only this village (−1: any; −2:
    none), from minute, to minute]: the filter keeps a national example run's record small."""
    if not rec.on:
        return
    ev, evf, nev = rec.ev, rec.evf, rec.nev
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
def _posted(w, presence, v, slot, t_rel):
    """Weighted personnel posted at village ``v`` (phase slot ``slot``) and in place by ``t_rel``."""
    key = slot * w.vf.shape[0] + v
    post_i, post_t = w.post_i, w.post_t
    s = 0.0
    for j in range(w.post_ptr[key], w.post_ptr[key + 1]):
        if post_t[j] <= t_rel:
            s += post_i[j, PI_N] * presence[post_i[j, PI_FORCE]]
    return s


@_jit
def _choose_type(kind, v, u, w, m, st):
    """The trigger's type from the phase's mix, adjusted by the village's indicators."""
    fp, vi, tg = m.fp, w.vi, m.trig
    n = m.mix.shape[1]
    wt = st.work
    tot = 0.0
    for k in range(n):
        x = m.mix[kind, k]
        if k == tg[TG_PARTIAL] and vi[v, VI_INC] == 1:
            x *= fp[F_INC_MULT]
        if k == tg[TG_CLOSE] and vi[v, VI_CAND] == 2:
            x *= fp[F_H2H_MULT]
        if k == tg[TG_REJECTED] and vi[v, VI_REG] >= 0 and vi[v, VI_REG] <= vi[v, VI_CAND]:
            x = 0.0  # nobody was turned away
        wt[k] = x
        tot += x
    if tot <= 0.0:
        return tg[TG_RUMOUR]
    acc = 0.0
    for k in range(n):
        acc += wt[k] / tot
        if u < acc:
            return k
    for k in range(n - 1, -1, -1):
        if wt[k] > 0.0:
            return k
    return tg[TG_RUMOUR]


@_jit
def _start_incident(v, t, slot, spill, standby, day_start, post_slot, u, w, m, st, rec):
    """A trigger at village ``v``: a crowd begins to gather (or an existing crowd is inflamed)."""
    fp, fs, ist = m.fp, st.fs, st.ist
    kind = w.ph[slot, PH_KIND]
    if spill:
        ty = m.trig[TG_RUMOUR]
        u_sev = u[v, slot, D_SSEV]
        u_pool = u[v, slot, D_SPOOL]
        u_exc = u[v, slot, D_SEXC]
    else:
        ty = _choose_type(kind, v, u[v, slot, D_TYPE], w, m, st)
        u_sev = u[v, slot, D_SEV]
        u_pool = u[v, slot, D_POOL]
        u_exc = u[v, slot, D_EXC]
    shock = m.sev[ty] * (1.0 + fp[F_SEV_SPREAD] * (2.0 * u_sev - 1.0))
    if ist[v, IACT] == 1:  # a second trigger while the crowd is out: it inflames the same crowd
        fs[v, SL] = max(0.0, fs[v, SL] - shock)
        _emit(rec, t, v, EV_INTENSIFY, ty, kind, 0, fs[v, SA], fs[v, SC], 0.0)
        return
    s = fp[F_POOL_SPREAD]
    pool = w.vi[v, VI_VOTERS] * fp[F_POOL_FRAC] * math.exp(s * ndtri(u_pool) - 0.5 * s * s)
    tens = fs[v, STENSION]
    lpre = fp[F_L0] - fp[F_LV] * w.vf[v, VF_VUL] - fp[F_TENSION_L] * tens / (1.0 + tens)
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
    for r in range(m.rolet.shape[0]):
        ist[v, IREQ + r] = REQ_NONE
    ist[v, ILASTREIN] = -1
    ist[v, IEXC] = 1 if u_exc < fp[F_EXCESS_P] else 0
    ist[v, IMAXSTEP] = 1  # no force element yet: a TNI line alone counts as appeals
    ist[v, IDAYSTART] = day_start
    ist[v, IPOSTSLOT] = post_slot
    ist[v, ISTANDBY] = 1 if standby else 0
    ist[v, IPATROL] = -1
    ist[v, ISPILLUSED] = 1 if spill else spill_used
    posted = _posted(w, m.presence, v, post_slot, t - day_start)
    # outside voting day the Polsek sends a patrol (on voting day its people are at the TPS)
    if not standby and fp[F_PATROL_N] > 0 and w.vf[v, VF_PATROL] < 1e18:
        ist[v, IPATROL] = t + int(math.ceil(fp[F_PATROL_DELAY] + w.vf[v, VF_PATROL]))
    _emit(rec, t, v, EV_SPILL if spill else EV_TRIGGER, ty, kind, ist[v, IEXC], 0.0, posted, 0.0)
    if ist[v, IPATROL] >= 0:
        _emit(rec, t, v, EV_PATROL, 0, 0, 0, 0.0, 0.0, float(ist[v, IPATROL] - t))


@_jit
def _dispatch(v, role, t, kind_now, w, m, st, sums, rec):
    """Send the free element of ``role`` (else of a substitute role) that reaches ``v`` first;
    −1 if none is free. An element on standby in this phase leaves once it is ready at its post
    (``ready`` as an absolute minute) or after its delay; out of its phases it is mobilised first."""
    fp, ri, rf, el = m.fp, w.ri, w.rf, st.el
    cand, cand_travel = w.cand, w.cand_travel
    k_max = cand.shape[2]
    for si in range(m.subs.shape[1]):
        sub = m.subs[role, si]
        if sub < 0:
            break
        late = m.rolet[sub, RT_ARRIVE]
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
            eta = max(0.0, wait + travel + late)
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
            st.el_tr[e] = best_travel
            st.busy[st.nbusy[0]] = e
            st.nbusy[0] += 1
            sums.ea[e, EA_DISPATCHES] += 1
            _emit(
                rec, t, v, EV_DISPATCH, e, role, ri[e, RI_N], st.fs[v, SA], st.fs[v, SC], best_eta
            )
            return e
    return -1


@_jit
def _release(v, t, fp, st, ea, rec):
    """The incident at ``v`` is over: its elements stand down and drive back to their posts."""
    el, busy, nbusy = st.el, st.busy, st.nbusy
    win_lo, win_hi = st.win[0], st.win[1]
    i = 0
    while i < nbusy[0]:
        e = busy[i]
        if el[e, EL_V] == v:
            if el[e, EL_ARRIVED] == 1:
                back = t + int(math.ceil(fp[F_STAND_DOWN] + st.el_tr[e]))
            else:
                back = t + (t - el[e, EL_DISP])  # turns round on the road
            lo = max(el[e, EL_DISP], win_lo)
            hi = min(back, win_hi)
            if hi > lo:
                ea[e, EA_BUSY] += hi - lo
            el[e, EL_FREE] = back
            el[e, EL_V] = -1
            el[e, EL_ARRIVED] = 0
            _emit(rec, t, v, EV_RELEASED, e, 0, 0, 0.0, 0.0, float(back - t))
            nbusy[0] -= 1
            busy[i] = busy[nbusy[0]]
        else:
            i += 1


@_jit
def _end_incident(v, t, contained, r, w, m, st, sums, rec):
    """Record the incident's outcome, release its responders, leave tension behind."""
    fp, fs, ist = m.fp, st.fs, st.ist
    t0 = ist[v, IT0]
    mx = ist[v, IMAX]
    ct = ist[v, IHSTART] - t0 if contained else -1
    fail = mx == L_MERAH or (not contained) or ct > fp[F_TARGET]
    o = sums.out[r, v]
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
    acc_v, hist_v, hist_all, run_stats = sums.acc_v, sums.hist_v, sums.hist_all, sums.run_stats
    acc_v[v, AV_INC] += 1
    if ist[v, IFIRST] >= 0:
        acc_v[v, AV_FIRST_SUM] += ist[v, IFIRST] - t0
        acc_v[v, AV_FIRST_N] += 1
    nb = hist_v.shape[1] - 1
    if contained:
        acc_v[v, AV_CONTAIN_SUM] += ct
        acc_v[v, AV_CONTAIN_SQ] += ct * ct
        acc_v[v, AV_CONTAIN_N] += 1
        hist_v[v, min(ct // sums.bin_min, nb - 1)] += 1
        hist_all[min(ct, hist_all.shape[0] - 2)] += 1
        run_stats[r, RS_CONTAIN_SUM] += ct
        run_stats[r, RS_CONTAIN_N] += 1
    else:
        acc_v[v, AV_UNCONT] += 1
        hist_v[v, nb] += 1
        hist_all[hist_all.shape[0] - 1] += 1
        run_stats[r, RS_UNCONT] += 1
    peak_edges = sums.peak_edges
    j = 0
    while j + 1 < peak_edges.shape[0] and pk >= peak_edges[j + 1]:
        j += 1
    sums.peak_hist[j] += 1
    n_kinds = m.rate.shape[0]
    sums.cnt[w.ph[ist[v, ISLOT], PH_KIND], mx] += 1
    sums.cnt[n_kinds + ist[v, ITYPE], mx] += 1
    sums.cnt[n_kinds + m.sev.shape[0], ist[v, ISTEP]] += 1
    run_stats[r, RS_INCIDENTS] += 1
    _emit(
        rec,
        t,
        v,
        EV_CONTAINED if contained else EV_UNCONTAINED,
        ct,
        mx,
        ist[v, ISTEP],
        fs[v, SPEAK],
        fs[v, SC],
        0.0,
    )
    _release(v, t, fp, st, sums.ea, rec)
    # tension (ketegangan): the incident leaves its mark here and, fading with distance, nearby
    g = m.tgain[mx]
    fs[v, STENSION] += g
    for k in range(w.nb_ptr[v], w.nb_ptr[v + 1]):
        fs[w.nb_idx[k], STENSION] += g * math.exp(-w.nb_km[k] / fp[F_SPILL_SCALE])
    ist[v, IACT] = 0


@_jit
def _step(v, t, w, m, st, rec):
    """One minute of one incident; returns 1 if contained, 2 if past the horizon, else 0."""
    fp, fs, ist, ph, rolet, rolei = m.fp, st.fs, st.ist, w.ph, m.rolet, m.rolei
    t0 = ist[v, IT0]
    el_min = t - t0
    # --- responders present ---
    slot = ist[v, IPOSTSLOT]
    if ist[v, ISTANDBY] == 1:  # voting day: the posting of the phase under way
        for s in range(ph.shape[0]):
            if ph[s, PH_MINUTE] == 1 and ph[s, PH_START] <= t:
                slot = s
        c = _posted(w, m.presence, v, slot, t - ph[slot, PH_START])
    else:
        c = _posted(w, m.presence, v, slot, t - ist[v, IDAYSTART])
    if ist[v, IPATROL] >= 0 and t >= ist[v, IPATROL]:
        if ist[v, IPATROL] == t:
            _emit(rec, t, v, EV_ARRIVAL, -1, -1, int(fp[F_PATROL_N]), fs[v, SA], c, 0.0)
        c += fp[F_PATROL_N] * fp[F_PATROL_W]
    c += fs[v, SRW]
    fs[v, SC] = c
    if c > 0.0 and ist[v, IFIRST] < 0:
        ist[v, IFIRST] = t
        _emit(rec, t, v, EV_FIRST, 0, 0, 0, fs[v, SA], c, 0.0)
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
    if ist[v, ILEV] >= L_KUNING and fs[v, SDW] > 0.0:
        if ist[v, IENG] == 0:
            ist[v, IENG] = 1
            if ist[v, IEXC] == 1:  # disproportionate force inflames the crowd
                fs[v, SL] = max(0.0, fs[v, SL] - fp[F_EXCESS_L])
                _emit(rec, t, v, EV_EXCESS, 0, 0, 0, a, c, 0.0)
        step = ist[v, IMAXSTEP]
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
    if c > 0.0 and ist[v, ILEV] <= L_KUNING:
        dl = fp[F_APPEAL]
        if ist[v, INEG] > 0:
            dl += fp[F_NEGOTIATE]
        fs[v, SL] = min(fs[v, SLPRE], fs[v, SL] + dl)
    # --- colour of the situation ---
    lev = ist[v, ILEV]
    if (
        lev == L_MERAH
        and a >= fp[F_MERAH]
        or a >= fp[F_MERAH]
        and a >= fp[F_MERAH_RATIO] * max(c, 1.0)
    ):
        new = L_MERAH
    elif a >= fp[F_KUNING]:
        new = L_KUNING
    else:
        new = L_HIJAU
    if new != lev:
        ist[v, ILEV] = new
        _emit(rec, t, v, EV_LEVEL, new, lev, 0, a, c, 0.0)
        if new > ist[v, IMAX]:
            ist[v, IMAX] = new
        if new > ist[v, ICMD]:
            ist[v, ICMD] = new
            _emit(rec, t, v, EV_COMMAND, new, 0, 0, a, c, 0.0)
    # --- requests up the ladder: each role at its doctrinal level ---
    if c > 0.0 and a >= fp[F_CALL] and ist[v, ISTEP] < S_APPEALS:
        ist[v, ISTEP] = S_APPEALS  # appeals to a gathering crowd
    for role in range(rolet.shape[0]):
        if ist[v, IREQ + role] != REQ_NONE:
            continue
        need = rolei[role, RL_LEVEL]
        # the first line is called to a gathering crowd; the others when their level is reached
        if (need == L_HIJAU and a >= fp[F_CALL]) or (need > L_HIJAU and new >= need):
            ist[v, IREQ + role] = t + int(rolet[role, RT_DELAY])
            _emit(rec, t, v, EV_REQUEST, role, 0, 0, a, c, rolet[role, RT_DELAY])
    # --- while merah, the merah responder is reinforced (another PHH element) ---
    if new == L_MERAH and ist[v, ILASTREIN] >= 0 and t - ist[v, ILASTREIN] >= fp[F_REINFORCE]:
        for role in range(rolet.shape[0]):
            if (
                rolei[role, RL_REINFORCED] == 1
                and ist[v, IREQ + role] == REQ_SENT
                and ist[v, INREIN] < fp[F_MAX_PHH]
            ):
                ist[v, IREQ + role] = t + int(rolet[role, RT_DECIDE])
                ist[v, ILASTREIN] = t  # do not ask again before this one could arrive
                _emit(rec, t, v, EV_REQUEST, role, 1, 0, a, c, rolet[role, RT_DECIDE])
    # --- trace series of the featured incident ---
    series = rec.series
    if rec.on and v == rec.watch[0] and t0 == rec.watch[1] and el_min < series.shape[0]:
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
def _arrivals(t, w, m, st, rec):
    """Elements reaching their incident this minute join the responders there."""
    el, fs, ist, ri, rolet, rolei = st.el, st.fs, st.ist, w.ri, m.rolet, m.rolei
    for i in range(st.nbusy[0]):
        e = st.busy[i]
        v = el[e, EL_V]
        if v >= 0 and el[e, EL_ARRIVED] == 0 and el[e, EL_ARR] <= t:
            el[e, EL_ARRIVED] = 1
            role = ri[e, RI_ROLE]
            wt = ri[e, RI_N] * rolet[role, RT_W]
            fs[v, SRW] += wt
            fs[v, SDW] += rolet[role, RT_DISP] * wt
            if rolei[role, RL_NEGOTIATES] == 1:
                ist[v, INEG] += 1
            if rolei[role, RL_PERBANTUAN] == 1:
                ist[v, ITNI] = 1
            else:
                if rolei[role, RL_STEP] > ist[v, IMAXSTEP]:
                    ist[v, IMAXSTEP] = rolei[role, RL_STEP]
                if ist[v, ISTEP] < S_RESERVE:
                    ist[v, ISTEP] = S_RESERVE
            if rolei[el[e, EL_REQ], RL_REINFORCED] == 1:
                ist[v, ILASTREIN] = t
            _emit(
                rec,
                t,
                v,
                EV_ARRIVAL,
                e,
                role,
                ri[e, RI_N],
                fs[v, SA],
                fs[v, SC],
                float(t - el[e, EL_DISP]),
            )


@_jit
def _slot_at(ph, t, fallback):
    """The voting-day phase slot under way at minute ``t``."""
    s_now = fallback
    for s in range(ph.shape[0]):
        if ph[s, PH_MINUTE] == 1 and ph[s, PH_START] <= t:
            s_now = s
    return s_now


@_jit
def _by_time(n, times, counts, order):
    """Fill ``order[:n]`` with the indices of ``times[:n]`` in time order, ties in the order
    given (a counting sort: the triggers of one day are filled village by village, so ties stay
    in village order). ``counts`` must hold the span of the times + 2."""
    lo = times[0]
    hi = times[0]
    for i in range(n):
        lo = min(lo, times[i])
        hi = max(hi, times[i])
    span = hi - lo + 2
    counts[:span] = 0
    for i in range(n):
        counts[times[i] - lo + 1] += 1
    for k in range(1, span):
        counts[k] += counts[k - 1]
    for i in range(n):
        k = times[i] - lo
        order[counts[k]] = i
        counts[k] += 1


@_inline
def _serve_requests(t, vote, nact, r, w, m, st, sums, rec):
    """The operations room sends what is asked for, the most serious situations first."""
    ist, ph = st.ist, w.ph
    for lvl in range(N_LEVELS - 1, -1, -1):
        for k in range(nact):
            v = st.act[k]
            if ist[v, ILEV] != lvl:
                continue
            slot = _slot_at(ph, t, ist[v, ISLOT]) if vote else ist[v, ISLOT]
            kind_now = ph[slot, PH_KIND]
            for j in range(m.order.shape[0]):
                role = m.order[j]
                due = ist[v, IREQ + role]
                if due >= 0 and due <= t:
                    e = _dispatch(v, role, t, kind_now, w, m, st, sums, rec)
                    if e >= 0:
                        ist[v, IREQ + role] = REQ_SENT
                        if m.rolei[role, RL_REINFORCED] == 1:
                            ist[v, INREIN] += 1
                    else:
                        sums.run_stats[r, RS_UNMET] += 1
                        if ist[v, ICALLED] & (1 << role) == 0:
                            ist[v, ICALLED] |= 1 << role
                            _emit(
                                rec, t, v, EV_NO_UNIT, role, 0, 0, st.fs[v, SA], st.fs[v, SC], 0.0
                            )


@_inline
def _spill(t, nact, nsq, post_slot, u, w, m, st):
    """Spill-over (penjalaran) to nearby villages on voting day; returns the new queue length."""
    fp, fs, ist = m.fp, st.fs, st.ist
    s_now = _slot_at(w.ph, t, post_slot)
    for k in range(nact):
        v = st.act[k]
        lv = ist[v, ILEV]
        if lv < L_KUNING:
            continue
        lw = 1.0 if lv == L_KUNING else fp[F_SPILL_MERAH]
        for q in range(w.nb_ptr[v], w.nb_ptr[v + 1]):
            j = w.nb_idx[q]
            if ist[j, IACT] == 1 or ist[j, ISPILLUSED] == 1:
                continue
            fs[j, SSPILL] += (
                fp[F_SPILL_RATE] * st.mult[j] * lw * math.exp(-w.nb_km[q] / fp[F_SPILL_SCALE])
            )
            if fs[j, SSPILL] >= -math.log(1.0 - u[j, s_now, D_ESPILL]):
                ist[j, ISPILLUSED] = 1
                st.spill_q[nsq] = j
                nsq += 1
    return nsq


@_jit
def run_minutes(ntr, vote, day_start, post_slot, r, nact, t, stop, u, w, m, st, sums, rec):
    """Every incident of one day (all villages together, sharing the reserves), minute by minute,
    from minute ``t`` (jumping to the first trigger when nothing is under way) until nothing is
    under way or minute ``stop``. The day's triggers are ``st.tr_*[:ntr]``; ``st.act[:nact]``
    holds incidents already under way (a forecast starts from them). Returns the incidents
    still under way at ``stop`` (left in ``st.act``)."""
    ist = st.ist
    tr_t, tr_v, tr_s, act, spill_q = st.tr_t, st.tr_v, st.tr_s, st.act, st.spill_q
    order = st.order
    if ntr > 0:
        _by_time(ntr, tr_t, st.counts, order)
    nsq = 0
    ip = 0
    while True:
        if nact == 0 and nsq == 0:
            if ip >= ntr:
                break
            if tr_t[order[ip]] > t:
                t = tr_t[order[ip]]
        if t >= stop:
            break
        # new incidents (a trigger in a village with a crowd out inflames that crowd)
        while ip < ntr and tr_t[order[ip]] <= t:
            i = order[ip]
            v = tr_v[i]
            was = ist[v, IACT]
            _start_incident(
                v, t, tr_s[i], np.bool_(False), vote, day_start, post_slot, u, w, m, st, rec
            )
            if was == 0:
                act[nact] = v
                nact += 1
            ip += 1
        for j in range(nsq):
            v = spill_q[j]
            if ist[v, IACT] == 0:
                _start_incident(
                    v,
                    t,
                    _slot_at(w.ph, t, post_slot),
                    np.bool_(True),
                    vote,
                    day_start,
                    post_slot,
                    u,
                    w,
                    m,
                    st,
                    rec,
                )
                act[nact] = v
                nact += 1
        nsq = 0
        if nact > sums.run_stats[r, RS_MAX_CONC]:
            sums.run_stats[r, RS_MAX_CONC] = nact
        _arrivals(t, w, m, st, rec)
        # the minute for every incident, then the ops room sends what is asked for
        k = 0
        while k < nact:
            v = act[k]
            res = _step(v, t, w, m, st, rec)
            if res > 0:
                _end_incident(v, t, np.bool_(res == 1), r, w, m, st, sums, rec)
                nact -= 1
                act[k] = act[nact]
            else:
                k += 1
        _serve_requests(t, vote, nact, r, w, m, st, sums, rec)
        if vote and m.fp[F_SPILL_RATE] > 0.0:
            nsq = _spill(t, nact, nsq, post_slot, u, w, m, st)
        t += 1
    return nact


@_jit
def _decay(fs, days, half):
    if days <= 0:
        return
    f = 0.5 ** (days / half)
    for v in range(fs.shape[0]):
        fs[v, STENSION] *= f


@_jit
def _hazard_mult(vf, fp, out):
    """exp(β·(v − v_ref)) per village: the hazard rises with the vulnerability score (compiled,
    so it rounds exactly as it always has: numpy's vectorised exp may differ in the last bit)."""
    for v in range(vf.shape[0]):
        out[v] = math.exp(fp[F_SLOPE] * (vf[v, VF_VUL] - fp[F_VREF]))


def new_state(w: World, m: Model) -> State:
    """Work arrays for runs of world ``w`` (the kernel allocates nothing; ``reset_state`` clears
    them per run). ``counts`` spans the longest stretch of minutes one day's triggers can cover:
    a day window, or a group of minute-clock phases."""
    nv = w.vf.shape[0]
    ne = max(w.ri.shape[0], 1)
    ph = w.ph
    span = DAY
    s = 0
    while s < ph.shape[0]:
        if ph[s, PH_MINUTE] == 1:
            s2 = s
            while s2 + 1 < ph.shape[0] and ph[s2 + 1, PH_MINUTE] == 1:
                s2 += 1
            span = max(span, int(ph[s2, PH_END] - ph[s, PH_START]))
            s = s2 + 1
        else:
            s += 1
    minute = ph[:, PH_MINUTE] == 1
    win = np.array(
        [ph[minute, PH_START].min(), ph[minute, PH_END].max()]
        if minute.any()
        else [FOREVER, NEVER],
        np.int64,
    )  # the voting-day window, for the reserves' busy minutes
    mult = np.zeros(nv)
    _hazard_mult(w.vf, m.fp, mult)
    return State(
        fs=np.zeros((nv, N_FS)),
        ist=np.zeros((nv, IREQ + m.rolet.shape[0]), np.int64),
        el=np.zeros((ne, N_EL), np.int64),
        el_tr=np.zeros(ne),
        busy=np.zeros(ne, np.int64),
        nbusy=np.zeros(1, np.int64),
        act=np.zeros(nv, np.int64),
        mult=mult,
        win=win,
        tr_t=np.zeros(2 * nv + 1, np.int64),
        tr_v=np.zeros(2 * nv + 1, np.int64),
        tr_s=np.zeros(2 * nv + 1, np.int64),
        spill_q=np.zeros(nv, np.int64),
        order=np.zeros(2 * nv + 1, np.int64),
        counts=np.zeros(span + 3, np.int64),
        cum=np.zeros(nv),
        done=np.zeros(nv, np.bool_),
        work=np.zeros(m.mix.shape[1]),
    )


@_jit
def reset_state(w, st):
    st.fs[:, :] = 0.0
    st.ist[:, :] = 0
    st.el[:, :] = 0
    for e in range(w.ri.shape[0]):
        st.el[e, EL_V] = -1
        st.el[e, EL_FREE] = NEVER
    st.nbusy[0] = 0


@_inline
def _minute_days(U, r, s, w, m, st, sums, rec):
    """Voting day: the minute-clock phases from slot ``s`` on, together; returns the next slot."""
    fp, fs, ph, u = m.fp, st.fs, w.ph, U[r]
    ns = ph.shape[0]
    nv = w.vf.shape[0]
    s2 = s
    while s2 + 1 < ns and ph[s2 + 1, PH_MINUTE] == 1:
        s2 += 1
    ntr = 0
    for v in range(nv):
        fs[v, SSPILL] = 0.0
        st.ist[v, ISPILLUSED] = 0
    for sl in range(s, s2 + 1):
        dur = ph[sl, PH_END] - ph[sl, PH_START]
        for v in range(nv):
            h = m.rate[ph[sl, PH_KIND]] * fp[F_SCALE] * st.mult[v] * (1.0 + fs[v, STENSION])
            if h >= -math.log(1.0 - u[v, sl, D_E]):
                x = u[v, sl, D_TIME]
                if ph[sl, PH_PEAKED] == 1:
                    x = x ** (1.0 / fp[F_COUNT_POW])  # disputes peak as the tally ends
                st.tr_t[ntr] = ph[sl, PH_START] + min(int(x * dur), dur - 1)
                st.tr_v[ntr] = v
                st.tr_s[ntr] = sl
                ntr += 1
    if ntr > 0:
        run_minutes(
            np.int64(ntr),
            np.bool_(True),
            np.int64(ph[s, PH_START]),
            np.int64(s),
            np.int64(r),
            np.int64(0),
            np.int64(NEVER),
            np.int64(FOREVER),
            u,
            w,
            m,
            st,
            sums,
            rec,
        )
    return s2 + 1


@_inline
def _long_phase(U, r, s, day_now, w, m, st, sums, rec):
    """A phase on the day clock, a day at a time; returns the last day simulated."""
    fp, fs, ph, u = m.fp, st.fs, w.ph, U[r]
    nv = w.vf.shape[0]
    kind = ph[s, PH_KIND]
    start = ph[s, PH_START]
    end = ph[s, PH_END]
    days = max(1, (end - start + DAY - 1) // DAY)
    cum, done = st.cum, st.done
    cum[:] = 0.0
    done[:] = False
    for d in range(days):
        day_abs = (start // DAY) + d
        _decay(fs, day_abs - day_now, fp[F_TENSION_HALF])
        day_now = day_abs
        if ph[s, PH_ANNOUNCE] == 1 and days > 1:  # the announcement day carries its share
            share = fp[F_ANNOUNCE] if d == 0 else (1.0 - fp[F_ANNOUNCE]) / (days - 1)
        else:
            share = 1.0 / days
        day_start = start + d * DAY
        window = min(int(fp[F_DAY_WINDOW]), end - day_start)
        if window < 1:
            window = 1
        ntr = 0
        base = m.rate[kind] * fp[F_SCALE] * share
        for v in range(nv):
            if done[v]:
                continue
            cum[v] += base * st.mult[v] * (1.0 + fs[v, STENSION])
            if cum[v] >= -math.log(1.0 - u[v, s, D_E]):
                done[v] = True
                st.tr_t[ntr] = day_start + min(int(u[v, s, D_TIME] * window), window - 1)
                st.tr_v[ntr] = v
                st.tr_s[ntr] = s
                ntr += 1
        if ntr > 0:
            run_minutes(
                np.int64(ntr),
                np.bool_(False),
                np.int64(day_start),
                np.int64(s),
                np.int64(r),
                np.int64(0),
                np.int64(NEVER),
                np.int64(FOREVER),
                u,
                w,
                m,
                st,
                sums,
                rec,
            )
    return day_now


@_inline
def _summarise_run(r, w, st, sums):
    out, run_stats = sums.out, sums.run_stats
    worst = -1
    for v in range(w.vf.shape[0]):
        lv = out[r, v, OUT_LEV]
        if lv >= 0:
            run_stats[r, RS_INC_V] += 1
        if lv >= L_KUNING:
            run_stats[r, RS_KUNING_V] += 1
        if lv >= L_MERAH:
            run_stats[r, RS_MERAH_V] += 1
        if out[r, v, OUT_FAIL] == 1:
            run_stats[r, RS_FAIL_V] += 1
        if lv > worst:
            worst = lv
    run_stats[r, RS_WORST] = worst
    for e in range(w.ri.shape[0]):
        if st.el[e, EL_FREE] != NEVER:
            sums.ea[e, EA_RUNS] += 1


@_jit
def run_chunk(U, w, m, st, sums, rec):
    """Simulate ``U.shape[0]`` runs (the election once per run) with work arrays ``st``
    (:func:`new_state`); ``sums.out[r]`` and ``sums.run_stats[r]`` describe run ``r`` of the
    chunk; the rest accumulates over the chunk."""
    ph = w.ph
    ns = ph.shape[0]
    for r in range(U.shape[0]):
        reset_state(w, st)
        for v in range(w.vf.shape[0]):
            sums.out[r, v, OUT_LEV] = -1
            sums.out[r, v, OUT_STEP] = -1
        day_now = ph[0, PH_START] // DAY if ns > 0 else 0
        s = 0
        while s < ns:
            if ph[s, PH_MINUTE] == 1:
                d = ph[s, PH_START] // DAY
                _decay(st.fs, d - day_now, m.fp[F_TENSION_HALF])
                day_now = d
                s = _minute_days(U, r, s, w, m, st, sums, rec)
            else:
                day_now = _long_phase(U, r, s, day_now, w, m, st, sums, rec)
                s += 1
        _summarise_run(r, w, st, sums)


# --- live forecast: the model run forward from the present state --------------------------------


@_jit
def _sustaining_legitimacy(l_max, crowd, gathered, c, n, fp):
    """The highest legitimacy (≤ ``l_max``) at which Epstein's rule keeps ``crowd`` of the
    ``gathered`` active with ``c`` responders present: the grievance the observed crowd shows."""
    if gathered <= 0.0 or crowd <= 0.0:
        return l_max
    target = min(1.0, crowd / gathered)
    p_arrest = arrest_probability_nb(int(c), int(crowd) + 1, fp[F_K], int(fp[F_ROUND]))
    c_thr = fp[F_T] - fp[F_GAMMA] * crowd / n
    if frac_active(1.0 - l_max, p_arrest, c_thr) >= target:
        return l_max
    if frac_active(1.0, p_arrest, c_thr) < target:
        return 0.0
    lo, hi = 0.0, l_max  # frac_active falls as legitimacy rises: bisect
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        if frac_active(1.0 - mid, p_arrest, c_thr) >= target:
            lo = mid
        else:
            hi = mid
    return lo


@_jit
def _seed_incident(i, u, w, m, st, fc, rec):
    """An incident under way now: started as the model starts one (its draws: pool, shock,
    excess force), then held to what is observed — its level, and a crowd at least as large as
    the one reported, with the grievance that keeps it so (the legitimacy is lowered to the
    level that sustains it, never raised above the drawn one)."""
    fp, fs, ist, el = m.fp, st.fs, st.ist, st.el
    v, t0, crowd, lev = fc.inc_v[i], fc.inc_t0[i], fc.inc_crowd[i], fc.inc_lev[i]
    slot = fc.lam_slot[0]
    _start_incident(
        v, t0, slot, np.bool_(False), fc.vote, fc.day_start, fc.post_slot, u, w, m, st, rec
    )
    el_min = fc.now - t0
    share = 1.0 - math.exp(-(el_min + 1.0) / fp[F_GATHER])
    fs[v, SN] = max(fs[v, SN], crowd / share)
    gathered = fs[v, SN] * share
    fs[v, SA] = crowd
    fs[v, SPEAK] = crowd
    c = _posted(w, m.presence, v, fc.post_slot, fc.now - fc.day_start)
    for e in range(w.ri.shape[0]):
        if fc.el_v0[e] == v and fc.el_arr0[e] <= fc.now:
            c += w.ri[e, RI_N] * m.rolet[w.ri[e, RI_ROLE], RT_W]
    fs[v, SL] = _sustaining_legitimacy(fs[v, SL], crowd, gathered, c, fs[v, SN], fp)
    ist[v, ILEV] = lev
    ist[v, IMAX] = lev
    ist[v, ICMD] = lev
    # what the level has already called for: sent if an element of the role is committed here,
    # else the order is due once its delay since the start has passed (and not before now)
    for role in range(m.rolet.shape[0]):
        need = m.rolei[role, RL_LEVEL]
        if (need == L_HIJAU and crowd >= fp[F_CALL]) or (need > L_HIJAU and lev >= need):
            ist[v, IREQ + role] = max(fc.now, t0 + int(m.rolet[role, RT_DELAY]))
    for e in range(w.ri.shape[0]):
        if fc.el_v0[e] == v:
            ist[v, IREQ + w.ri[e, RI_ROLE]] = REQ_SENT
            if m.rolei[w.ri[e, RI_ROLE], RL_REINFORCED] == 1:
                ist[v, INREIN] += 1
                ist[v, ILASTREIN] = max(fc.now, el[e, EL_ARR])


@_jit
def _first_at_least(a, x):
    """The first index of the non-decreasing ``a`` whose value is at least ``x``."""
    lo, hi = 0, a.shape[0] - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] >= x:
            hi = mid
        else:
            lo = mid + 1
    return lo


@_jit
def run_forecast(U, w, m, st, sums, rec, fc):
    """``U.shape[0]`` runs of the next ``fc.stop − fc.now`` minutes from the present state
    ``fc``: elements committed as they are, incidents under way seeded as observed, new triggers
    by the hazard of each phase of the window (the exact inverse-hazard time from ``fc.lam``:
    each village triggers at most once per phase, against its own draw, as in a whole run).
    ``sums.out[r, v, OUT_LEV]`` is the highest level village ``v`` reaches in run ``r``."""
    nv = w.vf.shape[0]
    h = fc.lam.shape[1]
    for r in range(U.shape[0]):
        u = U[r]
        reset_state(w, st)
        for v in range(nv):
            sums.out[r, v, OUT_LEV] = -1
            sums.out[r, v, OUT_STEP] = -1
        for e in range(w.ri.shape[0]):  # committed elements: on the road or on scene
            if fc.el_v0[e] >= 0:
                st.el[e, EL_V] = fc.el_v0[e]
                st.el[e, EL_DISP] = fc.now
                st.el[e, EL_ARR] = max(fc.now, fc.el_arr0[e])
                st.el[e, EL_ARRIVED] = 0
                st.el[e, EL_REQ] = w.ri[e, RI_ROLE]
                st.el_tr[e] = fc.el_tr0[e]
                st.busy[st.nbusy[0]] = e
                st.nbusy[0] += 1
        nact = 0
        for i in range(fc.inc_v.shape[0]):
            _seed_incident(i, u, w, m, st, fc, rec)
            st.act[nact] = fc.inc_v[i]
            nact += 1
        ntr = 0
        for sl in range(fc.lam.shape[0]):  # at most one trigger per village and phase, as ever
            lam = fc.lam[sl]
            for v in range(nv):
                need = -math.log(1.0 - u[v, sl, D_E]) / st.mult[v]
                if h > 0 and lam[h - 1] >= need:  # the minute its hazard reaches its own draw
                    k = _first_at_least(lam, need)
                    st.tr_t[ntr] = fc.now + k
                    st.tr_v[ntr] = v
                    st.tr_s[ntr] = sl
                    ntr += 1
        nact = run_minutes(
            np.int64(ntr),
            fc.vote,
            np.int64(fc.day_start),
            np.int64(fc.post_slot),
            np.int64(r),
            np.int64(nact),
            np.int64(fc.now),
            np.int64(fc.stop),
            u,
            w,
            m,
            st,
            sums,
            rec,
        )
        for k in range(nact):  # still under way at the horizon: their worst so far counts
            v = st.act[k]
            if st.ist[v, IMAX] > sums.out[r, v, OUT_LEV]:
                sums.out[r, v, OUT_LEV] = st.ist[v, IMAX]
