"""Latihan (the drill): prepare, run and evaluate a contingency drill — HSEEP's MSEL, Exercise
Evaluation Guides and After-Action Report (Anev) on the operation's own plan and simulation.

Everything here is a pure function over domain objects (:mod:`sispam.domain.exercise`); the CLI
(``sispam latihan``) and the Posko's exercise mode call the same functions. See
``docs/latihan.md`` for the workflow and the record format.

Prepare
    :func:`prepare` (scenario, plan[, simulation] → :class:`~sispam.domain.exercise.Exercise`),
    :func:`drill_village`, :func:`package_files`, :func:`read_package`
MSEL as a spreadsheet
    :func:`msel_csv`, :func:`msel_xlsx`, :func:`load_msel` (row/column errors: :class:`FileIssues`)
Control (the controller's clock and the Posko's inputs)
    :class:`ExerciseClock`, :func:`clock_from_events`, :func:`due`, :func:`upcoming`,
    :func:`deliver`, :func:`unscripted_inject`, :func:`posko_input` → :class:`PoskoInput`,
    :func:`schedule_at`, :func:`delivered_numbers`
Record
    :func:`load_events`, :func:`parse_events`, :func:`events_jsonl`
Evaluate
    :func:`observe`, :func:`evaluate`, :func:`capability_ratings`, :func:`improvement_plan`,
    :func:`describe`, :func:`evaluation_xlsx`, :func:`load_reviews`
Anev and calibration
    :func:`build_anev`, :func:`with_odds`, :func:`anev_files`, :func:`measured_times`,
    :func:`sim_params`, :func:`params_toml`, :func:`odds_before_after`
Errors
    :class:`LatihanError` (a drill that cannot be prepared/run as asked), :class:`FileIssues`

Names are imported on first use, so the Posko's control calls do not load the document writers.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "prepare": "prepare",
    "drill_village": "prepare",
    "package_files": "package",
    "anev_files": "package",
    "read_package": "package",
    "msel_csv": "msel",
    "msel_xlsx": "msel",
    "load_msel": "msel",
    "ExerciseClock": "control",
    "clock_from_events": "control",
    "due": "control",
    "upcoming": "control",
    "deliver": "control",
    "unscripted_inject": "control",
    "posko_input": "control",
    "PoskoInput": "control",
    "schedule_at": "control",
    "delivered_numbers": "control",
    "load_events": "events",
    "parse_events": "events",
    "events_jsonl": "events",
    "observe": "evaluate",
    "evaluate": "evaluate",
    "capability_ratings": "evaluate",
    "improvement_plan": "evaluate",
    "describe": "evaluate",
    "evaluation_xlsx": "review",
    "load_reviews": "review",
    "build_anev": "anev",
    "with_odds": "anev",
    "odds_before_after": "calibrate",
    "measured_times": "calibrate",
    "sim_params": "calibrate",
    "params_toml": "calibrate",
    "LatihanError": "settings",
    "FileIssues": "sheets",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'sispam.latihan' has no attribute {name!r}")
    value = getattr(import_module(f"sispam.latihan.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
