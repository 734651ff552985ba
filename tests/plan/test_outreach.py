"""Cipta kondisi: the outreach calendar respects officers' capacity and favours higher zones."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from plan_factory import BARE, given_zones, scenario, village

from sispam.assess import assess
from sispam.plan import plan
from sispam.plan.outreach import schedule_outreach
from sispam.plan.settings import OutreachSettings


def test_klaten_calendar_rules(klaten) -> None:  # type: ignore[no-untyped-def]
    a = assess(klaten)
    p = plan(klaten, a)
    s = OutreachSettings()
    assert p.outreach and p.outreach_unscheduled == 0
    day0 = klaten.election_date
    per_day: Counter = Counter()
    per_week: Counter = Counter()
    village_day: Counter = Counter()
    for e in p.outreach:
        if e.activity == "jumat_curhat":
            assert e.day.weekday() == 4  # Fridays only
            assert e.officer_kind == "kapolsek"
        else:
            per_day[(e.officer, e.day)] += 1
            per_week[(e.officer, e.day.isocalendar()[:2])] += 1
        village_day[(e.village_code, e.day)] += 1
        if e.before_vote:
            assert day0 - timedelta(days=s.before_days) <= e.day < day0
        else:
            assert day0 < e.day <= day0 + timedelta(days=s.after_days)
    assert max(per_day.values()) == 1
    assert max(per_week.values()) <= s.max_per_week
    assert max(village_day.values()) == 1
    fridays = Counter((e.officer, e.day) for e in p.outreach if e.activity == "jumat_curhat")
    assert max(fridays.values()) <= s.jumat_curhat_per_friday


def test_higher_zones_get_more_and_earlier_visits(klaten) -> None:  # type: ignore[no-untyped-def]
    a = assess(klaten)
    p = plan(klaten, a)
    rank = {z: klaten.zones.rank(z) for z in klaten.zones.ids()}
    count: Counter = Counter(e.village_code for e in p.outreach)
    first: dict[str, object] = {}
    for e in p.outreach:
        if e.before_vote:
            first.setdefault(e.village_code, e.day)
    by_zone = defaultdict(list)
    for v in klaten.villages:
        by_zone[a.zone_of(v.code)].append(v.code)
    zones = sorted(by_zone, key=rank.__getitem__)
    for low, high in zip(zones, zones[1:], strict=False):
        assert min(count[c] for c in by_zone[high]) > max(count[c] for c in by_zone[low])

        # earlier on average (a full Friday can push a single visit off its target day)
        def mean_day(codes: list[str]) -> float:
            return sum(first[c].toordinal() for c in codes) / len(codes)  # type: ignore[attr-defined]

        assert mean_day(by_zone[high]) < mean_day(by_zone[low])


def test_capacity_shortage_is_counted_not_hidden() -> None:
    # One Bhabinkamtibmas for four villages, one visit a week, one week before the vote: three
    # silaturahmi visits (merah) cannot all fit.
    vs = [village(c, zone="merah") for c in ("33.10.01.2008", "33.10.01.2010", "33.10.01.2014")]
    s = scenario(vs, [], settings=BARE)
    out = OutreachSettings(
        before_days=7,
        after_days=0,
        villages_per_bhabinkamtibmas=4,
        max_per_week=1,
        before={"jumat_curhat": (0,), "silaturahmi": (1,), "polisi_rw": (0,)},
    )
    events, unscheduled = schedule_outreach(s, ["merah"] * 3, [None] * 3, out)
    assert len(events) + unscheduled == 3
    assert unscheduled >= 1
    assert len({e.officer for e in events}) == 1


def test_outreach_can_be_switched_off() -> None:
    s = scenario([village("33.10.01.2008")], [], settings=BARE)
    p = plan(s, given_zones(s))
    assert p.outreach == () and p.outreach_unscheduled == 0
