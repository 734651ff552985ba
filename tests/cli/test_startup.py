"""Start-up (issue #14): what a command loads. Times are measured by
``benchmarks/cli_startup.py``, not here; these tests pin the causes — a run builds only the
command it names, and neither ``--help`` nor ``scenario check`` loads a heavy library, rich's
help renderer or the fuzzy matcher."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sispam.cli.app import COMMANDS, asked_for

HEAVY = ("numba", "matplotlib", "typst", "highspy", "scipy", "openpyxl", "jinja2", "markdown_it")
PROBE = """
import json, sys
from sispam.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["scenario", "check", "x"], "scenario"),
        (["--lang", "en", "plan", "x"], "plan"),
        (["plan", "--lang=en", "x"], "plan"),
        (["--help"], None),
        ([], None),
        (["nope"], None),
        (["--lang", "xx", "plan"], None),  # the whole CLI reports the bad language
    ],
)
def test_the_command_a_line_names(argv: list[str], named: str | None) -> None:
    assert asked_for(argv) == named


def test_scenario_check_builds_only_its_own_command() -> None:
    mods = loaded("scenario", "check", "pilkades-klaten-2023")
    others = {where.split(":")[0] for name, where in COMMANDS if name != "scenario"}
    assert not others & mods, others & mods
    assert not {m for m in mods if m.split(".")[0] in (*HEAVY, "rich", "rapidfuzz")}


def test_help_lists_every_command_without_heavy_libraries() -> None:
    mods = loaded("--help")
    assert {where.split(":")[0] for _name, where in COMMANDS} <= mods
    assert not {m for m in mods if m.split(".")[0] in (*HEAVY, "rich")}
