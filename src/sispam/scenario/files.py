"""The scenario file format: one TOML file and two CSV tables a planner edits in a spreadsheet.

```
SCENARIO/
  scenario.toml   [scenario], [[phases]], [zones] + [[zones.zone]], [[patterns]], [travel],
                  and per-stage settings ([assess], [plan], [sim], ...)
  villages.csv    one row per participating village (desa peserta)
  units.csv       one row per unit (satuan) of every agency
```
CSV files are UTF-8 (a BOM is fine), comma- or semicolon-separated. Rows are numbered like a
spreadsheet: the header is row 1. The ``estimated`` column lists, separated by ``;``, the columns
of that row whose values are estimates.
"""

from __future__ import annotations

SCENARIO_FILE = "scenario.toml"
VILLAGES_FILE = "villages.csv"
UNITS_FILE = "units.csv"

# villages.csv columns. A column named like a Village field goes to that field as written (empty:
# the field's default); the loader reads those in VILLAGE_SPECIAL itself. Other columns hold
# indicator values: those the scenario's indicator set reads, or those `[scenario]
# indicator_columns` declares; any other column is an error (a misspelt name is not data).
VILLAGE_REQUIRED = ("code", "voters", "tps", "candidates")
VILLAGE_OPTIONAL = (
    "name",
    "lat",
    "lng",
    "incumbent_running",
    "zone",
    "pin_reason",
    "estimated",
    "note",
)
VILLAGE_COLUMNS = VILLAGE_REQUIRED + VILLAGE_OPTIONAL
VILLAGE_SPECIAL = frozenset({"code", "name", "lat", "lng", "incumbent_running", "estimated"})

# units.csv columns, read the same way (`home` is the village code of the unit's base).
UNIT_REQUIRED = ("name", "kind", "strength")
UNIT_OPTIONAL = (
    "home",
    "lat",
    "lng",
    "available",
    "arrival_delay_min",
    "arrival_at",  # when a BKO reinforcement is in the area, e.g. 2023-07-04 06:00 (D-1)
    "min_team",
    "contact",
    "estimated",
    "note",
)
UNIT_COLUMNS = UNIT_REQUIRED + UNIT_OPTIONAL
UNIT_SPECIAL = frozenset({"kind", "home", "lat", "lng", "available", "estimated"})

# Top-level TOML tables: the scenario's own, and the settings sections each stage validates.
TOML_SECTIONS = ("schema_version", "scenario", "phases", "zones", "patterns", "travel")
STAGE_SECTIONS = ("assess", "plan", "sim", "report", "outreach", "exercise", "ops", "posko")

TRUE_WORDS = {"ya", "y", "yes", "true", "t", "1", "benar"}
FALSE_WORDS = {"tidak", "tdk", "no", "n", "false", "f", "0", "salah", ""}
ALL_PHASES_WORDS = {"", "semua", "all", "*"}
