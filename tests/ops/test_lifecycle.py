"""The incident lifecycle: allowed steps, required fields, who may take each step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ops_people import (
    BRAJAN,
    DANDIM,
    KAPOLRES,
    KAPOLSEK_KLATEN_UTARA,
    KAPOLSEK_PRAMBANAN,
    KARANGANOM,
    OBSERVER,
    OPERATOR,
    REPORTER,
    at,
)

from sispam.domain import SituationLevel
from sispam.domain.incident import (
    Incident,
    IncidentAction,
    IncidentCategory,
    IncidentState,
)
from sispam.ops import (
    TRANSITIONS,
    Refusal,
    allowed_actions,
    link_report,
    open_incident,
    record_arrival,
    transition,
)

A, S = IncidentAction, IncidentState


def ok(result):
    assert not isinstance(result, Refusal), result.message("en")
    return result


def refused(result, key: str) -> Refusal:
    assert isinstance(result, Refusal), result
    assert result.key == f"ops.refuse.{key}", result.key
    return result


def new(code: str = KARANGANOM, by=REPORTER) -> Incident:
    return ok(
        open_incident(
            village_code=code,
            category=IncidentCategory.BLOCKADE,
            by=by,
            at=at("10:00"),
            crowd=50,
            report_ids=("sms:1",),
        )
    )


def test_the_whole_life_of_an_incident() -> None:
    inc = new()
    assert inc.state is S.REPORTED and inc.history[0].by == REPORTER
    assert inc.cap_event == "civil.demonstrations" and inc.cap_category == "Security"
    inc = ok(transition(inc, A.VERIFY, OPERATOR, at("10:03"), note="dicek ke Bhabin"))
    inc = ok(transition(inc, A.RESPOND, OPERATOR, at("10:05"), units=("Dalmas Awal Pleton 1",)))
    inc = ok(transition(inc, A.CONTAIN, KAPOLSEK_KLATEN_UTARA, at("10:40")))
    inc = ok(
        transition(
            inc, A.CLOSE, KAPOLSEK_KLATEN_UTARA, at("11:00"), outcome="massa bubar setelah mediasi"
        )
    )
    assert inc.state is S.CLOSED and inc.closed_by == KAPOLSEK_KLATEN_UTARA
    inc = ok(transition(inc, A.REOPEN, OPERATOR, at("12:00"), note="massa kembali"))
    assert inc.state is S.REOPENED and inc.outcome == "" and inc.closed_by is None
    assert [h.to_state for h in inc.history] == [
        S.REPORTED,
        S.VERIFIED,
        S.RESPONDING,
        S.CONTAINED,
        S.CLOSED,
        S.REOPENED,
    ]
    assert Incident.model_validate_json(inc.model_dump_json()) == inc


def test_required_fields() -> None:
    inc = new()
    refused(transition(inc, A.REJECT, OPERATOR, at("10:01")), "reason_required")
    v = ok(transition(inc, A.VERIFY, OPERATOR, at("10:01")))
    refused(transition(v, A.RESPOND, OPERATOR, at("10:02")), "units_required")
    refused(transition(v, A.CLOSE, KAPOLRES, at("10:02"), outcome=" "), "outcome_required")
    refused(transition(v, A.VERIFY, OPERATOR, at("10:02")), "incident_state")
    refused(transition(v, A.CONTAIN, OPERATOR, at("09:00")), "incident_state")
    r = ok(transition(v, A.RESPOND, OPERATOR, at("10:02"), units=("x",)))
    refused(transition(r, A.CONTAIN, OPERATOR, at("09:00")), "time_order")
    with pytest.raises(ValueError):  # a closed incident without outcome cannot even exist
        Incident.model_validate(v.model_dump() | {"state": "closed"})


def test_who_may_take_each_step() -> None:
    inc = new()
    for who in (REPORTER, DANDIM, OBSERVER):
        refused(transition(inc, A.VERIFY, who, at("10:01")), "incident_role")
    refused(transition(inc, A.VERIFY, KAPOLSEK_PRAMBANAN, at("10:01")), "outside_area")
    ok(transition(inc, A.VERIFY, KAPOLSEK_KLATEN_UTARA, at("10:01")))
    v = ok(transition(inc, A.VERIFY, OPERATOR, at("10:01")))
    refused(transition(v, A.CLOSE, OPERATOR, at("10:05"), outcome="x"), "incident_role")
    # a reporter reports only in his own village
    refused(
        open_incident(
            village_code=BRAJAN, category=IncidentCategory.CROWD, by=REPORTER, at=at("10:00")
        ),
        "outside_area",
    )
    refused(
        open_incident(
            village_code=BRAJAN, category=IncidentCategory.CROWD, by=OBSERVER, at=at("10:00")
        ),
        "incident_role",
    )


def test_an_incident_that_reached_merah_is_closed_by_the_kapolres() -> None:
    inc = ok(transition(new(), A.VERIFY, OPERATOR, at("10:01")))
    inc = ok(transition(inc, A.RESPOND, OPERATOR, at("10:02"), units=("PHH",)))
    inc = ok(transition(inc, A.CONTAIN, OPERATOR, at("11:00")))
    r = refused(
        transition(
            inc,
            A.CLOSE,
            KAPOLSEK_KLATEN_UTARA,
            at("11:30"),
            outcome="bubar",
            peak_level=SituationLevel.MERAH,
        ),
        "close_level",
    )
    assert r.values == {"level": "merah", "command": "kapolres"}
    assert A.CLOSE not in allowed_actions(
        inc, KAPOLSEK_KLATEN_UTARA, peak_level=SituationLevel.MERAH
    )
    assert A.CLOSE in allowed_actions(inc, KAPOLRES, peak_level=SituationLevel.MERAH)
    ok(
        transition(
            inc, A.CLOSE, KAPOLRES, at("11:30"), outcome="bubar", peak_level=SituationLevel.MERAH
        )
    )


def test_allowed_actions_are_the_buttons() -> None:
    inc = new()
    assert allowed_actions(inc, OPERATOR) == (A.VERIFY, A.REJECT)
    assert allowed_actions(inc, OBSERVER) == ()
    assert allowed_actions(inc, KAPOLSEK_PRAMBANAN) == ()


def test_reports_and_arrivals() -> None:
    inc = link_report(new(), "wa:2", crowd=80)
    assert inc.report_ids == ("sms:1", "wa:2") and inc.crowd == 80
    assert link_report(inc, "wa:2", crowd=10) == inc
    first = record_arrival(inc, at("10:20"))
    assert record_arrival(first, at("10:30")).first_arrival_at == at("10:20")
    assert record_arrival(first, at("10:10")).first_arrival_at == at("10:10")


PEOPLE = [REPORTER, OPERATOR, KAPOLSEK_KLATEN_UTARA, KAPOLSEK_PRAMBANAN, KAPOLRES, DANDIM]


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(list(TRANSITIONS)), st.integers(0, 5), st.booleans()), max_size=12
    )
)
def test_any_sequence_keeps_the_lifecycle_consistent(steps) -> None:
    """Whatever is tried in whatever order, each accepted step is one of the transitions, the
    history is the path of states, and a closed incident always has an outcome and a closer."""
    inc = new()
    when = at("10:00")
    for action, who, filled in steps:
        when += timedelta(minutes=3)
        before = inc
        res = transition(
            inc,
            action,
            PEOPLE[who],
            when,
            note="n" if filled else "",
            outcome="o" if filled else "",
            units=("u",) if filled else (),
        )
        if isinstance(res, Refusal):
            assert res.message("id")
            continue
        inc = res
        sources, target = TRANSITIONS[action]
        assert before.state in sources and inc.state is target
        assert len(inc.history) == len(before.history) + 1
    states = [h.to_state for h in inc.history]
    assert states[-1] is inc.state
    for a, b in zip(inc.history, inc.history[1:], strict=False):
        assert b.from_state is a.to_state and b.at >= a.at
    if inc.state is S.CLOSED:
        assert inc.outcome and inc.closed_by is not None


def test_state_and_closing_time_as_of_a_moment() -> None:
    from sispam.ops import closed_at

    inc = ok(transition(new(), A.VERIFY, OPERATOR, at("10:01")))
    inc = ok(transition(inc, A.CLOSE, KAPOLRES, at("10:30"), outcome="selesai"))
    inc = ok(transition(inc, A.REOPEN, OPERATOR, at("11:00"), note="massa kembali"))
    assert inc.state_at(at("09:59")) is None
    assert inc.state_at(at("10:15")) is S.VERIFIED
    assert inc.state_at(at("10:45")) is S.CLOSED and closed_at(inc, at("10:45")) == at("10:30")
    assert inc.state_at(at("11:05")) is S.REOPENED and closed_at(inc, at("11:05")) is None
    assert closed_at(inc) is None
