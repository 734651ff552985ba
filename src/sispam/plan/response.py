"""Janji waktu tiba (the response the plan can promise): per village and reserve role, the
minutes from the order to move until the first element of that role standing by in a phase
arrives from its staging post — the travel model the coverage, the documents and the
contingency simulation share — and the coverage that follows from it.

Only elements the allocation actually staffed count: a staging post without its Dalmas platoon
reaches nobody (an empty post does not "cover" anything). The coverage is the risk-weighted share
of villages the first responder (Dalmas awal, :data:`sispam.domain.doctrine.LEVEL_RESPONDER` at
hijau) reaches within ``[plan.reserve] response_min`` in the key phase; ``backup`` the share that
two such elements reach. In a scenario of several regencies an element serves its own regency.
Ties go to the lower unit name: the same answer every time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sispam.domain import PhaseKind, ReserveAssignment, ReserveRole, ResponsePromise
from sispam.domain.doctrine import LEVEL_RESPONDER
from sispam.domain.enums import SituationLevel
from sispam.plan.construct import construct
from sispam.plan.travel import nearest

FIRST_RESPONDER = LEVEL_RESPONDER[SituationLevel.HIJAU].value


@dataclass(frozen=True)
class Coverage:
    """Per village: the first responder's promised minutes (key phase), its post, whether it
    is within the response time (once, twice), every role's promise; and the shares."""

    response: np.ndarray  # minutes (inf: none)
    site_id: list[str | None]
    covered: np.ndarray
    backup_covered: np.ndarray
    promise: list[dict[str, float]]
    coverage: float | None
    backup: float | None


def _role_order(role: str) -> tuple[int, str]:
    roles = [r.value for r in ReserveRole]
    return (roles.index(role) if role in roles else len(roles), role)


NEAREST_K = 8  # candidates per village in one search; another regency's elements may be nearer


def _search(ctx, reserves, els, vs, max_min, k):  # type: ignore[no-untyped-def]
    vi, ei, mi = nearest(
        ctx.travel,
        ctx.lat[vs],
        ctx.lng[vs],
        ctx.areas[vs],
        np.array([reserves[i].lat for i in els]),
        np.array([reserves[i].lng for i in els]),
        max_min,
        k,
    )
    return vs[vi], np.asarray(els, np.int64)[ei], mi


def _reach(
    ctx,  # type: ignore[no-untyped-def]
    reserves: tuple[ReserveAssignment, ...],
    members: list[int],
    element_group: np.ndarray,
    max_min: float,
    k: int | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(village, element, minutes) within ``max_min``, nearest ``k`` per village, each village
    only from elements of its own regency; ``members`` in tie-break order. One search over every
    village; only villages whose nearest candidates all belong to other regencies are searched
    again within their own."""
    n_v = len(ctx.zones)
    if not members or not n_v:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    everyone = np.arange(n_v)
    if len(ctx.group_codes) == 1:
        return _search(ctx, reserves, members, everyone, max_min, k)
    wide = None if k is None else min(len(members), max(NEAREST_K, k))
    vi, ei, mi = _search(ctx, reserves, members, everyone, max_min, wide)
    mine = element_group[ei] == ctx.group[vi]
    vi, ei, mi = vi[mine], ei[mine], mi[mine]
    if k is not None:  # keep the first k per village (sorted by village, minutes, element)
        start = np.searchsorted(vi, vi, side="left")
        keep = (np.arange(vi.size) - start) < k
        vi, ei, mi = vi[keep], ei[keep], mi[keep]
        # villages with a candidate in reach but none of their own regency among the nearest:
        # search again within their own regency only
        found = np.zeros(n_v, bool)
        found[vi] = True
        reachable = np.zeros(n_v, bool)
        reachable[_search(ctx, reserves, members, everyone, max_min, 1)[0]] = True
        again = np.flatnonzero(reachable & ~found)
        parts = [(vi, ei, mi)]
        for g in np.unique(ctx.group[again]).tolist():
            vs = again[ctx.group[again] == g]
            els = [i for i in members if element_group[i] == g]
            if els:
                parts.append(_search(ctx, reserves, els, vs, max_min, k))
        vi, ei, mi = (np.concatenate(x) for x in zip(*parts, strict=True))
        rank = np.zeros(len(reserves), np.int64)
        rank[members] = np.arange(len(members))  # ties: the order of ``members``
        o = np.lexsort((rank[ei], mi, vi))
        vi, ei, mi = vi[o], ei[o], mi[o]
    return vi, ei, mi


def _best(ctx, reserves, members, element_group, max_min):  # type: ignore[no-untyped-def]
    """Per village the first element of ``members`` (index, minutes; −1/inf if none)."""
    n_v = len(ctx.zones)
    best = np.full(n_v, -1, np.int64)
    mins = np.full(n_v, np.inf)
    vi, ei, mi = _reach(ctx, reserves, members, element_group, max_min, 1)
    first = np.ones(vi.size, bool)
    first[1:] = vi[1:] != vi[:-1]
    best[vi[first]], mins[vi[first]] = ei[first], np.round(mi[first], 1)
    return best, mins


def promises_and_coverage(
    ctx,  # type: ignore[no-untyped-def]
    reserves: tuple[ReserveAssignment, ...],
    weights: np.ndarray,
    key: PhaseKind | None,
    staged: bool,
    site_group: dict[str, int],
) -> tuple[tuple[ResponsePromise, ...], Coverage]:
    """The promise rows (one per village, role and run of phases with the same first element)
    and the coverage (``staged``: the plan chose staging posts at all; without any, coverage is
    not a question the plan answers: None)."""
    n_v = len(ctx.zones)
    phases = [p.kind for p in ctx.scenario.phases]
    codes = [v.code for v in ctx.scenario.villages]
    limit = ctx.settings.reserve.response_min
    far = max(4 * limit, ctx.settings.max_travel_min, 240.0)
    element_group = np.array([site_group.get(r.site_id, 0) for r in reserves], np.int64)
    order = sorted(range(len(reserves)), key=lambda i: (reserves[i].unit, reserves[i].site_id))
    rows: list[ResponsePromise] = []
    promise: list[dict[str, float]] = [{} for _ in range(n_v)]
    for role in sorted({r.role for r in reserves}, key=_role_order):
        members = [i for i in order if reserves[i].role == role]
        sets = sorted(
            {reserves[i].phases for i in members}, key=lambda ph: [phases.index(k) for k in ph]
        )
        best = {ph: _best(ctx, reserves, [i for i in members if reserves[i].phases == ph],
                          element_group, far) for ph in sets}  # fmt: skip
        # Per phase: the first of the element sets standing by then.
        per_phase: dict[PhaseKind, tuple[np.ndarray, np.ndarray]] = {}
        for k in phases:
            on = [best[ph] for ph in sets if k in ph]
            if not on:
                continue
            idx = np.stack([b[0] for b in on])
            mins = np.stack([b[1] for b in on])
            pick = np.argmin(mins, axis=0)
            per_phase[k] = (idx[pick, np.arange(n_v)], mins[pick, np.arange(n_v)])
        if key in per_phase:
            for v in np.flatnonzero(per_phase[key][0] >= 0).tolist():
                promise[v][role] = float(per_phase[key][1][v])
        ks = list(per_phase)
        if not ks:
            continue
        idx_all = np.stack([per_phase[k][0] for k in ks])  # phases × villages
        min_all = np.stack([per_phase[k][1] for k in ks])
        same = (idx_all == idx_all[:1]).all(axis=0) & (min_all == min_all[:1]).all(axis=0)
        for v in range(n_v):
            if same[v]:
                if idx_all[0, v] >= 0:
                    rows.append(_row(codes[v], role, reserves, int(idx_all[0, v]),
                                     float(min_all[0, v]), tuple(ks)))  # fmt: skip
                continue
            runs: dict[tuple[int, float], list[PhaseKind]] = {}
            for j, k in enumerate(ks):
                if idx_all[j, v] >= 0:
                    runs.setdefault((int(idx_all[j, v]), float(min_all[j, v])), []).append(k)
            rows += [_row(codes[v], role, reserves, i, m, tuple(p)) for (i, m), p in runs.items()]
    # Coverage: the first responders standing by in the key phase within the response time.
    first = [i for i in order if reserves[i].role == FIRST_RESPONDER and key in reserves[i].phases]
    response = np.full(n_v, np.inf)
    site_id: list[str | None] = [None] * n_v
    hits = np.zeros(n_v, np.int64)
    if first:
        b, m = _best(ctx, reserves, first, element_group, far)
        response = m
        site_id = [reserves[int(i)].site_id if i >= 0 else None for i in b]
        vi, _, mi = _reach(ctx, reserves, first, element_group, limit, None)
        ok = np.round(mi, 1) <= limit + 1e-9
        hits = np.bincount(vi[ok], minlength=n_v)
    covered, backup = hits >= 1, hits >= 2
    total = float(weights.sum())
    share = float(weights[covered].sum()) / total if total > 0 else 1.0
    share2 = float(weights[backup].sum()) / total if total > 0 else 1.0
    cov = Coverage(
        response=response,
        site_id=site_id,
        covered=covered,
        backup_covered=backup,
        promise=promise,
        coverage=round(share, 6) if staged else None,
        backup=round(share2, 6) if staged else None,
    )
    return tuple(rows), cov


def _row(
    code: str,
    role: str,
    reserves: tuple[ReserveAssignment, ...],
    i: int,
    minutes: float,
    phases: tuple[PhaseKind, ...],
) -> ResponsePromise:
    return construct(
        ResponsePromise,
        village_code=code,
        role=role,
        minutes=minutes,
        unit=reserves[i].unit,
        site_id=reserves[i].site_id,
        phases=phases,
    )
