"""Lembar evaluasi (the evaluator's sheet): every critical task with its standard, target and the
observation filled from the record; the evaluator writes the rating (P/S/M/U), notes and the
corrective action, and the sheet loads back for the Anev — with row/column errors like any file.

Columns (header = row 1)::

    task_id*  capability  task  actor  unit  target_min  observation  measured_min  suggested
    rating  notes  improvement  owner  due

Only ``task_id``, ``rating``, ``notes``, ``improvement``, ``owner`` (polri, tni, pemkab) and
``due`` (YYYY-MM-DD) are read back; the other columns are there to read.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill

from sispam.domain.enums import Agency
from sispam.domain.exercise import Exercise, Observation, Rating, Review
from sispam.i18n import t
from sispam.latihan.sheets import FileIssues, cell, check_header, issue, read_table
from sispam.report.model import Cell, Column, Table
from sispam.report.xlsx import stable_zip, write_table
from sispam.scenario import ScenarioIssue

COLUMNS: tuple[str, ...] = (
    "task_id",
    "capability",
    "task",
    "actor",
    "unit",
    "target_min",
    "observation",
    "measured_min",
    "suggested",
    "rating",
    "notes",
    "improvement",
    "owner",
    "due",
)
SHEET = "eeg"
INPUT_FILL = PatternFill("solid", fgColor="FFF9C4")  # the columns the evaluator fills in


def sheet_rows(
    exercise: Exercise, observations: Sequence[Observation] | None, lang: str
) -> list[list[Any]]:
    """One row per critical task; observation columns blank when no record is given."""
    by_task = {o.task_id: o for o in observations or ()}
    out = []
    for task in exercise.tasks():
        obs = by_task.get(task.id)
        out.append(
            [
                task.id,
                task.capability.value,
                t(f"doctrine.cb.{task.id}", lang),
                t(f"doctrine.actor.{task.actor}", lang),
                task.unit,
                task.target_min,
                obs.text if obs else "",
                obs.measured_min if obs else None,
                obs.suggested.value if obs else "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    return out


def evaluation_xlsx(
    exercise: Exercise, observations: Sequence[Observation] | None, lang: str, stamp: datetime
) -> bytes:
    """The evaluator's sheet as a workbook (fill-in columns shaded)."""
    kinds = {"target_min": "float", "measured_min": "float"}
    table = Table(
        id="eeg",
        title="EEG",
        columns=tuple(Column(c, c, kinds.get(c, "code"), digits=1) for c in COLUMNS),  # type: ignore[arg-type]
        rows=tuple(tuple(Cell(v) for v in row) for row in sheet_rows(exercise, observations, lang)),
    )
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    write_table(ws, table, lang)
    widths = {"C": 60, "G": 60, "K": 40, "L": 40}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
        for target in ws[col][1:]:
            target.alignment = Alignment(wrap_text=True, vertical="top")
    for col in ("J", "K", "L", "M", "N"):
        for target in ws[col][1:]:
            target.fill = INPUT_FILL
    guide = wb.create_sheet(t("latihan.msel.guide_sheet", lang))
    guide.column_dimensions["A"].width = 110
    for i, key in enumerate(("scale", "P", "S", "M", "U", "fill"), 1):
        guide.cell(row=i, column=1, value=t(f"latihan.review.guide.{key}", lang))
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "Sispam"
    buf = io.BytesIO()
    wb.save(buf)
    return stable_zip(buf.getvalue(), stamp)


def _date(value: Any) -> date | None | str:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return text


def load_reviews(path: Path | str, exercise: Exercise) -> dict[str, Review]:
    """The evaluator's reviews by task; raises :class:`ScenarioError` listing every problem."""
    path = Path(path)
    issues: list[ScenarioIssue] = []
    header, table = read_table(path, SHEET, issues)
    if not issues:
        check_header(header, ("task_id",), COLUMNS, path.name, issues)
    if issues:
        raise FileIssues(issues)
    known = {task.id for task in exercise.tasks()}
    out: dict[str, Review] = {}
    for row_no, row in table:
        task_id = cell(row.get("task_id", ""))
        if task_id not in known:
            issue(issues, path.name, "latihan.review.unknown_task", row_no, "task_id", task=task_id)
            continue
        if task_id in out:
            issue(issues, path.name, "latihan.review.duplicate", row_no, "task_id", task=task_id)
            continue
        rating = cell(row.get("rating", "")).upper()
        if rating and rating not in Rating.__members__:
            issue(issues, path.name, "latihan.review.bad_rating", row_no, "rating", value=rating)
            continue
        owner = cell(row.get("owner", "")).lower()
        if owner and owner not in {a.value for a in Agency}:
            issue(issues, path.name, "latihan.review.bad_owner", row_no, "owner", value=owner)
            continue
        due = _date(row.get("due", ""))
        if isinstance(due, str):
            issue(issues, path.name, "latihan.review.bad_due", row_no, "due", value=due)
            continue
        out[task_id] = Review(
            task_id=task_id,
            rating=Rating(rating) if rating else None,
            notes=cell(row.get("notes", "")),
            improvement=cell(row.get("improvement", "")),
            owner=Agency(owner) if owner else None,
            due=due,
        )
    if issues:
        raise FileIssues(issues)
    return out
