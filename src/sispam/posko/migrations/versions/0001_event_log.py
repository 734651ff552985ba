"""The event log, operations, accounts, sessions and tokens; append-only triggers.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("posko_events", "posko_operations")


def upgrade() -> None:
    op.create_table(
        "posko_events",
        sa.Column("operation_id", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("agency", sa.String(16), nullable=True),
        sa.Column("role", sa.String(16), nullable=True),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_posko_events_type", "posko_events", ["operation_id", "type"])
    op.create_index("ix_posko_events_actor", "posko_events", ["operation_id", "actor"])
    op.create_table(
        "posko_operations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("exercise", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("inputs_sha256", sa.String(64), nullable=False),
    )
    op.create_table(
        "posko_accounts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("agency", sa.String(16), nullable=True),
        sa.Column("unit", sa.String(120), nullable=True),
        sa.Column("area", sa.String(32), nullable=True),
        sa.Column("lang", sa.String(2), nullable=False, server_default="id"),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("must_change", sa.Boolean, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.String(32), nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    for name in ("posko_sessions", "posko_tokens"):
        cols = [
            sa.Column("token_hash", sa.String(64), primary_key=True),
            sa.Column("account_id", sa.Integer, sa.ForeignKey("posko_accounts.id"), nullable=False),
        ]
        if name == "posko_sessions":
            cols.append(sa.Column("csrf", sa.String(64), nullable=False))
        cols += [
            sa.Column("created_at", sa.String(32), nullable=False),
            sa.Column("expires_at", sa.String(32), nullable=False),
        ]
        op.create_table(name, *cols)
    _append_only_triggers()


def _append_only_triggers() -> None:
    """The database itself refuses to change history: UPDATE and DELETE (and TRUNCATE on
    PostgreSQL) on the log raise an error, whoever connects."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE OR REPLACE FUNCTION posko_refuse_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'posko: % on % refused: the event log is append-only',
                TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
            END $$;
            """
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION posko_refuse_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION posko_refuse_change()"
            )
        return
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'posko: {verb} on {table} refused: the event log "
                "is append-only'); END"
            )


def downgrade() -> None:
    for name in ("posko_tokens", "posko_sessions", "posko_accounts"):
        op.drop_table(name)
    # The log itself is never dropped by a downgrade: history is not Sispam's to delete.
