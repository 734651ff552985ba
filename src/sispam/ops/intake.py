"""Penerimaan pesan (text intake): read a TPS or incident report typed in an SMS or WhatsApp.

:func:`parse_message` returns what it read (:class:`TextReading`), the reply to send back (in the
sender's language, Indonesian by default) and, when the message could be read, a
:class:`~sispam.domain.incident.FieldReport` in the state ``machine_read``: the raw message is kept
beside the reading, and nothing read by the machine may change a level until a person confirms it
(:func:`sispam.ops.review_report`). On error the reply says what is wrong and gives an example.

The format is in :mod:`sispam.ops.textformat` and ``docs/ops.md``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field

from sispam.domain import Scenario, SituationLevel
from sispam.domain.base import DomainModel
from sispam.domain.incident import (
    Channel,
    FieldReport,
    IncidentCategory,
    ReportKind,
    Review,
    TpsStatus,
)
from sispam.i18n import t
from sispam.ops import textformat as F
from sispam.ops.places import Gazetteer, as_code, normal, similarity
from sispam.ops.refusal import Refusal

_TIME = re.compile(r"^([01]?\d|2[0-3])[.:]([0-5]\d)$")
_HHMM = re.compile(r"^([01]\d|2[0-3])([0-5]\d)$")
_INT = re.compile(r"^\d{1,6}$")
_TPS_SUFFIX = re.compile(r"^(.+?)-(\d{1,3})$")


class Correction(DomainModel):
    """A word read as another (a typo corrected): shown in the reply so the sender can check."""

    typed: str
    read_as: str


class TextReading(DomainModel):
    """What was read from a message."""

    kind: Literal["tps_status", "incident", "help"]
    village_code: str | None = None
    village_name: str | None = None
    tps: int | None = None
    status: TpsStatus | None = None
    personnel: int | None = None
    category: IncidentCategory | None = None
    crowd: int | None = None
    suggested_level: SituationLevel | None = None
    rumour: bool = False
    at: datetime | None = None
    time_given: bool = False
    note: str = ""
    corrections: tuple[Correction, ...] = ()


class IntakeResult(DomainModel):
    """A message, what was read from it, the reply, and the field report (when it was read)."""

    raw: str
    channel: Channel
    sender: str
    received_at: datetime
    ok: bool
    reading: TextReading | None = None
    error: Refusal | None = None
    reply: str = Field(min_length=1)
    report: FieldReport | None = None


class _Unreadable(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = {k: str(v) for k, v in values.items()}


def report_id(channel: Channel, sender: str, received_at: datetime, raw: str) -> str:
    """A stable id for a message without a gateway id: the same message resent by the gateway
    (same sender, time and text) gets the same id, so it is stored once."""
    digest = hashlib.sha256(
        "\x1f".join((channel.value, sender, received_at.isoformat(), raw)).encode("utf-8")
    ).hexdigest()
    return f"txt-{digest[:20]}"


def _tokens(text: str) -> list[str]:
    out = []
    for tok in re.split(r"[\s,;/]+", text.strip()):
        tok = tok.strip("!?\"'()[]")
        if tok.endswith(".") and not _TIME.match(tok):
            tok = tok.rstrip(".")
        if tok:
            out.append(tok)
    return out


def _word(token: str, table: dict[str, object], min_score: float) -> tuple[str, bool] | None:
    """The vocabulary word ``token`` is (exactly, or with a small typo); None if none or a tie."""
    low = token.lower()
    if low in table:
        return low, False
    if len(low) < 4 or not low.isalpha():
        return None
    threshold = min_score - 5 if len(low) == 4 else min_score
    scored = sorted(((similarity(low, w), w) for w in table), key=lambda x: (-x[0], x[1]))
    if scored[0][0] < threshold:
        return None
    if (
        len(scored) > 1
        and scored[1][0] == scored[0][0]
        and table[scored[1][1]] != table[scored[0][1]]
    ):
        return None
    return scored[0][1], True


class _Reader:
    """One message being read: tokens still unread, corrections made, values found."""

    def __init__(
        self, tokens: list[str], places: Gazetteer, received_at: datetime, future_min: float
    ) -> None:
        self.tokens = tokens
        self.used = [False] * len(tokens)
        self.places = places
        self.received_at = received_at
        self.future_min = future_min
        self.corrections: list[Correction] = []

    def free(self) -> list[int]:
        return [i for i, u in enumerate(self.used) if not u]

    def take(self, *idx: int) -> None:
        for i in idx:
            self.used[i] = True

    def word(self, i: int, table: dict, min_score: float):  # type: ignore[no-untyped-def]
        hit = _word(self.tokens[i], table, min_score)
        if hit is None:
            return None
        word, fixed = hit
        if fixed:
            self.corrections.append(Correction(typed=self.tokens[i], read_as=word.upper()))
        return table[word]

    # --- place ------------------------------------------------------------------------------
    def place(self, start: int) -> tuple[str, int | None]:
        """The village (and TPS number, if given) named from token ``start`` on."""
        tps: int | None = None
        i = start
        if i < len(self.tokens) and _INT.match(self.tokens[i]) and i + 1 < len(self.tokens):
            # "TPS 1 KARANGANOM": a TPS number before the place
            after = self.tokens[i + 1]
            if as_code(after.split("-")[0]) or not _INT.match(after):
                tps, i = int(self.tokens[i]), i + 1
                self.take(start)
        code = self._code_at(i)
        if code is not None:
            code_str, code_tps = code
            return code_str, code_tps or tps or self._tps_after(i + 1, code_str)
        # a code anywhere else in the message
        for j in self.free():
            code = self._code_at(j)
            if code is not None:
                return code[0], code[1] or tps or self._tps_after(j + 1, code[0])
        rest = [tok for tok in self.tokens[i:]]
        suffix_tps = None
        if rest:
            m = _TPS_SUFFIX.match(rest[0])
            if m and not _INT.match(m.group(1)):
                rest[0], suffix_tps = m.group(1), int(m.group(2))
        match = self.places.find_name(rest) if rest else None
        if match is None:  # "TPS TUTUP KARANGANOM": an exact name further on
            for j in self.free():
                if j > i:
                    hit = self.places.find_name(self.tokens[j:], exact_only=True)
                    if hit is not None:
                        i, match, suffix_tps = j, hit, None
                        break
        if match is None:
            raise _Unreadable("no_place", typed=self.tokens[i] if i < len(self.tokens) else "-")
        if len(match.codes) > 1:
            raise _Unreadable(
                "ambiguous_place",
                typed=match.typed,
                options="; ".join(self.places.describe(c) for c in match.codes),
            )
        self.take(*range(i, i + match.used))
        code_str = match.codes[0]
        if not match.exact:
            self.corrections.append(
                Correction(typed=match.typed, read_as=self.places.get(code_str).name)  # type: ignore[union-attr]
            )
        return code_str, suffix_tps or tps or self._tps_after(i + match.used, code_str)

    def _code_at(self, i: int) -> tuple[str, int | None] | None:
        if i >= len(self.tokens) or self.used[i]:
            return None
        tok = self.tokens[i]
        m = _TPS_SUFFIX.match(tok)
        base, tps = (m.group(1), int(m.group(2))) if m else (tok, None)
        code = as_code(base)
        if code is None:
            return None
        if self.places.get(code) is None:
            raise _Unreadable("unknown_code", code=code)
        self.take(i)
        return code, tps

    def _tps_after(self, i: int, code: str) -> int | None:
        """``KARANGANOM 2 TUTUP``: a small number right after the place, within its TPS count."""
        v = self.places.get(code)
        if v is None or i >= len(self.tokens) or self.used[i]:
            return None
        tok = self.tokens[i]
        if _INT.match(tok) and 1 <= int(tok) <= v.tps and v.tps > 1:
            nxt = self.tokens[i + 1].lower() if i + 1 < len(self.tokens) else ""
            if nxt not in F.CROWD_WORDS:
                self.take(i)
                return int(tok)
        return None

    # --- time -------------------------------------------------------------------------------
    def time(self) -> datetime | None:
        """The time of the event (``14.05``, ``14:05``, ``1405``, ``jam 14``) on the day the
        message came in; just after midnight, a late-evening time is the day before."""
        found: tuple[int, int] | None = None
        for i in self.free():
            tok = self.tokens[i].lower()
            for suffix in F.ZONE_SUFFIXES:
                if tok.endswith(suffix) and len(tok) > len(suffix):
                    tok = tok[: -len(suffix)]
            if tok in F.ZONE_SUFFIXES:
                self.take(i)
                continue
            if tok in F.TIME_WORDS:
                self.take(i)
                nxt = i + 1
                if nxt < len(self.tokens) and not self.used[nxt]:
                    t2 = self.tokens[nxt].lower()
                    m = _TIME.match(t2) or _HHMM.match(t2)
                    if m:
                        found = (int(m.group(1)), int(m.group(2)))
                    elif _INT.match(t2) and int(t2) < 24:
                        found = (int(t2), 0)
                    else:
                        continue
                    self.take(nxt)
                continue
            m = _TIME.match(tok)
            if m is None and _HHMM.match(tok) and not self._after_crowd_word(i):
                m = _HHMM.match(tok)
            if m is not None:
                if found is not None:
                    raise _Unreadable("two_times")
                found = (int(m.group(1)), int(m.group(2)))
                self.take(i)
        if found is None:
            return None
        when = self.received_at.replace(hour=found[0], minute=found[1], second=0, microsecond=0)
        if when > self.received_at + timedelta(minutes=self.future_min):
            if self.received_at.hour < 3 and found[0] >= 21:
                return when - timedelta(days=1)
            raise _Unreadable("future_time", time=F.clock(when))
        return when

    def _after_crowd_word(self, i: int) -> bool:
        return (i > 0 and self.tokens[i - 1].lower() in F.CROWD_WORDS) or (
            i + 1 < len(self.tokens) and self.tokens[i + 1].lower() in F.CROWD_WORDS
        )

    def note(self) -> str:
        return " ".join(self.tokens[i] for i in self.free())


def _command(reader: _Reader, min_score: float) -> tuple[str | None, int]:
    i = 0
    while i < len(reader.tokens) and reader.tokens[i].lower() in F.SKIP_FIRST:
        reader.take(i)
        i += 1
    if i >= len(reader.tokens):
        return None, i
    cmd = reader.word(i, F.COMMANDS, min_score)
    if cmd is not None:
        reader.take(i)
        return str(cmd), i + 1
    return None, i


def _guess_command(reader: _Reader, min_score: float) -> str | None:
    """No command word: a message that names a TPS status is a TPS report, one that names an
    incident is an incident report (``33.10.24.2003-1 TUTUP 14.05``)."""
    low = [tok.lower() for tok in reader.tokens]
    if any(w in F.TPS_WORDS for w in low):
        return F.COMMAND_TPS
    if any(w in F.INCIDENT_WORDS or w in F.CROWD_WORDS for w in low):
        return F.COMMAND_INCIDENT
    return None


def _tps_status(reader: _Reader, min_score: float) -> tuple[TpsStatus, int | None]:
    statuses: dict[TpsStatus, int] = {}  # status → position of its word
    done = False
    personnel = None
    for i in reader.free():
        low = reader.tokens[i].lower()
        if low in F.START_WORDS or low == "done":
            done = done or low == "done"
            reader.take(i)
            continue
        st = reader.word(i, F.TPS_WORDS, min_score)
        if st is None:
            continue
        reader.take(i)
        statuses.setdefault(st, i)
        nxt = i + 1
        if (
            st is TpsStatus.PERSONNEL_PRESENT
            and nxt < len(reader.tokens)
            and not reader.used[nxt]
            and _INT.match(reader.tokens[nxt])
            and len(reader.tokens[nxt]) <= 3
        ):
            personnel = int(reader.tokens[nxt])
            reader.take(nxt)
    # "HITUNG SELESAI" / "SELESAI HITUNG": counting is done
    if TpsStatus.COUNTING in statuses and (done or TpsStatus.COUNTED in statuses):
        statuses[TpsStatus.COUNTED] = statuses.pop(TpsStatus.COUNTING)
    if not statuses:
        raise _Unreadable("no_status")
    if len(statuses) > 1:
        a, b = sorted(statuses, key=lambda s: statuses[s])[:2]
        raise _Unreadable("two_statuses", first=_status_label(a), second=_status_label(b))
    return next(iter(statuses)), personnel


def _incident(reader: _Reader, min_score: float) -> dict:
    found: list[IncidentCategory] = []
    crowd = None
    level = None
    rumour = False
    implied = False  # a crowd is named (MASSA, n ORANG): a crowd incident unless more is said
    free = reader.free()
    # two-word phrases first
    for a, b in zip(free, free[1:], strict=False):
        if b != a + 1 or reader.used[a] or reader.used[b]:
            continue
        key = (reader.tokens[a].lower(), reader.tokens[b].lower())
        if key in F.INCIDENT_PHRASES:
            found.append(F.INCIDENT_PHRASES[key])
            reader.take(a, b)
    for i in reader.free():
        low = reader.tokens[i].lower()
        if low in F.CROWD_WORDS:
            reader.take(i)
            for j in (i + 1, i - 1):
                if (
                    0 <= j < len(reader.tokens)
                    and not reader.used[j]
                    and _INT.match(reader.tokens[j])
                ):
                    crowd = int(reader.tokens[j])
                    reader.take(j)
                    break
            implied = implied or low == "massa" or crowd is not None
            continue
        if low in F.RUMOUR_WORDS:
            rumour = True
            reader.take(i)
            continue
        lv = reader.word(i, F.LEVEL_WORDS, min_score)
        if lv is not None:
            level = lv
            reader.take(i)
            continue
        cat = reader.word(i, F.INCIDENT_WORDS, min_score)
        if cat is not None:
            found.append(cat)
            reader.take(i)
    if not found and implied:  # "MASSA 50" alone: a crowd
        found.append(IncidentCategory.CROWD)
    if not found:
        raise _Unreadable("no_category")
    category = min(found, key=F.CATEGORY_PRIORITY.index)
    return {"category": category, "crowd": crowd, "suggested_level": level, "rumour": rumour}


def _status_label(status: TpsStatus, lang: str | None = None) -> str:
    return t(f"ops.tps_status.{status.value}", lang)


def _example(kind: str | None, code: str, lang: str) -> str:
    if kind == F.COMMAND_INCIDENT:
        return t("ops.intake.example.incident", lang, code=code)
    return t("ops.intake.example.tps", lang, code=code)


def parse_message(
    text: str,
    places: Gazetteer | Scenario,
    *,
    received_at: datetime,
    sender: str,
    channel: Channel = Channel.SMS,
    message_id: str | None = None,
    lang: str = "id",
    min_score: float = 80.0,
    future_min: float = 10.0,
) -> IntakeResult:
    """Read one text message. Pure: the same message, sender and time always give the same
    reading, reply and report id (``message_id``: the gateway's id, if it gives one)."""
    gaz = places if isinstance(places, Gazetteer) else Gazetteer.of(places, min_score)
    raw = text
    body, _, free_note = text.partition(F.NOTE_MARK)
    reader = _Reader(_tokens(body), gaz, received_at, future_min)
    kind: str | None = None
    village: str | None = None
    try:
        if not reader.tokens:
            raise _Unreadable("empty")
        kind, start = _command(reader, min_score)
        if kind is None:
            kind = _guess_command(reader, min_score)
            if kind is None:
                raise _Unreadable("unknown_command", typed=reader.tokens[start])
        if kind == F.COMMAND_HELP:
            reading = TextReading(kind="help")
            example = gaz.villages[0].code if gaz.villages else "33.10.24.2003"
            return IntakeResult(
                raw=raw,
                channel=channel,
                sender=sender,
                received_at=received_at,
                ok=True,
                reading=reading,
                reply=t("ops.intake.help", lang, code=example),
            )
        if start >= len(reader.tokens):
            raise _Unreadable("no_place", typed="-")
        village, tps = reader.place(start)
        v = gaz.get(village)
        assert v is not None
        at = reader.time()
        fields: dict = {}
        if kind == F.COMMAND_TPS:
            if tps is None:
                if v.tps > 1:
                    raise _Unreadable("which_tps", village=v.name, n=v.tps)
                tps = 1
            if tps > v.tps:
                raise _Unreadable("bad_tps", village=v.name, tps=tps, n=v.tps)
            status, personnel = _tps_status(reader, min_score)
            fields = {"status": status, "personnel": personnel}
        else:
            if tps is not None and tps > v.tps:
                raise _Unreadable("bad_tps", village=v.name, tps=tps, n=v.tps)
            fields = _incident(reader, min_score)
        leftover = [w for w in reader.note().split() if w.lower() not in F.FILLER]
        note = " ".join([*leftover, free_note.strip()]).strip()
        reading = TextReading(
            kind="tps_status" if kind == F.COMMAND_TPS else "incident",
            village_code=village,
            village_name=v.name,
            tps=tps,
            at=at or received_at,
            time_given=at is not None,
            note=note,
            corrections=tuple(reader.corrections),
            **fields,
        )
    except _Unreadable as err:
        error = Refusal(key=f"ops.intake.error.{err.key}", values=err.values)
        code = village or (gaz.villages[0].code if gaz.villages else "33.10.24.2003")
        reply = t(
            "ops.intake.reply.error",
            lang,
            problem=error.message(lang),
            example=_example(kind, code, lang),
        )
        return IntakeResult(
            raw=raw,
            channel=channel,
            sender=sender,
            received_at=received_at,
            ok=False,
            error=error,
            reply=reply,
        )
    report = FieldReport(
        id=f"{channel.value}:{message_id}"
        if message_id
        else report_id(channel, sender, received_at, raw),
        channel=channel,
        reporter=sender,
        received_at=received_at,
        at=reading.at or received_at,
        village_code=village,
        tps=reading.tps,
        kind=ReportKind.TPS_STATUS if reading.kind == "tps_status" else ReportKind.INCIDENT,
        status=reading.status,
        personnel=reading.personnel,
        category=reading.category,
        crowd=reading.crowd,
        suggested_level=reading.suggested_level,
        note=reading.note,
        raw_text=raw,
        rumour=reading.rumour,
        review=Review.MACHINE_READ,
    )
    return IntakeResult(
        raw=raw,
        channel=channel,
        sender=sender,
        received_at=received_at,
        ok=True,
        reading=reading,
        reply=reply_for(reading, lang),
        report=report,
    )


def reply_for(reading: TextReading, lang: str = "id") -> str:
    """The acknowledgement that repeats what was read, so the sender can check it."""
    when = F.clock(reading.at, lang) if reading.at else "-"
    if not reading.time_given:
        when = t("ops.intake.reply.received_time", lang, time=when)
    parts: list[str] = []
    if reading.kind == "tps_status":
        assert reading.status is not None
        extra = (
            t("ops.intake.reply.personnel", lang, n=reading.personnel)
            if reading.personnel is not None
            else ""
        )
        parts.append(
            t(
                "ops.intake.reply.tps",
                lang,
                tps=f"{reading.village_code}-{reading.tps}",
                village=reading.village_name,
                status=_status_label(reading.status, lang) + extra,
                time=when,
            )
        )
    else:
        assert reading.category is not None
        what = t(f"ops.category.{reading.category.value}", lang)
        if reading.crowd is not None:
            what += t("ops.intake.reply.crowd", lang, n=reading.crowd)
        place = reading.village_name or ""
        if reading.tps is not None:
            place += f" TPS {reading.tps}"
        parts.append(t("ops.intake.reply.incident", lang, place=place, what=what, time=when))
        if reading.suggested_level is not None:
            parts.append(
                t(
                    "ops.intake.reply.level",
                    lang,
                    level=t(f"doctrine.level_short.{reading.suggested_level.value}", lang),
                )
            )
        if reading.rumour:
            parts.append(t("ops.intake.reply.rumour", lang))
    if reading.corrections:
        fixes = ", ".join(f"{c.typed} → {c.read_as}" for c in reading.corrections)
        parts.append(t("ops.intake.reply.corrected", lang, fixes=fixes))
    parts.append(t("ops.intake.reply.check", lang))
    return " ".join(parts)


__all__ = [
    "Correction",
    "IntakeResult",
    "TextReading",
    "normal",
    "parse_message",
    "reply_for",
    "report_id",
]
