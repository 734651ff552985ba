"""`sispam simulate`: the contingency Monte Carlo of a plan — odds and containment per village."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sispam.cli.console import LazyConsole, new_table, styled
from sispam.cli.options import (
    MAX_LHS,
    MAX_RUNS,
    OptionError,
    Runs,
    Seed,
    cap_workers,
    check_scheduler,
)
from sispam.cli.scenario_cmd import ScenarioArg
from sispam.i18n import get_language, t

if TYPE_CHECKING:
    from sispam.domain import Estimate, Plan, Scenario, SimResult
    from sispam.sim.contingency import ContingencyParams

console = LazyConsole(highlight=False)
err_console = LazyConsole(stderr=True, highlight=False)


def _load_plan(path: Path, label: str) -> Plan:
    from pydantic import ValidationError

    from sispam.domain import Plan
    from sispam.sim.contingency import SimInputError

    try:
        return Plan.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SimInputError(t("sim.input.plan_file", path=path, reason=exc.strerror)) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        reason = f"{where}: {first.get('msg', '')}" if where else first.get("msg", "")
        raise SimInputError(t("sim.input.plan_file", path=path, reason=reason)) from None


def _params(settings: dict, params_file: Path | None, sets: list[str] | None) -> ContingencyParams:
    """The scenario's [sim], then a parameter file's [sim] over it, then --set, validated."""
    from sispam.sim.contingency.params import SimInputError, params_from, parse_assignment

    params = params_from(settings)
    if params_file is not None:
        from sispam.sim.calibration import apply_params_file, table_from_toml

        try:
            text = params_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise SimInputError(
                t("sim.params_file.read", path=params_file, reason=reason)
            ) from None
        table = table_from_toml(text, str(params_file))
        params = apply_params_file(params, table, str(params_file))
    return params.with_values(dict(parse_assignment(o) for o in sets)) if sets else params


def _p(e: Estimate, pct: bool = True) -> str:
    if e.value is None:
        return "–"
    if pct:
        return f"{100 * e.value:.1f}% [{100 * (e.low or 0):.1f}–{100 * (e.high or 0):.1f}]"
    return f"{e.value:.2f} [{e.low:.2f}–{e.high:.2f}]"


def _m(e: Estimate) -> str:
    return "–" if e.value is None else f"{e.value:.0f}"


def simulate_cmd(
    scenario: ScenarioArg,
    plan_file: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            help="Rencana (JSON dari `sispam plan -o`); bawaan: rencanakan skenario / plan JSON (default: plan the scenario)",
        ),
    ] = None,
    runs: Runs = 2000,
    seed: Seed = 1,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            max=4096,
            help="Proses lokal (bawaan: per inti; tugas kecil di proses ini) / local processes",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Alamat penjadwal Dask / Dask scheduler, tcp://host:8786"),
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option(
            "--compare", help="Bandingkan dengan rencana lain / compare with another plan"
        ),
    ] = None,
    params_file: Annotated[
        Path | None,
        typer.Option(
            "--params",
            help="Berkas TOML dengan tabel [sim] di atas [sim] skenario (mis. dari latihan) / a TOML file whose [sim] table overlays the scenario's",
        ),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Parameter NAMA=NILAI, mis. trigger_scale=1.5 (berulang) / NAME=VALUE, repeatable",
        ),
    ] = None,
    sensitivity: Annotated[
        bool, typer.Option("--sensitivity", help="Tabel sensitivitas OAT / one-at-a-time table")
    ] = False,
    lhs: Annotated[
        int,
        typer.Option(
            "--lhs",
            min=0,
            max=MAX_LHS,
            help="Sampel Latin hypercube, PRCC (0: tidak) / LHS samples",
        ),
    ] = 0,
    sens_runs: Annotated[
        int,
        typer.Option(
            "--sens-runs",
            min=1,
            max=MAX_RUNS,
            help="Run per titik sensitivitas / runs per point",
        ),
    ] = 400,
    as_json: Annotated[bool, typer.Option("--json", help="Cetak hasil JSON / print JSON")] = False,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Simpan hasil (JSON) / save the result")
    ] = None,
) -> None:
    """Simulasi kontinjensi Monte Carlo / contingency Monte Carlo: odds of kuning and merah per
    village, containment time, response used, reserve load; compare two plans."""
    from sispam.assess import assess as run_assess
    from sispam.scenario import check_file_target, load_scenario, plan_gaps, write_file
    from sispam.sim.contingency import SensitivityOptions, simulate
    from sispam.sim.contingency.engine import workers_for
    from sispam.sim.contingency.sensitivity import points

    notes: list[str] = []
    scheduler = check_scheduler(scheduler)
    workers = cap_workers(workers, notes)
    inputs = [p for p in (plan_file, compare, params_file) if p is not None]
    if out is not None:
        check_file_target(out, inputs=inputs)
    s = load_scenario(scenario)
    params = _params(s.stage_settings("sim"), params_file, sets)
    assessment = run_assess(s)
    if plan_file:
        deployment, label = _load_plan(plan_file, str(plan_file)), plan_file.stem
    else:
        from sispam.plan import plan as run_plan

        deployment, label = run_plan(s, assessment), "plan"
    other = _load_plan(compare, str(compare)) if compare else None
    for p, name in ((deployment, label), (other, compare.stem if compare else "")):
        if p is not None:
            notes += plan_gaps(s, p, name)
    sensitivity = sensitivity or lhs > 0
    options = SensitivityOptions(runs_per_point=sens_runs, lhs_samples=lhs) if sensitivity else None
    total = runs + (points(options) * options.runs_per_point if options else 0)
    if total > MAX_RUNS * 10:
        raise OptionError(t("cli.option.total_runs", total=total, limit=MAX_RUNS * 10))
    for note in notes:
        err_console.print(f"! {note}", markup=False)
    started = time.perf_counter()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console.get(),
        transient=True,
        disable=as_json and not err_console.is_terminal,
    ) as bar:
        task = bar.add_task(t("sim.cli.progress"), total=total)
        result = simulate(
            s,
            assessment,
            deployment,
            runs=runs,
            seed=seed,
            params=params,
            workers=workers,
            scheduler=scheduler,
            progress=lambda n: bar.advance(task, n),
            compare=other,
            plan_label=label,
            compare_label=compare.stem if compare else "other",
            sensitivity_options=options,
        )
    elapsed = time.perf_counter() - started
    text = result.model_dump_json(indent=2)
    if out:
        write_file(out, text + "\n", inputs=inputs)
    if as_json:
        print(text)
        return
    where = scheduler or t("sim.cli.local", workers=workers_for(runs, len(s.villages), workers))
    console.print(
        t(
            "sim.cli.title",
            name=s.title,
            runs=runs,
            seed=seed,
            seconds=f"{elapsed:.1f}",
            where=where,
        )
    )
    _print_overall(result)
    _print_villages(result, s)
    _print_reserves(result)
    if result.comparison:
        _print_comparison(result)
    if result.sensitivity:
        _print_sensitivity(result)
    for note in result.notes:
        console.print(styled((f"· {note}", "dim")))


def _print_overall(r: SimResult) -> None:
    o = r.overall
    table = new_table(title=t("sim.cli.overall"), show_header=False)
    table.add_column()
    table.add_column(justify="right")
    rows = [
        ("p_any_kuning", _p(o.p_any_kuning)),
        ("p_any_merah", _p(o.p_any_merah)),
        ("kuning_villages", _p(o.kuning_villages_mean, pct=False)),
        ("merah_villages", _p(o.merah_villages_mean, pct=False)),
        ("incidents", _p(o.incidents_mean, pct=False)),
        (
            "containment",
            f"{_m(o.containment_p50)} / {_m(o.containment_p90)} / {_m(o.containment_p95)}",
        ),
        ("uncontained", _p(o.p_uncontained)),
        ("unmet", f"{o.unmet_request_min_mean:.1f}"),
    ]
    for key, value in rows:
        table.add_row(t(f"sim.cli.row.{key}"), value)
    steps = ", ".join(
        f"{t(f'sim.step.{k}')} {100 * v:.1f}%" for k, v in o.response_steps.items() if v > 0
    )
    table.add_row(t("sim.cli.row.steps"), steps)
    console.print(table)


def _print_villages(r: SimResult, s: Scenario, top: int = 10) -> None:
    table = new_table(title=t("sim.cli.villages", count=top))
    for col in ("rank", "village", "zone", "p_kuning", "p_merah", "containment", "max_step"):
        table.add_column(t(f"sim.cli.col.{col}"), justify="left" if col == "village" else "right")
    lang = get_language()
    for v in sorted(r.villages, key=lambda v: v.fail_rank)[:top]:
        zone = s.zones.get(v.zone).name(lang) if v.zone in s.zones.ids() else v.zone
        table.add_row(
            str(v.fail_rank),
            f"{v.name} ({v.code})",
            zone,
            _p(v.p_kuning),
            _p(v.p_merah),
            f"{_m(v.containment_p50)} / {_m(v.containment_p90)}",
            t(f"sim.step.{v.max_step}") if v.max_step else "–",
        )
    console.print(table)


def _print_reserves(r: SimResult) -> None:
    if not r.reserves:
        return
    table = new_table(title=t("sim.cli.reserves"))
    for col in ("unit", "role", "site", "p_dispatched", "busy"):
        table.add_column(
            t(f"sim.cli.col.{col}"), justify="right" if col in ("p_dispatched", "busy") else "left"
        )
    for x in r.reserves:
        table.add_row(
            x.unit,
            t(f"sim.role.{x.role}"),
            x.site,
            f"{100 * x.p_dispatched:.1f}%",
            f"{x.busy_min_mean:.1f}",
        )
    console.print(table)


def _print_comparison(r: SimResult) -> None:
    c = r.comparison
    assert c is not None
    table = new_table(title=t("sim.cli.compare", this=r.plan_label, other=c.other_label))
    table.add_column(t("sim.cli.col.measure"))
    table.add_column(r.plan_label, justify="right")
    table.add_column(c.other_label, justify="right")
    table.add_column(t("sim.cli.col.diff"), justify="right")
    o, p = r.overall, c.other_overall
    for key, mine, theirs, diff, pct in (
        ("p_any_kuning", o.p_any_kuning, p.p_any_kuning, c.d_p_any_kuning, True),
        ("p_any_merah", o.p_any_merah, p.p_any_merah, c.d_p_any_merah, True),
        (
            "kuning_villages",
            o.kuning_villages_mean,
            p.kuning_villages_mean,
            c.d_kuning_villages_mean,
            False,
        ),
        (
            "merah_villages",
            o.merah_villages_mean,
            p.merah_villages_mean,
            c.d_merah_villages_mean,
            False,
        ),
        ("containment_mean", o.containment_mean, p.containment_mean, c.d_containment_mean, False),
    ):
        table.add_row(t(f"sim.cli.row.{key}"), _p(mine, pct), _p(theirs, pct), _p(diff, pct))
    console.print(table)
    console.print(t(f"sim.cli.verdict.{c.better}", this=r.plan_label, other=c.other_label))


def _print_sensitivity(r: SimResult) -> None:
    sens = r.sensitivity
    assert sens is not None
    keys = ("p_any_merah", "kuning_villages_mean", "containment_mean")
    table = new_table(title=t("sim.cli.oat", runs=sens.runs_per_point))
    table.add_column(t("sim.cli.col.param"))
    table.add_column(t("sim.cli.col.range"), justify="right")
    for k in keys:
        table.add_column(t(f"sim.cli.out.{k}"), justify="right")
    table.add_row(t("sim.cli.base"), "", *(f"{sens.base_outcomes[k]:.3f}" for k in keys))
    for row in sens.oat:
        table.add_row(
            row.param,
            f"{row.low:g} … {row.high:g}",
            *(f"{row.low_outcomes[k]:.3f} … {row.high_outcomes[k]:.3f}" for k in keys),
        )
    console.print(table)
    if sens.lhs:
        table = new_table(
            title=t("sim.cli.prcc", samples=sens.lhs.samples, runs=sens.lhs.runs_per_sample)
        )
        table.add_column(t("sim.cli.col.param"))
        for k in keys:
            table.add_column(t(f"sim.cli.out.{k}"), justify="right")
        for name, coef in sens.lhs.prcc.items():
            table.add_row(name, *(f"{coef[k]:+.2f}" for k in keys))
        console.print(table)
