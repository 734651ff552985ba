"""Docs as tests: every setting a stage reads from ``scenario.toml`` is documented in ``docs/``,
and the code blocks of the docs run.

- Settings: every key of ``[assess]``, ``[plan]``/``[outreach]``, ``[sim]`` and ``[report]``
  (nested tables too), read from the stages' own settings models, must appear in ``docs/*.md``
  written as a key: in inline code, a TOML line, a table header or a table cell — not merely as a
  word in prose.
- ``python`` blocks run top to bottom in one namespace per block; a statement whose line says
  ``# SomeError`` must raise that error.
- ``sh`` blocks (and untagged blocks made only of ``sispam`` lines): each ``sispam`` command
  runs, in order in one folder (``SCENARIO`` stands for the embedded Klaten scenario; files a
  user brings are in ``INPUTS``), and must succeed; other lines (benchmarks, scripts) are
  covered by their own tests and ``make bench``.
- ``toml`` blocks parse; a block of stage settings (``[assess]``, ``[plan]``, …) is put into the
  Klaten scenario and must pass that stage's validator.
"""

from __future__ import annotations

import ast
import re
import shlex
import tomllib
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```", re.M | re.S)


def _settings_models() -> dict[str, type[BaseModel]]:
    from sispam.assess.settings import AssessSettings
    from sispam.plan.settings import OutreachSettings, PlanSettings
    from sispam.report.context import ReportSettings
    from sispam.sim.contingency.params import ContingencyParams

    return {
        "assess": AssessSettings,
        "plan": PlanSettings,
        "outreach": OutreachSettings,
        "sim": ContingencyParams,
        "report": ReportSettings,
    }


def _nested(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _nested(arg)]


def _keys(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every key of a settings table, nested tables included."""
    seen = seen if seen is not None else {model}
    out = set(model.model_fields)
    for field in model.model_fields.values():
        for sub in _nested(field.annotation):
            if sub not in seen:
                seen.add(sub)
                out |= _keys(sub, seen)
    return out


def _documented(key: str, text: str) -> bool:
    k = re.escape(key)
    as_key = rf"(?:^[ \t]*#?[ \t]*|[`.\[|][ \t]*|\][ \t]+){k}(?=[`.\]|]|[ \t]*[=|])"
    return re.search(as_key, text, re.M) is not None


def _docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md")))


@pytest.mark.parametrize("section", ["assess", "plan", "outreach", "sim", "report"])
def test_every_setting_is_documented(section: str) -> None:
    text = _docs_text()
    keys = _keys(_settings_models()[section])
    missing = sorted(k for k in keys if not _documented(k, text))
    assert not missing, f"[{section}] keys not documented in docs/*.md: {missing}"


def test_the_key_matcher_wants_a_key_not_a_word() -> None:
    for written in ("top = 5", "`top`", "`[assess] top`", "[assess.top]", "| top |", "# top = 5"):
        assert _documented("top", written), written
    assert not _documented("number", "a number of villages")


# --- code blocks ---------------------------------------------------------------------------


# Examples that need a feature still being merged: id → why (remove once it lands).
PENDING: dict[str, str] = {}
# Blocks that are not examples to run, found by (file, the block's first line) so that editing
# the text above them does not silently turn the skip off; each with the reason (shown as a skip).
NOT_RUN = {
    (
        "posko.md",
        "make serve",
    ): "a synopsis: [optional] arguments and placeholders; starts a server",
    ("posko.md", "createdb posko"): "needs a PostgreSQL server (host db) and starts servers",
    ("posko.md", "sispam simulate pilkades-klaten-2023 -o simulation.json"): (
        "starts a server in another shell (sispam serve), which runs until stopped"
    ),
}


def _first_line(body: str) -> str:
    return next((ln.split(" #", 1)[0].strip() for ln in body.splitlines() if ln.strip()), "")


def test_every_not_run_block_exists() -> None:
    """A skip whose block was rewritten would otherwise linger, skipping nothing."""
    found = {(p.values[0].split(":")[0], _first_line(p.values[2])) for p in _blocks({"sh", ""})}
    assert set(NOT_RUN) <= found, set(NOT_RUN) - found


def _blocks(lang: set[str]) -> list:
    out = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            tag, body = m.group(1), m.group(2)
            line = text[: m.start()].count("\n") + 1
            if tag in lang or (not tag and "sh" in lang and _only_sispam(body)):
                where = f"{path.name}:{line}"
                marks = [pytest.mark.xfail(reason=PENDING[where])] if where in PENDING else []
                skip = NOT_RUN.get((path.name, _first_line(body)))
                if skip:
                    marks.append(pytest.mark.skip(reason=skip))
                out.append(pytest.param(where, tag, body, id=where, marks=marks))
    return out


def _only_sispam(body: str) -> bool:
    lines = [ln for ln in body.splitlines() if ln.strip()]
    return bool(lines) and all(ln.lstrip().startswith("sispam ") for ln in lines)


@pytest.mark.parametrize(("where", "tag", "body"), _blocks({"python"}))
def test_python_block_runs(where: str, tag: str, body: str) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    lines = body.splitlines()
    for stmt in ast.parse(body).body:
        source = "\n".join(lines[stmt.lineno - 1 : stmt.end_lineno])
        expected = re.search(r"#\s*(\w+Error)\b", lines[stmt.lineno - 1])
        code = compile(ast.Module([stmt], type_ignores=[]), where, "exec")
        if expected:
            with pytest.raises(Exception) as err:
                exec(code, namespace)  # noqa: S102 - the docs' own example
            assert type(err.value).__name__ == expected.group(1), source
        else:
            exec(code, namespace)  # noqa: S102 - the docs' own example


# Inputs a user brings that a docs example names (commands of one block run in order, in one
# folder, so a file an earlier line writes is there for the next).
INPUTS = {
    "rekaman.jsonl": '{"time": "2023-05-31T08:00", "kind": "exercise_started", "actor": "x"}\n',
}


def _commands(body: str) -> list[list[str]]:
    joined = re.sub(r"\\\n\s*", " ", body)
    out = []
    for line in joined.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line.startswith("sispam "):
            out.append(shlex.split(line)[1:])
    return out


@pytest.mark.parametrize(("where", "tag", "body"), _blocks({"sh", "console", "bash"}))
def test_sispam_commands_in_docs_run(where: str, tag: str, body: str, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from sispam.cli.app import app

    monkeypatch.chdir(tmp_path)
    for name, text in INPUTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for args in _commands(body):
        args = ["pilkades-klaten-2023" if a == "SCENARIO" else a for a in args]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, f"{where}: sispam {' '.join(args)}\n{result.output}"


@pytest.mark.parametrize(("where", "tag", "body"), _blocks({"toml"}))
def test_toml_block_parses_and_validates(where: str, tag: str, body: str, klaten) -> None:
    doc = tomllib.loads(body)
    sections = set(doc) & set(_settings_models())
    if not sections:
        return
    from sispam.cli.checks import check_stages

    settings = {**klaten.settings, **{k: doc[k] for k in sections}}
    check_stages(klaten.model_copy(update={"settings": settings}))
