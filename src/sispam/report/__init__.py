"""Laporan (reports): the demo page, Rencana Pengamanan and Rencana Kontinjensi as PDF, XLSX and
HTML, static maps and charts.

Public functions: :func:`report_files` (every output file as name → content),
:func:`demo_files` (the same, under the name ``sispam demo`` uses) and :func:`read_settings`
(the scenario's ``[report]`` table, validated).
"""

# Names are imported on first use (PEP 562), so importing this package, or one light module of
# it, does not load its heavy libraries; ``from sispam.X import name`` works as before.
from __future__ import annotations

from typing import TYPE_CHECKING

from sispam._lazy import lazy_exports

if TYPE_CHECKING:
    from sispam.report.context import ReportSettings, read_settings
    from sispam.report.demo import demo_files, report_files

_EXPORTS: dict[str, str] = {
    "demo_files": "sispam.report.demo",
    "report_files": "sispam.report.demo",
    "ReportSettings": "sispam.report.context",
    "read_settings": "sispam.report.context",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = ["ReportSettings", "demo_files", "read_settings", "report_files"]
