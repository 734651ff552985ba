"""`sispam latihan load --db URL DIR` and `sispam latihan anev --db URL --exercise ID -o DIR`:
a drill package into an exercise operation, and the Anev from the Posko's log (LATIHAN files,
the record, the calibration file, the Improvement Plan as edited in the Posko) — never from or
into a live operation; bad use exits 2 and writes nothing."""

from __future__ import annotations

import asyncio
import json
import tomllib
from pathlib import Path

import pytest
from drill_fixtures import CONTROLLER, DRILL, EVALUATOR, KAPOLRES, KARANGANOM, klaten_drill
from posko_fixtures import KLATEN
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import _take_lang, app
from sispam.latihan.events import load_events
from sispam.posko.drill import control
from sispam.posko.service import Posko
from sispam.scenario.output import MANIFEST

pytestmark = pytest.mark.xdist_group("posko")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, _take_lang(list(args)), env={"COLUMNS": "250"})


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def package(tmp_path_factory, klaten_inputs) -> Path:
    """A drill package's data files (what `sispam latihan new` writes besides the documents)."""
    folder = tmp_path_factory.mktemp("paket")
    (folder / "latihan.json").write_text(klaten_drill(klaten_inputs).model_dump_json(indent=2))
    (folder / "plan.json").write_text(json.dumps(klaten_inputs["plan"]))
    return folder


def test_load_creates_the_exercise_operation_once_and_never_a_live_one(package, tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'posko.db'}"
    refused = run("latihan", "load", str(package), "--db", db)  # no Posko database there yet
    assert refused.exit_code == 2 and "posko init" in refused.output
    assert not (tmp_path / "posko.db").exists()
    Posko(db).close()  # the empty Posko database `posko init` makes
    first = run("latihan", "load", str(package), "--db", db)
    assert first.exit_code == 0, first.output
    assert f"{KLATEN}-latihan" in flat(first.output) and "21 inject" in flat(first.output)
    again = run("latihan", "load", str(package), "--db", db, "--lang", "en")
    assert again.exit_code == 0 and "nothing changed" in flat(again.output)
    assert run("posko", "init", KLATEN, "--db", db).exit_code == 0
    into_live = run("latihan", "load", str(package), "--db", db, "--id", KLATEN, "--lang", "id")
    assert into_live.exit_code == 2 and "bukan latihan" in flat(into_live.output)
    assert run("latihan", "load", str(package)).exit_code == 2  # no --db
    posko = Posko(db)
    try:
        ops = {o["id"]: bool(o["exercise"]) for o in posko.store.operations()}
        assert ops == {f"{KLATEN}-latihan": True, KLATEN: False}
        assert [e.type for e in posko.store.read(KLATEN)] == ["operation.created"]
        drill_types = [e.type for e in posko.store.read(f"{KLATEN}-latihan")]
        assert drill_types == ["operation.created", "drill.loaded"]
    finally:
        posko.close()


@pytest.mark.slow
def test_anev_from_the_posko_log(klaten_inputs, tmp_path) -> None:
    """In English, from a short drill: the files are the exercise's (LATIHAN-), the record
    loads back, the reviews and the Improvement Plan's edits are in it. (One database: the
    documents do not depend on it.)"""
    from posko_fixtures import make_posko

    from sispam.posko.drill.load import load_drill

    db_url = f"sqlite:///{tmp_path / 'posko.db'}"
    posko = make_posko(db_url, klaten_inputs, exercise_too=True)
    try:
        _anev_from_the_posko_log(posko, klaten_inputs, tmp_path, db_url, load_drill)
    finally:
        posko.close()


def _anev_from_the_posko_log(posko, klaten_inputs, tmp_path, db_url, load_drill) -> None:  # type: ignore[no-untyped-def]

    load_drill(posko, DRILL, klaten_drill(klaten_inputs), "test", CONTROLLER)
    posko.append(DRILL, "drill.clock", {"action": "start", "speed": 4}, CONTROLLER)
    asyncio.run(control.deliver(posko, DRILL, 8, "hand", CONTROLLER))
    posko.append(
        DRILL,
        "village.level_set",
        {"village": KARANGANOM, "level": "kuning", "reason": "massa memblokir jalan"},
        KAPOLRES,
    )
    posko.append(DRILL, "drill.review_set", {"task_id": "hijau_detect", "rating": "M"}, EVALUATOR)
    edit = {"task_id": "hijau_detect", "status": "in_progress", "action": "latih pelaporan"}
    posko.append(DRILL, "drill.improvement_set", edit, KAPOLRES)
    posko.append(DRILL, "drill.clock", {"action": "end"}, CONTROLLER)
    out = tmp_path / "anev"
    done = run(
        "latihan", "anev", "--db", db_url, "--exercise", DRILL, "-o", str(out), "--lang", "en"
    )
    assert done.exit_code == 0, done.output
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert names == [
        MANIFEST,  # marks the folder as Sispam's output (the next run may replace it)
        "LATIHAN-anev.json",
        "LATIHAN-anev.pdf",
        "LATIHAN-anev.xlsx",
        "LATIHAN-drill-params.toml",
        "LATIHAN-rekaman.jsonl",
        "gambar/LATIHAN-chart_latihan_timeline.png",
    ]
    anev = json.loads((out / "LATIHAN-anev.json").read_text())
    assert anev["delivered"] == [8]
    item = next(i for i in anev["improvements"] if i["task_id"] == "hijau_detect")
    assert item["status"] == "in_progress" and item["action"] == "latih pelaporan"
    detect = next(r for r in anev["results"] if r["task"]["id"] == "hijau_detect")
    assert detect["rating"] == "M" and detect["rated_by"] == "evaluator"
    record = load_events(out / "LATIHAN-rekaman.jsonl")
    assert [e.kind.value for e in record].count("level_raised") == 1
    params = (out / "LATIHAN-drill-params.toml").read_text()
    assert "[sim]" in params and "# report:" in params
    tomllib.loads(params)
    # Never from a live operation, and the options go together.
    live = run("latihan", "anev", "--db", db_url, "--exercise", KLATEN, "-o", str(tmp_path / "x"))
    assert live.exit_code == 2 and not (tmp_path / "x").exists()
    alone = run("latihan", "anev", "--db", db_url, "-o", str(tmp_path / "y"))
    assert alone.exit_code == 2 and not (tmp_path / "y").exists()
    neither = run("latihan", "anev", "-o", str(tmp_path / "z"))
    assert neither.exit_code == 2
