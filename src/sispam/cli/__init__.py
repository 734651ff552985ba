"""Command line: one sub-command per pipeline stage (typer), assembled in :mod:`.app`.

``main`` is the ``sispam`` script. It imports and builds the CLI itself, so that a Ctrl-C while
the libraries load still ends with the short message and exit code 130, not a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sispam._lazy import lazy_exports

if TYPE_CHECKING:
    from sispam.cli.app import app

__getattr__, __dir__ = lazy_exports(__name__, {"app": "sispam.cli.app"})


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``sispam`` script."""
    try:
        from sispam.cli.app import main as run

        run(argv)  # builds the command asked for (importing its module), then runs it
    except KeyboardInterrupt:  # before the command's own handling is in place
        import sys

        from sispam.cli.base import report_error

        sys.exit(report_error(KeyboardInterrupt()))


__all__ = ["app", "main"]
