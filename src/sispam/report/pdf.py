"""Dokumen PDF: a :class:`~sispam.report.model.Document` typeset by Typst (its Python package: no
LaTeX, no browser). The document goes in as JSON next to one generic template, so every name and
number is data and nothing in it can break the markup.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, time
from importlib import resources
from pathlib import Path

import typst

from sispam.domain import SispamError
from sispam.i18n import t
from sispam.report import fmt
from sispam.report.context import ReportContext
from sispam.report.model import Block, Bullets, Document, Fields, Figure, Para, Section, Table

# Columns whose text runs long get the flexible width; the rest size to their content.
WIDE = {
    "remarks",
    "reason",
    "covered_villages",
    "trigger",
    "first_response",
    "crowd",
    "responder",
    "handover",
    "decides",
    "plan_units",
    "kinds",
    "action",
    "in_plan",
    "task",
    "elements",
    "posts",
    "villages_of",
    "other_tasks",
    "route",
    "contingency",
    "levers",
}


MAX_ROWS = 1500  # a longer table (a province, the country) stays in the workbook and the page
LONG = 32  # characters: a text column with longer cells than this wraps in a flexible width


class TypesetError(SispamError):
    pass


def _table(tb: Table, lang: str) -> dict:
    def cells(row) -> list[dict]:  # type: ignore[no-untyped-def]
        return [
            {"text": fmt.cell_text(c, col, lang), "color": c.color}
            for c, col in zip(row, tb.columns, strict=True)
        ]

    total = tb.totals()
    ncols = len(tb.columns)
    rows = [cells(r) for r in tb.rows]
    # A column of long texts must be flexible, or Typst sizes it to its longest line and squeezes
    # its neighbours to nothing.
    longest = [max((len(r[i]["text"]) for r in rows), default=0) for i in range(ncols)]
    return {
        "type": "table",
        "title": tb.title,
        "columns": [
            {
                "label": c.label,
                "numeric": c.kind in ("int", "float", "pct"),
                "wide": c.key in WIDE or (c.kind in ("text", "code") and longest[i] > LONG),
            }
            for i, c in enumerate(tb.columns)
        ],
        "rows": rows,
        "total": cells(total) if total else None,
        "note": tb.note,
        "empty": tb.empty,
        "font_size": 8.5 if ncols <= 5 else 7.5 if ncols <= 8 else 6.8,
    }


def _block(b: Block, lang: str, figures: dict[str, str], supplement: dict[str, str]) -> dict | None:
    not_printed = supplement["not_printed"]
    if isinstance(b, Para):
        return {"type": "para", "text": b.text, "style": b.style}
    if isinstance(b, Bullets):
        return {"type": "bullets", "items": list(b.items), "numbered": b.numbered}
    if isinstance(b, Table):
        if not b.in_pdf or len(b.rows) > MAX_ROWS:
            return {"type": "para", "style": "note", "text": not_printed % b.title}
        return _table(b, lang)
    if isinstance(b, Figure):
        if b.id not in figures:
            return None
        return {
            "type": "figure",
            "path": figures[b.id],
            "caption": b.caption,
            "kind": b.kind,
            "supplement": supplement[b.kind],
        }
    if isinstance(b, Fields):
        return {"type": "fields", "items": [list(kv) for kv in b.items]}
    raise TypeError(b)


def _section(s: Section, lang: str, figures: dict[str, str], supplement: dict[str, str]) -> dict:
    blocks = [_block(b, lang, figures, supplement) for b in s.blocks]
    return {
        "number": s.number,
        "title": s.title,
        "blocks": [b for b in blocks if b is not None],
        "children": [_section(c, lang, figures, supplement) for c in s.children],
    }


def document_json(doc: Document, ctx: ReportContext, figures: dict[str, str]) -> dict:
    """The document as the template reads it; ``figures`` maps figure id → image file name."""
    supplement = {
        "map": ctx.t("report.pdf.map"),
        "chart": ctx.t("report.pdf.chart"),
        # "%s" is the table's title: the long detail tables live in the workbook and the page.
        "not_printed": ctx.t("report.pdf.not_printed", table="%s"),
    }
    return {
        "lang": ctx.lang,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "issuer": doc.issuer,
        "footer": doc.footer,
        "page_word": ctx.t("report.pdf.page"),
        "place_date": doc.place_date,
        "heading": _block(doc.heading, ctx.lang, figures, supplement),
        "banner": [_block(b, ctx.lang, figures, supplement) for b in doc.banner],
        "kop": list(doc.kop),
        "classification": doc.classification,
        "copy": doc.copy,
        "number": doc.number,
        "draft_note": doc.draft_note,
        "body": [_section(s, ctx.lang, figures, supplement) for s in doc.body],
        "annexes": [_section(s, ctx.lang, figures, supplement) for s in doc.annexes],
        "signatures": [
            {
                "caption": s.caption,
                "role": s.role,
                "unit": s.unit,
                "name": s.name,
                "rank": s.rank,
                "nrp": s.nrp,
            }
            for s in doc.signatures
        ],
    }


def render(doc: Document, ctx: ReportContext, images: dict[str, bytes]) -> bytes:
    """Typeset ``doc`` to PDF; ``images`` maps figure id → PNG bytes."""
    template = (resources.files("sispam.report") / "templates" / "document.typ").read_bytes()
    # The creation date is the report's date, so the same inputs give the same file.
    stamp = datetime.combine(ctx.today, time(0), tzinfo=UTC)
    with tempfile.TemporaryDirectory(prefix="sispam-typst-") as tmp:
        root = Path(tmp)
        names = {}
        for fid, data in images.items():
            names[fid] = f"{fid}.png"
            (root / names[fid]).write_bytes(data)
        (root / "doc.json").write_text(
            json.dumps(document_json(doc, ctx, names), ensure_ascii=False), encoding="utf-8"
        )
        (root / "main.typ").write_bytes(template)
        try:
            return typst.compile(
                str(root / "main.typ"),
                root=str(root),
                ignore_system_fonts=True,  # the fonts Typst embeds: the same PDF on every machine
                timestamp=stamp,
            )
        except typst.TypstError as exc:  # a template bug, reported with Typst's own words
            raise TypesetError(t("report.error.typst", detail=exc.message)) from None
