"""Format pesan singkat (the short text-message format): its words, and how to write a message.

Two message types, one per message (see ``docs/ops.md`` for the full description)::

    TPS <desa>[-<no>] <STATUS> [<jam>] [# catatan]
    INSIDEN <desa>[-<no>] <KEJADIAN…> [MASSA <n>] [HIJAU|KUNING|MERAH] [ISU] [<jam>] [# catatan]

``<desa>`` is the village code (``33.10.24.2003``, dots optional) or its name when the name is
unique in the operation; ``<jam>`` is ``14.05``, ``14:05``, ``1405`` or ``jam 14``. Words are read
in any case and with small typos. The tables below are the vocabulary; each word maps to one
meaning.
"""

from __future__ import annotations

from datetime import datetime

from sispam.domain.enums import SituationLevel
from sispam.domain.incident import IncidentCategory, TpsStatus

COMMAND_TPS = "tps"
COMMAND_INCIDENT = "insiden"
COMMAND_HELP = "bantuan"

COMMANDS: dict[str, str] = {
    "tps": COMMAND_TPS,
    "tsp": COMMAND_TPS,
    "insiden": COMMAND_INCIDENT,
    "insident": COMMAND_INCIDENT,
    "incident": COMMAND_INCIDENT,
    "kejadian": COMMAND_INCIDENT,
    "kasus": COMMAND_INCIDENT,
    "bantuan": COMMAND_HELP,
    "help": COMMAND_HELP,
    "format": COMMAND_HELP,
    "info": COMMAND_HELP,
    "?": COMMAND_HELP,
}
"""The first word of a message."""

SKIP_FIRST = frozenset({"lapor", "laporan", "lap", "report", "info:"})
"""Words a sender may put before the command ("LAPOR TPS …"); they are passed over."""

TPS_WORDS: dict[str, TpsStatus] = {
    "hadir": TpsStatus.PERSONNEL_PRESENT,
    "siap": TpsStatus.PERSONNEL_PRESENT,
    "apel": TpsStatus.PERSONNEL_PRESENT,
    "present": TpsStatus.PERSONNEL_PRESENT,
    "buka": TpsStatus.OPENED,
    "dibuka": TpsStatus.OPENED,
    "open": TpsStatus.OPENED,
    "opened": TpsStatus.OPENED,
    "berjalan": TpsStatus.VOTING,
    "lancar": TpsStatus.VOTING,
    "lanjut": TpsStatus.VOTING,
    "dilanjutkan": TpsStatus.VOTING,
    "voting": TpsStatus.VOTING,
    "tunda": TpsStatus.PAUSED,
    "ditunda": TpsStatus.PAUSED,
    "henti": TpsStatus.PAUSED,
    "berhenti": TpsStatus.PAUSED,
    "terhenti": TpsStatus.PAUSED,
    "paused": TpsStatus.PAUSED,
    "tutup": TpsStatus.CLOSED,
    "ditutup": TpsStatus.CLOSED,
    "closed": TpsStatus.CLOSED,
    "hitung": TpsStatus.COUNTING,
    "penghitungan": TpsStatus.COUNTING,
    "perhitungan": TpsStatus.COUNTING,
    "dihitung": TpsStatus.COUNTING,
    "counting": TpsStatus.COUNTING,
    "selesai": TpsStatus.COUNTED,
    "rampung": TpsStatus.COUNTED,
    "counted": TpsStatus.COUNTED,
    "kawal": TpsStatus.BOX_ESCORTED,
    "dikawal": TpsStatus.BOX_ESCORTED,
    "pengawalan": TpsStatus.BOX_ESCORTED,
    "escorted": TpsStatus.BOX_ESCORTED,
    "tiba": TpsStatus.BOX_ARRIVED,
    "sampai": TpsStatus.BOX_ARRIVED,
    "arrived": TpsStatus.BOX_ARRIVED,
}
"""Status words of a TPS report. ``HITUNG SELESAI`` (counting + done) reads as counted."""

DONE_WORDS = frozenset({"selesai", "rampung", "done", "counted"})
START_WORDS = frozenset({"mulai", "start", "dimulai"})

INCIDENT_WORDS: dict[str, IncidentCategory] = {
    "protes": IncidentCategory.RESULT_DISPUTE,
    "keberatan": IncidentCategory.RESULT_DISPUTE,
    "ketidakpuasan": IncidentCategory.RESULT_DISPUTE,
    "menolak": IncidentCategory.RESULT_DISPUTE,
    "tolak": IncidentCategory.RESULT_DISPUTE,
    "sengketa": IncidentCategory.RESULT_DISPUTE,
    "dispute": IncidentCategory.RESULT_DISPUTE,
    "blokir": IncidentCategory.BLOCKADE,
    "blokade": IncidentCategory.BLOCKADE,
    "memblokir": IncidentCategory.BLOCKADE,
    "hadang": IncidentCategory.BLOCKADE,
    "menghadang": IncidentCategory.BLOCKADE,
    "segel": IncidentCategory.BLOCKADE,
    "blockade": IncidentCategory.BLOCKADE,
    "kerumunan": IncidentCategory.CROWD,
    "berkumpul": IncidentCategory.CROWD,
    "kumpul": IncidentCategory.CROWD,
    "konvoi": IncidentCategory.CROWD,
    "demo": IncidentCategory.CROWD,
    "unras": IncidentCategory.CROWD,
    "crowd": IncidentCategory.CROWD,
    "bentrok": IncidentCategory.CLASH,
    "bentrokan": IncidentCategory.CLASH,
    "ricuh": IncidentCategory.CLASH,
    "kericuhan": IncidentCategory.CLASH,
    "tawuran": IncidentCategory.CLASH,
    "keroyok": IncidentCategory.CLASH,
    "pengeroyokan": IncidentCategory.CLASH,
    "perkelahian": IncidentCategory.CLASH,
    "clash": IncidentCategory.CLASH,
    "rusak": IncidentCategory.DAMAGE,
    "perusakan": IncidentCategory.DAMAGE,
    "merusak": IncidentCategory.DAMAGE,
    "bakar": IncidentCategory.DAMAGE,
    "dibakar": IncidentCategory.DAMAGE,
    "pembakaran": IncidentCategory.DAMAGE,
    "lempar": IncidentCategory.DAMAGE,
    "pelemparan": IncidentCategory.DAMAGE,
    "anarkis": IncidentCategory.DAMAGE,
    "damage": IncidentCategory.DAMAGE,
    "intimidasi": IncidentCategory.INTIMIDATION,
    "ancam": IncidentCategory.INTIMIDATION,
    "ancaman": IncidentCategory.INTIMIDATION,
    "mengancam": IncidentCategory.INTIMIDATION,
    "teror": IncidentCategory.INTIMIDATION,
    "intimidation": IncidentCategory.INTIMIDATION,
    "amplop": IncidentCategory.MONEY_POLITICS,
    "suap": IncidentCategory.MONEY_POLITICS,
    "bencana": IncidentCategory.DISASTER,
    "banjir": IncidentCategory.DISASTER,
    "longsor": IncidentCategory.DISASTER,
    "gempa": IncidentCategory.DISASTER,
    "kebakaran": IncidentCategory.DISASTER,
    "disaster": IncidentCategory.DISASTER,
    "lainnya": IncidentCategory.OTHER,
    "lain": IncidentCategory.OTHER,
}
"""Words of an incident report, each naming a category."""

INCIDENT_PHRASES: dict[tuple[str, ...], IncidentCategory] = {
    ("tidak", "puas"): IncidentCategory.RESULT_DISPUTE,
    ("protes", "hasil"): IncidentCategory.RESULT_DISPUTE,
    ("tolak", "hasil"): IncidentCategory.RESULT_DISPUTE,
    ("menolak", "hasil"): IncidentCategory.RESULT_DISPUTE,
    ("tdk", "puas"): IncidentCategory.RESULT_DISPUTE,
    ("tutup", "jalan"): IncidentCategory.BLOCKADE,
    ("blokir", "jalan"): IncidentCategory.BLOCKADE,
    ("blokade", "jalan"): IncidentCategory.BLOCKADE,
    ("unjuk", "rasa"): IncidentCategory.CROWD,
    ("baku", "hantam"): IncidentCategory.CLASH,
    ("politik", "uang"): IncidentCategory.MONEY_POLITICS,
    ("money", "politik"): IncidentCategory.MONEY_POLITICS,
    ("money", "politic"): IncidentCategory.MONEY_POLITICS,
    ("money", "politics"): IncidentCategory.MONEY_POLITICS,
    ("serangan", "fajar"): IncidentCategory.MONEY_POLITICS,
    ("bagi", "uang"): IncidentCategory.MONEY_POLITICS,
    ("angin", "kencang"): IncidentCategory.DISASTER,
    ("puting", "beliung"): IncidentCategory.DISASTER,
    ("pohon", "tumbang"): IncidentCategory.DISASTER,
}
"""Two-word phrases, read before single words (``TUTUP JALAN`` is a blockade, not a closing)."""

CATEGORY_PRIORITY: tuple[IncidentCategory, ...] = (
    IncidentCategory.CLASH,
    IncidentCategory.DAMAGE,
    IncidentCategory.BLOCKADE,
    IncidentCategory.INTIMIDATION,
    IncidentCategory.MONEY_POLITICS,
    IncidentCategory.RESULT_DISPUTE,
    IncidentCategory.DISASTER,
    IncidentCategory.CROWD,
    IncidentCategory.OTHER,
)
"""When a message names several, the incident takes the gravest (a crowd that blocks a road is a
blockade; a blockade that turns into a clash is a clash); the others stay in the note."""

CROWD_WORDS = frozenset({"massa", "orang", "org", "warga", "pendukung", "people"})
"""``MASSA 50`` / ``50 ORANG``: the number next to one of these is the crowd size."""

LEVEL_WORDS: dict[str, SituationLevel] = {
    "hijau": SituationLevel.HIJAU,
    "green": SituationLevel.HIJAU,
    "kuning": SituationLevel.KUNING,
    "yellow": SituationLevel.KUNING,
    "merah": SituationLevel.MERAH,
    "red": SituationLevel.MERAH,
}
"""A colour in an incident report is the reporter's *suggestion*; a person with authority decides."""

RUMOUR_WORDS = frozenset({"isu", "isyu", "hoaks", "hoax", "kabarnya", "katanya", "rumour", "rumor"})

TIME_WORDS = frozenset({"jam", "jm", "pukul", "pkl", "at"})
ZONE_SUFFIXES = ("wib", "wita", "wit")
FILLER = frozenset(
    {"situasi", "status", "level", "desa", "ds", "kel", "kelurahan", "di", "pada", "sudah", "sdh"}
)
"""Words passed over without meaning (they help the sender, not the reading)."""

NOTE_MARK = "#"
"""Everything after ``#`` is a free note, kept but not read."""


def clock(when: datetime, lang: str = "id") -> str:
    """``14.05`` (id) / ``14:05`` (en)."""
    sep = "." if lang == "id" else ":"
    return f"{when.hour:02d}{sep}{when.minute:02d}"


_STATUS_WORD: dict[TpsStatus, str] = {
    TpsStatus.PERSONNEL_PRESENT: "HADIR",
    TpsStatus.OPENED: "BUKA",
    TpsStatus.VOTING: "BERJALAN",
    TpsStatus.PAUSED: "TUNDA",
    TpsStatus.CLOSED: "TUTUP",
    TpsStatus.COUNTING: "HITUNG",
    TpsStatus.COUNTED: "HITUNG SELESAI",
    TpsStatus.BOX_ESCORTED: "KAWAL",
    TpsStatus.BOX_ARRIVED: "TIBA",
}

_CATEGORY_WORD: dict[IncidentCategory, str] = {
    IncidentCategory.RESULT_DISPUTE: "PROTES HASIL",
    IncidentCategory.BLOCKADE: "BLOKIR JALAN",
    IncidentCategory.CROWD: "KERUMUNAN",
    IncidentCategory.CLASH: "BENTROK",
    IncidentCategory.DAMAGE: "PERUSAKAN",
    IncidentCategory.INTIMIDATION: "INTIMIDASI",
    IncidentCategory.MONEY_POLITICS: "POLITIK UANG",
    IncidentCategory.DISASTER: "BENCANA",
    IncidentCategory.OTHER: "LAINNYA",
}


def tps_message(
    village_code: str, tps: int, status: TpsStatus, at: datetime, personnel: int | None = None
) -> str:
    """A TPS report as a Bhabinkamtibmas would type it, e.g. ``TPS 33.10.24.2003-1 TUTUP 14.05``."""
    count = (
        f" {personnel}" if personnel is not None and status is TpsStatus.PERSONNEL_PRESENT else ""
    )
    return f"TPS {village_code}-{tps} {_STATUS_WORD[status]}{count} {clock(at)}"


def incident_message(
    village_code: str,
    category: IncidentCategory,
    at: datetime,
    crowd: int | None = None,
    level: SituationLevel | None = None,
    tps: int | None = None,
    note: str = "",
) -> str:
    """An incident report in the short format, e.g. ``INSIDEN 33.10.24.2003 MASSA 50 BLOKIR
    JALAN 10.30``."""
    parts = ["INSIDEN", village_code + (f"-{tps}" if tps else "")]
    if crowd is not None:
        parts += ["MASSA", str(crowd)]
    parts.append(_CATEGORY_WORD[category])
    if level is not None:
        parts.append(level.value.upper())
    parts.append(clock(at))
    if note:
        parts += [NOTE_MARK, note]
    return " ".join(parts)
