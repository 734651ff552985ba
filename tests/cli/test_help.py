"""``--help`` of every command and sub-command: Indonesian first, English second, like the rest
of the CLI (click's own "Show this message and exit." was English only)."""

from __future__ import annotations

from collections.abc import Iterator

import typer.main
from cli_helpers import run

from sispam.cli.app import app
from sispam.cli.base import HELP_OPTION


def _command_lines(command, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _command_lines(sub, (*prefix, name))


def test_every_help_describes_help_in_both_languages() -> None:
    lines = list(_command_lines(typer.main.get_command(app)))
    assert len(lines) > 20  # the root, ten commands and the groups' sub-commands
    for line in lines:
        result = run(*line, "--help")
        assert result.exit_code == 0, (line, result.output)
        said = " ".join(result.output.split())
        assert HELP_OPTION in said and "Show this message" not in said, (line, said)
