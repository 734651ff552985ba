"""Claim: assessing Klaten takes milliseconds, and all of Indonesia's ~83k villages a few seconds.

``python benchmarks/assess_speed.py [--quick]``. Prints the median time of ``sispam.assess.assess``
on the embedded Klaten scenario (67 villages, set ``pilkades``) and on a synthetic national
scenario: every village with a point (83k), one Polsek per kecamatan at its centroid, hash-drawn
indicator values — the shape the national benchmark gives the stage. Building the scenario
(pydantic objects) is timed separately: it is not the stage's cost.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date

import numpy as np

from sispam import geo
from sispam.assess import assess
from sispam.domain import ElectionType, Scenario, Unit, UnitKind, Village
from sispam.scenario import load_scenario
from sispam.scenario.defaults import PATTERN_KLATEN_2023, ZONES_HKM, default_phases


def _timed(fn, repeat: int) -> tuple[float, float, object]:
    """(median wall s, median CPU s, last result). CPU time is the steadier figure on a busy
    machine (other processes stretch wall time, not this process's CPU time)."""
    wall, cpu, out = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        out = None if _ < repeat - 1 else out  # keep only the last result alive
    return statistics.median(wall), statistics.median(cpu), out


def national(limit: int | None) -> Scenario:
    codes, lat, lng = geo.all_village_centroids()
    if limit:
        codes, lat, lng = codes[:limit], lat[:limit], lng[:limit]
    rng = np.random.default_rng(np.random.SeedSequence(2023))
    n = len(codes)
    draws = rng.random((n, 6))
    villages = [
        Village.model_construct(
            code=str(c),
            name=str(c),
            district_code=str(c)[:8],
            district_name=str(c)[:8],
            lat=float(la),
            lng=float(ln),
            voters=int(500 + 3000 * d[0]),
            tps=1,
            candidates=2 + int(3 * d[1]),
            incumbent_running=bool(d[2] < 0.4),
            zone=None,
            pin_reason=None,
            indicators={
                "close_contest": float(d[3] < 0.15),
                "conflict_history": "ringan" if d[4] < 0.12 else "tidak",
                "money_politics_reports": float(d[5] < 0.1),
                "terrain": "datar",
            },
            estimated=frozenset(),
            note="",
        )
        for c, la, ln, d in zip(codes, lat, lng, draws, strict=True)
    ]
    districts: dict[str, list[int]] = {}
    for i, c in enumerate(codes):
        districts.setdefault(str(c)[:8], []).append(i)
    units = [
        Unit.model_construct(
            name=f"Polsek {d}",
            kind=UnitKind.POLSEK,
            strength=15,
            home_code=None,
            lat=float(lat[idx].mean()),
            lng=float(lng[idx].mean()),
            available=frozenset(),
            arrival_delay_min=0.0,
            min_team=1,
            contact="",
            estimated=frozenset({"lat", "lng"}),
            note="",
        )
        for d, idx in ((d, np.array(i)) for d, i in districts.items())
    ]
    return Scenario.model_construct(
        schema_version=1,
        name="national",
        title="national",
        election_type=ElectionType.PILKADES,
        election_date=date(2023, 7, 5),
        region_code="",
        region_name="Indonesia",
        indicator_set="pilkades",
        illustrative=True,
        notes=(),
        sources=(),
        phases=default_phases(date(2023, 7, 5), ElectionType.PILKADES),
        zones=ZONES_HKM,
        patterns=PATTERN_KLATEN_2023,
        villages=tuple(villages),
        units=tuple(units),
        travel={},
        settings={"assess": {"capital": [-6.2, 106.8]}},
    )


def main() -> None:
    quick = "--quick" in sys.argv
    klaten = load_scenario("pilkades-klaten-2023")
    assess(klaten)  # warm caches (indicator set, area types)
    t_klaten, c_klaten, _ = _timed(lambda: assess(klaten), 5 if quick else 20)
    print(
        f"klaten: 67 villages, assess median {t_klaten * 1000:.1f} ms wall, {c_klaten * 1000:.1f} ms CPU"
    )
    limit = 10_000 if quick else None
    t0 = time.perf_counter()
    nat = national(limit)
    build = time.perf_counter() - t0
    wall, cpu, res = _timed(lambda: assess(nat), 1 if quick else 3)
    counts = res.zone_counts()  # type: ignore[attr-defined]
    print(
        f"national: {len(nat.villages)} villages, {len(nat.units)} posts; scenario build "
        f"{build:.1f} s; assess median {wall:.2f} s wall, {cpu:.2f} s CPU; zones {counts}"
    )
    print(f"  ({cpu / len(nat.villages) * 1e6:.1f} µs CPU per village)")


if __name__ == "__main__":
    main()
