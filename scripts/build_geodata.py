"""Derive Sispam's embedded geography (src/sispam/geo/data/) from ../shared/data/wilayah/.

The product never reads ../shared at run time; this script is the only bridge. It is
deterministic: run it twice and the decompressed outputs are identical (tests check that the
shipped files equal a fresh build).

What it does, and why:
- ``regions.csv.gz``: every region code and official name (91,599 rows, province to village),
  with the polygon centroid where the source has one (5 decimals, ~1 m). Names are stripped of
  stray whitespace (a few source names end in a space).
- ``region_stats.csv.gz``: population (2025) and area (km2) per province and regency. A few
  codes in the source's area table lost a trailing zero ("11.1" for 11.10, "31.0" for 31); they
  are restored by matching the official name, and listed in ``MANIFEST.json``.
- ``klaten_{villages,districts,regency}.geojson.gz``: Klaten's polygons. One village polygon
  (Sedayu, 33.10.19.2002) self-intersects in the source; it is repaired with shapely's
  ``make_valid`` and snapped to the 1e-6 degree grid with ``set_precision`` (which keeps it valid).
- Reference points: a polygon's centroid can fall outside a concave polygon (13 Klaten villages,
  one kecamatan: up to ~900 m outside). For those the region's point (``lat``/``lng`` in
  ``regions.csv.gz`` and in the GeoJSON properties) is replaced by the polygon's pole of
  inaccessibility (``polylabel``), so every Klaten point lies inside its own boundary; the source
  centroid is kept in the GeoJSON as ``centroid_lat``/``centroid_lng`` and the swap is listed in
  ``MANIFEST.json``.
- Every other source centroid is checked against shapely's planar centroid (they agree within a
  few metres) and kept as published.

Usage::

    .venv/bin/python scripts/build_geodata.py [--source ../shared/data/wilayah] [--out src/sispam/geo/data]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import math
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "wilayah"
DEFAULT_OUT = ROOT / "src" / "sispam" / "geo" / "data"

SOURCES = {
    "cahyadsn/wilayah_boundaries": "3c5a7960",
    "cahyadsn/wilayah": "b7ad440a",
}
NATIONAL_DECIMALS = 5  # ~1.1 m: plenty for centroids, keeps the wheel small
POLYGON_DECIMALS = 6  # the source's own precision (~0.1 m)
# Source centroid vs shapely's planar centroid of the simplified polygon, as a share of the
# polygon's size (sqrt of area). Villages agree within 1 %; kecamatan within 6 % (up to ~300 m,
# their centroids seem to come from finer outlines than the simplified ones published).
CENTROID_TOLERANCE = 0.08
M_PER_DEG = 111_195.0


def _write_gz(path: Path, text: str) -> None:
    """gzip with a fixed mtime and no file name, so rebuilds are byte-stable for one zlib."""
    raw = text.encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    path.write_bytes(buf.getvalue())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fmt(x: float, decimals: int) -> str:
    s = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _round_coords(obj: object, decimals: int) -> object:
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), decimals) for v in obj]
        return [_round_coords(v, decimals) for v in obj]
    return obj


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _clean_name(name: str) -> str:
    return " ".join(name.split())


def _interior_point(geom: shapely.Geometry) -> shapely.Point:
    """Pole of inaccessibility of the largest part: well inside, unlike a concave centroid."""
    parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    largest = max(parts, key=lambda g: g.area)
    return polylabel(largest, tolerance=1e-6)


def build_polygons(src: Path, name: str, manifest: dict) -> tuple[str, dict[str, tuple]]:
    """Repair, round and check one Klaten GeoJSON; return its text and code -> (lat, lng)."""
    fc = json.loads((src / name).read_text(encoding="utf-8"))
    features = []
    points: dict[str, tuple[float, float]] = {}
    repaired, moved = [], []
    worst: tuple[float, float, str] = (0.0, 0.0, "")
    for feat in sorted(fc["features"], key=lambda f: f["properties"]["code"]):
        props = feat["properties"]
        code = props["code"]
        geom = shape(feat["geometry"])
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
            fixed = shapely.set_precision(fixed, 10.0**-POLYGON_DECIMALS)
            assert fixed.is_valid and fixed.geom_type in ("Polygon", "MultiPolygon"), code
            repaired.append(
                {
                    "code": code,
                    "name": props["name"],
                    "reason": reason,
                    "area_change_ratio": round(abs(fixed.area - geom.area) / geom.area, 9),
                }
            )
            geom = fixed
        geometry = mapping(geom)
        geometry = {
            "type": geometry["type"],
            "coordinates": _round_coords(geometry["coordinates"], POLYGON_DECIMALS),
        }
        check = shape(geometry)
        assert check.is_valid, f"{code} invalid after rounding"
        c_lat, c_lng = float(props["lat"]), float(props["lng"])
        planar = check.centroid
        off = math.hypot((planar.x - c_lng) * math.cos(math.radians(c_lat)), planar.y - c_lat)
        rel = off / math.sqrt(check.area)
        assert rel < CENTROID_TOLERANCE, f"{code}: centroid off by {off * M_PER_DEG:.0f} m"
        worst = max(worst, (round(rel, 4), round(off * M_PER_DEG, 1), code))
        lat, lng = c_lat, c_lng
        outside_m = check.distance(shapely.Point(c_lng, c_lat)) * M_PER_DEG
        if outside_m > 0:
            p = _interior_point(check)
            lat, lng = round(p.y, POLYGON_DECIMALS), round(p.x, POLYGON_DECIMALS)
            assert check.contains(shapely.Point(lng, lat)), code
            moved.append(
                {"code": code, "name": props["name"], "centroid_outside_by_m": round(outside_m)}
            )
        points[code] = (lat, lng)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": code,
                    "name": _clean_name(props["name"]),
                    "lat": lat,
                    "lng": lng,
                    "centroid_lat": c_lat,
                    "centroid_lng": c_lng,
                },
                "geometry": geometry,
            }
        )
    manifest["files"][name + ".gz"] = {
        "features": len(features),
        "repaired": repaired,
        "point_moved_inside": moved,
        "largest_centroid_offset": {
            "share_of_size": worst[0],
            "metres": worst[1],
            "code": worst[2],
        },
    }
    out = {"type": "FeatureCollection", "features": features}
    return json.dumps(out, separators=(",", ":"), ensure_ascii=False) + "\n", points


def build(src: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict = {
        "generated_by": "scripts/build_geodata.py",
        "sources": SOURCES,
        "source_files": {
            p.name: _sha256(p) for p in sorted(src.glob("*")) if p.suffix in (".csv", ".geojson")
        },
        "files": {},
    }

    # Klaten polygons first: their reference points override the national centroids.
    points: dict[str, tuple[float, float]] = {}
    for name in ("klaten_villages.geojson", "klaten_districts.geojson", "klaten_regency.geojson"):
        text, pts = build_polygons(src, name, manifest)
        _write_gz(out / (name + ".gz"), text)
        points.update(pts)

    centroids: dict[str, tuple[float, float]] = {}
    for name in (
        "indonesia_regency_centroids.csv",
        "indonesia_district_centroids.csv",
        "indonesia_village_centroids.csv",
    ):
        for row in _read_csv(src / name):
            centroids[row["code"]] = (float(row["lat"]), float(row["lng"]))
    centroids.update(points)

    regions = _read_csv(src / "indonesia_regions.csv")
    regions.sort(key=lambda r: r["code"])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "lat", "lng"])
    with_point = 0
    for row in regions:
        ll = centroids.get(row["code"])
        if ll is None:
            w.writerow([row["code"], _clean_name(row["name"]), "", ""])
        else:
            with_point += 1
            w.writerow(
                [
                    row["code"],
                    _clean_name(row["name"]),
                    _fmt(ll[0], NATIONAL_DECIMALS),
                    _fmt(ll[1], NATIONAL_DECIMALS),
                ]
            )
    _write_gz(out / "regions.csv.gz", buf.getvalue())
    codes = {r["code"] for r in regions}
    assert set(centroids) <= codes, "centroid for an unknown code"
    manifest["files"]["regions.csv.gz"] = {"rows": len(regions), "with_point": with_point}

    # Population and area per province/regency. The source's national total (code "0") is not
    # a region code, so it is left out.
    names = {r["code"]: _clean_name(r["name"]) for r in regions}
    fixed_codes: list[dict[str, str]] = []

    def fix_code(row: dict[str, str], file: str) -> str:
        # Some codes lost a trailing zero in a spreadsheet ("11.1" for 11.10, "31.0" for 31):
        # take the candidate whose official name matches the row's name.
        code = row["code"]
        if code in names:
            return code
        for cand in (code + "0", code.split(".")[0]):
            if names.get(cand) == _clean_name(row["name"]):
                fixed_codes.append({"file": file, "code": code, "fixed": cand})
                return cand
        return code

    pop = {
        fix_code(r, "indonesia_population.csv"): r
        for r in _read_csv(src / "indonesia_population.csv")
    }
    area = {
        fix_code(r, "indonesia_area_km2.csv"): r["area_km2"]
        for r in _read_csv(src / "indonesia_area_km2.csv")
    }
    stat_codes = sorted((set(pop) | set(area)) & codes)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "male", "female", "population", "area_km2"])
    for code in stat_codes:
        p = pop.get(code)
        w.writerow(
            [
                code,
                p["male"] if p else "",
                p["female"] if p else "",
                p["total"] if p else "",
                area.get(code, ""),
            ]
        )
    _write_gz(out / "region_stats.csv.gz", buf.getvalue())
    manifest["files"]["region_stats.csv.gz"] = {
        "rows": len(stat_codes),
        "codes_fixed": fixed_codes,
        "left_out": sorted((set(pop) | set(area)) - codes),
    }
    (out / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    manifest = build(args.source, args.out)
    for name, info in manifest["files"].items():
        size = (args.out / name).stat().st_size
        print(f"{name:34s} {size / 1024:8.1f} KiB  {json.dumps(info, ensure_ascii=False)[:150]}")


if __name__ == "__main__":
    main()
