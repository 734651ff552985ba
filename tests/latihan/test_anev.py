"""The Anev (After-Action Report): its text in both languages against golden files, the
workbook's Improvement Plan, the parameter file, and the same bytes for the same record.

Regenerate the golden files after an intended change with::

    SISPAM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/latihan/test_anev.py

and read the diff before committing it. PDFs are read with pypdf (no poppler needed).
"""

from __future__ import annotations

import difflib
import io
import os
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import sispam
from conftest import record_events
from sispam.domain.exercise import Rating, Review
from sispam.latihan.anev import build_anev
from sispam.latihan.eeg import model_params
from sispam.latihan.package import anev_files
from sispam.latihan.prepare import prepare
from sispam.latihan.units import Responders

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SISPAM_UPDATE_GOLDEN") == "1"
pytestmark = pytest.mark.xdist_group("latihan-anev")

REVIEWS = {
    "merah_tni_support": Review(
        task_id="merah_tni_support",
        rating=Rating.M,
        notes="Kodim menunggu surat permintaan tertulis.",
        improvement="Sepakati format permintaan perbantuan lewat radio dengan Kodim 0723.",
        due=date(2023, 6, 16),
    ),
    "hijau_tps": Review(task_id="hijau_tps", rating=Rating.P, notes="Pam TPS sesuai pola."),
}


def _anev(results, lang: str):  # type: ignore[no-untyped-def]
    s, a, p = results
    ex = prepare(s, p, lang=lang)
    events = record_events(ex)
    anev = build_anev(
        ex,
        events,
        election_day=s.election_date,
        reviews=REVIEWS,
        assumed=model_params(s),
        responders=Responders(s, p, s.village(ex.village_code)),
        lang=lang,
    )
    return anev, anev_files(s, a, p, anev, events, lang=lang)


@pytest.fixture(scope="module")
def made(results):  # type: ignore[no-untyped-def]
    return {lang: _anev(results, lang) for lang in ("id", "en")}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = text.replace(sispam.__version__, "<VERSION>")
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln) + "\n"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_anev_text_matches_golden(made, lang: str) -> None:
    text = pdf_text(made[lang][1]["anev.pdf"])
    golden = GOLDEN / f"anev.pdf.{lang}.txt"
    if UPDATE or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{golden.name} did not exist; written now — review and commit it")
        return
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(keepends=True), text.splitlines(keepends=True), n=1
                )
            )[:80]
        )
        pytest.fail(f"anev.pdf ({lang}) differs from golden; regenerate if intended\n{diff}")


def test_anev_says_what_happened(made) -> None:
    anev, files = made["id"]
    text = pdf_text(files["anev.pdf"])
    lanjut = next(t.unit for t in anev.exercise.tasks() if t.id == "kuning_lapis_ganti")
    for needle in (
        "LAPORAN ANALISA DAN EVALUASI (ANEV) LATIHAN",
        "Desa Karanganom",
        f"situasi kuning dinyatakan 09.42, {lanjut} tiba di",
        "Kodim menunggu surat permintaan tertulis.",
        "Sepakati format permintaan perbantuan",
        "drill-params.toml",
        "Dikeluarkan oleh",
    ):
        assert needle in text.replace("\n", " ") or needle in text, needle
    en = pdf_text(made["en"][1]["anev.pdf"])
    assert "AFTER-ACTION REPORT (ANEV) OF THE EXERCISE" in en
    assert "Improvement Plan" in en and "EXERCISE — EXERCISE" in en


def test_the_improvement_plan_is_a_sheet_to_edit(made) -> None:
    anev, files = made["id"]
    wb = load_workbook(io.BytesIO(files["anev.xlsx"]))
    sheet = next(ws for ws in wb.worksheets if ws.title.startswith("Rencana perbaikan"))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    rows = [r for r in rows if r[0] is not None and isinstance(r[0], int)]
    assert len(rows) == len(anev.improvements) > 0
    tni = next(r for r in rows if "perbantuan lewat radio" in (r[3] or ""))
    assert tni[4] == "TNI" and tni[5] == "16-06-2023" and tni[6] == "terbuka"
    assert anev.capability_ratings["tni_perbantuan"] is Rating.U  # vital objects not on record


def test_parameter_file_and_figure(made) -> None:
    anev, files = made["id"]
    params = tomllib.loads(files["drill-params.toml"])["sim"]
    assert params["request_delay_min"]["dalmas_lanjut"] == 14.0
    assert files["drill-params.toml"].startswith("# Parameter simulasi dari latihan")
    assert files["gambar/chart_latihan_timeline.png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert set(anev.delivered) == set(range(1, 22)) and not anev.unscripted
    assert anev.speeds == (1.0,)


def test_the_same_record_gives_the_same_bytes(results, made) -> None:
    _, again = _anev(results, "id")
    for name in ("anev.pdf", "anev.xlsx", "gambar/chart_latihan_timeline.png", "anev.json"):
        assert again[name] == made["id"][1][name], name
