"""Hasil simulasi (the contingency simulation's result) as report blocks, map layers and the
village panel's lines — or a plain statement that no simulation was run.

The result is read by attribute (``villages``, ``overall``, ``distributions``, ``example``, …), so
a report can be written before, and without, the simulation stage.
"""

from __future__ import annotations

from typing import Any

from sispam.domain.doctrine import SITUATION_COLOR
from sispam.i18n import catalogue
from sispam.report import fmt, svgmap
from sispam.report.context import ReportContext
from sispam.report.model import Block, Cell, Column, Figure, Para, Table

LEVEL_COLOR = {level.value: color for level, color in SITUATION_COLOR.items()}


def available(ctx: ReportContext) -> bool:
    return ctx.sim is not None and bool(getattr(ctx.sim, "villages", ()))


def _val(est: Any) -> float | None:
    return None if est is None else est.value


def ci(ctx: ReportContext, est: Any, pct: bool = True, digits: int = 1) -> str:
    """``6,3–12,8 %`` (the 95 % interval) or ``—`` when the runs hold no observation."""
    if est is None or est.low is None or est.high is None:
        return "—"
    if pct:
        lo = fmt.number(100 * est.low, ctx.lang, digits)
        return f"{lo}–{fmt.percent(est.high, ctx.lang, digits)}"
    return f"{ctx.num(est.low, digits)}–{ctx.num(est.high, digits)}"


def p_text(ctx: ReportContext, est: Any) -> str:
    """``9,0 % (IK 95 % 6,3–12,8 %)``."""
    if est is None or est.value is None:
        return "—"
    return ctx.t("report.sim.p_ci", p=fmt.percent(est.value, ctx.lang), ci=ci(ctx, est))


def minutes(ctx: ReportContext, est: Any) -> str:
    v = _val(est)
    return "—" if v is None else ctx.num(v)


def _label(ctx: ReportContext, group: str, raw: str | None) -> str:
    """A label from the report's catalogue, else the simulation's, else the raw code."""
    if not raw:
        return ""
    for key in (f"report.{group}.{raw}", f"sim.{group}.{raw}"):
        if key in catalogue():
            return ctx.t(key)
    return raw


# --- text ---------------------------------------------------------------------------------
def summary(ctx: ReportContext) -> Para:
    sim, o = ctx.sim, ctx.sim.overall
    return Para(
        ctx.t(
            "report.sim.summary",
            runs=ctx.num(sim.runs),
            seed=sim.seed,
            p_merah=p_text(ctx, o.p_any_merah),
            p_kuning=p_text(ctx, o.p_any_kuning),
            kuning=ctx.num(_val(o.kuning_villages_mean) or 0, 2),
            merah=ctx.num(_val(o.merah_villages_mean) or 0, 2),
            p50=minutes(ctx, o.containment_p50),
            p90=minutes(ctx, o.containment_p90),
            target=ctx.num(sim.containment_target_min),
            uncontained=p_text(ctx, o.p_uncontained),
        )
    )


def likeliest_phases(ctx: ReportContext, n: int = 2) -> str:
    """The phases where an incident most often reaches kuning, with the odds (for the threat
    estimate); empty without a simulation."""
    if not available(ctx):
        return ""
    by = sorted(
        getattr(ctx.sim.overall, "by_phase", ()),
        key=lambda ph: -(ph.p_kuning_given_incident or 0.0),
    )[:n]
    return ", ".join(
        f"{ctx.label('phase', ph.phase)} ({fmt.percent(ph.p_kuning_given_incident or 0.0, ctx.lang)})"
        for ph in by
    )


def _worst(ctx: ReportContext, n: int = 5) -> str:
    codes = list(getattr(ctx.sim.overall, "worst_villages", ()))[:n]
    return ", ".join(ctx.village_name(c) for c in codes)


# --- tables -------------------------------------------------------------------------------
def _col(ctx: ReportContext, key: str, kind: str = "text", digits: int = 0) -> Column:
    return Column(key, ctx.t(f"report.col.{key}"), kind, digits)  # type: ignore[arg-type]


def _table(ctx: ReportContext, tid: str, cols: list[Column], rows: list, note: str = "") -> Table:
    return Table(
        id=tid,
        title=ctx.t(f"report.table.{tid}"),
        columns=tuple(cols),
        rows=tuple(tuple(r) for r in rows),
        note=note,
        empty=ctx.t("report.empty.sim"),
    )


def villages(ctx: ReportContext) -> Table:
    """Per village, worst first: odds of an incident, of kuning, of merah, containment time."""
    items = sorted(ctx.sim.villages, key=lambda v: (v.fail_rank, v.code))
    rows = []
    for v in items:
        zone = ctx.zone_of(v.code) if v.code in ctx.villages else v.zone
        name = ctx.zone_name(zone).split(" (", 1)[0]
        rows.append(
            (
                Cell(v.fail_rank),
                Cell(v.name),
                Cell(name, color=ctx.zone_color(zone)),
                Cell(_val(v.p_incident)),
                Cell(_val(v.p_kuning)),
                Cell(_val(v.p_merah)),
                Cell(ci(ctx, v.p_merah)),
                Cell(_val(v.containment_p50)),
                Cell(_val(v.containment_p90)),
                Cell(_label(ctx, "step", v.max_step)),
            )
        )
    cols = [
        _col(ctx, "rank", "int"),
        _col(ctx, "village"),
        _col(ctx, "zone"),
        _col(ctx, "p_incident", "pct", 1),
        _col(ctx, "p_kuning", "pct", 1),
        _col(ctx, "p_merah", "pct", 1),
        _col(ctx, "p_merah_ci"),
        _col(ctx, "contain_p50", "float"),
        _col(ctx, "contain_p90", "float"),
        _col(ctx, "max_step"),
    ]
    return _table(ctx, "sim_villages", cols, rows, note=ctx.t("report.note.sim_villages"))


def phases(ctx: ReportContext) -> Table:
    rows = [
        (
            Cell(ctx.label("phase", ph.phase)),
            Cell(ph.incidents_mean),
            Cell(ph.p_kuning_given_incident),
            Cell(ph.p_merah_given_incident),
        )
        for ph in ctx.sim.overall.by_phase
    ]
    cols = [
        _col(ctx, "phase"),
        _col(ctx, "incidents_per_run", "float", 2),
        _col(ctx, "p_kuning_given", "pct", 1),
        _col(ctx, "p_merah_given", "pct", 1),
    ]
    return _table(ctx, "sim_phases", cols, rows)


def steps(ctx: ReportContext) -> Table:
    names = getattr(ctx.sim, "response_step_names", ()) or tuple(ctx.sim.overall.response_steps)
    rows = [
        (Cell(i), Cell(_label(ctx, "step", s)), Cell(ctx.sim.overall.response_steps.get(s, 0.0)))
        for i, s in enumerate(names, 1)
    ]
    cols = [_col(ctx, "no", "int"), _col(ctx, "step"), _col(ctx, "share_highest", "pct", 1)]
    return _table(ctx, "sim_steps", cols, rows)


def triggers(ctx: ReportContext) -> Table:
    rows = [
        (Cell(_label(ctx, "trigger", k)), Cell(v))
        for k, v in sorted(ctx.sim.overall.by_trigger.items(), key=lambda kv: -kv[1])
    ]
    cols = [_col(ctx, "trigger"), _col(ctx, "incidents_per_run", "float", 2)]
    return _table(ctx, "sim_triggers", cols, rows)


def reserves(ctx: ReportContext) -> Table:
    rows = [
        (
            Cell(r.unit),
            Cell(ctx.label("role", r.role) if f"report.role.{r.role}" in catalogue() else r.role),
            Cell(r.site),
            Cell(r.personnel),
            Cell(r.p_dispatched),
            Cell(r.dispatches_mean),
            Cell(r.busy_min_mean),
        )
        for r in getattr(ctx.sim, "reserves", ())
    ]
    cols = [
        _col(ctx, "unit"),
        _col(ctx, "role"),
        _col(ctx, "site"),
        _col(ctx, "personnel", "int"),
        _col(ctx, "p_dispatched", "pct", 1),
        _col(ctx, "dispatches_per_run", "float", 2),
        _col(ctx, "busy_min", "float", 1),
    ]
    return _table(ctx, "sim_reserves", cols, rows)


def event_text(ctx: ReportContext, e: Any) -> str:
    """One line of the example run, from the event's fields (its ``detail`` is a code)."""
    detail = e.detail or ""
    unit = e.unit or ""
    eta = ctx.num(e.eta_min) if e.eta_min is not None else "—"
    k = e.kind
    if k == "trigger":
        trig, _, phase = detail.partition("@")
        ph = (
            ctx.label("phase", phase) if phase and f"report.phase.{phase}" in catalogue() else phase
        )
        return ctx.t("report.event.trigger", trigger=_label(ctx, "trigger", trig), phase=ph)
    if k == "level":
        a, _, b = detail.partition("->")
        return ctx.t("report.event.level", old=_label(ctx, "level", a), new=_label(ctx, "level", b))
    if k == "command":
        return ctx.t("report.event.command", commander=_label(ctx, "commander", detail))
    if k == "contained":
        return ctx.t("report.event.contained", minutes=detail.partition(":")[2] or "—")
    if k == "dispatch":
        role = detail.partition(":")[2] or (e.role or "")
        return ctx.t("report.event.dispatch", unit=unit, role=_label(ctx, "role", role), eta=eta)
    if k == "request":
        if e.role:
            return ctx.t("report.event.request_role", role=_label(ctx, "role", e.role))
        return ctx.t("report.event.request")
    if k in ("patrol", "arrival", "released", "first_response"):
        return ctx.t(
            f"report.event.{k}",
            unit=unit,
            eta=eta,
            personnel=e.personnel if e.personnel is not None else "—",
            responders=ctx.num(e.responders or 0),
        )
    key = f"sim.event.{k}"
    return ctx.t(key) if key in catalogue() else k


def timeline(ctx: ReportContext) -> Table:
    ex = ctx.sim.example
    rows = [
        (
            Cell(fmt.clock(e.time, ctx.lang)),
            Cell(e.minute),
            Cell(e.village_name),
            Cell(
                _label(ctx, "level", e.level) if e.level else "",
                color=LEVEL_COLOR.get(e.level or ""),
            ),
            Cell(e.crowd),
            Cell(event_text(ctx, e)),
        )
        for e in (ex.events if ex else ())
    ]
    cols = [
        _col(ctx, "clock"),
        _col(ctx, "minute", "int"),
        _col(ctx, "village"),
        _col(ctx, "level"),
        _col(ctx, "crowd_size", "int"),
        _col(ctx, "event"),
    ]
    return _table(ctx, "sim_timeline", cols, rows)


def _outcome(row_outcomes: dict, key: str) -> float | None:
    v = row_outcomes.get(key)
    return None if v is None else float(v)


def sensitivity(ctx: ReportContext) -> Table:
    """One parameter at a time at its low and high value: how the main outcomes move."""
    sens = ctx.sim.sensitivity
    rows = []
    for r in sens.oat:
        rows.append(
            (
                Cell(_label(ctx, "param", r.param)),
                Cell(r.base),
                Cell(f"{ctx.num(r.low, 3)}–{ctx.num(r.high, 3)}"),
                Cell(_outcome(r.low_outcomes, "p_any_merah")),
                Cell(_outcome(r.high_outcomes, "p_any_merah")),
                Cell(_outcome(r.low_outcomes, "containment_mean")),
                Cell(_outcome(r.high_outcomes, "containment_mean")),
            )
        )
    cols = [
        _col(ctx, "param"),
        _col(ctx, "base_value", "float", 3),
        _col(ctx, "range"),
        _col(ctx, "p_merah_low", "pct", 1),
        _col(ctx, "p_merah_high", "pct", 1),
        _col(ctx, "contain_low", "float", 1),
        _col(ctx, "contain_high", "float", 1),
    ]
    base = sens.base_outcomes
    note = ctx.t(
        "report.note.sim_sensitivity",
        runs=ctx.num(sens.runs_per_point),
        p=fmt.percent(base.get("p_any_merah", 0.0), ctx.lang),
    )
    return _table(ctx, "sim_sensitivity", cols, rows, note=note)


def comparison(ctx: ReportContext) -> Para:
    c = ctx.sim.comparison
    return Para(
        ctx.t(
            "report.sim.comparison",
            other=c.other_label,
            d_merah=_diff(ctx, c.d_p_any_merah, pct=True),
            d_kuning=_diff(ctx, c.d_p_any_kuning, pct=True),
            d_contain=_diff(ctx, c.d_containment_mean, pct=False),
            verdict=ctx.t(f"report.sim.better.{c.better}"),
        )
    )


def _diff(ctx: ReportContext, est: Any, pct: bool) -> str:
    if est is None or est.value is None:
        return "—"
    scale, unit = (100, " pp") if pct else (1, "")
    value = f"{'+' if est.value >= 0 else '−'}{ctx.num(abs(est.value) * scale, 1)}{unit}"
    if est.low is None or est.high is None:
        return value
    return f"{value} ({ctx.num(est.low * scale, 1)} … {ctx.num(est.high * scale, 1)})"


def blocks(ctx: ReportContext) -> list[Block]:
    if not available(ctx):
        return [Para(ctx.t("report.text.sim_not_run"), "warning")]
    sim = ctx.sim
    out: list[Block] = [summary(ctx)]
    worst = _worst(ctx)
    if worst:
        out.append(Para(ctx.t("report.sim.worst", villages=worst)))
    out += [Para(fmt.bilingual(n, ctx.lang), "note") for n in getattr(sim, "notes", ())]
    out.append(Para(ctx.t("report.sim.caveat"), "note"))
    out += [villages(ctx), _fig(ctx, "chart_containment"), _fig(ctx, "chart_escalated_villages")]
    out += [phases(ctx), triggers(ctx), steps(ctx), reserves(ctx)]
    ex = getattr(sim, "example", None)
    if ex is not None and ex.events:
        out.append(
            Para(
                ctx.t(
                    "report.sim.example",
                    run=ex.run,
                    reason=_label(ctx, "example_reason", ex.reason),
                    village=ctx.village_name(ex.village_code) if ex.village_code else "—",
                )
            )
        )
        if ex.series is not None and ex.series.minutes:
            out.append(_fig(ctx, "chart_timeline"))
        out.append(timeline(ctx))
    if getattr(sim, "comparison", None) is not None:
        out.append(comparison(ctx))
    if getattr(sim, "sensitivity", None) is not None and sim.sensitivity.oat:
        out.append(sensitivity(ctx))
    return out


def _fig(ctx: ReportContext, fid: str) -> Figure:
    return Figure(fid, ctx.t(f"report.fig.{fid}"), "chart")


# --- map and page -------------------------------------------------------------------------
def merah_fills(ctx: ReportContext) -> tuple[dict[str, str], float]:
    """Fill per village from P(merah), scaled to the largest value (at least 1 %)."""
    top = max((_val(v.p_merah) or 0.0 for v in ctx.sim.villages), default=0.0)
    top = max(top, 0.01)
    return {
        v.code: svgmap.sequential((_val(v.p_merah) or 0.0) / top) for v in ctx.sim.villages
    }, top


def layers(ctx: ReportContext) -> list[svgmap.Layer]:
    if not available(ctx):
        return []
    fills, top = merah_fills(ctx)
    legend = tuple(
        (svgmap.sequential(x), fmt.percent(x * top, ctx.lang)) for x in (0, 0.25, 0.5, 0.75, 1)
    )
    return [svgmap.Layer("escalation", ctx.t("report.page.layer.escalation"), fills, legend)]


def village_rows(ctx: ReportContext, code: str) -> list[tuple[str, str]]:
    if not available(ctx):
        return []
    v = next((x for x in ctx.sim.villages if x.code == code), None)
    if v is None:
        return []
    return [
        (ctx.t("report.col.p_kuning"), p_text(ctx, v.p_kuning)),
        (ctx.t("report.col.p_merah"), p_text(ctx, v.p_merah)),
        (ctx.t("report.col.contain_p90"), minutes(ctx, v.containment_p90)),
    ]
