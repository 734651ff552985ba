"""The ``numpy.random.Generator``'s own PCG64 stream, advanced inside compiled code.

The compiled half (``next_u64``, ``next_double``, ``next_u32``, ``below``) lives in
:mod:`.kernel`, because Numba's on-disk cache only notices changes in the file of the function
it caches; this module moves the state between the generator and the kernels.

Calling ``rng.random()`` from Numba costs ~6 ns a number and, worse, makes every kernel that
holds the generator pay reference counting. Instead the kernels take the generator's PCG64 state
(``rng.bit_generator.state``) as four 64-bit words, step it with the same algorithm NumPy uses
(128-bit LCG, XSL-RR output, 53-bit doubles), and the state is written back afterwards: the
numbers are bit for bit those ``rng.random()`` would have returned (a test checks it), so results
still depend on the seed alone and the generator can be used on after a run.
"""

from __future__ import annotations

import numpy as np

_MASK64 = (1 << 64) - 1


def state_of(rng: np.random.Generator) -> np.ndarray:
    """The generator's PCG64 state as uint64 words ``[state_hi, state_lo, inc_hi, inc_lo,
    has_uint32, uinteger]`` (the last two: NumPy's spare half of a 64-bit output)."""
    st = rng.bit_generator.state
    if st["bit_generator"] != "PCG64":
        raise TypeError("the Epstein kernels need a PCG64 generator (numpy.random.default_rng)")
    s, inc = st["state"]["state"], st["state"]["inc"]
    return np.array(
        [s >> 64, s & _MASK64, inc >> 64, inc & _MASK64, st["has_uint32"], st["uinteger"]],
        dtype=np.uint64,
    )


def store_state(rng: np.random.Generator, words: np.ndarray) -> None:
    """Write ``words`` (as from :func:`state_of`, advanced) back into ``rng``."""
    rng.bit_generator.state = {
        "bit_generator": "PCG64",
        "state": {
            "state": (int(words[0]) << 64) | int(words[1]),
            "inc": (int(words[2]) << 64) | int(words[3]),
        },
        "has_uint32": int(words[4]),
        "uinteger": int(words[5]),
    }
