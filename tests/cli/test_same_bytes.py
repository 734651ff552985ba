"""Same inputs and seed, same bytes: a report made in two processes with different hash seeds
is identical file for file (set order must never leak into an output)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from cli_helpers import SISPAM

from sispam.scenario.output import MANIFEST

pytestmark = pytest.mark.slow

# Wall-clock solver times are the one thing allowed to differ, in fields named for it.
TIMING_KEYS = {"time_s"}


def _without_timings(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_report_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [*SISPAM, "report", "pilkades-klaten-2023", "-o", str(tmp_path / seed), "--runs", "10"],
            env={**os.environ, "PYTHONHASHSEED": seed},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in ("1", "2")
    ]  # both at once: the machine's two cores
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    outs = [_files(tmp_path / seed) for seed in ("1", "2")]
    a, b = outs
    assert sorted(a) == sorted(b)
    timed = set()
    for name in sorted(a):
        if a[name] == b[name]:
            continue
        if name.endswith(".json") and name != MANIFEST:
            ja, jb = json.loads(a[name]), json.loads(b[name])
            assert _without_timings(ja) == _without_timings(jb), name
            timed.add(name)
            continue
        assert name == MANIFEST, f"{name} differs between two runs of the same inputs"
    manifests = [json.loads(x[MANIFEST])["files"] for x in outs]
    for m in manifests:
        for name in timed:
            m.pop(name)
    assert manifests[0] == manifests[1]
