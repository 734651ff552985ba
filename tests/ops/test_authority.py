"""The authority matrix: who may raise, lower and take control, and who is told."""

from __future__ import annotations

from datetime import datetime

import pytest
from ops_people import (
    BRAJAN,
    DANDIM,
    KAPOLDA,
    KAPOLRES,
    KAPOLSEK_KLATEN_UTARA,
    KAPOLSEK_PRAMBANAN,
    KARANGANOM,
    OPERATOR,
    PEMKAB,
    at,
)

from sispam.domain import CommandLevel, SituationLevel
from sispam.domain.incident import (
    Channel,
    DecisionKind,
    FieldReport,
    IncidentCategory,
    Recipient,
    ReportKind,
    Review,
    VillageSituation,
)
from sispam.ops import (
    AuthoritySettings,
    Refusal,
    apply_decision,
    decide_level,
    decide_perbantuan,
    deploy_perbantuan,
    hand_over,
    handover_due,
    initial_situations,
    notifications,
    perbantuan_notifications,
    record_mediation,
    request_perbantuan,
    review_report,
)

H, K, M = SituationLevel.HIJAU, SituationLevel.KUNING, SituationLevel.MERAH


def start(code: str = KARANGANOM) -> VillageSituation:
    return VillageSituation(village_code=code)


def ok(result):
    assert not isinstance(result, Refusal), result.message("en")
    return result


def refused(result, key: str) -> Refusal:
    assert isinstance(result, Refusal), result
    assert result.key == f"ops.refuse.{key}", result.key
    assert result.message("id") and result.message("en")
    return result


def test_every_village_starts_hijau_under_the_kapolsek(klaten) -> None:
    sits = initial_situations(klaten)
    assert len(sits) == len(klaten.villages)
    assert {(s.level, s.control) for s in sits.values()} == {(H, CommandLevel.KAPOLSEK)}


def test_kapolsek_raises_kuning_in_his_own_kecamatan_only() -> None:
    d = ok(decide_level(start(), K, KAPOLSEK_KLATEN_UTARA, at("10:00"), "massa blokir jalan"))
    assert (d.kind, d.from_level, d.to_level) == (DecisionKind.RAISE, H, K)
    assert d.control_to is CommandLevel.KAPOLSEK  # a level reached moves no control by itself
    assert d.handover == "lapis_ganti"
    assert d.informed == (Recipient.KAPOLRES,)
    refused(decide_level(start(), K, KAPOLSEK_PRAMBANAN, at("10:00"), "massa"), "outside_area")


def test_kapolsek_trying_merah_is_refused_and_the_kapolres_may() -> None:
    r = refused(
        decide_level(start(), M, KAPOLSEK_KLATEN_UTARA, at("10:00"), "ricuh"), "may_not_raise"
    )
    assert r.values["who"] == "kapolres"
    assert "Kapolres" in r.message("id") or "kapolres" in r.message("id")
    d = ok(decide_level(start(), M, KAPOLRES, at("10:00"), "massa merusak balai desa"))
    assert d.control_to is CommandLevel.KAPOLRES  # a superior's declaration takes control
    assert d.handover == "lintas_ganti"
    assert d.informed == (Recipient.KAPOLDA, Recipient.PEMKAB)  # the Pemkab hears of every merah


def test_operators_and_other_roles_propose_but_do_not_decide() -> None:
    for who in (OPERATOR, DANDIM, PEMKAB):
        refused(decide_level(start(), K, who, at("10:00"), "x"), "no_command")


def test_lowering_is_for_whoever_holds_control() -> None:
    sit = apply_decision(start(), ok(decide_level(start(), M, KAPOLRES, at("10:00"), "ricuh")))
    refused(decide_level(sit, K, KAPOLSEK_KLATEN_UTARA, at("11:00"), "reda"), "may_not_lower")
    d = ok(decide_level(sit, K, KAPOLRES, at("11:00"), "massa mulai tertib"))
    assert d.kind is DecisionKind.LOWER and d.control_to is CommandLevel.KAPOLRES
    # those told when merah began hear that it ended
    assert d.informed == (Recipient.KAPOLDA, Recipient.PEMKAB)
    # with lower = "control_or_above" a superior may lower too
    kuning = apply_decision(
        start(), ok(decide_level(start(), K, KAPOLSEK_KLATEN_UTARA, at("10:00"), "blokir"))
    )
    refused(decide_level(kuning, H, KAPOLRES, at("10:30"), "bubar"), "may_not_lower")
    ok(
        decide_level(
            kuning,
            H,
            KAPOLRES,
            at("10:30"),
            "bubar",
            authority=AuthoritySettings(lower="control_or_above"),
        )
    )


def test_control_moves_only_by_a_named_decision() -> None:
    kuning = apply_decision(
        start(), ok(decide_level(start(), K, KAPOLSEK_KLATEN_UTARA, at("10:00"), "blokir"))
    )
    # at kuning the Kapolres should hold control: the rules say so, they do not do it
    assert handover_due(kuning) is CommandLevel.KAPOLRES
    up = ok(
        hand_over(
            kuning,
            CommandLevel.KAPOLRES,
            KAPOLSEK_KLATEN_UTARA,
            at("10:05"),
            "lapis ganti, kendali ke Kapolres",
        )
    )
    assert (up.kind, up.control_from, up.control_to) == (
        DecisionKind.HANDOVER,
        CommandLevel.KAPOLSEK,
        CommandLevel.KAPOLRES,
    )
    assert Recipient.KAPOLRES in up.informed
    held = apply_decision(kuning, up)
    assert handover_due(held) is None
    # the superior may take it himself; an outsider may not hand it on
    ok(hand_over(kuning, CommandLevel.KAPOLRES, KAPOLRES, at("10:05"), "ambil alih"))
    refused(
        hand_over(kuning, CommandLevel.KAPOLRES, KAPOLSEK_PRAMBANAN, at("10:05"), "x"),
        "outside_area",
    )
    # the Kapolda takes control only by his own decision, and is the one who decides it
    merah = apply_decision(held, ok(decide_level(held, M, KAPOLRES, at("10:30"), "ricuh")))
    ok(hand_over(merah, CommandLevel.KAPOLDA, KAPOLDA, at("10:40"), "Kapolda ambil alih"))
    # never below what the level calls for
    refused(
        hand_over(merah, CommandLevel.KAPOLSEK, KAPOLRES, at("10:40"), "x"), "below_level_control"
    )
    refused(hand_over(merah, CommandLevel.KAPOLRES, KAPOLRES, at("10:40"), "x"), "same_control")


def _report(review: Review, rumour: bool = False) -> FieldReport:
    return FieldReport(
        id="sms:1",
        channel=Channel.SMS,
        reporter="+62812",
        received_at=at("09:58"),
        at=at("09:55"),
        village_code=KARANGANOM,
        kind=ReportKind.INCIDENT,
        category=IncidentCategory.BLOCKADE,
        crowd=50,
        suggested_level=K,
        review=review,
        rumour=rumour,
        raw_text="INSIDEN 33.10.24.2003 MASSA 50 BLOKIR KUNING 09.55",
    )


def test_nothing_read_by_the_machine_changes_a_level_until_a_person_confirms() -> None:
    raw = _report(Review.MACHINE_READ)
    refused(
        decide_level(start(), K, KAPOLSEK_KLATEN_UTARA, at("10:00"), "blokir", report=raw),
        "unconfirmed_report",
    )
    checked = ok(review_report(raw, OPERATOR, at("09:59")))
    assert checked.review is Review.CONFIRMED and checked.raw_text == raw.raw_text
    d = ok(decide_level(start(), K, KAPOLSEK_KLATEN_UTARA, at("10:00"), "blokir", report=checked))
    assert d.report_id == "sms:1"
    refused(
        decide_level(
            start(),
            K,
            KAPOLSEK_KLATEN_UTARA,
            at("10:00"),
            "blokir",
            report=_report(Review.CONFIRMED, rumour=True),
        ),
        "rumour_report",
    )
    refused(
        decide_level(start(BRAJAN), K, KAPOLSEK_PRAMBANAN, at("10:00"), "x", report=checked),
        "report_elsewhere",
    )


def test_every_decision_needs_a_reason_and_a_change() -> None:
    refused(decide_level(start(), K, KAPOLRES, at("10:00"), "  "), "reason_required")
    refused(decide_level(start(), H, KAPOLRES, at("10:00"), "x"), "same_level")
    sit = apply_decision(start(), ok(decide_level(start(), K, KAPOLRES, at("10:00"), "x")))
    refused(decide_level(sit, M, KAPOLRES, at("09:00"), "x"), "time_order")


def test_scenario_overrides_the_matrix() -> None:
    # an operation where a Kapolsek may also declare merah and the Pemkab hears of kuning
    auth = AuthoritySettings.model_validate(
        {"raise": {"merah": ["kapolsek", "kapolres"]}, "pemkab_from": "kuning"}
    )
    d = ok(decide_level(start(), M, KAPOLSEK_KLATEN_UTARA, at("10:00"), "ricuh", authority=auth))
    assert d.to_level is M
    k = ok(decide_level(start(), K, KAPOLSEK_KLATEN_UTARA, at("10:00"), "x", authority=auth))
    assert Recipient.PEMKAB in k.informed
    # no own-area restriction: a Kapolsek acts anywhere
    free = AuthoritySettings(own_area=())
    ok(decide_level(start(), K, KAPOLSEK_PRAMBANAN, at("10:00"), "x", authority=free))


def test_notifications_one_per_recipient() -> None:
    d = ok(decide_level(start(), M, KAPOLRES, at("10:00"), "ricuh"))
    notes = notifications(d)
    assert [n.recipient for n in notes] == [Recipient.KAPOLDA, Recipient.PEMKAB]
    assert {n.ref_id for n in notes} == {d.id} and len({n.id for n in notes}) == 2


def test_tni_perbantuan_request_decision_deployment() -> None:
    kuning = apply_decision(start(), ok(decide_level(start(), K, KAPOLRES, at("10:00"), "x")))
    refused(request_perbantuan(kuning, KAPOLRES, at("10:10"), "x"), "perbantuan_level")
    merah = apply_decision(kuning, ok(decide_level(kuning, M, KAPOLRES, at("10:20"), "ricuh")))
    refused(
        request_perbantuan(merah, KAPOLSEK_KLATEN_UTARA, at("10:25"), "x"), "perbantuan_requester"
    )
    req = ok(
        request_perbantuan(
            merah, KAPOLRES, at("10:25"), "melampaui kemampuan Polri", asked="1 SSK PHH Kodim"
        )
    )
    assert req.status == "requested"
    assert [n.recipient for n in perbantuan_notifications(req)] == [
        Recipient.DANDIM,
        Recipient.KAPOLDA,
    ]
    refused(
        deploy_perbantuan(req, "Kodim 0723 Cadangan (PHH)", 30, DANDIM, at("10:26")),
        "perbantuan_not_approved",
    )
    refused(
        decide_perbantuan(req, KAPOLRES, at("10:30"), approve=True, legal_basis="x"),
        "perbantuan_decider",
    )
    refused(
        decide_perbantuan(req, DANDIM, at("10:30"), approve=True, legal_basis=" "),
        "legal_basis_required",
    )
    yes = ok(
        decide_perbantuan(
            req, DANDIM, at("10:30"), approve=True, legal_basis="UU 2/2002 ps. 41; MoU TNI–Polri"
        )
    )
    assert yes.approved and yes.status == "approved"
    refused(
        decide_perbantuan(yes, DANDIM, at("10:31"), approve=False, legal_basis="x"),
        "perbantuan_decided",
    )
    dep = ok(
        deploy_perbantuan(
            yes, "Kodim 0723 Cadangan (PHH)", 30, DANDIM, at("10:35"), commander="Kapten Inf Rudi"
        )
    )
    assert dep.status == "deployed" and dep.deployments[0].personnel == 30
    assert [n.recipient for n in perbantuan_notifications(dep)] == [
        Recipient.KAPOLRES,
        Recipient.POSKO,
    ]


def test_pemkab_records_mediation() -> None:
    m = ok(
        record_mediation(
            PEMKAB,
            at("11:00"),
            KARANGANOM,
            "kedua kubu sepakat menunggu keputusan Bupati",
            parties=("calon A", "calon B"),
        )
    )
    assert m.parties == ("calon A", "calon B")
    refused(record_mediation(OPERATOR, at("11:00"), KARANGANOM, "x"), "mediation_role")
    refused(record_mediation(PEMKAB, at("11:00"), KARANGANOM, " "), "outcome_required")


@pytest.mark.parametrize("role_person", [KAPOLSEK_KLATEN_UTARA, KAPOLRES])
def test_decisions_round_trip_through_json(role_person) -> None:
    from sispam.domain.incident import LevelDecision

    d = ok(decide_level(start(), K, role_person, datetime(2023, 7, 5, 10), "blokir"))
    assert LevelDecision.model_validate_json(d.model_dump_json()) == d
