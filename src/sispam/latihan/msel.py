"""MSEL sebagai berkas (the MSEL as a file): written as CSV and XLSX, edited in a spreadsheet,
loaded back with every problem named by file, spreadsheet row and column — like a scenario file.

Columns (header = row 1, the names below; order free; ``*`` = required)::

    no*  scenario_time*  real_time*  step*  from*  to*  method*  message*  expected_action
    unit*  capability  task*  target_min  village  kind  level  crowd  note

Times are ``YYYY-MM-DD HH:MM`` (``T`` or a space; ``15.30`` as well as ``15:30``). ``step``,
``method``, ``kind``, ``level``, ``capability`` and ``task`` take the codes of
:mod:`sispam.domain.exercise` and the doctrine; ``method`` also takes Indonesian words
(telepon, langsung, pesan, sms, wa).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from pydantic import ValidationError

from sispam.domain import Scenario
from sispam.domain.exercise import Inject, InjectMethod
from sispam.i18n import t
from sispam.latihan.eeg import TASKS
from sispam.latihan.sheets import FileIssues, cell, check_header, issue, read_table
from sispam.report.model import Cell, Column, Table
from sispam.report.xlsx import HEADER_FILL, HEADER_FONT, stable_zip, write_table
from sispam.scenario import ScenarioIssue
from sispam.scenario.errors import issues_from_validation

COLUMNS: tuple[str, ...] = (
    "no",
    "scenario_time",
    "real_time",
    "step",
    "from",
    "to",
    "method",
    "message",
    "expected_action",
    "unit",
    "capability",
    "task",
    "target_min",
    "village",
    "kind",
    "level",
    "crowd",
    "note",
)
REQUIRED = ("no", "scenario_time", "real_time", "step", "from", "to", "method", "message", "unit")
REQUIRED += ("task",)
FIELD_COLUMN = {"number": "no", "sender": "from", "recipient": "to", "village_code": "village"}
METHOD_WORDS = {
    "telepon": InjectMethod.PHONE,
    "telp": InjectMethod.PHONE,
    "hp": InjectMethod.PHONE,
    "langsung": InjectMethod.IN_PERSON,
    "tatap muka": InjectMethod.IN_PERSON,
    "pesan": InjectMethod.TEXT,
    "sms": InjectMethod.TEXT,
    "wa": InjectMethod.TEXT,
    "whatsapp": InjectMethod.TEXT,
}
SHEET = "msel"
TIME_FORMAT = "%Y-%m-%d %H:%M"


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(TIME_FORMAT)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(getattr(value, "value", value))


def rows(injects: Iterable[Inject]) -> list[list[str]]:
    """The MSEL as text cells in :data:`COLUMNS` order (what both files hold)."""
    out = []
    for i in injects:
        values = {
            "no": i.number,
            "scenario_time": i.scenario_time,
            "real_time": i.real_time,
            "step": i.step,
            "from": i.sender,
            "to": i.recipient,
            "method": i.method,
            "message": i.message,
            "expected_action": i.expected_action,
            "unit": i.unit,
            "capability": i.capability,
            "task": i.task,
            "target_min": i.target_min,
            "village": i.village_code,
            "kind": i.kind,
            "level": i.level,
            "crowd": i.crowd,
            "note": i.note,
        }
        out.append([_fmt(values[c]) for c in COLUMNS])
    return out


def msel_csv(injects: Iterable[Inject]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(injects))
    return buf.getvalue()


def msel_xlsx(injects: Iterable[Inject], lang: str, stamp: datetime) -> bytes:
    """The MSEL sheet (column names as the loader reads them) and a sheet explaining them."""
    table = Table(
        id="msel",
        title="MSEL",
        columns=tuple(Column(c, c, "code") for c in COLUMNS),
        rows=tuple(tuple(Cell(v) for v in r) for r in rows(injects)),
    )
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    write_table(ws, table, lang)
    for col in ("H", "I"):  # message and expected action: readable widths, wrapped
        ws.column_dimensions[col].width = 50
        for target in ws[col][1:]:
            target.alignment = Alignment(wrap_text=True, vertical="top")
    guide = wb.create_sheet(t("latihan.msel.guide_sheet", lang))
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 100
    for j, text in enumerate((t("latihan.msel.column", lang), t("latihan.msel.meaning", lang)), 1):
        c = guide.cell(row=1, column=j, value=text)
        c.fill, c.font = HEADER_FILL, HEADER_FONT
    for i, col in enumerate(COLUMNS, 2):
        guide.cell(row=i, column=1, value=col).font = Font(bold=True)
        guide.cell(row=i, column=2, value=t(f"latihan.msel.col.{col}", lang))
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "Sispam"
    buf = io.BytesIO()
    wb.save(buf)
    return stable_zip(buf.getvalue(), stamp)


# --- loading ---------------------------------------------------------------------------------

_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")


def parse_time(value: Any) -> datetime | None:
    """``2023-07-05 15:30`` (or ``T``, ``15.30``, seconds) or a spreadsheet date cell."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    m = _TIME.match(str(value).strip())
    if not m:
        return None
    day, hh, mm, ss = m.groups()
    try:
        return datetime.fromisoformat(f"{day} {int(hh):02d}:{mm}:{ss or '00'}")
    except ValueError:
        return None


def _row_data(
    row: dict[str, Any], row_no: int, file: str, default_village: str | None, issues: list
) -> dict[str, Any] | None:
    data: dict[str, Any] = {}
    ok = True
    for col in ("scenario_time", "real_time"):
        when = parse_time(row.get(col, ""))
        if when is None:
            issue(issues, file, "latihan.msel.bad_time", row_no, col, value=cell(row.get(col)))
            ok = False
        data[col] = when
    method = cell(row.get("method", "")).lower()
    data["method"] = METHOD_WORDS.get(method, method)
    task = cell(row.get("task", ""))
    spec = TASKS.get(task)
    if spec is None:
        issue(issues, file, "latihan.msel.unknown_task", row_no, "task", task=task)
        ok = False
    capability = cell(row.get("capability", ""))
    if spec is not None and capability and capability != spec.capability.value:
        issue(
            issues,
            file,
            "latihan.msel.task_capability",
            row_no,
            "capability",
            task=task,
            capability=capability,
            expected=spec.capability.value,
        )
        ok = False
    for col, field in (
        ("no", "number"),
        ("step", "step"),
        ("from", "sender"),
        ("to", "recipient"),
        ("message", "message"),
        ("expected_action", "expected_action"),
        ("unit", "unit"),
        ("kind", "kind"),
        ("level", "level"),
        ("crowd", "crowd"),
        ("target_min", "target_min"),
        ("note", "note"),
    ):
        text = cell(row.get(col, ""))
        if text != "":
            data[field] = text.lower() if field in ("step", "kind", "level") else text
    data["task"] = task
    data["capability"] = spec.capability if spec is not None else capability
    data["village_code"] = cell(row.get("village", "")) or default_village or ""
    return data if ok else None


def load_msel(
    path: Path | str, *, scenario: Scenario | None = None, village: str | None = None
) -> tuple[Inject, ...]:
    """Read an MSEL (``.xlsx`` or ``.csv``); raises :class:`ScenarioError` listing every problem
    (file, spreadsheet row, column). With ``scenario``, units and villages must exist in it."""
    path = Path(path)
    issues: list[ScenarioIssue] = []
    header, table = read_table(path, SHEET, issues)
    if issues:
        raise FileIssues(issues)
    check_header(header, REQUIRED, COLUMNS, path.name, issues)
    if issues:
        raise FileIssues(issues)
    if not table:
        raise FileIssues([ScenarioIssue(file=path.name, message=t("scenario.no_rows"))])
    units = {u.name for u in scenario.units} if scenario is not None else None
    villages = {v.code for v in scenario.villages} if scenario is not None else None
    out: list[Inject] = []
    first: dict[int, int] = {}
    for row_no, row in table:
        data = _row_data(row, row_no, path.name, village, issues)
        if data is None:
            continue
        try:
            inject = Inject.model_validate(data)
        except ValidationError as exc:
            issues.extend(issues_from_validation(exc, path.name, row_no, FIELD_COLUMN))
            continue
        if units is not None and inject.unit not in units:
            issue(issues, path.name, "latihan.msel.unknown_unit", row_no, "unit", unit=inject.unit)
        if villages is not None and inject.village_code not in villages:
            issue(
                issues,
                path.name,
                "latihan.msel.unknown_village",
                row_no,
                "village",
                code=inject.village_code,
            )
        if inject.number in first:
            issue(
                issues,
                path.name,
                "latihan.msel.duplicate_number",
                row_no,
                "no",
                number=inject.number,
                first=first[inject.number],
            )
        first.setdefault(inject.number, row_no)
        out.append(inject)
    if issues:
        raise FileIssues(issues)
    return tuple(sorted(out, key=lambda i: (i.real_time, i.number)))
