"""Options several commands share, with the bounds every value is checked against.

A bound here is a promise to the user: a value outside it is refused with a message before any
work starts, instead of running out of memory or overflowing an engine's integers.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer

from sispam.domain.errors import SispamError
from sispam.i18n import t

# Monte Carlo runs in one command. Klaten's 10,000 runs take about a second and ~10 kB each
# (measured: 20,000 runs, 0.43 GB peak); the bound keeps a mistyped extra zero from exhausting
# memory (results are kept per run until summarised).
MAX_RUNS = 100_000
MAX_SEED = 2**63 - 1  # seeds feed numpy's SeedSequence and the kernels' 64-bit integers
MAX_LHS = 1_000

Runs = Annotated[
    int,
    typer.Option("--runs", "-n", min=1, max=MAX_RUNS, help="Jumlah run / number of runs"),
]
Seed = Annotated[
    int,
    typer.Option(
        "--seed",
        min=0,
        max=MAX_SEED,
        help="Seed: hasil hanya bergantung padanya / the result depends on it alone",
    ),
]

# The manifest's kind of a folder `report` and `demo` write: either may replace the other's.
REPORT_KIND = "report"


def existing(*paths: str | Path | None) -> list[Path]:
    """The inputs among ``paths`` that exist on disk (an output must never replace them)."""
    return [Path(p) for p in paths if p is not None and os.path.lexists(p)]


_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ucx|ws|wss)://)?(?:[\w.-]+|\[[0-9a-fA-F:]+\]):\d{1,5}$")


class OptionError(SispamError):
    """A command-line value that parses but cannot be used."""


def check_scheduler(address: str | None) -> str | None:
    """A Dask scheduler address ``[tcp://]host:port``; anything else is refused."""
    if address is None:
        return None
    if not _ADDRESS.match(address.strip()):
        raise OptionError(t("cli.option.scheduler", address=address))
    return address.strip()


def cap_workers(workers: int | None, note: list[str]) -> int | None:
    """Local processes: at most one per core of this machine (a note says when capped)."""
    cores = os.cpu_count() or 1
    if workers is not None and workers > cores:
        note.append(t("cli.option.workers_capped", workers=workers, cores=cores))
        return cores
    return workers


__all__ = [
    "MAX_LHS",
    "MAX_RUNS",
    "MAX_SEED",
    "REPORT_KIND",
    "OptionError",
    "Runs",
    "Seed",
    "cap_workers",
    "check_scheduler",
    "existing",
]
