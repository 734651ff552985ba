"""Text content of each output format, for golden-file comparison (text, not bytes).

HTML: visible text (no script/style, no SVG geometry), one line per block element.
PDF: ``pdftotext`` (Debian's poppler-utils), whitespace normalised.
XLSX: every sheet as tab-separated rows, with each cell's number format where it marks an estimate.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from openpyxl import load_workbook

import sispam

BLOCK = {
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "figcaption",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "ul",
    "ol",
    "legend",
    "label",
    "figure",
    "aside",
    "title",
}
SKIP = {"script", "style"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.svg_text = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.parts.append("\n")
        if tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skip -= 1
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def normalise(text: str) -> str:
    text = text.replace(sispam.__version__, "<VERSION>")
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip() + "\n"


def html_text(page: str) -> str:
    # The map's <title> tooltips are text too; keep them (they carry names and numbers).
    p = _Text()
    p.feed(page)
    return normalise("".join(p.parts))


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
    return normalise(out.replace("\f", "\n"))


def pdf_pages(data: bytes) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True).stdout
    m = re.search(rb"^Pages:\s+(\d+)", info, re.M)
    assert m, info
    return int(m.group(1))


def xlsx_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data))
    out: list[str] = []
    for ws in wb.worksheets:
        out.append(f"== {ws.title}")
        for row in ws.iter_rows():
            cells = []
            for c in row:
                v = "" if c.value is None else str(c.value)
                if '"*"' in (c.number_format or ""):
                    v += "*"
                cells.append(v)
            while cells and not cells[-1]:
                cells.pop()
            out.append("\t".join(cells))
    return normalise("\n".join(out))
