"""Pesan teks (text intake): ``POST /api/v1/intake/text`` for an SMS or WhatsApp gateway, with a
bearer token of a Posko account allowed ``intake.text`` (an operator account kept for the
gateway). Body: ``{"operation", "message_id", "sender", "text", "channel": "sms"|"whatsapp",
"lang"}``. The message is read by the short format (``sispam.ops.parse_message``), kept raw beside
what was read, and answered with the reply to send back. Idempotent on the gateway's message id:
a retried call stores nothing new and gets the same reply."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from sispam.i18n import t
from sispam.posko.day.events import Perm
from sispam.posko.day.pages import day_of, submit
from sispam.posko.day.service import text_message
from sispam.posko.events import Principal, Refused
from sispam.posko.web.deps import need

router = APIRouter()


def _answer(found: dict, duplicate: bool) -> dict:
    return {
        "ok": found["ok"],
        "reply": found["reply"],
        "report_id": found.get("report_id") or (found.get("report") or {}).get("id"),
        "message_id": found["message_id"],
        "duplicate": duplicate,
    }


@router.post("/api/v1/intake/text")
async def intake_text(request: Request, p: Principal = need(Perm.INTAKE)) -> Response:
    try:
        body = await request.json()
        op_id, text = str(body["operation"]), str(body["text"])
        channel = str(body.get("channel") or "sms")
        sender, message_id = str(body["sender"]), str(body["message_id"])
        lang = "en" if body.get("lang") == "en" else "id"
        if channel not in ("sms", "whatsapp", "api") or not message_id or len(text) > 2000:
            raise ValueError
    except Exception:
        return JSONResponse({"detail": t("posko.error.bad_request")}, 422)
    _meta, state, day = day_of(request, op_id)
    known = day.message_ids.get(f"{channel}:{message_id}")
    if known is not None:
        return JSONResponse(_answer(known, True))
    payload = text_message(
        day, text, sender=sender, channel=channel, message_id=message_id, lang=lang
    )
    try:
        await submit(request, op_id, "intake.text", payload, p)
    except Refused as exc:
        if exc.key != "posko.day.error.duplicate":
            raise
        known = day.message_ids.get(payload["message_id"])
        return JSONResponse(_answer(known or payload, True))
    return JSONResponse(_answer(payload, False), 201)
