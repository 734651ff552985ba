"""Aturan dasar (the reusable mechanics) of Epstein's model I, as small pure functions.

These are what the contingency engine (#6) imports: the neighbourhood shapes, the estimated arrest
probability with its rounding variants, and the activation rule. Each comes twice: a plain Python
function (readable, used by tests and by callers outside compiled code) and, where the hot loop
needs it, an ``@njit`` twin with integer codes instead of strings. The twins are tested to agree.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

Neighbourhood = Literal["von_neumann", "moore", "disc"]
Rounding = Literal["literal", "floor", "half_even"]

NEIGHBOURHOODS: tuple[Neighbourhood, ...] = ("von_neumann", "moore", "disc")
ROUNDINGS: tuple[Rounding, ...] = ("literal", "floor", "half_even")

# Integer codes for the compiled kernels (Numba has no string dispatch in the hot loop).
ROUNDING_CODE: dict[str, int] = {"literal": 0, "floor": 1, "half_even": 2}


def neighbourhood_offsets(shape: Neighbourhood, radius: float, own_cell: bool) -> np.ndarray:
    """Offsets ``(dy, dx)`` of the cells an agent sees (and may move to), as an ``(n, 2)`` array.

    ``von_neumann``: |dy| + |dx| <= radius (Mesa's ``get_neighborhood`` on an orthogonal von
    Neumann grid); ``moore``: max(|dy|, |dx|) <= radius; ``disc``: dy² + dx² <= radius² (NetLogo's
    ``in-radius``, measured between patch centres). ``own_cell`` keeps (0, 0): NetLogo includes the
    agent's own patch, Mesa leaves it out. Rows are sorted by (dy, dx).
    """
    if radius < 0:
        raise ValueError("radius must be >= 0")
    r = math.floor(radius)
    out: list[tuple[int, int]] = []
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if shape == "von_neumann":
                inside = abs(dy) + abs(dx) <= radius
            elif shape == "moore":
                inside = max(abs(dy), abs(dx)) <= radius
            elif shape == "disc":
                inside = dy * dy + dx * dx <= radius * radius
            else:
                raise ValueError(f"unknown neighbourhood {shape!r}")
            if inside and (own_cell or (dy, dx) != (0, 0)):
                out.append((dy, dx))
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def torus_offsets(offsets: np.ndarray, height: int, width: int, own_cell: bool) -> np.ndarray:
    """The offsets with each distinct cell of a ``height`` × ``width`` torus kept once.

    On a grid narrower than the neighbourhood two offsets land on the same cell; Mesa's
    neighbourhood is a set of cells, so the first offset (in the given order) of each cell stays
    and the others go. Without ``own_cell``, offsets that wrap onto the agent's own cell go too.
    """
    seen: set[tuple[int, int]] = set()
    out: list[tuple[int, int]] = []
    for dy, dx in offsets:
        key = (int(dy) % height, int(dx) % width)
        if key in seen or (not own_cell and key == (0, 0)):
            continue
        seen.add(key)
        out.append((int(dy), int(dx)))
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def row_spans(offsets: np.ndarray) -> np.ndarray:
    """Offsets as runs ``(dy, dx0, length)`` of consecutive columns in one row.

    Counting cops and actives over runs of contiguous memory lets the compiler vectorise the sum;
    that is most of the engine's speed.
    """
    spans: list[tuple[int, int, int]] = []
    for dy in np.unique(offsets[:, 0]) if len(offsets) else []:
        cols = np.sort(offsets[offsets[:, 0] == dy, 1])
        start = prev = int(cols[0])
        for c in cols[1:]:
            c = int(c)
            if c != prev + 1:
                spans.append((int(dy), start, prev - start + 1))
                start = c
            prev = c
        spans.append((int(dy), start, prev - start + 1))
    return np.array(spans, dtype=np.int64).reshape(-1, 3)


def rounded_ratio(cops: int, actives: int, rounding: Rounding) -> float:
    """C/A as the arrest rule uses it: ``literal`` (no rounding, Epstein's text), ``floor``
    (NetLogo's Rebellion) or ``half_even`` (Python's ``round``, Mesa's example)."""
    if actives < 1:
        raise ValueError("actives counts the agent itself, so it is at least 1")
    if rounding == "literal":
        return cops / actives
    if rounding == "floor":
        return float(cops // actives)
    if rounding == "half_even":
        return float(round(cops / actives))
    raise ValueError(f"unknown rounding {rounding!r}")


def arrest_probability(cops: int, actives: int, k: float, rounding: Rounding) -> float:
    """Estimated arrest probability P = 1 − exp(−k·round(C/A)).

    ``cops`` C counts the cops in vision; ``actives`` A counts the active citizens in vision
    *plus the agent itself* (so A >= 1), as in Epstein (2002) and both reference models.
    """
    return 1.0 - math.exp(-k * rounded_ratio(cops, actives, rounding))


def grievance(hardship: float, legitimacy: float) -> float:
    """Keluhan (grievance) G = H·(1 − L)."""
    return hardship * (1.0 - legitimacy)


def is_active(
    hardship: float, risk_aversion: float, legitimacy: float, p_arrest: float, threshold: float
) -> bool:
    """Rule A: active iff G − N > T, with net risk N = R·P (strictly greater, as both references)."""
    return grievance(hardship, legitimacy) - risk_aversion * p_arrest > threshold


# The compiled twins live with the kernels (Numba's disk cache only tracks the caching file).
from sispam.sim.epstein.kernel import (  # noqa: E402, F401  (re-exported)
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_LITERAL,
    arrest_probability_nb,
    is_active_nb,
    ratio_nb,
)
