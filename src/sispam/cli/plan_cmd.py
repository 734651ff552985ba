"""`sispam plan SCENARIO [--json] [-o plan.json] [--csv DIR]`: the deployment plan."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sispam.assess import assess as run_assess
from sispam.cli.app import app
from sispam.cli.errors import user_errors
from sispam.cli.scenario_cmd import ScenarioArg
from sispam.domain import Plan, Scenario, SispamError
from sispam.i18n import t
from sispam.plan import plan as run_plan
from sispam.plan.export import plan_tables
from sispam.scenario import load_scenario, write_files

console = Console(highlight=False)


@app.command("plan")
@user_errors
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
        console.print(t("plan.cli.written", path=out))
    if csv_dir:
        console.print(t("plan.cli.written", path=csv_dir))


def _write(plan: Plan, s: Scenario, text: str, out: Path | None, csv_dir: Path | None) -> None:
    """All or nothing: the CSV directory (atomically, by ``write_files``) and the JSON file (a
    temporary sibling renamed into place); if the JSON cannot be written the new CSV directory
    is removed again."""
    if out is not None and out.is_dir():
        raise SispamError(t("plan.cli.out_is_dir", path=out))
    if csv_dir is not None:
        write_files(plan_tables(plan, s), csv_dir)
    if out is None:
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
            os.chmod(tmp, 0o644)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        if csv_dir is not None:
            shutil.rmtree(csv_dir, ignore_errors=True)
        raise SispamError(
            t("plan.cli.cannot_write", path=out, detail=exc.strerror or exc)
        ) from None


def _summary(s: Scenario, p: Plan, seconds: float) -> None:
    totals = Table(title=t("plan.cli.totals", name=s.title, phase=p.key_phase or "–"))
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
        sites = Table(
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
        marg = Table(title=t("plan.cli.marginal"))
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
