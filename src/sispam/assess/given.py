"""Zones as given in the scenario (the stage before indicator scoring exists)."""

from __future__ import annotations

from sispam.domain import Assessment, Scenario, VillageRisk


def assess(scenario: Scenario) -> Assessment:
    """Each village keeps the zone its row gives (the lowest zone where none is given)."""
    lowest = scenario.zones.zones[0].id
    return Assessment(
        scenario=scenario.name,
        method="given",
        villages=tuple(
            VillageRisk(
                code=v.code,
                name=v.name,
                zone=v.zone or lowest,
                pinned=v.pinned,
                pin_reason=v.pin_reason,
            )
            for v in scenario.villages
        ),
    )
