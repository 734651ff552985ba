"""Nilai bawaan (defaults) for new scenarios: phases, zones, staffing patterns, standard units.

Every number here is a planning default, not a fact about a particular operation: generated
scenarios mark what they derive from these as estimated (see ``Village.estimated``).
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from sispam.domain import (
    ElectionType,
    Force,
    Phase,
    PhaseKind,
    StaffingRule,
    Unit,
    UnitKind,
    Village,
    Zone,
    ZoneSet,
)

# Klaten 2023 zone colours; thresholds on the 0–100 kerawanan score (assess may re-derive them).
ZONES_HKM = ZoneSet(
    method="threshold",
    zones=(
        Zone(
            id="hijau", name_id="Hijau (aman)", name_en="Green (safe)", color="#2e7d32", min_score=0
        ),
        Zone(
            id="kuning",
            name_id="Kuning (rawan)",
            name_en="Yellow (vulnerable)",
            color="#f9a825",
            min_score=45,
        ),
        Zone(
            id="merah",
            name_id="Merah (sangat rawan)",
            name_en="Red (highly vulnerable)",
            color="#c62828",
            min_score=70,
        ),
    ),
)

# Pola pengamanan TPS, Pilkades Klaten 2023 (domain.md §1): per TPS.
PATTERN_KLATEN_2023: tuple[StaffingRule, ...] = tuple(
    StaffingRule(zone=zone, force=force, personnel=n, per_tps=1)
    for zone, counts in {"hijau": (3, 1, 2), "kuning": (6, 1, 2), "merah": (8, 2, 2)}.items()
    for force, n in zip((Force.POLRI, Force.TNI, Force.LINMAS), counts, strict=True)
)

LINMAS_PER_TPS = 2  # national norm (domain.md §3)
ADULT_SHARE = 0.72  # share of the population on the voter list (DPT/population, Pemilu 2024 ≈ 0.73)
VOTERS_PER_TPS = {ElectionType.PILKADES: None, ElectionType.PILKADA: 480, ElectionType.PEMILU: 300}


def default_phases(election_day: date, kind: ElectionType) -> tuple[Phase, ...]:
    """Typical Pilkades calendar around the voting day (Permendagri 112/2014), local time."""

    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour))

    d = election_day
    return (
        Phase(
            kind=PhaseKind.PENDAFTARAN,
            start=at(d - timedelta(days=60), 8),
            end=at(d - timedelta(days=30), 16),
        ),
        Phase(
            kind=PhaseKind.KAMPANYE,
            start=at(d - timedelta(days=10), 8),
            end=at(d - timedelta(days=3), 17),
        ),
        Phase(kind=PhaseKind.MASA_TENANG, start=at(d - timedelta(days=3), 17), end=at(d, 7)),
        Phase(kind=PhaseKind.PEMUNGUTAN, start=at(d, 7), end=at(d, 13)),
        Phase(kind=PhaseKind.PENGHITUNGAN, start=at(d, 13), end=at(d, 21)),
        Phase(
            kind=PhaseKind.PENETAPAN,
            start=at(d + timedelta(days=1), 8),
            end=at(d + timedelta(days=30), 16),
        ),
        Phase(
            kind=PhaseKind.PASCA,
            start=at(d + timedelta(days=30), 16),
            end=at(d + timedelta(days=60), 16),
        ),
    )


def estimate_tps(voters: int, kind: ElectionType) -> int:
    """Polling stations: one per village for Pilkades (Klaten practice), else by voters per TPS."""
    per = VOTERS_PER_TPS.get(kind)
    return 1 if per is None else max(1, math.ceil(voters / per))


def _required(
    villages: list[Village], zone_of: dict[str, str], rules: tuple[StaffingRule, ...], force: Force
) -> dict[str, int]:
    """TPS personnel of ``force`` per kecamatan under ``rules``."""
    per_district: dict[str, int] = {}
    for v in villages:
        zone = zone_of.get(v.code) or "hijau"
        for r in rules:
            if r.zone == zone and r.force == force:
                per_district[v.district_code] = per_district.get(v.district_code, 0) + math.ceil(
                    r.personnel * v.tps / r.per_tps
                )
    return per_district


def standard_units(
    villages: list[Village],
    district_points: dict[str, tuple[str, float, float]],
    hq: tuple[float, float],
    rules: tuple[StaffingRule, ...],
    zone_of: dict[str, str] | None = None,
    polres_samapta: int = 60,
    dalmas_platoons: int = 2,
    kodim_reserve: int = 30,
    satpol_pp: int = 30,
    dishub: int = 0,
    brimob: tuple[int, float, float, float] | None = None,
) -> list[Unit]:
    """A plausible order of battle: a Polsek and a Koramil per kecamatan sized to their TPS,
    Polres Samapta and Dalmas platoons at HQ, a Kodim reserve, Satpol PP, Linmas per village, and
    optionally Brimob BKO platoons ``(platoons, delay_min, lat, lng)``. All strengths estimated."""
    zone_of = zone_of or {}
    est = frozenset({"strength", "lat", "lng"})
    polri = _required(villages, zone_of, rules, Force.POLRI)
    tni = _required(villages, zone_of, rules, Force.TNI)
    units: list[Unit] = []
    for dcode, (dname, lat, lng) in sorted(district_points.items()):
        if dcode not in polri and dcode not in tni:
            continue
        units.append(
            Unit(
                name=f"Polsek {dname}",
                kind=UnitKind.POLSEK,
                strength=max(polri.get(dcode, 0), 1) + 2,
                lat=lat,
                lng=lng,
                min_team=1,
                estimated=est,
            )
        )
        units.append(
            Unit(
                name=f"Koramil {dname}",
                kind=UnitKind.KORAMIL,
                strength=max(tni.get(dcode, 0), 1),
                lat=lat,
                lng=lng,
                min_team=1,
                estimated=est,
            )
        )
    hlat, hlng = hq
    # (name, kind, strength, min_team) of the elements based at the regency HQ, in listing order.
    at_hq: list[tuple[str, UnitKind, int, int]] = [
        ("Polres Sat Samapta", UnitKind.POLRES_SAMAPTA, polres_samapta, 2)
    ]
    at_hq += [
        (
            f"{'Dalmas Awal' if i % 2 == 0 else 'Dalmas Lanjut'} Pleton {i // 2 + 1}",
            UnitKind.DALMAS,
            30,
            10,
        )
        for i in range(dalmas_platoons)
    ]
    at_hq += [
        ("Kodim Cadangan (PHH)", UnitKind.KODIM_RESERVE, kodim_reserve, 10),
        ("Satpol PP", UnitKind.SATPOL_PP, satpol_pp, 2),
        ("Dishub", UnitKind.DISHUB, dishub, 2),
    ]
    for name, kind, strength, min_team in at_hq:
        if strength:
            units.append(
                Unit(
                    name=name,
                    kind=kind,
                    strength=strength,
                    lat=hlat,
                    lng=hlng,
                    min_team=min_team,
                    estimated=est,
                )
            )
    if brimob:
        n, delay, blat, blng = brimob
        for i in range(n):
            units.append(
                Unit(
                    name=f"Brimob BKO Pleton {i + 1}",
                    kind=UnitKind.BRIMOB_BKO,
                    strength=30,
                    lat=blat,
                    lng=blng,
                    arrival_delay_min=delay,
                    min_team=10,
                    estimated=est | {"arrival_delay_min"},
                )
            )
    for v in villages:
        units.append(
            Unit(
                name=f"Linmas {v.name} ({v.code})",
                kind=UnitKind.LINMAS,
                strength=LINMAS_PER_TPS * v.tps,
                home_code=v.code,
                lat=v.lat,
                lng=v.lng,
                min_team=1,
                estimated=frozenset({"strength"}),
            )
        )
    return units
