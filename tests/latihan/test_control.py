"""The controller's clock and the schedule of injects: start, pause, resume, compression, delivery
on schedule, by hand and unscripted, and what each inject becomes as a Posko input."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sispam.domain.exercise import EventKind, InjectKind, InjectMethod, StoryStep
from sispam.latihan.control import (
    ExerciseClock,
    clock_from_events,
    deliver,
    delivered_numbers,
    due,
    posko_input,
    schedule_at,
    unscripted_inject,
    upcoming,
)
from sispam.latihan.settings import LatihanError

WALL = datetime(2023, 5, 31, 8, 0)
DRILL = datetime(2023, 5, 31, 8, 0)


def m(minutes: float) -> datetime:
    return WALL + timedelta(minutes=minutes)


def test_start_pause_resume_and_compression() -> None:
    clock = ExerciseClock()
    assert clock.state(WALL) == "not_started" and clock.drill_time(WALL) is None
    clock = clock.start(WALL, DRILL)
    assert clock.drill_time(m(10)) == DRILL + timedelta(minutes=10)
    clock = clock.pause(m(10))
    assert clock.state(m(12)) == "paused"
    assert clock.drill_time(m(25)) == DRILL + timedelta(minutes=10)  # stands still
    clock = clock.resume(m(25))
    assert clock.drill_time(m(30)) == DRILL + timedelta(minutes=15)
    clock = clock.set_speed(m(30), 4)
    assert clock.drill_time(m(35)) == DRILL + timedelta(minutes=35)  # 15 + 5 × 4
    assert clock.drill_minutes(m(0), m(35)) == 35  # pause excluded, compression undone
    assert clock.compressed(m(31), m(32)) and not clock.compressed(m(0), m(29))
    assert clock.speeds() == (1.0, 4.0)
    clock = clock.end(m(40))
    assert clock.state(m(41)) == "ended" and clock.drill_time(m(60)) == clock.drill_time(m(40))


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (["start", "start"], "sudah dimulai"),
        (["pause"], "belum dimulai"),
        (["start", "resume"], "sedang berjalan"),
        (["start", "pause", "pause"], "dihentikan sementara"),
        (["start", "end", "resume"], "sudah selesai"),
    ],
)
def test_impossible_changes_are_refused(steps: list[str], message: str) -> None:
    clock = ExerciseClock()
    with pytest.raises(LatihanError, match=message):
        for k, step in enumerate(steps):
            at = m(k)
            clock = clock.start(at, DRILL) if step == "start" else getattr(clock, step)(at)


def test_the_clock_cannot_run_backwards_or_at_a_silly_speed() -> None:
    clock = ExerciseClock().start(WALL, DRILL)
    with pytest.raises(LatihanError):
        clock.pause(m(-1))
    with pytest.raises(LatihanError):
        clock.set_speed(m(1), 0)


OPS = st.lists(
    st.tuples(st.sampled_from(["pause", "resume", "speed"]), st.floats(0.1, 30), st.floats(1, 8)),
    max_size=12,
)


@settings(max_examples=120, deadline=None)
@given(OPS)
def test_drill_time_never_goes_back_and_minutes_add_up(ops) -> None:
    clock = ExerciseClock().start(WALL, DRILL)
    now = 0.0
    for op, gap, speed in ops:
        now += gap
        try:
            clock = _apply(clock, op, m(now), speed)
        except LatihanError:
            continue
    probes = [m(k * 2.5) for k in range(int(now / 2.5) + 8)]
    drills = [clock.drill_time(p) for p in probes]
    assert all(a <= b for a, b in zip(drills, drills[1:], strict=False))
    a, b, c = probes[0], probes[len(probes) // 2], probes[-1]
    assert clock.drill_minutes(a, c) == pytest.approx(
        clock.drill_minutes(a, b) + clock.drill_minutes(b, c)
    )
    # Rebuilt from its own events, the clock is the same clock (to the microsecond's rounding).
    rebuilt = clock_from_events(_events(clock), DRILL).drill_time(c)
    assert abs(rebuilt - clock.drill_time(c)) < timedelta(milliseconds=1)


def _apply(clock: ExerciseClock, op: str, at: datetime, speed: float) -> ExerciseClock:
    return clock.set_speed(at, speed) if op == "speed" else getattr(clock, op)(at)


def _events(clock: ExerciseClock):  # type: ignore[no-untyped-def]
    from sispam.domain.exercise import ExerciseEvent

    out = []
    for k, seg in enumerate(clock.segments):
        if k == 0:
            out.append(ExerciseEvent(time=seg.wall, kind="exercise_started", speed=seg.speed))
            continue
        prev = clock.segments[k - 1]
        if prev.running and not seg.running:
            out.append(ExerciseEvent(time=seg.wall, kind="exercise_paused"))
        elif not prev.running and seg.running:
            out.append(ExerciseEvent(time=seg.wall, kind="exercise_resumed"))
        if seg.speed != prev.speed:
            out.append(ExerciseEvent(time=seg.wall, kind="speed_changed", speed=seg.speed))
    return out


def test_injects_fall_due_on_the_drill_clock(exercise) -> None:
    injects = exercise.injects
    clock = ExerciseClock().start(WALL, exercise.start)
    assert [i.number for i in due(injects, clock, m(0), set())] == [1]
    assert [i.number for i in due(injects, clock, m(25), {1})] == [2, 3]
    clock = clock.pause(m(25))
    assert [i.number for i in due(injects, clock, m(90), {1, 2, 3})] == []  # paused: nothing new
    pending = upcoming(injects, clock, m(90), {1, 2, 3})
    assert pending[0][0].number == 4 and pending[0][1] is None  # no ETA while paused
    clock = clock.resume(m(90)).set_speed(m(90), 4)
    pending = upcoming(injects, clock, m(90), {1, 2, 3})
    assert pending[0][1] == m(90) + timedelta(minutes=5 / 4)  # inject 4 at drill 08:30


def test_the_run_sheet_under_compression(exercise) -> None:
    sheet = schedule_at(exercise.injects, WALL, exercise.start, speed=4)
    last = exercise.injects[-1]
    assert sheet[-1][1] == WALL + (last.real_time - exercise.start) / 4
    assert [i.number for i, _ in sheet] == [i.number for i in exercise.injects]


def test_delivery_by_hand_and_unscripted(exercise) -> None:
    first = exercise.injects[0]
    event = deliver(first, m(1), by="hand")
    assert event.kind is EventKind.INJECT_DELIVERED and event.inject == 1
    assert event.payload == {"by": "hand"}
    extra = unscripted_inject(
        exercise.injects,
        drill_time=m(70),
        scenario_time=datetime(2023, 7, 5, 15, 40),
        step=StoryStep.KETIDAKPUASAN,
        sender="Pengendali",
        recipient="Kapolsek",
        method=InjectMethod.PHONE,
        message="Kepala desa meminta pengamanan rumahnya.",
        unit="Polsek Klaten Utara",
        task="hijau_tps",
        village_code=exercise.village_code,
    )
    assert extra.number == len(exercise.injects) + 1 and extra.unscripted
    assert extra.capability == "tps_security"
    recorded = deliver(extra, m(70))
    assert recorded.payload["unscripted"]["number"] == extra.number
    assert delivered_numbers([event, recorded]) == {1, extra.number}
    # Unscripted injects are delivered by hand, never fall due by themselves.
    clock = ExerciseClock().start(WALL, exercise.start)
    assert extra not in due((*exercise.injects, extra), clock, m(500), set())
    with pytest.raises(LatihanError):
        unscripted_inject(
            exercise.injects,
            drill_time=m(70),
            scenario_time=m(70),
            step=StoryStep.ESKALASI,
            sender="x",
            recipient="y",
            method=InjectMethod.TEXT,
            message="z",
            unit="Dishub",
            task="not_a_task",
            village_code=exercise.village_code,
        )


def test_what_an_inject_becomes_in_the_posko(exercise, exercise_en) -> None:
    by_task = {}
    for i in exercise.injects:
        by_task.setdefault(i.task, i)
    gather = next(i for i in exercise.injects if i.kind is InjectKind.INCIDENT)
    inp = posko_input(gather, m(70), "id")
    assert inp.exercise is True and inp.kind is InjectKind.INCIDENT
    assert inp.text.startswith("LATIHAN — ") and inp.category == "result_dispute"
    assert inp.level == "hijau" and inp.crowd == gather.crowd
    kuning = next(i for i in exercise.injects if i.task == "kuning_control")
    assert posko_input(kuning, m(80)).category == "blockade"
    vote = next(
        i for i in exercise.injects if i.step is StoryStep.PEMUNGUTAN and i.task == "hijau_tps"
    )
    assert posko_input(vote, m(30)).status == "opened"
    assert posko_input(exercise.injects[6], m(60)).status == "counted"
    msg = posko_input(by_task["hijau_negotiate"], m(75), "en")
    assert msg.kind is InjectKind.MESSAGE and msg.text.startswith("EXERCISE — ")
    assert msg.status is None and msg.category is None
