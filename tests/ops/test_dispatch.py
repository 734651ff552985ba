"""Dispatch proposals on Klaten: the right responder per level, nearest first, what leaving uncovers;
unit status; overdue response."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from ops_people import DANDIM, KAPOLRES, KARANGANOM, OPERATOR, REPORTER, at

from sispam.domain import (
    CommandLevel,
    Force,
    PhaseKind,
    Plan,
    ReserveAssignment,
    ReserveRole,
    SituationLevel,
    UnitKind,
)
from sispam.domain.incident import (
    IncidentAction,
    IncidentCategory,
    Recipient,
    UnitState,
    UnitStatus,
    VillageSituation,
)
from sispam.geo import TravelModel
from sispam.ops import (
    Refusal,
    decide_perbantuan,
    dispatch,
    open_incident,
    overdue_alerts,
    promised_response,
    propose_dispatch,
    record_arrival,
    request_perbantuan,
    reserve_elements,
    transition,
    update_unit,
)

H, K, M = SituationLevel.HIJAU, SituationLevel.KUNING, SituationLevel.MERAH
BRAJAN_LL = (-7.73266, 110.52729)
KARANGANOM_LL = (-7.6978, 110.61826)
PHASES = (PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN)


def ok(result):
    assert not isinstance(result, Refusal), result.message("en")
    return result


def _res(unit, kind, role, site, ll, n=30, ready=0.0, force=Force.POLRI) -> ReserveAssignment:
    return ReserveAssignment(
        unit=unit,
        kind=kind,
        force=force,
        personnel=n,
        site_id=site,
        site_name=site,
        lat=ll[0],
        lng=ll[1],
        ready_min=ready,
        role=role,
        phases=PHASES,
    )


@pytest.fixture(scope="module")
def small_plan(klaten_plan) -> Plan:
    """The Klaten plan with a hand-made reserve: two Dalmas awal posts (Karanganom, Brajan), a
    Dalmas lanjut group of two units at Karanganom, Brimob PHH arriving at 09:00, Kodim PHH."""
    reserves = (
        _res("Dalmas A", UnitKind.DALMAS, "dalmas_awal", "site:karanganom", KARANGANOM_LL),
        _res("Dalmas B", UnitKind.DALMAS, "dalmas_awal", "site:brajan", BRAJAN_LL),
        _res(
            "Samapta",
            UnitKind.POLRES_SAMAPTA,
            "dalmas_lanjut",
            "site:karanganom",
            KARANGANOM_LL,
            n=16,
        ),
        _res(
            "Brimob 3", UnitKind.BRIMOB_BKO, "dalmas_lanjut", "site:karanganom", KARANGANOM_LL, n=10
        ),
        _res("Brimob 1", UnitKind.BRIMOB_BKO, "phh", "site:brajan", BRAJAN_LL, ready=120.0),
        _res(
            "Kodim PHH",
            UnitKind.KODIM_RESERVE,
            "tni_support",
            "site:karanganom",
            KARANGANOM_LL,
            force=Force.TNI,
        ),
    )
    return klaten_plan.model_copy(update={"reserves": reserves})


@pytest.fixture
def incident():
    return ok(
        open_incident(
            village_code=KARANGANOM,
            category=IncidentCategory.BLOCKADE,
            by=REPORTER,
            at=at("10:00"),
            crowd=50,
        )
    )


def test_reserve_elements_carry_their_ready_time(klaten, small_plan) -> None:
    els = {e.unit: e for e in reserve_elements(klaten, small_plan)}
    assert els["Brimob 1"].ready_at == at("09:00")  # voting starts 07:00, BKO delay 120 min
    assert els["Dalmas A"].ready_at == at("07:00")
    assert els["Dalmas A"].id == "site:karanganom/dalmas_awal/Dalmas A"


def test_the_responder_follows_the_level(klaten, small_plan, incident) -> None:
    now = at("10:05")
    roles = {
        lv: [line.role for line in propose_dispatch(incident, lv, klaten, small_plan, now).lines]
        for lv in SituationLevel
    }
    assert roles == {
        H: [ReserveRole.DALMAS_AWAL],
        K: [ReserveRole.DALMAS_LANJUT],
        M: [ReserveRole.PHH, ReserveRole.TNI_SUPPORT],
    }


def test_nearest_first_with_eta_from_the_travel_model(klaten, small_plan, incident) -> None:
    now = at("10:05")
    p = propose_dispatch(incident, H, klaten, small_plan, now)
    line = p.lines[0]
    assert [c.element.unit for c in line.candidates] == ["Dalmas A", "Dalmas B"]
    assert line.recommended == ("site:karanganom/dalmas_awal/Dalmas A",)
    model = TravelModel()
    v = klaten.village(KARANGANOM)
    expect = float(model.minutes(BRAJAN_LL[0], BRAJAN_LL[1], v.lat, v.lng, area="rural"))
    far = line.candidates[1]
    assert far.travel_min == pytest.approx(round(expect, 1))
    assert far.eta == now + timedelta(minutes=far.travel_min)
    # the same board always gives the same proposal
    assert propose_dispatch(incident, H, klaten, small_plan, now) == p


def test_whole_group_at_the_best_post_and_short_of_a_platoon(klaten, small_plan, incident):
    line = propose_dispatch(incident, K, klaten, small_plan, at("10:05")).lines[0]
    assert set(line.recommended) == {
        "site:karanganom/dalmas_lanjut/Brimob 3",
        "site:karanganom/dalmas_lanjut/Samapta",
    }
    assert line.recommended_personnel == 26
    assert [n.key for n in line.notes] == ["ops.refuse.short_of_platoon"]


def test_bko_not_ready_counts_from_its_ready_time(klaten, small_plan, incident) -> None:
    line = propose_dispatch(incident, M, klaten, small_plan, at("08:00")).lines[0]
    c = line.candidates[0]
    assert c.ready_at == at("09:00") and c.eta == at("09:00") + timedelta(minutes=c.travel_min)
    assert "ops.refuse.not_ready_yet" in [n.key for n in line.notes]


def test_tni_only_at_merah_after_an_approved_perbantuan(klaten, small_plan, incident) -> None:
    now = at("10:30")
    tni = propose_dispatch(incident, M, klaten, small_plan, now).lines[1]
    assert tni.candidates == () and [n.key for n in tni.notes] == [
        "ops.refuse.tni_needs_perbantuan"
    ]
    merah = VillageSituation(village_code=KARANGANOM, level=M, control=CommandLevel.KAPOLRES)
    req = ok(
        request_perbantuan(merah, KAPOLRES, at("10:20"), "melampaui Polri", incident_id=incident.id)
    )
    yes = ok(decide_perbantuan(req, DANDIM, at("10:25"), approve=True, legal_basis="UU 2/2002"))
    p = propose_dispatch(incident, M, klaten, small_plan, now, perbantuan=[yes])
    tni = p.lines[1]
    assert [c.element.unit for c in tni.candidates] == ["Kodim PHH"]
    eid = tni.recommended[0]
    # the Posko operator does not send TNI; the TNI account does, under the approval
    assert isinstance(dispatch(p, [eid], OPERATOR, now, perbantuan=[yes]), Refusal)
    assert isinstance(dispatch(p, [eid], DANDIM, now), Refusal)
    order = ok(dispatch(p, [eid], DANDIM, now, perbantuan=[yes]))
    assert order.dispatches[0].role is ReserveRole.TNI_SUPPORT


def test_what_leaving_uncovers(klaten, small_plan, incident) -> None:
    """Sending Dalmas A leaves uncovered exactly the villages that A reaches in time and B does
    not (computed here from the travel model directly)."""
    limits = promised_response(small_plan)
    line = propose_dispatch(
        incident, H, klaten, small_plan, at("10:05"), response_min=limits
    ).lines[0]
    model = TravelModel()
    lat = np.array([v.lat for v in klaten.villages])
    lng = np.array([v.lng for v in klaten.villages])
    lim = np.array([limits[v.code] for v in klaten.villages])
    from_a = model.minutes(KARANGANOM_LL[0], KARANGANOM_LL[1], lat, lng) <= lim
    from_b = model.minutes(BRAJAN_LL[0], BRAJAN_LL[1], lat, lng) <= lim
    expect = tuple(
        sorted(v.code for v, x in zip(klaten.villages, from_a & ~from_b, strict=True) if x)
    )
    a = line.candidates[0]
    assert a.element.unit == "Dalmas A" and a.uncovered == expect and expect
    # a group with another element of the role at the same post uncovers nothing
    k = propose_dispatch(incident, K, klaten, small_plan, at("10:05")).lines[0]
    assert all(c.uncovered == () for c in k.candidates)


def test_committed_units_are_not_proposed_and_fresh_positions_are_used(
    klaten, small_plan, incident
) -> None:
    now = at("10:05")
    p = propose_dispatch(incident, H, klaten, small_plan, now)
    order = ok(dispatch(p, [p.lines[0].recommended[0]], OPERATOR, now, stale_min=15))
    st = order.statuses[0]
    assert st.state is UnitState.BERGERAK and st.stale_at == now + timedelta(minutes=15)
    assert order.dispatches[0].eta == p.lines[0].candidates[0].eta
    again = propose_dispatch(incident, H, klaten, small_plan, now, statuses=order.statuses)
    assert [c.element.unit for c in again.lines[0].candidates] == ["Dalmas B"]
    # Dalmas B reported on the road near Karanganom: it travels from there while fresh
    near = UnitStatus(
        unit="Dalmas B",
        element="site:brajan/dalmas_awal/Dalmas B",
        state=UnitState.SELESAI,
        at=at("10:00"),
        lat=-7.70,
        lng=110.61,
        stale_at=at("10:15"),
    )
    fresh = propose_dispatch(incident, H, klaten, small_plan, now, statuses=[near])
    far = propose_dispatch(incident, H, klaten, small_plan, at("10:20"), statuses=[near])
    b_fresh = next(c for c in fresh.lines[0].candidates if c.element.unit == "Dalmas B")
    b_stale = next(c for c in far.lines[0].candidates if c.element.unit == "Dalmas B")
    assert b_fresh.from_reported and not b_stale.from_reported
    assert b_fresh.travel_min < b_stale.travel_min
    assert near.is_stale(at("10:15")) and not near.is_stale(at("10:14"))


def test_only_the_posko_sends_polri_reserves(klaten, small_plan, incident) -> None:
    p = propose_dispatch(incident, H, klaten, small_plan, at("10:05"))
    eid = p.lines[0].recommended[0]
    r = dispatch(p, [eid], REPORTER, at("10:05"))
    assert isinstance(r, Refusal) and r.key == "ops.refuse.dispatch_role"
    assert isinstance(dispatch(p, ["nope"], OPERATOR, at("10:05")), Refusal)
    assert isinstance(dispatch(p, [], OPERATOR, at("10:05")), Refusal)


def test_unit_status_steps() -> None:
    s = ok(
        update_unit(
            None, UnitState.SIAGA, at("07:00"), unit="Dalmas A", lat=-7.7, lng=110.6, stale_min=10
        )
    )
    assert s.stale_at == at("07:10")
    m = ok(update_unit(s, UnitState.BERGERAK, at("10:00"), incident_id="inc-1"))
    assert (m.lat, m.lng) == (-7.7, 110.6) and m.incident_id == "inc-1"
    assert isinstance(update_unit(m, UnitState.SIAGA, at("10:01")), Refusal)
    assert isinstance(update_unit(m, UnitState.TIBA, at("09:00")), Refusal)
    t = ok(update_unit(m, UnitState.TIBA, at("10:10"), lat=-7.69, lng=110.61))
    d = ok(update_unit(t, UnitState.SELESAI, at("11:00")))
    back = ok(update_unit(d, UnitState.SIAGA, at("11:20")))
    assert back.incident_id is None and d.incident_id == "inc-1"


def test_promised_response_from_the_plan(klaten_plan) -> None:
    promised = promised_response(klaten_plan)
    assert set(promised) == {v.code for v in klaten_plan.villages}
    radius = klaten_plan.coverage_min
    stated = getattr(klaten_plan, "promised_min", None)
    for vp in klaten_plan.villages:
        own = stated(vp.code, "dalmas_awal") if callable(stated) else None
        if own is not None:
            assert promised[vp.code] == own
        elif vp.covered:
            assert promised[vp.code] == radius
        else:
            assert promised[vp.code] >= radius
    empty = klaten_plan.model_copy(update={"coverage_min": None, "villages": ()})
    assert promised_response(empty, default_min=25) == {c: 25 for c in klaten_plan.zones}


def test_overdue_response_escalates_the_alert_not_the_level(incident) -> None:
    limits = {KARANGANOM: 30.0}
    sits = {KARANGANOM: VillageSituation(village_code=KARANGANOM)}
    assert overdue_alerts([incident], at("10:29"), limits, sits) == ()
    first = overdue_alerts([incident], at("10:31"), limits, sits)[0]
    assert first.tier == 1 and first.notify == (Recipient.POSKO, Recipient.KAPOLRES)
    assert first.due_at == at("10:30") and first.overdue_min == 1.0
    second = overdue_alerts([incident], at("11:05"), limits, sits)[0]
    assert second.notify == (Recipient.POSKO, Recipient.KAPOLRES, Recipient.KAPOLDA)
    held = {
        KARANGANOM: VillageSituation(
            village_code=KARANGANOM, level=K, control=CommandLevel.KAPOLRES
        )
    }
    assert overdue_alerts([incident], at("10:31"), limits, held)[0].notify == (
        Recipient.POSKO,
        Recipient.KAPOLDA,
    )
    # a unit on scene stops the clock; a contained or closed incident waits for nothing
    arrived = record_arrival(incident, at("10:20"))
    assert overdue_alerts([arrived], at("11:00"), limits) == ()
    v = ok(transition(incident, IncidentAction.REJECT, OPERATOR, at("10:10"), note="hoaks"))
    assert overdue_alerts([v], at("11:00"), limits) == ()
    # reopening restarts the clock
    again = ok(transition(v, IncidentAction.REOPEN, OPERATOR, at("11:00"), note="benar ada"))
    assert overdue_alerts([again], at("11:20"), limits) == ()
    assert overdue_alerts([again], at("11:31"), limits)[0].since == at("11:00")


def test_every_village_and_level_on_the_real_klaten_plan(klaten, klaten_plan) -> None:
    """Whatever the plan holds: one line per responder role, candidates nearest first, the
    recommended group at one post and first to arrive, ETAs never before now."""
    now = at("10:00")
    limits = promised_response(klaten_plan)
    for v in klaten.villages[::6]:
        inc = ok(
            open_incident(village_code=v.code, category=IncidentCategory.CROWD, by=OPERATOR, at=now)
        )
        for level in SituationLevel:
            p = propose_dispatch(inc, level, klaten, klaten_plan, now, response_min=limits)
            for line in p.lines:
                keys = [(c.eta, c.travel_min, c.element.id) for c in line.candidates]
                assert keys == sorted(keys)
                assert all(c.element.role is line.role and c.eta >= now for c in line.candidates)
                if line.candidates:
                    sites = {
                        c.element.site_id
                        for c in line.candidates
                        if c.element.id in line.recommended
                    }
                    assert sites == {line.candidates[0].element.site_id}
                    assert all(set(c.uncovered) <= set(limits) for c in line.candidates)


def test_promised_response_prefers_the_plans_own_promise(klaten_plan) -> None:
    """A plan that states its promise per village (``Plan.promised_min``, plan stage) is taken
    at its word for the first responder (Dalmas awal); villages it states nothing for keep the
    promise read from the reserve placement."""
    codes = [v.code for v in klaten_plan.villages]
    asked: list[tuple[str, str]] = []

    class Promising:
        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return getattr(klaten_plan, name)

        def promised_min(self, code, role, phase=None):  # type: ignore[no-untyped-def]
            asked.append((code, role))
            return 12.5 if code == codes[0] else None

    promised = promised_response(Promising())  # type: ignore[arg-type]
    assert promised[codes[0]] == 12.5
    assert {r for _, r in asked} == {"dalmas_awal"}
    base = promised_response(klaten_plan.model_copy(update={}))
    if not callable(getattr(klaten_plan, "promised_min", None)):
        assert all(promised[c] == base[c] for c in codes[1:])
