"""Skenario sintetis (generated scenarios) for planning at province and national scale.

Every village of a region (a province code such as ``"33"``, or ``""`` for the whole country)
from the embedded national centroids, one TPS each, zones drawn from one seed (about 80 % hijau,
15 % kuning, 5 % merah) with scores to match, and a standard order of battle: a Polsek and a
Koramil per kecamatan sized to its TPS requirement plus a margin, per regency a Polres (Samapta,
a Dalmas Awal platoon per staging post and a Dalmas Lanjut platoon, Sat Lantas), the Kodim's
riot-control platoon and the Pemkab's Satpol PP and Dishub at the regency's centre, and two
Linmas per village. No Brimob: the PHH element is what each regency requests. Everything in it is generated: it measures the planner, it describes no election.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np

from sispam import geo
from sispam.domain import (
    Assessment,
    ElectionType,
    Force,
    Scenario,
    Unit,
    UnitKind,
    Village,
    VillageRisk,
)
from sispam.plan.construct import construct
from sispam.scenario.defaults import PATTERN_KLATEN_2023, ZONES_HKM, default_phases

ZONE_SHARES = (0.80, 0.15, 0.05)
SCORE_RANGES = ((5.0, 44.9), (45.0, 69.9), (70.0, 95.0))


def synthetic_scenario(
    region: str = "",
    seed: int = 0,
    election_day: date = date(2023, 7, 5),
    polsek_margin: float = 0.05,
    settings: dict[str, Any] | None = None,
    limit: int | None = None,
) -> tuple[Scenario, Assessment]:
    """A generated scenario and its assessment for every village whose code starts with
    ``region`` (at most ``limit`` of them, in code order)."""
    codes, lat, lng = geo.all_village_centroids()
    prefix = f"{region}." if region and not region.endswith(".") else region
    sel = (
        np.flatnonzero(np.char.startswith(codes.astype(str), prefix))
        if prefix
        else np.arange(codes.size)
    )
    if limit is not None:
        sel = sel[:limit]
    rng = np.random.default_rng(seed)
    zone_idx = rng.choice(3, size=sel.size, p=ZONE_SHARES)
    lo = np.array([r[0] for r in SCORE_RANGES])[zone_idx]
    hi = np.array([r[1] for r in SCORE_RANGES])[zone_idx]
    scores = np.round(lo + (hi - lo) * rng.random(sel.size), 2)
    zone_ids = ZONES_HKM.ids()
    need = {(r.zone, r.force): math.ceil(r.personnel / r.per_tps) for r in PATTERN_KLATEN_2023}
    names: dict[str, str] = {}

    def name_of(code: str) -> str:
        if code not in names:
            try:
                names[code] = geo.region(code).name
            except geo.GeoLookupError:
                names[code] = code
        return names[code]

    villages: list[Village] = []
    risks: list[VillageRisk] = []
    polri: dict[str, int] = {}
    tni: dict[str, int] = {}
    points: dict[str, list[tuple[float, float]]] = {}
    raised: dict[str, int] = {}  # villages above the lowest zone, per regency
    for k, i in enumerate(sel.tolist()):
        code = str(codes[i])
        dcode = code[:8]
        zone = zone_ids[int(zone_idx[k])]
        v = construct(
            Village,
            code=code,
            name=name_of(code),
            district_code=dcode,
            district_name=name_of(dcode),
            lat=float(lat[i]),
            lng=float(lng[i]),
            voters=1500,
            tps=1,
            candidates=2,
            incumbent_running=False,
            zone=zone,
            pin_reason=None,
            indicators={},
            estimated=frozenset({"voters", "tps", "candidates"}),
            note="",
        )
        villages.append(v)
        risks.append(
            construct(
                VillageRisk,
                code=code,
                name=v.name,
                score=float(scores[k]),
                zone=zone,
                derived_zone=zone,
                pinned=False,
                pin_reason=None,
                contributions=(),
                missing=(),
            )
        )
        polri[dcode] = polri.get(dcode, 0) + need[(zone, Force.POLRI)]  # Pam TPS
        tni[dcode] = tni.get(dcode, 0) + need[(zone, Force.TNI)]
        if zone != zone_ids[0]:
            raised[dcode[:5]] = raised.get(dcode[:5], 0) + 1
        points.setdefault(dcode, []).append((v.lat, v.lng))
    est = frozenset({"strength", "lat", "lng"})
    units: list[Unit] = []
    regencies: dict[str, None] = {}
    for dcode in sorted(points):
        pts = np.array(points[dcode])
        try:
            d = geo.region(dcode)
            dlat, dlng = (
                (d.lat, d.lng) if d.lat is not None else (pts[:, 0].mean(), pts[:, 1].mean())
            )
        except geo.GeoLookupError:
            dlat, dlng = pts[:, 0].mean(), pts[:, 1].mean()
        dname = name_of(dcode)
        units.append(
            construct(Unit,
                name=f"Polsek {dname} ({dcode})", kind=UnitKind.POLSEK,
                strength=max(1, math.ceil(polri[dcode] * (1 + polsek_margin)) + 2),
                home_code=None, lat=float(dlat), lng=float(dlng), available=frozenset(),
                arrival_delay_min=0.0, arrival_at=None, min_team=1, contact="", estimated=est,
                note="",
            )
        )  # fmt: skip
        units.append(
            construct(Unit,
                name=f"Koramil {dname} ({dcode})", kind=UnitKind.KORAMIL,
                strength=max(1, tni[dcode]), home_code=None, lat=float(dlat), lng=float(dlng),
                available=frozenset(), arrival_delay_min=0.0, arrival_at=None, min_team=1,
                contact="", estimated=est, note="",
            )
        )  # fmt: skip
        regencies[dcode[:5]] = None
    for rcode in regencies:
        try:
            r = geo.region(rcode)
            rlat, rlng = r.lat, r.lng
        except geo.GeoLookupError:
            rlat = rlng = None
        if rlat is None or rlng is None:
            pts = np.array([p for d, ps in points.items() if d.startswith(rcode) for p in ps])
            rlat, rlng = float(pts[:, 0].mean()), float(pts[:, 1].mean())
        rname = name_of(rcode)
        kec = sum(1 for d in points if d.startswith(rcode))
        elements = [
            (f"Polres {rname} Dalmas Awal {k + 1}", UnitKind.DALMAS, 30, 30)
            for k in range(math.ceil(kec / 8))
        ]
        for name, kind, strength, team in (
            (f"Polres {rname} Samapta", UnitKind.POLRES_SAMAPTA, 60, 2),
            *elements,
            (f"Polres {rname} Dalmas Lanjut", UnitKind.DALMAS, 30, 30),
            (f"Polres {rname} Sat Lantas", UnitKind.POLRES_LANTAS, kec + 6, 1),
            (f"Kodim {rname} Pleton PHH", UnitKind.KODIM_RESERVE, 30, 30),
            (f"Satpol PP {rname}", UnitKind.SATPOL_PP, kec + 2 * raised.get(rcode, 0) + 10, 1),
            (f"Dishub {rname}", UnitKind.DISHUB, kec + 12, 1),
        ):
            units.append(
                construct(Unit,
                    name=name, kind=kind, strength=strength, home_code=None, lat=float(rlat),
                    lng=float(rlng), available=frozenset(), arrival_delay_min=0.0, arrival_at=None,
                    min_team=team, contact="", estimated=est, note="",
                )
            )  # fmt: skip
    for v in villages:
        units.append(
            construct(Unit,
                name=f"Linmas {v.code}", kind=UnitKind.LINMAS, strength=2, home_code=v.code,
                lat=v.lat, lng=v.lng, available=frozenset(), arrival_delay_min=0.0,
                arrival_at=None, min_team=1, contact="", estimated=frozenset({"strength"}),
                note="",
            )
        )  # fmt: skip
    label = region or "ID"
    scenario = construct(
        Scenario,
        schema_version=1,
        name=f"sintetis-{label.replace('.', '-').lower()}",
        title=f"Skenario sintetis {label}",
        election_type=ElectionType.PILKADES,
        election_date=election_day,
        region_code=region,
        region_name=name_of(region) if region else "Indonesia",
        indicator_set=None,
        illustrative=True,
        notes=("Dibangkitkan untuk mengukur perencana / generated to measure the planner",),
        sources=(),
        phases=default_phases(election_day, ElectionType.PILKADES),
        zones=ZONES_HKM,
        patterns=PATTERN_KLATEN_2023,
        villages=tuple(villages),
        units=tuple(units),
        travel={},
        settings=settings or {},
    )
    assessment = construct(
        Assessment,
        schema_version=1,
        scenario=scenario.name,
        method="given",
        indicator_set=None,
        villages=tuple(risks),
        notes=(),
    )
    return scenario, assessment
