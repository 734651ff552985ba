"""Skenario baru (new scenario): a valid skeleton for any regency from the embedded geography."""

from __future__ import annotations

from datetime import date

from sispam import geo
from sispam.domain import ElectionType, Scenario, Village
from sispam.scenario.defaults import (
    ADULT_SHARE,
    PATTERN_KLATEN_2023,
    ZONES_HKM,
    default_phases,
    estimate_tps,
    standard_units,
)

ESTIMATED_VILLAGE_FIELDS = frozenset({"voters", "tps", "candidates", "incumbent_running"})


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def new_scenario(
    regency: str,
    villages: str | list[str] = "all-desa",
    election_day: date = date(2023, 7, 5),
    election_type: ElectionType = ElectionType.PILKADES,
    name: str | None = None,
) -> Scenario:
    """Skeleton scenario: the chosen villages of ``regency`` with estimated voters (regency
    population × adult share, split evenly), TPS, two candidates each, and a standard order of
    battle. ``villages`` is ``all-desa``, ``all`` or a list of village codes/names."""
    reg = geo.find_regency(regency)
    if villages in ("all-desa", "all"):
        places = geo.villages_in(reg.code, desa_only=villages == "all-desa")
    else:
        places = [geo.find_village(q, within=reg.code) for q in villages]
    places = [p for p in places if p.has_point]
    population = geo.regency_population(reg.code) or 0
    n_all = max(len(geo.villages_in(reg.code)), 1)
    voters_each = int(population * ADULT_SHARE / n_all)
    chosen: list[Village] = []
    districts: dict[str, tuple[str, float, float]] = {}
    for p in places:
        d = geo.region(p.code[:8])
        districts[d.code] = (d.name, d.lat or p.lat, d.lng or p.lng)  # type: ignore[assignment]
        chosen.append(
            Village(
                code=p.code,
                name=p.name,
                district_code=d.code,
                district_name=d.name,
                lat=p.lat,  # type: ignore[arg-type]
                lng=p.lng,  # type: ignore[arg-type]
                voters=voters_each,
                tps=estimate_tps(voters_each, election_type),
                candidates=2,
                estimated=ESTIMATED_VILLAGE_FIELDS,
            )
        )
    units = standard_units(
        chosen, districts, hq=(reg.lat or 0.0, reg.lng or 0.0), rules=PATTERN_KLATEN_2023
    )
    title = f"{election_type.value.capitalize()} {reg.name} {election_day.year}"
    return Scenario(
        name=name or _slug(f"{election_type.value}-{reg.name}-{election_day.year}"),
        title=title,
        election_type=election_type,
        election_date=election_day,
        region_code=reg.code,
        region_name=reg.name,
        illustrative=True,
        notes=(
            "Kerangka otomatis: jumlah pemilih, TPS, calon dan kekuatan satuan adalah perkiraan. "
            "/ Generated skeleton: voters, TPS, candidates and unit strengths are estimates.",
        ),
        sources=("Kode wilayah & titik pusat: cahyadsn/wilayah, wilayah_boundaries (MIT)",),
        phases=default_phases(election_day, election_type),
        zones=ZONES_HKM,
        patterns=PATTERN_KLATEN_2023,
        villages=tuple(chosen),
        units=tuple(units),
    )
