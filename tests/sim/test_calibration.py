"""Drill calibration: times measured in a drill become the documented parameters, change what the
simulation does exactly as documented, and reach `sispam simulate` through `--params FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from contingency_factory import plan, reserve, tiny_scenario
from pydantic import ValidationError
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import _take_lang, app
from sispam.domain import PhaseKind, Plan, ReserveRole
from sispam.sim.calibration import (
    MeasuredTimes,
    assumed_vs_measured,
    overlay_params,
    params_from_measured,
    params_toml,
    table_from_toml,
)
from sispam.sim.contingency import ContingencyParams, SimInputError, SimParamError
from sispam.sim.contingency import kernel as K
from sispam.sim.contingency.inputs import build_inputs
from sispam.sim.contingency.job import ContingencyJob
from sispam.sim.contingency.pack import pack
from sispam.sim.contingency.tables import ROLES

R = ReserveRole
DRILL = MeasuredTimes(
    detection_to_report=(4.0, 7.0, 5.0, 30.0),  # one stalled radio call: the median ignores it
    report_to_decision={R.DALMAS_AWAL: (6.0, 8.0), R.DALMAS_LANJUT: (12.0, 18.0, 15.0)},
    dispatch_to_arrival={R.DALMAS_AWAL: (20.0, 26.0, 31.0)},
    planned_arrival={R.DALMAS_AWAL: (14.0, 17.0, 19.0)},
    source="Latihan 31 Mei 2023",
)


def test_measured_times_give_the_documented_parameters() -> None:
    table = params_from_measured(DRILL)
    assert table == {
        "report_delay_min": 6.0,  # median of 4, 5, 7, 30
        "request_delay_min": {"dalmas_awal": 7.0, "dalmas_lanjut": 15.0},
        "arrival_delay_min": {"dalmas_awal": 9.0},  # median of 6, 9, 12 minutes late
    }
    rows = dict((n, (a, m)) for n, a, m in assumed_vs_measured(DRILL))
    assert rows == {
        "arrival_delay_min.dalmas_awal": (0.0, 9.0),
        "report_delay_min": (0.0, 6.0),
        "request_delay_min.dalmas_awal": (5.0, 7.0),
        "request_delay_min.dalmas_lanjut": (10.0, 15.0),
    }
    # what was not measured stays the scenario's
    p = overlay_params(ContingencyParams(request_delay_min={"phh": 40.0}), table)
    assert p.request_delay_min["phh"] == 40.0 and p.request_delay_min["dalmas_awal"] == 7.0
    assert params_from_measured(MeasuredTimes()) == {}


def test_defaults_keep_todays_model() -> None:
    p = ContingencyParams()
    assert p.report_delay_min == 0.0 and set(p.arrival_delay_min.values()) == {0.0}
    m = pack(p)
    np.testing.assert_array_equal(m.rolet[:, K.RT_DELAY], m.rolet[:, K.RT_DECIDE])
    assert (m.rolet[:, K.RT_ARRIVE] == 0).all()


def test_bad_measurements_are_refused() -> None:
    with pytest.raises(ValidationError):
        MeasuredTimes(detection_to_report=(-1.0,))
    with pytest.raises(ValidationError, match="planned_arrival"):
        MeasuredTimes(dispatch_to_arrival={R.PHH: (30.0,)})
    with pytest.raises(SimParamError):  # a day and more: outside the parameter's range
        params_from_measured(MeasuredTimes(detection_to_report=(5000.0,)))


def _trace(params: ContingencyParams):
    """One village, a crowd that is sure to come and to reach kuning, one Dalmas awal and one
    Dalmas lanjut 5 km away: the minutes at which each is asked for, sent and arrives."""
    s = tiny_scenario(
        [("33.10.01.2008", -7.745, 110.505, 1000)],
        phases=(PhaseKind.KAMPANYE,),
        sim={
            "trigger_rate": {"kampanye": 50.0},
            "trigger_mix": {"kampanye": {"rumour": 1.0}},
            "severity": {"rumour": 0.4},
            "severity_spread": 0.0,
            "pool_fraction": 0.1,
            "pool_spread": 0.0,
        },
    )
    p: Plan = plan(
        s,
        (
            reserve("dalmas_awal", at=(-7.70, 110.505), name="awal"),
            reserve("dalmas_lanjut", at=(-7.70, 110.505), name="lanjut"),
        ),
    )
    from contingency_factory import assessment

    prm = overlay_params(params, s.settings["sim"])
    inp = build_inputs(s, assessment(s, {v.code: 50.0 for v in s.villages}), p, prm)
    job = ContingencyJob((inp,), pack(prm), 1, 1, prm.horizon_min)
    ev, evf = job.trace(0).events, job.trace(0).eventf
    out = {}
    for row, f in zip(ev, evf, strict=True):
        t, _, kind, a, b, _ = (int(x) for x in row)
        if kind == K.EV_REQUEST and b == 0:
            out[("request", ROLES[a])] = t
        if kind == K.EV_DISPATCH:
            out[("dispatch", ROLES[b])] = (t, round(float(f[2]), 6))
        if kind == K.EV_ARRIVAL and a >= 0:
            out[("arrival", ROLES[b])] = t
    return out


def test_measured_times_change_the_simulation_as_documented() -> None:
    """The order goes report + decision after the condition (was: the decision delay alone),
    and each element arrives its measured lateness after the modelled ETA."""
    before = _trace(ContingencyParams())
    table = params_from_measured(DRILL)
    after = _trace(overlay_params(ContingencyParams(), table))
    for role in ("dalmas_awal", "dalmas_lanjut"):
        asked = before[("request", role)]
        assert after[("request", role)] == asked  # the crowd itself is the same
        sent0, eta0 = before[("dispatch", role)]
        sent1, eta1 = after[("dispatch", role)]
        decide = table["request_delay_min"][role]
        assert sent0 == asked + int(ContingencyParams().request_delay_min[role])
        assert sent1 == asked + int(table["report_delay_min"] + decide)
        late = table["arrival_delay_min"].get(role, 0.0)
        assert eta1 == pytest.approx(eta0 + late)
        assert after[("arrival", role)] - sent1 == before[("arrival", role)] - sent0 + late


def test_parameter_file_round_trips_and_refuses_other_tables() -> None:
    table = params_from_measured(DRILL)
    text = params_toml(table, DRILL.source)
    assert text.startswith("# ") and "[sim]" in text
    assert table_from_toml(text, "latihan.toml") == table
    with pytest.raises(SimInputError, match="latihan.toml"):
        table_from_toml("[plan]\nx = 1\n[sim]\n", "latihan.toml")
    with pytest.raises(SimInputError, match="latihan.toml"):
        table_from_toml("trigger_scale = 2\n", "latihan.toml")
    with pytest.raises(SimInputError, match="latihan.toml"):
        table_from_toml("[sim\n", "latihan.toml")


runner = CliRunner()
KLATEN = "pilkades-klaten-2023"


def _cli(*args: str):
    return runner.invoke(app, _take_lang(list(args)), catch_exceptions=False)


@pytest.fixture
def plan_file(tmp_path: Path, klaten) -> Path:
    path = tmp_path / "rencana.json"
    path.write_text(plan(klaten).model_dump_json(), encoding="utf-8")
    return path


def test_simulate_takes_a_parameter_file_over_the_scenario(tmp_path: Path, plan_file) -> None:
    params = tmp_path / "drill-params.toml"
    params.write_text(params_toml(params_from_measured(DRILL), DRILL.source), encoding="utf-8")
    out = tmp_path / "hasil.json"
    result = _cli(
        "simulate", KLATEN, "--plan", str(plan_file), "--runs", "30", "--workers", "1",
        "--params", str(params), "--set", "request_delay_min.dalmas_lanjut=11", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    used = json.loads(out.read_text(encoding="utf-8"))["params"]
    assert used["report_delay_min"] == 6.0 and used["arrival_delay_min"]["dalmas_awal"] == 9.0
    assert used["request_delay_min"]["dalmas_awal"] == 7.0
    assert used["request_delay_min"]["dalmas_lanjut"] == 11.0  # --set comes last
    assert used["request_delay_min"]["phh"] == 15.0  # not measured: the scenario's


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[sim]\npool_fraction = -1\n", "pool_fraction"),
        ("[sim]\nrequest_delay_min = { phh = -3 }\n", "request_delay_min.phh"),
        ("[sim]\nno_such_thing = 1\n", "no_such_thing"),
        ("[sim\n", "TOML"),
        ("[plan]\nx = 1\n", "[sim]"),
    ],
)
def test_a_bad_parameter_file_names_the_file_and_key(
    tmp_path: Path, plan_file, text: str, needle: str
) -> None:
    params = tmp_path / "drill-params.toml"
    params.write_text(text, encoding="utf-8")
    out = tmp_path / "hasil.json"
    result = _cli(
        "simulate", KLATEN, "--plan", str(plan_file), "--runs", "5", "--params", str(params),
        "-o", str(out), "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "drill-params.toml" in result.stderr and needle in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_a_missing_parameter_file_is_refused(tmp_path: Path, plan_file) -> None:
    result = _cli("simulate", KLATEN, "--plan", str(plan_file), "--params", "tidak-ada.toml")
    assert result.exit_code == 2 and "tidak-ada.toml" in result.stderr
