"""`sispam plan SCENARIO [--json] [-o plan.json] [--csv DIR]`: the deployment plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sispam.cli.console import LazyConsole, new_table
from sispam.cli.scenario_cmd import ScenarioArg
from sispam.i18n import t

if TYPE_CHECKING:
    from sispam.domain import Plan, Scenario

console = LazyConsole(highlight=False)
CSV_KIND = "plan-csv"  # the manifest's kind of the folder `plan --csv` writes


def plan_cmd(
    scenario: ScenarioArg,
    as_json: Annotated[
        bool, typer.Option("--json", help="Cetak rencana sebagai JSON / print the plan as JSON")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("-o", "--out", help="Simpan rencana (JSON) / save the plan as JSON"),
    ] = None,
    csv_dir: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            metavar="DIR",
            help="Tulis tabel CSV ke direktori baru / write the tables as CSV into a new directory",
        ),
    ] = None,
) -> None:
    """Rencana pengamanan: penempatan, cadangan, permintaan BKO, cipta kondisi / deployment plan."""
    from sispam.assess import assess as run_assess
    from sispam.plan import plan as run_plan
    from sispam.scenario import load_scenario

    s = load_scenario(scenario)
    timings: dict[str, float] = {}  # wall time: printed, never part of the plan file
    result = run_plan(s, run_assess(s), timings)
    text = result.model_dump_json(indent=2)
    _write(result, s, text, out, csv_dir)
    if as_json:
        print(text)
        return
    _summary(s, result, timings.get("allocation_solver_s", 0.0))
    if out:
        console.say(t("plan.cli.written", path=out))
    if csv_dir:
        console.say(t("plan.cli.written", path=csv_dir))


def _write(plan: Plan, s: Scenario, text: str, out: Path | None, csv_dir: Path | None) -> None:
    """All or nothing: both places are checked before either is written; the CSV folder is
    written by ``write_files`` (atomically, with its manifest) and the JSON file by
    ``write_file``; if the JSON still fails, the new CSV folder is removed again."""
    from sispam.plan.export import plan_tables
    from sispam.scenario import (
        OutputError,
        check_file_target,
        check_folder_target,
        discard_output,
        write_file,
        write_files,
    )

    if csv_dir is not None:
        check_folder_target(csv_dir, kind=CSV_KIND)
    if out is not None:
        check_file_target(out)
    if csv_dir is not None:
        write_files(plan_tables(plan, s), csv_dir, kind=CSV_KIND)
    if out is None:
        return
    try:
        write_file(out, text + "\n")
    except OutputError:
        if csv_dir is not None:
            discard_output(csv_dir)
        raise


def _summary(s: Scenario, p: Plan, seconds: float) -> None:
    totals = new_table(title=t("plan.cli.totals", name=s.title, phase=p.key_phase or "–"))
    for col in (
        "force",
        "required_tps",
        "assigned_tps",
        "required_total",
        "assigned_total",
        "available",
    ):
        totals.add_column(t(f"plan.cli.col.{col}"), justify="left" if col == "force" else "right")
    for force, tot in p.totals.items():
        totals.add_row(
            force,
            str(tot.required_tps),
            str(tot.assigned_tps),
            str(tot.required_total),
            str(tot.assigned_total),
            str(tot.available),
        )
    console.print(totals)
    r = p.solver
    console.print(
        t(
            "plan.cli.solver",
            method=r.method,
            status=r.status,
            objective=r.objective,
            gap=_pct(r.gap),
            travel=r.travel,
            travel_gap=_pct(r.travel_gap),
            time=f"{seconds:.2f}",
        )
    )
    if p.reserve_sites:
        sites = new_table(
            title=t(
                "plan.cli.reserves",
                minutes=f"{p.coverage_min:g}",
                coverage=_pct(p.coverage),
            )
        )
        for col in ("site", "villages", "sector", "units"):
            sites.add_column(t(f"plan.cli.col.{col}"))
        for site in p.reserve_sites:
            held = [
                f"{a.unit} ({a.personnel}, {a.role}, {a.ready_min:g}′)"
                for a in p.reserves
                if a.site_id == site.site_id
            ]
            sites.add_row(
                site.name,
                str(len(site.covered_villages)),
                str(len(site.sector_villages)),
                "\n".join(held),
            )
        console.print(sites)
    for req in p.request:
        console.print(
            t(
                "plan.cli.request",
                phase=req.phase.value,
                platoons=req.platoons,
                ssk=req.ssk,
                personnel=req.personnel,
                kind=req.kind.value,
                stage=req.stage_name or "–",
                reason=req.reason,
            )
        )
    if len(p.marginal) > 1:
        marg = new_table(title=t("plan.cli.marginal"))
        for col in ("extra", "shortfall", "closes", "coverage"):
            marg.add_column(t(f"plan.cli.col.{col}"), justify="right")
        for m in p.marginal:
            marg.add_row(
                str(m.extra_platoons),
                str(m.shortfall) + ("" if m.exact else "*"),
                str(m.closes),
                _pct(m.coverage),
            )
        console.print(marg)
    console.print(
        t(
            "plan.cli.outreach",
            events=len(p.outreach),
            villages=len({e.village_code for e in p.outreach}),
            unscheduled=p.outreach_unscheduled,
        )
    )
    for note in p.notes:
        console.print(f"• {note}")


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f} %"
