"""Registers every sub-command on the typer app (imported for its side effects)."""

from sispam.cli import (  # noqa: F401
    assess_cmd,
    common,  # noqa: F401  (global options: --lang)
    demo,
    plan_cmd,
    report_cmd,
    scenario_cmd,
    simulate_cmd,
)
from sispam.cli import epstein  # noqa: F401
