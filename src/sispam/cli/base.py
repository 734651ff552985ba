"""What every `sispam` command shares: ``--lang``, and how errors and Ctrl-C reach the user.

:class:`SispamGroup` is the click group behind the typer app. It takes ``--lang`` from anywhere
on the line, and turns whatever ends a command early into one short message in the user's
language on stderr, with no traceback:

- bad input (a :class:`~sispam.domain.SispamError`, a usage error of click, an operating-system
  error such as a read-only or full disk): exit code 2, and nothing was written;
- Ctrl-C: exit code 130, and nothing half-written (the writers only rename complete outputs);
- a bug: exit code 1 with a one-line summary (``SISPAM_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer ≥ 0.2x carries its own copy of click
    from typer._click import exceptions as cx
except ImportError:  # pragma: no cover - older typer on click itself
    from click import exceptions as cx

from sispam.domain.errors import SispamError
from sispam.i18n import LANGUAGES, set_language, t

EXIT_INVALID = 2
# Help is click's plain text, not typer's rich panels. Rendering rich help imports markdown-it
# and rich's layout engine, about 0.1 s of the 0.3 s start-up budget (issue #14); plain text
# also prints option help such as "[sim]" as written instead of reading it as markup.
HELP_MARKUP = None
EXIT_BUG = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _err(text: str, *, bold: str | None = None) -> None:
    """One line on stderr (plain text: the message may hold brackets a console would eat)."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    if bold is not None:
        console.print(f"[bold red]{bold}:[/] ", end="")
    console.print(text, markup=False)


def click_echo(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def take_lang(argv: Sequence[str]) -> list[str]:
    """Remove ``--lang X`` / ``--lang=X`` from anywhere on the line and switch to language X.

    X is accepted in any case (``EN`` = ``en``); anything else is a usage error.
    """
    rest: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg == "--":
            rest += [arg, *it]
            break
        if arg == "--lang" or arg.startswith("--lang="):
            value = arg.split("=", 1)[1] if "=" in arg else next(it, None)
            if value is None:
                raise cx.UsageError(t("cli.usage.lang_missing"))
            if value.strip().lower() not in LANGUAGES:
                raise cx.UsageError(
                    t("cli.usage.lang", value=value, languages=", ".join(LANGUAGES))
                )
            set_language(value.strip().lower())
        else:
            rest.append(arg)
    return rest


# --- messages --------------------------------------------------------------------------------


def _given(argv: Sequence[str], opts: Sequence[str]) -> str | None:
    """What the user typed for the option ``opts`` (``--runs 5`` or ``--runs=5``)."""
    value = None
    for i, arg in enumerate(argv):
        name, eq, rest = arg.partition("=")
        if name in opts:
            value = rest if eq else (argv[i + 1] if i + 1 < len(argv) else None)
    return value


def _bounds(param: Any) -> tuple[Any, Any]:
    kind = getattr(param, "type", None)  # click's IntRange / FloatRange (older typer)
    return (
        getattr(param, "min", None)
        if getattr(param, "min", None) is not None
        else getattr(kind, "min", None),
        getattr(param, "max", None)
        if getattr(param, "max", None) is not None
        else getattr(kind, "max", None),
    )


def _annotation(param: Any) -> Any:
    descriptor = getattr(param, "type_descriptor", None)  # typer ≥ 0.2x
    if descriptor is not None:
        return descriptor.annotation
    kind = getattr(param, "type", None)
    return {"integer": int, "float": float}.get(getattr(kind, "name", ""))


def _choices(param: Any) -> tuple[Any, ...] | None:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None:
        return descriptor.choices
    return getattr(getattr(param, "type", None), "choices", None)


def _expected(param: Any) -> str | None:
    """What a parameter accepts, in the user's language."""
    low, high = _bounds(param)
    if low is not None or high is not None:
        return t(
            "cli.usage.expect.range",
            low="−∞" if low is None else low,
            high="∞" if high is None else high,
        )
    choices = _choices(param)
    if choices:
        names = [getattr(c, "value", c) for c in choices]
        return t("cli.usage.expect.choice", choices=", ".join(map(str, names)))
    annotation = _annotation(param)
    if annotation is int:
        return t("cli.usage.expect.int")
    if annotation is float:
        return t("cli.usage.expect.float")
    return None


def _hint(param: Any) -> str:
    if param is None:
        return "?"
    opts = list(getattr(param, "opts", None) or [param.name or "?"])
    is_option = getattr(param, "param_type_name", "") == "option" or opts[0].startswith("-")
    return " / ".join(opts) if is_option else opts[0].upper()


def _no_command(exc: cx.UsageError) -> str | None:
    m = re.match(r"^No such command '([^']*)'", exc.message or "")
    if m is None:
        return None
    text = t("cli.usage.no_command", name=m.group(1))
    if exc.ctx is not None:
        import difflib

        known = exc.ctx.command.list_commands(exc.ctx)
        close = difflib.get_close_matches(m.group(1), known)
        if close:
            text += " " + t("cli.usage.did_you_mean", names=", ".join(close))
    return text


def usage_message(exc: cx.UsageError, argv: Sequence[str] = ()) -> str:
    """A usage error of the command line, in the user's language."""
    if isinstance(exc, cx.NoSuchOption):
        text = t("cli.usage.no_option", option=exc.option_name)
        if exc.possibilities:
            text += " " + t("cli.usage.did_you_mean", names=", ".join(exc.possibilities))
        return text
    if isinstance(exc, cx.MissingParameter):
        return t("cli.usage.missing", param=_hint(exc.param))
    if isinstance(exc, cx.BadParameter):
        expected = _expected(exc.param) if exc.param is not None else None
        text = t("cli.usage.bad_value", param=_hint(exc.param), detail=expected or exc.message)
        given = _given(argv, getattr(exc.param, "opts", ())) if exc.param is not None else None
        return text + (" " + t("cli.usage.given", value=given) if given is not None else "")
    if isinstance(exc, cx.BadOptionUsage):
        return t("cli.usage.needs_value", option=exc.option_name)
    if isinstance(exc, cx.BadArgumentUsage) or (exc.message or "").startswith("Got unexpected"):
        return t("cli.usage.extra", detail=exc.message.split(":", 1)[-1].strip())
    return _no_command(exc) or exc.message


def report_error(exc: BaseException, argv: Sequence[str] = ()) -> int:
    """Print ``exc`` for the user; the exit code it ends the command with."""
    if isinstance(exc, KeyboardInterrupt):
        _err(t("cli.interrupted"))
        return EXIT_INTERRUPTED
    if _loaded("sispam.scenario.errors", "ScenarioError", exc):
        _err(t("scenario.header", count=len(exc.issues)), bold=t("common.error"))
        for issue in exc.issues:
            _err(f"  - {issue}")
    elif isinstance(exc, SispamError) or _loaded("sispam.geo.errors", "GeoLookupError", exc):
        _err(str(exc), bold=t("common.error"))
    elif isinstance(exc, cx.UsageError):
        _err(usage_message(exc, argv), bold=t("common.error"))
        if exc.ctx is not None:
            _err(t("cli.usage.help", command=exc.ctx.command_path))
        return EXIT_INVALID
    elif isinstance(exc, OSError):
        where = exc.filename or ""
        _err(t("cli.os_error", path=where, reason=exc.strerror or exc), bold=t("common.error"))
    elif isinstance(exc, MemoryError):
        _err(t("cli.memory"), bold=t("common.error"))
    elif isinstance(exc, RecursionError | OverflowError):
        _err(t("cli.too_large", detail=str(exc)), bold=t("common.error"))
    else:
        _err(t("cli.bug", error=f"{type(exc).__name__}: {exc}"), bold=t("common.error"))
        return EXIT_BUG
    _err(t("common.nothing_written"))
    return EXIT_INVALID


def _loaded(module: str, name: str, exc: BaseException) -> bool:
    """``isinstance(exc, module.name)`` without importing the module (it is loaded whenever one
    of its errors was raised), so that start-up stays light."""
    mod = sys.modules.get(module)
    return mod is not None and isinstance(exc, getattr(mod, name))


def _debug() -> bool:
    return os.environ.get("SISPAM_DEBUG", "") not in ("", "0")


HELP_OPTION = "Tampilkan bantuan ini lalu keluar / show this help and exit"


class _BilingualHelp:
    """``--help`` described in both languages, like every other option (click's own text is
    English only)."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION
        return option


class HelpCommand(_BilingualHelp, TyperCommand):
    """A command whose ``--help`` is described in both languages."""


class HelpGroup(_BilingualHelp, TyperGroup):
    """A command group whose help lists each command with its whole summary.

    Click cuts a summary to the width left on an 80-column line ("… / vulnerability..."), which
    loses the English half of our bilingual summaries; here the summary wraps instead.
    """

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class SispamGroup(HelpGroup):
    """The root command: ``--lang`` anywhere, every error one localised message."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        # Reading the line converts its values (typer imports pydantic for that): a Ctrl-C there
        # would reach typer, which turns it into a bare exit code 130 without a word.
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise typer.Exit(report_error(KeyboardInterrupt())) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, cx.ClickException, SystemExit, BrokenPipeError):
            raise  # a closed pipe (`sispam … | head`) ends quietly, as typer handles it
        except BaseException as exc:  # noqa: BLE001 - the user gets a message, not a traceback
            if _debug() and not isinstance(exc, KeyboardInterrupt):
                raise
            raise typer.Exit(report_error(exc)) from None

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        try:
            argv = take_lang(argv)
            code = super().main(
                args=argv,
                prog_name=prog_name or "sispam",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            code = code if isinstance(code, int) else 0
        except cx.NoArgsIsHelpError as exc:
            help_text = exc.format_message()  # newer typer printed the help already
            if help_text.strip():
                click_echo(help_text)
            code = EXIT_INVALID
        except cx.ClickException as exc:
            if isinstance(exc, cx.UsageError):
                code = report_error(exc, argv)
            else:
                _err(exc.format_message(), bold=t("common.error"))
                code = exc.exit_code
        except typer.Exit as exc:
            code = exc.exit_code
            if isinstance(exc.__cause__, KeyboardInterrupt):  # typer's own Ctrl-C handling
                code = report_error(KeyboardInterrupt())
        except typer.Abort:
            code = report_error(KeyboardInterrupt())
        if standalone_mode:
            sys.exit(code)
        return code


__all__ = ["EXIT_INTERRUPTED", "EXIT_INVALID", "SispamGroup", "report_error", "take_lang"]
