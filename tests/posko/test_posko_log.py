"""The event log on SQLite and PostgreSQL: migrations from empty, append-only triggers, the hash
chain and what `posko verify` names when it is broken, concurrent writers."""

from __future__ import annotations

import threading

import pytest
from posko_fixtures import OP, make_posko
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import app
from sispam.posko import migrate
from sispam.posko.chain import GENESIS, check_chain, event_hash
from sispam.posko.db import make_engine
from sispam.posko.events import Principal, Refused
from sispam.posko.service import Posko
from sispam.posko.states import rebuild

pytestmark = pytest.mark.xdist_group("posko")
OPERATOR = Principal("operator", "operator", "polri", account_id=3)


def _note(posko: Posko, text_: str, op: str = OP, by: Principal = OPERATOR):
    return posko.append(op, "note.added", {"text": text_}, by)


def test_migrations_from_empty_and_idempotent(db_url: str) -> None:
    engine = make_engine(db_url)
    assert migrate.current(engine) is None
    migrate.upgrade(engine)
    migrate.upgrade(engine)  # a second run changes nothing
    assert migrate.current(engine) == migrate.head()
    tables = set(inspect(engine).get_table_names())
    assert {"posko_events", "posko_operations", "posko_accounts", "posko_sessions"} <= tables
    engine.dispose()


def test_a_database_of_the_first_schema_keeps_its_log_when_upgraded(
    db_url: str, klaten_inputs
) -> None:
    """A Posko database made before the photos table (revision 0001), with an operation and its
    log, opened by this version: migrated to the newest schema, nothing lost, photos usable."""
    from alembic import command

    from sispam.posko.day.photos import load_photo, store_photo
    from sispam.posko.operation import create_operation

    engine = make_engine(db_url)
    with engine.connect() as conn:
        command.upgrade(migrate._config(conn), "0001")
        conn.commit()
    assert migrate.current(engine) == "0001"
    engine.dispose()
    old = Posko(db_url, migrate=False)
    create_operation(old, klaten_inputs, OP)
    _note(old, "sebelum pembaruan")
    before = [(r.seq, r.hash) for r in old.store.rows(OP)]
    old.close()

    new = Posko(db_url)  # opening migrates
    assert migrate.current(new.engine) == migrate.head() != "0001"
    assert [(r.seq, r.hash) for r in new.store.rows(OP)] == before
    assert check_chain(OP, new.store.rows(OP)).broken is None
    ref = store_photo(new.engine, OP, b"\xff\xd8\xff\xe0 a jpeg", "reporter")
    assert load_photo(new.engine, OP, ref) is not None
    new.close()


def test_triggers_refuse_update_and_delete(posko: Posko) -> None:
    _note(posko, "pertama")
    for sql in (
        "UPDATE posko_events SET actor = 'x' WHERE seq = 1",
        "DELETE FROM posko_events WHERE seq = 2",
        "UPDATE posko_operations SET exercise = true",
        "DELETE FROM posko_operations",
    ):
        with pytest.raises(DBAPIError, match="append-only"), posko.engine.begin() as conn:
            conn.execute(text(sql))
    assert check_chain(OP, posko.store.rows(OP)).broken is None


def test_chain_known_answer() -> None:
    """The hash is SHA-256 over the canonical JSON of the stored fields (a fixed value)."""
    h = event_hash(
        "op",
        1,
        "2023-07-05T08:00:00.000000Z",
        "a",
        "polri",
        "operator",
        "note.added",
        '{"text":"x"}',
        GENESIS,
    )
    assert h == "1695d5d850000d8cafad43ab7445700cf64ff9b5be92a85b0a2bf242e0418a63"
    assert h == event_hash(
        "op",
        1,
        "2023-07-05T08:00:00.000000Z",
        "a",
        "polri",
        "operator",
        "note.added",
        '{"text":"x"}',
        GENESIS,
    )
    assert h != event_hash(
        "op",
        1,
        "2023-07-05T08:00:00.000000Z",
        "a",
        "polri",
        "operator",
        "note.added",
        '{"text":"y"}',
        GENESIS,
    )


def _drop_triggers(posko: Posko) -> None:
    with posko.engine.begin() as conn:
        if posko.store.sqlite:
            for name in ("posko_events_no_update", "posko_events_no_delete"):
                conn.execute(text(f"DROP TRIGGER {name}"))
        else:
            conn.execute(text("DROP TRIGGER posko_events_append_only ON posko_events"))


def _verify(db_url: str):
    return CliRunner().invoke(app, ["posko", "verify", "--db", db_url], env={"COLUMNS": "250"})


@pytest.mark.parametrize("tamper", ["edit", "delete", "reorder"])
def test_verify_names_the_first_broken_event(db_url: str, klaten_inputs, tamper: str) -> None:
    posko = make_posko(db_url, klaten_inputs)
    for i in range(6):
        _note(posko, f"catatan {i}")
    ok = _verify(db_url)
    assert ok.exit_code == 0, ok.output
    assert "Log utuh: 2 rantai, 17 kejadian" in ok.output  # 7 of the operation, 10 accounts
    _drop_triggers(posko)
    with posko.engine.begin() as conn:
        if tamper == "edit":
            conn.execute(
                text(
                    'UPDATE posko_events SET payload = \'{"text":"diubah"}\' '
                    f"WHERE operation_id = '{OP}' AND seq = 4"
                )
            )
        elif tamper == "delete":
            conn.execute(text(f"DELETE FROM posko_events WHERE operation_id = '{OP}' AND seq = 4"))
        else:  # swap events 4 and 5 (positions exchanged, content and hashes kept)
            conn.execute(
                text(f"UPDATE posko_events SET seq = -4 WHERE operation_id = '{OP}' AND seq = 4")
            )
            conn.execute(
                text(f"UPDATE posko_events SET seq = 4 WHERE operation_id = '{OP}' AND seq = 5")
            )
            conn.execute(
                text(f"UPDATE posko_events SET seq = 5 WHERE operation_id = '{OP}' AND seq = -4")
            )
    posko.close()
    bad = _verify(db_url)
    assert bad.exit_code == 1, bad.output
    expected = {
        "edit": "#4 (note.added): edited",
        "delete": "#5 (note.added): missing",
        "reorder": "#4 (note.added): moved_from:5",
    }[tamper]
    assert f"operasi {OP}, kejadian {expected}" in bad.output, bad.output


def test_concurrent_writers_lose_nothing(db_url: str, klaten_inputs) -> None:
    """8 threads × 200 events: every acknowledged event is stored once, the chain is intact, and
    the live projection equals one rebuilt from the log."""
    posko = make_posko(db_url, klaten_inputs)
    acked: list[list[int]] = [[] for _ in range(8)]

    def worker(i: int) -> None:
        for j in range(200):
            ev = posko.append(
                OP, "note.added", {"text": f"t{i}-{j}", "village": "33.10.24.2003"}, OPERATOR
            )
            acked[i].append(ev.seq)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seqs = sorted(s for a in acked for s in a)
    assert len(seqs) == 1600 and len(set(seqs)) == 1600
    check = check_chain(OP, posko.store.rows(OP))
    assert check.broken is None and check.count == 1601
    texts = [e.payload["text"] for e in posko.store.read(OP)[1:]]
    assert sorted(texts) == sorted(f"t{i}-{j}" for i in range(8) for j in range(200))
    for i in range(8):  # each thread's events in its own order
        mine = [t for t in texts if t.startswith(f"t{i}-")]
        assert mine == [f"t{i}-{j}" for j in range(200)]
    live = posko.state(OP).snapshot()
    assert live == rebuild(OP, posko.store.read(OP)).snapshot()
    assert live["board"]["33.10.24.2003"]["notes"] == 1600
    posko.close()


def test_two_writers_on_one_database_never_fork(db_url: str, klaten_inputs) -> None:
    """Two services (as two server processes would) append to the same chain at once."""
    a = make_posko(db_url, klaten_inputs)
    b = Posko(db_url)

    def run(p: Posko, tag: str) -> None:
        for j in range(100):
            _note(p, f"{tag}{j}")

    threads = [threading.Thread(target=run, args=(p, tag)) for p, tag in ((a, "a"), (b, "b"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    check = check_chain(OP, a.store.rows(OP))
    assert check.broken is None and check.count == 201
    for p in (a, b):  # no notifications here (SQLite, or no listener): read the other's events
        p.states.catch_up(OP)
    assert (
        a.state(OP).snapshot() == b.state(OP).snapshot() == rebuild(OP, a.store.read(OP)).snapshot()
    )
    a.close()
    b.close()


def test_guard_refuses_alone_in_a_batch(posko: Posko) -> None:
    """A refused command fails by itself; the others of the same batch are committed."""
    kapolsek = Principal("kapolsek", "kapolsek", "polri", area="33.10.24", account_id=4)
    futs = [
        posko.writer.submit(posko.draft(OP, "note.added", {"text": "a"}, OPERATOR)),
        posko.writer.submit(
            posko.draft(
                OP,
                "village.level_set",
                {"village": "33.10.24.2003", "level": "merah", "reason": "massa"},
                kapolsek,
            )
        ),
        posko.writer.submit(posko.draft(OP, "note.added", {"text": "b"}, OPERATOR)),
    ]
    assert futs[0].result().seq + 1 == futs[2].result().seq
    with pytest.raises(Refused) as exc:
        futs[1].result()
    # Election day (sispam.posko.day) puts the scenario's authority matrix behind this type.
    assert exc.value.key == "ops.refuse.may_not_raise"
    assert check_chain(OP, posko.store.rows(OP)).broken is None


def test_rooms_extend_the_registry_and_projections(posko: Posko) -> None:
    """How election day and the drill plug in: a new event type with its guard, a handler added
    to an existing projection, a guard of a core type taken over — all rebuilt from the log."""
    from pydantic import BaseModel

    from sispam.posko import catalog, events
    from sispam.posko.views import Board

    class Incident(BaseModel):
        village: str
        crowd: int

    def no_small_crowds(state, draft) -> None:  # type: ignore[no-untyped-def]
        if draft.payload["crowd"] < 1:
            raise Refused("posko.error.bad_request", 422)

    catalog.register(
        events.EventType(
            "test.incident",
            Incident,
            "note.add",
            no_small_crowds,
            lambda p: {"village": p["village"]},
        )
    )

    def count(board, ev) -> None:  # type: ignore[no-untyped-def]
        board.villages[ev.payload["village"]]["notes"] += 100

    Board.on("test.incident")(count)
    original = catalog.get("note.added")
    try:
        posko.append(OP, "test.incident", {"village": "33.10.24.2003", "crowd": 50}, OPERATOR)
        with pytest.raises(Refused):
            posko.append(OP, "test.incident", {"village": "33.10.24.2003", "crowd": 0}, OPERATOR)

        def closed(state, draft) -> None:  # type: ignore[no-untyped-def]
            raise Refused("posko.error.forbidden", 403)

        catalog.override("note.added", guard=closed)
        with pytest.raises(Refused):
            _note(posko, "ditolak")
        live = posko.state(OP).snapshot()
        assert live["board"]["33.10.24.2003"]["notes"] == 100
        assert live == rebuild(OP, posko.store.read(OP)).snapshot()
    finally:
        catalog._TYPES["note.added"] = original
        catalog._TYPES.pop("test.incident", None)
        Board._handlers.pop("test.incident", None)


def test_a_request_cancelled_before_it_is_written_leaves_the_writer_alive(posko: Posko) -> None:
    """A client that goes away cancels its request's future (``asyncio.wrap_future``). One that
    was still queued is not written; and the writer thread, which died resolving it
    (``InvalidStateError`` — seen in CI), goes on with the rest of the batch and later ones."""
    from concurrent.futures import Future

    writer = posko.writer
    writer.close()  # stop the thread: the queue below is run here, deterministically
    gone: Future = Future()
    gone.cancel()
    kept: Future = Future()
    writer._q.put((posko.draft(OP, "note.added", {"text": "pergi"}, OPERATOR), gone))
    writer._q.put((posko.draft(OP, "note.added", {"text": "tetap"}, OPERATOR), kept))
    writer._q.put(None)
    writer._run()
    assert gone.cancelled()
    texts = [row.payload for row in posko.store.rows(OP)]
    assert any("tetap" in str(p) for p in texts) and not any("pergi" in str(p) for p in texts)
    assert kept.result(timeout=0).seq == len(texts)
