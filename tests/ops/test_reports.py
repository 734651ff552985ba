"""Merging reports from several channels (per-field agreement as confidence), and review."""

from __future__ import annotations

from datetime import datetime

from ops_people import BRAJAN, KAPOLSEK_PRAMBANAN, KARANGANOM, OPERATOR, REPORTER, at

from sispam.domain import SituationLevel
from sispam.domain.incident import (
    Channel,
    FieldReport,
    IncidentCategory,
    ReportKind,
    Review,
    TpsStatus,
)
from sispam.ops import Refusal, merge_reports, review_report


def tps(rid: str, status: TpsStatus, when: datetime, channel=Channel.SMS, **kw) -> FieldReport:
    return FieldReport(
        id=rid,
        channel=channel,
        reporter=rid,
        received_at=when,
        at=when,
        village_code=KARANGANOM,
        tps=1,
        kind=ReportKind.TPS_STATUS,
        status=status,
        **kw,
    )


def inc(rid: str, when: datetime, category, crowd=None, channel=Channel.SMS, **kw):
    return FieldReport(
        id=rid,
        channel=channel,
        reporter=rid,
        received_at=when,
        at=when,
        village_code=KARANGANOM,
        kind=ReportKind.INCIDENT,
        category=category,
        crowd=crowd,
        **kw,
    )


def test_tps_reports_merge_into_one_record_with_confidence() -> None:
    reports = [
        tps("sms:1", TpsStatus.CLOSED, at("13:02")),
        tps("wa:1", TpsStatus.CLOSED, at("13:05"), Channel.WHATSAPP),
        tps("web:1", TpsStatus.CLOSED, at("13:40"), Channel.WEB),  # disagrees
        tps("sms:2", TpsStatus.OPENED, at("07:01")),
    ]
    (rec,) = merge_reports(reports)
    assert rec.key == f"tps:{KARANGANOM}-1" and rec.kind is ReportKind.TPS_STATUS
    assert rec.channels == (Channel.SMS, Channel.WHATSAPP, Channel.WEB)
    closed = rec.field("closed")
    assert closed.value == at("13:05") and closed.sources == 3 and closed.agree == 2
    assert closed.confidence == round(2 / 3, 4) and closed.conflict
    assert dict(closed.values) == {"13:02": 1, "13:05": 1, "13:40": 1}
    opened = rec.field("opened")
    assert opened.confidence == 1.0 and not opened.conflict
    assert [f.field for f in rec.conflicts] == ["closed"]


def test_rumours_are_listed_but_do_not_count_and_rejected_reports_not_at_all() -> None:
    reports = [
        inc("sms:1", at("10:00"), IncidentCategory.BLOCKADE, 50),
        inc("wa:1", at("10:05"), IncidentCategory.BLOCKADE, 60, Channel.WHATSAPP),
        inc("wa:2", at("10:07"), IncidentCategory.CLASH, 500, Channel.WHATSAPP, rumour=True),
        inc("web:1", at("10:08"), IncidentCategory.DAMAGE, 55, Channel.WEB, review=Review.REJECTED),
    ]
    (rec,) = merge_reports(reports)
    assert rec.rumour_ids == ("wa:2",) and rec.rejected_ids == ("web:1",)
    cat = rec.field("category")
    assert cat.value == IncidentCategory.BLOCKADE and cat.confidence == 1.0
    crowd = rec.field("crowd")
    assert crowd.value == 50 and crowd.confidence == 1.0  # 60 is within 30 % of 50
    assert rec.confidence == 1.0 and rec.conflicts == ()


def test_incident_reports_group_by_incident_then_by_village_and_time() -> None:
    reports = [
        inc("a", at("10:00"), IncidentCategory.CROWD, 20),
        inc("b", at("10:30"), IncidentCategory.CROWD, 25),
        inc("c", at("12:00"), IncidentCategory.CROWD, 80),  # a new cluster: > 60 min later
        inc("d", at("12:05"), IncidentCategory.CROWD, 90, incident_id="inc-9"),
    ]
    recs = {r.key: r.report_ids for r in merge_reports(reports)}
    assert recs == {
        "incident:inc-9": ("d",),
        f"village:{KARANGANOM}@2023-07-05T10:00": ("a", "b"),
        f"village:{KARANGANOM}@2023-07-05T12:00": ("c",),
    }


def test_a_resent_report_counts_once() -> None:
    one = tps("sms:1", TpsStatus.CLOSED, at("13:02"))
    (rec,) = merge_reports([one, one, one])
    assert rec.report_ids == ("sms:1",) and rec.field("closed").sources == 1


def test_review_confirm_correct_reject() -> None:
    raw = inc(
        "sms:1",
        at("10:00"),
        IncidentCategory.CROWD,
        50,
        review=Review.MACHINE_READ,
        raw_text="INSIDEN KARANGANOM MASSA 50",
    )
    c = review_report(raw, OPERATOR, at("10:01"))
    assert c.review is Review.CONFIRMED and c.reviewed_by == OPERATOR
    fixed = review_report(
        raw,
        OPERATOR,
        at("10:01"),
        corrections={"crowd": 150, "suggested_level": SituationLevel.KUNING},
    )
    assert fixed.review is Review.CORRECTED and fixed.crowd == 150
    assert fixed.raw_text == raw.raw_text
    assert review_report(raw, OPERATOR, at("10:01"), accept=False).review is Review.REJECTED
    assert review_report(raw, OPERATOR, at("10:01"), rumour=True).rumour
    for bad in (
        review_report(raw, REPORTER, at("10:01")),
        review_report(raw, KAPOLSEK_PRAMBANAN, at("10:01")),
        review_report(raw, OPERATOR, at("10:01"), corrections={"reporter": "x"}),
        review_report(raw, OPERATOR, at("10:01"), corrections={"crowd": -5}),
        review_report(
            raw, OPERATOR, at("10:01"), corrections={"village_code": BRAJAN, "category": None}
        ),
    ):
        assert isinstance(bad, Refusal) and bad.message("en")
