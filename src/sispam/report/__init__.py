"""Laporan (reports): the demo page, Rencana Pengamanan and Rencana Kontinjensi as PDF, XLSX and
HTML, static maps and charts.

Public functions: :func:`report_files` (every output file as name → content) and
:func:`demo_files` (the same, under the name ``sispam demo`` uses).
"""

from sispam.report.demo import demo_files, report_files

__all__ = ["demo_files", "report_files"]
