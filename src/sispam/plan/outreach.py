"""Cipta kondisi (outreach): Jumat Curhat, silaturahmi and Polisi RW visits before and after the
vote, scheduled by risk within the village officers' capacity.

Who runs what: **Jumat Curhat** (the Friday listening session) is led by the Kapolsek — one per
Polsek per Friday by default; **Polisi RW** visits are the Bhabinkamtibmas' (the police village
officer); **silaturahmi** visits to community and religious figures are the Babinsa's (the army
village officer). An officer does at most one visit a day and ``max_per_week`` a week; a village
gets at most one event a day.

How many and when: the counts per activity come from ``[outreach] before``/``after`` by zone
rank. Villages are served in order of risk (zone, then score, then code), so higher zones take
the earliest free slots; in the pre-vote window a village's visits are spread evenly from a start
that is earlier the higher its zone (the highest zone from the first day, the lowest from the
middle of the window). A visit that finds no free slot is counted as unscheduled.
"""

from __future__ import annotations

from datetime import date, timedelta

from sispam.domain import OutreachEvent, Scenario
from sispam.i18n import t
from sispam.plan.settings import ACTIVITIES, OutreachSettings, by_rank

FRIDAY = 4  # date.weekday()


def _officers(scenario: Scenario, per: int, label: str) -> list[str]:
    """Officer name per village: villages of a kecamatan in code order, ``per`` to an officer."""
    by_district: dict[str, list[int]] = {}
    for i, v in enumerate(scenario.villages):
        by_district.setdefault(v.district_code, []).append(i)
    out = [""] * len(scenario.villages)
    for members in by_district.values():
        members.sort(key=lambda i: scenario.villages[i].code)
        for k in range(0, len(members), per):
            chunk = members[k : k + per]
            if per == 1:
                name = t(label, place=scenario.villages[chunk[0]].name)
            else:
                d = scenario.villages[chunk[0]].district_name
                name = t(label, place=f"{d} {k // per + 1}")
            for i in chunk:
                out[i] = name
    return out


def schedule_outreach(
    scenario: Scenario,
    zones: list[str],
    scores: list[float | None],
    s: OutreachSettings,
) -> tuple[tuple[OutreachEvent, ...], int]:
    """The outreach calendar (sorted by day) and the number of visits that found no slot."""
    if not s.enabled or not scenario.villages:
        return (), 0
    n_z = len(scenario.zones.zones)
    rank = [scenario.zones.rank(z) for z in zones]
    bhabin = _officers(scenario, s.villages_per_bhabinkamtibmas, "plan.outreach.bhabinkamtibmas")
    babinsa = _officers(scenario, s.villages_per_babinsa, "plan.outreach.babinsa")
    kapolsek = [t("plan.outreach.kapolsek", place=v.district_name) for v in scenario.villages]
    order = sorted(
        range(len(zones)),
        key=lambda i: (-rank[i], -(scores[i] or 0.0), scenario.villages[i].code),
    )
    busy_day: set[tuple[str, date]] = set()  # officer (or village) already out that day
    per_week: dict[tuple[str, int, int], int] = {}
    fridays: dict[tuple[str, date], int] = {}
    events: list[OutreachEvent] = []
    unscheduled = 0
    day0 = scenario.election_date
    windows = (
        (True, day0 - timedelta(days=s.before_days), day0 - timedelta(days=1), s.before),
        (False, day0 + timedelta(days=1), day0 + timedelta(days=s.after_days), s.after),
    )

    def free(officer: str, kind: str, village: str, day: date) -> bool:
        if (village, day) in busy_day:
            return False
        if kind == "jumat_curhat":
            return (
                day.weekday() == FRIDAY
                and fridays.get((officer, day), 0) < s.jumat_curhat_per_friday
            )
        week = day.isocalendar()
        return (officer, day) not in busy_day and per_week.get(
            (officer, week[0], week[1]), 0
        ) < s.max_per_week

    def book(officer: str, kind: str, village: str, day: date) -> None:
        busy_day.add((village, day))
        if kind == "jumat_curhat":
            fridays[(officer, day)] = fridays.get((officer, day), 0) + 1
            return
        busy_day.add((officer, day))
        week = day.isocalendar()
        per_week[(officer, week[0], week[1])] = per_week.get((officer, week[0], week[1]), 0) + 1

    for before, first, last, table in windows:
        span = (last - first).days + 1
        if span <= 0:
            continue
        for i in order:
            v = scenario.villages[i]
            r_norm = rank[i] / (n_z - 1) if n_z > 1 else 1.0
            start = first + timedelta(days=int((1 - r_norm) * (span - 1) / 2)) if before else first
            width = (last - start).days + 1
            for kind in ACTIVITIES:
                n = by_rank(table.get(kind, (0,)), rank[i], n_z)
                officer = {"jumat_curhat": kapolsek, "silaturahmi": babinsa, "polisi_rw": bhabin}[
                    kind
                ][i]
                for k in range(n):
                    target = start + timedelta(days=(k * width) // n)
                    days = [target + timedelta(days=j) for j in range((last - target).days + 1)]
                    days += [
                        target - timedelta(days=j) for j in range(1, (target - first).days + 1)
                    ]
                    chosen = next((d for d in days if free(officer, kind, v.code, d)), None)
                    if chosen is None:
                        unscheduled += 1
                        continue
                    book(officer, kind, v.code, chosen)
                    events.append(
                        OutreachEvent(
                            day=chosen,
                            village_code=v.code,
                            activity=kind,
                            officer=officer,
                            before_vote=before,
                            officer_kind={
                                "jumat_curhat": "kapolsek",
                                "silaturahmi": "babinsa",
                                "polisi_rw": "bhabinkamtibmas",
                            }[kind],
                            zone=zones[i],
                        )
                    )
    events.sort(key=lambda e: (e.day, e.village_code, ACTIVITIES.index(e.activity)))
    return tuple(events), unscheduled
