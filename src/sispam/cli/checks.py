"""`scenario check` means the scenario will run: every section through the stage that uses it.

The settings are validated by the stages' own public validators (never a copy of their rules),
and the assessment runs in full, so a bad indicator value (not a number, NaN, infinite, out of
the indicator's range) is found here and not only by a later ``plan`` or ``report``.
"""

from __future__ import annotations

from collections.abc import Callable

from sispam.domain import Scenario, SispamError
from sispam.scenario import ScenarioError, ScenarioIssue

SCENARIO_FILE = "scenario.toml"


def _issues(exc: SispamError, section: str) -> list[ScenarioIssue]:
    """A stage's error as scenario issues (its messages already name the key)."""
    if isinstance(exc, ScenarioError):
        return list(exc.issues)
    if isinstance(getattr(exc, "issues", None), list):  # AssessError: file, row, key, field
        return [
            ScenarioIssue(
                file=i.file,
                row=i.row,
                column=".".join(p for p in (i.key, i.field) if p) or None,
                message=i.message,
            )
            for i in exc.issues
        ]
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return [ScenarioIssue(file=SCENARIO_FILE, column=section, message=ln) for ln in lines]


def _assess(s: Scenario) -> None:
    from sispam.assess import assess

    assess(s)


def _plan(s: Scenario) -> None:
    from sispam.plan import read_settings

    read_settings(s)


def _sim(s: Scenario) -> None:
    from sispam.sim.contingency.params import build_params

    build_params(s.stage_settings("sim"))


def _report(s: Scenario) -> None:
    from sispam.report import read_settings

    read_settings(s)


def _exercise(s: Scenario) -> None:
    from sispam.latihan.settings import read_settings

    read_settings(s)


def _ops(s: Scenario) -> None:
    from sispam.ops.settings import read_settings

    read_settings(s)


# section → the stage's validator; each raises its SispamError with every problem it found.
STAGE_CHECKS: tuple[tuple[str, Callable[[Scenario], None]], ...] = (
    ("assess", _assess),
    ("plan", _plan),
    ("sim", _sim),
    ("report", _report),
    ("exercise", _exercise),
    ("ops", _ops),
)


def check_stages(s: Scenario) -> None:
    """Raise :class:`ScenarioError` with every problem any stage would refuse."""
    issues: list[ScenarioIssue] = []
    for section, check in STAGE_CHECKS:
        try:
            check(s)
        except SispamError as exc:
            issues += _issues(exc, section)
    if issues:
        raise ScenarioError(issues)


__all__ = ["STAGE_CHECKS", "check_stages"]
