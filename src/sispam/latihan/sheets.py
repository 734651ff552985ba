"""Tabel dari spreadsheet (tables from a spreadsheet): a CSV or XLSX file as (header, rows), rows
numbered like the spreadsheet (header = row 1), problems collected as scenario issues."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from sispam.i18n import t
from sispam.scenario import ScenarioError, ScenarioIssue

Row = tuple[int, dict[str, Any]]


class FileIssues(ScenarioError):
    """Problems in a drill file (MSEL, exercise record, evaluator's sheet), each naming file,
    row and column — the scenario layer's error type, so every command reports it alike."""


def issue(issues: list[ScenarioIssue], file: str, key: str, row=None, col=None, **v) -> None:  # type: ignore[no-untyped-def]
    """Record one localised problem (file, spreadsheet row, column)."""
    issues.append(ScenarioIssue(file=file, row=row, column=col, message=t(key, **v)))


def _csv(path: Path, issues: list[ScenarioIssue]) -> tuple[list[str], list[Row]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        issue(issues, path.name, "scenario.not_utf8", row=raw[: exc.start].count(b"\n") + 1)
        return [], []
    if not text.strip():
        issue(issues, path.name, "scenario.empty_file")
        return [], []
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    out: list[Row] = []
    for line_no, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            issue(issues, path.name, "scenario.extra_cells", row=line_no)
            continue
        cells = cells + [""] * (len(header) - len(cells))
        out.append((line_no, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return header, out


def _xlsx(path: Path, sheet: str, issues: list[ScenarioIssue]) -> tuple[list[str], list[Row]]:
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises several types for a file that is not a workbook
        issue(issues, path.name, "latihan.sheet.not_xlsx")
        return [], []
    try:
        ws = wb[sheet] if sheet in wb.sheetnames else wb.worksheets[0]
        grid = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    if not grid:
        issue(issues, path.name, "scenario.empty_file")
        return [], []
    header = ["" if h is None else str(h).strip() for h in grid[0]]
    out: list[Row] = []
    for row_no, cells in enumerate(grid[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        values: dict[str, Any] = {}
        for h, c in zip(header, cells, strict=False):
            if h:
                values[h] = c.strip() if isinstance(c, str) else ("" if c is None else c)
        out.append((row_no, values))
    return header, out


def read_table(path: Path, sheet: str, issues: list[ScenarioIssue]) -> tuple[list[str], list[Row]]:
    """A ``.xlsx`` (sheet ``sheet``, else the first) or ``.csv`` (comma or semicolon) table."""
    if not path.is_file():
        issue(issues, str(path), "scenario.file_missing")
        return [], []
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(path, sheet, issues)
    return _csv(path, issues)


def check_header(
    header: list[str],
    required: tuple[str, ...],
    known: tuple[str, ...],
    file: str,
    issues: list[ScenarioIssue],
) -> None:
    """Required columns present, no unknown ones."""
    for col in required:
        if col not in header:
            present = ", ".join(h for h in header if h)
            issue(issues, file, "scenario.missing_column", 1, col, column=col, present=present)
    for h in header:
        if h and h not in known:
            issue(
                issues, file, "latihan.sheet.unknown_column", 1, h, column=h, known=", ".join(known)
            )


def cell(value: Any) -> str:
    """A cell as text (a whole float without its ``.0``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
