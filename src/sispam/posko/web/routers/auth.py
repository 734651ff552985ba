"""Masuk dan keluar (sign in/out), password change, language, bearer tokens for machines."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import defaultdict, deque
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sispam.domain import SispamError
from sispam.i18n import set_language, t
from sispam.posko import accounts
from sispam.posko.events import Principal
from sispam.posko.web.deps import (
    CREDENTIALS,
    LANG_COOKIE,
    PUBLIC,
    SESSION_COOKIE,
    SIGNED_IN,
    need,
    posko_of,
)
from sispam.posko.web.render import page

router = APIRouter()

LOGIN_WINDOW_S = 300
LOGIN_PER_WINDOW = 30


class RateLimit:
    """Sign-in attempts per client address in a sliding window (in memory, per process; the
    per-account lock-out in the database holds across processes)."""

    def __init__(self, limit: int = LOGIN_PER_WINDOW, window: float = LOGIN_WINDOW_S) -> None:
        self.limit, self.window = limit, window
        self.hits: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        q = self.hits[key]
        while q and q[0] < now - self.window:
            q.popleft()
        if len(q) >= self.limit:
            return False
        q.append(now)
        return True


def _limiter(request: Request) -> RateLimit:
    if not hasattr(request.app.state, "login_limit"):
        request.app.state.login_limit = RateLimit()
    return request.app.state.login_limit


def _ip(request: Request) -> str:
    return request.client.host if request.client else ""


def secure_cookies(request: Request) -> bool:
    """Secure cookies except on plain http to this machine itself (a laptop Posko)."""
    forced = getattr(request.app.state, "secure_cookies", None)
    if forced is not None:
        return bool(forced)
    return request.url.scheme == "https" or request.url.hostname not in (
        "127.0.0.1",
        "localhost",
        "::1",
    )


def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


LOGIN_CSRF_COOKIE = "posko_login_csrf"


def _login_page(request: Request, status: int, nxt: str, error: str | None) -> Response:
    """The sign-in form with a fresh pre-session CSRF token (double submit: the same random value
    in an HttpOnly, SameSite=Strict cookie and in the form), so no other site can sign a browser
    in to an account of its choosing."""
    token = secrets.token_urlsafe(24)
    resp = page(request, "login.html", status, next=nxt, error=error, login_csrf=token)
    resp.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        path="/login",
    )
    return resp


@router.get("/login", dependencies=[PUBLIC])
def login_form(request: Request, next: str = "/", lang: str | None = None) -> Response:
    if lang in ("id", "en"):
        set_language(lang)
    resp = _login_page(request, 200, _safe_next(next), None)
    if lang in ("id", "en"):
        resp.set_cookie(
            LANG_COOKIE, lang, samesite="strict", httponly=True, secure=secure_cookies(request)
        )
    return resp


@router.post("/login", dependencies=[PUBLIC])
async def login(request: Request) -> Response:
    form = await request.form()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    nxt = _safe_next(str(form.get("next", "/")))
    if not _limiter(request).allow(_ip(request)):
        return _login_page(request, 429, nxt, t("posko.error.rate_limited"))
    sent, kept = str(form.get("csrf", "")), request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not sent or not hmac.compare_digest(sent, kept):
        return _login_page(request, 403, nxt, t("posko.error.csrf"))
    posko = posko_of(request)
    result = await run_in_threadpool(accounts.authenticate, posko, username, password, _ip(request))
    if result.principal is None:
        key = {"locked": "posko.error.locked", "disabled": "posko.error.disabled"}.get(
            result.reason, "posko.error.bad_login"
        )
        return _login_page(request, 401, nxt, t(key))
    token, _csrf = await run_in_threadpool(accounts.new_session, posko, result.principal.account_id)
    resp = RedirectResponse("/password" if result.must_change else nxt, 303)
    resp.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=accounts.SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        path="/",
    )
    return resp


@router.post("/logout")
async def logout(
    request: Request, p: Principal = need(SIGNED_IN, allow_must_change=True)
) -> Response:
    posko = posko_of(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    await run_in_threadpool(accounts.end_session, posko, token)
    CREDENTIALS.clear()  # takes effect now in this process
    await posko.submit("_posko", "auth.logout", {"username": p.username}, p)
    resp = RedirectResponse("/login", 303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


@router.get("/password")
def password_form(
    request: Request, p: Principal = need(SIGNED_IN, allow_must_change=True)
) -> Response:
    return page(request, "password.html", error=None)


@router.post("/password")
async def password_change(
    request: Request, p: Principal = need(SIGNED_IN, allow_must_change=True)
) -> Response:
    form = await request.form()
    new, again = str(form.get("password", "")), str(form.get("again", ""))
    if new != again:
        return page(request, "password.html", 400, error=t("posko.error.password_mismatch"))
    try:
        await run_in_threadpool(accounts.set_password, posko_of(request), p.account_id, new, p)
        CREDENTIALS.clear()  # takes effect now in this process
    except SispamError as exc:
        return page(request, "password.html", 400, error=str(exc))
    return RedirectResponse("/", 303)


@router.post("/account/lang")
async def account_lang(request: Request, p: Principal = need(SIGNED_IN)) -> Response:
    form = await request.form()
    lang = str(form.get("lang", "id"))
    if lang not in ("id", "en"):
        lang = "id"
    await run_in_threadpool(accounts.set_language, posko_of(request), p.account_id, lang)
    CREDENTIALS.clear()  # the language travels with the cached session
    return RedirectResponse(_safe_next(str(form.get("next", "/"))), 303)


@router.post("/api/v1/auth/token", dependencies=[PUBLIC])
async def token(request: Request) -> Response:
    """A bearer token for a machine client: ``{"username": ..., "password": ...}``."""
    if not _limiter(request).allow(_ip(request)):
        return JSONResponse({"detail": t("posko.error.rate_limited")}, 429)
    try:
        body: Any = await request.json()
        username, password = str(body["username"]), str(body["password"])
    except Exception:
        return JSONResponse({"detail": t("posko.error.bad_request")}, 422)
    posko = posko_of(request)
    result = await run_in_threadpool(accounts.authenticate, posko, username, password, _ip(request))
    if result.principal is None:
        return JSONResponse({"detail": t("posko.error.bad_login")}, 401)
    if result.must_change:
        return JSONResponse({"detail": t("posko.error.must_change")}, 403)
    tok, expires = await run_in_threadpool(accounts.issue_token, posko, result.principal)
    return JSONResponse({"access_token": tok, "token_type": "bearer", "expires_at": expires})
