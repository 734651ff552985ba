"""Tabel nilai (the value table): villages' indicator values → checked numeric arrays.

Reads each indicator's source (a villages.csv column, or a derived value where the column is
empty) for every village, checks it against the indicator's type and range, and reports every bad
cell with the file, row and column. Categories become their risk level here, so the engine only
sees numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sispam.assess.derive import DERIVED, derive
from sispam.assess.errors import AssessIssue, IndicatorValueError
from sispam.assess.indicators import Indicator, IndicatorSet
from sispam.assess.settings import AssessSettings
from sispam.domain import IndicatorValue, Scenario
from sispam.i18n import t

VILLAGES_FILE = "villages.csv"
TRUE_WORDS = {"ya", "y", "yes", "true", "t", "1", "1.0", "benar"}
FALSE_WORDS = {"tidak", "tdk", "no", "n", "false", "f", "0", "0.0", "salah"}


@dataclass(frozen=True)
class ValueTable:
    """Raw numeric values (category → level risk), n × k, NaN = missing."""

    values: np.ndarray
    shown: list[list[IndicatorValue]]  # per indicator, the value as a user would read it
    estimated: np.ndarray  # n × k bool
    derived: np.ndarray  # n × k bool: the value came from Sispam, not the CSV


def _cell_text(value: IndicatorValue) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _column(
    scenario: Scenario, ind: Indicator, derived: np.ndarray | None, issues: list[AssessIssue]
) -> tuple[np.ndarray, list[IndicatorValue], np.ndarray]:
    """(numbers, values as shown, came-from-derivation mask) for one indicator."""
    col = ind.column
    raw: list[IndicatorValue] = [v.indicators.get(col) for v in scenario.villages]
    n = len(raw)
    if ind.type != "category":
        try:  # fast path: every cell numeric or empty
            nums = np.array(raw, dtype=float)
        except (TypeError, ValueError):
            nums = np.array([_number(x, ind) for x in raw], dtype=float)
        nums[np.isinf(nums)] = np.nan  # "inf" is no measurement: reported as not a number below
    else:
        nums = np.full(n, np.nan)
    from_derived = np.zeros(n, dtype=bool)
    shown = list(raw)
    bad: list[tuple[int, str, IndicatorValue]] = []
    if ind.type == "category":
        levels = {k.strip().lower(): r for k, r in ind.levels.items()}
        for i, x in enumerate(raw):
            if x is None:
                continue
            r = levels.get(_cell_text(x).strip().lower())
            if r is None:
                bad.append((i, t("assess.value.not_level", levels=", ".join(ind.levels)), x))
            else:
                nums[i] = r
    if derived is not None and ind.type != "category":
        gap = np.isnan(nums) & np.array([x is None for x in raw])
        nums = np.where(gap, derived, nums)
        from_derived = gap & ~np.isnan(derived)
        for i in np.flatnonzero(from_derived):
            shown[i] = float(round(float(derived[i]), 2))
    if ind.type != "category":
        for i in np.flatnonzero(np.isnan(nums) & np.array([x is not None for x in raw])):
            bad.append((int(i), _why_not_number(raw[i], ind), raw[i]))
        finite = ~np.isnan(nums) & ~from_derived
        if ind.type == "binary":
            wrong = finite & (nums != 0) & (nums != 1)
            bad += [(int(i), t("assess.value.not_binary"), raw[i]) for i in np.flatnonzero(wrong)]
        elif ind.type == "count":
            wrong = finite & ((nums < 0) | (nums != np.round(nums)))
            bad += [(int(i), t("assess.value.not_count"), raw[i]) for i in np.flatnonzero(wrong)]
        else:
            wrong = finite & (nums < 0)
            bad += [(int(i), t("assess.value.negative"), raw[i]) for i in np.flatnonzero(wrong)]
        if ind.range is not None:
            lo, hi = ind.range
            wrong = finite & ((nums < lo) | (nums > hi))
            bad += [
                (int(i), t("assess.value.out_of_range", lo=f"{lo:g}", hi=f"{hi:g}"), raw[i])
                for i in np.flatnonzero(wrong)
            ]
    for i, message, value in sorted(bad, key=lambda b: b[0]):
        issues.append(
            AssessIssue(
                file=VILLAGES_FILE,
                row=i + 2,
                field=col,
                message=f"{message} {t('assess.given', value=_cell_text(value))} [{ind.id}]",
            )
        )
    return nums, shown, from_derived


def _number(x: IndicatorValue, ind: Indicator) -> float:
    if x is None:
        return np.nan
    if isinstance(x, bool):
        return float(x)
    if isinstance(x, int | float):
        return float(x)
    word = str(x).strip().lower()
    if ind.type == "binary":
        if word in TRUE_WORDS:
            return 1.0
        if word in FALSE_WORDS:
            return 0.0
    try:
        return float(word.replace(",", "."))
    except ValueError:
        return np.nan


def _why_not_number(x: IndicatorValue, ind: Indicator) -> str:
    return t("assess.value.not_binary") if ind.type == "binary" else t("assess.value.not_number")


def value_table(scenario: Scenario, iset: IndicatorSet, settings: AssessSettings) -> ValueTable:
    """Every village's value of every indicator, checked; raises :class:`IndicatorValueError`."""
    wanted = {i.column for i in iset.indicators if i.column in DERIVED}
    derived = derive(scenario, settings, wanted)
    n, k = len(scenario.villages), len(iset.indicators)
    values = np.full((n, k), np.nan)
    estimated = np.zeros((n, k), dtype=bool)
    from_derived = np.zeros((n, k), dtype=bool)
    shown: list[list[IndicatorValue]] = []
    issues: list[AssessIssue] = []
    # villages.csv `estimated` flags per indicator column, visiting only the flags that exist
    flagged = np.zeros((n, k), dtype=bool)
    cols: dict[str, list[int]] = {}
    for j, ind in enumerate(iset.indicators):
        cols.setdefault(ind.column, []).append(j)
    for i, v in enumerate(scenario.villages):
        for f in v.estimated:
            if f in cols:
                flagged[i, cols[f]] = True
    for j, ind in enumerate(iset.indicators):
        d = derived.get(ind.column)
        nums, col_shown, der = _column(scenario, ind, None if d is None else d.values, issues)
        values[:, j] = nums
        shown.append(col_shown)
        from_derived[:, j] = der
        estimated[:, j] = np.where(der, d.estimated if d is not None else False, flagged[:, j])
        if d is not None and ind.column in ("voters", "tps", "candidates", "incumbent_running"):
            estimated[:, j] |= d.estimated
    if issues:
        raise IndicatorValueError(issues)
    return ValueTable(values=values, shown=shown, estimated=estimated, derived=from_derived)


__all__ = ["ValueTable", "value_table"]
