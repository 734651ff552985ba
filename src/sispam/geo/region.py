"""Wilayah (administrative region): one row of the Kemendagri code list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["province", "regency", "district", "village"]
LEVELS: tuple[Level, ...] = ("province", "regency", "district", "village")
VillageKind = Literal["kelurahan", "desa", "desa_adat"]

# Kemendagri village numbers: 1xxx kelurahan (urban ward, head appointed), 2xxx desa (elects a
# kepala desa), 3xxx desa adat (customary village; 14 in Papua).
_VILLAGE_KIND: dict[str, VillageKind] = {"1": "kelurahan", "2": "desa", "3": "desa_adat"}


def level_of(code: str) -> Level:
    """Level from the shape of a code: ``PP`` province … ``PP.RR.DD.VVVV`` village."""
    return LEVELS[code.count(".")]


@dataclass(frozen=True, slots=True)
class Region:
    """Wilayah administratif (administrative region) at any level.

    ``lat``/``lng`` (WGS84 degrees) is the region's reference point: the polygon centroid from the
    source, except for the few Klaten villages/kecamatan whose centroid falls outside their own
    (concave) boundary, where it is an interior point. ``None`` where the source has no boundary
    (provinces; ~500 villages).
    """

    code: str
    name: str
    level: Level
    lat: float | None
    lng: float | None

    @property
    def parent_code(self) -> str | None:
        """Code of the enclosing region (``None`` for a province)."""
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def regency_code(self) -> str | None:
        return self.code[:5] if self.level != "province" else None

    @property
    def district_code(self) -> str | None:
        return self.code[:8] if self.level in ("district", "village") else None

    @property
    def village_kind(self) -> VillageKind | None:
        """``kelurahan``, ``desa`` or ``desa_adat`` for a village, else ``None``."""
        if self.level != "village":
            return None
        return _VILLAGE_KIND.get(self.code[9])

    @property
    def is_desa(self) -> bool:
        """A desa (village number 2xxx, or 3xxx desa adat) — the villages that hold Pilkades."""
        return self.village_kind in ("desa", "desa_adat")

    @property
    def is_kelurahan(self) -> bool:
        """A kelurahan (village number 1xxx): urban ward whose head (lurah) is appointed."""
        return self.village_kind == "kelurahan"

    @property
    def is_kota(self) -> bool:
        """A regency-level city (*kota*) rather than a *kabupaten*."""
        return self.level == "regency" and self.name.startswith("Kota ")

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lng is not None
