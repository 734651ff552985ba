"""Bad input: a clear message naming the setting (never a traceback), or a plan that says what
is missing — never a crash."""

from __future__ import annotations

import pytest
from plan_factory import BARE, given_zones, scenario, unit, village

from sispam.domain import Assessment, Force, SispamError, UnitKind, VillageRisk
from sispam.i18n import set_language
from sispam.plan import PlanError, plan
from sispam.scenario import ScenarioError


def _with(plan_settings: dict) -> dict:  # type: ignore[type-arg]
    return {**BARE, "plan": {**BARE["plan"], **plan_settings}}


def test_no_units_at_all_gives_a_plan_of_shortfalls() -> None:
    s = scenario([village("33.10.01.2008", zone="merah")], [])
    p = plan(s, given_zones(s))
    assert p.assignments == ()
    assert {(x.force, x.personnel) for x in p.shortfalls} == {
        (Force.POLRI, 8),
        (Force.TNI, 2),
        (Force.LINMAS, 2),
    }
    assert {r.force for r in p.request} == {Force.POLRI, Force.TNI, Force.LINMAS}
    polri = next(r for r in p.request if r.force == Force.POLRI)
    assert polri.platoons == 1 and polri.personnel == 30
    assert any("8" in n or "12" in n for n in p.notes)


def test_unknown_zone_in_a_post_names_the_key() -> None:
    s = scenario(
        [village("33.10.01.2008")],
        [],
        settings=_with(
            {
                "posts": [
                    {
                        "phase": "pemungutan",
                        "post": "x",
                        "force": "polri",
                        "personnel": 1,
                        "zones": ["ungu"],
                    }
                ]
            }
        ),
    )
    with pytest.raises(ScenarioError) as err:
        plan(s, given_zones(s))
    assert any(i.column == "plan.posts.0.zones" and "ungu" in i.message for i in err.value.issues)


def test_bad_setting_types_are_all_reported() -> None:
    s = scenario(
        [village("33.10.01.2008")],
        [],
        settings={
            "plan": {"reserve": {"response_min": -5}, "tps_due_min": "soon"},
            "outreach": {"before_days": -1},
        },
    )
    with pytest.raises(ScenarioError) as err:
        plan(s, given_zones(s))
    cols = {i.column for i in err.value.issues}
    assert {"plan.reserve.response_min", "plan.tps_due_min", "outreach.before_days"} <= cols


def test_post_may_not_be_called_tps() -> None:
    s = scenario(
        [village("33.10.01.2008")],
        [],
        settings=_with(
            {"posts": [{"phase": "pemungutan", "post": "tps", "force": "polri", "personnel": 1}]}
        ),
    )
    with pytest.raises(ScenarioError):
        plan(s, given_zones(s))


def test_unknown_fixed_site_and_too_many_fixed() -> None:
    units = [
        unit("Polsek A", UnitKind.POLSEK, 10),
        unit("Polsek B", UnitKind.POLSEK, 10, lat=-7.69, lng=110.61),
    ]
    vs = [village("33.10.01.2008")]
    s = scenario(vs, units, settings=_with({"reserve": {"posts": 1, "fixed": ["polsek:nowhere"]}}))
    with pytest.raises(PlanError, match="polsek:nowhere"):
        plan(s, given_zones(s))
    s = scenario(
        vs,
        units,
        settings=_with({"reserve": {"posts": 1, "fixed": ["polsek:polsek-a", "polsek:polsek-b"]}}),
    )
    with pytest.raises(PlanError):
        plan(s, given_zones(s))


def test_no_candidate_site_for_reserves() -> None:
    s = scenario(
        [village("33.10.01.2008")],
        [unit("Linmas", UnitKind.LINMAS, 2, home_code="33.10.01.2008")],
        settings=_with({"reserve": {"posts": 1, "sources": ["polsek"]}}),
    )
    with pytest.raises(PlanError) as err:
        plan(s, given_zones(s))
    assert "posts = 0" in str(err.value)


def test_assessment_of_another_scenario() -> None:
    s = scenario([village("33.10.01.2008"), village("33.10.01.2010")], [])
    other = Assessment(
        scenario="x",
        method="given",
        villages=(VillageRisk(code="33.10.01.2008", name="S", zone="hijau"),),
    )
    with pytest.raises(PlanError, match="33.10.01.2010"):
        plan(s, other)
    wrong = Assessment(
        scenario="x",
        method="given",
        villages=tuple(VillageRisk(code=v.code, name=v.name, zone="ungu") for v in s.villages),
    )
    with pytest.raises(PlanError, match="ungu"):
        plan(s, wrong)


def test_unknown_travel_key() -> None:
    s = scenario([village("33.10.01.2008")], [], travel={"speed_boat_kmh": 10.0})
    with pytest.raises(ScenarioError) as err:
        plan(s, given_zones(s))
    assert err.value.issues[0].column == "travel.speed_boat_kmh"


def test_errors_speak_english_too() -> None:
    s = scenario(
        [village("33.10.01.2008")],
        [],
        settings=_with({"reserve": {"posts": 1, "sources": ["polsek"]}}),
    )
    set_language("en")
    with pytest.raises(SispamError, match="no candidate staging posts"):
        plan(s, given_zones(s))
