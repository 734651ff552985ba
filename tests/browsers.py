"""Debian's chromium for browser tests (Playwright drives it; nothing downloads a browser).

The browser is looked up on PATH, so a machine without it — or a PATH that hides it — skips
the browser tests with a visible reason; `.ci/run` installs it so CI runs them.
"""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Debian's chromium on PATH (apt-get install chromium; .ci/run installs it)",
)
