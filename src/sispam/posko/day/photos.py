"""Foto laporan (a field report's photo): stored once, by content, and never changed.

The phone shrinks a photo before it queues it, uploads it when a connection is back, and then
sends the report naming the photo by its SHA-256 (``sha256:<hex>``). The report's event carries
that name, so the log's hash chain vouches for the photo's bytes; the bytes live in
``posko_photos``, which — like the log — refuses UPDATE and DELETE. Uploading the same photo
again stores nothing new and answers with the same name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from sispam.posko.events import Refused
from sispam.posko.tables import photos

MAX_PHOTO_BYTES = 4 * 1024 * 1024  # a phone photo shrunk to 1600 px is ~0.3 MB; 4 MB is plenty
REF = re.compile(r"sha256:([0-9a-f]{64})")

# What a photo may be, told by its first bytes (the declared content type is not trusted).
_SIGNATURES: tuple[tuple[str, bytes, int], ...] = (
    ("image/jpeg", b"\xff\xd8\xff", 0),
    ("image/png", b"\x89PNG\r\n\x1a\n", 0),
    ("image/webp", b"WEBP", 8),
)


@dataclass(frozen=True)
class Photo:
    """One stored photo: its type and bytes."""

    content_type: str
    data: bytes


def photo_type(data: bytes) -> str | None:
    """The image type the bytes really are (JPEG, PNG or WebP), or ``None``."""
    for kind, magic, at in _SIGNATURES:
        if data[at : at + len(magic)] == magic and (kind != "image/webp" or data[:4] == b"RIFF"):
            return kind
    return None


def photo_ref(data: bytes) -> str:
    """The name a report gives a photo: ``sha256:`` and the hex digest of its bytes."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def save_photo(engine: Engine, operation_id: str, data: bytes, by: str) -> tuple[str, bool]:
    """Keep ``data`` for ``operation_id``: its name, and whether it is new (``False`` for a
    resend of bytes already stored). Refuses what is not a photo."""
    if not data:
        raise Refused("posko.day.error.photo_empty", 422)
    if len(data) > MAX_PHOTO_BYTES:
        raise Refused("posko.day.error.photo_too_big", 413, mb=MAX_PHOTO_BYTES // (1024 * 1024))
    kind = photo_type(data)
    if kind is None:
        raise Refused("posko.day.error.photo_type", 415)
    ref = photo_ref(data)
    row = {
        "operation_id": operation_id,
        "sha256": ref.split(":", 1)[1],
        "content_type": kind,
        "size": len(data),
        "data": data,
        "uploaded_by": by,
        "uploaded_at": datetime.now(UTC).isoformat(timespec="microseconds"),
    }
    try:
        with engine.begin() as conn:
            conn.execute(photos.insert().values(**row))
    except IntegrityError:
        return ref, False  # the same bytes were stored before: same name, nothing new
    return ref, True


def store_photo(engine: Engine, operation_id: str, data: bytes, by: str) -> str:
    """Keep ``data`` for ``operation_id`` and return its name (see :func:`save_photo`)."""
    return save_photo(engine, operation_id, data, by)[0]


def _stored(engine: Engine, operation_id: str, ref: str, *columns: Any) -> Any:
    """The row of ``columns`` for the photo named ``ref`` (``sha256:<hex>``), or ``None``."""
    m = REF.fullmatch(ref)
    if m is None:
        return None
    with engine.connect() as conn:
        return conn.execute(
            select(*columns).where(
                photos.c.operation_id == operation_id, photos.c.sha256 == m.group(1)
            )
        ).first()


def load_photo(engine: Engine, operation_id: str, ref: str) -> Photo | None:
    """The photo named ``ref`` of this operation, if stored."""
    row = _stored(engine, operation_id, ref, photos.c.content_type, photos.c.data)
    return None if row is None else Photo(content_type=row.content_type, data=bytes(row.data))


def has_photo(engine: Engine, operation_id: str, ref: str) -> bool:
    """Whether a report may name ``ref``: it must be a well-formed name of a stored photo."""
    return _stored(engine, operation_id, ref, photos.c.sha256) is not None


__all__ = [
    "MAX_PHOTO_BYTES",
    "Photo",
    "has_photo",
    "load_photo",
    "photo_ref",
    "photo_type",
    "save_photo",
    "store_photo",
]
