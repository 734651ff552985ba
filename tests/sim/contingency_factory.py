"""Inputs for the contingency tests: the embedded Klaten scenario with an assessment and plans
built by hand, so that each test controls exactly what differs between two runs."""

from __future__ import annotations

from datetime import date, datetime

from sispam.domain import (
    Assessment,
    ElectionType,
    Force,
    Phase,
    PhaseKind,
    Plan,
    ReserveAssignment,
    Scenario,
    StaffingRule,
    Unit,
    UnitKind,
    Village,
    VillageRisk,
)
from sispam.scenario.defaults import ZONES_HKM

ZONE_SCORE = {"hijau": 20.0, "kuning": 55.0, "merah": 85.0}
KARANGANOM = "33.10.24.2003"
POLRES = (-7.7057, 110.6061)  # Mapolres Klaten


def assessment(s: Scenario, scores: dict[str, float] | None = None) -> Assessment:
    """The zones written in the scenario, each village scored in the middle of its zone, unless
    ``scores`` says otherwise."""
    scores = scores or {}
    return Assessment(
        scenario=s.name,
        method="given",
        villages=tuple(
            VillageRisk(
                code=v.code,
                name=v.name,
                zone=v.zone or "hijau",
                score=scores.get(v.code, ZONE_SCORE[v.zone or "hijau"]),
            )
            for v in s.villages
        ),
    )


def reserve(
    role: str,
    personnel: int = 30,
    at: tuple[float, float] = POLRES,
    name: str | None = None,
    ready_min: float = 0.0,
) -> ReserveAssignment:
    kind = {"tni_support": UnitKind.KODIM_RESERVE, "phh": UnitKind.BRIMOB_BKO}.get(
        role, UnitKind.DALMAS
    )
    return ReserveAssignment(
        unit=name or f"{role} {at[0]:.3f},{at[1]:.3f}",
        kind=kind,
        force=Force.TNI if role == "tni_support" else Force.POLRI,
        personnel=personnel,
        site_id=f"{at[0]:.4f},{at[1]:.4f}",
        site_name=f"{at[0]:.3f},{at[1]:.3f}",
        lat=at[0],
        lng=at[1],
        ready_min=ready_min,
        role=role,
    )


STANDARD_RESERVES = (
    reserve("dalmas_awal", name="Dalmas awal 1"),
    reserve("dalmas_awal", name="Dalmas awal 2"),
    reserve("dalmas_lanjut", name="Dalmas lanjut 1"),
    reserve("phh", 33, name="Brimob PHH 1", ready_min=30.0),
    reserve("tni_support", 32, name="Kodim PHH"),
)


def plan(s: Scenario, reserves: tuple[ReserveAssignment, ...] = STANDARD_RESERVES) -> Plan:
    """TPS staffing by the scenario's pattern (no assignments: the engine takes the pattern as
    present) and the given reserves."""
    return Plan(
        scenario=s.name,
        zones={v.code: v.zone or "hijau" for v in s.villages},
        reserves=reserves,
    )


def tiny_scenario(
    villages: list[tuple[str, float, float, int]],
    phases: tuple[PhaseKind, ...] = (PhaseKind.KAMPANYE,),
    sim: dict | None = None,
    units: tuple[Unit, ...] = (),
    patterns: tuple[StaffingRule, ...] = (),
) -> Scenario:
    """A scenario of a few villages ``(code, lat, lng, voters)`` with one-day phases in order
    (voting 07–13, counting 13–21 on 5 July; any other phase one day before, 08–18), no staffing
    pattern and no units unless given: nothing responds that a test does not put there."""
    spans = {
        PhaseKind.PEMUNGUTAN: (datetime(2023, 7, 5, 7), datetime(2023, 7, 5, 13)),
        PhaseKind.PENGHITUNGAN: (datetime(2023, 7, 5, 13), datetime(2023, 7, 5, 21)),
    }
    out_phases = []
    for i, kind in enumerate(phases):
        start, end = spans.get(kind, (datetime(2023, 6, 20 + i, 8), datetime(2023, 6, 20 + i, 18)))
        out_phases.append(Phase(kind=kind, start=start, end=end))
    return Scenario(
        name="uji-kontinjensi",
        title="Uji kontinjensi",
        election_type=ElectionType.PILKADES,
        election_date=date(2023, 7, 5),
        region_code="33.10",
        region_name="Kabupaten Klaten",
        phases=tuple(out_phases),
        zones=ZONES_HKM,
        patterns=patterns,
        villages=tuple(
            Village(
                code=code,
                name=f"Desa {code[-4:]}",
                district_code=code[:8],
                district_name="Uji",
                lat=lat,
                lng=lng,
                voters=voters,
                tps=1,
                candidates=2,
                zone="hijau",
            )
            for code, lat, lng, voters in villages
        ),
        units=units,
        settings={"sim": sim or {}},
    )
