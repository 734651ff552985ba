"""`sispam plan`: JSON on stdout, -o and --csv written all or nothing, errors without traces."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import _take_lang, app
from sispam.domain import Plan

runner = CliRunner()
KLATEN = "pilkades-klaten-2023"


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, _take_lang(list(args)))


def test_json_on_stdout_is_the_plan_with_its_schema_version() -> None:
    r = run("plan", KLATEN, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["schema_version"] == 1
    p = Plan.model_validate(data)
    assert p.totals["linmas"].required_tps == 134


def test_table_summary(tmp_path: Path) -> None:
    r = run("plan", KLATEN)
    assert r.exit_code == 0, r.output
    assert "linmas" in r.stdout and "134" in r.stdout
    assert "Mapolres" in r.stdout or "Polsek" in r.stdout


def test_json_file_and_csv_tables(tmp_path: Path) -> None:
    out, tables = tmp_path / "plan.json", tmp_path / "tabel"
    r = run("plan", KLATEN, "-o", str(out), "--csv", str(tables))
    assert r.exit_code == 0, r.output
    p = Plan.model_validate_json(out.read_text(encoding="utf-8"))
    names = {f.name for f in tables.iterdir()}
    assert {
        "villages.csv",
        "units.csv",
        "reserves.csv",
        "coverage.csv",
        "request.csv",
        "outreach.csv",
        "totals.csv",
        "marginal.csv",
        "shortfalls.csv",
        "sites.csv",
    } <= names
    with (tables / "villages.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(p.assignments)
    assert sum(int(r["personnel"]) for r in rows) == sum(a.personnel for a in p.assignments)
    with (tables / "outreach.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(p.outreach)
    with (tables / "totals.csv").open(encoding="utf-8") as fh:
        tot = [
            r for r in csv.DictReader(fh) if r["phase"] == "pemungutan" and r["force"] == "linmas"
        ]
    assert tot[0]["required_tps"] == "134"


def test_existing_csv_directory_writes_nothing(tmp_path: Path) -> None:
    tables = tmp_path / "tabel"
    tables.mkdir()
    (tables / "keep.txt").write_text("x")
    out = tmp_path / "plan.json"
    r = run("plan", KLATEN, "-o", str(out), "--csv", str(tables))
    assert r.exit_code == 2
    assert not out.exists()
    assert [f.name for f in tables.iterdir()] == ["keep.txt"]
    assert "Traceback" not in r.output


def test_output_that_is_a_directory(tmp_path: Path) -> None:
    r = run("--lang", "en", "plan", KLATEN, "-o", str(tmp_path))
    assert r.exit_code == 2
    assert "is a directory" in r.output


@pytest.mark.parametrize("lang", ["id", "en"])
def test_bad_settings_name_the_key(tmp_path: Path, klaten_dir: Path, lang: str) -> None:
    toml = klaten_dir / "scenario.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + "\n[plan.reserve]\nresponse_min = -1\n", encoding="utf-8"
    )
    r = run("--lang", lang, "plan", str(klaten_dir))
    assert r.exit_code == 2
    assert "plan.reserve.response_min" in r.output
    assert "Traceback" not in r.output
