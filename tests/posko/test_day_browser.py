"""Election day in real browsers (Debian's chromium via Playwright), several contexts as
different roles on one server: a reporter goes offline, files three TPS reports, comes back and
they arrive once; an operator opens and verifies an incident; the Kapolsek raises kuning and is
refused merah; the Kapolres raises merah and asks the TNI; the TNI account approves; the
operator dispatches the proposed unit, seeing its ETA and the coverage it leaves — while the map
and the board in other contexts follow live. Nothing is fetched from outside."""

from __future__ import annotations

import pytest
from posko_fixtures import OP, make_posko
from posko_live import ThreadServer, wait_js
from test_posko_browser import context, shot, sign_in

from browsers import ARGS, CHROMIUM, needs_chromium

K = "33.10.24.2003"  # Karanganom
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("posko-browser"),
    needs_chromium,
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, klaten_inputs):
    from sispam.posko import accounts

    accounts.ARGON2.update(time_cost=1, memory_cost=1024, parallelism=1)
    posko = make_posko(f"sqlite:///{tmp_path_factory.mktemp('db') / 'p.db'}", klaten_inputs)
    srv = ThreadServer(posko, heartbeat_s=5)
    with srv:
        srv.posko = posko
        yield srv
    posko.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def web_reports(server) -> list:
    return [
        e
        for e in server.posko.store.read(OP)
        if e.type == "report.received" and e.payload["channel"] == "web"
    ]


def test_reporter_offline_queue_arrives_once(browser, server) -> None:
    outside: list[str] = []
    ctx = context(browser, server, outside)
    page = sign_in(ctx, server, "reporter")
    page.goto(f"{server.url}/ops/{OP}/field/")
    page.wait_for_selector("#field[data-ready='1'][data-sw='ready']")
    page.reload()  # now under the service worker's control
    page.wait_for_selector("#field[data-ready='1']")
    wait_js(page, "navigator.serviceWorker.controller !== null")
    ctx.set_offline(True)
    page.reload()  # the page itself comes from the service worker's cache
    page.wait_for_selector("#field[data-ready='1']")
    page.wait_for_selector("#net[data-state='offline']")
    for status in ("personnel_present", "opened", "closed"):
        page.click(f"button.status-btn[data-status='{status}']")
    page.wait_for_selector("#queue-count:text('3')")
    assert web_reports(server) == []
    shot(page, "field-offline")
    ctx.set_offline(False)
    page.wait_for_selector("#queue-count:text('0')", timeout=30_000)
    page.wait_for_selector("#sent-count:text('3')")
    got = web_reports(server)
    assert sorted(e.payload["status"] for e in got) == ["closed", "opened", "personnel_present"]
    assert {e.payload["reporter"] for e in got} == {"reporter"} and len(
        {e.payload["id"] for e in got}
    ) == 3
    # the phone sends its queue again (an answer lost on the way): still three
    again = page.evaluate(
        """async ([op, ids, code]) => {
            const csrf = document.querySelector('meta[name=csrf-token]').content;
            const reports = ids.map(id => ({id, village_code: code, tps: 1, kind: 'tps_status', status: 'opened'}));
            const r = await fetch(`/api/v1/ops/${op}/field/reports`, {method: 'POST',
                headers: {'content-type': 'application/json', 'x-csrf-token': csrf},
                body: JSON.stringify({reports})});
            return (await r.json()).results.map(x => x.result);
        }""",
        [OP, [e.payload["id"] for e in got], K],
    )
    assert again == ["duplicate"] * 3 and len(web_reports(server)) == 3
    shot(page, "field-sent")
    ctx.close()
    assert not outside


def test_reporter_sends_a_photo_and_position_from_offline(browser, server) -> None:
    """A photo taken while offline waits on the phone (shrunk to a JPEG), goes first when the
    connection is back, and the report that names it arrives with the phone's position; the
    operator sees the photo on the reports page."""
    from photo_bytes import png

    outside: list[str] = []
    ctx = context(browser, server, outside)
    ctx.grant_permissions(["geolocation"], origin=server.url)
    ctx.set_geolocation({"latitude": -7.6978, "longitude": 110.61826})
    page = sign_in(ctx, server, "reporter")
    page.goto(f"{server.url}/ops/{OP}/field/")
    page.wait_for_selector("#field[data-ready='1']")
    ctx.set_offline(True)
    page.set_input_files(
        "#photo", files=[{"name": "tps.png", "mimeType": "image/png", "buffer": png(64, 48)}]
    )
    page.check("#with-position")
    page.select_option("#category", "crowd")
    page.fill("#crowd", "25")
    page.click("#send-incident")
    page.wait_for_selector("#queue-count:text('1')")
    assert page.input_value("#photo") == ""  # the next report starts without it
    ctx.set_offline(False)
    page.wait_for_selector("#queue-count:text('0')", timeout=30_000)
    (event,) = [
        e
        for e in web_reports(server)
        if e.payload["kind"] == "incident" and e.payload.get("crowd") == 25
    ]
    ref = event.payload["photo"]
    assert ref.startswith("sha256:") and (event.payload["lat"], event.payload["lng"]) == (
        -7.6978,
        110.61826,
    )
    from sispam.posko.day.photos import load_photo

    assert load_photo(server.posko.engine, OP, ref).content_type == "image/jpeg"  # shrunk
    opr = sign_in(context(browser, server, outside), server, "operator")
    opr.goto(f"{server.url}/ops/{OP}/reports")
    thumb = opr.locator(f"img.thumb[src='/ops/{OP}/photos/{ref}']").first
    thumb.wait_for()
    wait_js(
        opr,
        f"document.querySelector(\"img.thumb[src='/ops/{OP}/photos/{ref}']\").naturalWidth === 64",
    )
    shot(opr, "report-photo")
    ctx.close()
    assert not outside


def test_incident_escalation_perbantuan_and_dispatch_live(browser, server) -> None:
    outside: list[str] = []
    contexts = {
        r: context(browser, server, outside) for r in ("operator", "kapolsek", "kapolres", "tni")
    }
    pages = {r: sign_in(c, server, r) for r, c in contexts.items()}
    board = contexts["operator"].new_page()
    board.goto(f"{server.url}/ops/{OP}/board")
    board.wait_for_selector("#live:not([hidden])")
    watch_map = contexts["tni"].new_page()
    watch_map.goto(f"{server.url}/ops/{OP}/map")
    watch_map.wait_for_selector("#map[data-ready='1']")
    watch_map.wait_for_selector("#live:not([hidden])")
    row = f"#board-rows tr[data-code='{K}']"

    opr = pages["operator"]
    opr.goto(f"{server.url}/ops/{OP}/incidents")
    opr.select_option("#new-incident select[name=village_code]", K)
    opr.select_option("#new-incident select[name=category]", "blockade")
    opr.fill("#new-incident input[name=crowd]", "80")
    opr.click("#open-incident")
    opr.wait_for_selector(".incident[data-state='reported']")
    incident_url = opr.url
    opr.click("button.step-btn[data-action='verify']")
    opr.wait_for_selector(".incident[data-state='verified']")

    ksek = pages["kapolsek"]
    ksek.goto(incident_url)
    ksek.wait_for_selector("#live:not([hidden])")
    assert ksek.locator("#decide-form button[data-level='merah']").count() == 0
    ksek.fill("#decide-form input[name=reason]", "massa 80 memblokir jalan")
    ksek.click("#decide-form button[data-level='kuning']")
    ksek.wait_for_selector(".incident[data-level='kuning']")
    board.wait_for_selector(f"{row}[data-level='kuning']", timeout=10_000)
    watch_map.wait_for_selector("path[data-level='kuning']", timeout=10_000)
    refused = ksek.evaluate(
        """async ([op, code]) => {
            const csrf = document.querySelector('meta[name=csrf-token]').content;
            const r = await fetch(`/ops/${op}/villages/${code}/decide`, {method: 'POST',
                headers: {'hx-request': 'true', 'x-csrf-token': csrf},
                body: new URLSearchParams({to: 'merah', reason: 'mencoba merah'})});
            return [r.status, (await r.json()).key];
        }""",
        [OP, K],
    )
    assert refused == [403, "ops.refuse.may_not_raise"]

    kres = pages["kapolres"]
    kres.goto(incident_url)
    kres.wait_for_selector("#live:not([hidden])")
    kres.fill("#decide-form input[name=reason]", "bentrok, massa bertambah")
    kres.click("#decide-form button[data-level='merah']")
    kres.wait_for_selector(".incident[data-level='merah'][data-control='kapolres']")
    board.wait_for_selector(f"{row}[data-level='merah']", timeout=10_000)
    watch_map.wait_for_selector("path[data-level='merah']", timeout=10_000)
    ksek.wait_for_selector(".incident[data-level='merah']", timeout=10_000)  # live, no reload
    kres.fill("#request-tni input[name=reason]", "massa di luar kemampuan Polri")
    kres.click("#request-tni-btn")
    kres.wait_for_selector("li.request[data-status='requested']")

    tni = pages["tni"]
    tni.goto(incident_url)
    tni.click("li.request .approve-btn")
    tni.wait_for_selector("li.request[data-status='approved']")
    kres.wait_for_selector("li.request[data-status='approved']", timeout=10_000)  # live

    opr.wait_for_selector(".incident[data-level='merah']", timeout=10_000)
    line = opr.locator(".proposal[data-role='phh']")
    first = line.locator("tr.candidate.recommended").first
    eta = first.locator("td.eta").inner_text()
    assert ":" in eta and first.locator("td.uncovered").count() == 1
    shot(opr, "proposal")
    opr.click(".proposal[data-role='phh'] .dispatch-btn")
    opr.wait_for_selector("#sent-units tr.sent-unit[data-state='bergerak']")
    sent = opr.locator("#sent-units tr.sent-unit").first
    assert sent.locator("td.eta").inner_text() == eta
    day = server.posko.state(OP).view("day")
    assert day.dispatches and all(d.incident_id in incident_url for d in day.dispatches)
    # a selector, not wait_for_function: the page's CSP (no unsafe-eval) refuses evaluated strings
    watch_map.wait_for_selector("path.posko-unit.status-bergerak", state="attached", timeout=10_000)
    shot(opr, "dispatched")
    shot(watch_map, "map-merah")
    for c in contexts.values():
        c.close()
    assert not outside


def test_a_form_being_filled_survives_live_refreshes(browser, server) -> None:
    """The incident page refreshes itself on every event; a reason typed but not yet sent must
    not be wiped. The page says it is holding the refresh, and catches up once the form is
    cleared."""
    outside: list[str] = []
    contexts = {r: context(browser, server, outside) for r in ("operator", "kapolres")}
    opr, kres = (sign_in(contexts[r], server, r) for r in ("operator", "kapolres"))
    opr.goto(f"{server.url}/ops/{OP}/incidents")
    opr.select_option("#new-incident select[name=village_code]", "33.10.01.2014")  # Brajan
    opr.select_option("#new-incident select[name=category]", "blockade")
    opr.fill("#new-incident input[name=crowd]", "30")
    opr.click("#open-incident")
    opr.wait_for_selector(".incident[data-state='reported']")
    incident_url = opr.url

    kres.goto(incident_url)
    kres.wait_for_selector("#live:not([hidden])")
    draft = "massa mulai berkumpul, belum anarkis"
    kres.fill("#decide-form input[name=reason]", draft)
    opr.click("button.step-btn[data-action='verify']")  # an event: the page would refresh
    opr.wait_for_selector(".incident[data-state='verified']")
    kres.wait_for_selector("#incident-wrap[data-stale='1']", timeout=10_000)
    assert kres.input_value("#decide-form input[name=reason]") == draft
    assert kres.locator(".incident[data-state='reported']").count() == 1  # held, not refreshed
    note = kres.evaluate(
        "getComputedStyle(document.querySelector('#incident-wrap'), '::before').content"
    )
    assert "belum diperbarui" in note
    shot(kres, "refresh-held")

    kres.fill("#decide-form input[name=reason]", "")  # put back: the next event refreshes
    opr.goto(f"{server.url}/ops/{OP}/incidents")  # another incident elsewhere: an event
    opr.select_option("#new-incident select[name=village_code]", "33.10.01.2010")  # Kemudo
    opr.select_option("#new-incident select[name=category]", "money_politics")
    opr.click("#open-incident")
    opr.wait_for_selector(".incident[data-state='reported']")
    kres.wait_for_selector(".incident[data-state='verified']", timeout=10_000)
    assert kres.locator("#incident-wrap[data-stale]").count() == 0
    for c in contexts.values():
        c.close()
    assert not outside


def test_the_last_event_of_a_burst_reaches_the_page(browser, server, klaten_inputs) -> None:
    """Three incidents opened about 0.2 s apart, each seen by the page as it comes: the list
    shows all three. htmx's own throttle drops the events inside its window, so the page kept
    the first and missed the last until some later event (what made the form test flaky)."""
    from sispam.posko.day.service import act
    from sispam.posko.events import Principal

    page = sign_in(context(browser, server, []), server, "kapolres")
    page.goto(f"{server.url}/ops/{OP}/incidents")
    page.wait_for_selector("#live:not([hidden])")
    page.evaluate(
        "() => { window.seen = 0; document.addEventListener('posko:event', () => seen++); }"
    )
    operator = Principal("operator", "operator", "polri")
    codes = [v["code"] for v in klaten_inputs["scenario"]["villages"]][-3:]
    ids = [f"inc-burst-{n}" for n in range(len(codes))]
    for n, (iid, code) in enumerate(zip(ids, codes, strict=True)):
        day = server.posko.state(OP).view("day")
        payload = act(operator, day, id=iid, village_code=code, category="other", report_ids=[])
        server.posko.writer.append(server.posko.draft(OP, "incident.opened", payload, operator))
        page.wait_for_function("n => window.seen >= n", arg=n + 1)  # this one has arrived
        page.wait_for_timeout(200)
    for iid in ids:
        page.wait_for_selector(f"#incident-rows tr[data-id='{iid}']", timeout=5_000)
