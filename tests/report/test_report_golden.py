"""The text of every document, in both languages, against golden files.

Regenerate after an intended change (another stage's results, a reworded message) with::

    SISPAM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/report/test_report_golden.py

and read the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from textdump import html_text, pdf_text, xlsx_text

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SISPAM_UPDATE_GOLDEN") == "1"

DOCS = {
    "index.html": html_text,
    "rencana-pengamanan.pdf": pdf_text,
    "rencana-kontinjensi.pdf": pdf_text,
    "rencana.xlsx": xlsx_text,
}

pytestmark = pytest.mark.xdist_group("report")


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", sorted(DOCS))
def test_text_matches_golden(files, name: str, lang: str) -> None:
    text = DOCS[name](files[lang][name])
    golden = GOLDEN / f"{name}.{lang}.txt"
    if UPDATE or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{golden.name} did not exist; written now — review and commit it")
        return
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"golden/{golden.name}",
                    "now",
                    n=1,
                )
            )[:80]
        )
        pytest.fail(
            f"{name} ({lang}) differs from its golden file; if intended, regenerate with "
            f"SISPAM_UPDATE_GOLDEN=1 (see this module's docstring)\n{diff}"
        )
