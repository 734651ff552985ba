"""Memuat skenario (load a scenario) from a directory or by embedded name, validating everything.

All problems are collected and raised together as one :class:`ScenarioError`, each naming the
file, row and column, so a planner can fix a spreadsheet in one pass.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sispam import geo
from sispam.domain import (
    Phase,
    PhaseKind,
    Scenario,
    StaffingRule,
    Unit,
    Village,
    ZoneSet,
)
from sispam.i18n import t
from sispam.scenario.csvfile import Row, read_table
from sispam.scenario.errors import ScenarioError, ScenarioIssue, issues_from_validation
from sispam.scenario.files import (
    ALL_PHASES_WORDS,
    FALSE_WORDS,
    SCENARIO_FILE,
    STAGE_SECTIONS,
    TOML_SECTIONS,
    TRUE_WORDS,
    UNIT_COLUMNS,
    UNIT_OPTIONAL,
    UNIT_REQUIRED,
    UNIT_SPECIAL,
    UNITS_FILE,
    VILLAGE_COLUMNS,
    VILLAGE_OPTIONAL,
    VILLAGE_REQUIRED,
    VILLAGE_SPECIAL,
    VILLAGES_FILE,
)

Source = Path | Traversable


def embedded_names() -> list[str]:
    """Names of the scenarios shipped inside the package."""
    root = resources.files("sispam.scenario") / "embedded"
    return sorted(e.name for e in root.iterdir() if e.is_dir() and not e.name.startswith("_"))


def resolve(name_or_dir: str | Path) -> Source:
    """A scenario argument is a directory, or else the name of an embedded scenario."""
    path = Path(name_or_dir)
    if path.is_dir():
        return path
    if str(name_or_dir) in embedded_names():
        return resources.files("sispam.scenario") / "embedded" / str(name_or_dir)
    raise ScenarioError(
        [
            ScenarioIssue(
                file=str(name_or_dir),
                message=t(
                    "scenario.not_found", name=name_or_dir, embedded=", ".join(embedded_names())
                ),
            )
        ]
    )


def load_scenario(name_or_dir: str | Path) -> Scenario:
    """Load and validate a scenario; raises :class:`ScenarioError` listing every problem."""
    src = resolve(name_or_dir)
    issues: list[ScenarioIssue] = []
    head = _read_toml(src, issues)
    village_header, village_rows = _read_csv(src, VILLAGES_FILE, VILLAGE_REQUIRED, issues)
    unit_header, unit_rows = _read_csv(src, UNITS_FILE, UNIT_REQUIRED, issues)
    if issues:
        raise ScenarioError(issues)
    parts = _header(head, issues)
    _locate_indicator_set(parts, src, issues)
    indicator_columns = _indicator_columns(parts, issues)
    if indicator_columns is not None:
        _known_columns(VILLAGES_FILE, village_header, VILLAGE_COLUMNS, indicator_columns, issues)
    _known_columns(UNITS_FILE, unit_header, UNIT_COLUMNS, frozenset(), issues)
    if issues:
        raise ScenarioError(issues)
    zones = parts.get("zones")
    zone_ids = zones.ids() if zones is not None else None
    villages = _villages(village_rows, parts.get("region_code"), zone_ids, issues)
    units = _units(unit_rows, {v.code: v for v in villages}, issues)
    if parts.get("zones") is not None:
        _cross_checks(parts, issues)
    if issues:
        raise ScenarioError(issues)
    try:
        return Scenario(**parts, villages=tuple(villages), units=tuple(units))
    except ValidationError as exc:  # pragma: no cover - the parts were validated one by one
        raise ScenarioError(issues_from_validation(exc, SCENARIO_FILE)) from exc


def _report(
    issues: list[ScenarioIssue],
    file: str,
    key: str,
    row_no: int | None = None,
    col: str | None = None,
    **values: object,
) -> None:
    """Record one problem (file, spreadsheet row, column), localised from the i18n ``key``."""
    issues.append(ScenarioIssue(file=file, row=row_no, column=col, message=t(key, **values)))


# --- reading files ---------------------------------------------------------------------------


def _read_text(src: Source, fname: str, issues: list[ScenarioIssue]) -> str | None:
    entry = src / fname
    if not entry.is_file():
        _report(issues, fname, "scenario.file_missing")
        return None
    raw = entry.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        _report(issues, fname, "scenario.not_utf8", row_no=line)
        return None
    if not text.strip():
        _report(issues, fname, "scenario.empty_file")
        return None
    return text


def _read_toml(src: Source, issues: list[ScenarioIssue]) -> dict[str, Any]:
    text = _read_text(src, SCENARIO_FILE, issues)
    if text is None:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        _report(issues, SCENARIO_FILE, "scenario.toml_syntax", detail=str(exc))
        return {}


def _read_csv(
    src: Source, fname: str, required: tuple[str, ...], issues: list[ScenarioIssue]
) -> tuple[list[str], list[Row]]:
    text = _read_text(src, fname, issues)
    if text is None:
        return [], []
    n_before = len(issues)

    def report(key: str, row_no: int | None = None, col: str | None = None, **values: object):
        _report(issues, fname, key, row_no, col, **values)

    header, rows = read_table(text, required, report)
    if not rows and len(issues) == n_before:
        _report(issues, fname, "scenario.no_rows")
    return header, rows


# --- the TOML part ---------------------------------------------------------------------------


def _validated(
    build: Callable[[], Any], issues: list[ScenarioIssue], prefix: str = ""
) -> Any | None:
    try:
        return build()
    except ValidationError as exc:
        found = issues_from_validation(exc, SCENARIO_FILE)
        for i in found:
            column = f"{prefix}.{i.column}" if prefix and i.column else (i.column or prefix or None)
            issues.append(ScenarioIssue(file=i.file, message=i.message, column=column))
        return None


def _header(doc: dict[str, Any], issues: list[ScenarioIssue]) -> dict[str, Any]:
    """Validate the TOML sections one by one so each error names its key path."""
    for key in doc:
        if key not in TOML_SECTIONS + STAGE_SECTIONS:
            _report(
                issues,
                SCENARIO_FILE,
                "scenario.unknown_section",
                col=key,
                section=key,
                known=", ".join(TOML_SECTIONS[1:] + STAGE_SECTIONS),
            )
    for required, kind in (("scenario", dict), ("zones", list)):
        if not isinstance(doc.get(required), kind):
            _report(
                issues, SCENARIO_FILE, "scenario.missing_section", col=required, section=required
            )
    if issues:
        return {}
    meta = dict(doc["scenario"])
    zone_method = meta.pop("zone_method", "threshold")
    region_code = str(meta.get("region_code", ""))
    if "region_name" not in meta and region_code:
        try:
            meta["region_name"] = geo.region(region_code).name
        except geo.GeoLookupError:
            _report(
                issues,
                SCENARIO_FILE,
                "scenario.region_unknown",
                col="scenario.region_code",
                code=region_code,
            )
            meta["region_name"] = region_code
    phases = [
        _validated(lambda p=p: Phase.model_validate(p), issues, f"phases.{i}")
        for i, p in enumerate(doc.get("phases", []))
    ]
    zones = _validated(
        lambda: ZoneSet.model_validate({"method": zone_method, "zones": doc["zones"]}), issues
    )
    patterns = [
        _validated(lambda p=p: StaffingRule.model_validate(p), issues, f"patterns.{i}")
        for i, p in enumerate(doc.get("patterns", []))
    ]
    settings = {k: v for k, v in doc.items() if k in STAGE_SECTIONS}
    parts = {
        **meta,
        "phases": tuple(p for p in phases if p is not None),
        "zones": zones,
        "patterns": tuple(p for p in patterns if p is not None),
        "travel": doc.get("travel", {}),
        "settings": settings,
    }
    # Validate the scalar metadata through the Scenario model itself, with placeholders for the
    # tables (which were checked above), so that typos in [scenario] keys are caught too.
    probe = {**parts, "villages": (), "units": ()}
    if zones is not None:
        _validated(lambda: Scenario.model_validate(probe), issues, "scenario")
    return parts


def _locate_indicator_set(parts: dict[str, Any], src: Source, issues: list[ScenarioIssue]) -> None:
    """A custom indicator-set file is named relative to the scenario directory: make it absolute
    (so `assess` does not depend on the working directory) and check that it exists."""
    ref = parts.get("indicator_set")
    if not isinstance(ref, str) or not (ref.endswith(".toml") or "/" in ref or "\\" in ref):
        return
    path = Path(ref)
    if not path.is_absolute():
        path = ((src if isinstance(src, Path) else Path(str(src))) / path).resolve()
    if not path.is_file():
        issues.append(
            ScenarioIssue(
                file=SCENARIO_FILE,
                column="scenario.indicator_set",
                message=t("assess.set.no_file") + f" ({ref})",
            )
        )
        return
    parts["indicator_set"] = str(path)


def _indicator_columns(parts: dict[str, Any], issues: list[ScenarioIssue]) -> frozenset[str] | None:
    """The villages.csv columns that hold indicator values: those the scenario's indicator set
    reads, and those ``[scenario] indicator_columns`` declares (e.g. for another set used with
    ``assess --indicator-set``). None if the set itself cannot be read (reported)."""
    declared = set(parts.get("indicator_columns") or ())
    ref = parts.get("indicator_set")
    if not isinstance(ref, str) or not ref:
        return frozenset(declared)
    from sispam.assess import load_indicator_set  # the set's own loader and format
    from sispam.domain import SispamError

    try:
        iset = load_indicator_set(ref)
    except SispamError as exc:
        issues.append(
            ScenarioIssue(file=SCENARIO_FILE, column="scenario.indicator_set", message=str(exc))
        )
        return None
    return frozenset(declared | {i.column for i in iset.indicators})


def _known_columns(
    fname: str,
    header: list[str],
    fixed: tuple[str, ...],
    indicators: frozenset[str],
    issues: list[ScenarioIssue],
) -> None:
    """Every column must be one the format names: a misspelt one is not silently read as an
    indicator (or ignored), it is an error suggesting the closest known name."""
    known = [*fixed, *sorted(indicators - set(fixed))]
    for col in header:
        if col in fixed or col in indicators:
            continue
        from rapidfuzz import fuzz, process  # only for a column not known (start-up, #14)

        close = process.extractOne(col, known, scorer=fuzz.ratio, score_cutoff=60)
        hint = t("scenario.did_you_mean", name=close[0]) if close else ""
        _report(
            issues,
            fname,
            "scenario.unknown_column",
            row_no=1,
            col=col,
            column=col,
            hint=hint,
            known=", ".join(known),
        )


# --- the CSV tables --------------------------------------------------------------------------


def _cells(
    row: dict[str, str],
    required: tuple[str, ...],
    optional: tuple[str, ...],
    special: frozenset[str],
) -> dict[str, Any]:
    """The cells that go to the model field of the same name as they are: every required one,
    and each optional one that is not empty (an empty cell keeps the field's default). Columns in
    ``special`` are read by the loader itself. A new plain column is one entry in ``files.py``."""
    out = {c: row.get(c, "") for c in required if c not in special}
    out |= {c: row[c] for c in optional if c not in special and row.get(c, "") != ""}
    return out


def _bool(value: str) -> bool | str:
    low = value.strip().lower()
    if low in TRUE_WORDS:
        return True
    if low in FALSE_WORDS:
        return False
    return value


def _number_or_text(value: str) -> float | str | None:
    """An indicator cell: a finite number, or the text as written ("nan", "inf" and words stay
    text, so the assessment names the cell instead of computing with it)."""
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        return value
    return number if math.isfinite(number) else value


def _estimated(
    value: str, allowed: set[str], fname: str, row: int, issues: list[ScenarioIssue]
) -> frozenset[str]:
    fields = {f.strip() for f in value.split(";") if f.strip()}
    for f in sorted(fields - allowed):
        _report(issues, fname, "scenario.unknown_estimated", row_no=row, col="estimated", field=f)
    return frozenset(fields & allowed)


def _villages(
    rows: list[Row],
    region_code: str | None,
    zone_ids: list[str] | None,
    issues: list[ScenarioIssue],
) -> list[Village]:
    out: list[Village] = []
    first_row: dict[str, int] = {}
    for row_no, row in rows:
        code = row.get("code", "")
        if code in first_row:
            _report(
                issues,
                VILLAGES_FILE,
                "scenario.duplicate_village",
                row_no=row_no,
                col="code",
                code=code,
                first=first_row[code],
            )
            continue
        first_row[code] = row_no
        try:
            place = geo.region(code)
        except geo.GeoLookupError:
            _report(
                issues,
                VILLAGES_FILE,
                "scenario.unknown_village",
                row_no=row_no,
                col="code",
                code=code,
            )
            continue
        if region_code and not code.startswith(region_code + "."):
            _report(
                issues,
                VILLAGES_FILE,
                "scenario.village_outside_region",
                row_no=row_no,
                col="code",
                code=code,
                region=region_code,
            )
            continue
        district = geo.region(code[:8])
        indicators = {k: _number_or_text(v) for k, v in row.items() if k not in VILLAGE_COLUMNS}
        allowed = set(VILLAGE_COLUMNS) | set(indicators)
        data: dict[str, Any] = _cells(row, VILLAGE_REQUIRED, VILLAGE_OPTIONAL, VILLAGE_SPECIAL)
        data |= {
            "code": code,
            "name": row.get("name") or place.name,
            "district_code": district.code,
            "district_name": district.name,
            "incumbent_running": _bool(row.get("incumbent_running", "")),
            "indicators": indicators,
            "estimated": _estimated(
                row.get("estimated", ""), allowed, VILLAGES_FILE, row_no, issues
            ),
        }
        lat, lng = row.get("lat") or place.lat, row.get("lng") or place.lng
        if lat is not None:
            data |= {"lat": lat, "lng": lng}
        if zone_ids is not None and data.get("zone") and data["zone"] not in zone_ids:
            _report(
                issues,
                VILLAGES_FILE,
                "scenario.unknown_zone",
                row_no=row_no,
                col="zone",
                zone=data["zone"],
                zones=", ".join(zone_ids),
            )
            continue
        try:
            out.append(Village.model_validate(data))
        except ValidationError as exc:
            issues.extend(issues_from_validation(exc, VILLAGES_FILE, row_no))
    return out


def _phases(value: str, row_no: int, issues: list[ScenarioIssue]) -> frozenset[PhaseKind]:
    if value.strip().lower() in ALL_PHASES_WORDS:
        return frozenset()
    out: set[PhaseKind] = set()
    for word in (w.strip().lower() for w in value.split(";")):
        try:
            out.add(PhaseKind(word))
        except ValueError:
            _report(
                issues,
                UNITS_FILE,
                "scenario.unknown_phase",
                row_no=row_no,
                col="available",
                phase=word,
                phases=", ".join(PhaseKind),
            )
    return frozenset(out)


def _units(
    rows: list[Row], villages: dict[str, Village], issues: list[ScenarioIssue]
) -> list[Unit]:
    out: list[Unit] = []
    first_row: dict[str, int] = {}
    for row_no, row in rows:
        name = row.get("name", "")
        if name in first_row:
            _report(
                issues,
                UNITS_FILE,
                "scenario.duplicate_unit",
                row_no=row_no,
                col="name",
                name=name,
                first=first_row[name],
            )
            continue
        first_row[name] = row_no
        home = row.get("home", "")
        lat, lng = row.get("lat", ""), row.get("lng", "")
        if home and not (lat and lng):
            if home in villages:
                lat, lng = villages[home].lat, villages[home].lng
            else:
                try:
                    place = geo.region(home)
                    lat, lng = place.lat, place.lng
                except geo.GeoLookupError:
                    _report(
                        issues,
                        UNITS_FILE,
                        "scenario.unknown_village",
                        row_no=row_no,
                        col="home",
                        code=home,
                    )
                    continue
        elif not (lat and lng):
            _report(issues, UNITS_FILE, "scenario.no_home", row_no=row_no, col="home")
            continue
        data: dict[str, Any] = _cells(row, UNIT_REQUIRED, UNIT_OPTIONAL, UNIT_SPECIAL)
        data |= {
            "kind": row.get("kind", "").strip().lower(),
            "home_code": home or None,
            "lat": lat,
            "lng": lng,
            "available": _phases(row.get("available", ""), row_no, issues),
            "estimated": _estimated(
                row.get("estimated", ""), set(UNIT_COLUMNS), UNITS_FILE, row_no, issues
            ),
        }
        try:
            out.append(Unit.model_validate(data))
        except ValidationError as exc:
            issues.extend(issues_from_validation(exc, UNITS_FILE, row_no, {"home_code": "home"}))
    return out


# --- rules that span files -------------------------------------------------------------------


def _cross_checks(parts: dict[str, Any], issues: list[ScenarioIssue]) -> None:
    zones: ZoneSet = parts["zones"]
    zone_ids = zones.ids()
    seen: set[tuple[str, str]] = set()
    for i, rule in enumerate(parts["patterns"]):
        if rule.zone not in zone_ids:
            _report(
                issues,
                SCENARIO_FILE,
                "scenario.unknown_zone",
                col=f"patterns.{i}.zone",
                zone=rule.zone,
                zones=", ".join(zone_ids),
            )
        if (rule.zone, rule.force) in seen:
            _report(
                issues,
                SCENARIO_FILE,
                "scenario.pattern_duplicate",
                col=f"patterns.{i}",
                zone=rule.zone,
                force=rule.force,
            )
        seen.add((rule.zone, rule.force))
    for zone in zone_ids:
        if parts["patterns"] and not any(r.zone == zone for r in parts["patterns"]):
            _report(issues, SCENARIO_FILE, "scenario.pattern_missing", col="patterns", zone=zone)
    order = list(PhaseKind)
    phases: list[Phase] = sorted(parts["phases"], key=lambda p: order.index(p.kind))
    kinds = [p.kind for p in parts["phases"]]
    for k in {k for k in kinds if kinds.count(k) > 1}:
        _report(issues, SCENARIO_FILE, "scenario.duplicate_phase", col="phases", phase=k)
    for prev, cur in zip(phases, phases[1:], strict=False):
        if cur.start < prev.start:
            _report(
                issues,
                SCENARIO_FILE,
                "scenario.phase_order",
                col=f"phases.{parts['phases'].index(cur)}.start",
                phase=cur.kind,
                previous=prev.kind,
            )
    voting = next((p for p in phases if p.kind == PhaseKind.PEMUNGUTAN), None)
    day = parts.get("election_date")
    if (
        voting is not None
        and isinstance(day, date)
        and not voting.start.date() <= day <= voting.end.date()
    ):
        _report(
            issues,
            SCENARIO_FILE,
            "scenario.date_outside_voting",
            col="scenario.election_date",
            date=day,
        )


__all__ = ["embedded_names", "load_scenario", "resolve"]
