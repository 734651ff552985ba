"""`sispam posko init` and `sispam posko user add` from the shell."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import _take_lang, app
from sispam.posko import SYSTEM_OPERATION
from sispam.posko.service import Posko

pytestmark = pytest.mark.xdist_group("posko")
KLATEN = "pilkades-klaten-2023"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, _take_lang(list(args)), input=input, env={"COLUMNS": "250"})


def test_init_is_idempotent_and_holds_several_operations(db_url: str, tmp_path) -> None:
    first = run("posko", "init", KLATEN, "--db", db_url)
    assert first.exit_code == 0, first.output
    assert "Operasi pilkades-klaten-2023 dimuat" in first.output and "67 desa" in first.output
    again = run("posko", "init", KLATEN, "--db", db_url)
    assert again.exit_code == 0 and "tidak ada yang berubah" in again.output
    plan = tmp_path / "plan.json"
    assert run("plan", KLATEN, "-o", str(plan)).exit_code == 0
    drill = run(
        "posko", "init", KLATEN, "--db", db_url, "--plan", str(plan), "--exercise", "--lang", "en"
    )
    assert (
        drill.exit_code == 0
        and "pilkades-klaten-2023-latihan" in drill.output
        and "LATIHAN" in drill.output
    )
    clash = run(
        "posko", "init", KLATEN, "--db", db_url, "--plan", str(plan)
    )  # same id, other inputs
    assert clash.exit_code == 2 and "--id" in clash.output
    posko = Posko(db_url)
    ops = {o["id"]: o["exercise"] for o in posko.store.operations()}
    assert ops == {KLATEN: False, KLATEN + "-latihan": True}
    stored = posko.state(KLATEN + "-latihan").view("operation").plan
    assert stored["scenario"] == KLATEN and "solver" in stored  # the plan kept as its JSON
    posko.close()


def test_user_add_needs_a_posko_database_and_a_real_area(db_url: str, tmp_path) -> None:
    missing = tmp_path / "salah-ketik.db"
    refused = run("posko", "user", "add", "x", "--db", str(missing), "--role", "operator")
    assert refused.exit_code == 2 and "posko init" in refused.output and not missing.exists()
    Posko(db_url).close()
    for role, area in [
        ("kapolsek", "Klaten Utara"),
        ("kapolsek", "33.10.24.2003"),
        ("reporter", "33.10.24"),
        ("reporter", "33.10.24.9999-01"),
    ]:
        bad = run("posko", "user", "add", "x", "--db", db_url, "--role", role, "--area", area)
        assert bad.exit_code == 2 and area in bad.output, bad.output
    good = run(
        "posko",
        "user",
        "add",
        "tps1",
        "--db",
        db_url,
        "--role",
        "reporter",
        "--area",
        "33.10.24.2003-01",
    )
    assert good.exit_code == 0, good.output


def test_user_add_prints_a_one_time_password(db_url: str) -> None:
    Posko(db_url).close()  # the schema, as `posko init` leaves it
    made = run(
        "posko",
        "user",
        "add",
        "kapolsek-utara",
        "--db",
        db_url,
        "--role",
        "kapolsek",
        "--area",
        "33.10.24",
    )
    assert made.exit_code == 0, made.output
    assert "Kata sandi sekali pakai" in made.output
    given = run(
        "posko",
        "user",
        "add",
        "dandim",
        "--db",
        db_url,
        "--role",
        "tni",
        "--password-stdin",
        input="sandi-dandim-0723\n",
    )
    assert given.exit_code == 0 and "sekali pakai" not in given.output
    assert (
        run("posko", "user", "add", "x", "--db", db_url, "--role", "reporter").exit_code == 2
    )  # no --area
    assert (
        run("posko", "user", "add", "dandim", "--db", db_url, "--role", "tni").exit_code == 2
    )  # exists
    assert run("posko", "user", "add", "y", "--db", db_url, "--role", "raja").exit_code == 2
    posko = Posko(db_url)
    created = [e.payload for e in posko.store.read(SYSTEM_OPERATION) if e.type == "account.created"]
    assert [(p["username"], p["role"], p["agency"]) for p in created] == [
        ("kapolsek-utara", "kapolsek", "polri"),
        ("dandim", "tni", "tni"),
    ]
    assert all("password" not in str(p) for p in created)
    posko.close()


def test_bad_database_is_a_clear_error(tmp_path) -> None:
    bad = run("posko", "verify", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert bad.exit_code == 2 and "Basis data tidak dapat dibuka" in bad.output


def test_init_is_idempotent_across_processes(tmp_path) -> None:
    """The same scenario loaded by two processes (different string-hash seeds, so different set
    orders) is the same operation: the second load changes nothing."""
    import os
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path / 'posko.db'}"
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, COLUMNS="250")
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from sispam.cli import main; main()",
                "posko",
                "init",
                KLATEN,
                "--db",
                db,
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        outputs.append(done.stdout)
    assert "dimuat" in outputs[0] and "tidak ada yang berubah" in outputs[1]


def test_user_add_takes_an_agency_and_a_language_from_their_lists(db_url: str) -> None:
    """--agency and --user-lang are chosen from the domain's agencies and the languages; a value
    outside them was refused without naming the option (agency) or silently became 'id'."""
    from sispam.posko import accounts

    Posko(db_url).close()
    base = ("posko", "user", "add", "dandim", "--db", db_url, "--role", "tni")
    for option, value in (("--agency", "tentara"), ("--user-lang", "xx")):
        bad = run(*base, option, value)
        assert bad.exit_code == 2 and option in bad.output and value in bad.output, bad.output
    good = run(*base, "--agency", "tni", "--user-lang", "en")
    assert good.exit_code == 0, good.output
    posko = Posko(db_url)
    try:
        made = [a for a in accounts.accounts(posko) if a["username"] == "dandim"]
    finally:
        posko.close()
    assert len(made) == 1 and made[0]["agency"] == "tni" and made[0]["lang"] == "en", made
