"""Galat penilaian (assessment errors): bad indicator sets, settings or values, named precisely.

Every issue names the file, the row (CSV) or key (TOML) and the field, in the user's language,
and all issues found are reported together so a planner can fix a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from sispam.domain import SispamError
from sispam.i18n import catalogue, get_language, t


@dataclass(frozen=True)
class AssessIssue:
    """One problem: ``row`` counts like a spreadsheet (header = row 1); ``key`` is a TOML path."""

    file: str
    message: str
    row: int | None = None
    key: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(t("assess.where.row", row=self.row))
        if self.key:
            where.append(t("assess.where.key", key=self.key))
        if self.field:
            where.append(t("assess.where.field", field=self.field))
        return f"{', '.join(where)}: {self.message}"


class AssessError(SispamError):
    """Penilaian tidak dapat dijalankan: every issue found, not just the first."""

    def __init__(self, issues: list[AssessIssue]):
        self.issues = issues
        head = t("assess.error.header", count=len(issues))
        super().__init__("\n".join([head, *(f"  - {i}" for i in issues)]))


class IndicatorSetError(AssessError):
    """A bad indicator-set file (unknown dimension, negative weight, unknown direction, ...)."""


class IndicatorValueError(AssessError):
    """A village's indicator value that the set cannot read (out of range, not a number, ...)."""


def validation_issues(exc: ValidationError, file: str, key: str | None = None) -> list[AssessIssue]:
    """Translate pydantic's errors on one TOML table into issues naming ``key`` and the field."""
    out: list[AssessIssue] = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        field = ".".join(loc) if loc else None
        kind = err["type"]
        raw_ctx = err.get("ctx") or {}
        ctx = {
            k: (f"{v:g}" if isinstance(v, float) else v)
            for k, v in raw_ctx.items()
            if isinstance(v, str | int | float)
        }
        if isinstance(ctx.get("expected"), str) and get_language() == "id":
            ctx["expected"] = ctx["expected"].replace("' or '", "' atau '")  # pydantic's English
        msg_key = f"assess.expect.{kind}"
        rule = str(raw_ctx.get("error", ""))
        if kind == "value_error" and rule in catalogue():
            message = t(rule)
        elif msg_key in catalogue():
            message = t(msg_key, **ctx) if ctx else t(msg_key)
        else:
            message = err.get("msg", kind)
        given = err.get("input")
        if (
            kind != "missing"
            and isinstance(given, str | int | float)
            and not isinstance(given, bool)
        ):
            message += " " + t("assess.given", value=given)
        out.append(AssessIssue(file=file, key=key, field=field, message=message))
    return out
