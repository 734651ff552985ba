"""Constants and the Posko every test starts from: the Klaten operation, its exercise twin, one
account per role."""

from __future__ import annotations

KLATEN = "pilkades-klaten-2023"
OP = KLATEN
PASSWORD = "rahasia-posko-123"
# A scoped account per role: the Kapolsek and a reporter of Karanganom (Klaten Utara, 33.10.24).
ROLE_AREAS = {"kapolsek": "33.10.24", "reporter": "33.10.24.2003"}


def make_posko(url: str, inputs: dict, exercise_too: bool = False, listen: bool = False):
    from sispam.domain import PoskoRole
    from sispam.posko import accounts
    from sispam.posko.operation import create_operation
    from sispam.posko.service import Posko

    posko = Posko(url, listen=listen)
    create_operation(posko, inputs, OP)
    if exercise_too:
        create_operation(posko, inputs, OP + "-latihan", exercise=True)
    for role in PoskoRole:
        accounts.create_account(
            posko,
            role.value,
            role.value,
            area=ROLE_AREAS.get(role.value),
            password=PASSWORD,
            must_change=False,
        )
    return posko
