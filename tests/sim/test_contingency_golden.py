"""Golden check of the contingency engine: the same world, parameters and seed give exactly the
stored tallies and event records, so a refactoring of the kernel (argument groups, constants
derived from the domain) cannot change a single number unnoticed. Regenerate with
``python tests/sim/golden_make.py`` only when results are meant to change."""

from __future__ import annotations

import numpy as np
from golden_make import GOLDEN, outputs


def test_the_kernel_reproduces_the_golden_numbers_exactly() -> None:
    want = np.load(GOLDEN)
    got = outputs()
    assert sorted(got) == sorted(want.files)
    for name in want.files:
        np.testing.assert_array_equal(got[name], want[name], err_msg=name)
    # the world is hot enough that the record covers every rung of the ladder and both outcomes
    steps = want["tally_step_all"]
    assert (steps > 0).all(), steps
    assert want["tally_v_merah"].sum() > 0 and want["tally_v_tni"].sum() > 0
