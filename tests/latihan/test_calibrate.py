"""The drill calibrates the model: measured times against the assumptions, written as the
parameters the contingency simulation reads."""

from __future__ import annotations

import tomllib

from sispam.latihan.calibrate import measured_times, params_toml, sim_params
from sispam.latihan.eeg import model_assumptions
from sispam.latihan.units import Responders
from sispam.sim.contingency import params_from


def _times(results, exercise, record):  # type: ignore[no-untyped-def]
    s, _, p = results
    responders = Responders(s, p, s.village(exercise.village_code))
    return measured_times(exercise, record, model_assumptions(s), responders)


def test_measured_times_with_their_assumptions(results, exercise, record) -> None:
    times = {(m.measure, m.key): m for m in _times(results, exercise, record)}
    assert times[("report", "")].samples == (3.0,)
    assert times[("decision", "")].samples == (4.0,)  # report 09:13 → first dispatch 09:17
    order = {k: (m.median, m.assumed) for (kind, k), m in times.items() if kind == "order"}
    assert order == {
        "dalmas_awal": (7.0, 5.0),  # gather 09:10 → dispatch 09:17
        "dalmas_lanjut": (14.0, 10.0),  # kuning inject 09:30 → dispatch 09:44
        "phh": (10.0, 15.0),  # merah inject 10:00 → dispatch 10:10
        "tni_support": (26.0, 20.0),  # merah inject 10:00 → dispatch 10:26
    }
    travel = {k: m for (kind, k), m in times.items() if kind == "travel"}
    assert travel["dalmas_lanjut"].median == 16.0  # 09:44 → 10:05 less the 5-minute pause
    assert travel["tni_support"].median == 49.0
    for m in travel.values():  # the plan's travel time from the element's post, for comparison
        assert m.assumed is not None and m.assumed < m.median


def test_measured_times_from_a_drill_change_the_simulations_inputs(
    results, exercise, record
) -> None:
    """The documented rule: each reserve role's measured condition → order median replaces the
    model's request_delay_min; nothing else changes."""
    s = results[0]
    times = _times(results, exercise, record)
    text = params_toml(times, ["test"])
    table = tomllib.loads(text)
    assert table == sim_params(times)
    before = params_from(s.stage_settings("sim"))
    after = params_from({**s.stage_settings("sim"), **table})
    assert after.request_delay_min == {
        "dalmas_awal": 7.0,
        "dalmas_lanjut": 14.0,
        "phh": 10.0,
        "tni_support": 26.0,
    }
    assert before.request_delay_min != after.request_delay_min
    changed = {k for k, v in after.flat().items() if before.flat()[k] != v}
    assert changed == {f"request_delay_min.{r}" for r in after.request_delay_min}
    assert "# order.dalmas_lanjut: measured 14 (n=1), assumed 10" in text


def test_compressed_times_are_counted_but_not_used(results, exercise, record) -> None:
    from sispam.domain.exercise import ExerciseEvent

    start = record[0].time
    fast = [
        *record,
        ExerciseEvent(time=start.replace(hour=9, minute=35), kind="speed_changed", speed=2),
    ]
    times = {(m.measure, m.key): m for m in _times(results, exercise, fast)}
    lanjut = times[("order", "dalmas_lanjut")]
    assert lanjut.samples == () and lanjut.compressed == 1 and lanjut.median is None
    assert "dalmas_lanjut" not in sim_params(tuple(times.values())).get("request_delay_min", {})
