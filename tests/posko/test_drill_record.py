"""The Posko's log read as the exercise record, with known answers: a drill at Karanganom whose
events (core, election-day and the drill's own) carry chosen times, mapped by
:func:`sispam.posko.drill.record.exercise_record` and evaluated by :func:`sispam.latihan.evaluate`
— every timed task's start, end and drill minutes (a 5-minute pause excluded), the suggested
rating against the plan's target, and what is *not* play (the controller's inputs, the
evaluator's notes)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from drill_fixtures import DRILL, KARANGANOM, klaten_drill

from sispam.domain.exercise import EventKind
from sispam.latihan.evaluate import evaluate, suggest
from sispam.posko.drill.record import exercise_record
from sispam.posko.events import Event

DAY = "2023-05-31"


def utc(hhmm: str) -> str:
    """Local WIB wall time of the drill day → the log's UTC stamp."""
    local = datetime.fromisoformat(f"{DAY}T{hhmm}")
    return (local - timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def person(role: str) -> dict[str, Any]:
    return {"name": role, "role": role, "area": []}


@pytest.fixture(scope="module")
def exercise(klaten_inputs):
    return klaten_drill(klaten_inputs)


@pytest.fixture(scope="module")
def log(exercise) -> list[Event]:
    unit = {task.id: task.unit for task in exercise.tasks()}
    awal, lanjut, kodim = (
        unit["hijau_dalmas_awal"],
        unit["kuning_lapis_ganti"],
        unit["merah_tni_support"],
    )
    rows: list[tuple[str, str, str | None, str | None, dict[str, Any]]] = [
        ("08:00", "drill.clock", "controller", "polri", {"action": "start", "speed": 1.0}),
        ("09:10", "drill.inject_delivered", "controller", "polri", {"number": 8, "by": "hand"}),
        ("09:10", "report.received", "controller", "polri",
         {"id": "r8", "kind": "incident", "village_code": KARANGANOM, "note": "LATIHAN — massa"}),
        ("09:12", "report.received", "operator", "polri",
         {"id": "t1", "kind": "tps_status", "status": "counted", "village_code": KARANGANOM}),
        ("09:13", "report.reviewed", "operator", "polri",
         {"report_id": "r8", "village_code": KARANGANOM, "accept": True}),
        ("09:16", "incident.transition", "kapolsek", "polri",
         {"action": "verify", "village_code": KARANGANOM, "by": person("kapolsek")}),
        ("09:17", "unit.status_set", "operator", "polri",
         {"unit": awal, "status": "bergerak", "village": KARANGANOM}),
        ("09:26", "unit.updated", "operator", "polri",
         {"unit": awal, "state": "tiba", "village_code": KARANGANOM}),
        ("09:30", "drill.inject_delivered", None, None, {"number": 11, "by": "schedule"}),
        ("09:42", "situation.decided", "kapolres", "polri",
         {"village_code": KARANGANOM, "to": "kuning", "by": person("kapolres")}),
        ("09:44", "dispatch.sent", "operator", "polri",
         {"dispatches": [{"element": "e1", "unit": lanjut, "role": "dalmas_lanjut",
                          "village_code": KARANGANOM}]}),
        ("09:45", "drill.inject_delivered", None, None, {"number": 14, "by": "schedule"}),
        ("09:50", "drill.clock", "controller", "polri", {"action": "pause"}),
        ("09:55", "drill.clock", "controller", "polri", {"action": "resume"}),
        ("10:00", "drill.inject_delivered", None, None, {"number": 15, "by": "schedule"}),
        ("10:05", "unit.status_set", "operator", "polri",
         {"unit": lanjut, "status": "tiba", "village": KARANGANOM}),
        ("10:08", "village.level_set", "kapolres", "polri",
         {"village": KARANGANOM, "level": "merah", "reason": "bentrok"}),
        ("10:20", "perbantuan.requested", "kapolres", "polri",
         {"village_code": KARANGANOM, "reason": "di luar kemampuan", "by": person("kapolres")}),
        ("10:26", "perbantuan.deployed", "tni", "tni",
         {"village_code": KARANGANOM, "unit": kodim, "request_id": "p1"}),
        ("11:15", "unit.updated", "tni", "tni",
         {"unit": kodim, "state": "tiba", "village_code": KARANGANOM}),
        ("11:16", "mediation.recorded", "pemkab", "pemkab",
         {"village_code": KARANGANOM, "outcome": "keberatan diterima Bupati"}),
        ("11:18", "incident.transition", "kapolres", "polri",
         {"action": "contain", "village_code": KARANGANOM, "by": person("kapolres")}),
        ("11:19", "note.added", "evaluator", "polri", {"text": "catatan evaluator"}),
        ("11:20", "situation.decided", "kapolres", "polri",
         {"village_code": KARANGANOM, "to": "hijau", "by": person("kapolres")}),
        ("11:21", "drill.observed", "evaluator", "polri",
         {"task_id": "kuning_inform", "at": f"{DAY}T09:48:00", "note": "rilis pers"}),
        ("11:25", "drill.clock", "controller", "polri", {"action": "end"}),
    ]  # fmt: skip
    return [
        Event(DRILL, n, utc(hhmm), role or "sistem", agency, role, type_, payload, "", "")
        for n, (hhmm, type_, role, agency, payload) in enumerate(rows, start=2)
    ]


@pytest.fixture(scope="module")
def record(log, exercise, klaten_inputs):
    roles: dict[str, set[str]] = {}
    for r in klaten_inputs["plan"]["reserves"]:
        roles.setdefault(r["unit"], set()).add(r["role"])
    return exercise_record(log, village=exercise.village_code, offset_min=420, reserve_roles=roles)


def test_play_and_control_become_the_record(record) -> None:
    kinds = [(e.time.strftime("%H:%M"), e.kind.value) for e in record]
    assert ("09:10", "report_received") not in kinds  # the inject's own report is not play
    assert ("09:13", "report_received") in kinds  # the operator took it in
    assert ("11:19", "note") in kinds  # the evaluator's note is not play
    by_time = {e.time.strftime("%H:%M"): e for e in record if not e.kind.control}
    assert by_time["09:12"].kind is EventKind.MESSAGE and by_time["09:12"].task == "hijau_tps"
    assert by_time["09:16"].command.value == "kapolsek"
    assert by_time["09:17"].kind is EventKind.DISPATCHED and by_time["09:17"].role.value == (
        "dalmas_awal"  # moved at hijau without a dispatch: the plan's Dalmas awal
    )
    assert by_time["09:42"].kind is EventKind.LEVEL_RAISED and by_time["09:42"].level == "kuning"
    assert by_time["10:05"].role.value == "dalmas_lanjut"  # as it was dispatched
    assert by_time["10:08"].command.value == "kapolres"
    assert by_time["10:20"].task == "merah_request_tni"
    assert by_time["10:26"].role.value == "tni_support"
    assert by_time["11:16"].task == "merah_mediate"
    assert by_time["11:18"].kind is EventKind.CONTAINED
    assert by_time["11:20"].kind is EventKind.LEVEL_LOWERED
    assert by_time["09:48"].task == "kuning_inform"  # the evaluator's time, not the entry's
    assert [e.kind.value for e in record if e.kind.control] == [
        "exercise_started", "exercise_paused", "exercise_resumed", "exercise_ended",
    ]  # fmt: skip
    assert [e.inject for e in record if e.kind is EventKind.INJECT_DELIVERED] == [8, 11, 14, 15]


# task → (start, end, drill minutes); the pause 09:50–09:55 falls inside kuning_lapis_ganti.
KNOWN = {
    "hijau_detect": ("09:10", "09:13", 3.0),
    "hijau_control": ("09:10", "09:16", 6.0),
    "hijau_dalmas_awal": ("09:13", "09:26", 13.0),
    "kuning_control": ("09:30", "09:42", 12.0),
    "kuning_lapis_ganti": ("09:42", "10:05", 18.0),
    "merah_control": ("10:00", "10:08", 8.0),
    "merah_request_tni": ("10:08", "10:20", 12.0),
    "merah_tni_support": ("10:20", "11:15", 55.0),
    "recovery_lower": ("11:18", "11:20", 2.0),
    "kuning_inform": ("09:45", "09:48", 3.0),
}


def test_observations_have_the_logs_times_and_drill_minutes(exercise, record) -> None:
    results = {r.task.id: r for r in evaluate(exercise, record, lang="id")}
    for task_id, (start, end, minutes) in KNOWN.items():
        obs = results[task_id].observation
        assert obs.performed, task_id
        assert obs.start.time.strftime("%H:%M") == start, task_id
        assert obs.end.time.strftime("%H:%M") == end, task_id
        assert obs.measured_min == minutes, task_id
        assert obs.suggested is suggest(True, minutes, results[task_id].task.target_min)
    lanjut = results["kuning_lapis_ganti"]
    target = lanjut.task.target_min
    target_id = f"{target:g}".replace(".", ",")  # Indonesian writes a decimal comma
    assert lanjut.observation.text == (
        f"situasi kuning dinyatakan 09.42, {lanjut.task.unit} tiba di lokasi 10.05: "
        f"18 menit terhadap target {target_id} menit."
    )
    assert results["merah_mediate"].observation.performed
    assert not results["recovery_settle"].observation.performed  # nobody settled it yet


def test_the_drills_screens_use_known_messages() -> None:
    """Every message key the drill's templates name is in the catalogue (both languages)."""
    import re
    from importlib import resources

    from sispam.i18n import catalogue

    folder = resources.files("sispam.posko.web") / "templates" / "drill"
    keys = {
        key
        for entry in folder.iterdir()
        if entry.name.endswith(".html")
        for key in re.findall(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""", entry.read_text())
    }
    assert len(keys) > 60
    assert not sorted(k for k in keys if k not in catalogue())
    for prefix, values in {
        "latihan.posko.clock": ("not_started", "running", "paused", "ended"),
        "latihan.posko.by": ("schedule", "hand"),
        "latihan.posko.kind": ("field_report", "incident", "message"),
        "latihan.posko.rating": ("P", "S", "M", "U"),
        "latihan.posko.source": ("plan", "model", "exercise", "none"),
        "latihan.posko.agency": ("polri", "tni", "pemkab"),
    }.items():
        assert all(f"{prefix}.{v}" in catalogue() for v in values), prefix
