"""Rantai hash (hash chain): how an event is serialised and hashed, and how a chain is checked.

The hash of an event is SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of every
stored field — operation, sequence number, time, actor, agency, role, type, the payload *text as
stored* and the previous event's hash. The first event of an operation has the previous hash
``GENESIS``. Editing, deleting or reordering any stored event breaks the chain at that event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    """The one serialisation that is hashed: deterministic for equal values."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def event_hash(
    operation_id: str,
    seq: int,
    ts: str,
    actor: str,
    agency: str | None,
    role: str | None,
    type_: str,
    payload: str,
    prev_hash: str,
) -> str:
    body = canonical(
        {
            "operation": operation_id,
            "seq": seq,
            "ts": ts,
            "actor": actor,
            "agency": agency,
            "role": role,
            "type": type_,
            "payload": payload,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first event where a chain is broken, and how."""

    operation_id: str
    seq: int
    type: str
    kind: str  # edited | missing | reordered | prev_mismatch


@dataclass(frozen=True)
class ChainCheck:
    operation_id: str
    count: int
    head_hash: str
    broken: Break | None


def check_chain(operation_id: str, rows: Iterable[Any]) -> ChainCheck:
    """Walk one operation's events in stored sequence order and stop at the first break.

    ``rows`` have the columns of ``posko_events``. A row whose hash does not match its content
    was *edited* — or *moved*, when its content hashes correctly under another sequence number
    (events reordered); a gap in the sequence means events are *missing* (deleted); a row whose
    previous hash is not its predecessor's was *relinked*.
    """
    prev = GENESIS
    expected = 1
    count = 0
    for r in rows:
        count += 1
        fields = (r.ts, r.actor, r.agency, r.role, r.type, r.payload, r.prev_hash)
        if event_hash(r.operation_id, r.seq, *fields) != r.hash:
            moved = _original_seq(r, fields, around=r.seq)
            kind = f"moved_from:{moved}" if moved is not None else "edited"
            return ChainCheck(operation_id, count, prev, Break(operation_id, r.seq, r.type, kind))
        if r.seq != expected:
            kind = "missing" if r.seq > expected else "duplicate"
            return ChainCheck(operation_id, count, prev, Break(operation_id, r.seq, r.type, kind))
        if r.prev_hash != prev:
            return ChainCheck(
                operation_id, count, prev, Break(operation_id, r.seq, r.type, "relinked")
            )
        prev = r.hash
        expected += 1
    return ChainCheck(operation_id, count, prev, None)


def _original_seq(row: Any, fields: tuple, around: int, window: int = 1000) -> int | None:
    """The sequence number under which ``row`` was hashed, if it is near ``around``."""
    for seq in range(max(1, around - window), around + window + 1):
        if seq != around and event_hash(row.operation_id, seq, *fields) == row.hash:
            return seq
    return None
