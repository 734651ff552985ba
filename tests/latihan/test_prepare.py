"""The drill prepared from the plan: the seed's seven steps at the merah village, units of the
plan, EEGs from the doctrine table, and a storyline taken from a simulated escalation."""

from __future__ import annotations

from datetime import datetime

import pytest

from sispam.domain import SituationLevel
from sispam.domain.doctrine import CARA_BERTINDAK
from sispam.domain.exercise import StoryStep
from sispam.latihan.prepare import drill_village, prepare
from sispam.latihan.settings import ExerciseSettings, LatihanError
from sispam.latihan.units import promised_response_min


def test_the_seed_storyline_walks_the_seven_steps_in_order(exercise) -> None:
    steps = [i.step for i in exercise.injects]
    # Every step appears, and never goes back: registration → … → handled.
    assert list(dict.fromkeys(steps)) == list(StoryStep)
    assert all(a.rank <= b.rank for a, b in zip(steps, steps[1:], strict=False))
    assert [i.number for i in exercise.injects] == list(range(1, len(exercise.injects) + 1))
    real = [i.real_time for i in exercise.injects]
    assert real == sorted(real)
    assert exercise.injects[0].real_time == datetime(2023, 5, 31, 8, 0)  # 35 days before the vote


def test_the_drill_is_at_karanganom_the_merah_village(results, exercise) -> None:
    s, _, p = results
    assert exercise.village_code == "33.10.24.2003"
    assert exercise.village_name == "Karanganom"
    assert drill_village(s, p).code == "33.10.24.2003"
    assert {i.village_code for i in exercise.injects} == {"33.10.24.2003"}


def test_every_inject_names_a_unit_of_the_plan_that_exists(results, exercise) -> None:
    s, _, p = results
    units = {u.name for u in s.units}
    planned = {a.unit for a in p.assignments} | {r.unit for r in p.reserves}
    for inject in exercise.injects:
        assert inject.unit in units, inject
    # The crowd-control injects name the reserve elements the plan holds for that role.
    reserve_tasks = {"hijau_dalmas_awal", "merah_tni_support"}
    for inject in exercise.injects:
        if inject.task in reserve_tasks:
            assert inject.unit in planned
    # TPS injects name the unit the plan posts at the village's TPS.
    at_tps = {a.unit for a in p.assignments if a.village_code == "33.10.24.2003"}
    assert all(i.unit in at_tps for i in exercise.injects if i.task == "hijau_tps")


def test_the_escalation_portrays_hijau_then_kuning_then_merah(exercise) -> None:
    levels = [i.level for i in exercise.injects if i.level is not None]
    ranks = [lv.rank for lv in levels]
    assert levels[0] is SituationLevel.HIJAU and SituationLevel.MERAH in levels
    top = ranks.index(max(ranks))
    assert ranks[: top + 1] == sorted(ranks[: top + 1])  # climbs, then calms down at the end
    assert levels[-1] is SituationLevel.HIJAU


def test_eegs_are_the_cara_bertindak_with_targets_from_plan_and_model(results, exercise) -> None:
    s, _, p = results
    tasks = {task.id: task for task in exercise.tasks()}
    assert set(tasks) == {task.key for task in CARA_BERTINDAK}  # merah reached: every task
    settings = ExerciseSettings()
    for key, role in (
        ("hijau_dalmas_awal", "dalmas_awal"),
        ("kuning_lapis_ganti", "dalmas_lanjut"),
        ("merah_lintas_ganti", "phh"),
        ("merah_tni_support", "tni_support"),
    ):
        promised = promised_response_min(p, "33.10.24.2003", settings, role)
        # The plan's promised arrival (order → scene) plus the time for the order to get there.
        assert tasks[key].target_min == promised + settings.order_min
        assert tasks[key].target_source == "plan"
        assert tasks[key].assumed_min is not None and tasks[key].assumed_min <= promised
    # Decisions are held to the contingency model's order delays (request_delay_min).
    assert (tasks["kuning_control"].target_min, tasks["kuning_control"].target_source) == (
        10.0,
        "model",
    )
    assert tasks["merah_request_tni"].target_min == 20.0
    assert tasks["hijau_detect"].target_source == "exercise"
    assert tasks["kuning_tps"].target_min is None
    for task in tasks.values():
        assert task.unit in {u.name for u in s.units}
    # Injects carry their task's target.
    for inject in exercise.injects:
        assert inject.target_min == tasks[inject.task].target_min


def test_texts_follow_the_language(exercise, exercise_en) -> None:
    assert "pendukung calon B" in exercise.injects[7].message
    assert "supporters of candidate B" in exercise_en.injects[7].message
    assert [i.unit for i in exercise.injects] == [i.unit for i in exercise_en.injects]


def test_village_by_name_and_unknown_village(results) -> None:
    s, _, p = results
    ex = prepare(s, p, village="Kujon", start=datetime(2023, 6, 1, 9, 0))
    assert ex.village_code == "33.10.11.2004"
    assert ex.injects[0].real_time == datetime(2023, 6, 1, 9, 0)
    with pytest.raises(LatihanError, match="Atlantis"):
        prepare(s, p, village="Atlantis")


def test_a_plan_of_another_scenario_is_refused(results) -> None:
    s, _, p = results
    with pytest.raises(LatihanError):
        prepare(s, p.model_copy(update={"scenario": "other"}))


@pytest.fixture(scope="module")
def sim(results):
    from sispam.sim.contingency import simulate

    s, a, p = results
    return simulate(s, a, p, runs=60, seed=1, workers=1)


def test_the_storyline_from_a_simulated_run_follows_its_escalation(results, sim) -> None:
    s, _, p = results
    example = sim.example
    assert example is not None and example.reason in ("kuning", "merah")
    ex = prepare(s, p, sim=sim)
    assert ex.source == "simulation" and ex.sim_run == example.run
    events = [e for e in example.events if e.village_code == example.village_code]
    first_level = {e.level: e for e in reversed(events) if e.kind == "level"}
    gather = next(i for i in ex.injects if i.task == "hijau_detect" and i.level is not None)
    # The injects portray each level at the simulated minute, with the simulated crowd.
    for level, task in (("kuning", "kuning_control"), ("merah", "merah_control")):
        inject = next((i for i in ex.injects if i.task == task), None)
        if level not in first_level:
            assert inject is None  # a run that stopped at kuning has no merah beats
            continue
        assert inject is not None and inject.scenario_time == first_level[level].time
        assert inject.crowd == first_level[level].crowd
        assert inject.real_time - gather.real_time == inject.scenario_time - gather.scenario_time
    if example.reason == "kuning":
        assert any(i.task == "recovery_settle" for i in ex.injects)
    steps = [i.step for i in ex.injects]
    assert all(a.rank <= b.rank for a, b in zip(steps, steps[1:], strict=False))
    assert {i.unit for i in ex.injects} <= {u.name for u in s.units}
    if example.village_code != ex.village_code:
        assert ex.sim_village == example.village_code


def test_a_simulation_without_escalation_is_refused(results, sim) -> None:
    s, _, p = results
    quiet = sim.model_copy(update={"example": sim.example.model_copy(update={"reason": "quiet"})})
    with pytest.raises(LatihanError):
        prepare(s, p, sim=quiet)


def test_every_actor_can_be_played_by_some_kind_of_unit() -> None:
    from sispam.domain.doctrine import Actor
    from sispam.latihan.units import ACTOR_KINDS

    assert set(ACTOR_KINDS) == set(Actor)


def test_new_from_a_saved_simulation(sim, tmp_path) -> None:
    """`sispam latihan new --from-sim` reads a `sispam simulate -o` file."""
    from typer.testing import CliRunner

    from sispam.cli import commands  # noqa: F401  (registers the commands)
    from sispam.cli.app import _take_lang, app
    from sispam.domain.exercise import Exercise

    saved = tmp_path / "simulation.json"
    saved.write_text(sim.model_dump_json(), encoding="utf-8")
    out = tmp_path / "pkg"
    args = ["latihan", "new", "pilkades-klaten-2023", "--from-sim", str(saved), "-o", str(out)]
    result = CliRunner().invoke(app, _take_lang([*args, "--lang", "en"]), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    ex = Exercise.model_validate_json((out / "latihan.json").read_text(encoding="utf-8"))
    assert ex.source == "simulation" and ex.sim_run == sim.example.run
    assert "The escalation follows simulated run" in result.stdout
