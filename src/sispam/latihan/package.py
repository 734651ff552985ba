"""Berkas latihan (the drill's files) as name → content, for
:func:`sispam.scenario.write_files` to write all at once or not at all.

The drill package (``sispam latihan new``)::

    latihan.json            the drill as data (Exercise: MSEL + EEGs) — what the Posko loads
    plan.json               the plan the drill was prepared on
    msel.xlsx, msel.csv     the MSEL to edit in a spreadsheet (loads back: sispam latihan check)
    evaluasi.xlsx           the evaluator's sheet (tasks, targets; rating and notes to fill in)
    kartu-inject.pdf        inject cards for a tabletop run without computers
    formulir-evaluator.pdf  the EEGs as evaluator forms

The Anev (``sispam latihan anev``)::

    anev.pdf, anev.xlsx     the After-Action Report and Improvement Plan
    anev.json               the same as data
    drill-params.toml       the measured times as simulation parameters (--params)
    gambar/chart_latihan_timeline.png
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

from pydantic import ValidationError

from sispam.domain import Assessment, Plan, Scenario
from sispam.domain.exercise import Anev, Exercise, ExerciseEvent, Observation
from sispam.i18n import t
from sispam.latihan.calibrate import params_toml
from sispam.latihan.msel import msel_csv, msel_xlsx
from sispam.latihan.review import evaluation_xlsx
from sispam.latihan.settings import LatihanError

EXERCISE_FILE = "latihan.json"
PLAN_FILE = "plan.json"
MSEL_XLSX = "msel.xlsx"
MSEL_CSV = "msel.csv"
EVALUATION_FILE = "evaluasi.xlsx"
PARAMS_FILE = "drill-params.toml"


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(0))


def package_files(
    scenario: Scenario,
    assessment: Assessment,
    plan: Plan,
    exercise: Exercise,
    *,
    lang: str = "id",
    generated: date | None = None,
    pdfs: bool = True,
) -> dict[str, str | bytes]:
    """Every file of the drill package (``generated``: the date printed, default today)."""
    from sispam.report.context import ReportContext
    from sispam.report.latihan_docs import package_documents

    today = generated or date.today()
    files: dict[str, str | bytes] = {
        EXERCISE_FILE: exercise.model_dump_json(indent=2) + "\n",
        PLAN_FILE: plan.model_dump_json(indent=2) + "\n",
        MSEL_CSV: msel_csv(exercise.injects),
        MSEL_XLSX: msel_xlsx(exercise.injects, lang, _stamp(today)),
        EVALUATION_FILE: evaluation_xlsx(exercise, None, lang, _stamp(today)),
    }
    if pdfs:
        ctx = ReportContext(scenario, assessment, plan, lang=lang, generated=today)
        files.update(package_documents(ctx, exercise))
    return files


def anev_files(
    scenario: Scenario,
    assessment: Assessment,
    plan: Plan,
    anev: Anev,
    events: Sequence[ExerciseEvent],
    *,
    lang: str = "id",
) -> dict[str, str | bytes]:
    """Every file of the Anev; dated by the drill (same record → same bytes)."""
    from sispam.report.context import ReportContext
    from sispam.report.latihan_docs import anev_documents

    day = (anev.started or anev.exercise.start).date()
    ctx = ReportContext(scenario, assessment, plan, lang=lang, generated=day)
    files: dict[str, str | bytes] = dict(anev_documents(ctx, anev, events))
    header = [
        t("latihan.params.header", lang, title=anev.exercise.title, day=day.isoformat()),
        t("latihan.params.usage", lang, scenario=scenario.name),
    ]
    files[PARAMS_FILE] = params_toml(anev.times, header)
    files["anev.json"] = anev.model_dump_json(indent=2) + "\n"
    return files


def evaluation_file(
    exercise: Exercise, observations: Sequence[Observation], lang: str, day: date
) -> bytes:
    """The evaluator's sheet with the observations filled from the record."""
    return evaluation_xlsx(exercise, observations, lang, _stamp(day))


def read_package(folder: Path | str) -> tuple[Exercise, Plan]:
    """The drill and its plan from a package folder (raises :class:`LatihanError`)."""
    folder = Path(folder)
    out = []
    for name, model in ((EXERCISE_FILE, Exercise), (PLAN_FILE, Plan)):
        path = folder / name
        try:
            out.append(model.model_validate_json(path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise LatihanError(
                t("latihan.package.unreadable", path=path, reason=exc.strerror or exc)
            ) from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            reason = f"{where}: {first.get('msg', '')}"
            raise LatihanError(t("latihan.package.unreadable", path=path, reason=reason)) from None
    return out[0], out[1]  # type: ignore[return-value]
