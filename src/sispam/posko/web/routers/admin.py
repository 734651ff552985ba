"""Administrasi: accounts (create, disable, reset) and operations (load an uploaded scenario in
a worker process, with progress)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sispam.domain import PoskoRole, SispamError
from sispam.i18n import get_language, t
from sispam.posko import accounts
from sispam.posko.events import Principal
from sispam.posko.jobs import Jobs
from sispam.posko.operation import create_operation
from sispam.posko.permissions import Perm
from sispam.posko.web.deps import CREDENTIALS, need, posko_of
from sispam.posko.web.render import page

router = APIRouter()
MAX_UPLOAD = 20 * 1024 * 1024


def _jobs(request: Request) -> Jobs:
    if request.app.state.jobs is None:
        request.app.state.jobs = Jobs()
    return request.app.state.jobs


@router.get("/admin/users")
def users_page(request: Request, p: Principal = need(Perm.USERS)) -> Response:
    rows = accounts.accounts(posko_of(request))
    return page(
        request,
        "admin_users.html",
        users=rows,
        roles=list(PoskoRole),
        created=None,
        error=None,
        tab="admin",
    )


@router.post("/admin/users")
async def users_create(request: Request, p: Principal = need(Perm.USERS)) -> Response:
    form = await request.form()
    posko = posko_of(request)
    fields: dict[str, Any] = {
        k: (str(form.get(k) or "").strip() or None) for k in ("agency", "unit", "area")
    }
    name, role = str(form.get("username", "")).strip(), str(form.get("role", ""))
    created, error = None, None
    try:
        if not name or role not in PoskoRole.__members__.values():
            raise SispamError(t("posko.error.bad_request"))
        _id, password = await run_in_threadpool(
            lambda: accounts.create_account(posko, name, role, by=p, **fields)
        )
        created = {"username": name, "password": password}
    except SispamError as exc:
        error = str(exc)
    rows = accounts.accounts(posko)
    return page(
        request,
        "admin_users.html",
        400 if error else 200,
        users=rows,
        roles=list(PoskoRole),
        created=created,
        error=error,
        tab="admin",
    )


@router.post("/admin/users/{account_id}/disable")
async def users_disable(
    request: Request, account_id: int, p: Principal = need(Perm.USERS)
) -> Response:
    posko = posko_of(request)
    if accounts.account(posko, account_id) is None:
        raise HTTPException(404)
    await run_in_threadpool(accounts.disable_account, posko, account_id, p)
    CREDENTIALS.clear()  # takes effect now in this process
    return RedirectResponse("/admin/users", 303)


@router.post("/admin/users/{account_id}/reset")
async def users_reset(
    request: Request, account_id: int, p: Principal = need(Perm.USERS)
) -> Response:
    posko = posko_of(request)
    row = accounts.account(posko, account_id)
    if row is None:
        raise HTTPException(404)
    password = await run_in_threadpool(accounts.reset_password, posko, account_id, p)
    CREDENTIALS.clear()  # takes effect now in this process
    return page(
        request,
        "admin_users.html",
        users=accounts.accounts(posko),
        roles=list(PoskoRole),
        created={"username": row.username, "password": password},
        error=None,
        tab="admin",
    )


@router.get("/admin/operations")
def operations_page(request: Request, p: Principal = need(Perm.OPERATIONS)) -> Response:
    ops = posko_of(request).store.operations()
    return page(request, "admin_ops.html", ops=ops, job=None, error=None, tab="admin")


@router.post("/admin/operations")
async def operations_upload(request: Request, p: Principal = need(Perm.OPERATIONS)) -> Response:
    """Load an operation from uploaded scenario files; assess and plan run in a worker."""
    form = await request.form()
    files: dict[str, bytes] = {}
    for item in form.getlist("files"):
        if hasattr(item, "read"):
            data = await item.read()  # type: ignore[union-attr]
            if len(data) > MAX_UPLOAD:
                raise HTTPException(413)
            files[str(item.filename).rsplit("/", 1)[-1]] = data  # type: ignore[union-attr]
    if not files:
        raise HTTPException(400, t("posko.error.bad_request"))
    op_id = str(form.get("id") or "").strip() or None
    exercise = form.get("exercise") == "1"
    posko = posko_of(request)

    def store(inputs: dict[str, Any]) -> str:
        return create_operation(posko, inputs, op_id, exercise=exercise, source="upload", by=p)[0]

    job = _jobs(request).submit(
        "operation", "sispam.posko.operation:build_inputs", {"files": files}, store, get_language()
    )
    return RedirectResponse(f"/admin/jobs/{job.id}", 303)


@router.get("/admin/jobs/{job_id}")
def job_page(request: Request, job_id: int, p: Principal = need(Perm.OPERATIONS)) -> Response:
    job = _jobs(request).get(job_id)
    if job is None:
        raise HTTPException(404)
    fragment = request.headers.get("hx-request") == "true"
    return page(request, "_job.html" if fragment else "job.html", job=job.as_json(), tab="admin")


@router.get("/api/v1/jobs/{job_id}")
def job_api(request: Request, job_id: int, p: Principal = need(Perm.OPERATIONS)) -> dict[str, Any]:
    job = _jobs(request).get(job_id)
    if job is None:
        raise HTTPException(404)
    return job.as_json()
