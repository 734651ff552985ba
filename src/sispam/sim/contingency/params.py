"""Parameter model kontinjensi (the contingency model's parameters), validated, with defaults.

Every parameter's meaning, default and the basis of the default are documented in ONE place:
``docs/contingency-model.md`` (section "Parameters"). The scenario's ``[sim]`` table sets them
(tables such as ``[sim.trigger_rate]`` for the per-phase ones); ``sispam simulate --set
KEY=VALUE`` overrides them (``--set trigger_rate.penghitungan=0.05``). Bad values raise
:class:`SimParamError` with a localised message naming the parameter.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from sispam.domain import SispamError
from sispam.i18n import catalogue, t
from sispam.sim.contingency.tables import (
    FORCES,
    LEVELS,
    MINUTES_PER_DAY,
    PHASES,
    ROLES,
    TRIGGERS,
)

ROUNDINGS: tuple[str, ...] = ("literal", "floor", "half_even")  # as sispam.sim.epstein.rules


class SimParamError(SispamError):
    """Parameter simulasi tidak sah (bad simulation parameters), already localised."""


class SimInputError(SispamError):
    """Masukan simulasi tidak sah (a plan file that cannot be read, a plan for another
    scenario, a bad travel model), already localised."""


def _table(default: dict[str, float]) -> Any:
    return Field(default_factory=lambda: dict(default))


DEFAULT_TRIGGER_RATE = {
    "pendaftaran": 0.02,
    "kampanye": 0.015,
    "masa_tenang": 0.005,
    "pemungutan": 0.015,
    "penghitungan": 0.03,
    "penetapan": 0.02,
    "pasca": 0.005,
}
DEFAULT_TRIGGER_MIX: dict[str, dict[str, float]] = {
    "pendaftaran": {"rejected_candidate": 0.6, "partiality": 0.3, "rumour": 0.1},
    "kampanye": {"rumour": 0.5, "close_contest": 0.3, "partiality": 0.2},
    "masa_tenang": {"rumour": 0.7, "partiality": 0.3},
    "pemungutan": {"partiality": 0.4, "rumour": 0.3, "close_contest": 0.3},
    "penghitungan": {"disputed_count": 0.6, "close_contest": 0.3, "partiality": 0.1},
    "penetapan": {"disputed_count": 0.4, "close_contest": 0.4, "partiality": 0.2},
    "pasca": {"disputed_count": 0.5, "rumour": 0.5},
}
DEFAULT_SEVERITY = {
    "close_contest": 0.25,
    "disputed_count": 0.35,
    "rejected_candidate": 0.25,
    "rumour": 0.15,
    "partiality": 0.30,
}
DEFAULT_PRESENCE = {"polri": 1.0, "tni": 1.0, "linmas": 0.3, "satpol_pp": 0.5, "dishub": 0.0}
DEFAULT_ROLE_WEIGHT = {"dalmas_awal": 1.0, "dalmas_lanjut": 1.5, "phh": 2.0, "tni_support": 1.0}
DEFAULT_REQUEST_DELAY = {
    "dalmas_awal": 5.0,
    "dalmas_lanjut": 10.0,
    "phh": 15.0,
    "tni_support": 20.0,
}
DEFAULT_ARRIVAL_DELAY = dict.fromkeys(ROLES, 0.0)
DEFAULT_DISPERSAL = {"dalmas_awal": 0.0, "dalmas_lanjut": 0.1, "phh": 0.2, "tni_support": 0.05}
DEFAULT_TENSION_GAIN = {"hijau": 0.1, "kuning": 0.5, "merah": 1.5}


class ContingencyParams(BaseModel):
    """Parameter model kontinjensi; see docs/contingency-model.md for each one's basis."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # --- triggers (pemicu) ---
    trigger_rate: dict[str, float] = _table(DEFAULT_TRIGGER_RATE)
    trigger_scale: float = Field(1.0, ge=0, le=100)
    vulnerability_slope: float = Field(2.5, ge=0, le=20)
    vulnerability_ref: float = Field(0.5, ge=0, le=1)
    announcement_share: float = Field(0.5, ge=0, le=1)
    counting_peak_power: float = Field(3.0, ge=1, le=20)
    day_window_min: int = Field(600, ge=1, le=MINUTES_PER_DAY)
    trigger_mix: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_TRIGGER_MIX.items()}
    )
    severity: dict[str, float] = _table(DEFAULT_SEVERITY)
    severity_spread: float = Field(0.5, ge=0, le=1)
    incumbent_partiality_mult: float = Field(1.5, ge=0, le=10)
    head_to_head_close_mult: float = Field(1.5, ge=0, le=10)

    # --- crowd (massa) ---
    pool_fraction: float = Field(0.02, gt=0, le=1)
    pool_spread: float = Field(0.5, ge=0, le=3)
    gather_min: float = Field(20.0, gt=0, le=600)
    inertia: float = Field(0.2, gt=0, le=1)
    legitimacy_base: float = Field(0.9, ge=0, le=1)
    legitimacy_vulnerability: float = Field(0.05, ge=0, le=1)
    threshold: float = Field(0.1, ge=0, le=1)
    arrest_k: float = Field(2.3, ge=0, le=50)
    rounding: Literal["literal", "floor", "half_even"] = "literal"
    contagion: float = Field(0.1, ge=0, le=1)
    fatigue_per_min: float = Field(0.005, ge=0, le=1)

    # --- escalation ladder (tangga eskalasi) ---
    kuning_crowd: float = Field(25.0, gt=0)
    merah_crowd: float = Field(60.0, gt=0)
    merah_force_ratio: float = Field(3.0, gt=0, le=1000)
    contain_crowd: float = Field(5.0, ge=0)
    contain_hold_min: int = Field(10, ge=1, le=600)
    horizon_min: int = Field(480, ge=30, le=2880)
    containment_target_min: int = Field(120, ge=1, le=2880)

    # --- response (respons) ---
    presence_weight: dict[str, float] = _table(DEFAULT_PRESENCE)
    role_weight: dict[str, float] = _table(DEFAULT_ROLE_WEIGHT)
    request_delay_min: dict[str, float] = _table(DEFAULT_REQUEST_DELAY)
    report_delay_min: float = Field(0.0, ge=0, le=MINUTES_PER_DAY)
    arrival_delay_min: dict[str, float] = _table(DEFAULT_ARRIVAL_DELAY)
    dispersal_rate: dict[str, float] = _table(DEFAULT_DISPERSAL)
    call_crowd: float = Field(10.0, ge=0)
    reinforce_after_min: float = Field(30.0, gt=0, le=MINUTES_PER_DAY)
    max_phh_per_incident: int = Field(3, ge=1, le=50)
    appeal_rate: float = Field(0.002, ge=0, le=1)
    negotiation_rate: float = Field(0.006, ge=0, le=1)
    excess_force_prob: float = Field(0.1, ge=0, le=1)
    excess_force_legitimacy: float = Field(0.15, ge=0, le=1)
    offphase_mobilise_min: float = Field(60.0, ge=0, le=MINUTES_PER_DAY)
    patrol_personnel: int = Field(4, ge=0, le=1000)
    patrol_delay_min: float = Field(10.0, ge=0, le=MINUTES_PER_DAY)
    stand_down_min: float = Field(15.0, ge=0, le=MINUTES_PER_DAY)
    reserve_platoon: int = Field(30, ge=1, le=1000)
    candidates_per_role: int = Field(8, ge=1, le=64)

    # --- spill-over and tension (penjalaran, ketegangan) ---
    spill_radius_km: float = Field(8.0, ge=0, le=100)
    spill_scale_km: float = Field(2.0, gt=0, le=100)
    spill_rate: float = Field(0.004, ge=0, le=1)
    spill_merah_weight: float = Field(3.0, ge=0, le=100)
    tension_halflife_days: float = Field(7.0, gt=0, le=365)
    tension_gain: dict[str, float] = _table(DEFAULT_TENSION_GAIN)
    tension_legitimacy: float = Field(0.05, ge=0, le=1)

    # Per-key tables: (defaults, allowed keys, lowest, highest) — missing keys take the default.
    _TABLE_FIELDS: ClassVar[dict[str, tuple[dict[str, float], tuple[str, ...], float, float]]] = {
        "trigger_rate": (DEFAULT_TRIGGER_RATE, PHASES, 0.0, 50.0),
        "severity": (DEFAULT_SEVERITY, TRIGGERS, 0.0, 1.0),
        "presence_weight": (DEFAULT_PRESENCE, FORCES, 0.0, 10.0),
        "role_weight": (DEFAULT_ROLE_WEIGHT, ROLES, 0.0, 10.0),
        "request_delay_min": (DEFAULT_REQUEST_DELAY, ROLES, 0.0, float(MINUTES_PER_DAY)),
        "arrival_delay_min": (
            DEFAULT_ARRIVAL_DELAY,
            ROLES,
            -float(MINUTES_PER_DAY),
            float(MINUTES_PER_DAY),
        ),
        "dispersal_rate": (DEFAULT_DISPERSAL, ROLES, 0.0, 1.0),
        "tension_gain": (DEFAULT_TENSION_GAIN, LEVELS, 0.0, 100.0),
    }

    @field_validator(*_TABLE_FIELDS, mode="after")
    @classmethod
    def _tables(cls, v: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        defaults, keys, low, high = cls._TABLE_FIELDS[info.field_name]
        return _complete(v, defaults, keys, low, high)

    @field_validator("trigger_mix", mode="after")
    @classmethod
    def _mix(cls, v: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        out = {k: dict(m) for k, m in DEFAULT_TRIGGER_MIX.items()}
        for phase, mix in v.items():
            if phase not in PHASES:
                raise ValueError(f"unknown_key:{phase}:{', '.join(PHASES)}")
            out[phase] = _complete(mix, {}, TRIGGERS, 0.0, 1e6)
            if sum(out[phase].values()) <= 0:
                raise ValueError(f"mix_empty:{phase}")
        return out

    def model_post_init(self, __context: Any) -> None:
        if self.merah_crowd <= self.kuning_crowd:
            _fail("sim.param.ladder", kuning=self.kuning_crowd, merah=self.merah_crowd)
        if self.contain_crowd >= self.kuning_crowd:
            _fail("sim.param.contain", contain=self.contain_crowd, kuning=self.kuning_crowd)

    def flat(self) -> dict[str, Any]:
        """Every parameter by its dotted name (``trigger_rate.penghitungan``), for tables and --set."""
        out: dict[str, Any] = {}
        for name, value in self.model_dump().items():
            if isinstance(value, dict):
                for k, v in value.items():
                    if isinstance(v, dict):
                        for k2, v2 in v.items():
                            out[f"{name}.{k}.{k2}"] = v2
                    else:
                        out[f"{name}.{k}"] = v
            else:
                out[name] = value
        return out

    def with_values(self, values: dict[str, Any]) -> ContingencyParams:
        """A copy with dotted-name ``values`` applied and validated (raises :class:`SimParamError`)."""
        data = self.model_dump()
        for key, value in values.items():
            _set_dotted(data, key, value)
        return build_params(data)


def _complete(
    given: dict[str, float], default: dict[str, float], keys: tuple[str, ...], lo: float, hi: float
) -> dict[str, float]:
    out = {k: float(default.get(k, 0.0)) for k in keys}
    for k, value in given.items():
        if k not in keys:
            raise ValueError(f"unknown_key:{k}:{', '.join(keys)}")
        if not (lo <= float(value) <= hi):
            raise ValueError(f"range:{k}:{value}:{lo}:{hi}")
        out[k] = float(value)
    return out


def _set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node: Any = data
    for p in parts[:-1]:
        if not isinstance(node, dict) or p not in node:
            _fail("sim.param.unknown", name=key, known=_known_hint(data))
        node = node[p]
    if not isinstance(node, dict) or (parts[-1] not in node and len(parts) == 1):
        _fail("sim.param.unknown", name=key, known=_known_hint(data))
    node[parts[-1]] = value


def _known_hint(data: dict[str, Any]) -> str:
    return ", ".join(sorted(data))


def _fail(key: str, **values: Any) -> None:
    raise SimParamError(t(key, **values))


def _message(err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()))
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "value_error":
        raw = str(ctx.get("error", err.get("msg", "")))
        raw = raw.removeprefix("Value error, ")
        parts = raw.split(":")
        if parts[0] == "unknown_key":
            return t("sim.param.unknown", name=f"{loc}.{parts[1]}", known=parts[2])
        if parts[0] == "range":
            return t(
                "sim.param.range",
                name=f"{loc}.{parts[1]}",
                value=parts[2],
                low=parts[3],
                high=parts[4],
            )
        if parts[0] == "mix_empty":
            return t("sim.param.mix_empty", name=f"{loc}.{parts[1]}")
        return t("sim.param.invalid", name=loc, value=value, reason=raw)
    if kind == "extra_forbidden":
        return t(
            "sim.param.unknown", name=loc, known=", ".join(sorted(ContingencyParams.model_fields))
        )
    bounds = {
        "greater_than_equal": ("ge", ">="),
        "greater_than": ("gt", ">"),
        "less_than_equal": ("le", "<="),
        "less_than": ("lt", "<"),
    }
    if kind in bounds:
        field, op = bounds[kind]
        return t("sim.param.bound", name=loc, value=value, op=op, limit=ctx.get(field))
    if kind == "literal_error":
        return t("sim.param.choice", name=loc, value=value, choices=ctx.get("expected", ""))
    key = f"sim.param.type.{kind}"
    if key in catalogue():
        return t(key, name=loc, value=value)
    return t("sim.param.invalid", name=loc, value=value, reason=err.get("msg", kind))


def build_params(data: dict[str, Any] | None = None) -> ContingencyParams:
    """Validate ``data`` (a scenario's ``[sim]`` table) into parameters; raises :class:`SimParamError`."""
    try:
        return ContingencyParams.model_validate(data or {})
    except ValidationError as exc:
        raise SimParamError("\n".join(_message(e) for e in exc.errors())) from None


def parse_assignment(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` from the command line; VALUE parsed as a number or a word."""
    if "=" not in text:
        _fail("sim.param.set_syntax", text=text)
    key, raw = text.split("=", 1)
    key, raw = key.strip(), raw.strip()
    value: Any = raw
    for cast in (int, float):
        try:
            value = cast(raw)
            break
        except ValueError:
            continue
    return key, value


def params_from(settings: dict[str, Any], overrides: list[str] | None = None) -> ContingencyParams:
    """The scenario's ``[sim]`` settings, then ``--set`` overrides, validated."""
    base = build_params(settings)
    if not overrides:
        return base
    return base.with_values(dict(parse_assignment(o) for o in overrides))
