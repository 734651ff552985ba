"""Registers every sub-command on the typer app (imported for its side effects)."""

from sispam.cli import (  # noqa: F401
    common,  # noqa: F401  (global options: --lang)
    demo,
    scenario_cmd,
    stages,
)
