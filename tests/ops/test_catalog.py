"""Every refusal and intake error the rules can give has both languages in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from sispam.i18n import catalogue

SRC = Path(__file__).resolve().parents[2] / "src" / "sispam"


def test_every_refusal_key_exists() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "ops").rglob("*.py"))
    used = set(re.findall(r"""refuse\(\s*["']([a-z_]+)["']""", text))
    used |= {f"error.{k}" for k in re.findall(r"""_Unreadable\(\s*["']([a-z_]+)["']""", text)}
    assert len(used) > 40  # the scan itself works
    keys = catalogue()
    missing = sorted(
        k
        for k in used
        if (f"ops.intake.{k}" if k.startswith("error.") else f"ops.refuse.{k}") not in keys
    )
    assert not missing, missing


def test_every_enum_value_has_a_label() -> None:
    from sispam.domain.incident import IncidentCategory, IncidentState, TpsStatus, UnitState

    keys = catalogue()
    for prefix, enum in (
        ("ops.category", IncidentCategory),
        ("ops.tps_status", TpsStatus),
        ("ops.unit_state", UnitState),
        ("ops.sitrep.state", IncidentState),
    ):
        for member in enum:
            assert f"{prefix}.{member.value}" in keys, (prefix, member)
