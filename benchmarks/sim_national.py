"""Claim: the contingency Monte Carlo scales to every desa in Indonesia as one pilkades — seconds
per run on one core, and runs spread over a Dask cluster.

``python benchmarks/sim_national.py [--quick]``. Generated inputs (no published data at this
scale): every desa with a point in ``sispam.geo.all_village_centroids()`` (~75k; kelurahan are
left out), voters 500–3,500 and a vulnerability score (Beta(2, 5) × 100) drawn from a fixed seed,
Klaten's staffing pattern by zone, the default Pilkades calendar (all seven phases, ~120 days),
one Polsek per kecamatan at the centroid of its desa, and per regency a Dalmas awal, a Dalmas
lanjut and a TNI platoon at the regency's centroid plus a Brimob PHH company per province
(ready after 120 min). Prints the input build, the kernel's time per run in one process, and the
runs per second of ``simulate`` on a ``distributed.LocalCluster`` of 2 worker processes. Quick:
the desa of Java only (provinces 31–36), fewer runs.
"""

from __future__ import annotations

import sys
import time
from datetime import date

import numpy as np

from sispam import geo
from sispam.domain import (
    Assessment,
    ElectionType,
    Force,
    Plan,
    ReserveAssignment,
    Scenario,
    Unit,
    UnitKind,
    Village,
    VillageRisk,
)
from sispam.scenario.defaults import PATTERN_KLATEN_2023, ZONES_HKM, default_phases
from sispam.sim.contingency import build_params, simulate
from sispam.sim.contingency.inputs import build_inputs
from sispam.sim.contingency.job import ContingencyJob
from sispam.sim.contingency.pack import pack


def _unit(name: str, kind: UnitKind, strength: int, lat: float, lng: float) -> Unit:
    return Unit.model_construct(
        name=name, kind=kind, strength=strength, home_code=None, lat=lat, lng=lng,
        available=frozenset(), arrival_delay_min=0.0, min_team=1, contact="",
        estimated=frozenset({"lat", "lng", "strength"}), note="",
    )  # fmt: skip


def national(java_only: bool) -> tuple[Scenario, Assessment, Plan]:
    codes, lat, lng = geo.all_village_centroids()
    keep = np.array([c.split(".")[3].startswith("2") for c in codes])  # desa, not kelurahan
    if java_only:
        keep &= np.array([c[:2] in ("31", "32", "33", "34", "35", "36") for c in codes])
    codes, lat, lng = codes[keep], lat[keep], lng[keep]
    rng = np.random.default_rng(np.random.SeedSequence(2023))
    voters = rng.integers(500, 3500, codes.size)
    cands = rng.integers(2, 6, codes.size)
    scores = 100 * rng.beta(2, 5, codes.size)
    zones = np.where(scores >= 70, "merah", np.where(scores >= 45, "kuning", "hijau"))
    villages = tuple(
        Village.model_construct(
            code=str(c), name=str(c), district_code=str(c)[:8], district_name=str(c)[:8],
            lat=float(la), lng=float(ln), voters=int(v), tps=1, candidates=int(k),
            incumbent_running=False, zone=str(z), pin_reason=None, indicators={},
            estimated=frozenset(), note="",
        )
        for c, la, ln, v, k, z in zip(codes, lat, lng, voters, cands, zones, strict=True)
    )  # fmt: skip
    groups: dict[str, dict[str, list[int]]] = {"district": {}, "regency": {}, "province": {}}
    for i, c in enumerate(codes):
        groups["district"].setdefault(c[:8], []).append(i)
        groups["regency"].setdefault(c[:5], []).append(i)
        groups["province"].setdefault(c[:2], []).append(i)

    def centre(idx: list[int]) -> tuple[float, float]:
        return float(lat[idx].mean()), float(lng[idx].mean())

    units = tuple(
        _unit(f"Polsek {d}", UnitKind.POLSEK, 15, *centre(i)) for d, i in groups["district"].items()
    )
    reserves = []
    for key, idx in (*groups["regency"].items(), *groups["province"].items()):
        la, ln = centre(idx)
        roles = ("dalmas_awal", "dalmas_lanjut", "tni_support") if len(key) == 5 else ("phh",)
        for role in roles:
            reserves.append(
                ReserveAssignment.model_construct(
                    unit=f"{role} {key}",
                    kind=UnitKind.BRIMOB_BKO if role == "phh" else UnitKind.DALMAS,
                    force=Force.TNI if role == "tni_support" else Force.POLRI,
                    personnel=100 if role == "phh" else 30,
                    site_id=key, site_name=key, lat=la, lng=ln,
                    ready_min=120.0 if role == "phh" else 0.0, role=role, phases=(), travel_min=0.0,
                )
            )  # fmt: skip
    s = Scenario.model_construct(
        schema_version=1, name="national", title="Pilkades nasional (sintetis)",
        election_type=ElectionType.PILKADES, election_date=date(2023, 7, 5), region_code="",
        region_name="Indonesia", indicator_set=None, illustrative=True, notes=(), sources=(),
        phases=default_phases(date(2023, 7, 5), ElectionType.PILKADES), zones=ZONES_HKM,
        patterns=PATTERN_KLATEN_2023, villages=villages, units=units, travel={}, settings={},
    )  # fmt: skip
    a = Assessment.model_construct(
        schema_version=1, scenario="national", method="given", indicator_set=None, notes=(),
        villages=tuple(
            VillageRisk.model_construct(code=v.code, name=v.name, score=float(sc), zone=v.zone,
                                        derived_zone=None, pinned=False, pin_reason=None,
                                        contributions=(), missing=())
            for v, sc in zip(villages, scores, strict=True)
        ),
    )  # fmt: skip
    p = Plan(
        scenario="national", zones={v.code: v.zone for v in villages}, reserves=tuple(reserves)
    )
    return s, a, p


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    t0 = time.perf_counter()
    s, a, p = national(java_only=quick)
    print(
        f"national: {len(s.villages):,} desa, {len(s.units):,} Polsek, {len(p.reserves):,} reserve "
        f"elements; scenario build {time.perf_counter() - t0:.1f} s"
    )
    prm = build_params()
    t0 = time.perf_counter()
    inp = build_inputs(s, a, p, prm)
    print(
        f"inputs (travel to reserves, nearest Polsek, neighbours within "
        f"{prm.spill_radius_km:g} km): {time.perf_counter() - t0:.1f} s"
    )
    job = ContingencyJob((inp,), pack(prm), seed=1, bin_min=20, horizon=prm.horizon_min)
    job.run(0, 1)  # compile or load the cache
    n_kernel = 2 if quick else 5
    t0, c0 = time.perf_counter(), time.process_time()
    out = job.run(1, 1 + n_kernel)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rs = out.tallies[0].run_stats
    print(
        f"one process: {wall / n_kernel:.2f} s per run wall, {cpu / n_kernel:.2f} s CPU "
        f"({n_kernel} runs: draws + kernel + tallies); {rs[:, 0].mean():,.0f} incidents and "
        f"{rs[:, 2].mean():,.0f} merah villages per run"
    )
    from distributed import LocalCluster

    small, large = (4, 24) if quick else (10, 60)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        kw = {"seed": 1, "params": prm, "scheduler": cluster.scheduler_address, "example": False}
        simulate(s, a, p, runs=2, **kw)  # the workers load the Numba cache
        times = {}
        for runs in (small, large):
            t0 = time.perf_counter()
            r = simulate(s, a, p, runs=runs, **kw)
            times[runs] = time.perf_counter() - t0
    per = (times[large] - times[small]) / (large - small)
    fixed = times[small] - small * per
    print(
        f"LocalCluster (2 workers): {small} runs {times[small]:.1f} s, {large} runs "
        f"{times[large]:.1f} s end to end → {per:.2f} s per extra run ({1 / per:.1f} runs/s) "
        f"after {fixed:.1f} s fixed (inputs, scatter, summary of {len(r.villages):,} villages); "
        f"P(any merah) {r.overall.p_any_merah.value:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
