"""The Klaten drill prepared once per session, and a hand-written exercise record of it whose
times are known, so every observation and measured time has a known answer."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sispam.assess import assess
from sispam.domain import Assessment, Plan, Scenario
from sispam.domain.exercise import EventKind, Exercise, ExerciseEvent
from sispam.latihan.prepare import prepare
from sispam.plan import plan

PREPARED = date(2023, 5, 20)  # the date printed on the package's documents in tests
VILLAGE = "33.10.24.2003"  # Karanganom (Klaten Utara), the merah village
DAY = "2023-05-31"


@pytest.fixture(scope="session")
def results(klaten: Scenario) -> tuple[Scenario, Assessment, Plan]:
    a = assess(klaten)
    return klaten, a, plan(klaten, a)


@pytest.fixture(scope="session")
def exercise(results) -> Exercise:
    s, _, p = results
    return prepare(s, p)


@pytest.fixture(scope="session")
def exercise_en(results) -> Exercise:
    s, _, p = results
    return prepare(s, p, lang="en")


def at(hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{DAY} {hhmm}")


def ev(hhmm: str, kind: str, **fields) -> ExerciseEvent:  # type: ignore[no-untyped-def]
    fields.setdefault("village", VILLAGE) if kind not in ("exercise_started",) else None
    return ExerciseEvent(time=at(hhmm), kind=EventKind(kind), **fields)


# Injects delivered at their wall times; a pause 09:50–09:55 shifts every later one by 5 minutes.
DELIVERED = {
    1: "08:00", 2: "08:10", 3: "08:20", 4: "08:30", 5: "08:40", 6: "08:50", 7: "09:00",
    8: "09:10", 9: "09:15", 10: "09:20", 11: "09:30", 12: "09:35", 13: "09:40", 14: "09:45",
    15: "10:00", 16: "10:02", 17: "10:05", 18: "10:30", 19: "10:45", 20: "10:55", 21: "11:15",
}  # fmt: skip


def record_events(exercise: Exercise) -> list[ExerciseEvent]:
    """The tabletop record of the seed drill at Karanganom (times chosen for known answers);
    the units sent are those the drill's EEGs name for each reserve role."""
    unit = {task.id: task.unit for task in exercise.tasks()}
    dalmas_awal = unit["hijau_dalmas_awal"]
    lanjut = unit["kuning_lapis_ganti"]
    phh = unit["merah_lintas_ganti"]
    kodim = unit["merah_tni_support"]
    out = [ev("08:00", "exercise_started", actor="controller", speed=1.0)]
    out += [
        ev(hhmm, "inject_delivered", actor="controller", inject=n) for n, hhmm in DELIVERED.items()
    ]
    out += [
        ev("09:13", "report_received", actor="operator", agency="polri", text="massa 50"),
        ev("09:16", "decision", actor="kapolsek", command="kapolsek", task="hijau_control"),
        ev("09:17", "dispatched", actor="operator", unit=dalmas_awal, role="dalmas_awal"),
        ev("09:18", "decision", actor="kapolsek", task="hijau_negotiate"),
        ev("09:26", "arrived", unit=dalmas_awal, role="dalmas_awal"),
        ev("09:42", "level_raised", actor="kapolres", level="kuning", command="kapolres"),
        ev("09:44", "dispatched", actor="operator", unit=lanjut, role="dalmas_lanjut"),
        ev("09:48", "message", actor="humas", task="kuning_inform", text="klarifikasi hoaks"),
        ev("09:50", "exercise_paused", actor="controller", village=None),
        ev("09:55", "exercise_resumed", actor="controller", village=None),
        ev("10:05", "arrived", unit=lanjut, role="dalmas_lanjut"),
        ev("10:08", "level_raised", actor="kapolres", level="merah", command="kapolres"),
        ev("10:10", "dispatched", actor="operator", unit=phh, role="phh"),
        ev("10:20", "decision", actor="kapolres", task="merah_request_tni", agency="polri"),
        ev("10:26", "dispatched", actor="tni", agency="tni", unit=kodim, role="tni_support"),
        ev("10:46", "arrived", unit=phh, role="phh"),
        ev("11:15", "arrived", unit=kodim, role="tni_support"),
        ev("11:18", "contained", actor="kapolres"),
        ev("11:20", "level_lowered", actor="kapolres", level="hijau", command="kapolres"),
        ev("11:25", "exercise_ended", actor="controller", village=None),
    ]
    return sorted(out, key=lambda e: e.time)


@pytest.fixture
def record(exercise) -> list[ExerciseEvent]:
    return record_events(exercise)
