"""The drill calibrates the model: measured times against the assumptions, written as the
parameters the contingency simulation reads, with the mapping documented in
``sispam.latihan.calibrate`` (and ``docs/latihan.md`` §6)."""

from __future__ import annotations

import tomllib
from typing import Any

from sispam.latihan.calibrate import measured_times, params_toml, sim_params
from sispam.latihan.eeg import model_params
from sispam.latihan.units import Responders
from sispam.sim.contingency import params_from

ORDER = {"dalmas_awal": 7.0, "dalmas_lanjut": 14.0, "phh": 10.0, "tni_support": 26.0}
DECISION = {"dalmas_awal": 4.0, "dalmas_lanjut": 14.0, "phh": 10.0, "tni_support": 26.0}
TRAVEL = {"dalmas_awal": 9.0, "dalmas_lanjut": 16.0, "phh": 36.0, "tni_support": 49.0}


def _times(results, exercise, record):  # type: ignore[no-untyped-def]
    s, _, p = results
    responders = Responders(s, p, s.village(exercise.village_code))
    return measured_times(exercise, record, model_params(s), responders)


def _has_calibration() -> bool:
    try:
        from sispam.sim import calibration  # noqa: F401
    except ImportError:
        return False
    return True


def _overlay(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in top.items():
        out[k] = _overlay(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def test_measured_times_with_their_assumptions(results, exercise, record) -> None:
    times = {(m.measure, m.key): m for m in _times(results, exercise, record)}
    # Only the unrest's start had a report of its own (09:10 → 09:13); the kuning and merah
    # injects reached the Posko themselves.
    assert times[("report", "")].samples == (3.0,)
    for kind, expected in (("decision", DECISION), ("order", ORDER), ("travel", TRAVEL)):
        got = {k: m.median for (m_kind, k), m in times.items() if m_kind == kind}
        assert got == expected, kind
    assert times[("decision", "dalmas_lanjut")].assumed == 10.0  # the model's request delay
    assert times[("decision", "phh")].param == "request_delay_min.phh"
    for role in TRAVEL:  # each trip beside the plan's arrival estimate for that element then
        m = times[("travel", role)]
        assert len(m.planned) == len(m.samples) == 1
        assert m.assumed == m.planned[0] < m.median
        assert m.param == f"arrival_delay_min.{role}"


def test_measured_times_from_a_drill_change_the_simulations_inputs(
    results, exercise, record
) -> None:
    """The documented mapping, and nothing else: with the simulation's calibration, report →
    ``report_delay_min``, decision → ``request_delay_min``, travel − plan → ``arrival_delay_min``;
    without it, condition → order → ``request_delay_min``."""
    s = results[0]
    times = _times(results, exercise, record)
    by = {(m.measure, m.key): m for m in times}
    if _has_calibration():
        planned = {r: by[("travel", r)].planned[0] for r in TRAVEL}
        expected = {
            "report_delay_min": 3.0,
            "request_delay_min": DECISION,
            "arrival_delay_min": {r: round(TRAVEL[r] - planned[r], 1) for r in TRAVEL},  # medians
        }
    else:
        expected = {"request_delay_min": ORDER}
    text = params_toml(times, ["test"])
    table = tomllib.loads(text)["sim"]
    assert table == sim_params(times) == expected
    before = params_from(s.stage_settings("sim"))
    after = params_from(_overlay(s.stage_settings("sim"), table))
    changed = {k for k, v in after.flat().items() if before.flat()[k] != v}
    written = set()
    for group, value in table.items():
        written |= {f"{group}.{k}" for k in value} if isinstance(value, dict) else {group}
    assert changed == written
    for name in changed:
        group, _, key = name.partition(".")
        assert after.flat()[name] == (table[group][key] if key else table[group])
    assert "# decision.dalmas_lanjut: measured 14 (n=1), assumed 10" in text


def test_compressed_times_are_counted_but_not_used(results, exercise, record) -> None:
    from sispam.domain.exercise import ExerciseEvent

    start = record[0].time
    speed_up = ExerciseEvent(time=start.replace(hour=9, minute=35), kind="speed_changed", speed=2)
    times = {(m.measure, m.key): m for m in _times(results, exercise, [*record, speed_up])}
    for kind in ("decision", "order"):
        lanjut = times[(kind, "dalmas_lanjut")]
        assert lanjut.samples == () and lanjut.compressed == 1 and lanjut.median is None
    assert "dalmas_lanjut" not in sim_params(tuple(times.values())).get("request_delay_min", {})


def test_the_simulation_re_run_with_the_drills_times(results, exercise, record) -> None:
    """The loop closed: the same runs and seed, once with the model's times and once with the
    drill's; the rows are the two results' own figures."""
    from sispam.latihan.calibrate import odds_before_after, overlay
    from sispam.sim.contingency import simulate

    s, a, p = results
    table = sim_params(_times(results, exercise, record))
    odds = {
        o.measure: o
        for o in odds_before_after(s, a, p, table, exercise.village_code, runs=60, seed=3)
    }
    after = simulate(
        s, a, p, runs=60, seed=3, params=params_from(overlay(s.stage_settings("sim"), table))
    )
    before = simulate(s, a, p, runs=60, seed=3)
    assert odds["p_any_merah"].after == after.overall.p_any_merah.value
    assert odds["p_any_kuning"].before == before.overall.p_any_kuning.value
    assert odds["p_merah"].after == after.by_code()[exercise.village_code].p_merah.value
    for group, values in table.items():  # the drill's figures reached the simulation
        assert after.params[group] == (
            {**before.params[group], **values} if isinstance(values, dict) else values
        )
