"""Kalibrasi dari latihan (drill calibration): times measured in a drill → simulation parameters.

A contingency drill (*simulasi kontinjensi*) measures how long the chain of command really takes.
This module turns those measurements into a ``[sim]`` table that ``sispam simulate SCENARIO
--params drill-params.toml`` lays over the scenario's own ``[sim]`` settings, so the plan's odds
can be recomputed with the drill's figures. The mapping (``docs/contingency-model.md``, section
"Calibration from a drill"):

=====================================  ========================================================
measured (minutes, a list per item)     parameter
=====================================  ========================================================
detection → report (any incident)      ``report_delay_min`` = median
report → decision, per reserve role    ``request_delay_min.<role>`` = median
dispatch → arrival, per reserve role   ``arrival_delay_min.<role>`` = median of (measured −
(with the planned ETA of each trip)    planned): how much later than the model the units came
=====================================  ========================================================

The median, not the mean: a drill gives a handful of observations and one stalled radio call
should not move the whole model. Quantities not measured are left out of the table, so the
scenario's values stay. Public and stable::

    from sispam.sim.calibration import MeasuredTimes, params_from_measured, params_toml
    table = params_from_measured(MeasuredTimes(detection_to_report=(4, 6, 5)), base)
    text = params_toml(table)  # write it (atomically) as drill-params.toml
"""

from __future__ import annotations

import statistics
import tomllib
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, model_validator

from sispam.domain import ReserveRole
from sispam.i18n import t
from sispam.sim.contingency.params import (
    ContingencyParams,
    SimInputError,
    SimParamError,
    build_params,
)

Minutes = tuple[float, ...]


class MeasuredTimes(BaseModel):
    """Waktu terukur (measured times) of one drill, in minutes; each a list of observations.

    ``planned_arrival[role][i]`` is the arrival time the plan (the Posko's dispatch proposal)
    expected for the trip measured in ``dispatch_to_arrival[role][i]``: the simulation's travel
    model stays, and what the drill adds is how much later (or sooner) units really arrive.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    detection_to_report: Minutes = ()
    report_to_decision: dict[ReserveRole, Minutes] = Field(default_factory=dict)
    dispatch_to_arrival: dict[ReserveRole, Minutes] = Field(default_factory=dict)
    planned_arrival: dict[ReserveRole, Minutes] = Field(default_factory=dict)
    source: str = ""  # e.g. "Latihan pra-operasi 31 Mei 2023"

    @model_validator(mode="after")
    def _check(self) -> MeasuredTimes:
        lists = [self.detection_to_report, *self.report_to_decision.values()]
        lists += [*self.dispatch_to_arrival.values(), *self.planned_arrival.values()]
        if any(x < 0 or x != x for xs in lists for x in xs):
            raise ValueError("negative_minutes")
        for role, seen in self.dispatch_to_arrival.items():
            if len(self.planned_arrival.get(role, ())) != len(seen):
                raise ValueError(f"planned_arrival_needed:{role.value}")
        return self


def _median(xs: Minutes) -> float:
    return round(float(statistics.median(xs)), 1)


def params_from_measured(
    measured: MeasuredTimes, base: ContingencyParams | None = None
) -> dict[str, Any]:
    """The ``[sim]`` table the drill's measurements give (only what was measured), checked by
    laying it over ``base`` (default: the model's defaults); raises :class:`SimParamError` if a
    value falls outside a parameter's range."""
    table: dict[str, Any] = {}
    if measured.detection_to_report:
        table["report_delay_min"] = _median(measured.detection_to_report)
    decide = {r.value: _median(xs) for r, xs in measured.report_to_decision.items() if xs}
    if decide:
        table["request_delay_min"] = decide
    late = {
        r.value: _median(
            tuple(s - p for s, p in zip(seen, measured.planned_arrival[r], strict=True))
        )
        for r, seen in measured.dispatch_to_arrival.items()
        if seen
    }
    if late:
        table["arrival_delay_min"] = late
    overlay_params(base or ContingencyParams(), table)  # validate
    return table


def assumed_vs_measured(
    measured: MeasuredTimes, base: ContingencyParams | None = None
) -> list[tuple[str, float, float]]:
    """``(parameter, assumed, measured)`` for every parameter the drill measured (dotted names,
    e.g. ``request_delay_min.phh``): the comparison the Anev shows beside the re-run odds."""
    base = base or ContingencyParams()
    table = params_from_measured(measured, base)
    before, after = base.flat(), overlay_params(base, table).flat()
    names = sorted(
        f"{k}.{k2}" if isinstance(v, dict) else k
        for k, v in table.items()
        for k2 in (v if isinstance(v, dict) else (None,))
    )
    return [(name, float(before[name]), float(after[name])) for name in names]


def overlay(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """``top`` laid over ``base``: nested tables are merged key by key, other values replaced."""
    out = dict(base)
    for k, v in top.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = overlay(out[k], v)
        else:
            out[k] = v
    return out


def overlay_params(base: ContingencyParams, table: dict[str, Any]) -> ContingencyParams:
    """``base`` with a ``[sim]`` table laid over it, validated (raises :class:`SimParamError`)."""
    return build_params(overlay(base.model_dump(), table))


def params_toml(table: dict[str, Any], source: str = "") -> str:
    """The parameter file's text: ``table`` under ``[sim]``, headed by where it came from."""
    head = f"# {t('sim.params_file.header', source=source)}\n" if source else ""
    return head + tomli_w.dumps({"sim": table})


def table_from_toml(text: str, source: str) -> dict[str, Any]:
    """The ``[sim]`` table of a parameter file's text; ``source`` (the file) names every error.
    Only a ``[sim]`` table is allowed: anything else is refused rather than silently ignored."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SimInputError(t("sim.params_file.toml", path=source, reason=str(exc))) from None
    extra = sorted(set(doc) - {"sim"})
    if extra:
        raise SimInputError(t("sim.params_file.extra", path=source, keys=", ".join(extra)))
    table = doc.get("sim")
    if not isinstance(table, dict):
        raise SimInputError(t("sim.params_file.no_sim", path=source))
    return table


def apply_params_file(
    params: ContingencyParams, table: dict[str, Any], source: str
) -> ContingencyParams:
    """``params`` with a parameter file's ``[sim]`` table laid over them; an invalid value is
    refused with the file's name and the parameter's."""
    try:
        return overlay_params(params, table)
    except SimParamError as exc:
        raise SimParamError(t("sim.params_file.invalid", path=source, message=str(exc))) from None


__all__ = [
    "MeasuredTimes",
    "apply_params_file",
    "assumed_vs_measured",
    "overlay",
    "params_from_measured",
    "params_toml",
    "table_from_toml",
]
