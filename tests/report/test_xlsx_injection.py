"""A name a spreadsheet would run as a formula stays a name in `rencana.xlsx`."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

from openpyxl import load_workbook

from sispam.assess import assess
from sispam.domain import Scenario
from sispam.plan import plan
from sispam.report import report_files

HOSTILE = ['=HYPERLINK("http://evil.example","klik")', "+SUM(1,2)", "-2+3", "@cmd"]


def _hostile(s: Scenario) -> Scenario:
    villages = list(s.villages)
    for i, name in enumerate(HOSTILE):
        villages[i] = villages[i].model_copy(update={"name": name})
    units = list(s.units)
    units[0] = units[0].model_copy(update={"name": "=1+1 Polsek"})
    return s.model_copy(
        update={"villages": tuple(villages), "units": tuple(units), "title": "=T()"}
    )


def test_hostile_names_are_text_not_formulas(klaten: Scenario) -> None:
    s = _hostile(klaten)
    a = assess(s)
    data = report_files(s, a, plan(s, a), generated=date(2023, 6, 20), pdfs=False)["rencana.xlsx"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    formulas = [f for xml in sheets for f in re.findall(r"<f>(.*?)</f>", xml)]
    assert formulas and all(re.fullmatch(r"SUM\([A-Z]+\d+:[A-Z]+\d+\)", f) for f in formulas)
    wb = load_workbook(io.BytesIO(data))
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    for name in [*HOSTILE, "=1+1 Polsek", "=T()"]:
        assert name in texts or f"{name}*" in texts, name
