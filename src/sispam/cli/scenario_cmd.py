"""`sispam scenario new|check|export`: create, validate and export scenario files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from sispam.cli.app import app
from sispam.cli.errors import user_errors
from sispam.domain import ElectionType
from sispam.i18n import t
from sispam.scenario import (
    load_scenario,
    new_scenario,
    resolve,
    scenario_files,
    write_files,
    write_scenario,
)

scenario_app = typer.Typer(
    help="Skenario: buat, periksa, ekspor / scenario files: new, check, export",
    no_args_is_help=True,
)
app.add_typer(scenario_app, name="scenario")
console = Console(highlight=False)

ScenarioArg = Annotated[
    str,
    typer.Argument(
        metavar="SCENARIO",
        help="Direktori skenario atau nama skenario bawaan / a scenario directory or an embedded scenario name",
    ),
]


@scenario_app.command("new")
@user_errors
def new(
    regency: Annotated[
        str, typer.Option("--regency", help="Kabupaten/kota: nama atau kode (Klaten, 33.10)")
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
    s = new_scenario(regency, choice, election_day, election_type, name)
    write_scenario(s, out)
    load_scenario(out)  # what we wrote must load back
    console.print(t("scenario.written", path=out))
    _summary(s)


@scenario_app.command("check")
@user_errors
def check(scenario: ScenarioArg) -> None:
    """Periksa skenario; galat menyebut berkas, baris, kolom / validate, naming file, row and column."""
    _summary(load_scenario(scenario))


@scenario_app.command("export")
@user_errors
def export(
    name: Annotated[str, typer.Argument(help="Nama skenario bawaan / embedded scenario name")],
    out: Annotated[
        Path, typer.Argument(help="Direktori tujuan (baru atau kosong) / new or empty directory")
    ],
) -> None:
    """Tulis skenario bawaan sebagai berkas yang dapat diedit / write an embedded scenario out as files."""
    src = resolve(name)
    s = load_scenario(name)
    # Copy the files as shipped (comments and layout kept), not a re-serialisation.
    files = {f: (src / f).read_text(encoding="utf-8") for f in scenario_files(s)}
    write_files(files, out)
    console.print(t("scenario.written", path=out))


def _summary(s) -> None:  # type: ignore[no-untyped-def]
    console.print(
        t(
            "scenario.ok",
            name=s.name,
            villages=len(s.villages),
            units=len(s.units),
            personnel=sum(u.strength for u in s.units),
            phases=len(s.phases),
        )
    )
