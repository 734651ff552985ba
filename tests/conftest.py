"""Shared fixtures: the embedded Klaten scenario, loaded once, and a writable copy of its files."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from sispam.domain import Scenario
from sispam.i18n import set_language
from sispam.scenario import load_scenario

KLATEN = "pilkades-klaten-2023"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def klaten() -> Scenario:
    return load_scenario(KLATEN)


@pytest.fixture
def klaten_dir(tmp_path: Path) -> Path:
    """A writable copy of the embedded Klaten scenario's files."""
    src = resources.files("sispam.scenario") / "embedded" / KLATEN
    dst = tmp_path / "klaten"
    with resources.as_file(src) as path:
        shutil.copytree(path, dst)
    return dst


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    set_language("id")
    yield
    set_language("id")
