"""Hari pemungutan (election day): the objects the Posko records while an election runs.

Field reports from the TPS and the village (status along the day, incidents), incidents with their
lifecycle, the crowd situation per village (hijau/kuning/merah, Perkap 16/2006 — never the
vulnerability zone), decisions on the level and on who holds control, TNI *perbantuan* requests,
notifications (the next level up, the Pemkab on merah), Pemkab mediation, unit status in the
Cursor-on-Target style (position, time, ``stale`` time) and dispatches of reserve elements.

Everything here is an immutable value; the rules that create and change them live in
:mod:`sispam.ops` (pure functions), the record of who did what when in the Posko's event log.
Times are local wall-clock times of the operation (naive ``datetime``), like the scenario's phases.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field, model_validator

from sispam.domain.base import SCHEMA_VERSION, DomainModel
from sispam.domain.doctrine import ROLE_COMMAND
from sispam.domain.enums import CommandLevel, PoskoRole, ReserveRole, SituationLevel

# --- vocabularies -------------------------------------------------------------------------------


class Channel(StrEnum):
    """Saluran: how a field report reached the Posko."""

    WEB = "web"  # the Posko's phone page (offline-first queue)
    SMS = "sms"  # a text message through an SMS gateway
    WHATSAPP = "whatsapp"  # a WhatsApp message through a gateway
    API = "api"  # another system (a machine client with a token)
    RADIO = "radio"  # taken down by a Posko operator from the radio net


class TpsStatus(StrEnum):
    """Status TPS along election day, in the order they normally happen."""

    PERSONNEL_PRESENT = "personnel_present"  # personel hadir: the Pam TPS team is at the TPS
    OPENED = "opened"  # TPS dibuka
    VOTING = "voting"  # pemungutan berjalan (again, after a pause)
    PAUSED = "paused"  # pemungutan ditunda/terhenti
    CLOSED = "closed"  # TPS ditutup (voting over)
    COUNTING = "counting"  # penghitungan dimulai
    COUNTED = "counted"  # penghitungan selesai
    BOX_ESCORTED = "box_escorted"  # kotak suara dikawal ke tempat rekapitulasi
    BOX_ARRIVED = "box_arrived"  # kotak suara tiba di tempat rekapitulasi

    @property
    def rank(self) -> int:
        """Progress of the day: 0 personnel present … 7 box arrived (voting and paused share 2)."""
        order = list(TpsStatus)
        i = order.index(self)
        return i - 1 if self is TpsStatus.PAUSED or i > order.index(TpsStatus.PAUSED) else i


class ReportKind(StrEnum):
    TPS_STATUS = "tps_status"  # laporan status TPS
    INCIDENT = "incident"  # laporan kejadian


class Review(StrEnum):
    """Pemeriksaan: whether a person has checked what a report says.

    A report read by the machine (text intake) stays ``machine_read`` until a person confirms or
    corrects it; only a confirmed or corrected report may be cited for a change of level.
    """

    MACHINE_READ = "machine_read"  # parsed from a text message, not yet checked
    CONFIRMED = "confirmed"  # a person checked the reading
    CORRECTED = "corrected"  # a person corrected the reading
    REJECTED = "rejected"  # a person found the reading or the report wrong
    ENTERED = "entered"  # typed into a form by a person (web/radio): no machine reading

    @property
    def usable(self) -> bool:
        """May this report be cited for a decision (a person stands behind what it says)?"""
        return self in (Review.CONFIRMED, Review.CORRECTED, Review.ENTERED)


class IncidentCategory(StrEnum):
    """Kategori kejadian on election day."""

    RESULT_DISPUTE = "result_dispute"  # ketidakpuasan atas hasil
    BLOCKADE = "blockade"  # blokade/pemblokiran jalan atau TPS
    CROWD = "crowd"  # pengerahan/kerumunan massa
    CLASH = "clash"  # bentrokan antarpendukung
    DAMAGE = "damage"  # perusakan, pembakaran
    INTIMIDATION = "intimidation"  # intimidasi, ancaman
    MONEY_POLITICS = "money_politics"  # politik uang
    DISASTER = "disaster"  # bencana (banjir, longsor, kebakaran)
    OTHER = "other"  # lainnya


CAP_EVENT: dict[IncidentCategory, str | None] = {
    IncidentCategory.RESULT_DISPUTE: "civil.demonstrations",
    IncidentCategory.BLOCKADE: "civil.demonstrations",
    IncidentCategory.CROWD: "civil.demonstrations",
    IncidentCategory.CLASH: "civil.riot",
    IncidentCategory.DAMAGE: "civil.riot",
    IncidentCategory.INTIMIDATION: None,
    IncidentCategory.MONEY_POLITICS: None,
    IncidentCategory.DISASTER: None,
    IncidentCategory.OTHER: None,
}
"""Event type in the Sahana Eden / EDXL style where one fits (a crowd, a blockade or a dispute is a
demonstration; a clash or damage is a riot); intimidation and money politics are crimes, not
civil events, and a disaster needs its own hazard type, so they map to none."""

CAP_CATEGORY: dict[IncidentCategory, str] = {
    **{c: "Security" for c in IncidentCategory},
    IncidentCategory.DISASTER: "Safety",
    IncidentCategory.OTHER: "Other",
}
"""CAP 1.2 ``category`` of each kind of incident."""


class IncidentState(StrEnum):
    """Status kejadian (after ECLK IncidentManagement): the lifecycle of an incident."""

    REPORTED = "reported"  # dilaporkan
    VERIFIED = "verified"  # diverifikasi
    REJECTED = "rejected"  # ditolak (not true / not an incident)
    RESPONDING = "responding"  # ditangani: units sent
    CONTAINED = "contained"  # terkendali
    CLOSED = "closed"  # selesai: outcome and who closed it recorded
    REOPENED = "reopened"  # dibuka kembali

    @property
    def open(self) -> bool:
        return self not in (IncidentState.REJECTED, IncidentState.CLOSED)


class IncidentAction(StrEnum):
    """What a person does to an incident (each moves it to one state)."""

    REPORT = "report"
    VERIFY = "verify"
    REJECT = "reject"
    RESPOND = "respond"
    CONTAIN = "contain"
    CLOSE = "close"
    REOPEN = "reopen"


class DecisionKind(StrEnum):
    """Keputusan tentang situasi: raise or lower the level, or hand control to another level."""

    RAISE = "raise"  # menaikkan status situasi
    LOWER = "lower"  # menurunkan status situasi
    HANDOVER = "handover"  # menyerahkan/mengambil alih kendali


class Recipient(StrEnum):
    """Who an alert or a notice goes to."""

    POSKO = "posko"  # the Posko Polres (operators on duty)
    KAPOLSEK = "kapolsek"
    KAPOLRES = "kapolres"
    KAPOLDA = "kapolda"
    DANDIM = "dandim"  # Kodim: TNI side
    PEMKAB = "pemkab"  # Bupati / Kesbangpol


class UnitState(StrEnum):
    """Status satuan (Cursor-on-Target style): standby → moving → on scene → done."""

    SIAGA = "siaga"  # standby at its post
    BERGERAK = "bergerak"  # moving to a task
    TIBA = "tiba"  # on scene
    SELESAI = "selesai"  # task done (returns to siaga when back at its post)

    @property
    def committed(self) -> bool:
        """Sent and not yet released: not available for another task."""
        return self in (UnitState.BERGERAK, UnitState.TIBA)


# --- people and places ------------------------------------------------------------------------


class Person(DomainModel):
    """A named person acting in the Posko (or outside it, e.g. the Kapolda), with the role in
    which they act. ``command`` defaults to the command level of the role
    (:data:`sispam.domain.doctrine.ROLE_COMMAND`); ``area`` lists the codes (kecamatan
    ``PP.RR.DD`` or village ``PP.RR.DD.VVVV``) a scoped role answers for — empty = the whole
    operation."""

    name: str = Field(min_length=1)
    role: PoskoRole | None = None
    title: str = ""  # e.g. "Kapolsek Klaten Utara", "Dandim 0723/Klaten"
    command: CommandLevel | None = None
    area: tuple[str, ...] = ()

    @property
    def command_level(self) -> CommandLevel | None:
        if self.command is not None:
            return self.command
        return ROLE_COMMAND.get(self.role) if self.role is not None else None

    def covers(self, village_code: str) -> bool:
        """Does the person's area include the village? (No area: everywhere.)"""
        return not self.area or any(
            village_code == a or village_code.startswith(a + ".") for a in self.area
        )

    def label(self) -> str:
        """``AKP Budi (Kapolsek Klaten Utara)``; the name alone when it is the title."""
        return (
            f"{self.name} ({self.title})" if self.title and self.title != self.name else self.name
        )


class _Located(DomainModel):
    lat: float | None = Field(default=None, ge=-90, le=90)
    lng: float | None = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _both_or_none(self):  # type: ignore[no-untyped-def]
        if (self.lat is None) != (self.lng is None):
            raise ValueError("rule.position_pair")
        return self

    @property
    def position(self) -> tuple[float, float] | None:
        return (self.lat, self.lng) if self.lat is not None and self.lng is not None else None


# --- field reports ----------------------------------------------------------------------------


class FieldReport(_Located):
    """Laporan lapangan: one report from the field about a TPS or a village.

    ``id`` is generated by the client (the phone page, the SMS gateway's message id, or derived
    from the message), so that a resend is recognised and never counted twice. ``raw_text`` keeps
    the message exactly as received beside what was read from it.
    """

    schema_version: int = SCHEMA_VERSION
    id: str = Field(min_length=1, max_length=200)
    channel: Channel
    reporter: str = Field(min_length=1)  # account name, or the sender's number for text intake
    received_at: datetime
    at: datetime  # when it happened, as reported
    village_code: str
    tps: int | None = Field(default=None, ge=1)
    kind: ReportKind
    status: TpsStatus | None = None
    personnel: int | None = Field(default=None, ge=0)
    category: IncidentCategory | None = None
    crowd: int | None = Field(default=None, ge=0)
    suggested_level: SituationLevel | None = None  # what the reporter says; a person decides
    note: str = ""
    photo: str | None = None  # reference to a stored photo (the Posko keeps the file)
    raw_text: str | None = None
    rumour: bool = False  # isu/hoaks: flagged by the reporter or a verifier
    review: Review = Review.ENTERED
    reviewed_by: Person | None = None
    reviewed_at: datetime | None = None
    incident_id: str | None = None  # linked incident, once an operator links it

    @model_validator(mode="after")
    def _kind_fields(self) -> FieldReport:
        if self.kind is ReportKind.TPS_STATUS and self.status is None:
            raise ValueError("rule.report_needs_status")
        if self.kind is ReportKind.INCIDENT and self.category is None:
            raise ValueError("rule.report_needs_category")
        return self

    @property
    def tps_id(self) -> str | None:
        """``33.10.24.2003-1``: the village code and the TPS number."""
        return f"{self.village_code}-{self.tps}" if self.tps is not None else None


# --- incidents --------------------------------------------------------------------------------


class IncidentTransition(DomainModel):
    """One step of an incident's life, with who took it (every transition is a row, as in ECLK)."""

    action: IncidentAction
    from_state: IncidentState | None
    to_state: IncidentState
    at: datetime
    by: Person
    note: str = ""
    units: tuple[str, ...] = ()  # for ``respond``: the units sent


class Incident(_Located):
    """Kejadian: something that happened at a village/TPS (or a point) and the Posko handles."""

    schema_version: int = SCHEMA_VERSION
    id: str = Field(min_length=1)
    village_code: str
    tps: int | None = Field(default=None, ge=1)
    category: IncidentCategory
    crowd: int | None = Field(default=None, ge=0)
    description: str = ""
    reported_at: datetime
    state: IncidentState = IncidentState.REPORTED
    report_ids: tuple[str, ...] = ()
    history: tuple[IncidentTransition, ...] = ()
    outcome: str = ""  # what came of it (required to close)
    closed_by: Person | None = None
    first_arrival_at: datetime | None = None  # first unit on scene (the response clock stops)

    @model_validator(mode="after")
    def _closed_needs_outcome(self) -> Incident:
        if self.state is IncidentState.CLOSED and (not self.outcome.strip() or not self.closed_by):
            raise ValueError("rule.close_needs_outcome")
        return self

    @property
    def cap_event(self) -> str | None:
        return CAP_EVENT[self.category]

    @property
    def cap_category(self) -> str:
        return CAP_CATEGORY[self.category]

    def closed_at(self, when: datetime | None = None) -> datetime | None:
        """When it was closed or rejected, if it was so at ``when`` (default: its current
        state); None while open."""
        state = self.state if when is None else self.state_at(when)
        if state is None or state.open:
            return None
        for step in reversed(self.history):
            if when is not None and step.at > when:
                continue
            if step.action in (IncidentAction.CLOSE, IncidentAction.REJECT):
                return step.at
        return None

    def state_at(self, when: datetime) -> IncidentState | None:
        """The state the incident was in at ``when`` (None: not yet reported)."""
        state = None
        for step in self.history:
            if step.at > when:
                break
            state = step.to_state
        if state is None and not self.history and self.reported_at <= when:
            return self.state
        return state


# --- situation and decisions ------------------------------------------------------------------


class VillageSituation(DomainModel):
    """Situasi desa: the crowd situation at a village now and who holds control of it."""

    village_code: str
    level: SituationLevel = SituationLevel.HIJAU
    control: CommandLevel = CommandLevel.KAPOLSEK
    since: datetime | None = None
    decision_id: str | None = None  # the decision that set it (None: the operation's start)


class LevelDecision(DomainModel):
    """Keputusan: a named person raises or lowers a village's level, or hands control on.

    ``informed`` lists who must be told (the next level up; the Pemkab on merah); ``handover`` is
    the doctrinal change of line the new level brings (lapis ganti, lintas ganti).
    """

    schema_version: int = SCHEMA_VERSION
    id: str = Field(min_length=1)
    kind: DecisionKind
    village_code: str
    at: datetime
    by: Person
    reason: str = Field(min_length=1)
    from_level: SituationLevel
    to_level: SituationLevel
    control_from: CommandLevel
    control_to: CommandLevel
    incident_id: str | None = None
    report_id: str | None = None
    handover: str | None = None
    informed: tuple[Recipient, ...] = ()


class PerbantuanDecision(DomainModel):
    """The Dandim's decision on a request for TNI support, with its legal basis."""

    by: Person
    at: datetime
    approved: bool
    legal_basis: str = Field(min_length=1)
    note: str = ""


class Deployment(DomainModel):
    """A TNI unit sent under an approved request, as a whole unit under its own commander."""

    unit: str = Field(min_length=1)
    personnel: int = Field(gt=0)
    at: datetime
    by: Person
    commander: str = ""


class PerbantuanRequest(DomainModel):
    """Permintaan perbantuan TNI (UU 2/2002 art. 41; MoU TNI–Polri): requested by the Kapolres
    when a situation is beyond Polri (merah), decided by the Dandim, then deployed."""

    schema_version: int = SCHEMA_VERSION
    id: str = Field(min_length=1)
    village_code: str
    incident_id: str | None = None
    requested_by: Person
    at: datetime
    reason: str = Field(min_length=1)
    level: SituationLevel
    asked: str = ""  # what is asked for, e.g. "1 SSK PHH Kodim 0723"
    decision: PerbantuanDecision | None = None
    deployments: tuple[Deployment, ...] = ()

    @property
    def approved(self) -> bool:
        return self.decision is not None and self.decision.approved

    @property
    def status(self) -> str:
        """requested | approved | refused | deployed."""
        if self.decision is None:
            return "requested"
        if not self.decision.approved:
            return "refused"
        return "deployed" if self.deployments else "approved"


class Notification(DomainModel):
    """Pemberitahuan: who had to be told what (a level reached, control handed over, an overdue
    response, a TNI decision). ``ref_id`` is the decision, incident or request it is about."""

    id: str = Field(min_length=1)
    recipient: Recipient
    kind: str  # level | handover | overdue | perbantuan
    at: datetime
    village_code: str
    level: SituationLevel | None = None
    ref_id: str | None = None
    acknowledged_by: Person | None = None
    acknowledged_at: datetime | None = None


class Mediation(DomainModel):
    """Mediasi: the Pemkab's (Bupati, Kesbangpol) talk with the parties, and what came of it."""

    id: str = Field(min_length=1)
    village_code: str
    incident_id: str | None = None
    by: Person
    at: datetime
    parties: tuple[str, ...] = ()
    outcome: str = Field(min_length=1)
    note: str = ""


# --- units ------------------------------------------------------------------------------------


class UnitStatus(_Located):
    """Status satuan (Cursor-on-Target style): where a unit (or one of its reserve elements) is,
    in which state, since when, and until when that position may be trusted (``stale_at``)."""

    unit: str = Field(min_length=1)
    element: str | None = None  # the reserve element (see :func:`sispam.ops.element_id`)
    state: UnitState
    at: datetime
    stale_at: datetime | None = None
    incident_id: str | None = None
    village_code: str | None = None
    personnel: int | None = Field(default=None, gt=0)
    by: Person | None = None
    note: str = ""

    def is_stale(self, now: datetime) -> bool:
        """The position is old: show it faded and do not plan from it."""
        return self.stale_at is not None and now >= self.stale_at


class Dispatch(DomainModel):
    """Pemberangkatan: a reserve element sent to an incident, as proposed and approved."""

    schema_version: int = SCHEMA_VERSION
    id: str = Field(min_length=1)
    incident_id: str
    village_code: str
    element: str
    unit: str
    role: ReserveRole
    site_id: str
    personnel: int = Field(gt=0)
    level: SituationLevel
    at: datetime
    by: Person
    eta: datetime
    travel_min: float = Field(ge=0)
    uncovered: tuple[str, ...] = ()  # villages that lose reserve coverage while it is away


# --- the record of the day and the board --------------------------------------------------------


class OpsLog(DomainModel):
    """Catatan hari-H: everything recorded about election day, as domain objects — the input of
    the board, the sitreps and the activity record (the Posko builds it from its event log; the
    replay of a simulated day builds it too)."""

    schema_version: int = SCHEMA_VERSION
    operation: str
    reports: tuple[FieldReport, ...] = ()
    incidents: tuple[Incident, ...] = ()
    decisions: tuple[LevelDecision, ...] = ()
    dispatches: tuple[Dispatch, ...] = ()
    unit_statuses: tuple[UnitStatus, ...] = ()
    perbantuan: tuple[PerbantuanRequest, ...] = ()
    notifications: tuple[Notification, ...] = ()
    mediations: tuple[Mediation, ...] = ()


class TpsLine(DomainModel):
    """One TPS on the board: the furthest status reported and how far its reports agree."""

    village_code: str
    tps: int
    status: TpsStatus | None = None
    at: datetime | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    conflict: bool = False
    reports: int = 0

    @property
    def tps_id(self) -> str:
        return f"{self.village_code}-{self.tps}"


class IncidentLine(DomainModel):
    """One incident as it stood: its state then and the highest level its village reached."""

    incident: Incident
    state: IncidentState
    peak_level: SituationLevel
    closed_at: datetime | None = None


class Board(DomainModel):
    """Papan situasi at ``as_of`` (computed by :func:`sispam.ops.board_at`)."""

    as_of: datetime
    situations: dict[str, VillageSituation]
    tps: tuple[TpsLine, ...]
    incidents: tuple[IncidentLine, ...]
    units: dict[str, UnitStatus]  # latest status per element (or unit)


__all__ = [
    "Board",
    "IncidentLine",
    "OpsLog",
    "TpsLine",
    "CAP_CATEGORY",
    "CAP_EVENT",
    "Channel",
    "DecisionKind",
    "Deployment",
    "Dispatch",
    "FieldReport",
    "Incident",
    "IncidentAction",
    "IncidentCategory",
    "IncidentState",
    "IncidentTransition",
    "LevelDecision",
    "Mediation",
    "Notification",
    "PerbantuanDecision",
    "PerbantuanRequest",
    "Person",
    "Recipient",
    "ReportKind",
    "Review",
    "TpsStatus",
    "UnitState",
    "UnitStatus",
    "VillageSituation",
]
