"""Who is asking and may they: every route declares what it needs with :func:`need` (or
:data:`PUBLIC`). A test enumerates the app's routes and fails on one that declares nothing."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from sispam.i18n import set_language
from sispam.posko import accounts
from sispam.posko.events import Principal
from sispam.posko.permissions import allowed

SESSION_COOKIE = "posko_session"
CACHE_S = 5.0
"""How long a looked-up session or token is trusted without asking the database again. Sign-out,
disabling and password resets in this process clear it at once; in another process of the same
Posko they take effect within this time."""
LANG_COOKIE = "posko_lang"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """No valid session or token (pages: to the login page; API: 401)."""


class Forbidden(Exception):
    """Signed in, but the role may not do this (403)."""


class PasswordChangeRequired(Exception):
    """Signed in with a one-time password: only the password page is open."""


class CsrfFailed(Exception):
    """A form or request without the session's CSRF token (403)."""


def posko_of(request: Request) -> Any:
    return request.app.state.posko


class _Credentials:
    """Per-process cache of recent session/token look-ups (keyed by the secret's digest)."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[float, Any]] = {}

    def get(self, key: str) -> Any:
        hit = self.entries.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        return None

    def put(self, key: str, value: Any) -> None:
        if len(self.entries) > 10_000:
            self.entries.clear()
        self.entries[key] = (time.monotonic() + CACHE_S, value)

    def clear(self) -> None:
        self.entries.clear()


CREDENTIALS = _Credentials()


async def _lookup(kind: str, fn: Any, posko: Any, secret: str) -> Any:
    key = kind + hashlib.sha256(secret.encode()).hexdigest()
    found = CREDENTIALS.get(key)
    if found is None:
        found = await run_in_threadpool(fn, posko, secret)
        if found is not None:
            CREDENTIALS.put(key, found)
    return found


async def principal_of(request: Request, allow_must_change: bool = False) -> Principal:
    """The signed-in account (session cookie, or bearer token for machine clients), once per
    request; checks CSRF on unsafe requests that rely on the cookie."""
    cached = request.scope.get("posko.principal")
    if cached is not None:
        return cached
    posko = posko_of(request)
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        p = await _lookup("t", accounts.token_principal, posko, auth[7:].strip())
        if p is None:
            raise LoginRequired
    else:
        token = request.cookies.get(SESSION_COOKIE)
        found = await _lookup("s", accounts.session, posko, token) if token else None
        if found is None:
            raise LoginRequired
        p, csrf, must_change = found
        request.scope["posko.csrf"] = csrf
        if must_change and not allow_must_change:
            raise PasswordChangeRequired
        if request.method not in SAFE_METHODS:
            sent = request.headers.get("x-csrf-token")
            if sent is None:
                form = await request.form()
                sent = form.get("csrf")  # type: ignore[assignment]
            if not isinstance(sent, str) or not hmac.compare_digest(sent, csrf):
                raise CsrfFailed
    set_language(p.lang)
    request.scope["posko.principal"] = p
    return p


class Need:
    """Dependency: the route needs ``permission`` (None: open to everyone, e.g. the login)."""

    def __init__(self, permission: str | None, allow_must_change: bool = False) -> None:
        self.permission = permission
        self.allow_must_change = allow_must_change

    async def __call__(self, request: Request) -> Principal | None:
        if self.permission is None:
            lang = request.cookies.get(LANG_COOKIE)
            set_language(lang if lang in ("id", "en") else "id")
            return None
        p = await principal_of(request, self.allow_must_change)
        if self.permission != SIGNED_IN and not allowed(p.role, self.permission):
            raise Forbidden
        return p


SIGNED_IN = "signed_in"
"""Pseudo-permission: any signed-in account (own password, language, sign-out)."""


def need(permission: str, allow_must_change: bool = False) -> Any:
    return Depends(Need(permission, allow_must_change))


PUBLIC: Any = Depends(Need(None))


def declared(route: Any) -> list[Need]:
    """The ``Need`` dependencies of a route (used by the permission walk test)."""
    found: list[Need] = []

    def walk(dep: Any) -> None:
        if isinstance(dep.call, Need):
            found.append(dep.call)
        for sub in dep.dependencies:
            walk(sub)

    dependant = getattr(route, "dependant", None)
    if dependant is not None:
        walk(dependant)
    return found


def api_routes(app: Any) -> list[tuple[str, Any]]:
    """Every (path, APIRoute) of the app, through included routers (FastAPI may keep them
    nested); mounts (static files) are left out."""
    from fastapi.routing import APIRoute

    out: list[tuple[str, Any]] = []

    def walk(routes: Any, prefix: str) -> None:
        for r in routes:
            if isinstance(r, APIRoute):
                out.append((prefix + r.path, r))
            elif hasattr(r, "original_router"):
                ctx = getattr(r, "include_context", None)
                walk(r.original_router.routes, prefix + (getattr(ctx, "prefix", "") or ""))

    walk(app.routes, "")
    return out
