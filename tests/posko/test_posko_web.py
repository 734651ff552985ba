"""The Posko over HTTP: sign-in, sessions and CSRF, lock-out and rate limits, bearer tokens,
security headers, languages, the exercise's separation, live updates (SSE) and the upload job."""

from __future__ import annotations

import json
import re
import time

import httpx
import pytest
from posko_fixtures import OP, PASSWORD
from posko_live import ThreadServer, login_form

from sispam.posko import SYSTEM_OPERATION, accounts

pytestmark = pytest.mark.xdist_group("posko")
KARANGANOM = "33.10.24.2003"
DRILL = OP + "-latihan"


@pytest.fixture
def served(posko):
    with ThreadServer(posko, heartbeat_s=0.3) as srv:
        yield srv


def browser(srv) -> httpx.Client:
    return httpx.Client(base_url=srv.url, timeout=30, follow_redirects=False)


def sign_in(srv, username: str, password: str = PASSWORD) -> tuple[httpx.Client, str]:
    c = browser(srv)
    r = login_form(c, username, password)
    assert r.status_code == 303, r.text
    page = c.get(f"/ops/{OP}/board")
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    return c, csrf


def system_types(posko) -> list[str]:
    return [e.type for e in posko.store.read(SYSTEM_OPERATION)]


def test_pages_need_an_account(served) -> None:
    c = browser(served)
    assert c.get("/healthz").status_code == 200
    assert c.get("/login").status_code == 200
    r = c.get(f"/ops/{OP}/map")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert c.get(f"/api/v1/ops/{OP}/board").status_code == 401
    assert c.get("/static/vendor/leaflet/leaflet.js").status_code == 200


def test_session_cookie_csrf_and_headers(served, posko) -> None:
    c = browser(served)
    r = login_form(c, "kapolres", PASSWORD)
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert "secure" not in cookie  # plain http on 127.0.0.1 only (a laptop Posko)
    page = c.get(f"/ops/{OP}/villages/{KARANGANOM}")
    csp = page.headers["content-security-policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert (
        page.headers["x-frame-options"] == "DENY"
        and page.headers["x-content-type-options"] == "nosniff"
    )
    assert "<script>" not in page.text and " style=" not in page.text and "onclick" not in page.text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    form = {"level": "kuning", "reason": "massa memblokir jalan"}
    no_token = c.post(f"/ops/{OP}/villages/{KARANGANOM}/level", data=form)
    assert no_token.status_code == 403
    assert posko.state(OP).view("board").villages[KARANGANOM]["level"] == "hijau"
    ok = c.post(f"/ops/{OP}/villages/{KARANGANOM}/level", data={**form, "csrf": csrf})
    assert ok.status_code == 303
    assert posko.state(OP).view("board").villages[KARANGANOM]["level"] == "kuning"
    # Behind a TLS proxy (any other host name) the cookie is Secure.
    remote = httpx.Client(base_url=served.url, headers={"host": "posko.polres.example"})
    r = login_form(remote, "kapolres", PASSWORD)
    assert "secure" in r.headers["set-cookie"].lower()


def test_lock_out_after_failed_sign_ins_is_an_event(served, posko) -> None:
    c = browser(served)
    for _ in range(accounts.MAX_FAILED):
        assert login_form(c, "observer", "salah-sekali").status_code == 401
    r = login_form(c, "observer", PASSWORD)
    assert r.status_code == 401 and "dikunci" in r.text
    types = system_types(posko)
    assert types.count("auth.login_failed") >= accounts.MAX_FAILED and "auth.locked" in types


def test_sign_in_rate_limit(served) -> None:
    c = browser(served)
    codes = [login_form(c, f"x{i}", "p").status_code for i in range(32)]
    assert codes[0] == 401 and codes[-1] == 429


def test_one_time_password_must_be_changed(served, posko) -> None:
    _id, one_time = accounts.create_account(posko, "bhabin", "reporter", area=KARANGANOM)
    c = browser(served)
    r = login_form(c, "bhabin", one_time)
    assert r.headers["location"] == "/password"
    assert c.get(f"/ops/{OP}/board").headers["location"] == "/password"
    page = c.get("/password")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    short = c.post("/password", data={"csrf": csrf, "password": "pendek", "again": "pendek"})
    assert short.status_code == 400
    done = c.post(
        "/password",
        data={"csrf": csrf, "password": "sandi-baru-panjang", "again": "sandi-baru-panjang"},
    )
    assert done.status_code == 303
    assert c.get(f"/ops/{OP}/board").status_code == 200
    assert "account.password_set" in system_types(posko)


def test_bearer_tokens_for_machines(served) -> None:
    c = browser(served)
    assert (
        c.post("/api/v1/auth/token", json={"username": "operator", "password": "salah"}).status_code
        == 401
    )
    tok = c.post("/api/v1/auth/token", json={"username": "operator", "password": PASSWORD}).json()
    assert tok["token_type"] == "bearer"
    api = httpx.Client(
        base_url=served.url, headers={"authorization": f"Bearer {tok['access_token']}"}
    )
    assert len(api.get(f"/api/v1/ops/{OP}/board").json()["villages"]) == 67
    r = api.post(
        f"/api/v1/ops/{OP}/events", json={"type": "note.added", "payload": {"text": "mesin"}}
    )
    assert r.status_code == 201 and len(r.json()["hash"]) == 64  # no CSRF for a bearer token
    bad = httpx.Client(base_url=served.url, headers={"authorization": "Bearer psk_palsu"})
    assert bad.get(f"/api/v1/ops/{OP}/board").status_code == 401


def test_language_per_user(served, posko) -> None:
    c, csrf = sign_in(served, "observer")
    assert "Papan" in c.get(f"/ops/{OP}/board").text
    c.post("/account/lang", data={"csrf": csrf, "lang": "en", "next": "/"})
    page = c.get(f"/ops/{OP}/board").text
    assert "Board" in page and 'lang="en"' in page
    other, _ = sign_in(served, "operator")  # another user keeps Indonesian
    assert "Papan" in other.get(f"/ops/{OP}/board").text


def test_exercise_is_marked_and_kept_apart(served, posko) -> None:
    c, _ = sign_in(served, "kapolres")
    drill = c.get(f"/ops/{DRILL}/board").text
    live = c.get(f"/ops/{OP}/board").text
    assert 'class="watermark"' in drill and "<title>LATIHAN" in drill
    assert "watermark" not in live and "LATIHAN" not in live
    api = httpx.Client(
        base_url=served.url,
        headers={"hx-request": "true", "x-csrf-token": _csrf(c)},
        cookies=c.cookies,
    )
    r = api.post(
        f"/api/v1/ops/{DRILL}/events",
        json={
            "type": "village.level_set",
            "payload": {"village": KARANGANOM, "level": "merah", "reason": "latihan"},
        },
    )
    assert r.status_code == 201
    assert posko.state(DRILL).view("board").villages[KARANGANOM]["level"] == "merah"
    assert posko.state(OP).view("board").villages[KARANGANOM]["level"] == "hijau"
    live_log = api.get(f"/api/v1/ops/{OP}/events").json()["events"]
    assert all(e["operation"] == OP for e in live_log) and not any(
        e["type"] == "village.level_set" for e in live_log
    )


def _csrf(c: httpx.Client) -> str:
    page = c.get(f"/ops/{OP}/board")
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def _read_sse(
    c: httpx.Client, url: str, want: int, headers: dict | None = None, timeout: float = 20
):
    """(frames, comments) until ``want`` event frames arrived."""
    frames, comments, current = [], 0, {}
    end = time.monotonic() + timeout
    with c.stream("GET", url, headers=headers or {}, timeout=timeout) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line.startswith(":"):
                comments += 1
            elif line.startswith("id: "):
                current["id"] = int(line[4:])
            elif line.startswith("event: "):
                current["event"] = line[7:]
            elif line.startswith("data: "):
                current["data"] = json.loads(line[6:])
            elif line == "" and "id" in current:
                frames.append(current)
                current = {}
            if len(frames) >= want or time.monotonic() > end:
                break
    return frames, comments


def test_stream_replays_from_last_event_id_with_heartbeat(served, posko) -> None:
    c, _ = sign_in(served, "observer")
    for i in range(4):
        posko.append(OP, "note.added", {"text": f"n{i}", "village": KARANGANOM})
    first = posko.store.read(OP)[1].seq  # the first note
    frames, _ = _read_sse(c, f"/api/v1/stream?op={OP}", 3, {"last-event-id": str(first)})
    assert [f["id"] for f in frames] == [first + 1, first + 2, first + 3]
    assert frames[0]["event"] == "posko" and frames[0]["data"]["type"] == "note.added"
    assert frames[0]["data"]["village"] == KARANGANOM and "text" not in frames[0]["data"]
    # live: an event appended while the stream is open arrives; heartbeats keep it alive
    import threading

    threading.Timer(1.0, lambda: posko.append(OP, "note.added", {"text": "live"})).start()
    head = posko.state(OP).seq
    frames, comments = _read_sse(c, f"/api/v1/stream?op={OP}&after={head}", 1)
    assert frames[0]["id"] == head + 1 and comments >= 2


def test_stream_respects_scope_and_marks_exercise(served, posko) -> None:
    reporter, _ = sign_in(served, "reporter")
    head = posko.state(DRILL).seq
    posko.append(DRILL, "note.added", {"text": "di luar", "village": "33.10.17.2001"})
    posko.append(DRILL, "note.added", {"text": "di desa", "village": KARANGANOM})
    frames, _ = _read_sse(reporter, f"/api/v1/stream?op={DRILL}&after={head}", 2)
    assert frames[0]["event"] == "skip" and frames[0]["data"] == {}
    assert frames[1]["data"]["village"] == KARANGANOM and frames[1]["data"]["prefix"] == "LATIHAN"


@pytest.mark.slow
def test_upload_runs_in_a_worker_with_progress(served, posko, klaten_dir) -> None:
    c, csrf = sign_in(served, "admin")
    files = [
        ("files", (p.name, p.read_bytes())) for p in sorted(klaten_dir.iterdir()) if p.is_file()
    ]
    r = c.post(
        "/admin/operations", data={"csrf": csrf, "id": "unggahan", "exercise": "1"}, files=files
    )
    assert r.status_code == 303
    job_url = r.headers["location"].replace("/admin/jobs/", "/api/v1/jobs/")
    seen = []
    for _ in range(600):
        job = c.get(job_url).json()
        seen.append(job["progress"])
        assert c.get("/healthz").status_code == 200  # the server keeps answering meanwhile
        if job["state"] != "running":
            break
        time.sleep(0.1)
    assert job["state"] == "done", job
    assert job["result"] == "unggahan" and max(seen) == 1.0
    meta = posko.store.operation("unggahan")
    assert meta["exercise"] and len(posko.state("unggahan").view("board").villages) == 67
    bad = c.post(
        "/admin/operations", data={"csrf": csrf}, files=[("files", ("villages.csv", b"code\n"))]
    )
    job = c.get(bad.headers["location"].replace("/admin/jobs/", "/api/v1/jobs/")).json()
    for _ in range(600):
        if job["state"] != "running":
            break
        time.sleep(0.1)
        job = c.get(f"/api/v1/jobs/{job['id']}").json()
    assert job["state"] == "failed" and "scenario.toml" in job["error"]


def test_exports_keep_the_exercise_apart(served, posko, tmp_path) -> None:
    """`posko export` and the export download: one operation each, LATIHAN on the drill's."""
    import io
    import zipfile

    from typer.testing import CliRunner

    from sispam.cli import commands  # noqa: F401
    from sispam.cli.app import app

    posko.append(DRILL, "note.added", {"text": "hanya latihan"})
    posko.append(OP, "note.added", {"text": "nyata"})
    c, _ = sign_in(served, "operator")
    live = zipfile.ZipFile(io.BytesIO(c.get(f"/ops/{OP}/export.zip").content))
    drill_zip = c.get(f"/ops/{DRILL}/export.zip")
    assert 'filename="LATIHAN-' in drill_zip.headers["content-disposition"]
    drill = zipfile.ZipFile(io.BytesIO(drill_zip.content))
    assert all(n.split("/", 1)[1].startswith("LATIHAN-") for n in drill.namelist())
    live_log = live.read(f"{OP}/events.jsonl").decode()
    assert "nyata" in live_log and "hanya latihan" not in live_log
    assert "hanya latihan" in drill.read(f"{DRILL}/LATIHAN-events.jsonl").decode()
    observer, _ = sign_in(served, "observer")
    assert observer.get(f"/ops/{OP}/export.zip").status_code == 403
    runner = CliRunner()
    db = posko.url.replace("+psycopg", "")
    several = runner.invoke(app, ["posko", "export", "--db", db, "-o", str(tmp_path / "x")])
    assert several.exit_code == 2 and not (tmp_path / "x").exists()
    out = tmp_path / "latihan"
    done = runner.invoke(app, ["posko", "export", "--db", db, "-o", str(out), "--operation", DRILL])
    assert done.exit_code == 0, done.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "LATIHAN-board.csv",
        "LATIHAN-events.jsonl",
        "LATIHAN-integrity.json",
        "LATIHAN-posko.xlsx",
        "LATIHAN-units.csv",
    ]
    lines = (out / "LATIHAN-events.jsonl").read_text().splitlines()
    assert all(json.loads(line)["operation"] == DRILL for line in lines)
    assert json.loads((out / "LATIHAN-integrity.json").read_text())["intact"] is True


def test_sign_in_form_needs_its_csrf_token(served) -> None:
    """A sign-in posted from elsewhere (no token, or another browser's) is refused."""
    c = browser(served)
    forged = c.post("/login", data={"username": "kapolres", "password": PASSWORD})
    assert forged.status_code == 403 and "posko_session" not in forged.headers.get("set-cookie", "")
    other = browser(served)
    other.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', other.get("/login").text).group(1)
    stolen = c.post("/login", data={"username": "kapolres", "password": PASSWORD, "csrf": token})
    assert stolen.status_code == 403
