"""The Klaten drill for the Posko's drill tests: prepared once from the embedded operation's own
scenario and plan, and the principals that act in it."""

from __future__ import annotations

from datetime import timedelta

from posko_fixtures import OP

from sispam.domain.exercise import Exercise
from sispam.posko.events import Principal

DRILL = OP + "-latihan"
KARANGANOM = "33.10.24.2003"  # the drill's village (merah zone), Klaten Utara 33.10.24
_CACHE: dict[str, Exercise] = {}


def klaten_drill(inputs: dict, compact_min: float | None = None) -> Exercise:
    """The seed storyline at Karanganom, prepared on the Posko's own plan. ``compact_min``
    re-spaces the injects that many drill minutes apart (a short MSEL for browser tests)."""
    key = f"{inputs['inputs_sha256']}:{compact_min}"
    if key not in _CACHE:
        from sispam.posko.drill.load import prepare_job

        text = prepare_job(lambda *_: None, inputs["scenario"], inputs["plan"])
        exercise = Exercise.model_validate_json(text)
        if compact_min is not None:
            injects = tuple(
                i.model_copy(
                    update={"real_time": exercise.start + timedelta(minutes=compact_min * n)}
                )
                for n, i in enumerate(sorted(exercise.injects, key=lambda i: i.number))
            )
            exercise = exercise.model_copy(update={"injects": injects})
        _CACHE[key] = exercise
    return _CACHE[key]


def who(role: str, agency: str | None = "polri", area: str | None = None) -> Principal:
    """A signed-in account of ``role`` as the writer sees it (account id 1: not the server)."""
    return Principal(role, role, agency, area=area, account_id=1)


CONTROLLER = who("controller")
EVALUATOR = who("evaluator")
KAPOLRES = who("kapolres")
OPERATOR = who("operator")
TNI = who("tni", "tni")
PEMKAB = who("pemkab", "pemkab")
