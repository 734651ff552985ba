"""The PDFs render, their text can be extracted, and they name what every document must name."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageStat
from textdump import pdf_images, pdf_pages, pdf_text

import sispam

pytestmark = pytest.mark.xdist_group("report")
PDFS = ("rencana-pengamanan.pdf", "rencana-kontinjensi.pdf")


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", PDFS)
def test_pdf_names_scenario_date_version_and_estimates(files, results, name, lang) -> None:
    scenario = results[0]
    data = files[lang][name]
    assert data.startswith(b"%PDF-")
    text = pdf_text(data).replace("<VERSION>", sispam.__version__)
    assert scenario.name in text
    assert f"Sispam {sispam.__version__}" in text
    assert ("5 Juli 2023" if lang == "id" else "5 July 2023") in text
    assert ("Masukan perkiraan" if lang == "id" else "Estimated inputs") in text
    assert ("Skenario ilustratif" if lang == "id" else "Illustrative scenario") in text
    for heading in (("SITUASI", "SITUATION"), ("KOMANDO DAN PENGENDALIAN", "COMMAND AND SIGNALS")):
        assert heading[lang == "en"] in text
    signers = ("Kapolres", "Dandim", "Bupati")
    assert all(s in text for s in signers)


def test_security_plan_has_the_operation_plan_structure(files) -> None:
    text = pdf_text(files["id"]["rencana-pengamanan.pdf"])
    order = [
        "I. SITUASI",
        "II. MISI",
        "III. PELAKSANAAN",
        "IV. ADMINISTRASI DAN LOGISTIK",
        "V. KOMANDO DAN PENGENDALIAN",
        "Lampiran A PETA",
        "Lampiran E TANGGA ESKALASI",
        "Lampiran G DAFTAR KOMUNIKASI",
    ]
    lines = text.splitlines()  # headings are lines of their own; "Lampiran B" also runs in text
    positions = [lines.index(h) for h in order]
    assert positions == sorted(positions)
    assert "Tangga eskalasi dan kewenangan" in text and "Daftar komunikasi satuan" in text


def test_contingency_plan_says_when_the_simulation_was_not_run(files) -> None:
    assert "Simulasi kontinjensi belum dijalankan" in pdf_text(
        files["id"]["rencana-kontinjensi.pdf"]
    )
    assert "contingency simulation has not been run" in pdf_text(
        files["en"]["rencana-kontinjensi.pdf"]
    )


@pytest.mark.parametrize("name", PDFS)
def test_pages_render_to_images_with_ink(files, name) -> None:
    data = files["id"][name]
    pages = pdf_pages(data)
    assert pages >= (5 if name == PDFS[0] else 3)
    images = pdf_images(data, pages=2, dpi=30)
    assert len(images) == 2
    for img in images:
        # Not a blank page: text and rules make the grey levels vary.
        assert ImageStat.Stat(img.convert("L")).stddev[0] > 10


def test_map_figures_are_embedded(files) -> None:
    # The maps annex carries the PNGs written next to the documents.
    pngs = [n for n in files["id"] if n.startswith("gambar/") and n.endswith(".png")]
    assert {"gambar/map_zones.png", "gambar/chart_forces.png"} <= set(pngs)
    for n in pngs:
        img = Image.open(io.BytesIO(files["id"][n]))
        assert img.width >= 1000


def test_same_inputs_same_bytes(files_id, results) -> None:
    """The page, the PDFs and the figures depend on the inputs and the report date only."""
    from conftest import REPORT_DATE
    from sispam.report import report_files

    again = report_files(*results, lang="id", generated=REPORT_DATE)
    assert set(again) == set(files_id)
    for name, content in files_id.items():
        assert again[name] == content, name
