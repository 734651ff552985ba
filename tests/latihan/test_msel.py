"""The MSEL as a spreadsheet: it loads back unchanged from XLSX and CSV, and a bad edit is named
by file, spreadsheet row and column, in Indonesian or English, with nothing else accepted."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sispam.i18n import set_language
from sispam.latihan.msel import COLUMNS, load_msel, msel_csv, msel_xlsx, parse_time
from sispam.latihan.sheets import FileIssues

STAMP = datetime(2023, 5, 20)


def _write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _edit_csv(exercise, tmp_path: Path, row: int, column: str, value: str) -> Path:
    """The MSEL as CSV with one cell changed (``row`` counted like a spreadsheet)."""
    rows = list(csv.reader(io.StringIO(msel_csv(exercise.injects))))
    rows[row - 1][rows[0].index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return _write_csv(tmp_path / "msel.csv", buf.getvalue())


def test_csv_and_xlsx_load_back_unchanged(results, exercise, tmp_path: Path) -> None:
    s = results[0]
    csv_path = _write_csv(tmp_path / "msel.csv", msel_csv(exercise.injects))
    xlsx_path = tmp_path / "msel.xlsx"
    xlsx_path.write_bytes(msel_xlsx(exercise.injects, "id", STAMP))
    assert load_msel(csv_path, scenario=s) == exercise.injects
    assert load_msel(xlsx_path, scenario=s) == exercise.injects


def test_the_workbook_has_the_loader_columns_and_a_guide(exercise) -> None:
    wb = load_workbook(io.BytesIO(msel_xlsx(exercise.injects, "en", STAMP)))
    assert wb.sheetnames == ["msel", "Guide"]
    header = [c.value for c in wb["msel"][1]]
    assert tuple(header) == COLUMNS
    assert wb["msel"].max_row == len(exercise.injects) + 1
    guide = {r[0].value: r[1].value for r in wb["Guide"].iter_rows(min_row=2)}
    assert set(guide) == set(COLUMNS) and "Cara Bertindak" in guide["task"]


def test_same_injects_give_the_same_bytes(exercise) -> None:
    assert msel_xlsx(exercise.injects, "id", STAMP) == msel_xlsx(exercise.injects, "id", STAMP)


def test_a_spreadsheet_edited_in_a_spreadsheet_program_still_loads(results, exercise, tmp_path):
    """Spreadsheets turn a typed time into a date cell, reorder columns, save with semicolons."""
    s = results[0]
    wb = load_workbook(io.BytesIO(msel_xlsx(exercise.injects, "id", STAMP)))
    ws = wb["msel"]
    ws.cell(row=2, column=COLUMNS.index("real_time") + 1).value = datetime(2023, 5, 31, 7, 30)
    ws.cell(row=2, column=COLUMNS.index("target_min") + 1).value = 12.0
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    injects = load_msel(path, scenario=s)
    first = next(i for i in injects if i.number == 1)
    assert first.real_time == datetime(2023, 5, 31, 7, 30) and first.target_min == 12.0
    rows = list(csv.reader(io.StringIO(msel_csv(exercise.injects))))
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows([list(reversed(r)) for r in rows])
    semi = load_msel(_write_csv(tmp_path / "semi.csv", buf.getvalue()), scenario=s)
    assert semi == exercise.injects


@pytest.mark.parametrize(
    ("column", "value", "needle_id", "needle_en"),
    [
        ("unit", "Polsek Atlantis", "tidak ada di skenario", "not in the scenario"),
        ("task", "kuning_terbang", "tidak ada di Cara Bertindak", "not in the Cara Bertindak"),
        ("real_time", "besok pagi", "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM"),
        ("capability", "traffic", "menguji kemampuan", "tests capability"),
        ("method", "merpati", "harus salah satu dari", "must be one of"),
        ("no", "0", "sedikitnya 1", "at least 1"),
        ("crowd", "banyak", "bilangan bulat", "whole number"),
        ("village", "33.10.24.9999", "bukan desa peserta", "not a participating village"),
        ("step", "perang", "harus salah satu dari", "must be one of"),
    ],
)
def test_a_bad_cell_names_file_row_and_column(
    results, exercise, tmp_path, column, value, needle_id, needle_en
) -> None:
    s = results[0]
    path = _edit_csv(exercise, tmp_path, 5, column, value)
    for lang, needle in (("id", needle_id), ("en", needle_en)):
        set_language(lang)
        with pytest.raises(FileIssues) as err:
            load_msel(path, scenario=s)
        issues = err.value.issues
        assert len(issues) == 1, issues
        issue = issues[0]
        assert (issue.file, issue.row, issue.column) == ("msel.csv", 5, column)
        assert needle in issue.message
        where = "baris 5" if lang == "id" else "row 5"
        assert where in str(issue) and column in str(issue)


def test_every_problem_is_listed_at_once(results, exercise, tmp_path) -> None:
    rows = list(csv.reader(io.StringIO(msel_csv(exercise.injects))))
    rows[2][COLUMNS.index("unit")] = "Nope"
    rows[4][COLUMNS.index("no")] = rows[3][COLUMNS.index("no")]  # duplicate number
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path = _write_csv(tmp_path / "m.csv", buf.getvalue())
    with pytest.raises(FileIssues) as err:
        load_msel(path, scenario=results[0])
    found = {(i.row, i.column) for i in err.value.issues}
    assert found == {(3, "unit"), (5, "no")}
    dup = next(i for i in err.value.issues if i.column == "no")
    assert "baris 4" in dup.message


def test_missing_and_unknown_columns(exercise, tmp_path) -> None:
    text = msel_csv(exercise.injects).replace("expected_action", "expectation", 1)
    path = _write_csv(tmp_path / "m.csv", text)
    with pytest.raises(FileIssues) as err:
        load_msel(path)
    assert [(i.row, i.column) for i in err.value.issues] == [(1, "expectation")]
    text = msel_csv(exercise.injects).replace("message", "pesan", 1)
    with pytest.raises(FileIssues) as err:
        load_msel(_write_csv(tmp_path / "n.csv", text))
    assert {(i.row, i.column) for i in err.value.issues} == {(1, "message"), (1, "pesan")}


def test_not_a_workbook_and_missing_file(tmp_path) -> None:
    bad = tmp_path / "msel.xlsx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(FileIssues, match="XLSX"):
        load_msel(bad)
    with pytest.raises(FileIssues):
        load_msel(tmp_path / "none.csv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-07-05 15:30", datetime(2023, 7, 5, 15, 30)),
        ("2023-07-05T15.30", datetime(2023, 7, 5, 15, 30)),
        ("2023-07-05 9:05:30", datetime(2023, 7, 5, 9, 5, 30)),
        ("2023-02-30 10:00", None),
        ("15:30", None),
    ],
)
def test_times_as_people_write_them(text: str, expected) -> None:
    assert parse_time(text) == expected
