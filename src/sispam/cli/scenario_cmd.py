"""`sispam scenario new|check|export`: create, validate and export scenario files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sispam.cli.base import HELP_MARKUP, HelpGroup
from sispam.domain.enums import ElectionType
from sispam.i18n import t

if TYPE_CHECKING:
    from sispam.domain import Scenario

scenario_app = typer.Typer(
    rich_markup_mode=HELP_MARKUP,
    cls=HelpGroup,
    help="Skenario: buat, periksa, ekspor / scenario files: new, check, export",
    no_args_is_help=True,
)

ScenarioArg = Annotated[
    str,
    typer.Argument(
        metavar="SCENARIO",
        help="Direktori skenario atau nama skenario bawaan / a scenario directory or an embedded scenario name",
    ),
]


@scenario_app.command("new")
def new(
    regency: Annotated[
        str,
        typer.Option(
            "--regency",
            help="Kabupaten/kota: nama atau kode / regency or city: name or code (Klaten, 33.10)",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("-o", "--out", help="Direktori baru untuk berkas skenario / new directory"),
    ],
    villages: Annotated[
        str,
        typer.Option(
            "--villages", help="all-desa | all | kode dipisah koma / comma-separated codes or names"
        ),
    ] = "all-desa",
    day: Annotated[
        str, typer.Option("--date", help="Hari pemungutan suara / election day YYYY-MM-DD")
    ] = "2023-07-05",
    election_type: Annotated[
        ElectionType, typer.Option("--type", help="pilkades | pilkada | pemilu")
    ] = ElectionType.PILKADES,
    name: Annotated[
        str | None, typer.Option("--name", help="Nama skenario / scenario name")
    ] = None,
) -> None:
    """Tulis kerangka skenario untuk kabupaten mana pun / write a valid skeleton for any regency."""
    try:
        election_day = datetime.strptime(day, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter("YYYY-MM-DD", param_hint="--date") from None
    choice: str | list[str] = (
        villages
        if villages in ("all-desa", "all")
        else [v.strip() for v in villages.split(",") if v.strip()]
    )
    from sispam.scenario import (
        SCENARIO_KIND,
        check_folder_target,
        load_scenario,
        new_scenario,
        write_scenario,
    )

    check_folder_target(out, kind=SCENARIO_KIND)
    s = new_scenario(regency, choice, election_day, election_type, name)
    write_scenario(s, out)
    load_scenario(out)  # what we wrote must load back
    typer.echo(t("scenario.written", path=out))
    _summary(s)


@scenario_app.command("check")
def check(scenario: ScenarioArg) -> None:
    """Periksa skenario; galat menyebut berkas, baris, kolom / validate, naming file, row and column."""
    from sispam.cli.checks import check_stages
    from sispam.scenario import load_scenario, scenario_warnings

    s = load_scenario(scenario)
    check_stages(s)
    _summary(s)
    warnings = scenario_warnings(s)
    if warnings:
        typer.secho(t("scenario.warn.header", count=len(warnings)), fg="yellow")
    for w in warnings:
        typer.echo(f"  ! {w}")


@scenario_app.command("export")
def export(
    name: Annotated[str, typer.Argument(help="Nama skenario bawaan / embedded scenario name")],
    out: Annotated[
        Path, typer.Argument(help="Direktori tujuan (baru atau kosong) / new or empty directory")
    ],
) -> None:
    """Tulis skenario bawaan sebagai berkas yang dapat diedit / write an embedded scenario out as files."""
    from sispam.scenario import (
        SCENARIO_KIND,
        load_scenario,
        resolve,
        scenario_files,
        write_files,
    )

    src = resolve(name)
    s = load_scenario(name)
    # Copy the files as shipped (comments and layout kept), not a re-serialisation.
    files = {f: (src / f).read_text(encoding="utf-8") for f in scenario_files(s)}
    write_files(files, out, kind=SCENARIO_KIND)
    typer.echo(t("scenario.written", path=out))


def _summary(s: Scenario) -> None:
    # Plain text (click's echo): a summary needs no rich layout, and importing rich costs
    # ~40 ms of `scenario check`'s start-up (issue #14).
    typer.echo(
        t(
            "scenario.ok",
            name=s.name,
            villages=len(s.villages),
            units=len(s.units),
            personnel=sum(u.strength for u in s.units),
            phases=len(s.phases),
        )
    )
