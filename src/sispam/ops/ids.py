"""Pengenal (ids): stable ids for records the rules create, derived from what they record."""

from __future__ import annotations

import hashlib


def make_id(prefix: str, *parts: object) -> str:
    """``prefix-`` and 16 hex digits of a hash of ``parts``: the same inputs give the same id,
    so a replayed command creates the same record (the Posko may pass its own ids instead)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"
