"""The Posko in a real browser (Debian's chromium via Playwright), served from 127.0.0.1: every
demo role signs in; the map shows Klaten's 401 village shapes and the operation's 67 villages;
a village opens; a change made in another browser context appears live without reload; a role
sees no button for what it may not do and gets 403 when it tries anyway; nothing is fetched
from outside. Set ``SISPAM_SCREENSHOT_DIR`` to keep screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from posko_fixtures import OP, PASSWORD, make_posko
from posko_live import ThreadServer, wait_js

from browsers import ARGS, CHROMIUM, needs_chromium
from sispam.domain import PoskoRole

KARANGANOM = "33.10.24.2003"
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
    posko = make_posko(
        f"sqlite:///{tmp_path_factory.mktemp('b') / 'posko.db'}", klaten_inputs, exercise_too=True
    )
    with ThreadServer(posko, heartbeat_s=5) as srv:
        srv.posko = posko
        yield srv
    posko.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def outside() -> list[str]:
    return []


def context(browser, server, outside: list[str]):
    ctx = browser.new_context(viewport={"width": 1280, "height": 860})

    def guard(route):  # the Posko must work on a closed network
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    return ctx


def sign_in(ctx, server, role: str):
    page = ctx.new_page()
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login")
    page.wait_for_load_state()
    return page


def shot(page, name: str) -> None:
    folder = os.environ.get("SISPAM_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"posko-{name}.png"))


def test_every_demo_role_signs_in(browser, server, outside) -> None:
    for role in PoskoRole:
        ctx = context(browser, server, outside)
        page = sign_in(ctx, server, role.value)
        assert page.locator(f'.user[data-role="{role.value}"]').count() == 1, role
        assert page.locator("text=LATIHAN").count() >= 1  # the exercise is listed apart
        ctx.close()
    assert not outside


def test_map_shows_klaten_and_opens_a_village(browser, server, outside) -> None:
    ctx = context(browser, server, outside)
    page = sign_in(ctx, server, "kapolres")
    page.goto(f"{server.url}/ops/{OP}/map")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.locator("path.posko-desa").count() == 401
    assert page.locator("path.posko-op-village").count() == 67
    # Karanganom (the red zone), opened the way a click on its shape does
    page.evaluate(
        "code => htmx.ajax('GET', '/ops/' + document.body.dataset.op + '/villages/' + code, {target: '#panel'})",
        KARANGANOM,
    )
    page.wait_for_selector(f"#panel .village[data-code='{KARANGANOM}']")
    assert "Karanganom" in page.inner_text("#panel")
    # A real click on an operation village's shape opens its panel too.
    page.locator("path.posko-op-village").first.click(force=True)
    wait_js(page, "document.querySelector('#panel .village') !== null")
    shot(page, "map")
    ctx.close()
    assert not outside


def test_change_in_one_context_appears_live_in_another(browser, server, outside) -> None:
    watcher = context(browser, server, outside)
    board = sign_in(watcher, server, "operator")
    board.goto(f"{server.url}/ops/{OP}/board")
    board.wait_for_selector("#live:not([hidden])")
    row = f"#board-rows tr[data-code='{KARANGANOM}']"
    assert board.get_attribute(row, "data-level") == "hijau"
    map_page = watcher.new_page()
    map_page.goto(f"{server.url}/ops/{OP}/map")
    map_page.wait_for_selector("#map[data-ready='1']")
    map_page.wait_for_selector("#live:not([hidden])")

    actor = context(browser, server, outside)
    kapolsek = sign_in(actor, server, "kapolsek")
    kapolsek.goto(f"{server.url}/ops/{OP}/villages/{KARANGANOM}")
    assert kapolsek.locator("button.level-btn[data-level='merah']").count() == 0  # no authority
    kapolsek.fill("input[name=reason]", "massa memblokir jalan desa")
    kapolsek.click("button.level-btn[data-level='kuning']")
    kapolsek.wait_for_selector(".village[data-level='kuning']")

    board.wait_for_selector(f"{row}[data-level='kuning']", timeout=10_000)  # no reload
    map_page.wait_for_selector(
        "path.posko-op-village.level-kuning, path[data-level='kuning']", timeout=10_000
    )
    shot(board, "board-live")
    watcher.close()
    actor.close()
    assert not outside


def test_no_button_and_403_for_what_a_role_may_not_do(browser, server, outside) -> None:
    ctx = context(browser, server, outside)
    page = sign_in(ctx, server, "observer")
    page.goto(f"{server.url}/ops/{OP}/villages/{KARANGANOM}")
    assert page.locator("button.level-btn").count() == 0
    assert page.locator("#add-note").count() == 0
    page.goto(f"{server.url}/ops/{OP}/units")
    assert page.locator("button.unit-btn").count() == 0
    status = page.evaluate(
        """async ([op, code]) => {
            const csrf = document.querySelector('meta[name=csrf-token]').content;
            const body = new URLSearchParams({level: 'merah', reason: 'mencoba', csrf});
            const r = await fetch(`/ops/${op}/villages/${code}/level`, {method: 'POST', body});
            return r.status;
        }""",
        [OP, KARANGANOM],
    )
    assert status == 403
    assert server.posko.state(OP).view("board").villages[KARANGANOM]["level"] != "merah"
    ctx.close()


def test_exercise_carries_the_watermark(browser, server, outside) -> None:
    ctx = context(browser, server, outside)
    page = sign_in(ctx, server, "controller")
    page.goto(f"{server.url}/ops/{OP}-latihan/map")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.locator(".watermark").is_visible()
    assert page.title().startswith("LATIHAN")
    shot(page, "latihan")
    page.goto(f"{server.url}/ops/{OP}/map")
    assert page.locator(".watermark").count() == 0
    ctx.close()
