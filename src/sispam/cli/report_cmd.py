"""`sispam report`: Rencana Pengamanan and Rencana Kontinjensi (PDF, XLSX, HTML) for a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from sispam.assess import assess
from sispam.cli.app import app
from sispam.cli.errors import user_errors
from sispam.cli.scenario_cmd import ScenarioArg
from sispam.domain import SimResult, SispamError
from sispam.i18n import get_language, t
from sispam.plan import plan
from sispam.report import report_files
from sispam.scenario import load_scenario, write_files

console = Console(highlight=False)


class SimFileError(SispamError):
    pass


def _load_sim(path: Path) -> SimResult:
    try:
        return SimResult.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SimFileError(t("report.cli.sim_file", path=path, reason=exc.strerror)) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise SimFileError(
            t("report.cli.sim_file", path=path, reason=f"{where}: {first.get('msg', '')}")
        ) from None


@app.command("report")
@user_errors
def report(
    scenario: ScenarioArg,
    out: Annotated[
        Path, typer.Option("-o", "--out", help="Direktori keluaran / output directory")
    ] = Path("sispam-report"),
    runs: Annotated[
        int,
        typer.Option(
            "--runs", "-n", help="Run simulasi kontinjensi; 0 = tanpa / simulation runs, 0 = none"
        ),
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed simulasi / simulation seed")] = 1,
    sim_file: Annotated[
        Path | None,
        typer.Option(
            "--sim", help="Hasil simulasi tersimpan (JSON) / a saved simulation result (JSON)"
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Ganti direktori yang sudah ada / replace an existing one"),
    ] = False,
) -> None:
    """Dokumen untuk ditandatangani: PDF, XLSX, HTML / documents to sign: PDF, XLSX and HTML."""
    s = load_scenario(scenario)
    assessment = assess(s)
    deployment = plan(s, assessment)
    sim = None
    if sim_file is not None:
        sim = _load_sim(sim_file)
    elif runs > 0:
        from sispam.sim.contingency import simulate  # numba: imported only when it runs

        with console.status(t("report.cli.simulating", runs=runs)):
            sim = simulate(s, assessment, deployment, runs=runs, seed=seed)
    files = report_files(s, assessment, deployment, lang=get_language(), sim=sim)
    write_files(files, out, replace=replace)
    for name in sorted(files):
        if not name.endswith((".json", ".png")):
            console.print(f"  {out / name}")
    console.print(t("report.cli.done", count=len(files), path=out))
