"""Every kind of bad scenario file gets an error naming file, row and column — and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sispam.i18n import set_language
from sispam.scenario import ScenarioError, load_scenario


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _issues(directory: Path) -> list:
    with pytest.raises(ScenarioError) as info:
        load_scenario(directory)
    return info.value.issues


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_embedded_scenario_is_valid(klaten_dir: Path) -> None:
    s = load_scenario(klaten_dir)
    assert len(s.villages) == 67


def test_missing_column(klaten_dir: Path) -> None:
    path = klaten_dir / "villages.csv"
    lines = _lines(path)
    header = lines[0].split(",")
    i = header.index("tps")
    path.write_text(
        "\n".join(",".join(c for j, c in enumerate(line.split(",")) if j != i) for line in lines)
        + "\n",
        encoding="utf-8",
    )
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row, issue.column) == ("villages.csv", 1, "tps")
    assert "kolom wajib 'tps' tidak ada" in str(issue)


def test_wrong_type_names_row_and_column(klaten_dir: Path) -> None:
    path = klaten_dir / "villages.csv"
    lines = _lines(path)
    cells = lines[3].split(",")
    cells[2] = "banyak"  # voters on spreadsheet row 4
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row, issue.column) == ("villages.csv", 4, "voters")
    assert (
        str(issue) == "villages.csv, baris 4, kolom 'voters': harus bilangan bulat (isi: 'banyak')"
    )
    set_language("en")
    (issue,) = _issues(klaten_dir)
    assert (
        str(issue)
        == "villages.csv, row 4, column 'voters': must be a whole number (found: 'banyak')"
    )


def test_unknown_village_code(klaten_dir: Path) -> None:
    _edit(klaten_dir / "villages.csv", "33.10.01.2008,", "33.10.01.2999,")
    (issue,) = _issues(klaten_dir)
    assert (issue.row, issue.column) == (2, "code")
    assert "33.10.01.2999" in issue.message


def test_village_outside_region(klaten_dir: Path) -> None:
    _edit(klaten_dir / "villages.csv", "33.10.01.2008,", "34.04.01.2001,")  # a village in Sleman
    (issue,) = _issues(klaten_dir)
    assert issue.column == "code" and "33.10" in issue.message


def test_negative_strength(klaten_dir: Path) -> None:
    path = klaten_dir / "units.csv"
    lines = _lines(path)
    cells = lines[1].split(",")
    cells[2] = "-5"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row, issue.column) == ("units.csv", 2, "strength")
    assert "harus lebih dari 0" in issue.message


def test_duplicate_unit_name(klaten_dir: Path) -> None:
    path = klaten_dir / "units.csv"
    lines = _lines(path)
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row, issue.column) == ("units.csv", len(lines) + 1, "name")
    assert "baris 2" in issue.message


def test_duplicate_village(klaten_dir: Path) -> None:
    path = klaten_dir / "villages.csv"
    lines = _lines(path)
    path.write_text("\n".join([*lines, lines[5]]) + "\n", encoding="utf-8")
    (issue,) = _issues(klaten_dir)
    assert issue.row == len(lines) + 1 and issue.column == "code"


def test_phase_end_before_start(klaten_dir: Path) -> None:
    _edit(klaten_dir / "scenario.toml", "end = 2023-07-05 13:00:00", "end = 2023-07-05 06:00:00")
    (issue,) = _issues(klaten_dir)
    assert issue.file == "scenario.toml" and issue.column == "phases.3"
    assert "waktu selesai harus sesudah waktu mulai" in issue.message


def test_phases_out_of_order(klaten_dir: Path) -> None:
    # counting starting before voting
    _edit(
        klaten_dir / "scenario.toml", "start = 2023-07-05 13:00:00", "start = 2023-07-04 13:00:00"
    )
    issues = _issues(klaten_dir)
    assert any(i.column == "phases.4.start" and "penghitungan" in i.message for i in issues)


def test_not_utf8(klaten_dir: Path) -> None:
    path = klaten_dir / "villages.csv"
    path.write_bytes(path.read_bytes().replace(b"Sanggrahan", "Sanggrahán".encode("latin-1")))
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row) == ("villages.csv", 2)
    assert "UTF-8" in issue.message


@pytest.mark.parametrize("fname", ["villages.csv", "units.csv", "scenario.toml"])
def test_empty_file(klaten_dir: Path, fname: str) -> None:
    (klaten_dir / fname).write_text("", encoding="utf-8")
    (issue,) = _issues(klaten_dir)
    assert issue.file == fname and "kosong" in issue.message


def test_header_only(klaten_dir: Path) -> None:
    path = klaten_dir / "units.csv"
    path.write_text(_lines(path)[0] + "\n", encoding="utf-8")
    (issue,) = _issues(klaten_dir)
    assert issue.file == "units.csv" and "tidak ada baris data" in issue.message


def test_missing_file(klaten_dir: Path) -> None:
    (klaten_dir / "units.csv").unlink()
    (issue,) = _issues(klaten_dir)
    assert issue.file == "units.csv"


def test_toml_syntax_error(klaten_dir: Path) -> None:
    _edit(klaten_dir / "scenario.toml", 'name = "pilkades-klaten-2023"', 'name = "pilkades')
    (issue,) = _issues(klaten_dir)
    assert issue.file == "scenario.toml" and "TOML" in issue.message and "line" in issue.message


def test_unknown_zone_and_kind_reported_together(klaten_dir: Path) -> None:
    _edit(klaten_dir / "villages.csv", ",merah,", ",ungu,")
    _edit(klaten_dir / "units.csv", ",polsek,", ",polisi,")
    issues = _issues(klaten_dir)
    assert sorted(i.file for i in issues) == ["units.csv", "villages.csv"]
    assert any("polsek" in i.message and i.column == "kind" for i in issues)


def test_unknown_zone(klaten_dir: Path) -> None:
    _edit(klaten_dir / "villages.csv", ",merah,", ",ungu,")
    (issue,) = _issues(klaten_dir)
    assert issue.column == "zone" and "ungu" in issue.message and "hijau" in issue.message


def test_unknown_phase_in_availability(klaten_dir: Path) -> None:
    path = klaten_dir / "units.csv"
    lines = _lines(path)
    lines[1] = lines[1].replace(",semua,", ",pemungutan;kampanye;lebaran,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (issue,) = _issues(klaten_dir)
    assert (issue.row, issue.column) == (2, "available") and "lebaran" in issue.message


def test_semicolon_separated_csv_is_accepted(klaten_dir: Path) -> None:
    path = klaten_dir / "units.csv"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    assert len(load_scenario(klaten_dir).units) == len(rows) - 1


def test_all_problems_reported_at_once(klaten_dir: Path) -> None:
    path = klaten_dir / "villages.csv"
    lines = _lines(path)
    for i in (2, 3, 4):
        cells = lines[i].split(",")
        cells[3] = "0"  # tps must be ≥ 1
        lines[i] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    issues = _issues(klaten_dir)
    assert [(i.row, i.column) for i in issues] == [(3, "tps"), (4, "tps"), (5, "tps")]


def test_unknown_scenario_name() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario("pilkades-klaten-2099")
    assert "pilkades-klaten-2023" in str(info.value)


def test_written_directory_has_ordinary_permissions(tmp_path: Path, klaten) -> None:
    import os

    from sispam.scenario import write_scenario

    out = write_scenario(klaten, tmp_path / "out")
    current = os.umask(0)
    os.umask(current)
    assert out.stat().st_mode & 0o777 == 0o777 & ~current


# --- nothing silently misread (issue 14) -------------------------------------------------------


def _set_line(path: Path, n: int, line: str) -> None:
    lines = _lines(path)
    lines[n - 1] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_unclosed_quote_is_reported_at_the_row_where_it_opened(klaten_dir: Path) -> None:
    """Before: the quote swallowed every later row; 60 units instead of 120 checked valid."""
    path = klaten_dir / "units.csv"
    _set_line(path, 61, '"' + _lines(path)[60])
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row) == ("units.csv", 61)
    assert "tanda kutip" in issue.message


def test_quote_closed_rows_later_is_reported(klaten_dir: Path) -> None:
    """A quote that closes on a later row swallows the rows in between into one cell."""
    path = klaten_dir / "villages.csv"
    lines = _lines(path)
    cells = lines[9].split(",")
    cells[-1] = '"' + cells[-1]  # the note of row 10 opens a quote …
    lines[9] = ",".join(cells)
    cells = lines[14].split(",")
    cells[-1] = cells[-1] + '"'  # … that closes at the end of row 15
    lines[14] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row) == ("villages.csv", 10)
    assert "15" in issue.message


@pytest.mark.parametrize(
    ("fname", "good", "bad"),
    [
        ("villages.csv", "pin_reason", "pin_reson"),
        ("units.csv", "arrival_delay_min", "arrival_delay"),
    ],
)
def test_misspelt_column_is_an_error_with_the_closest_name(
    klaten_dir: Path, fname: str, good: str, bad: str
) -> None:
    """Before: `pin_reson` became an indicator (the merah pin was lost) and `arrival_delay` was
    ignored (all Brimob left the plan)."""
    _edit(klaten_dir / fname, good, bad)
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row, issue.column) == (fname, 1, bad)
    assert f"maksud Anda '{good}'" in issue.message


def test_indicator_columns_are_those_of_the_set_or_declared(klaten_dir: Path) -> None:
    path = klaten_dir / "villages.csv"
    lines = _lines(path)
    lines = [lines[0] + ",violence_history"] + [line + ",1" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (issue,) = _issues(klaten_dir)
    assert issue.column == "violence_history" and "indicator_columns" in issue.message
    _edit(
        klaten_dir / "scenario.toml",
        'indicator_set = "pilkades"',
        'indicator_set = "pilkades"\nindicator_columns = ["violence_history"]',
    )
    s = load_scenario(klaten_dir)
    assert s.villages[0].indicators["violence_history"] == 1.0
    assert s.indicator_columns == ("violence_history",)


def test_cell_over_the_csv_limit_is_reported(klaten_dir: Path) -> None:
    path = klaten_dir / "units.csv"
    cells = _lines(path)[4].split(",")
    cells[-1] = "x" * 200_000
    _set_line(path, 5, ",".join(cells))
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row) == ("units.csv", 5) and "131,072" in issue.message


def test_nul_byte_is_reported(klaten_dir: Path) -> None:
    path = klaten_dir / "villages.csv"
    lines = _lines(path)
    lines[6] = lines[6].replace("Kemudo", "Kem\0udo") if "Kemudo" in lines[6] else lines[6] + "\0"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row) == ("villages.csv", 7) and "NUL" in issue.message


@pytest.mark.parametrize(
    ("fname", "column", "value"),
    [("villages.csv", "voters", "1" + "0" * 24), ("units.csv", "strength", "1" + "0" * 20)],
)
def test_numbers_too_large_for_the_engines_are_refused(
    klaten_dir: Path, fname: str, column: str, value: str
) -> None:
    path = klaten_dir / fname
    lines = _lines(path)
    i = lines[0].split(",").index(column)
    cells = lines[2].split(",")
    cells[i] = value
    _set_line(path, 3, ",".join(cells))
    (issue,) = _issues(klaten_dir)
    assert (issue.file, issue.row, issue.column) == (fname, 3, column)
    assert "paling banyak" in issue.message or "≤" in issue.message or "kurang" in issue.message


def test_pattern_personnel_too_large_is_refused(klaten_dir: Path) -> None:
    text = (klaten_dir / "scenario.toml").read_text(encoding="utf-8")
    i = text.index("personnel = ", text.index("[[patterns]]"))
    j = text.index("\n", i)
    (klaten_dir / "scenario.toml").write_text(
        text[:i] + "personnel = 100000000000000000000" + text[j:], encoding="utf-8"
    )
    (issue,) = _issues(klaten_dir)
    assert issue.column == "patterns.0.personnel"


def test_non_finite_indicator_values_stay_text_for_the_assessment(klaten_dir: Path) -> None:
    path = klaten_dir / "villages.csv"
    lines = _lines(path)
    i = lines[0].split(",").index("registrants")
    for row, value in ((2, "nan"), (3, "inf")):
        cells = lines[row - 1].split(",")
        cells[i] = value
        lines[row - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = load_scenario(klaten_dir)
    assert s.villages[0].indicators["registrants"] == "nan"
    assert s.villages[1].indicators["registrants"] == "inf"
