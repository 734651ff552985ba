"""The EEG observations filled from the exercise record, with known times; the evaluator's
reviews; the Improvement Plan; reading the record and the evaluator's sheet back with errors."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import record_events
from sispam.domain.exercise import Rating, Review
from sispam.i18n import set_language
from sispam.latihan.evaluate import (
    capability_ratings,
    due_date,
    evaluate,
    improvement_plan,
    observe,
    suggest,
)
from sispam.latihan.events import events_jsonl, load_events, parse_events
from sispam.latihan.review import evaluation_xlsx, load_reviews
from sispam.latihan.sheets import FileIssues

# task → measured drill minutes, worked out by hand from conftest's record.
EXPECTED = {
    "hijau_detect": 3.0,  # gather inject 09:10 → report 09:13
    "hijau_dalmas_awal": 13.0,  # report 09:13 → Dalmas awal on scene 09:26
    "hijau_control": 6.0,  # 09:10 → Kapolsek holds control 09:16
    "hijau_negotiate": 3.0,  # its inject 09:15 → tagged decision 09:18
    "kuning_control": 12.0,  # kuning inject 09:30 → declared 09:42
    "kuning_lapis_ganti": 18.0,  # declared 09:42 → on scene 10:05, less a 5-minute pause
    "kuning_inform": 3.0,
    "merah_control": 8.0,  # merah inject 10:00 → declared 10:08
    "merah_lintas_ganti": 38.0,  # 10:08 → PHH 10:46
    "merah_request_tni": 12.0,  # 10:08 → request 10:20
    "merah_tni_support": 55.0,  # request 10:20 → TNI 11:15
    "recovery_lower": 2.0,  # contained 11:18 → lowered 11:20
}


def expected_rating(minutes: float, target: float | None) -> str:
    """The documented rule: within target P, up to 1.5× S, beyond M."""
    if target is None or minutes <= target:
        return "P"
    return "S" if minutes <= 1.5 * target else "M"


def n(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "id" else text


def test_observations_are_filled_from_the_record_with_known_times(exercise, record) -> None:
    by_task = {o.task_id: o for o in observe(exercise, record)}
    targets = {t.id: t.target_min for t in exercise.tasks()}
    assert set(by_task) == set(targets)
    for task_id, minutes in EXPECTED.items():
        obs = by_task[task_id]
        assert obs.performed and obs.measured_min == minutes, task_id
        assert obs.suggested.value == expected_rating(minutes, targets[task_id]), task_id
        assert not obs.compressed
    # The model's order delays are fixed targets: 12 min against 10 is S, 8 against 15 is P.
    assert (by_task["kuning_control"].suggested, by_task["merah_control"].suggested) == (
        Rating.S,
        Rating.P,
    )
    # Tasks nobody recorded doing are U, and say so.
    for task_id in set(by_task) - set(EXPECTED):
        assert not by_task[task_id].performed and by_task[task_id].suggested is Rating.U
    assert by_task["merah_arrest"].text.startswith("Sejak inject 20 disampaikan pukul 10.55")


def test_the_observation_reads_like_the_evaluator_writes_it(exercise, record) -> None:
    task = next(t for t in exercise.tasks() if t.id == "kuning_lapis_ganti")
    obs = {o.task_id: o for o in observe(exercise, record)}["kuning_lapis_ganti"]
    assert obs.text == (
        f"situasi kuning dinyatakan 09.42, {task.unit} tiba di lokasi 10.05: "
        f"18 menit terhadap target {n(task.target_min, 'id')} menit."
    )
    obs_en = {o.task_id: o for o in observe(exercise, record, "en")}["kuning_lapis_ganti"]
    assert obs_en.text == (
        f"yellow situation declared 09:42, {task.unit} on scene 10:05: "
        f"18 min against a {n(task.target_min, 'en')} min target."
    )


def test_compressed_time_is_flagged(exercise, record) -> None:
    from sispam.domain.exercise import ExerciseEvent

    fast = [
        *record,
        ExerciseEvent(
            time=record[0].time.replace(hour=9, minute=40), kind="speed_changed", speed=4
        ),
    ]
    obs = {o.task_id: o for o in observe(exercise, fast)}
    assert obs["kuning_lapis_ganti"].compressed  # 09:42 → 10:05 ran at ×4
    assert not obs["hijau_detect"].compressed
    assert "dipercepat" in obs["kuning_lapis_ganti"].text


def test_suggested_rating_rule() -> None:
    assert suggest(False, None, 10) is Rating.U
    assert suggest(True, None, None) is Rating.P
    assert suggest(True, 10, 10) is Rating.P
    assert suggest(True, 15, 10) is Rating.S
    assert suggest(True, 15.1, 10) is Rating.M


def test_the_evaluator_decides_and_the_plan_follows(exercise, record) -> None:
    reviews = {
        "merah_lintas_ganti": Review(
            task_id="merah_lintas_ganti", rating=Rating.P, notes="jalan macet"
        ),
        "kuning_control": Review(
            task_id="kuning_control",
            improvement="Latih keputusan Kapolres lewat radio.",
            owner="polri",
            due=date(2023, 6, 10),
        ),
    }
    results = {r.task.id: r for r in evaluate(exercise, record, reviews)}
    assert results["merah_lintas_ganti"].rating is Rating.P
    assert results["merah_lintas_ganti"].rated_by == "evaluator"
    assert results["kuning_control"].rating is Rating.S  # no rating given: the suggestion
    assert results["kuning_control"].rated_by == "automatic"
    ratings = capability_ratings(results.values())
    assert ratings["crowd_merah"] is Rating.U  # merah_arrest not on record
    assert ratings["tni_perbantuan"] is Rating.U  # kuning_vital_objects not on record
    due = due_date(exercise, date(2023, 7, 5), 14)
    assert due == date(2023, 6, 14)
    items = improvement_plan(results.values(), reviews, due, "id")
    by_task = {i.task_id: i for i in items}
    assert "merah_lintas_ganti" not in by_task  # rated P by the evaluator
    assert by_task["kuning_control"].action == "Latih keputusan Kapolres lewat radio."
    assert by_task["kuning_control"].due == date(2023, 6, 10)
    tni = by_task["merah_tni_support"]
    assert tni.owner == "tni" and tni.due == due and tni.status == "open"
    target = results["merah_tni_support"].task.target_min
    assert f"55 menit terhadap target {n(target, 'id')} menit" in tni.action
    assert by_task["kuning_mediate"].owner == "pemkab"
    assert [i.number for i in items] == list(range(1, len(items) + 1))


def test_due_date_is_before_the_vote() -> None:
    from sispam.domain.exercise import Exercise

    ex = Exercise.model_construct(start=__import__("datetime").datetime(2023, 7, 1, 8, 0))
    assert due_date(ex, date(2023, 7, 5), 14) == date(2023, 7, 4)
    assert due_date(ex, date(2023, 6, 1), 14) == date(2023, 7, 15)  # vote already past


def test_the_record_round_trips_as_json_lines(exercise, tmp_path: Path) -> None:
    events = record_events(exercise)
    path = tmp_path / "events.jsonl"
    path.write_text(events_jsonl(events), encoding="utf-8")
    assert list(load_events(path)) == events


def test_times_with_an_offset_are_local_and_envelope_keys_are_ignored() -> None:
    text = (
        '{"seq": 1, "time": "2023-05-31T02:13:00Z", "type": "report_received", '
        '"village": "33.10.24.2003", "hash": "ab12", "prev_hash": "00"}\n'
    )
    (e,) = parse_events(text, "x.jsonl")
    assert e.time.isoformat() == "2023-05-31T09:13:00" and e.kind == "report_received"


@pytest.mark.parametrize(
    ("line", "column", "needle"),
    [
        ('{"time": "2023-05-31T09:00", "kind": "teleported"}', "kind", "harus salah satu dari"),
        ('{"time": "kemarin", "kind": "note"}', "time", ""),
        ('{"time": "2023-05-31T09:00", "kind": "note", "untt": "x"}', "untt", "tidak dikenal"),
        ('{"time": "2023-05-31T09:00", "kind": "dispatched", "role": "ninja"}', "role", ""),
        ("[1, 2]", None, "objek JSON"),
        ("{not json", None, "JSON"),
    ],
)
def test_a_bad_record_line_is_named(line: str, column, needle: str) -> None:
    good = json.dumps({"time": "2023-05-31T08:00", "kind": "exercise_started"})
    with pytest.raises(FileIssues) as err:
        parse_events(f"{good}\n\n{line}\n", "events.jsonl")
    (issue,) = err.value.issues
    assert (issue.file, issue.row, issue.column) == ("events.jsonl", 3, column)
    assert needle in issue.message


def test_an_empty_record_is_refused() -> None:
    with pytest.raises(FileIssues):
        parse_events("\n\n", "e.jsonl")


def test_the_evaluators_sheet_round_trips(exercise, record, tmp_path: Path) -> None:
    obs = observe(exercise, record)
    data = evaluation_xlsx(exercise, obs, "id", __import__("datetime").datetime(2023, 5, 31))
    wb = load_workbook(io.BytesIO(data))
    ws = wb["eeg"]
    header = [c.value for c in ws[1]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    row = rows["merah_tni_support"]
    assert row[header.index("suggested")].value == "M"
    assert "55 menit" in row[header.index("observation")].value
    row[header.index("rating")].value = "s"
    row[header.index("notes")].value = "Kodim menunggu surat tertulis"
    row[header.index("owner")].value = "TNI"
    row[header.index("due")].value = "2023-06-15"
    path = tmp_path / "evaluasi.xlsx"
    wb.save(path)
    reviews = load_reviews(path, exercise)
    assert set(reviews) == {t.id for t in exercise.tasks()}
    r = reviews["merah_tni_support"]
    assert (r.rating, r.owner, r.due) == (Rating.S, "tni", date(2023, 6, 15))
    assert reviews["hijau_detect"].rating is None


@pytest.mark.parametrize(
    ("column", "value", "needle"),
    [
        ("rating", "X", "P, S, M atau U"),
        ("task_id", "terbang", "tidak ada di EEG"),
        ("owner", "brimob", "polri, tni atau pemkab"),
        ("due", "besok", "YYYY-MM-DD"),
    ],
)
def test_a_bad_review_is_named(
    exercise, tmp_path: Path, column: str, value: str, needle: str
) -> None:
    path = tmp_path / "evaluasi.csv"
    path.write_text(
        f"task_id,{column if column != 'task_id' else 'rating'}\n"
        + (f"hijau_detect,{value}\n" if column != "task_id" else f"{value},P\n"),
        encoding="utf-8",
    )
    for lang in ("id", "en"):
        set_language(lang)
        with pytest.raises(FileIssues) as err:
            load_reviews(path, exercise)
        (issue,) = err.value.issues
        assert (issue.row, issue.column) == (2, column)
        if lang == "id":
            assert needle in issue.message
