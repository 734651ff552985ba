"""`sispam demo` — the README's first command — as a user runs it: every stage on the embedded
Klaten scenario into one offline folder, a summary whose figures are those of the files it wrote,
and a second run that replaces its own earlier output and leaves nothing else behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_process

pytestmark = pytest.mark.slow

FILES = {
    "index.html",
    "assessment.json",
    "plan.json",
    "simulation.json",
    "scenario.json",
    "rencana-pengamanan.pdf",
    "rencana-kontinjensi.pdf",
    "rencana.xlsx",
}


def test_demo_writes_the_page_and_says_what_it_found(tmp_path: Path) -> None:
    out = tmp_path / "sispam-demo"
    first = run_process("demo", "--out", str(out), "--lang", "en", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert {p.name for p in out.iterdir()} >= FILES
    assert (out / "rencana-pengamanan.pdf").read_bytes().startswith(b"%PDF")
    assert "Klaten" in (out / "index.html").read_text(encoding="utf-8")

    said = first.stdout
    zones = json.loads((out / "assessment.json").read_text())["villages"]
    assert f"{len(zones)} villages" in said and len(zones) == 67
    o = json.loads((out / "simulation.json").read_text())["overall"]
    assert (
        f"Simulated 1000 times: chance some village reaches kuning "
        f"{100 * o['p_any_kuning']['value']:.1f}%, merah {100 * o['p_any_merah']['value']:.1f}%; "
        f"time to containment median {o['containment_p50']['value']:.0f} min, "
        f"p90 {o['containment_p90']['value']:.0f} min (model estimates"
    ) in said
    assert f"Done: open {out / 'index.html'}" in said

    before = (out / "index.html").stat().st_mtime_ns
    second = run_process("demo", "--out", str(out), cwd=tmp_path)  # its own earlier output
    assert second.returncode == 0, second.stderr
    assert "Selesai: buka" in second.stdout
    assert (out / "index.html").stat().st_mtime_ns != before  # written anew
    assert {p.name for p in out.iterdir()} >= FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sispam-demo"]  # no .old, no temp
