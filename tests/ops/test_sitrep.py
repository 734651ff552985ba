"""Laporan situasi, laporan khusus and the activity record: content, and golden texts of the PDF
(read with pypdf) and the workbook, in Indonesian and English.

Regenerate the golden files after an intended change with::

    SISPAM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/ops/test_sitrep.py

and read the diff before committing it.
"""

from __future__ import annotations

import difflib
import io
import os
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from ops_people import (
    BRAJAN,
    DANDIM,
    KAPOLRES,
    KAPOLSEK_KLATEN_UTARA,
    KARANGANOM,
    OPERATOR,
    PEMKAB,
    REPORTER,
    at,
)
from pypdf import PdfReader

import sispam
from sispam.domain import CommandLevel, ReserveRole, SituationLevel
from sispam.domain.incident import (
    Channel,
    Dispatch,
    FieldReport,
    IncidentAction,
    IncidentCategory,
    IncidentState,
    Person,
    PoskoRole,
    ReportKind,
    Review,
    TpsStatus,
    UnitState,
    UnitStatus,
)
from sispam.ops import (
    OpsLog,
    OpsSettings,
    Refusal,
    activity_files,
    apply_decision,
    board_at,
    decide_level,
    decide_perbantuan,
    deploy_perbantuan,
    hand_over,
    initial_situations,
    notifications,
    open_incident,
    perbantuan_notifications,
    record_arrival,
    record_mediation,
    request_perbantuan,
    review_report,
    sitrep_files,
    transition,
)
from sispam.report.sitrep import (
    activity_record,
    merah_incidents,
    render_files,
    sitrep_document,
    special_report,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SISPAM_UPDATE_GOLDEN") == "1"
KUJON = "33.10.11.2004"
REPORTER_BRAJAN = Person(name="Bripka Eko", role=PoskoRole.REPORTER, area=(BRAJAN,))

pytestmark = pytest.mark.xdist_group("sitrep")


def ok(result):
    assert not isinstance(result, Refusal), result.message("en")
    return result


def tps(rid, code, status, hhmm, channel=Channel.SMS, reporter="Bhabin", **kw) -> FieldReport:
    return FieldReport(
        id=rid,
        channel=channel,
        reporter=reporter,
        received_at=at(hhmm),
        at=at(hhmm),
        village_code=code,
        tps=1,
        kind=ReportKind.TPS_STATUS,
        status=status,
        **kw,
    )


@pytest.fixture(scope="module")
def log(klaten) -> OpsLog:
    """A morning in the Posko: TPS reports, a blockade at Karanganom that turns merah and is
    contained with TNI support and Pemkab mediation, and a money-politics rumour rejected."""
    reports = [
        tps("sms:1", KARANGANOM, TpsStatus.OPENED, "07:01"),
        tps("sms:2", BRAJAN, TpsStatus.OPENED, "07:03"),
        tps("sms:3", KUJON, TpsStatus.PERSONNEL_PRESENT, "06:20", personnel=6),
        tps("sms:4", KARANGANOM, TpsStatus.CLOSED, "13:05"),
        tps("wa:1", KARANGANOM, TpsStatus.CLOSED, "13:07", Channel.WHATSAPP, "Babinsa"),
        tps("sms:5", BRAJAN, TpsStatus.CLOSED, "13:02"),
        tps("web:1", BRAJAN, TpsStatus.CLOSED, "13:40", Channel.WEB, "Operator"),
    ]
    raw = FieldReport(
        id="sms:10",
        channel=Channel.SMS,
        reporter="+6281200000001",
        received_at=at("10:00"),
        at=at("09:58"),
        village_code=KARANGANOM,
        kind=ReportKind.INCIDENT,
        category=IncidentCategory.BLOCKADE,
        crowd=50,
        review=Review.MACHINE_READ,
        raw_text="INSIDEN 33.10.24.2003 MASSA 50 BLOKIR JALAN 09.58",
    )
    checked = ok(review_report(raw, OPERATOR, at("10:02")))
    reports.append(checked.model_copy(update={"incident_id": "inc-karanganom"}))
    inc = ok(
        open_incident(
            village_code=KARANGANOM,
            category=IncidentCategory.BLOCKADE,
            by=REPORTER,
            at=at("10:00"),
            crowd=50,
            report_ids=("sms:10",),
            description="Pendukung calon yang kalah memblokir jalan desa.",
            id="inc-karanganom",
        )
    )
    inc = ok(transition(inc, IncidentAction.VERIFY, OPERATOR, at("10:03"), note="dicek"))
    sit = initial_situations(klaten)[KARANGANOM]
    decisions = []

    def decide(d):
        nonlocal sit
        decisions.append(ok(d))
        sit = apply_decision(sit, decisions[-1])

    decide(
        decide_level(
            sit,
            SituationLevel.KUNING,
            KAPOLSEK_KLATEN_UTARA,
            at("10:05"),
            "massa memblokir jalan",
            report=checked,
            incident_id=inc.id,
        )
    )
    decide(
        hand_over(
            sit,
            CommandLevel.KAPOLRES,
            KAPOLSEK_KLATEN_UTARA,
            at("10:08"),
            "lapis ganti",
            incident_id=inc.id,
        )
    )
    dsp = Dispatch(
        id="dsp-1",
        incident_id=inc.id,
        village_code=KARANGANOM,
        element="polsek:klaten-utara/dalmas_lanjut/Dalmas Lanjut Pleton 1",
        unit="Dalmas Lanjut Pleton 1",
        role=ReserveRole.DALMAS_LANJUT,
        site_id="polsek:klaten-utara",
        personnel=30,
        level=SituationLevel.KUNING,
        at=at("10:10"),
        by=OPERATOR,
        eta=at("10:16"),
        travel_min=6.0,
    )
    inc = ok(
        transition(
            inc, IncidentAction.RESPOND, OPERATOR, at("10:10"), units=("Dalmas Lanjut Pleton 1",)
        )
    )
    moving = UnitStatus(
        unit=dsp.unit,
        element=dsp.element,
        state=UnitState.BERGERAK,
        at=at("10:10"),
        incident_id=inc.id,
        village_code=KARANGANOM,
        personnel=30,
        by=OPERATOR,
    )
    there = moving.model_copy(
        update={
            "state": UnitState.TIBA,
            "at": at("10:17"),
            "lat": -7.6978,
            "lng": 110.61826,
            "stale_at": at("10:32"),
        }
    )
    inc = record_arrival(inc, at("10:17"))
    decide(
        decide_level(
            sit,
            SituationLevel.MERAH,
            KAPOLRES,
            at("10:30"),
            "massa merusak balai desa",
            incident_id=inc.id,
        )
    )
    req = ok(
        request_perbantuan(
            sit,
            KAPOLRES,
            at("10:35"),
            "melampaui kemampuan Polri",
            incident_id=inc.id,
            asked="1 SSK PHH Kodim 0723",
        )
    )
    req = ok(
        decide_perbantuan(
            req, DANDIM, at("10:40"), approve=True, legal_basis="UU 2/2002 ps. 41; MoU TNI–Polri"
        )
    )
    req = ok(
        deploy_perbantuan(
            req, "Kodim 0723 Cadangan (PHH)", 30, DANDIM, at("10:45"), commander="Kapten Inf Rudi"
        )
    )
    med = ok(
        record_mediation(
            PEMKAB,
            at("11:30"),
            KARANGANOM,
            "kedua kubu menunggu keputusan Bupati",
            parties=("A", "B"),
            incident_id=inc.id,
            id="med-1",
        )
    )
    inc = ok(transition(inc, IncidentAction.CONTAIN, OPERATOR, at("11:45")))
    decide(
        decide_level(
            sit, SituationLevel.HIJAU, KAPOLRES, at("12:10"), "massa bubar", incident_id=inc.id
        )
    )
    inc = ok(
        transition(
            inc,
            IncidentAction.CLOSE,
            KAPOLRES,
            at("12:30"),
            outcome="massa bubar setelah mediasi",
            peak_level=SituationLevel.MERAH,
        )
    )
    done = there.model_copy(update={"state": UnitState.SELESAI, "at": at("12:30")})
    rumour = ok(
        open_incident(
            village_code=BRAJAN,
            category=IncidentCategory.MONEY_POLITICS,
            by=REPORTER_BRAJAN,
            at=at("11:00"),
            id="inc-brajan",
        )
    )
    rumour = ok(
        transition(
            rumour,
            IncidentAction.REJECT,
            OPERATOR,
            at("11:10"),
            note="hoaks, tidak ada pembagian uang",
        )
    )
    notes = [n for d in decisions for n in notifications(d)] + list(perbantuan_notifications(req))
    return OpsLog(
        operation=klaten.name,
        reports=tuple(reports),
        incidents=(inc, rumour),
        decisions=tuple(decisions),
        dispatches=(dsp,),
        unit_statuses=(moving, there, done),
        perbantuan=(req,),
        notifications=tuple(notes),
        mediations=(med,),
    )


def pdf_text(data: bytes) -> str:
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    text = "\n".join(pages).replace(sispam.__version__, "<VERSION>")
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln) + "\n"


def xlsx_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        out.append(f"== {ws.title}")
        for row in ws.iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            out.append("\t".join(cells))
    return "\n".join(out).replace(sispam.__version__, "<VERSION>") + "\n"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{name} did not exist; written now — review and commit it")
        return
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(True), text.splitlines(True), name, "now", n=1
                )
            )[:60]
        )
        pytest.fail(f"{name} differs from its golden file (SISPAM_UPDATE_GOLDEN=1)\n{diff}")


def test_board_at_noon(klaten, log) -> None:
    board = board_at(klaten, log, at("12:00"))
    assert board.situations[KARANGANOM].level is SituationLevel.MERAH
    assert board.situations[KARANGANOM].control is CommandLevel.KAPOLRES
    lines = {line.village_code: line for line in board.tps}
    assert len(board.tps) == 67
    assert lines[KARANGANOM].status is TpsStatus.OPENED  # closing came after noon
    assert lines[KUJON].status is TpsStatus.PERSONNEL_PRESENT
    assert sum(1 for line in board.tps if line.status) == 3
    states = {line.incident.id: (line.state, line.peak_level) for line in board.incidents}
    assert states == {
        "inc-karanganom": (IncidentState.CONTAINED, SituationLevel.MERAH),
        "inc-brajan": (IncidentState.REJECTED, SituationLevel.HIJAU),
    }
    assert OpsLog.model_validate_json(log.model_dump_json()) == log
    later = board_at(klaten, log, at("16:00"))
    closed = {line.village_code: line for line in later.tps}
    assert closed[BRAJAN].status is TpsStatus.CLOSED and closed[BRAJAN].conflict
    assert closed[BRAJAN].at == at("13:02") and closed[BRAJAN].confidence == 0.5
    assert later.situations[KARANGANOM].level is SituationLevel.HIJAU


def test_sitrep_counts_and_who_decided(klaten, log) -> None:
    doc = sitrep_document(klaten, log, board_at(klaten, log, at("12:00")))
    tables = {tb.id: tb for tb in doc.tables()}
    tps = tables["sitrep_tps"]
    total = tps.totals()
    assert total is not None and total[1].value == 67 and total[2].value == 64
    levels = tables["sitrep_levels"]
    merah = next(r for r in levels.rows if r[0].value == "merah")
    assert merah[levels.column("contained")].value == 1
    decisions = tables["sitrep_decisions"]
    assert [r[3].value for r in decisions.rows] == [
        "AKP Budi (Kapolsek Klaten Utara)",
        "AKP Budi (Kapolsek Klaten Utara)",
        "AKBP Warsono (Kapolres Klaten)",
    ]
    units = tables["sitrep_units"]
    assert [r[0].value for r in units.rows] == ["Dalmas Lanjut Pleton 1"]
    assert {r[2].value for r in tables["sitrep_partners"].rows} >= {
        "perbantuan TNI disetujui",
        "mediasi Pemkab",
    }
    assert merah_incidents(board_at(klaten, log, at("16:00")))[0].id == "inc-karanganom"
    assert merah_incidents(board_at(klaten, log, at("10:20"))) == ()


def test_documents_are_the_same_bytes_for_the_same_record(klaten, log) -> None:
    a = sitrep_files(klaten, log, at("12:00"))
    b = sitrep_files(klaten, log, at("12:00"))
    assert a == b
    assert sorted(a) == [
        "laporan-khusus-inc-karanganom-0705-1200.pdf",
        "laporan-situasi-0705-1200.pdf",
        "laporan-situasi-0705-1200.xlsx",
    ]
    assert a["laporan-situasi-0705-1200.pdf"].startswith(b"%PDF")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_sitrep_golden(klaten, log, lang) -> None:
    files = render_files(
        sitrep_document(
            klaten,
            log,
            board_at(klaten, log, at("12:00")),
            schedule=OpsSettings().cutoffs(at("12:00").date()),
            lang=lang,
            number="S/1",
        ),
        klaten,
        lang=lang,
        generated=at("12:00").date(),
    )
    check_golden(f"sitrep-1200.pdf.{lang}.txt", pdf_text(files["laporan-situasi.pdf"]))
    check_golden(f"sitrep-1200.xlsx.{lang}.txt", xlsx_text(files["laporan-situasi.xlsx"]))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_special_report_golden(klaten, log, lang) -> None:
    board = board_at(klaten, log, at("16:00"))
    doc = special_report(klaten, log, board, "inc-karanganom", lang=lang, exercise=True)
    files = render_files(doc, klaten, lang=lang, generated=at("16:00").date())
    text = pdf_text(files["laporan-khusus.pdf"])
    for event in ("BLOKIR", "09.58", "UU 2/2002", "AKBP Warsono"):
        assert event in text
    check_golden(f"khusus.pdf.{lang}.txt", text)


def test_activity_record_golden(klaten, log) -> None:
    doc = activity_record(klaten, log, at("16:00"))
    files = render_files(doc, klaten, generated=at("16:00").date())
    text = pdf_text(files["catatan-kegiatan.pdf"])
    both = activity_files(klaten, log, at("16:00"))
    assert sorted(both) == ["catatan-kegiatan-0705-1600.pdf", "catatan-kegiatan-0705-1600.xlsx"]
    assert pdf_text(both["catatan-kegiatan-0705-1600.pdf"]) == text
    assert "Letkol Inf Joko (Dandim 0723/Klaten)" in text
    check_golden("activity.pdf.id.txt", text)
