"""Create or migrate the Posko schema with Alembic (idempotent; safe with several processes)."""

from __future__ import annotations

from importlib import resources

from sqlalchemy import Engine, text

from sispam.posko.db import is_sqlite

_PG_MIGRATE_LOCK = 0x5157_0001  # an advisory lock so two processes never migrate at once


def _config(connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("sispam.posko") / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (no-op when it is already there)."""
    from alembic import command

    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
        if not is_sqlite(engine):
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATE_LOCK})
        try:
            command.upgrade(_config(conn), "head")
            conn.commit()
        finally:
            if not is_sqlite(engine):
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATE_LOCK})
                conn.commit()


def current(engine: Engine) -> str | None:
    """The schema revision of the database, or None when it has no Posko schema."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(None)).get_current_head() or ""
