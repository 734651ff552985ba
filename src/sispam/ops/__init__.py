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
