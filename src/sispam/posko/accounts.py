"""Akun (accounts): argon2 password hashes, lock-out, server-side sessions and bearer tokens.

Credentials are mutable security state in their own tables; every change that matters (account
created or disabled, password set, sign-in, failed sign-in, lock-out, token issued) is also an
event on the system chain — without any secret.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update

from sispam.domain import PoskoRole, SispamError
from sispam.i18n import t
from sispam.posko.events import SYSTEM, Principal
from sispam.posko.permissions import default_agency
from sispam.posko.tables import accounts as A
from sispam.posko.tables import sessions as S
from sispam.posko.tables import tokens as T

MAX_FAILED = 5
LOCK_MINUTES = 15
SESSION_HOURS = 12
TOKEN_DAYS = 30
MIN_PASSWORD = 10


ARGON2: dict[str, int] = {}
"""Overrides of argon2-cffi's defaults (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4); the
test suite lowers the cost, a server keeps the defaults."""


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher(**ARGON2)


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def check_password_rule(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise SispamError(t("posko.error.password_short", n=MIN_PASSWORD))


def principal(row: Any) -> Principal:
    return Principal(
        username=row.username,
        role=row.role,
        agency=row.agency,
        unit=row.unit,
        area=row.area,
        account_id=row.id,
        lang=row.lang or "id",
    )


def create_account(
    posko,  # type: ignore[no-untyped-def]
    username: str,
    role: str,
    agency: str | None = None,
    unit: str | None = None,
    area: str | None = None,
    password: str | None = None,
    lang: str = "id",
    by: Principal = SYSTEM,
    must_change: bool | None = None,
) -> tuple[int, str | None]:
    """Create an account; returns (id, generated one-time password or None)."""
    role = PoskoRole(role).value
    if role in ("kapolsek", "reporter") and not area:
        raise SispamError(t("posko.error.area_needed", role=role))
    generated = None
    if password is None:
        password = generated = generate_password()
    else:
        check_password_rule(password)
    agency = agency or default_agency(role)
    with posko.engine.begin() as conn:
        if conn.execute(select(A.c.id).where(A.c.username == username)).first():
            raise SispamError(t("posko.error.user_exists", name=username))
        account_id = conn.execute(
            insert(A).values(
                username=username,
                role=role,
                agency=agency,
                unit=unit,
                area=area,
                lang=lang,
                password_hash=_hasher().hash(password),
                must_change=generated is not None if must_change is None else must_change,
                disabled=False,
                failed=0,
                created_at=_iso(_now()),
            )
        ).inserted_primary_key[0]
    posko.system_event(
        "account.created",
        {
            "username": username,
            "role": role,
            "agency": agency,
            "unit": unit,
            "area": area,
            "by": by.username,
        },
        by,
    )
    return int(account_id), generated


def accounts(posko) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with posko.engine.connect() as conn:
        rows = conn.execute(select(A).order_by(A.c.username))
        return [{k: v for k, v in r._mapping.items() if k != "password_hash"} for r in rows]


def account(posko, account_id: int) -> Any:  # type: ignore[no-untyped-def]
    with posko.engine.connect() as conn:
        return conn.execute(select(A).where(A.c.id == account_id)).first()


@dataclass(frozen=True)
class LoginResult:
    principal: Principal | None
    must_change: bool = False
    reason: str = ""  # bad | locked | disabled


def authenticate(posko, username: str, password: str, ip: str = "") -> LoginResult:  # type: ignore[no-untyped-def]
    """Check a password; count failures and lock the account after ``MAX_FAILED``."""
    from argon2.exceptions import VerificationError

    with posko.engine.connect() as conn:
        row = conn.execute(select(A).where(A.c.username == username)).first()
    now = _now()
    if row is None:
        _hasher().hash(password)  # same time as a wrong password: no user enumeration by timing
        posko.system_event(
            "auth.login_failed", {"username": username[:64], "ip": ip, "reason": "unknown"}
        )
        return LoginResult(None, reason="bad")
    if row.disabled:
        return LoginResult(None, reason="disabled")
    if row.locked_until and row.locked_until > _iso(now):
        posko.system_event(
            "auth.login_failed", {"username": username, "ip": ip, "reason": "locked"}
        )
        return LoginResult(None, reason="locked")
    try:
        _hasher().verify(row.password_hash, password)
    except VerificationError:
        failed = row.failed + 1
        locked = failed >= MAX_FAILED
        until = _iso(now + timedelta(minutes=LOCK_MINUTES)) if locked else None
        with posko.engine.begin() as conn:
            conn.execute(
                update(A)
                .where(A.c.id == row.id)
                .values(failed=0 if locked else failed, locked_until=until)
            )
        posko.system_event(
            "auth.login_failed", {"username": username, "ip": ip, "reason": "password"}
        )
        if locked:
            posko.system_event("auth.locked", {"username": username, "ip": ip, "until": until})
            return LoginResult(None, reason="locked")
        return LoginResult(None, reason="bad")
    with posko.engine.begin() as conn:
        conn.execute(update(A).where(A.c.id == row.id).values(failed=0, locked_until=None))
    p = principal(row)
    posko.system_event("auth.login", {"username": username, "ip": ip}, p)
    return LoginResult(p, must_change=bool(row.must_change))


def set_password(posko, account_id: int, password: str, by: Principal) -> None:  # type: ignore[no-untyped-def]
    check_password_rule(password)
    with posko.engine.begin() as conn:
        conn.execute(
            update(A)
            .where(A.c.id == account_id)
            .values(password_hash=_hasher().hash(password), must_change=False)
        )
        username = conn.execute(select(A.c.username).where(A.c.id == account_id)).scalar_one()
    posko.system_event("account.password_set", {"username": username, "by": by.username}, by)


def reset_password(posko, account_id: int, by: Principal) -> str:  # type: ignore[no-untyped-def]
    """A new one-time password (to be changed at the next sign-in); sessions end."""
    password = generate_password()
    with posko.engine.begin() as conn:
        conn.execute(
            update(A)
            .where(A.c.id == account_id)
            .values(
                password_hash=_hasher().hash(password),
                must_change=True,
                failed=0,
                locked_until=None,
            )
        )
        conn.execute(delete(S).where(S.c.account_id == account_id))
        username = conn.execute(select(A.c.username).where(A.c.id == account_id)).scalar_one()
    posko.system_event("account.password_set", {"username": username, "by": by.username}, by)
    return password


def disable_account(posko, account_id: int, by: Principal) -> None:  # type: ignore[no-untyped-def]
    with posko.engine.begin() as conn:
        conn.execute(update(A).where(A.c.id == account_id).values(disabled=True))
        conn.execute(delete(S).where(S.c.account_id == account_id))
        conn.execute(delete(T).where(T.c.account_id == account_id))
        username = conn.execute(select(A.c.username).where(A.c.id == account_id)).scalar_one()
    posko.system_event("account.disabled", {"username": username, "by": by.username}, by)


def set_language(posko, account_id: int, lang: str) -> None:  # type: ignore[no-untyped-def]
    with posko.engine.begin() as conn:
        conn.execute(update(A).where(A.c.id == account_id).values(lang=lang))


# --- sessions and tokens ---------------------------------------------------------------------


def new_session(posko, account_id: int) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(cookie token, CSRF token). Only the token's SHA-256 is stored."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = _now()
    with posko.engine.begin() as conn:
        conn.execute(
            insert(S).values(
                token_hash=_digest(token),
                account_id=account_id,
                csrf=csrf,
                created_at=_iso(now),
                expires_at=_iso(now + timedelta(hours=SESSION_HOURS)),
            )
        )
    return token, csrf


def session(posko, token: str) -> tuple[Principal, str, bool] | None:  # type: ignore[no-untyped-def]
    """(principal, csrf, must_change) of a live session, or None."""
    with posko.engine.connect() as conn:
        r = conn.execute(
            select(A, S.c.csrf, S.c.expires_at)
            .join(S, S.c.account_id == A.c.id)
            .where(S.c.token_hash == _digest(token))
        ).first()
    if r is None or r.disabled or r.expires_at <= _iso(_now()):
        return None
    return principal(r), r.csrf, bool(r.must_change)


def end_session(posko, token: str) -> None:  # type: ignore[no-untyped-def]
    with posko.engine.begin() as conn:
        conn.execute(delete(S).where(S.c.token_hash == _digest(token)))


def issue_token(posko, p: Principal) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    token = "psk_" + secrets.token_urlsafe(32)
    now = _now()
    expires = _iso(now + timedelta(days=TOKEN_DAYS))
    with posko.engine.begin() as conn:
        conn.execute(
            insert(T).values(
                token_hash=_digest(token),
                account_id=p.account_id,
                created_at=_iso(now),
                expires_at=expires,
            )
        )
    posko.system_event("auth.token_issued", {"username": p.username, "until": expires}, p)
    return token, expires


def token_principal(posko, token: str) -> Principal | None:  # type: ignore[no-untyped-def]
    with posko.engine.connect() as conn:
        r = conn.execute(
            select(A, T.c.expires_at)
            .join(T, T.c.account_id == A.c.id)
            .where(T.c.token_hash == _digest(token))
        ).first()
    if r is None or r.disabled or r.must_change or r.expires_at <= _iso(_now()):
        return None
    return principal(r)


def principal_system() -> Principal:
    return SYSTEM
