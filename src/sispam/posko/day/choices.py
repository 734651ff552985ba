"""What an account may decide for a village now — the level buttons and the hand-overs it is
shown — by the scenario's authority matrix (``sispam.ops``), the same rule the writer's guard
applies. Pure logic over the election-day view, shared by the pages and the board."""

from __future__ import annotations

from datetime import datetime

from sispam.domain import CommandLevel, SituationLevel
from sispam.ops import Refusal, decide_level, hand_over
from sispam.posko.day.events import Perm
from sispam.posko.day.people import person_of
from sispam.posko.day.views import Day
from sispam.posko.events import Principal
from sispam.posko.permissions import allowed, village_in_scope


def in_scope(p: Principal, code: str) -> bool:
    return village_in_scope(p.role, p.area, code)


def level_choices(day: Day, p: Principal, code: str, now: datetime) -> list[str]:
    """The levels ``p`` may declare for the village now (by the scenario's authority matrix)."""
    if not allowed(p.role, Perm.LEVEL) or not in_scope(p, code):
        return []
    sit, who = day.situations[code], person_of(p)
    auth = day.ctx.authority  # type: ignore[union-attr]
    return [
        lv.value
        for lv in SituationLevel
        if lv is not sit.level
        and not isinstance(
            decide_level(sit, lv, who, max(now, sit.since or now), "x", authority=auth), Refusal
        )
    ]


def handover_choices(day: Day, p: Principal, code: str, now: datetime) -> list[str]:
    if not allowed(p.role, Perm.LEVEL) or not in_scope(p, code):
        return []
    sit, who = day.situations[code], person_of(p)
    auth = day.ctx.authority  # type: ignore[union-attr]
    return [
        c.value
        for c in CommandLevel
        if c is not sit.control
        and not isinstance(hand_over(sit, c, who, now, "x", authority=auth), Refusal)
    ]
