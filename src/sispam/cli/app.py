"""The `sispam` command, assembled in one place.

Each command lives in its own module as a plain function (or, for a command with sub-commands,
a ``typer.Typer``); this module imports them and lists them in :data:`COMMANDS`. Adding a command
is one import line and one line in that table. Command modules import nothing from here (no
import cycle) and import heavy libraries (numba, matplotlib, typst, highspy, scipy) only inside
the function that needs them, so ``sispam --help`` starts fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from sispam.cli import (
    assess_cmd,
    demo,
    epstein,
    latihan_cmd,
    plan_cmd,
    posko_cmd,
    report_cmd,
    scenario_cmd,
    simulate_cmd,
)
from sispam.cli.base import HELP_MARKUP, SispamGroup, take_lang

# name → the command's function, or the typer app of a command group.
COMMANDS: tuple[tuple[str, Callable[..., None] | typer.Typer], ...] = (
    ("demo", demo.demo),
    ("scenario", scenario_cmd.scenario_app),
    ("assess", assess_cmd.assess_cmd),
    ("plan", plan_cmd.plan_cmd),
    ("simulate", simulate_cmd.simulate_cmd),
    ("report", report_cmd.report),
    ("epstein", epstein.epstein_cmd),
    ("latihan", latihan_cmd.latihan_app),
    ("posko", posko_cmd.posko_app),
    ("serve", posko_cmd.serve_cmd),
)

app = typer.Typer(
    rich_markup_mode=HELP_MARKUP,
    name="sispam",
    cls=SispamGroup,
    help="Sispam — rencana pengamanan pemilihan (election security planning). "
    "Polres, Kodim dan Pemkab: kerawanan, penempatan personel, simulasi kontinjensi.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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
    # --lang is taken off the line (anywhere on it) by SispamGroup.main; declared for --help.


for _name, _target in COMMANDS:
    if isinstance(_target, typer.Typer):
        app.add_typer(_target, name=_name)
    else:
        app.command(_name)(_target)


def _take_lang(argv: list[str]) -> list[str]:
    """Kept for tests written before ``--lang`` handling moved into :class:`SispamGroup`."""
    return take_lang(argv)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``sispam`` script."""
    app(args=argv, prog_name="sispam")
