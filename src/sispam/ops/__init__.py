"""Hari-H (election day): the Posko's rules as pure functions over immutable domain objects.

No database and no web: the Posko (``sispam.posko``) stores events and calls these functions to
check a command and compute its result; the drill and the replay call them too. Every function is
deterministic; a refused action comes back as a :class:`Refusal` with a localised reason.

- text intake: :func:`parse_message` (SMS/WhatsApp short format → reading, reply, field report)
- field reports: :func:`review_report` (a person confirms what the machine read),
  :func:`merge_reports` (several channels → one record with per-field confidence)
- incidents: :func:`open_incident`, :func:`transition`, :func:`allowed_actions`
- authority: :func:`decide_level`, :func:`hand_over`, :func:`apply_decision`,
  :func:`request_perbantuan`, :func:`decide_perbantuan`, :func:`deploy_perbantuan`,
  :func:`record_mediation`, :func:`notifications`; settings :func:`read_settings`
- response: :func:`promised_response`, :func:`overdue_alerts`
- dispatch: :func:`propose_dispatch`, :func:`dispatch`, :func:`update_unit`
- the board at a moment: :func:`board_at` over an :class:`OpsLog`
- a simulated day for replay: :func:`simulated_day`

- documents: :func:`sitrep_files`, :func:`activity_files` (built by :mod:`sispam.report.sitrep`)

See ``docs/ops.md``.
"""

# Names load on first use (PEP 562): a light module such as ``sispam.ops.settings`` — which
# ``scenario check`` reads — must not pull in every rule of election day (issue #14: start-up).
from __future__ import annotations

from typing import TYPE_CHECKING

from sispam._lazy import lazy_exports

if TYPE_CHECKING:
    from sispam.domain.incident import Board, IncidentLine, OpsLog, TpsLine
    from sispam.ops.authority import (
        LEGAL_BASIS_DEFAULT,
        acknowledge,
        apply_decision,
        approved_perbantuan,
        decide_level,
        decide_perbantuan,
        deploy_perbantuan,
        hand_over,
        handover_due,
        initial_situations,
        notifications,
        perbantuan_notifications,
        record_mediation,
        request_perbantuan,
    )
    from sispam.ops.board import (
        board_at,
        closed_at,
        peak_level,
        situations_at,
    )
    from sispam.ops.dispatch import (
        Candidate,
        DispatchOrder,
        DispatchProposal,
        ProposalLine,
        ReserveElement,
        dispatch,
        element_id,
        latest_status,
        propose_dispatch,
        reserve_elements,
        update_unit,
    )
    from sispam.ops.documents import activity_files, sitrep_files
    from sispam.ops.intake import IntakeResult, TextReading, parse_message, reply_for, report_id
    from sispam.ops.lifecycle import (
        ACTION_ROLES,
        TRANSITIONS,
        allowed_actions,
        link_report,
        open_incident,
        record_arrival,
        transition,
    )
    from sispam.ops.places import Gazetteer
    from sispam.ops.refusal import Refusal
    from sispam.ops.reports import FieldAgreement, MergedRecord, merge_reports, review_report
    from sispam.ops.response import OverdueAlert, overdue_alerts, promised_response
    from sispam.ops.settings import AuthoritySettings, OpsSettings, read_settings
    from sispam.ops.simday import ReplayItem, SimulatedDay, simulated_day

_EXPORTS: dict[str, str] = {
    "Board": "sispam.domain.incident",
    "IncidentLine": "sispam.domain.incident",
    "OpsLog": "sispam.domain.incident",
    "TpsLine": "sispam.domain.incident",
    "LEGAL_BASIS_DEFAULT": "sispam.ops.authority",
    "acknowledge": "sispam.ops.authority",
    "apply_decision": "sispam.ops.authority",
    "approved_perbantuan": "sispam.ops.authority",
    "decide_level": "sispam.ops.authority",
    "decide_perbantuan": "sispam.ops.authority",
    "deploy_perbantuan": "sispam.ops.authority",
    "hand_over": "sispam.ops.authority",
    "handover_due": "sispam.ops.authority",
    "initial_situations": "sispam.ops.authority",
    "notifications": "sispam.ops.authority",
    "perbantuan_notifications": "sispam.ops.authority",
    "record_mediation": "sispam.ops.authority",
    "request_perbantuan": "sispam.ops.authority",
    "board_at": "sispam.ops.board",
    "closed_at": "sispam.ops.board",
    "peak_level": "sispam.ops.board",
    "situations_at": "sispam.ops.board",
    "Candidate": "sispam.ops.dispatch",
    "DispatchOrder": "sispam.ops.dispatch",
    "DispatchProposal": "sispam.ops.dispatch",
    "ProposalLine": "sispam.ops.dispatch",
    "ReserveElement": "sispam.ops.dispatch",
    "dispatch": "sispam.ops.dispatch",
    "element_id": "sispam.ops.dispatch",
    "latest_status": "sispam.ops.dispatch",
    "propose_dispatch": "sispam.ops.dispatch",
    "reserve_elements": "sispam.ops.dispatch",
    "update_unit": "sispam.ops.dispatch",
    "activity_files": "sispam.ops.documents",
    "sitrep_files": "sispam.ops.documents",
    "IntakeResult": "sispam.ops.intake",
    "TextReading": "sispam.ops.intake",
    "parse_message": "sispam.ops.intake",
    "reply_for": "sispam.ops.intake",
    "report_id": "sispam.ops.intake",
    "ACTION_ROLES": "sispam.ops.lifecycle",
    "TRANSITIONS": "sispam.ops.lifecycle",
    "allowed_actions": "sispam.ops.lifecycle",
    "link_report": "sispam.ops.lifecycle",
    "open_incident": "sispam.ops.lifecycle",
    "record_arrival": "sispam.ops.lifecycle",
    "transition": "sispam.ops.lifecycle",
    "Gazetteer": "sispam.ops.places",
    "Refusal": "sispam.ops.refusal",
    "FieldAgreement": "sispam.ops.reports",
    "MergedRecord": "sispam.ops.reports",
    "merge_reports": "sispam.ops.reports",
    "review_report": "sispam.ops.reports",
    "OverdueAlert": "sispam.ops.response",
    "overdue_alerts": "sispam.ops.response",
    "promised_response": "sispam.ops.response",
    "AuthoritySettings": "sispam.ops.settings",
    "OpsSettings": "sispam.ops.settings",
    "read_settings": "sispam.ops.settings",
    "ReplayItem": "sispam.ops.simday",
    "SimulatedDay": "sispam.ops.simday",
    "simulated_day": "sispam.ops.simday",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "ACTION_ROLES",
    "LEGAL_BASIS_DEFAULT",
    "TRANSITIONS",
    "AuthoritySettings",
    "Board",
    "Candidate",
    "DispatchOrder",
    "DispatchProposal",
    "FieldAgreement",
    "Gazetteer",
    "IncidentLine",
    "IntakeResult",
    "MergedRecord",
    "OpsLog",
    "OpsSettings",
    "OverdueAlert",
    "ProposalLine",
    "Refusal",
    "ReplayItem",
    "ReserveElement",
    "SimulatedDay",
    "TextReading",
    "TpsLine",
    "acknowledge",
    "activity_files",
    "allowed_actions",
    "apply_decision",
    "approved_perbantuan",
    "board_at",
    "closed_at",
    "decide_level",
    "decide_perbantuan",
    "deploy_perbantuan",
    "dispatch",
    "element_id",
    "hand_over",
    "handover_due",
    "initial_situations",
    "latest_status",
    "link_report",
    "merge_reports",
    "notifications",
    "open_incident",
    "overdue_alerts",
    "parse_message",
    "peak_level",
    "perbantuan_notifications",
    "promised_response",
    "propose_dispatch",
    "read_settings",
    "record_arrival",
    "record_mediation",
    "reply_for",
    "reserve_elements",
    "report_id",
    "request_perbantuan",
    "review_report",
    "situations_at",
    "simulated_day",
    "sitrep_files",
    "transition",
    "update_unit",
]
