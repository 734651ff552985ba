"""Parameters of the contingency model: defaults, overrides, and clear errors for bad values."""

from __future__ import annotations

import pytest

from sispam.domain import SispamError
from sispam.i18n import set_language
from sispam.sim.contingency import SimParamError, build_params, params_from
from sispam.sim.contingency.params import PHASES, TRIGGERS, parse_assignment


def test_defaults_cover_every_phase_and_trigger() -> None:
    p = build_params()
    assert set(p.trigger_rate) == set(PHASES)
    assert set(p.severity) == set(TRIGGERS)
    assert all(sum(m.values()) > 0 for m in p.trigger_mix.values())
    assert p.kuning_crowd < p.merah_crowd
    assert p.rounding == "literal" and p.threshold == 0.1 and p.arrest_k == 2.3  # Epstein 2002


def test_partial_tables_keep_the_other_defaults() -> None:
    p = build_params({"trigger_rate": {"penghitungan": 0.2}, "severity": {"rumour": 0.5}})
    assert p.trigger_rate["penghitungan"] == 0.2
    assert p.trigger_rate["pemungutan"] == build_params().trigger_rate["pemungutan"]
    assert p.severity["rumour"] == 0.5 and p.severity["close_contest"] == 0.25


def test_cli_overrides_apply_after_the_scenario_settings() -> None:
    p = params_from(
        {"trigger_scale": 2.0, "pool_fraction": 0.03},
        ["trigger_scale=0.5", "trigger_rate.kampanye=0.1", "rounding=floor"],
    )
    assert p.trigger_scale == 0.5 and p.pool_fraction == 0.03
    assert p.trigger_rate["kampanye"] == 0.1 and p.rounding == "floor"
    assert p.flat()["trigger_rate.kampanye"] == 0.1


@pytest.mark.parametrize(
    ("settings", "expected_id", "expected_en"),
    [
        (
            {"pool_fraction": -0.1},
            "'pool_fraction' = -0.1: harus >",
            "'pool_fraction' = -0.1: must be >",
        ),
        ({"trigger_scale": "banyak"}, "harus berupa angka", "must be a number"),
        ({"rounding": "ceil"}, "pilih salah satu", "choose one of"),
        ({"no_such": 1}, "'no_such' tidak dikenal", "Unknown simulation parameter 'no_such'"),
        ({"trigger_rate": {"pilpres": 0.1}}, "trigger_rate.pilpres", "trigger_rate.pilpres"),
        ({"severity": {"rumour": 2.0}}, "di luar rentang", "is outside"),
        ({"kuning_crowd": 80, "merah_crowd": 60}, "Ambang merah", "merah threshold"),
        ({"trigger_mix": {"kampanye": {"rumour": 0}}}, "berjumlah nol", "sums to zero"),
    ],
)
def test_bad_parameters_get_clear_errors_in_both_languages(
    settings, expected_id, expected_en
) -> None:
    with pytest.raises(SimParamError) as exc:
        build_params(settings)
    assert expected_id in str(exc.value)
    assert isinstance(exc.value, SispamError)
    set_language("en")
    with pytest.raises(SimParamError) as exc:
        build_params(settings)
    assert expected_en in str(exc.value)


def test_set_needs_name_equals_value() -> None:
    with pytest.raises(SimParamError, match="NAMA=NILAI"):
        parse_assignment("trigger_scale")
    assert parse_assignment("horizon_min=600") == ("horizon_min", 600)
    assert parse_assignment("rounding=floor") == ("rounding", "floor")
    with pytest.raises(SimParamError, match="tidak dikenal"):
        params_from({}, ["nope.deeper=1"])
