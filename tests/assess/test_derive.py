"""Derived indicators: the banded nearest-post search equals brute force."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sispam import geo
from sispam.assess import derive


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 400),
    st.integers(1, 60),
    st.floats(0.01, 20),
    st.integers(0, 2**31),
)
def test_nearest_post_equals_brute_force(n, m, spread, seed) -> None:
    rng = np.random.default_rng(seed)
    lat = rng.uniform(-8, -8 + spread, n)
    lng = rng.uniform(110, 110 + spread, n)
    p_lat = rng.uniform(-8, -8 + spread, m)
    p_lng = rng.uniform(110, 110 + spread, m)
    got = derive.nearest_post(lat, lng, p_lat, p_lng)
    d = geo.haversine_km(lat[:, None], lng[:, None], p_lat[None, :], p_lng[None, :])
    assert np.allclose(d[np.arange(n), got], d.min(axis=1), atol=1e-6)


def test_far_away_posts_fall_back_to_the_full_search() -> None:
    # the only post is 5° of latitude away: outside every band, found by the fallback
    got = derive.nearest_post(
        np.array([-7.0, -7.1]), np.array([110.0, 110.1]), np.array([-2.0]), np.array([110.0])
    )
    assert got.tolist() == [0, 0]
