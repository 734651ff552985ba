"""Dokumen hari-H: the laporan situasi, laporan khusus and activity record as files.

The documents are built by the report stage (:mod:`sispam.report.sitrep`) from the record and the
board; this module computes the board at the cut-off with the operation's rules and settings and
renders the files, so the Posko needs one call.
"""

from __future__ import annotations

from datetime import datetime

from sispam.domain import Scenario
from sispam.domain.incident import OpsLog
from sispam.ops.board import board_at
from sispam.ops.settings import AuthoritySettings, OpsSettings


def sitrep_files(
    scenario: Scenario,
    log: OpsLog,
    cut_off: datetime,
    *,
    lang: str = "id",
    number: str = "",
    settings: OpsSettings | None = None,
    authority: AuthoritySettings | None = None,
    exercise: bool = False,
) -> dict[str, bytes]:
    """The laporan situasi at ``cut_off`` (PDF and XLSX) and a laporan khusus (PDF) for every
    incident that reached merah by then; names carry the cut-off (``laporan-situasi-0705-1200``).
    """
    from sispam.report import sitrep

    settings = settings or OpsSettings()
    board = board_at(scenario, log, cut_off, authority=authority, settings=settings)
    stamp = cut_off.strftime("%m%d-%H%M")
    doc = sitrep.sitrep_document(
        scenario,
        log,
        board,
        schedule=settings.cutoffs(cut_off.date()),
        lang=lang,
        number=number,
        exercise=exercise,
    )
    out = sitrep.render_files(
        doc, scenario, lang=lang, generated=cut_off.date(), stem=f"laporan-situasi-{stamp}"
    )
    for inc in sitrep.merah_incidents(board):
        special = sitrep.special_report(scenario, log, board, inc.id, lang=lang, exercise=exercise)
        files = sitrep.render_files(
            special,
            scenario,
            lang=lang,
            generated=cut_off.date(),
            stem=f"laporan-khusus-{inc.id}-{stamp}",
        )
        out[f"laporan-khusus-{inc.id}-{stamp}.pdf"] = files[f"laporan-khusus-{inc.id}-{stamp}.pdf"]
    return out


def activity_files(
    scenario: Scenario, log: OpsLog, until: datetime, *, lang: str = "id", exercise: bool = False
) -> dict[str, bytes]:
    """The activity record up to ``until`` (PDF and XLSX): ``catatan-kegiatan-0705-2000``."""
    from sispam.report import sitrep

    doc = sitrep.activity_record(scenario, log, until, lang=lang, exercise=exercise)
    return sitrep.render_files(
        doc,
        scenario,
        lang=lang,
        generated=until.date(),
        stem=f"catatan-kegiatan-{until:%m%d-%H%M}",
    )
