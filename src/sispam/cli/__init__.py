"""Command line: one sub-command per pipeline stage (typer)."""

from sispam.cli.app import app, main

__all__ = ["app", "main"]
