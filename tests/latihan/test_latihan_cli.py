"""`sispam latihan new|check|schedule|evaluate|anev` as the drill's organisers use them."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import record_events
from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import _take_lang, app
from sispam.domain.exercise import Exercise, StoryStep
from sispam.latihan.events import events_jsonl

runner = CliRunner()
pytestmark = pytest.mark.xdist_group("latihan-cli")


def run(*args: str):
    return runner.invoke(app, _take_lang(list(args)), catch_exceptions=False)


def flat(text: str) -> str:
    """Console output without the terminal's line wrapping."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("drill") / "latihan-karanganom"
    result = run("latihan", "new", "pilkades-klaten-2023", "-o", str(out))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "21 inject" in flat(result.stdout) and "Karanganom" in result.stdout
    return out


@pytest.fixture
def events_file(package: Path, tmp_path: Path) -> Path:
    exercise = Exercise.model_validate_json((package / "latihan.json").read_text(encoding="utf-8"))
    path = tmp_path / "events.jsonl"
    path.write_text(events_jsonl(record_events(exercise)), encoding="utf-8")
    return path


def _pdf(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_new_writes_msel_eegs_and_cards_for_the_seed_storyline(package: Path) -> None:
    assert sorted(p.name for p in package.iterdir() if not p.name.startswith(".")) == [
        "evaluasi.xlsx",
        "formulir-evaluator.pdf",
        "kartu-inject.pdf",
        "latihan.json",
        "msel.csv",
        "msel.xlsx",
        "plan.json",
    ]
    ex = Exercise.model_validate_json((package / "latihan.json").read_text(encoding="utf-8"))
    assert ex.village_name == "Karanganom" and len(ex.eegs) == 11
    rows = list(csv.DictReader(io.StringIO((package / "msel.csv").read_text(encoding="utf-8"))))
    steps = list(dict.fromkeys(r["step"] for r in rows))
    assert steps == [s.value for s in StoryStep]
    cards = _pdf(package / "kartu-inject.pdf")
    assert cards.count("LATIHAN — LATIHAN — LATIHAN") == len(rows) + 1  # every card, and page 1
    assert "Sekitar 50 pendukung calon B berkumpul di balai desa Karanganom" in cards
    forms = _pdf(package / "formulir-evaluator.pdf")
    assert "P [ ] S [ ] M [ ] U [ ]" in " ".join(forms.split())
    assert "Dalmas lanjut menggantikan Dalmas awal (lapis ganti)" in forms.replace("\n", " ")
    wb = load_workbook(package / "evaluasi.xlsx")
    assert wb["eeg"].max_row == len(ex.tasks()) + 1


def test_check_accepts_the_package_and_names_a_bad_edit(package: Path, tmp_path: Path) -> None:
    result = run("latihan", "check", str(package))
    assert result.exit_code == 0 and "MSEL sah, 21 inject" in flat(result.stdout)
    copy = tmp_path / "pkg"
    shutil.copytree(package, copy)
    rows = list(csv.reader(io.StringIO((copy / "msel.csv").read_text(encoding="utf-8"))))
    rows[5][rows[0].index("unit")] = "Dinas Perhubungan"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (copy / "msel.csv").write_text(buf.getvalue(), encoding="utf-8")
    result = run("latihan", "check", str(copy / "msel.csv"), "--lang", "en")
    assert result.exit_code == 2
    assert "Invalid drill file (1 problems)" in flat(result.stderr)
    assert "msel.csv, row 6, column 'unit': unit 'Dinas Perhubungan' is not in the scenario" in (
        flat(result.stderr)
    )
    assert "Nothing was written." in result.stderr


def test_new_refuses_bad_inputs_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text("{}", encoding="utf-8")
    out = tmp_path / "pkg"
    result = run("latihan", "new", "pilkades-klaten-2023", "--plan", str(bad), "-o", str(out))
    assert result.exit_code == 2 and "plan.json" in result.stderr
    result = run("latihan", "new", "pilkades-klaten-2023", "--village", "Atlantis", "-o", str(out))
    assert result.exit_code == 2 and "Atlantis" in result.stderr
    result = run("latihan", "new", "pilkades-klaten-2023", "--start", "pagi", "-o", str(out))
    assert result.exit_code == 2
    assert not out.exists()


def test_schedule_under_compression(package: Path) -> None:
    result = run("latihan", "schedule", str(package), "--speed", "4", "--start", "2023-05-31T13:00")
    assert result.exit_code == 0
    assert "×4" in result.stdout and "13:00:00" in result.stdout
    assert "13:47:30" in result.stdout  # the last inject, 3 h 10 min of drill, in 47.5 minutes


def test_evaluate_fills_the_evaluators_sheet(package: Path, events_file: Path, tmp_path) -> None:
    out = tmp_path / "evaluasi-terisi.xlsx"
    result = run("latihan", "evaluate", str(package), "--events", str(events_file), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "kuning_lapis_ganti" in result.stdout
    ws = load_workbook(out)["eeg"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "merah_tni_support")
    assert row[header.index("measured_min")] == 55 and row[header.index("suggested")] == "M"


def test_anev_in_english_from_the_record_and_the_evaluators_ratings(
    package: Path, events_file: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "eval.csv"
    sheet.write_text(
        "task_id,rating,notes\nmerah_lintas_ganti,P,Macet di jalan kabupaten\n", encoding="utf-8"
    )
    out = tmp_path / "anev"
    result = run(
        "latihan", "anev", str(package), "--events", str(events_file),
        "--evaluation", str(sheet), "-o", str(out), "--lang", "en", "--runs", "40",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    names = sorted(
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name[0] != "."
    )
    assert names == [
        "anev.json",
        "anev.pdf",
        "anev.xlsx",
        "drill-params.toml",
        "gambar/chart_latihan_timeline.png",
    ]
    text = _pdf(out / "anev.pdf")
    assert "AFTER-ACTION REPORT (ANEV) OF THE EXERCISE" in text
    assert "Macet di jalan kabupaten" in flat(text)
    assert "The contingency simulation re-run with the drill's times (40 runs, seed 1)" in flat(
        text
    )
    anev = json.loads((out / "anev.json").read_text(encoding="utf-8"))
    lintas = next(r for r in anev["results"] if r["task"]["id"] == "merah_lintas_ganti")
    assert (lintas["rating"], lintas["rated_by"]) == ("P", "evaluator")
    assert anev["odds_runs"] == 40 and len(anev["odds"]) == 5
    params = tomllib.loads((out / "drill-params.toml").read_text(encoding="utf-8"))
    assert params["sim"]["request_delay_min"]["dalmas_lanjut"] == 14.0


def test_anev_with_a_broken_record_writes_nothing(package: Path, tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text('{"time": "2023-05-31T08:00", "kind": "exercise_started"}\n{"time": 1}\n')
    out = tmp_path / "anev"
    result = run("latihan", "anev", str(package), "--events", str(events), "-o", str(out))
    assert result.exit_code == 2
    assert "events.jsonl, baris 2" in flat(result.stderr)
    assert not out.exists()
