"""Claim: the Posko's write path accepts events fast and fans them out live, on this machine.

``python benchmarks/posko_load.py [--quick] [--backend sqlite|postgresql|both] [--clients N]
[--seconds S] [--streams K] [--procs P] [--batch B] [--mix notes|day]``

For each backend: a fresh database with the embedded Klaten operation; the single writer alone
(no HTTP: events/s when many are queued, i.e. group commit, and the time of one lone commit);
then ``sispam serve`` started as real server process(es) on 127.0.0.1, and

1. **write load** — N concurrent clients (bearer tokens, HTTP/1.1 keep-alive) post ``note.added``
   events to ``POST /api/v1/ops/{op}/events`` for S seconds (``--batch B``: B events per request,
   as a gateway or a phone flushing its queue sends them); each counts only when acknowledged
   (201 = committed); a batch's latency counts for each of its events. Prints accepted events/s
   and p50/p99 latency, and how many events one commit carried on average (group commit).
2. **fan-out** — K open SSE streams (``GET /api/v1/stream``); 50 events are posted one by one and
   the time from the event's commit stamp (taken by the writer just before it commits, so it is an
   upper bound) to its arrival on every stream is measured: p50/p99/max.

**Election day** (``--mix day``): the write load is field reports — TPS status reports of
Klaten's villages, each with its own client id — through the phones' endpoint
``POST /api/v1/ops/{op}/field/reports`` (``--batch B``: a phone flushing B queued reports in
one request); each report counts when the server answers ``created`` (committed). With
``--procs P`` on PostgreSQL the clients spread over P server processes. Run it with
``--streams 200`` for the fan-out to 200 SSE clients.

Bounded (time and counts) and loopback only. The load generator runs on the same 2 cores as the
server, so the figures are for this whole machine; other processes running meanwhile lower them.
PostgreSQL is a throwaway cluster (``sispam.posko.pgcluster``); skipped if none can be started.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx

OP = "pilkades-klaten-2023"
PASSWORD = "bench-password-123"
ROOT = Path(__file__).resolve().parents[1]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str) -> None:
    from sispam.posko import accounts
    from sispam.posko.operation import build_inputs, create_operation
    from sispam.posko.service import Posko

    posko = Posko(url)
    create_operation(posko, build_inputs(OP), OP)
    accounts.create_account(posko, "operator", "operator", password=PASSWORD, must_change=False)
    accounts.create_account(posko, "observer", "observer", password=PASSWORD, must_change=False)
    posko.close()


def start(url: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from sispam.cli import main; main()",
            "serve",
            "--db",
            url,
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    with httpx.Client() as c:
        while time.monotonic() < deadline:
            try:
                if c.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    return proc
            except httpx.HTTPError:
                time.sleep(0.1)
    raise RuntimeError("server did not start")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def token(base: str, user: str) -> str:
    r = httpx.post(f"{base}/api/v1/auth/token", json={"username": user, "password": PASSWORD})
    r.raise_for_status()
    return r.json()["access_token"]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


class Conn:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: the load generator must cost
    less than the server it measures (httpx's async pool costs more than the Posko itself)."""

    def __init__(self, base: str, tok: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port, self.tok = host, int(port), tok
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def post(self, path: str, body: dict) -> tuple[int, bytes]:
        data = json.dumps(body).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {self.tok}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        ).encode()
        self.writer.write(head + data)
        status_line = await self.reader.readline()
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        payload = await self.reader.readexactly(length) if length else b""
        return int(status_line.split()[1]), payload

    async def stream(self, path: str):  # type: ignore[no-untyped-def]
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {self.tok}\r\n\r\n".encode()
        )
        while (await self.reader.readline()) not in (b"\r\n", b""):
            pass
        while True:  # chunked transfer: size lines and chunk data, read line by line
            line = await self.reader.readline()
            if not line:
                return
            yield line.decode().rstrip("\r\n")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


VILLAGES: list[tuple[str, int]] = []  # (code, TPS count) of the operation, for --mix day
STATUSES = ("personnel_present", "opened", "closed", "counting", "counted", "box_escorted")


def field_body(i: int, j: int, batch: int) -> tuple[str, dict]:
    reports = []
    for k in range(batch):
        code, tps = VILLAGES[(i * 7 + j * batch + k) % len(VILLAGES)]
        reports.append(
            {
                "id": f"bench-{i}-{j}-{k}",
                "village_code": code,
                "tps": 1 + (j + k) % tps,
                "kind": "tps_status",
                "status": STATUSES[(j + k) % len(STATUSES)],
            }
        )
    return f"/api/v1/ops/{OP}/field/reports", {"reports": reports}


async def write_load(
    bases: list[str], tok: str, clients: int, seconds: float, batch: int = 1, mix: str = "notes"
) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client(i: int) -> None:
        nonlocal errors
        conn = Conn(bases[i % len(bases)], tok)
        await conn.open()
        j = 0
        try:
            while time.perf_counter() < deadline:
                if mix == "day":
                    path, body = field_body(i, j, batch)
                    t0 = time.perf_counter()
                    status, answer = await conn.post(path, body)
                    ok = status == 200 and all(
                        r["result"] == "created" for r in json.loads(answer)["results"]
                    )
                else:
                    notes = [
                        {
                            "type": "note.added",
                            "payload": {"text": f"laporan {i}-{j}-{k}", "village": "33.10.24.2003"},
                        }
                        for k in range(batch)
                    ]
                    body = notes[0] if batch == 1 else {"events": notes}
                    t0 = time.perf_counter()
                    status, answer = await conn.post(f"/api/v1/ops/{OP}/events", body)
                    ok = status == 201 and (
                        batch == 1 or all("seq" in r for r in json.loads(answer)["results"])
                    )
                if ok:
                    latencies.extend([time.perf_counter() - t0] * batch)
                else:
                    errors += 1
                j += 1
        finally:
            conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    wall = time.perf_counter() - t0
    return {
        "accepted": len(latencies),
        "errors": errors,
        "per_s": len(latencies) / wall,
        "p50_ms": 1000 * pct(latencies, 0.50),
        "p99_ms": 1000 * pct(latencies, 0.99),
    }


async def fan_out(
    bases: list[str], tok_write: str, tok_read: str, streams: int, events: int
) -> dict:
    arrivals: list[float] = []
    ready = 0
    head = httpx.get(
        f"{bases[0]}/api/v1/ops/{OP}/board", headers={"authorization": f"Bearer {tok_read}"}
    ).json()["seq"]

    async def listen(i: int) -> None:
        nonlocal ready
        conn = Conn(bases[i % len(bases)], tok_read)
        await conn.open()
        got = 0
        try:
            lines = conn.stream(f"/api/v1/stream?op={OP}&after={head}")
            ready += 1
            async for line in lines:
                if line.startswith("data: "):
                    arrivals.append(time.time() - _utc(json.loads(line[6:])["ts"]))
                    got += 1
                    if got >= events:
                        return
        finally:
            conn.close()

    tasks = [asyncio.create_task(listen(i)) for i in range(streams)]
    while ready < streams:
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)
    writer = Conn(bases[0], tok_write)
    await writer.open()
    for k in range(events):
        await writer.post(
            f"/api/v1/ops/{OP}/events", {"type": "note.added", "payload": {"text": f"siaran {k}"}}
        )
        await asyncio.sleep(0.02)
    writer.close()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=60)
    return {
        "streams": streams,
        "deliveries": len(arrivals),
        "p50_ms": 1000 * pct(arrivals, 0.5),
        "p99_ms": 1000 * pct(arrivals, 0.99),
        "max_ms": 1000 * max(arrivals),
    }


def _utc(ts: str) -> float:
    from datetime import UTC

    return datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).timestamp()


def writer_only(url: str, n: int) -> tuple[float, float, int]:
    """The single writer without HTTP: (events/s with n queued at once, ms per lone commit,
    commits used) — the headroom of the write path itself."""
    from sispam.posko.events import Principal
    from sispam.posko.service import Posko

    posko = Posko(url)
    by = Principal("operator", "operator", "polri", account_id=1)
    posko.state(OP)
    drafts = [posko.draft(OP, "note.added", {"text": f"w{i}"}, by) for i in range(n)]
    t0 = time.perf_counter()
    for fut in [posko.writer.submit(d) for d in drafts]:
        fut.result()
    rate = n / (time.perf_counter() - t0)
    commits = posko.writer.batches
    t0 = time.perf_counter()
    for i in range(20):
        posko.append(OP, "note.added", {"text": f"l{i}"}, by)
    lone = (time.perf_counter() - t0) / 20
    posko.close()
    return rate, 1000 * lone, commits


def run_backend(name: str, url: str, args: argparse.Namespace) -> None:
    prepare(url)
    rate, lone_ms, commits = writer_only(url, 500 if args.quick else 3000)
    print(
        f"{name:<10} writer alone (no HTTP): {rate:,.0f} events/s queued together "
        f"({commits} commits); {lone_ms:.1f} ms for a lone event's commit",
        flush=True,
    )
    ports = [_port() for _ in range(args.procs)]
    procs = [start(url, p) for p in ports]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        tok_w, tok_r = token(bases[0], "operator"), token(bases[0], "observer")
        if args.mix == "day" and not VILLAGES:
            board = httpx.get(
                f"{bases[0]}/api/v1/ops/{OP}/board", headers={"authorization": f"Bearer {tok_r}"}
            ).json()["villages"]
            VILLAGES.extend(sorted((v["code"], v["tps"]) for v in board))
        w = asyncio.run(write_load(bases, tok_w, args.clients, args.seconds, args.batch, args.mix))
        batches = httpx.get(f"{bases[0]}/healthz").json()["writer_batches"]
        what = "field reports" if args.mix == "day" else "events"
        print(
            f"{name:<10} write ({args.mix}): {w['accepted']:>6} {what} in {args.seconds:g} s, {args.clients} clients, "
            f"{args.procs} process(es), {args.batch} per request: {w['per_s']:,.0f}/s, p50 {w['p50_ms']:.1f} ms, "
            f"p99 {w['p99_ms']:.1f} ms, errors {w['errors']}; "
            f"≈{w['accepted'] / max(batches, 1) * args.procs:.1f} events per commit",
            flush=True,
        )
        f = asyncio.run(fan_out(bases, tok_w, tok_r, args.streams, args.events))
        print(
            f"{name:<10} fan-out: {f['streams']} SSE streams, {f['deliveries']} deliveries: commit→arrival "
            f"p50 {f['p50_ms']:.1f} ms, p99 {f['p99_ms']:.1f} ms, max {f['max_ms']:.1f} ms",
            flush=True,
        )
    finally:
        for p in procs:
            stop(p)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--streams", type=int, default=100)
    ap.add_argument("--events", type=int, default=50)
    ap.add_argument("--procs", type=int, default=1, help="server processes (PostgreSQL only)")
    ap.add_argument("--batch", type=int, default=1, help="events per request (a gateway's batch)")
    ap.add_argument(
        "--mix", choices=("notes", "day"), default="notes", help="day: election-day field reports"
    )
    args = ap.parse_args()
    if args.quick:
        args.seconds, args.events = min(args.seconds, 3.0), min(args.events, 20)
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            procs, args.procs = args.procs, 1
            run_backend("SQLite", f"sqlite:///{tmp}/posko.db", args)
            args.procs = procs
    if args.backend in ("postgresql", "both"):
        from sispam.posko.pgcluster import Cluster

        cluster = Cluster()
        reason = cluster.start()
        if reason:
            print(f"PostgreSQL skipped: {reason}")
        else:
            try:
                run_backend("PostgreSQL", cluster.new_database(), args)
            finally:
                cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
