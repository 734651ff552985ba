"""Formatting and the document model: known answers."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sispam.report import fmt, svgmap
from sispam.report.model import Cell, Column, Table


@pytest.mark.parametrize(
    ("value", "lang", "digits", "text"),
    [
        (164194, "id", 0, "164.194"),
        (164194, "en", 0, "164,194"),
        (52.5072, "id", 1, "52,5"),
        (1234567.891, "en", 2, "1,234,567.89"),
        (-57, "id", 0, "-57"),
    ],
)
def test_number(value: float, lang: str, digits: int, text: str) -> None:
    assert fmt.number(value, lang, digits) == text


def test_percent_and_dates_per_language() -> None:
    assert fmt.percent(0.9701, "id") == "97,0 %"
    assert fmt.percent(0.9701, "en") == "97.0%"
    assert fmt.day(date(2023, 7, 5), "id", weekday=True) == "Rabu, 5 Juli 2023"
    assert fmt.day(date(2023, 7, 5), "en", weekday=True) == "Wednesday, 5 July 2023"
    assert fmt.moment(datetime(2023, 7, 5, 7, 0), "id") == "5 Juli 2023 07.00"
    assert fmt.moment(datetime(2023, 7, 5, 7, 0), "en") == "5 July 2023 07:00"
    assert fmt.clock(datetime(2023, 7, 5, 13, 2), "id") == "05-07 13.02"


def test_bilingual_notes_pick_one_side() -> None:
    note = "pilihan ilustratif / illustrative selection"
    assert fmt.bilingual(note, "id") == "pilihan ilustratif"
    assert fmt.bilingual(note, "en") == "illustrative selection"
    # Only an "a / b" note is split: anything else is shown as written.
    assert fmt.bilingual("Polres / Kodim / Pemkab", "en") == "Polres / Kodim / Pemkab"


def test_estimates_get_an_asterisk_in_every_kind_of_cell() -> None:
    assert fmt.cell_text(Cell(2054, est=True), Column("v", "DPT", "int"), "id") == "2.054*"
    assert fmt.cell_text(Cell(0.5, est=True), Column("p", "P", "pct"), "en") == "50.0%*"
    assert fmt.cell_text(Cell("ya", est=True), Column("i", "I"), "id") == "ya*"
    assert fmt.cell_text(Cell(None, est=True), Column("i", "I", "int"), "id") == ""


def test_totals_sum_numbers_and_carry_the_estimate_flag() -> None:
    cols = (Column("n", "Name"), Column("a", "A", "int", total=True), Column("b", "B", "int"))
    table = Table(
        "t",
        "T",
        cols,
        ((Cell("x"), Cell(2), Cell(5)), (Cell("y"), Cell(3, est=True), Cell(7))),
        total_label="Jumlah",
    )
    total = table.totals()
    assert total is not None
    assert [c.value for c in total] == ["Jumlah", 5, None]
    assert total[1].est
    assert Table("t", "T", cols, (), total_label="Jumlah").totals() is None


def test_sequential_scale_ends_and_rises() -> None:
    assert svgmap.sequential(0) == svgmap.SCALE[0]
    assert svgmap.sequential(1) == svgmap.SCALE[-1]
    assert svgmap.sequential(-3) == svgmap.SCALE[0]
    reds = [int(svgmap.sequential(x / 10)[3:5], 16) for x in range(11)]
    assert reds == sorted(reds, reverse=True)  # green channel falls as risk rises


def test_projection_keeps_north_up_and_fits_the_width() -> None:
    proj = svgmap.Projection((110.4, -7.8, 110.8, -7.5))
    west_north = proj(110.4, -7.5)
    east_south = proj(110.8, -7.8)
    assert west_north == pytest.approx((svgmap.PAD, svgmap.PAD))
    assert east_south[0] == pytest.approx(svgmap.WIDTH - svgmap.PAD)
    assert east_south[1] > west_north[1]


def test_very_long_tables_stay_out_of_the_pdf() -> None:
    from sispam.report import pdf

    col = (Column("n", "N", "int"),)
    supplement = {"map": "", "chart": "", "not_printed": "%s: see the workbook"}
    long = Table("x", "Long", col, tuple((Cell(i),) for i in range(pdf.MAX_ROWS + 1)))
    assert pdf._block(long, "en", {}, supplement) == {
        "type": "para",
        "style": "note",
        "text": "Long: see the workbook",
    }
    short = Table("x", "Short", col, ((Cell(1),),))
    assert pdf._block(short, "en", {}, supplement)["type"] == "table"
