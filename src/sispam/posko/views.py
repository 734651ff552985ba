"""The core projections: the operation itself, the board (villages and their situation), the
units (where each is and its status) and the notes. Plain dicts, so the JSON the stages wrote
is read as it is — a plan with fields added later still loads (we show only what we know)."""

from __future__ import annotations

from collections import deque
from typing import Any

from sispam.domain import KIND_AGENCY, SituationLevel, UnitKind
from sispam.posko.events import Event
from sispam.posko.projections import Projection, handles


class OperationView(Projection):
    """Operasi: title, exercise flag and the stored scenario, assessment and plan (as JSON)."""

    name = "operation"

    def __init__(self) -> None:
        self.meta: dict[str, Any] = {}
        self.scenario: dict[str, Any] = {}
        self.assessment: dict[str, Any] = {}
        self.plan: dict[str, Any] = {}

    @handles("operation.created")
    def _created(self, ev: Event) -> None:
        p = ev.payload
        self.meta = {
            "id": p["id"],
            "title": p["title"],
            "exercise": bool(p.get("exercise")),
            "created_at": ev.ts,
            "inputs_sha256": p.get("inputs_sha256", ""),
            "region_code": p["scenario"].get("region_code", ""),
            "election_date": p["scenario"].get("election_date", ""),
        }
        self.scenario, self.assessment, self.plan = p["scenario"], p["assessment"], p["plan"]

    @property
    def exercise(self) -> bool:
        return bool(self.meta.get("exercise"))

    def reserve_sites(self) -> list[dict[str, Any]]:
        return [
            {k: s.get(k) for k in ("site_id", "name", "lat", "lng", "kind")}
            for s in self.plan.get("reserve_sites", ())
        ]

    def snapshot(self) -> Any:
        return self.meta


class Board(Projection):
    """Papan situasi: per village its zone, score, TPS, situation level and notes count."""

    name = "board"

    def __init__(self) -> None:
        self.villages: dict[str, dict[str, Any]] = {}

    @handles("operation.created")
    def _created(self, ev: Event) -> None:
        scenario, plan = ev.payload["scenario"], ev.payload["plan"]
        planned = {v.get("code"): v for v in plan.get("villages", ())}
        zones = plan.get("zones", {})
        scores = {r.get("code"): r for r in ev.payload["assessment"].get("villages", ())}
        for v in scenario.get("villages", ()):
            code = v["code"]
            pv, risk = planned.get(code, {}), scores.get(code, {})
            self.villages[code] = {
                "code": code,
                "name": v.get("name", code),
                "district_code": v.get("district_code", code[:8]),
                "district_name": v.get("district_name", ""),
                "lat": v.get("lat"),
                "lng": v.get("lng"),
                "voters": v.get("voters", 0),
                "tps": v.get("tps", 1),
                "zone": zones.get(code) or risk.get("zone") or v.get("zone") or "",
                "score": risk.get("score", pv.get("score")),
                "pinned": bool(risk.get("pinned")),
                "required": pv.get("required", {}),
                "assigned": pv.get("assigned", {}),
                "response_min": pv.get("response_min"),
                "site_id": pv.get("site_id"),
                "level": SituationLevel.HIJAU.value,
                "level_reason": "",
                "level_by": "",
                "level_at": "",
                "notes": 0,
                "seq": ev.seq,
            }

    @handles("village.level_set")
    def _level(self, ev: Event) -> None:
        v = self.villages[ev.payload["village"]]
        v.update(
            level=ev.payload["level"],
            level_reason=ev.payload["reason"],
            level_by=ev.actor,
            level_at=ev.ts,
            seq=ev.seq,
        )

    @handles("note.added")
    def _note(self, ev: Event) -> None:
        code = ev.payload.get("village")
        if code in self.villages:
            self.villages[code]["notes"] += 1
            self.villages[code]["seq"] = ev.seq

    def snapshot(self) -> Any:
        return self.villages


class Units(Projection):
    """Satuan: every unit with its post under the plan, its status and last known position."""

    name = "units"

    def __init__(self) -> None:
        self.units: dict[str, dict[str, Any]] = {}

    @handles("operation.created")
    def _created(self, ev: Event) -> None:
        scenario, plan = ev.payload["scenario"], ev.payload["plan"]
        key = plan.get("key_phase")
        places = {v["code"]: v for v in scenario.get("villages", ())}
        posts: dict[str, list[str]] = {}
        for a in plan.get("assignments", ()):
            if a.get("phase") == key:
                posts.setdefault(a["unit"], []).append(a["village_code"])
        reserves = {r["unit"]: r for r in plan.get("reserves", ())}
        for u in scenario.get("units", ()):
            name, kind = u["name"], u["kind"]
            reserve = reserves.get(name)
            villages = sorted(set(posts.get(name, ())))
            lat, lng = u.get("lat"), u.get("lng")
            if reserve is not None:
                lat, lng = reserve.get("lat", lat), reserve.get("lng", lng)
            elif villages and villages[0] in places:
                lat, lng = places[villages[0]]["lat"], places[villages[0]]["lng"]
            self.units[name] = {
                "name": name,
                "kind": kind,
                "agency": KIND_AGENCY[UnitKind(kind)].value,
                "strength": u.get("strength", 0),
                "posts": villages,
                "reserve_site": reserve.get("site_name") if reserve else None,
                "reserve_role": reserve.get("role") if reserve else None,
                "status": "siaga",
                "village": villages[0] if len(villages) == 1 else None,
                "lat": lat,
                "lng": lng,
                "note": "",
                "updated_by": "",
                "updated_at": ev.ts,
            }

    @handles("unit.status_set")
    def _status(self, ev: Event) -> None:
        u, p = self.units[ev.payload["unit"]], ev.payload
        u.update(status=p["status"], note=p.get("note", ""), updated_by=ev.actor, updated_at=ev.ts)
        if p.get("village"):
            u["village"] = p["village"]
        if p.get("lat") is not None and p.get("lng") is not None:
            u["lat"], u["lng"] = p["lat"], p["lng"]

    def snapshot(self) -> Any:
        return self.units


class Notes(Projection):
    """Catatan: the latest notes (the full history stays in the log)."""

    name = "notes"
    KEEP = 500

    def __init__(self) -> None:
        self.items: deque[dict[str, Any]] = deque(maxlen=self.KEEP)

    @handles("note.added")
    def _note(self, ev: Event) -> None:
        self.items.append(
            {
                "seq": ev.seq,
                "ts": ev.ts,
                "actor": ev.actor,
                "village": ev.payload.get("village"),
                "text": ev.payload["text"],
            }
        )

    def snapshot(self) -> Any:
        return list(self.items)


PROJECTIONS: tuple[type[Projection], ...] = (OperationView, Board, Units, Notes)
