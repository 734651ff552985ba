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


def _is_value_list(text: str) -> bool:
    """``von_neumann | moore | disc``: the accepted values, the same in both languages."""
    return "|" in text and all(" " not in part.strip() for part in text.split("|"))


def test_every_option_and_argument_is_described_in_both_languages() -> None:
    """Indonesian first, English second (``Bahasa akun / the account's language``) — several
    Posko options had only the Indonesian half, ``serve --host``/``--port`` nothing."""
    missing = []

    def walk(command, line: tuple[str, ...]) -> None:
        for param in command.params:
            text = (getattr(param, "help", None) or "").strip()
            if " / " not in text and not _is_value_list(text):
                missing.append((" ".join(line), param.name, text))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*line, name))

    walk(typer.main.get_command(app), ("sispam",))
    assert not missing, missing
