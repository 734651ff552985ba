"""Model I as a Python object around the compiled kernels, and :func:`simulate`.

``simulate(params, steps, seed)`` is the whole API most callers need: it returns an
:class:`EpsteinRun` with the per-step counts of quiet, active and jailed citizens. The stateful
:class:`EpsteinModel` is there for hand-made grids (tests, teaching) and step-by-step use.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from sispam.i18n import t
from sispam.sim.epstein import kernel as K
from sispam.sim.epstein import pcg
from sispam.sim.epstein.params import EpsteinParamError, EpsteinParams
from sispam.sim.epstein.rules import ROUNDING_CODE, neighbourhood_offsets, row_spans, torus_offsets

Seed = int | np.random.SeedSequence
IDX = np.int32  # cell and agent indices: half the memory traffic of int64 on big grids


def _round_half_up(x: float) -> int:
    """NetLogo's ``round``: halves go up."""
    return math.floor(x + 0.5)


def _seed_sequence(seed: Seed) -> np.random.SeedSequence:
    return seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)


@dataclass(frozen=True, slots=True)
class EpsteinRun:
    """Hasil (result) of one run.

    ``counts[t] = [quiet, active, jailed]`` after step ``t + 1``; ``initial`` the same before
    step 1; ``arrests[t]`` arrests made during step ``t + 1``; ``legitimacy[t]`` and ``cops[t]``
    the values in force during it; ``snapshots`` maps a step number (0 = initial) to the grid
    coded 0 empty, 1 quiet, 2 active, 3 jailed, 4 cop.
    """

    params: EpsteinParams
    seed: int | None
    initial: tuple[int, int, int]
    counts: np.ndarray
    arrests: np.ndarray
    legitimacy: np.ndarray
    cops: np.ndarray
    snapshots: dict[int, np.ndarray]

    @property
    def population(self) -> int:
        return sum(self.initial)

    def to_json(self) -> dict:
        """``{"params": ..., "seed": ..., "initial": [...], "counts": [[q, a, j], ...]}``."""
        return {
            "params": self.params.to_dict(),
            "seed": self.seed,
            "initial": list(self.initial),
            "counts": self.counts.tolist(),
        }


class EpsteinModel:
    """A running model I (one grid, one random stream).

    Build it from parameters and a seed (random placement as the preset says), or with
    :meth:`from_layout` from explicit positions. ``advance(n)`` runs ``n`` steps, applying the
    parameters' schedules; results accumulate and :meth:`result` freezes them.
    """

    def __init__(self, params: EpsteinParams, seed: Seed = 0, *, _layout: tuple | None = None):
        self.params = params
        ss = _seed_sequence(seed)
        self._seed = seed if isinstance(seed, int) else None
        init_ss, run_ss = ss.spawn(2)
        self.rng = np.random.default_rng(run_ss)
        w, h = params.width, params.height
        self.cfg = np.array(
            [
                K.MOVE_THEN_ACT if params.order == "move_then_act" else K.DECIDE_THEN_MOVE,
                int(params.jail == "leave"),
                int(params.cop_to_arrestee),
                params.max_jail_term + 1 if params.jail_term_inclusive else params.max_jail_term,
                K.COUNT_END_OF_STEP
                if params.jail_countdown == "end_of_step"
                else K.COUNT_ON_ACTIVATION,
                ROUNDING_CODE[params.rounding],
                int(params.citizen_movement),
                int(params.cop_movement),
            ],
            dtype=np.int64,
        )
        self.fcfg = np.array([params.legitimacy, params.threshold, params.k], dtype=np.float64)
        cit_offs = self._offsets(params.citizen_vision)
        cop_offs = self._offsets(params.cop_vision)
        r = int(max(np.abs(cit_offs).max(initial=0), np.abs(cop_offs).max(initial=0)))
        rc = int(np.abs(cit_offs).max(initial=0))  # half-width of a citizen's view
        pw, ph = w + 2 * r, h + 2 * r
        b = max(rc, 1)  # blocks at least as wide as rc: 3×3 of them cover any view
        nbx, nby = pw // b + 3, ph // b + 3
        self.geo = np.array([w, h, r, pw, ph, b, nbx], np.int64)
        ys, xs = np.divmod(np.arange(w * h, dtype=np.int64), w)
        self.pidx = ((ys + r) * pw + (xs + r)).astype(IDX)
        self.blk0 = (((ys + r - rc) // b) * nbx + (xs + r - rc) // b).astype(IDX)
        self.blk_shape = (nby, nbx)
        pys, pxs = np.divmod(np.arange(pw * ph, dtype=np.int64), pw)
        self.cell_of = (((pys - r) % h) * w + (pxs - r) % w).astype(IDX)
        self.cit_spans, self.cit_moves = self._padded(cit_offs, pw)
        self.cop_spans, self.cop_moves = self._padded(cop_offs, pw)

        if _layout is None:
            cit_cells, cop_cells, hard, risk = self._place(np.random.default_rng(init_ss))
            states = np.zeros(len(cit_cells), np.int8)
            terms = np.zeros(len(cit_cells), np.int64)
        else:
            cit_cells, cop_cells, hard, risk, states, terms = _layout
        cop_cap = max([len(cop_cells), *(n for _, n in params.cop_schedule)])
        self._init_arrays(cit_cells, cop_cells, hard, risk, states, terms, cop_cap)
        self.step_no = 0
        self._legit_at = dict(params.legitimacy_schedule)
        self._cops_at = dict(params.cop_schedule)
        self._rows: list[np.ndarray] = []
        self._arrests: list[np.ndarray] = []
        self._legit: list[np.ndarray] = []
        self._ncops: list[np.ndarray] = []
        self.snapshots: dict[int, np.ndarray] = {}
        self.initial = (int(self.tot[0]), int(self.tot[1]), int(self.tot[2]))
        self._stamp = 0

    # --- construction -------------------------------------------------------------------

    def _offsets(self, vision: float) -> np.ndarray:
        p = self.params
        offs = neighbourhood_offsets(p.neighbourhood, vision, p.own_cell)
        return torus_offsets(offs, p.height, p.width, p.own_cell)

    @staticmethod
    def _padded(offs: np.ndarray, pw: int) -> tuple[np.ndarray, np.ndarray]:
        """Runs ``(delta, length)`` and single-cell deltas on the padded grid."""
        runs = row_spans(offs)
        spans = (
            np.stack([runs[:, 0] * pw + runs[:, 1], runs[:, 2]], axis=1)
            if len(runs)
            else np.empty((0, 2), np.int64)
        )
        return np.ascontiguousarray(spans, np.int64), offs[:, 0] * pw + offs[:, 1]

    def _place(self, rng: np.random.Generator):
        p = self.params
        if p.placement == "bernoulli":  # Mesa: each cell citizen / cop / empty independently
            u = rng.random(p.cells)
            cit_cells = np.flatnonzero(u < p.citizen_density)
            cop_cells = np.flatnonzero(
                (u >= p.citizen_density) & (u < p.citizen_density + p.cop_density)
            )
        else:  # NetLogo: round(density × cells) of each, on distinct random cells
            n_cop = _round_half_up(p.cop_density * p.cells)
            n_cit = min(_round_half_up(p.citizen_density * p.cells), p.cells - n_cop)
            perm = rng.permutation(p.cells)
            cop_cells, cit_cells = perm[:n_cop], perm[n_cop : n_cop + n_cit]
        hard = rng.random(len(cit_cells))
        risk = rng.random(len(cit_cells))
        return cit_cells.astype(np.int64), cop_cells.astype(np.int64), hard, risk

    def _init_arrays(self, cit_cells, cop_cells, hard, risk, states, terms, cop_cap: int) -> None:
        cells = self.params.cells
        nc = len(cit_cells)
        field = np.zeros(cells, np.int64)
        self.occ = np.zeros(cells, IDX)
        self.head = np.full(cells, -1, IDX)
        self.cpos = np.asarray(cit_cells, IDX).copy()
        self.hard = np.asarray(hard, np.float64).copy()
        self.risk = np.asarray(risk, np.float64).copy()
        self.state = np.asarray(states, np.int8).copy()
        self.jail = np.asarray(terms, IDX).copy()
        self.nxt = np.full(nc, -1, IDX)
        self.kpos = np.full(cop_cap, -1, IDX)
        self.kpos[: len(cop_cells)] = cop_cells
        self.claimed = np.full(cells, -1, np.int64)
        for i, c in enumerate(self.cpos):
            if self.state[i] == K.JAILED and self.params.jail == "leave":
                continue  # off the grid until released
            self.occ[c] += 1
            self.nxt[i] = self.head[c]
            self.head[c] = i
            if self.state[i] == K.ACTIVE:
                field[c] += K.ACT_UNIT
        for c in cop_cells:
            self.occ[c] += 1
            field[c] += 1
        self.fpad = field[self.cell_of]  # the padded copy, halo included
        b, nbx = int(self.geo[K.G_B]), int(self.geo[K.G_NBX])
        pys, pxs = np.divmod(np.arange(len(self.fpad), dtype=np.int64), int(self.geo[K.G_PW]))
        self.blk = np.zeros(self.blk_shape[0] * nbx, IDX)
        np.add.at(self.blk, (pys // b) * nbx + pxs // b, self.fpad >> 32)
        # Work arrays, so that the kernels never allocate.
        self.order = np.empty(nc + cop_cap, IDX)
        self.target = np.empty(nc + cop_cap, IDX)
        self.new = np.empty(nc, np.int8)
        self.victim = np.empty(cop_cap, np.int64)
        self.skip = np.zeros(cop_cap, np.bool_)
        self.mstar = np.empty(nc, np.int64)
        self._thresholds()

    def _thresholds(self) -> None:
        K.cop_thresholds(self.cfg, self.fcfg, self.hard, self.risk, len(self.kpos), self.mstar)
        self.tot = np.array(
            [np.sum(self.state == s) for s in (K.QUIET, K.ACTIVE, K.JAILED)], np.int64
        )

    @classmethod
    def from_layout(
        cls,
        params: EpsteinParams,
        citizens: Iterable[tuple],
        cops: Iterable[tuple[int, int]],
        seed: Seed = 0,
    ) -> EpsteinModel:
        """A model on a hand-made grid (densities in ``params`` are ignored).

        ``citizens``: tuples ``(x, y, hardship, risk_aversion[, state[, jail_term]])`` with state
        ``"quiet"`` (default), ``"active"`` or ``"jailed"``; ``cops``: ``(x, y)``.
        """
        codes = {"quiet": K.QUIET, "active": K.ACTIVE, "jailed": K.JAILED}
        w = params.width
        cit = list(citizens)
        cells = np.array([y * w + x for x, y, *_ in cit], np.int64)
        hard = [c[2] for c in cit]
        risk = [c[3] for c in cit]
        states = [codes[c[4]] if len(c) > 4 else K.QUIET for c in cit]
        terms = [c[5] if len(c) > 5 else 0 for c in cit]
        cop_cells = np.array([y * w + x for x, y in cops], np.int64)
        return cls(params, seed, _layout=(cells, cop_cells, hard, risk, states, terms))

    # --- running ------------------------------------------------------------------------

    @property
    def n_cops(self) -> int:
        return int(np.sum(self.kpos >= 0))

    def _apply_schedules(self) -> None:
        s = self.step_no + 1
        if s in self._legit_at:
            self.fcfg[K.F_L] = self._legit_at[s]
            self._thresholds()
        if s in self._cops_at:
            rs = pcg.state_of(self.rng)
            live = np.empty(len(self.kpos), np.int64)
            empties = np.empty(self.params.cells, np.int64)
            K.set_cop_count(
                self._cops_at[s], self.kpos, self.fpad, self.geo, self.occ, rs, live, empties
            )
            pcg.store_state(self.rng, rs)

    def _next_event(self, end: int, snapshot_every: int | None) -> int:
        """The last step (inclusive) that can run in one kernel call from here."""
        nxt = end
        for s in (*self._legit_at, *self._cops_at):
            if self.step_no + 1 < s <= nxt:
                nxt = s - 1
        if snapshot_every:
            nxt = min(nxt, (self.step_no // snapshot_every + 1) * snapshot_every)
        return nxt

    def advance(self, steps: int, snapshot_every: int | None = None) -> None:
        """Run ``steps`` more steps. ``snapshot_every=n`` keeps the grid every n-th step."""
        if snapshot_every and self.step_no == 0 and 0 not in self.snapshots:
            self.snapshots[0] = self.grid()
        end = self.step_no + steps
        while self.step_no < end:
            self._apply_schedules()
            last = self._next_event(end, snapshot_every)
            n = last - self.step_no
            counts = np.empty((n, 3), np.int64)
            arrests = np.empty(n, np.int64)
            rs = pcg.state_of(self.rng)
            grid = K.Grid(
                self.geo, self.pidx, self.cell_of, self.fpad, self.occ, self.head, self.blk,
                self.blk0,
            )  # fmt: skip
            agents = K.Agents(
                self.cpos, self.hard, self.risk, self.state, self.jail, self.nxt, self.mstar,
                self.kpos,
            )  # fmt: skip
            hood = K.Hood(self.cit_spans, self.cit_moves, self.cop_spans, self.cop_moves)
            work = K.Work(self.tot, rs, self.order, counts, arrests)
            if self.params.activation == "synchronous":
                sync = K.SyncWork(self.claimed, self.new, self.victim, self.skip, self.target)
                K.run_synchronous(
                    n, self.cfg, self.fcfg, grid, agents, hood, work, sync, self._stamp
                )
                self._stamp += 2 * n
            else:
                K.run_sequential(n, self.cfg, self.fcfg, grid, agents, hood, work)
            pcg.store_state(self.rng, rs)
            self._rows.append(counts)
            self._arrests.append(arrests)
            self._legit.append(np.full(n, self.fcfg[K.F_L]))
            self._ncops.append(np.full(n, self.n_cops, np.int64))
            self.step_no = last
            if snapshot_every and self.step_no % snapshot_every == 0:
                self.snapshots[self.step_no] = self.grid()

    def grid(self) -> np.ndarray:
        """The grid now, ``(height, width)`` int8 codes (see :class:`EpsteinRun`)."""
        out = np.zeros(self.params.cells, np.int8)
        K.snapshot(out, self.cpos, self.state, self.kpos, bool(self.cfg[K.C_LEAVE]))
        return out.reshape(self.params.height, self.params.width)

    def counts(self) -> tuple[int, int, int]:
        """``(quiet, active, jailed)`` now."""
        return int(self.tot[0]), int(self.tot[1]), int(self.tot[2])

    def citizen_states(self) -> np.ndarray:
        """Per citizen: 0 quiet, 1 active, 2 jailed."""
        return self.state.copy()

    def result(self) -> EpsteinRun:
        def cat(parts: Sequence[np.ndarray], shape: tuple, dtype) -> np.ndarray:
            arr = np.concatenate(parts) if parts else np.empty(shape, dtype)
            arr.setflags(write=False)
            return arr

        return EpsteinRun(
            params=self.params,
            seed=self._seed,
            initial=self.initial,
            counts=cat(self._rows, (0, 3), np.int64),
            arrests=cat(self._arrests, (0,), np.int64),
            legitimacy=cat(self._legit, (0,), np.float64),
            cops=cat(self._ncops, (0,), np.int64),
            snapshots=dict(self.snapshots),
        )


def simulate(
    params: EpsteinParams, steps: int, seed: Seed = 0, *, snapshot_every: int | None = None
) -> EpsteinRun:
    """Run model I for ``steps`` steps from a random start; the result depends on ``seed`` alone."""
    if steps < 0:
        raise EpsteinParamError(t("epstein.steps_negative", steps=steps))
    model = EpsteinModel(params, seed)
    model.advance(steps, snapshot_every=snapshot_every)
    return model.result()
