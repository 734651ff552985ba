"""Health check: open without an account (for a load balancer or a supervisor)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from sispam.posko.web.deps import PUBLIC

router = APIRouter()


@router.get("/healthz", dependencies=[PUBLIC])
def healthz(request: Request) -> dict[str, object]:
    return {"ok": True, "writer_batches": request.app.state.posko.writer.batches}
