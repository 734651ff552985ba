"""`sispam posko init|user add|verify|export` and `sispam serve`: the Posko from the shell.

FastAPI, SQLAlchemy and uvicorn are imported inside the commands so ``sispam --help`` stays fast.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from sispam.cli.base import HELP_MARKUP, HelpGroup
from sispam.cli.console import LazyConsole
from sispam.cli.errors import user_errors
from sispam.domain.enums import Agency, PoskoRole
from sispam.domain.errors import SispamError
from sispam.i18n import Lang, t

console = LazyConsole(highlight=False)
posko_app = typer.Typer(
    rich_markup_mode=HELP_MARKUP,
    cls=HelpGroup,
    help="Posko: pos komando bersama Polres, Kodim, Pemkab / the shared command post",
    no_args_is_help=True,
)
user_app = typer.Typer(
    rich_markup_mode=HELP_MARKUP,
    cls=HelpGroup,
    help="Akun Posko / Posko accounts",
    no_args_is_help=True,
)
posko_app.add_typer(user_app, name="user")

DbOpt = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="SISPAM_POSKO_DB",
        help="sqlite:///posko.db, berkas, atau / or postgresql://user@host/db (env SISPAM_POSKO_DB)",
    ),
]


def _open(db: str, listen: bool = False, create: bool = False):  # type: ignore[no-untyped-def]
    """The Posko on ``db``. Only ``posko init`` (and ``serve --demo``) may create a database:
    every other command refuses a path that holds none, so a mistyped ``--db`` never leaves an
    empty database behind that then "verifies" or exports as empty."""
    from sqlalchemy.exc import SQLAlchemyError

    from sispam.posko.db import display_url, has_schema
    from sispam.posko.service import Posko

    try:
        if not create and not has_schema(db):
            raise SispamError(t("posko.error.no_db", db=display_url(db)))
        return Posko(db, listen=listen)
    except SQLAlchemyError as exc:
        raise SispamError(t("posko.error.bad_db", detail=str(exc.orig or exc).strip())) from None


@posko_app.command("init")
@user_errors
def init_cmd(
    scenario: Annotated[
        str, typer.Argument(help="Direktori skenario atau nama tertanam / scenario")
    ],
    db: DbOpt,
    plan: Annotated[
        Path | None, typer.Option("--plan", help="plan.json dari `sispam plan -o` / a saved plan")
    ] = None,
    op_id: Annotated[str | None, typer.Option("--id", help="ID operasi / operation id")] = None,
    exercise: Annotated[
        bool, typer.Option("--exercise", help="Operasi latihan (LATIHAN) / an exercise")
    ] = False,
) -> None:
    """Buat/migrasikan basis data dan muat operasi / create or migrate the database, load an operation."""
    from sispam.posko.db import display_url
    from sispam.posko.operation import build_inputs, create_operation

    plan_json = None
    if plan is not None:
        try:
            plan_json = plan.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SispamError(f"{plan}: {getattr(exc, 'strerror', None) or exc}") from None
    inputs = build_inputs(scenario, plan_json, plan_source=str(plan))
    posko = _open(db, create=True)
    try:
        op, created = create_operation(
            posko, inputs, op_id, exercise=exercise, source=str(scenario)
        )
    finally:
        posko.close()
    if not created:
        console.say(t("posko.cli.init_known", id=op, db=display_url(db)))
        return
    console.say(
        t(
            "posko.cli.init_done",
            id=op,
            db=display_url(db),
            villages=len(inputs["scenario"]["villages"]),
            units=len(inputs["scenario"]["units"]),
            exercise=" — LATIHAN" if exercise else "",
        )
    )


@user_app.command("add")
@user_errors
def user_add(
    name: Annotated[str, typer.Argument(help="Nama pengguna / user name")],
    db: DbOpt,
    role: Annotated[PoskoRole, typer.Option("--role", help="Peran / role")],
    agency: Annotated[Agency | None, typer.Option("--agency", help="Instansi / agency")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Satuan / unit")] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area", help="Kecamatan (kapolsek) atau desa/TPS (reporter) / district or village/TPS"
        ),
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Baca kata sandi dari stdin / read it from stdin"),
    ] = False,
    lang: Annotated[
        Lang, typer.Option("--user-lang", help="Bahasa akun / the account's language")
    ] = "id",
) -> None:
    """Buat akun / create an account (prints a one-time password when none is given)."""
    from sispam.posko import accounts

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise SispamError(t("posko.error.no_password"))
    posko = _open(db)
    try:
        _id, generated = accounts.create_account(
            posko,
            name,
            role.value,
            agency.value if agency is not None else None,
            unit,
            area,
            password,
            lang,
        )
    finally:
        posko.close()
    console.print(t("posko.cli.user_done", name=name, role=role.value))
    if generated:
        console.print(t("posko.cli.one_time", password=generated), markup=False)


@posko_app.command("verify")
@user_errors
def verify_cmd(db: DbOpt) -> None:
    """Periksa log kejadian dari awal sampai akhir / check the event log end to end (exit 1 if broken)."""
    from sispam.posko.chain import check_chain
    from sispam.posko.states import rebuild

    posko = _open(db)
    try:
        total, heads = 0, []
        for op in posko.store.chains():
            check = check_chain(op, posko.store.rows(op))
            if check.broken is not None:
                b = check.broken
                console.print(
                    t("posko.cli.verify_broken", op=op, seq=b.seq, type=b.type, kind=b.kind)
                )
                raise typer.Exit(1)
            try:
                rebuild(op, posko.store.read(op))
            except Exception:
                console.print(t("posko.cli.verify_projection", op=op))
                raise typer.Exit(1) from None
            total += check.count
            heads.append(f"{op}={check.head_hash[:16]}")
    finally:
        posko.close()
    console.print(t("posko.cli.verify_ok", chains=len(heads), count=total, heads=", ".join(heads)))


@posko_app.command("export")
@user_errors
def export_cmd(
    db: DbOpt,
    out: Annotated[Path, typer.Option("-o", "--out", help="Direktori baru / a new directory")],
    operation: Annotated[
        str | None, typer.Option("--operation", help="ID operasi / operation id")
    ] = None,
) -> None:
    """Tulis log (JSON Lines) dan keadaan (CSV/XLSX) satu operasi / write one operation's log and state."""
    from sispam.posko.export import export_files
    from sispam.scenario import write_files

    posko = _open(db)
    try:
        ops = [o["id"] for o in posko.store.operations()]
        if not ops:
            raise SispamError(t("posko.error.no_operations"))
        if operation is None:
            if len(ops) > 1:
                raise SispamError(t("posko.error.which_operation", ids=", ".join(ops)))
            operation = ops[0]
        if operation not in ops:
            raise SispamError(t("posko.error.no_operation", id=operation))
        files, count = export_files(posko, operation)
    finally:
        posko.close()
    write_files(files, out)
    console.say(t("posko.cli.export_done", id=operation, path=out, count=count))


@posko_app.command("replay")
@user_errors
def replay_cmd(
    db: DbOpt,
    from_sim: Annotated[
        Path,
        typer.Option(
            "--from-sim", help="simulation.json dari `sispam simulate -o` / a saved simulation"
        ),
    ],
    speed: Annotated[
        float,
        typer.Option("--speed", min=0.01, max=3600, help="Kali lebih cepat / times faster (60)"),
    ] = 60.0,
    operation: Annotated[
        str | None,
        typer.Option("--operation", help="Operasi latihan / exercise id (NAMA-latihan)"),
    ] = None,
    max_gap: Annotated[
        float,
        typer.Option(
            "--max-gap", min=1, max=1440, help="Lompati jeda lebih dari N menit / skip quiet gaps"
        ),
    ] = 30.0,
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", help="Skenario bila operasi belum ada / scenario to load"),
    ] = None,
) -> None:
    """Putar hari-H tiruan ke operasi latihan / play a simulated day into an exercise."""
    from pydantic import ValidationError

    from sispam.domain import SimResult
    from sispam.posko.day.replay import replay
    from sispam.posko.events import Refused
    from sispam.posko.operation import build_inputs, create_operation

    try:
        sim = SimResult.model_validate_json(from_sim.read_bytes())
    except OSError as exc:
        raise SispamError(t("posko.day.cli.no_sim", path=from_sim, detail=exc.strerror)) from None
    except (ValidationError, ValueError) as exc:
        first = str(exc).splitlines()[0]
        raise SispamError(t("posko.day.cli.bad_sim", path=from_sim, detail=first)) from None
    op_id = operation or f"{sim.scenario}-latihan"
    posko = _open(db)
    try:
        known = posko.store.operation(op_id)
        if known is None and operation is not None and scenario is None:
            # A named operation that is not there is most likely a typo: loading a new exercise
            # under it takes a minute and leaves an operation nobody asked for.
            ids = ", ".join(o["id"] for o in posko.store.operations()) or "-"
            raise SispamError(t("posko.day.cli.unknown_operation", id=op_id, ids=ids))
        if known is None:
            console.print(t("posko.day.cli.loading", id=op_id))
            create_operation(
                posko,
                build_inputs(scenario or sim.scenario),
                op_id,
                exercise=True,
                source=scenario or sim.scenario,
            )
        elif not known["exercise"]:
            raise SispamError(t("posko.day.cli.not_exercise", id=op_id))
        console.print(t("posko.day.cli.replay_start", id=op_id, speed=speed))

        def progress(n: int, total: int, at) -> None:  # type: ignore[no-untyped-def]
            if n == total or n % 100 == 0:
                console.print(
                    t("posko.day.cli.replay_progress", n=n, total=total, at=f"{at:%H:%M}")
                )

        try:
            done = replay(posko, op_id, sim, speed=speed, max_gap_min=max_gap, progress=progress)
        except Refused as exc:
            raise SispamError(exc.message()) from None
    finally:
        posko.close()
    console.print(
        t(
            "posko.day.cli.replay_done",
            events=done["events"],
            items=done["items"],
            refused=done["refused"],
        )
    )
    for reason in done["reasons"]:
        console.print(f"  {reason}", markup=False)


@user_errors
def serve_cmd(
    db: Annotated[
        str | None, typer.Option("--db", envvar="SISPAM_POSKO_DB", help="Basis data / database URL")
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Alamat dengar / address to listen on")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="Port / port to listen on")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="Operasi Klaten tertanam dan akun demo / embedded demo")
    ] = False,
    folder: Annotated[
        Path | None,
        typer.Option("--dir", help="Folder untuk basis data demo / demo database folder"),
    ] = None,
    tiles: Annotated[
        str | None, typer.Option("--tiles", help="URL ubin peta opsional / optional map tile URL")
    ] = None,
) -> None:
    """Jalankan Posko (web) / run the Posko web app."""
    import uvicorn

    from sispam.posko.db import display_url
    from sispam.posko.web.app import create_app

    if demo:
        root = folder or Path(tempfile.mkdtemp(prefix="sispam-posko-"))
        root.mkdir(parents=True, exist_ok=True)
        db = db or f"sqlite:///{(root / 'posko.db').resolve()}"
    if not db:
        raise SispamError(t("posko.error.no_operations"))
    posko = _open(db, listen=True, create=demo)
    try:
        if demo:
            _demo(posko)
        console.say(t("posko.cli.serve_db", db=display_url(db)))
        console.print(t("posko.cli.serve_url", url=f"http://{host}:{port}/"))
        console.print(t("posko.cli.stop"))
        sys.stdout.flush()
        uvicorn.run(create_app(posko, tile_url=tiles), host=host, port=port, log_level="warning")
    finally:
        posko.close()


DEMO_AREAS = {"kapolsek": "33.10.24", "reporter": "33.10.24.2003"}
"""The demo's scoped accounts: the Kapolsek and a reporter of Karanganom (Klaten Utara), the
red-zone village of the case."""


def _demo(posko) -> None:  # type: ignore[no-untyped-def]
    """The embedded Klaten operation, its exercise twin, and one account per role."""
    from sispam.posko import accounts
    from sispam.posko.operation import build_inputs, create_operation

    inputs = build_inputs("pilkades-klaten-2023")
    create_operation(posko, inputs, source="pilkades-klaten-2023")
    drill, _ = create_operation(posko, inputs, exercise=True, source="pilkades-klaten-2023")
    known = {a["username"]: a for a in accounts.accounts(posko)}
    console.print(t("posko.cli.demo_accounts"))
    for role in PoskoRole:
        name = role.value
        password = accounts.generate_password()
        if name in known:
            accounts.set_password(posko, known[name]["id"], password, accounts.principal_system())
        else:
            accounts.create_account(
                posko, name, name, area=DEMO_AREAS.get(name), password=password, must_change=False
            )
        console.print(f"  {name:<11} {password}  ({t('posko.role.' + name)})", markup=False)
    console.print(t("posko.cli.demo_exercise", id=drill))
