"""Text content of each output format, for golden-file comparison (text, not bytes).

HTML: visible text (no script/style, no SVG geometry), one line per block element.
PDF: PDFium's text layer (pypdfium2, a Python wheel: no system program needed), whitespace
normalised; pages rendered to images with the same library.
XLSX: every sheet as tab-separated rows, with each cell's number format where it marks an estimate.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pypdfium2 as pdfium
from openpyxl import load_workbook
from PIL import Image

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
    pdf = pdfium.PdfDocument(data)
    try:
        pages = [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()
    return normalise("\n".join(pages).replace("\r", ""))


def pdf_pages(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def pdf_images(data: bytes, pages: int = 2, dpi: int = 30) -> list[Image.Image]:
    """The first ``pages`` pages as images at ``dpi``."""
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil() for i in range(min(pages, len(pdf)))]
    finally:
        pdf.close()


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
