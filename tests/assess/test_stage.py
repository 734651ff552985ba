"""The assess stage on scenarios: Klaten's published zoning, pins, derived indicators, contracts."""

from __future__ import annotations

import numpy as np
import pytest

from sispam import geo
from sispam.assess import assess, load_indicator_set
from sispam.assess.derive import travel_model
from sispam.domain import Assessment, Scenario, UnitKind, ZoneSet

KARANGANOM, GLAGAHWANGI, KUJON, BRAJAN = (
    "33.10.24.2003",
    "33.10.17.2001",
    "33.10.11.2004",
    "33.10.01.2014",
)


@pytest.fixture(scope="module")
def result(klaten: Scenario) -> Assessment:
    return assess(klaten)


def test_klaten_reproduces_the_published_zoning(result: Assessment) -> None:
    assert result.method == "indicators" and result.indicator_set == "pilkades"
    zones = {r.code: r.zone for r in result.villages}
    assert zones[KARANGANOM] == "merah"
    assert {zones[c] for c in (GLAGAHWANGI, KUJON, BRAJAN)} == {"kuning"}
    assert sum(z == "hijau" for z in zones.values()) == 63
    # kuning and hijau follow from the data; merah is the Kapolres' pin
    for r in result.villages:
        if r.code != KARANGANOM:
            assert not r.pinned and r.derived_zone == r.zone
    k = result.by_code()[KARANGANOM]
    assert k.pinned and "Kapolres" in (k.pin_reason or "")
    assert k.derived_zone == "kuning" and k.zone == "merah"
    assert result.pinned() == (k,)


def test_every_score_is_explained(result: Assessment, klaten: Scenario) -> None:
    assert len(result.villages) == len(klaten.villages)
    assert [r.code for r in result.villages] == [v.code for v in klaten.villages]
    for r in result.villages:
        assert r.score is not None and 0 <= r.score <= 100
        assert sum(c.points for c in r.contributions) == pytest.approx(r.score, abs=1e-3)
        assert sum(c.weight for c in r.contributions) == pytest.approx(1.0, abs=1e-4)
        points = [c.points for c in r.contributions]
        assert points == sorted(points, reverse=True)
        assert r.estimated  # every Klaten indicator value is an estimate
        assert all(c.estimated for c in r.contributions)
    # the thresholds decide: kuning ≥ 45 > hijau
    for r in result.villages:
        assert (r.derived_zone == "hijau") == (r.score < 45)


def test_zone_moves_point_to_real_changes(result: Assessment) -> None:
    brajan = result.by_code()[BRAJAN]
    down = next(c for c in brajan.changes if c.direction == "down")
    assert down.zone == "hijau"
    assert down.points == pytest.approx(45 - brajan.score, abs=1e-3)
    assert down.levers, "some single change takes Brajan out of kuning"
    for lever in down.levers:
        assert lever.points <= down.points + 1e-6  # each lever alone crosses the boundary
    up = next(c for c in brajan.changes if c.direction == "up")
    assert up.zone == "merah" and up.points == pytest.approx(70 - brajan.score, abs=1e-3)


def test_sensitivity_table_covers_every_weight(result: Assessment) -> None:
    iset = load_indicator_set("pilkades")
    targets = [row.target for row in result.sensitivity]
    assert targets == [i.id for i in iset.indicators] + [d.id for d in iset.dimensions]
    assert sum(r.weight for r in result.sensitivity if r.kind == "indicator") == pytest.approx(1)
    for row in result.sensitivity:
        assert row.changed_down == len(row.villages_down)
        assert KARANGANOM not in row.villages_down + row.villages_up  # pinned never moves


def test_sensitivity_finds_villages_near_a_threshold(klaten: Scenario) -> None:
    # Raise kuning's threshold to just above Brajan's score: a +20 % weight on its largest
    # contribution must now keep it in kuning while −20 % drops it — and the table says so.
    brajan = assess(klaten).by_code()[BRAJAN]
    zones = klaten.zones.model_dump()
    zones["zones"][1]["min_score"] = brajan.score - 0.5
    s = klaten.model_copy(update={"zones": ZoneSet.model_validate(zones)})
    res = assess(s)
    row = next(r for r in res.sensitivity if r.target == "close_contest")
    assert BRAJAN in row.villages_down and BRAJAN not in row.villages_up


def test_json_round_trip(result: Assessment) -> None:
    again = Assessment.model_validate_json(result.model_dump_json())
    assert again == result


def test_no_indicator_set_keeps_given_zones(klaten: Scenario) -> None:
    s = klaten.model_copy(update={"indicator_set": None})
    res = assess(s)
    assert res.method == "given"
    assert [r.zone for r in res.villages] == [v.zone or "hijau" for v in klaten.villages]
    assert all(r.score is None for r in res.villages)


def test_permuting_villages_permutes_the_assessment(klaten: Scenario, result: Assessment) -> None:
    rev = klaten.model_copy(update={"villages": tuple(reversed(klaten.villages))})
    res = assess(rev)
    assert [r.code for r in res.villages] == [r.code for r in reversed(result.villages)]
    assert res.by_code() == result.by_code()


def test_weight_of_an_absent_indicator_changes_nothing(klaten: Scenario) -> None:
    # The ikp set has many indicators Klaten has no data for (e.g. turnout_last).
    base = assess(klaten, load_indicator_set("ikp"))
    assert "turnout_last" in base.excluded
    heavy = klaten.model_copy(
        update={"settings": {**klaten.settings, "assess": {"weights": {"turnout_last": 50.0}}}}
    )
    other = assess(heavy, load_indicator_set("ikp"))
    assert [r.score for r in other.villages] == [r.score for r in base.villages]


def test_derived_travel_time_to_the_nearest_polsek(klaten: Scenario, result: Assessment) -> None:
    posts = [u for u in klaten.units if u.kind == UnitKind.POLSEK]
    model = travel_model(klaten)
    for v in klaten.villages[:10]:
        expected = min(
            float(model.minutes(v.lat, v.lng, p.lat, p.lng, area=geo.default_area_type(v.code)))
            for p in posts
        )
        c = next(
            c for c in result.by_code()[v.code].contributions if c.indicator == "travel_min_polsek"
        )
        assert c.derived and c.estimated
        assert c.value == pytest.approx(expected, abs=0.01)
    k = next(v for v in klaten.villages if v.code == KARANGANOM)
    vpt = next(
        c for c in result.by_code()[KARANGANOM].contributions if c.indicator == "voters_per_tps"
    )
    assert vpt.value == pytest.approx(k.voters / k.tps)


def test_csv_value_beats_derivation(klaten: Scenario) -> None:
    villages = tuple(
        v.model_copy(update={"indicators": {**v.indicators, "travel_min_polsek": 30.0}})
        if v.code == BRAJAN
        else v
        for v in klaten.villages
    )
    res = assess(klaten.model_copy(update={"villages": villages}))
    c = next(c for c in res.by_code()[BRAJAN].contributions if c.indicator == "travel_min_polsek")
    assert c.value == 30.0 and not c.derived and c.normalised == pytest.approx(1.0)


def test_missing_values_imputed_or_excluded(klaten: Scenario) -> None:
    villages = tuple(
        v.model_copy(update={"indicators": {**v.indicators, "close_contest": None}})
        if v.code == GLAGAHWANGI
        else v
        for v in klaten.villages
    )
    s = klaten.model_copy(update={"villages": villages})
    excl = assess(s).by_code()[GLAGAHWANGI]
    assert "close_contest" in excl.missing
    assert all(c.indicator != "close_contest" for c in excl.contributions)
    imp_s = s.model_copy(
        update={"settings": {"assess": {"missing": "impute", "impute_with": "median"}}}
    )
    res = assess(imp_s)
    imp = res.by_code()[GLAGAHWANGI]
    c = next(c for c in imp.contributions if c.indicator == "close_contest")
    assert c.imputed and c.normalised == 0.0  # the median village has no close contest
    assert res.missing_policy == "impute"
    assert next(i for i in res.indicators if i.id == "close_contest").imputed == 1


def test_quantile_zoning(klaten: Scenario) -> None:
    zones = klaten.zones.model_dump()
    zones["method"] = "quantile"
    zones["zones"][1]["min_score"] = 90.0  # top 10 % kuning
    zones["zones"][2]["min_score"] = 98.0  # top 2 % merah
    s = klaten.model_copy(update={"zones": ZoneSet.model_validate(zones)})
    res = assess(s)
    counts = {
        z: sum(r.derived_zone == z for r in res.villages) for z in ("hijau", "kuning", "merah")
    }
    # the i-th lowest of 67 (from 0) has 100·i/67 % below it: merah needs i ≥ 65.66 → only the
    # top village; kuning i ≥ 60.3 → i = 61…65, five villages (no ties among the top scores)
    assert counts == {"hijau": 61, "kuning": 5, "merah": 1}
    scores = np.sort([r.score for r in res.villages])
    assert res.thresholds["merah"] == pytest.approx(scores[-1])
    assert res.thresholds["kuning"] == pytest.approx(scores[61])
