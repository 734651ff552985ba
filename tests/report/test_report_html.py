"""The page: self-contained, a shape per Klaten village, the same content as the documents."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import sispam
from sispam import geo

pytestmark = pytest.mark.xdist_group("report")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Tags()
    p.feed(page)
    return p.tags


def test_page_is_self_contained(files) -> None:
    page = files["id"]["index.html"]
    for tag, attrs in _tags(page):
        for attr in ("src", "href"):
            value = attrs.get(attr) or ""
            assert not re.match(r"(https?:)?//", value), (tag, value)
        assert not (tag == "script" and attrs.get("src")), "scripts must be inline"
        assert not (tag == "link" and attrs.get("rel") == "stylesheet"), "CSS must be inline"
    assert "<style>" in page and "<script>" in page


def test_one_shape_per_klaten_village_and_participants_outlined(files, results) -> None:
    scenario = results[0]
    tags = _tags(files["id"]["index.html"])
    shapes = [a for t, a in tags if a.get("data-code") and "v" in (a.get("class") or "").split()]
    klaten = [c for c in geo.polygon_codes("village") if c.startswith("33.10.")]
    assert sorted(a["data-code"] for a in shapes) == sorted(klaten)
    participants = {a["data-code"] for a in shapes if "peserta" in (a.get("class") or "")}
    assert participants == {v.code for v in scenario.villages}
    zone_fill = {a["data-code"]: a.get("data-f-zone") for a in shapes if a.get("data-f-zone")}
    for v in scenario.villages:  # coloured by the zone the plan uses
        assert zone_fill[v.code] == scenario.zones.get(results[2].zones[v.code]).color


@pytest.mark.parametrize("lang", ["id", "en"])
def test_page_names_scenario_date_version_and_language(files, results, lang) -> None:
    page = files[lang]["index.html"]
    assert f'<html lang="{lang}">' in page
    assert results[0].title in page and f"Sispam {sispam.__version__}" in page
    assert ("Rabu, 5 Juli 2023" if lang == "id" else "Wednesday, 5 July 2023") in page
    assert ("Masukan perkiraan" if lang == "id" else "Estimated inputs") in page


def test_every_estimated_voter_count_is_flagged(files, results) -> None:
    page = files["id"]["index.html"]
    table = page[page.index('id="rencana-pengamanan-villages"') :]
    table = table[table.index("<tbody>") : table.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    scenario = results[0]
    assert len(rows) == len(scenario.villages)
    for v, row in zip(scenario.villages, rows, strict=True):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert v.code in cells[1]
        assert ('class="est"' in cells[4]) == ("voters" in v.estimated)


def test_force_table_numbers_are_the_plans(files, results) -> None:
    page = files["en"]["index.html"]
    block = page[page.index('id="rencana-pengamanan-force_totals"') :]
    block = block[: block.index("</table>")]
    header = re.findall(r'<th[^>]*data-key="([a-z_]+)"', block)
    foot = re.findall(r"<tfoot>(.*?)</tfoot>", block, re.S)[0]
    cells = re.findall(r"<td[^>]*?(?: data-value=\"([^\"]*)\")?>", foot)
    totals = dict(zip(header, cells, strict=True))
    plan = results[2]
    assert float(totals["required_total"]) == sum(t.required_total for t in plan.totals.values())
    assert float(totals["available"]) == sum(t.available for t in plan.totals.values())


def test_sections_render_only_what_exists(files) -> None:
    page = files["id"]["index.html"]
    # No simulation was passed: the page says so and offers no escalation layer.
    assert "Simulasi kontinjensi belum dijalankan" in page
    assert 'value="escalation"' not in page
