"""The calibration table of ``docs/contingency-model.md`` §12, computed: what the default
parameters give on the embedded Klaten scenario planned by ``sispam.plan.plan`` (10,000 runs,
seed 1). ``python tests/sim/calibration_table.py`` prints it; a test checks the docs hold exactly
this text, so the documented figures are the code's, not a memory of an older model or plan.
"""

from __future__ import annotations

import statistics

from sispam.domain import SimResult
from sispam.domain.simulation import RESPONSE_STEPS

RUNS, SEED = 10_000, 1
BEGIN, END = "<!-- calibration-table:begin -->", "<!-- calibration-table:end -->"


def pct(p: float) -> str:
    """A probability as a percentage to two significant figures (``11``, ``2.3``, ``0.15``)."""
    v = 100 * p
    return f"{v:.0f}" if v >= 10 or v == 0 else f"{v:#.2g}"


def _zone_row(result: SimResult, zone: str) -> str | None:
    villages = [v for v in result.villages if v.zone == zone]
    if not villages:
        return None
    who = villages[0].name if len(villages) == 1 else str(len(villages))

    def mean(field: str) -> str:
        return pct(statistics.fmean(getattr(v, field).value or 0.0 for v in villages))

    return (
        f"| per village, {zone} zone ({who}) | P(incident) {mean('p_incident')} %, "
        f"P(kuning) {mean('p_kuning')} %, P(merah) {mean('p_merah')} % |"
    )


def table(result: SimResult) -> str:
    """The markdown table, one measure per row."""
    o = result.overall
    phases = [(ph.phase.replace("_", " "), ph) for ph in o.by_phase]
    rows = [
        "| measure | value |",
        "|---|---|",
        f"| incidents per election | {o.incidents_mean.value:.2f} ("
        + ", ".join(f"{name} {ph.incidents_mean:.2f}" for name, ph in phases)
        + ") |",
        f"| P(at least one village kuning) / mean kuning villages | {pct(o.p_any_kuning.value)} % "
        f"/ {o.kuning_villages_mean.value:.2f} |",
        f"| P(at least one village merah) / mean merah villages | {pct(o.p_any_merah.value)} % "
        f"/ {o.merah_villages_mean.value:.2f} |",
        "| P(kuning \\| incident) by phase | "
        + ", ".join(f"{name} {pct(ph.p_kuning_given_incident or 0.0)} %" for name, ph in phases)
        + " |",
        *filter(None, (_zone_row(result, zone) for zone in ("hijau", "kuning", "merah"))),
        f"| containment (all incidents) | median {o.containment_p50.value:.0f} min, "
        f"p90 {o.containment_p90.value:.0f} min, p95 {o.containment_p95.value:.0f} min |",
        "| highest step used | "
        + ", ".join(f"{step} {pct(o.response_steps.get(step, 0.0))} %" for step in RESPONSE_STEPS)
        + " |",
    ]
    return "\n".join(rows)


def klaten_result() -> SimResult:
    from sispam.assess import assess
    from sispam.plan import plan
    from sispam.scenario import load_scenario
    from sispam.sim.contingency import simulate

    s = load_scenario("pilkades-klaten-2023")
    a = assess(s)
    return simulate(s, a, plan(s, a), runs=RUNS, seed=SEED, workers=1)


if __name__ == "__main__":
    print(table(klaten_result()))
