"""Prakiraan langsung (the live forecast): the contingency model run forward from election day's
present state — the incidents under way and the reserves where they are — for the next hours.

``forecast(scenario, assessment, plan, state)`` is pure and deterministic (same inputs and seed,
same result): no I/O, no global state, safe to call in a worker process. It answers two
questions of the Posko (docs §15):

- per village, the probability of reaching merah within the horizon, with its 95 % interval;
- the single move of one free reserve element to a staging post or to a village with an incident
  that most lowers the regency's probability of any merah, with that probability before and
  after the move on the same random numbers (common random numbers, so the difference is the
  move's and not noise).

A move can lower the count of runs with merah only by saving runs that reached merah without
it, so every move is first screened on those runs and a sample of the others (where it could do
harm); the three best are then run in full. A move that would win only through runs outside the
screening sample can be missed (documented in docs/contingency-model.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sispam.domain import Assessment, Plan, Scenario
from sispam.domain.forecast import (
    Forecast,
    ForecastState,
    IncidentNow,
    ReserveMove,
    UnitNow,
    VillageForecast,
)
from sispam.domain.simulation import Estimate
from sispam.i18n import t
from sispam.sim.contingency import kernel as K
from sispam.sim.contingency.draws import draws
from sispam.sim.contingency.groups import Model, Outlook, Sums, World
from sispam.sim.contingency.inputs import MINUTE_PHASES, Inputs, build_inputs, travel_model
from sispam.sim.contingency.job import N_STEPS, PEAK_EDGES
from sispam.sim.contingency.pack import pack
from sispam.sim.contingency.params import (
    ContingencyParams,
    SimInputError,
    SimParamError,
    build_params,
)
from sispam.sim.contingency.stats import paired_diff, wilson, wilson_v
from sispam.sim.contingency.tables import (
    ANNOUNCEMENT_PHASE,
    MINUTES_PER_DAY,
    PEAKED_PHASE,
    PHASES,
    ROLES,
    TRIGGERS,
)

MAX_RUNS = 100_000
MAX_HORIZON_MIN = 24 * 60
# Screening: the runs with merah without a move, plus max(SCREEN_MIN_RUNS, runs // SCREEN_SHARE)
# // 2 of the others; the best FINALISTS moves are then run in full.
SCREEN_SHARE = 5
SCREEN_MIN_RUNS = 200
FINALISTS = 3
ALL_PHASES_MASK = (1 << len(PHASES)) - 1


@dataclass(frozen=True)
class _Window:
    """The phase group under way at ``now`` (slots ``s0..s1`` of the scenario's phases)."""

    s0: int
    s1: int
    vote: bool
    day_start: int
    hazard: bool  # False: between phases (no new triggers, incidents under way go on)


@dataclass(frozen=True)
class _Elements:
    """The reserve elements of the forecast: who, where, when ready, committed where."""

    names: tuple[str, ...]
    role: np.ndarray  # int64[E]
    n: np.ndarray
    mask: np.ndarray
    delay: np.ndarray  # float64[E]
    ready_at: np.ndarray  # float64[E] (−1: none)
    lat: np.ndarray
    lng: np.ndarray
    v0: np.ndarray  # int64[E] committed to (−1 free)
    arr0: np.ndarray  # int64[E]
    movable: np.ndarray  # bool[E]: free and at its post now


def _check(runs: int, seed: int, horizon_min: int) -> None:
    if not 1 <= runs <= MAX_RUNS:
        raise SimParamError(t("sim.forecast.runs", runs=runs, max=MAX_RUNS))
    if seed < 0:
        raise SimParamError(t("sim.param.seed", seed=seed))
    if not 1 <= horizon_min <= MAX_HORIZON_MIN:
        raise SimParamError(t("sim.forecast.horizon", horizon=horizon_min, max=MAX_HORIZON_MIN))


def _window(inp: Inputs, now: int) -> _Window:
    kinds, start, end = inp.ph_kind, inp.ph_start, inp.ph_end
    ns = kinds.shape[0]
    if ns == 0:
        raise SimInputError(t("sim.forecast.no_phases"))
    minute = np.array([int(k) in MINUTE_PHASES for k in kinds])
    under = [s for s in range(ns) if start[s] <= now < end[s]]
    hazard = bool(under)
    s = under[0] if under else max([s for s in range(ns) if start[s] <= now], default=0)
    if minute[s]:
        s0 = s1 = s
        while s0 > 0 and minute[s0 - 1]:
            s0 -= 1
        while s1 + 1 < ns and minute[s1 + 1]:
            s1 += 1
        return _Window(s0, s1, True, int(start[s0]), hazard)
    day = max(0, (now - int(start[s])) // MINUTES_PER_DAY)
    return _Window(s, s, False, int(start[s]) + day * MINUTES_PER_DAY, hazard)


def _hazard(inp: Inputs, p: ContingencyParams, win: _Window, now: int, h: int):
    """Each phase's baseline hazard (before the village's multiplier) accumulated minute by
    minute from ``now``, and the phase slot (re-based to the window) of each minute: the hazard
    spread over its minutes as in a whole-election run (uniform while voting, rising to the end
    of the count; in a long phase, a day's share over its day window)."""
    dens = np.zeros((win.s1 - win.s0 + 1, h))
    slot = np.full(h, 0, dtype=np.int64)
    minutes = now + np.arange(h)
    for s in range(win.s0, win.s1 + 1):
        kind = PHASES[int(inp.ph_kind[s])]
        lo, hi = int(inp.ph_start[s]), int(inp.ph_end[s])
        inside = (minutes >= lo) & (minutes < hi)
        slot[minutes >= lo] = s - win.s0
        if not win.hazard or not inside.any():
            continue
        rate = p.trigger_rate[kind] * p.trigger_scale
        if win.vote:
            dur = max(1, hi - lo)
            x0 = (minutes[inside] - lo) / dur
            x1 = np.minimum(1.0, (minutes[inside] - lo + 1) / dur)
            if kind == PEAKED_PHASE.value:  # disputes cluster as the tally ends
                q = p.counting_peak_power
                dens[s - win.s0, inside] = rate * (x1**q - x0**q)
            else:
                dens[s - win.s0, inside] = rate * (x1 - x0)
        else:
            days = max(1, (hi - lo + MINUTES_PER_DAY - 1) // MINUTES_PER_DAY)
            d = (win.day_start - lo) // MINUTES_PER_DAY
            if kind == ANNOUNCEMENT_PHASE.value and days > 1:  # the result is announced
                share = p.announcement_share if d == 0 else (1 - p.announcement_share) / (days - 1)
            else:
                share = 1.0 / days
            window = max(1, min(p.day_window_min, hi - win.day_start))
            today = inside & (minutes >= win.day_start) & (minutes < win.day_start + window)
            dens[s - win.s0, today] = rate * share / window
    return np.ascontiguousarray(np.cumsum(dens, axis=1)), slot


def _elements(
    inp: Inputs, state: ForecastState, now: int, codes: dict[str, int], kind_now: int
) -> _Elements:
    """The state's units, or (none given) the plan's reserve elements, free at their posts."""
    if not state.units:
        on_duty = (inp.res_mask >> kind_now) & 1 == 1
        ready = inp.res_ready_at.copy()  # minute ready at its post, −1: leaves after its delay
        e = inp.n_reserves
        return _Elements(
            names=inp.res_unit,
            role=inp.res_role.copy(),
            n=inp.res_n.copy(),
            mask=inp.res_mask.copy(),
            delay=inp.res_ready.copy(),
            ready_at=ready,
            lat=inp.res_lat.copy(),
            lng=inp.res_lng.copy(),
            v0=np.full(e, -1, np.int64),
            arr0=np.zeros(e, np.int64),
            movable=on_duty & ((ready < 0) | (ready <= now)),
        )
    units: tuple[UnitNow, ...] = state.units
    v0 = []
    for u in units:
        if u.committed_to is None:
            v0.append(-1)
        elif u.committed_to not in codes:
            raise SimInputError(t("sim.forecast.unit_village", unit=u.unit, code=u.committed_to))
        else:
            v0.append(codes[u.committed_to])
    incident_at = {i.village_code for i in state.incidents}
    for u in units:
        if u.committed_to is not None and u.committed_to not in incident_at:
            raise SimInputError(
                t("sim.forecast.unit_no_incident", unit=u.unit, code=u.committed_to)
            )
    free = np.array([x < 0 for x in v0])
    eta = np.array([u.eta_min for u in units], dtype=np.float64)
    return _Elements(
        names=tuple(u.unit for u in units),
        role=np.array([ROLES.index(u.role.value) for u in units], dtype=np.int64),
        n=np.array([u.personnel for u in units], dtype=np.int64),
        mask=np.full(len(units), ALL_PHASES_MASK, dtype=np.int64),
        delay=np.zeros(len(units)),
        ready_at=np.where(free & (eta > 0), now + eta, -1.0),
        lat=np.array([u.lat for u in units], dtype=np.float64),
        lng=np.array([u.lng for u in units], dtype=np.float64),
        v0=np.array(v0, dtype=np.int64),
        arr0=np.array([now + math.ceil(u.eta_min) for u in units], dtype=np.int64),
        movable=free & (eta == 0),
    )


def _travel(inp: Inputs, tm, lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Minutes from each of the points to every village: float64[points, V]."""
    if lat.shape[0] == 0:
        return np.zeros((0, inp.n_villages))
    m = tm.matrix(inp.lat, inp.lng, lat, lng, dtype=np.float64, area=inp.area[:, None])
    return np.ascontiguousarray(m.T)


def _world(inp: Inputs, win: _Window, el: _Elements, travel: np.ndarray) -> World:
    """The scenario's world cut to the window's phases, with the forecast's elements: every
    element of a role is a candidate for every village (its own travel time)."""
    full = inp.world()
    nv = inp.n_villages
    lo, hi = full.post_ptr[win.s0 * nv], full.post_ptr[(win.s1 + 1) * nv]
    ptr = full.post_ptr[win.s0 * nv : (win.s1 + 1) * nv + 1] - lo
    n_roles = len(ROLES)
    members = [np.flatnonzero(el.role == r) for r in range(n_roles)]
    k = max(1, max(len(m) for m in members))
    cand = np.full((nv, n_roles, k), -1, dtype=np.int64)
    cand_travel = np.full((nv, n_roles, k), np.inf)
    for r, ids in enumerate(members):
        cand[:, r, : len(ids)] = ids[None, :]
        cand_travel[:, r, : len(ids)] = travel[ids].T
    ne = el.role.shape[0]
    return World(
        vf=full.vf,
        vi=full.vi,
        ph=np.ascontiguousarray(full.ph[win.s0 : win.s1 + 1]),
        post_ptr=np.ascontiguousarray(ptr),
        post_i=np.ascontiguousarray(full.post_i[lo:hi]).reshape(-1, 2),
        post_t=np.ascontiguousarray(full.post_t[lo:hi]),
        ri=np.ascontiguousarray(np.column_stack([el.role, el.n, el.mask]).reshape(ne, 3)),
        rf=np.ascontiguousarray(np.column_stack([el.delay, el.ready_at]).reshape(ne, 2)),
        cand=cand,
        cand_travel=cand_travel,
        nb_ptr=full.nb_ptr,
        nb_idx=full.nb_idx,
        nb_km=full.nb_km,
    )


def _sums(runs: int, nv: int, ne: int, horizon: int) -> Sums:
    n_cnt = K.cnt_rows(len(PHASES), len(TRIGGERS))[3]
    return Sums(
        out=np.zeros((runs, nv, K.N_OUT), np.int32),
        run_stats=np.zeros((runs, K.N_RS), np.int64),
        acc_v=np.zeros((nv, K.N_AV), np.int64),
        hist_v=np.zeros((nv, 2), np.int64),
        hist_all=np.zeros(horizon + 2, np.int64),
        peak_edges=PEAK_EDGES,
        peak_hist=np.zeros(PEAK_EDGES.shape[0], np.int64),
        cnt=np.zeros((n_cnt, N_STEPS), np.int64),
        ea=np.zeros((max(ne, 1), K.N_EA), np.int64),
        bin_min=horizon + 1,
    )


def _merah(U: np.ndarray, w: World, m: Model, fc: Outlook, horizon: int) -> np.ndarray:
    """bool[runs, V]: village reached merah within the horizon, per run."""
    sums = _sums(U.shape[0], w.vf.shape[0], w.ri.shape[0], horizon)
    K.run_forecast(U, w, m, K.new_state(w, m), sums, K.blank_record(), fc)
    return sums.out[:, :, K.OUT_LEV] >= K.L_MERAH


@dataclass(frozen=True)
class _Move:
    element: int
    to_kind: str
    to_id: str
    to_name: str
    lat: float
    lng: float
    travel: float
    world: World


def _moves(
    inp: Inputs, state: ForecastState, plan: Plan, el: _Elements, w: World, tm, now: int
) -> list[_Move]:
    """Every move of one free element (one per interchangeable group: same role, strength and
    post) to a staging post of the plan or to a village with an incident below merah."""
    dest: list[tuple[str, str, str, float, float]] = [
        ("site", s.site_id, s.name, s.lat, s.lng) for s in plan.reserve_sites
    ]
    codes = {c: i for i, c in enumerate(inp.codes)}
    for inc in state.incidents:
        if inc.level.rank < K.L_MERAH:
            i = codes[inc.village_code]
            dest.append(("village", inc.village_code, inp.names[i], inp.lat[i], inp.lng[i]))
    if not dest:
        return []
    d_lat = np.array([d[3] for d in dest])
    d_lng = np.array([d[4] for d in dest])
    to_villages = _travel(inp, tm, d_lat, d_lng)  # [D, V]
    seen: set[tuple] = set()
    out: list[_Move] = []
    for e in np.flatnonzero(el.movable):
        key = (int(el.role[e]), int(el.n[e]), round(el.lat[e], 5), round(el.lng[e], 5))
        if key in seen:
            continue
        seen.add(key)
        here = tm.matrix(
            np.array([el.lat[e]]), np.array([el.lng[e]]), d_lat, d_lng, dtype=np.float64
        )[0]
        start = max(now, el.ready_at[e]) if el.ready_at[e] >= 0 else now + el.delay[e]
        kk = int(np.flatnonzero(w.cand[0, el.role[e]] == e)[0])
        for j, (kind, did, name, lat, lng) in enumerate(dest):
            if here[j] < 0.5:  # already there
                continue
            rf = w.rf.copy()
            rf[e] = (0.0, start + here[j])
            ri = w.ri.copy()
            ri[e, K.RI_MASK] = ALL_PHASES_MASK
            ct = w.cand_travel.copy()
            ct[:, el.role[e], kk] = to_villages[j]
            moved = w._replace(rf=rf, ri=ri, cand_travel=ct)
            out.append(_Move(int(e), kind, did, name, lat, lng, float(here[j]), moved))
    return out


def forecast(
    scenario: Scenario,
    assessment: Assessment,
    plan: Plan,
    state: ForecastState,
    *,
    runs: int = 1000,
    seed: int = 0,
    horizon_min: int = 120,
    params: ContingencyParams | None = None,
    moves: bool = True,
) -> Forecast:
    """Run the contingency model ``runs`` times for the next ``horizon_min`` minutes from
    ``state`` (see the module's docstring). Deterministic: the result depends on the inputs and
    ``seed`` alone. ``moves=False`` skips the search for the best reserve move."""
    _check(runs, seed, horizon_min)
    if state.scenario != scenario.name:
        raise SimInputError(
            t("sim.forecast.scenario", state=state.scenario, scenario=scenario.name)
        )
    params = params or build_params(scenario.stage_settings("sim"))
    inp = build_inputs(scenario, assessment, plan, params)
    codes = {c: i for i, c in enumerate(inp.codes)}
    for inc in state.incidents:
        if inc.village_code not in codes:
            raise SimInputError(t("sim.forecast.village", code=inc.village_code))
    now = int((state.time - inp.epoch).total_seconds() // 60)
    win = _window(inp, now)
    lam, lam_slot = _hazard(inp, params, win, now, horizon_min)
    kind_now = int(inp.ph_kind[win.s0 + int(lam_slot[0])])
    el = _elements(inp, state, now, codes, kind_now)
    tm = travel_model(scenario)
    travel = _travel(inp, tm, el.lat, el.lng)
    w = _world(inp, win, el, travel)
    m = pack(params)
    incidents: tuple[IncidentNow, ...] = state.incidents
    age_cap = max(0, params.horizon_min - horizon_min - 1)
    fc = Outlook(
        now=now,
        stop=now + horizon_min,
        vote=np.bool_(win.vote),
        day_start=win.day_start,
        post_slot=0,
        lam=lam,
        lam_slot=lam_slot,
        inc_v=np.array([codes[i.village_code] for i in incidents], dtype=np.int64),
        inc_lev=np.array([i.level.rank for i in incidents], dtype=np.int64),
        inc_crowd=np.array([float(i.crowd) for i in incidents]),
        # an incident older than the model's horizon would end at once: its age is capped so it
        # runs through the window (a crowd has long finished gathering by then)
        inc_t0=np.array(
            [now - min(math.ceil(i.minutes_since_start), age_cap) for i in incidents], np.int64
        ),
        el_v0=el.v0,
        el_arr0=el.arr0,
        el_tr0=np.array(
            [travel[e, v] if v >= 0 else 0.0 for e, v in enumerate(el.v0)], dtype=np.float64
        ),
    )
    U = draws(seed, 0, runs, inp.n_villages, win.s1 - win.s0 + 1)
    base = _merah(U, w, m, fc, horizon_min)
    any_base = base.any(axis=1)
    p, lo, hi = wilson_v(base.sum(axis=0), runs)
    level_now = {i.village_code: i.level for i in incidents}
    villages = tuple(
        VillageForecast(
            code=code,
            name=inp.names[i],
            level_now=level_now.get(code),
            p_merah=_est(p[i], lo[i], hi[i]),
        )
        for i, code in enumerate(inp.codes)
    )
    notes: list[str] = list(inp.notes)
    if not win.hazard:
        notes.append(t("sim.forecast.note.between_phases"))
    best, considered = None, 0
    if moves:
        candidates = _moves(inp, state, plan, el, w, tm, now)
        considered = len(candidates)
        best = _best_move(candidates, U, m, fc, horizon_min, any_base, el)
        if considered and best is None:
            notes.append(t("sim.forecast.note.no_better_move"))
    return Forecast(
        scenario=scenario.name,
        time=state.time,
        horizon_min=horizon_min,
        runs=runs,
        seed=seed,
        phase=PHASES[kind_now] if win.hazard else None,
        p_any_merah=wilson(int(any_base.sum()), runs),
        villages=villages,
        best_move=best,
        moves_considered=considered,
        notes=tuple(notes),
    )


def _est(p: float, lo: float, hi: float) -> Estimate:
    return Estimate(value=round(float(p), 6), low=round(float(lo), 6), high=round(float(hi), 6))


def _best_move(
    candidates: list[_Move],
    U: np.ndarray,
    m: Model,
    fc: Outlook,
    horizon: int,
    any_base: np.ndarray,
    el: _Elements,
) -> ReserveMove | None:
    """Keep the move with the fewest runs reaching any merah, if that is fewer than without a
    move. A move can only lower the count by saving runs that reached merah without it, so every
    move is first screened on those runs plus a sample of the others (where it could do harm);
    the best few are then run in full on every run."""
    if not candidates or not any_base.any():
        return None
    runs = U.shape[0]
    bad = np.flatnonzero(any_base)
    calm = np.flatnonzero(~any_base)[: max(SCREEN_MIN_RUNS, runs // SCREEN_SHARE) // 2]
    sample = np.sort(np.concatenate([bad, calm]))
    if len(candidates) > FINALISTS and sample.size < runs:
        Us = np.ascontiguousarray(U[sample])
        screened = [int(_merah(Us, c.world, m, fc, horizon).any(axis=1).sum()) for c in candidates]
        order = sorted(range(len(candidates)), key=lambda i: (screened[i], i))[:FINALISTS]
    else:
        order = list(range(len(candidates)))
    full = {i: _merah(U, candidates[i].world, m, fc, horizon).any(axis=1) for i in order}
    best = min(order, key=lambda i: (int(full[i].sum()), candidates[i].travel, i))
    after = full[best]
    if after.sum() >= any_base.sum():
        return None
    c = candidates[best]
    return ReserveMove(
        unit=el.names[c.element],
        role=ROLES[int(el.role[c.element])],  # type: ignore[arg-type]
        from_lat=float(el.lat[c.element]),
        from_lng=float(el.lng[c.element]),
        to_kind=c.to_kind,  # type: ignore[arg-type]
        to_id=c.to_id,
        to_name=c.to_name,
        to_lat=float(c.lat),
        to_lng=float(c.lng),
        travel_min=round(c.travel, 2),
        p_any_merah_before=wilson(int(any_base.sum()), runs),
        p_any_merah_after=wilson(int(after.sum()), runs),
        difference=paired_diff(
            int((after & ~any_base).sum()), int((~after & any_base).sum()), runs
        ),
    )


__all__ = ["forecast"]
