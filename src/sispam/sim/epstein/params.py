"""Parameter model I (Epstein 2002): a frozen, validated object with the two reference presets.

``PRESETS["mesa"]`` is exactly the rules and defaults of ``mesa/examples/advanced/
epstein_civil_violence`` in Mesa 3.3; ``PRESETS["netlogo"]`` is NetLogo's *Rebellion*. Every
difference between the two is a switch here, so any mix can be run and compared.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn

from sispam.domain.errors import SispamError
from sispam.i18n import t
from sispam.sim.epstein.rules import NEIGHBOURHOODS, ROUNDINGS, Neighbourhood, Rounding

Order = Literal["decide_then_move", "move_then_act"]
Activation = Literal["sequential", "synchronous"]
Jail = Literal["stay", "leave"]
JailCountdown = Literal["activation", "end_of_step"]
Placement = Literal["bernoulli", "exact"]

MAX_SIDE = 4096  # memory is the limit, not the kernel; 1000 × 1000 is the benchmarked size


class EpsteinParamError(SispamError, ValueError):
    """A parameter set that cannot be run; the message is already in the user's language."""


def _fail(key: str, **values: object) -> NoReturn:
    raise EpsteinParamError(t(f"epstein.{key}", **values))


@dataclass(frozen=True, slots=True)
class EpsteinParams:
    """Parameter model I (one run's rules and constants).

    Densities are per cell; visions in cells. Schedules are change points ``(step, value)`` that
    take effect at the start of that step (steps count from 1): legitimacy L becomes ``value``,
    or the number of cops becomes ``value`` (cops removed at random, or added on random empty
    cells). Switches (see docs/epstein.md):

    - ``neighbourhood`` / ``own_cell``: the cells seen and moved to; own cell counted or not.
    - ``rounding`` of C/A in P = 1 − exp(−k·round(C/A)).
    - ``order``: ``decide_then_move`` (Mesa) or ``move_then_act`` (NetLogo: move, then decide or
      arrest from the new cell).
    - ``activation``: ``sequential`` (one agent at a time, order reshuffled every step) or
      ``synchronous`` (each phase computed for everyone from the same state).
    - ``jail``: ``stay`` (the jailed citizen keeps blocking its cell, Mesa) or ``leave`` (it is
      off the grid and comes back where it was arrested, NetLogo; cells may then hold several).
    - ``cop_to_arrestee``: after an arrest the cop moves onto the arrestee's cell (NetLogo).
    - ``jail_term_inclusive``: term uniform on [0, Jmax] (Mesa) or [0, Jmax − 1] (NetLogo).
    - ``jail_countdown``: ``activation`` (Mesa: a jailed citizen spends each of its activations
      counting down and acts on the one after it reaches 0) or ``end_of_step`` (NetLogo: every
      term drops at the end of each step; a term of 0 frees at once).
    - ``placement``: ``bernoulli`` (each cell independently citizen/cop/empty, Mesa) or
      ``exact`` (round(density × cells) of each on random cells, NetLogo).
    - ``citizen_movement`` / ``cop_movement``: Mesa's ``movement`` switch stops both, NetLogo's
      ``movement?`` stops citizens only.
    """

    width: int = 40
    height: int = 40
    citizen_density: float = 0.7
    cop_density: float = 0.074
    citizen_vision: float = 7
    cop_vision: float = 7
    legitimacy: float = 0.8
    max_jail_term: int = 1000
    threshold: float = 0.1
    k: float = 2.3
    neighbourhood: Neighbourhood = "von_neumann"
    own_cell: bool = False
    rounding: Rounding = "half_even"
    order: Order = "decide_then_move"
    activation: Activation = "sequential"
    jail: Jail = "stay"
    cop_to_arrestee: bool = False
    jail_term_inclusive: bool = True
    jail_countdown: JailCountdown = "activation"
    placement: Placement = "bernoulli"
    citizen_movement: bool = True
    cop_movement: bool = True
    legitimacy_schedule: tuple[tuple[int, float], ...] = field(default=())
    cop_schedule: tuple[tuple[int, int], ...] = field(default=())

    def __post_init__(self) -> None:
        # Normalise schedules given as lists (from JSON or the CLI) into tuples, then validate.
        object.__setattr__(
            self,
            "legitimacy_schedule",
            tuple((int(s), float(v)) for s, v in self.legitimacy_schedule),
        )
        object.__setattr__(
            self, "cop_schedule", tuple((int(s), int(v)) for s, v in self.cop_schedule)
        )
        self._validate()

    def _validate(self) -> None:
        for name in ("width", "height"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 1 <= value <= MAX_SIDE:
                _fail("out_of_range", name=name, value=value, low=1, high=MAX_SIDE)
        for name in ("citizen_density", "cop_density", "legitimacy"):
            value = getattr(self, name)
            if not (math.isfinite(value) and 0.0 <= value <= 1.0):
                _fail("out_of_range", name=name, value=value, low=0, high=1)
        total = self.citizen_density + self.cop_density
        if total > 1.0 + 1e-12:
            _fail(
                "density_sum",
                citizens=self.citizen_density,
                cops=self.cop_density,
                total=round(total, 6),
            )
        for name in ("citizen_vision", "cop_vision"):
            value = getattr(self, name)
            if not (math.isfinite(value) and 0 <= value <= 50):
                _fail("out_of_range", name=name, value=value, low=0, high=50)
            if self.neighbourhood != "disc" and value != int(value):
                _fail("vision_integer", name=name, value=value, shape=self.neighbourhood)
        if not isinstance(self.max_jail_term, int) or not 0 <= self.max_jail_term <= 1_000_000:
            _fail(
                "out_of_range",
                name="max_jail_term",
                value=self.max_jail_term,
                low=0,
                high=1_000_000,
            )
        if not self.jail_term_inclusive and self.max_jail_term < 1:
            _fail(
                "out_of_range",
                name="max_jail_term",
                value=self.max_jail_term,
                low=1,
                high=1_000_000,
            )
        if not (math.isfinite(self.k) and self.k >= 0):
            _fail("out_of_range", name="k", value=self.k, low=0, high="∞")
        if not math.isfinite(self.threshold):
            _fail("out_of_range", name="threshold", value=self.threshold, low="-∞", high="∞")
        choices: dict[str, tuple[str, ...]] = {
            "neighbourhood": NEIGHBOURHOODS,
            "rounding": ROUNDINGS,
            "order": ("decide_then_move", "move_then_act"),
            "activation": ("sequential", "synchronous"),
            "jail": ("stay", "leave"),
            "jail_countdown": ("activation", "end_of_step"),
            "placement": ("bernoulli", "exact"),
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                _fail(
                    "unknown_choice",
                    name=name,
                    value=getattr(self, name),
                    choices=", ".join(allowed),
                )
        self._validate_schedule("legitimacy_schedule", self.legitimacy_schedule, 0.0, 1.0)
        self._validate_schedule("cop_schedule", self.cop_schedule, 0, self.width * self.height)

    @staticmethod
    def _validate_schedule(name: str, schedule: tuple, low: float, high: float) -> None:
        last = 0
        for step, value in schedule:
            if step <= last:
                _fail("schedule_order", name=name, step=step)
            if not low <= value <= high:
                _fail("out_of_range", name=f"{name}[{step}]", value=value, low=low, high=high)
            last = step

    @property
    def cells(self) -> int:
        return self.width * self.height

    def replace(self, **changes: Any) -> EpsteinParams:
        """A copy with ``changes`` applied (and validated)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            _fail("unknown_param", names=", ".join(sorted(unknown)))
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (schedules as lists of pairs)."""
        out = dataclasses.asdict(self)
        out["legitimacy_schedule"] = [list(p) for p in self.legitimacy_schedule]
        out["cop_schedule"] = [list(p) for p in self.cop_schedule]
        return out


MESA = EpsteinParams()
"""Mesa 3.3 ``epstein_civil_violence``: 40×40 torus, von Neumann vision 7 without the own cell,
Python ``round``, decide then move, jailed stay and block, cop stays put, term U{0..Jmax}."""

NETLOGO = EpsteinParams(
    cop_density=0.04,
    legitimacy=0.82,
    max_jail_term=30,
    neighbourhood="disc",
    own_cell=True,
    rounding="floor",
    order="move_then_act",
    jail="leave",
    cop_to_arrestee=True,
    jail_term_inclusive=False,
    jail_countdown="end_of_step",
    placement="exact",
    cop_movement=True,
)
"""NetLogo *Rebellion* (Wilensky 2004): 40×40 torus, ``in-radius 7`` incl. own patch, floor,
move–decide–arrest, cop onto the arrestee, term ``random max-jail-term``, densities 0.7 / 0.04."""

PRESETS: dict[str, EpsteinParams] = {"mesa": MESA, "netlogo": NETLOGO}


def preset(name: str, **overrides: Any) -> EpsteinParams:
    """A preset (``mesa`` or ``netlogo``) with ``overrides`` applied."""
    if name not in PRESETS:
        _fail("unknown_choice", name="preset", value=name, choices=", ".join(PRESETS))
    return PRESETS[name].replace(**overrides) if overrides else PRESETS[name]


def legitimacy_drop(at: int, to: float) -> tuple[tuple[int, float], ...]:
    """Schedule: legitimacy falls to ``to`` in one step, at step ``at``."""
    return ((at, to),)


def legitimacy_ramp(
    start: int, frm: float, to: float, per_step: float = 0.01
) -> tuple[tuple[int, float], ...]:
    """Schedule: legitimacy moves from ``frm`` to ``to`` by ``per_step`` each step from ``start``
    (the first change lands at ``start``; the last step lands exactly on ``to``)."""
    n = max(1, math.ceil(round(abs(to - frm) / per_step, 9)))
    sign = -1.0 if to < frm else 1.0
    return tuple(
        (start + i, to if i == n - 1 else round(frm + sign * per_step * (i + 1), 12))
        for i in range(n)
    )


def cop_ramp(start: int, frm: int, to: int, every: int = 1) -> tuple[tuple[int, int], ...]:
    """Schedule: the number of cops moves from ``frm`` to ``to`` by one cop every ``every`` steps."""
    sign = -1 if to < frm else 1
    return tuple((start + i * every, frm + sign * (i + 1)) for i in range(abs(to - frm)))
