"""Tahap penilaian (the assess stage): scenario + indicator set → :class:`Assessment`.

Gathers the inputs (settings, the set, the checked value table), runs the pure engine and dresses
its arrays as domain objects: scores, zones (pinned ones kept, with their reason), contributions,
what would move each village to another zone, and the weight-sensitivity table.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import numpy as np
from pydantic import BaseModel

from sispam.assess import engine
from sispam.assess.given import given_zones
from sispam.assess.indicators import IndicatorSet
from sispam.assess.sets import load_indicator_set
from sispam.assess.settings import AssessSettings, apply_weights, read_settings
from sispam.assess.table import ValueTable, value_table
from sispam.domain import Assessment, IndicatorValue, Scenario, VillageRisk
from sispam.domain.assessment import (
    Contribution,
    DimensionUse,
    IndicatorUse,
    Lever,
    SensitivityRow,
    ZoneChange,
)

M = TypeVar("M", bound=BaseModel)
COMPUTED = ("voters_per_tps", "travel_min_polsek", "dist_capital_km")
MAX_LEVERS = 3


def assess(scenario: Scenario, indicator_set: IndicatorSet | None = None) -> Assessment:
    """Score, zone and explain every village of ``scenario``.

    With no ``indicator_set`` the scenario's own (``[scenario] indicator_set``: a shipped set's
    name or a set file) is used; a scenario that names none keeps the zones its villages.csv gives.
    """
    if indicator_set is None:
        if not scenario.indicator_set:
            return given_zones(scenario)
        indicator_set = load_indicator_set(scenario.indicator_set)
    settings = read_settings(scenario)
    iset = apply_weights(indicator_set, settings)
    with _no_cyclic_gc():
        table = value_table(scenario, iset, settings)
        return _score(scenario, iset, settings, table)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the explanation objects are built.

    They are acyclic, but at national scale (83k villages, ~1M objects) the collector's repeated
    passes over them took two thirds of the stage's time; reference counting still frees
    everything, and the previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(cls: type[M], **values: object) -> M:
    """``cls.model_construct`` without its per-call overhead (83k villages × ~15 contributions).

    Only for values that are complete and already valid — they come straight from the engine's
    arrays and the validated scenario; the JSON round-trip test guards the shape.
    """
    m = cls.__new__(cls)
    object.__setattr__(m, "__dict__", values)
    object.__setattr__(m, "__pydantic_fields_set__", set(values))
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


def spec_of(iset: IndicatorSet) -> engine.Spec:
    """The set as the engine's arrays."""
    dim_ids = [d.id for d in iset.dimensions]
    inds = iset.indicators
    gp = [i.goalposts or (np.nan, np.nan) for i in inds]
    return engine.Spec(
        scaling=np.array([engine.SCALINGS[i.scaling] for i in inds], dtype=np.int64),
        lo=np.array([g[0] for g in gp], dtype=float),
        hi=np.array([g[1] for g in gp], dtype=float),
        flip=np.array([i.direction == "lower_is_riskier" for i in inds]),
        weight=np.array([i.weight for i in inds], dtype=float),
        dim=np.array([dim_ids.index(i.dimension) for i in inds], dtype=np.int64),
        dim_weight=np.array([d.weight for d in iset.dimensions], dtype=float),
    )


def _score(
    scenario: Scenario, iset: IndicatorSet, settings: AssessSettings, table: ValueTable
) -> Assessment:
    spec = spec_of(iset)
    method = scenario.zones.method
    zone_ids = scenario.zones.ids()
    mins = np.array([z.min_score for z in scenario.zones.zones], dtype=float)
    risk, scale = engine.normalise(table.values, spec)
    present = ~np.isnan(risk)
    how = None if settings.missing == "exclude" else settings.impute_with
    filled, used, imputed = engine.fill_missing(risk, how)
    scores = engine.aggregate(filled, used, spec)
    derived_idx = engine.classify(scores.score, mins, method)
    thresholds = engine.score_thresholds(scores.score, derived_idx, mins, method)
    moves = engine.zone_moves(scores, filled, present, derived_idx, thresholds)

    vs = scenario.villages
    pinned = np.array([v.pinned for v in vs], dtype=bool)
    final_idx = derived_idx.copy()
    for i, v in enumerate(vs):
        if v.pinned and v.zone:
            final_idx[i] = zone_ids.index(v.zone)
        elif final_idx[i] < 0:  # nothing known: keep the given zone, else the lowest
            final_idx[i] = zone_ids.index(v.zone) if v.zone else 0
    fixed = pinned | (derived_idx < 0)
    down, up = engine.sensitivity(
        filled, used, spec, mins, method, derived_idx, fixed, settings.sensitivity_step
    )
    levers_up = _levers(iset, spec, scale, table, filled, moves.target_up, scores, "up")
    levers_down = _levers(iset, spec, scale, table, filled, moves.target_down, scores, "down")

    inds = iset.indicators
    k = len(inds)
    excluded = tuple(inds[j].id for j in range(k) if not present[:, j].any())
    # Per-village Python objects are the only non-vectorised part: prepare plain lists first.
    order = np.argsort(np.where(used, -scores.points, np.inf), axis=1, kind="stable").tolist()
    n_used = used.sum(axis=1).tolist()
    pts = np.round(scores.points, 4).tolist()
    nrm = np.round(filled, 4).tolist()
    shr = np.round(scores.share, 6).tolist()
    imp = imputed.tolist()
    est = table.estimated.tolist()
    computed = np.array([i.column in COMPUTED for i in inds])
    der = (table.derived & computed[None, :]).tolist()
    missing_rows = (~present).tolist()
    any_est = (table.estimated & used).any(axis=1).tolist()
    score_l = np.round(scores.score, 4).tolist()
    dims_l = np.round(scores.dims, 4).tolist()
    gap_up = np.round(moves.gap_up, 4).tolist()
    gap_down = np.round(moves.gap_down, 4).tolist()
    zone_l, final_l = derived_idx.tolist(), final_idx.tolist()
    dim_ids = [d.id for d in iset.dimensions]
    consts = [(i.id, i.name_id, i.name_en, i.dimension) for i in inds]
    villages = []
    interned: dict[tuple, Contribution] = {}
    for i, v in enumerate(vs):
        shown = [table.shown[j][i] for j in range(k)]
        row = []
        for j in order[i][: n_used[i]]:
            # Frozen objects can be shared: most villages repeat the same zero-point contributions
            # (binary "no"), so intern them instead of building 83k × k objects.
            key = (j, shown[j], pts[i][j], imp[i][j], est[i][j], nrm[i][j], shr[i][j], der[i][j])
            c = interned.get(key)
            if c is None:
                c = interned[key] = _build(
                    Contribution,
                    indicator=consts[j][0],
                    name_id=consts[j][1],
                    name_en=consts[j][2],
                    value=shown[j],
                    points=pts[i][j],
                    imputed=imp[i][j],
                    estimated=est[i][j],
                    dimension=consts[j][3],
                    normalised=nrm[i][j],
                    weight=shr[i][j],
                    derived=der[i][j],
                )
            row.append(c)
        contributions = tuple(row)
        changes = []
        z = zone_l[i]
        if z >= 0 and z + 1 < len(zone_ids) and gap_up[i] == gap_up[i]:  # not NaN
            changes.append(
                _build(
                    ZoneChange,
                    direction="up",
                    zone=zone_ids[z + 1],
                    points=gap_up[i],
                    levers=levers_up[i],
                )
            )
        if z > 0 and gap_down[i] == gap_down[i]:
            changes.append(
                _build(
                    ZoneChange,
                    direction="down",
                    zone=zone_ids[z - 1],
                    points=-gap_down[i],
                    levers=levers_down[i],
                )
            )
        villages.append(
            _build(
                VillageRisk,
                code=v.code,
                name=v.name,
                score=None if z < 0 else score_l[i],
                zone=zone_ids[final_l[i]],
                derived_zone=zone_ids[z] if z >= 0 else None,
                pinned=v.pinned,
                pin_reason=v.pin_reason,
                contributions=contributions,
                missing=tuple(consts[j][0] for j in range(k) if missing_rows[i][j]),
                given_zone=v.zone,
                district_code=v.district_code,
                district_name=v.district_name,
                dimensions={
                    dim_ids[d]: dims_l[i][d]
                    for d in range(spec.n_dims)
                    if dims_l[i][d] == dims_l[i][d]
                },
                changes=tuple(changes),
                estimated=any_est[i],
            )
        )
    shares = spec.nominal_shares()
    dim_total = sum(d.weight for d in iset.dimensions) or 1.0
    codes = np.array([v.code for v in vs])
    rows = []
    for tgt in range(k + spec.n_dims):
        if tgt < k:
            ind = inds[tgt]
            head = ("indicator", ind.id, ind.name_id, ind.name_en, float(shares[tgt]))
        else:
            dim = iset.dimensions[tgt - k]
            head = ("dimension", dim.id, dim.name_id, dim.name_en, dim.weight / dim_total)
        rows.append(
            SensitivityRow(
                kind=head[0],  # type: ignore[arg-type]
                target=head[1],
                name_id=head[2],
                name_en=head[3],
                weight=round(head[4], 6),
                changed_down=int(down[tgt].sum()),
                changed_up=int(up[tgt].sum()),
                villages_down=tuple(codes[down[tgt]].tolist()),
                villages_up=tuple(codes[up[tgt]].tolist()),
            )
        )
    return Assessment(
        scenario=scenario.name,
        method="indicators",
        indicator_set=iset.id,
        indicator_set_name_id=iset.name_id,
        indicator_set_name_en=iset.name_en,
        villages=tuple(villages),
        zone_method=method,
        thresholds={
            zone_ids[z]: round(float(thresholds[z]), 4)
            for z in range(len(zone_ids))
            if not np.isnan(thresholds[z])
        },
        missing_policy=settings.missing,
        impute_with=settings.impute_with if settings.missing == "impute" else None,
        dimensions=tuple(
            DimensionUse(
                id=d.id, name_id=d.name_id, name_en=d.name_en, weight=round(d.weight / dim_total, 6)
            )
            for d in iset.dimensions
        ),
        indicators=tuple(
            IndicatorUse(
                id=ind.id,
                name_id=ind.name_id,
                name_en=ind.name_en,
                dimension=ind.dimension,
                type=ind.type,
                direction=ind.direction,
                normalisation=ind.scaling,
                weight=round(float(shares[j]), 6),
                source=ind.column,
                derived=ind.column in COMPUTED,
                present=int(present[:, j].sum()),
                imputed=int(imputed[:, j].sum()),
                estimated=int((table.estimated[:, j] & used[:, j]).sum()),
            )
            for j, ind in enumerate(inds)
        ),
        excluded=excluded,
        sensitivity_step=settings.sensitivity_step,
        sensitivity=tuple(rows),
    )


def _levers(
    iset: IndicatorSet,
    spec: engine.Spec,
    scale: engine.Scale,
    table: ValueTable,
    filled: np.ndarray,
    target: np.ndarray,
    scores: engine.Scores,
    direction: str,
) -> list[tuple[Lever, ...]]:
    """Per village, up to three single-indicator changes that cross the boundary, smallest first."""
    n, k = filled.shape
    to_raw: list[list[IndicatorValue]] = [[None] * n for _ in range(k)]
    reached = np.full((n, k), np.nan)  # the risk the shown raw value actually gives
    for j, ind in enumerate(iset.indicators):
        rows = np.flatnonzero(~np.isnan(target[:, j]))
        if not rows.size:
            continue
        r = target[rows, j]
        flip = bool(spec.flip[j])
        if ind.type == "binary":
            raw = np.full(rows.size, 1.0 if (direction == "up") != flip else 0.0)
            reached[rows, j] = 1.0 if direction == "up" else 0.0
            for i, x in zip(rows.tolist(), raw.tolist(), strict=True):
                to_raw[j][i] = x
            continue
        if ind.type == "category":
            # up: the least risky level at or above the target; down: the riskiest at or below
            names = list(ind.levels)
            lv_risk = np.array([1 - ind.levels[x] if flip else ind.levels[x] for x in names])
            srt = np.argsort(lv_risk, kind="stable")
            rs = lv_risk[srt]
            if direction == "up":
                pos = np.searchsorted(rs, r - 1e-9, "left")
                ok = pos < rs.size
            else:
                pos = np.searchsorted(rs, r + 1e-9, "right") - 1
                ok = pos >= 0
            pick = srt[np.clip(pos, 0, rs.size - 1)]
            reached[rows[ok], j] = lv_risk[pick[ok]]
            for i, p in zip(rows[ok].tolist(), pick[ok].tolist(), strict=True):
                to_raw[j][i] = names[p]
            continue
        u = 1.0 - r if flip else r  # position on the raw scale, 0 = lo, 1 = hi
        if spec.scaling[j] == engine.RANK:
            observed = table.values[:, j][~np.isnan(table.values[:, j])]
            raw = np.quantile(
                observed,
                np.clip(u, 0, 1),
                method="higher" if (direction == "up") != flip else "lower",
            )
            got = r
        else:
            lo, hi = scale.lo[j], scale.hi[j]
            raw = lo + u * (hi - lo)
            if ind.type == "count":  # whole numbers, rounded so the boundary is still crossed
                raw = np.ceil(raw - 1e-9) if (direction == "up") != flip else np.floor(raw + 1e-9)
            pos = np.clip((raw - lo) / (hi - lo), 0, 1) if hi > lo else np.zeros_like(raw)
            got = 1.0 - pos if flip else pos
        reached[rows, j] = got
        for i, x in zip(rows, raw, strict=True):
            to_raw[j][i] = round(float(x), 2)
    delta = np.abs(reached - filled)
    order = np.argsort(np.where(np.isnan(delta), np.inf, delta), axis=1)[:, :MAX_LEVERS]
    n_ok = np.minimum((~np.isnan(delta)).sum(axis=1), MAX_LEVERS).tolist()
    gain = np.round(100 * scores.share * (reached - filled), 4).tolist()
    order_l = order.tolist()
    consts = [(i.id, i.name_id, i.name_en) for i in iset.indicators]
    out: list[tuple[Lever, ...]] = []
    interned: dict[tuple, Lever] = {}  # e.g. "close contest 0 → 1" repeats across villages
    for i in range(n):
        row = []
        for j in order_l[i][: n_ok[i]]:
            key = (j, table.shown[j][i], to_raw[j][i], gain[i][j])
            lever = interned.get(key)
            if lever is None:
                lever = interned[key] = _build(
                    Lever,
                    indicator=consts[j][0],
                    name_id=consts[j][1],
                    name_en=consts[j][2],
                    from_value=key[1],
                    to_value=key[2],
                    points=key[3],
                )
            row.append(lever)
        out.append(tuple(row))
    return out


__all__ = ["assess", "spec_of"]
