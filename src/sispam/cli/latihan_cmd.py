"""`sispam latihan new|check|schedule|evaluate|anev|load`: prepare, run on paper or in the Posko,
and evaluate a drill.

Heavy stages (planning, Typst, matplotlib) are imported inside the commands that need them.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from sispam.cli.base import HELP_MARKUP, HelpGroup
from sispam.cli.console import LazyConsole, new_table, styled
from sispam.cli.errors import user_errors
from sispam.cli.options import MAX_RUNS, Seed
from sispam.cli.scenario_cmd import ScenarioArg
from sispam.i18n import get_language, t

if TYPE_CHECKING:
    from sispam.domain import Scenario

latihan_app = typer.Typer(
    rich_markup_mode=HELP_MARKUP,
    cls=HelpGroup,
    help="Latihan kontinjensi: MSEL, EEG, Anev / the contingency drill: MSEL, EEGs, Anev",
    no_args_is_help=True,
)
"""The ``sispam latihan`` command group (registered where the CLI is assembled)."""
console = LazyConsole(highlight=False)
err_console = LazyConsole(stderr=True, highlight=False, soft_wrap=True)
EXIT_INVALID = 2  # bad input: the exit code of every Sispam command

P = ParamSpec("P")
R = TypeVar("R")

PackageArg = Annotated[
    Path,
    typer.Argument(
        metavar="DIR", help="Paket latihan dari `latihan new` / a drill package from `latihan new`"
    ),
]
EventsOpt = Annotated[
    Path,
    typer.Option(
        "--events",
        help="Rekaman latihan (JSON Lines) / the exercise record (JSON Lines)",
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="SISPAM_POSKO_DB",
        help="Basis data Posko / the Posko's database (sqlite:///posko.db, berkas, postgresql://…)",
    ),
]


def _file_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Problems in a drill file (MSEL, record, evaluator's sheet): one line each, exit 2."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from sispam.latihan.sheets import FileIssues  # openpyxl: only when a command runs

        try:
            return fn(*args, **kwargs)
        except FileIssues as exc:
            err_console.print(
                styled(
                    (f"{t('common.error')}:", "bold red"),
                    f" {t('latihan.file.header', count=len(exc.issues))}",
                )
            )
            for issue in exc.issues:
                err_console.print(f"  - {issue}")
            err_console.print(t("common.nothing_written"))
            raise typer.Exit(EXIT_INVALID) from None

    return wrapper


def LatihanError(message: str) -> Exception:  # noqa: N802 - raised like the class it builds
    """The drill's user error (imported when raised: the CLI starts without the drill's code)."""
    from sispam.latihan.settings import LatihanError as error

    return error(message)


def _read_json(path: Path, model: type, key: str):  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LatihanError(t(key, path=path, reason=exc.strerror or exc)) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise LatihanError(t(key, path=path, reason=f"{where}: {first.get('msg', '')}")) from None


def _write_file(path: Path, data: bytes) -> None:
    """One file, atomically: a temporary sibling renamed over the target."""
    if path.is_dir():
        raise LatihanError(t("latihan.cli.out_is_dir", path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _start(value: str | None) -> datetime | None:
    if value is None:
        return None
    from sispam.latihan.msel import parse_time

    when = parse_time(value)
    if when is None:
        raise typer.BadParameter("YYYY-MM-DDTHH:MM", param_hint="--start")
    return when


@latihan_app.command("new")
@user_errors
def new(
    scenario: ScenarioArg,
    out: Annotated[
        Path, typer.Option("-o", "--out", help="Direktori baru paket latihan / new package folder")
    ],
    plan_file: Annotated[
        Path | None,
        typer.Option("--plan", help="Rencana (JSON dari `sispam plan -o`) / a saved plan"),
    ] = None,
    sim_file: Annotated[
        Path | None,
        typer.Option(
            "--from-sim",
            help="Hasil simulasi (JSON): eskalasi run contohnya / a saved simulation: its example run's escalation",
        ),
    ] = None,
    village: Annotated[
        str | None,
        typer.Option("--village", help="Desa latihan: kode atau nama / the drill's village"),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", help="Mulai latihan / drill start, 2023-05-31T08:00"),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Ganti paket yang ada / replace an existing package")
    ] = False,
) -> None:
    """Paket latihan: MSEL (XLSX, CSV), EEG, kartu inject dan formulir evaluator / the drill
    package: MSEL, EEGs, inject cards and evaluator forms."""
    from sispam.assess import assess
    from sispam.latihan.package import package_files
    from sispam.latihan.prepare import prepare
    from sispam.scenario import load_scenario, write_files

    when = _start(start)
    s = load_scenario(scenario)
    assessment = assess(s)
    if plan_file is not None:
        from sispam.domain import Plan

        deployment = _read_json(plan_file, Plan, "latihan.cli.plan_file")
    else:
        from sispam.plan import plan

        deployment = plan(s, assessment)
    from sispam.domain import SimResult

    sim = _read_json(sim_file, SimResult, "latihan.cli.sim_file") if sim_file else None
    lang = get_language()
    # A scenario folder is recorded by its absolute path, so the Anev finds it from anywhere.
    ref = str(Path(scenario).resolve()) if Path(scenario).is_dir() else scenario
    exercise = prepare(
        s, deployment, sim=sim, village=village, start=when, lang=lang, scenario_ref=ref
    )
    files = package_files(s, assessment, deployment, exercise, lang=lang)
    write_files(files, out, replace=replace)
    console.say(
        t(
            "latihan.cli.new_done",
            path=out,
            injects=len(exercise.injects),
            tasks=len(exercise.tasks()),
            village=exercise.village_name,
            start=exercise.start.strftime("%Y-%m-%d %H:%M"),
        )
    )
    for note in exercise.notes:
        console.print(styled((f"· {note}", "dim")))


def _scenario_of(ref: str | None, exercise) -> Scenario:  # type: ignore[no-untyped-def]
    from sispam.scenario import load_scenario

    return load_scenario(ref or exercise.scenario)


@latihan_app.command("check")
@user_errors
@_file_errors
def check(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH", help="Paket latihan atau berkas MSEL / a drill package or an MSEL file"
        ),
    ],
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", help="Skenario (bawaan: dari paket) / the scenario"),
    ] = None,
) -> None:
    """Periksa MSEL yang diedit; galat menyebut berkas, baris, kolom / check an edited MSEL."""
    from sispam.latihan.msel import load_msel
    from sispam.latihan.package import MSEL_CSV, MSEL_XLSX, read_package
    from sispam.scenario import load_scenario

    if path.is_dir():
        exercise, _ = read_package(path)
        s = _scenario_of(scenario, exercise)
        targets = [path / MSEL_XLSX, path / MSEL_CSV]
        village = exercise.village_code
    else:
        s = load_scenario(scenario) if scenario else None
        targets, village = [path], None
        if s is None and (path.parent / "latihan.json").is_file():
            exercise, _ = read_package(path.parent)
            s, village = _scenario_of(None, exercise), exercise.village_code
    for target in targets:
        injects = load_msel(target, scenario=s, village=village)
        console.say(t("latihan.cli.check_ok", path=target, injects=len(injects)))


@latihan_app.command("schedule")
@user_errors
@_file_errors
def schedule(
    package: PackageArg,
    speed: Annotated[
        float,
        typer.Option("--speed", min=0.1, max=60, help="Kompresi waktu ×N / time compression"),
    ] = 1.0,
    start: Annotated[
        str | None, typer.Option("--start", help="Mulai jam dinding / wall-clock start")
    ] = None,
    msel_file: Annotated[
        Path | None, typer.Option("--msel", help="MSEL yang diedit / an edited MSEL")
    ] = None,
) -> None:
    """Lembar jalan pengendali: kapan tiap inject disampaikan / the controller's run sheet."""
    from sispam.latihan.control import schedule_at
    from sispam.latihan.package import read_package

    exercise, _ = read_package(package)
    injects = _injects(exercise, msel_file)
    begin = _start(start) or exercise.start
    table = new_table(title=t("latihan.cli.schedule_title", speed=f"{speed:g}"))
    for key in ("no", "wall", "scenario", "step", "to", "task"):
        table.add_column(t(f"latihan.cli.col.{key}"))
    for inject, wall in schedule_at(injects, begin, exercise.start, speed):
        table.add_row(
            str(inject.number),
            wall.strftime("%H:%M:%S"),
            inject.scenario_time.strftime("%Y-%m-%d %H:%M"),
            t(f"latihan.step.{inject.step}"),
            inject.recipient,
            inject.task,
        )
    console.print(table)


def _injects(exercise, msel_file: Path | None):  # type: ignore[no-untyped-def]
    if msel_file is None:
        return exercise.injects
    from sispam.latihan.msel import load_msel

    s = _scenario_of(None, exercise)
    return load_msel(msel_file, scenario=s, village=exercise.village_code)


@latihan_app.command("evaluate")
@user_errors
@_file_errors
def evaluate_cmd(
    package: PackageArg,
    events: EventsOpt,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o", "--out", help="Lembar evaluator terisi (XLSX) / the evaluator's sheet, filled"
        ),
    ] = None,
) -> None:
    """Observasi EEG dari rekaman latihan / EEG observations filled from the exercise record."""
    from sispam.latihan.evaluate import observe
    from sispam.latihan.events import load_events
    from sispam.latihan.package import evaluation_file, read_package

    exercise, _ = read_package(package)
    record = load_events(events, exercise.utc_offset_min)
    lang = get_language()
    observations = observe(exercise, record, lang)
    table = new_table(title=exercise.title)
    for key in ("task", "unit", "observation", "suggested"):
        table.add_column(t(f"latihan.cli.col.{key}"))
    units = {task.id: task.unit for task in exercise.tasks()}
    for obs in observations:
        table.add_row(obs.task_id, units[obs.task_id], obs.text, obs.suggested.value)
    console.print(table)
    if out is not None:
        day = record[0].time.date()
        _write_file(out, evaluation_file(exercise, observations, lang, day))
        console.say(t("latihan.cli.written", path=out))


@latihan_app.command("anev")
@user_errors
@_file_errors
def anev_cmd(
    out: Annotated[Path, typer.Option("-o", "--out", help="Direktori Anev / Anev output folder")],
    package: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DIR]",
            help="Paket latihan dari `latihan new` (tanpa --db) / a drill package (without --db)",
        ),
    ] = None,
    events: Annotated[
        Path | None,
        typer.Option(
            "--events", help="Rekaman latihan (JSON Lines) / the exercise record (JSON Lines)"
        ),
    ] = None,
    db: DbOpt = None,
    exercise_id: Annotated[
        str | None,
        typer.Option(
            "--exercise", help="ID operasi latihan di Posko (dengan --db) / the exercise operation"
        ),
    ] = None,
    evaluation: Annotated[
        Path | None,
        typer.Option(
            "--evaluation",
            help="Lembar evaluator (XLSX/CSV) dengan nilai / the evaluator's sheet with ratings",
        ),
    ] = None,
    msel_file: Annotated[
        Path | None, typer.Option("--msel", help="MSEL yang diedit / an edited MSEL")
    ] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="Skenario (bawaan: dari paket) / the scenario")
    ] = None,
    runs: Annotated[
        int,
        typer.Option(
            "--runs",
            min=0,
            max=MAX_RUNS,
            help="Jalankan ulang simulasi dengan waktu latihan (0: tidak) / re-run the simulation with the drill's times",
        ),
    ] = 0,
    seed: Seed = 1,
    replace: Annotated[
        bool, typer.Option("--replace", help="Ganti keluaran yang ada / replace an existing one")
    ] = False,
) -> None:
    """Anev (After-Action Report) PDF dan XLSX, rencana perbaikan, drill-params.toml / the
    After-Action Report, Improvement Plan and the measured times as simulation parameters.

    From a package and its record (``DIR --events FILE``), or from the Posko's log of an exercise
    operation (``--db URL --exercise ID``: the reviews and the Improvement Plan as edited there;
    every file named ``LATIHAN-…``)."""
    if db is not None or exercise_id is not None:
        if db is None or exercise_id is None:
            raise LatihanError(t("latihan.cli.db_needs_exercise"))
        if any(x is not None for x in (package, events, evaluation, msel_file, scenario)):
            raise LatihanError(t("latihan.cli.db_alone"))
        _anev_from_posko(db, exercise_id, out, runs=runs, seed=seed, replace=replace)
        return
    if package is None or events is None:
        raise LatihanError(t("latihan.cli.anev_needs_record"))
    from sispam.assess import assess
    from sispam.domain import Village
    from sispam.latihan.anev import build_anev
    from sispam.latihan.eeg import model_params
    from sispam.latihan.events import load_events
    from sispam.latihan.package import anev_files, read_package
    from sispam.latihan.review import load_reviews
    from sispam.latihan.settings import read_settings
    from sispam.latihan.units import Responders
    from sispam.scenario import write_files

    exercise, deployment = read_package(package)
    s = _scenario_of(scenario, exercise)
    if deployment.scenario != s.name:
        raise LatihanError(t("latihan.plan.other_scenario", plan=deployment.scenario, name=s.name))
    if msel_file is not None:
        exercise = exercise.model_copy(update={"injects": _injects(exercise, msel_file)})
    record = load_events(events, exercise.utc_offset_min)
    reviews = load_reviews(evaluation, exercise) if evaluation else {}
    lang = get_language()
    village: Village = s.village(exercise.village_code)
    anev = build_anev(
        exercise,
        record,
        election_day=s.election_date,
        reviews=reviews,
        assumed=model_params(s),
        responders=Responders(s, deployment, village),
        improvement_days=read_settings(s).improvement_days,
        lang=lang,
    )
    assessment = assess(s)
    if runs > 0:
        from sispam.latihan.anev import with_odds

        with console.status(t("latihan.cli.simulating", runs=runs)):
            anev = with_odds(anev, s, assessment, deployment, runs=runs, seed=seed)
    files = anev_files(s, assessment, deployment, anev, record, lang=lang)
    write_files(files, out, replace=replace)
    ratings = ", ".join(f"{c.value} {r.value}" for c, r in anev.capability_ratings.items())
    console.say(
        t(
            "latihan.cli.anev_done",
            path=out,
            delivered=len(anev.delivered),
            items=len(anev.improvements),
        )
    )
    console.print(styled((ratings, "dim")))


def _anev_from_posko(
    db: str, op_id: str, out: Path, *, runs: int, seed: int, replace: bool
) -> None:
    """The Anev of an exercise operation from the Posko's database (read only)."""
    from sqlalchemy.exc import SQLAlchemyError

    from sispam.posko.db import make_engine, normalise_url
    from sispam.posko.drill.anev import anev_of_log
    from sispam.posko.store import EventStore
    from sispam.scenario import write_files

    try:
        engine = make_engine(normalise_url(db))
        try:
            store = EventStore(engine)
            meta = store.operation(op_id)
            events = store.read(op_id) if meta is not None else []
        finally:
            engine.dispose()
    except SQLAlchemyError as exc:
        raise LatihanError(t("posko.error.bad_db", detail=str(exc.orig or exc).strip())) from None
    if meta is None:
        raise LatihanError(t("posko.error.no_operation", id=op_id))
    if not meta["exercise"]:
        raise LatihanError(t("latihan.posko.error.live"))
    lang = get_language()
    with console.status(t("latihan.posko.job.documents")):
        anev, files = anev_of_log(events, lang, runs=runs, seed=seed)
    write_files(files, out, replace=replace)
    console.say(
        t(
            "latihan.cli.anev_done",
            path=out,
            delivered=len(anev.delivered),
            items=len(anev.improvements),
        )
    )


@latihan_app.command("load")
@user_errors
@_file_errors
def load_cmd(
    package: PackageArg,
    db: DbOpt = None,
    op_id: Annotated[
        str | None,
        typer.Option("--id", help="ID operasi latihan (bawaan: <skenario>-latihan) / operation id"),
    ] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="Skenario (bawaan: dari paket) / the scenario")
    ] = None,
    msel_file: Annotated[
        Path | None, typer.Option("--msel", help="MSEL yang diedit / an edited MSEL")
    ] = None,
) -> None:
    """Muat paket latihan ke operasi LATIHAN di Posko / load a drill package into a Posko exercise
    operation (created from the package's scenario and plan when it does not exist)."""
    from sqlalchemy.exc import SQLAlchemyError

    from sispam.posko.db import display_url, has_schema
    from sispam.posko.drill.load import load_package
    from sispam.posko.service import Posko

    if db is None:
        raise LatihanError(t("latihan.cli.db_needed"))
    try:
        if not has_schema(db):  # only `posko init` creates a database (a typo leaves none)
            raise LatihanError(t("posko.error.no_db", db=display_url(db)))
        posko = Posko(db)
    except SQLAlchemyError as exc:
        raise LatihanError(t("posko.error.bad_db", detail=str(exc.orig or exc).strip())) from None
    try:
        op, created, loaded = load_package(
            posko, package, op_id=op_id, scenario_ref=scenario, msel=msel_file
        )
        drill = posko.state(op).view("drill").exercise
    finally:
        posko.close()
    key = "latihan.cli.load_done" if loaded else "latihan.cli.load_known"
    console.say(
        t(
            key,
            id=op,
            db=display_url(db),
            injects=len(drill.injects),
            created=t("latihan.cli.load_created") if created else "",
        )
    )
