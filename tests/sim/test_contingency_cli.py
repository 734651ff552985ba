"""`sispam simulate` as a planner runs it."""

from __future__ import annotations

import json
from pathlib import Path

from contingency_factory import plan
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import _take_lang, app
from sispam.domain import SimResult

runner = CliRunner()
KLATEN = "pilkades-klaten-2023"


def run(*args: str):
    return runner.invoke(app, _take_lang(list(args)), catch_exceptions=False)


def _plan_file(tmp_path: Path, klaten, name: str, reserves=None) -> Path:
    p = plan(klaten) if reserves is None else plan(klaten, reserves)
    path = tmp_path / f"{name}.json"
    path.write_text(p.model_dump_json(), encoding="utf-8")
    return path


def test_json_has_runs_seed_villages_and_overall(tmp_path: Path, klaten) -> None:
    plan_file = _plan_file(tmp_path, klaten, "rencana")
    out = tmp_path / "hasil.json"
    result = run(
        "simulate", KLATEN, "--plan", str(plan_file), "--runs", "150", "--seed", "3",
        "--workers", "1", "--json", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["runs"] == 150 and data["seed"] == 3 and data["plan_label"] == "rencana"
    assert len(data["villages"]) == 67
    v = data["villages"][0]
    assert {"code", "p_kuning", "p_merah", "containment_p50", "containment_p90"} <= set(v)
    assert 0 <= v["p_merah"]["value"] <= v["p_kuning"]["value"] <= 1
    assert "p_any_merah" in data["overall"]
    assert SimResult.model_validate_json(
        out.read_text(encoding="utf-8")
    ) == SimResult.model_validate(data)


def test_table_compare_and_sensitivity_in_english(tmp_path: Path, klaten) -> None:
    mine = _plan_file(tmp_path, klaten, "mine")
    none = _plan_file(tmp_path, klaten, "none", reserves=())
    result = run(
        "simulate", KLATEN, "--plan", str(mine), "--compare", str(none), "--runs", "200",
        "--workers", "1", "--sensitivity", "--sens-runs", "20", "--lhs", "4",
        "--set", "trigger_scale=2", "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Contingency simulation" in out and "200 runs" in out
    assert "Plan comparison (common random numbers): mine − none" in out
    assert "One-at-a-time sensitivity" in out and "trigger_scale" in out
    assert "partial rank correlation" in out


def test_bad_parameter_is_refused_without_a_traceback() -> None:
    result = run("simulate", KLATEN, "--runs", "10", "--set", "pool_fraction=-1")
    assert result.exit_code == 2
    assert "pool_fraction" in result.stderr and "Traceback" not in result.stderr
    result = run("simulate", KLATEN, "--runs", "10", "--set", "rounding=ceil", "--lang", "en")
    assert result.exit_code == 2 and "choose one of" in result.stderr


def test_unreadable_or_foreign_plan_is_refused(tmp_path: Path, klaten) -> None:
    broken = tmp_path / "rusak.json"
    broken.write_text("{ not json", encoding="utf-8")
    result = run("simulate", KLATEN, "--plan", str(broken), "--runs", "5")
    assert result.exit_code == 2 and "rusak.json" in result.stderr
    missing = run("simulate", KLATEN, "--plan", str(tmp_path / "nope.json"), "--runs", "5")
    assert missing.exit_code == 2 and "nope.json" in missing.stderr
    foreign = tmp_path / "lain.json"
    foreign.write_text(plan(klaten).model_copy(update={"scenario": "lain"}).model_dump_json())
    result = run("simulate", KLATEN, "--plan", str(foreign), "--runs", "5", "--workers", "1")
    assert result.exit_code == 2 and "skenario 'lain'" in result.stderr
    zero = run("simulate", KLATEN, "--runs", "0")
    assert zero.exit_code == 2 and "antara 1 dan" in zero.stderr  # the CLI's declared bound
