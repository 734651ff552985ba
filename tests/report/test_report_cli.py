"""`sispam report` as a planner runs it: all files or none."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import _take_lang, app

pytestmark = pytest.mark.xdist_group("report-b")
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, _take_lang(list(args)), catch_exceptions=False)


def test_report_writes_documents_in_english(tmp_path: Path) -> None:
    out = tmp_path / "rep"
    result = run("report", "pilkades-klaten-2023", "-o", str(out), "--lang", "en", "--runs", "30")
    assert result.exit_code == 0, result.stdout
    for name in (
        "index.html",
        "rencana-pengamanan.pdf",
        "rencana-kontinjensi.pdf",
        "rencana.xlsx",
        "plan.json",
        "gambar/map_zones.png",
    ):
        assert (out / name).stat().st_size > 0, name
    assert "files written to" in result.stdout
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "Monte Carlo simulation, 30 runs" in page  # the simulation ran and is reported
    assert (out / "simulation.json").stat().st_size > 0


def test_existing_output_is_kept_unless_replaced(tmp_path: Path) -> None:
    out = tmp_path / "rep"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    result = run("report", "pilkades-klaten-2023", "-o", str(out), "--runs", "0")
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    assert "Tidak ada berkas yang ditulis." in result.stderr


def test_bad_scenario_writes_nothing(tmp_path: Path, klaten_dir: Path) -> None:
    (klaten_dir / "units.csv").write_text("name,kind,strength\nX,polsek,-3\n", encoding="utf-8")
    out = tmp_path / "rep"
    result = run("report", str(klaten_dir), "-o", str(out))
    assert result.exit_code == 2
    assert not out.exists()


def test_a_saved_simulation_that_does_not_load_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "sim.json"
    bad.write_text('{"runs": "many"}', encoding="utf-8")
    out = tmp_path / "rep"
    result = run(
        "report", "pilkades-klaten-2023", "-o", str(out), "--sim", str(bad), "--lang", "en"
    )
    assert result.exit_code == 2
    assert "Cannot read the simulation result" in result.stderr
    assert not out.exists()
