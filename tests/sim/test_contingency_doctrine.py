"""The simulation follows the doctrine (Perkap 16/2006, MoU TNI–Polri on perbantuan): TNI support
only once a crowd is merah, after the Kapolres' request and the Dandim's decision, never as a
kuning responder nor in a Polri element's place; reserve elements committed whole."""

from __future__ import annotations

import numpy as np
import pytest
from golden_world import SEED, assessment, plan, scenario

from sispam.domain import ReserveRole, SituationLevel
from sispam.domain.doctrine import TNI_SUPPORT_FROM
from sispam.scenario import load_scenario
from sispam.sim.contingency import build_params
from sispam.sim.contingency import kernel as K
from sispam.sim.contingency.engine import contain_bin
from sispam.sim.contingency.inputs import build_inputs, fallback_reserves, whole_units
from sispam.sim.contingency.job import ContingencyJob
from sispam.sim.contingency.pack import pack
from sispam.sim.contingency.tables import ROLES, SUBSTITUTES

TNI = ROLES.index(ReserveRole.TNI_SUPPORT.value)


def _traces(runs: int, **sim):
    s = scenario()
    prm = build_params(s.stage_settings("sim") | sim)
    inp = build_inputs(s, assessment(s), plan(s), prm)
    job = ContingencyJob(
        (inp,), pack(prm), SEED, contain_bin(inp.n_villages, prm.horizon_min), prm.horizon_min
    )
    return inp, prm, [job.trace(r) for r in range(runs)]


def _levels(events: np.ndarray) -> dict[int, list[tuple[int, int]]]:
    """Per village, (minute, new level) of every colour change, and the start of each incident."""
    out: dict[int, list[tuple[int, int]]] = {}
    for t, v, kind, a, _, _ in events:
        if kind in (K.EV_TRIGGER, K.EV_SPILL):
            out.setdefault(v, []).append((t, 0))
        elif kind == K.EV_LEVEL:
            out.setdefault(v, []).append((t, a))
    return out


def _level_at(changes: list[tuple[int, int]], t: int) -> int:
    lv = 0
    for when, new in changes:
        if when <= t:
            lv = new
    return lv


def test_tni_is_asked_for_only_at_merah_and_sent_only_for_tni() -> None:
    inp, prm, traces = _traces(120)
    asked = sent = 0
    for tr in traces:
        changes = _levels(tr.events)
        for t, v, kind, a, b, _ in tr.events:
            if kind == K.EV_REQUEST and a == TNI:
                asked += 1
                assert _level_at(changes[v], t) >= TNI_SUPPORT_FROM.rank
            if kind == K.EV_DISPATCH:
                role_sent = int(inp.res_role[a])
                # a TNI element goes only where TNI was asked for, and TNI is asked for TNI only
                assert (role_sent == TNI) == (b == TNI)
                sent += role_sent == TNI
    assert asked > 0 and sent > 0  # the world is hot enough to call the Kodim


def test_tni_order_waits_for_the_request_and_the_dandims_decision() -> None:
    """Request at the minute merah is reached; the element leaves no earlier than the report
    delay plus the request/decision delay of tni_support."""
    delay = 25.0
    inp, prm, traces = _traces(120, report_delay_min=5.0, request_delay_min={"tni_support": 20.0})
    seen = 0
    for tr in traces:
        asked: dict[int, int] = {}
        for t, v, kind, a, b, _ in tr.events:
            if kind == K.EV_REQUEST and a == TNI:
                asked[v] = t
            if kind == K.EV_DISPATCH and b == TNI:
                assert t - asked[v] >= delay
                seen += 1
    assert seen > 0


def test_kuning_never_brings_tni_in_the_result() -> None:
    """Villages that never reached merah never had TNI on scene (out_lev vs the TNI flag)."""
    s = scenario()
    prm = build_params(s.stage_settings("sim"))
    inp = build_inputs(s, assessment(s), plan(s), prm)
    job = ContingencyJob((inp,), pack(prm), SEED, contain_bin(inp.n_villages, 480), 480)
    b = job._blank(inp, 200)
    from sispam.sim.contingency.draws import draws

    job._kernel(0, draws(SEED, 0, 200, inp.n_villages, inp.n_slots), b)
    tni = b.out[:, :, K.OUT_TNI] == 1
    assert tni.any()
    assert (b.out[:, :, K.OUT_LEV][tni] >= SituationLevel.MERAH.rank).all()


def test_fallback_keeps_the_kodim_unit_whole_and_splits_polri_into_platoons() -> None:
    s = load_scenario("pilkades-klaten-2023")
    res = fallback_reserves(s, 30)
    kodim = [u for u in s.units if u.kind.value == "kodim_reserve"]
    tni = [r for r in res if r.role == "tni_support"]
    assert len(tni) == len(kodim) and [r.personnel for r in tni] == [u.strength for u in kodim]
    polri = [r for r in res if r.role != "tni_support"]
    assert polri and all(20 <= r.personnel <= 45 for r in polri)


def test_pieces_of_one_unit_at_one_post_are_one_element() -> None:
    p = plan(scenario())
    a, b = p.reserves[0], p.reserves[0].model_copy(update={"personnel": 5})
    other_post = p.reserves[0].model_copy(update={"site_id": "elsewhere"})
    merged, joined = whole_units([a, b, other_post])
    assert joined == 1 and [m.personnel for m in merged] == [a.personnel + 5, a.personnel]


@pytest.mark.parametrize("role", list(ReserveRole))
def test_tni_and_polri_never_stand_in_for_each_other(role) -> None:
    subs = SUBSTITUTES[role]
    assert (ReserveRole.TNI_SUPPORT in subs) == (role == ReserveRole.TNI_SUPPORT)
