"""Jam operasi (the operation's clock): the local wall-clock time the election-day rules use.

``sispam.ops`` works in the operation's local time (naive ``datetime``, like the scenario's
phases); the log seals events in UTC. A live operation's clock is UTC plus the region's offset
(``[posko] utc_offset_min``, WIB = 420 by default). An exercise may run on a simulated clock: a
``clock.set`` event says "at this real moment the simulated time was T, running N times as
fast" (the replay of a simulated day sets it), so every process converts the same real moment to
the same operation time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

WIB_MIN = 420


def parse_utc(ts: str) -> datetime:
    """An event's ``ts`` (``2024-02-14T01:02:03.000004Z``) as an aware UTC datetime."""
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


class Clock:
    """Real time → operation time, from the offset and the latest ``clock.set``."""

    def __init__(self, utc_offset_min: int = WIB_MIN) -> None:
        self.offset = timedelta(minutes=utc_offset_min)
        self.anchor: tuple[datetime, datetime, float] | None = None  # real UTC, sim local, speed

    def set(self, real_utc: datetime, sim_local: datetime, speed: float) -> None:
        self.anchor = (real_utc, sim_local, speed)

    def local(self, real_utc: datetime | None = None) -> datetime:
        """The operation's local time at a real moment (now by default), to the second."""
        real = real_utc or datetime.now(UTC)
        if self.anchor is None:
            out = (real + self.offset).replace(tzinfo=None)
        else:
            r0, s0, speed = self.anchor
            out = s0 + (real - r0) * speed
        return out.replace(microsecond=0)

    def of_event(self, ts: str) -> datetime:
        return self.local(parse_utc(ts))

    def as_json(self) -> dict[str, Any]:
        if self.anchor is None:
            return {"offset_min": int(self.offset.total_seconds() // 60), "simulated": False}
        r0, s0, speed = self.anchor
        return {"simulated": True, "real": r0.isoformat(), "sim": s0.isoformat(), "speed": speed}
