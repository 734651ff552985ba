"""Berkas laporan (the report's files): the page, both PDFs, the workbook, the figures and each
stage's result as JSON — as name → content, for :func:`sispam.scenario.write_files` to write
all at once or not at all.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sispam.domain import Assessment, Plan, Scenario
from sispam.report import charts, html, pdf, xlsx
from sispam.report.context import ReportContext
from sispam.report.documents import documents

PAGE = "index.html"
XLSX = "rencana.xlsx"
FIGURE_DIR = "gambar"


def report_files(
    scenario: Scenario,
    assessment: Assessment,
    plan: Plan,
    lang: str = "id",
    *,
    sim: Any = None,
    generated: date | None = None,
    pdfs: bool = True,
    workbook: bool = True,
) -> dict[str, str | bytes]:
    """Every output of ``sispam report`` / ``sispam demo``.

    ``sim`` is the contingency simulation's result (``None``: the documents say it was not run);
    ``generated`` the date printed on the documents (default: today). ``pdfs``/``workbook`` may
    be turned off where only the page is wanted (tests of the page, previews).
    """
    ctx = ReportContext(scenario, assessment, plan, lang=lang, sim=sim, generated=generated)
    docs = documents(ctx)
    files: dict[str, str | bytes] = {}
    figure_ids = list(dict.fromkeys(f for d in docs for f in d.figure_ids()))
    images: dict[str, bytes] = {}
    svgs: dict[str, str] = {}  # the page shows charts as SVG, maps as its own interactive map
    if pdfs:
        for fid in figure_ids:
            fig = charts.draw(ctx, fid)
            images[fid] = charts.png(fig)
            if not fid.startswith("map_"):
                svgs[fid] = charts.svg(fig)
        for fid, data in images.items():
            files[f"{FIGURE_DIR}/{fid}.png"] = data
        for d in docs:
            files[f"{d.id}.pdf"] = pdf.render(d, ctx, images)
    if workbook:
        files[XLSX] = xlsx.workbook(ctx, docs)
    files["scenario.json"] = scenario.model_dump_json(indent=2)
    files["assessment.json"] = assessment.model_dump_json(indent=2)
    files["plan.json"] = plan.model_dump_json(indent=2)
    if sim is not None and hasattr(sim, "model_dump_json"):
        files["simulation.json"] = sim.model_dump_json(indent=2)
    downloads = [(name, ctx.t(f"report.download.{key}")) for name, key in _downloads(files, docs)]
    files[PAGE] = html.page(ctx, docs, downloads, svgs)
    return files


def _downloads(files: dict[str, str | bytes], docs) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    out = []
    keys = {"rencana-pengamanan": "security_pdf", "rencana-kontinjensi": "contingency_pdf"}
    for d in docs:
        if f"{d.id}.pdf" in files:
            out.append((f"{d.id}.pdf", keys[d.id]))
    if XLSX in files:
        out.append((XLSX, "xlsx"))
    out.append(("plan.json", "json"))
    first_png = next((n for n in files if n.startswith(FIGURE_DIR + "/")), None)
    if first_png:
        out.append((first_png, "figures"))
    return out


def demo_files(
    scenario: Scenario,
    assessment: Assessment,
    plan: Plan,
    lang: str = "id",
    **options: Any,
) -> dict[str, str | bytes]:
    """Files written by ``sispam demo``: the same as :func:`report_files`."""
    return report_files(scenario, assessment, plan, lang, **options)
