"""The operator API (secret key): set up a launch, change it, run it, publish its shuffle."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.routing import Route

from kiosk.venue.cli import verify_shuffle
from kiosk.venue.domain.fairness import ShuffleRecord, replay_permutation
from kiosk.venue.http.catalog_api import CatalogApi
from kiosk.venue.http.grant_api import GrantApi
from kiosk.venue.http.queue_api import QUEUE_ACTIONS, QueueApi
from kiosk.venue.http.waitlist_api import WaitlistApi
from kiosk.venue.service import VenueService
from tests.conftest import QueueSetup, make_queue
from tests.fakes import FakeClock
from tests.venue.clients import GuestClient, ServerClient


@pytest.fixture
def operator(venue_http: httpx.AsyncClient, secret_key: str) -> ServerClient:
    return ServerClient(venue_http, secret_key)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


async def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    return response.json()


async def _create_launch(operator: ServerClient, **queue_fields: Any) -> QueueSetup:
    experience = await _ok(
        await operator.operator("POST", "/experiences", {"name": "Aurora 2", "currencyCode": "EUR"})
    )
    sequence = await _ok(
        await operator.operator(
            "POST",
            "/sequences",
            {"experienceId": experience["id"], "name": "General", "color": "#ff0000"},
        )
    )
    queue = await _ok(
        await operator.operator(
            "POST",
            "/queues",
            {
                "sequenceId": sequence["id"],
                "name": "Aurora 2 line",
                "admitRate": 60,
                **queue_fields,
            },
        )
    )
    return QueueSetup(experience["id"], sequence["id"], queue["id"])


async def _routed_guest(
    venue_http: httpx.AsyncClient, publishable_key: str, setup: QueueSetup
) -> GuestClient:
    guest = await GuestClient.sign_in(venue_http, publishable_key)
    assert (await guest.route(setup.experience_id)).json()["outcome"] == "routed"
    return guest


async def _phase(guest: GuestClient, setup: QueueSetup) -> str:
    return (await guest.journey(setup.experience_id))["sequence"]["phase"]


# ---- creating and changing -----------------------------------------------------------------


async def test_a_launch_created_through_the_operator_api_is_what_consumers_see(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    operator: ServerClient,
    service: VenueService,
) -> None:
    setup = await _create_launch(operator, capacity=500, admissionExpirationSeconds=120)
    key = {"X-Publishable-Key": publishable_key}

    experience = (await venue_http.get(f"/experiences/{setup.experience_id}", headers=key)).json()
    queue = (await venue_http.get(f"/queues/{setup.queue_id}", headers=key)).json()
    guest = await _routed_guest(venue_http, publishable_key, setup)
    entered = await guest.enter(setup.queue_id)

    assert (experience["name"], experience["currencyCode"]) == ("Aurora 2", "EUR")
    assert (queue["name"], queue["admitRate"], queue["capacity"]) == ("Aurora 2 line", 60, 500)
    assert queue["admissionExpirationSeconds"] == 120
    assert queue["organizationId"] == service.organization.id
    assert entered.json()["status"] == "QUEUED"
    listed = await _ok(await operator.operator("GET", "/queues"))
    [view] = listed["data"]
    assert (view["id"], view["queued"], view["lifecycle"]) == (setup.queue_id, 1, "open")
    organization = await _ok(await operator.operator("GET", "/organization"))
    assert organization["publishableKey"] == publishable_key
    assert "secretKey" not in organization


async def test_put_changes_only_the_fields_it_names(
    venue_http: httpx.AsyncClient, publishable_key: str, operator: ServerClient
) -> None:
    setup = await _create_launch(operator, capacity=500)
    key = {"X-Publishable-Key": publishable_key}

    queue = await _ok(
        await operator.operator("PUT", f"/queues/{setup.queue_id}", {"name": "Renamed"})
    )
    experience = await _ok(
        await operator.operator(
            "PUT", f"/experiences/{setup.experience_id}", {"timeZone": "Asia/Tokyo"}
        )
    )
    sequence = await _ok(
        await operator.operator("PUT", f"/sequences/{setup.sequence_id}", {"priority": 5})
    )

    assert (queue["name"], queue["admitRate"], queue["capacity"]) == ("Renamed", 60, 500)
    assert queue["updatedAt"] is not None
    assert (experience["name"], experience["timeZone"]) == ("Aurora 2", "Asia/Tokyo")
    assert (sequence["name"], sequence["priority"], sequence["color"]) == ("General", 5, "#ff0000")
    seen = (await venue_http.get(f"/queues/{setup.queue_id}", headers=key)).json()
    assert (seen["name"], seen["capacity"]) == ("Renamed", 500)
    # An explicit null clears an optional field.
    cleared = await _ok(
        await operator.operator("PUT", f"/queues/{setup.queue_id}", {"capacity": None})
    )
    assert cleared["capacity"] is None


async def test_put_a_lower_capacity_takes_effect_for_new_arrivals(
    venue_http: httpx.AsyncClient, publishable_key: str, operator: ServerClient
) -> None:
    setup = await _create_launch(operator)
    first = await _routed_guest(venue_http, publishable_key, setup)
    await first.enter(setup.queue_id)

    await _ok(await operator.operator("PUT", f"/queues/{setup.queue_id}", {"capacity": 1}))
    second = await _routed_guest(venue_http, publishable_key, setup)

    assert (await second.enter(setup.queue_id)).status_code == 429
    assert (await first.status(setup.queue_id)).json()["position"] == 1


async def test_a_second_queue_on_one_sequence_is_refused(operator: ServerClient) -> None:
    setup = await _create_launch(operator)

    response = await operator.operator(
        "POST", "/queues", {"sequenceId": setup.sequence_id, "name": "Again", "admitRate": 1}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "SEQUENCE_HAS_DISTRIBUTION"


async def test_an_access_code_set_by_the_operator_gates_the_sequence(
    venue_http: httpx.AsyncClient, publishable_key: str, operator: ServerClient
) -> None:
    setup = await _create_launch(operator)
    await _ok(
        await operator.operator("PUT", f"/sequences/{setup.sequence_id}", {"accessCode": "AURORA"})
    )
    guest = await GuestClient.sign_in(venue_http, publishable_key)

    assert (await guest.route(setup.experience_id)).json()["outcome"] == "gated"
    assert (await guest.enter(setup.queue_id)).status_code == 403
    assert (await guest.route(setup.experience_id, "aurora")).json()["outcome"] == "routed"
    assert (await guest.enter(setup.queue_id)).json()["status"] == "QUEUED"


async def test_unknown_ids_are_404(operator: ServerClient) -> None:
    for method, path in [
        ("GET", "/experiences/nope"),
        ("PUT", "/experiences/nope"),
        ("GET", "/sequences/nope"),
        ("GET", "/queues/nope"),
        ("POST", "/queues/nope/open"),
        ("GET", "/queues/nope/shuffle"),
    ]:
        body = {"name": "x"} if method == "PUT" else None
        response = await operator.operator(method, path, body)
        assert (response.status_code, response.json()["error"]) == (404, "not_found"), path
    missing = await operator.operator(
        "POST", "/sequences", {"experienceId": "nope", "name": "General"}
    )
    assert missing.status_code == 404


# ---- running a launch ----------------------------------------------------------------------


async def test_open_pause_resume_and_close_change_what_consumers_see(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    operator: ServerClient,
    clock: FakeClock,
) -> None:
    opens_at = clock.now() + timedelta(hours=2)
    setup = await _create_launch(operator, openAt=_iso(opens_at), earlyEntrySeconds=600)
    waiting = await _routed_guest(venue_http, publishable_key, setup)
    assert await _phase(waiting, setup) == "scheduled"
    assert (await waiting.enter(setup.queue_id)).status_code == 423

    opened = await _ok(await operator.operator("POST", f"/queues/{setup.queue_id}/open"))
    assert opened["lifecycle"] == "open"
    assert await _phase(waiting, setup) == "enterable"
    crowd = [await _routed_guest(venue_http, publishable_key, setup) for _ in range(5)]
    for guest in [waiting, *crowd]:
        assert (await guest.enter(setup.queue_id)).json()["status"] == "QUEUED"

    paused = await _ok(await operator.operator("POST", f"/queues/{setup.queue_id}/pause"))
    assert paused["paused"] is True
    for _ in range(30):
        clock.advance(1)
        assert (await waiting.status(setup.queue_id)).json()["status"] == "QUEUED"
    journey = await waiting.journey(setup.experience_id)
    assert journey["sequence"]["distribution"]["details"]["paused"] is True

    await _ok(await operator.operator("POST", f"/queues/{setup.queue_id}/resume"))
    clock.advance(1)
    assert (await waiting.status(setup.queue_id)).json()["status"] == "GRANTED"
    assert (await crowd[0].status(setup.queue_id)).json()["position"] == 1

    closed = await _ok(await operator.operator("POST", f"/queues/{setup.queue_id}/close"))
    assert (closed["lifecycle"], closed["queued"]) == ("closed", 0)
    sequence = (await crowd[0].journey(setup.experience_id))["sequence"]
    assert (sequence["phase"], sequence["outcome"]["type"]) == ("ended", "closed")
    assert (await waiting.status(setup.queue_id)).json()["status"] == "GRANTED"
    key = {"X-Publishable-Key": publishable_key}
    queue = (await venue_http.get(f"/queues/{setup.queue_id}", headers=key)).json()
    assert queue["statusOverride"] == "ended"
    late = await _routed_guest(venue_http, publishable_key, setup)
    assert (await late.enter(setup.queue_id)).json()["code"] == "QUEUE_CLOSED"
    reopened = await operator.operator("POST", f"/queues/{setup.queue_id}/open")
    assert (reopened.status_code, reopened.json()["code"]) == (409, "QUEUE_CLOSED")


async def test_an_unknown_queue_action_is_404(operator: ServerClient) -> None:
    setup = await _create_launch(operator)

    response = await operator.operator("POST", f"/queues/{setup.queue_id}/explode")

    assert response.status_code == 404
    assert "open, pause, resume, close" in response.json()["message"]


# ---- the published shuffle -----------------------------------------------------------------


async def _shuffled_launch(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    operator: ServerClient,
    clock: FakeClock,
) -> tuple[QueueSetup, list[GuestClient], dict[str, Any]]:
    setup = await _create_launch(
        operator, openAt=_iso(clock.now() + timedelta(minutes=5)), earlyEntrySeconds=600
    )
    not_yet = await operator.operator("GET", f"/queues/{setup.queue_id}/shuffle")
    assert not_yet.status_code == 404
    early = [await _routed_guest(venue_http, publishable_key, setup) for _ in range(12)]
    for guest in early:
        clock.advance(1)
        await guest.enter(setup.queue_id)
    clock.advance(300)
    record = await _ok(await operator.operator("GET", f"/queues/{setup.queue_id}/shuffle"))
    return setup, early, record


async def test_the_shuffle_record_replays_to_the_order_consumers_see(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    operator: ServerClient,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    setup, early, record = await _shuffled_launch(venue_http, publishable_key, operator, clock)

    positions = {}
    for guest in early:
        positions[guest.consumer_id] = (await guest.status(setup.queue_id)).json()["position"]
    seen_order = sorted(positions, key=positions.__getitem__)

    assert record["queueId"] == setup.queue_id
    assert record["entries"] == [guest.consumer_id for guest in early]  # arrival order
    assert replay_permutation(ShuffleRecord.from_doc(record), record["entries"]) == seen_order
    assert record["order"] == seen_order
    path = tmp_path / "shuffle.json"
    path.write_text(json.dumps(record))
    assert verify_shuffle(path) == 0
    view = await _ok(await operator.operator("GET", f"/queues/{setup.queue_id}"))
    assert view["shuffle"]["seed"] == record["seed"]


@pytest.mark.parametrize(
    ("tamper", "exit_code"),
    [
        (lambda r: {**r, "entries": list(reversed(r["entries"]))}, 2),
        (lambda r: {**r, "entries": r["entries"][1:]}, 2),
        (lambda r: {**r, "seed": "00" * 32}, 1),
        (lambda r: {**r, "order": list(reversed(r["order"]))}, 1),
        (lambda r: {**r, "algorithm": "coin-toss"}, 2),
        (lambda r: {k: v for k, v in r.items() if k != "seed"}, 2),
    ],
    ids=["reordered entries", "dropped entry", "other seed", "other order", "algorithm", "no seed"],
)
async def test_verify_shuffle_rejects_a_tampered_record(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    operator: ServerClient,
    clock: FakeClock,
    tmp_path: Path,
    tamper,
    exit_code: int,
) -> None:
    _, _, record = await _shuffled_launch(venue_http, publishable_key, operator, clock)
    path = tmp_path / "shuffle.json"
    path.write_text(json.dumps(tamper(record)))

    assert verify_shuffle(path) == exit_code


def test_verify_shuffle_reports_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json")

    assert verify_shuffle(tmp_path / "broken.json") == 2
    assert verify_shuffle(tmp_path / "missing.json") == 2


# ---- documentation and keys ----------------------------------------------------------------


def _documented_paths(service: VenueService) -> set[tuple[str, str]]:
    """Every (path, method) the operator and grant routes serve, as OpenAPI names them."""
    served = set()
    apis = [CatalogApi(service), WaitlistApi(service), QueueApi(service), GrantApi(service)]
    operator_routes = [
        route
        for api in apis
        for route in api.routes()
        if isinstance(route, Route) and route.path.startswith(("/operator/", "/grants/"))
    ]
    for route in operator_routes:
        path = route.path
        paths = (
            [path.replace("{action}", action) for action in QUEUE_ACTIONS]
            if "{action}" in path
            else [path]
        )
        for one in paths:
            for method in route.methods or ():
                if method != "HEAD":
                    served.add((one, method.lower()))
    return served


async def test_openapi_documents_every_operator_and_grant_path(
    venue_http: httpx.AsyncClient, service: VenueService
) -> None:
    document = (await venue_http.get("/openapi.json")).json()

    documented = {
        (path, method) for path, operations in document["paths"].items() for method in operations
    }
    served = _documented_paths(service)
    assert served <= documented, served - documented
    assert {("/grants/redeem", "post"), ("/operator/queues/{id}/pause", "post")} <= served
    for path, method in served:
        operation = document["paths"][path][method]
        assert operation["security"] == [{"SecretKey": []}], path
        assert {"200", "401", "403"} <= set(operation["responses"]), path


OPERATOR_CALLS = [
    ("GET", "/operator/organization", None),
    ("GET", "/operator/experiences", None),
    ("POST", "/operator/experiences", {"name": "Sneaky"}),
    ("GET", "/operator/queues", None),
    ("POST", "/grants/validate", {"token": "fgr1.x.y"}),
]


@pytest.mark.parametrize(("method", "path", "body"), OPERATOR_CALLS)
async def test_operator_paths_need_the_secret_key(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    secret_key: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    async def call(headers: dict[str, str]) -> httpx.Response:
        return await venue_http.request(method, path, headers=headers, json=body)

    none = await call({})
    publishable = await call({"Authorization": f"Bearer {publishable_key}"})
    publishable_header = await call({"X-Publishable-Key": publishable_key})
    wrong_secret = await call({"Authorization": "Bearer sk_test_" + "f" * 48})
    basic = await call({"Authorization": f"Basic {secret_key}"})

    assert (none.status_code, none.json()["error"]) == (401, "unauthorized")
    assert (publishable.status_code, publishable.json()["error"]) == (403, "forbidden")
    assert publishable_header.status_code == 401
    assert (wrong_secret.status_code, wrong_secret.json()["error"]) == (403, "forbidden")
    assert basic.status_code == 401
    experiences = await venue_http.get(
        "/operator/experiences", headers={"Authorization": f"Bearer {secret_key}"}
    )
    assert [e["name"] for e in experiences.json()["data"]] == []


async def test_operator_queue_view_counts_live_grants(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    operator: ServerClient,
    service: VenueService,
    clock: FakeClock,
) -> None:
    setup = make_queue(service, max_active_grants=2, admission_expiration_seconds=3600)
    for _ in range(4):
        await (await _routed_guest(venue_http, publishable_key, setup)).enter(setup.queue_id)
    clock.advance(5)

    view = await _ok(await operator.operator("GET", f"/queues/{setup.queue_id}"))

    assert (view["queued"], view["activeGrants"]) == (2, 2)


async def test_close_at_set_by_put_ends_the_line_on_time(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    operator: ServerClient,
    clock: FakeClock,
) -> None:
    setup = await _create_launch(operator)
    guest = await _routed_guest(venue_http, publishable_key, setup)
    await guest.enter(setup.queue_id)
    closes_at = clock.now() + timedelta(minutes=1)

    await _ok(
        await operator.operator("PUT", f"/queues/{setup.queue_id}", {"closeAt": _iso(closes_at)})
    )
    clock.advance(60)

    key = {"X-Publishable-Key": publishable_key}
    queue = (await venue_http.get(f"/queues/{setup.queue_id}", headers=key)).json()
    assert queue["statusOverride"] == "ended"
    sequence = (await guest.journey(setup.experience_id))["sequence"]
    assert (sequence["phase"], sequence["outcome"]["type"]) == ("ended", "closed")
    assert sequence["distribution"]["lifecycle"] == "closed"
    view = await _ok(await operator.operator("GET", f"/queues/{setup.queue_id}"))
    assert (view["lifecycle"], view["queued"]) == ("closed", 0)
