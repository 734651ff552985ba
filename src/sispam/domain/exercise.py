"""Latihan (the drill): HSEEP's exercise vocabulary in Sispam's terms.

An exercise is scripted as a **MSEL** (master scenario events list) of :class:`Inject` rows, each
testing one critical task of the Cara Bertindak (:data:`sispam.domain.doctrine.CARA_BERTINDAK`).
The **EEGs** (exercise evaluation guides, :class:`Eeg`) list per capability the critical tasks
with their standard and time target. While the drill runs every action is an
:class:`ExerciseEvent`; from those the evaluation fills an :class:`Observation` per task, the
evaluator adds a :class:`Review` (rating P/S/M/U and notes), and the **Anev** (analisa dan
evaluasi, HSEEP's After-Action Report, :class:`Anev`) gathers the results, the
:class:`ImprovementItem` rows of the Improvement Plan and the measured times that calibrate the
contingency model (:class:`TimeMeasure`).

Texts inside these objects (messages, expected actions) are already in the language the drill
was prepared in; everything else is codes, so the objects stay free of i18n. See
``docs/latihan.md``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from sispam.domain.base import SCHEMA_VERSION, DomainModel
from sispam.domain.doctrine import Actor, Capability
from sispam.domain.enums import (
    Agency,
    CommandLevel,
    PhaseKind,
    ReserveRole,
    SituationLevel,
)
from sispam.domain.village import VILLAGE_CODE_PATTERN


class StoryStep(StrEnum):
    """Langkah alur cerita: the seven steps of the Klaten drill of 31 May 2023, in order."""

    PENDAFTARAN = "pendaftaran"  # registration of candidates
    MASA_TENANG = "masa_tenang"  # quiet period
    PEMUNGUTAN = "pemungutan"  # voting
    PENGHITUNGAN = "penghitungan"  # counting and the result
    KETIDAKPUASAN = "ketidakpuasan"  # a group dissatisfied with the result
    ESKALASI = "eskalasi"  # the crowd escalates
    PENANGANAN = "penanganan"  # handled by the combined agencies

    @property
    def rank(self) -> int:
        return list(StoryStep).index(self)


STEP_PHASE: dict[StoryStep, PhaseKind] = {
    StoryStep.PENDAFTARAN: PhaseKind.PENDAFTARAN,
    StoryStep.MASA_TENANG: PhaseKind.MASA_TENANG,
    StoryStep.PEMUNGUTAN: PhaseKind.PEMUNGUTAN,
    StoryStep.PENGHITUNGAN: PhaseKind.PENGHITUNGAN,
    StoryStep.KETIDAKPUASAN: PhaseKind.PENGHITUNGAN,
    StoryStep.ESKALASI: PhaseKind.PENGHITUNGAN,
    StoryStep.PENANGANAN: PhaseKind.PENGHITUNGAN,
}
"""The election phase whose plan applies at each step (the default storyline's unrest follows
the announcement of the count, so its last three steps fall in counting)."""


class InjectMethod(StrEnum):
    """Cara penyampaian: how an inject reaches its recipient."""

    RADIO = "radio"
    PHONE = "phone"  # telepon
    IN_PERSON = "in_person"  # langsung (a role player speaks to the player)
    TEXT = "text"  # SMS/WhatsApp or a written message


class InjectKind(StrEnum):
    """What an inject becomes in the Posko (the ops stage's inputs; see :mod:`sispam.latihan.control`)."""

    FIELD_REPORT = "field_report"  # laporan lapangan: a TPS status report
    INCIDENT = "incident"  # kejadian: a new incident or an update of one (crowd, level portrayed)
    MESSAGE = "message"  # pesan: a message to a role (an order asked for, a question)


class Inject(DomainModel):
    """Satu inject of the MSEL: who tells whom what, when, and what it should cause.

    ``scenario_time`` is the time in the story (election day); ``real_time`` the planned time of
    delivery in the drill at ×1 (the controller's clock may pause or compress it). ``unit`` is the
    unit that answers for ``task`` under the plan; ``target_min`` the time target of the task,
    counted as the task's evaluation rule says (see ``docs/latihan.md``). ``level`` is the crowd
    situation the inject *portrays*: declaring a level is the players' decision, never the inject's.
    """

    number: int = Field(ge=1)
    scenario_time: datetime
    real_time: datetime
    step: StoryStep
    sender: str = Field(min_length=1, description="From: role player or controller")
    recipient: str = Field(min_length=1, description="To: unit or role")
    method: InjectMethod
    message: str = Field(min_length=1)
    expected_action: str = ""
    unit: str = Field(min_length=1, description="Unit responsible under the plan")
    capability: Capability
    task: str = Field(min_length=1, description="Critical task: a Cara Bertindak key")
    target_min: float | None = Field(default=None, ge=0)
    village_code: str = Field(pattern=VILLAGE_CODE_PATTERN)
    kind: InjectKind = InjectKind.MESSAGE
    level: SituationLevel | None = None
    crowd: int | None = Field(default=None, ge=0)
    unscripted: bool = False
    note: str = ""


TargetSource = Literal["plan", "model", "exercise", "none"]


class CriticalTask(DomainModel):
    """Tugas kritis of an EEG: a Cara Bertindak task with its unit, standard and time target.

    ``id`` is the Cara Bertindak key (unique in the table). ``target_min`` is the standard the
    evaluator measures against and ``target_source`` where it comes from: the plan's promised
    response time, the contingency model's assumption, the exercise settings, or none (a task
    judged without a clock). ``assumed_min`` is what the plan or model expects to happen — the
    figure the drill's measurement is compared with in the Anev. ``clock_from``/``clock_to`` say
    which events time the task (codes of :mod:`sispam.latihan.eeg`, e.g. ``declared:kuning`` →
    ``arrived:dalmas_lanjut``).
    """

    id: str
    capability: Capability
    level: SituationLevel | None
    actor: Actor
    unit: str = ""
    target_min: float | None = Field(default=None, ge=0)
    target_source: TargetSource = "none"
    assumed_min: float | None = Field(default=None, ge=0)
    clock_from: str = Field(default="", description="Event that starts the task's clock")
    clock_to: str = Field(default="", description="Event that shows the task done")


class Eeg(DomainModel):
    """Exercise Evaluation Guide: one capability and its critical tasks."""

    capability: Capability
    tasks: tuple[CriticalTask, ...]


class Exercise(DomainModel):
    """Paket latihan: the drill as prepared — where, when, the MSEL and the EEGs."""

    schema_version: int = SCHEMA_VERSION
    scenario: str = Field(description="The scenario as given (embedded name or directory)")
    scenario_name: str
    title: str
    village_code: str
    village_name: str
    district: str = ""
    start: datetime = Field(description="Planned start of the drill (wall time at ×1)")
    utc_offset_min: int = Field(default=420, description="Local time zone (WIB = +07:00)")
    source: Literal["seed", "simulation"] = "seed"
    sim_run: int | None = None
    sim_village: str | None = Field(
        default=None, description="The simulated village the path came from, if another"
    )
    response_min: float = Field(gt=0, description="The plan's promised response time (min)")
    injects: tuple[Inject, ...]
    eegs: tuple[Eeg, ...]
    notes: tuple[str, ...] = ()

    def inject(self, number: int) -> Inject | None:
        return next((i for i in self.injects if i.number == number), None)

    def tasks(self) -> tuple[CriticalTask, ...]:
        return tuple(task for eeg in self.eegs for task in eeg.tasks)


class EventKind(StrEnum):
    """Jenis kejadian: what an exercise event records (the exported record's ``kind``)."""

    EXERCISE_STARTED = "exercise_started"  # controller: the clock starts (``speed``)
    EXERCISE_PAUSED = "exercise_paused"
    EXERCISE_RESUMED = "exercise_resumed"
    SPEED_CHANGED = "speed_changed"  # time compression ×``speed`` from now on
    EXERCISE_ENDED = "exercise_ended"
    INJECT_DELIVERED = "inject_delivered"  # ``inject`` number; ``payload.by`` schedule|hand
    REPORT_RECEIVED = "report_received"  # a field report or incident reached the Posko
    LEVEL_RAISED = "level_raised"  # a situation level declared (``level``, ``command``)
    LEVEL_LOWERED = "level_lowered"
    DECISION = "decision"  # a recorded decision (``task``: which, e.g. merah_request_tni)
    DISPATCHED = "dispatched"  # ``unit`` sent (``role``) to ``village``
    ARRIVED = "arrived"  # ``unit`` on scene
    CONTAINED = "contained"  # the situation at ``village`` is under control
    MESSAGE = "message"  # a message sent (public information, a reply to an inject)
    NOTE = "note"  # an evaluator's or controller's note

    @property
    def control(self) -> bool:
        """A controller's clock event (not play)."""
        return self in CLOCK_KINDS


CLOCK_KINDS = frozenset(
    {
        EventKind.EXERCISE_STARTED,
        EventKind.EXERCISE_PAUSED,
        EventKind.EXERCISE_RESUMED,
        EventKind.SPEED_CHANGED,
        EventKind.EXERCISE_ENDED,
    }
)


class ExerciseEvent(DomainModel):
    """Satu kejadian of the exercise record (one JSON Lines row of the export).

    ``time`` is wall time (naive local time, or with an offset that the loader converts to the
    exercise's local time). ``actor`` is the Posko role (``kapolres``, ``operator``, ...) or a
    name; ``task`` optionally names the Cara Bertindak task the action performs — the Posko sets
    it from the action, a tabletop recorder by hand.
    """

    seq: int | None = None
    time: datetime
    kind: EventKind
    actor: str = ""
    agency: Agency | None = None
    village: str | None = None
    unit: str | None = None
    role: ReserveRole | None = None
    level: SituationLevel | None = None
    command: CommandLevel | None = None
    inject: int | None = Field(default=None, ge=1)
    task: str | None = None
    speed: float | None = Field(default=None, gt=0, le=60)
    text: str = ""
    payload: dict[str, Any] = Field(default_factory=dict)


class Rating(StrEnum):
    """HSEEP performance rating of a task or capability."""

    P = "P"  # performed without challenges
    S = "S"  # performed with some challenges
    M = "M"  # performed with major challenges
    U = "U"  # unable to be performed

    @property
    def rank(self) -> int:
        """0 for P, rising as performance falls."""
        return list(Rating).index(self)


class EventRef(DomainModel):
    """Which event an observation rests on (the evidence)."""

    seq: int | None = None
    time: datetime
    kind: EventKind
    unit: str | None = None
    level: SituationLevel | None = None
    actor: str = ""
    inject: int | None = None


class Observation(DomainModel):
    """Pengamatan: what the record shows for one critical task, filled automatically.

    ``start``/``end`` are the events the task's rule times from and to; ``measured_min`` is the
    interval on the drill clock (pauses excluded, compression undone); ``compressed`` says the
    clock ran faster than ×1 in between (such a time is not a real one and is not used to
    calibrate the model). ``suggested`` is a rating computed from the times alone — the
    evaluator decides.
    """

    task_id: str
    capability: Capability
    performed: bool
    start: EventRef | None = None
    end: EventRef | None = None
    measured_min: float | None = None
    target_min: float | None = None
    assumed_min: float | None = None
    compressed: bool = False
    suggested: Rating
    text: str = Field(
        default="", description="The observation as a sentence (evaluation's language)"
    )


class Review(DomainModel):
    """Penilaian evaluator: the evaluator's rating, notes and recommended corrective action."""

    task_id: str
    rating: Rating | None = None
    notes: str = ""
    improvement: str = ""
    owner: Agency | None = None
    due: date | None = None


class TaskResult(DomainModel):
    """One critical task after the drill: observation, the rating used and who gave it."""

    task: CriticalTask
    observation: Observation
    rating: Rating
    rated_by: Literal["evaluator", "automatic"]
    notes: str = ""
    improvement: str = ""


ImprovementStatus = Literal["open", "in_progress", "closed"]


class ImprovementItem(DomainModel):
    """Rencana perbaikan: one row of the Improvement Plan (HSEEP AAR/IP)."""

    number: int = Field(ge=1)
    capability: Capability
    task_id: str
    issue: str = Field(description="Area for improvement, with its evidence")
    action: str = Field(description="Corrective action")
    owner: Agency
    due: date
    status: ImprovementStatus = "open"


MeasureKind = Literal["report", "decision", "order", "travel"]


class TimeMeasure(DomainModel):
    """Waktu terukur: one kind of interval measured in the drill, against the model's assumption.

    ``report``: a situation's condition → its report at the Posko; ``decision`` per reserve role:
    that report → the order to the role; ``order``: the condition → the order (both together);
    ``travel``: dispatch → on scene per reserve role (against the plan's arrival estimate of each
    trip, ``planned``). ``samples`` are minutes at ×1; ``compressed`` counts those left out
    because the clock ran faster (see :mod:`sispam.latihan.calibrate`).
    """

    measure: MeasureKind
    key: str = Field(description="Reserve role, or '' for the whole incident")
    samples: tuple[float, ...] = ()
    planned: tuple[float, ...] = Field(
        default=(), description="The plan's figure for each sample (travel), when known"
    )
    median: float | None = None
    assumed: float | None = None
    compressed: int = Field(default=0, ge=0)
    param: str | None = Field(default=None, description="Contingency parameter it calibrates")


class OddsChange(DomainModel):
    """One simulated outcome with the model's assumed times (``before``) and with the drill's
    (``after``), on the same runs and seed: probabilities 0–1, times in minutes."""

    measure: Literal["p_any_kuning", "p_any_merah", "containment_p90", "p_kuning", "p_merah"]
    before: float | None = None
    after: float | None = None


class Anev(DomainModel):
    """Analisa dan evaluasi (After-Action Report) of one drill: the data behind the document."""

    schema_version: int = SCHEMA_VERSION
    exercise: Exercise
    started: datetime | None = None
    ended: datetime | None = None
    speeds: tuple[float, ...] = Field(default=(1.0,), description="Clock speeds used")
    delivered: tuple[int, ...] = Field(default=(), description="Inject numbers delivered")
    unscripted: tuple[Inject, ...] = ()
    results: tuple[TaskResult, ...] = ()
    capability_ratings: dict[Capability, Rating] = Field(default_factory=dict)
    improvements: tuple[ImprovementItem, ...] = ()
    times: tuple[TimeMeasure, ...] = ()
    odds: tuple[OddsChange, ...] = Field(
        default=(), description="Re-run of the contingency simulation with the drill's times"
    )
    odds_runs: int = Field(default=0, ge=0)
    odds_seed: int | None = None


__all__ = [
    "CLOCK_KINDS",
    "STEP_PHASE",
    "Anev",
    "CriticalTask",
    "Eeg",
    "EventKind",
    "EventRef",
    "Exercise",
    "ExerciseEvent",
    "ImprovementItem",
    "Inject",
    "InjectKind",
    "InjectMethod",
    "MeasureKind",
    "Observation",
    "OddsChange",
    "Rating",
    "Review",
    "StoryStep",
    "TaskResult",
    "TimeMeasure",
]
