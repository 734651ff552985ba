"""Options shared by every command, and how errors reach the user."""

from __future__ import annotations

from typing import Annotated

import typer

from sispam.cli.app import app


@app.callback()
def _root(
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="Bahasa pesan: id (bawaan) atau en; boleh di mana saja / message language, anywhere",
        ),
    ] = "id",
) -> None:
    """Sispam — rencana pengamanan pemilihan (election security planning)."""
    # --lang is consumed by sispam.cli.app.main before typer parses; declared here for --help.
