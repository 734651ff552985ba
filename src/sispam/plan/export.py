"""Tabel rencana (plan tables) as CSV text: per village (and office) post, per unit, reserves,
coverage, the promised response, shortfalls, the request, the marginal table, escorts, the
timeline, the outreach calendar and the totals.

Pure: returns ``{file name: text}``; the CLI writes them (all or nothing). Column names are
stable English identifiers, as in the scenario files, so spreadsheets and scripts can rely on
them; values that are codes (phase, force, kind) stay codes.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from sispam.domain import Plan, Scenario


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else _fmt(v) for v in row])
    return buf.getvalue()


def _records(objs: object, fields: list[str]) -> str:
    """A table whose columns are the objects' own fields, named as the fields."""
    return _csv(fields, [[getattr(o, f) for f in fields] for o in objs])  # type: ignore[attr-defined]


def _fmt(v: object) -> object:
    if isinstance(v, datetime):
        return v.isoformat(timespec="minutes")
    if isinstance(v, bool):
        return "ya" if v else "tidak"
    if isinstance(v, tuple | list | frozenset):
        return ";".join(str(_fmt(x)) for x in v)
    if hasattr(v, "value"):
        return v.value  # type: ignore[attr-defined]
    return v


def plan_tables(plan: Plan, scenario: Scenario) -> dict[str, str]:
    """Every table of the plan as CSV text, keyed by file name."""
    villages = {v.code: v for v in scenario.villages}
    sites = {s.site_id: s for s in plan.reserve_sites}
    files: dict[str, str] = {}

    def name(code: str | None, place: str) -> str:
        return villages[code].name if code in villages else place

    files["villages.csv"] = _csv(
        [
            "phase",
            "village_code",
            "village",
            "district",
            "zone",
            "place_id",
            "post",
            "force",
            "unit",
            "kind",
            "personnel",
            "travel_min",
            "arrival_min",
            "arrival_at",
            "cross_border",
        ],
        [
            [
                a.phase,
                a.village_code,
                name(a.village_code, a.place_name),
                villages[a.village_code].district_name if a.village_code in villages else "",
                plan.zones.get(a.village_code or ""),
                a.place_id,
                a.post,
                a.force,
                a.unit,
                a.kind,
                a.personnel,
                a.travel_min,
                a.arrival_min,
                a.arrival_at,
                a.cross_border,
            ]
            for a in plan.assignments
        ],
    )
    unit_rows: list[list[object]] = []
    for a in plan.assignments:
        unit_rows.append(
            [
                a.unit,
                a.kind,
                a.force,
                a.phase,
                "village" if a.village_code else "place",
                a.village_code or a.place_id,
                name(a.village_code, a.place_name),
                a.post,
                a.personnel,
                a.travel_min,
                a.arrival_min,
            ]
        )
    for r in plan.reserves:
        unit_rows.append(
            [
                r.unit,
                r.kind,
                r.force,
                r.phases,
                "site",
                r.site_id,
                r.site_name,
                r.role,
                r.personnel,
                r.travel_min,
                r.ready_min,
            ]
        )
    unit_rows.sort(key=lambda row: (str(row[0]), str(_fmt(row[3])), str(row[5])))
    files["units.csv"] = _csv(
        [
            "unit",
            "kind",
            "force",
            "phase",
            "destination",
            "code",
            "name",
            "post",
            "personnel",
            "travel_min",
            "arrival_min",
        ],
        unit_rows,
    )
    files["reserves.csv"] = _csv(
        [
            "site_id",
            "site",
            "lat",
            "lng",
            "role",
            "unit",
            "kind",
            "personnel",
            "ready_min",
            "phases",
            "platoons",
        ],
        [
            [
                r.site_id,
                r.site_name,
                r.lat,
                r.lng,
                r.role,
                r.unit,
                r.kind,
                r.personnel,
                r.ready_min,
                r.phases,
                r.platoons,
            ]
            for r in plan.reserves
        ],
    )
    files["sites.csv"] = _csv(
        [
            "site_id",
            "name",
            "kind",
            "lat",
            "lng",
            "fixed",
            "villages_covered",
            "weight_covered",
            "sector_villages",
        ],
        [
            [
                s.site_id,
                s.name,
                s.kind,
                s.lat,
                s.lng,
                s.fixed,
                len(s.covered_villages),
                s.weight_covered,
                len(s.sector_villages),
            ]
            for s in plan.reserve_sites
        ],
    )
    files["coverage.csv"] = _csv(
        [
            "village_code",
            "village",
            "zone",
            "score",
            "site_id",
            "site",
            "response_min",
            "covered",
            "backup_covered",
        ],
        [
            [
                v.code,
                v.name,
                v.zone,
                v.score,
                v.site_id,
                sites[v.site_id].name if v.site_id in sites else None,
                v.response_min,
                v.covered,
                v.backup_covered,
            ]
            for v in plan.villages
        ],
    )
    files["response.csv"] = _records(
        plan.response, ["village_code", "role", "minutes", "unit", "site_id", "phases"]
    )
    files["escorts.csv"] = _records(
        plan.escorts,
        [
            "kind",
            "village_code",
            "origin",
            "destination",
            "travel_min",
            "depart_at",
            "arrive_at",
            "personnel",
            "units",
        ],
    )
    files["schedule.csv"] = _records(
        plan.schedule, ["start", "end", "activity", "phase", "place", "personnel", "units"]
    )
    files["shortfalls.csv"] = _records(
        plan.shortfalls,
        [
            "phase",
            "force",
            "personnel",
            "village_code",
            "place_id",
            "post",
            "site_id",
            "role",
            "weight",
        ],
    )
    files["request.csv"] = _records(
        plan.request,
        [
            "phase",
            "force",
            "kind",
            "platoons",
            "ssk",
            "personnel",
            "stage_at",
            "stage_name",
            "lat",
            "lng",
            "arrive_by",
            "phases",
            "reason",
        ],
    )
    files["marginal.csv"] = _records(
        plan.marginal,
        [
            "extra_platoons",
            "personnel",
            "shortfall",
            "weighted_shortfall",
            "closes",
            "coverage",
            "coverage_gain",
            "exact",
        ],
    )
    files["outreach.csv"] = _csv(
        [
            "day",
            "weekday",
            "village_code",
            "village",
            "zone",
            "activity",
            "officer",
            "officer_kind",
            "before_vote",
        ],
        [
            [
                e.day.isoformat(),
                e.day.strftime("%a"),
                e.village_code,
                villages[e.village_code].name,
                e.zone,
                e.activity,
                e.officer,
                e.officer_kind,
                e.before_vote,
            ]
            for e in plan.outreach
        ],
    )
    files["totals.csv"] = _csv(
        [
            "phase",
            "force",
            "required_tps",
            "assigned_tps",
            "required_total",
            "assigned_total",
            "available",
        ],
        [
            [
                phase,
                force,
                t.required_tps,
                t.assigned_tps,
                t.required_total,
                t.assigned_total,
                t.available,
            ]
            for phase, by_force in plan.phase_totals.items()
            for force, t in by_force.items()
        ],
    )
    return files
