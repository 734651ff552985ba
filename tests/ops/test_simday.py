"""A simulated day: the example run of the contingency simulation as Posko records."""

from __future__ import annotations

from collections import Counter

import pytest

from sispam.domain import SimResult, SituationLevel
from sispam.domain.incident import IncidentState, ReportKind, Review, TpsStatus
from sispam.ops import (
    OpsLog,
    SimulatedDay,
    apply_decision,
    board_at,
    initial_situations,
    parse_message,
    simulated_day,
)
from sispam.sim.contingency import simulate


@pytest.fixture(scope="module")
def sim(klaten, klaten_assessment, klaten_plan) -> SimResult:
    return simulate(klaten, klaten_assessment, klaten_plan, runs=100, seed=7, workers=1)


@pytest.fixture(scope="module")
def day(klaten, klaten_plan, sim) -> SimulatedDay:
    return simulated_day(klaten, klaten_plan, sim)


def test_items_are_in_time_order_and_numbered(day) -> None:
    keys = [(it.at, it.seq) for it in day.items]
    assert keys == sorted(keys)
    assert [it.seq for it in day.items] == list(range(len(day.items)))


def test_the_same_simulation_gives_the_same_day(klaten, klaten_plan, sim, day) -> None:
    assert simulated_day(klaten, klaten_plan, sim) == day
    assert SimulatedDay.model_validate_json(day.model_dump_json()) == day


def test_every_tps_reports_its_whole_day_in_the_short_format(klaten, day) -> None:
    texts = [it for it in day.items if it.text is not None]
    for it in texts:  # what was sent reads back to what was recorded
        res = parse_message(
            it.text,
            klaten,
            received_at=it.report.received_at,
            sender=it.report.reporter,
            channel=it.report.channel,
        )
        assert res.report == it.report
    per_tps = Counter(
        (r.village_code, r.status)
        for r in day.log.reports
        if r.kind is ReportKind.TPS_STATUS and r.reporter.startswith("Bhabinkamtibmas")
    )
    day_statuses = set(TpsStatus) - {TpsStatus.VOTING, TpsStatus.PAUSED}  # a day without pauses
    assert len(per_tps) == sum(v.tps for v in klaten.villages) * len(day_statuses)
    assert {s for _, s in per_tps} == day_statuses
    end = max(it.at for it in day.items)
    board = board_at(klaten, day.log, end)
    assert {line.status for line in board.tps} == {TpsStatus.BOX_ARRIVED}


def test_decisions_follow_one_another_and_the_rules(klaten, sim, day) -> None:
    sits = initial_situations(klaten)
    for d in day.log.decisions:
        cur = sits[d.village_code]
        assert d.from_level is cur.level and d.control_from is cur.control
        sits[d.village_code] = apply_decision(cur, d)
        if d.report_id:
            report = next(r for r in day.log.reports if r.id == d.report_id)
            assert report.review.usable  # a person confirmed what the machine read
    levels = {e.level for e in (sim.example.events if sim.example else ()) if e.kind == "level"}
    decided = {d.to_level.value for d in day.log.decisions}
    assert levels <= decided | {None}
    if SituationLevel.MERAH.value in levels:
        merah = [d for d in day.log.decisions if d.to_level is SituationLevel.MERAH]
        assert merah and all(d.by.role.value == "kapolres" for d in merah)


def test_incidents_end_closed_by_the_right_person(day) -> None:
    for inc in day.log.incidents:
        assert inc.history[0].to_state is IncidentState.REPORTED
        assert inc.history[1].to_state is IncidentState.VERIFIED
        if inc.state is IncidentState.CLOSED:
            assert inc.outcome and inc.closed_by is not None
    checked = [
        r for r in day.log.reports if r.kind is ReportKind.INCIDENT and r.review is Review.CONFIRMED
    ]
    assert len(checked) >= len(day.log.incidents)


def test_quiet_run_gives_only_the_tps_day(klaten, klaten_plan, sim) -> None:
    quiet = sim.model_copy(update={"example": None})
    d = simulated_day(klaten, klaten_plan, quiet)
    assert {it.kind for it in d.items} == {"report"} and isinstance(d.log, OpsLog)
    none = simulated_day(klaten, klaten_plan, quiet, tps_reports=False)
    assert none.items == ()
