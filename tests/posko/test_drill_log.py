"""The drill on the Posko's log, without a web server: it runs only in an exercise operation,
its clock and deliveries follow the controller's rules, an inject arrives as a real election-day
input, the projection rebuilds from the log, and the Improvement Plan stays editable until
closed (TNI and Pemkab: their own items). Both databases."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from drill_fixtures import (
    CONTROLLER,
    DRILL,
    EVALUATOR,
    KAPOLRES,
    KARANGANOM,
    OPERATOR,
    TNI,
    klaten_drill,
)
from posko_fixtures import OP

from sispam.latihan.settings import LatihanError
from sispam.posko.drill import control
from sispam.posko.drill.load import load_drill, loaded_payload
from sispam.posko.events import SYSTEM, Refused
from sispam.posko.states import rebuild

pytestmark = pytest.mark.xdist_group("posko")


@pytest.fixture
def drill(posko, klaten_inputs):
    exercise = klaten_drill(klaten_inputs)
    assert load_drill(posko, DRILL, exercise, "test", CONTROLLER)
    posko.drill = exercise
    return posko


def refused(fn, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as exc:
        fn(*args, **kwargs)
    return exc.value.key


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_a_drill_runs_only_in_an_exercise_operation(posko, klaten_inputs) -> None:
    exercise = klaten_drill(klaten_inputs)
    with pytest.raises(LatihanError):
        load_drill(posko, OP, exercise, "test", CONTROLLER)
    payload = loaded_payload(exercise)
    for type_, body in (
        ("drill.loaded", payload),
        ("drill.clock", {"action": "start"}),
        ("drill.review_set", {"task_id": "kuning_control", "rating": "P"}),
    ):
        assert refused(posko.append, OP, type_, body, CONTROLLER) == "latihan.posko.error.live"
    assert [e.type for e in posko.store.read(OP)] == ["operation.created"]
    # In the exercise: loads once (the same package again is a no-op), another package replaces
    # it until the clock starts, then none.
    assert load_drill(posko, DRILL, exercise, "test", CONTROLLER)
    assert not load_drill(posko, DRILL, exercise, "test", CONTROLLER)
    later = exercise.model_copy(update={"start": exercise.start + timedelta(hours=1)})
    assert load_drill(posko, DRILL, later, "test", CONTROLLER)
    posko.append(DRILL, "drill.clock", {"action": "start", "speed": 4}, CONTROLLER)
    assert refused(load_drill, posko, DRILL, exercise, "x", CONTROLLER) == (
        "latihan.posko.error.running"
    )
    other = exercise.model_copy(update={"scenario_name": "lain"})
    assert refused(posko.append, DRILL, "drill.loaded", loaded_payload(other), CONTROLLER) in (
        "latihan.plan.other_scenario",
        "latihan.posko.error.running",
    )


def test_clock_and_deliveries_follow_the_controllers_rules(drill) -> None:
    posko, append = drill, drill.append

    def clock(action: str, speed: float | None = None) -> None:
        body = {"action": action} | ({"speed": speed} if speed else {})
        append(DRILL, "drill.clock", body, CONTROLLER)

    hand = {"number": 8, "by": "hand"}
    assert refused(append, DRILL, "drill.inject_delivered", hand, CONTROLLER) == (
        "latihan.clock.not_started"
    )
    clock("start", 4)
    assert refused(clock, "start") == "latihan.clock.already_started"
    assert refused(clock, "resume") == "latihan.clock.already_running"
    clock("pause")
    assert refused(clock, "pause") == "latihan.clock.already_paused"
    run(control.deliver(posko, DRILL, 8, "hand", CONTROLLER))  # by hand while paused
    assert refused(append, DRILL, "drill.inject_delivered", hand, CONTROLLER) == (
        "latihan.posko.error.delivered"
    )
    by_schedule = {"number": 9, "by": "schedule"}
    assert refused(append, DRILL, "drill.inject_delivered", by_schedule, CONTROLLER) == (
        "posko.error.forbidden"  # the schedule is the server's
    )
    assert refused(append, DRILL, "drill.inject_delivered", by_schedule, SYSTEM) == (
        "latihan.clock.already_paused"  # and it stands still while paused
    )
    unknown = {"number": 99, "by": "hand"}
    assert refused(append, DRILL, "drill.inject_delivered", unknown, CONTROLLER) == (
        "latihan.posko.error.unknown_inject"
    )
    clock("speed", 8)
    clock("resume")
    state = posko.state(DRILL)
    drill_view = state.view("drill")
    assert drill_view.clock().speeds() == (4.0, 8.0)
    assert drill_view.delivered[8]["by"] == "hand"
    # The inject due at the start (no. 1) is the schedule's, and only once.
    assert control.due_now(state) == [1]
    assert run(control.tick(posko, [DRILL])) == 1 and control.due_now(state) == []
    assert drill_view.delivered[1] | {"time": None} == {
        "seq": drill_view.delivered[1]["seq"],
        "ts": drill_view.delivered[1]["ts"],
        "time": None,
        "by": "schedule",
        "actor": "sistem",
    }
    clock("end")
    assert refused(clock, "pause") == "latihan.clock.ended"
    assert run(control.tick(posko, [DRILL])) == 0
    kinds = [e.payload.get("action") for e in posko.store.read(DRILL) if e.type == "drill.clock"]
    assert kinds == ["start", "pause", "speed", "resume", "end"]


def test_an_inject_arrives_as_a_real_posko_input(drill) -> None:
    """Incident → an election-day field report (the level only *suggested*); a TPS status →
    a TPS report; a message → a note at the village; all LATIHAN; election day's clock on the
    story's time at the drill's speed."""
    posko = drill
    exercise = posko.drill
    posko.append(DRILL, "drill.clock", {"action": "start", "speed": 4}, CONTROLLER)
    for n in (6, 8, 9):
        run(control.deliver(posko, DRILL, n, "hand", CONTROLLER))
    events = posko.store.read(DRILL)
    reports = {e.payload["id"]: e for e in events if e.type == "report.received"}
    incident = reports[f"latihan-{DRILL}-8"].payload
    i8 = exercise.inject(8)
    assert incident["kind"] == "incident" and incident["village_code"] == KARANGANOM
    assert incident["category"] == "result_dispute" and incident["suggested_level"] == "hijau"
    assert incident["reporter"] == i8.sender and incident["crowd"] == i8.crowd
    assert incident["note"].startswith("LATIHAN — " + i8.message)
    assert incident["review"] == "machine_read"  # waits for a player to check it
    tps = reports[f"latihan-{DRILL}-6"].payload
    assert tps["kind"] == "tps_status" and tps["status"] == "counting" and tps["tps"] == 1
    notes = [e.payload for e in events if e.type == "note.added"]
    assert len(notes) == 1 and notes[0]["text"].startswith("LATIHAN — ")
    assert notes[0]["village"] == KARANGANOM
    day = posko.state(DRILL).view("day")
    assert f"latihan-{DRILL}-8" in day.reports  # the election-day record took it in
    # Election day's clock runs on the story (inject 9's time, 15:35) at the drill's ×4.
    anchor = day.clock.anchor
    assert anchor is not None and anchor[2] == 4.0
    assert abs(day.now() - exercise.inject(9).scenario_time) < timedelta(minutes=5)
    # Delivering again is refused before any input is appended twice.
    before = len(events)
    with pytest.raises(Refused):
        run(control.deliver(posko, DRILL, 8, "hand", CONTROLLER))
    assert len(posko.store.read(DRILL)) == before
    # The live operation saw nothing of it.
    assert [e.type for e in posko.store.read(OP)] == ["operation.created"]


def test_unscripted_inject_is_numbered_after_the_last(drill) -> None:
    from sispam.domain.exercise import InjectKind, InjectMethod, StoryStep
    from sispam.latihan.control import unscripted_inject

    posko = drill
    posko.append(DRILL, "drill.clock", {"action": "start"}, CONTROLLER)
    exercise = posko.drill

    def extra(number_after: tuple) -> object:
        return unscripted_inject(
            number_after,
            drill_time=exercise.start,
            scenario_time=exercise.inject(11).scenario_time,
            step=StoryStep.ESKALASI,
            sender="Wartawan (pemeran)",
            recipient="Humas Polres",
            method=InjectMethod.PHONE,
            message="Video bentrokan beredar di media sosial",
            unit=exercise.inject(14).unit,
            task="kuning_inform",
            village_code=KARANGANOM,
            kind=InjectKind.MESSAGE,
        )

    first = extra(exercise.injects)
    run(control.deliver(posko, DRILL, first.number, "hand", CONTROLLER, unscripted=first))
    assert first.number == len(exercise.injects) + 1
    view = posko.state(DRILL).view("drill")
    assert view.inject(first.number).unscripted and view.next_number() == first.number + 1
    stale = extra(exercise.injects)  # the same number again
    key = refused(
        posko.append,
        DRILL,
        "drill.inject_delivered",
        {"number": stale.number, "by": "hand", "unscripted": stale.model_dump(mode="json")},
        CONTROLLER,
    )
    assert key == "latihan.posko.error.delivered"


def test_reviews_observations_and_the_improvement_plan(drill) -> None:
    """Reviews and observations are the evaluator's; an Improvement Plan item is editable until
    closed; TNI edits only TNI's items and cannot hand them on; the projection rebuilds."""
    posko, append = drill, drill.append
    append(DRILL, "drill.clock", {"action": "start"}, CONTROLLER)
    review = {"task_id": "kuning_control", "rating": "M", "notes": "lambat", "owner": "polri"}
    append(DRILL, "drill.review_set", review, EVALUATOR)
    assert refused(append, DRILL, "drill.review_set", {"task_id": "tidak_ada"}, EVALUATOR) == (
        "latihan.posko.error.unknown_task"
    )
    append(DRILL, "drill.observed", {"task_id": "kuning_inform", "note": "rilis pers"}, EVALUATOR)
    late = {"task_id": "kuning_inform", "at": "2099-01-01T10:00:00"}
    assert refused(append, DRILL, "drill.observed", late, EVALUATOR) == "latihan.posko.error.future"
    early = {"task_id": "kuning_inform", "at": "2000-01-01T10:00:00"}
    assert refused(append, DRILL, "drill.observed", early, EVALUATOR) == (
        "latihan.posko.error.before_start"
    )
    item = {"task_id": "kuning_control", "status": "in_progress", "action": "latih ulang"}
    append(DRILL, "drill.improvement_set", item, KAPOLRES)
    assert refused(append, DRILL, "drill.improvement_set", item, TNI) == "posko.error.out_of_scope"
    tni_item = {"task_id": "merah_tni_support", "status": "in_progress"}
    append(DRILL, "drill.improvement_set", tni_item, TNI)  # the actor's agency: TNI's own item
    hand_on = {"task_id": "merah_tni_support", "owner": "polri"}
    assert refused(append, DRILL, "drill.improvement_set", hand_on, TNI) == (
        "posko.error.out_of_scope"
    )
    append(
        DRILL, "drill.improvement_set", {"task_id": "kuning_control", "status": "closed"}, EVALUATOR
    )
    assert refused(append, DRILL, "drill.improvement_set", item, EVALUATOR) == (
        "latihan.posko.error.closed_item"
    )
    state = posko.state(DRILL)
    assert state.view("drill").improvements["kuning_control"]["status"] == "closed"
    assert state.view("drill").reviews["kuning_control"].rating.value == "M"
    rebuilt = rebuild(DRILL, posko.store.read(DRILL))
    assert rebuilt.view("drill").snapshot() == state.view("drill").snapshot()
    # Operators have no say in the drill's evaluation (permission table).
    from sispam.posko.permissions import allowed

    assert not allowed(OPERATOR.role, "drill.evaluate") and allowed("evaluator", "drill.evaluate")
    assert not allowed("evaluator", "drill.control") and allowed("controller", "drill.control")
