"""A fixed, hand-built world for the contingency engine's golden test: 36 villages on a grid
near Klaten, every phase of a pilkades, Polsek patrols, a staffing pattern per zone, posted
people with arrival times and reserves of every role (some held through named phases, some not).

Built here rather than read from the embedded scenario so that the golden numbers change only
when the engine changes, never when another stage's data or defaults move.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np

from sispam.domain import (
    Assessment,
    Assignment,
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

SEED = 20230705
RUNS = 300
# Hot enough that every mechanism shows up in 300 runs: kuning, merah, PHH reinforcement, TNI,
# spill-over on voting day, tension between phases.
PARAMS = {"trigger_scale": 6.0, "spill_rate": 0.02, "excess_force_prob": 0.3}

PHASES = (
    (PhaseKind.PENDAFTARAN, datetime(2023, 5, 20, 8), datetime(2023, 5, 24, 16)),
    (PhaseKind.KAMPANYE, datetime(2023, 6, 20, 8), datetime(2023, 6, 30, 18)),
    (PhaseKind.MASA_TENANG, datetime(2023, 7, 1, 0), datetime(2023, 7, 4, 23, 59)),
    (PhaseKind.PEMUNGUTAN, datetime(2023, 7, 5, 7), datetime(2023, 7, 5, 13)),
    (PhaseKind.PENGHITUNGAN, datetime(2023, 7, 5, 13), datetime(2023, 7, 5, 21)),
    (PhaseKind.PENETAPAN, datetime(2023, 7, 6, 8), datetime(2023, 7, 12, 16)),
    (PhaseKind.PASCA, datetime(2023, 7, 13, 8), datetime(2023, 7, 20, 16)),
)


def _zone(i: int) -> str:
    return "merah" if i % 11 == 0 else "kuning" if i % 4 == 1 else "hijau"


def scenario() -> Scenario:
    villages = []
    for i in range(36):
        row, col = divmod(i, 6)
        villages.append(
            Village(
                code=f"33.10.{row + 1:02d}.20{col + 1:02d}",
                name=f"Desa {i:02d}",
                district_code=f"33.10.{row + 1:02d}",
                district_name=f"Kecamatan {row + 1}",
                lat=-7.62 - 0.025 * row,
                lng=110.52 + 0.03 * col,
                voters=900 + 137 * ((i * 7) % 23),
                tps=1 + i % 3,
                candidates=2 + i % 3,
                zone=_zone(i),
                incumbent_running=i % 5 == 0,
                indicators={"registrants": float(2 + i % 3 + (i % 4 == 0))},
            )
        )
    units = [
        Unit(
            name=f"Polsek {r + 1}",
            kind=UnitKind.POLSEK,
            strength=25,
            lat=-7.62 - 0.025 * r,
            lng=110.55 + 0.02 * r,
        )
        for r in range(6)
    ]
    patterns = tuple(
        StaffingRule(zone=z, force=f, personnel=n)
        for z, polri in (("hijau", 3), ("kuning", 6), ("merah", 8))
        for f, n in ((Force.POLRI, polri), (Force.TNI, 1), (Force.LINMAS, 2))
    )
    return Scenario(
        name="golden-kontinjensi",
        title="Golden kontinjensi",
        election_type=ElectionType.PILKADES,
        election_date=date(2023, 7, 5),
        region_code="33.10",
        region_name="Kabupaten Klaten",
        phases=tuple(Phase(kind=k, start=s, end=e) for k, s, e in PHASES),
        zones=ZONES_HKM,
        patterns=patterns,
        villages=tuple(villages),
        units=tuple(units),
        settings={"sim": dict(PARAMS)},
    )


def assessment(s: Scenario) -> Assessment:
    rng = np.random.default_rng(5)
    base = {"hijau": 20.0, "kuning": 55.0, "merah": 85.0}
    return Assessment(
        scenario=s.name,
        method="given",
        villages=tuple(
            VillageRisk(
                code=v.code,
                name=v.name,
                zone=v.zone or "hijau",
                # every fourth village without a score: the engine falls back to its zone
                score=None
                if i % 4 == 3
                else round(base[v.zone or "hijau"] + rng.uniform(-8, 8), 3),
            )
            for i, v in enumerate(s.villages)
        ),
    )


def _reserve(
    role: str, n: int, at: tuple[float, float], name: str, ready: float = 0.0, phases=()
) -> ReserveAssignment:
    kind = {"tni_support": UnitKind.KODIM_RESERVE, "phh": UnitKind.BRIMOB_BKO}.get(
        role, UnitKind.DALMAS
    )
    return ReserveAssignment(
        unit=name,
        kind=kind,
        force=Force.TNI if role == "tni_support" else Force.POLRI,
        personnel=n,
        site_id=name,
        site_name=name,
        lat=at[0],
        lng=at[1],
        ready_min=ready,
        role=role,
        phases=tuple(phases),
    )


def plan(s: Scenario) -> Plan:
    vote = (PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN)
    reserves = (
        _reserve("dalmas_awal", 30, (-7.65, 110.56), "Dalmas awal 1", phases=vote),
        _reserve("dalmas_awal", 28, (-7.70, 110.62), "Dalmas awal 2", ready=20.0, phases=vote),
        _reserve("dalmas_awal", 30, (-7.72, 110.55), "Dalmas awal 3"),
        _reserve("dalmas_lanjut", 30, (-7.68, 110.60), "Dalmas lanjut 1", phases=vote),
        _reserve("dalmas_lanjut", 31, (-7.63, 110.66), "Dalmas lanjut 2", ready=10.0),
        _reserve("phh", 33, (-7.66, 110.58), "Brimob PHH 1", ready=5.0, phases=tuple(PhaseKind)),
        _reserve("phh", 33, (-7.70, 110.60), "Brimob PHH 2", ready=90.0, phases=vote),
        _reserve("tni_support", 100, (-7.71, 110.61), "Kodim PHH", ready=15.0),
    )
    # people posted by the plan in some villages (the rest fall back to the pattern), arriving
    # at different minutes after the phase (day) start
    assignments = []
    for i, v in enumerate(s.villages):
        if i % 3:
            continue
        for phase, arrive in ((PhaseKind.PEMUNGUTAN, 0.0), (PhaseKind.PENETAPAN, 30.0 + i)):
            assignments.append(
                Assignment(
                    unit=f"Polsek {i // 6 + 1}",
                    kind=UnitKind.POLSEK,
                    village_code=v.code,
                    phase=phase,
                    force=Force.POLRI,
                    personnel=2 + i % 5,
                    travel_min=arrive,
                    arrival_min=arrive,
                )
            )
    return Plan(
        scenario=s.name,
        zones={v.code: v.zone or "hijau" for v in s.villages},
        reserves=reserves,
        assignments=tuple(assignments),
    )
