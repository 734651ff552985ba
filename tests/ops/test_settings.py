"""[ops] and [posko.authority] in scenario.toml: defaults, overrides, errors that name the key."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sispam.domain import CommandLevel, SituationLevel
from sispam.i18n import set_language
from sispam.ops import read_settings
from sispam.scenario import load_scenario
from sispam.scenario.errors import ScenarioError


def _with(klaten_dir, text: str):
    path = klaten_dir / "scenario.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return load_scenario(klaten_dir)


def test_defaults_follow_the_doctrine(klaten) -> None:
    ops, auth = read_settings(klaten)
    assert auth.raise_[SituationLevel.KUNING] == (CommandLevel.KAPOLRES, CommandLevel.KAPOLSEK)
    assert auth.raise_[SituationLevel.MERAH] == (CommandLevel.KAPOLRES,)
    assert auth.control[SituationLevel.MERAH] is CommandLevel.KAPOLRES
    assert auth.own_area == (CommandLevel.KAPOLSEK,)
    assert ops.cutoffs(date(2023, 7, 5)) == tuple(datetime(2023, 7, 5, h) for h in (12, 16, 20))


def test_overrides_are_read_per_level(klaten_dir) -> None:
    s = _with(
        klaten_dir,
        '[ops]\nsitrep_times = ["20:00", "09.30"]\nstale_min = 5\n\n'
        '[posko.authority]\nraise = { merah = ["kapolsek", "kapolres"] }\nlower = '
        '"control_or_above"\n',
    )
    ops, auth = read_settings(s)
    assert ops.sitrep_times == ("09.30", "20:00") and ops.stale_min == 5
    assert CommandLevel.KAPOLSEK in auth.raise_[SituationLevel.MERAH]
    assert CommandLevel.KAPOLSEK in auth.raise_[SituationLevel.KUNING]  # kept from the default
    assert auth.lower == "control_or_above"


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        (
            '[posko.authority]\nraise = { merah = ["kapolsekk"] }\n',
            "posko.authority.raise.merah.0",
            "kapolsekk",
        ),
        ('[posko.authority]\nraise = { hijau = ["kapolsek"] }\n', "posko.authority", "hijau"),
        ('[posko.authority]\ncontrol = { merah = "kapolsek" }\n', "posko.authority", "pengendali"),
        ('[posko.authority]\nlower = "siapa saja"\n', "posko.authority.lower", "siapa saja"),
        ("[posko.authority]\nvoters = 3\n", "posko.authority.voters", ""),
        ('[ops]\nsitrep_times = ["25:00"]\n', "ops.sitrep_times", "25:00"),
        ("[ops]\nstale_min = -1\n", "ops.stale_min", "-1"),
        ("[ops]\nstal_min = 5\n", "ops.stal_min", ""),
    ],
)
def test_errors_name_the_file_and_the_key(klaten_dir, text, column, words) -> None:
    s = _with(klaten_dir, text)
    with pytest.raises(ScenarioError) as err:
        read_settings(s)
    issue = err.value.issues[0]
    assert issue.file == "scenario.toml" and issue.column == column, err.value.issues
    assert words in str(err.value)


def test_errors_in_english(klaten_dir) -> None:
    s = _with(klaten_dir, '[posko.authority]\nraise = { hijau = ["kapolsek"] }\n')
    set_language("en")
    with pytest.raises(ScenarioError) as err:
        read_settings(s)
    assert "a green situation is not declared by anyone" in str(err.value)
