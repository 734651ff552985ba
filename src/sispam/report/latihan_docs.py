"""Dokumen latihan (the drill's documents), in the report stage's one document model so that the
same Typst template and workbook writer print them:

* **Kartu inject** — the controller's MSEL summary and one printable card per inject, for a
  tabletop run without computers;
* **Formulir evaluator** — the Exercise Evaluation Guides as forms: per capability its critical
  tasks with standard, unit and time target, and room to write times, observation and rating;
* **Anev** — the After-Action Report: overview, objectives, the storyline as run (timeline chart of
  injects, decisions and arrivals), per capability strengths and areas for improvement with their
  evidence and ratings, measured times against the model's assumptions, and the Improvement Plan.

Everything is marked ``LATIHAN`` (exercise) so no page can pass for a live operation's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Patch

from sispam.domain.doctrine import SITUATION_COLOR, Capability
from sispam.domain.exercise import (
    CLOCK_KINDS,
    Anev,
    CriticalTask,
    EventKind,
    Exercise,
    ExerciseEvent,
    Inject,
    Rating,
    TaskResult,
)
from sispam.i18n import catalogue
from sispam.report import charts, fmt, pdf, xlsx
from sispam.report.context import ReportContext
from sispam.report.documents import signatures
from sispam.report.model import (
    Block,
    Bullets,
    Cell,
    Column,
    Document,
    Fields,
    Figure,
    Para,
    Section,
    Table,
)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
BLANK = "……………………………………………"
BOXES = "P [   ]    S [   ]    M [   ]    U [   ]"
TIMELINE = "chart_latihan_timeline"


def clock_text(when: datetime, lang: str) -> str:
    """``10.42`` (id) / ``10:42`` (en)."""
    return when.strftime("%H.%M" if lang == "id" else "%H:%M")


def actor_text(ctx: ReportContext, actor: str) -> str:
    """A Posko role or command level by its title (``kapolres`` → ``Kapolres``), else as given."""
    for group in ("command", "posko_role"):
        if actor and f"doctrine.{group}.{actor}" in catalogue():
            return ctx.t(f"doctrine.{group}.{actor}")
    return actor


def event_text(ctx: ReportContext, e: ExerciseEvent) -> str:
    """What an event was, in a few words (the same words as the observations)."""
    level = ctx.t(f"doctrine.level_short.{e.level}") if e.level else ""
    return ctx.t(
        f"latihan.event.{e.kind}",
        level=level,
        unit=e.unit or "",
        actor=actor_text(ctx, e.actor or ""),
        inject=e.inject or "",
    )


def _mark(ctx: ReportContext) -> Para:
    return Para(ctx.t("latihan.doc.mark"), "warning")


def _when(dt: datetime, ctx: ReportContext) -> str:
    return fmt.moment(dt, ctx.lang)


def _minutes(value: float | None, ctx: ReportContext) -> str:
    if value is None:
        return "—"
    return ctx.num(value, 0 if float(value).is_integer() else 1)


def _sec(n: int, title: str, blocks: Sequence[Block] = (), children=()) -> Section:  # type: ignore[no-untyped-def]
    return Section(f"{ROMAN[n - 1]}.", title, tuple(blocks), tuple(children))


def _task(ctx: ReportContext, task_id: str) -> str:
    return ctx.t(f"doctrine.cb.{task_id}")


def _cap(ctx: ReportContext, cap: Capability) -> str:
    return ctx.t(f"doctrine.capability.{cap}")


def _target(ctx: ReportContext, task: CriticalTask) -> str:
    if task.target_min is None:
        return ctx.t("latihan.doc.no_target")
    return ctx.t(f"latihan.doc.target.{task.target_source}", minutes=_minutes(task.target_min, ctx))


def _heading(ctx: ReportContext, ex: Exercise, extra: Sequence[tuple[str, str]] = ()) -> Fields:
    s = ctx.scenario
    items = [
        (ctx.t("report.meta.scenario"), f"{s.title} ({s.name})"),
        (ctx.t("latihan.doc.village"), f"{ex.village_name}, {ex.district} ({ex.village_code})"),
        (ctx.t("latihan.doc.drill_start"), _when(ex.start, ctx)),
        (ctx.t("report.meta.election_day"), fmt.day(s.election_date, ctx.lang, weekday=True)),
        (ctx.t("latihan.doc.source"), ctx.t(f"latihan.doc.source_{ex.source}")),
        *extra,
        (ctx.t("report.meta.generated"), fmt.day(ctx.today, ctx.lang)),
        (ctx.t("report.meta.software"), f"Sispam {ctx.version}"),
    ]
    return Fields(tuple(items))


def _banner(ctx: ReportContext, ex: Exercise) -> tuple[Para, ...]:
    out = [_mark(ctx)]
    out += [Para(n, "note") for n in ex.notes]
    if ctx.scenario.illustrative:
        out.append(Para(ctx.t("report.illustrative"), "note"))
    return tuple(out)


def _footer(ctx: ReportContext, title: str) -> str:
    return f"{ctx.t('latihan.mark')} — {title} — {ctx.scenario.name} — Sispam {ctx.version}"


def _place_date(ctx: ReportContext) -> str:
    return f"{ctx.place}, {fmt.day(ctx.today, ctx.lang)}"


# --- the MSEL table (shared by the cards and the Anev) -----------------------------------------


def msel_table(ctx: ReportContext, injects: Sequence[Inject], tid: str = "latihan_msel") -> Table:
    """The run order at a glance (who sends and how is on each card)."""
    cols = (
        Column("no", ctx.t("latihan.doc.col.no"), "int"),
        Column("real_time", ctx.t("latihan.doc.col.real_time")),
        Column("scenario_time", ctx.t("latihan.doc.col.scenario_time")),
        Column("step", ctx.t("latihan.doc.col.step")),
        Column("to", ctx.t("latihan.doc.col.to")),
        Column("unit", ctx.t("latihan.doc.col.unit")),
        Column("task", ctx.t("latihan.doc.col.task")),
        Column("target", ctx.t("latihan.doc.col.target_min"), "float"),
    )
    rows = tuple(
        (
            Cell(i.number),
            Cell(fmt.clock(i.real_time, ctx.lang)),
            Cell(fmt.clock(i.scenario_time, ctx.lang)),
            Cell(ctx.t(f"latihan.step.{i.step}")),
            Cell(i.recipient),
            Cell(i.unit),
            Cell(i.task),
            Cell(i.target_min),
        )
        for i in injects
    )
    return Table(tid, ctx.t("latihan.doc.msel_title"), cols, rows)


# --- inject cards -------------------------------------------------------------------------------


def _card(ctx: ReportContext, i: Inject, target: str) -> Section:
    crowd = []
    if i.level is not None:
        crowd.append((ctx.t("latihan.doc.portrays"), ctx.t(f"doctrine.level.{i.level}")))
    if i.crowd:
        crowd.append((ctx.t("latihan.doc.crowd"), ctx.num(i.crowd)))
    fields = Fields(
        (
            (ctx.t("latihan.doc.col.real_time"), _when(i.real_time, ctx)),
            (ctx.t("latihan.doc.col.scenario_time"), _when(i.scenario_time, ctx)),
            (ctx.t("latihan.doc.col.step"), ctx.t(f"latihan.step.{i.step}")),
            (ctx.t("latihan.doc.col.from"), i.sender),
            (ctx.t("latihan.doc.col.to"), i.recipient),
            (ctx.t("latihan.doc.col.method"), ctx.t(f"latihan.method.{i.method}")),
            (ctx.t("latihan.doc.col.message"), i.message),
            *crowd,
        )
    )
    control = Fields(
        (
            (ctx.t("latihan.doc.col.expected"), i.expected_action or "—"),
            (ctx.t("latihan.doc.col.unit"), i.unit),
            (
                ctx.t("latihan.doc.col.task"),
                f"{_cap(ctx, i.capability)} — {_task(ctx, i.task)} ({i.task})",
            ),
            (ctx.t("latihan.doc.col.target_min"), target),
            (ctx.t("latihan.doc.delivered_at"), BLANK),
            (ctx.t("latihan.doc.response"), BLANK + BLANK),
        )
    )
    return Section(
        ctx.t("latihan.doc.card", number=i.number),
        ctx.t(f"latihan.step.{i.step}"),
        (_mark(ctx), fields, Para(ctx.t("latihan.doc.controller_only"), "note"), control),
    )


def cards_document(ctx: ReportContext, ex: Exercise) -> Document:
    """Kartu inject: the MSEL at a glance and one card per inject (one per page)."""
    title = ctx.t("latihan.doc.cards_title")
    tasks = {task.id: task for task in ex.tasks()}
    body = (
        _sec(1, ctx.t("latihan.doc.sec.msel"), (msel_table(ctx, ex.injects),)),
        _sec(
            2,
            ctx.t("latihan.doc.sec.control"),
            (Bullets(tuple(ctx.t(f"latihan.doc.control.{k}") for k in range(1, 6))),),
        ),
    )
    cards = tuple(
        _card(ctx, i, _target(ctx, tasks[i.task]) if i.task in tasks else "—") for i in ex.injects
    )
    return Document(
        id="kartu-inject",
        title=title,
        subtitle=ex.title,
        issuer=ctx.polres,
        heading=_heading(ctx, ex, ((ctx.t("latihan.doc.injects"), str(len(ex.injects))),)),
        banner=_banner(ctx, ex),
        body=body,
        signatures=(),
        place_date=_place_date(ctx),
        annexes=cards,
        footer=_footer(ctx, title),
    )


# --- evaluator forms ----------------------------------------------------------------------------


def _rule_part(ctx: ReportContext, code: str) -> str:
    kind, _, arg = code.partition(":")
    what = ""
    if kind in ("condition", "declared"):
        what = ctx.t(f"doctrine.level_short.{arg}")
    elif kind == "arrived":
        what = ctx.t(f"doctrine.role.{arg}")
    elif kind == "command":
        what = ctx.t(f"doctrine.command.{arg}")
    elif kind == "decision":
        what = arg
    return ctx.t(f"latihan.rule.{kind}", what=what)


def _measured_from(ctx: ReportContext, task: CriticalTask) -> str:
    if not task.clock_from or not task.clock_to:
        return "—"
    return f"{_rule_part(ctx, task.clock_from)} → {_rule_part(ctx, task.clock_to)}"


def eeg_table(ctx: ReportContext, ex: Exercise) -> Table:
    cols = (
        Column("capability", ctx.t("latihan.doc.col.capability")),
        Column("task", ctx.t("latihan.doc.col.task")),
        Column("actor", ctx.t("latihan.doc.col.actor")),
        Column("unit", ctx.t("latihan.doc.col.unit")),
        Column("target", ctx.t("latihan.doc.col.standard")),
    )
    rows = tuple(
        (
            Cell(_cap(ctx, eeg.capability)),
            Cell(_task(ctx, task.id)),
            Cell(ctx.t(f"doctrine.actor.{task.actor}")),
            Cell(task.unit),
            Cell(_target(ctx, task)),
        )
        for eeg in ex.eegs
        for task in eeg.tasks
    )
    return Table("latihan_eeg", ctx.t("latihan.doc.eeg_title"), cols, rows)


def _form(
    ctx: ReportContext, n: int, capability: Capability, tasks: Sequence[CriticalTask]
) -> Section:
    blocks: list[Block] = [
        _mark(ctx),
        Para(ctx.t("latihan.doc.objective", capability=_cap(ctx, capability))),
    ]
    for k, task in enumerate(tasks, 1):
        blocks.append(
            Fields(
                (
                    (ctx.t("latihan.doc.critical_task", number=k), _task(ctx, task.id)),
                    (ctx.t("latihan.doc.col.actor"), ctx.t(f"doctrine.actor.{task.actor}")),
                    (ctx.t("latihan.doc.col.unit"), task.unit or "—"),
                    (ctx.t("latihan.doc.col.standard"), _target(ctx, task)),
                    (ctx.t("latihan.doc.measured_from"), _measured_from(ctx, task)),
                    (ctx.t("latihan.doc.times"), f"{BLANK}  →  {BLANK}"),
                    (ctx.t("latihan.doc.observation"), BLANK + BLANK + BLANK),
                    (ctx.t("latihan.doc.rating"), BOXES),
                )
            )
        )
    blocks.append(
        Fields(
            (
                (ctx.t("latihan.doc.capability_rating"), BOXES),
                (ctx.t("latihan.doc.evaluator"), BLANK),
            )
        )
    )
    return Section(ctx.t("latihan.doc.form", number=n), _cap(ctx, capability), tuple(blocks))


def forms_document(ctx: ReportContext, ex: Exercise) -> Document:
    """Formulir evaluator: the EEGs as forms, one capability per page."""
    title = ctx.t("latihan.doc.forms_title")
    scale = tuple(ctx.t(f"latihan.review.guide.{r}") for r in Rating)
    body = (
        _sec(
            1,
            ctx.t("latihan.doc.sec.how"),
            (
                Para(ctx.t("latihan.doc.how")),
                Bullets(scale),
                Para(ctx.t("latihan.doc.how_times")),
            ),
        ),
        _sec(2, ctx.t("latihan.doc.sec.eeg"), (eeg_table(ctx, ex),)),
    )
    forms = tuple(_form(ctx, n, eeg.capability, eeg.tasks) for n, eeg in enumerate(ex.eegs, 1))
    return Document(
        id="formulir-evaluator",
        title=title,
        subtitle=ex.title,
        issuer=ctx.polres,
        heading=_heading(ctx, ex, ((ctx.t("latihan.doc.capabilities"), str(len(ex.eegs))),)),
        banner=_banner(ctx, ex),
        body=body,
        signatures=(),
        place_date=_place_date(ctx),
        annexes=forms,
        footer=_footer(ctx, title),
    )


# --- the Anev -----------------------------------------------------------------------------------


def _story_rows(ctx: ReportContext, anev: Anev, events: Sequence[ExerciseEvent]) -> Table:
    """Injects delivered, decisions, dispatches and arrivals, in time order."""
    injects = {i.number: i for i in (*anev.exercise.injects, *anev.unscripted)}
    keep = {
        EventKind.INJECT_DELIVERED,
        EventKind.REPORT_RECEIVED,
        EventKind.LEVEL_RAISED,
        EventKind.LEVEL_LOWERED,
        EventKind.DECISION,
        EventKind.DISPATCHED,
        EventKind.ARRIVED,
        EventKind.CONTAINED,
        EventKind.MESSAGE,
    }
    cols = (
        Column("time", ctx.t("latihan.doc.col.time")),
        Column("what", ctx.t("latihan.doc.col.what")),
        Column("who", ctx.t("latihan.doc.col.who")),
        Column("detail", ctx.t("latihan.doc.col.detail")),
    )
    rows = []
    for e in events:
        if e.kind not in keep:
            continue
        what = event_text(ctx, e)
        detail = e.text
        if e.kind is EventKind.INJECT_DELIVERED and e.inject in injects:
            i = injects[e.inject]
            what = ctx.t("latihan.doc.inject_n", number=i.number) + (
                f" ({ctx.t('latihan.doc.unscripted')})" if i.unscripted else ""
            )
            detail = i.message
        if e.task:
            detail = f"{detail} [{e.task}]".strip()
        rows.append(
            (
                Cell(clock_text(e.time, ctx.lang)),
                Cell(what),
                Cell(actor_text(ctx, e.actor) if e.actor else (e.unit or "")),
                Cell(detail),
            )
        )
    return Table("latihan_story", ctx.t("latihan.doc.story_title"), cols, tuple(rows))


def _results_table(ctx: ReportContext, cap: Capability, results: Sequence[TaskResult]) -> Table:
    cols = (
        Column("task", ctx.t("latihan.doc.col.task")),
        Column("unit", ctx.t("latihan.doc.col.unit")),
        Column("target", ctx.t("latihan.doc.col.target_min"), "float"),
        Column("measured", ctx.t("latihan.doc.col.measured_min"), "float", digits=1),
        Column("observation", ctx.t("latihan.doc.observation")),
        Column("rating", ctx.t("latihan.doc.col.rating")),
    )
    rows = tuple(
        (
            Cell(_task(ctx, r.task.id)),
            Cell(r.task.unit),
            Cell(r.task.target_min),
            Cell(r.observation.measured_min),
            Cell(r.observation.text + (f" {r.notes}" if r.notes else "")),
            Cell(
                r.rating.value
                + ("" if r.rated_by == "evaluator" else f" ({ctx.t('latihan.doc.auto')})")
            ),
        )
        for r in results
    )
    return Table(
        f"latihan_cap_{cap.value}",
        ctx.t("latihan.doc.results_title", capability=_cap(ctx, cap)),
        cols,
        rows,
    )


def _capability_section(ctx: ReportContext, n: int, cap: Capability, anev: Anev) -> Section:
    results = [r for r in anev.results if r.task.capability is cap]
    rating = anev.capability_ratings[cap]
    strengths = [
        f"{_task(ctx, r.task.id)} — {r.observation.text}"
        for r in results
        if r.rating is Rating.P and r.observation.performed
    ]
    areas = [
        f"{_task(ctx, r.task.id)} — {r.observation.text}" + (f" {r.notes}" if r.notes else "")
        for r in results
        if r.rating is not Rating.P
    ]
    blocks: list[Block] = [
        Para(
            ctx.t(
                "latihan.doc.capability_rated",
                rating=rating.value,
                meaning=ctx.t(f"latihan.rating.{rating.value}"),
            )
        ),
        Para(ctx.t("latihan.doc.strengths")),
        Bullets(tuple(strengths) or (ctx.t("latihan.doc.none"),)),
        Para(ctx.t("latihan.doc.areas")),
        Bullets(tuple(areas) or (ctx.t("latihan.doc.none"),)),
        _results_table(ctx, cap, results),
    ]
    return Section(f"{n}.", _cap(ctx, cap), tuple(blocks))


def times_table(ctx: ReportContext, anev: Anev) -> Table:
    cols = (
        Column("measure", ctx.t("latihan.doc.col.measure")),
        Column("n", ctx.t("latihan.doc.col.n"), "int"),
        Column("measured", ctx.t("latihan.doc.col.median"), "float", digits=1),
        Column("assumed", ctx.t("latihan.doc.col.assumed"), "float", digits=1),
        Column("param", ctx.t("latihan.doc.col.param")),
    )
    rows = []
    for m in anev.times:
        label = ctx.t(f"latihan.measure.{m.measure}")
        if m.key:
            label += f" — {ctx.t(f'doctrine.role.{m.key}')}"
        if m.compressed:
            label += " " + ctx.t("latihan.doc.compressed_n", count=m.compressed)
        rows.append(
            (
                Cell(label),
                Cell(len(m.samples)),
                Cell(m.median),
                Cell(m.assumed),
                Cell(m.param or "—"),
            )
        )
    return Table(
        "latihan_times",
        ctx.t("latihan.doc.times_title"),
        cols,
        tuple(rows),
        note=ctx.t("latihan.doc.times_note"),
    )


def odds_table(ctx: ReportContext, anev: Anev) -> Table:
    """The contingency simulation with the model's times and with the drill's, same seed."""
    cols = (
        Column("measure", ctx.t("latihan.doc.col.outcome")),
        Column("before", ctx.t("latihan.doc.col.before")),
        Column("after", ctx.t("latihan.doc.col.after")),
    )

    def show(measure: str, value: float | None) -> str:
        if value is None:
            return "—"
        if measure.startswith("p_"):
            return fmt.percent(value, ctx.lang)
        return ctx.t("latihan.doc.minutes", minutes=ctx.num(value))

    rows = tuple(
        (
            Cell(ctx.t(f"latihan.odds.{o.measure}", village=anev.exercise.village_name)),
            Cell(show(o.measure, o.before)),
            Cell(show(o.measure, o.after)),
        )
        for o in anev.odds
    )
    return Table(
        "latihan_odds",
        ctx.t("latihan.doc.odds_title", runs=ctx.num(anev.odds_runs), seed=anev.odds_seed),
        cols,
        rows,
        note=ctx.t("latihan.doc.odds_note"),
    )


def improvement_table(ctx: ReportContext, anev: Anev) -> Table:
    cols = (
        Column("no", ctx.t("latihan.doc.col.no"), "int"),
        Column("capability", ctx.t("latihan.doc.col.capability")),
        Column("issue", ctx.t("latihan.doc.col.issue")),
        Column("action", ctx.t("latihan.doc.col.action")),
        Column("owner", ctx.t("latihan.doc.col.owner")),
        Column("due", ctx.t("latihan.doc.col.due")),
        Column("status", ctx.t("latihan.doc.col.status")),
    )
    rows = tuple(
        (
            Cell(item.number),
            Cell(_cap(ctx, item.capability)),
            Cell(item.issue),
            Cell(item.action),
            Cell(ctx.t(f"latihan.agency.{item.owner}")),
            Cell(fmt.short_day(item.due, ctx.lang)),
            Cell(ctx.t(f"latihan.status.{item.status}")),
        )
        for item in anev.improvements
    )
    return Table(
        "latihan_improvement",
        ctx.t("latihan.doc.improvement_title"),
        cols,
        rows,
        empty=ctx.t("latihan.doc.no_improvement"),
    )


def _overview(ctx: ReportContext, anev: Anev) -> list[Block]:
    ex = anev.exercise
    scripted = len(ex.injects)
    delivered = len([n for n in anev.delivered if ex.inject(n) is not None])
    agencies = sorted({ctx.units[i.unit].agency.value for i in ex.injects if i.unit in ctx.units})
    when = "—"
    if anev.started and anev.ended:
        when = f"{_when(anev.started, ctx)} – {clock_text(anev.ended, ctx.lang)}"
    speeds = ", ".join(f"×{s:g}" for s in anev.speeds)
    return [
        Para(
            ctx.t(
                "latihan.doc.overview",
                village=ex.village_name,
                district=ex.district,
                when=when,
                delivered=delivered,
                scripted=scripted,
                unscripted=len(anev.unscripted),
                speeds=speeds,
                agencies=", ".join(ctx.t(f"latihan.agency.{a}") for a in agencies),
            )
        ),
        Para(ctx.t("latihan.doc.storyline")),
    ]


def _objectives(ctx: ReportContext, ex: Exercise) -> Bullets:
    items = []
    for eeg in ex.eegs:
        timed = [task for task in eeg.tasks if task.target_min is not None]
        targets = "; ".join(f"{_task(ctx, task.id)} {_target(ctx, task)}" for task in timed)
        items.append(
            ctx.t(
                "latihan.doc.objective_item",
                capability=_cap(ctx, eeg.capability),
                tasks=len(eeg.tasks),
                targets=targets or ctx.t("latihan.doc.no_target"),
            )
        )
    return Bullets(tuple(items))


def anev_document(ctx: ReportContext, anev: Anev, events: Sequence[ExerciseEvent]) -> Document:
    """The Anev / After-Action Report of one drill."""
    ex = anev.exercise
    title = ctx.t("latihan.doc.anev_title")
    caps = [eeg.capability for eeg in ex.eegs if eeg.capability in anev.capability_ratings]
    body = (
        _sec(1, ctx.t("latihan.doc.sec.overview"), _overview(ctx, anev)),
        _sec(2, ctx.t("latihan.doc.sec.objectives"), (_objectives(ctx, ex),)),
        _sec(
            3,
            ctx.t("latihan.doc.sec.story"),
            (
                Figure(TIMELINE, ctx.t("latihan.doc.timeline_caption"), "chart"),
                _story_rows(ctx, anev, events),
            ),
        ),
        _sec(
            4,
            ctx.t("latihan.doc.sec.analysis"),
            (Para(ctx.t("latihan.doc.analysis_intro")),),
            tuple(_capability_section(ctx, n, c, anev) for n, c in enumerate(caps, 1)),
        ),
        _sec(
            5,
            ctx.t("latihan.doc.sec.times"),
            (
                Para(ctx.t("latihan.doc.times_intro")),
                times_table(ctx, anev),
                *((odds_table(ctx, anev),) if anev.odds else ()),
            ),
        ),
        _sec(6, ctx.t("latihan.doc.sec.improvement"), (improvement_table(ctx, anev),)),
        _sec(7, ctx.t("latihan.doc.sec.closing"), (Para(ctx.t("latihan.doc.closing")),)),
    )
    ratings = ", ".join(f"{_cap(ctx, c)} {anev.capability_ratings[c].value}" for c in caps)
    extra = ((ctx.t("latihan.doc.ratings"), ratings),)
    return Document(
        id="anev",
        title=title,
        subtitle=ex.title,
        issuer=ctx.polres,
        heading=_heading(ctx, ex, extra),
        banner=_banner(ctx, ex),
        body=body,
        signatures=signatures(ctx),
        place_date=_place_date(ctx),
        footer=_footer(ctx, title),
    )


# --- the timeline chart -------------------------------------------------------------------------


def timeline_chart(ctx: ReportContext, anev: Anev, events: Sequence[ExerciseEvent]) -> MplFigure:
    """Injects, reports and decisions as marks, each unit's trip from dispatch to arrival as a bar,
    on drill time; the background shows the situation level as declared."""
    fig = MplFigure(figsize=(7.0, 3.6), layout="constrained")
    ax = fig.add_subplot()
    play = [e for e in events if e.kind not in CLOCK_KINDS]
    if not play:
        ax.text(0.5, 0.5, ctx.t("latihan.doc.no_events"), ha="center", transform=ax.transAxes)
        return fig
    t0 = min(e.time for e in play)

    def x(when: datetime) -> float:
        return (when - t0).total_seconds() / 60.0

    lanes = [
        ctx.t("latihan.doc.lane.inject"),
        ctx.t("latihan.doc.lane.report"),
        ctx.t("latihan.doc.lane.decision"),
    ]
    units: list[str] = []
    for e in play:
        if e.kind in (EventKind.DISPATCHED, EventKind.ARRIVED) and e.unit and e.unit not in units:
            units.append(e.unit)
    lanes += units
    y = {name: len(lanes) - 1 - k for k, name in enumerate(lanes)}
    end = max(x(e.time) for e in play) + 5
    level = "hijau"
    since = 0.0
    for e in play:  # background: the declared level over time
        if e.kind in (EventKind.LEVEL_RAISED, EventKind.LEVEL_LOWERED) and e.level is not None:
            ax.axvspan(since, x(e.time), color=SITUATION_COLOR[level], alpha=0.12, linewidth=0)
            level, since = e.level.value, x(e.time)
    ax.axvspan(since, end, color=SITUATION_COLOR[level], alpha=0.12, linewidth=0)  # type: ignore[index]
    injects = [x(e.time) for e in play if e.kind is EventKind.INJECT_DELIVERED]
    ax.scatter(injects, [y[lanes[0]]] * len(injects), marker="v", color="#555555", s=18, zorder=3)
    reports = [x(e.time) for e in play if e.kind is EventKind.REPORT_RECEIVED]
    ax.scatter(reports, [y[lanes[1]]] * len(reports), marker="o", color="#1f4e9c", s=18, zorder=3)
    for e in play:
        if e.kind in (EventKind.LEVEL_RAISED, EventKind.LEVEL_LOWERED, EventKind.DECISION):
            color = SITUATION_COLOR.get(e.level, "#333333") if e.level else "#333333"  # type: ignore[call-overload]
            ax.scatter([x(e.time)], [y[lanes[2]]], marker="D", color=color, s=22, zorder=3)
    for e in play:  # every trip: a dispatch to the unit's next arrival (or the end)
        if e.kind is not EventKind.DISPATCHED or not e.unit:
            continue
        came = next(
            (
                a
                for a in play
                if a.kind is EventKind.ARRIVED and a.unit == e.unit and a.time >= e.time
            ),
            None,
        )
        stop = x(came.time) if came is not None else end
        ax.plot([x(e.time), stop], [y[e.unit]] * 2, color="#4e7d2f", linewidth=3, zorder=2)
        if came is not None:
            ax.scatter([stop], [y[e.unit]], marker="|", color="#111111", s=60, zorder=3)
    paused = None
    for e in events:  # pauses of the controller's clock: hatched
        if e.kind is EventKind.EXERCISE_PAUSED:
            paused = x(e.time)
        elif e.kind is EventKind.EXERCISE_RESUMED and paused is not None:
            ax.axvspan(paused, x(e.time), facecolor="none", hatch="///", edgecolor="#999999")
            paused = None
    ax.set_yticks(list(y.values()), list(y.keys()), fontsize=6.5)
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    ax.set_xlim(-2, end)
    ax.set_xlabel(ctx.t("latihan.doc.axis", start=clock_text(t0, ctx.lang)))
    handles = [
        Patch(facecolor=SITUATION_COLOR[lv], alpha=0.3, label=ctx.t(f"doctrine.level.{lv}"))
        for lv in SITUATION_COLOR
    ]
    handles.append(
        Patch(facecolor="none", hatch="///", edgecolor="#999999", label=ctx.t("latihan.doc.paused"))
    )
    fig.legend(handles=handles, fontsize=6, loc="outside upper center", ncols=4, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


# --- files --------------------------------------------------------------------------------------


def package_documents(ctx: ReportContext, ex: Exercise) -> dict[str, bytes]:
    """The printable drill package: inject cards and evaluator forms (PDF)."""
    return {
        "kartu-inject.pdf": pdf.render(cards_document(ctx, ex), ctx, {}),
        "formulir-evaluator.pdf": pdf.render(forms_document(ctx, ex), ctx, {}),
    }


def anev_documents(
    ctx: ReportContext, anev: Anev, events: Sequence[ExerciseEvent]
) -> dict[str, bytes]:
    """The Anev as PDF and XLSX (every table a sheet) and its timeline chart as PNG."""
    doc = anev_document(ctx, anev, events)
    image = charts.png(timeline_chart(ctx, anev, events))
    return {
        "anev.pdf": pdf.render(doc, ctx, {TIMELINE: image}),
        "anev.xlsx": xlsx.workbook(ctx, [doc]),
        f"gambar/{TIMELINE}.png": image,
    }
