"""How errors reach the user: see :mod:`sispam.cli.base` (one handler for every command).

:func:`user_errors` is kept so command modules written against the old per-command decorator
still work; the handling itself happens once, in :class:`sispam.cli.base.SispamGroup`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sispam.cli.base import EXIT_INTERRUPTED, EXIT_INVALID, report_error

F = TypeVar("F", bound=Callable[..., object])


def user_errors(fn: F) -> F:
    """No-op: errors of every command are turned into messages by ``SispamGroup``."""
    return fn


__all__ = ["EXIT_INTERRUPTED", "EXIT_INVALID", "report_error", "user_errors"]
