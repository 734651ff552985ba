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
import re
import threading
import tomllib
from collections.abc import Iterator, Mapping
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


class Catalogue(Mapping[str, dict[str, str]]):
    """Every message key with its texts per language, read from the catalogue files on demand.

    A lookup reads only the files holding the key's first part (``scenario.…`` → the files with
    a ``[scenario…]`` table): parsing all of them costs about 0.1 s, a third of the start-up
    budget of a command such as ``scenario check`` that needs a few messages (issue #14).
    Iterating reads every file. Files are read in name order, a later file's key winning, as
    when all were merged at once.
    """

    def __init__(self) -> None:
        self._texts: dict[str, dict[str, str]] = {}
        self._read: set[str] = set()
        self._lock = threading.Lock()
        folder = resources.files("sispam.i18n") / "catalog"
        self._files = {
            e.name: e
            for e in sorted(folder.iterdir(), key=lambda e: e.name)
            if e.name.endswith(".toml")
        }
        # first part of a key → the files with a table under it, from the table headers alone
        self._holders: dict[str, list[str]] = {}
        for name, entry in self._files.items():
            for part in dict.fromkeys(_HEADER.findall(entry.read_text(encoding="utf-8"))):
                self._holders.setdefault(part, []).append(name)

    def _read_files(self, names: list[str]) -> None:
        with self._lock:
            for name in names:
                if name not in self._read:
                    text = self._files[name].read_text(encoding="utf-8")
                    _flatten("", tomllib.loads(text), self._texts)
                    self._read.add(name)

    def _read_all(self) -> None:
        if len(self._read) < len(self._files):
            # Re-read in name order from scratch so a later file wins, whatever was read first.
            with self._lock:
                self._texts.clear()
                self._read.clear()
            self._read_files(list(self._files))

    def __getitem__(self, key: str) -> dict[str, str]:
        texts = self._texts.get(key)
        if texts is None:
            self._read_files(self._holders.get(key.split(".", 1)[0], []))
            texts = self._texts[key]
        return texts

    def __iter__(self) -> Iterator[str]:
        self._read_all()
        return iter(dict(self._texts))

    def __len__(self) -> int:
        self._read_all()
        return len(self._texts)


# A table header's first part: ``[scenario.missing_column]`` → ``scenario``.
_HEADER = re.compile(r"^\[\s*([A-Za-z0-9_-]+)\s*[.\]]", re.MULTILINE)


@cache
def catalogue() -> Catalogue:
    """The message catalogue (read lazily; see :class:`Catalogue`)."""
    return Catalogue()


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The message ``key`` in ``lang`` (default: the current language), formatted with ``values``."""
    texts = catalogue().get(key)
    if texts is None:
        raise KeyError(f"no message {key!r} in the i18n catalogue")
    text = texts.get(lang or get_language()) or texts["id"]
    return text.format(**values) if values else text


__all__ = ["LANGUAGES", "Catalogue", "Lang", "catalogue", "get_language", "set_language", "t"]
