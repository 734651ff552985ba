"""The `sispam` command, assembled in one place.

Each command lives in its own module as a plain function (or, for a command with sub-commands,
a ``typer.Typer``); :data:`COMMANDS` lists them by name. Adding a command is one line in that
table. Command modules import nothing from here (no import cycle) and import heavy libraries
(numba, matplotlib, typst, highspy, scipy) only inside the function that needs them.

A run builds only the command it was asked for: ``sispam scenario check`` imports and converts
the scenario commands alone, not the other nine (each a module to import and a signature for
typer to read) — start-up, issue #14. ``sispam --help``, an unknown command, and :data:`app`
(what the tests and docs use) have them all.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from sispam.cli.base import HELP_MARKUP, HelpCommand, SispamGroup, take_lang
from sispam.i18n import LANGUAGES

# name → where the command lives ("module:attribute"): its function, or the typer app of a group.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("demo", "sispam.cli.demo:demo"),
    ("scenario", "sispam.cli.scenario_cmd:scenario_app"),
    ("assess", "sispam.cli.assess_cmd:assess_cmd"),
    ("plan", "sispam.cli.plan_cmd:plan_cmd"),
    ("simulate", "sispam.cli.simulate_cmd:simulate_cmd"),
    ("report", "sispam.cli.report_cmd:report"),
    ("epstein", "sispam.cli.epstein:epstein_cmd"),
    ("latihan", "sispam.cli.latihan_cmd:latihan_app"),
    ("posko", "sispam.cli.posko_cmd:posko_app"),
    ("serve", "sispam.cli.posko_cmd:serve_cmd"),
)


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


def command(name: str) -> Callable[..., None] | typer.Typer:
    """The function (or typer app) of the command called ``name``."""
    module, attribute = dict(COMMANDS)[name].split(":")
    return getattr(importlib.import_module(module), attribute)  # type: ignore[no-any-return]


def build(only: str | None = None) -> typer.Typer:
    """The `sispam` app: every command, or only the one called ``only``."""
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
    app.callback()(_root)
    for name, _where in COMMANDS:
        if only is None or name == only:
            target = command(name)
            if isinstance(target, typer.Typer):
                app.add_typer(target, name=name)
            else:
                app.command(name)(target)
    _bilingual_help(app)
    return app


def _bilingual_help(app: typer.Typer) -> None:
    """Every command's ``--help`` in both languages (the groups' class does it for them)."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):  # typer's default: click's English-only --help
            info.cls = HelpCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _bilingual_help(group.typer_instance)


def asked_for(argv: Sequence[str]) -> str | None:
    """The command a line names, if it names one before any ``--help`` (``--lang X`` may come
    anywhere); ``None`` means the whole CLI is needed — also for a bad ``--lang``, which the
    whole CLI reports as usual. Nothing is switched here: :class:`SispamGroup` takes ``--lang``."""
    args = iter(argv)
    for arg in args:
        if arg == "--lang" or arg.startswith("--lang="):
            value = arg.split("=", 1)[1] if "=" in arg else next(args, "")
            if value.strip().lower() not in LANGUAGES:
                return None
        elif arg.startswith("-"):
            return None  # --help, or an option the root does not have: the full CLI answers
        else:
            return arg if arg in dict(COMMANDS) else None
    return None


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole CLI, built once on first use (tests, docs, `sispam.cli.app`)
        whole = globals()["app"] = build()
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _take_lang(argv: list[str]) -> list[str]:
    """Kept for tests written before ``--lang`` handling moved into :class:`SispamGroup`."""
    return take_lang(argv)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``sispam`` script."""
    args = sys.argv[1:] if argv is None else list(argv)
    build(asked_for(args))(args=args, prog_name="sispam")
