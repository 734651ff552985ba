"""Every lazily exported name of a package is the object its module defines — also after every
submodule of the package has been imported (a submodule named like an export, such as
``sispam.ops.dispatch`` for the function ``dispatch``, must not take the export's place)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def _lazy_packages() -> list[str]:
    found = []
    for init in sorted((SRC / "sispam").rglob("__init__.py")):
        if re.search(r"\blazy_exports\(", init.read_text(encoding="utf-8")):
            found.append(".".join(init.parent.relative_to(SRC).parts))
    return found


def test_the_lazy_packages_are_found() -> None:
    assert {"sispam.ops", "sispam.plan", "sispam.cli"} <= set(_lazy_packages())


@pytest.mark.parametrize("package", _lazy_packages())
def test_exports_survive_importing_every_submodule(package: str) -> None:
    pkg = importlib.import_module(package)
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name != "__main__":  # `python -m` entry point: importing it runs the command
            importlib.import_module(f"{package}.{info.name}")
    exports: dict[str, str] = pkg._lazy_exports
    for name, module in exports.items():
        want = getattr(importlib.import_module(module), name)
        assert getattr(pkg, name) is want, f"{package}.{name}"
        assert vars(importlib.import_module(package)).get(name, want) is want, name
