"""The drill in a served Posko (both databases): the controller runs the clock and delivers
injects (the server keeps the schedule), players act through election day's commands, the
evaluator's observations come from the log with its times, the Improvement Plan is edited — and
nothing of it appears in the live operation's board, log queries, stream or exports, while the
exercise's own carry the LATIHAN mark."""

from __future__ import annotations

import io
import json
import re
import threading
import time
import zipfile
from datetime import datetime, timedelta

import httpx
import pytest
from drill_fixtures import CONTROLLER, DRILL, KARANGANOM, klaten_drill
from posko_fixtures import OP, PASSWORD
from posko_live import ThreadServer, token

from sispam.latihan.control import clock_from_events
from sispam.posko.drill.load import load_drill
from sispam.posko.drill.times import local
from sispam.posko.export import export_files

pytestmark = pytest.mark.xdist_group("posko")
ROLES = ("controller", "evaluator", "kapolres", "operator", "tni", "observer")


@pytest.fixture
def served(posko, klaten_inputs):
    load_drill(posko, DRILL, klaten_drill(klaten_inputs, compact_min=1.0), "test", CONTROLLER)
    srv = ThreadServer(posko, heartbeat_s=0.3)
    srv.app.state.drill_tick_s = 0.1
    with srv:
        srv.c = {
            role: httpx.Client(
                base_url=srv.url,
                headers={"authorization": f"Bearer {token(srv.url, role, PASSWORD)}"},
                timeout=30,
            )
            for role in ROLES
        }
        yield srv
        for c in srv.c.values():
            c.close()


def _collect(c: httpx.Client, url: str, frames: list[dict], stop: threading.Event) -> None:
    """Every event frame of an SSE stream until ``stop`` (heartbeats let it notice)."""
    with c.stream("GET", url, timeout=60) as r:
        for line in r.iter_lines():
            if line.startswith("data: "):
                frames.append(json.loads(line[6:]))
            if stop.is_set():
                return


def _wait(fn, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = fn()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_the_drill_runs_and_never_mixes_into_the_live_operation(served, posko) -> None:
    c = served.c
    live_board = c["observer"].get(f"/api/v1/ops/{OP}/board").json()["villages"]
    live_frames: list[dict] = []
    drill_frames: list[dict] = []
    stop = threading.Event()
    readers = [
        threading.Thread(target=_collect, args=(c["observer"], url, frames, stop), daemon=True)
        for url, frames in (
            (f"/api/v1/stream?op={OP}&after=0", live_frames),
            (f"/api/v1/stream?op={DRILL}&after=0", drill_frames),
        )
    ]
    for t in readers:
        t.start()

    # The controller: nothing of the drill on the live operation; start ×4, then ×60.
    assert c["controller"].get(f"/ops/{OP}/drill").status_code == 404
    assert c["controller"].post(f"/ops/{OP}/drill/clock", data={"action": "start"}).status_code == (
        404
    )
    r = c["controller"].post(
        f"/api/v1/ops/{OP}/events", json={"type": "drill.clock", "payload": {"action": "start"}}
    )
    assert r.status_code == 409
    ok = (303, 200)
    assert (
        c["controller"]
        .post(f"/ops/{DRILL}/drill/clock", data={"action": "start", "speed": "4"})
        .status_code
        in ok
    )
    assert (
        c["controller"]
        .post(f"/ops/{DRILL}/drill/clock", data={"action": "speed", "speed": "60"})
        .status_code
        in ok
    )
    # The server delivers on schedule (1 drill minute apart: one a second at ×60) ...
    status = _wait(
        lambda: (
            (s := c["controller"].get(f"/api/v1/ops/{DRILL}/drill").json())["delivered"] >= 3 and s
        )
    )
    first = status["injects"][0]["delivered"]
    assert first["by"] == "schedule" and first["actor"] == "sistem"
    # ... and the controller by hand: the kuning incident (inject 11) now.
    assert (
        c["controller"].post(f"/ops/{DRILL}/drill/deliver", data={"number": "11"}).status_code in ok
    )
    status = c["controller"].get(f"/api/v1/ops/{DRILL}/drill").json()
    i11 = next(i for i in status["injects"] if i["number"] == 11)["delivered"]
    assert i11["by"] == "hand" and i11["actor"] == "controller"
    c["controller"].post(f"/ops/{DRILL}/drill/clock", data={"action": "pause"})

    # Players act as on election day (their commands, the authority matrix behind them).
    story = datetime.fromisoformat(status["clock"]["story_time"]).replace(microsecond=0)
    decided = {
        "type": "situation.decided",
        "payload": {
            "id": "keputusan-kuning",
            "village_code": KARANGANOM,
            "to": "kuning",
            "reason": "massa memblokir balai desa",
            "at": story.isoformat(),
            "by": {"name": "kapolres", "role": "kapolres"},
        },
    }
    r = c["kapolres"].post(f"/api/v1/ops/{DRILL}/events", json=decided)
    assert r.status_code == 201, r.text
    decided_seq = r.json()["seq"]
    units = c["tni"].get(f"/api/v1/ops/{DRILL}/units").json()["units"]
    koramil = next(u["name"] for u in units if u["kind"] == "koramil")
    moving = {
        "type": "unit.status_set",
        "payload": {"unit": koramil, "status": "bergerak", "village": KARANGANOM},
    }
    assert c["tni"].post(f"/api/v1/ops/{DRILL}/events", json=moving).status_code == 201

    # The evaluator: kuning_control timed from inject 11's delivery to the decision, on the
    # drill clock (×60 between them until the pause), from the log's own times.
    obs = c["evaluator"].get(f"/api/v1/ops/{DRILL}/drill/observations").json()["tasks"]
    kc = next(o for o in obs if o["task_id"] == "kuning_control")
    assert kc["start"]["seq"] == i11["seq"] and kc["end"]["seq"] == decided_seq
    events = posko.store.read(DRILL)
    by_seq = {e.seq: e for e in events}
    assert kc["end"]["time"] == local(by_seq[decided_seq].ts).isoformat()
    clock_events = posko.state(DRILL).view("drill").clock_events
    clock = clock_from_events(clock_events, posko.state(DRILL).view("drill").exercise.start)
    expected = clock.drill_minutes(local(by_seq[i11["seq"]].ts), local(by_seq[decided_seq].ts))
    assert kc["measured_min"] == round(expected, 1) and kc["compressed"]
    assert "dinyatakan" in kc["text"]
    r = c["evaluator"].post(
        f"/ops/{DRILL}/drill/evaluation/review",
        data={"task_id": "kuning_control", "rating": "S", "notes": "ragu"},
    )
    assert r.status_code in ok
    r = c["kapolres"].post(
        f"/ops/{DRILL}/drill/improvement",
        data={"task_id": "kuning_control", "status": "in_progress"},
    )
    assert r.status_code in ok
    assert (
        c["operator"]
        .post(
            f"/ops/{DRILL}/drill/evaluation/review",
            data={"task_id": "kuning_control", "rating": "P"},
        )
        .status_code
        == 403
    )
    page = c["evaluator"].get(f"/ops/{DRILL}/drill/evaluation").text
    assert 'data-task="kuning_control"' in page and 'data-rating="S"' in page

    time.sleep(1.0)  # let the streams see whatever there is to see
    stop.set()
    for t in readers:
        t.join(timeout=5)

    # The live operation: board, log queries, stream and exports hold nothing of the drill.
    assert c["observer"].get(f"/api/v1/ops/{OP}/board").json()["villages"] == live_board
    for query in (
        "",
        "?type=drill",
        "?type=report",
        "?actor=controller",
        "?actor=sistem",
        "?type=clock",
        "?after=1",
    ):
        rows = c["observer"].get(f"/api/v1/ops/{OP}/events{query}").json()["events"]
        assert all(e["operation"] == OP and e["type"] == "operation.created" for e in rows), query
    log_page = c["observer"].get(f"/ops/{OP}/log").text
    assert "drill." not in log_page and "LATIHAN" not in log_page
    assert [f["type"] for f in live_frames] == ["operation.created"]
    assert all("prefix" not in f for f in live_frames)
    files, count = export_files(posko, OP)
    assert count == 1 and not any(n.startswith("LATIHAN") for n in files)
    assert "drill." not in files["events.jsonl"] and "report.received" not in files["events.jsonl"]
    live_zip = zipfile.ZipFile(io.BytesIO(c["kapolres"].get(f"/ops/{OP}/export.zip").content))
    assert not any("LATIHAN" in n for n in live_zip.namelist())
    # The exercise's own: every frame and file marked LATIHAN, the drill's events in them.
    drill_types = {f["type"] for f in drill_frames}
    assert {"drill.clock", "drill.inject_delivered", "report.received", "clock.set"} <= drill_types
    assert all(f.get("prefix") == "LATIHAN" for f in drill_frames)
    files, _ = export_files(posko, DRILL)
    assert files and all(n.startswith("LATIHAN-") for n in files)
    assert '"drill.inject_delivered"' in files["LATIHAN-events.jsonl"]
    record = c["kapolres"].get(f"/api/v1/ops/{DRILL}/drill/record")
    assert record.status_code == 200 and "LATIHAN-" in record.headers["content-disposition"]
    assert any(json.loads(line)["kind"] == "level_raised" for line in record.text.splitlines())


def test_the_controller_prepares_or_uploads_a_drill(klaten_inputs, tmp_path) -> None:
    """An exercise operation without a drill: the controller's page prepares one from the
    operation's own plan in a worker process, or takes a package's ``latihan.json``; neither
    once play began, and never in a live operation."""
    from posko_fixtures import make_posko

    posko = make_posko(f"sqlite:///{tmp_path / 'posko.db'}", klaten_inputs, exercise_too=True)
    try:
        with ThreadServer(posko) as srv:
            c = httpx.Client(
                base_url=srv.url,
                headers={"authorization": f"Bearer {token(srv.url, 'controller', PASSWORD)}"},
                timeout=60,
            )
            page = c.get(f"/ops/{DRILL}/drill").text
            assert 'id="prepare"' in page and 'id="clock-start"' not in page
            r = c.post(f"/ops/{DRILL}/drill/prepare", data={"village": KARANGANOM})
            assert r.status_code == 303
            job = r.headers["location"]
            state = _wait(
                lambda: re.search(r'data-state="(done|failed)"', c.get(job).text), timeout=120
            )
            assert state.group(1) == "done"
            drill = posko.state(DRILL).view("drill").exercise
            assert drill is not None and drill.village_code == KARANGANOM
            assert 'id="clock-start"' in c.get(f"/ops/{DRILL}/drill").text
            same = klaten_drill(klaten_inputs)
            assert same == drill  # the same plan prepares the same drill
            later = same.model_copy(update={"start": same.start + timedelta(hours=2)})
            files = {"package": ("latihan.json", later.model_dump_json().encode(), "text/json")}
            assert c.post(f"/ops/{DRILL}/drill/upload", files=files).status_code == 303
            view = posko.state(DRILL).view("drill")
            assert view.loaded["source"] == "latihan.json" and view.exercise.start == later.start
            c.post(f"/ops/{DRILL}/drill/clock", data={"action": "start"})
            assert c.post(f"/ops/{DRILL}/drill/upload", files=files).status_code == 303  # no-op
            other = {"package": ("latihan.json", same.model_dump_json().encode(), "text/json")}
            assert c.post(f"/ops/{DRILL}/drill/upload", files=other).status_code == 409
            assert c.post(f"/ops/{OP}/drill/upload", files=files).status_code == 404
            bad = {"package": ("latihan.json", b'{"injects": 3}', "application/json")}
            assert c.post(f"/ops/{DRILL}/drill/upload", files=bad).status_code == 422
            c.close()
    finally:
        posko.close()
