"""Every message exists in Indonesian and English, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from sispam.i18n import catalogue, set_language, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_both_languages_with_same_placeholders(key: str) -> None:
    texts = catalogue()[key]
    assert texts.get("id") and texts.get("en"), f"{key} lacks a language"
    assert _fields(texts["id"]) == _fields(texts["en"]), key


def test_language_switch() -> None:
    set_language("en")
    assert t("common.nothing_written") == "Nothing was written."
    set_language("id")
    assert t("common.nothing_written") == "Tidak ada berkas yang ditulis."


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        set_language("jv")


def test_every_literal_key_used_in_the_code_exists() -> None:
    """A message key written literally in the code must be in the catalogue (catches deletions)."""
    import re
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src" / "sispam"
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
    used = {
        (path.name, key)
        for path in src.rglob("*.py")
        for key in pattern.findall(path.read_text(encoding="utf-8"))
    }
    assert len(used) > 50  # the scan itself works
    missing = sorted((name, key) for name, key in used if key not in catalogue())
    assert not missing, missing


def _read_whole() -> dict[str, dict[str, str]]:
    """Every catalogue file read and merged in name order: what a lazy lookup must agree with."""
    import tomllib
    from importlib import resources

    from sispam.i18n import _flatten

    out: dict[str, dict[str, str]] = {}
    folder = resources.files("sispam.i18n") / "catalog"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten("", tomllib.loads(entry.read_text(encoding="utf-8")), out)
    return out


def test_a_lookup_reads_only_the_files_of_its_namespace() -> None:
    """Start-up (#14): a message of one stage does not parse every stage's catalogue."""
    from sispam.i18n import Catalogue

    fresh = Catalogue()
    assert fresh["scenario.ok"]["id"]
    assert fresh._read == {"scenario.toml"}


def test_lazy_lookups_agree_with_reading_everything() -> None:
    """Every key, looked up first in a fresh catalogue, has the text a whole read gives it."""
    from sispam.i18n import Catalogue

    whole = _read_whole()
    for namespace in {key.split(".", 1)[0] for key in whole}:
        fresh = Catalogue()
        for key in (k for k in whole if k.split(".", 1)[0] == namespace):
            assert fresh[key] == whole[key], key
    fresh = Catalogue()
    assert fresh["scenario.ok"] == whole["scenario.ok"]
    assert dict(fresh) == whole  # iterating after a partial read re-reads in order
