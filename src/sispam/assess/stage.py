"""Tahap penilaian (the assess stage): scenario + indicator set → :class:`Assessment`.

Gathers the inputs (settings, the set, the checked value table), runs the pure engine and dresses
its arrays as domain objects: scores, zones (pinned ones kept, with their reason), contributions,
what would move each village to another zone, and the weight-sensitivity table.
"""

from __future__ import annotations

import numpy as np

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
    table = value_table(scenario, iset, settings)
    return _score(scenario, iset, settings, table)


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
    villages = []
    for i, v in enumerate(vs):
        contributions = tuple(
            Contribution.model_construct(
                indicator=inds[j].id,
                name_id=inds[j].name_id,
                name_en=inds[j].name_en,
                value=table.shown[j][i],
                points=round(float(scores.points[i, j]), 4),
                imputed=bool(imputed[i, j]),
                estimated=bool(table.estimated[i, j]),
                dimension=inds[j].dimension,
                normalised=round(float(filled[i, j]), 4),
                weight=round(float(scores.share[i, j]), 6),
                derived=bool(table.derived[i, j]) and inds[j].column in COMPUTED,
            )
            for j in sorted(np.flatnonzero(used[i]), key=lambda j: -scores.points[i, j])
        )
        changes = []
        z = int(derived_idx[i])
        if z >= 0 and z + 1 < len(zone_ids) and not np.isnan(moves.gap_up[i]):
            changes.append(
                ZoneChange.model_construct(
                    direction="up",
                    zone=zone_ids[z + 1],
                    points=round(float(moves.gap_up[i]), 4),
                    levers=levers_up[i],
                )
            )
        if z > 0 and not np.isnan(moves.gap_down[i]):
            changes.append(
                ZoneChange.model_construct(
                    direction="down",
                    zone=zone_ids[z - 1],
                    points=-round(float(moves.gap_down[i]), 4),
                    levers=levers_down[i],
                )
            )
        score = None if np.isnan(scores.score[i]) else round(float(scores.score[i]), 4)
        villages.append(
            VillageRisk.model_construct(
                code=v.code,
                name=v.name,
                score=score,
                zone=zone_ids[int(final_idx[i])],
                derived_zone=zone_ids[z] if z >= 0 else None,
                pinned=v.pinned,
                pin_reason=v.pin_reason,
                contributions=contributions,
                missing=tuple(inds[j].id for j in np.flatnonzero(~present[i])),
                given_zone=v.zone,
                district_code=v.district_code,
                district_name=v.district_name,
                dimensions={
                    iset.dimensions[d].id: round(float(scores.dims[i, d]), 4)
                    for d in range(spec.n_dims)
                    if not np.isnan(scores.dims[i, d])
                },
                changes=tuple(changes),
                estimated=bool((table.estimated[i] & used[i]).any()),
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
            reached[rows, j] = np.where(direction == "up", 1.0, 0.0)
            for i, x in zip(rows, raw, strict=True):
                to_raw[j][i] = float(x)
            continue
        if ind.type == "category":
            names = list(ind.levels)
            lv_risk = np.array([1 - ind.levels[x] if flip else ind.levels[x] for x in names])
            for i, want in zip(rows, r, strict=True):
                ok = lv_risk >= want - 1e-9 if direction == "up" else lv_risk <= want + 1e-9
                if ok.any():
                    pick = np.flatnonzero(ok)
                    best = (
                        pick[np.argmin(lv_risk[pick])]
                        if direction == "up"
                        else pick[np.argmax(lv_risk[pick])]
                    )
                    to_raw[j][i] = names[best]
                    reached[i, j] = lv_risk[best]
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
    inds = iset.indicators
    out: list[tuple[Lever, ...]] = []
    for i in range(n):
        levers = []
        for j in order[i]:
            if np.isnan(delta[i, j]):
                break
            levers.append(
                Lever.model_construct(
                    indicator=inds[j].id,
                    name_id=inds[j].name_id,
                    name_en=inds[j].name_en,
                    from_value=table.shown[j][i],
                    to_value=to_raw[j][i],
                    points=round(
                        float(100 * scores.share[i, j] * (reached[i, j] - filled[i, j])), 4
                    ),
                )
            )
        out.append(tuple(levers))
    return out


__all__ = ["assess", "spec_of"]
