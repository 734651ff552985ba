"""``simulate``: the contingency Monte Carlo of one plan (optionally against another), end to end."""

from __future__ import annotations

from collections.abc import Callable

from sispam.domain import Assessment, Plan, Scenario
from sispam.domain.simulation import PlanComparison, SimResult, VillageDiff
from sispam.i18n import t
from sispam.sim.contingency import summary
from sispam.sim.contingency.inputs import Inputs, build_inputs
from sispam.sim.contingency.job import ContingencyJob, Tally, merge
from sispam.sim.contingency.pack import pack
from sispam.sim.contingency.params import (
    ContingencyParams,
    SimInputError,
    SimParamError,
    build_params,
)
from sispam.sim.contingency.sensitivity import SensitivityOptions, sensitivity
from sispam.sim.contingency.stats import paired_diff, sample_mean_ci
from sispam.sim.contingency.timeline import example_run, pick_run
from sispam.sim.montecarlo import default_chunk, default_workers, execute

BIN_CHOICES = (1, 2, 5, 10, 15, 20, 30, 60)
MAX_HIST_CELLS = 2_000_000  # per-village containment histogram cells kept per chunk
CHUNK_VILLAGE_RUNS = 400_000  # village-runs per chunk (~1 s of kernel time; results ~V·200 B)
SMALL_JOB = 3_000_000  # village-runs (~6 s in one process) below which no pool is started


def contain_bin(villages: int, horizon: int) -> int:
    """Resolution (minutes) of per-village containment quantiles: 1 unless that makes the
    per-village histograms too large to ship between workers (national scale)."""
    need = villages * (horizon + 2) / MAX_HIST_CELLS
    return next((b for b in BIN_CHOICES if b >= need), BIN_CHOICES[-1])


def workers_for(runs: int, villages: int, workers: int | None) -> int:
    """Processes a job will use: as asked, else one per core — but a small job runs in this
    process, where starting a pool would cost more than it saves."""
    if workers:
        return workers
    return 1 if runs * villages <= SMALL_JOB else default_workers()


def chunk_for(runs: int, villages: int, workers: int) -> int:
    return default_chunk(runs, workers, cost_per_run=float(villages), target=CHUNK_VILLAGE_RUNS)


def _check(runs: int, seed: int, workers: int | None) -> None:
    if runs < 1:
        raise SimParamError(t("sim.param.runs", runs=runs))
    if seed < 0:
        raise SimParamError(t("sim.param.seed", seed=seed))
    if workers is not None and workers < 1:
        raise SimParamError(t("sim.param.workers", workers=workers))


def _check_plan(scenario: Scenario, plan: Plan, label: str) -> None:
    if plan.scenario != scenario.name:
        raise SimInputError(
            t(
                "sim.input.plan_scenario",
                plan=label,
                plan_scenario=plan.scenario,
                scenario=scenario.name,
            )
        )


def simulate(
    scenario: Scenario,
    assessment: Assessment,
    plan: Plan,
    *,
    runs: int = 2000,
    seed: int = 0,
    params: ContingencyParams | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk: int | None = None,
    progress: Callable[[int], None] | None = None,
    compare: Plan | None = None,
    plan_label: str = "plan",
    compare_label: str = "other",
    sensitivity_options: SensitivityOptions | None = None,
    example: bool = True,
) -> SimResult:
    """Simulate the election ``runs`` times under ``plan`` (and ``compare`` on the same random
    numbers). The result depends on ``seed`` alone — not on ``workers``, ``scheduler`` or
    ``chunk``. ``progress`` is called with the number of runs just finished (main runs, then
    sensitivity points)."""
    _check(runs, seed, workers)
    params = params or build_params(scenario.stage_settings("sim"))
    _check_plan(scenario, plan, plan_label)
    inputs: list[Inputs] = [build_inputs(scenario, assessment, plan, params, plan_label)]
    if compare is not None:
        _check_plan(scenario, compare, compare_label)
        inputs.append(build_inputs(scenario, assessment, compare, params, compare_label))
    nv = inputs[0].n_villages
    horizon = params.horizon_min
    bin_min = contain_bin(nv, horizon)
    n_workers = workers_for(runs, nv, workers)
    size = chunk or chunk_for(runs, nv, n_workers)
    job = ContingencyJob(tuple(inputs), pack(params), seed, bin_min, horizon)
    exec_kw = {"workers": n_workers, "scheduler": scheduler, "chunk": size}
    out = merge(execute(job, runs, progress=progress, **exec_kw))
    main = out.tallies[0]
    inp = inputs[0]

    comparison = None
    if compare is not None and out.pair is not None:
        comparison = _comparison(
            inputs[1], main, out.tallies[1], out.pair, runs, horizon, compare_label
        )
    sens = None
    if sensitivity_options is not None:
        kw = dict(exec_kw)
        kw["chunk"] = chunk or chunk_for(sensitivity_options.runs_per_point, nv, n_workers)
        sens = sensitivity(inp, params, seed, bin_min, sensitivity_options, progress, **kw)
    ex = None
    if example:
        run, reason = pick_run(main.run_stats)
        ex = example_run(job, run, reason)
    return SimResult.model_validate(
        {
            "scenario": scenario.name,
            "plan_label": plan_label,
            "runs": runs,
            "seed": seed,
            "horizon_min": horizon,
            "containment_target_min": params.containment_target_min,
            "contain_bin_min": bin_min,
            "params": params.model_dump(),
            "villages": summary.villages(inp, main, runs, bin_min, horizon),
            "overall": summary.overall(inp, main, runs, horizon),
            "distributions": summary.distributions(main, horizon),
            "reserves": summary.reserves(inp, main, runs),
            "example": ex,
            "sensitivity": sens,
            "comparison": comparison,
            "notes": inp.notes,
        }
    )


def _comparison(
    other: Inputs, a: Tally, b: Tally, pair, runs: int, horizon: int, label: str
) -> PlanComparison:
    from sispam.sim.contingency import kernel as K

    ra, rb = a.run_stats, b.run_stats

    def paired_runs(col: int, positive: bool) -> tuple[int, int]:
        xa = ra[:, col] > 0 if positive else ra[:, col]
        xb = rb[:, col] > 0 if positive else rb[:, col]
        return int((xa & ~xb).sum()), int((~xa & xb).sum())

    d_any_merah = paired_diff(*paired_runs(K.RS_MERAH_V, True), runs)
    d_any_kuning = paired_diff(*paired_runs(K.RS_KUNING_V, True), runs)
    d_kv = sample_mean_ci(ra[:, K.RS_KUNING_V] - rb[:, K.RS_KUNING_V])
    d_mv = sample_mean_ci(ra[:, K.RS_MERAH_V] - rb[:, K.RS_MERAH_V])
    # containment: mean per run of the runs' mean containment (runs where both had incidents)
    both = (ra[:, K.RS_CONTAIN_N] > 0) & (rb[:, K.RS_CONTAIN_N] > 0)
    ma = ra[both, K.RS_CONTAIN_SUM] / ra[both, K.RS_CONTAIN_N]
    mb = rb[both, K.RS_CONTAIN_SUM] / rb[both, K.RS_CONTAIN_N]
    d_ct = sample_mean_ci(ma - mb)
    better = "neither"
    for est in (d_mv, d_kv):
        if est.high is not None and est.high < 0:
            better = "this"
            break
        if est.low is not None and est.low > 0:
            better = "other"
            break
    villages = tuple(
        VillageDiff(
            code=code,
            d_p_kuning=paired_diff(int(pair.a_only[i, 0]), int(pair.b_only[i, 0]), runs),
            d_p_merah=paired_diff(int(pair.a_only[i, 1]), int(pair.b_only[i, 1]), runs),
            d_p_fail=paired_diff(int(pair.a_only[i, 2]), int(pair.b_only[i, 2]), runs),
        )
        for i, code in enumerate(other.codes)
    )
    return PlanComparison(
        other_label=label,
        other_overall=summary.overall(other, b, runs, horizon),
        d_p_any_merah=d_any_merah,
        d_p_any_kuning=d_any_kuning,
        d_kuning_villages_mean=d_kv,
        d_merah_villages_mean=d_mv,
        d_containment_mean=d_ct,
        better=better,  # type: ignore[arg-type]
        villages=villages,
    )
