"""Every section renders when its stage fills it: a plan with postings, reserves, a request,
outreach and a marginal table, and a simulation result — in both languages and all formats."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from richplan import fake_sim, rich_plan
from textdump import html_text, pdf_text

from sispam.report import report_files

pytestmark = pytest.mark.xdist_group("report-b")


@pytest.fixture(scope="module")
def rich_files(results):
    s, a, p = results
    plan = rich_plan(s, a, p)
    sim = fake_sim(s)
    return plan, {
        lang: report_files(s, a, plan, lang, sim=sim, generated=date(2023, 6, 20))
        for lang in ("id", "en")
    }


def test_plan_sections_fill_in(rich_files, results) -> None:
    plan, files = rich_files
    text = pdf_text(files["id"]["rencana-pengamanan.pdf"])
    assert "Satuan di setiap desa, tahapan Pemungutan suara" in text
    assert "Pos siaga cadangan" in text and "Mapolres" in text
    assert "Permintaan Bawah Kendali Operasi (BKO)" in text and "Polsek Ceper" in text
    assert "Nilai tambahan setiap pleton BKO" in text
    assert "Cakupan: 97,0 % desa peserta dicapai Dalmas Awal yang siaga dalam 30 menit." in text
    assert "Kalender cipta kondisi" in text and "Jumat Curhat" in text
    # The detail list is too long for paper: the PDF points to the workbook instead.
    assert 'Tabel "Penugasan satuan (rinci)" terlalu panjang untuk dicetak' in text
    wb = load_workbook(io.BytesIO(files["id"]["rencana.xlsx"]))
    detail = next(ws for ws in wb.worksheets if ws.title == "Penugasan rinci")
    assert detail.max_row == len(plan.assignments) + 2  # header + rows + total


def test_simulation_sections_fill_in(rich_files, results) -> None:
    _, files = rich_files
    for lang, words in (
        (
            "id",
            [
                "Peluang eskalasi per desa",
                "Urutan kejadian dalam contoh",
                "Situasi berubah dari hijau ke kuning",
                "Terkendali setelah 31 menit",
                "Skala laju pemicu",
                'Dibandingkan dengan rencana "tanpa BKO"',
                "peluang merah −3,0 pp",
                "Rencana ini lebih baik.",
            ],
        ),
        (
            "en",
            [
                "Escalation odds per village",
                "Sequence of events in the example",
                "Situation moves from green to yellow",
                "Contained after 31 min",
                "Trigger rate scale",
                "This plan is better.",
            ],
        ),
    ):
        text = pdf_text(files[lang]["rencana-kontinjensi.pdf"])
        for w in words:
            assert w in text, (lang, w)
        assert "not been run" not in text and "belum dijalankan" not in text
    page = files["en"]["index.html"]
    assert 'value="escalation"' in page  # the map gains the escalation layer
    assert "gambar/chart_containment.png" in files["en"]
    assert "gambar/map_escalation.png" in files["en"]


def test_postings_show_on_the_page_map(rich_files) -> None:
    plan, files = rich_files
    page = files["id"]["index.html"]
    lines = page[page.index('<g id="postings">') :]
    lines = lines[: lines.index("</g>")]
    voting_non_linmas = [
        a for a in plan.assignments if a.phase.value == "pemungutan" and a.kind.value != "linmas"
    ]
    assert lines.count("<line ") == len(voting_non_linmas)
    assert "Terjangkau cadangan" in html_text(page)


@pytest.mark.slow
def test_a_real_simulation_result_renders(results) -> None:
    """The simulation stage's own result type (not the stand-in above) goes through every writer."""
    from sispam.sim.contingency import simulate

    s, a, p = results
    sim = simulate(s, a, p, runs=40, seed=3, workers=1)
    files = report_files(s, a, p, "en", sim=sim, generated=date(2023, 6, 20))
    text = pdf_text(files["rencana-kontinjensi.pdf"])
    assert "Monte Carlo simulation, 40 runs (random seed 3)" in text
    assert "Escalation odds per village (worst first)" in text
    worst = s.village(sim.overall.worst_villages[0]).name if sim.overall.worst_villages else ""
    assert worst in text
    assert "simulation.json" in files and "gambar/map_escalation.png" in files


def test_a_regency_without_boundaries_is_mapped_by_points() -> None:
    """Any regency works: villages without embedded polygons become points on every map."""
    from sispam.assess import assess
    from sispam.domain import ElectionType
    from sispam.plan import plan
    from sispam.scenario import new_scenario

    s = new_scenario("Boyolali", "all-desa", date(2023, 7, 5), ElectionType.PILKADES)
    a = assess(s)
    files = report_files(s, a, plan(s, a), "en", generated=date(2023, 6, 20))
    page = files["index.html"]
    others = page[page.index('<g id="others">') : page.index('<g id="participants">')]
    assert "data-code" not in others  # no Klaten shapes borrowed for Boyolali
    assert page.count('class="v peserta"') == len(s.villages)
    assert page.count("<circle cx=") >= len(s.villages)
    assert "no boundaries embedded" in pdf_text(files["rencana-pengamanan.pdf"])
