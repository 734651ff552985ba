"""`sispam report`: Rencana Pengamanan and Rencana Kontinjensi (PDF, XLSX, HTML) for a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from sispam.assess import assess
from sispam.cli.app import app
from sispam.cli.errors import user_errors
from sispam.cli.scenario_cmd import ScenarioArg
from sispam.i18n import get_language, t
from sispam.plan import plan
from sispam.report import report_files
from sispam.scenario import load_scenario, write_files

console = Console(highlight=False)


@app.command("report")
@user_errors
def report(
    scenario: ScenarioArg,
    out: Annotated[
        Path, typer.Option("-o", "--out", help="Direktori keluaran / output directory")
    ] = Path("sispam-report"),
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Ganti direktori yang sudah ada / replace an existing one"),
    ] = False,
) -> None:
    """Dokumen untuk ditandatangani: PDF, XLSX, HTML / documents to sign: PDF, XLSX and HTML."""
    s = load_scenario(scenario)
    assessment = assess(s)
    deployment = plan(s, assessment)
    files = report_files(s, assessment, deployment, lang=get_language())
    write_files(files, out, replace=replace)
    for name in sorted(files):
        if not name.endswith((".json", ".png")):
            console.print(f"  {out / name}")
    console.print(t("report.cli.done", count=len(files), path=out))
