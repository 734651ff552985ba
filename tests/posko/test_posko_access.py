"""Who may do what: every role against every route of the app (403 where it must), scoping
(own kecamatan, own village, own agency's units), authority over situation levels, and the
buttons a role sees."""

from __future__ import annotations

import httpx
import pytest
from posko_fixtures import OP, PASSWORD
from posko_live import ThreadServer, token

from sispam.domain import PoskoRole
from sispam.i18n import t
from sispam.posko import accounts
from sispam.posko.permissions import allowed
from sispam.posko.web.deps import SIGNED_IN, api_routes, declared

pytestmark = pytest.mark.xdist_group("posko")
KARANGANOM = "33.10.24.2003"  # Klaten Utara (33.10.24): the Kapolsek's and the reporter's area
ELSEWHERE = "33.10.17.2001"  # Glagahwangi, Polanharjo: outside both


@pytest.fixture
def served(posko):
    with ThreadServer(posko, heartbeat_s=0.2) as srv:
        srv.tokens = {r.value: token(srv.url, r.value, PASSWORD) for r in PoskoRole}
        yield srv


_CLIENTS: dict = {}


def _client(srv, role: str | None) -> httpx.Client:
    """One client per server and role (creating an httpx client costs ~0.1 s)."""
    key = (srv.url, role)
    if key not in _CLIENTS:
        _CLIENTS[key] = _new_client(srv, role)
    return _CLIENTS[key]


def _new_client(srv, role: str | None) -> httpx.Client:
    headers = {"hx-request": "true"}
    if role:
        headers["authorization"] = f"Bearer {srv.tokens[role]}"
    return httpx.Client(base_url=srv.url, headers=headers, timeout=30, follow_redirects=False)


def test_every_route_declares_a_permission(posko) -> None:
    from sispam.posko.web.app import create_app

    app = create_app(posko)
    routes = api_routes(app)
    assert len(routes) >= 30
    missing = [f"{sorted(r.methods)} {path}" for path, r in routes if len(declared(r)) != 1]
    assert not missing, f"routes without exactly one declared permission: {missing}"


def test_walk_every_role_against_every_route(served, posko) -> None:
    """For each route and each role (and no account): 401 without one, 403 exactly where the
    role lacks the route's permission, never the permission refusal where it has it."""
    victim, _ = accounts.create_account(posko, "korban", "observer", password=PASSWORD)
    sample = {"op_id": OP, "code": KARANGANOM, "account_id": str(victim), "job_id": "999999"}
    # election day's routes: an incident, a perbantuan request, a sitrep file, a notice
    sample |= {"iid": "inc-x", "rid": "tni-x", "sid": "sitrep-x", "name": "x.pdf", "nid": "ntf-x"}
    sample |= {"ref": "sha256:" + "0" * 64}  # a report's photo
    forbidden = t("posko.error.forbidden")
    login_required = t("posko.error.login_required")
    checked = 0
    clients = {role: _new_client(served, role) for role in [None, *(r.value for r in PoskoRole)]}
    for template, route in api_routes(served.app):
        need = declared(route)[0]
        path = template.format(**{k: sample[k] for k in route.param_convertors})
        if template == "/api/v1/stream":
            path += f"?op={OP}"
        for method in sorted(route.methods - {"HEAD"}):
            for role in [None, *(r.value for r in PoskoRole)]:
                with clients[role].stream(method, path) as r:
                    status = r.status_code
                    body = (
                        r.read().decode(errors="replace")
                        if status != 200 or method != "GET" or "stream" not in path
                        else ""
                    )
                where = f"{method} {path} as {role}"
                if need.permission is None:  # open: the auth layer never answers
                    assert login_required not in body and forbidden not in body, where
                elif role is None:
                    assert status == 401 and login_required in body, where
                elif need.permission == SIGNED_IN or allowed(role, need.permission):
                    assert not (status == 403 and forbidden in body), where
                else:
                    assert status == 403 and forbidden in body, f"{where}: {status} {body[:200]}"
                checked += 1
    for c in clients.values():
        c.close()
    assert checked > 300


def _post(srv, role: str, type_: str, payload: dict, op: str = OP) -> httpx.Response:
    return _client(srv, role).post(
        f"/api/v1/ops/{op}/events", json={"type": type_, "payload": payload}
    )


def test_command_permissions_per_event_type(served) -> None:
    note = {"text": "massa berkumpul", "village": KARANGANOM}
    for role in PoskoRole:
        r = _post(served, role.value, "note.added", note)
        assert r.status_code == (201 if allowed(role.value, "note.add") else 403), (role, r.text)
    assert _post(served, "operator", "operation.created", {}).status_code == 403  # server-only
    assert _post(served, "operator", "no.such", {}).status_code == 422


def test_scoping_by_area_and_agency(served) -> None:
    note_elsewhere = {"text": "di luar wilayah", "village": ELSEWHERE}
    assert _post(served, "reporter", "note.added", note_elsewhere).status_code == 403
    assert _post(served, "kapolsek", "note.added", note_elsewhere).status_code == 403
    assert _post(served, "operator", "note.added", note_elsewhere).status_code == 201
    c = _client(served, "kapolsek")
    codes = {v["code"] for v in c.get(f"/api/v1/ops/{OP}/board").json()["villages"]}
    assert codes and all(code.startswith("33.10.24.") for code in codes)
    assert c.get(f"/ops/{OP}/villages/{ELSEWHERE}").status_code == 403
    c = _client(served, "reporter")
    assert [v["code"] for v in c.get(f"/api/v1/ops/{OP}/board").json()["villages"]] == [KARANGANOM]
    units = _client(served, "tni").get(f"/api/v1/ops/{OP}/units").json()["units"]
    koramil = next(u["name"] for u in units if u["kind"] == "koramil")
    polsek = next(u["name"] for u in units if u["kind"] == "polsek")
    moving = {"status": "bergerak", "village": KARANGANOM}
    assert _post(served, "tni", "unit.status_set", {"unit": koramil, **moving}).status_code == 201
    assert _post(served, "tni", "unit.status_set", {"unit": polsek, **moving}).status_code == 403
    assert (
        _post(served, "operator", "unit.status_set", {"unit": polsek, **moving}).status_code == 201
    )


def test_authority_over_situation_levels(served) -> None:
    """The scenario's authority matrix (election day, ``sispam.ops``; doctrine defaults): a
    Kapolsek raises kuning in his kecamatan, only the Kapolres merah; whoever holds control
    lowers — control moves only by a decision (the Kapolres takes it by declaring merah)."""

    def level(role: str, village: str, to: str) -> int:
        return _post(
            served,
            role,
            "village.level_set",
            {"village": village, "level": to, "reason": "uji kewenangan"},
        ).status_code

    assert level("operator", KARANGANOM, "kuning") == 403  # no permission at all
    assert level("kapolsek", ELSEWHERE, "kuning") == 403  # outside his kecamatan
    assert level("kapolsek", KARANGANOM, "merah") == 403  # no authority for merah
    assert level("kapolsek", KARANGANOM, "kuning") == 201
    assert level("kapolsek", KARANGANOM, "kuning") == 409  # unchanged
    assert level("kapolres", KARANGANOM, "merah") == 201  # and takes control
    assert level("kapolsek", KARANGANOM, "kuning") == 403  # control at merah is the Kapolres'
    board = _client(served, "observer").get(f"/api/v1/ops/{OP}/board").json()["villages"]
    v = next(v for v in board if v["code"] == KARANGANOM)
    assert v["level"] == "merah" and v["level_by"] == "kapolres"


def test_buttons_follow_the_rules(served) -> None:
    """A role sees a button only for what it may do."""
    page = lambda role: _client(served, role).get(f"/ops/{OP}/villages/{KARANGANOM}").text  # noqa: E731
    assert 'data-level="kuning"' in page("kapolsek") and 'data-level="merah"' not in page(
        "kapolsek"
    )
    assert 'data-level="kuning"' in page("kapolres") and 'data-level="merah"' in page("kapolres")
    for role in ("observer", "operator", "tni", "evaluator"):
        assert "level-btn" not in page(role), role
    assert 'id="add-note"' not in page("observer") and 'id="add-note"' in page("reporter")
    units = lambda role: _client(served, role).get(f"/ops/{OP}/units").text  # noqa: E731
    assert "unit-btn" not in units("observer")
    assert "unit-btn" in units("tni") and "unit-btn" in units("operator")


def test_batch_of_commands_is_accepted_or_refused_per_event(served, posko) -> None:
    note = {"type": "note.added", "payload": {"text": "laporan", "village": KARANGANOM}}
    merah = {
        "type": "village.level_set",
        "payload": {"village": KARANGANOM, "level": "merah", "reason": "uji"},
    }
    r = _client(served, "kapolsek").post(
        f"/api/v1/ops/{OP}/events",
        json={"events": [note, merah, note, {"type": "operation.created"}]},
    )
    assert r.status_code == 201
    res = r.json()["results"]
    assert res[0]["seq"] + 1 == res[2]["seq"]  # in order, the refused one leaves no gap
    assert res[1]["status"] == 403 and res[1]["key"] == "ops.refuse.may_not_raise"
    assert res[3]["status"] == 403
    too_many = _client(served, "operator").post(
        f"/api/v1/ops/{OP}/events", json={"events": [note] * 501}
    )
    assert too_many.status_code == 422
