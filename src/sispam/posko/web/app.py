"""The Posko web application (FastAPI): routers per area, security headers, error pages.

Add a router: append ``(module path, attribute)`` to :data:`ROUTERS` — or call
``app.include_router`` on the app that :func:`create_app` returns.
"""

from __future__ import annotations

import asyncio
import importlib
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sispam.i18n import t
from sispam.posko.events import Refused
from sispam.posko.web.deps import CsrfFailed, Forbidden, LoginRequired, PasswordChangeRequired

ROUTERS: list[str] = [
    "sispam.posko.web.routers.commands",  # first: the hot path of machine clients (route matching
    "sispam.posko.web.routers.field",  # the phones' queue of field reports (election day)
    "sispam.posko.web.routers.stream",  # goes down the list)
    "sispam.posko.web.routers.health",
    "sispam.posko.web.routers.auth",
    "sispam.posko.web.routers.operations",
    "sispam.posko.web.routers.board",
    "sispam.posko.web.routers.units",
    "sispam.posko.web.routers.log",
    "sispam.posko.web.routers.admin",
    # election day (sispam.posko.day)
    "sispam.posko.web.routers.intake",
    "sispam.posko.web.routers.reports",
    "sispam.posko.web.routers.incidents",
    "sispam.posko.web.routers.levels",
    "sispam.posko.web.routers.dispatch",
    "sispam.posko.web.routers.perbantuan",
    "sispam.posko.web.routers.sitrep",
    "sispam.posko.web.routers.forecast",
]
"""Modules with a ``router``; election day and the drill add theirs here (one line each)."""

ON_START: list[str] = [
    "sispam.posko.day.background:start",  # overdue alerts, sitrep cut-offs, live forecast
]
"""``module:function(app)`` called when the server starts; it may return an async ``stop()``."""


def _hook(name: str) -> Any:
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def csp(tile_url: str | None) -> str:
    img = "'self' data: blob:"
    if tile_url:
        from urllib.parse import urlsplit

        parts = urlsplit(tile_url.replace("{s}", "a"))
        img += f" {parts.scheme}://{parts.netloc.replace('a.', '*.', 1)}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """Pure ASGI middleware (does not buffer the SSE stream)."""

    def __init__(self, app: ASGIApp, policy: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(self)"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += self.headers
                if scope.get("scheme") == "https":
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                if not scope["path"].startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.headers.get("hx-request") == "true"


def create_app(posko: Any, tile_url: str | None = None, heartbeat_s: float = 15.0) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        posko.hub.bind(asyncio.get_running_loop())
        posko.writer.start()
        stops = [_hook(name)(app) for name in ON_START]
        try:
            yield
        finally:
            for stop in reversed(stops):
                if stop is not None:
                    await stop()

    app = FastAPI(
        title="Sispam Posko",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.posko = posko
    app.state.tile_url = tile_url
    app.state.heartbeat_s = heartbeat_s
    app.state.jobs = None
    static = resources.files("sispam.posko.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for module in ROUTERS:
        # The routes themselves, not a nested router: FastAPI matches nested routers route by
        # route on every request (~1 ms a request with ten of them).
        app.router.routes.extend(importlib.import_module(module).router.routes)
    _handlers(app)
    app.add_middleware(SecurityHeaders, policy=csp(tile_url))
    return app


def _handlers(app: FastAPI) -> None:
    from sispam.posko.web.render import page

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _exc: Exception) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": t("posko.error.login_required")}, 401)
        return RedirectResponse(f"/login?next={request.url.path}", 303)

    @app.exception_handler(PasswordChangeRequired)
    async def _must_change(request: Request, _exc: Exception) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": t("posko.error.must_change")}, 403)
        return RedirectResponse("/password", 303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, _exc: Exception) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": t("posko.error.forbidden")}, 403)
        return page(request, "error.html", 403, message=t("posko.error.forbidden"))

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, _exc: Exception) -> Response:
        return JSONResponse({"detail": t("posko.error.csrf")}, 403)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": exc.message(), "key": exc.key}, exc.status)
        return page(request, "error.html", exc.status, message=exc.message())

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if _is_api(request) or exc.status_code < 400:
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        return page(request, "error.html", exc.status_code, message=str(exc.detail))
