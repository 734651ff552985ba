"""`sispam posko replay`: a simulated day played into an exercise operation through the same
event types and guards as election day, on the story's clock; the board ends where the story's
own record does, the chain verifies, and bad input is a clear error (exit 2, nothing written)."""

from __future__ import annotations

import json

import pytest
from posko_fixtures import OP, make_posko
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import app

DRILL = OP + "-latihan"
pytestmark = pytest.mark.xdist_group("posko-day")


@pytest.fixture(scope="module")
def sim_file(tmp_path_factory, klaten_inputs):
    from sispam.domain import Assessment, Plan, Scenario
    from sispam.sim.contingency import simulate

    s = Scenario.model_validate(klaten_inputs["scenario"])
    a = Assessment.model_validate(klaten_inputs["assessment"])
    p = Plan.model_validate(klaten_inputs["plan"])
    result = simulate(s, a, p, runs=100, seed=7, workers=1)
    path = tmp_path_factory.mktemp("sim") / "simulation.json"
    path.write_text(result.model_dump_json())
    return path


def test_replay_plays_the_story_into_the_exercise(tmp_path, klaten_inputs, sim_file) -> None:
    from sispam.ops import simulated_day
    from sispam.posko.day.replay import replay

    posko = make_posko(f"sqlite:///{tmp_path / 'p.db'}", klaten_inputs, exercise_too=True)
    try:
        from sispam.domain import SimResult

        sim = SimResult.model_validate_json(sim_file.read_bytes())
        slept: list[float] = []
        done = replay(posko, DRILL, sim, speed=600, sleep=slept.append)
        assert done["refused"] == 0, done["reasons"]
        assert done["events"] > 100 and slept  # paced by the story's clock
        day = posko.state(DRILL).view("day")
        story = simulated_day(day.ctx.scenario, day.ctx.plan, sim)
        assert {k: v.level for k, v in day.situations.items()} == {
            k: v.level for k, v in _final(story, day).items()
        }
        assert set(day.incidents) == {i.id for i in story.log.incidents}
        assert {i.id: i.state for i in day.incidents.values()} == {
            i.id: i.state for i in story.log.incidents
        }
        assert day.clock.anchor is not None  # the exercise runs on the story's time
        live = posko.state(OP).view("day")
        assert not live.incidents and not live.reports  # the live operation is untouched
        from sispam.posko.events import Refused

        with pytest.raises(Refused) as exc:
            replay(posko, OP, sim, speed=600, sleep=slept.append)
        assert exc.value.key == "posko.day.error.clock_live"
    finally:
        posko.close()


def _final(story, day):  # type: ignore[no-untyped-def]
    from sispam.ops import situations_at

    end = max(it.at for it in story.items)
    return situations_at(day.ctx.scenario, story.log.decisions, end, day.ctx.authority)


def test_replay_command_and_bad_input(tmp_path, sim_file) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner(env={"COLUMNS": "250"})
    r = runner.invoke(
        app, ["posko", "replay", "--db", db, "--from-sim", str(sim_file), "--speed", "3600"]
    )
    assert r.exit_code == 0, r.output
    assert "pilkades-klaten-2023-latihan" in r.output and "ditolak aturan: 0" in r.output
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"hello": 1}))
    r = runner.invoke(app, ["posko", "replay", "--db", db, "--from-sim", str(bad)])
    assert r.exit_code == 2 and "bad.json" in r.output
    r = runner.invoke(
        app, ["posko", "replay", "--db", db, "--from-sim", str(tmp_path / "none.json")]
    )
    assert r.exit_code == 2 and "none.json" in r.output
