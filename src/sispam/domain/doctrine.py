"""Doktrin: the crowd-control and command rules every stage shares, in one place.

Sources (``../shared/domain.md`` §5 and §8): Perkap 16/2006 (Pengendalian Massa), Perkap 2/2019
(Penindakan Huru-Hara), Perkap 1/2009 (use of force), the TNI–Polri MoU on *perbantuan*.
The plan and the contingency simulation (who answers which level), the Renkon (Cara Bertindak per
colour), the Posko (who may raise or lower a level) and the drill (critical tasks of the evaluation
guides) all read these tables; none keeps a copy. Texts are i18n keys under ``doctrine.``.

A scenario may override the authority defaults (``[posko.authority]``); the doctrine here is the
default a Kabag Ops would write, not a fact of every operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sispam.domain.enums import (
    Agency,
    CommandLevel,
    PoskoRole,
    ReserveRole,
    SituationLevel,
    UnitKind,
)

# --- situation levels ------------------------------------------------------------------------

SITUATION_COLOR: dict[SituationLevel, str] = {
    SituationLevel.HIJAU: "#2e7d32",
    SituationLevel.KUNING: "#f9a825",
    SituationLevel.MERAH: "#c62828",
}
"""Colour of each crowd situation. The hues match the usual zone colours on purpose (the field
knows them), so every label says which is meant: ``doctrine.level.*`` ("Situasi kuning") for a
situation, the scenario's zone names ("Zona kuning") for vulnerability."""

LEVEL_RESPONDER: dict[SituationLevel, ReserveRole] = {
    SituationLevel.HIJAU: ReserveRole.DALMAS_AWAL,
    SituationLevel.KUNING: ReserveRole.DALMAS_LANJUT,
    SituationLevel.MERAH: ReserveRole.PHH,
}
"""The reserve element that answers each level (Perkap 16/2006): Dalmas awal at hijau, Dalmas
lanjut at kuning (lapis ganti), Brimob PHH at merah (lintas ganti)."""

HANDOVER: dict[SituationLevel, str] = {
    SituationLevel.KUNING: "lapis_ganti",
    SituationLevel.MERAH: "lintas_ganti",
}
"""How the line changes when a level is reached: lapis ganti (Dalmas awal → lanjut), lintas
ganti (Dalmas → Brimob PHH)."""

TNI_SUPPORT_FROM: SituationLevel = SituationLevel.MERAH
"""TNI supports Polri only on request when a situation is beyond Polri (merah): requested by the
Kapolres, decided by the Dandim within the MoU, as whole units under their own commander. TNI is
never a kuning responder; before merah it guards vital objects."""

UNARMED_ROLES: frozenset[ReserveRole] = frozenset(
    {ReserveRole.DALMAS_AWAL, ReserveRole.DALMAS_LANJUT, ReserveRole.PHH}
)
"""Dalmas and Brimob PHH carry no firearms in crowd control (Perkap 16/2006, Perkap 2/2019)."""

WHOLE_UNIT_ROLES: frozenset[ReserveRole] = frozenset(ReserveRole)
"""Reserve elements are committed as whole platoons (or sections where doctrine allows), never
split into detachments of a few people; the Kodim riot-control company stays one unit."""

ROLE_KINDS: dict[ReserveRole, tuple[UnitKind, ...]] = {
    ReserveRole.DALMAS_AWAL: (UnitKind.DALMAS, UnitKind.POLRES_SAMAPTA, UnitKind.POLDA_BKO),
    ReserveRole.DALMAS_LANJUT: (UnitKind.DALMAS, UnitKind.POLRES_SAMAPTA, UnitKind.POLDA_BKO),
    ReserveRole.PHH: (UnitKind.BRIMOB_BKO, UnitKind.POLRES_SAMAPTA),
    ReserveRole.TNI_SUPPORT: (UnitKind.KODIM_RESERVE,),
}
"""Who fills each reserve element: Dalmas comes from Sat Samapta (Dalmas platoons; BKO Dalmas of a
neighbouring Polres when the Polres' own fall short); PHH is Brimob, or a Samapta strike
platoon; TNI support is the Kodim's riot-control unit, as one unit under its commander."""

TERRITORIAL_KINDS: frozenset[UnitKind] = frozenset({UnitKind.POLSEK, UnitKind.KORAMIL})
"""Wilayah: each Kapolsek answers for his kecamatan's TPS, each Danramil for his Babinsa, so a
Polsek or Koramil serves the villages of its own kecamatan; help across the border is an
exception with a reason."""

NEVER_AT_TPS: frozenset[UnitKind] = frozenset(
    {UnitKind.BRIMOB_BKO, UnitKind.DALMAS, UnitKind.KODIM_RESERVE}
)
"""Units held whole for crowd control are not put on Pam TPS duty: a TPS shortfall is filled from
the reserve of Samapta, then by BKO personnel of the Polda or a neighbouring Polres — never by
Brimob — and the Kodim's riot-control unit is not split over polling stations."""

# --- command and authority -------------------------------------------------------------------

DEFAULT_CONTROL: dict[SituationLevel, CommandLevel] = {
    SituationLevel.HIJAU: CommandLevel.KAPOLSEK,
    SituationLevel.KUNING: CommandLevel.KAPOLRES,
    SituationLevel.MERAH: CommandLevel.KAPOLRES,
}
"""Who normally holds control at each level; at merah the Kapolres commands with the Kapolda
informed (the Kapolda takes control only by his own decision)."""

RAISE_AUTHORITY: dict[SituationLevel, frozenset[CommandLevel]] = {
    SituationLevel.KUNING: frozenset({CommandLevel.KAPOLSEK, CommandLevel.KAPOLRES}),
    SituationLevel.MERAH: frozenset({CommandLevel.KAPOLRES}),
}
"""Who may declare a level (raise to it): a Kapolsek to kuning in his own kecamatan, the Kapolres
to kuning or merah anywhere. Lowering is for whoever holds control of the situation."""

INFORMED_AT: dict[SituationLevel, tuple[CommandLevel, ...]] = {
    SituationLevel.KUNING: (CommandLevel.KAPOLRES,),
    SituationLevel.MERAH: (CommandLevel.KAPOLDA,),
}
"""Who must be informed when a level is reached (the next level up)."""

ROLE_COMMAND: dict[PoskoRole, CommandLevel] = {
    PoskoRole.KAPOLSEK: CommandLevel.KAPOLSEK,
    PoskoRole.KAPOLRES: CommandLevel.KAPOLRES,
}
"""The command level a Posko role holds; roles not listed hold none (they propose, not decide)."""


def may_raise(command: CommandLevel | None, to: SituationLevel) -> bool:
    """Whether ``command`` may declare level ``to`` by default (hijau needs no declaration)."""
    if to is SituationLevel.HIJAU:
        return command is not None
    return command is not None and command in RAISE_AUTHORITY[to]


# --- use of force (Perkap 1/2009) ------------------------------------------------------------

FORCE_STEPS: tuple[str, ...] = (
    "kehadiran",  # presence
    "perintah_lisan",  # verbal command
    "tangan_kosong_lunak",  # soft empty-hand control
    "tangan_kosong_keras",  # hard empty-hand control
    "senjata_tumpul_kimia",  # baton, tear gas, water cannon
    "senjata_api",  # firearms (never by Dalmas/PHH in crowd control)
)
"""The six steps of force, lowest first (Perkap 1/2009 art. 5)."""

PRINCIPLES: tuple[str, ...] = (
    "legalitas",
    "nesesitas",
    "proporsionalitas",
    "kewajiban_umum",
    "preventif",
    "masuk_akal",
)
"""Perkap 1/2009 art. 3: legality, necessity, proportionality, general obligation, preventive,
reasonableness."""

# --- Cara Bertindak (course of action per colour) --------------------------------------------


class Actor(StrEnum):
    """Pelaku: who carries out a task of the Cara Bertindak."""

    TPS_TEAM = "tps_team"  # Pam TPS: the Polri/TNI/Linmas team at the TPS
    BHABINKAMTIBMAS = "bhabinkamtibmas"  # village police officer (with the Babinsa)
    INTELKAM = "intelkam"  # Sat Intelkam: early warning
    NEGOSIATOR = "negosiator"  # Polwan negotiators
    KAPOLSEK = "kapolsek"
    KAPOLRES = "kapolres"
    DALMAS_AWAL = "dalmas_awal"
    DALMAS_LANJUT = "dalmas_lanjut"
    BRIMOB_PHH = "brimob_phh"
    RESKRIM = "reskrim"  # Sat Reskrim: evidence, arrests (Satgas Penindakan)
    LANTAS = "lantas"  # Sat Lantas with Dishub: traffic
    HUMAS = "humas"  # public information, counter-hoax
    DOKKES = "dokkes"  # medical (with the Pemkab's ambulances and fire brigade)
    TNI = "tni"  # Kodim/Koramil
    BUPATI = "bupati"  # Bupati and Pemkab (Kesbangpol): mediation; settles Pilkades disputes
    SATPOL_PP = "satpol_pp"  # Satpol PP and Linmas: order at public buildings


ACTOR_AGENCY: dict[Actor, Agency] = {
    Actor.TPS_TEAM: Agency.POLRI,  # the Pam TPS team is led by Polri (with TNI and Linmas)
    Actor.BHABINKAMTIBMAS: Agency.POLRI,
    Actor.INTELKAM: Agency.POLRI,
    Actor.NEGOSIATOR: Agency.POLRI,
    Actor.KAPOLSEK: Agency.POLRI,
    Actor.KAPOLRES: Agency.POLRI,
    Actor.DALMAS_AWAL: Agency.POLRI,
    Actor.DALMAS_LANJUT: Agency.POLRI,
    Actor.BRIMOB_PHH: Agency.POLRI,
    Actor.RESKRIM: Agency.POLRI,
    Actor.LANTAS: Agency.POLRI,  # Sat Lantas leads; Dishub (Pemkab) assists
    Actor.HUMAS: Agency.POLRI,
    Actor.DOKKES: Agency.POLRI,  # Dokkes Polres leads; the Pemkab's ambulances assist
    Actor.TNI: Agency.TNI,
    Actor.BUPATI: Agency.PEMKAB,
    Actor.SATPOL_PP: Agency.PEMKAB,
}
"""The agency that answers for an actor's tasks (the owner of an improvement item after a drill)."""


class Capability(StrEnum):
    """Kemampuan yang diuji: a capability that the drill evaluates (HSEEP capability)."""

    EARLY_WARNING = "early_warning"
    TPS_SECURITY = "tps_security"
    CROWD_HIJAU = "crowd_hijau"
    CROWD_KUNING = "crowd_kuning"
    CROWD_MERAH = "crowd_merah"
    HANDOVER = "handover"  # hand-over of control by decision
    TNI_PERBANTUAN = "tni_perbantuan"
    MEDIATION = "mediation"  # Pemkab mediation
    TRAFFIC = "traffic"
    MEDICAL = "medical"
    PUBLIC_INFORMATION = "public_information"


@dataclass(frozen=True)
class Task:
    """Tugas: one line of the Cara Bertindak; ``level`` None = recovery (pemulihan) after the
    situation is contained. The text is ``doctrine.cb.<key>``."""

    level: SituationLevel | None
    actor: Actor
    key: str
    capability: Capability


def _tasks(level: SituationLevel | None, *rows: tuple[Actor, str, Capability]) -> tuple[Task, ...]:
    return tuple(Task(level, actor, key, cap) for actor, key, cap in rows)


_H, _K, _M = SituationLevel.HIJAU, SituationLevel.KUNING, SituationLevel.MERAH
A, C = Actor, Capability

CARA_BERTINDAK: tuple[Task, ...] = (
    *_tasks(
        _H,
        (A.INTELKAM, "hijau_detect", C.EARLY_WARNING),
        (A.TPS_TEAM, "hijau_tps", C.TPS_SECURITY),
        (A.NEGOSIATOR, "hijau_negotiate", C.CROWD_HIJAU),
        (A.DALMAS_AWAL, "hijau_dalmas_awal", C.CROWD_HIJAU),
        (A.KAPOLSEK, "hijau_control", C.HANDOVER),
        (A.SATPOL_PP, "hijau_order", C.TPS_SECURITY),
        (A.LANTAS, "hijau_traffic", C.TRAFFIC),
        (A.HUMAS, "hijau_inform", C.PUBLIC_INFORMATION),
    ),
    *_tasks(
        _K,
        (A.KAPOLRES, "kuning_control", C.HANDOVER),
        (A.DALMAS_LANJUT, "kuning_lapis_ganti", C.CROWD_KUNING),
        (A.TPS_TEAM, "kuning_tps", C.TPS_SECURITY),
        (A.RESKRIM, "kuning_evidence", C.CROWD_KUNING),
        (A.BUPATI, "kuning_mediate", C.MEDIATION),
        (A.DOKKES, "kuning_medical", C.MEDICAL),
        (A.LANTAS, "kuning_traffic", C.TRAFFIC),
        (A.TNI, "kuning_vital_objects", C.TNI_PERBANTUAN),
        (A.HUMAS, "kuning_inform", C.PUBLIC_INFORMATION),
    ),
    *_tasks(
        _M,
        (A.KAPOLRES, "merah_control", C.HANDOVER),
        (A.BRIMOB_PHH, "merah_lintas_ganti", C.CROWD_MERAH),
        (A.RESKRIM, "merah_arrest", C.CROWD_MERAH),
        (A.KAPOLRES, "merah_request_tni", C.TNI_PERBANTUAN),
        (A.TNI, "merah_tni_support", C.TNI_PERBANTUAN),
        (A.BUPATI, "merah_mediate", C.MEDIATION),
        (A.DOKKES, "merah_medical", C.MEDICAL),
        (A.HUMAS, "merah_inform", C.PUBLIC_INFORMATION),
    ),
    *_tasks(
        None,
        (A.KAPOLRES, "recovery_lower", C.HANDOVER),
        (A.RESKRIM, "recovery_process", C.CROWD_MERAH),
        (A.BUPATI, "recovery_settle", C.MEDIATION),
        (A.BHABINKAMTIBMAS, "recovery_outreach", C.EARLY_WARNING),
    ),
)
"""Cara Bertindak per colour: who does what at hijau, kuning and merah, and in recovery."""

del A, C


def cara_bertindak(level: SituationLevel | None) -> tuple[Task, ...]:
    """The tasks at ``level`` (None: recovery), in the order they are written in the Renkon."""
    return tuple(task for task in CARA_BERTINDAK if task.level == level)


__all__ = [
    "ACTOR_AGENCY",
    "CARA_BERTINDAK",
    "DEFAULT_CONTROL",
    "FORCE_STEPS",
    "HANDOVER",
    "INFORMED_AT",
    "LEVEL_RESPONDER",
    "NEVER_AT_TPS",
    "PRINCIPLES",
    "RAISE_AUTHORITY",
    "ROLE_COMMAND",
    "ROLE_KINDS",
    "SITUATION_COLOR",
    "TERRITORIAL_KINDS",
    "TNI_SUPPORT_FROM",
    "UNARMED_ROLES",
    "WHOLE_UNIT_ROLES",
    "Actor",
    "Capability",
    "Task",
    "cara_bertindak",
    "may_raise",
]
