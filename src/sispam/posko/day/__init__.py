"""Hari-H di Posko (election day in the Posko): the event types, projection and pages that put the
election-day rules of :mod:`sispam.ops` on the Posko's log — field reports (phone page offline
first, SMS/WhatsApp intake), incidents, levels under the authority matrix, dispatch that knows the
plan, TNI perbantuan, Pemkab mediation, overdue alerts, sitreps, the live forecast and the replay
of a simulated day. See ``docs/posko.md`` ("Election day")."""

from sispam.posko.day import events, hooks, views  # noqa: F401  (register types and projection)
