"""Files written by ``sispam demo``: stage results as JSON and the page (temporary, minimal)."""

from __future__ import annotations

import html

from sispam.domain import Assessment, Plan, Scenario


def demo_files(
    scenario: Scenario, assessment: Assessment, plan: Plan, lang: str = "id"
) -> dict[str, str | bytes]:
    rows = "".join(
        f"<tr><td>{v.code}</td><td>{html.escape(v.name)}</td><td>{r.zone}</td></tr>"
        for v, r in zip(scenario.villages, assessment.villages, strict=True)
    )
    page = f"<!doctype html><html lang='{lang}'><meta charset='utf-8'><title>{html.escape(scenario.title)}</title><table>{rows}</table></html>"
    return {
        "index.html": page,
        "scenario.json": scenario.model_dump_json(indent=2),
        "assessment.json": assessment.model_dump_json(indent=2),
        "plan.json": plan.model_dump_json(indent=2),
    }
