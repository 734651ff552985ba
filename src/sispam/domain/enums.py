"""The shared vocabulary: agencies, forces, kinds of unit, elections and their phases."""

from __future__ import annotations

from enum import StrEnum


class Agency(StrEnum):
    """Instansi: the three partners of a joint security operation."""

    POLRI = "polri"  # Kepolisian: leads (Polres, Polsek, Brimob)
    TNI = "tni"  # Tentara: supports on request (perbantuan, UU 2/2002 art. 41)
    PEMKAB = "pemkab"  # Pemerintah kabupaten: Satpol PP, Dishub, Linmas


class Force(StrEnum):
    """Kekuatan: the categories a staffing pattern counts (pola pengamanan TPS)."""

    POLRI = "polri"
    TNI = "tni"
    LINMAS = "linmas"  # Perlindungan masyarakat: village civil-defence volunteers
    SATPOL_PP = "satpol_pp"  # Satuan Polisi Pamong Praja: regency public-order unit
    DISHUB = "dishub"  # Dinas Perhubungan: traffic


class UnitKind(StrEnum):
    """Jenis satuan: what a unit is, which decides its agency, force and role."""

    POLSEK = "polsek"  # Kepolisian sektor: one police post per kecamatan
    POLRES_SAMAPTA = "polres_samapta"  # Polres HQ, Sat Samapta/Sabhara
    DALMAS = "dalmas"  # Pengendalian massa (crowd-control) platoon/company of the Polres
    BRIMOB_BKO = (
        "brimob_bko"  # Brimob reinforcement under operational control (BKO), from the Polda
    )
    KORAMIL = "koramil"  # Komando rayon militer: one per kecamatan (Babinsa)
    KODIM_RESERVE = "kodim_reserve"  # Kodim HQ reserve, incl. its riot-control (PHH) company
    SATPOL_PP = "satpol_pp"
    DISHUB = "dishub"
    LINMAS = "linmas"
    POLRES_LANTAS = "polres_lantas"  # Sat Lantas of the Polres: traffic (with Dishub)
    # BKO personnel from the Polda or a neighbouring Polres (not Brimob): what fills a Pam TPS or
    # Dalmas shortfall after the Polres' own reserve, under the Kapolres' operational control.
    POLDA_BKO = "polda_bko"


KIND_AGENCY: dict[UnitKind, Agency] = {
    UnitKind.POLSEK: Agency.POLRI,
    UnitKind.POLRES_SAMAPTA: Agency.POLRI,
    UnitKind.DALMAS: Agency.POLRI,
    UnitKind.BRIMOB_BKO: Agency.POLRI,
    UnitKind.KORAMIL: Agency.TNI,
    UnitKind.KODIM_RESERVE: Agency.TNI,
    UnitKind.SATPOL_PP: Agency.PEMKAB,
    UnitKind.DISHUB: Agency.PEMKAB,
    UnitKind.LINMAS: Agency.PEMKAB,
    UnitKind.POLRES_LANTAS: Agency.POLRI,
    UnitKind.POLDA_BKO: Agency.POLRI,
}

KIND_FORCE: dict[UnitKind, Force] = {
    UnitKind.POLSEK: Force.POLRI,
    UnitKind.POLRES_SAMAPTA: Force.POLRI,
    UnitKind.DALMAS: Force.POLRI,
    UnitKind.BRIMOB_BKO: Force.POLRI,
    UnitKind.KORAMIL: Force.TNI,
    UnitKind.KODIM_RESERVE: Force.TNI,
    UnitKind.SATPOL_PP: Force.SATPOL_PP,
    UnitKind.DISHUB: Force.DISHUB,
    UnitKind.LINMAS: Force.LINMAS,
    UnitKind.POLRES_LANTAS: Force.POLRI,
    UnitKind.POLDA_BKO: Force.POLRI,
}

FORCE_AGENCY: dict[Force, Agency] = {
    Force.POLRI: Agency.POLRI,
    Force.TNI: Agency.TNI,
    Force.LINMAS: Agency.PEMKAB,
    Force.SATPOL_PP: Agency.PEMKAB,
    Force.DISHUB: Agency.PEMKAB,
}
"""The agency a staffing category belongs to (Linmas, Satpol PP and Dishub are the Pemkab's)."""

AGENCY_COLOR: dict[Agency, str] = {
    Agency.POLRI: "#1f4e9c",
    Agency.TNI: "#4e7d2f",
    Agency.PEMKAB: "#8a5a00",
}
"""Colour of each agency on maps and charts (blue, green, brown), the same in every output."""


class ElectionType(StrEnum):
    """Jenis pemilihan."""

    PILKADES = "pilkades"  # village-head election (Permendagri 112/2014)
    PILKADA = "pilkada"  # regional head (bupati/wali kota/gubernur)
    PEMILU = "pemilu"  # general election


class PhaseKind(StrEnum):
    """Tahapan: the phases of an election that a plan staffs separately."""

    PENDAFTARAN = "pendaftaran"  # registration and candidate selection
    KAMPANYE = "kampanye"  # campaign
    MASA_TENANG = "masa_tenang"  # quiet period
    PEMUNGUTAN = "pemungutan"  # voting
    PENGHITUNGAN = "penghitungan"  # counting
    PENETAPAN = "penetapan"  # result, determination and dispute period
    PASCA = "pasca"  # aftermath

    @classmethod
    def ordered(cls) -> list[PhaseKind]:
        return list(cls)


class SituationLevel(StrEnum):
    """Situasi massa (Perkap 16/2006): the state of a crowd at a place, in time order of escalation.

    Not the vulnerability zone of a village (``Zone``), although both use the words hijau/kuning/
    merah: a zone is a planning forecast, a situation is what is happening now. Label them apart
    ("zona kuning" vs "situasi kuning") wherever both can appear.
    """

    HIJAU = "hijau"  # tertib: orderly, follows appeals
    KUNING = "kuning"  # tidak tertib: ignores appeals, blocks roads, burns things
    MERAH = "merah"  # melanggar hukum: violence, vandalism, arson, assault, hostage-taking

    @property
    def rank(self) -> int:
        """0 for hijau, rising with escalation."""
        return list(SituationLevel).index(self)


class ReserveRole(StrEnum):
    """Unsur cadangan: the doctrinal reserve elements that answer a crowd (Perkap 16/2006)."""

    DALMAS_AWAL = "dalmas_awal"  # first crowd-control line: no riot gear, rope line, negotiator
    DALMAS_LANJUT = "dalmas_lanjut"  # shields, batons, tear gas; takes over by lapis ganti
    PHH = "phh"  # Brimob Pasukan Huru-Hara (or a Samapta strike platoon); lintas ganti
    TNI_SUPPORT = "tni_support"  # TNI perbantuan: only on request, in merah (MoU TNI–Polri)


class CommandLevel(StrEnum):
    """Pengendali: who holds control of a situation; handed up by a named decision, never a timer."""

    KAPOLSEK = "kapolsek"  # Kepala Kepolisian Sektor: his kecamatan
    KAPOLRES = "kapolres"  # Kepala Kepolisian Resor: the operation commander (Kaops)
    KAPOLDA = "kapolda"  # Kepala Kepolisian Daerah: informed; takes control above the Polres

    @property
    def rank(self) -> int:
        return list(CommandLevel).index(self)


class PoskoRole(StrEnum):
    """Peran di Posko: what an account of the shared command post may see and do.

    The permissions of each role live in one table in ``sispam.posko``; the authority over
    situation levels (who may raise or lower) in :mod:`sispam.domain.doctrine`.
    """

    ADMIN = "admin"  # accounts and operations; no operational decisions
    KAPOLRES = "kapolres"  # operation commander (Kaops): raises merah, requests TNI perbantuan
    OPERATOR = "operator"  # Posko Polres staff: verifies, dispatches, keeps the log
    KAPOLSEK = "kapolsek"  # own kecamatan only: raises kuning there
    TNI = "tni"  # Kodim/Koramil: decides perbantuan, reports its units
    PEMKAB = "pemkab"  # Kesbangpol, Satpol PP, Linmas, Dishub: notified of merah, records mediation
    REPORTER = "reporter"  # field (Bhabinkamtibmas, Babinsa, TPS team): own TPS/village only
    OBSERVER = "observer"  # read-only
    CONTROLLER = "controller"  # drill (latihan): runs the exercise and its injects
    EVALUATOR = "evaluator"  # drill (latihan): observes and rates against the EEGs
