"""Tempat operasi (the operation's places): find a village of the operation by code or by name.

A Bhabinkamtibmas types a village code (``33.10.24.2003`` or ``3310242003``) or a name
(``Karanganom``, ``glagah wangi``, ``Jetis Juwiring``). Names are matched within the operation
only, in any case and spacing, with small typos; a name that fits several villages is not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz.distance import DamerauLevenshtein

from sispam.domain import Scenario, Village

_CODE = re.compile(r"^(\d{2})\.?(\d{2})\.?(\d{2})\.?(\d{4})$")


def normal(text: str) -> str:
    """Lower case, letters and digits only (``Glagah Wangi`` → ``glagahwangi``)."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def similarity(a: str, b: str) -> float:
    """0–100: Damerau–Levenshtein similarity (a swapped pair of letters is one typo)."""
    return 100.0 * DamerauLevenshtein.normalized_similarity(a, b)


def as_code(token: str) -> str | None:
    """``3310242003`` or ``33.10.24.2003`` → ``33.10.24.2003``; anything else → None."""
    m = _CODE.match(token)
    return ".".join(m.groups()) if m else None


@dataclass(frozen=True)
class Match:
    """A place read from a message: the villages it may be (one when resolved), how many
    tokens it used, and whether a typo was corrected."""

    codes: tuple[str, ...]
    used: int
    typed: str
    exact: bool


@dataclass(frozen=True)
class Gazetteer:
    """The villages of one operation, indexed by code, name and kecamatan name."""

    villages: tuple[Village, ...]
    min_score: float = 80.0

    @classmethod
    def of(cls, scenario: Scenario, min_score: float = 80.0) -> Gazetteer:
        return cls(scenario.villages, min_score)

    @cached_property
    def _by_code(self) -> dict[str, Village]:
        return {v.code: v for v in self.villages}

    def get(self, code: str) -> Village | None:
        return self._by_code.get(code)

    @cached_property
    def _names(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for v in self.villages:
            out.setdefault(normal(v.name), []).append(v.code)
        return {k: tuple(sorted(c)) for k, c in out.items()}

    @cached_property
    def _districts(self) -> dict[str, str]:
        return {normal(v.district_name): v.district_code for v in self.villages}

    def _best(self, typed: str, table: dict[str, tuple[str, ...]]) -> tuple[float, str] | None:
        """The best-scoring name at or above ``min_score``, unless two names tie for it."""
        scored = sorted(
            ((similarity(typed, name), name) for name in table), key=lambda x: (-x[0], x[1])
        )
        if not scored or scored[0][0] < self.min_score:
            return None
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None
        return scored[0]

    def find_name(self, tokens: list[str], exact_only: bool = False) -> Match | None:
        """Read a village name from the first one to three ``tokens`` (longest exact name first,
        then the best fuzzy one); a following kecamatan name picks one of several namesakes."""
        for n in (3, 2, 1):
            if len(tokens) < n:
                continue
            typed = normal("".join(tokens[:n]))
            if typed in self._names:
                return self._narrow(
                    Match(self._names[typed], n, " ".join(tokens[:n]), True), tokens
                )
        if exact_only:
            return None
        best: tuple[float, int, str] | None = None
        for n in (1, 2, 3):
            if len(tokens) < n:
                continue
            typed = normal("".join(tokens[:n]))
            if len(typed) < 4:  # too short to correct safely
                continue
            hit = self._best(typed, self._names)
            if hit and (best is None or hit[0] > best[0]):
                best = (hit[0], n, hit[1])
        if best is None:
            return None
        _, n, name = best
        return self._narrow(Match(self._names[name], n, " ".join(tokens[:n]), False), tokens)

    def _narrow(self, match: Match, tokens: list[str]) -> Match:
        """``JETIS JUWIRING`` / ``JETIS/JUWIRING``: a kecamatan name after a shared village name."""
        if len(match.codes) < 2:
            return match
        rest = tokens[match.used :]
        for n in (2, 1):
            if len(rest) < n:
                continue
            typed = normal("".join(rest[:n]))
            district = self._districts.get(typed)
            if district is None and len(typed) >= 4:
                hit = self._best(typed, {k: (v,) for k, v in self._districts.items()})
                district = self._districts[hit[1]] if hit else None
            if district is None:
                continue
            codes = tuple(c for c in match.codes if c.startswith(district + "."))
            if len(codes) == 1:
                return Match(codes, match.used + n, match.typed, match.exact)
        return match

    def describe(self, code: str) -> str:
        """``Jetis (Juwiring) 33.10.16.2009`` — enough for the sender to pick the right one."""
        v = self._by_code[code]
        return f"{v.name} ({v.district_name}) {v.code}"
