"""How errors reach the user: localised, one line per problem, non-zero exit, nothing written."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from sispam.domain import SispamError
from sispam.geo import GeoLookupError
from sispam.i18n import t
from sispam.scenario import ScenarioError

P = ParamSpec("P")
R = TypeVar("R")
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_INVALID = 2


def user_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn the domain's errors into messages for the user instead of tracebacks."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except ScenarioError as exc:
            err_console.print(
                f"[bold red]{t('common.error')}:[/] {t('scenario.header', count=len(exc.issues))}"
            )
            for issue in exc.issues:
                err_console.print(f"  - {issue}", markup=False)
            err_console.print(t("common.nothing_written"))
            raise typer.Exit(EXIT_INVALID) from None
        except (GeoLookupError, SispamError) as exc:
            err_console.print(f"[bold red]{t('common.error')}:[/] ", end="")
            err_console.print(str(exc), markup=False)
            err_console.print(t("common.nothing_written"))
            raise typer.Exit(EXIT_INVALID) from None

    return wrapper
