"""The `sispam` typer application; stage commands register themselves from their own modules."""

from __future__ import annotations

import sys

import typer

from sispam.i18n import set_language

app = typer.Typer(
    name="sispam",
    help="Sispam — rencana pengamanan pemilihan (election security planning). "
    "Polres, Kodim dan Pemkab: kerawanan, penempatan personel, simulasi kontinjensi.",
    no_args_is_help=True,
    add_completion=False,
)


def _take_lang(argv: list[str]) -> list[str]:
    """Accept ``--lang id|en`` anywhere on the line (before or after the sub-command)."""
    rest: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg == "--lang":
            set_language(next(it, "id"))
        elif arg.startswith("--lang="):
            set_language(arg.split("=", 1)[1])
        else:
            rest.append(arg)
    return rest


def main(argv: list[str] | None = None) -> None:
    # Import the command modules for their registration side effect.
    from sispam.cli import commands  # noqa: F401

    args = _take_lang(list(sys.argv[1:] if argv is None else argv))
    app(args=args, prog_name="sispam")
