"""Zona sebagaimana diberikan (zones as given): when a scenario names no indicator set."""

from __future__ import annotations

from sispam.domain import Assessment, Scenario, VillageRisk


def given_zones(scenario: Scenario) -> Assessment:
    """Each village keeps the zone its row gives (the lowest zone where none is given)."""
    lowest = scenario.zones.zones[0].id
    return Assessment(
        scenario=scenario.name,
        method="given",
        zone_method=scenario.zones.method,
        villages=tuple(
            VillageRisk(
                code=v.code,
                name=v.name,
                district_code=v.district_code,
                district_name=v.district_name,
                zone=v.zone or lowest,
                given_zone=v.zone,
                pinned=v.pinned,
                pin_reason=v.pin_reason,
            )
            for v in scenario.villages
        ),
    )


__all__ = ["given_zones"]
