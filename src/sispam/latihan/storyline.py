"""Alur cerita (the storyline): the MSEL's injects, from the seed's seven steps or from a
simulated escalation.

The seed storyline is the Klaten drill of 31 May 2023: registration → quiet period → voting →
counting → a group dissatisfied with the result → the crowd escalates → handled by the combined
agencies. Each *beat* below is one inject: which step, which Cara Bertindak task it tests, what it
portrays (level, crowd) and when. The first four steps set the scene and are compressed (ten
minutes of drill each beat); from the dissatisfied group on the drill runs at the story's pace, so
a measured response time means what it says.

With a simulation result the escalation keeps the beats but takes its timing, crowd sizes and
highest level from the simulated run (the example run: the first run with the worst outcome), so
the drill rehearses a plausible escalation rather than an invented one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sispam.domain import Plan, Scenario, SimResult, SituationLevel, Village
from sispam.domain.doctrine import Actor
from sispam.domain.enums import PhaseKind
from sispam.domain.exercise import (
    STEP_PHASE,
    Inject,
    InjectKind,
    InjectMethod,
    StoryStep,
)
from sispam.domain.simulation import TimelineEvent
from sispam.i18n import t
from sispam.latihan.eeg import TASKS
from sispam.latihan.settings import LatihanError
from sispam.latihan.units import Responders

_S = StoryStep
_M = InjectMethod
_K = InjectKind
_H, _KU, _ME = SituationLevel.HIJAU, SituationLevel.KUNING, SituationLevel.MERAH

SCENE_GAP_MIN = 10
"""Drill minutes between two scene-setting beats (steps 1–4 are compressed)."""
INCIDENT_AFTER_COUNT_MIN = 150
"""The seed's unrest begins 2½ hours into counting (the result is announced after two)."""


@dataclass(frozen=True)
class Beat:
    """One inject of the storyline; texts are ``latihan.beat.<key>.{from,to,message,expect}``."""

    key: str
    step: StoryStep
    minute: int  # scene beats: after the step's phase start; incident beats: after its start
    method: InjectMethod
    kind: InjectKind
    task: str
    level: SituationLevel | None = None
    crowd: int | None = None
    anchor: str = ""  # a simulated event this beat takes its time from (incident beats)


BEATS: tuple[Beat, ...] = (
    Beat("reg_open", _S.PENDAFTARAN, 60, _M.PHONE, _K.FIELD_REPORT, "hijau_tps"),
    Beat("reg_rumour", _S.PENDAFTARAN, 180, _M.TEXT, _K.MESSAGE, "hijau_detect"),
    Beat("quiet_mobilise", _S.MASA_TENANG, 240, _M.RADIO, _K.FIELD_REPORT, "hijau_detect"),
    Beat("vote_open", _S.PEMUNGUTAN, 0, _M.RADIO, _K.FIELD_REPORT, "hijau_tps"),
    Beat("vote_traffic", _S.PEMUNGUTAN, 90, _M.PHONE, _K.MESSAGE, "hijau_traffic"),
    Beat("count_start", _S.PENGHITUNGAN, 0, _M.RADIO, _K.FIELD_REPORT, "hijau_tps"),
    Beat("count_result", _S.PENGHITUNGAN, 120, _M.RADIO, _K.FIELD_REPORT, "hijau_inform"),
    Beat("gather", _S.KETIDAKPUASAN, 0, _M.RADIO, _K.INCIDENT, "hijau_detect", _H, 50, "start"),
    Beat("demand", _S.KETIDAKPUASAN, 5, _M.IN_PERSON, _K.MESSAGE, "hijau_negotiate", _H, 60),
    Beat("dalmas_awal", _S.KETIDAKPUASAN, 10, _M.RADIO, _K.INCIDENT, "hijau_dalmas_awal", _H, 80),
    Beat("kuning", _S.ESKALASI, 20, _M.RADIO, _K.INCIDENT, "kuning_control", _KU, 150, "kuning"),
    Beat("traffic", _S.ESKALASI, 25, _M.PHONE, _K.MESSAGE, "kuning_traffic"),
    Beat("mediate", _S.ESKALASI, 30, _M.PHONE, _K.MESSAGE, "kuning_mediate"),
    Beat("hoax", _S.ESKALASI, 35, _M.PHONE, _K.MESSAGE, "kuning_inform"),
    Beat("merah", _S.ESKALASI, 45, _M.RADIO, _K.INCIDENT, "merah_control", _ME, 250, "merah"),
    Beat("medical", _S.ESKALASI, 47, _M.RADIO, _K.MESSAGE, "merah_medical"),
    Beat(
        "tni_request", _S.ESKALASI, 50, _M.TEXT, _K.MESSAGE, "merah_request_tni", anchor="ask_tni"
    ),
    Beat("tni_support", _S.PENANGANAN, 75, _M.PHONE, _K.MESSAGE, "merah_tni_support", anchor="tni"),
    Beat("bupati", _S.PENANGANAN, 90, _M.IN_PERSON, _K.MESSAGE, "merah_mediate"),
    Beat("arrest", _S.PENANGANAN, 100, _M.PHONE, _K.MESSAGE, "merah_arrest"),
    Beat("settle", _S.PENANGANAN, 100, _M.PHONE, _K.MESSAGE, "recovery_settle"),
    Beat("calm", _S.PENANGANAN, 120, _M.RADIO, _K.INCIDENT, "recovery_lower", _H, 10, "contained"),
)
"""The storyline. ``settle`` replaces the merah beats of the handling step when the crowd never
reached merah (a simulated run that stopped at kuning); the default storyline reaches merah."""

MERAH_ONLY = frozenset({"merah", "medical", "tni_request", "tni_support", "bupati", "arrest"})
NOT_AT_MERAH = frozenset({"settle"})


@dataclass(frozen=True)
class Timing:
    """When each beat happens: scenario time and minutes of drill after the drill's start."""

    scenario: dict[str, datetime]
    drill_min: dict[str, float]
    crowd: dict[str, int]
    units: dict[str, str]  # beat → unit named by the simulation (same village only)


def _phase_start(scenario: Scenario, step: StoryStep) -> datetime:
    phase = scenario.phase(STEP_PHASE[step])
    if phase is not None:
        return phase.start
    # A scenario without that phase: the steps' usual hours on election day.
    hours = {_S.PENDAFTARAN: 8, _S.MASA_TENANG: 17, _S.PEMUNGUTAN: 7, _S.PENGHITUNGAN: 13}
    day = scenario.election_date - (timedelta(days=3) if step is _S.MASA_TENANG else timedelta(0))
    if step is _S.PENDAFTARAN:
        day = scenario.election_date - timedelta(days=60)
    return datetime.combine(day, time(hours.get(step, 13), 0))


def _scene_timing(scenario: Scenario, until: datetime | None) -> tuple[dict, dict]:
    """Scene beats before ``until`` (the incident's start): scenario times and drill minutes."""
    scen: dict[str, datetime] = {}
    drill: dict[str, float] = {}
    n = 0
    for beat in BEATS:
        if beat.step.rank > _S.PENGHITUNGAN.rank:
            break
        at = _phase_start(scenario, beat.step) + timedelta(minutes=beat.minute)
        if until is not None and at >= until:
            continue
        scen[beat.key] = at
        drill[beat.key] = float(n * SCENE_GAP_MIN)
        n += 1
    return scen, drill


def seed_timing(scenario: Scenario) -> Timing:
    """The default storyline's times: scene beats by phase, the unrest after the count."""
    scen, drill = _scene_timing(scenario, None)
    t0 = _phase_start(scenario, _S.PENGHITUNGAN) + timedelta(minutes=INCIDENT_AFTER_COUNT_MIN)
    offset = len(drill) * SCENE_GAP_MIN
    incident = [
        b for b in BEATS if b.step.rank > _S.PENGHITUNGAN.rank and b.key not in NOT_AT_MERAH
    ]
    for beat in incident:
        scen[beat.key] = t0 + timedelta(minutes=beat.minute)
        drill[beat.key] = float(offset + beat.minute)
    crowd = {b.key: b.crowd for b in BEATS if b.crowd is not None}
    return Timing(scen, drill, crowd, {})


def _anchors(events: list[TimelineEvent]) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    """Minutes of the simulated run's landmarks, the crowd then, and who was sent per role."""
    minute: dict[str, int] = {"start": 0}
    crowd: dict[str, int] = {}
    units: dict[str, str] = {}
    first_crowd = next((e for e in events if (e.crowd or 0) > 0), None)
    if first_crowd is not None:
        crowd["start"] = int(first_crowd.crowd or 0)
    for e in events:
        if e.kind == "level" and e.level in ("kuning", "merah") and e.level not in minute:
            minute[e.level] = e.minute
            crowd[e.level] = int(e.crowd or 0)
        elif e.kind == "request" and e.role == "tni_support" and "ask_tni" not in minute:
            minute["ask_tni"] = e.minute
        elif e.kind == "arrival" and e.role == "tni_support" and "tni" not in minute:
            minute["tni"] = e.minute
        elif e.kind in ("contained", "uncontained") and "contained" not in minute:
            minute["contained"] = e.minute
        if e.kind == "dispatch" and e.role and e.unit and e.role not in units:
            units[e.role] = e.unit
    return minute, crowd, units


def sim_timing(scenario: Scenario, sim: SimResult, village: Village) -> Timing:
    """The escalation of the simulation's example run, told at the drill's village.

    Beats with a simulated landmark (start, kuning, merah, TNI on scene, contained) take its
    minute and crowd; the others are spread evenly between their neighbours, in order.
    """
    ex = sim.example
    if ex is None or ex.reason in ("quiet", "incident") or not ex.village_code:
        reason = ex.reason if ex is not None else "none"
        raise LatihanError(t("latihan.sim.no_escalation", reason=reason))
    events = [e for e in ex.events if e.village_code == ex.village_code]
    trigger = next((e for e in events if e.kind in ("trigger", "spill")), events[0])
    minute, crowd, units = _anchors(events)
    top = _ME if "merah" in minute else _KU
    skip = NOT_AT_MERAH if top is _ME else MERAH_ONLY
    incident = [b for b in BEATS if b.step.rank > _S.PENGHITUNGAN.rank and b.key not in skip]
    last = max(minute.values())
    minute.setdefault("contained", last + 30)
    placed = _spread(incident, minute)
    t0 = trigger.time - timedelta(minutes=trigger.minute)
    scen, drill = _scene_timing(scenario, t0)
    offset = len(drill) * SCENE_GAP_MIN
    for beat in incident:
        scen[beat.key] = t0 + timedelta(minutes=placed[beat.key])
        drill[beat.key] = float(offset + placed[beat.key])
    crowds = {b.key: b.crowd for b in incident if b.crowd is not None}
    for beat in incident:
        if beat.crowd is None or beat.anchor == "contained":
            continue  # the calm keeps the storyline's remnant; the simulation counts a peak there
        if beat.anchor in crowd and crowd[beat.anchor] > 0:
            crowds[beat.key] = crowd[beat.anchor]
        else:
            crowds[beat.key] = _crowd_at(events, placed[beat.key]) or beat.crowd
    same_village = ex.village_code == village.code
    role_beats = {"dalmas_awal": "dalmas_awal", "tni_support": "tni_support"}
    unit_by_beat = (
        {b: units[r] for b, r in role_beats.items() if r in units} if same_village else {}
    )
    return Timing(scen, drill, crowds, unit_by_beat)


def _crowd_at(events: list[TimelineEvent], minute: float) -> int | None:
    """The simulated crowd at ``minute``: that of the last event before it that counts one."""
    seen = [e.crowd for e in events if e.minute <= minute and (e.crowd or 0) > 0]
    return int(seen[-1]) if seen else None


def _spread(beats: list[Beat], anchors: dict[str, int]) -> dict[str, float]:
    """Minutes for every beat: anchored beats at their landmark, the rest evenly in between
    (a landmark earlier than the previous beat is moved after it, so the order holds)."""
    out: dict[str, float] = {}
    fixed = [(i, float(anchors[b.anchor])) for i, b in enumerate(beats) if b.anchor in anchors]
    prev_i, prev_m = -1, -1.0
    for i, m in [*fixed, (len(beats), None)]:
        m_val = m if m is not None else (prev_m + 5.0 * (len(beats) - prev_i))
        m_val = max(m_val, prev_m + (i - prev_i))  # at least a minute per beat
        gap = i - prev_i
        for j in range(prev_i + 1, i):
            out[beats[j].key] = float(round(prev_m + (m_val - prev_m) * (j - prev_i) / gap))
        if i < len(beats):
            out[beats[i].key] = m_val
        prev_i, prev_m = i, m_val
    return out


@dataclass(frozen=True)
class StoryContext:
    """What the inject texts need."""

    scenario: Scenario
    plan: Plan
    village: Village
    start: datetime
    responders: Responders
    lang: str
    targets: dict[str, float | None]  # task → time target


def build_injects(ctx: StoryContext, timing: Timing) -> tuple[Inject, ...]:
    """The MSEL: one inject per timed beat, numbered in order of delivery."""
    beats = sorted(
        (b for b in BEATS if b.key in timing.drill_min),
        key=lambda b: (timing.drill_min[b.key], BEATS.index(b)),
    )
    polsek = ctx.responders.unit_for("hijau_control", Actor.KAPOLSEK, PhaseKind.PENGHITUNGAN, None)
    out = []
    for n, beat in enumerate(beats, start=1):
        task = TASKS[beat.task]
        at = timing.scenario[beat.key]
        unit = timing.units.get(beat.key) or ctx.responders.unit_for(
            beat.task, task.actor, STEP_PHASE[beat.step], at
        )
        values = _values(ctx, beat, unit, polsek, timing)
        out.append(
            Inject(
                number=n,
                scenario_time=at,
                real_time=ctx.start + timedelta(minutes=timing.drill_min[beat.key]),
                step=beat.step,
                sender=_text(ctx, beat, "from", values),
                recipient=_text(ctx, beat, "to", values),
                method=beat.method,
                message=_text(ctx, beat, "message", values),
                expected_action=_text(ctx, beat, "expect", values),
                unit=unit,
                capability=task.capability,
                task=beat.task,
                target_min=ctx.targets.get(beat.task),
                village_code=ctx.village.code,
                kind=beat.kind,
                level=beat.level,
                crowd=timing.crowd.get(beat.key),
            )
        )
    return tuple(out)


def _values(ctx: StoryContext, beat: Beat, unit: str, polsek: str, timing: Timing) -> dict:
    v = ctx.village
    counts: dict[str, int] = {}
    for a in ctx.plan.assignments:
        if a.village_code == v.code and a.phase == STEP_PHASE[beat.step] and a.post == "tps":
            counts[a.force.value] = counts.get(a.force.value, 0) + a.personnel
    site = next((s.name for s in ctx.plan.reserve_sites if s.site_id == ctx.responders.site_id), "")
    return {
        "village": v.name,
        "district": v.district_name,
        "voters": f"{v.voters:,}".replace(",", "." if ctx.lang == "id" else ","),
        "polri": counts.get("polri", 0),
        "tni": counts.get("tni", 0),
        "linmas": counts.get("linmas", 0),
        "unit": unit,
        "polsek": polsek,
        "site": site or polsek,
        "crowd": timing.crowd.get(beat.key, beat.crowd or 0),
    }


def _text(ctx: StoryContext, beat: Beat, part: str, values: dict) -> str:
    return t(f"latihan.beat.{beat.key}.{part}", ctx.lang, **values)
