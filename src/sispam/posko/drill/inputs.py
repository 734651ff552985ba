"""Masukan Posko dari inject (what a delivered inject becomes in the Posko): the one function
that maps an inject onto the Posko's real input events, so it reaches the players through the
same paths as on election day.

:func:`sispam.latihan.posko_input` gives the intermediate form (a field report, an incident or a
message, text prefixed ``LATIHAN —``); :func:`posko_inputs` turns it into event drafts of the
operation's log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sispam.domain.exercise import Inject
from sispam.latihan.control import PoskoInput, posko_input

Input = tuple[str, dict[str, Any]]


def posko_inputs(inject: Inject, wall: datetime, state: Any) -> list[Input]:
    """The events (type, payload) that put ``inject`` before the players at ``wall`` (local)."""
    seen = posko_input(inject, wall, "id")  # the LATIHAN mark in every language
    return [_note(seen)]


def _note(seen: PoskoInput) -> Input:
    """A message to a role, on the village's page and the log (``note.added``)."""
    text = f"{seen.text} [{seen.sender} → {seen.recipient}]"
    return "note.added", {
        "text": text[:2000],
        "village": seen.village_code,
        "client_id": f"latihan-inject-{seen.inject}",
    }
