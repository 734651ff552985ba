"""Masukan simulasi (the engine's inputs): scenario + assessment + plan → flat numpy arrays.

Built once per (scenario, plan) and shipped to every worker; the compiled kernel reads only these
arrays and the packed parameters. Rules that turn the plan into responders (documented in
``docs/contingency-model.md``, section "Responders from the plan"):

- people posted at a village in a phase come from the plan's assignments for that phase and
  village (any post), each from its ``arrival_min``; when the plan has none for voting, the TPS
  requirement counts as present from the start (and, lacking that too, the scenario's staffing
  pattern for the village's zone); counting keeps the voting staff when the plan lists none for it;
- reserves come from ``plan.reserves``; a plan without reserves falls back to the scenario's
  mobile units (Dalmas, Samapta, Brimob BKO, Kodim reserve) at their bases, split into platoons;
- the first responder to an incident outside the TPS phases is a patrol from the nearest Polsek.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

import numpy as np

from sispam.domain import (
    Assessment,
    Force,
    PhaseKind,
    Plan,
    ReserveAssignment,
    ReserveRole,
    Scenario,
    UnitKind,
)
from sispam.domain.doctrine import WHOLE_UNIT_ROLES
from sispam.geo import AREA_TYPES, TravelModel, haversine_km
from sispam.geo.travel import EARTH_RADIUS_KM
from sispam.i18n import t
from sispam.sim.contingency.groups import World
from sispam.sim.contingency.params import ContingencyParams, SimInputError
from sispam.sim.contingency.tables import (
    ANNOUNCEMENT_PHASE,
    CLOCK,
    FORCES,
    PEAKED_PHASE,
    PHASES,
    POLRI_LADDER,
    ROLES,
    TPS_PHASES,
)

MINUTE_PHASES = frozenset(PHASES.index(p.value) for p in TPS_PHASES)


@dataclass(frozen=True, eq=False)
class Inputs:
    """Everything the kernel needs about villages, phases, posts, reserves and neighbours."""

    scenario: str
    plan_label: str
    epoch: datetime  # minute 0 of the simulation clock: midnight before the first phase
    codes: tuple[str, ...]
    names: tuple[str, ...]
    districts: tuple[str, ...]
    zones: tuple[str, ...]
    score: np.ndarray  # float64[V] 0–100
    score_source: tuple[str, ...]
    lat: np.ndarray
    lng: np.ndarray
    area: np.ndarray  # str[V] area type (travel speed)
    voters: np.ndarray  # int64[V]
    candidates: np.ndarray  # int64[V]
    registrants: np.ndarray  # int64[V], −1 unknown
    incumbent: np.ndarray  # int64[V] 0/1
    # phases, in time order
    ph_kind: np.ndarray  # int64[S] index into PHASES
    ph_start: np.ndarray  # int64[S] minutes since epoch
    ph_end: np.ndarray  # int64[S]
    # people posted: CSR over key s·V + v
    post_ptr: np.ndarray  # int64[S·V + 1]
    post_t: np.ndarray  # float64: minutes after the phase (day) start when in place
    post_force: np.ndarray  # int64 index into FORCES
    post_n: np.ndarray  # int64 personnel
    post_label: tuple[str, ...]
    # first responder outside the TPS phases
    patrol_travel: np.ndarray  # float64[V] minutes from the nearest Polsek (inf: none)
    patrol_name: tuple[str, ...]
    # reserve elements
    res_unit: tuple[str, ...]
    res_site: tuple[str, ...]
    res_role: np.ndarray  # int64[E] index into ROLES
    res_n: np.ndarray  # int64[E]
    res_ready: np.ndarray  # float64[E] plan's ready_min
    res_ready_at: np.ndarray  # float64[E] minute ready at the post (−1: ready_min is a delay)
    res_mask: np.ndarray  # int64[E] bit k set: on standby in phase kind k
    res_lat: np.ndarray  # float64[E] staging post
    res_lng: np.ndarray
    cand: np.ndarray  # int64[V, R, K] element ids by ETA, −1 padded
    cand_travel: np.ndarray  # float64[V, R, K] travel minutes
    # spill-over neighbours (CSR)
    nb_ptr: np.ndarray
    nb_idx: np.ndarray
    nb_km: np.ndarray
    notes: tuple[str, ...] = ()

    @property
    def n_villages(self) -> int:
        return len(self.codes)

    @property
    def n_slots(self) -> int:
        return int(self.ph_kind.shape[0])

    @property
    def n_reserves(self) -> int:
        return int(self.res_n.shape[0])

    def vote_window_min(self) -> int:
        mins = [
            int(e - s)
            for k, s, e in zip(self.ph_kind, self.ph_start, self.ph_end, strict=True)
            if int(k) in MINUTE_PHASES
        ]
        return max(1, sum(mins))

    def time_of(self, minute: int) -> datetime:
        return self.epoch + timedelta(minutes=int(minute))

    def world(self) -> World:
        """The arrays the kernel takes, grouped (columns: ``kernel.VF_*``, ``PH_*`` ...)."""
        vf = np.column_stack([self.score / 100.0, self.patrol_travel]).astype(np.float64)
        vi = np.column_stack([self.voters, self.candidates, self.registrants, self.incumbent])
        kinds = [PhaseKind(PHASES[int(k)]) for k in self.ph_kind]
        ph = np.column_stack(
            [
                self.ph_kind,
                self.ph_start,
                self.ph_end,
                [int(CLOCK[k] == "minute") for k in kinds],
                [int(k == ANNOUNCEMENT_PHASE) for k in kinds],
                [int(k == PEAKED_PHASE) for k in kinds],
            ]
        ).reshape(-1, 6)
        post_i = np.column_stack([self.post_force, self.post_n]).reshape(-1, 2)
        ri = np.column_stack([self.res_role, self.res_n, self.res_mask]).reshape(-1, 3)
        rf = np.column_stack([self.res_ready, self.res_ready_at]).reshape(-1, 2)
        return World(
            vf=np.ascontiguousarray(vf),
            vi=np.ascontiguousarray(vi, dtype=np.int64),
            ph=np.ascontiguousarray(ph, dtype=np.int64),
            post_ptr=self.post_ptr,
            post_i=np.ascontiguousarray(post_i, dtype=np.int64),
            post_t=self.post_t,
            ri=np.ascontiguousarray(ri, dtype=np.int64),
            rf=np.ascontiguousarray(rf, dtype=np.float64),
            cand=self.cand,
            cand_travel=self.cand_travel,
            nb_ptr=self.nb_ptr,
            nb_idx=self.nb_idx,
            nb_km=self.nb_km,
        )


def travel_model(scenario: Scenario) -> TravelModel:
    """The scenario's ``[travel]`` table as a :class:`TravelModel` (unknown keys ignored)."""
    known = {f.name for f in fields(TravelModel)}
    try:
        return TravelModel(**{k: v for k, v in scenario.travel.items() if k in known})
    except (TypeError, ValueError) as exc:
        raise SimInputError(t("sim.input.travel", reason=str(exc))) from None


def _area(village_indicators: dict, tm: TravelModel) -> str:
    a = village_indicators.get("area_type")
    return a if isinstance(a, str) and a in AREA_TYPES else tm.default_area


def zone_score(scenario: Scenario, zone: str) -> float:
    """Fallback score for a village without one: the middle of its zone's score band."""
    zs = scenario.zones.zones
    ids = [z.id for z in zs]
    if zone not in ids:
        return 50.0
    i = ids.index(zone)
    lo = zs[i].min_score
    hi = zs[i + 1].min_score if i + 1 < len(zs) else 100.0
    return (lo + hi) / 2.0


def _int_indicator(value: object, default: int) -> int:
    try:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return default
        return int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _fallback_role(u, n_dalmas: int) -> ReserveRole | None:
    """The reserve role a mobile unit fills when the plan names none (by kind; Dalmas by name)."""
    if u.kind == UnitKind.DALMAS:
        low = u.name.lower()
        if "lanjut" in low:
            return ReserveRole.DALMAS_LANJUT
        if "awal" in low:
            return ReserveRole.DALMAS_AWAL
        return (ReserveRole.DALMAS_AWAL, ReserveRole.DALMAS_LANJUT)[n_dalmas % 2]
    return {
        UnitKind.POLRES_SAMAPTA: ReserveRole.DALMAS_AWAL,
        UnitKind.BRIMOB_BKO: ReserveRole.PHH,
        UnitKind.KODIM_RESERVE: ReserveRole.TNI_SUPPORT,
    }.get(u.kind)


def fallback_reserves(scenario: Scenario, platoon: int) -> list[ReserveAssignment]:
    """Cadangan bawaan: the scenario's mobile units at their bases, used when the plan names no
    reserves. Polri units are split into whole platoons of about ``platoon`` (Dalmas and PHH are
    committed a platoon at a time); TNI support stays one unit under its own commander (MoU
    TNI–Polri: perbantuan as whole units)."""
    out: list[ReserveAssignment] = []
    n_dalmas = 0
    for u in scenario.units:
        role = _fallback_role(u, n_dalmas)
        if role is None:
            continue
        n_dalmas += u.kind == UnitKind.DALMAS
        # TNI support (not on Polri's ladder) is one unit; Polri elements go by platoons
        parts = max(1, round(u.strength / platoon)) if role in POLRI_LADDER else 1
        sizes = [u.strength // parts + (1 if i < u.strength % parts else 0) for i in range(parts)]
        for i, n in enumerate(sizes):
            out.append(
                ReserveAssignment(
                    unit=u.name if parts == 1 else f"{u.name} ({i + 1}/{parts})",
                    kind=u.kind,
                    force=u.force,
                    personnel=n,
                    site_id=f"base:{u.name}",
                    site_name=u.name,
                    lat=u.lat,
                    lng=u.lng,
                    ready_min=u.arrival_delay_min,
                    role=role.value,
                )
            )
    return out


def whole_units(reserves: list[ReserveAssignment]) -> tuple[list[ReserveAssignment], int]:
    """Pieces of one unit held at the same post in the same role and readiness are one element:
    a unit of a role in ``doctrine.WHOLE_UNIT_ROLES`` (every reserve role) is committed whole,
    never a detachment while the rest of it waits at the same post.
    Returns the elements and how many pieces were joined."""
    merged: dict[tuple, ReserveAssignment] = {}
    for i, r in enumerate(reserves):
        whole = r.role in ROLES and ReserveRole(r.role) in WHOLE_UNIT_ROLES
        key = (r.unit, r.site_id, r.role, r.ready_min, tuple(sorted(r.phases)))
        key = key if whole else (*key, i)
        if key in merged:
            m = merged[key]
            merged[key] = m.model_copy(update={"personnel": m.personnel + r.personnel})
        else:
            merged[key] = r
    return list(merged.values()), len(reserves) - len(merged)


def _unit_vectors(lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    la, ln = np.radians(lat), np.radians(lng)
    return np.column_stack([np.cos(la) * np.cos(ln), np.cos(la) * np.sin(ln), np.sin(la)])


def _chord(km: float) -> float:
    """Straight-line distance through the sphere for a great-circle distance (KD-tree radius)."""
    return 2.0 * np.sin(min(km / EARTH_RADIUS_KM, np.pi) / 2.0)


def nearest_by_time(
    tm: TravelModel,
    src_lat: np.ndarray,
    src_lng: np.ndarray,
    extra: np.ndarray,
    dst_lat: np.ndarray,
    dst_lng: np.ndarray,
    area: np.ndarray,
    k: int,
    chunk: int = 4096,
    exact_up_to: int = 64,
) -> tuple[np.ndarray, np.ndarray]:
    """For every destination, the ``k`` sources with the smallest ``extra + travel`` minutes:
    (ids int64[D, k] −1 padded, travel float64[D, k] inf padded), ordered by that sum.

    With at most ``exact_up_to`` sources every pair is timed (a regency's plan). With more (a
    national run), a KD-tree first keeps the ``4k`` nearest sources by distance and only those are
    timed: exact when sources of one role share their readiness, as generated reserves do.
    """
    n_dst = dst_lat.shape[0]
    n_src = src_lat.shape[0]
    k_eff = min(k, n_src)
    ids = np.full((n_dst, k), -1, dtype=np.int64)
    trav = np.full((n_dst, k), np.inf)
    if n_src == 0 or n_dst == 0:
        return ids, trav
    if n_src > max(exact_up_to, 4 * k):
        from scipy.spatial import cKDTree

        tree = cKDTree(_unit_vectors(src_lat, src_lng))
        _, near = tree.query(_unit_vectors(dst_lat, dst_lng), k=4 * k)
        m = tm.minutes(
            src_lat[near], src_lng[near], dst_lat[:, None], dst_lng[:, None], area[:, None]
        )
        order = np.argsort(m + extra[near], axis=1, kind="stable")[:, :k_eff]
        ids[:, :k_eff] = np.take_along_axis(near, order, axis=1)
        trav[:, :k_eff] = np.take_along_axis(m, order, axis=1)
        return ids, trav
    for s in range(0, n_dst, chunk):
        e = min(s + chunk, n_dst)
        m = tm.matrix(
            dst_lat[s:e], dst_lng[s:e], src_lat, src_lng, dtype=np.float64, area=area[s:e, None]
        )
        order = np.argsort(m + extra[None, :], axis=1, kind="stable")[:, :k_eff]
        ids[s:e, :k_eff] = order
        trav[s:e, :k_eff] = np.take_along_axis(m, order, axis=1)
    return ids, trav


def neighbours_within(
    lat: np.ndarray, lng: np.ndarray, radius_km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR (ptr, idx, km) of the other villages within ``radius_km`` (great circle), each row by
    village index; a KD-tree finds the pairs, so ~75k villages need no full distance matrix."""
    n = lat.shape[0]
    if n == 0 or radius_km <= 0:
        return np.zeros(n + 1, np.int64), np.zeros(0, np.int64), np.zeros(0)
    from scipy.spatial import cKDTree

    pairs = cKDTree(_unit_vectors(lat, lng)).query_pairs(
        _chord(radius_km) * (1 + 1e-9), output_type="ndarray"
    )
    i = np.concatenate([pairs[:, 0], pairs[:, 1]]).astype(np.int64)
    j = np.concatenate([pairs[:, 1], pairs[:, 0]]).astype(np.int64)
    km = haversine_km(lat[i], lng[i], lat[j], lng[j])
    keep = km <= radius_km
    i, j, km = i[keep], j[keep], km[keep]
    order = np.lexsort((j, i))
    i, j, km = i[order], j[order], km[order]
    ptr = np.zeros(n + 1, np.int64)
    np.add.at(ptr, i + 1, 1)
    return np.cumsum(ptr), j, km.astype(np.float64)


def build_inputs(
    scenario: Scenario,
    assessment: Assessment,
    plan: Plan,
    params: ContingencyParams,
    plan_label: str = "plan",
) -> Inputs:
    """Flatten the domain objects for the kernel (no randomness, no I/O)."""
    notes: list[str] = []
    tm = travel_model(scenario)
    villages = scenario.villages
    n = len(villages)
    risk = assessment.by_code()
    zone_of = {code: r.zone for code, r in risk.items()} | dict(plan.zones)

    score = np.empty(n)
    source: list[str] = []
    zones: list[str] = []
    for i, v in enumerate(villages):
        r = risk.get(v.code)
        zone = zone_of.get(v.code) or v.zone or scenario.zones.zones[0].id
        zones.append(zone)
        if r is not None and r.score is not None:
            score[i] = r.score
            source.append("assessment")
        else:
            score[i] = zone_score(scenario, zone)
            source.append("zone")
    if "zone" in source:
        notes.append(t("sim.note.zone_score", count=source.count("zone")))

    lat = np.array([v.lat for v in villages], dtype=np.float64)
    lng = np.array([v.lng for v in villages], dtype=np.float64)
    area = np.array([_area(v.indicators, tm) for v in villages])

    # --- phases on one minute clock ---
    phases = sorted(scenario.phases, key=lambda p: p.start)
    if phases:
        first = phases[0].start
        epoch = datetime(first.year, first.month, first.day)
    else:
        epoch = datetime.combine(scenario.election_date, datetime.min.time())

    def minute(dt: datetime) -> int:
        return int((dt - epoch).total_seconds() // 60)

    ph_kind = np.array([PHASES.index(p.kind.value) for p in phases], dtype=np.int64)
    ph_start = np.array([minute(p.start) for p in phases], dtype=np.int64)
    ph_end = np.array([minute(p.end) for p in phases], dtype=np.int64)

    # --- people posted per (phase slot, village) ---
    code_index = {v.code: i for i, v in enumerate(villages)}
    slots = len(phases)
    entries: list[list[tuple[float, int, int, str]]] = [[] for _ in range(slots * n)]
    slot_of_kind = {p.kind: s for s, p in enumerate(phases)}
    for a in plan.assignments:
        s = slot_of_kind.get(a.phase)
        i = code_index.get(a.village_code)
        if s is None or i is None:
            continue
        entries[s * n + i].append((a.arrival_min, FORCES.index(a.force.value), a.personnel, a.unit))
    from_requirement = 0
    s_vote = slot_of_kind.get(PhaseKind.PEMUNGUTAN)
    if s_vote is not None:
        req: dict[str, list] = {}
        for r in plan.requirements:
            if r.phase == PhaseKind.PEMUNGUTAN and r.personnel > 0:
                req.setdefault(r.village_code, []).append(r)
        label = t("sim.label.tps_staff")
        rules_of: dict[str, list] = {}
        for rule in scenario.patterns:
            rules_of.setdefault(rule.zone, []).append(rule)
        for i, v in enumerate(villages):
            key = s_vote * n + i
            if entries[key]:
                continue
            from_requirement += 1
            if v.code in req:
                for r in req[v.code]:
                    entries[key].append((0.0, FORCES.index(r.force.value), r.personnel, label))
            else:
                for rule in rules_of.get(zones[i], ()):
                    need = math.ceil(rule.personnel * v.tps / rule.per_tps)
                    if need > 0:
                        entries[key].append((0.0, FORCES.index(rule.force.value), need, label))
    if from_requirement:
        notes.append(t("sim.note.tps_from_requirement", count=from_requirement))
    s_count = slot_of_kind.get(PhaseKind.PENGHITUNGAN)
    if s_count is not None and s_vote is not None:
        for i in range(n):
            if not entries[s_count * n + i]:
                entries[s_count * n + i] = [
                    (0.0, f, p, lab) for _, f, p, lab in entries[s_vote * n + i]
                ]
    post_ptr = np.zeros(slots * n + 1, dtype=np.int64)
    post_ptr[1:] = np.cumsum([len(e) for e in entries])
    flat = [x for e in entries for x in sorted(e)]
    post_t = np.array([x[0] for x in flat], dtype=np.float64)
    post_force = np.array([x[1] for x in flat], dtype=np.int64)
    post_n = np.array([x[2] for x in flat], dtype=np.int64)
    post_label = tuple(x[3] for x in flat)

    # --- patrol from the nearest Polsek ---
    polsek = [u for u in scenario.units if u.kind == UnitKind.POLSEK]
    if polsek:
        ids, trav = nearest_by_time(
            tm,
            np.array([u.lat for u in polsek]),
            np.array([u.lng for u in polsek]),
            np.zeros(len(polsek)),
            lat,
            lng,
            area,
            1,
        )
        patrol_travel = trav[:, 0].copy()
        patrol_name = tuple(polsek[int(j)].name if j >= 0 else "" for j in ids[:, 0])
    else:
        patrol_travel = np.full(n, np.inf)
        patrol_name = ("",) * n

    # --- reserves ---
    reserves, joined = whole_units(list(plan.reserves))
    if joined:
        notes.append(t("sim.note.whole_units", count=joined))
    if not reserves:
        reserves = fallback_reserves(scenario, params.reserve_platoon)
        if reserves:
            notes.append(t("sim.note.fallback_reserves", count=len(reserves)))
    for r in reserves:
        if r.role not in ROLES:
            raise SimInputError(
                t("sim.input.reserve_role", unit=r.unit, role=r.role, known=", ".join(ROLES))
            )
    res_role = np.array([ROLES.index(r.role) for r in reserves], dtype=np.int64)
    res_n = np.array([r.personnel for r in reserves], dtype=np.int64)
    res_ready = np.array([r.ready_min for r in reserves], dtype=np.float64)
    # An element held through named phases is at its post ready_min after the first of them
    # starts; one without phases is on standby for voting and counting, leaving ready_min after
    # each order (a BKO delay).
    first_start = {p.kind: minute(p.start) for p in phases}
    vote_mask = sum(1 << PHASES.index(k.value) for k in TPS_PHASES)
    res_mask = np.array(
        [sum(1 << PHASES.index(k.value) for k in set(r.phases)) or vote_mask for r in reserves],
        dtype=np.int64,
    )
    res_ready_at = np.array(
        [
            min((first_start[k] for k in r.phases if k in first_start), default=-1) + r.ready_min
            if any(k in first_start for k in r.phases)
            else -1.0
            for r in reserves
        ],
        dtype=np.float64,
    )
    res_lat = np.array([r.lat for r in reserves], dtype=np.float64)
    res_lng = np.array([r.lng for r in reserves], dtype=np.float64)
    k = params.candidates_per_role
    cand = np.full((n, len(ROLES), k), -1, dtype=np.int64)
    cand_travel = np.full((n, len(ROLES), k), np.inf)
    for ri in range(len(ROLES)):
        members = np.flatnonzero(res_role == ri)
        if members.size == 0:
            continue
        ids, trav = nearest_by_time(
            tm, res_lat[members], res_lng[members], res_ready[members], lat, lng, area, k
        )
        cand[:, ri, :] = np.where(ids >= 0, members[np.maximum(ids, 0)], -1)
        cand_travel[:, ri, :] = trav

    nb_ptr, nb_idx, nb_km = neighbours_within(lat, lng, params.spill_radius_km)

    return Inputs(
        scenario=scenario.name,
        plan_label=plan_label,
        epoch=epoch,
        codes=tuple(v.code for v in villages),
        names=tuple(v.name for v in villages),
        districts=tuple(v.district_name for v in villages),
        zones=tuple(zones),
        score=score,
        score_source=tuple(source),
        lat=lat,
        lng=lng,
        area=area,
        voters=np.array([v.voters for v in villages], dtype=np.int64),
        candidates=np.array([v.candidates for v in villages], dtype=np.int64),
        registrants=np.array(
            [_int_indicator(v.indicators.get("registrants"), -1) for v in villages], dtype=np.int64
        ),
        incumbent=np.array([int(v.incumbent_running) for v in villages], dtype=np.int64),
        ph_kind=ph_kind,
        ph_start=ph_start,
        ph_end=ph_end,
        post_ptr=post_ptr,
        post_t=post_t,
        post_force=post_force,
        post_n=post_n,
        post_label=post_label,
        patrol_travel=patrol_travel,
        patrol_name=patrol_name,
        res_unit=tuple(r.unit for r in reserves),
        res_site=tuple(r.site_name for r in reserves),
        res_role=res_role,
        res_n=res_n,
        res_ready=res_ready,
        res_ready_at=res_ready_at,
        res_mask=res_mask,
        res_lat=res_lat,
        res_lng=res_lng,
        cand=cand,
        cand_travel=cand_travel,
        nb_ptr=nb_ptr,
        nb_idx=nb_idx,
        nb_km=nb_km,
        notes=tuple(notes),
    )


def role_name(index: int) -> str:
    return ROLES[index]


def force_of(index: int) -> Force:
    return Force(FORCES[index])
