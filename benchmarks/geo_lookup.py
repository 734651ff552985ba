"""Claim: geo loads the national tables in ~1 s and answers Klaten lookups well under 100 ms.

Prints: cold first load (fresh interpreter, median of 3), warm `villages_in("Klaten")`, name
lookups with and without a miss (fuzzy suggestions over the whole country), the 83k centroid
arrays, a 83,246 × 100 float32 travel matrix, and the installed size of the data folder.

    .venv/bin/python benchmarks/geo_lookup.py
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import time
from pathlib import Path

COLD = (
    "import time; t=time.perf_counter(); from sispam import geo; geo.region('33.10'); "
    "geo.all_village_centroids(); print(time.perf_counter()-t)"
)


def timed(fn, repeat: int = 20) -> float:
    """Median wall time in ms."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def main() -> None:
    cold = [
        float(subprocess.check_output([sys.executable, "-c", COLD], text=True)) for _ in range(3)
    ]
    print(
        f"cold import + national tables + centroids : {statistics.median(cold) * 1000:7.1f} ms"
        f"  (claim: ~1000 ms)"
    )

    from sispam import geo

    geo.region("33.10")
    ms = timed(lambda: geo.villages_in("Klaten"))
    print(f"villages_in('Klaten') warm (401 villages)  : {ms:7.2f} ms  (claim: < 100 ms)")
    print(
        f"find_village('Karanganom', 'Klaten Utara'): "
        f"{timed(lambda: geo.find_village('Karanganom', within='Klaten Utara')):7.2f} ms"
    )

    def miss() -> None:
        with contextlib.suppress(geo.GeoLookupError):
            geo.find_district("Klaten Utra")

    geo.find_district("Klaten Utara")
    print(f"find_district miss + suggestions (7,285)   : {timed(miss, 5):7.2f} ms")

    def miss_village() -> None:
        with contextlib.suppress(geo.GeoLookupError):
            geo.find_village("Karanganon")

    miss_village()
    print(f"find_village miss, national (83,762)       : {timed(miss_village, 5):7.2f} ms")
    print(
        f"all_village_centroids() cached             : {timed(geo.all_village_centroids):7.3f} ms"
    )

    codes, lat, lng = geo.all_village_centroids()
    posts_lat, posts_lng = lat[::833][:100], lng[::833][:100]
    model = geo.TravelModel()
    t = time.perf_counter()
    m = model.matrix(lat, lng, posts_lat, posts_lng)
    print(
        f"matrix {m.shape[0]:,} x {m.shape[1]} float32            : "
        f"{(time.perf_counter() - t) * 1000:7.1f} ms, {m.nbytes / 2**20:.1f} MiB"
    )

    data = Path(geo.__file__).parent / "data"
    size = sum(p.stat().st_size for p in data.iterdir() if p.is_file())
    print(f"installed size of sispam/geo/data          : {size / 2**20:7.2f} MiB ({size:,} bytes)")


if __name__ == "__main__":
    main()
