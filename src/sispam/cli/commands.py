"""Kept for older imports: the commands are assembled in :mod:`sispam.cli.app`."""

from sispam.cli.app import COMMANDS, app

__all__ = ["COMMANDS", "app"]
