"""Parameters packed for the kernel: one float vector (``kernel.F_*``) and the role, trigger and
level tables, all in one :class:`~sispam.sim.contingency.groups.Model`.

The per-role semantics (the level at which each element is asked for, its response step, who
substitutes for whom, which one is reinforced while merah) come from
:mod:`sispam.sim.contingency.tables`, i.e. from the domain's doctrine.
"""

from __future__ import annotations

import numpy as np

from sispam.domain.enums import Force, ReserveRole
from sispam.sim.contingency import kernel as K
from sispam.sim.contingency.groups import Model
from sispam.sim.contingency.params import ContingencyParams
from sispam.sim.contingency.tables import (
    DISPATCH_ORDER,
    FORCES,
    LEVELS,
    NEGOTIATOR_ROLE,
    PHASES,
    REINFORCED_ROLE,
    ROLE_LEVEL,
    ROLES,
    SUBSTITUTES,
    TRIGGERS,
    response_step,
)
from sispam.sim.epstein.rules import ROUNDING_CODE

_SCALARS: dict[int, str] = {
    K.F_SCALE: "trigger_scale",
    K.F_SLOPE: "vulnerability_slope",
    K.F_VREF: "vulnerability_ref",
    K.F_ANNOUNCE: "announcement_share",
    K.F_COUNT_POW: "counting_peak_power",
    K.F_DAY_WINDOW: "day_window_min",
    K.F_SEV_SPREAD: "severity_spread",
    K.F_INC_MULT: "incumbent_partiality_mult",
    K.F_H2H_MULT: "head_to_head_close_mult",
    K.F_POOL_FRAC: "pool_fraction",
    K.F_POOL_SPREAD: "pool_spread",
    K.F_GATHER: "gather_min",
    K.F_INERTIA: "inertia",
    K.F_L0: "legitimacy_base",
    K.F_LV: "legitimacy_vulnerability",
    K.F_T: "threshold",
    K.F_K: "arrest_k",
    K.F_GAMMA: "contagion",
    K.F_FATIGUE: "fatigue_per_min",
    K.F_KUNING: "kuning_crowd",
    K.F_MERAH: "merah_crowd",
    K.F_MERAH_RATIO: "merah_force_ratio",
    K.F_CONTAIN: "contain_crowd",
    K.F_HOLD: "contain_hold_min",
    K.F_HORIZON: "horizon_min",
    K.F_TARGET: "containment_target_min",
    K.F_CALL: "call_crowd",
    K.F_REINFORCE: "reinforce_after_min",
    K.F_MAX_PHH: "max_phh_per_incident",
    K.F_APPEAL: "appeal_rate",
    K.F_NEGOTIATE: "negotiation_rate",
    K.F_EXCESS_P: "excess_force_prob",
    K.F_EXCESS_L: "excess_force_legitimacy",
    K.F_OFFPHASE: "offphase_mobilise_min",
    K.F_PATROL_N: "patrol_personnel",
    K.F_STAND_DOWN: "stand_down_min",
    K.F_SPILL_SCALE: "spill_scale_km",
    K.F_SPILL_RATE: "spill_rate",
    K.F_SPILL_MERAH: "spill_merah_weight",
    K.F_TENSION_HALF: "tension_halflife_days",
    K.F_TENSION_L: "tension_legitimacy",
}
assert set(_SCALARS) | {K.F_ROUND, K.F_PATROL_DELAY, K.F_PATROL_W} == set(range(K.N_F))


def role_tables(p: ContingencyParams) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(rolet, rolei, subs, order)``: per role its float parameters and its doctrine."""
    roles = [ReserveRole(r) for r in ROLES]
    rolet = np.array(
        [
            [
                p.role_weight[r],
                p.report_delay_min + p.request_delay_min[r],  # known, then decided
                p.dispersal_rate[r],
                p.request_delay_min[r],  # a reinforcement: the commander already knows
                p.arrival_delay_min[r],
            ]
            for r in ROLES
        ]
    )
    rolei = np.array(
        [
            [
                ROLE_LEVEL[r].rank,
                response_step(r),
                int(r == NEGOTIATOR_ROLE),
                int(response_step(r) < 0),  # perbantuan: not a rung of Polri's ladder
                int(r == REINFORCED_ROLE),
            ]
            for r in roles
        ],
        dtype=np.int64,
    )
    subs = np.full((len(roles), len(roles)), -1, dtype=np.int64)
    for i, r in enumerate(roles):
        for j, s in enumerate(SUBSTITUTES[r]):
            subs[i, j] = ROLES.index(s.value)
    order = np.array([ROLES.index(r.value) for r in DISPATCH_ORDER], dtype=np.int64)
    return rolet, rolei, subs, order


def pack(p: ContingencyParams) -> Model:
    """The parameters and doctrine tables as the kernel reads them."""
    fp = np.zeros(K.N_F)
    for i, name in _SCALARS.items():
        fp[i] = getattr(p, name)
    fp[K.F_ROUND] = ROUNDING_CODE[p.rounding]
    # the patrol leaves once the Polsek knows and has decided (report, then its own delay)
    fp[K.F_PATROL_DELAY] = p.patrol_delay_min + p.report_delay_min
    fp[K.F_PATROL_W] = p.presence_weight[Force.POLRI.value]  # a Polsek patrol is Polri
    rolet, rolei, subs, order = role_tables(p)
    trig = np.zeros(K.N_TG, dtype=np.int64)
    for col, name in (
        (K.TG_CLOSE, "close_contest"),
        (K.TG_REJECTED, "rejected_candidate"),
        (K.TG_RUMOUR, "rumour"),
        (K.TG_PARTIAL, "partiality"),
    ):
        trig[col] = TRIGGERS.index(name)
    return Model(
        fp=fp,
        rate=np.array([p.trigger_rate[k] for k in PHASES]),
        mix=np.array([[p.trigger_mix[ph].get(tr, 0.0) for tr in TRIGGERS] for ph in PHASES]),
        sev=np.array([p.severity[k] for k in TRIGGERS]),
        presence=np.array([p.presence_weight[k] for k in FORCES]),
        rolet=rolet,
        rolei=rolei,
        subs=subs,
        order=order,
        trig=trig,
        tgain=np.array([p.tension_gain[k] for k in LEVELS]),
    )
