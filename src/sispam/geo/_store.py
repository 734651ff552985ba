"""Load the embedded tables once, lazily; everything here is read-only after loading."""

from __future__ import annotations

import csv
import gzip
import io
import json
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from .region import LEVELS, Level, Region


def _read_text(name: str) -> str:
    raw = (resources.files("sispam.geo") / "data" / name).read_bytes()
    return gzip.decompress(raw).decode("utf-8") if name.endswith(".gz") else raw.decode("utf-8")


@dataclass(frozen=True)
class Table:
    """All 91,599 regions, sorted by code, with one sorted code list per level for range scans."""

    index: dict[str, int]
    codes: list[str]
    names: list[str]
    lat: np.ndarray  # NaN where no point
    lng: np.ndarray
    by_level: dict[Level, list[str]]

    def region(self, i: int) -> Region:
        code = self.codes[i]
        la, ln = float(self.lat[i]), float(self.lng[i])
        has = la == la  # not NaN
        return Region(
            code=code,
            name=self.names[i],
            level=LEVELS[code.count(".")],
            lat=la if has else None,
            lng=ln if has else None,
        )

    def descendant_range(self, prefix: str, level: Level) -> tuple[int, int]:
        """Slice of ``by_level[level]`` under ``prefix``: '/' sorts right after '.'."""
        codes = self.by_level[level]
        return bisect_left(codes, prefix + "."), bisect_left(codes, prefix + "/")

    def descendants(self, prefix: str, level: Level) -> list[str]:
        """Codes at ``level`` under ``prefix``, sorted."""
        lo, hi = self.descendant_range(prefix, level)
        return self.by_level[level][lo:hi]


@cache
def _rows() -> list[str]:
    """The region table's rows as text, in code order (no header).

    Rows sort as their codes do: a row is ``code,`` then the rest, and ``,`` sorts before the
    ``.`` that continues a longer code, so a parent's row comes before its children's.
    """
    rows = _read_text("regions.csv.gz").split("\n")[1:]
    return rows[:-1] if rows and not rows[-1] else rows


def row_region(code: str) -> Region | None:
    """The region with exactly this code, or ``None``, without building the whole :func:`table`.

    Parsing all 91,599 rows into the table takes about 0.3 s; a scenario names a few hundred
    codes, which a binary search over the rows finds in microseconds (issue #14: start-up of
    ``scenario check``). Once the table is built, it answers instead.
    """
    if table.cache_info().currsize:
        tab = table()
        i = tab.index.get(code)
        return None if i is None else tab.region(i)
    rows = _rows()
    key = code + ","
    i = bisect_left(rows, key)
    if i == len(rows) or not rows[i].startswith(key):
        return None
    _code, name, la, ln = next(csv.reader([rows[i]]))
    return Region(
        code=code,
        name=name,
        level=LEVELS[code.count(".")],
        lat=float(la) if la else None,
        lng=float(ln) if ln else None,
    )


@cache
def table() -> Table:
    reader = csv.reader(io.StringIO(_read_text("regions.csv.gz")))
    next(reader)
    codes: list[str] = []
    names: list[str] = []
    lat: list[float] = []
    lng: list[float] = []
    nan = float("nan")
    for code, name, la, ln in reader:
        codes.append(code)
        names.append(name)
        lat.append(float(la) if la else nan)
        lng.append(float(ln) if ln else nan)
    by_level: dict[Level, list[str]] = {lv: [] for lv in LEVELS}
    for code in codes:
        by_level[LEVELS[code.count(".")]].append(code)
    lat_a = np.array(lat)
    lng_a = np.array(lng)
    lat_a.setflags(write=False)
    lng_a.setflags(write=False)
    return Table(
        index={c: i for i, c in enumerate(codes)},
        codes=codes,
        names=names,
        lat=lat_a,
        lng=lng_a,
        by_level=by_level,
    )


@cache
def stats() -> dict[str, tuple[int | None, float | None]]:
    """code -> (population 2025, area km2) for provinces and regencies."""
    reader = csv.reader(io.StringIO(_read_text("region_stats.csv.gz")))
    next(reader)
    return {
        code: (int(pop) if pop else None, float(area) if area else None)
        for code, _male, _female, pop, area in reader
    }


@cache
def polygons(level: Level) -> dict[str, str]:
    """code -> GeoJSON geometry as JSON text (parsed per call, so callers get a fresh dict)."""
    name = {
        "village": "klaten_villages.geojson.gz",
        "district": "klaten_districts.geojson.gz",
        "regency": "klaten_regency.geojson.gz",
    }.get(level)
    if name is None:
        return {}
    fc = json.loads(_read_text(name))
    return {
        f["properties"]["code"]: json.dumps(f["geometry"], separators=(",", ":"))
        for f in fc["features"]
    }


@cache
def village_centroids() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tab = table()
    villages = tab.by_level["village"]
    idx = np.fromiter((tab.index[c] for c in villages), dtype=np.int64, count=len(villages))
    keep = ~np.isnan(tab.lat[idx])
    idx = idx[keep]
    codes = np.array(villages, dtype=str)[keep]
    lat, lng = tab.lat[idx].copy(), tab.lng[idx].copy()
    for a in (codes, lat, lng):
        a.setflags(write=False)
    return codes, lat, lng
