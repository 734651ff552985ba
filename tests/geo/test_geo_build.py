"""The shipped data equal a fresh build from ../shared (skipped where ../shared is absent)."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import os
from pathlib import Path

import pytest

from sispam import geo

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SISPAM_SHARED_WILAYAH", ROOT.parent / "shared" / "data" / "wilayah"))
DATA = ROOT / "src" / "sispam" / "geo" / "data"

pytestmark = pytest.mark.skipif(
    not (SHARED / "indonesia_regions.csv").exists(), reason="../shared/data/wilayah is absent"
)


def _build_module():
    pytest.importorskip("shapely")
    spec = importlib.util.spec_from_file_location(
        "build_geodata", ROOT / "scripts" / "build_geodata.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_shipped_files_equal_a_fresh_build(tmp_path: Path) -> None:
    _build_module().build(SHARED, tmp_path)
    shipped = sorted(p.name for p in DATA.iterdir() if p.is_file())
    assert sorted(p.name for p in tmp_path.iterdir()) == shipped
    for name in shipped:
        a, b = (DATA / name).read_bytes(), (tmp_path / name).read_bytes()
        if name.endswith(".gz"):
            a, b = gzip.decompress(a), gzip.decompress(b)
        assert a == b, f"{name} is stale: rerun scripts/build_geodata.py"


def test_manifest_hashes_match_the_shared_sources() -> None:
    import hashlib

    manifest = json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))
    for name, digest in manifest["source_files"].items():
        assert hashlib.sha256((SHARED / name).read_bytes()).hexdigest() == digest, name


def _rows(name: str) -> list[dict[str, str]]:
    with (SHARED / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_code_and_name_as_published() -> None:
    rows = _rows("indonesia_regions.csv")
    assert len(rows) == 91_599
    for row in rows:
        assert geo.region(row["code"]).name == " ".join(row["name"].split())


def test_centroids_as_published_except_the_moved_ones() -> None:
    manifest = json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))
    moved = {m["code"] for f in manifest["files"].values() for m in f.get("point_moved_inside", [])}
    assert len(moved) == 14  # 13 Klaten villages + kecamatan Kalikotes
    rows = _rows("indonesia_village_centroids.csv") + _rows("indonesia_district_centroids.csv")
    rows += _rows("indonesia_regency_centroids.csv")
    for row in rows:
        r = geo.region(row["code"])
        if row["code"] in moved:
            assert abs(r.lat - float(row["lat"])) < 0.02
        else:
            assert r.lat == pytest.approx(float(row["lat"]), abs=6e-6), row["code"]
            assert r.lng == pytest.approx(float(row["lng"]), abs=6e-6), row["code"]


def test_population_and_area_as_published() -> None:
    for row in _rows("indonesia_population.csv"):
        if row["code"] != "0":
            assert geo.regency_population(row["code"]) == int(row["total"])
    fixed = {"11.1": "11.10", "12.1": "12.10", "12.2": "12.20", "14.1": "14.10", "31.0": "31"}
    for row in _rows("indonesia_area_km2.csv"):
        code = fixed.get(row["code"], row["code"])
        assert geo.regency_area_km2(code) == pytest.approx(float(row["area_km2"])), code


def test_klaten_polygons_cover_the_source() -> None:
    shapely_geometry = pytest.importorskip("shapely.geometry")
    src = json.loads((SHARED / "klaten_villages.geojson").read_text(encoding="utf-8"))
    assert len(src["features"]) == 401
    for feat in src["features"]:
        ours = shapely_geometry.shape(geo.village_polygon(feat["properties"]["code"]))
        theirs = shapely_geometry.shape(feat["geometry"]).buffer(0)
        assert ours.symmetric_difference(theirs).area < 1e-6 * max(theirs.area, 1e-9) + 1e-10
