"""Cipta kondisi (outreach): Jumat Curhat, silaturahmi and Polisi RW visits before and after the
vote, scheduled by risk within the village officers' capacity.

Who runs what: **Jumat Curhat** (the Friday listening session) is led by the Kapolsek — one per
Polsek per Friday by default; **Polisi RW** visits are made by the officers assigned to the
village's RW — other officers than the Bhabinkamtibmas (Polres Semarang, 2023: 709 officers for
1,275 RW); **silaturahmi** visits to community and religious figures are the Bhabinkamtibmas'
with the Babinsa (the police and army village officers). An officer does at most one visit a day and ``max_per_week`` a week; a village
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
from sispam.plan.construct import construct
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


class _Calendar:
    """One window's days (by index) and who is already out on each."""

    def __init__(self, first: date, span: int, per_week: int, per_friday: int) -> None:
        self.days = [first + timedelta(days=j) for j in range(span)]
        self.friday = [d.weekday() == FRIDAY for d in self.days]
        self.week = [d.isocalendar()[:2] for d in self.days]  # ISO (year, week)
        self.max_week, self.max_friday = per_week, per_friday
        self.busy: dict[str, set[int]] = {}  # officer or village → day indices taken
        self.per_week: dict[tuple[str, tuple[int, int]], int] = {}
        self.fridays: dict[tuple[str, int], int] = {}

    def free(self, officer: str, kind: str, village: str, j: int) -> bool:
        if j in self.busy.get(village, ()):
            return False
        if kind == "jumat_curhat":
            return self.friday[j] and self.fridays.get((officer, j), 0) < self.max_friday
        return (
            j not in self.busy.get(officer, ())
            and self.per_week.get((officer, self.week[j]), 0) < self.max_week
        )

    def book(self, officer: str, kind: str, village: str, j: int) -> None:
        self.busy.setdefault(village, set()).add(j)
        if kind == "jumat_curhat":
            self.fridays[(officer, j)] = self.fridays.get((officer, j), 0) + 1
            return
        self.busy.setdefault(officer, set()).add(j)
        key = (officer, self.week[j])
        self.per_week[key] = self.per_week.get(key, 0) + 1


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
    polisi_rw = _officers(scenario, s.villages_per_polisi_rw, "plan.outreach.polisi_rw")
    kapolsek = [t("plan.outreach.kapolsek", place=v.district_name) for v in scenario.villages]
    order = sorted(
        range(len(zones)),
        key=lambda i: (-rank[i], -(scores[i] or 0.0), scenario.villages[i].code),
    )
    events: list[OutreachEvent] = []
    unscheduled = 0
    day0 = scenario.election_date
    windows = (
        (True, day0 - timedelta(days=s.before_days), s.before_days, s.before),
        (False, day0 + timedelta(days=1), s.after_days, s.after),
    )
    kind_of = {
        "jumat_curhat": "kapolsek",
        "silaturahmi": "bhabinkamtibmas",
        "polisi_rw": "polisi_rw",
    }
    officer_of = {"jumat_curhat": kapolsek, "silaturahmi": bhabin, "polisi_rw": polisi_rw}
    for before, first, span, table in windows:
        if span <= 0:
            continue
        cal = _Calendar(first, span, s.max_per_week, s.jumat_curhat_per_friday)
        for i in order:
            v = scenario.villages[i]
            r_norm = rank[i] / (n_z - 1) if n_z > 1 else 1.0
            start = int((1 - r_norm) * (span - 1) / 2) if before else 0
            width = span - start
            for kind in ACTIVITIES:
                n = by_rank(table.get(kind, (0,)), rank[i], n_z)
                officer = officer_of[kind][i]
                for k in range(n):
                    target = start + (k * width) // n
                    # from the target forward, then back towards the window's first day
                    chosen = next(
                        (
                            j
                            for j in (*range(target, span), *range(target - 1, -1, -1))
                            if cal.free(officer, kind, v.code, j)
                        ),
                        None,
                    )
                    if chosen is None:
                        unscheduled += 1
                        continue
                    cal.book(officer, kind, v.code, chosen)
                    events.append(
                        construct(
                            OutreachEvent,
                            day=cal.days[chosen],
                            village_code=v.code,
                            activity=kind,
                            officer=officer,
                            before_vote=before,
                            officer_kind=kind_of[kind],
                            zone=zones[i],
                        )
                    )
    events.sort(key=lambda e: (e.day, e.village_code, ACTIVITIES.index(e.activity)))
    return tuple(events), unscheduled
