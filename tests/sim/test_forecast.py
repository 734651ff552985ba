"""The live forecast: the contingency model run forward from election day's present state."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest
from contingency_factory import assessment, plan, reserve, tiny_scenario

from sispam.domain import (
    Force,
    PhaseKind,
    Plan,
    ReserveRole,
    ReserveSite,
    SituationLevel,
    StaffingRule,
)
from sispam.domain.forecast import Forecast, ForecastState, IncidentNow, UnitNow
from sispam.sim import forecast, simulate
from sispam.sim.contingency import SimInputError, SimParamError, build_params

A, B, C = "33.10.01.2008", "33.10.01.2010", "33.10.01.2014"
KUNING, MERAH = SituationLevel.KUNING, SituationLevel.MERAH
COUNT = datetime(2023, 7, 5, 15, 0)  # counting is under way (13:00–21:00 in the tiny scenario)


def _state(s, time=COUNT, incidents=(), units=()) -> ForecastState:
    return ForecastState(scenario=s.name, time=time, incidents=incidents, units=units)


def _tiny(patterns=(), **sim):
    s = tiny_scenario(
        [(A, -7.745, 110.505, 3000), (B, -7.75, 110.52, 2000), (C, -7.60, 110.70, 2000)],
        phases=(PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN),
        sim=sim,
        patterns=patterns,
    )
    return s, assessment(s, {A: 60.0, B: 40.0, C: 30.0})


def test_same_inputs_same_forecast_and_it_round_trips(klaten) -> None:
    a, p = assessment(klaten), plan(klaten)
    st = _state(
        klaten,
        incidents=(IncidentNow(village_code=A, level=KUNING, crowd=40, minutes_since_start=20),),
    )
    f1 = forecast(klaten, a, p, st, runs=300, seed=5)
    f2 = forecast(klaten, a, p, st, runs=300, seed=5)
    assert f1.model_dump_json() == f2.model_dump_json()
    assert Forecast.model_validate_json(f1.model_dump_json()) == f1
    assert ForecastState.model_validate_json(st.model_dump_json()) == st
    assert f1.estimate is True and f1.label_key == "sim.forecast.label" and f1.schema_version >= 1
    assert f1.phase == PhaseKind.PENGHITUNGAN and f1.horizon_min == 120 and f1.runs == 300
    assert len(f1.villages) == len(klaten.villages)
    for v in f1.villages:
        assert 0 <= v.p_merah.low <= v.p_merah.value <= v.p_merah.high <= 1
    assert f1.p_any_merah.value >= max(v.p_merah.value for v in f1.villages)
    other_seed = forecast(klaten, a, p, st, runs=300, seed=6)
    assert other_seed.model_dump_json() != f1.model_dump_json()


def test_a_village_already_merah_is_merah_and_a_quiet_night_stays_quiet() -> None:
    s, a = _tiny()
    st = _state(
        s, incidents=(IncidentNow(village_code=A, level=MERAH, crowd=120, minutes_since_start=30),)
    )
    f = forecast(s, a, plan(s), st, runs=100, seed=1)
    by = {v.code: v for v in f.villages}
    assert by[A].p_merah.value == 1.0 and by[A].level_now == MERAH
    assert f.p_any_merah.value == 1.0
    # after the count, before the next phase: no new triggers, nothing under way, nothing happens
    night = forecast(s, a, plan(s), _state(s, time=datetime(2023, 7, 5, 23, 0)), runs=100, seed=1)
    assert night.phase is None and night.p_any_merah.value == 0.0 and night.notes


def test_help_on_the_way_lowers_the_odds() -> None:
    """A kuning crowd of 50 with nobody near: likely merah. A Dalmas lanjut platoon committed
    and 5 minutes out, or a PHH platoon on scene, lowers the probability (same random numbers)."""
    s, a = _tiny(trigger_scale=0.0)
    far = (reserve("phh", at=(-6.9, 110.4), name="far PHH"),)
    inc = (IncidentNow(village_code=A, level=KUNING, crowd=50, minutes_since_start=15),)

    def p_merah(units=()) -> float:
        st = _state(s, incidents=inc, units=units)
        f = forecast(s, a, plan(s, far), st, runs=400, seed=3, moves=False)
        return f.villages[0].p_merah.value

    alone = p_merah()
    lanjut = UnitNow(unit="Dalmas lanjut 1", role=ReserveRole.DALMAS_LANJUT, personnel=30,
                     lat=-7.745, lng=110.505, committed_to=A, eta_min=5)  # fmt: skip
    phh = UnitNow(unit="PHH 1", role=ReserveRole.PHH, personnel=33, lat=-7.745, lng=110.505,
                  committed_to=A, eta_min=0)  # fmt: skip
    assert alone > 0.5
    assert p_merah((lanjut,)) < alone
    assert p_merah((lanjut, phh)) <= p_merah((lanjut,))


def test_the_best_move_brings_an_idle_platoon_to_where_trouble_is_coming() -> None:
    """Counting night, nothing under way yet; A (the largest, most vulnerable village) is where
    disputes are likeliest; every crowd-control platoon waits ~40 minutes away, and the plan has
    a staging post next to A. The best single move sends a platoon to that post, and it clearly
    lowers the regency's P(any merah) on the same random numbers."""
    polri4 = (StaffingRule(zone="hijau", force=Force.POLRI, personnel=4),)
    s, a = _tiny(patterns=polri4, trigger_scale=40.0)
    far = (-7.60, 110.60)
    reserves = (
        reserve("dalmas_awal", at=far, name="Dalmas awal"),
        reserve("dalmas_lanjut", at=far, name="Dalmas lanjut"),
        reserve("phh", 33, at=far, name="PHH"),
    )
    sites = (
        ReserveSite(site_id="pos-a", name="Pos dekat A", lat=-7.748, lng=110.51),
        ReserveSite(site_id="pos-c", name="Pos dekat C", lat=-7.61, lng=110.69),
    )
    p = Plan(scenario=s.name, zones={v.code: "hijau" for v in s.villages}, reserves=reserves,
             reserve_sites=sites)  # fmt: skip
    st = _state(s, time=datetime(2023, 7, 5, 17, 30))
    f = forecast(s, a, p, st, runs=400, seed=2, horizon_min=210)
    m = f.best_move
    assert m is not None and f.moves_considered == 6  # 3 platoons × 2 posts
    assert m.to_id == "pos-a" and m.to_kind == "site" and m.travel_min > 30
    assert m.p_any_merah_before == f.p_any_merah
    assert m.p_any_merah_after.value < m.p_any_merah_before.value
    assert m.difference.value == pytest.approx(
        m.p_any_merah_after.value - m.p_any_merah_before.value, abs=1e-6
    )
    assert m.difference.high < 0  # clearly better on common random numbers
    # with the platoons already at the post, no move is better
    near = tuple(r.model_copy(update={"lat": -7.748, "lng": 110.51}) for r in reserves)
    f2 = forecast(s, a, p.model_copy(update={"reserves": near}), st, runs=400, seed=2,
                  horizon_min=210)  # fmt: skip
    assert f2.p_any_merah.value <= m.p_any_merah_after.value


def test_forward_from_the_morning_agrees_with_the_whole_day() -> None:
    """Forecast from the opening of the TPS over the whole voting day = the contingency model's
    own run of that day: the same hazard, crowd and response, so P(any merah) agrees within the
    intervals (the two draw their random numbers differently)."""
    s, a = _tiny(trigger_scale=40.0)
    p = plan(s, (reserve("dalmas_awal", at=(-7.70, 110.55), name="awal"),))
    whole = simulate(s, a, p, runs=1500, seed=4, workers=1, example=False)
    fc = forecast(s, a, p, _state(s, time=datetime(2023, 7, 5, 7, 0)), runs=1500, seed=9,
                  horizon_min=14 * 60 + 480, moves=False)  # fmt: skip
    w, f = whole.overall.p_any_merah, fc.p_any_merah
    assert 0.05 < w.value < 0.95, w  # a day hot enough to compare
    assert abs(w.value - f.value) < 2.5 * max(w.high - w.value, f.high - f.value)


def test_bad_states_are_refused() -> None:
    s, a = _tiny()
    p = plan(s)
    with pytest.raises(SimInputError, match="99.99"):
        inc = (
            IncidentNow(village_code="33.10.99.9999", level=KUNING, crowd=1, minutes_since_start=1),
        )
        forecast(s, a, p, _state(s, incidents=inc), runs=10)
    u = UnitNow(unit="X", role=ReserveRole.PHH, personnel=30, lat=-7.7, lng=110.5, committed_to=B)
    with pytest.raises(SimInputError, match="'X'"):
        forecast(s, a, p, _state(s, units=(u,)), runs=10)
    with pytest.raises(SimInputError):
        forecast(s, a, p, ForecastState(scenario="lain", time=COUNT), runs=10)
    for kw in ({"runs": 0}, {"horizon_min": 0}, {"seed": -1}):
        with pytest.raises(SimParamError):
            forecast(s, a, p, _state(s), **kw)
    with pytest.raises(ValueError):
        inc = IncidentNow(village_code=A, level=KUNING, crowd=1, minutes_since_start=1)
        _state(s, incidents=(inc, inc))
    assert build_params({}).report_delay_min == 0.0


def test_importing_the_stage_loads_no_compiled_engine() -> None:
    """The Posko imports the forecast in its worker: importing must be cheap and side-effect
    free; Numba is loaded on the first call."""
    code = (
        "import sys\n"
        "import sispam.sim, sispam.sim.contingency, sispam.sim.calibration\n"
        "import sispam.domain.forecast\n"
        "assert 'numba' not in sys.modules, 'numba imported'\n"
        "f = sispam.sim.forecast\n"
        "assert callable(f) and 'numba' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_an_old_incident_stays_under_way_through_the_window() -> None:
    """A kuning crowd that began ten hours ago (beyond the model's 8-hour incident horizon), with
    nobody to answer it, goes on and turns merah — it does not end at once as 'uncontained'."""
    s, a = _tiny(trigger_scale=0.0, pool_fraction=0.05, pool_spread=0.0)  # 150 can gather at A
    inc = (IncidentNow(village_code=A, level=KUNING, crowd=30, minutes_since_start=600),)
    f = forecast(s, a, plan(s, ()), _state(s, incidents=inc), runs=50, seed=1, moves=False)
    assert f.villages[0].p_merah.value == 1.0
