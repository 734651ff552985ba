"""Claim: `sispam --help` and `sispam scenario check pilkades-klaten-2023` each take ≤ 0.3 s.

Prints the median wall time of several whole-process runs of each (the installed `sispam`
script, as a user runs it), the peak memory of the last run, and which heavy libraries each
command imported (none of numba, matplotlib, typst, highspy, scipy should load for these).

    .venv/bin/python benchmarks/cli_startup.py [--quick]
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_S = 0.3
HEAVY = ("numba", "matplotlib", "typst", "highspy", "scipy", "openpyxl", "jinja2")
COMMANDS = {
    "sispam --help": ["--help"],
    "sispam scenario check pilkades-klaten-2023": ["scenario", "check", "pilkades-klaten-2023"],
}
# The same command in-process, reporting which heavy modules it loaded.
PROBE = (
    "import sys, json\n"
    "from sispam.cli.app import main\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    "print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)\n"
)


def script() -> list[str]:
    exe = Path(sys.executable).with_name("sispam")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "sispam"]


def once(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([*script(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def heavy_loaded(args: list[str]) -> list[str]:
    code = PROBE.format(heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def baseline(code: str, runs: int) -> float:
    """Median of ``python -c CODE``: what the machine costs before Sispam does anything."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    runs = 3 if "--quick" in sys.argv else 9
    for code in ("pass", "import pydantic, numpy, typer"):
        print(f"{'baseline: python -c ' + repr(code):45s} median {baseline(code, runs):6.3f} s")
    for label, args in COMMANDS.items():
        once(args)  # warm the file cache (and Python's bytecode cache)
        times = [once(args) for _ in range(runs)]
        median = statistics.median(times)
        verdict = "ok" if median <= TARGET_S else "ABOVE TARGET"
        print(
            f"{label:45s} median {median:6.3f} s over {runs} runs "
            f"(min {min(times):.3f}, max {max(times):.3f}; target ≤ {TARGET_S} s: {verdict})"
        )
        loaded = heavy_loaded(args)
        print(f"{'':45s} heavy libraries loaded: {', '.join(loaded) or 'none'}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of a child process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
