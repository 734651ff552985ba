"""People of a Posko, places and times used across the election-day tests."""

from __future__ import annotations

from datetime import datetime

from sispam.domain import CommandLevel, PoskoRole
from sispam.domain.incident import Person

DAY = datetime(2023, 7, 5)
KARANGANOM = "33.10.24.2003"  # kec. Klaten Utara 33.10.24
BRAJAN = "33.10.01.2014"  # kec. Prambanan 33.10.01


def at(hhmm: str) -> datetime:
    h, m = hhmm.split(":")
    return DAY.replace(hour=int(h), minute=int(m))


KAPOLSEK_KLATEN_UTARA = Person(
    name="AKP Budi", role=PoskoRole.KAPOLSEK, title="Kapolsek Klaten Utara", area=("33.10.24",)
)
KAPOLSEK_PRAMBANAN = Person(
    name="AKP Sari", role=PoskoRole.KAPOLSEK, title="Kapolsek Prambanan", area=("33.10.01",)
)
KAPOLRES = Person(name="AKBP Warsono", role=PoskoRole.KAPOLRES, title="Kapolres Klaten")
KAPOLDA = Person(name="Irjen Ahmad", title="Kapolda Jateng", command=CommandLevel.KAPOLDA)
OPERATOR = Person(name="Bripka Dewi", role=PoskoRole.OPERATOR, title="Posko Polres")
DANDIM = Person(name="Letkol Inf Joko", role=PoskoRole.TNI, title="Dandim 0723/Klaten")
PEMKAB = Person(name="Drs. Hadi", role=PoskoRole.PEMKAB, title="Kepala Kesbangpol")
REPORTER = Person(name="Bripka Agus", role=PoskoRole.REPORTER, area=(KARANGANOM,))
OBSERVER = Person(name="Pengamat", role=PoskoRole.OBSERVER)
