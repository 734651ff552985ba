"""Memuat skenario dari memori (load a scenario from memory): the files of an upload.

The web app receives ``scenario.toml``, ``villages.csv`` and ``units.csv`` (and an optional
indicator-set TOML) as bytes. They are laid out in a private temporary folder and read by the
ordinary loader, so an upload is validated exactly like a folder and its errors name the same
file, row and column; the folder is removed afterwards.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from sispam.domain import Scenario
from sispam.i18n import t
from sispam.scenario.errors import ScenarioError, ScenarioIssue
from sispam.scenario.load import load_scenario

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def load_scenario_from_files(files: dict[str, bytes]) -> Scenario:
    """Validate and load a scenario given as ``{file name: content}``."""
    bad = [name for name in files if not _SAFE_NAME.match(name)]
    if bad:
        raise ScenarioError(
            [ScenarioIssue(file=name, message=t("posko.error.upload_bad_name")) for name in bad]
        )
    with tempfile.TemporaryDirectory(prefix="sispam-upload-") as tmp:
        folder = Path(tmp) / "scenario"
        folder.mkdir()
        for name, content in files.items():
            (folder / name).write_bytes(content)
        return load_scenario(folder)
