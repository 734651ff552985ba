"""Tabel simulasi: the domain's enums and doctrine as the engine's tables — derived, never copied.

The contingency engine works on integer indices (a phase kind, a reserve role, a force, a
situation level). Every such index and every rule tied to one (which phases run on the minute
clock, which role answers which level, who may stand in for whom, which role is reinforced while
merah, which response step a role is) is derived here from :mod:`sispam.domain.enums` and
:mod:`sispam.domain.doctrine`. The compiled kernel receives them as data (``pack.pack``), so a
change of an enum reaches it without a stale compiled copy. ``tests/sim/test_contingency_tables``
checks that every member of every enum is handled, so a new phase, role or level cannot be added
halfway.
"""

from __future__ import annotations

from typing import Literal

from sispam.domain.doctrine import LEVEL_RESPONDER, TNI_SUPPORT_FROM
from sispam.domain.enums import Force, PhaseKind, ReserveRole, SituationLevel
from sispam.domain.simulation import RESPONSE_STEPS

MINUTES_PER_DAY = 24 * 60
"""The simulation clock counts minutes since midnight before the first phase."""

PHASES: tuple[str, ...] = tuple(p.value for p in PhaseKind)
ROLES: tuple[str, ...] = tuple(r.value for r in ReserveRole)
FORCES: tuple[str, ...] = tuple(f.value for f in Force)
LEVELS: tuple[str, ...] = tuple(s.value for s in SituationLevel)

Clock = Literal["day", "minute"]
CLOCK: dict[PhaseKind, Clock] = {
    PhaseKind.PENDAFTARAN: "day",
    PhaseKind.KAMPANYE: "day",
    PhaseKind.MASA_TENANG: "day",
    PhaseKind.PEMUNGUTAN: "minute",  # the TPS is open: staff posted, reserves on standby
    PhaseKind.PENGHITUNGAN: "minute",
    PhaseKind.PENETAPAN: "day",
    PhaseKind.PASCA: "day",
}
"""How each phase advances (docs §1): a day at a time, or a minute at a time while the TPS is
open. Listed member by member on purpose: a new phase must be given a clock here."""

TPS_PHASES: tuple[PhaseKind, ...] = tuple(k for k in PhaseKind if CLOCK[k] == "minute")
ANNOUNCEMENT_PHASE = PhaseKind.PENETAPAN
"""The phase whose first day carries ``announcement_share`` of its hazard (the result is announced)."""
PEAKED_PHASE = PhaseKind.PENGHITUNGAN
"""The phase whose triggers cluster at its end (``counting_peak_power``: disputes as the tally ends)."""

POLRI_LADDER: tuple[ReserveRole, ...] = tuple(LEVEL_RESPONDER[s] for s in SituationLevel)
"""The Polri crowd-control elements in the order the crowd's level calls them (Perkap 16/2006)."""

ROLE_LEVEL: dict[ReserveRole, SituationLevel] = {
    role: level for level, role in LEVEL_RESPONDER.items()
} | {ReserveRole.TNI_SUPPORT: TNI_SUPPORT_FROM}
"""The situation at which each element is asked for: its level in the doctrine; TNI perbantuan
only from ``TNI_SUPPORT_FROM`` (merah), on the Kapolres' request and the Dandim's decision."""

REINFORCED_ROLE: ReserveRole = LEVEL_RESPONDER[SituationLevel.MERAH]
"""Asked for again every ``reinforce_after_min`` while the crowd stays merah (up to
``max_phh_per_incident``)."""
NEGOTIATOR_ROLE: ReserveRole = LEVEL_RESPONDER[SituationLevel.HIJAU]
"""Carries the negotiator who talks with the crowd's coordinator (Dalmas awal)."""


def substitutes(role: ReserveRole) -> tuple[ReserveRole, ...]:
    """Who the operations room sends when no element of ``role`` is free, in order: the role
    itself, then the Polri elements of higher levels (the Kapolres sends what he has); the
    highest one (PHH) is replaced by the one below it (a Dalmas lanjut line). TNI perbantuan is
    its own whole units only: it never stands in for Polri, and Polri never for it."""
    if role not in POLRI_LADDER:
        return (role,)
    i = POLRI_LADDER.index(role)
    higher = POLRI_LADDER[i + 1 :]
    lower = POLRI_LADDER[i - 1 : i] if i == len(POLRI_LADDER) - 1 else ()
    return (role, *higher, *lower)


SUBSTITUTES: dict[ReserveRole, tuple[ReserveRole, ...]] = {r: substitutes(r) for r in ReserveRole}

DISPATCH_ORDER: tuple[ReserveRole, ...] = tuple(
    sorted(ReserveRole, key=lambda r: (-ROLE_LEVEL[r].rank, ROLES.index(r.value)))
)
"""Within one incident, requests falling due together are served from the most serious level
down (PHH and TNI before Dalmas lanjut before Dalmas awal)."""


def response_step(role: ReserveRole) -> int:
    """Index in :data:`RESPONSE_STEPS` of the step an element's arrival stands for; −1 for TNI
    perbantuan, which is not a rung of Polri's use-of-force ladder."""
    return RESPONSE_STEPS.index(role.value) if role in POLRI_LADDER else -1


TRIGGERS: tuple[str, ...] = (
    "close_contest",  # selisih suara tipis: a close contest between camps
    "disputed_count",  # hasil penghitungan disengketakan
    "rejected_candidate",  # bakal calon tidak lolos seleksi
    "rumour",  # isu/hoaks (e.g. money politics), incl. spill-over from a nearby village
    "partiality",  # panitia/perangkat desa dianggap tidak netral
)
"""Trigger types (pemicu); the model's own vocabulary (docs §3)."""

TENSION_LEVELS = LEVELS
"""``tension_gain`` has one value per situation level (the worst an incident reached)."""

# Every table above must cover its enum: fail at import rather than simulate half a rule.
assert set(CLOCK) == set(PhaseKind), "every phase needs a clock"
assert set(ROLE_LEVEL) == set(ReserveRole), "every reserve role needs a level"
assert len(POLRI_LADDER) == len(set(POLRI_LADDER)) == len(SituationLevel)
