"""Registers every sub-command on the typer app (imported for its side effects)."""

from sispam.cli import (  # noqa: F401  (each module registers its command on import)
    assess_cmd,
    common,
    demo,
    epstein,
    latihan_cmd,
    plan_cmd,
    posko_cmd,
    report_cmd,
    scenario_cmd,
    simulate_cmd,
)
from sispam.cli.app import app  # noqa: E402

app.add_typer(latihan_cmd.latihan_app, name="latihan")
