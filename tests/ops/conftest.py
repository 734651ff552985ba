"""Shared fixtures of the election-day tests: the Klaten assessment and plan."""

from __future__ import annotations

import pytest

from sispam.assess import assess
from sispam.domain import Assessment, Plan, Scenario
from sispam.plan import plan


@pytest.fixture(scope="session")
def klaten_assessment(klaten: Scenario) -> Assessment:
    return assess(klaten)


@pytest.fixture(scope="session")
def klaten_plan(klaten: Scenario, klaten_assessment: Assessment) -> Plan:
    return plan(klaten, klaten_assessment)
