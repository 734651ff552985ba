"""`sispam scenario check` means the scenario will run: every section goes through the validator
of the stage that uses it, and odd but valid scenarios get warnings instead of silence."""

from __future__ import annotations

import re
from pathlib import Path

from cli_helpers import run

from sispam.assess import assess
from sispam.plan import plan
from sispam.scenario import load_scenario


def _add_key(toml: Path, section: str, line: str) -> None:
    """A key in a ``[section]`` of scenario.toml: under its header when the file has one (TOML
    allows a table once), else in a new table at the end."""
    text = toml.read_text(encoding="utf-8")
    header = f"\n[{section}]\n"
    if header in text:
        text = text.replace(header, f"{header}{line}\n", 1)
    else:
        text += f"{header}{line}\n"
    toml.write_text(text, encoding="utf-8")


def _row_of(path: Path, name: str) -> int:
    """The 1-based line of the row whose first cell is ``name``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if ln.split(",", 1)[0] == name)


def _cell(path: Path, row: int, column: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    i = lines[0].split(",").index(column)
    cells = lines[row - 1].split(",")
    cells[i] = value
    lines[row - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_stage_section_is_validated(klaten_dir: Path) -> None:
    """Before: check passed what plan, simulate and report then refused."""
    toml = klaten_dir / "scenario.toml"
    for section, line in (
        ("sim", "trigger_scal = 1.5"), ("plan", "tps_due_mn = 3"), ("report", 'polress = "x"'),
        ("outreach", "before_dayz = 3"), ("exercise", 'vilage = "x"'), ("ops", "sitrep_evry = 1"),
    ):  # fmt: skip
        _add_key(toml, section, line)
    toml.write_text(toml.read_text().replace("sensitivity_step = 0.2", "sensitivity_step = 7"))
    result = run("scenario", "check", str(klaten_dir), "--lang", "en")
    assert result.exit_code == 2
    for key in (
        "trigger_scal", "plan.tps_due_mn", "report.polress", "before_dayz", "assess",
        "vilage", "sitrep_evry",
    ):  # fmt: skip
        assert key in result.stderr, key
    assert "Traceback" not in result.output


def test_non_finite_and_negative_indicator_values_are_refused(klaten_dir: Path) -> None:
    villages = klaten_dir / "villages.csv"
    for row, value in ((2, "nan"), (3, "inf"), (4, "-4")):
        _cell(villages, row, "registrants", value)
    result = run("scenario", "check", str(klaten_dir), "--lang", "en")
    assert result.exit_code == 2
    for row in (2, 3, 4):
        assert f"villages.csv, row {row}, column 'registrants'" in result.stderr


def test_odd_scenarios_get_warnings(klaten_dir: Path) -> None:
    toml = klaten_dir / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    # merah needs fewer Polri per TPS than hijau
    start = text.index('zone = "merah"\nforce = "polri"')
    i = text.index("personnel = ", start)
    text = text[:i] + "personnel = 1" + text[text.index("\n", i) :]
    toml.write_text(text, encoding="utf-8")
    villages = klaten_dir / "villages.csv"
    _cell(villages, 2, "voters", "1")
    _cell(villages, 2, "tps", "3")
    units = klaten_dir / "units.csv"
    _cell(units, _row_of(units, "Pleton 1 Brimob BKO Polda Jateng"), "min_team", "50")  # of 33
    _cell(units, 2, "home", "33.10.99.9999")  # not a region, but lat/lng are given
    result = run("scenario", "check", str(klaten_dir), "--lang", "en")
    assert result.exit_code == 0, result.output
    out = re.sub(r"\s+", " ", result.stdout)
    assert "Warnings (4)" in out
    assert "zone merah needs fewer polri per TPS (1) than the safer zone kuning" in out
    assert "more TPS (3) than voters (1)" in out
    assert "min_team 50 is above its strength (33)" in out
    assert "home code '33.10.99.9999'" in out


def test_no_patterns_and_no_phases_are_warned(klaten_dir: Path) -> None:
    toml = klaten_dir / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    text = re.sub(r"\[\[(patterns|phases)\]\]\n(?:[a-z_]+ = .*\n)+\n?", "", text)
    toml.write_text(text, encoding="utf-8")
    result = run("scenario", "check", str(klaten_dir), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "no [[patterns]]" in result.stdout and "no [[phases]]" in result.stdout


def test_simulate_warns_about_a_plan_that_lacks_villages(tmp_path: Path, klaten) -> None:
    p = plan(klaten, assess(klaten))
    keep = p.villages[3:]
    zones = {v.code: p.zones[v.code] for v in keep if v.code in p.zones}
    path = tmp_path / "old-plan.json"
    path.write_text(p.model_copy(update={"villages": keep, "zones": zones}).model_dump_json())
    result = run(
        "simulate", "pilkades-klaten-2023", "--plan", str(path), "--runs", "20",
        "--workers", "1", "--lang", "en",
    )  # fmt: skip
    assert "plan 'old-plan' lacks 3 villages of this scenario" in re.sub(r"\s+", " ", result.stderr)


def test_the_embedded_scenario_checks_clean() -> None:
    result = run("scenario", "check", "pilkades-klaten-2023")
    assert result.exit_code == 0 and "Peringatan" not in result.stdout
    assert load_scenario("pilkades-klaten-2023").indicator_columns == ()
