"""Penulisan angka dan tanggal (number and date formatting) in the reader's language.

Indonesian writes 164.194 and 85,3 %; English 164,194 and 85.3%. Estimates get an asterisk.
"""

from __future__ import annotations

from datetime import date, datetime

from sispam.report.model import Cell, Column

EST_MARK = "*"

_MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_WEEKDAYS = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def number(value: float, lang: str, digits: int = 0) -> str:
    """164194 → ``164.194`` (id) / ``164,194`` (en); ``digits`` decimals."""
    text = f"{value:,.{digits}f}"
    if lang == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def percent(fraction: float, lang: str, digits: int = 1) -> str:
    text = number(100 * fraction, lang, digits)
    return f"{text} %" if lang == "id" else f"{text}%"


def day(d: date, lang: str, weekday: bool = False) -> str:
    """``5 Juli 2023`` / ``5 July 2023``, optionally with the weekday first."""
    text = f"{d.day} {_MONTHS[lang][d.month - 1]} {d.year}"
    return f"{_WEEKDAYS[lang][d.weekday()]}, {text}" if weekday else text


def weekday(d: date, lang: str) -> str:
    return _WEEKDAYS[lang][d.weekday()]


def short_day(d: date, lang: str) -> str:
    """``05-07-2023`` style dates for dense tables (the same in both languages)."""
    return d.strftime("%d-%m-%Y")


def moment(dt: datetime, lang: str) -> str:
    """``5 Juli 2023 07.00`` (id uses a dot in times) / ``5 July 2023 07:00``."""
    sep = "." if lang == "id" else ":"
    return f"{day(dt.date(), lang)} {dt.hour:02d}{sep}{dt.minute:02d}"


def clock(dt: datetime, lang: str) -> str:
    """``05-07 07.02`` (id) / ``05-07 07:02`` (en): day-month and time, for dense tables."""
    sep = "." if lang == "id" else ":"
    return f"{dt.day:02d}-{dt.month:02d} {dt.hour:02d}{sep}{dt.minute:02d}"


def cell_text(cell: Cell, column: Column, lang: str) -> str:
    """What a reader sees in a cell: the value formatted for the column, plus ``*`` if estimated."""
    v = cell.value
    if v is None:
        text = ""
    elif isinstance(v, bool):
        text = str(v)
    elif column.kind == "pct" and isinstance(v, int | float):
        text = percent(v, lang, column.digits or 1)
    elif isinstance(v, int):
        text = number(v, lang) if column.kind in ("int", "float") else str(v)
    elif isinstance(v, float):
        text = number(v, lang, column.digits)
    else:
        text = v
    return f"{text}{EST_MARK}" if cell.est and text else text


def bilingual(text: str, lang: str) -> str:
    """Pick one side of a scenario note written ``Indonesian / English`` (one separator only)."""
    parts = text.split(" / ")
    if len(parts) == 2:
        return parts[1].strip() if lang == "en" else parts[0].strip()
    return text
