"""`sispam scenario check` means the scenario will run: every section goes through the validator
of the stage that uses it, and odd but valid scenarios get warnings instead of silence."""

from __future__ import annotations

import re
from pathlib import Path

from cli_helpers import run

from sispam.assess import assess
from sispam.plan import plan
from sispam.scenario import load_scenario


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _cell(path: Path, row: int, column: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    i = lines[0].split(",").index(column)
    cells = lines[row - 1].split(",")
    cells[i] = value
    lines[row - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_stage_section_is_validated(klaten_dir: Path) -> None:
    """Before: check passed what plan, simulate and report then refused."""
    _append(
        klaten_dir / "scenario.toml",
        '\n[sim]\ntrigger_scal = 1.5\n\n[plan]\ntps_due_mn = 3\n\n[report]\npolress = "x"\n'
        "\n[outreach]\nbefore_dayz = 3\n"
        '\n[exercise]\nvilage = "x"\n\n[ops]\nsitrep_evry = 1\n',
    )
    toml = klaten_dir / "scenario.toml"
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
    _cell(units, 119, "min_team", "50")  # a Brimob platoon of 33
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
