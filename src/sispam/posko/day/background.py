"""What the server does by itself on election day, every ``tick`` (a minute): raise overdue
alerts (the alert escalates, never the level), ask for the sitrep at each cut-off time of the
operation, and run the live forecast in the worker — at most once a minute, only for an
operation someone is looking at, never blocking the server. Each process of a multi-process
Posko runs it; the guards make the alerts and scheduled sitreps unique (the first process
wins, the others' appends are refused)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any

from sispam.domain.forecast import ForecastState, IncidentNow, UnitNow
from sispam.ops import overdue_alerts, reserve_elements
from sispam.posko.day import work
from sispam.posko.day.views import Day
from sispam.posko.events import SYSTEM, Refused

log = logging.getLogger("sispam.posko.day")

TICK_S = 60.0
FORECAST_RUNS = 1000
FORECAST_EVERY_S = 60.0
WATCHED_S = 600.0
FOLLOW_S = 1.0  # the forecast runs while someone opened it within this time


class DayService:
    def __init__(self, app: Any, tick_s: float = TICK_S) -> None:
        self.app = app
        self.posko = app.state.posko
        self.tick_s = tick_s
        self.worker = work.Worker()
        self.forecasts: dict[str, dict[str, Any]] = {}
        self.forecast_running: dict[str, float] = {}
        self.watched: dict[str, float] = {}
        self.files: OrderedDict[str, dict[str, bytes]] = OrderedDict()
        self._task: asyncio.Task | None = None
        self._follow: asyncio.Task | None = None

    # --- the loop ----------------------------------------------------------------------------

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._run())
        if self.posko.store.sqlite:
            self._follow = loop.create_task(self._follow_sqlite())

    async def _follow_sqlite(self) -> None:
        """SQLite has no NOTIFY: read what another process (``sispam posko replay``, a second
        server) appended, once a second, so its events reach this server's pages live."""
        from starlette.concurrency import run_in_threadpool

        while True:
            await asyncio.sleep(FOLLOW_S)
            for op in list(self.posko.states._states):
                try:
                    await run_in_threadpool(self.posko.states.catch_up, op)
                except Exception:
                    log.exception("following %s", op)

    async def stop(self) -> None:
        if self._follow is not None:
            self._follow.cancel()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        self.worker.close()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.tick_s)
            for op in list(self.posko.states._states):
                if op.startswith("_"):
                    continue
                try:
                    await self.tick(op)
                except Exception:  # one operation's trouble must not stop the others
                    log.exception("election-day tick of %s", op)

    async def tick(self, op: str) -> None:
        day = self.day(op)
        if day is None:
            return
        await self.raise_alerts(op, day)
        await self.scheduled_sitreps(op, day)
        if time.monotonic() - self.watched.get(op, -1e9) < WATCHED_S:
            self.forecast(op)

    def day(self, op: str) -> Day | None:
        day = self.posko.state(op).view("day")
        return day if day.ctx is not None else None

    async def _append(self, op: str, type_: str, payload: dict[str, Any]) -> Any:
        try:
            return await self.posko.submit(op, type_, payload, SYSTEM)
        except Refused:  # another process was first, or the state moved on
            return None

    # --- overdue alerts ----------------------------------------------------------------------

    def alerts_now(self, op: str, day: Day) -> tuple[Any, ...]:
        """Incidents past their village's promised response now (computed, not stored)."""
        with self.posko.state(op).lock:
            incidents = list(day.incidents.values())
            situations = dict(day.situations)
        return overdue_alerts(
            incidents,
            day.now(),
            day.ctx.promised,  # type: ignore[union-attr]
            situations,
            day.ctx.settings.default_response_min,  # type: ignore[union-attr]
        )

    async def raise_alerts(self, op: str, day: Day) -> None:
        for a in self.alerts_now(op, day):
            last = day.alerts.get(a.incident_id)
            if last is not None and last["since"] == a.since.isoformat() and last["tier"] >= a.tier:
                continue
            payload = {"at": day.now().isoformat(), **a.model_dump(mode="json")}
            await self._append(op, "alert.overdue", payload)

    # --- sitreps -----------------------------------------------------------------------------

    async def scheduled_sitreps(self, op: str, day: Day) -> None:
        now = day.now()
        for cut in day.ctx.settings.cutoffs(now.date()):  # type: ignore[union-attr]
            if cut <= now < cut + timedelta(hours=1):
                sid = f"sitrep-{cut:%Y%m%d-%H%M}"
                if sid not in day.sitreps:
                    await self.request_sitrep(op, sid, "sitrep", cut, scheduled=True)

    async def request_sitrep(
        self,
        op: str,
        sid: str,
        kind: str,
        cut_off: datetime,
        *,
        scheduled: bool = False,
        by: Any = None,
        principal: Any = SYSTEM,
        lang: str = "id",
    ) -> Any:
        day = self.day(op)
        payload = {
            "id": sid,
            "kind": kind,
            "cut_off": cut_off.isoformat(),
            "scheduled": scheduled,
            "lang": lang,
            "at": day.now().isoformat() if day else cut_off.isoformat(),
            "by": by,
        }
        ev = await self.posko.submit(op, "sitrep.requested", payload, principal)
        self.render(op, sid, ev.seq)
        return ev

    def render(self, op: str, sid: str, seq: int) -> None:
        posko = self.posko
        row = self.posko.state(op).view("day").sitreps[sid]
        meta = self.posko.state(op).view("operation").meta
        fut = self.worker.submit(
            work.render_documents,
            posko.url,
            op,
            seq,
            row["kind"],
            row["cut_off"],
            row.get("lang", "id"),
            bool(meta.get("exercise")),
            sid,
        )
        loop = asyncio.get_running_loop()

        def done(f: Any) -> None:
            loop.call_soon_threadsafe(lambda: loop.create_task(self._rendered(op, sid, f)))

        fut.add_done_callback(done)

    async def _rendered(self, op: str, sid: str, fut: Any) -> None:
        try:
            files = fut.result()
        except Exception as exc:
            log.exception("sitrep %s", sid)
            await self._append(op, "sitrep.ready", {"id": sid, "error": str(exc)[:500]})
            return
        self.keep(sid, files)
        await self._append(op, "sitrep.ready", {"id": sid, "files": work.digest(files)})

    def keep(self, sid: str, files: dict[str, bytes]) -> None:
        self.files[sid] = files
        while len(self.files) > 20:
            self.files.popitem(last=False)

    def _sitrep(self, op: str, sid: str) -> dict[str, Any] | None:
        day = self.day(op)
        return day.sitreps.get(sid) if day else None

    async def file(self, op: str, sid: str, name: str) -> bytes | None:
        """A rendered file: from memory, or rendered again from the log (and checked)."""
        row = self._sitrep(op, sid)
        if row is None or row.get("state") != "done":
            # With several server processes, the page listing the file may come from one that
            # has seen "ready" while this one's notice of it is still on its way: read the
            # log's newest events before answering that there is no such file.
            await asyncio.to_thread(self.posko.states.catch_up, op)
            row = self._sitrep(op, sid)
        if row is None or row.get("state") != "done":
            return None
        wanted = {f["name"]: f["sha256"] for f in row["files"]}
        if name not in wanted:
            return None
        files = self.files.get(sid)
        if files is None:
            meta = self.posko.state(op).view("operation").meta
            files = await asyncio.wrap_future(
                self.worker.submit(
                    work.render_documents,
                    self.posko.url,
                    op,
                    row["requested_seq"],
                    row["kind"],
                    row["cut_off"],
                    row.get("lang", "id"),
                    bool(meta.get("exercise")),
                    sid,
                )
            )
            if {f["name"]: f["sha256"] for f in work.digest(files)} != wanted:
                log.error("sitrep %s rendered again differs from the recorded digest", sid)
                return None
            self.keep(sid, files)
        return files.get(name)

    # --- the live forecast -------------------------------------------------------------------

    def forecast_state(self, day: Day) -> ForecastState:
        ctx = day.ctx
        assert ctx is not None
        now = day.now()
        incidents: dict[str, IncidentNow] = {}
        for inc in sorted(day.incidents.values(), key=lambda i: i.reported_at):
            if not inc.state.open or inc.state.value == "reported":
                continue
            incidents[inc.village_code] = IncidentNow(
                village_code=inc.village_code,
                level=day.situations[inc.village_code].level,
                crowd=inc.crowd or 0,
                minutes_since_start=max(0.0, (now - inc.reported_at).total_seconds() / 60),
            )
        latest = day.element_status()
        eta = {d.element: d.eta for d in day.dispatches}
        units = []
        for e in reserve_elements(ctx.scenario, ctx.plan):
            s = latest.get(e.id)
            committed = s is not None and s.state.committed and s.village_code in ctx.villages
            lat, lng, to, left = e.lat, e.lng, None, 0.0
            if committed:
                v = ctx.villages[s.village_code]  # type: ignore[union-attr]
                lat, lng, to = v.lat, v.lng, v.code
                if s.state.value == "bergerak" and e.id in eta:  # type: ignore[union-attr]
                    left = max(0.0, (eta[e.id] - now).total_seconds() / 60)
            units.append(
                UnitNow(
                    unit=e.unit,
                    role=e.role,
                    personnel=e.personnel,
                    lat=lat,
                    lng=lng,
                    committed_to=to,
                    eta_min=left,
                    site_id=e.site_id,
                )
            )
        return ForecastState(
            scenario=ctx.scenario.name,
            time=now,
            incidents=tuple(incidents.values()),
            units=tuple(units),
        )

    def forecast(self, op: str, force: bool = False) -> bool:
        """Start a forecast in the worker unless one runs or the last is younger than a minute
        (``force``: on demand, still never two at once). Returns whether one was started."""
        day = self.day(op)
        if day is None or op in self.forecast_running:
            return False
        last = self.forecasts.get(op)
        if last is not None and time.monotonic() - last["_mono"] < (
            5.0 if force else FORECAST_EVERY_S
        ):
            return False
        with self.posko.state(op).lock:
            state = self.forecast_state(day)
            seq = self.posko.state(op).seq
        self.forecast_running[op] = time.monotonic()
        fut = self.worker.submit(
            work.run_forecast,
            self.posko.url,
            op,
            state.model_dump(mode="json"),
            FORECAST_RUNS,
            seq,
        )

        def done(f: Any) -> None:
            self.forecast_running.pop(op, None)
            try:
                result = f.result()
            except Exception as exc:
                log.exception("forecast of %s", op)
                self.forecasts[op] = {"error": str(exc)[:300], "_mono": time.monotonic()}
                return
            self.forecasts[op] = {
                "forecast": result,
                "seq": seq,
                "seconds": round(time.monotonic() - started, 2),
                "_mono": time.monotonic(),
            }

        started = time.monotonic()
        fut.add_done_callback(done)
        return True


def start(app: Any) -> Any:
    service = DayService(app, float(getattr(app.state, "day_tick_s", TICK_S)))
    app.state.day = service
    service.start()
    return service.stop


def service_of(request: Any) -> DayService:
    return request.app.state.day
