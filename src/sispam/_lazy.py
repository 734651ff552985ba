"""Lazy package exports (PEP 562): ``from sispam.plan import plan`` imports the module holding
``plan`` only when the name is first used, so importing a package — or a light module of it —
does not load every heavy library (highspy, numba, matplotlib, typst) at start-up."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any


class _LazyPackage(types.ModuleType):
    """A package whose exports load lazily, and stay its exports.

    Importing a submodule sets it as an attribute of its package. Where a submodule is named
    like an export it holds (``sispam.ops.dispatch``, home of the function ``dispatch``), that
    would replace the export with the module for good — ``from sispam.ops import dispatch``
    then gives a module, a bug that appears only after something imported the submodule.
    Here the name is left to ``__getattr__``, which gives the export when it is first asked
    for (not now: resolving it may be costly, as building the whole CLI is).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        exports: dict[str, str] = self.__dict__.get("_lazy_exports", {})
        if isinstance(value, types.ModuleType) and exports.get(name) == value.__name__:
            return
        super().__setattr__(name, value)


def lazy_exports(
    package: str, exports: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose names live in ``exports``
    (name → module)."""

    module_object = sys.modules[package]
    module_object.__class__ = _LazyPackage
    module_object._lazy_exports = exports  # type: ignore[attr-defined]

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(importlib.import_module(package), name, value)  # later look-ups skip this
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(importlib.import_module(package)), *exports})

    return __getattr__, __dir__
