"""Rekaman latihan (the exercise record): the exported event log as JSON Lines, read with every
problem named by file, line and field — and written back the same way.

One JSON object per line (blank lines are skipped)::

    {"seq": 12, "time": "2023-05-31T09:42:00", "kind": "level_raised", "actor": "kapolres",
     "agency": "polri", "village": "33.10.24.2003", "level": "kuning", "command": "kapolres"}

Fields: ``time`` and ``kind`` (alias ``type``) are required; ``seq``, ``actor``, ``agency``,
``village``, ``unit``, ``role``, ``level``, ``command``, ``inject``, ``task``, ``speed``, ``text``
and ``payload`` are optional (meanings: :class:`sispam.domain.exercise.ExerciseEvent`). A time
with an offset (``+07:00``, ``Z``) is converted to the exercise's local time; a time without one
is taken as local. The envelope keys a tamper-evident log adds (:data:`ENVELOPE`) are accepted
and ignored; any other key is an error, so a misspelt field never goes unnoticed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sispam.domain.exercise import ExerciseEvent
from sispam.i18n import t
from sispam.latihan.sheets import FileIssues
from sispam.scenario import ScenarioIssue
from sispam.scenario.errors import issues_from_validation

ENVELOPE = frozenset({"hash", "prev_hash", "operation", "id", "exercise", "created_at"})
FIELDS = frozenset(ExerciseEvent.model_fields)


def _local(value: Any, offset_min: int) -> Any:
    """An ISO time with an offset → naive local time (the exercise's zone); else unchanged."""
    if not isinstance(value, str):
        return value
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value  # pydantic reports it
    if when.tzinfo is None:
        return when
    zone = timezone(timedelta(minutes=offset_min))
    return when.astimezone(zone).replace(tzinfo=None)


def parse_events(text: str, file: str, offset_min: int = 420) -> tuple[ExerciseEvent, ...]:
    """Events from JSON Lines ``text``; raises :class:`ScenarioError` listing every problem."""
    issues: list[ScenarioIssue] = []
    out: list[tuple[int, ExerciseEvent]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            issues.append(
                ScenarioIssue(file, t("latihan.events.bad_json", detail=exc.msg), row=line_no)
            )
            continue
        if not isinstance(raw, dict):
            issues.append(ScenarioIssue(file, t("latihan.events.not_object"), row=line_no))
            continue
        if "kind" not in raw and "type" in raw:
            raw["kind"] = raw.pop("type")
        unknown = sorted(set(raw) - FIELDS - ENVELOPE)
        for key in unknown:
            issues.append(
                ScenarioIssue(
                    file,
                    t("latihan.events.unknown_field", field=key, known=", ".join(sorted(FIELDS))),
                    row=line_no,
                    column=key,
                )
            )
        if unknown:
            continue
        data = {k: v for k, v in raw.items() if k in FIELDS}
        data["time"] = _local(data.get("time"), offset_min)
        try:
            out.append((line_no, ExerciseEvent.model_validate(data)))
        except ValidationError as exc:
            issues.extend(issues_from_validation(exc, file, line_no))
    if issues:
        raise FileIssues(issues)
    if not out:
        raise FileIssues([ScenarioIssue(file, t("latihan.events.empty"))])
    out.sort(
        key=lambda pair: (pair[1].time, pair[1].seq if pair[1].seq is not None else 0, pair[0])
    )
    return tuple(e for _, e in out)


def load_events(path: Path | str, offset_min: int = 420) -> tuple[ExerciseEvent, ...]:
    """Read an exercise record (JSON Lines), ordered by time."""
    path = Path(path)
    if not path.is_file():
        raise FileIssues([ScenarioIssue(str(path), t("scenario.file_missing"))])
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileIssues([ScenarioIssue(path.name, t("scenario.not_utf8"))]) from None
    return parse_events(text, path.name, offset_min)


def events_jsonl(events: Iterable[ExerciseEvent]) -> str:
    """Events as JSON Lines (the format :func:`load_events` reads)."""
    lines = [
        json.dumps(e.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)
        for e in events
    ]
    return "\n".join(lines) + "\n"
