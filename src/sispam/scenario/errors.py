"""Galat skenario (scenario errors) that name the file, row and column, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from sispam.domain.base import RULE_PREFIX
from sispam.domain.errors import SispamError
from sispam.i18n import catalogue, t


@dataclass(frozen=True)
class ScenarioIssue:
    """One problem in a scenario file. ``row`` counts like a spreadsheet (header = row 1)."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(t("scenario.where.row", row=self.row))
        if self.column:
            where.append(t("scenario.where.column", column=self.column))
        return f"{', '.join(where)}: {self.message}"


class ScenarioError(SispamError):
    """A scenario that cannot be loaded or written; carries every issue found, not just the first."""

    def __init__(self, issues: list[ScenarioIssue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


def _expected(err: dict) -> str:
    """A localised 'what was expected' for one pydantic error."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        raw = str(ctx.get("error", err.get("msg", "")))
        if raw.startswith(RULE_PREFIX) and f"scenario.{raw}" in catalogue():
            return t(f"scenario.{raw}")
        return raw
    key = f"scenario.expect.{kind}"
    if key in catalogue():
        return t(key, **{k: v for k, v in ctx.items() if isinstance(v, str | int | float)})
    return err.get("msg", kind)


def issues_from_validation(
    exc: ValidationError, file: str, row: int | None = None, columns: dict[str, str] | None = None
) -> list[ScenarioIssue]:
    """Translate pydantic's errors; ``columns`` maps model field names to the file's column names."""
    out: list[ScenarioIssue] = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        field = loc[0] if loc else None
        column = (columns or {}).get(field, field) if field else None
        if row is None and loc:  # TOML: name the full key path, e.g. phases.2.end
            column = ".".join(loc)
        message = _expected(err)
        given = err.get("input")
        if err["type"] != "missing" and isinstance(given, str | int | float) and given != "":
            message += " " + t("scenario.given", value=given)
        out.append(ScenarioIssue(file=file, row=row, column=column, message=message))
    return out
