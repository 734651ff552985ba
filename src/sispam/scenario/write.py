"""Menulis skenario (write a scenario) as editable files — all or nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import tomli_w

from sispam import geo
from sispam.domain import Scenario, Unit, Village
from sispam.scenario.files import SCENARIO_FILE, UNIT_COLUMNS, UNITS_FILE, VILLAGES_FILE
from sispam.scenario.output import write_files

SCENARIO_KIND = "scenario"  # the manifest's kind of a scenario folder Sispam wrote

TOML_HEADER = """\
# Skenario Sispam (scenario). Edit freely; `sispam scenario check DIR` validates.
# [scenario] metadata · [[phases]] tahapan · [[zones]] zona kerawanan (lowest risk first)
# [[patterns]] pola pengamanan: `personnel` of `force` per `per_tps` TPS in `zone`
# [travel] travel-time model · [assess] [plan] [sim] … settings per stage
"""


def _table(name: str, values: dict[str, Any], array: bool = False) -> str:
    head = f"[[{name}]]" if array else f"[{name}]"
    return head + "\n" + tomli_w.dumps(values)


def _toml(s: Scenario) -> str:
    meta: dict[str, Any] = {
        "name": s.name,
        "title": s.title,
        "election_type": s.election_type.value,
        "election_date": s.election_date,
        "region_code": s.region_code,
        "region_name": s.region_name,
        "illustrative": s.illustrative,
        "zone_method": s.zones.method,
    }
    if s.indicator_set:
        meta["indicator_set"] = s.indicator_set
    if s.indicator_columns:
        meta["indicator_columns"] = list(s.indicator_columns)
    if s.notes:
        meta["notes"] = list(s.notes)
    if s.sources:
        meta["sources"] = list(s.sources)
    parts = [TOML_HEADER + f"schema_version = {s.schema_version}\n", _table("scenario", meta)]
    parts += [
        _table("phases", {"kind": p.kind.value, "start": p.start, "end": p.end}, True)
        for p in s.phases
    ]
    parts += [_table("zones", z.model_dump(), True) for z in s.zones.zones]
    parts += [
        _table(
            "patterns",
            {
                "zone": r.zone,
                "force": r.force.value,
                "personnel": r.personnel,
                "per_tps": r.per_tps,
            },
            True,
        )
        for r in s.patterns
    ]
    if s.travel:
        parts.append(_table("travel", dict(s.travel)))
    # A stage's nested tables ([plan.reserve], [[plan.sites]]) keep their full names.
    parts += [tomli_w.dumps({k: v}) for k, v in s.settings.items() if v]
    return "\n".join(parts)


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([_fmt(c) for c in r])
    return buf.getvalue()


def _differs_from_geo(code: str, lat: float, lng: float) -> bool:
    try:
        place = geo.region(code)
    except geo.GeoLookupError:
        return True
    return place.lat is None or abs(place.lat - lat) > 1e-6 or abs(place.lng - lng) > 1e-6


def _villages_csv(villages: tuple[Village, ...]) -> str:
    indicators: list[str] = []
    for v in villages:
        indicators += [k for k in v.indicators if k not in indicators]
    custom_xy = any(_differs_from_geo(v.code, v.lat, v.lng) for v in villages)
    header = [
        "code",
        "name",
        "voters",
        "tps",
        "candidates",
        "incumbent_running",
        "zone",
        "pin_reason",
    ]
    header += indicators + (["lat", "lng"] if custom_xy else []) + ["estimated", "note"]
    rows = []
    for v in villages:
        row: list[object] = [
            v.code,
            v.name,
            v.voters,
            v.tps,
            v.candidates,
            v.incumbent_running,
            v.zone,
            v.pin_reason,
        ]
        row += [v.indicators.get(k) for k in indicators]
        row += [v.lat, v.lng] if custom_xy else []
        row += [";".join(sorted(v.estimated)), v.note]
        rows.append(row)
    return _csv(header, rows)


def _unit_cells(u: Unit) -> dict[str, object]:
    """The units.csv cells the writer derives; every other column is the same-named field."""
    at_home = u.home_code is not None and not _differs_from_geo(u.home_code, u.lat, u.lng)
    return {
        "kind": u.kind.value,
        "home": u.home_code,
        "lat": None if at_home else u.lat,
        "lng": None if at_home else u.lng,
        "available": ";".join(sorted(p.value for p in u.available)) if u.available else "semua",
        "arrival_at": u.arrival_at.isoformat(sep=" ", timespec="minutes") if u.arrival_at else None,
        "estimated": ";".join(sorted(u.estimated)),
    }


def _units_csv(units: tuple[Unit, ...]) -> str:
    rows = []
    for u in units:
        derived = _unit_cells(u)
        rows.append([derived[c] if c in derived else getattr(u, c) for c in UNIT_COLUMNS])
    return _csv(list(UNIT_COLUMNS), rows)


def scenario_files(s: Scenario) -> dict[str, str]:
    """The scenario as file name → text, in the format :func:`load_scenario` reads."""
    return {
        SCENARIO_FILE: _toml(s),
        VILLAGES_FILE: _villages_csv(s.villages),
        UNITS_FILE: _units_csv(s.units),
    }


def write_scenario(s: Scenario, target: Path) -> Path:
    """Write a scenario directory (scenario.toml, villages.csv, units.csv) atomically."""
    return write_files(scenario_files(s), Path(target), kind=SCENARIO_KIND)
