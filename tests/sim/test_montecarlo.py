"""Monte Carlo execution: results depend on the seed alone — not on workers or chunking."""

from __future__ import annotations

import pytest
from contingency_factory import assessment, plan

from sispam.sim.contingency import build_params, simulate
from sispam.sim.contingency.draws import draws, run_generator
from sispam.sim.montecarlo import default_chunk, execute, spans


class Squares:
    """A toy job: the sum of squares of the run indices, and the runs it saw."""

    def run(self, start: int, stop: int) -> list[int]:
        return [i * i for i in range(start, stop)]


def test_spans_cover_every_run_once() -> None:
    assert spans(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert spans(3, 10) == [(0, 3)]
    for runs, chunk in ((1, 1), (97, 10), (1000, 333)):
        covered = [i for a, b in spans(runs, chunk) for i in range(a, b)]
        assert covered == list(range(runs))


def test_default_chunk_balances_and_bounds() -> None:
    assert default_chunk(10_000, 2, cost_per_run=67, target=40_000) == 597
    assert default_chunk(100, 2) == 13  # at least ~4 chunks per worker
    assert default_chunk(5, 8, cost_per_run=75_000, target=40_000) == 1


def test_local_pool_returns_chunks_in_run_order() -> None:
    done: list[int] = []
    out = execute(Squares(), 25, workers=2, chunk=4, progress=done.append)
    assert [x for part in out for x in part] == [i * i for i in range(25)]
    assert sum(done) == 25


def test_a_runs_numbers_depend_on_seed_and_index_only() -> None:
    block = draws(7, 3, 6, villages=4, slots=2)
    again = draws(7, 5, 6, villages=4, slots=2)
    assert (block[2] == again[0]).all()
    assert (run_generator(7, 5).random((4, 2, block.shape[-1])) == block[2]).all()
    assert not (draws(8, 5, 6, 4, 2) == again).all()


@pytest.mark.slow
def test_same_result_whatever_the_number_of_workers(klaten) -> None:
    a, p = assessment(klaten), plan(klaten)
    prm = build_params({"trigger_scale": 2.0})
    kw = {"runs": 300, "seed": 5, "params": prm}
    one = simulate(klaten, a, p, workers=1, **kw)
    two = simulate(klaten, a, p, workers=2, **kw)
    odd = simulate(klaten, a, p, workers=2, chunk=23, **kw)
    assert one.model_dump_json() == two.model_dump_json() == odd.model_dump_json()
