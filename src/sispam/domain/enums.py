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
}


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
