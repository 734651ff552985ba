"""Pages rendered on the server (Jinja2); every text through ``sispam.i18n.t``."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from sispam.domain.doctrine import SITUATION_COLOR
from sispam.i18n import get_language, t
from sispam.posko.permissions import allowed

_ENV: Environment | None = None
TEMPLATE_DIRS: list[str] = [str(resources.files("sispam.posko.web") / "templates")]
"""Other rooms append their template folders here (before the app is created)."""


def env() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = Environment(
            loader=FileSystemLoader(TEMPLATE_DIRS),
            autoescape=select_autoescape(["html", "j2"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _ENV.globals.update(t=t, level_color=SITUATION_COLOR, allowed=allowed)
    return _ENV


def page(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """Render ``template`` with what every page needs: the account, the CSRF token, the
    language, the operation (and its LATIHAN watermark) when there is one."""
    p = request.scope.get("posko.principal")
    op = ctx.get("op")
    base = {
        "request": request,
        "user": p,
        "csrf": request.scope.get("posko.csrf", ""),
        "lang": get_language(),
        "exercise": bool(op and op.get("exercise")),
    }
    html = env().get_template(template).render(**base, **ctx)
    return HTMLResponse(html, status_code=status)
