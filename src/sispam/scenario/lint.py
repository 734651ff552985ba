"""Peringatan skenario (scenario warnings): valid files that describe something odd.

A scenario that loads may still be degenerate or contradictory — no staffing pattern, a merah
zone that needs fewer police than hijau, a unit that can never be posted. These are not errors
(a planner may mean them), but ``sispam scenario check`` and the commands that run the stages
say so instead of silently accepting them. Each warning names the file and where in it.
"""

from __future__ import annotations

from sispam import geo
from sispam.domain import Plan, Scenario
from sispam.i18n import t
from sispam.scenario.errors import ScenarioIssue
from sispam.scenario.files import SCENARIO_FILE, UNITS_FILE, VILLAGES_FILE


def _warn(file: str, key: str, column: str | None = None, **values: object) -> ScenarioIssue:
    return ScenarioIssue(file=file, column=column, message=t(key, **values))


def _patterns(s: Scenario) -> list[ScenarioIssue]:
    if not s.patterns:
        return [_warn(SCENARIO_FILE, "scenario.warn.no_patterns", "patterns")]
    out = []
    forces = sorted({r.force for r in s.patterns}, key=lambda f: f.value)
    for force in forces:
        need = {r.zone: r.personnel / r.per_tps for r in s.patterns if r.force == force}
        ranked = [z for z in s.zones.ids() if z in need]
        for low, high in zip(ranked, ranked[1:], strict=False):
            if need[high] < need[low]:
                out.append(
                    _warn(
                        SCENARIO_FILE,
                        "scenario.warn.pattern_inverted",
                        "patterns",
                        force=force.value,
                        high=high,
                        low=low,
                        need_high=f"{need[high]:g}",
                        need_low=f"{need[low]:g}",
                    )
                )
    return out


def _villages(s: Scenario) -> list[ScenarioIssue]:
    return [
        _warn(
            VILLAGES_FILE,
            "scenario.warn.tps_over_voters",
            "tps",
            village=f"{v.name} ({v.code})",
            tps=v.tps,
            voters=v.voters,
        )
        for v in s.villages
        if v.tps > v.voters
    ]


def _home_exists(code: str, villages: set[str]) -> bool:
    if code in villages:
        return True
    try:
        geo.region(code)
    except geo.GeoLookupError:
        return False
    return True


def _units(s: Scenario) -> list[ScenarioIssue]:
    out = []
    codes = {v.code for v in s.villages}
    for u in s.units:
        if u.min_team > u.strength:
            out.append(
                _warn(
                    UNITS_FILE,
                    "scenario.warn.min_team",
                    "min_team",
                    unit=u.name,
                    min_team=u.min_team,
                    strength=u.strength,
                )
            )
        if u.home_code and not _home_exists(u.home_code, codes):
            out.append(
                _warn(
                    UNITS_FILE, "scenario.warn.home_unknown", "home", unit=u.name, code=u.home_code
                )
            )
    return out


def scenario_warnings(s: Scenario) -> list[ScenarioIssue]:
    """Everything odd about a valid scenario, in file order."""
    out: list[ScenarioIssue] = []
    if not s.phases:
        out.append(_warn(SCENARIO_FILE, "scenario.warn.no_phases", "phases"))
    return out + _patterns(s) + _villages(s) + _units(s)


def plan_gaps(s: Scenario, plan: Plan, label: str) -> list[str]:
    """Villages of the scenario that a plan (e.g. a saved ``plan.json``) does not cover."""
    planned = {v.code for v in plan.villages} | set(plan.zones)
    missing = [v for v in s.villages if v.code not in planned]
    if not missing:
        return []
    names = ", ".join(f"{v.name} ({v.code})" for v in missing[:5])
    more = len(missing) - 5
    return [
        t(
            "scenario.warn.plan_lacks_villages",
            plan=label,
            count=len(missing),
            villages=names + (f" … (+{more})" if more > 0 else ""),
        )
    ]


__all__ = ["plan_gaps", "scenario_warnings"]
