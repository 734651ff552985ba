"""`sispam assess` as a planner uses it: table, --json, --explain, errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import _take_lang, app

runner = CliRunner()
KLATEN = "pilkades-klaten-2023"


def run(*args: str):
    return runner.invoke(app, _take_lang(list(args)), catch_exceptions=False)


def test_json_gives_score_zone_pin_and_contributions_per_village() -> None:
    result = run("assess", KLATEN, "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    villages = doc["villages"]
    assert len(villages) == 67
    for v in villages:
        assert {"code", "name", "score", "zone", "pinned", "contributions"} <= set(v)
        assert 0 <= v["score"] <= 100
        assert v["contributions"] and {"indicator", "points", "estimated"} <= set(
            v["contributions"][0]
        )
    zones = [v["zone"] for v in villages]
    assert zones.count("merah") == 1 and zones.count("kuning") == 3 and zones.count("hijau") == 63
    karanganom = next(v for v in villages if v["code"] == "33.10.24.2003")
    assert karanganom["pinned"] is True and karanganom["pin_reason"]
    assert doc["sensitivity"] and doc["indicators"]


def test_table_shows_zones_pins_and_sensitivity() -> None:
    result = run("assess", KLATEN, "--lang", "en")
    assert result.exit_code == 0
    out = result.stdout
    assert "Karanganom" in out and "(pinned)" in out
    assert "Sensitivity" in out and "Pinned: Karanganom" in out
    assert "Figures marked * are estimates" in out


def test_explain_by_name_and_by_code_agree() -> None:
    by_name = run("assess", KLATEN, "--explain", "brajan", "--json")
    by_code = run("assess", KLATEN, "--explain", "33.10.01.2014", "--json")
    assert by_name.exit_code == by_code.exit_code == 0
    assert json.loads(by_name.stdout) == json.loads(by_code.stdout)
    assert json.loads(by_name.stdout)["zone"] == "kuning"
    text = run("assess", KLATEN, "--explain", "Brajan")
    assert "Turun ke" in text.stdout and "Persaingan ketat antarkubu" in text.stdout


def test_unknown_village_is_a_user_error() -> None:
    result = run("assess", KLATEN, "--explain", "Karanganx", "--lang", "en")
    assert result.exit_code == 2
    assert "Village 'Karanganx' is not in the scenario" in result.stderr
    assert "Karanganom" in result.stderr


def test_bad_indicator_set_file_exits_2_in_both_languages(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[set]\nid = "bad"\nname_id = "b"\nname_en = "b"\n'
        '[[dimensions]]\nid = "a"\nname_id = "A"\nname_en = "A"\n'
        '[[indicators]]\nid = "x"\nname_id = "x"\nname_en = "x"\ndimension = "a"\n'
        'type = "binary"\nweight = -2\n',
        encoding="utf-8",
    )
    result = run("assess", KLATEN, "--indicator-set", str(bad))
    assert result.exit_code == 2
    assert "bad.toml, bagian 'indicators[1] (x)', isian 'weight': harus ≥ 0" in result.stderr
    result = run("assess", KLATEN, "--indicator-set", str(bad), "--lang", "en")
    assert "bad.toml, key 'indicators[1] (x)', field 'weight': must be ≥ 0" in result.stderr
    assert "Nothing was written." in result.stderr


def test_other_shipped_set_by_option() -> None:
    result = run("assess", KLATEN, "--indicator-set", "tps", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["indicator_set"] == "tps"
