"""Small hand-made scenarios for the plan tests: a few real Klaten villages, units placed by
hand, zones given — so expected answers can be worked out on paper."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sispam.domain import (
    Assessment,
    ElectionType,
    Force,
    Phase,
    PhaseKind,
    Scenario,
    StaffingRule,
    Unit,
    UnitKind,
    Village,
    VillageRisk,
)
from sispam.scenario.defaults import ZONES_HKM

DAY = date(2023, 7, 5)
# Three villages of kecamatan Prambanan and one of Klaten Utara, with their real codes.
PLACES = {
    "33.10.01.2008": ("Sanggrahan", "33.10.01", "Prambanan", -7.745, 110.505),
    "33.10.01.2010": ("Kemudo", "33.10.01", "Prambanan", -7.735, 110.515),
    "33.10.01.2014": ("Brajan", "33.10.01", "Prambanan", -7.755, 110.525),
    "33.10.24.2003": ("Karanganom", "33.10.24", "Klaten Utara", -7.690, 110.616),
}
PHASES = (
    Phase(kind=PhaseKind.PEMUNGUTAN, start=datetime(2023, 7, 5, 7), end=datetime(2023, 7, 5, 13)),
    Phase(
        kind=PhaseKind.PENGHITUNGAN, start=datetime(2023, 7, 5, 13), end=datetime(2023, 7, 5, 21)
    ),
)


def village(code: str, tps: int = 1, zone: str | None = None) -> Village:
    name, dcode, dname, lat, lng = PLACES[code]
    return Village(
        code=code,
        name=name,
        district_code=dcode,
        district_name=dname,
        lat=lat,
        lng=lng,
        voters=1000 * tps,
        tps=tps,
        candidates=2,
        zone=zone,
    )


def unit(
    name: str,
    kind: UnitKind,
    strength: int,
    lat: float = -7.745,
    lng: float = 110.505,
    **kw: Any,
) -> Unit:
    return Unit(name=name, kind=kind, strength=strength, lat=lat, lng=lng, **kw)


def pattern(counts: dict[str, tuple[int, int, int]]) -> tuple[StaffingRule, ...]:
    """Per zone (Polri, TNI, Linmas) per TPS."""
    return tuple(
        StaffingRule(zone=z, force=f, personnel=n, per_tps=1)
        for z, c in counts.items()
        for f, n in zip((Force.POLRI, Force.TNI, Force.LINMAS), c, strict=True)
    )


KLATEN_PATTERN = pattern({"hijau": (3, 1, 2), "kuning": (6, 1, 2), "merah": (8, 2, 2)})

# Settings that switch off everything but the TPS posts: no phase posts, no reserves,
# no outreach, no marginal table — for allocation tests worked out by hand.
BARE = {
    "plan": {
        "posts": [],
        "tps_phases": ["pemungutan"],
        "reserve": {"posts": 0},
        "request": {"marginal_platoons": 0},
    },
    "outreach": {"enabled": False},
}


def scenario(
    villages: list[Village],
    units: list[Unit],
    patterns: tuple[StaffingRule, ...] = KLATEN_PATTERN,
    settings: dict[str, Any] | None = None,
    phases: tuple[Phase, ...] = PHASES,
    travel: dict[str, float] | None = None,
) -> Scenario:
    return Scenario(
        name="uji-plan",
        title="Uji rencana",
        election_type=ElectionType.PILKADES,
        election_date=DAY,
        region_code="33.10",
        region_name="Kabupaten Klaten",
        phases=phases,
        zones=ZONES_HKM,
        patterns=patterns,
        villages=tuple(villages),
        units=tuple(units),
        travel=travel or {},
        settings=settings if settings is not None else BARE,
    )


def given_zones(s: Scenario, scores: dict[str, float] | None = None) -> Assessment:
    """The zones written on the villages (hijau where none), optional scores."""
    return Assessment(
        scenario=s.name,
        method="given",
        villages=tuple(
            VillageRisk(
                code=v.code,
                name=v.name,
                zone=v.zone or "hijau",
                score=(scores or {}).get(v.code),
            )
            for v in s.villages
        ),
    )
