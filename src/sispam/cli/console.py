"""Terminal output made on first use (issue #14: start-up).

Importing ``rich.console`` costs about 40 ms, paid by every ``sispam`` run if each command module
made its console at import; ``sispam --help`` prints nothing through rich, so it should not pay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


class LazyConsole:
    """Stands in for a :class:`rich.console.Console` with these options until first used."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._real: Console | None = None

    def get(self) -> Console:
        """The real console (for rich objects that need one, such as ``Progress(console=…)``)."""
        if self._real is None:
            from rich.console import Console

            self._real = Console(**self._options)
        return self._real

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


def new_table(*columns: str, **options: Any) -> Table:
    """A :class:`rich.table.Table`, importing rich's table layout only when a table is printed."""
    from rich.table import Table

    return Table(*columns, **options)


__all__ = ["LazyConsole", "new_table"]
