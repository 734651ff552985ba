"""English is complete: every label exists in both languages and no Indonesian leaks through."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import get_args

import pytest
from textdump import html_text, pdf_text, xlsx_text

from sispam.domain import (
    Agency,
    Force,
    OutreachEvent,
    PhaseKind,
    ReserveRole,
    SituationLevel,
    SolverReport,
    UnitKind,
)
from sispam.i18n import catalogue
from sispam.plan.settings import DEFAULT_POSTS
from sispam.report.tables import CONTINGENCIES

pytestmark = pytest.mark.xdist_group("report")

# Words of the report's own Indonesian that must never appear in an English document.
INDONESIAN = {
    "dan",
    "yang",
    "dengan",
    "untuk",
    "tidak",
    "belum",
    "dari",
    "pada",
    "atau",
    "oleh",
    "jumlah",
    "perkiraan",
    "tersedia",
    "kebutuhan",
    "dibutuhkan",
    "ditugaskan",
    "personel",
    "tahapan",
    "menit",
    "lampiran",
    "kegiatan",
    "petugas",
    "selisih",
    "halaman",
    "wilayah",
    "desa",
    "satuan",
    "kekuatan",
    "cadangan",
    "peta",
    "misi",
    "tugas",
    "zona",
    "dikunci",
    "terjangkau",
    "sumber",
    "bobot",
    "peluang",
    "simulasi",
}


def _labels(group: str) -> set[str]:
    return {k.rsplit(".", 1)[1] for k in catalogue() if k.startswith(f"report.{group}.")}


@pytest.mark.parametrize(
    ("group", "values"),
    [
        ("phase", [p.value for p in PhaseKind]),
        ("force", [f.value for f in Force]),
        ("kind", [k.value for k in UnitKind]),
        ("agency", [a.value for a in Agency]),
        ("activity", list(get_args(OutreachEvent.model_fields["activity"].annotation))),
        ("solver", list(get_args(SolverReport.model_fields["method"].annotation))),
        ("role", [r.value for r in ReserveRole]),
        ("post", ["tps", *(p.post for p in DEFAULT_POSTS)]),
    ],
)
def test_every_enumeration_value_has_a_label(group: str, values: list[str]) -> None:
    missing = set(values) - _labels(group)
    assert not missing, f"report.{group}.* lacks {sorted(missing)}"


def test_ladder_and_contingencies_are_complete() -> None:
    for level in SituationLevel:
        for part in ("crowd", "responder", "command"):
            assert f"report.ladder.{level.value}.{part}" in catalogue()
    for k in CONTINGENCIES:
        for part in ("name", "phase", "trigger", "response"):
            assert f"report.cont.{k}.{part}" in catalogue()


def test_no_catalogue_key_hides_another() -> None:
    """A TOML table with texts *and* sub-tables loses the sub-tables: keep keys leaf-only."""
    text = (resources.files("sispam.i18n") / "catalog" / "report.toml").read_text("utf-8")

    def walk(table: dict, path: str) -> None:
        if "id" in table:
            assert not [k for k, v in table.items() if isinstance(v, dict)], path
            return
        for k, v in table.items():
            walk(v, f"{path}.{k}")

    walk(tomllib.loads(text), "")


def _proper_nouns(scenario, assessment, plan) -> set[str]:
    """Words the data carries (names of villages and units, the title): they stay as written."""
    names = [scenario.title, scenario.region_name, scenario.name]
    names += [v.name for v in scenario.villages] + [v.district_name for v in scenario.villages]
    names += [u.name for u in scenario.units] + [s.name for s in plan.reserve_sites]
    names += [e.officer for e in plan.outreach] + [r.stage_name for r in plan.request]
    # Categorical indicator values ("tidak", "ringan") are the scenario's data, not the report's.
    names += [
        str(x) for v in scenario.villages for x in v.indicators.values() if isinstance(x, str)
    ]
    return {w.lower() for n in names for w in re.findall(r"\w+", n)}


@pytest.mark.parametrize(
    ("name", "dump"),
    [
        ("index.html", html_text),
        ("rencana-pengamanan.pdf", pdf_text),
        ("rencana-kontinjensi.pdf", pdf_text),
        ("rencana.xlsx", xlsx_text),
    ],
)
def test_english_documents_have_no_indonesian(files_en, results, name, dump) -> None:
    text = dump(files_en[name])
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    leaked = (words & INDONESIAN) - _proper_nouns(*results)
    assert not leaked, f"{name}: Indonesian words in the English document: {sorted(leaked)}"


def test_every_table_has_a_short_sheet_name(files_id) -> None:
    """Sheet names are cut at 31 characters: every table gets a name written to fit."""
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(files_id["rencana.xlsx"]))
    keys = {k.rsplit(".", 1)[1] for k in catalogue() if k.startswith("report.sheet.")}
    tables = {k.rsplit(".", 1)[1] for k in catalogue() if k.startswith("report.table.")}
    assert tables <= keys, sorted(tables - keys)
    for ws in wb.worksheets:
        assert len(ws.title) <= 31
