"""Isi dokumen (document content): one format-neutral model that HTML, PDF and XLSX all render.

The builders in :mod:`sispam.report.documents` turn domain objects into these plain, frozen values
(already in the reader's language); the writers only lay them out. One model for every format is
what keeps the page, the PDFs and the workbook saying the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CellValue = str | int | float | None
ColumnKind = Literal["text", "int", "float", "pct", "code"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One value; ``est`` marks an estimate (shown with an asterisk / marked in the workbook)."""

    value: CellValue
    est: bool = False
    color: str | None = None  # a swatch shown before the text (zone colours)


@dataclass(frozen=True, slots=True)
class Column:
    """A table column; ``total`` columns are summed in the table's total row."""

    key: str
    label: str
    kind: ColumnKind = "text"
    digits: int = 0
    total: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """Tabel: a titled grid; ``id`` is stable across languages (anchors, sheet names, tests)."""

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total_label: str | None = None
    note: str = ""
    empty: str = ""  # said instead of an empty grid
    in_pdf: bool = True  # False: too long to print; in the page and the workbook only

    def totals(self) -> tuple[Cell, ...] | None:
        """The total row (label in the first column), or ``None`` when the table has none."""
        if self.total_label is None or not self.rows:
            return None
        out: list[Cell] = []
        for i, col in enumerate(self.columns):
            if i == 0:
                out.append(Cell(self.total_label))
            elif col.total:
                cells = [r[i] for r in self.rows if isinstance(r[i].value, int | float)]
                total = sum(c.value for c in cells)  # type: ignore[misc]
                out.append(Cell(total, est=any(c.est for c in cells)))
            else:
                out.append(Cell(None))
        return tuple(out)

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph; ``style`` ``note`` is set smaller, ``warning`` is boxed."""

    text: str
    style: Literal["normal", "note", "warning"] = "normal"


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class Figure:
    """A static map or chart drawn by :mod:`sispam.report.charts` under ``id``."""

    id: str
    caption: str
    kind: Literal["map", "chart"] = "chart"


@dataclass(frozen=True, slots=True)
class Fields:
    """Label → value pairs (the heading block of a document, a definition list)."""

    items: tuple[tuple[str, str], ...]


Block = Para | Bullets | Table | Figure | Fields


@dataclass(frozen=True, slots=True)
class Section:
    number: str
    title: str
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    id: str = ""

    def walk(self):  # type: ignore[no-untyped-def]
        """Every block of this section and its subsections, in reading order."""
        yield from self.blocks
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Signature:
    """A signing block: whether it issues or acknowledges, the office in capitals ("KEPALA
    KEPOLISIAN RESOR KLATEN"), the unit, and the signer's name, rank and NRP — blank lines to
    fill when the scenario's ``[report]`` table does not give them."""

    caption: str  # "Dikeluarkan oleh" / "Mengetahui"
    role: str
    unit: str
    name: str = ""
    rank: str = ""
    nrp: str = ""  # "NRP 1234…" (already labelled); empty for a civilian signer


@dataclass(frozen=True)
class Document:
    """Rencana Pengamanan or Rencana Kontinjensi: kop, classification, copy and number, the body
    (Dasar … Penutup), signatures, annexes. ``heading`` and ``banner`` are the provenance (the
    page and the workbook show them; in the document they are the last annex)."""

    id: str
    title: str
    subtitle: str
    issuer: str
    heading: Fields
    banner: tuple[Para, ...]
    body: tuple[Section, ...]
    signatures: tuple[Signature, ...]
    place_date: str
    annexes: tuple[Section, ...] = ()
    footer: str = ""
    kop: tuple[str, ...] = ()  # letterhead lines, top left
    classification: str = ""  # "RAHASIA"
    copy: str = ""  # "Salinan ke … dari … salinan"
    number: str = ""  # "Nomor: R/Renpam/……/V/2023"
    draft_note: str = ""  # one boxed line on the first page (illustrative data)

    def sections(self) -> tuple[Section, ...]:
        return self.body + self.annexes

    def tables(self) -> list[Table]:
        return [b for s in self.sections() for b in s.walk() if isinstance(b, Table)]

    def figure_ids(self) -> list[str]:
        return [b.id for s in self.sections() for b in s.walk() if isinstance(b, Figure)]
