"""Text intake: a table of real-looking messages, each with what must be read and the reply."""

from __future__ import annotations

import functools
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sispam.domain.incident import Channel, IncidentCategory, Review, TpsStatus
from sispam.ops import Gazetteer, parse_message
from sispam.ops.textformat import incident_message, tps_message
from sispam.scenario import load_scenario

RECEIVED = datetime(2023, 7, 5, 14, 20)
KARANGANOM, BRAJAN, KUJON, GLAGAHWANGI = (
    "33.10.24.2003",
    "33.10.01.2014",
    "33.10.11.2004",
    "33.10.17.2001",
)
CHECK = " Bila salah, kirim ulang dengan benar."
HELP_TAIL = " Kirim BANTUAN untuk format lengkap."

# (message, what must be read — or the error key —, the reply in Indonesian)
TABLE: list[tuple[str, dict | str, str]] = [
    (
        "TPS 33.10.24.2003-1 TUTUP 14.05",
        {"village_code": KARANGANOM, "tps": 1, "status": TpsStatus.CLOSED, "at": "14:05"},
        "Diterima: TPS 33.10.24.2003-1 (Karanganom) ditutup pukul 14.05." + CHECK,
    ),
    (
        "tps 33.10.24.2003-1 tutup 14:05",
        {"village_code": KARANGANOM, "status": TpsStatus.CLOSED, "at": "14:05"},
        "Diterima: TPS 33.10.24.2003-1 (Karanganom) ditutup pukul 14.05." + CHECK,
    ),
    (
        "TPS  33.10.24.2003-1   TUTUP   1405",
        {"village_code": KARANGANOM, "status": TpsStatus.CLOSED, "at": "14:05"},
        "Diterima: TPS 33.10.24.2003-1 (Karanganom) ditutup pukul 14.05." + CHECK,
    ),
    (
        "TPS 3310242003-1 TUTUP 14.05",
        {"village_code": KARANGANOM, "status": TpsStatus.CLOSED},
        "Diterima: TPS 33.10.24.2003-1 (Karanganom) ditutup pukul 14.05." + CHECK,
    ),
    (
        "Tps Karanganom tutpu 14.05",
        {"village_code": KARANGANOM, "status": TpsStatus.CLOSED, "corrections": 1},
        "Diterima: TPS 33.10.24.2003-1 (Karanganom) ditutup pukul 14.05. "
        "Dibaca: tutpu → TUTUP." + CHECK,
    ),
    (
        "TPS brajan tutp 13.02",
        {"village_code": BRAJAN, "status": TpsStatus.CLOSED, "at": "13:02"},
        "Diterima: TPS 33.10.01.2014-1 (Brajan) ditutup pukul 13.02. Dibaca: tutp → TUTUP." + CHECK,
    ),
    (
        "TPS KARANGANOM HADIR 6 06.20",
        {"status": TpsStatus.PERSONNEL_PRESENT, "personnel": 6, "at": "06:20"},
        "Diterima: TPS 33.10.24.2003-1 (Karanganom) personel hadir (6 personel) pukul 06.20."
        + CHECK,
    ),
    (
        "TPS brajan buka jam 7",
        {"village_code": BRAJAN, "status": TpsStatus.OPENED, "at": "07:00"},
        "Diterima: TPS 33.10.01.2014-1 (Brajan) dibuka pukul 07.00." + CHECK,
    ),
    (
        "tps 33.10.01.2014 mulai hitung 13.20",
        {"village_code": BRAJAN, "tps": 1, "status": TpsStatus.COUNTING, "at": "13:20"},
        "Diterima: TPS 33.10.01.2014-1 (Brajan) penghitungan dimulai pukul 13.20." + CHECK,
    ),
    (
        "TPS 33.10.01.2014-1 HITUNG SELESAI 14.15",
        {"status": TpsStatus.COUNTED, "at": "14:15"},
        "Diterima: TPS 33.10.01.2014-1 (Brajan) penghitungan selesai pukul 14.15." + CHECK,
    ),
    (
        "TPS BRAJAN SELESAI 14.00",
        {"status": TpsStatus.COUNTED, "at": "14:00"},
        "Diterima: TPS 33.10.01.2014-1 (Brajan) penghitungan selesai pukul 14.00." + CHECK,
    ),
    (
        "TPS 33.10.17.2001-1 KAWAL 14.10",
        {"village_code": GLAGAHWANGI, "status": TpsStatus.BOX_ESCORTED},
        "Diterima: TPS 33.10.17.2001-1 (Glagahwangi) kotak suara dikawal pukul 14.10." + CHECK,
    ),
    (
        "TPS Kujon TIBA 14.18 wib",
        {"village_code": KUJON, "status": TpsStatus.BOX_ARRIVED, "at": "14:18"},
        "Diterima: TPS 33.10.11.2004-1 (Kujon) kotak suara tiba di tempat rekapitulasi pukul "
        "14.18." + CHECK,
    ),
    (
        "TPS 33.10.24.2003-1 TUNDA 10.15 # hujan deras",
        {"status": TpsStatus.PAUSED, "at": "10:15", "note": "hujan deras"},
        "Diterima: TPS 33.10.24.2003-1 (Karanganom) pemungutan ditunda pukul 10.15." + CHECK,
    ),
    (
        "TPS 1 BRAJAN TUTUP 13.05",
        {"village_code": BRAJAN, "tps": 1, "status": TpsStatus.CLOSED},
        "Diterima: TPS 33.10.01.2014-1 (Brajan) ditutup pukul 13.05." + CHECK,
    ),
    (
        "TPS Glagah wangi tutup 13.10",
        {"village_code": GLAGAHWANGI, "status": TpsStatus.CLOSED},
        "Diterima: TPS 33.10.17.2001-1 (Glagahwangi) ditutup pukul 13.10." + CHECK,
    ),
    (
        "TPS JETIS JUWIRING TUTUP 1405",
        {"village_code": "33.10.14.2004", "status": TpsStatus.CLOSED},
        "Diterima: TPS 33.10.14.2004-1 (Jetis) ditutup pukul 14.05." + CHECK,
    ),
    (
        "33.10.24.2003-1 TUTUP 14.05",
        {"village_code": KARANGANOM, "status": TpsStatus.CLOSED},
        "Diterima: TPS 33.10.24.2003-1 (Karanganom) ditutup pukul 14.05." + CHECK,
    ),
    (
        "INSIDEN 33.10.24.2003 MASSA 50 BLOKIR JALAN",
        {"category": IncidentCategory.BLOCKADE, "crowd": 50, "at": "14:20", "time_given": False},
        "Diterima: kejadian di Karanganom: blokade, massa ±50 orang, pukul 14.20 (jam terima; "
        "tulis jam kejadian bila berbeda). Posko akan memverifikasi." + CHECK,
    ),
    (
        "insiden glagahwangi massa 200 ricuh merah 14.10",
        {"category": IncidentCategory.CLASH, "crowd": 200, "suggested_level": "merah"},
        "Diterima: kejadian di Glagahwangi: bentrokan, massa ±200 orang, pukul 14.10. Posko akan "
        "memverifikasi. Usulan situasi merah dicatat; status situasi ditetapkan oleh pejabat yang "
        "berwenang." + CHECK,
    ),
    (
        "INSIDEN KARANGNOM ISU POLITIK UANG # amplop dibagi di RT 3",
        {
            "village_code": KARANGANOM,
            "category": IncidentCategory.MONEY_POLITICS,
            "rumour": True,
            "note": "amplop dibagi di RT 3",
        },
        "Diterima: kejadian di Karanganom: politik uang, pukul 14.20 (jam terima; tulis jam "
        "kejadian bila berbeda). Posko akan memverifikasi. Ditandai sebagai isu (belum pasti). "
        "Dibaca: KARANGNOM → Karanganom." + CHECK,
    ),
    (
        "Lapor, INSIDEN Brajan 30 orang protes hasil 13.50",
        {"category": IncidentCategory.RESULT_DISPUTE, "crowd": 30, "note": ""},
        "Diterima: kejadian di Brajan: ketidakpuasan atas hasil, massa ±30 orang, pukul 13.50. "
        "Posko akan memverifikasi." + CHECK,
    ),
    (
        "KEJADIAN 33.10.11.2004 pohon tumbang di depan TPS 12.30",
        {"category": IncidentCategory.DISASTER, "at": "12:30"},
        "Diterima: kejadian di Kujon: bencana, pukul 12.30. Posko akan memverifikasi." + CHECK,
    ),
    (
        "INSIDEN Glagah MASSA 40 BLOKADE KUNING 11.00",
        {"village_code": "33.10.20.2013", "category": IncidentCategory.BLOCKADE, "crowd": 40},
        "Diterima: kejadian di Glagah: blokade, massa ±40 orang, pukul 11.00. Posko akan "
        "memverifikasi. Usulan situasi kuning dicatat; status situasi ditetapkan oleh pejabat "
        "yang berwenang." + CHECK,
    ),
    (
        "insiden 33.10.01.2014-1 bentrk 13:45",
        {"tps": 1, "category": IncidentCategory.CLASH, "at": "13:45"},
        "Diterima: kejadian di Brajan TPS 1: bentrokan, pukul 13.45. Posko akan memverifikasi. "
        "Dibaca: bentrk → BENTROK." + CHECK,
    ),
    # --- what cannot be read, and the reply that says why ---------------------------------------
    (
        "TPS 33.10.24.9999-1 TUTUP",
        "unknown_code",
        "Laporan tidak terbaca: kode desa 33.10.24.9999 tidak ikut dalam operasi ini. Contoh: "
        "TPS 33.10.01.2008-1 TUTUP 14.05." + HELP_TAIL,
    ),
    (
        "TPS jetis tutup 1405",
        "ambiguous_place",
        "Laporan tidak terbaca: ada beberapa desa bernama 'jetis': Jetis (Karangnongko) "
        "33.10.10.2005; Jetis (Juwiring) 33.10.14.2004; tulis kodenya atau tambahkan nama "
        "kecamatan. Contoh: TPS 33.10.01.2008-1 TUTUP 14.05." + HELP_TAIL,
    ),
    (
        "TPS Kebonarum tutup",
        "no_place",
        "Laporan tidak terbaca: desa/TPS 'Kebonarum' tidak dikenali dalam operasi ini; tulis kode "
        "desa (mis. 33.10.24.2003) atau nama desa. Contoh: TPS 33.10.01.2008-1 TUTUP 14.05."
        + HELP_TAIL,
    ),
    (
        "TPS Kujon",
        "no_status",
        "Laporan tidak terbaca: status TPS tidak ada; tulis salah satu: HADIR, BUKA, BERJALAN, "
        "TUNDA, TUTUP, HITUNG, HITUNG SELESAI, KAWAL, TIBA. Contoh: TPS 33.10.11.2004-1 TUTUP "
        "14.05." + HELP_TAIL,
    ),
    (
        "TPS Kujon buka tutup 08.00",
        "two_statuses",
        "Laporan tidak terbaca: dua status dalam satu pesan (dibuka dan ditutup); kirim satu "
        "status per pesan. Contoh: TPS 33.10.11.2004-1 TUTUP 14.05." + HELP_TAIL,
    ),
    (
        "TPS Kujon tutup 15.30",
        "future_time",
        "Laporan tidak terbaca: jam 15.30 belum terjadi; tulis jam kejadian. Contoh: TPS "
        "33.10.11.2004-1 TUTUP 14.05." + HELP_TAIL,
    ),
    (
        "TPS 33.10.24.2003-1 TUTUP 14.05 14.10",
        "two_times",
        "Laporan tidak terbaca: ada dua jam dalam pesan; tulis satu jam kejadian. Contoh: TPS "
        "33.10.24.2003-1 TUTUP 14.05." + HELP_TAIL,
    ),
    (
        "TPS 33.10.24.2003-2 TUTUP 14.05",
        "bad_tps",
        "Laporan tidak terbaca: desa Karanganom hanya punya 1 TPS, tidak ada TPS 2. Contoh: TPS "
        "33.10.24.2003-1 TUTUP 14.05." + HELP_TAIL,
    ),
    (
        "insiden kujon",
        "no_category",
        "Laporan tidak terbaca: jenis kejadian tidak ada; tulis mis. BLOKIR, BENTROK, RUSAK, "
        "PROTES, INTIMIDASI, POLITIK UANG, BENCANA atau MASSA <jumlah>. Contoh: INSIDEN "
        "33.10.11.2004 MASSA 50 BLOKIR JALAN 10.30." + HELP_TAIL,
    ),
    (
        "halo pak",
        "unknown_command",
        "Laporan tidak terbaca: kata pertama 'halo' bukan TPS atau INSIDEN. Contoh: TPS "
        "33.10.01.2008-1 TUTUP 14.05." + HELP_TAIL,
    ),
    (
        "",
        "empty",
        "Laporan tidak terbaca: pesan kosong. Contoh: TPS 33.10.01.2008-1 TUTUP 14.05." + HELP_TAIL,
    ),
]


@functools.cache
def _klaten() -> Gazetteer:
    # not a fixture: hypothesis would print the whole scenario with every failing example
    return Gazetteer.of(load_scenario("pilkades-klaten-2023"))


@pytest.fixture(scope="module")
def places() -> Gazetteer:
    return _klaten()


@pytest.mark.parametrize(("message", "expected", "reply"), TABLE, ids=[m for m, _, _ in TABLE])
def test_message_table(places, message: str, expected: dict | str, reply: str) -> None:
    res = parse_message(message, places, received_at=RECEIVED, sender="+6281200000001")
    assert res.reply == reply
    assert res.raw == message
    if isinstance(expected, str):
        assert not res.ok and res.report is None
        assert res.error is not None and res.error.key == f"ops.intake.error.{expected}"
        return
    assert res.ok and res.reading is not None
    got = res.reading
    for key, value in expected.items():
        if key == "at":
            assert got.at is not None and got.at.strftime("%H:%M") == value, message
        elif key == "corrections":
            assert len(got.corrections) == value
        else:
            assert getattr(got, key) == value, (message, key)
    # the raw message is kept beside the reading, and nothing read by the machine is final
    report = res.report
    assert report is not None
    assert report.raw_text == message and report.review is Review.MACHINE_READ
    assert not report.review.usable
    assert report.village_code == got.village_code and report.at == got.at


def test_help_reply(places) -> None:
    res = parse_message("bantuan", places, received_at=RECEIVED, sender="x")
    assert res.ok and res.reading and res.reading.kind == "help" and res.report is None
    assert "TPS 33.10.01.2008-1 TUTUP 14.05" in res.reply and "INSIDEN" in res.reply


def test_english_replies(places) -> None:
    ok = parse_message(
        "TPS 33.10.24.2003-1 TUTUP 14.05", places, received_at=RECEIVED, sender="x", lang="en"
    )
    assert ok.reply == (
        "Received: TPS 33.10.24.2003-1 (Karanganom) closed at 14:05. "
        "If this is wrong, send the report again correctly."
    )
    bad = parse_message("TPS Kujon", places, received_at=RECEIVED, sender="x", lang="en")
    assert bad.reply.startswith("Report not read: no TPS status; write one of: HADIR")
    assert bad.reply.endswith(
        "Example: TPS 33.10.11.2004-1 TUTUP 14.05. Send HELP for the full format."
    )


def test_late_evening_time_just_after_midnight_is_the_day_before(places) -> None:
    res = parse_message(
        "TPS Kujon TIBA 23.50", places, received_at=datetime(2023, 7, 6, 0, 10), sender="x"
    )
    assert res.reading is not None and res.reading.at == datetime(2023, 7, 5, 23, 50)


def test_resend_gets_the_same_id_and_gateway_ids_are_used(places) -> None:
    kw = {"received_at": RECEIVED, "sender": "+62812", "channel": Channel.WHATSAPP}
    a = parse_message("TPS Kujon tutup 13.05", places, **kw)
    b = parse_message("TPS Kujon tutup 13.05", places, **kw)
    c = parse_message("TPS Kujon tutup 13.06", places, **kw)
    assert a.report and b.report and c.report
    assert a.report.id == b.report.id != c.report.id
    g = parse_message("TPS Kujon tutup 13.05", places, message_id="wamid.42", **kw)
    assert g.report and g.report.id == "whatsapp:wamid.42"
    assert g.report.channel is Channel.WHATSAPP


def test_scenario_or_gazetteer_give_the_same_reading(klaten, places) -> None:
    a = parse_message("TPS Kujon tutup 13.05", klaten, received_at=RECEIVED, sender="x")
    b = parse_message("TPS Kujon tutup 13.05", places, received_at=RECEIVED, sender="x")
    assert a == b


@settings(max_examples=60, deadline=None)
@given(
    village=st.integers(0, 66),
    status=st.sampled_from(list(TpsStatus)),
    minute=st.integers(6 * 60, 14 * 60 + 20),
)
def test_every_written_tps_message_reads_back(village, status, minute) -> None:
    """The writer of the format (used by the replay) and the reader agree on every message."""
    klaten = _klaten()
    v = klaten.villages[village]
    at = RECEIVED.replace(hour=minute // 60, minute=minute % 60)
    res = parse_message(
        tps_message(v.code, 1, status, at, 6), klaten, received_at=RECEIVED, sender="x"
    )
    assert res.ok and res.reading is not None
    assert (res.reading.village_code, res.reading.status, res.reading.at) == (v.code, status, at)
    if status is TpsStatus.PERSONNEL_PRESENT:
        assert res.reading.personnel == 6


@settings(max_examples=60, deadline=None)
@given(
    village=st.integers(0, 66),
    category=st.sampled_from(list(IncidentCategory)),
    crowd=st.none() | st.integers(1, 5000),
)
def test_every_written_incident_message_reads_back(village, category, crowd) -> None:
    klaten = _klaten()
    v = klaten.villages[village]
    at = RECEIVED.replace(hour=11, minute=7)
    res = parse_message(
        incident_message(v.code, category, at, crowd=crowd),
        klaten,
        received_at=RECEIVED,
        sender="x",
    )
    assert res.ok and res.reading is not None
    assert (res.reading.category, res.reading.crowd, res.reading.at) == (category, crowd, at)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=80))
def test_any_text_gets_a_reply_and_never_an_exception(text) -> None:
    res = parse_message(text, _klaten(), received_at=RECEIVED, sender="x")
    assert res.reply
    assert res.ok == (res.error is None)
