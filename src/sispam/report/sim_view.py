"""Hasil simulasi (simulation results) as report blocks — or a plain statement that none was run.

The simulation stage is optional for a report; until a result is passed in, every document says
the simulation was not run rather than leaving a hole.
"""

from __future__ import annotations

from sispam.report.context import ReportContext
from sispam.report.model import Block, Para


def available(ctx: ReportContext) -> bool:
    return ctx.sim is not None


def blocks(ctx: ReportContext) -> list[Block]:
    if not available(ctx):
        return [Para(ctx.t("report.text.sim_not_run"), "warning")]
    return []


# Figures drawn from a simulation result (added to charts.FIGURES), keyed by figure id.
FIGURES: dict = {}


def layers(ctx: ReportContext) -> list:
    """Map layers from the simulation (escalation odds), if one was run."""
    return []


def village_rows(ctx: ReportContext, code: str) -> list[tuple[str, str]]:
    """Lines for a village's info panel on the page (simulated odds)."""
    return []
