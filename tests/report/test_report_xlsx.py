"""The workbook: every table, formatted for editing, totals equal to the plan's."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

import sispam
from sispam.domain import Force
from sispam.report.xlsx import EST_FILL

pytestmark = pytest.mark.xdist_group("report")


def _book(files, lang="id"):
    return load_workbook(io.BytesIO(files[lang]["rencana.xlsx"]))


def _sheet(wb, startswith: str):
    return next(ws for ws in wb.worksheets if ws.title.startswith(startswith))


def _sum_formula(ws, cell) -> float:
    """Evaluate ``=SUM(X2:X9)`` from the sheet's own cells (no spreadsheet engine needed)."""
    m = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", cell.value)
    assert m, cell.value
    col, r0, _, r1 = m.groups()
    return sum(ws[f"{col}{r}"].value or 0 for r in range(int(r0), int(r1) + 1))


def test_force_totals_equal_the_plans(files, results) -> None:
    _, _, plan = results
    ws = _sheet(_book(files), "Kebutuhan vs tersedia")
    header = [c.value for c in ws[1]]
    col = {name: i for i, name in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2))
    rows = rows[: [r[0].value for r in rows].index("Jumlah") + 1]  # notes follow the total
    labels = {
        "Polri": Force.POLRI,
        "TNI": Force.TNI,
        "Linmas": Force.LINMAS,
        "Satpol PP": Force.SATPOL_PP,
        "Dishub": Force.DISHUB,
    }
    seen = set()
    for row in rows[:-1]:
        force = labels[row[0].value]
        tot = plan.totals[force.value]
        assert row[col["Dibutuhkan di TPS"]].value == tot.required_tps
        assert row[col["Dibutuhkan seluruhnya"]].value == tot.required_total
        assert row[col["Tersedia"]].value == tot.available
        seen.add(force.value)
    assert seen == {f for f, t in plan.totals.items()}
    total_row = rows[-1]
    assert total_row[0].value == "Jumlah"
    required = _sum_formula(ws, total_row[col["Dibutuhkan seluruhnya"]])
    assert required == sum(t.required_total for t in plan.totals.values())
    available = _sum_formula(ws, total_row[col["Tersedia"]])
    assert available == sum(t.available for t in plan.totals.values())


def test_sheets_are_ready_for_editing(files) -> None:
    wb = _book(files)
    assert wb.worksheets[0].title == "Informasi"
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == "A2", ws.title
        assert ws["A1"].font.bold, ws.title
        assert ws.column_dimensions["A"].width >= 6
    villages = _sheet(wb, "Desa peserta")
    assert villages.auto_filter.ref.startswith("A1:")


def test_estimated_cells_are_marked_and_stay_numbers(files, results) -> None:
    scenario = results[0]
    ws = _sheet(_book(files), "Desa peserta")
    header = [c.value for c in ws[1]]
    voters = header.index("DPT") + 1
    for i, v in enumerate(scenario.villages, 2):
        cell = ws.cell(row=i, column=voters)
        assert cell.value == v.voters
        if "voters" in v.estimated:
            assert cell.fill.fgColor.rgb.endswith(EST_FILL.fgColor.rgb[-6:])
            assert cell.number_format.endswith('"*"')


def test_info_sheet_names_scenario_version_and_estimates(files, results) -> None:
    ws = _book(files, "en").worksheets[0]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert results[0].title in text and f"Sispam {sispam.__version__}" in text
    assert "Estimated inputs" in text and "Orange cells" in text
    assert ws.title == "About"


def test_same_plan_same_workbook(files) -> None:
    """Every archive entry carries the report's date, not the moment it was written."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(files["id"]["rencana.xlsx"])) as z:
        stamps = {i.date_time for i in z.infolist()}
    assert stamps == {(2023, 6, 20, 0, 0, 0)}
