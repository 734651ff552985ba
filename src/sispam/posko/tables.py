"""Tables of the Posko database (SQLAlchemy Core). The schema is created by the Alembic
migrations in ``migrations/versions``; these definitions are what the code reads and writes.

* ``posko_events`` — the event log, the only truth: append-only (triggers refuse UPDATE and
  DELETE), one hash chain per operation.
* ``posko_operations`` — the index of operations (insert-only as well); its ``exercise`` flag
  separates drills from live operations in every query.
* ``posko_photos`` — photos attached to field reports, keyed by their SHA-256 (insert-only too);
  a report's payload names its photo by that hash, so the log's hash chain covers the photo.
* ``posko_accounts``, ``posko_sessions``, ``posko_tokens`` — credentials and sessions: mutable
  security state, never shown as history. Every change to them is *also* an event on the
  system chain (without secrets).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

events = Table(
    "posko_events",
    metadata,
    Column("operation_id", String(64), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("ts", String(32), nullable=False),  # ISO 8601 UTC, microseconds: hashed as written
    Column("actor", String(64), nullable=False),
    Column("agency", String(16), nullable=True),
    Column("role", String(16), nullable=True),
    Column("type", String(64), nullable=False),
    Column("payload", Text, nullable=False),  # canonical JSON, hashed as written
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_posko_events_type", events.c.operation_id, events.c.type)
Index("ix_posko_events_actor", events.c.operation_id, events.c.actor)

operations = Table(
    "posko_operations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("exercise", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("inputs_sha256", String(64), nullable=False),
)

photos = Table(
    "posko_photos",
    metadata,
    Column("operation_id", String(64), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("content_type", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("uploaded_by", String(64), nullable=False),
    Column("uploaded_at", String(32), nullable=False),
)

accounts = Table(
    "posko_accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("agency", String(16), nullable=True),
    Column("unit", String(120), nullable=True),
    Column("area", String(32), nullable=True),
    Column("lang", String(2), nullable=False, server_default="id"),
    Column("password_hash", String(200), nullable=False),
    Column("must_change", Boolean, nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("failed", Integer, nullable=False, server_default="0"),
    Column("locked_until", String(32), nullable=True),
    Column("created_at", String(32), nullable=False),
)

sessions = Table(
    "posko_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("posko_accounts.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

tokens = Table(
    "posko_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("posko_accounts.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)
