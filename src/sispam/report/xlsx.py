"""Buku kerja (the planner's workbook): every table of both documents, one sheet each, formatted
for editing — header row styled, frozen and filterable, sensible widths, totals as formulas, and
estimated cells filled orange with an asterisk in their number format (so they stay numbers).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime, time

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as Cell_
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sispam.i18n import catalogue
from sispam.report import fmt
from sispam.report.context import ReportContext
from sispam.report.model import Cell, Column, Document, Table

HEADER_FILL = PatternFill("solid", fgColor="1F3A60")
HEADER_FONT = Font(bold=True, color="FFFFFF")
EST_FILL = PatternFill("solid", fgColor="FFE0B2")
TOTAL_FONT = Font(bold=True)
TOTAL_BORDER = Border(top=Side(style="medium", color="555555"))
WRAP = Alignment(wrap_text=True, vertical="top")
INVALID = set("[]:*?/\\")
# Text a spreadsheet would run as a formula (or, pasted into a CSV, as a command): a village or
# unit named "=HYPERLINK(…)" must stay a name. Such cells are stored as text, never as formulas.
FORMULA_START = ("=", "+", "-", "@")


def set_text(target: Cell_, value: object) -> Cell_:
    """Put ``value`` in a cell as data: a string never becomes a formula."""
    target.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        target.data_type = "s"
    return target


def _number_format(col: Column, est: bool) -> str:
    if col.kind == "pct":
        base = "0.0%"
    elif col.kind == "float" and col.digits:
        base = "#,##0." + "0" * col.digits
    elif col.kind == "float":
        base = "#,##0"
    else:
        base = "#,##0"
    return f'{base}"*"' if est else base


def _light(color: str) -> str:
    """A zone colour mixed 60 % with white, so the text on it stays readable."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "".join(f"{round(c + (255 - c) * 0.6):02X}" for c in rgb)


def _write_cell(ws: Worksheet, row: int, col_idx: int, cell: Cell, col: Column) -> None:
    v = cell.value
    target = ws.cell(row=row, column=col_idx)
    if isinstance(v, int | float) and not isinstance(v, bool) and col.kind != "code":
        target.value = v
        target.number_format = _number_format(col, cell.est)
    elif v is None:
        target.value = None
    else:
        set_text(target, f"{v}{fmt.EST_MARK}" if cell.est and v != "" else v)
        if col.kind != "code" and len(str(v)) > 40:
            target.alignment = WRAP
    if cell.est:
        target.fill = EST_FILL
    elif cell.color:
        target.fill = PatternFill("solid", fgColor=_light(cell.color))


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(" " if ch in INVALID else ch for ch in title)[:31].strip()
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def write_table(ws: Worksheet, tb: Table, lang: str) -> None:
    ncol = len(tb.columns)
    for j, col in enumerate(tb.columns, 1):
        c = set_text(ws.cell(row=1, column=j), col.label)
        c.fill, c.font = HEADER_FILL, HEADER_FONT
        c.alignment = Alignment(wrap_text=True, vertical="center")
    for i, row in enumerate(tb.rows, 2):
        for j, (cell, col) in enumerate(zip(row, tb.columns, strict=True), 1):
            _write_cell(ws, i, j, cell, col)
    last = len(tb.rows) + 1
    total = tb.totals()
    if total:
        r = last + 1
        for j, (cell, col) in enumerate(zip(total, tb.columns, strict=True), 1):
            target = ws.cell(row=r, column=j)
            if j == 1:
                set_text(target, cell.value)
            elif col.total:
                letter = get_column_letter(j)
                # A formula, so the total follows the planner's edits.
                target.value = f"=SUM({letter}2:{letter}{last})"
                target.number_format = _number_format(col, cell.est)
                if cell.est:
                    target.fill = EST_FILL
            target.font, target.border = TOTAL_FONT, TOTAL_BORDER
        last = r
    notes = [tb.note] if tb.note else []
    if not tb.rows:
        notes.insert(0, tb.empty)
    for k, note in enumerate(notes):
        set_text(ws.cell(row=last + 2 + k, column=1), note).font = Font(italic=True, color="555555")
    ws.freeze_panes = "A2"
    if tb.rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(ncol)}{len(tb.rows) + 1}"
    for j, col in enumerate(tb.columns, 1):
        texts = [col.label] + [fmt.cell_text(r[j - 1], col, lang) for r in tb.rows]
        width = max(len(x) for x in texts) + 2
        ws.column_dimensions[get_column_letter(j)].width = max(6, min(width, 60))
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = tb.title
    ws.page_setup.orientation = "landscape" if ncol > 6 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def unique_tables(docs: list[Document]) -> list[Table]:
    """Every table once (both documents share some), in reading order."""
    seen: set[str] = set()
    out = []
    for d in docs:
        for tb in d.tables():
            if tb.id not in seen:
                seen.add(tb.id)
                out.append(tb)
    return out


def workbook(ctx: ReportContext, docs: list[Document]) -> bytes:
    wb = Workbook()
    info = wb.active
    info.title = _sheet_name(ctx.t("report.xlsx.info"), set())
    used = {info.title.lower()}
    tables = unique_tables(docs)
    rows: list[tuple[str, str]] = list(docs[0].heading.items)
    rows.append((ctx.t("report.xlsx.legend"), ctx.t("report.xlsx.legend_text")))
    for p in docs[0].banner:
        rows.append(("", p.text))
    info.column_dimensions["A"].width = 26
    info.column_dimensions["B"].width = 100
    set_text(info.cell(row=1, column=1), ctx.scenario.title).font = Font(bold=True, size=14)
    r = 3
    for k, v in rows:
        set_text(info.cell(row=r, column=1), k).font = Font(bold=True)
        set_text(info.cell(row=r, column=2), v).alignment = WRAP
        r += 1
    info.cell(row=r, column=2).fill = EST_FILL
    info.cell(row=r, column=1, value=ctx.t("report.page.estimate")).font = Font(bold=True)
    r += 2
    info.cell(row=r, column=1, value=ctx.t("report.xlsx.sheets")).font = Font(bold=True)
    r += 1
    names = []
    for tb in tables:
        key = f"report.sheet.{tb.id}"
        short = ctx.t(key) if key in catalogue() else tb.title
        ws = wb.create_sheet(_sheet_name(short, used))
        write_table(ws, tb, ctx.lang)
        names.append((ws.title, tb.title))
    for name, title in names:
        c = info.cell(row=r, column=1, value=name)
        c.hyperlink = f"#'{name}'!A1"
        c.font = Font(color="1F4E9C", underline="single")
        set_text(info.cell(row=r, column=2), title)
        r += 1
    wb.calculation.fullCalcOnLoad = True  # totals are formulas: compute them when opened
    stamp = datetime.combine(ctx.today, time(0), tzinfo=UTC).replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = f"Sispam {ctx.version}"
    wb.properties.title = ctx.scenario.title
    buf = io.BytesIO()
    wb.save(buf)
    return stable_zip(buf.getvalue(), stamp)


def stable_zip(data: bytes, when: datetime) -> bytes:
    """The same archive with every entry dated ``when``: the same plan gives the same file."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" when saving
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + when.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    content,
                )
            dst.writestr(entry, content)
    return out.getvalue()
