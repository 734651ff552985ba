"""Laporan lapangan (field reports): a person checks what the machine read, and reports about the
same TPS or village from several channels merge into one record.

Merging follows NDI Apollo's master record: every report is kept as sent, and each field of the
merged record carries its *confidence* — the share of the reports giving that field that agree
with the value shown — with the disagreeing values listed as conflicts. Reports flagged as rumour
are listed but do not count towards agreement; reports a person rejected do not count at all; a
resent report (the same client id) counts once.

Agreement: times agree within ``time_tolerance_min`` of the median time; crowd sizes within
``crowd_tolerance`` (relative, at least 5 persons) of the median; categories and levels when equal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from pydantic import Field

from sispam.domain import PoskoRole
from sispam.domain.base import DomainModel
from sispam.domain.incident import Channel, FieldReport, Person, ReportKind, Review, TpsStatus
from sispam.ops.refusal import Refusal, refuse

REVIEW_ROLES = frozenset({PoskoRole.OPERATOR, PoskoRole.KAPOLSEK, PoskoRole.KAPOLRES})
"""Who confirms or corrects what the machine read (a Kapolsek only in his own area)."""

CORRECTABLE = frozenset(
    {
        "village_code",
        "tps",
        "at",
        "status",
        "personnel",
        "category",
        "crowd",
        "suggested_level",
        "note",
    }
)


def review_report(
    report: FieldReport,
    by: Person,
    at: datetime,
    *,
    accept: bool = True,
    corrections: dict[str, Any] | None = None,
    rumour: bool | None = None,
) -> FieldReport | Refusal:
    """A person confirms (``accept``), corrects (``corrections``: fields → right values) or
    rejects (``accept=False``) a report; ``rumour`` sets or clears the rumour flag. The raw text
    stays as it came."""
    if by.role not in REVIEW_ROLES:
        return refuse(
            "incident_role",
            action="review",
            role=by.role.value if by.role else "-",
            roles=", ".join(sorted(r.value for r in REVIEW_ROLES)),
        )
    if by.role is PoskoRole.KAPOLSEK and (not by.area or not by.covers(report.village_code)):
        return refuse("outside_area", name=by.name, village=report.village_code)
    update: dict[str, Any] = {"reviewed_by": by, "reviewed_at": at}
    if rumour is not None:
        update["rumour"] = rumour
    if not accept:
        update["review"] = Review.REJECTED
    elif corrections:
        bad = sorted(set(corrections) - CORRECTABLE)
        if bad:
            return refuse("not_correctable", fields=", ".join(bad))
        update |= corrections
        update["review"] = Review.CORRECTED
    elif report.review is Review.MACHINE_READ:
        update["review"] = Review.CONFIRMED
    data = report.model_dump() | update
    try:
        return FieldReport.model_validate(data)
    except ValueError as exc:
        return refuse("bad_correction", detail=str(exc).splitlines()[0])


Value = str | int | float | datetime | None
_STATUS_FIELDS = frozenset(s.value for s in TpsStatus)


class FieldAgreement(DomainModel):
    """One field of a merged record: the value shown, how far the sources agree, the others."""

    field: str
    value: Value = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    sources: int = Field(default=0, ge=0)
    agree: int = Field(default=0, ge=0)
    values: tuple[tuple[str, int], ...] = ()  # every distinct value given, with its count

    @property
    def conflict(self) -> bool:
        return self.agree < self.sources


class MergedRecord(DomainModel):
    """Rekap laporan: all reports about one TPS (status along the day) or one incident."""

    key: str
    kind: ReportKind
    village_code: str
    tps: int | None = None
    incident_id: str | None = None
    report_ids: tuple[str, ...] = ()
    channels: tuple[Channel, ...] = ()
    rumour_ids: tuple[str, ...] = ()
    rejected_ids: tuple[str, ...] = ()
    unconfirmed_ids: tuple[str, ...] = ()
    first_at: datetime
    last_at: datetime
    fields: tuple[FieldAgreement, ...] = ()

    @property
    def confidence(self) -> float | None:
        """Mean confidence of the fields that have a value."""
        cs = [f.confidence for f in self.fields if f.confidence is not None]
        return sum(cs) / len(cs) if cs else None

    @property
    def conflicts(self) -> tuple[FieldAgreement, ...]:
        return tuple(f for f in self.fields if f.conflict)

    def field(self, name: str) -> FieldAgreement | None:
        return next((f for f in self.fields if f.field == name), None)


def _text(v: Value) -> str:
    if isinstance(v, datetime):
        return v.strftime("%H:%M")
    return "" if v is None else str(getattr(v, "value", v))


def _agreement(
    name: str, values: list[Value], close: Callable[[Value, Value], bool] | None = None
) -> FieldAgreement:
    given = [v for v in values if v is not None]
    if not given:
        return FieldAgreement(field=name)
    counts = Counter(_text(v) for v in given)
    listing = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    if close is None:  # categorical: the most frequent (ties: the first given)
        best = max(counts.values())
        value = next(v for v in given if counts[_text(v)] == best)
        agree = best
    else:  # ordered: the (lower) median, and who is close enough to it
        ordered = sorted(given)  # type: ignore[type-var]
        value = ordered[(len(ordered) - 1) // 2]
        agree = sum(1 for v in given if close(v, value))
    return FieldAgreement(
        field=name,
        value=value,
        confidence=round(agree / len(given), 4),
        sources=len(given),
        agree=agree,
        values=listing,
    )


def merge_reports(
    reports: Iterable[FieldReport],
    *,
    time_tolerance_min: float = 10.0,
    crowd_tolerance: float = 0.3,
    window_min: float = 60.0,
) -> tuple[MergedRecord, ...]:
    """Merge reports into one record per TPS (status reports) and per incident (incident
    reports: by their linked incident, else by village and time within ``window_min``)."""

    def near_time(a: Value, b: Value) -> bool:
        return abs((a - b).total_seconds()) <= time_tolerance_min * 60  # type: ignore[operator]

    def near_crowd(a: Value, b: Value) -> bool:
        return abs(a - b) <= max(5.0, crowd_tolerance * float(b))  # type: ignore[operator,arg-type]

    unique: dict[str, FieldReport] = {}
    for r in sorted(reports, key=lambda r: (r.received_at, r.id)):
        unique.setdefault(r.id, r)
    groups: dict[str, list[FieldReport]] = {}
    open_clusters: dict[str, tuple[str, datetime]] = {}
    for r in sorted(unique.values(), key=lambda r: (r.at, r.id)):
        if r.kind is ReportKind.TPS_STATUS:
            key = f"tps:{r.village_code}-{r.tps or 1}"
        elif r.incident_id:
            key = f"incident:{r.incident_id}"
        else:
            cur = open_clusters.get(r.village_code)
            if cur is None or (r.at - cur[1]).total_seconds() > window_min * 60:
                cur = (f"village:{r.village_code}@{r.at:%Y-%m-%dT%H:%M}", r.at)
                open_clusters[r.village_code] = cur
            key = cur[0]
        groups.setdefault(key, []).append(r)
    out = []
    for key, members in sorted(groups.items()):
        counted = [r for r in members if r.review is not Review.REJECTED and not r.rumour]
        first = members[0]
        if first.kind is ReportKind.TPS_STATUS:
            fields = [
                _agreement(st.value, [r.at for r in counted if r.status is st], near_time)
                for st in TpsStatus
                if any(r.status is st for r in members)
            ]
            fields.append(_agreement("personnel", [r.personnel for r in counted], near_crowd))
        else:
            fields = [
                _agreement("category", [r.category for r in counted]),
                _agreement("crowd", [r.crowd for r in counted], near_crowd),
                _agreement("suggested_level", [r.suggested_level for r in counted]),
                _agreement("at", [r.at for r in counted], near_time),
                _agreement("tps", [r.tps for r in counted]),
            ]
        out.append(
            MergedRecord(
                key=key,
                kind=first.kind,
                village_code=first.village_code,
                tps=first.tps if first.kind is ReportKind.TPS_STATUS else None,
                incident_id=next((r.incident_id for r in members if r.incident_id), None),
                report_ids=tuple(r.id for r in members),
                channels=tuple(dict.fromkeys(r.channel for r in members)),
                rumour_ids=tuple(r.id for r in members if r.rumour),
                rejected_ids=tuple(r.id for r in members if r.review is Review.REJECTED),
                unconfirmed_ids=tuple(r.id for r in members if r.review is Review.MACHINE_READ),
                first_at=min(r.at for r in members),
                last_at=max(r.at for r in members),
                fields=tuple(f for f in fields if f.sources or f.field in _STATUS_FIELDS),
            )
        )
    return tuple(out)
