"""Kewenangan (authority): who may raise or lower a village's situation, who holds control, who
must be told; TNI *perbantuan* and the Pemkab's mediation.

Defaults follow the doctrine (:mod:`sispam.domain.doctrine`, ``domain.md`` §5 and §8), overridable
per operation in ``[posko.authority]`` (:class:`~sispam.ops.settings.AuthoritySettings`):

- a Kapolsek may declare kuning in his own kecamatan; the Kapolres kuning or merah anywhere;
- whoever holds control lowers the level (``lower = "control_or_above"`` lets a superior do it);
- control moves by a named decision only — the holder hands it up (Kapolsek → Kapolres), the
  superior takes it (the Kapolda by his own decision), or a superior who declares a level takes
  control by that declaration. A level reached never moves control by itself and no timer does;
  :func:`handover_due` tells when control sits below what the level calls for;
- the next level up is informed when a level is reached, the Pemkab on every merah;
- TNI supports only on request at merah: requested by the Kapolres, decided by the Dandim with its
  legal basis, then deployed as whole units.

Every function returns the new record or a :class:`~sispam.ops.refusal.Refusal` saying why not.
"""

from __future__ import annotations

from datetime import datetime

from sispam.domain import CommandLevel, PoskoRole, Scenario, SituationLevel
from sispam.domain.doctrine import HANDOVER, TNI_SUPPORT_FROM
from sispam.domain.incident import (
    DecisionKind,
    Deployment,
    FieldReport,
    LevelDecision,
    Mediation,
    Notification,
    PerbantuanDecision,
    PerbantuanRequest,
    Person,
    Recipient,
    VillageSituation,
)
from sispam.ops.ids import make_id
from sispam.ops.refusal import Refusal, refuse
from sispam.ops.settings import AuthoritySettings

LEGAL_BASIS_DEFAULT = (
    "UU 2/2002 ps. 41; UU 34/2004 ps. 7 ayat (2) huruf b angka 10; Nota Kesepahaman TNI–Polri "
    "tentang perbantuan TNI kepada Polri"
)
"""The usual legal basis of a perbantuan decision, offered to the Dandim as a starting text."""

_COMMAND_RECIPIENT = {
    CommandLevel.KAPOLSEK: Recipient.KAPOLSEK,
    CommandLevel.KAPOLRES: Recipient.KAPOLRES,
    CommandLevel.KAPOLDA: Recipient.KAPOLDA,
}


def initial_situations(
    scenario: Scenario, authority: AuthoritySettings | None = None
) -> dict[str, VillageSituation]:
    """Every village of the operation at hijau, under the control the matrix gives hijau."""
    control = (authority or AuthoritySettings()).control[SituationLevel.HIJAU]
    return {
        v.code: VillageSituation(village_code=v.code, control=control) for v in scenario.villages
    }


def _commander(by: Person, village_code: str, authority: AuthoritySettings):  # type: ignore[no-untyped-def]
    """The decider's command level, or why they cannot decide here."""
    command = by.command_level
    if command is None:
        return refuse("no_command", name=by.name, role=by.role.value if by.role else "-")
    if command in authority.own_area and (not by.area or not by.covers(village_code)):
        return refuse("outside_area", name=by.name, village=village_code)
    return command


def _recipients(
    level: SituationLevel,
    authority: AuthoritySettings,
    exclude: CommandLevel | None,
    pemkab: bool = True,
) -> tuple[Recipient, ...]:
    out = [_COMMAND_RECIPIENT[c] for c in authority.informed.get(level, ()) if c is not exclude]
    if pemkab and level.rank >= authority.pemkab_from.rank and level is not SituationLevel.HIJAU:
        out.append(Recipient.PEMKAB)
    return tuple(dict.fromkeys(out))


def decide_level(
    situation: VillageSituation,
    to: SituationLevel,
    by: Person,
    at: datetime,
    reason: str,
    *,
    authority: AuthoritySettings | None = None,
    report: FieldReport | None = None,
    incident_id: str | None = None,
    id: str | None = None,
) -> LevelDecision | Refusal:
    """Raise or lower the situation of a village to ``to``. A report cited as the basis must be
    one a person stands behind (not a machine reading awaiting confirmation, not a rumour)."""
    auth = authority or AuthoritySettings()
    code = situation.village_code
    if not reason.strip():
        return refuse("reason_required")
    if to is situation.level:
        return refuse("same_level", level=to.value)
    if situation.since is not None and at < situation.since:
        return refuse(
            "time_order", at=at.isoformat(sep=" "), last=situation.since.isoformat(sep=" ")
        )
    if report is not None:
        if report.village_code != code:
            return refuse("report_elsewhere", report=report.id, village=code)
        if not report.review.usable:
            return refuse("unconfirmed_report", report=report.id)
        if report.rumour:
            return refuse("rumour_report", report=report.id)
    command = _commander(by, code, auth)
    if isinstance(command, Refusal):
        return command
    raising = to.rank > situation.level.rank
    if raising:
        if not auth.may_raise(command, to):
            return refuse(
                "may_not_raise",
                name=by.name,
                level=to.value,
                who=", ".join(c.value for c in auth.raise_.get(to, ())),
            )
        control_to = command if command.rank > situation.control.rank else situation.control
        informed = _recipients(to, auth, exclude=command)
    else:
        holds = command is situation.control or (
            auth.lower == "control_or_above" and command.rank >= situation.control.rank
        )
        if not holds:
            return refuse("may_not_lower", name=by.name, control=situation.control.value)
        control_to = situation.control
        informed = _recipients(situation.level, auth, exclude=command)
    return LevelDecision(
        id=id or make_id("lvl", code, at.isoformat(), to.value, by.name),
        kind=DecisionKind.RAISE if raising else DecisionKind.LOWER,
        village_code=code,
        at=at,
        by=by,
        reason=reason.strip(),
        from_level=situation.level,
        to_level=to,
        control_from=situation.control,
        control_to=control_to,
        incident_id=incident_id,
        report_id=report.id if report else None,
        handover=HANDOVER.get(to) if raising else None,
        informed=informed,
    )


def hand_over(
    situation: VillageSituation,
    to: CommandLevel,
    by: Person,
    at: datetime,
    reason: str,
    *,
    authority: AuthoritySettings | None = None,
    incident_id: str | None = None,
    id: str | None = None,
) -> LevelDecision | Refusal:
    """Hand control of a village's situation to ``to`` by a named decision: up by the holder or
    taken by the superior himself; down only by the holder and never below what the level calls
    for (``control`` of the matrix)."""
    auth = authority or AuthoritySettings()
    code = situation.village_code
    if not reason.strip():
        return refuse("reason_required")
    if to is situation.control:
        return refuse("same_control", control=to.value)
    command = _commander(by, code, auth)
    if isinstance(command, Refusal):
        return command
    up = to.rank > situation.control.rank
    if up and command not in (situation.control, to) and command.rank < to.rank:
        return refuse("may_not_hand_over", name=by.name, control=situation.control.value)
    if not up:
        if command.rank < situation.control.rank:
            return refuse("may_not_hand_over", name=by.name, control=situation.control.value)
        floor = auth.control[situation.level]
        if to.rank < floor.rank:
            return refuse("below_level_control", level=situation.level.value, command=floor.value)
    informed = [_COMMAND_RECIPIENT[c] for c in (to, situation.control) if c is not command]
    informed += list(_recipients(situation.level, auth, exclude=command, pemkab=False))
    return LevelDecision(
        id=id or make_id("ctl", code, at.isoformat(), to.value, by.name),
        kind=DecisionKind.HANDOVER,
        village_code=code,
        at=at,
        by=by,
        reason=reason.strip(),
        from_level=situation.level,
        to_level=situation.level,
        control_from=situation.control,
        control_to=to,
        incident_id=incident_id,
        informed=tuple(dict.fromkeys(informed)),
    )


def apply_decision(situation: VillageSituation, decision: LevelDecision) -> VillageSituation:
    """The village's situation after ``decision`` (which the rules above produced)."""
    if decision.village_code != situation.village_code:
        raise ValueError(decision.village_code)
    return VillageSituation(
        village_code=situation.village_code,
        level=decision.to_level,
        control=decision.control_to,
        since=decision.at,
        decision_id=decision.id,
    )


def handover_due(
    situation: VillageSituation, authority: AuthoritySettings | None = None
) -> CommandLevel | None:
    """The command that should hold control at the current level when control sits lower (a
    prompt to decide a hand-over, never a hand-over by itself); None when control is right."""
    needed = (authority or AuthoritySettings()).control[situation.level]
    return needed if situation.control.rank < needed.rank else None


def notifications(decision: LevelDecision) -> tuple[Notification, ...]:
    """The notices a decision calls for, one per recipient."""
    kind = "handover" if decision.kind is DecisionKind.HANDOVER else "level"
    return tuple(
        Notification(
            id=make_id("ntf", decision.id, r.value),
            recipient=r,
            kind=kind,
            at=decision.at,
            village_code=decision.village_code,
            level=decision.to_level,
            ref_id=decision.id,
        )
        for r in decision.informed
    )


def acknowledge(notice: Notification, by: Person, at: datetime) -> Notification | Refusal:
    """Record that the recipient has taken note."""
    if notice.acknowledged_at is not None:
        return refuse("already_acknowledged", id=notice.id)
    return notice.model_copy(update={"acknowledged_by": by, "acknowledged_at": at})


# --- TNI perbantuan ------------------------------------------------------------------------------


def request_perbantuan(
    situation: VillageSituation,
    by: Person,
    at: datetime,
    reason: str,
    *,
    asked: str = "",
    incident_id: str | None = None,
    id: str | None = None,
) -> PerbantuanRequest | Refusal:
    """The Kapolres (or the Kapolda) asks the Dandim for TNI support at a merah village."""
    if not reason.strip():
        return refuse("reason_required")
    if by.command_level not in (CommandLevel.KAPOLRES, CommandLevel.KAPOLDA):
        return refuse("perbantuan_requester", name=by.name)
    if situation.level.rank < TNI_SUPPORT_FROM.rank:
        return refuse(
            "perbantuan_level", level=situation.level.value, needed=TNI_SUPPORT_FROM.value
        )
    return PerbantuanRequest(
        id=id or make_id("tni", situation.village_code, at.isoformat(), by.name),
        village_code=situation.village_code,
        incident_id=incident_id,
        requested_by=by,
        at=at,
        reason=reason.strip(),
        level=situation.level,
        asked=asked,
    )


def decide_perbantuan(
    request: PerbantuanRequest,
    by: Person,
    at: datetime,
    *,
    approve: bool,
    legal_basis: str,
    note: str = "",
) -> PerbantuanRequest | Refusal:
    """The Dandim (a ``tni`` account) approves or refuses, naming the legal basis."""
    if by.role is not PoskoRole.TNI:
        return refuse("perbantuan_decider", name=by.name)
    if request.decision is not None:
        return refuse("perbantuan_decided", id=request.id)
    if not legal_basis.strip():
        return refuse("legal_basis_required")
    if at < request.at:
        return refuse("time_order", at=at.isoformat(sep=" "), last=request.at.isoformat(sep=" "))
    decision = PerbantuanDecision(
        by=by, at=at, approved=approve, legal_basis=legal_basis.strip(), note=note
    )
    return request.model_copy(update={"decision": decision})


def deploy_perbantuan(
    request: PerbantuanRequest,
    unit: str,
    personnel: int,
    by: Person,
    at: datetime,
    *,
    commander: str = "",
) -> PerbantuanRequest | Refusal:
    """A TNI unit goes under an approved request, whole and under its own commander."""
    if by.role is not PoskoRole.TNI:
        return refuse("perbantuan_decider", name=by.name)
    if not request.approved:
        return refuse("perbantuan_not_approved", id=request.id)
    if personnel <= 0:
        return refuse("personnel_required")
    dep = Deployment(unit=unit, personnel=personnel, at=at, by=by, commander=commander)
    return request.model_copy(update={"deployments": (*request.deployments, dep)})


def perbantuan_notifications(request: PerbantuanRequest) -> tuple[Notification, ...]:
    """A request goes to the Dandim with the Kapolda informed; a decision back to the Kapolres
    and the Posko."""
    if request.decision is None:
        to, at, kind = (Recipient.DANDIM, Recipient.KAPOLDA), request.at, "perbantuan_request"
    else:
        to, at, kind = (Recipient.KAPOLRES, Recipient.POSKO), request.decision.at, "perbantuan"
    return tuple(
        Notification(
            id=make_id("ntf", request.id, kind, r.value),
            recipient=r,
            kind=kind,
            at=at,
            village_code=request.village_code,
            level=request.level,
            ref_id=request.id,
        )
        for r in to
    )


def approved_perbantuan(
    requests: list[PerbantuanRequest] | tuple[PerbantuanRequest, ...],
    village_code: str,
    incident_id: str | None = None,
) -> PerbantuanRequest | None:
    """The approved request covering a village (or the incident), if any (latest first)."""
    for req in sorted(requests, key=lambda r: r.at, reverse=True):
        if not req.approved:
            continue
        if req.village_code == village_code or (incident_id and req.incident_id == incident_id):
            return req
    return None


# --- Pemkab ---------------------------------------------------------------------------------------


def record_mediation(
    by: Person,
    at: datetime,
    village_code: str,
    outcome: str,
    *,
    parties: tuple[str, ...] = (),
    incident_id: str | None = None,
    note: str = "",
    id: str | None = None,
) -> Mediation | Refusal:
    """The Pemkab (Bupati, Kesbangpol) records a mediation and what came of it."""
    if by.role is not PoskoRole.PEMKAB:
        return refuse("mediation_role", name=by.name)
    if not outcome.strip():
        return refuse("outcome_required")
    return Mediation(
        id=id or make_id("med", village_code, at.isoformat(), by.name),
        village_code=village_code,
        incident_id=incident_id,
        by=by,
        at=at,
        parties=parties,
        outcome=outcome.strip(),
        note=note,
    )
