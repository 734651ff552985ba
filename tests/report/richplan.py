"""A plan and a simulation result with every section filled, built by hand from the Klaten
scenario — so the report's rendering of postings, reserves, requests, outreach and simulated odds
is tested whatever the plan and sim stages currently produce.

The numbers are arbitrary but consistent (what is posted is what the totals say).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace as NS

from sispam.domain import (
    Assessment,
    Assignment,
    Force,
    ForceTotals,
    MarginalValue,
    OutreachEvent,
    PhaseKind,
    Plan,
    ReinforcementRequest,
    ReserveAssignment,
    ReserveSite,
    Scenario,
    Shortfall,
    SolverReport,
    UnitKind,
    UnitPlan,
    VillagePlan,
)

VOTE = PhaseKind.PEMUNGUTAN


def rich_plan(s: Scenario, a: Assessment, base: Plan) -> Plan:
    """``base`` (the real plan's requirement) plus hand-made postings, reserves and the rest."""
    by_district: dict[tuple[str, UnitKind], str] = {}
    for u in s.units:
        if u.kind in (UnitKind.POLSEK, UnitKind.KORAMIL):
            by_district[(u.name.split(" ", 1)[1], u.kind)] = u.name
    linmas = {u.home_code: u.name for u in s.units if u.kind == UnitKind.LINMAS}
    need = {(r.village_code, r.force): r.personnel for r in base.requirements if r.phase == VOTE}
    posts: list[Assignment] = []
    for i, v in enumerate(s.villages):
        for force, kind, unit in (
            (Force.POLRI, UnitKind.POLSEK, by_district.get((v.district_name, UnitKind.POLSEK))),
            (Force.TNI, UnitKind.KORAMIL, by_district.get((v.district_name, UnitKind.KORAMIL))),
            (Force.LINMAS, UnitKind.LINMAS, linmas.get(v.code)),
        ):
            n = need.get((v.code, force), 0)
            if unit and n:
                posts.append(
                    Assignment(
                        phase=VOTE,
                        unit=unit,
                        kind=kind,
                        force=force,
                        village_code=v.code,
                        personnel=n,
                        travel_min=float(i % 9 + 1),
                        arrival_min=float(i % 9 + 1),
                        arrival_at=datetime(2023, 7, 5, 7, i % 9 + 1),
                    )
                )
    hq = next(u for u in s.units if u.kind == UnitKind.DALMAS)
    codes = [v.code for v in s.villages]
    sites = (
        ReserveSite(
            site_id="hq",
            name="Mapolres",
            lat=hq.lat,
            lng=hq.lng,
            covered_villages=tuple(codes[:50]),
            kind="hq",
            sector_villages=tuple(codes[:40]),
        ),
        ReserveSite(
            site_id="polsek:ceper",
            name="Polsek Ceper",
            lat=-7.67926,
            lng=110.6711,
            covered_villages=tuple(codes[30:65]),
            kind="polsek",
            sector_villages=tuple(codes[40:65]),
        ),
    )
    reserves = tuple(
        ReserveAssignment(
            unit=u.name,
            kind=u.kind,
            force=u.force,
            personnel=u.strength,
            site_id="hq",
            site_name="Mapolres",
            lat=hq.lat,
            lng=hq.lng,
            role=role,
            phases=(VOTE,),
        )
        for u, role in zip(
            [u for u in s.units if u.kind == UnitKind.DALMAS],
            ("dalmas_awal", "dalmas_lanjut"),
            strict=False,
        )
    )
    assigned = {f: sum(p.personnel for p in posts if p.force == f) for f in Force}
    totals = {
        f: ForceTotals(
            required_tps=t.required_tps,
            assigned_tps=assigned[Force(f)],
            required_total=t.required_total,
            assigned_total=assigned[Force(f)],
            available=t.available,
        )
        for f, t in base.totals.items()
    }
    return base.model_copy(
        update={
            "key_phase": VOTE,
            "assignments": tuple(posts),
            "reserve_sites": sites,
            "reserves": reserves,
            "coverage": 65 / 67,
            "coverage_min": 30.0,
            "coverage_backup": 0.5,
            "uncovered": tuple(codes[65:]),
            "shortfalls": (
                Shortfall(
                    phase=PhaseKind.PENGHITUNGAN,
                    force=Force.POLRI,
                    personnel=3,
                    village_code=codes[0],
                ),
            ),
            "request": (
                ReinforcementRequest(
                    phase=PhaseKind.PENGHITUNGAN,
                    force=Force.POLRI,
                    kind=UnitKind.BRIMOB_BKO,
                    platoons=1,
                    personnel=30,
                    stage_at="polsek:ceper",
                    stage_name="Polsek Ceper",
                    arrive_by=datetime(2023, 7, 5, 13),
                    reason="kurang 3 / short by 3",
                ),
            ),
            "marginal": (
                MarginalValue(
                    extra_platoons=0,
                    personnel=0,
                    shortfall=3,
                    weighted_shortfall=3,
                    coverage=65 / 67,
                ),
                MarginalValue(
                    extra_platoons=1,
                    personnel=30,
                    shortfall=0,
                    weighted_shortfall=0,
                    coverage=1.0,
                    closes=3,
                    coverage_gain=2 / 67,
                ),
            ),
            "outreach": tuple(
                OutreachEvent(
                    day=date(2023, 6, 2) + timedelta(days=7 * (i % 4)),
                    village_code=c,
                    activity=("jumat_curhat", "silaturahmi", "polisi_rw")[i % 3],
                    officer=f"Bhabinkamtibmas {i}",
                    before_vote=True,
                )
                for i, c in enumerate(codes[:12])
            ),
            "totals": totals,
            "solver": SolverReport(method="milp", status="optimal", gap=0.0),
            "villages": tuple(
                VillagePlan(
                    code=v.code,
                    name=v.name,
                    zone=a.zone_of(v.code),
                    lat=v.lat,
                    lng=v.lng,
                    tps=v.tps,
                    required={f.value: need.get((v.code, f), 0) for f in (Force.POLRI, Force.TNI)},
                    assigned={
                        f.value: sum(
                            p.personnel for p in posts if p.village_code == v.code and p.force == f
                        )
                        for f in (Force.POLRI, Force.TNI)
                    },
                    first_arrival_min=1.0,
                    last_arrival_min=float(i % 9 + 1),
                    response_min=10.0 + i % 20,
                    covered=v.code not in codes[65:],
                )
                for i, v in enumerate(s.villages)
            ),
            "units": tuple(
                UnitPlan(
                    name=u.name,
                    kind=u.kind,
                    force=u.force,
                    strength=u.strength,
                    lat=u.lat,
                    lng=u.lng,
                    assigned={VOTE.value: sum(p.personnel for p in posts if p.unit == u.name)},
                    max_travel_min=9.0,
                )
                for u in s.units
            ),
        }
    )


def _est(v: float, lo: float | None = None, hi: float | None = None) -> NS:
    return NS(value=v, low=v * 0.8 if lo is None else lo, high=v * 1.2 if hi is None else hi)


def _hist(edges: list[float], counts: list[int], over: int = 0) -> NS:
    return NS(edges=tuple(edges), counts=tuple(counts), over=over)


def fake_sim(s: Scenario) -> NS:
    """The attributes of a simulation result the report reads (shape of domain SimResult)."""
    villages = []
    for i, v in enumerate(s.villages):
        p = 0.3 / (i + 1)
        villages.append(
            NS(
                code=v.code,
                name=v.name,
                zone=v.zone or "hijau",
                fail_rank=i + 1,
                p_incident=_est(min(1.0, 3 * p)),
                p_kuning=_est(2 * p),
                p_merah=_est(p),
                containment_p50=_est(20.0 + i),
                containment_p90=_est(60.0 + i),
                max_step="dalmas_awal" if i else "phh",
            )
        )
    t0 = datetime(2023, 7, 5, 13, 30)
    code = s.villages[0].code
    events = [
        NS(
            time=t0,
            minute=0,
            village_code=code,
            village_name=s.villages[0].name,
            kind="trigger",
            level=None,
            crowd=0,
            responders=0.0,
            unit=None,
            role=None,
            personnel=None,
            eta_min=None,
            detail="disputed_count@penghitungan",
        ),
        NS(
            time=t0 + timedelta(minutes=6),
            minute=6,
            village_code=code,
            village_name=s.villages[0].name,
            kind="level",
            level="kuning",
            crowd=40,
            responders=4.0,
            unit=None,
            role=None,
            personnel=None,
            eta_min=None,
            detail="hijau->kuning",
        ),
        NS(
            time=t0 + timedelta(minutes=8),
            minute=8,
            village_code=code,
            village_name=s.villages[0].name,
            kind="dispatch",
            level=None,
            crowd=45,
            responders=4.0,
            unit="Dalmas Awal Pleton 1",
            role="dalmas_awal",
            personnel=30,
            eta_min=12.0,
            detail="for:dalmas_awal",
        ),
        NS(
            time=t0 + timedelta(minutes=31),
            minute=31,
            village_code=code,
            village_name=s.villages[0].name,
            kind="contained",
            level="kuning",
            crowd=3,
            responders=34.0,
            unit=None,
            role=None,
            personnel=None,
            eta_min=None,
            detail="after:31",
        ),
    ]
    mins = tuple(range(32))
    return NS(
        runs=500,
        seed=7,
        containment_target_min=120,
        response_step_names=("kehadiran", "himbauan", "dalmas_awal", "dalmas_lanjut", "phh"),
        villages=tuple(villages),
        overall=NS(
            p_any_merah=_est(0.09),
            p_any_kuning=_est(0.35),
            p_uncontained=_est(0.01, 0.0, 0.03),
            kuning_villages_mean=_est(0.42),
            merah_villages_mean=_est(0.09),
            containment_p50=_est(19.0),
            containment_p90=_est(84.0),
            worst_villages=tuple(v.code for v in s.villages[:3]),
            by_phase=(
                NS(
                    phase="penghitungan",
                    incidents_mean=0.98,
                    p_kuning_given_incident=0.09,
                    p_merah_given_incident=0.02,
                ),
            ),
            by_trigger={"disputed_count": 0.8, "rumour": 0.6},
            response_steps={
                "kehadiran": 0.6,
                "himbauan": 0.2,
                "dalmas_awal": 0.15,
                "dalmas_lanjut": 0.05,
                "phh": 0.0,
            },
        ),
        distributions=NS(
            containment_min=_hist([0, 10, 20, 30, 40], [5, 20, 9, 2], over=1),
            kuning_villages=_hist([0, 1, 2, 3], [60, 30, 10]),
            merah_villages=_hist([0, 1, 2], [91, 9]),
        ),
        reserves=(
            NS(
                unit="Dalmas Awal Pleton 1",
                role="dalmas_awal",
                site="Mapolres",
                personnel=30,
                p_dispatched=0.7,
                dispatches_mean=1.2,
                busy_min_mean=11.4,
            ),
        ),
        example=NS(
            run=8,
            reason="kuning",
            village_code=code,
            events=tuple(events),
            series=NS(
                village_code=code,
                minutes=mins,
                crowd=tuple(min(m * 5, 45) for m in mins),
                gathered=tuple(min(m * 8, 120) for m in mins),
                responders=tuple(4.0 if m < 20 else 34.0 for m in mins),
                level=tuple(0 if m < 6 else 1 for m in mins),
            ),
        ),
        sensitivity=NS(
            runs_per_point=50,
            outcomes=("p_any_merah", "containment_mean"),
            base_outcomes={"p_any_merah": 0.09, "containment_mean": 31.0},
            oat=(
                NS(
                    param="trigger_scale",
                    base=1.0,
                    low=0.5,
                    high=1.5,
                    low_outcomes={"p_any_merah": 0.05, "containment_mean": 29.0},
                    high_outcomes={"p_any_merah": 0.14, "containment_mean": 33.0},
                ),
                NS(
                    param="request_delay_min.phh",
                    base=15.0,
                    low=5.0,
                    high=30.0,
                    low_outcomes={"p_any_merah": 0.08, "containment_mean": 30.0},
                    high_outcomes={"p_any_merah": 0.1, "containment_mean": 35.0},
                ),
            ),
        ),
        comparison=NS(
            other_label="tanpa BKO",
            d_p_any_merah=_est(-0.03, -0.05, -0.01),
            d_p_any_kuning=_est(-0.02, -0.04, 0.0),
            d_containment_mean=_est(-4.0, -6.0, -2.0),
            better="this",
        ),
        notes=(),
    )
