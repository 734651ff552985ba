"""`sispam report`: Rencana Pengamanan and Rencana Kontinjensi (PDF, XLSX, HTML) for a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sispam.cli.console import LazyConsole
from sispam.cli.options import MAX_RUNS, REPORT_KIND, Seed, existing
from sispam.cli.scenario_cmd import ScenarioArg
from sispam.domain.errors import SispamError
from sispam.i18n import get_language, t

if TYPE_CHECKING:
    from sispam.domain import SimResult

console = LazyConsole(highlight=False)


class SimFileError(SispamError):
    pass


def _load_sim(path: Path) -> SimResult:
    from pydantic import ValidationError

    from sispam.domain import SimResult

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


def report(
    scenario: ScenarioArg,
    out: Annotated[
        Path, typer.Option("-o", "--out", help="Direktori keluaran / output directory")
    ] = Path("sispam-report"),
    runs: Annotated[
        int,
        typer.Option(
            "--runs",
            "-n",
            min=0,
            max=MAX_RUNS,
            help="Run simulasi kontinjensi; 0 = tanpa / simulation runs, 0 = none",
        ),
    ] = 1000,
    seed: Seed = 1,
    sim_file: Annotated[
        Path | None,
        typer.Option(
            "--sim", help="Hasil simulasi tersimpan (JSON) / a saved simulation result (JSON)"
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Ganti keluaran Sispam sebelumnya di sana / replace a previous Sispam output there",
        ),
    ] = False,
) -> None:
    """Dokumen untuk ditandatangani: PDF, XLSX, HTML / documents to sign: PDF, XLSX and HTML."""
    from sispam.assess import assess
    from sispam.plan import plan
    from sispam.report import report_files
    from sispam.scenario import check_folder_target, load_scenario, write_files

    inputs = existing(scenario, sim_file)
    check_folder_target(out, replace, kind=REPORT_KIND, inputs=inputs)
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
    write_files(files, out, replace, kind=REPORT_KIND, inputs=inputs)
    for name in sorted(files):
        if not name.endswith((".json", ".png")):
            console.print(f"  {out / name}")
    console.say(t("report.cli.done", count=len(files), path=out))
