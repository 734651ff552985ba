"""The Klaten stage results and the report files in both languages, built once per session."""

from __future__ import annotations

from datetime import date

import pytest

from sispam.assess import assess
from sispam.domain import Assessment, Plan, Scenario
from sispam.plan import plan
from sispam.report import report_files

# Documents carry the date they were prepared; tests fix it so outputs depend on the inputs only.
REPORT_DATE = date(2023, 6, 20)


@pytest.fixture(scope="session")
def results(klaten: Scenario) -> tuple[Scenario, Assessment, Plan]:
    a = assess(klaten)
    return klaten, a, plan(klaten, a)


@pytest.fixture(scope="session")
def files_id(results) -> dict[str, str | bytes]:
    return report_files(*results, lang="id", generated=REPORT_DATE)


@pytest.fixture(scope="session")
def files_en(results) -> dict[str, str | bytes]:
    return report_files(*results, lang="en", generated=REPORT_DATE)


@pytest.fixture(scope="session")
def files(files_id, files_en) -> dict[str, dict[str, str | bytes]]:
    return {"id": files_id, "en": files_en}
