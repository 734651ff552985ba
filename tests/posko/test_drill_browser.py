"""A compressed drill end to end in Debian's chromium (Playwright), one server, four browser
contexts: the controller starts the clock (×4, then ×60), the server delivers the first inject
on schedule and the controller the rest by hand; two players of different agencies act — the
Kapolres (Polri) confirms the incoming report, opens and verifies the incident, declares kuning
and merah, dispatches the Dalmas lanjut and asks for TNI support, the TNI approves and sends its
unit — on election day's own screens; the evaluator finds the observations pre-filled with
the log's times and drill minutes, rates a task and has the Anev rendered; the Kapolres edits the
Improvement Plan; the live operation's board, log and export show nothing of it.
Set ``SISPAM_SCREENSHOT_DIR`` to keep screenshots."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from drill_fixtures import CONTROLLER, DRILL, KARANGANOM, klaten_drill
from posko_fixtures import OP, PASSWORD, make_posko
from posko_live import ThreadServer, wait_js

from browsers import ARGS, CHROMIUM, needs_chromium
from sispam.latihan.control import clock_from_events
from sispam.posko.drill.load import load_drill
from sispam.posko.drill.times import local

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
    db = f"sqlite:///{tmp_path_factory.mktemp('drill') / 'posko.db'}"
    posko = make_posko(db, klaten_inputs, exercise_too=True)
    exercise = short_drill(klaten_drill(klaten_inputs))
    load_drill(posko, DRILL, exercise, "test", CONTROLLER)
    srv = ThreadServer(posko, heartbeat_s=5)
    srv.app.state.drill_tick_s = 0.2
    with srv:
        srv.posko, srv.exercise = posko, exercise
        yield srv
    posko.close()


def short_drill(exercise):  # type: ignore[no-untyped-def]
    """The MSEL as organisers trim it for a rehearsal of the Posko itself: the first inject, then
    the unrest (injects 8 on) far enough ahead that the controller pulls each forward by hand —
    the schedule delivers only the first while the players act."""
    from datetime import timedelta

    kept = tuple(
        i if i.number == 1 else i.model_copy(update={"real_time": i.real_time + timedelta(hours=4)})
        for i in exercise.injects
        if i.number == 1 or i.number >= 8
    )
    return exercise.model_copy(update={"injects": kept})


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def sign_in(browser, server, role: str, outside: list[str]):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)

    def guard(route):  # type: ignore[no-untyped-def]  # a closed network: nothing from outside
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    page = ctx.new_page()
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login")
    page.wait_for_load_state()
    return ctx, page


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("SISPAM_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"latihan-{name}.png"), full_page=True)


WATCH = """() => { window.__seen = []; document.addEventListener('posko:event',
    e => window.__seen.push(e.detail)); }"""


def sent_element(posko, role: str) -> str:  # type: ignore[no-untyped-def]
    """The reserve element the players dispatched in ``role`` (once the dispatch is logged)."""
    import time

    for _ in range(100):
        for e in posko.store.read(DRILL):
            for d in e.payload.get("dispatches", ()) if e.type == "dispatch.sent" else ():
                if d["role"] == role:
                    return d["element"]
        time.sleep(0.1)
    raise AssertionError(f"no {role} dispatched")


def row(page, number: int) -> str:  # type: ignore[no-untyped-def]
    return f"#msel tr[data-inject='{number}']"


def deliver(page, number: int) -> None:  # type: ignore[no-untyped-def]
    page.click(f"{row(page, number)} button.deliver")
    page.wait_for_selector(f"{row(page, number)}[data-delivered='1'][data-by='hand']")


def test_a_compressed_drill_end_to_end(browser, server) -> None:  # noqa: PLR0915
    outside: list[str] = []
    posko, exercise = server.posko, server.exercise
    ctl_ctx, ctl = sign_in(browser, server, "controller", outside)
    kap_ctx, kap = sign_in(browser, server, "kapolres", outside)
    tni_ctx, tni = sign_in(browser, server, "tni", outside)
    eva_ctx, eva = sign_in(browser, server, "evaluator", outside)

    # Every screen of the exercise carries the watermark; the players watch the live stream.
    kap.goto(f"{server.url}/ops/{DRILL}/board")
    kap.wait_for_selector("#live:not([hidden])")
    kap.evaluate(WATCH)
    assert kap.locator(".watermark").is_visible() and kap.title().startswith("LATIHAN")
    assert kap.locator("#nav-drill").count() == 0  # the MSEL is not the players'

    # The controller starts at ×4: the first inject is due at once and the server delivers it.
    ctl.goto(f"{server.url}/ops/{DRILL}/board")
    ctl.click("#nav-drill")
    ctl.fill("#speed-input", "4")
    ctl.click("#clock-start")
    ctl.wait_for_selector("#clock[data-state='running']")
    ctl.wait_for_selector(f"{row(ctl, 1)}[data-delivered='1'][data-by='schedule']")
    ctl.fill("#speed-input", "60")
    ctl.click("#clock-speed")
    ctl.wait_for_selector("#clock[data-speed='60.0']")
    shot(ctl, "pengendali")

    # The unrest: the incident reaches the players as a real, unchecked Posko input (LATIHAN).
    deliver(ctl, 8)
    wait_js(kap, "window.__seen.some(d => d.type === 'report.received' && d.prefix === 'LATIHAN')")
    report = f"latihan-{DRILL}-8"
    kap.goto(f"{server.url}/ops/{DRILL}/reports")
    assert "LATIHAN" in kap.inner_text(f"#to-check tr[data-id='{report}']")
    kap.click(f"#to-check tr[data-id='{report}'] .confirm-btn")  # the Posko takes it in
    kap.wait_for_selector(f"#report-list tr[data-id='{report}']")
    kap.goto(f"{server.url}/ops/{DRILL}/incidents")
    kap.select_option("#new-incident select[name=village_code]", KARANGANOM)
    kap.select_option("#new-incident select[name=category]", "result_dispute")
    kap.fill("#new-incident input[name=crowd]", "50")
    kap.click("#open-incident")
    kap.wait_for_selector(".incident[data-state='reported']")
    incident = kap.url
    kap.click("button.step-btn[data-action='verify']")
    kap.wait_for_selector(".incident[data-state='verified']")
    deliver(ctl, 11)  # the crowd turns kuning
    kap.goto(incident)
    kap.fill("#decide-form input[name=reason]", "massa memblokir balai desa, negosiasi buntu")
    kap.click("#decide-form button[data-level='kuning']")
    kap.wait_for_selector(".incident[data-level='kuning']")
    kap.click(".proposal[data-role='dalmas_lanjut'] .dispatch-btn")  # lapis ganti
    lanjut = sent_element(posko, "dalmas_lanjut")
    kap.click(f"#sent-units tr.sent-unit[data-element='{lanjut}'] .arrive-btn")
    kap.wait_for_selector(f"#sent-units tr.sent-unit[data-element='{lanjut}'][data-state='tiba']")
    deliver(ctl, 15)  # merah
    kap.goto(incident)
    kap.fill("#decide-form input[name=reason]", "bentrok, lemparan batu, di luar kemampuan Dalmas")
    kap.click("#decide-form button[data-level='merah']")
    kap.wait_for_selector(".incident[data-level='merah'][data-control='kapolres']")
    kap.fill("#request-tni input[name=reason]", "massa di luar kemampuan Polri")
    kap.click("#request-tni-btn")
    kap.wait_for_load_state()
    kap.wait_for_selector("li.request[data-status='requested']")
    # The second agency: the Dandim's side approves and sends its unit, which arrives.
    tni.goto(incident)
    assert tni.locator(".watermark").is_visible()
    tni.click("li.request .approve-btn")
    tni.wait_for_selector("li.request[data-status='approved']")
    tni.click(".proposal[data-role='tni_support'] .dispatch-btn")
    kodim = sent_element(posko, "tni_support")
    tni.click(f"#sent-units tr.sent-unit[data-element='{kodim}'] .arrive-btn")
    tni.wait_for_selector(f"#sent-units tr.sent-unit[data-element='{kodim}'][data-state='tiba']")
    shot(tni, "tni")
    ctl.click("#clock-pause")
    ctl.wait_for_selector("#clock[data-state='paused']")

    # The evaluator: the observations come filled in from the log, with its times.
    eva.goto(f"{server.url}/ops/{DRILL}/drill/evaluation")
    events = {e.seq: e for e in posko.store.read(DRILL)}
    view = posko.state(DRILL).view("drill")
    clock = clock_from_events(view.clock_events, exercise.start)

    def seq_of(type_: str, **match: object) -> int:
        return next(
            s
            for s, e in sorted(events.items())
            if e.type == type_ and all(e.payload.get(k) == v for k, v in match.items())
        )

    def arrival(role: str) -> int:
        sent = next(
            d["element"]
            for e in events.values()
            if e.type == "dispatch.sent"
            for d in e.payload["dispatches"]
            if d["role"] == role
        )
        return seq_of("unit.updated", element=sent, state="tiba")

    kuning, merah = (
        seq_of("situation.decided", to="kuning"),
        seq_of("situation.decided", to="merah"),
    )
    expected = {
        "hijau_detect": (view.delivered[8]["seq"], seq_of("report.reviewed", report_id=report)),
        "kuning_control": (view.delivered[11]["seq"], kuning),
        "kuning_lapis_ganti": (kuning, arrival("dalmas_lanjut")),
        "merah_control": (view.delivered[15]["seq"], merah),
        "merah_request_tni": (merah, seq_of("perbantuan.requested")),
        "merah_tni_support": (seq_of("perbantuan.requested"), arrival("tni_support")),
    }
    for task_id, (start, end) in expected.items():
        tr = eva.locator(f"tr[data-task='{task_id}']")
        assert tr.get_attribute("data-start-seq") == str(start), task_id
        assert tr.get_attribute("data-end-seq") == str(end), task_id
        a, b = local(events[start].ts), local(events[end].ts)
        assert float(tr.get_attribute("data-measured")) == round(clock.drill_minutes(a, b), 1)
        text = tr.locator(".obs-text").inner_text()
        assert a.strftime("%H.%M") in text and b.strftime("%H.%M") in text, (task_id, text)
    shot(eva, "evaluasi")
    form = "tr[data-task='kuning_control'] form.reviewform"
    eva.select_option(f"{form} select[name=rating]", "S")
    eva.fill(f"{form} textarea[name=notes]", "keputusan kuning menunggu laporan kedua")
    eva.click(f"{form} button.review-btn")
    eva.wait_for_selector("tr[data-task='kuning_control'][data-rating='S']")

    # The Kapolres keeps the Improvement Plan; TNI may not change Polri's item.
    kap.goto(f"{server.url}/ops/{DRILL}/drill/improvement")
    item = "tr[data-task='kuning_control']"
    kap.select_option(f"{item} select[name=status]", "in_progress")
    kap.click(f"{item} button.improve-btn")
    kap.wait_for_selector(f"{item}[data-status='in_progress']")
    tni.goto(f"{server.url}/ops/{DRILL}/drill/improvement")
    assert tni.locator(f"{item} button.improve-btn").count() == 0

    # The Anev: rendered in a worker, downloaded as LATIHAN files.
    ctl.click("#clock-end")
    ctl.wait_for_selector("#clock[data-state='ended']")
    eva.goto(f"{server.url}/ops/{DRILL}/drill/anev")
    eva.click("#anev-render")
    eva.wait_for_selector("#job[data-state='done']", timeout=180_000)
    eva.click("#job-done")
    link = eva.locator("a.anev-zip").first.get_attribute("href")
    got = eva.request.get(f"{server.url}{link}")
    assert got.ok and "LATIHAN-" in got.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(got.body())).namelist()
    assert {"LATIHAN-anev.pdf", "LATIHAN-anev.xlsx", "LATIHAN-drill-params.toml"} <= set(names)
    anev = json.loads(zipfile.ZipFile(io.BytesIO(got.body())).read("LATIHAN-anev.json"))
    kc = next(r for r in anev["results"] if r["task"]["id"] == "kuning_control")
    assert kc["rating"] == "S" and kc["rated_by"] == "evaluator"
    assert (
        next(i for i in anev["improvements"] if i["task_id"] == "kuning_control")["status"]
        == "in_progress"
    )

    # The live operation: nothing of the drill on its board, in its log or its export.
    kap.goto(f"{server.url}/ops/{OP}/board")
    assert kap.locator(".watermark").count() == 0
    assert kap.get_attribute(f"#board-rows tr[data-code='{KARANGANOM}']", "data-level") == "hijau"
    kap.goto(f"{server.url}/ops/{OP}/log")
    assert "drill." not in kap.inner_text("#log") and "LATIHAN" not in kap.content()
    export = kap.request.get(f"{server.url}/ops/{OP}/export.zip")
    zipped = zipfile.ZipFile(io.BytesIO(export.body()))
    assert not any("LATIHAN" in n for n in zipped.namelist())
    events_file = next(n for n in zipped.namelist() if n.endswith("/events.jsonl"))
    lines = zipped.read(events_file).decode().splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["operation.created"]
    for ctx in (ctl_ctx, kap_ctx, tni_ctx, eva_ctx):
        ctx.close()
    assert not outside
