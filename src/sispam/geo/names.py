"""Pencocokan nama wilayah (region name matching): normalisation and fuzzy suggestions."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from rapidfuzz import fuzz, process, utils

from . import _store
from .region import Level

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})

# Prefixes people write in front of names, per level, longest first. The value is a filter
# ("kabupaten"/"kota" for regencies, "desa"/"kelurahan" for villages) or None.
PREFIXES: dict[Level, tuple[tuple[str, str | None], ...]] = {
    "province": (("provinsi ", None), ("prov. ", None), ("prov ", None)),
    "regency": (
        ("kabupaten administrasi ", "kabupaten"),
        ("kota administrasi ", "kota"),
        ("kabupaten ", "kabupaten"),
        ("kab. ", "kabupaten"),
        ("kab.", "kabupaten"),
        ("kab ", "kabupaten"),
        ("kota ", "kota"),
    ),
    "district": (("kecamatan ", None), ("kec. ", None), ("kec.", None), ("kec ", None)),
    "village": (
        ("kelurahan ", "kelurahan"),
        ("kel. ", "kelurahan"),
        ("desa ", "desa"),
        ("ds. ", "desa"),
    ),
}


def normalise(name: str) -> str:
    """Case-folded, single-spaced, with one kind of apostrophe."""
    return _SPACE.sub(" ", name.translate(_QUOTES)).strip().casefold()


def strip_prefix(norm: str, level: Level) -> tuple[str, str | None]:
    """(name without a leading 'Kabupaten'/'Kecamatan'/'Desa'…, the filter that prefix implies)."""
    for prefix, kind in PREFIXES[level]:
        if norm.startswith(prefix) and len(norm) > len(prefix):
            return norm[len(prefix) :].strip(), kind
    return norm, None


@cache
def name_index(level: Level) -> dict[str, tuple[str, ...]]:
    """normalised official name -> codes at ``level``; regencies also under their bare name."""
    tab = _store.table()
    out: dict[str, list[str]] = defaultdict(list)
    for code in tab.by_level[level]:
        norm = normalise(tab.names[tab.index[code]])
        out[norm].append(code)
        if level in ("regency", "province"):
            bare, _ = strip_prefix(norm, level)
            if bare != norm:
                out[bare].append(code)
    return {k: tuple(v) for k, v in out.items()}


def suggest(query: str, codes: Iterable[str], level: Level, limit: int = 5) -> list[str]:
    """The official names closest to ``query`` among ``codes`` (best first, no repeats)."""
    tab = _store.table()
    bare, _ = strip_prefix(normalise(query), level)
    choices: dict[str, str] = {}
    for code in codes:
        name = tab.names[tab.index[code]]
        choices.setdefault(name, strip_prefix(normalise(name), level)[0])
    if not choices or not bare:
        return []
    found = process.extract(
        bare,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=60,
    )
    return [key for _choice, _score, key in found]
