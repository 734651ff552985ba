"""One source of truth: every member of the domain's enums is handled by the simulation's tables,
and the tables say what the doctrine says — so a new phase, role, force or level cannot be added
halfway (it fails here, naming what is missing)."""

from __future__ import annotations

import pytest

from sispam.domain import Force, PhaseKind, ReserveRole, SituationLevel
from sispam.domain.doctrine import LEVEL_RESPONDER, TNI_SUPPORT_FROM
from sispam.domain.simulation import LEVELS as RESULT_LEVELS
from sispam.domain.simulation import RESPONSE_STEPS
from sispam.sim.contingency import kernel as K
from sispam.sim.contingency import params as P
from sispam.sim.contingency import tables as T
from sispam.sim.contingency.pack import pack

R = ReserveRole


def test_every_phase_has_a_clock_rate_and_mix() -> None:
    assert set(T.CLOCK) == set(PhaseKind)
    assert tuple(p.value for p in PhaseKind) == T.PHASES
    assert set(P.DEFAULT_TRIGGER_RATE) == set(T.PHASES)
    assert set(P.DEFAULT_TRIGGER_MIX) == set(T.PHASES)
    assert set(T.TPS_PHASES) == {PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN}
    assert T.CLOCK[T.ANNOUNCEMENT_PHASE] == "day" and T.CLOCK[T.PEAKED_PHASE] == "minute"
    m = pack(P.ContingencyParams())
    assert m.rate.shape == (len(PhaseKind),) and m.mix.shape[0] == len(PhaseKind)


@pytest.mark.parametrize("role", list(ReserveRole))
def test_every_reserve_role_has_a_level_substitutes_a_place_in_line_and_parameters(role) -> None:
    assert role in T.ROLE_LEVEL and role in T.SUBSTITUTES and role in T.DISPATCH_ORDER
    assert T.SUBSTITUTES[role][0] == role
    for table in (
        P.DEFAULT_ROLE_WEIGHT,
        P.DEFAULT_REQUEST_DELAY,
        P.DEFAULT_DISPERSAL,
        P.DEFAULT_ARRIVAL_DELAY,
    ):
        assert role.value in table
    m = pack(P.ContingencyParams())
    i = T.ROLES.index(role.value)
    assert m.rolei[i, K.RL_LEVEL] == T.ROLE_LEVEL[role].rank
    assert m.subs[i, 0] == i and i in m.order


@pytest.mark.parametrize("force", list(Force))
def test_every_force_has_a_presence_weight(force) -> None:
    assert force.value in P.DEFAULT_PRESENCE and force.value in T.FORCES


def test_levels_are_the_domain_levels_in_rank_order() -> None:
    assert T.LEVELS == RESULT_LEVELS == tuple(s.value for s in SituationLevel)
    assert [s.rank for s in SituationLevel] == [K.L_HIJAU, K.L_KUNING, K.L_MERAH]
    assert len(SituationLevel) == K.N_LEVELS  # one escalation rule per level (kuning/merah_crowd)
    assert set(P.DEFAULT_TENSION_GAIN) == set(T.LEVELS)
    assert set(LEVEL_RESPONDER) == set(SituationLevel)


def test_the_ladder_and_its_substitutes_follow_the_doctrine() -> None:
    assert T.POLRI_LADDER == (R.DALMAS_AWAL, R.DALMAS_LANJUT, R.PHH)
    assert T.SUBSTITUTES == {
        R.DALMAS_AWAL: (R.DALMAS_AWAL, R.DALMAS_LANJUT, R.PHH),
        R.DALMAS_LANJUT: (R.DALMAS_LANJUT, R.PHH),
        R.PHH: (R.PHH, R.DALMAS_LANJUT),
        R.TNI_SUPPORT: (R.TNI_SUPPORT,),
    }
    # TNI perbantuan: only from merah, never standing in for Polri nor replaced by it
    assert T.ROLE_LEVEL[R.TNI_SUPPORT] == TNI_SUPPORT_FROM == SituationLevel.MERAH
    assert all(R.TNI_SUPPORT not in T.SUBSTITUTES[r] for r in T.POLRI_LADDER)
    assert T.DISPATCH_ORDER == (R.PHH, R.TNI_SUPPORT, R.DALMAS_LANJUT, R.DALMAS_AWAL)
    assert T.REINFORCED_ROLE == R.PHH and T.NEGOTIATOR_ROLE == R.DALMAS_AWAL


def test_response_steps_match_the_kernel_and_the_result() -> None:
    assert RESPONSE_STEPS[K.S_PRESENCE] == "kehadiran" and RESPONSE_STEPS[K.S_APPEALS] == "himbauan"
    assert [T.response_step(r) for r in T.POLRI_LADDER] == [K.S_RESERVE, 3, 4]
    assert [RESPONSE_STEPS[T.response_step(r)] for r in T.POLRI_LADDER] == list(T.ROLES[:3])
    assert T.response_step(R.TNI_SUPPORT) == -1 and len(RESPONSE_STEPS) == K.N_STEPS


def test_no_bare_minutes_per_day_in_the_engine() -> None:
    """The day length is one named constant (the issue found 1440 written out 13 times)."""
    import inspect

    from sispam.sim.contingency import inputs, job, timeline

    for module in (K, P, T, inputs, job, timeline):
        src = inspect.getsource(module)
        assert "1440" not in src and "1439" not in src, module.__name__
    assert T.MINUTES_PER_DAY == 24 * 60
