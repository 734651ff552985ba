"""The Klaten stage results and the report files in both languages, built once per session."""

from __future__ import annotations

from datetime import date

import pytest

from sispam.assess import assess
from sispam.domain import Assessment, Plan, Scenario
from sispam.i18n import get_language, set_language
from sispam.plan import plan
from sispam.report import report_files

# Documents carry the date they were prepared; tests fix it so outputs depend on the inputs only.
REPORT_DATE = date(2023, 6, 20)


def _run(scenario: Scenario, lang: str) -> tuple[Scenario, Assessment, Plan]:
    """Assess and plan as the CLI does under ``--lang``: stages word their notes in it."""
    before = get_language()
    set_language(lang)
    try:
        a = assess(scenario)
        return scenario, a, plan(scenario, a)
    finally:
        set_language(before)


@pytest.fixture(scope="session")
def results(klaten: Scenario) -> tuple[Scenario, Assessment, Plan]:
    return _run(klaten, "id")


@pytest.fixture(scope="session")
def results_en(klaten: Scenario) -> tuple[Scenario, Assessment, Plan]:
    return _run(klaten, "en")


@pytest.fixture(scope="session")
def files_id(results) -> dict[str, str | bytes]:
    return report_files(*results, lang="id", generated=REPORT_DATE)


@pytest.fixture(scope="session")
def files_en(results_en) -> dict[str, str | bytes]:
    return report_files(*results_en, lang="en", generated=REPORT_DATE)


@pytest.fixture(scope="session")
def files(files_id, files_en) -> dict[str, dict[str, str | bytes]]:
    return {"id": files_id, "en": files_en}
