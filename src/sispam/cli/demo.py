"""`sispam demo`: every stage on the embedded Klaten 2023 scenario, into one offline page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sispam.cli.console import LazyConsole
from sispam.cli.options import REPORT_KIND, existing
from sispam.i18n import get_language, t

console = LazyConsole(highlight=False)
DEMO_SCENARIO = "pilkades-klaten-2023"
DEMO_RUNS = 1000  # contingency Monte Carlo runs for the page and the Rencana Kontinjensi


def demo(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Direktori keluaran (baru, kosong, atau demo sebelumnya) / output directory "
            "(new, empty, or a previous demo)",
        ),
    ] = Path("sispam-demo"),
    scenario: Annotated[
        str, typer.Option("--scenario", help="Skenario / scenario")
    ] = DEMO_SCENARIO,
) -> None:
    """Jalankan seluruh tahap pada skenario Klaten 2023 / run every stage on the Klaten 2023 scenario."""
    from sispam.assess import assess
    from sispam.plan import plan
    from sispam.report import demo_files
    from sispam.scenario import check_folder_target, load_scenario, write_files
    from sispam.sim.contingency import simulate

    inputs = existing(scenario)
    check_folder_target(out, True, kind=REPORT_KIND, inputs=inputs)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console.get(),
        transient=False,
    ) as progress:
        stages = ("load", "assess", "plan", "simulate", "report")
        task = progress.add_task(t("cli.demo.stage.load"), total=len(stages))
        s = load_scenario(scenario)
        progress.update(task, advance=1, description=t("cli.demo.stage.assess"))
        assessment = assess(s)
        progress.update(task, advance=1, description=t("cli.demo.stage.plan"))
        deployment = plan(s, assessment)
        progress.update(task, advance=1, description=t("cli.demo.stage.simulate"))
        sim = simulate(s, assessment, deployment, runs=DEMO_RUNS, seed=1)
        progress.update(task, advance=1, description=t("cli.demo.stage.report"))
        files = demo_files(s, assessment, deployment, lang=get_language(), sim=sim)
        write_files(files, out, True, kind=REPORT_KIND, inputs=inputs)
        progress.update(task, advance=1)
    counts: dict[str, int] = {}
    for r in assessment.villages:
        counts[r.zone] = counts.get(r.zone, 0) + 1
    zones = ", ".join(f"{s.zones.get(z).name(get_language())} {n}" for z, n in counts.items())
    needs = ", ".join(
        f"{force} {tot.required_tps}/{tot.available}"
        for force, tot in deployment.totals.items()
        if tot.required_tps
    )
    console.say(t("cli.demo.summary", villages=len(s.villages), zones=zones, needs=needs))
    o = sim.overall
    console.say(
        t(
            "cli.demo.sim_summary",
            runs=sim.runs,
            kuning=f"{100 * (o.p_any_kuning.value or 0):.1f}",
            merah=f"{100 * (o.p_any_merah.value or 0):.1f}",
            minutes=f"{o.containment_p50.value or 0:.0f}",  # 0: contained by those posted there
            p90=f"{o.containment_p90.value or 0:.0f}",  # the incidents a reserve had to reach
        )
    )
    console.say(t("cli.demo.done", path=out / "index.html"))
