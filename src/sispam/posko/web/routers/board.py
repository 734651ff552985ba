"""Peta dan papan (map and board): villages with zone and situation, a village's page, the
level and note commands, and the map's data (embedded polygons, posts, reserves, units)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sispam import geo
from sispam.domain.doctrine import SITUATION_COLOR
from sispam.posko.events import Principal
from sispam.posko.permissions import Perm, allowed, unit_in_scope, village_in_scope
from sispam.posko.web.common import (
    command,
    level_options,
    operation,
    village_or_404,
    visible_villages,
)
from sispam.posko.web.deps import need
from sispam.posko.web.render import page

router = APIRouter()


def _zones(state: Any) -> dict[str, dict[str, str]]:
    scenario = state.view("operation").scenario
    return {
        z["id"]: {"name_id": z["name_id"], "name_en": z["name_en"], "color": z["color"]}
        for z in scenario.get("zones", {}).get("zones", ())
    }


@router.get("/ops/{op_id}/map")
def map_page(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> Response:
    meta, state = operation(request, op_id)
    return page(request, "map.html", op=meta, seq=state.seq, zones=_zones(state), tab="map")


@router.get("/ops/{op_id}/board")
def board_page(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> Response:
    meta, state = operation(request, op_id)
    return page(
        request,
        "board.html",
        op=meta,
        seq=state.seq,
        zones=_zones(state),
        tab="board",
        villages=sorted(visible_villages(state, p), key=lambda v: (v["district_name"], v["name"])),
    )


@router.get("/ops/{op_id}/board/rows")
def board_rows(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> Response:
    meta, state = operation(request, op_id)
    return page(
        request,
        "_board_rows.html",
        op=meta,
        zones=_zones(state),
        villages=sorted(visible_villages(state, p), key=lambda v: (v["district_name"], v["name"])),
    )


@router.get("/ops/{op_id}/villages/{code}")
def village_page(
    request: Request, op_id: str, code: str, p: Principal = need(Perm.VIEW)
) -> Response:
    meta, state = operation(request, op_id)
    v = village_or_404(state, p, code)
    with state.lock:
        units = [dict(u) for u in state.view("units").units.values() if code in u["posts"]]
        notes = [n for n in state.view("notes").items if n["village"] == code][-20:]
    fragment = request.headers.get("hx-request") == "true"
    return page(
        request,
        "_village.html" if fragment else "village.html",
        op=meta,
        seq=state.seq,
        v=v,
        zones=_zones(state),
        units=units,
        notes=list(reversed(notes)),
        levels=level_options(p, v, state),
        may_note=allowed(p.role, Perm.NOTE_ADD),
        tab="board",
    )


@router.post("/ops/{op_id}/villages/{code}/level")
async def set_level(
    request: Request, op_id: str, code: str, p: Principal = need(Perm.LEVEL_SET)
) -> Response:
    form = await request.form()
    payload = {"village": code, "level": form.get("level"), "reason": form.get("reason", "")}
    await command(request, op_id, "village.level_set", payload, p)
    return RedirectResponse(f"/ops/{op_id}/villages/{code}", 303)


@router.post("/ops/{op_id}/villages/{code}/notes")
async def add_note(
    request: Request, op_id: str, code: str, p: Principal = need(Perm.NOTE_ADD)
) -> Response:
    form = await request.form()
    await command(request, op_id, "note.added", {"village": code, "text": form.get("text", "")}, p)
    return RedirectResponse(f"/ops/{op_id}/villages/{code}", 303)


@router.get("/api/v1/ops/{op_id}/board")
def board_api(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> dict[str, Any]:
    meta, state = operation(request, op_id)
    return {"operation": meta, "seq": state.seq, "villages": visible_villages(state, p)}


@router.get("/api/v1/ops/{op_id}/geo")
def geo_api(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> dict[str, Any]:
    """Everything the map draws, from embedded data only (works offline)."""
    meta, state = operation(request, op_id)
    villages = visible_villages(state, p)
    op_codes = {v["code"] for v in villages}
    regency = meta.get("region_code", "")[:5]
    shapes = []
    for code in geo.polygon_codes("village"):
        if regency and not code.startswith(regency + "."):
            continue
        shapes.append(
            {
                "type": "Feature",
                "geometry": geo.village_polygon(code),
                "properties": {"code": code, "name": geo.region(code).name, "op": code in op_codes},
            }
        )
    with state.lock:
        units = [
            {k: u[k] for k in ("name", "kind", "agency", "status", "lat", "lng", "village")}
            for u in state.view("units").units.values()
            if u["lat"] is not None
            and (
                p.role not in ("reporter", "kapolsek")
                or any(village_in_scope(p.role, p.area, c) for c in u["posts"])
            )
        ]
    sites = state.view("operation").reserve_sites() if p.role != "reporter" else []
    return {
        "operation": meta,
        "seq": state.seq,
        "zones": _zones(state),
        "levels": {k.value: c for k, c in SITUATION_COLOR.items()},
        "shapes": {"type": "FeatureCollection", "features": shapes},
        "villages": [
            {
                k: v[k]
                for k in ("code", "name", "district_name", "lat", "lng", "zone", "level", "tps")
            }
            for v in villages
        ],
        "sites": sites,
        "units": units,
        "may_change_units": [
            u["name"] for u in units if unit_in_scope(p.role, p.agency, u["kind"])
        ],
    }
