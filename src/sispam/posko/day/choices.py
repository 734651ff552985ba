"""What an account may decide for a village now — the level buttons and the hand-overs it is
shown — by the scenario's authority matrix (``sispam.ops``), the same rule the writer's guard
applies. Pure logic over the election-day view, shared by the pages and the board."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sispam.domain import CommandLevel, SituationLevel
from sispam.ops import Refusal, decide_level, hand_over
from sispam.posko.day.events import Perm
from sispam.posko.day.people import person_of
from sispam.posko.day.views import Day
from sispam.posko.events import Principal
from sispam.posko.permissions import allowed, village_in_scope


def in_scope(p: Principal, code: str) -> bool:
    return village_in_scope(p.role, p.area, code)


def _choices(
    day: Day, p: Principal, code: str, members: Iterable[Any], current: Any, rule: Any
) -> list[str]:
    """The members ``rule`` lets ``p`` choose for the village now, other than the current one."""
    if not allowed(p.role, Perm.LEVEL) or not in_scope(p, code):
        return []
    sit, who = day.situations[code], person_of(p)
    auth = day.ctx.authority  # type: ignore[union-attr]
    return [
        m.value
        for m in members
        if m is not current(sit) and not isinstance(rule(sit, m, who, auth), Refusal)
    ]


def level_choices(day: Day, p: Principal, code: str, now: datetime) -> list[str]:
    """The levels ``p`` may declare for the village now (by the scenario's authority matrix)."""
    return _choices(
        day,
        p,
        code,
        SituationLevel,
        lambda sit: sit.level,
        lambda sit, lv, who, auth: decide_level(
            sit, lv, who, max(now, sit.since or now), "x", authority=auth
        ),
    )


def handover_choices(day: Day, p: Principal, code: str, now: datetime) -> list[str]:
    """The command levels ``p`` may hand the village's control to now."""
    return _choices(
        day,
        p,
        code,
        CommandLevel,
        lambda sit: sit.control,
        lambda sit, c, who, auth: hand_over(sit, c, who, now, "x", authority=auth),
    )
