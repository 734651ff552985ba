"""`sispam plan`: run the plan stage on a scenario and print or save its result."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sispam.assess import assess as run_assess
from sispam.cli.app import app
from sispam.cli.errors import user_errors
from sispam.cli.scenario_cmd import ScenarioArg
from sispam.i18n import t
from sispam.plan import plan as run_plan
from sispam.scenario import load_scenario

console = Console(highlight=False)


@app.command("plan")
@user_errors
def plan_cmd(
    scenario: ScenarioArg,
    as_json: Annotated[
        bool, typer.Option("--json", help="Cetak rencana sebagai JSON / print the plan as JSON")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Simpan rencana (JSON) / save the plan JSON")
    ] = None,
) -> None:
    """Rencana pengamanan: kebutuhan vs kekuatan per instansi / deployment plan."""
    s = load_scenario(scenario)
    result = run_plan(s, run_assess(s))
    text = result.model_dump_json(indent=2)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    if as_json:
        print(text)
        return
    table = Table(title=t("cli.plan.title", name=s.title))
    for col in ("force", "required_tps", "available"):
        table.add_column(t(f"cli.col.{col}"), justify="right" if col != "force" else "left")
    for force, tot in result.totals.items():
        table.add_row(force, str(tot.required_tps), str(tot.available))
    console.print(table)
