"""Command line: one sub-command per pipeline stage (typer), assembled in :mod:`.app`.

``main`` is the ``sispam`` script; its entry point is :mod:`sispam.__main__`, which imports
nothing before it can catch a Ctrl-C.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sispam._lazy import lazy_exports

if TYPE_CHECKING:
    from sispam.cli.app import app

__getattr__, __dir__ = lazy_exports(__name__, {"app": "sispam.cli.app"})


def main(argv: list[str] | None = None) -> None:
    """The ``sispam`` script (its entry point is :func:`sispam.__main__.main`)."""
    from sispam.__main__ import main as entry

    entry(argv)


__all__ = ["app", "main"]
