"""Parameters packed for the kernel: one float vector (indices ``F_*``) and small tables."""

from __future__ import annotations

import numpy as np

from sispam.sim.contingency.params import (
    FORCES,
    PHASES,
    ROLES,
    TRIGGERS,
    ContingencyParams,
)
from sispam.sim.epstein.rules import ROUNDING_CODE

(
    F_SCALE,
    F_SLOPE,
    F_VREF,
    F_ANNOUNCE,
    F_COUNT_POW,
    F_DAY_WINDOW,
    F_SEV_SPREAD,
    F_INC_MULT,
    F_H2H_MULT,
    F_POOL_FRAC,
    F_POOL_SPREAD,
    F_GATHER,
    F_INERTIA,
    F_L0,
    F_LV,
    F_T,
    F_K,
    F_ROUND,
    F_GAMMA,
    F_FATIGUE,
    F_KUNING,
    F_MERAH,
    F_MERAH_RATIO,
    F_CONTAIN,
    F_HOLD,
    F_HORIZON,
    F_TARGET,
    F_CALL,
    F_REINFORCE,
    F_MAX_PHH,
    F_APPEAL,
    F_NEGOTIATE,
    F_EXCESS_P,
    F_EXCESS_L,
    F_OFFPHASE,
    F_PATROL_N,
    F_PATROL_DELAY,
    F_STAND_DOWN,
    F_SPILL_SCALE,
    F_SPILL_RATE,
    F_SPILL_MERAH,
    F_TENSION_HALF,
    F_TENSION_L,
) = range(43)
N_F = 43


def pack(p: ContingencyParams) -> tuple[np.ndarray, ...]:
    """``(fp, rate[phase], mix[phase, trigger], severity[trigger], presence[force],
    rolet[role, (weight, request delay, dispersal)], tension_gain[level])``."""
    fp = np.zeros(N_F)
    fp[F_SCALE] = p.trigger_scale
    fp[F_SLOPE] = p.vulnerability_slope
    fp[F_VREF] = p.vulnerability_ref
    fp[F_ANNOUNCE] = p.announcement_share
    fp[F_COUNT_POW] = p.counting_peak_power
    fp[F_DAY_WINDOW] = p.day_window_min
    fp[F_SEV_SPREAD] = p.severity_spread
    fp[F_INC_MULT] = p.incumbent_partiality_mult
    fp[F_H2H_MULT] = p.head_to_head_close_mult
    fp[F_POOL_FRAC] = p.pool_fraction
    fp[F_POOL_SPREAD] = p.pool_spread
    fp[F_GATHER] = p.gather_min
    fp[F_INERTIA] = p.inertia
    fp[F_L0] = p.legitimacy_base
    fp[F_LV] = p.legitimacy_vulnerability
    fp[F_T] = p.threshold
    fp[F_K] = p.arrest_k
    fp[F_ROUND] = ROUNDING_CODE[p.rounding]
    fp[F_GAMMA] = p.contagion
    fp[F_FATIGUE] = p.fatigue_per_min
    fp[F_KUNING] = p.kuning_crowd
    fp[F_MERAH] = p.merah_crowd
    fp[F_MERAH_RATIO] = p.merah_force_ratio
    fp[F_CONTAIN] = p.contain_crowd
    fp[F_HOLD] = p.contain_hold_min
    fp[F_HORIZON] = p.horizon_min
    fp[F_TARGET] = p.containment_target_min
    fp[F_CALL] = p.call_crowd
    fp[F_REINFORCE] = p.reinforce_after_min
    fp[F_MAX_PHH] = p.max_phh_per_incident
    fp[F_APPEAL] = p.appeal_rate
    fp[F_NEGOTIATE] = p.negotiation_rate
    fp[F_EXCESS_P] = p.excess_force_prob
    fp[F_EXCESS_L] = p.excess_force_legitimacy
    fp[F_OFFPHASE] = p.offphase_mobilise_min
    fp[F_PATROL_N] = p.patrol_personnel
    fp[F_PATROL_DELAY] = p.patrol_delay_min
    fp[F_STAND_DOWN] = p.stand_down_min
    fp[F_SPILL_SCALE] = p.spill_scale_km
    fp[F_SPILL_RATE] = p.spill_rate
    fp[F_SPILL_MERAH] = p.spill_merah_weight
    fp[F_TENSION_HALF] = p.tension_halflife_days
    fp[F_TENSION_L] = p.tension_legitimacy
    rate = np.array([p.trigger_rate[k] for k in PHASES])
    mix = np.array([[p.trigger_mix[ph].get(tr, 0.0) for tr in TRIGGERS] for ph in PHASES])
    sev = np.array([p.severity[k] for k in TRIGGERS])
    presence = np.array([p.presence_weight[k] for k in FORCES])
    rolet = np.array(
        [[p.role_weight[k], p.request_delay_min[k], p.dispersal_rate[k]] for k in ROLES]
    )
    tgain = np.array([p.tension_gain[k] for k in ("hijau", "kuning", "merah")])
    return fp, rate, mix, sev, presence, rolet, tgain
