"""Calon pos siaga (candidate staging posts) for the reserves: Polsek, Koramil, kecamatan centres,
the Polres/Kodim headquarters and any site the scenario lists."""

from __future__ import annotations

from dataclasses import dataclass

from sispam.domain import Scenario, UnitKind
from sispam.i18n import t
from sispam.plan.settings import PlanSettings

_SOURCE_ORDER = ("listed", "hq", "polsek", "koramil", "kecamatan")
_HQ_KINDS = (UnitKind.POLRES_SAMAPTA, UnitKind.DALMAS, UnitKind.KODIM_RESERVE)


@dataclass(frozen=True)
class Site:
    """A candidate staging post."""

    id: str
    name: str
    kind: str  # polsek | koramil | kecamatan | hq | listed | pemkab
    lat: float
    lng: float


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def district_centres(scenario: Scenario) -> dict[str, tuple[str, float, float]]:
    """Kecamatan centre per participating district: the embedded centroid, else the mean of its
    participating villages."""
    from sispam import geo

    groups: dict[str, list[tuple[float, float]]] = {}
    names: dict[str, str] = {}
    for v in scenario.villages:
        groups.setdefault(v.district_code, []).append((v.lat, v.lng))
        names[v.district_code] = v.district_name
    out: dict[str, tuple[str, float, float]] = {}
    for code, pts in groups.items():
        lat = lng = None
        try:
            place = geo.region(code)
            lat, lng = place.lat, place.lng
        except geo.GeoLookupError:
            pass
        if lat is None or lng is None:
            lat = sum(p[0] for p in pts) / len(pts)
            lng = sum(p[1] for p in pts) / len(pts)
        out[code] = (names[code], float(lat), float(lng))
    return out


def candidate_sites(
    scenario: Scenario, settings: PlanSettings
) -> tuple[list[Site], dict[str, str]]:
    """Candidate sites in a stable order, one per location (the first source in
    listed → hq → polsek → koramil → kecamatan names it), and an alias map from every dropped
    duplicate's id to the kept id (so ``fixed`` may name either)."""
    wanted = set(settings.reserve.sources)
    found: dict[str, list[Site]] = {s: [] for s in _SOURCE_ORDER}
    if "listed" in wanted:
        found["listed"] = [
            Site(s.id, s.name, "listed", s.lat, s.lng) for s in settings.sites if s.id != "pemkab"
        ]
    for u in scenario.units:
        if u.kind == UnitKind.POLSEK and "polsek" in wanted:
            found["polsek"].append(Site(f"polsek:{_slug(u.name)}", u.name, "polsek", u.lat, u.lng))
        elif u.kind == UnitKind.KORAMIL and "koramil" in wanted:
            found["koramil"].append(
                Site(f"koramil:{_slug(u.name)}", u.name, "koramil", u.lat, u.lng)
            )
        elif u.kind in _HQ_KINDS and "hq" in wanted:
            # Named for the headquarters, not the unit that happens to be listed first there.
            key = "plan.site.makodim" if u.kind == UnitKind.KODIM_RESERVE else "plan.site.mapolres"
            found["hq"].append(Site(f"hq:{_slug(u.name)}", t(key), "hq", u.lat, u.lng))
    if "kecamatan" in wanted:
        for code, (name, lat, lng) in sorted(district_centres(scenario).items()):
            found["kecamatan"].append(
                Site(
                    f"kecamatan:{code}", t("plan.place.kecamatan", name=name), "kecamatan", lat, lng
                )
            )
    sites: list[Site] = []
    alias: dict[str, str] = {}
    at: dict[tuple[float, float], str] = {}
    ids: set[str] = set()
    for source in _SOURCE_ORDER:
        for s in found[source]:
            key = (round(s.lat, 5), round(s.lng, 5))
            if s.id in alias or s.id in ids:
                continue
            if key in at:
                alias[s.id] = at[key]
                continue
            at[key] = s.id
            ids.add(s.id)
            sites.append(s)
    return sites, alias
