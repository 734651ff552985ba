"""Claim: the whole report for Klaten (page, two PDFs, workbook, eight figures) takes a few seconds.

Prints, for the embedded Klaten scenario with its real assessment and plan and a 200-run
simulation (computed once, not timed): the one-off border tracing, each part of ``report_files``
on a cold first pass (documents, figures, the two PDFs, the workbook, the page), a whole cold call
in English, and the median of ``--repeat`` whole calls — wall and CPU time.

    .venv/bin/python benchmarks/report_speed.py [--repeat 3] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from sispam.assess import assess
from sispam.plan import plan
from sispam.report import charts, html, pdf, report_files, xlsx
from sispam.report.context import ReportContext
from sispam.report.documents import documents
from sispam.report.geometry import region_shapes
from sispam.scenario import load_scenario


def clock(fn):  # type: ignore[no-untyped-def]
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="one repeat, no simulation")
    args = ap.parse_args()
    repeat = 1 if args.quick else args.repeat

    s = load_scenario("pilkades-klaten-2023")
    a = assess(s)
    p = plan(s, a)
    sim = None
    if not args.quick:
        from sispam.sim.contingency import simulate

        sim = simulate(s, a, p, runs=200, seed=1)
    day = date(2023, 6, 20)

    _, w, c = clock(lambda: region_shapes(s.region_code))
    print(
        f"borders traced from 401 village polygons: {w:.2f} s wall, {c:.2f} s CPU (once per process)"
    )

    # Cold pass, part by part (Typst memoises across calls in one process, so only the first
    # typesetting of a document is an honest figure).
    ctx = ReportContext(s, a, p, "id", sim=sim, generated=day)
    docs, w, c = clock(lambda: documents(ctx))
    print(f"{'documents (tables, text)':34s} {w:6.2f} s wall {c:6.2f} s CPU")
    ids = list(dict.fromkeys(f for d in docs for f in d.figure_ids()))
    imgs, w, c = clock(lambda: {f: charts.png(charts.draw(ctx, f)) for f in ids})
    print(f"{f'figures ({len(ids)} PNG)':34s} {w:6.2f} s wall {c:6.2f} s CPU")
    for d in docs:
        _, w, c = clock(lambda d=d: pdf.render(d, ctx, imgs))
        print(f"{f'PDF {d.id} (cold)':34s} {w:6.2f} s wall {c:6.2f} s CPU")
    _, w, c = clock(lambda: xlsx.workbook(ctx, docs))
    print(f"{'workbook':34s} {w:6.2f} s wall {c:6.2f} s CPU")
    _, w, c = clock(lambda: html.page(ctx, docs, []))
    print(f"{'page':34s} {w:6.2f} s wall {c:6.2f} s CPU")

    # Whole calls, English (not yet typeset in this process: cold PDFs), then repeats.
    files, w, c = clock(lambda: report_files(s, a, p, "en", sim=sim, generated=day))
    print(f"{'whole report_files, first (en)':34s} {w:6.2f} s wall {c:6.2f} s CPU")
    runs = [clock(lambda: report_files(s, a, p, "id", sim=sim, generated=day))[1:]]
    for _ in range(repeat - 1):
        runs.append(clock(lambda: report_files(s, a, p, "id", sim=sim, generated=day))[1:])
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    print(f"{'whole report_files, repeated':34s} {wall:6.2f} s wall {cpu:6.2f} s CPU")
    size = sum(len(v) for v in files.values()) / 1e6
    print(f"files: {len(files)}, {size:.1f} MB; simulation: {'200 runs' if sim else 'none'}")


if __name__ == "__main__":
    main()
