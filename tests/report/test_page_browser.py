"""The demo page in a real browser (Debian's chromium via Playwright), served from 127.0.0.1.

Checks what a planner sees: a shape per Klaten village, the participating villages outlined,
layers that recolour the map, a village's details on click, the tables' numbers, and that the
page asks nothing of the network. Set ``SISPAM_SCREENSHOT_DIR`` to keep the screenshots.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browsers import ARGS, CHROMIUM, needs_chromium
from sispam import geo
from sispam.scenario import write_files

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("report-b"),
    needs_chromium,
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture(scope="module")
def served(files_id, tmp_path_factory):
    root = tmp_path_factory.mktemp("page") / "demo"
    write_files(files_id, root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        outside: list[str] = []
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: problems.append(str(e)))

        def guard(route) -> None:  # type: ignore[no-untyped-def]
            if route.request.url.startswith("http://127.0.0.1:"):
                route.continue_()
            else:  # the page must not need the network
                outside.append(route.request.url)
                route.abort()

        pg.route("**/*", guard)
        pg.goto(served)
        pg.wait_for_selector("#map")
        yield pg, problems, outside
        browser.close()


def _shot(pg, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.png"
    pg.screenshot(path=str(path))
    keep = os.environ.get("SISPAM_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


def test_map_has_a_shape_per_klaten_village(page, results, tmp_path) -> None:
    pg, problems, outside = page
    klaten = [c for c in geo.polygon_codes("village") if c.startswith("33.10.")]
    codes = pg.eval_on_selector_all("#villages [data-code]", "els => els.map(e => e.dataset.code)")
    assert sorted(codes) == sorted(klaten)
    participants = pg.eval_on_selector_all(
        "#villages .v.peserta", "els => els.map(e => e.dataset.code)"
    )
    assert sorted(participants) == sorted(v.code for v in results[0].villages)
    # Every shape is drawn with a real size (not collapsed to nothing).
    sizes = pg.eval_on_selector_all(
        "#villages .v.peserta",
        "els => els.map(e => { const b = e.getBBox(); return b.width * b.height; })",
    )
    assert min(sizes) > 0
    pg.locator("#peta").scroll_into_view_if_needed()
    assert _shot(pg, tmp_path, "page-map").stat().st_size > 20_000
    assert not problems, problems
    assert not outside, outside


def test_layers_recolour_and_a_click_shows_the_village(page, results, tmp_path) -> None:
    pg, problems, _ = page
    karanganom = '#villages .v.peserta[data-code="33.10.24.2003"]'
    zone_fill = pg.get_attribute(karanganom, "fill")
    assert zone_fill == results[0].zones.get("merah").color
    pg.check('input[name="layer"][value="score"]')
    assert pg.get_attribute(karanganom, "fill") == pg.get_attribute(karanganom, "data-f-score")
    assert pg.is_visible('ul.legend[data-layer="score"]')
    assert not pg.is_visible('ul.legend[data-layer="zone"]')
    pg.check('input[name="layer"][value="zone"]')
    assert pg.get_attribute(karanganom, "fill") == zone_fill
    pg.click(karanganom)
    info = pg.inner_text("#info")
    assert "Karanganom" in info and "Klaten Utara" in info and "8.000*" in info
    _shot(pg, tmp_path, "page-village")
    assert not problems, problems


def test_tables_show_the_plans_numbers(page, results, tmp_path) -> None:
    pg, problems, _ = page
    plan = results[2]
    foot = "#rencana-pengamanan-force_totals tfoot td"
    keys = pg.eval_on_selector_all(
        "#rencana-pengamanan-force_totals thead th", "els => els.map(e => e.dataset.key)"
    )
    values = pg.eval_on_selector_all(foot, "els => els.map(e => e.dataset.value ?? null)")
    totals = dict(zip(keys, values, strict=True))
    assert float(totals["required_tps"]) == sum(t.required_tps for t in plan.totals.values())
    assert float(totals["available"]) == sum(t.available for t in plan.totals.values())
    # The villages table sorts by a column on click (numbers by value, not by text).
    voters = '#rencana-pengamanan-villages thead th[data-key="voters"]'
    pg.click(voters)
    pg.click(voters)  # second click: descending
    first = pg.get_attribute(
        "#rencana-pengamanan-villages tbody tr:first-child td.int >> nth=1", "data-value"
    )
    assert int(first) == max(v.voters for v in results[0].villages)
    pg.locator("#rencana-pengamanan-villages").scroll_into_view_if_needed()
    _shot(pg, tmp_path, "page-table")
    assert not problems, problems
