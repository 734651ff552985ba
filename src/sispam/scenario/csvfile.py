"""Membaca tabel CSV (reading a scenario's CSV tables) so that nothing is silently misread.

Rows are numbered like a spreadsheet (header = row 1; a cell with line breaks is still one row).
Python's csv module forgives a lot: an unclosed quote makes it read every later row into one
cell, and a quote closed many lines later swallows the rows in between. Both are found here and
reported at the row where the quote opened, as are a NUL byte (not a text file) and a cell over
the csv module's limit of 131,072 characters — each as an issue naming the file and row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

Row = tuple[int, dict[str, str]]
Report = Callable[..., None]  # (key, row_no=…, col=…, **values) → records one issue


def _delimiter(first_line: str) -> str:
    """Spreadsheets in Indonesian locales save with ``;``."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _swallowed(cells: list[str], delimiter: str, width: int) -> bool:
    """A cell holding whole rows: a quote that closed far too late."""
    for cell in cells:
        for line in cell.split("\n")[1:]:
            if width > 1 and line.count(delimiter) >= width - 1:
                return True
    return False


def _failed(
    exc: csv.Error, record: int, first_line: int, text_lines: list[str], report: Report
) -> None:
    """Name the row where a record that cannot be read began."""
    message = str(exc)
    opened = text_lines[first_line - 1] if first_line - 1 < len(text_lines) else ""
    if "field larger than field limit" in message and opened.count('"') % 2 == 0:
        report("scenario.csv.cell_too_long", row_no=record, limit=f"{csv.field_size_limit():,}")
    elif "field larger" in message or "end of data" in message or "expected after" in message:
        report("scenario.csv.unclosed_quote", row_no=record, line=first_line)
    else:
        report("scenario.csv.syntax", row_no=record, detail=message)


def read_table(text: str, required: tuple[str, ...], report: Report) -> tuple[list[str], list[Row]]:
    """(header, rows) of one CSV text; problems go to ``report`` with spreadsheet row numbers."""
    if "\0" in text:
        report("scenario.csv.nul", row_no=text[: text.index("\0")].count("\n") + 1)
        return [], []
    lines = text.splitlines()
    delimiter = _delimiter(lines[0])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        _failed(exc, 1, 1, lines, report)
        return [], []
    seen: set[str] = set()
    for h in header:
        if h in seen:
            report("scenario.duplicate_column", row_no=1, col=h, column=h)
        seen.add(h)
    for col in required:
        if col not in header:
            report(
                "scenario.missing_column", row_no=1, col=col, column=col, present=", ".join(header)
            )
    rows: list[Row] = []
    record = 1
    while True:
        first_line = reader.line_num + 1
        record += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            _failed(exc, record, first_line, lines, report)
            return header, []  # the rest of the file cannot be trusted
        if reader.line_num > first_line and _swallowed(cells, delimiter, len(header)):
            report(
                "scenario.csv.quote_swallows", row_no=record, line=first_line, end=reader.line_num
            )
            return header, []
        if not any(c.strip() for c in cells):
            continue  # blank spreadsheet rows
        if len(cells) > len(header):
            report("scenario.extra_cells", row_no=record)
            continue
        cells = cells + [""] * (len(header) - len(cells))
        rows.append((record, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return header, rows


__all__ = ["Row", "read_table"]
