"""Posko (pos komando): the shared command post of Polres, Kodim and Pemkab.

A web application over one operation's scenario, assessment and plan. Its only truth is an
append-only, hash-chained event log (:mod:`sispam.posko.store`); everything shown — the board, the
units, the log — is a projection of it (:mod:`sispam.posko.projections`).

Extension points for the rooms built on top (election day, the drill), assembled in one place,
:mod:`sispam.posko.catalog`:

* event types: a room's ``TYPES`` (name → payload schema → guard, subject) and ``OVERRIDES``;
* projections: a room's ``PROJECTIONS`` and ``HOOKS`` (handlers on core projections);
* permissions: :data:`sispam.posko.permissions.ROLE_PERMISSIONS` / :func:`declare`;
* routers: :data:`sispam.posko.web.app.ROUTERS` (one line per router).

Heavy imports (SQLAlchemy, FastAPI) live in the sub-modules, so ``import sispam.posko`` is cheap.
"""

SYSTEM_OPERATION = "_posko"
"""The chain of events that belong to no operation: accounts, logins, lock-outs."""

__all__ = ["SYSTEM_OPERATION"]
