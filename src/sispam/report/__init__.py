"""Laporan (reports): the demo page, and later PDF/XLSX documents.

Public function: :func:`demo_files` — every output file of ``sispam demo`` as name → content.
"""

from sispam.report.demo import demo_files

__all__ = ["demo_files"]
