"""`sispam epstein` as a user runs it."""

from __future__ import annotations

import json

import numpy as np
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import _take_lang, app
from sispam.sim.epstein import preset, simulate

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, _take_lang(list(args)), catch_exceptions=False)


def test_json_is_params_and_one_row_per_step():
    result = run("epstein", "--preset", "netlogo", "--steps", "30", "--seed", "5", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["params"]["neighbourhood"] == "disc" and data["params"]["max_jail_term"] == 30
    assert len(data["counts"]) == 30 and all(len(row) == 3 for row in data["counts"])
    expected = simulate(preset("netlogo"), 30, 5).counts
    np.testing.assert_array_equal(np.array(data["counts"]), expected)


def test_options_override_the_preset():
    result = run(
        "epstein", "--width", "20", "--height", "12", "--steps", "5", "--legitimacy", "0.6",
        "--rounding", "floor", "--no-movement", "--legitimacy-schedule", "3:0.4", "--json",
    )  # fmt: skip
    assert result.exit_code == 0
    params = json.loads(result.stdout)["params"]
    assert (params["width"], params["height"], params["legitimacy"]) == (20, 12, 0.6)
    assert params["rounding"] == "floor" and params["citizen_movement"] is False
    assert params["legitimacy_schedule"] == [[3, 0.4]] and params["neighbourhood"] == "von_neumann"


def test_summary_in_both_languages():
    assert "Puncak aktif" in run("epstein", "--steps", "20").stdout
    assert "Peak actives" in run("epstein", "--steps", "20", "--lang", "en").stdout


def test_bad_parameters_exit_2_with_a_message():
    result = run("epstein", "--cop-density", "0.5", "--lang", "en")
    assert result.exit_code == 2
    assert "exceeds 1" in result.stderr
    result = run("epstein", "--cop-schedule", "10-50", "--lang", "id")
    assert result.exit_code == 2 and "tidak terbaca" in result.stderr
    result = run("epstein", "--preset", "ascape")
    assert result.exit_code == 2 and "ascape" in result.stderr
