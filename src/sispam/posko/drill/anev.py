"""Anev dari Posko (the After-Action Report from the Posko's log): the exercise operation's log →
the exercise record, the evaluator's reviews and the Improvement Plan as edited in the Posko →
:func:`sispam.latihan.build_anev` and :func:`sispam.latihan.anev_files` — the same documents as
``sispam latihan anev DIR --events FILE``, plus the record itself (``rekaman.jsonl``, readable by
``sispam latihan evaluate/anev --events``).

Every file name starts with ``LATIHAN-`` like every export of an exercise. Rendered in a worker
process from the web (:func:`render`), in the command's own process from the CLI
(``sispam latihan anev --db URL --exercise ID -o DIR``); same log → same bytes.
"""

from __future__ import annotations

from typing import Any

from sispam.domain import Assessment
from sispam.domain.exercise import Anev
from sispam.i18n import t
from sispam.latihan.settings import LatihanError
from sispam.posko.drill.evaluation import evaluation, improvements_with_edits, stage_objects
from sispam.posko.drill.views import Drill
from sispam.posko.events import Event
from sispam.posko.states import rebuild

PREFIX = "LATIHAN-"
RECORD_FILE = "rekaman.jsonl"

Progress = Any  # Callable[[float, str], None]


def prefixed(files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """Every file (also in sub-folders) with the exercise's ``LATIHAN-`` prefix."""
    out: dict[str, str | bytes] = {}
    for name, content in files.items():
        folder, _, base = name.rpartition("/")
        out[f"{folder}/{PREFIX}{base}" if folder else PREFIX + base] = content
    return out


def _assessment(data: dict[str, Any]) -> Assessment:
    from pydantic import ValidationError

    try:
        return Assessment.model_validate(data)
    except ValidationError:
        known = set(Assessment.model_fields)
        return Assessment.model_validate({k: v for k, v in data.items() if k in known})


def anev_of_log(
    events: list[Event], lang: str, runs: int = 0, seed: int = 1, progress: Progress = None
) -> tuple[Anev, dict[str, str | bytes]]:
    """The Anev of an exercise operation from its whole log (``events`` from seq 1)."""
    from sispam.latihan.anev import build_anev, with_odds
    from sispam.latihan.eeg import model_params
    from sispam.latihan.events import events_jsonl
    from sispam.latihan.package import anev_files
    from sispam.latihan.settings import read_settings
    from sispam.latihan.units import Responders

    step = progress or (lambda _f, _m="": None)
    if not events:
        raise LatihanError(t("latihan.posko.error.live"))
    state = rebuild(events[0].operation_id, events)
    drill: Drill = state.view("drill")
    if not drill.exercise_op:
        raise LatihanError(t("latihan.posko.error.live"))
    if drill.exercise is None:
        raise LatihanError(t("latihan.posko.error.no_drill"))
    step(0.1, t("latihan.posko.job.evaluate"))
    scenario, plan = stage_objects(state)
    exercise = drill.exercise
    seen = evaluation(state, events, lang)
    anev = build_anev(
        exercise,
        seen.record,
        election_day=scenario.election_date,
        reviews=drill.reviews,
        assumed=model_params(scenario),
        responders=Responders(scenario, plan, scenario.village(exercise.village_code)),
        improvement_days=read_settings(scenario).improvement_days,
        lang=lang,
    )
    anev = anev.model_copy(
        update={"improvements": improvements_with_edits(anev.improvements, seen.edits)}
    )
    assessment = _assessment(state.view("operation").assessment)
    if runs > 0:
        step(0.3, t("latihan.cli.simulating", runs=runs))
        anev = with_odds(anev, scenario, assessment, plan, runs=runs, seed=seed)
    step(0.6, t("latihan.posko.job.documents"))
    files = anev_files(scenario, assessment, plan, anev, seen.record, lang=lang)
    files[RECORD_FILE] = events_jsonl(seen.record)
    return anev, prefixed(files)


def render(
    progress: Progress, url: str, operation: str, lang: str = "id", runs: int = 0, seed: int = 1
) -> dict[str, bytes]:
    """Worker-process entry (:mod:`sispam.posko.jobs`): read the log itself, render the Anev."""
    from sispam.posko.db import make_engine
    from sispam.posko.store import EventStore

    engine = make_engine(url)
    try:
        events = EventStore(engine).read(operation)
    finally:
        engine.dispose()
    _anev, files = anev_of_log(events, lang, runs, seed, progress)
    progress(1.0, t("latihan.posko.job.done"))
    return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}
