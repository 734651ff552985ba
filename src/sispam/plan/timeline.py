"""Jadwal dan pengawalan (the operation's timeline and its escorts): the phases, the BKO's
arrival, D-1 — the deployment parade (*apel gelar pasukan*), the distribution of the election
materials under escort, the move to posts (*pergeseran pasukan*), the overnight guard at the
village halls — and, after counting, the TPS team escorting its ballot box to the kecamatan
office. Times come from the scenario's phases and ``[plan.schedule]``; routes and durations from
the same travel model as everything else."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import timedelta

import numpy as np

from sispam.domain import Assignment, Escort, PhaseKind, ReserveAssignment, ScheduleItem
from sispam.i18n import t
from sispam.plan.construct import construct
from sispam.plan.context import Context
from sispam.plan.requirement import TPS
from sispam.plan.settings import at_day_time

GUARD_POST = "logistik"  # the overnight guard of the materials (a default phase post)


def _office_minutes(ctx: Context, villages: list[int]) -> np.ndarray:
    """Travel minutes between each village and its kecamatan office."""
    if not villages:
        return np.zeros(0)
    offices = [ctx.offices[f"kecamatan:{ctx.scenario.villages[i].district_code}"] for i in villages]
    idx = np.array(villages)
    return np.asarray(
        ctx.travel.minutes(  # type: ignore[attr-defined]
            ctx.lat[idx],
            ctx.lng[idx],
            np.array([o.lat for o in offices]),
            np.array([o.lng for o in offices]),
            area=ctx.areas[idx],
        ),
        float,
    )


def escorts(ctx: Context, assignments: tuple[Assignment, ...]) -> tuple[Escort, ...]:
    """The ballot-box escort after counting (by the TPS team's police) and the escort of the
    materials to the villages on D-1 (by the police who then guard them overnight)."""
    s = ctx.settings
    by_code = {v.code: i for i, v in enumerate(ctx.scenario.villages)}
    out: list[Escort] = []
    last = next((p for p in reversed(s.tps_phases) if p in ctx.lengths), None)
    jobs: list[tuple[str, PhaseKind | None, str]] = [
        ("kotak_suara", last, TPS),
        ("logistik", PhaseKind.MASA_TENANG, GUARD_POST),
    ]
    for kind, phase, post in jobs:
        if phase is None:
            continue
        team: dict[str, list[Assignment]] = defaultdict(list)
        for a in assignments:
            if a.phase == phase and a.post == post and a.village_code and a.force.value == "polri":
                team[a.village_code].append(a)
        if not team:
            continue
        villages = sorted(team, key=by_code.__getitem__)
        minutes = _office_minutes(ctx, [by_code[c] for c in villages])
        for code, m in zip(villages, minutes.tolist(), strict=True):
            v = ctx.scenario.villages[by_code[code]]
            office = ctx.offices[f"kecamatan:{v.district_code}"]
            trip = math.ceil(m)
            if kind == "kotak_suara":
                depart = ctx.phase_end[phase]
                origin, dest, lat, lng = (
                    t("plan.place.tps", name=v.name),
                    office.name,
                    office.lat,
                    office.lng,
                )
            else:
                depart = at_day_time(ctx.scenario.election_date, s.schedule.distribution)
                origin, dest, lat, lng = (
                    office.name,
                    t("plan.place.balai_desa", name=v.name),
                    v.lat,
                    v.lng,
                )
            members = team[code]
            out.append(
                construct(Escort,
                    kind=kind,
                    village_code=code,
                    origin=origin,
                    destination=dest,
                    dest_lat=lat,
                    dest_lng=lng,
                    travel_min=round(m, 1),
                    depart_at=depart,
                    arrive_at=depart + timedelta(minutes=trip),
                    personnel=sum(a.personnel for a in members),
                    units=tuple(sorted({a.unit for a in members})),
                )
            )  # fmt: skip
    return tuple(out)


def schedule(
    ctx: Context,
    assignments: tuple[Assignment, ...],
    reserves: tuple[ReserveAssignment, ...],
    escort_list: tuple[Escort, ...],
) -> tuple[ScheduleItem, ...]:
    """Jadwal kegiatan, in time order."""
    sc = ctx.scenario
    day = sc.election_date
    hq = t("plan.site.mapolres")
    items: list[tuple[int, ScheduleItem]] = []
    people: dict[PhaseKind, int] = defaultdict(int)
    for a in assignments:
        people[a.phase] += a.personnel
    for r in reserves:
        for ph in r.phases:
            people[ph] += r.personnel
    for i, p in enumerate(sc.phases):
        items.append(
            (10 + i, construct(ScheduleItem,
                start=p.start, end=p.end, activity="phase", phase=p.kind, place="",
                personnel=people.get(p.kind, 0), units=(),
            ))
        )  # fmt: skip
    arrivals: dict[tuple, list] = defaultdict(list)
    for u in sc.units:
        if u.arrival_at is not None:
            arrivals[(u.arrival_at, u.kind.value)].append(u)
    for (when, _), units in sorted(arrivals.items()):
        items.append(
            (0, construct(ScheduleItem,
                start=when, end=None, activity="bko_arrival", phase=None, place=hq,
                personnel=sum(u.strength for u in units), units=tuple(u.name for u in units),
            ))
        )  # fmt: skip
    key = ctx.settings.key_phase if ctx.settings.key_phase in ctx.lengths else None
    apel = at_day_time(day, ctx.settings.schedule.apel)
    on_duty = [
        u for u in sc.units
        if (key is None or u.available_in(key)) and (u.arrival_at is None or u.arrival_at <= apel)
        and u.kind.value != "linmas"
    ]  # fmt: skip
    items.append(
        (1, construct(ScheduleItem,
            start=apel, end=None, activity="apel", phase=None, place=hq,
            personnel=sum(u.strength for u in on_duty), units=(),
        ))
    )  # fmt: skip
    for kind, activity, order in (
        ("logistik", "distribution", 2),
        ("kotak_suara", "box_escort", 6),
    ):
        mine = [e for e in escort_list if e.kind == kind]
        if mine:
            items.append(
                (order, construct(ScheduleItem,
                    start=min(e.depart_at for e in mine), end=max(e.arrive_at for e in mine),
                    activity=activity, phase=None, place="",
                    personnel=sum(e.personnel for e in mine), units=(),
                ))
            )  # fmt: skip
    if key is not None:
        moving = sum(a.personnel for a in assignments if a.phase == key)
        moving += sum(r.personnel for r in reserves if key in r.phases)
        items.append(
            (3, construct(ScheduleItem,
                start=at_day_time(day, ctx.settings.schedule.move), end=ctx.phase_start[key],
                activity="move", phase=None, place="", personnel=moving, units=(),
            ))
        )  # fmt: skip
    guards = [a for a in assignments if a.post == GUARD_POST and a.arrival_at is not None]
    if guards:
        start = min(a.arrival_at - timedelta(minutes=round(a.arrival_min)) for a in guards)  # type: ignore[operator]
        items.append(
            (4, construct(ScheduleItem,
                start=start, end=ctx.phase_end.get(PhaseKind.MASA_TENANG), activity="guard",
                phase=PhaseKind.MASA_TENANG, place="", personnel=sum(a.personnel for a in guards),
                units=(),
            ))
        )  # fmt: skip
    items.sort(key=lambda x: (x[1].start, x[0]))
    return tuple(x[1] for x in items)
