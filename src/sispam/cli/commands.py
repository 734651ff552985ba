"""Registers every sub-command on the typer app (imported for its side effects)."""

from sispam.cli import common  # noqa: F401  (global options: --lang)
