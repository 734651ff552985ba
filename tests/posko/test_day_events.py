"""Election day's event types through the Posko's single writer: every step is an event checked
by the ``sispam.ops`` rule against the projection, refusals carry the rule's key, a resend never
duplicates, and the projection rebuilt from the log equals the live one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from posko_fixtures import OP, make_posko

from sispam.posko.day import service as S
from sispam.posko.events import Principal, Refused
from sispam.posko.states import rebuild

K = "33.10.24.2003"  # Karanganom, Klaten Utara
REP = Principal("reporter", "reporter", "polri", area=K)
KSEK = Principal("kapolsek", "kapolsek", "polri", area="33.10.24")
OTHER_KSEK = Principal("kapolsek2", "kapolsek", "polri", area="33.10.01")
KRES = Principal("kapolres", "kapolres", "polri")
OPR = Principal("operator", "operator", "polri")
TNI = Principal("tni", "tni", "tni")
PEMKAB = Principal("pemkab", "pemkab", "pemkab")


@pytest.fixture(scope="module")
def posko(tmp_path_factory, klaten_inputs):
    p = make_posko(f"sqlite:///{tmp_path_factory.mktemp('day') / 'p.db'}", klaten_inputs)
    yield p
    p.close()


def refused(posko, type_, payload, by) -> Refused:
    with pytest.raises(Refused) as exc:
        posko.append(OP, type_, payload, by)
    return exc.value


def test_the_day_of_one_incident(posko) -> None:
    st = posko.state(OP)
    day = st.view("day")
    report = S.field_report(
        REP, day, {"id": "c-1", "village_code": K, "tps": 1, "status": "opened"}
    )
    posko.append(OP, "report.received", report, REP)
    assert refused(posko, "report.received", report, REP).key == "posko.day.error.duplicate"
    # a reporter of another village, and a report in someone else's name
    other = dict(report, id="c-2", village_code="33.10.01.2008")
    assert refused(posko, "report.received", other, REP).key == "posko.error.out_of_scope"
    assert refused(posko, "report.received", dict(report, id="c-3"), OPR).status == 403

    posko.append(
        OP,
        "incident.opened",
        S.act(REP, day, id="inc-1", village_code=K, category="blockade", crowd=50),
        REP,
    )
    verify = S.act(OPR, day, incident_id="inc-1", village_code=K, action="verify")
    assert refused(posko, "incident.transition", verify, REP).key == "posko.day.error.not_you"
    posko.append(OP, "incident.transition", verify, OPR)
    assert refused(posko, "incident.transition", verify, OPR).key == "ops.refuse.incident_state"

    kuning = S.act(KSEK, day, id="d1", village_code=K, to="kuning", reason="massa 50")
    wrong = S.act(OTHER_KSEK, day, id="d0", village_code=K, to="kuning", reason="x")
    assert refused(posko, "situation.decided", wrong, OTHER_KSEK).status == 403
    posko.append(OP, "situation.decided", kuning, KSEK)
    merah = S.act(KSEK, day, id="d2", village_code=K, to="merah", reason="ricuh")
    no = refused(posko, "situation.decided", merah, KSEK)
    assert (no.key, no.status) == ("ops.refuse.may_not_raise", 403)
    posko.append(
        OP,
        "situation.decided",
        S.act(KRES, day, id="d3", village_code=K, to="merah", reason="ricuh"),
        KRES,
    )
    assert day.situations[K].level.value == "merah"
    assert day.situations[K].control.value == "kapolres"  # the Kapolres took control by declaring
    assert st.view("board").villages[K]["level"] == "merah"
    assert {"pemkab", "kapolda"} <= {n.recipient.value for n in day.notices.values()}

    prop = S.proposal(day, "inc-1")
    phh, tni_line = prop.lines
    assert phh.role.value == "phh" and phh.recommended
    assert [n.key for n in tni_line.notes] == ["ops.refuse.tni_needs_perbantuan"]
    sent = S.dispatch_payload(OPR, day, "inc-1")
    posko.append(OP, "dispatch.sent", sent, OPR)
    assert {d.element for d in day.dispatches} == set(phh.recommended)
    first = day.dispatches[0]
    assert first.eta >= first.at and st.view("units").units[first.unit]["status"] == "bergerak"
    assert refused(posko, "dispatch.sent", sent, OPR).key == "posko.day.error.committed"

    ask = S.act(KRES, day, id="tni-1", village_code=K, reason="massa besar", incident_id="inc-1")
    assert (
        refused(posko, "perbantuan.requested", dict(ask, by=S.act(OPR, day)["by"]), OPR).status
        == 403
    )
    posko.append(OP, "perbantuan.requested", ask, KRES)
    yes = S.act(TNI, day, request_id="tni-1", village_code=K, approve=True, legal_basis="UU 2/2002")
    assert (
        refused(posko, "perbantuan.decided", dict(yes, by=S.act(KRES, day)["by"]), KRES).status
        == 403
    )
    posko.append(OP, "perbantuan.decided", yes, TNI)
    assert day.perbantuan["tni-1"].status == "approved"
    med = S.act(PEMKAB, day, id="med-1", village_code=K, outcome="sepakat", incident_id="inc-1")
    posko.append(OP, "mediation.recorded", med, PEMKAB)

    arrive = S.act(
        OPR,
        day,
        unit=first.unit,
        element=first.element,
        state="tiba",
        incident_id="inc-1",
        village_code=K,
    )
    arrive.pop("by")
    posko.append(OP, "unit.updated", arrive, OPR)
    assert day.incidents["inc-1"].first_arrival_at is not None

    rebuilt = rebuild(OP, posko.store.read(OP))
    assert rebuilt.snapshot() == st.snapshot()


def test_text_intake_keeps_the_raw_message_and_needs_a_person(posko) -> None:
    day = posko.state(OP).view("day")
    # the live operation runs on the wall clock: a time an hour ago has always happened (a fixed
    # 14.05 is "in the future" before 14:05 and refused, as it must be)
    text = f"tps karangnom tutpu {day.now() - timedelta(hours=1):%H.%M}"
    msg = S.text_message(day, text, sender="+62811", channel="sms", message_id="m-9")
    posko.append(OP, "intake.text", msg, OPR)
    assert refused(posko, "intake.text", msg, OPR).key == "posko.day.error.duplicate"
    r = day.reports[msg["report"]["id"]]
    assert r.raw_text == text and r.review.value == "machine_read"
    assert "tutpu → TUTUP" in msg["reply"]
    # a machine reading cannot support a level change until a person confirms it
    cite = S.act(
        KRES, day, id="d9", village_code=r.village_code, to="kuning", reason="massa", report_id=r.id
    )
    assert refused(posko, "situation.decided", cite, KRES).key == "ops.refuse.unconfirmed_report"
    review = S.act(OPR, day, report_id=r.id, village_code=r.village_code)
    posko.append(OP, "report.reviewed", review, OPR)
    assert day.reports[r.id].review.value == "confirmed"
    bad = S.text_message(
        day, "TPS jetis tutup 1405", sender="+62811", channel="sms", message_id="m-10"
    )
    posko.append(OP, "intake.text", bad, OPR)
    assert not bad["ok"] and bad["report"] is None and "jetis" in bad["reply"]
