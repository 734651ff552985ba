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
    for heading in (("SITUASI", "SITUATION"), ("KOMANDO DAN PENGENDALIAN", "COMMAND AND CONTROL")):
        assert heading[lang == "en"] in text
    signers = {
        "id": ("KEPALA KEPOLISIAN RESOR KLATEN", "KOMANDAN KODIM 0723/", "BUPATI KLATEN"),
        "en": ("CHIEF OF THE KLATEN DISTRICT POLICE", "COMMANDER, KODIM 0723/", "BUPATI"),
    }
    flat = " ".join(text.split())  # a signature's office may wrap over two lines
    assert all(s in flat for s in signers[lang])


# The frame of a Polres operation plan (domain.md §8): a document that lacks one of these
# would be sent back. Section ids (stable across languages) in reading order, the tables that
# must be there, and the signature blocks.
REQUIRED = {
    "rencana-pengamanan": (
        ["dasar", "pertimbangan", "situation", "general", "threat", "own_forces", "main_task",
         "execution", "concept", "targets", "cara_bertindak", "task_forces", "territorial",
         "coordination", "logistics", "command_signals", "command", "command_posts", "signals",
         "closing"],
        ["cb_hijau", "cb_kuning", "cb_merah", "cb_recovery", "satgas", "territorial",
         "schedule", "phase_concept", "promises", "contacts"],
    ),
    "rencana-kontinjensi": (
        ["dasar", "pertimbangan", "situation", "threat", "main_task", "execution", "scenarios",
         "escalation", "cara_bertindak", "response", "coordination", "logistics",
         "command_signals", "closing"],
        ["cb_hijau", "cb_kuning", "cb_merah", "cb_recovery", "ladder", "reserves", "promises",
         "contacts"],
    ),
}  # fmt: skip


def _section_ids(doc) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []

    def walk(s) -> None:  # type: ignore[no-untyped-def]
        out.append(s.id)
        for c in s.children:
            walk(c)

    for s in doc.body:
        walk(s)
    return out


def missing_parts(doc) -> list[str]:  # type: ignore[no-untyped-def]
    """What a document lacks of its required frame (empty: complete)."""
    sections, tables_ = REQUIRED[doc.id]
    ids = _section_ids(doc)
    missing = [s for s in sections if s not in ids]
    present = [s for s in sections if s in ids]
    if present != [i for i in ids if i in sections]:
        missing.append("order")
    have = {t.id for t in doc.tables()}
    missing += [t for t in tables_ if t not in have]
    roles = [s.role for s in doc.signatures]
    # The Kapolres issues; the Dandim and the Bupati acknowledge; each office in capitals.
    if len(roles) != 3 or not all(r and r == r.upper() for r in roles) or "KODIM" not in roles[1]:
        missing.append("signatures")
    if not doc.kop or not doc.number or not doc.classification:
        missing.append("heading")
    return missing


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_document_has_the_frame_of_an_operation_plan(results, results_en, lang) -> None:
    from sispam.report.context import ReportContext
    from sispam.report.documents import documents

    ctx = ReportContext(*(results if lang == "id" else results_en), lang=lang)
    for doc in documents(ctx):
        assert missing_parts(doc) == [], doc.id


def test_the_frame_check_fails_when_a_section_goes_missing(results) -> None:
    import dataclasses

    from sispam.report.context import ReportContext
    from sispam.report.documents import documents

    for doc in documents(ReportContext(*results)):
        for drop in ("dasar", "main_task", "closing"):
            cut = dataclasses.replace(doc, body=tuple(s for s in doc.body if s.id != drop))
            assert drop in missing_parts(cut)
        unsigned = dataclasses.replace(doc, signatures=doc.signatures[1:])
        assert "signatures" in missing_parts(unsigned)
        no_cb = dataclasses.replace(
            doc,
            body=tuple(
                dataclasses.replace(
                    s, children=tuple(c for c in s.children if c.id != "cara_bertindak")
                )
                for s in doc.body
            ),
        )
        assert {"cara_bertindak", "cb_merah"} <= set(missing_parts(no_cb))


def test_security_plan_reads_in_the_order_of_an_operation_plan(files) -> None:
    text = pdf_text(files["id"]["rencana-pengamanan.pdf"])
    order = [
        "DASAR:",
        "PERTIMBANGAN:",
        "I. SITUASI",
        "II. TUGAS POKOK",
        "III. PELAKSANAAN",
        "IV. ADMINISTRASI DAN LOGISTIK",
        "V. KOMANDO DAN PENGENDALIAN",
        "VI. PENUTUP",
        "KEPALA KEPOLISIAN RESOR KLATEN",
        "Lampiran A PETA",
    ]
    flat = " ".join(text.split())
    positions = [flat.index(h) for h in order]
    assert positions == sorted(positions)
    for words in ("Cara bertindak — Situasi merah", "Satuan tugas", "Bawah Kendali Operasi"):
        assert words in text
    assert "Misi" not in text and "HiGHS" not in text.split("SUMBER DAN CARA PENYUSUNAN")[0]


def test_the_contingency_plan_stands_alone(files) -> None:
    """The Renkon refers to no annex it does not have itself."""
    import re

    for lang, word in (("id", "Lampiran"), ("en", "Annex")):
        text = pdf_text(files[lang]["rencana-kontinjensi.pdf"])
        annexes = set(re.findall(rf"^{word} ([A-Z]) ", text, re.M))
        cited = set(re.findall(rf"{word} ([A-Z])\b", text))
        assert cited <= annexes, (lang, cited - annexes)
        assert "Rencana Pengamanan" not in text and "Security Plan" not in text


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


@pytest.mark.parametrize(
    ("region", "polda"),
    [
        ("33.10", "DAERAH JAWA TENGAH"),  # Klaten
        ("34.04", "DAERAH ISTIMEWA YOGYAKARTA"),  # Sleman: was "DAERAH DAERAH ISTIMEWA …"
        ("31.71", "DAERAH METRO JAYA"),  # Jakarta Pusat
        ("32.75", "DAERAH METRO JAYA"),  # Kota Bekasi, in Jawa Barat, answers to Metro Jaya
        ("36.03", "DAERAH BANTEN"),  # Kabupaten Tangerang stays with Polda Banten
    ],
)
def test_the_letterhead_names_the_polda_as_polri_does(results, region: str, polda: str) -> None:
    from sispam.report.context import ReportContext
    from sispam.report.documents import _kop

    scenario, assessment, plan = results
    moved = scenario.model_copy(update={"region_code": region})
    assert _kop(ReportContext(moved, assessment, plan))[1] == polda
    english = _kop(ReportContext(moved, assessment, plan, lang="en"))[1]
    assert english == polda.removeprefix("DAERAH ") + " REGIONAL POLICE (POLDA)"
