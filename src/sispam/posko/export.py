"""Ekspor (export): an operation's whole log (JSON Lines) and its current state (CSV, XLSX),
written all at once or not at all. An exercise's files carry the ``LATIHAN`` prefix, and an
export holds exactly one operation, so a drill is never mixed into a live operation's files.
The photos the reports name are in ``photos/``, each file named by the SHA-256 its report's
(hash-chained) event records, so anyone can check a photo against the log."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sispam.posko import SYSTEM_OPERATION
from sispam.posko.chain import check_chain
from sispam.posko.states import rebuild

BOARD_COLUMNS = (
    "code",
    "name",
    "district_code",
    "district_name",
    "zone",
    "score",
    "tps",
    "voters",
    "level",
    "level_by",
    "level_at",
    "level_reason",
    "notes",
)
UNIT_COLUMNS = (
    "name",
    "kind",
    "agency",
    "strength",
    "status",
    "village",
    "lat",
    "lng",
    "reserve_site",
    "reserve_role",
    "updated_by",
    "updated_at",
)


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
    return buf.getvalue()


def _xlsx(
    sheets: dict[str, tuple[tuple[str, ...], list[dict[str, Any]]]], banner: str | None
) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, (columns, rows) in sheets.items():
        ws = wb.create_sheet(title)
        if banner:
            ws.append([banner])
        ws.append(list(columns))
        for r in rows:
            ws.append(
                [
                    r.get(c) if not isinstance(r.get(c), dict | list) else json.dumps(r.get(c))
                    for c in columns
                ]
            )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def _photo_files(posko: Any, operation_id: str, events: list[Any], prefix: str) -> dict[str, bytes]:
    from sispam.posko.day.photos import load_photo

    refs = sorted(
        {
            str(e.payload["photo"])
            for e in events
            if e.type == "report.received" and e.payload.get("photo")
        }
    )
    out: dict[str, bytes] = {}
    for ref in refs:
        photo = load_photo(posko.engine, operation_id, ref)
        if photo is not None:
            name = ref.split(":", 1)[1] + "." + _EXTENSIONS.get(photo.content_type, "bin")
            out[f"{prefix}photos/{name}"] = photo.data
    return out


def export_files(posko: Any, operation_id: str) -> tuple[dict[str, str | bytes], int]:
    """The files of one operation's export, and its number of events."""
    meta = posko.store.operation(operation_id)
    exercise = bool(meta["exercise"])
    prefix = "LATIHAN-" if exercise else ""
    events = posko.store.read(operation_id)
    state = rebuild(operation_id, events)
    check = check_chain(operation_id, posko.store.rows(operation_id))
    lines = [json.dumps(e.as_json(), ensure_ascii=False, sort_keys=True) for e in events]
    board = list(state.view("board").villages.values())
    units = list(state.view("units").units.values())
    event_rows = [
        {
            "seq": e.seq,
            "ts": e.ts,
            "actor": e.actor,
            "role": e.role,
            "agency": e.agency,
            "type": e.type,
            "hash": e.hash,
        }
        for e in events
    ]
    banner = "LATIHAN — bukan operasi nyata / exercise, not a live operation" if exercise else None
    files: dict[str, str | bytes] = {
        f"{prefix}events.jsonl": "\n".join(lines) + "\n",
        f"{prefix}board.csv": _csv(board, BOARD_COLUMNS),
        f"{prefix}units.csv": _csv(units, UNIT_COLUMNS),
        f"{prefix}posko.xlsx": _xlsx(
            {
                "board": (BOARD_COLUMNS, board),
                "units": (UNIT_COLUMNS, units),
                "events": (("seq", "ts", "actor", "role", "agency", "type", "hash"), event_rows),
            },
            banner,
        ),
        f"{prefix}integrity.json": json.dumps(
            {
                "operation": operation_id,
                "exercise": exercise,
                "events": check.count,
                "intact": check.broken is None,
                "head_hash": check.head_hash,
            },
            indent=2,
        )
        + "\n",
    }
    files.update(_photo_files(posko, operation_id, events, prefix))
    if not exercise:
        system = [
            json.dumps(e.as_json(), ensure_ascii=False, sort_keys=True)
            for e in posko.store.read(SYSTEM_OPERATION)
        ]
        files["system-events.jsonl"] = "\n".join(system) + ("\n" if system else "")
    return files, len(events)
