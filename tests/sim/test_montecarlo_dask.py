"""Monte Carlo on a real Dask cluster (a LocalCluster of 2 worker processes) gives exactly the
local result for the same seed."""

from __future__ import annotations

import pytest
from contingency_factory import assessment, plan

from sispam.sim.contingency import build_params, simulate
from sispam.sim.montecarlo import ExecutionError

distributed = pytest.importorskip("distributed")
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dask")]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c


def test_dask_equals_local_for_the_same_seed(klaten, cluster) -> None:
    a, p = assessment(klaten), plan(klaten)
    prm = build_params({"trigger_scale": 2.0})
    other = plan(klaten, ())
    kw = {"runs": 300, "seed": 8, "params": prm, "compare": other}
    done: list[int] = []
    on_dask = simulate(
        klaten, a, p, scheduler=cluster.scheduler_address, chunk=40, progress=done.append, **kw
    )
    local = simulate(klaten, a, p, workers=1, **kw)
    assert on_dask.model_dump_json() == local.model_dump_json()
    assert sum(done) == 300 and len(done) == 8


def test_unreachable_scheduler_is_a_clear_error(klaten, monkeypatch) -> None:
    monkeypatch.setattr("sispam.sim.montecarlo.CONNECT_TIMEOUT", "1s")
    with pytest.raises(ExecutionError, match="tcp://127.0.0.1:9"):
        simulate(klaten, assessment(klaten), plan(klaten), runs=5, scheduler="tcp://127.0.0.1:9")
