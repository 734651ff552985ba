"""Waktu latihan: the log seals events in UTC; the drill (its MSEL, clock and record) runs in the
exercise's local wall time (naive ``datetime``, ``Exercise.utc_offset_min``, WIB by default)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone


def local(ts: str | datetime, offset_min: int = 420) -> datetime:
    """An event's ``ts`` (``2023-05-31T01:00:00.123456Z``) or an aware time as naive local time."""
    when = datetime.fromisoformat(ts.replace("Z", "+00:00")) if isinstance(ts, str) else ts
    if when.tzinfo is None:
        return when
    return when.astimezone(timezone(timedelta(minutes=offset_min))).replace(tzinfo=None)


def now_local(offset_min: int = 420) -> datetime:
    return local(datetime.now(UTC), offset_min)


def hhmm(when: datetime | None, seconds: bool = False) -> str:
    if when is None:
        return "–"
    return when.strftime("%H:%M:%S" if seconds else "%H:%M")
