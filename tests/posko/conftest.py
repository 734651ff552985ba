"""Posko fixtures: the same tests run on SQLite and on a throwaway PostgreSQL cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from posko_fixtures import KLATEN, make_posko

from sispam.posko.pgcluster import Cluster


@pytest.fixture(autouse=True, scope="session")
def _cheap_argon2():
    """Still argon2, at a cost that keeps the suite fast (servers use the library defaults)."""
    from sispam.posko import accounts

    accounts.ARGON2.update(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts.ARGON2.clear()


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = Cluster()
    reason = cluster.start()
    yield cluster if reason is None else reason
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'posko.db'}"
    cluster = request.getfixturevalue("pg_cluster")
    if isinstance(cluster, str):
        pytest.skip(f"PostgreSQL: {cluster}")
    return cluster.new_database()


@pytest.fixture(scope="session")
def klaten_inputs() -> dict:
    """Scenario, assessment and plan of the embedded Klaten case, computed once."""
    from sispam.posko.operation import build_inputs

    return json.loads(json.dumps(build_inputs(KLATEN)))


@pytest.fixture
def posko(db_url, klaten_inputs):
    p = make_posko(db_url, klaten_inputs, exercise_too=True)
    yield p
    p.close()
