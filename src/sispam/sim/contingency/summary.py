"""Ringkasan (summary): integer tallies → the per-village and overall figures of :class:`SimResult`."""

from __future__ import annotations

import numpy as np

from sispam.domain.simulation import (
    RESPONSE_STEPS,
    Distributions,
    Histogram,
    OverallSim,
    PhaseSim,
    ReserveUse,
    VillageSim,
)
from sispam.sim.contingency import kernel as K
from sispam.sim.contingency.inputs import Inputs
from sispam.sim.contingency.job import PEAK_EDGES, Tally
from sispam.sim.contingency.params import PHASES, ROLES, TRIGGERS
from sispam.sim.contingency.stats import (
    hist_quantile,
    mean_ci,
    sample_mean_ci,
    wilson,
)


def _peak_quantile(hist: np.ndarray, q: float) -> float | None:
    """Quantile of peak crowds from their (rough, logarithmic) bins: the bin's lower edge."""
    n = int(hist.sum())
    if n == 0:
        return None
    b = int(np.searchsorted(np.cumsum(hist), max(1, np.ceil(n * q)) - 1e-9))
    return float(PEAK_EDGES[b])


def fail_order(t: Tally) -> np.ndarray:
    """Villages by how often the plan fails there (merah or not contained in time), then merah,
    then kuning; ties by scenario order."""
    nv = t.v_fail.shape[0]
    return np.lexsort((np.arange(nv), -t.v_kuning, -t.v_merah, -t.v_fail))


def villages(
    inp: Inputs, t: Tally, runs: int, bin_min: int, horizon: int
) -> tuple[VillageSim, ...]:
    order = fail_order(t)
    rank = np.empty_like(order)
    rank[order] = np.arange(1, order.size + 1)
    out: list[VillageSim] = []
    for i, code in enumerate(inp.codes):
        acc = t.acc_v[i]
        n_inc = int(acc[K.AV_INC])
        had = int(t.v_incident[i])
        steps = (
            {
                RESPONSE_STEPS[s]: round(float(t.v_steps[i, s] / had), 6)
                for s in range(len(RESPONSE_STEPS))
            }
            if had
            else {}
        )
        used = [s for s in range(len(RESPONSE_STEPS)) if t.v_steps[i, s] > 0]
        counts = t.hist_v[i, :-1]
        over = int(t.hist_v[i, -1])
        out.append(
            VillageSim(
                code=code,
                name=inp.names[i],
                district=inp.districts[i],
                lat=float(inp.lat[i]),
                lng=float(inp.lng[i]),
                zone=inp.zones[i],
                score=round(float(inp.score[i]), 4),
                score_source=inp.score_source[i],  # type: ignore[arg-type]
                p_incident=wilson(had, runs),
                p_kuning=wilson(int(t.v_kuning[i]), runs),
                p_merah=wilson(int(t.v_merah[i]), runs),
                p_fail=wilson(int(t.v_fail[i]), runs),
                incidents_mean=round(n_inc / runs, 6),
                incidents=n_inc,
                p_uncontained=wilson(int(acc[K.AV_UNCONT]), n_inc),
                containment_mean=mean_ci(
                    float(acc[K.AV_CONTAIN_SUM]),
                    float(acc[K.AV_CONTAIN_SQ]),
                    int(acc[K.AV_CONTAIN_N]),
                ),
                containment_p50=hist_quantile(counts, over, 0.5, bin_min, horizon),
                containment_p90=hist_quantile(counts, over, 0.9, bin_min, horizon),
                containment_p95=hist_quantile(counts, over, 0.95, bin_min, horizon),
                first_response_mean=(
                    round(acc[K.AV_FIRST_SUM] / acc[K.AV_FIRST_N], 3) if acc[K.AV_FIRST_N] else None
                ),
                peak_crowd_mean=round(float(t.v_peak_sum[i] / had), 3) if had else None,
                peak_crowd_p90=_peak_quantile(t.v_peak_hist[i], 0.9),
                peak_crowd_max=int(t.v_peak_max[i]),
                response_steps=steps,
                max_step=RESPONSE_STEPS[max(used)] if used else None,
                p_tni_support=round(float(t.v_tni[i] / runs), 6),
                fail_rank=int(rank[i]),
            )
        )
    return tuple(out)


def overall(inp: Inputs, t: Tally, runs: int, horizon: int, worst: int = 10) -> OverallSim:
    rs = t.run_stats
    incidents = int(t.step_all.sum())
    h = t.hist_all
    contained = h[:-1]
    minutes = np.arange(contained.size, dtype=float)
    n_cont = int(contained.sum())
    total = float((contained * minutes).sum())
    total_sq = float((contained * minutes * minutes).sum())
    phases = []
    for k, name in enumerate(PHASES):
        n_k = int(t.phase_lev[k].sum())
        phases.append(
            PhaseSim(
                phase=name,
                incidents_mean=round(n_k / runs, 6),
                p_kuning_given_incident=round(float(t.phase_lev[k, 1:].sum() / n_k), 6)
                if n_k
                else None,
                p_merah_given_incident=round(float(t.phase_lev[k, 2] / n_k), 6) if n_k else None,
            )
        )
    order = fail_order(t)
    worst_codes = tuple(inp.codes[i] for i in order[:worst] if t.v_fail[i] > 0)
    return OverallSim(
        p_any_incident=wilson(int((rs[:, K.RS_INCIDENTS] > 0).sum()), runs),
        p_any_kuning=wilson(int((rs[:, K.RS_KUNING_V] > 0).sum()), runs),
        p_any_merah=wilson(int((rs[:, K.RS_MERAH_V] > 0).sum()), runs),
        p_any_fail=wilson(int((rs[:, K.RS_FAIL_V] > 0).sum()), runs),
        incidents_mean=sample_mean_ci(rs[:, K.RS_INCIDENTS]),
        kuning_villages_mean=sample_mean_ci(rs[:, K.RS_KUNING_V]),
        merah_villages_mean=sample_mean_ci(rs[:, K.RS_MERAH_V]),
        p_uncontained=wilson(int(h[-1]), incidents),
        containment_mean=mean_ci(total, total_sq, n_cont),
        containment_p50=hist_quantile(contained, int(h[-1]), 0.5, 1, horizon),
        containment_p90=hist_quantile(contained, int(h[-1]), 0.9, 1, horizon),
        containment_p95=hist_quantile(contained, int(h[-1]), 0.95, 1, horizon),
        peak_crowd_p50=_peak_quantile(t.peak_hist, 0.5),
        peak_crowd_p90=_peak_quantile(t.peak_hist, 0.9),
        max_concurrent_mean=round(float(rs[:, K.RS_MAX_CONC].mean()), 6),
        unmet_request_min_mean=round(float(rs[:, K.RS_UNMET].mean()), 6),
        response_steps=(
            {
                RESPONSE_STEPS[s]: round(float(t.step_all[s] / incidents), 6)
                for s in range(len(RESPONSE_STEPS))
            }
            if incidents
            else {}
        ),
        by_phase=tuple(phases),
        by_trigger={
            name: round(float(t.trig_lev[k].sum() / runs), 6) for k, name in enumerate(TRIGGERS)
        },
        worst_villages=worst_codes,
    )


def _hist(edges: np.ndarray, counts: np.ndarray, over: int = 0) -> Histogram:
    return Histogram(
        edges=tuple(float(e) for e in edges), counts=tuple(int(c) for c in counts), over=int(over)
    )


def _count_hist(values: np.ndarray) -> Histogram:
    top = int(values.max()) if values.size else 0
    counts = np.bincount(values.astype(np.int64), minlength=top + 1)
    return _hist(np.arange(top + 2), counts)


def distributions(t: Tally, horizon: int, width: int = 5) -> Distributions:
    h = t.hist_all
    contained = h[:-1]
    nb = -(-contained.size // width)
    padded = np.zeros(nb * width, np.int64)
    padded[: contained.size] = contained
    edges = np.arange(nb + 1) * width
    edges[-1] = min(edges[-1], horizon + 1)
    rs = t.run_stats
    return Distributions(
        containment_min=_hist(edges, padded.reshape(nb, width).sum(axis=1), int(h[-1])),
        peak_crowd=_hist(np.concatenate([PEAK_EDGES, [PEAK_EDGES[-1] * 2]]), t.peak_hist),
        kuning_villages=_count_hist(rs[:, K.RS_KUNING_V]),
        merah_villages=_count_hist(rs[:, K.RS_MERAH_V]),
        incidents=_count_hist(rs[:, K.RS_INCIDENTS]),
    )


def reserves(inp: Inputs, t: Tally, runs: int) -> tuple[ReserveUse, ...]:
    window = inp.vote_window_min()
    out = []
    for e in range(inp.n_reserves):
        busy = float(t.ea[e, K.EA_BUSY] / runs)
        out.append(
            ReserveUse(
                unit=inp.res_unit[e],
                role=ROLES[int(inp.res_role[e])],
                site=inp.res_site[e],
                personnel=int(inp.res_n[e]),
                p_dispatched=round(float(t.ea[e, K.EA_RUNS] / runs), 6),
                dispatches_mean=round(float(t.ea[e, K.EA_DISPATCHES] / runs), 6),
                busy_min_mean=round(busy, 3),
                utilisation=round(min(1.0, busy / window), 6),
            )
        )
    return tuple(out)


def outcome_vector(t: Tally, runs: int) -> dict[str, float]:
    """The scalar outcomes the sensitivity tables report."""
    rs = t.run_stats
    h = t.hist_all
    contained = h[:-1]
    n_cont = int(contained.sum())
    incidents = int(h.sum())
    mean = float((contained * np.arange(contained.size)).sum() / n_cont) if n_cont else 0.0
    return {
        "p_any_kuning": float((rs[:, K.RS_KUNING_V] > 0).mean()),
        "p_any_merah": float((rs[:, K.RS_MERAH_V] > 0).mean()),
        "kuning_villages_mean": float(rs[:, K.RS_KUNING_V].mean()),
        "merah_villages_mean": float(rs[:, K.RS_MERAH_V].mean()),
        "incidents_mean": float(rs[:, K.RS_INCIDENTS].mean()),
        "containment_mean": mean,
        "p_uncontained": float(h[-1] / incidents) if incidents else 0.0,
    }


OUTCOMES: tuple[str, ...] = (
    "p_any_kuning",
    "p_any_merah",
    "kuning_villages_mean",
    "merah_villages_mean",
    "incidents_mean",
    "containment_mean",
    "p_uncontained",
)
