"""`sispam scenario new|check|export` as a planner uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import _take_lang, app
from sispam.scenario import load_scenario

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, _take_lang(list(args)), catch_exceptions=False)


def test_check_embedded() -> None:
    result = run("scenario", "check", "pilkades-klaten-2023")
    assert result.exit_code == 0
    assert "67 desa" in result.stdout and "796 personel" in result.stdout


def test_check_bad_directory_exits_non_zero_in_english(klaten_dir: Path) -> None:
    (klaten_dir / "villages.csv").write_text(
        "code,voters,tps,candidates\n33.10.01.2008,x,1,2\n", encoding="utf-8"
    )
    result = run("scenario", "check", str(klaten_dir), "--lang", "en")
    assert result.exit_code == 2
    assert (
        "villages.csv, row 2, column 'voters': must be a whole number (found: 'x')" in result.stderr
    )
    assert "Nothing was written." in result.stderr


def test_export_round_trips(tmp_path: Path, klaten) -> None:
    out = tmp_path / "klaten"
    assert run("scenario", "export", "pilkades-klaten-2023", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        ".sispam-manifest.json",  # marks the folder as Sispam's (see sispam.scenario.output)
        "scenario.toml",
        "units.csv",
        "villages.csv",
    ]
    assert load_scenario(out) == klaten


def test_export_refuses_non_empty_target_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = run("scenario", "export", "pilkades-klaten-2023", str(out))
    assert result.exit_code == 2
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no temporary leftovers


def test_new_klaten_all_desa(tmp_path: Path) -> None:
    out = tmp_path / "new"
    result = run(
        "scenario",
        "new",
        "--regency",
        "Klaten",
        "--villages",
        "all-desa",
        "--date",
        "2023-07-05",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stdout
    s = load_scenario(out)
    assert len(s.villages) == 391 and all(v.code[9] == "2" for v in s.villages)
    assert all("voters" in v.estimated for v in s.villages)
    assert sum(u.strength for u in s.units if u.kind == "linmas") == 2 * sum(
        v.tps for v in s.villages
    )


def test_new_other_regency_by_codes(tmp_path: Path) -> None:
    out = tmp_path / "sleman"
    codes = "34.04.01.2001,34.04.01.2002"
    result = run(
        "scenario",
        "new",
        "--regency",
        "34.04",
        "--villages",
        codes,
        "--date",
        "2024-11-27",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stdout
    s = load_scenario(out)
    assert [v.code for v in s.villages] == codes.split(",")
    assert s.election_date.isoformat() == "2024-11-27"


def test_new_unknown_regency_suggests_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x"
    result = run("scenario", "new", "--regency", "Klatn", "-o", str(out))
    assert result.exit_code == 2
    assert "Klaten" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "cmd",
    [[], ["scenario"], ["scenario", "new"], ["scenario", "check"], ["plan"], ["assess"], ["demo"]],
)
def test_help_is_available(cmd: list[str]) -> None:
    result = run(*cmd, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("id", ["Kerawanan", "Karanganom", "Kecamatan"]),
        ("en", ["Vulnerability", "Karanganom", "District"]),
    ],
)
def test_assess_table_in_both_languages(lang: str, words: list[str]) -> None:
    result = run("assess", "pilkades-klaten-2023", "--lang", lang)
    assert result.exit_code == 0, result.stdout
    for word in words:
        assert word in result.stdout
