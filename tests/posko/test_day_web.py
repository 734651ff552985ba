"""Election day over HTTP, on one server for the module: the pages every role sees, the phone
queue's batch endpoint and the text webhook (both idempotent), refusals with the rule's key,
dispatch with ETA and uncovered villages, overdue alerts on an exercise's fast clock, sitreps
rendered in the worker and downloadable (LATIHAN prefix in an exercise), the live forecast."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
from posko_fixtures import OP, PASSWORD, make_posko
from posko_live import ThreadServer, login_form, token

from sispam.domain import PoskoRole

K = "33.10.24.2003"  # Karanganom, Klaten Utara (the reporter's and the Kapolsek's area)
DRILL = OP + "-latihan"
pytestmark = pytest.mark.xdist_group("posko-day")


@pytest.fixture(scope="module")
def srv(tmp_path_factory, klaten_inputs):
    from sispam.posko import accounts

    accounts.ARGON2.update(time_cost=1, memory_cost=1024, parallelism=1)
    posko = make_posko(
        f"sqlite:///{tmp_path_factory.mktemp('dayweb') / 'p.db'}", klaten_inputs, exercise_too=True
    )
    server = ThreadServer(posko, heartbeat_s=2)
    server.app.state.day_tick_s = 0.5
    with server:
        server.posko = posko
        yield server
    posko.close()


def client(srv, role: str) -> httpx.Client:
    c = httpx.Client(base_url=srv.url, timeout=60, follow_redirects=False)
    assert login_form(c, role, PASSWORD).status_code == 303
    page = c.get(f"/ops/{OP}/board")
    c.headers["x-csrf-token"] = re.search(r'name="csrf-token" content="([^"]+)"', page.text)[1]
    return c


def until(fn, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = fn()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_pages_for_every_role(srv) -> None:
    for role in PoskoRole:
        c = client(srv, role.value)
        for path in ("incidents", "reports", "notices", "map"):
            r = c.get(f"/ops/{OP}/{path}")
            assert r.status_code == 200, (role, path, r.text[:300])
        field = c.get(f"/ops/{OP}/field/")
        assert field.status_code == (
            200
            if role.value in ("reporter", "operator", "kapolsek", "kapolres", "tni", "pemkab")
            else 403
        ), role
        sitreps = c.get(f"/ops/{OP}/sitreps")
        assert sitreps.status_code == (403 if role.value == "reporter" else 200), role
    sw = httpx.get(srv.url + "/field-sw.js")
    assert sw.status_code == 200 and "serviceWorker" not in sw.text and "caches" in sw.text


def test_field_queue_is_idempotent_on_the_client_id(srv) -> None:
    c = client(srv, "reporter")
    day = srv.posko.state(OP).view("day")
    batch = {
        "reports": [
            {"id": f"web-q-{n}", "village_code": K, "tps": 1, "kind": "tps_status", "status": s}
            for n, s in enumerate(("personnel_present", "opened", "closed"))
        ]
    }
    r = c.post(f"/api/v1/ops/{OP}/field/reports", json=batch)
    assert [x["result"] for x in r.json()["results"]] == ["created"] * 3
    # the phone resends (its answer was lost), twice at the same time: nothing new is stored
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(lambda _: c.post(f"/api/v1/ops/{OP}/field/reports", json=batch), range(2))
        )
    for a in answers:
        assert [x["result"] for x in a.json()["results"]] == ["duplicate"] * 3
    events = [
        e
        for e in srv.posko.store.read(OP)
        if e.type == "report.received" and e.payload["id"].startswith("web-q-")
    ]
    assert len(events) == 3 and all(
        day.reports[f"web-q-{n}"].reporter == "reporter" for n in range(3)
    )
    other = {
        "reports": [
            {
                "id": "web-x",
                "village_code": "33.10.01.2008",
                "kind": "tps_status",
                "status": "opened",
            }
        ]
    }
    assert (
        c.post(f"/api/v1/ops/{OP}/field/reports", json=other).json()["results"][0]["status"] == 403
    )
    # without the session's CSRF token the cookie is not enough
    bare = httpx.Client(base_url=srv.url, cookies=c.cookies)
    assert bare.post(f"/api/v1/ops/{OP}/field/reports", json=batch).status_code == 403


def test_a_report_with_its_photo_and_position(srv) -> None:
    """The phone sends the photo, then the report naming it; the log records the photo's hash,
    the reports page shows it to the Posko, the export carries it under that hash."""
    import hashlib
    import io
    import zipfile

    from photo_bytes import png

    c = client(srv, "reporter")
    data = png(rgb=(10, 120, 200))
    up = c.post(
        f"/api/v1/ops/{OP}/field/photos", content=data, headers={"content-type": "image/png"}
    )
    ref = "sha256:" + hashlib.sha256(data).hexdigest()
    assert (up.status_code, up.json()) == (201, {"photo": ref})
    again = c.post(f"/api/v1/ops/{OP}/field/photos", content=data)
    assert (again.status_code, again.json()) == (200, {"photo": ref})  # a resend: same name
    refused = c.post(f"/api/v1/ops/{OP}/field/photos", content=b"<html>not a photo</html>")
    assert refused.status_code == 415 and refused.json()["key"] == "posko.day.error.photo_type"

    report = {
        "id": "web-photo-1",
        "village_code": K,
        "tps": 1,
        "kind": "incident",
        "category": "crowd",
        "crowd": 40,
        "photo": ref,
        "lat": -7.6978,
        "lng": 110.61826,
    }
    answer = c.post(f"/api/v1/ops/{OP}/field/reports", json={"reports": [report]}).json()
    assert answer["results"][0]["result"] == "created"
    orphan = dict(report, id="web-photo-2", photo="sha256:" + "ab" * 32)
    answer = c.post(f"/api/v1/ops/{OP}/field/reports", json={"reports": [orphan]}).json()
    assert answer["results"][0]["result"] == "refused"  # no record may point at nothing
    assert "web-photo-2" not in srv.posko.state(OP).view("day").reports
    (event,) = [
        e
        for e in srv.posko.store.read(OP)
        if e.type == "report.received" and e.payload["id"] == "web-photo-1"
    ]
    assert event.payload["photo"] == ref and event.payload["lat"] == -7.6978

    opr = client(srv, "operator")
    page = opr.get(f"/ops/{OP}/reports").text
    assert f'src="/ops/{OP}/photos/{ref}"' in page and "-7.69780, 110.61826" in page
    got = opr.get(f"/ops/{OP}/photos/{ref}")
    assert got.status_code == 200 and got.content == data
    assert (
        got.headers["content-type"] == "image/png" and "immutable" in got.headers["cache-control"]
    )
    assert opr.get(f"/ops/{DRILL}/photos/{ref}").status_code == 404  # not the exercise's
    assert httpx.get(f"{srv.url}/ops/{OP}/photos/{ref}").status_code in (303, 401)  # signed in
    export = zipfile.ZipFile(
        io.BytesIO(client(srv, "kapolres").get(f"/ops/{OP}/export.zip").content)
    )
    assert export.read(f"{OP}/photos/{ref.split(':')[1]}.png") == data


def test_text_webhook_with_token_is_idempotent(srv) -> None:
    tok = token(srv.url, "operator", PASSWORD)
    hook = httpx.Client(base_url=srv.url, headers={"authorization": f"Bearer {tok}"}, timeout=30)
    an_hour_ago = srv.posko.state(OP).view("day").now() - timedelta(hours=1)
    msg = {
        "operation": OP,
        "message_id": "wamid.77",
        "sender": "+628123",
        "channel": "whatsapp",
        # an hour ago on the live operation's wall clock (a fixed time may not have come yet)
        "text": f"insiden glagahwangi massa 200 ricuh merah {an_hour_ago:%H.%M}",
    }
    first = hook.post("/api/v1/intake/text", json=msg)
    assert first.status_code == 201 and first.json()["ok"] and not first.json()["duplicate"]
    assert "Usulan situasi merah dicatat" in first.json()["reply"]
    again = hook.post("/api/v1/intake/text", json=msg)
    assert again.status_code == 200 and again.json()["duplicate"]
    assert again.json()["reply"] == first.json()["reply"]
    stored = [e for e in srv.posko.store.read(OP) if e.type == "intake.text"]
    assert len([e for e in stored if e.payload["message_id"] == "whatsapp:wamid.77"]) == 1
    assert stored[-1].payload["raw"] == msg["text"]
    bad = hook.post(
        "/api/v1/intake/text",
        json={**msg, "message_id": "wamid.78", "text": "TPS jetis tutup 1405"},
    )
    assert not bad.json()["ok"] and "jetis" in bad.json()["reply"]
    assert httpx.post(srv.url + "/api/v1/intake/text", json=msg).status_code == 401
    rep = token(srv.url, "reporter", PASSWORD)
    r = httpx.post(
        srv.url + "/api/v1/intake/text", json=msg, headers={"authorization": f"Bearer {rep}"}
    )
    assert r.status_code == 403


def test_incident_levels_dispatch_and_refusals(srv) -> None:
    opr, ksek, kres = client(srv, "operator"), client(srv, "kapolsek"), client(srv, "kapolres")
    r = opr.post(
        f"/ops/{OP}/incidents",
        data={"village_code": K, "category": "blockade", "crowd": "60", "id": "inc-web-1"},
    )
    assert r.status_code == 303
    page = ksek.get(f"/ops/{OP}/incidents/inc-web-1").text
    assert 'data-action="verify"' in page and 'data-level="kuning"' in page
    assert 'data-level="merah"' not in page  # no button for what the role may not do
    assert (
        opr.post(f"/ops/{OP}/incidents/inc-web-1/step", data={"action": "verify"}).status_code
        == 303
    )
    assert (
        ksek.post(
            f"/ops/{OP}/villages/{K}/decide",
            data={"to": "kuning", "reason": "massa 60", "incident_id": "inc-web-1"},
        ).status_code
        == 303
    )
    no = ksek.post(
        f"/ops/{OP}/villages/{K}/decide",
        data={"to": "merah", "reason": "ricuh"},
        headers={"hx-request": "true"},
    )
    assert no.status_code == 403 and no.json()["key"] == "ops.refuse.may_not_raise"
    assert (
        kres.post(
            f"/ops/{OP}/villages/{K}/decide", data={"to": "merah", "reason": "ricuh"}
        ).status_code
        == 303
    )
    page = opr.get(f"/ops/{OP}/incidents/inc-web-1").text
    assert (
        'data-role="phh"' in page
        and "note-tni_needs_perbantuan" in page
        and 'class="dispatch-btn"' in page
    )
    prop = opr.get(f"/api/v1/ops/{OP}/incidents/inc-web-1/proposal").json()
    phh = prop["lines"][0]
    assert phh["recommended"] and phh["candidates"][0]["eta"] >= prop["at"]
    assert (
        opr.post(
            f"/ops/{OP}/incidents/inc-web-1/dispatch", data={"element": phh["recommended"]}
        ).status_code
        == 303
    )
    page = opr.get(f"/ops/{OP}/incidents/inc-web-1").text
    assert page.count('class="sent-unit status-bergerak') == len(phh["recommended"])
    notices = client(srv, "pemkab").get(f"/ops/{OP}/notices").text
    assert 'data-recipient="pemkab"' in notices  # the Pemkab is told of every merah


def test_overdue_alert_on_a_fast_exercise_clock(srv) -> None:
    from datetime import datetime

    from sispam.posko.events import SYSTEM

    posko = srv.posko
    posko.append(
        DRILL,
        "clock.set",
        {"sim_at": datetime(2023, 7, 5, 10, 0).isoformat(), "speed": 600},
        SYSTEM,
    )
    opr = client(srv, "operator")
    assert (
        opr.post(
            f"/ops/{DRILL}/incidents",
            data={"village_code": K, "category": "crowd", "id": "inc-late"},
        ).status_code
        == 303
    )
    day = posko.state(DRILL).view("day")
    alert = until(lambda: day.alerts.get("inc-late"), 30)
    assert alert["tier"] >= 1 and "posko" in alert["notify"]
    assert day.situations[K].level.value == "hijau"  # the alert escalates, never the level
    page = opr.get(f"/ops/{DRILL}/incidents").text
    assert 'class="tag overdue"' in page


def test_sitrep_in_the_worker_and_download(srv) -> None:
    kres = client(srv, "kapolres")
    for op, prefix in ((OP, ""), (DRILL, "LATIHAN-")):
        assert kres.post(f"/ops/{op}/sitreps", data={"kind": "sitrep"}).status_code == 303
        day = srv.posko.state(op).view("day")
        row = until(
            lambda d=day: next(
                (r for r in d.sitreps.values() if r["state"] != "running" and not r["scheduled"]),
                None,
            ),
            120,
        )
        assert row["state"] == "done", row
        names = [f["name"] for f in row["files"]]
        assert all(n.startswith(prefix + "laporan-") for n in names) and any(
            n.endswith(".pdf") for n in names
        )
        pdf = next(n for n in names if n.endswith(".pdf"))
        got = kres.get(f"/ops/{op}/sitreps/{row['id']}/{pdf}")
        assert got.status_code == 200 and got.content.startswith(b"%PDF")
    # another process (no copy in memory) renders it again from the log and checks the digest
    svc = srv.app.state.day
    svc.files.clear()
    again = kres.get(f"/ops/{DRILL}/sitreps/{row['id']}/{pdf}")
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
    # a process whose state lags the log (its notice of "ready" not yet arrived) catches up
    from sispam.posko.states import rebuild

    events = srv.posko.store.read(DRILL)
    ready = next(e.seq for e in events if e.type == "sitrep.ready" and e.payload["id"] == row["id"])
    lagging = rebuild(DRILL, [e for e in events if e.seq < ready])
    lagging.view("day").ctx = srv.posko.state(DRILL).view("day").ctx
    srv.posko.states._states[DRILL] = lagging
    late = kres.get(f"/ops/{DRILL}/sitreps/{row['id']}/{pdf}")
    assert late.status_code == 200 and late.content.startswith(b"%PDF")


def test_live_forecast_in_the_worker(srv) -> None:
    c = client(srv, "kapolres")
    first = c.get(f"/api/v1/ops/{OP}/forecast").json()
    assert first["estimate"] is True and first["label"]
    found = until(lambda: c.get(f"/api/v1/ops/{OP}/forecast").json().get("forecast"), 180)
    assert found["estimate"] is True and found["runs"] == 1000 and found["horizon_min"] == 120
    assert {v["code"] for v in found["villages"]} and all(
        0 <= v["p_merah"]["value"] <= 1 for v in found["villages"]
    )
    ksek = client(srv, "kapolsek").get(f"/api/v1/ops/{OP}/forecast").json()
    if "forecast" in ksek:
        assert all(v["code"].startswith("33.10.24.") for v in ksek["forecast"]["villages"])
