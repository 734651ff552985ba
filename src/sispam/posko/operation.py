"""Memuat operasi (load an operation): scenario → assessment → plan, through the stages' public
functions, appended as one ``operation.created`` event (the chain's first)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from sispam.domain import SispamError
from sispam.i18n import t
from sispam.posko.chain import canonical
from sispam.posko.events import SYSTEM, Draft, Principal
from sispam.posko.tables import operations as O

ProgressFn = Any  # Callable[[float, str], None]


def build_inputs(
    scenario: str | Path | None = None,
    plan_json: str | None = None,
    files: dict[str, bytes] | None = None,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Load (from a folder/embedded name or from uploaded ``files``), assess and plan.

    CPU-heavy: the web app runs it in a worker process (:mod:`sispam.posko.jobs`). Returns the
    JSON of the three stages; a given plan is kept as its JSON (fields we do not know included).
    """
    from sispam.assess import assess
    from sispam.plan import plan as make_plan
    from sispam.scenario import load_scenario
    from sispam.scenario.memory import load_scenario_from_files

    step = progress or (lambda _f, _m: None)
    step(0.05, t("posko.job.load"))
    s = load_scenario_from_files(files) if files is not None else load_scenario(scenario)  # type: ignore[arg-type]
    step(0.25, t("posko.job.assess"))
    a = assess(s)
    if plan_json is not None:
        plan = json.loads(plan_json)
        if plan.get("scenario") not in (None, s.name):
            raise SispamError(
                t("posko.error.plan_mismatch", plan=plan.get("scenario"), scenario=s.name)
            )
    else:
        step(0.4, t("posko.job.plan"))
        plan = json.loads(make_plan(s, a).model_dump_json())
    step(0.95, t("posko.job.store"))
    scenario_json = stable_json(s)
    return {
        "scenario": scenario_json,
        "assessment": json.loads(a.model_dump_json()),
        "plan": plan,
        "inputs_sha256": inputs_sha256(scenario_json, plan if plan_json is not None else None),
    }


def stable_json(model: Any) -> Any:
    """A domain object as JSON with its sets as sorted lists: the same scenario gives the same
    bytes in every process (a set's order follows the per-process string hash seed)."""

    def walk(py: Any, js: Any) -> Any:
        if isinstance(py, set | frozenset):
            return sorted(js, key=canonical)
        if isinstance(py, dict):
            return {k: walk(py.get(k), v) for k, v in js.items()}
        if isinstance(py, list | tuple):
            return [walk(p, j) for p, j in zip(py, js, strict=True)]
        return js

    return walk(model.model_dump(mode="python"), json.loads(model.model_dump_json()))


def inputs_sha256(scenario: dict[str, Any], given_plan: dict[str, Any] | None) -> str:
    """What makes two loads the same operation: the scenario and a given plan. (A plan computed
    here is not hashed: it carries its solver's timing, so it differs run to run.)"""
    return hashlib.sha256(
        canonical({"scenario": scenario, "plan": given_plan}).encode()
    ).hexdigest()


def create_operation(
    posko,  # type: ignore[no-untyped-def]
    inputs: dict[str, Any],
    operation_id: str | None = None,
    exercise: bool = False,
    title: str | None = None,
    source: str = "",
    by: Principal = SYSTEM,
) -> tuple[str, bool]:
    """Append ``operation.created`` for ``inputs`` unless the same operation already exists.

    Returns (id, created). Idempotent: the same id with the same inputs is a no-op; the same id
    with other inputs is refused (choose another ``--id``)."""
    scenario = inputs["scenario"]
    op_id = operation_id or scenario["name"] + ("-latihan" if exercise else "")
    digest = inputs["inputs_sha256"]
    known = posko.store.operation(op_id)
    if known is not None:
        if known["inputs_sha256"] == digest and bool(known["exercise"]) == exercise:
            return op_id, False
        raise SispamError(t("posko.error.operation_exists", id=op_id))
    payload = {
        "id": op_id,
        "title": title or scenario.get("title", op_id),
        "exercise": exercise,
        **inputs,
        "source": source,
    }
    draft = posko.draft(op_id, "operation.created", payload, by)
    _append_with_index(posko, draft, exercise, digest)
    return op_id, True


def _append_with_index(posko, draft: Draft, exercise: bool, digest: str) -> None:  # type: ignore[no-untyped-def]
    """The first event and the index row in one transaction (no operation without its chain)."""
    from sispam.posko.store import now_iso

    store = posko.store
    with store.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        store.lock(conn, draft.operation_id)
        if store.head(conn, draft.operation_id)[0] != 0:
            raise SispamError(t("posko.error.operation_exists", id=draft.operation_id))
        ts = now_iso()
        ev = store.seal(draft, 1, "0" * 64, ts)
        store.insert(conn, [ev])
        conn.execute(
            insert(O).values(
                id=draft.operation_id,
                title=draft.payload["title"],
                exercise=exercise,
                created_at=ts,
                inputs_sha256=digest,
            )
        )
    posko.states.catch_up(draft.operation_id)
