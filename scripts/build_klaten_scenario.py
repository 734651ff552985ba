"""Build the embedded demo scenario ``pilkades-klaten-2023`` from published facts + geography.

Published (domain.md §1): 67 desa in 22 of 26 kecamatan voting on 5 July 2023; 181 candidates;
DPT 164,194; one TPS per village (usual practice); 796 personnel (Polres 402, Kodim 100, Satpol PP
30, Dishub 30, Linmas 134, Brimob BKO 100); per-TPS pattern per zone; Karanganom (Klaten Utara)
merah, Glagahwangi, Kujon, Brajan kuning.

Not published, hence chosen here deterministically and flagged (illustrative / estimated):
- the other 63 villages and the 22 kecamatan (hash order of codes, spread like the desa count);
- voters per village: Karanganom ≈ 8,000 (reported); the rest share 164,194 − 8,000 half evenly,
  half by village area (a proxy for population), rounded so the total is exact;
- candidates per village (2–5; the six villages with a selection test get 5), registrants;
- incumbent running, unit home posts, unit strengths within each agency's published total
  (order of battle below), the commanders to contact (positions, not phone numbers);
- the kerawanan indicators of the ``pilkades`` set (close contest, candidacy dispute, conflict
  history, SARA, money-politics reports, neutrality, terrain, disaster risk): none is published per
  village. The three kuning villages get values that put them in kuning, the others values drawn
  deterministically (hash of the code) at low base rates, so the zoning follows from the data;
  Karanganom's data score lands in kuning and the Kapolres' published merah is a *pin* with its
  reason. The script checks that the assess stage reproduces the published zoning.

Order of battle (each agency's published total, split by estimate): Polres Klaten 402 = a Polsek
per kecamatan sized to its Pam TPS plus the Kapolsek and a patrol pair (259), Sat Samapta's four
Dalmas platoons (three Dalmas Awal, one Dalmas Lanjut: 120) and Sat Lantas (23); Kodim 0723/Klaten
100 = a Koramil per kecamatan for its TPS (68) and the Kodim's riot-control platoon (32, one
unit); Satpol PP 30 and Dishub 30 of the Pemkab; Linmas 134 (two per village); Brimob BKO of
Polda Jateng 100 = three platoons, in Klaten from D-1 06:00 (before the deployment parade),
billeted at the Mapolres, until counting ends.

Run: ``.venv/bin/python scripts/build_klaten_scenario.py`` (rewrites the embedded directory).
"""

from __future__ import annotations

import hashlib
import math
import shutil
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from sispam import geo
from sispam.domain import ElectionType, Force, PhaseKind, Scenario, Unit, UnitKind, Village
from sispam.scenario import write_scenario
from sispam.scenario.defaults import PATTERN_KLATEN_2023, ZONES_HKM, default_phases

NAME = "pilkades-klaten-2023"
OUT = Path(__file__).resolve().parents[1] / "src/sispam/scenario/embedded" / NAME
REGENCY = "33.10"
DAY = date(2023, 7, 5)
TOTAL_VOTERS = 164_194
TOTAL_CANDIDATES = 181
TOTAL_REGISTRANTS = 234
N_VILLAGES, N_DISTRICTS = 67, 22
NAMED = {  # code: (zone, voters or None)
    "33.10.24.2003": ("merah", 8000),  # Karanganom, kec. Klaten Utara
    "33.10.17.2001": ("kuning", None),  # Glagahwangi, Polanharjo
    "33.10.11.2004": ("kuning", None),  # Kujon, Ceper
    "33.10.01.2014": ("kuning", None),  # Brajan, Prambanan
}
# Kerawanan indicators for the named villages (estimates consistent with the published zones).
NAMED_INDICATORS: dict[str, dict[str, float | str]] = {
    "33.10.24.2003": {  # Karanganom: two-way race, ~8,000 voters at one TPS
        "close_contest": 1,
        "candidacy_dispute": 1,
        "conflict_history": "ringan",
        "sara_issue": 0,
        "money_politics_reports": 2,
        "neutrality_issue": 1,
    },
    "33.10.17.2001": {  # Glagahwangi
        "close_contest": 1,
        "candidacy_dispute": 1,
        "conflict_history": "ringan",
        "sara_issue": 0,
        "money_politics_reports": 2,
        "neutrality_issue": 1,
    },
    "33.10.11.2004": {  # Kujon
        "close_contest": 1,
        "candidacy_dispute": 1,
        "conflict_history": "berat",
        "sara_issue": 1,
        "money_politics_reports": 1,
        "neutrality_issue": 1,
    },
    "33.10.01.2014": {  # Brajan
        "close_contest": 1,
        "candidacy_dispute": 1,
        "conflict_history": "berat",
        "sara_issue": 0,
        "money_politics_reports": 3,
        "neutrality_issue": 1,
    },
}
PINS = {
    "33.10.24.2003": "Zona merah diumumkan Kapolres Klaten (Juni 2023, 'sementara'); desa dengan "
    "pemilih terbanyak (±8.000) di satu TPS. / Red zone announced by the Kapolres (June 2023, "
    "'tentative'); the village with the most voters (~8,000) at one TPS.",
}
# Merapi's slopes: mountainous Kemalang, rolling foothills; eruption hazard zone (KRB) villages.
TERRAIN = {
    "Kemalang": "pegunungan",
    "Karangnongko": "bergelombang",
    "Jatinom": "bergelombang",
    "Tulung": "bergelombang",
    "Manisrenggo": "bergelombang",
    "Bayat": "bergelombang",
}
DISASTER_PRONE = {"Kemalang", "Karangnongko", "Manisrenggo"}
KERAWANAN = (
    "close_contest",
    "candidacy_dispute",
    "conflict_history",
    "sara_issue",
    "money_politics_reports",
    "neutrality_issue",
    "terrain",
    "disaster_prone",
)
SELECTION_TEST_REGISTRANTS = [15, 15, 14, 14, 13, 12]  # six villages with 7–15 registrants (sum 83)
POLRES_HQ = (-7.7057, 110.6061)  # Polres Klaten, Jl. Pemuda (approximate)
KODIM_HQ = (-7.7036, 110.6044)  # Kodim 0723/Klaten (approximate)
PEMKAB = (-7.7050, 110.6030)  # Kantor Bupati Klaten, Jl. Pemuda (approximate)
PUBLISHED = {"polri": 402, "tni": 100, "satpol_pp": 30, "dishub": 30, "linmas": 134, "brimob": 100}
DALMAS = ("Dalmas Awal I", "Dalmas Awal II", "Dalmas Awal III", "Dalmas Lanjut")
PLATOON = 30
BRIMOB_PLATOONS = (33, 33, 34)
BKO_ARRIVAL = datetime(2023, 7, 4, 6, 0)  # D-1, before the 08:00 apel gelar pasukan
PLANNING_DATE = date(2023, 5, 31)  # D-35: the day of the joint drill at the Alun-alun


def _key(code: str) -> str:
    return hashlib.sha256(f"{NAME}:{code}".encode()).hexdigest()


def choose_villages() -> list[geo.Region]:
    desa = geo.villages_in(REGENCY, desa_only=True)
    by_district: dict[str, list[geo.Region]] = {}
    for v in desa:
        by_district.setdefault(v.code[:8], []).append(v)
    named_districts = {c[:8] for c in NAMED}
    others = sorted((d for d in by_district if d not in named_districts), key=_key)
    districts = sorted(named_districts) + sorted(others[: N_DISTRICTS - len(named_districts)])
    # 67 villages over 22 kecamatan in proportion to their desa, at least one each (largest remainder)
    total = sum(len(by_district[d]) for d in districts)
    quota = {d: N_VILLAGES * len(by_district[d]) / total for d in districts}
    counts = {d: max(1, int(q)) for d, q in quota.items()}
    for d in sorted(districts, key=lambda d: (-(quota[d] - int(quota[d])), d)):
        if sum(counts.values()) >= N_VILLAGES:
            break
        counts[d] += 1
    chosen: list[geo.Region] = []
    for d in districts:
        pool = sorted(by_district[d], key=lambda v: (v.code not in NAMED, _key(v.code)))
        chosen += pool[: counts[d]]
    assert len(chosen) == N_VILLAGES, len(chosen)
    return sorted(chosen, key=lambda v: v.code)


def spread_voters(places: list[geo.Region]) -> dict[str, int]:
    fixed = {c: v for c, (_, v) in NAMED.items() if v}
    rest = [p for p in places if p.code not in fixed]
    areas = {p.code: geo.village_area_km2(p.code) for p in rest}
    pool = TOTAL_VOTERS - sum(fixed.values())
    total_area = sum(areas.values())
    raw = {c: pool * (0.5 / len(rest) + 0.5 * a / total_area) for c, a in areas.items()}
    out = {c: int(x) for c, x in raw.items()}
    for c in sorted(raw, key=lambda c: (-(raw[c] - int(raw[c])), c))[: pool - sum(out.values())]:
        out[c] += 1
    out.update(fixed)
    assert sum(out.values()) == TOTAL_VOTERS
    return out


def kerawanan(code: str, district: str) -> dict[str, float | str | None]:
    """Indicator values: the named villages' from NAMED_INDICATORS, the others drawn from the hash
    of the code at low base rates (illustrative, like the selection of villages itself)."""
    h = bytes.fromhex(hashlib.sha256(f"{NAME}:kerawanan:{code}".encode()).hexdigest())
    drawn: dict[str, float | str] = {
        "close_contest": float(h[0] < 38),  # ≈ 15 %
        "candidacy_dispute": float(h[1] < 13),  # ≈ 5 %
        "conflict_history": "ringan" if h[2] < 31 else "tidak",  # ≈ 12 % minor incidents
        "sara_issue": float(h[3] < 8),  # ≈ 3 %
        "money_politics_reports": float(h[4] < 26),  # ≈ 10 % one report
        "neutrality_issue": float(h[5] < 13),  # ≈ 5 %
    }
    drawn |= {
        k: (float(v) if isinstance(v, int) else v)
        for k, v in NAMED_INDICATORS.get(code, {}).items()
    }
    drawn["terrain"] = TERRAIN.get(district, "datar")
    drawn["disaster_prone"] = float(district in DISASTER_PRONE)
    return drawn


def build() -> Scenario:
    places = choose_villages()
    voters = spread_voters(places)
    order = sorted((p.code for p in places), key=_key)
    selection = [c for c in order if c not in NAMED][: len(SELECTION_TEST_REGISTRANTS)]
    rest = [c for c in order if c not in selection]
    extra = TOTAL_CANDIDATES - 5 * len(selection) - 2 * len(rest)
    candidates = {c: 5 for c in selection} | {c: 2 + (i < extra) for i, c in enumerate(rest)}
    registrants = {c: n for c, n in zip(selection, SELECTION_TEST_REGISTRANTS, strict=True)}
    registrants |= {c: candidates[c] for c in rest}
    assert sum(candidates.values()) == TOTAL_CANDIDATES
    assert sum(registrants.values()) == TOTAL_REGISTRANTS
    villages: list[Village] = []
    for p in places:
        d = geo.region(p.code[:8])
        zone = NAMED.get(p.code, ("hijau", None))[0]
        villages.append(
            Village(
                code=p.code,
                name=p.name,
                district_code=d.code,
                district_name=d.name,
                lat=p.lat,
                lng=p.lng,
                voters=voters[p.code],
                tps=1,
                candidates=candidates[p.code],
                incumbent_running=int(_key(p.code)[:2], 16) < 102,  # ≈40 %, illustrative
                zone=zone,
                pin_reason=PINS.get(p.code),
                indicators={"registrants": float(registrants[p.code])} | kerawanan(p.code, d.name),
                estimated=frozenset(
                    {"voters", "tps", "candidates", "incumbent_running", "registrants", *KERAWANAN}
                ),
                note="" if p.code in NAMED else "pilihan ilustratif / illustrative selection",
            )
        )
    units = order_of_battle(villages)
    return Scenario(
        name=NAME,
        title="Pilkades Serentak Kabupaten Klaten 2023 (gelombang I)",
        election_type=ElectionType.PILKADES,
        election_date=DAY,
        region_code=REGENCY,
        region_name=geo.region(REGENCY).name,
        illustrative=True,
        notes=(
            "67 desa di 22 kecamatan; hanya Karanganom, Glagahwangi, Kujon dan Brajan yang "
            "dipublikasikan — 63 desa lainnya pilihan ilustratif (deterministik). / Only four village "
            "names were published; the other 63 are an illustrative, deterministic selection.",
            "DPT 164.194 dibagi ke desa sebagai perkiraan (Karanganom ±8.000; sisanya separuh rata, "
            "separuh menurut luas desa). / Voters per village are estimates (half even, half by area).",
            "Zona diturunkan dari indikator kerawanan (perangkat 'pilkades'); nilai indikator per desa "
            "tidak dipublikasikan, jadi semuanya perkiraan ilustratif. Kuning (Glagahwangi, Kujon, "
            "Brajan) dan hijau (63 desa) mengikuti data; merah Karanganom adalah zona yang dikunci "
            "sesuai pernyataan Kapolres (sementara). / Zones are derived from the vulnerability "
            "indicators (set 'pilkades'); per-village values were not published, so all are "
            "illustrative estimates. Kuning (3) and hijau (63) follow from the data; Karanganom's "
            "merah is pinned as the Kapolres announced it (tentative).",
            "Tanggal tahapan selain hari pemungutan adalah perkiraan. / Phase dates other than election "
            "day are estimates.",
        ),
        sources=(
            "Kompas, Detik, Beritaklaten, Suarabaru (Juni–Juli 2023): Pilkades Klaten 2023",
            "Kode & batas wilayah: cahyadsn/wilayah, cahyadsn/wilayah_boundaries (MIT)",
        ),
        phases=default_phases(DAY, ElectionType.PILKADES),
        zones=ZONES_HKM,
        patterns=PATTERN_KLATEN_2023,
        villages=tuple(villages),
        units=tuple(units),
        indicator_set="pilkades",
        settings={
            "assess": {"missing": "exclude", "sensitivity_step": 0.2},
            "plan": {
                "sites": [
                    {
                        "id": "pemkab",
                        "name": "Kantor Bupati Klaten",
                        "lat": PEMKAB[0],
                        "lng": PEMKAB[1],
                    },
                ],
            },
            "report": {
                "polres": "Polres Klaten",
                "kodim": "Kodim 0723/Klaten",
                "pemkab": "Pemerintah Kabupaten Klaten",
                "place": "Klaten",
                "date": PLANNING_DATE,
            },
        },
    )


def _district_point(code: str) -> tuple[float, float]:
    d = geo.region(code)
    return d.lat, d.lng


def _need(villages: list[Village], force: Force) -> Counter[str]:
    """Pam TPS personnel of ``force`` per kecamatan under the published pattern."""
    out: Counter[str] = Counter()
    for v in villages:
        for r in PATTERN_KLATEN_2023:
            if r.zone == (v.zone or "hijau") and r.force == force:
                out[v.district_code] += math.ceil(r.personnel * v.tps / r.per_tps)
    return out


def order_of_battle(villages: list[Village]) -> list[Unit]:
    """Every agency's units, summing to the published totals (module docstring)."""
    est = frozenset({"strength", "lat", "lng", "contact"})
    polri, tni = _need(villages, Force.POLRI), _need(villages, Force.TNI)
    names = {v.district_code: v.district_name for v in villages}
    units: list[Unit] = []
    for i, code in enumerate(sorted(names), 1):
        lat, lng = _district_point(code)
        name = names[code]
        units.append(
            Unit(
                name=f"Polsek {name}",
                kind=UnitKind.POLSEK,
                strength=polri[code] + 2,
                lat=lat,
                lng=lng,
                contact=f"Kapolsek {name} (panggilan radio Sektor-{i:02d})",
                estimated=est,
            )  # fmt: skip
        )
        units.append(
            Unit(
                name=f"Koramil {name}",
                kind=UnitKind.KORAMIL,
                strength=tni[code],
                lat=lat,
                lng=lng,
                contact=f"Danramil {name} (jaringan Kodim)",
                estimated=est,
            )  # fmt: skip
        )
    hq = {"lat": POLRES_HQ[0], "lng": POLRES_HQ[1]}
    for k, label in enumerate(DALMAS, 1):
        units.append(
            Unit(
                name=f"Pleton {label} Sat Samapta Polres Klaten",
                kind=UnitKind.DALMAS,
                strength=PLATOON,
                min_team=PLATOON,
                **hq,
                contact=f"Danton {label} (panggilan radio Dalmas-{k})",
                estimated=est,
                note="Dalmas dari Sat Samapta / crowd control from Sat Samapta",
            )  # fmt: skip
        )
    posted = sum(u.strength for u in units if u.force == Force.POLRI)
    units.append(
        Unit(
            name="Sat Lantas Polres Klaten",
            kind=UnitKind.POLRES_LANTAS,
            strength=PUBLISHED["polri"] - posted,
            **hq,
            contact="Kasat Lantas Polres Klaten",
            estimated=est,
        )  # fmt: skip
    )
    units.append(
        Unit(
            name="Pleton PHH Kodim 0723/Klaten",
            kind=UnitKind.KODIM_RESERVE,
            strength=PUBLISHED["tni"] - sum(tni.values()),
            min_team=PUBLISHED["tni"] - sum(tni.values()),
            lat=KODIM_HQ[0],
            lng=KODIM_HQ[1],
            contact="Danton PHH Kodim 0723/Klaten",
            estimated=est,
            note="Pengendalian huru-hara TNI, satu satuan utuh / TNI riot control, one unit",
        )  # fmt: skip
    )
    office = {"lat": PEMKAB[0], "lng": PEMKAB[1]}
    units.append(
        Unit(
            name="Satpol PP Kabupaten Klaten",
            kind=UnitKind.SATPOL_PP,
            strength=PUBLISHED["satpol_pp"],
            **office,
            contact="Kasatpol PP Kabupaten Klaten",
            estimated=frozenset({"lat", "lng", "contact"}),
        )  # fmt: skip
    )
    units.append(
        Unit(
            name="Dinas Perhubungan Kabupaten Klaten",
            kind=UnitKind.DISHUB,
            strength=PUBLISHED["dishub"],
            **office,
            contact="Kepala Dinas Perhubungan Kabupaten Klaten",
            estimated=frozenset({"lat", "lng", "contact"}),
        )  # fmt: skip
    )
    same_name = Counter(v.name for v in villages)
    for v in villages:
        label = v.name if same_name[v.name] == 1 else f"{v.name} ({v.district_name})"
        units.append(
            Unit(
                name=f"Linmas Desa {label}",
                kind=UnitKind.LINMAS,
                strength=2 * v.tps,
                home_code=v.code,
                lat=v.lat,
                lng=v.lng,
                contact=f"Kepala Desa {v.name}",
                estimated=frozenset({"strength", "contact"}),
            )  # fmt: skip
        )
    for k, n in enumerate(BRIMOB_PLATOONS, 1):
        units.append(
            Unit(
                name=f"Pleton {k} Brimob BKO Polda Jateng",
                kind=UnitKind.BRIMOB_BKO,
                strength=n,
                min_team=n,
                **hq,
                arrival_at=BKO_ARRIVAL,
                available=frozenset(
                    {PhaseKind.MASA_TENANG, PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN}
                ),
                contact=f"Danton Brimob {k} (panggilan radio Brimob-{k})",
                estimated=frozenset({"strength", "arrival_at", "available", "contact"}),
                note="BKO Sat Brimob Polda Jateng (Semarang), tiba H-1 untuk apel gelar pasukan, "
                "bermarkas di Mapolres sampai penghitungan selesai / Brimob of Polda Central Java "
                "under Polres control, in Klaten from D-1 (deployment parade) until counting ends",
            )  # fmt: skip
        )
    by_kind = Counter()
    for u in units:
        by_kind["brimob" if u.kind == UnitKind.BRIMOB_BKO else u.force.value] += u.strength
    assert dict(by_kind) == PUBLISHED, by_kind
    assert sum(by_kind.values()) == 796
    return units


def check_zoning(scenario: Scenario) -> None:
    """The assess stage must reproduce the published zoning (data for kuning/hijau, pin for merah)."""
    from sispam.assess import assess

    result = assess(scenario)
    for r in result.villages:
        published = NAMED.get(r.code, ("hijau", None))[0]
        assert r.zone == published, (r.code, r.name, r.score, r.zone, published)
        assert r.pinned == (r.code in PINS), r.code
        if not r.pinned:
            assert r.derived_zone == published, (r.code, r.score)
    for r in sorted(result.villages, key=lambda r: -(r.score or 0))[:8]:
        print(f"  {r.code} {r.name:<14} {r.score:5.1f} {r.derived_zone:<7} -> {r.zone}")


if __name__ == "__main__":
    scenario = build()
    check_zoning(scenario)
    if OUT.exists():
        shutil.rmtree(OUT)
    write_scenario(scenario, OUT)
    print(
        f"wrote {OUT}: {len(scenario.villages)} villages, {len(scenario.units)} units, "
        f"{sum(u.strength for u in scenario.units)} personnel"
    )
