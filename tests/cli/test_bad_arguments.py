"""Every command of the assembled CLI, with every kind of bad argument: exit code 2, one message
in the chosen language, no traceback, nothing written.

The commands and their parameters are read from the assembled CLI itself, so a command added to
``sispam.cli.app.COMMANDS`` is tested here without a line of this file changing — except, if it
has a required parameter of a name not yet in ``VALID``, one entry there (the test says which).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main
from cli_helpers import run

from sispam.cli.app import app

KLATEN = "pilkades-klaten-2023"
ROOT = typer.main.get_command(app)

# A valid value for each required parameter, by parameter name ({tmp}: the test's folder;
# {package}, {events}: a drill package and its exercise record, made once per session).
VALID: dict[str, str] = {
    "scenario": KLATEN,
    "name": KLATEN,
    "out": "{tmp}/keluaran",
    "regency": "Klaten",
    "package": "{package}",
    "path": "{package}",
    "events": "{events}",
    "db": "{db}",
    "role": "kapolsek",
}
# Commands that run until stopped: a valid line starts a server, so they are not enumerated here
# (shown as a skip with the reason; their arguments are tested by their own room's tests).
LONG_RUNNING = {"serve": "starts the Posko server, which runs until stopped"}
EVENTS = '{"time": "2023-05-31T08:00", "kind": "exercise_started", "actor": "controller"}\n'
# Free-text options for which any text is valid (nothing to refuse).
FREE_TEXT = {
    ("scenario new", "name"),
    ("posko init", "db"),  # a new database: any path or URL is a valid place for one
    ("posko init", "op_id"),
}
# Defects this test found in a room that is still being worked on: (command, parameter) → what
# is wrong. Each runs as an expected failure until fixed (then remove it here).
KNOWN_DEFECTS = {
    ("posko export", "db"): "a database that does not exist is created instead of refused",
    ("posko verify", "db"): "a database that does not exist is created and verifies as empty",
    ("posko user add", "db"): "a database that does not exist is created instead of refused",
    ("posko user add", "area"): "an area that is no region code is accepted",
    ("posko init", "plan"): "a plan file that is not JSON ends as an internal error (exit 1)",
}
# Path parameters a command writes to; every other path parameter is read.
OUTPUTS = {"out", "csv_dir"}
GIBBERISH = "xx-tidak-ada-xx"


@dataclass(frozen=True)
class Case:
    command: str
    param: str
    args: tuple[str, ...]
    lang: str

    def __str__(self) -> str:
        return f"{self.command} {self.param}: {' '.join(self.args)} [{self.lang}]"


def _commands(group=ROOT, path: tuple[str, ...] = ()) -> Iterator[tuple[str, object]]:
    for name, cmd in sorted(group.commands.items()):
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*path, name))
        else:
            yield " ".join((*path, name)), cmd


def _kind(param) -> str:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None:  # typer ≥ 0.2x
        annotation = descriptor.annotation
        if descriptor.is_choice:
            return "choice"
        if getattr(descriptor, "is_list", False):
            return "list"
        names = {int: "int", float: "float", bool: "bool", str: "str", Path: "path"}
        return names.get(annotation, "other")
    name = getattr(param.type, "name", "")
    return {"integer": "int", "float": "float", "boolean": "bool", "text": "str"}.get(
        name, "path" if name in ("path", "directory") else "choice" if name == "choice" else name
    )


def _bounds(param) -> tuple[object, object]:
    kind = getattr(param, "type", None)
    low = getattr(param, "min", None)
    high = getattr(param, "max", None)
    return (
        low if low is not None else getattr(kind, "min", None),
        high if high is not None else getattr(kind, "max", None),
    )


def _is_option(param) -> bool:
    return param.opts[0].startswith("-")


def _base(command: str, cmd, skip: str) -> list[str]:
    """The command with valid values for every required parameter except ``skip``."""
    args = command.split()
    for p in cmd.params:
        if not p.required or p.name == skip:
            continue
        assert p.name in VALID, f"add a valid value for '{command}' parameter {p.name} to VALID"
        args += [p.opts[0], VALID[p.name]] if _is_option(p) else [VALID[p.name]]
    return args


def _bad_values(command: str, param) -> list[str]:
    kind = _kind(param)
    if kind == "bool":
        return []
    if kind == "int":
        # Declared bounds are checked at the edges; otherwise the model behind must refuse
        # negative and absurd values itself (e.g. Epstein's grid size).
        low, high = _bounds(param)
        edges = [str(low - 1) if low is not None else "-1"]
        edges += [str(high + 1)] if high is not None else []
        return ["abc", "1.5", *edges, "1" + "0" * 30]
    if kind == "float":
        return ["abc", "nan", "-inf", "1e400"]
    if kind == "path":
        if param.name in OUTPUTS:
            return ["{tmp}/afile/sub"]
        return ["{tmp}/tidak-ada.json", "{tmp}", "{tmp}/afile"]
    if kind in ("str", "choice", "list"):
        if (command, param.name) in FREE_TEXT:
            return []
        return [GIBBERISH]
    raise AssertionError(f"no bad values known for '{command}' {param.opts[0]} ({kind})")


def _cases() -> list:
    cases: list = []
    for command, cmd in _commands():
        if command in LONG_RUNNING:
            skip = pytest.mark.skip(reason=f"'{command}' {LONG_RUNNING[command]}")
            cases.append(pytest.param(Case(command, "-", (), "id"), marks=skip, id=command))
            continue
        base = _base(command, cmd, "")
        for case in (
            Case(command, "unknown option", (*base, "--tidak-ada"), "id"),
            Case(command, "--lang", (*base, "--lang", "xx"), "id"),
        ):
            cases.append(pytest.param(case, id=str(case)))
        for p in cmd.params:
            if p.name == "help":
                continue
            if p.required:
                case = Case(command, p.name, tuple(_base(command, cmd, p.name)), "id")
                cases.append(pytest.param(case, id=str(case)))
            for value in _bad_values(command, p):
                args = _base(command, cmd, p.name)
                args += [p.opts[0], value] if _is_option(p) else [value]
                case = Case(command, p.name, tuple(args), "en" if len(cases) % 2 else "id")
                defect = KNOWN_DEFECTS.get((command, p.name))
                marks = [pytest.mark.xfail(reason=defect)] if defect else []
                cases.append(pytest.param(case, marks=marks, id=str(case)))
    return cases


CASES = _cases()


def test_every_command_is_covered() -> None:
    commands = {c.values[0].command for c in CASES}
    assert {"demo", "assess", "plan", "simulate", "report", "epstein"} <= commands
    assert {"scenario new", "scenario check", "scenario export"} <= commands
    assert {"latihan new", "latihan anev", "posko init", "serve"} <= commands


def _tree(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size if p.is_file() else -1)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="session")
def drill(tmp_path_factory) -> dict[str, str]:
    """A drill package (``sispam latihan new``) and a one-line exercise record."""
    root = tmp_path_factory.mktemp("drill")
    result = run("latihan", "new", KLATEN, "-o", str(root / "paket"))
    assert result.exit_code == 0, result.output
    (root / "events.jsonl").write_text(EVENTS, encoding="utf-8")
    return {"{package}": str(root / "paket"), "{events}": str(root / "events.jsonl")}


@pytest.fixture(scope="session")
def posko_db(tmp_path_factory) -> dict[str, str]:
    """A Posko database with the Klaten operation (``sispam posko init``)."""
    db = tmp_path_factory.mktemp("posko") / "posko.db"
    result = run("posko", "init", "--db", str(db), KLATEN)
    assert result.exit_code == 0, result.output
    return {"{db}": str(db)}


@pytest.mark.parametrize("case", CASES)
def test_bad_argument(case: Case, tmp_path: Path, monkeypatch, request) -> None:
    work = tmp_path / "kerja"
    work.mkdir()
    (work / "afile").write_text("bukan direktori")
    monkeypatch.chdir(work)
    places = {"{tmp}": str(work)}
    if any("{package}" in a or "{events}" in a for a in case.args):
        places |= request.getfixturevalue("drill")
    if any("{db}" in a for a in case.args):
        places |= request.getfixturevalue("posko_db")
    db_before = Path(places["{db}"]).read_bytes() if "{db}" in places else None
    drill_before = _tree(Path(places["{package}"])) if "{package}" in places else None
    before = _tree(tmp_path)
    args = list(case.args)
    for key, value in places.items():
        args = [a.replace(key, value) for a in args]
    result = run(*args, "--lang", case.lang) if case.param != "--lang" else run(*args)
    output = result.output
    assert result.exit_code == 2, f"{case}: exit {result.exit_code}\n{output}"
    assert "Traceback" not in output and "Exception" not in output, output
    prefix = "Error:" if case.lang == "en" and case.param != "--lang" else "Galat:"
    assert result.stderr.lstrip().startswith(prefix), f"{case}: {result.stderr}"
    if case.lang == "id" or case.param == "--lang":
        assert "Error" not in result.stderr and "Invalid value" not in result.stderr, output
    assert _tree(tmp_path) == before, f"{case} wrote something"
    if drill_before is not None:
        assert _tree(Path(places["{package}"])) == drill_before, f"{case} changed the package"
    if db_before is not None:
        assert Path(places["{db}"]).read_bytes() == db_before, f"{case} changed the database"


def test_an_english_word_from_a_library_does_not_leak(tmp_path: Path) -> None:
    """Usage errors are worded by Sispam, not by click or pydantic."""
    result = run("simulate", KLATEN, "--runs", "abc")
    assert "nilai tidak sah untuk --runs" in result.stderr and "(isi: 'abc')" in result.stderr
    result = run("simulate", KLATEN, "--runs", "0", "--lang", "en")
    assert "must be a number from 1 to 100000 (given: '0')" in result.stderr


def test_workers_beyond_the_machine_are_capped_with_a_note(tmp_path: Path) -> None:
    result = run(
        "simulate", KLATEN, "--runs", "20", "--workers", "64", "--json", "--lang", "en"
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"using {os.cpu_count()}" in result.stderr


def test_language_is_accepted_in_any_case() -> None:
    result = run("scenario", "check", KLATEN, "--lang", "EN")
    assert result.exit_code == 0 and "is valid" in result.stdout
