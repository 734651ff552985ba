"""Real server processes: a SIGKILL in the middle of a load loses no acknowledged event; two
processes on one PostgreSQL share live updates (LISTEN/NOTIFY); `sispam serve --demo` starts
with one account per role."""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import time

import httpx
import pytest
from posko_fixtures import OP, PASSWORD, make_posko
from posko_live import free_port, login_form, serve_process, stop, token, wait_up
from typer.testing import CliRunner

from sispam.cli import commands  # noqa: F401  (registers the commands)
from sispam.cli.app import app
from sispam.domain import PoskoRole
from sispam.posko.chain import check_chain
from sispam.posko.service import Posko

pytestmark = [pytest.mark.xdist_group("posko-proc"), pytest.mark.slow]


def test_sigkill_mid_load_keeps_every_acknowledged_event(db_url: str, klaten_inputs) -> None:
    make_posko(db_url, klaten_inputs).close()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = serve_process(db_url, port)
    try:
        wait_up(url, proc=proc)
        tok = token(url, "operator", PASSWORD)
        acked: list[tuple[str, int]] = []
        lock = threading.Lock()
        stop_flag = threading.Event()

        def client(i: int) -> None:
            with httpx.Client(
                base_url=url, headers={"authorization": f"Bearer {tok}"}, timeout=10
            ) as c:
                j = 0
                while not stop_flag.is_set():
                    text = f"c{i}-{j}"
                    try:
                        r = c.post(
                            f"/api/v1/ops/{OP}/events",
                            json={"type": "note.added", "payload": {"text": text}},
                        )
                    except httpx.HTTPError:
                        return  # the server is gone
                    if r.status_code == 201:
                        with lock:
                            acked.append((text, r.json()["seq"]))
                    j += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
        for th in threads:
            th.start()
        while len(acked) < 150:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # no shutdown, no flush: a crash
        proc.wait()
        stop_flag.set()
        for th in threads:
            th.join()
    finally:
        stop(proc)
    # Restart on the same database: everything acknowledged is there, where it was.
    proc = serve_process(db_url, port)
    try:
        wait_up(url, proc=proc)
        posko = Posko(db_url)
        stored = {e.payload["text"]: e.seq for e in posko.store.read(OP) if e.type == "note.added"}
        assert len(acked) >= 150
        missing = [(t, s) for t, s in acked if stored.get(t) != s]
        assert not missing, missing[:5]
        assert check_chain(OP, posko.store.rows(OP)).broken is None
        # ... and the restarted server appends after them.
        tok = token(url, "operator", PASSWORD)
        r = httpx.post(
            f"{url}/api/v1/ops/{OP}/events",
            headers={"authorization": f"Bearer {tok}"},
            json={"type": "note.added", "payload": {"text": "setelah"}},
        )
        assert r.status_code == 201 and r.json()["seq"] == max(stored.values()) + 1
        posko.close()
    finally:
        stop(proc)
    result = CliRunner().invoke(app, ["posko", "verify", "--db", db_url], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output


def test_two_processes_share_live_updates(db_url: str, klaten_inputs) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("several server processes need PostgreSQL (LISTEN/NOTIFY); see docs/posko.md")
    make_posko(db_url, klaten_inputs).close()
    ports = free_port(), free_port()
    procs = [serve_process(db_url, p) for p in ports]
    try:
        a, b = (f"http://127.0.0.1:{p}" for p in ports)
        for u, pr in zip((a, b), procs, strict=True):
            wait_up(u, proc=pr)
        tok_a, tok_b = token(a, "operator", PASSWORD), token(b, "observer", PASSWORD)
        got: list[dict] = []
        ready = threading.Event()

        def listen() -> None:
            with (
                httpx.Client(headers={"authorization": f"Bearer {tok_b}"}, timeout=30) as c,
                c.stream("GET", f"{b}/api/v1/stream?op={OP}") as r,
            ):
                ready.set()
                for line in r.iter_lines():
                    if line.startswith("data: "):
                        got.append(json.loads(line[6:]))
                        return

        th = threading.Thread(target=listen, daemon=True)
        th.start()
        ready.wait(10)
        time.sleep(0.5)
        r = httpx.post(
            f"{a}/api/v1/ops/{OP}/events",
            headers={"authorization": f"Bearer {tok_a}"},
            json={"type": "note.added", "payload": {"text": "dari A", "village": "33.10.24.2003"}},
        )
        assert r.status_code == 201
        th.join(15)
        assert got and got[0]["seq"] == r.json()["seq"] and got[0]["actor"] == "operator"
        # B's own projection caught up too (its board counts the note).
        board = httpx.get(
            f"{b}/api/v1/ops/{OP}/board", headers={"authorization": f"Bearer {tok_b}"}
        ).json()
        assert next(v for v in board["villages"] if v["code"] == "33.10.24.2003")["notes"] == 1
    finally:
        for pr in procs:
            stop(pr)


def test_serve_demo_prints_accounts_and_url(tmp_path) -> None:
    port = free_port()
    proc = serve_process("", port, "--demo", "--dir", str(tmp_path))
    # serve_process passes --db ""; --demo chooses the SQLite file in --dir
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "http://" in line:
                break
        text = "".join(lines)
        url = re.search(r"http://127\.0\.0\.1:\d+/", text).group(0).rstrip("/")
        passwords = dict(re.findall(r"^\s+(\w+)\s+(\S+)\s+\(", text, re.M))
        assert set(passwords) == {r.value for r in PoskoRole}
        assert "LATIHAN" in text and (tmp_path / "posko.db").exists()
        wait_up(url, proc=proc)
        for role, password in passwords.items():
            with httpx.Client(base_url=url) as c:
                r = login_form(c, role, password)
                assert r.status_code == 303 and r.headers["location"] == "/", role
                assert c.get("/").status_code == 200, role
    finally:
        stop(proc)
