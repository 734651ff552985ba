"""The ``drill`` projection: what an exercise operation's drill is at the log's head — the package
(MSEL and EEGs), the controller's clock, the injects delivered, the evaluator's reviews and
observations, the Improvement Plan's edits and the Anev documents rendered."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sispam.domain.exercise import EventKind, Exercise, ExerciseEvent, Inject, Review
from sispam.latihan.control import ExerciseClock, clock_from_events
from sispam.posko.drill.times import local
from sispam.posko.events import Event
from sispam.posko.projections import Projection, handles

CLOCK_KIND = {
    "start": EventKind.EXERCISE_STARTED,
    "pause": EventKind.EXERCISE_PAUSED,
    "resume": EventKind.EXERCISE_RESUMED,
    "speed": EventKind.SPEED_CHANGED,
    "end": EventKind.EXERCISE_ENDED,
}
"""The controller's clock actions and the record's kinds they become."""


class Drill(Projection):
    """Latihan: the drill of an exercise operation (empty for a live one)."""

    name = "drill"

    def __init__(self) -> None:
        self.exercise_op = False
        self.exercise: Exercise | None = None
        self.loaded: dict[str, Any] = {}
        self.clock_events: list[ExerciseEvent] = []
        self.delivered: dict[int, dict[str, Any]] = {}
        self.unscripted: dict[int, Inject] = {}
        self.reviews: dict[str, Review] = {}
        self.review_meta: dict[str, dict[str, Any]] = {}
        self.observed: list[dict[str, Any]] = []
        self.improvements: dict[str, dict[str, Any]] = {}
        self.anev: list[dict[str, Any]] = []
        self._clock: ExerciseClock | None = None

    # --- reading -------------------------------------------------------------------------------

    @property
    def offset(self) -> int:
        return self.exercise.utc_offset_min if self.exercise else 420

    def local(self, ts: str) -> datetime:
        return local(ts, self.offset)

    def clock(self) -> ExerciseClock:
        if self._clock is None:
            start = self.exercise.start if self.exercise else datetime.min
            self._clock = clock_from_events(self.clock_events, start)
        return self._clock

    def injects(self) -> tuple[Inject, ...]:
        """The MSEL and the unscripted injects delivered so far, by number."""
        scripted = self.exercise.injects if self.exercise else ()
        return tuple(sorted((*scripted, *self.unscripted.values()), key=lambda i: i.number))

    def inject(self, number: int) -> Inject | None:
        return next((i for i in self.injects() if i.number == number), None)

    def next_number(self) -> int:
        return max((i.number for i in self.injects()), default=0) + 1

    @property
    def started(self) -> bool:
        return bool(self.clock_events)

    def story_time(self, wall: datetime) -> datetime | None:
        """The story's time (election day) at local wall time ``wall``: the furthest scenario
        time of the injects delivered, advanced by the drill minutes since that delivery (the
        first inject's before any is delivered); None before the clock starts. Never runs
        backwards when an earlier inject is delivered late."""
        clock = self.clock()
        if clock.drill_time(wall) is None or self.exercise is None:
            return None
        best: tuple[datetime, int] | None = None
        for number in self.delivered:
            inject = self.inject(number)
            if inject is not None and (best is None or inject.scenario_time > best[0]):
                best = (inject.scenario_time, number)
        if best is None:
            first = min(self.exercise.injects, key=lambda i: (i.real_time, i.number), default=None)
            return first.scenario_time if first else None
        since = self.delivered[best[1]]["time"]
        return best[0] + timedelta(minutes=clock.drill_minutes(since, wall))

    # --- handlers ------------------------------------------------------------------------------

    @handles("operation.created")
    def _created(self, ev: Event) -> None:
        self.exercise_op = bool(ev.payload.get("exercise"))

    @handles("drill.loaded")
    def _loaded(self, ev: Event) -> None:
        self.exercise = Exercise.model_validate(ev.payload["exercise"])
        self.loaded = {
            "seq": ev.seq,
            "ts": ev.ts,
            "by": ev.actor,
            "source": ev.payload.get("source", ""),
            "sha256": ev.payload.get("sha256", ""),
        }
        self._clock = None

    @handles("drill.clock")
    def _clock_changed(self, ev: Event) -> None:
        p = ev.payload
        self.clock_events.append(
            ExerciseEvent(
                seq=ev.seq,
                time=self.local(ev.ts),
                kind=CLOCK_KIND[p["action"]],
                actor=ev.actor,
                speed=p.get("speed"),
            )
        )
        self._clock = None

    @handles("drill.inject_delivered")
    def _delivered(self, ev: Event) -> None:
        p = ev.payload
        if p.get("unscripted"):
            inject = Inject.model_validate(p["unscripted"])
            self.unscripted[inject.number] = inject
        self.delivered[p["number"]] = {
            "seq": ev.seq,
            "ts": ev.ts,
            "time": self.local(ev.ts),
            "by": p["by"],
            "actor": ev.actor,
        }

    @handles("drill.review_set")
    def _review(self, ev: Event) -> None:
        p = ev.payload
        self.reviews[p["task_id"]] = Review.model_validate(p)
        self.review_meta[p["task_id"]] = {"by": ev.actor, "ts": ev.ts, "seq": ev.seq}

    @handles("drill.observed")
    def _observed(self, ev: Event) -> None:
        p = ev.payload
        at = datetime.fromisoformat(p["at"]) if p.get("at") else self.local(ev.ts)
        self.observed.append(
            {
                "seq": ev.seq,
                "task_id": p["task_id"],
                "time": at,
                "note": p.get("note", ""),
                "actor": ev.actor,
            }
        )

    @handles("drill.improvement_set")
    def _improvement(self, ev: Event) -> None:
        p = ev.payload
        item = self.improvements.setdefault(p["task_id"], {})
        for key in ("action", "owner", "due", "status"):
            if p.get(key) not in (None, ""):
                item[key] = p[key]
        item.update(by=ev.actor, ts=ev.ts, seq=ev.seq)

    @handles("drill.anev_ready")
    def _anev(self, ev: Event) -> None:
        self.anev.append({"seq": ev.seq, "ts": ev.ts, "by": ev.actor, **ev.payload})

    def snapshot(self) -> Any:
        return {
            "exercise_op": self.exercise_op,
            "loaded": self.loaded,
            "clock": [e.model_dump(mode="json") for e in self.clock_events],
            "delivered": {
                str(k): {**v, "time": v["time"].isoformat()}
                for k, v in sorted(self.delivered.items())
            },
            "reviews": {k: v.model_dump(mode="json") for k, v in sorted(self.reviews.items())},
            "observed": [{**o, "time": o["time"].isoformat()} for o in self.observed],
            "improvements": self.improvements,
            "anev": self.anev,
        }


def due_of(item: dict[str, Any]) -> date | None:
    return date.fromisoformat(item["due"]) if item.get("due") else None


PROJECTIONS: tuple[type[Projection], ...] = (Drill,)
