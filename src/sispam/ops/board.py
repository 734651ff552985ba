"""Papan situasi (the board) at a moment, rebuilt from the election-day record.

:class:`~sispam.domain.incident.OpsLog` is the input the Posko fills from its event log — plain
domain objects, nothing about how they are stored. :func:`board_at` says what the board showed at any moment (a cut-off
time of a sitrep, the end of a drill): the situation of every village, the furthest status of every
TPS with how far its reports agree, every incident in the state it was in, and every unit's last
reported status.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sispam.domain import Scenario, SituationLevel
from sispam.domain.incident import (
    Board,
    FieldReport,
    Incident,
    IncidentLine,
    LevelDecision,
    OpsLog,
    ReportKind,
    TpsLine,
    TpsStatus,
    VillageSituation,
)
from sispam.ops.authority import apply_decision, initial_situations
from sispam.ops.dispatch import latest_status
from sispam.ops.reports import merge_reports
from sispam.ops.settings import AuthoritySettings, OpsSettings


def situations_at(
    scenario: Scenario,
    decisions: Iterable[LevelDecision],
    when: datetime,
    authority: AuthoritySettings | None = None,
) -> dict[str, VillageSituation]:
    """Every village's situation after the decisions taken up to ``when``."""
    out = initial_situations(scenario, authority)
    for d in sorted(decisions, key=lambda d: (d.at, d.id)):
        if d.at <= when and d.village_code in out:
            out[d.village_code] = apply_decision(out[d.village_code], d)
    return out


def closed_at(incident: Incident, when: datetime | None = None) -> datetime | None:
    """When the incident was closed or rejected, if it was so at ``when`` (see
    :meth:`Incident.closed_at`)."""
    return incident.closed_at(when)


def peak_level(
    incident: Incident, decisions: Iterable[LevelDecision], until: datetime
) -> SituationLevel:
    """The highest situation of the incident's village from its report until it closed (or
    ``until``), counting the level already in force when it was reported."""
    end = closed_at(incident, until) or until
    peak = SituationLevel.HIJAU
    for d in sorted(decisions, key=lambda d: (d.at, d.id)):
        if d.village_code != incident.village_code or d.at > end:
            continue
        if d.at <= incident.reported_at:
            peak = d.to_level  # in force when it was reported
        elif d.to_level.rank > peak.rank:
            peak = d.to_level
    return peak


def tps_lines(
    scenario: Scenario, reports: Iterable[FieldReport], when: datetime, settings: OpsSettings
) -> tuple[TpsLine, ...]:
    """Every TPS of the operation with the furthest status its reports (received by ``when``)
    agree on; voting and paused take the later of the two."""
    seen = [
        r
        for r in reports
        if r.kind is ReportKind.TPS_STATUS and r.received_at <= when and r.at <= when
    ]
    records = {
        (m.village_code, m.tps or 1): m
        for m in merge_reports(
            seen,
            time_tolerance_min=settings.time_tolerance_min,
            crowd_tolerance=settings.crowd_tolerance,
            window_min=settings.merge_window_min,
        )
    }
    out = []
    for v in scenario.villages:
        for n in range(1, v.tps + 1):
            rec = records.get((v.code, n))
            if rec is None:
                out.append(TpsLine(village_code=v.code, tps=n))
                continue
            best = None
            for st in TpsStatus:
                f = rec.field(st.value)
                if f is None or f.value is None:
                    continue
                key = (st.rank, f.value)
                if best is None or key > best[0]:
                    best = (key, st, f)
            if best is None:
                out.append(TpsLine(village_code=v.code, tps=n, reports=len(rec.report_ids)))
                continue
            _, st, f = best
            out.append(
                TpsLine(
                    village_code=v.code,
                    tps=n,
                    status=st,
                    at=f.value,  # type: ignore[arg-type]
                    confidence=f.confidence,
                    conflict=bool(rec.conflicts),
                    reports=len(rec.report_ids),
                )
            )
    return tuple(out)


def board_at(
    scenario: Scenario,
    log: OpsLog,
    when: datetime,
    *,
    authority: AuthoritySettings | None = None,
    settings: OpsSettings | None = None,
) -> Board:
    """The board as it stood at ``when``."""
    settings = settings or OpsSettings()
    incidents = []
    for inc in sorted(log.incidents, key=lambda i: (i.reported_at, i.id)):
        state = inc.state_at(when)
        if state is None:
            continue
        incidents.append(
            IncidentLine(
                incident=inc,
                state=state,
                peak_level=peak_level(inc, log.decisions, when),
                closed_at=closed_at(inc, when),
            )
        )
    return Board(
        as_of=when,
        situations=situations_at(scenario, log.decisions, when, authority),
        tps=tps_lines(scenario, log.reports, when, settings),
        incidents=tuple(incidents),
        units=latest_status(s for s in log.unit_statuses if s.at <= when),
    )
