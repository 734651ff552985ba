"""Cari wilayah (region lookup) by code or name, at every level.

All functions are pure reads of the embedded tables (loaded once, lazily). Names match
case-insensitively; a leading "Kabupaten"/"Kab."/"Kota"/"Kecamatan"/"Desa"/"Kelurahan" is optional
(and, when given, narrows the match: "Kota Bandung" vs "Kabupaten Bandung", "Desa X" vs
"Kelurahan X"). A miss raises :class:`GeoLookupError` with the closest names; a name shared by
several regions raises :class:`GeoAmbiguityError` listing them with their codes.
"""

from __future__ import annotations

import re

from . import _store
from .errors import GeoAmbiguityError, GeoLookupError
from .names import name_index, normalise, strip_prefix, suggest
from .region import Level, Region, level_of

_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
_DIGITS = re.compile(r"\d{2}|\d{4}|\d{6}|\d{10}")


def _as_code(query: str) -> str | None:
    """``"33.10"`` -> itself; ``"3310242003"`` (BPS-style, no dots) -> ``"33.10.24.2003"``."""
    q = str(query).strip()
    if _CODE.fullmatch(q):
        return q
    if _DIGITS.fullmatch(q):
        parts = [q[0:2], q[2:4], q[4:6], q[6:10]]
        return ".".join(p for p in parts if p)
    return None


def _level_key(level: Level) -> str:
    return "@:geo.level." + level


def region(code: str) -> Region:
    """The region with this Kemendagri code, at any level (``"33"``, ``"33.10"``, …)."""
    norm = _as_code(code)
    if norm is None:
        raise GeoLookupError("geo.bad_code", str(code))
    reg = _store.row_region(norm)
    if reg is None:
        raise GeoLookupError("geo.unknown_code", str(code))
    return reg


def _by_code(code: str, query: str, level: Level, scope: Region | None) -> Region:
    reg = region(code)
    if reg.level != level:
        raise GeoLookupError(
            "geo.wrong_level",
            query,
            name=reg.name,
            actual=_level_key(reg.level),
            expected=_level_key(level),
        )
    if scope is not None and not reg.code.startswith(scope.code + "."):
        raise GeoLookupError("geo.not_within", query, name=reg.name, scope=scope.name)
    return reg


def _label(reg: Region) -> str:
    """``Name (code, parent name)``: enough to tell namesakes apart."""
    tab = _store.table()
    parent = reg.parent_code
    where = tab.names[tab.index[parent]] if parent else ""
    if reg.level == "district":
        where = tab.names[tab.index[reg.code[:5]]]
    elif reg.level == "village":
        where = "Kec. " + where
    return f"{reg.name} ({reg.code}, {where})" if where else f"{reg.name} ({reg.code})"


def _kind_ok(reg: Region, kind: str | None) -> bool:
    if kind is None:
        return True
    if kind == "kota":
        return reg.is_kota
    if kind == "kabupaten":
        return reg.level == "regency" and not reg.is_kota
    if kind == "desa":
        return reg.is_desa
    if kind == "kelurahan":
        return reg.is_kelurahan
    return True


def _by_name(query: str, level: Level, scope: Region | None) -> Region:
    tab = _store.table()
    index = name_index(level)
    prefix = scope.code + "." if scope else ""

    def pick(codes: tuple[str, ...], kind: str | None) -> list[Region]:
        regs = [tab.region(tab.index[c]) for c in codes if c.startswith(prefix)]
        return [r for r in regs if _kind_ok(r, kind)]

    norm = normalise(query)
    found = pick(index.get(norm, ()), None)  # the official name as written wins
    if not found:
        bare, kind = strip_prefix(norm, level)
        found = pick(index.get(bare, ()), kind)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise GeoAmbiguityError(query, [_label(r) for r in found], _level_key(level))
    if scope is not None:
        raise GeoLookupError(
            "geo.not_found_in",
            query,
            suggest(query, level, scope.code),
            level=_level_key(level),
            scope=scope.name,
        )
    raise GeoLookupError("geo.not_found", query, suggest(query, level), level=_level_key(level))


def _find(query: str, level: Level, scope: Region | None = None) -> Region:
    if not isinstance(query, str) or not query.strip():
        raise GeoLookupError("geo.empty_query", str(query), level=_level_key(level))
    code = _as_code(query)
    if code is not None:
        return _by_code(code, query, level, scope)
    return _by_name(query, level, scope)


def find_province(query: str) -> Region:
    """Provinsi by code (``"33"``) or name (``"Jawa Tengah"``, ``"Provinsi Jawa Tengah"``)."""
    return _find(query, "province")


def find_regency(query: str) -> Region:
    """Kabupaten/kota by code (``"33.10"``) or name (``"Klaten"``, ``"Kabupaten Klaten"``).

    A bare name shared by a kabupaten and a kota ("Bandung") is ambiguous unless written in full
    ("Kota Bandung", "Kab. Bandung").
    """
    return _find(query, "regency")


def area(query: str) -> Region:
    """A province, regency or district given by code or name, for "within …" arguments.

    A name is tried as a regency first, then as a district; "Kecamatan X" means the district,
    "Kabupaten X"/"Kota X" the regency, and "X, Y" the district X of regency Y (kecamatan names
    repeat across regencies: "Prambanan, Klaten" vs "Prambanan, Sleman").
    """
    if not isinstance(query, str) or not query.strip():
        raise GeoLookupError("geo.empty_query", str(query), level=_level_key("regency"))
    code = _as_code(query)
    if code is not None:
        reg = region(code)
        if reg.level == "village":
            raise GeoLookupError(
                "geo.wrong_level",
                query,
                name=reg.name,
                actual=_level_key("village"),
                expected=_level_key("area"),
            )
        return reg
    if "," in query:
        district, _, regency = query.rpartition(",")
        return find_district(district, regency=regency)
    norm = normalise(query)
    if strip_prefix(norm, "district")[0] != norm:  # "Kecamatan X" says which level it means
        return _find(query, "district")
    try:
        return _find(query, "regency")
    except GeoAmbiguityError:
        raise
    except GeoLookupError as regency_miss:
        try:
            return _find(query, "district")
        except GeoAmbiguityError:
            raise
        except GeoLookupError:
            names = suggest(query, "regency", limit=3) + suggest(query, "district", limit=3)
            raise GeoLookupError(
                "geo.not_found", query, names, level=_level_key("area")
            ) from regency_miss


def find_district(query: str, regency: str | None = None) -> Region:
    """Kecamatan by code (``"33.10.24"``) or name, optionally within a regency (code or name)."""
    scope = find_regency(regency) if regency is not None else None
    return _find(query, "district", scope)


def find_village(query: str, within: str | None = None) -> Region:
    """Desa/kelurahan by code or name, optionally ``within`` a regency or district (code or name).

    Village names repeat a lot (Klaten alone has two Karanganom): give ``within`` or the code.
    """
    scope = area(within) if within is not None else None
    return _find(query, "village", scope)


def villages_in(code_or_name: str, desa_only: bool = False) -> list[Region]:
    """Every village of a regency or district (or province), sorted by code.

    ``desa_only`` keeps the desa (and desa adat) — the villages that elect a kepala desa — and
    drops kelurahan.
    """
    scope = area(code_or_name)
    tab = _store.table()
    regs = [tab.region(tab.index[c]) for c in tab.descendants(scope.code, "village")]
    return [r for r in regs if r.is_desa] if desa_only else regs


def districts_in(regency: str) -> list[Region]:
    """Every kecamatan of a regency (or province), by code or name, sorted by code."""
    scope = area(regency)
    if scope.level == "district":
        raise GeoLookupError(
            "geo.wrong_level",
            regency,
            name=scope.name,
            actual=_level_key("district"),
            expected=_level_key("regency"),
        )
    tab = _store.table()
    return [tab.region(tab.index[c]) for c in tab.descendants(scope.code, "district")]


def regencies_in(province: str) -> list[Region]:
    """Every kabupaten/kota of a province (code or name), sorted by code."""
    scope = _find(province, "province")
    tab = _store.table()
    return [tab.region(tab.index[c]) for c in tab.descendants(scope.code, "regency")]


def regency_population(code: str) -> int | None:
    """Jumlah penduduk (2025) of a regency or province; ``None`` where the source has none."""
    reg = region(code)
    return _store.stats().get(reg.code, (None, None))[0]


def regency_area_km2(code: str) -> float | None:
    """Luas wilayah (km²) of a regency or province; ``None`` where the source has none."""
    reg = region(code)
    return _store.stats().get(reg.code, (None, None))[1]


def level_of_code(code: str) -> Level:
    """The level a well-formed code denotes, without looking it up."""
    norm = _as_code(code)
    if norm is None:
        raise GeoLookupError("geo.bad_code", str(code))
    return level_of(norm)
