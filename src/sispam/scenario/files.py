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

# villages.csv: column → meaning. Columns not listed here are indicator values (see `assess`).
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

# Top-level TOML tables: the scenario's own, and the settings sections each stage validates.
TOML_SECTIONS = ("schema_version", "scenario", "phases", "zones", "patterns", "travel")
STAGE_SECTIONS = ("assess", "plan", "sim", "report", "outreach", "exercise", "ops", "posko")

TRUE_WORDS = {"ya", "y", "yes", "true", "t", "1", "benar"}
FALSE_WORDS = {"tidak", "tdk", "no", "n", "false", "f", "0", "salah", ""}
ALL_PHASES_WORDS = {"", "semua", "all", "*"}
