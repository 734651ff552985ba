"""Terminal output made on first use (issue #14: start-up).

Importing ``rich.console`` costs about 40 ms, paid by every ``sispam`` run if each command module
made its console at import; ``sispam --help`` prints nothing through rich, so it should not pay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


class LazyConsole:
    """Stands in for a :class:`rich.console.Console` with these options until first used.

    Markup is off: what is printed holds the user's paths and names, and rich would read
    ``hasil [red]/plan.json`` as a colour and print ``hasil /plan.json``. Styles are given as
    :class:`rich.text.Text` (see :func:`styled`) or a table's ``style=``.
    """

    def __init__(self, **options: Any) -> None:
        options.setdefault("markup", False)
        self._options = options
        self._real: Console | None = None

    def get(self) -> Console:
        """The real console (for rich objects that need one, such as ``Progress(console=…)``)."""
        if self._real is None:
            from rich.console import Console

            self._real = Console(**self._options)
        return self._real

    def say(self, message: str) -> None:
        """A message naming a file, folder or database: printed whole on one line (the terminal
        wraps it), so a path is never cut ("…/index" + ".html") or broken at its spaces."""
        self.get().print(message, soft_wrap=True)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


def styled(*parts: str | tuple[str, str]) -> Text:
    """Text in parts, each plain or ``(text, style)``: styled output without markup, so that
    brackets in a name or path are printed as they are."""
    from rich.text import Text

    return Text.assemble(*parts)


def new_table(*columns: str, **options: Any) -> Table:
    """A :class:`rich.table.Table`, importing rich's table layout only when a table is printed."""
    from rich.table import Table

    return Table(*columns, **options)


__all__ = ["LazyConsole", "new_table", "styled"]
