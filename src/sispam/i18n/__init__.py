"""Pesan untuk pengguna (user-facing messages) in Indonesian (default) and English.

Messages live in TOML catalogues under ``catalog/``, one file per stage, each key holding both
languages::

    [scenario.missing_column]
    id = "Kolom '{column}' tidak ada"
    en = "Column '{column}' is missing"

``t("scenario.missing_column", column="tps")`` formats the message in the current language, which
is Indonesian unless ``set_language("en")`` (or the CLI's ``--lang en`` / env ``SISPAM_LANG``) says
otherwise.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Literal

Lang = Literal["id", "en"]
LANGUAGES: tuple[Lang, ...] = ("id", "en")

_current: ContextVar[Lang] = ContextVar(
    "sispam_lang", default="en" if os.environ.get("SISPAM_LANG", "id") == "en" else "id"
)


def set_language(lang: str) -> None:
    """Choose the language of every message that follows (``id`` or ``en``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    _current.set(lang)  # type: ignore[arg-type]


def get_language() -> Lang:
    return _current.get()


def _flatten(prefix: str, table: dict, out: dict[str, dict[str, str]]) -> None:
    if "id" in table and isinstance(table["id"], str):
        out[prefix] = {k: v for k, v in table.items() if isinstance(v, str)}
        return
    for key, value in table.items():
        if isinstance(value, dict):
            _flatten(f"{prefix}.{key}" if prefix else key, value, out)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message key with its texts per language, merged from all catalogue files."""
    out: dict[str, dict[str, str]] = {}
    folder = resources.files("sispam.i18n") / "catalog"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten("", tomllib.loads(entry.read_text(encoding="utf-8")), out)
    return out


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The message ``key`` in ``lang`` (default: the current language), formatted with ``values``."""
    texts = catalogue().get(key)
    if texts is None:
        raise KeyError(f"no message {key!r} in the i18n catalogue")
    text = texts.get(lang or get_language()) or texts["id"]
    return text.format(**values) if values else text


__all__ = ["LANGUAGES", "Lang", "catalogue", "get_language", "set_language", "t"]
