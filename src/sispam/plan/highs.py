"""A thin layer over HiGHS (highspy): models as numpy arrays in, solution and status out.

Kept apart so the allocation and the covering models share one way of passing a model, of
reporting status, bound and gap, and of keeping HiGHS quiet: the library prints a banner on its
first construction in a process, straight to the C-level stdout, which would corrupt
``sispam plan --json``; :func:`new_highs` discards that one banner.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from dataclasses import dataclass

import highspy
import numpy as np

log = logging.getLogger("sispam.plan.highs")

# HiGHS variable types (HighsVarType values).
CONTINUOUS, INTEGER, SEMI_CONTINUOUS, SEMI_INTEGER = 0, 1, 2, 3
INF = highspy.kHighsInf

_VAR_TYPES = [highspy.HighsVarType(i) for i in range(4)]
_banner_lock = threading.Lock()
_banner_done = False


def new_highs(time_limit_s: float | None = None, mip_rel_gap: float | None = None) -> highspy.Highs:
    """A silent, single-threaded (hence deterministic) HiGHS instance."""
    global _banner_done
    with _banner_lock:
        if _banner_done:
            h = highspy.Highs()
        else:
            sys.stdout.flush()
            saved = os.dup(1)
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.close(devnull)
                h = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
            _banner_done = True
    # highspy's Python callback plumbing costs milliseconds per run; we use no callbacks.
    h.disableCallbacks()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    # Symmetry detection cost seconds on the allocation models (many alike Linmas/Polsek
    # columns) and never paid back in our trials.
    h.setOptionValue("mip_detect_symmetry", False)
    if time_limit_s is not None:
        h.setOptionValue("time_limit", float(max(time_limit_s, 0.01)))
    if mip_rel_gap is not None:
        h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    return h


@dataclass
class LinearModel:
    """min c·x subject to row_lo ≤ A x ≤ row_hi, lb ≤ x ≤ ub; A given as COO triplets."""

    cost: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    rows: np.ndarray  # COO row index per nonzero
    cols: np.ndarray  # COO column index per nonzero
    vals: np.ndarray
    row_lo: np.ndarray
    row_hi: np.ndarray
    integrality: np.ndarray | None = None  # per column, HiGHS var type; None = all continuous
    maximise: bool = False

    @property
    def n_cols(self) -> int:
        return int(self.cost.size)

    @property
    def n_rows(self) -> int:
        return int(self.row_lo.size)

    def add_rows(self, cols: list[np.ndarray], vals: list[np.ndarray], lo, hi) -> None:  # type: ignore[no-untyped-def]
        """Append rows given as (column indices, coefficients) lists."""
        start = self.n_rows
        idx = [np.full(c.size, start + i, dtype=np.int64) for i, c in enumerate(cols)]
        self.rows = np.concatenate([self.rows, *idx])
        self.cols = np.concatenate([self.cols, *cols])
        self.vals = np.concatenate([self.vals, *vals])
        self.row_lo = np.concatenate([self.row_lo, np.asarray(lo, float)])
        self.row_hi = np.concatenate([self.row_hi, np.asarray(hi, float)])


@dataclass(frozen=True)
class Result:
    x: np.ndarray | None
    status: str  # optimal | time_limit | infeasible | ...
    objective: float | None
    bound: float | None
    gap: float | None
    time_s: float
    duals: np.ndarray | None = None


_STATUS = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kTimeLimit: "time_limit",
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kUnbounded: "unbounded",
    highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasible",
    highspy.HighsModelStatus.kModelEmpty: "optimal",
    highspy.HighsModelStatus.kIterationLimit: "iteration_limit",
    highspy.HighsModelStatus.kSolutionLimit: "solution_limit",
    highspy.HighsModelStatus.kInterrupt: "interrupted",
}


def to_lp(model: LinearModel, relax: bool = False) -> highspy.HighsLp:
    order = np.lexsort((model.rows, model.cols))
    cols = model.cols[order]
    lp = highspy.HighsLp()
    lp.num_col_ = model.n_cols
    lp.num_row_ = model.n_rows
    lp.col_cost_ = np.asarray(model.cost, float)
    lower = np.asarray(model.lb, float)
    if relax and model.integrality is not None:
        # A semi-variable's relaxation is [0, ub]: its lower bound only applies when non-zero.
        semi = (model.integrality == SEMI_CONTINUOUS) | (model.integrality == SEMI_INTEGER)
        lower = np.where(semi, 0.0, lower)
    lp.col_lower_ = lower
    lp.col_upper_ = np.asarray(model.ub, float)
    lp.row_lower_ = np.asarray(model.row_lo, float)
    lp.row_upper_ = np.asarray(model.row_hi, float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = model.n_cols
    lp.a_matrix_.num_row_ = model.n_rows
    start = np.zeros(model.n_cols + 1, dtype=np.int32)
    np.cumsum(np.bincount(cols, minlength=model.n_cols), out=start[1:])
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = model.rows[order].astype(np.int32)
    lp.a_matrix_.value_ = np.asarray(model.vals, float)[order]
    if model.maximise:
        lp.sense_ = highspy.ObjSense.kMaximize
    if model.integrality is not None and not relax and np.any(model.integrality != CONTINUOUS):
        lp.integrality_ = [_VAR_TYPES[v] for v in model.integrality.tolist()]
    return lp


def solve(
    model: LinearModel,
    time_limit_s: float | None = None,
    mip_rel_gap: float | None = None,
    start: np.ndarray | None = None,
    relax: bool = False,
) -> Result:
    """Solve (or, with ``relax``, solve the LP relaxation of) ``model``."""
    t0 = time.perf_counter()
    h = new_highs(time_limit_s, mip_rel_gap)
    h.passModel(to_lp(model, relax=relax))
    is_mip = (
        not relax
        and model.integrality is not None
        and bool(np.any(model.integrality != CONTINUOUS))
    )
    if start is not None and is_mip:
        sol = highspy.HighsSolution()
        sol.col_value = np.asarray(start, float)
        sol.value_valid = True
        h.setSolution(sol)
    h.run()
    status = _STATUS.get(h.getModelStatus(), str(h.getModelStatus()))
    info = h.getInfo()
    sol = h.getSolution()
    has_x = info.primal_solution_status == 2 or (
        is_mip and info.mip_node_count >= 0 and sol.value_valid
    )
    x = np.asarray(sol.col_value, float) if has_x and model.n_cols else None
    if x is not None and x.size != model.n_cols:
        x = None
    objective = float(info.objective_function_value) if x is not None else None
    if start is not None and is_mip and x is not None and not _agrees(model, x, objective):
        # HiGHS 1.16 can hand back the given start as its solution while reporting the better
        # objective it found (seen when presolve solved the model outright): a plan would keep
        # the start yet be called optimal. Solved again without the start, it returns both.
        log.info("HiGHS returned its start with another objective; solving without it")
        left = None if time_limit_s is None else max(time_limit_s - (time.perf_counter() - t0), 1)
        return solve(model, left, mip_rel_gap, None, relax)
    if is_mip:
        bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else None
        gap = float(info.mip_gap) if x is not None and np.isfinite(info.mip_gap) else None
    else:
        bound = objective if status == "optimal" else None
        gap = 0.0 if status == "optimal" else None
    duals = None
    if not is_mip and status == "optimal" and model.n_rows:
        duals = np.asarray(sol.row_dual, float)
    return Result(
        x=x,
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        time_s=time.perf_counter() - t0,
        duals=duals,
    )


def _agrees(model: LinearModel, x: np.ndarray, objective: float | None) -> bool:
    """Whether ``x`` has the objective HiGHS reported for it."""
    if objective is None:
        return True
    value = float(np.dot(np.asarray(model.cost, float), x))
    return abs(value - objective) <= 1e-6 * max(1.0, abs(objective))


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """HiGHS' convention: |objective − bound| / max(|objective|, 1e-9); 0 when both are 0."""
    if objective is None or bound is None:
        return None
    diff = abs(objective - bound)
    if diff <= 1e-9:
        return 0.0
    return diff / max(abs(objective), 1e-9)


class Session:
    """One HiGHS LP kept alive so that bound and cost changes re-solve warm (dual simplex from
    the previous basis): the diving heuristic and the second stage cost milliseconds."""

    def __init__(self, model: LinearModel, time_limit_s: float | None = None) -> None:
        self.model = model
        self.h = new_highs(time_limit_s)
        # Presolve would be redone on every warm re-solve; on these models it also costs the
        # first solve more than it saves.
        self.h.setOptionValue("presolve", "off")
        self.h.passModel(to_lp(model, relax=True))
        semi = (
            np.zeros(model.n_cols, bool)
            if model.integrality is None
            else (model.integrality == SEMI_CONTINUOUS) | (model.integrality == SEMI_INTEGER)
        )
        self.lb = np.where(semi, 0.0, np.asarray(model.lb, float))
        self.ub = np.asarray(model.ub, float).copy()

    def run(self) -> tuple[str, np.ndarray | None, float | None]:
        self.h.run()
        status = _STATUS.get(self.h.getModelStatus(), str(self.h.getModelStatus()))
        if status != "optimal":
            return status, None, None
        x = np.asarray(self.h.getSolution().col_value, float)
        return status, x, float(self.h.getInfo().objective_function_value)

    def objective(self) -> float:
        return float(self.h.getInfo().objective_function_value)

    def set_bounds(self, idx: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        idx = np.asarray(idx, np.int32)
        if idx.size:
            self.h.changeColsBounds(
                int(idx.size), idx, np.asarray(lo, float), np.asarray(hi, float)
            )

    def reset_bounds(self, idx: np.ndarray) -> None:
        self.set_bounds(idx, self.lb[idx], self.ub[idx])

    def set_cost(self, cost: np.ndarray) -> None:
        idx = np.arange(cost.size, dtype=np.int32)
        self.h.changeColsCost(int(cost.size), idx, np.asarray(cost, float))

    def add_row(self, idx: np.ndarray, vals: np.ndarray, lo: float, hi: float) -> None:
        idx = np.asarray(idx, np.int32)
        self.h.addRow(float(lo), float(hi), int(idx.size), idx, np.asarray(vals, float))
