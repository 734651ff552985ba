"""Indicator sets: the shipped ones are valid; bad files get errors naming file, key and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from sispam.assess import (
    AssessError,
    IndicatorSetError,
    IndicatorValueError,
    assess,
    builtin_names,
    load_indicator_set,
    parse_indicator_set,
)
from sispam.domain import SispamError
from sispam.i18n import set_language
from sispam.scenario import load_scenario

GOOD = """
[set]
id = "mini"
name_id = "Mini"
name_en = "Mini"

[[dimensions]]
id = "a"
name_id = "A"
name_en = "A"
weight = 1

[[indicators]]
id = "share_bad"
name_id = "Porsi"
name_en = "Share"
dimension = "a"
type = "ratio"
normalisation = "goalpost"
goalposts = [0, 1]
range = [0, 1]
weight = 1

[[indicators]]
id = "terrain"
name_id = "Medan"
name_en = "Terrain"
dimension = "a"
type = "category"
levels = { datar = 0.0, bergelombang = 0.5, pegunungan = 1.0 }
"""


def test_three_sets_ship_and_load() -> None:
    assert {"pilkades", "ikp", "tps"} <= set(builtin_names())
    for name in ("pilkades", "ikp", "tps"):
        s = load_indicator_set(name)
        assert s.id == name and s.indicators and s.dimensions
        for ind in s.indicators:
            assert ind.name_id and ind.name_en and ind.dimension in {d.id for d in s.dimensions}
    pilkades = {i.id for i in load_indicator_set("pilkades").indicators}
    assert {
        "close_contest",
        "incumbent_running",
        "conflict_history",
        "registrants",
        "candidates",
        "candidacy_dispute",
        "sara_issue",
        "voters_per_tps",
        "travel_min_polsek",
        "terrain",
        "disaster_prone",
        "money_politics_reports",
        "neutrality_issue",
    } <= pilkades
    assert load_indicator_set("tps").level == "tps"
    assert len(load_indicator_set("ikp").dimensions) == 4


def test_unknown_set_name() -> None:
    with pytest.raises(IndicatorSetError) as err:
        load_indicator_set("nope")
    assert "pilkades" in str(err.value)


def _issue_of(text: str, lang: str = "id"):
    set_language(lang)
    with pytest.raises(IndicatorSetError) as err:
        parse_indicator_set(text, "custom.toml")
    assert isinstance(err.value, SispamError)
    return err.value


def test_negative_weight_names_file_key_and_field() -> None:
    bad = GOOD.replace(
        'weight = 1\n\n[[indicators]]\nid = "terrain"',
        'weight = -1\n\n[[indicators]]\nid = "terrain"',
    )
    err = _issue_of(bad)
    (issue,) = err.issues
    assert (issue.file, issue.key, issue.field) == (
        "custom.toml",
        "indicators[1] (share_bad)",
        "weight",
    )
    assert "harus ≥ 0" in str(err) and "custom.toml" in str(err)
    err = _issue_of(bad, "en")
    assert "must be ≥ 0" in str(err) and "field 'weight'" in str(err)


def test_unknown_direction() -> None:
    bad = GOOD.replace('type = "ratio"', 'type = "ratio"\ndirection = "sideways"')
    err = _issue_of(bad, "en")
    (issue,) = err.issues
    assert issue.field == "direction" and "sideways" in issue.message
    assert "higher_is_riskier" in issue.message


def test_unknown_dimension_type_and_field() -> None:
    bad = GOOD.replace('dimension = "a"\ntype = "category"', 'dimension = "b"\ntype = "category"')
    bad = bad.replace('type = "ratio"', 'type = "ratioo"\ncolour = "red"')
    err = _issue_of(bad, "en")
    fields = {(i.key, i.field) for i in err.issues}
    assert ("indicators[1] (share_bad)", "type") in fields
    assert ("indicators[1] (share_bad)", "colour") in fields
    bad2 = GOOD.replace('dimension = "a"\ntype = "category"', 'dimension = "b"\ntype = "category"')
    err = _issue_of(bad2, "en")
    assert [(i.field, "unknown dimension 'b'" in i.message) for i in err.issues] == [
        ("dimension", True)
    ]


def test_goalposts_levels_and_duplicates() -> None:
    bad = GOOD.replace("goalposts = [0, 1]", "goalposts = [1, 0]").replace(
        "pegunungan = 1.0", "pegunungan = 1.5"
    )
    bad += '\n[[indicators]]\nid = "terrain"\nname_id = "x"\nname_en = "x"\ndimension = "a"\ntype = "binary"\n'
    err = _issue_of(bad)
    fields = sorted(str(i.field) for i in err.issues)
    assert fields == ["goalposts", "id", "levels.pegunungan"]


def test_syntax_error_and_missing_tables() -> None:
    err = _issue_of("[set\nid=1")
    assert "TOML" in str(err)
    err = _issue_of('[set]\nid = "x"\nname_id = "x"\nname_en = "x"\n')
    assert {i.key for i in err.issues} == {"dimensions", "indicators"}


# --- through a scenario ------------------------------------------------------------------------


KLATEN_COLUMNS = [
    "registrants",
    "close_contest",
    "candidacy_dispute",
    "conflict_history",
    "sara_issue",
    "money_politics_reports",
    "neutrality_issue",
    "terrain",
    "disaster_prone",
]


def _with(klaten_dir: Path, toml_extra: str = "", set_ref: str | None = None) -> Path:
    toml = (klaten_dir / "scenario.toml").read_text(encoding="utf-8")
    if set_ref is not None:
        # Klaten's villages.csv keeps its 'pilkades' columns: declared, since the set is another.
        toml = toml.replace(
            'indicator_set = "pilkades"',
            f'indicator_set = "{set_ref}"\nindicator_columns = {KLATEN_COLUMNS!r}',
        )
    (klaten_dir / "scenario.toml").write_text(toml + toml_extra, encoding="utf-8")
    return klaten_dir


def test_custom_set_file_relative_to_the_scenario(
    klaten_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    (klaten_dir / "sets").mkdir()
    (klaten_dir / "sets" / "mini.toml").write_text(GOOD, encoding="utf-8")
    _with(klaten_dir, set_ref="sets/mini.toml")
    monkeypatch.chdir(tmp_path)  # the working directory must not matter
    s = load_scenario(klaten_dir)
    result = assess(s)
    assert result.indicator_set == "mini"
    # only terrain has data: Kemalang (pegunungan) scores 100, flat villages 0
    kemalang = [r for r in result.villages if r.district_name == "Kemalang"]
    assert kemalang and all(r.score == pytest.approx(100.0) for r in kemalang)
    assert result.excluded == ("share_bad",)


def test_missing_custom_set_file_is_a_scenario_issue(klaten_dir: Path) -> None:
    _with(klaten_dir, set_ref="sets/none.toml")
    with pytest.raises(SispamError) as err:
        load_scenario(klaten_dir)
    assert "scenario.indicator_set" in str(err.value)


def test_unknown_indicator_in_weight_override(klaten_dir: Path) -> None:
    toml = (klaten_dir / "scenario.toml").read_text(encoding="utf-8")
    toml = toml.replace(
        "sensitivity_step = 0.2",
        "sensitivity_step = 0.2\n[assess.weights]\nclose_contestt = 2.0\nterrain = -1",
    )
    (klaten_dir / "scenario.toml").write_text(toml, encoding="utf-8")
    set_language("en")
    with pytest.raises(AssessError) as err:
        assess(load_scenario(klaten_dir))
    issues = {(i.file, i.key, i.field) for i in err.value.issues}
    assert issues == {
        ("scenario.toml", "assess.weights", "close_contestt"),
        ("scenario.toml", "assess.weights", "terrain"),
    }
    assert "indicator 'close_contestt' is not in set 'pilkades'" in str(err.value)


def test_unknown_setting_is_refused(klaten_dir: Path) -> None:
    toml = (klaten_dir / "scenario.toml").read_text(encoding="utf-8")
    (klaten_dir / "scenario.toml").write_text(
        toml.replace('missing = "exclude"', 'missing = "drop"'), encoding="utf-8"
    )
    with pytest.raises(AssessError) as err:
        assess(load_scenario(klaten_dir))
    (issue,) = err.value.issues
    assert (issue.key, issue.field) == ("assess", "missing")


def _set_cell(klaten_dir: Path, column: str, row: int, value: str) -> None:
    path = klaten_dir / "villages.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[header.index(column)] = value
    lines[row - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_values_out_of_range_name_file_row_and_column(klaten_dir: Path) -> None:
    _set_cell(klaten_dir, "close_contest", 3, "2")
    _set_cell(klaten_dir, "terrain", 5, "rawa")
    _set_cell(klaten_dir, "money_politics_reports", 7, "-1")
    s = load_scenario(klaten_dir)
    with pytest.raises(IndicatorValueError) as err:
        assess(s)
    got = {(i.file, i.row, i.field) for i in err.value.issues}
    assert got == {
        ("villages.csv", 3, "close_contest"),
        ("villages.csv", 5, "terrain"),
        ("villages.csv", 7, "money_politics_reports"),
    }
    text = str(err.value)
    assert "baris 3" in text and "harus ya/tidak" in text and "datar, bergelombang" in text
    set_language("en")
    with pytest.raises(IndicatorValueError) as err:
        assess(s)
    assert "row 7, field 'money_politics_reports': must be a whole number ≥ 0" in str(err.value)


def test_ratio_outside_declared_range(klaten_dir: Path) -> None:
    (klaten_dir / "mini.toml").write_text(GOOD, encoding="utf-8")
    path = klaten_dir / "villages.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",share_bad"
    lines[1] += ",1.5"
    lines[2:] = [line + "," for line in lines[2:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _with(klaten_dir, set_ref="mini.toml")
    with pytest.raises(IndicatorValueError) as err:
        assess(load_scenario(klaten_dir))
    (issue,) = err.value.issues
    assert (issue.row, issue.field) == (2, "share_bad") and "[0, 1]" in issue.message
