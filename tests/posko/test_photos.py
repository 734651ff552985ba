"""A field report's photo is stored once by its SHA-256, read back byte for byte, refused when it
is not a photo or too large, and — like the log — never updated or deleted (SQLite and
PostgreSQL)."""

from __future__ import annotations

import hashlib

import pytest
from photo_bytes import png
from posko_fixtures import OP
from sqlalchemy import delete, update
from sqlalchemy.exc import DBAPIError

from sispam.posko.day.photos import (
    MAX_PHOTO_BYTES,
    has_photo,
    load_photo,
    photo_type,
    store_photo,
)
from sispam.posko.events import Refused
from sispam.posko.tables import photos


def test_stored_once_by_content_and_read_back(posko) -> None:
    data = png()
    ref = store_photo(posko.engine, OP, data, "reporter")
    assert ref == "sha256:" + hashlib.sha256(data).hexdigest()
    assert store_photo(posko.engine, OP, data, "operator") == ref  # a resend: nothing new
    got = load_photo(posko.engine, OP, ref)
    assert got is not None and got.data == data and got.content_type == "image/png"
    assert has_photo(posko.engine, OP, ref)
    with posko.engine.connect() as conn:
        assert conn.execute(photos.select()).all()[0].uploaded_by == "reporter"
        assert len(conn.execute(photos.select()).all()) == 1


def test_a_photo_belongs_to_its_operation(posko) -> None:
    ref = store_photo(posko.engine, OP, png(rgb=(1, 2, 3)), "reporter")
    assert not has_photo(posko.engine, OP + "-latihan", ref)
    assert load_photo(posko.engine, OP + "-latihan", ref) is None


@pytest.mark.parametrize(
    ("data", "key", "status"),
    [
        (b"", "posko.day.error.photo_empty", 422),
        (b"<svg onload=alert(1)>", "posko.day.error.photo_type", 415),
        (b"GIF89a" + b"\0" * 20, "posko.day.error.photo_type", 415),
        (b"\xff\xd8\xff" + b"\0" * MAX_PHOTO_BYTES, "posko.day.error.photo_too_big", 413),
    ],
)
def test_what_is_not_a_photo_is_refused_and_nothing_stored(posko, data, key, status) -> None:
    with pytest.raises(Refused) as exc:
        store_photo(posko.engine, OP, data, "reporter")
    assert (exc.value.key, exc.value.status) == (key, status)
    with posko.engine.connect() as conn:
        assert conn.execute(photos.select()).all() == []


def test_the_type_comes_from_the_bytes() -> None:
    assert photo_type(png()) == "image/png"
    assert photo_type(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert photo_type(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert photo_type(b"RIFX\0\0\0\0WEBPVP8 ") is None


def test_names_that_are_not_hashes_find_nothing(posko) -> None:
    store_photo(posko.engine, OP, png(), "reporter")
    for ref in ("", "sha256:", "sha256:xyz", "../../etc/passwd", "sha256:" + "0" * 64):
        assert not has_photo(posko.engine, OP, ref)
        assert load_photo(posko.engine, OP, ref) is None


def test_a_stored_photo_cannot_be_changed_or_removed(posko) -> None:
    ref = store_photo(posko.engine, OP, png(), "reporter")
    sha = ref.split(":", 1)[1]
    for stmt in (
        update(photos).where(photos.c.sha256 == sha).values(data=b"forged"),
        delete(photos).where(photos.c.sha256 == sha),
    ):
        with pytest.raises(DBAPIError), posko.engine.begin() as conn:
            conn.execute(stmt)
    assert load_photo(posko.engine, OP, ref).data == png()
