"""Pencocokan nama wilayah (region name matching): normalisation and fuzzy suggestions."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

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


@cache
def _choices(level: Level) -> list[str]:
    """Per code at ``level`` (same order as the table), the name as the fuzzy matcher sees it."""
    from rapidfuzz import utils

    tab = _store.table()
    return [
        utils.default_process(strip_prefix(normalise(tab.names[tab.index[c]]), level)[0])
        for c in tab.by_level[level]
    ]


def suggest(query: str, level: Level, within: str | None = None, limit: int = 5) -> list[str]:
    """The official names at ``level`` closest to ``query`` (best first, no repeats), among the
    regions under the code ``within`` (or nationwide)."""
    # Imported here: only a name that was not found needs it, and every command that reads a
    # scenario imports this module (start-up, issue #14).
    from rapidfuzz import fuzz, process, utils

    tab = _store.table()
    codes = tab.by_level[level]
    lo, hi = (0, len(codes)) if within is None else tab.descendant_range(within, level)
    bare = utils.default_process(strip_prefix(normalise(query), level)[0])
    if not bare or lo >= hi:
        return []
    found = process.extract(
        bare,
        _choices(level)[lo:hi],
        scorer=fuzz.WRatio,
        processor=None,
        limit=limit * 4,  # namesakes collapse to one suggestion below
        score_cutoff=60,
    )
    out: list[str] = []
    for _choice, _score, i in found:
        name = tab.names[tab.index[codes[lo + i]]]
        if name not in out:
            out.append(name)
    return out[:limit]
