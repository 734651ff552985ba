"""Memuat paket latihan (load a drill into an exercise operation): the package's drill
(``latihan.json``, MSEL and EEGs) as a ``drill.loaded`` event of an exercise operation — created
from the package's scenario and plan when it does not exist yet. A live operation is refused:
a drill never runs in one.

Also what the controller's page runs in a worker: :func:`prepare_job` prepares a drill from the
exercise operation's own scenario and plan (:func:`sispam.latihan.prepare`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sispam.domain import Plan, Scenario
from sispam.domain.exercise import Exercise
from sispam.i18n import t
from sispam.latihan.settings import LatihanError
from sispam.posko.chain import canonical
from sispam.posko.events import SYSTEM, Principal


def loaded_payload(exercise: Exercise, source: str = "") -> dict[str, Any]:
    """The ``drill.loaded`` payload of a drill (its digest makes loading it again a no-op)."""
    data = exercise.model_dump(mode="json")
    digest = hashlib.sha256(canonical(data).encode()).hexdigest()
    return {"exercise": data, "source": source[:500], "sha256": digest}


def load_drill(
    posko: Any,
    op_id: str,
    exercise: Exercise,
    source: str = "",
    by: Principal = SYSTEM,
) -> bool:
    """Append ``drill.loaded`` to the exercise operation ``op_id``; False if the same drill is
    loaded already (idempotent). Raises :class:`LatihanError` for a live operation."""
    meta = posko.store.operation(op_id)
    if meta is None:
        raise LatihanError(t("posko.error.no_operation", id=op_id))
    if not meta["exercise"]:
        raise LatihanError(t("latihan.posko.error.live"))
    payload = loaded_payload(exercise, source)
    drill = posko.state(op_id).view("drill")
    if drill.loaded.get("sha256") == payload["sha256"]:
        return False
    posko.append(op_id, "drill.loaded", payload, by)
    return True


def load_package(
    posko: Any,
    folder: Path,
    *,
    op_id: str | None = None,
    scenario_ref: str | None = None,
    msel: Path | None = None,
) -> tuple[str, bool, bool]:
    """Load a package folder (``sispam latihan load``): create the exercise operation from the
    package's scenario and plan if needed, then the drill. Returns (id, created, loaded)."""
    from sispam.latihan.msel import load_msel
    from sispam.latihan.package import PLAN_FILE, read_package
    from sispam.posko.operation import build_inputs, create_operation
    from sispam.scenario import load_scenario

    exercise, plan = read_package(folder)
    ref = scenario_ref or exercise.scenario
    scenario = load_scenario(ref)
    if scenario.name != exercise.scenario_name:
        raise LatihanError(
            t("latihan.plan.other_scenario", plan=exercise.scenario_name, name=scenario.name)
        )
    if msel is not None:
        injects = load_msel(msel, scenario=scenario, village=exercise.village_code)
        exercise = exercise.model_copy(update={"injects": injects})
    op_id = op_id or f"{scenario.name}-latihan"
    created = False
    known = posko.store.operation(op_id)
    if known is None:
        plan_json = (folder / PLAN_FILE).read_text(encoding="utf-8")
        inputs = build_inputs(ref, plan_json)
        op_id, created = create_operation(posko, inputs, op_id, exercise=True, source=str(folder))
    elif not known["exercise"]:
        raise LatihanError(t("latihan.posko.error.live"))
    del plan  # the operation's own plan is what the Posko shows; the package's built it
    loaded = load_drill(posko, op_id, exercise, source=str(folder))
    return op_id, created, loaded


def prepare_job(
    progress: Any,
    scenario: dict[str, Any],
    plan: dict[str, Any],
    village: str | None = None,
    start: str | None = None,
    lang: str = "id",
) -> str:
    """Worker-process entry: a drill prepared from the operation's own scenario and plan, as the
    Exercise's JSON text."""
    from sispam.latihan.prepare import prepare

    progress(0.1, t("latihan.posko.job.prepare"))
    s = Scenario.model_validate(scenario)
    p = Plan.model_validate({k: v for k, v in plan.items() if k in Plan.model_fields})
    when = datetime.fromisoformat(start) if start else None
    exercise = prepare(s, p, village=village or None, start=when, lang=lang)
    progress(0.9, t("latihan.posko.job.store"))
    return json.dumps(exercise.model_dump(mode="json"))
