"""Memuat perangkat indikator (load indicator sets): the shipped ones by name, or a custom file.

This is the only place of the stage that reads files; the scoring engine never does.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sispam.assess.errors import AssessIssue, IndicatorSetError, validation_issues
from sispam.assess.indicators import Dimension, Indicator, IndicatorSet
from sispam.i18n import t

SET_FOLDER = "indicator_sets"
TOP_KEYS = ("set", "dimensions", "indicators")


def builtin_names() -> list[str]:
    """Ids of the indicator sets shipped with Sispam."""
    folder = resources.files("sispam.assess") / SET_FOLDER
    return sorted(e.name[:-5] for e in folder.iterdir() if e.name.endswith(".toml"))


def is_path(ref: str) -> bool:
    """A reference naming a file rather than a shipped set."""
    return ref.endswith(".toml") or "/" in ref or "\\" in ref


def load_indicator_set(ref: str, base: Path | None = None) -> IndicatorSet:
    """The shipped set ``ref``, or the set file ``ref`` (relative to ``base`` if not absolute)."""
    if not is_path(ref):
        if ref not in builtin_names():
            raise IndicatorSetError(
                [
                    AssessIssue(
                        file=ref,
                        message=t("assess.set.unknown", name=ref, known=", ".join(builtin_names())),
                    )
                ]
            )
        return _builtin(ref)
    path = Path(ref)
    if not path.is_absolute() and base is not None:
        path = base / path
    if not path.is_file():
        raise IndicatorSetError([AssessIssue(file=str(ref), message=t("assess.set.no_file"))])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise IndicatorSetError(
            [AssessIssue(file=str(ref), message=t("assess.set.not_utf8"))]
        ) from None
    return parse_indicator_set(text, path.name)


@cache
def _builtin(name: str) -> IndicatorSet:
    entry = resources.files("sispam.assess") / SET_FOLDER / f"{name}.toml"
    return parse_indicator_set(entry.read_text(encoding="utf-8"), f"{SET_FOLDER}/{name}.toml")


def parse_indicator_set(text: str, file: str) -> IndicatorSet:
    """Validate a set file's text; raises :class:`IndicatorSetError` listing every problem."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IndicatorSetError(
            [AssessIssue(file=file, message=t("assess.set.toml_syntax", detail=str(exc)))]
        ) from None
    issues: list[AssessIssue] = []
    for key in doc:
        if key not in TOP_KEYS:
            issues.append(
                AssessIssue(
                    file=file,
                    key=key,
                    message=t("assess.set.unknown_table", key=key, known=", ".join(TOP_KEYS)),
                )
            )
    head = doc.get("set")
    if not isinstance(head, dict):
        issues.append(AssessIssue(file=file, key="set", message=t("assess.set.missing_table")))
        head = {}
    dims = _items(doc, "dimensions", Dimension, file, issues)
    inds = _items(doc, "indicators", Indicator, file, issues)
    if not issues:
        _cross_check(dims, inds, file, issues)
    if issues:
        raise IndicatorSetError(issues)
    try:
        return IndicatorSet(**head, dimensions=tuple(dims), indicators=tuple(inds), file=file)
    except ValidationError as exc:
        raise IndicatorSetError(validation_issues(exc, file, "set")) from None


def _label(table: str, i: int, raw: Any) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    return f"{table}[{i + 1}]" + (f" ({ident})" if ident else "")


def _items(
    doc: dict[str, Any], table: str, model: type, file: str, issues: list[AssessIssue]
) -> list[Any]:
    raw = doc.get(table)
    if not isinstance(raw, list) or not raw:
        issues.append(AssessIssue(file=file, key=table, message=t("assess.set.missing_table")))
        return []
    out = []
    for i, item in enumerate(raw):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            issues.extend(validation_issues(exc, file, _label(table, i, item)))
    return out


def _cross_check(
    dims: list[Dimension], inds: list[Indicator], file: str, issues: list[AssessIssue]
) -> None:
    """Rules that span fields or tables: ids, dimensions, goalposts, levels, weights."""

    def issue(key: str, field: str | None, msg: str, **values: object) -> None:
        issues.append(AssessIssue(file=file, key=key, field=field, message=t(msg, **values)))

    dim_ids = [d.id for d in dims]
    for i, d in enumerate(dims):
        if dim_ids.index(d.id) != i:
            issue(f"dimensions[{i + 1}] ({d.id})", "id", "assess.set.duplicate", id=d.id)
    seen: set[str] = set()
    for i, ind in enumerate(inds):
        key = f"indicators[{i + 1}] ({ind.id})"
        if ind.id in seen:
            issue(key, "id", "assess.set.duplicate", id=ind.id)
        seen.add(ind.id)
        if ind.dimension not in dim_ids:
            issue(
                key,
                "dimension",
                "assess.set.unknown_dimension",
                dimension=ind.dimension,
                known=", ".join(dim_ids),
            )
        scaling = ind.scaling
        if ind.type == "category":
            if not ind.levels:
                issue(key, "levels", "assess.set.levels_required")
            if scaling != "none":
                issue(key, "normalisation", "assess.set.category_scaling")
        elif ind.levels:
            issue(key, "levels", "assess.set.levels_only_category")
        if ind.type == "binary" and scaling != "none":
            issue(key, "normalisation", "assess.set.binary_scaling")
        if ind.type in ("count", "ratio") and scaling == "none":
            issue(key, "normalisation", "assess.set.needs_scaling")
        for level, risk in ind.levels.items():
            if not 0.0 <= risk <= 1.0:
                issue(key, f"levels.{level}", "assess.set.level_range", value=risk)
        if scaling == "goalpost":
            if ind.goalposts is None:
                issue(key, "goalposts", "assess.set.goalposts_required")
            elif not ind.goalposts[0] < ind.goalposts[1]:
                issue(
                    key,
                    "goalposts",
                    "assess.set.goalposts_order",
                    lo=ind.goalposts[0],
                    hi=ind.goalposts[1],
                )
        elif ind.goalposts is not None:
            issue(key, "goalposts", "assess.set.goalposts_unused")
        if ind.range is not None and not ind.range[0] <= ind.range[1]:
            issue(key, "range", "assess.set.range_order", lo=ind.range[0], hi=ind.range[1])
    if dims and not any(d.weight > 0 for d in dims):
        issue("dimensions", "weight", "assess.set.all_zero")
    for d in dims:
        members = [i for i in inds if i.dimension == d.id]
        if not members:
            issue(f"dimensions ({d.id})", None, "assess.set.empty_dimension", dimension=d.id)
        elif d.weight > 0 and not any(i.weight > 0 for i in members):
            issue(f"dimensions ({d.id})", "weight", "assess.set.all_zero")


__all__ = ["builtin_names", "is_path", "load_indicator_set", "parse_indicator_set"]
