"""Hostile and broken requests: a clear error in the spec's shape, never a 500, and nothing
changed (the store's records and every consumer's view are identical before and after)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.conftest import QueueSetup, make_queue
from tests.fakes import FakeClock
from tests.venue.clients import GuestClient, ServerClient, store_snapshot

SPEC = json.loads(
    (Path(__file__).parents[1] / "contract" / "fanfare-consumer-api.json").read_text()
)
_REFRESH = SPEC["paths"]["/auth/refresh"]["post"]["responses"]
VALIDATION_ERROR = _REFRESH["400"]["content"]["application/json"]["schema"]
ERROR = _REFRESH["401"]["content"]["application/json"]["schema"]

LIMIT = 64 * 1024


@dataclass
class World:
    """A venue mid-launch: three consumers in line, the first one granted."""

    http: httpx.AsyncClient
    store: SqliteStore
    setup: QueueSetup
    guests: list[GuestClient]
    server: ServerClient
    publishable_key: str
    token: str
    logged_out: GuestClient

    async def snapshot(self) -> tuple[Any, ...]:
        views = []
        for guest in self.guests:
            views.append((await guest.me()).json())
            views.append((await guest.status(self.setup.queue_id)).json())
        return store_snapshot(self.store), views


@pytest.fixture
async def world(
    service: VenueService,
    store: SqliteStore,
    clock: FakeClock,
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    secret_key: str,
) -> AsyncIterator[World]:
    setup = make_queue(service, max_active_grants=1, admission_expiration_seconds=3600)
    guests = []
    for _ in range(3):
        guest = await GuestClient.sign_in(venue_http, publishable_key)
        await guest.route(setup.experience_id)
        await guest.enter(setup.queue_id)
        guests.append(guest)
    clock.advance(2)
    token = await guests[0].grant_token(setup.queue_id)
    logged_out = await GuestClient.sign_in(venue_http, publishable_key)
    await logged_out.route(setup.experience_id)
    await venue_http.post("/auth/logout", headers=logged_out.headers)
    server = ServerClient(venue_http, secret_key)
    world = World(venue_http, store, setup, guests, server, publishable_key, token, logged_out)
    before = await world.snapshot()
    yield world
    after = await world.snapshot()
    assert after == before, f"a refused request changed something: {_changes(before, after)}"


def _changes(before: tuple[Any, ...], after: tuple[Any, ...]) -> list[str]:
    records_before, records_after = before[0], after[0]
    changed = [
        f"{kind} records" for kind in records_before if records_before[kind] != records_after[kind]
    ]
    if before[1] != after[1]:
        changed.append("consumer views")
    return changed


def assert_error(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    schema = VALIDATION_ERROR if status == 400 else ERROR
    errors = list(Draft202012Validator(schema).iter_errors(response.json()))
    assert not errors, errors[0].message


# ---- request bodies ------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: Callable[[World], str]
    auth: str  # "consumer", "publishable" or "secret"

    def headers(self, world: World) -> dict[str, str]:
        if self.auth == "consumer":
            return world.guests[1].headers
        if self.auth == "publishable":
            return {"X-Publishable-Key": world.publishable_key}
        return world.server.headers


ENDPOINTS = [
    Endpoint("refresh", "POST", lambda w: "/auth/refresh", "publishable"),
    Endpoint("route", "POST", lambda w: f"/experiences/{w.setup.experience_id}/route", "consumer"),
    Endpoint("create experience", "POST", lambda w: "/operator/experiences", "secret"),
    Endpoint(
        "update experience",
        "PUT",
        lambda w: f"/operator/experiences/{w.setup.experience_id}",
        "secret",
    ),
    Endpoint("create sequence", "POST", lambda w: "/operator/sequences", "secret"),
    Endpoint(
        "update sequence", "PUT", lambda w: f"/operator/sequences/{w.setup.sequence_id}", "secret"
    ),
    Endpoint("create queue", "POST", lambda w: "/operator/queues", "secret"),
    Endpoint("update queue", "PUT", lambda w: f"/operator/queues/{w.setup.queue_id}", "secret"),
    Endpoint("validate grant", "POST", lambda w: "/grants/validate", "secret"),
    Endpoint("redeem grant", "POST", lambda w: "/grants/redeem", "secret"),
    Endpoint("revoke grant", "POST", lambda w: "/grants/revoke", "secret"),
]
BY_NAME = {endpoint.name: endpoint for endpoint in ENDPOINTS}

UNPARSEABLE = {
    "malformed": b'{"name": ',
    "trailing garbage": b'{"name": "x"} {"name": "y"}',
    "single quotes": b"{'name': 'x'}",
    "not utf-8": b'{"name": "\xff\xfe"}',
    "a list": b'[{"name": "x"}]',
    "a string": b'"name"',
    "a number": b"42",
    "null": b"null",
    "deeply nested list": b"[" * 32_000 + b"]" * 32_000,
    "deeply nested object": b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
    "NaN": b'{"name": NaN, "priority": NaN, "admitRate": NaN, "token": NaN}',
    "Infinity": b'{"name": Infinity, "priority": -Infinity, "admitRate": Infinity}',
    "huge exponent": b'{"priority": 1e400, "admitRate": 1e400, "refreshToken": 1e400}',
    "5000-digit integer": b'{"capacity": 1' + b"0" * 5000 + b"}",
}


@pytest.mark.parametrize("body", list(UNPARSEABLE.values()), ids=list(UNPARSEABLE))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
async def test_bodies_that_are_not_a_json_object_are_refused(
    world: World, endpoint: Endpoint, body: bytes
) -> None:
    headers = {**endpoint.headers(world), "Content-Type": "application/json"}

    response = await world.http.request(
        endpoint.method, endpoint.path(world), headers=headers, content=body
    )

    assert_error(response, 400)


def _ids(world: World) -> dict[str, str]:
    return {
        "experienceId": world.setup.experience_id,
        "sequenceId": world.setup.sequence_id,
        "token": world.token,
    }


WRONG_SHAPES: list[tuple[str, Callable[[World], dict[str, Any]]]] = [
    ("refresh", lambda w: {}),
    ("refresh", lambda w: {"refreshToken": None}),
    ("refresh", lambda w: {"refreshToken": ["a"]}),
    ("refresh", lambda w: {"refreshToken": w.guests[1].refresh_token, "scope": "admin"}),
    ("route", lambda w: {"accessCode": 1234}),
    ("route", lambda w: {"accessCode": {"$ne": ""}}),
    ("route", lambda w: {"accessCode": "x" * 129}),
    ("route", lambda w: {"accessCode": "VIP", "skipQueue": True}),
    ("route", lambda w: {"access_code": "VIP", "accessCode": "VIP", "extra": 1}),
    ("route", lambda w: {"accessCode": "[" * 900 + "]" * 900}),
    ("create experience", lambda w: {}),
    ("create experience", lambda w: {"name": ""}),
    ("create experience", lambda w: {"name": 5}),
    ("create experience", lambda w: {"name": "x" * 201}),
    ("create experience", lambda w: {"name": "Drop", "owner": "me"}),
    ("create experience", lambda w: {"name": "Drop", "currencyCode": "EURO"}),
    ("create experience", lambda w: {"name": "Drop", "openAt": "2026-12-01T10:00:00"}),
    ("create experience", lambda w: {"name": "Drop", "openAt": "tomorrow"}),
    ("create experience", lambda w: {"name": "Drop", "i18n": {"es": "Lanzamiento"}}),
    ("update experience", lambda w: {"name": None}),
    ("update experience", lambda w: {"timeZone": None}),
    ("update experience", lambda w: {"currencyCode": None}),
    ("update experience", lambda w: {"name": ""}),
    ("update experience", lambda w: {"id": "mine"}),
    ("update experience", lambda w: {"createdAt": "2020-01-01T00:00:00Z"}),
    ("create sequence", lambda w: {"experienceId": w.setup.experience_id}),
    ("create sequence", lambda w: {**_ids(w), "name": "VIP", "priority": "high"}),
    ("create sequence", lambda w: {"experienceId": 7, "name": "VIP"}),
    ("create sequence", lambda w: {"experienceId": w.setup.experience_id, "name": "VIP", "x": 1}),
    (
        "create sequence",
        lambda w: {"experienceId": w.setup.experience_id, "name": "VIP", "accessCode": ""},
    ),
    (
        "create sequence",
        lambda w: {"experienceId": w.setup.experience_id, "name": "VIP", "priority": 10**400},
    ),
    ("update sequence", lambda w: {"name": None}),
    ("update sequence", lambda w: {"priority": None}),
    ("update sequence", lambda w: {"experienceId": "another"}),
    ("create queue", lambda w: {"sequenceId": w.setup.sequence_id, "name": "Line"}),
    ("create queue", lambda w: {"sequenceId": w.setup.sequence_id, "name": "L", "admitRate": 0}),
    ("create queue", lambda w: {"sequenceId": w.setup.sequence_id, "name": "L", "admitRate": -5}),
    (
        "create queue",
        lambda w: {"sequenceId": w.setup.sequence_id, "name": "L", "admitRate": "fast"},
    ),
    (
        "create queue",
        lambda w: {"sequenceId": w.setup.sequence_id, "name": "L", "admitRate": 1, "capacity": 0},
    ),
    (
        "create queue",
        lambda w: {"sequenceId": w.setup.sequence_id, "name": "L", "admitRate": 1, "vip": True},
    ),
    ("update queue", lambda w: {"admitRate": None}),
    ("update queue", lambda w: {"name": None}),
    ("update queue", lambda w: {"admissionExpirationSeconds": None}),
    ("update queue", lambda w: {"supportsGuest": None}),
    ("update queue", lambda w: {"admitRate": 0}),
    ("update queue", lambda w: {"capacity": -1}),
    ("update queue", lambda w: {"capacity": 1.5}),
    ("update queue", lambda w: {"sequenceId": "elsewhere"}),
    ("validate grant", lambda w: {}),
    ("validate grant", lambda w: {"token": 5}),
    ("validate grant", lambda w: {"token": ""}),
    ("redeem grant", lambda w: {"token": "x" * 3000}),
    ("redeem grant", lambda w: {"token": w.token, "force": True}),
    ("redeem grant", lambda w: {"token": [w.token]}),
    ("revoke grant", lambda w: {"token": None}),
    ("revoke grant", lambda w: {"token": w.token, "experienceId": "x" * 65}),
]


@pytest.mark.parametrize(
    ("endpoint_name", "make_body"),
    WRONG_SHAPES,
    ids=[f"{name}-{index}" for index, (name, _) in enumerate(WRONG_SHAPES)],
)
async def test_wrong_types_missing_and_unknown_fields_are_refused(
    world: World, endpoint_name: str, make_body: Callable[[World], dict[str, Any]]
) -> None:
    endpoint = BY_NAME[endpoint_name]

    response = await world.http.request(
        endpoint.method,
        endpoint.path(world),
        headers=endpoint.headers(world),
        json=make_body(world),
    )

    assert_error(response, 400)
    for issue in response.json()["issues"]:
        assert len(json.dumps(issue)) < 2000  # the hostile input is not echoed back


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e999"])
async def test_numbers_json_cannot_carry_are_refused(
    venue_http: httpx.AsyncClient,
    service: VenueService,
    publishable_key: str,
    secret_key: str,
    number: bytes,
) -> None:
    # A NaN priority would be stored, then break every response that carries it.
    setup = make_queue(service)
    headers = {"Authorization": f"Bearer {secret_key}", "Content-Type": "application/json"}
    experience_id = setup.experience_id.encode()

    created = await venue_http.post(
        "/operator/sequences",
        headers=headers,
        content=b'{"experienceId": "%s", "name": "VIP", "priority": %s}' % (experience_id, number),
    )
    updated = await venue_http.put(
        f"/operator/sequences/{setup.sequence_id}",
        headers=headers,
        content=b'{"priority": %s}' % number,
    )

    assert_error(created, 400)
    assert_error(updated, 400)
    assert (await venue_http.get("/operator/sequences", headers=headers)).status_code == 200
    guest = await GuestClient.sign_in(venue_http, publishable_key)
    assert (await guest.route(setup.experience_id)).json()["outcome"] == "routed"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
async def test_bodies_over_64_kib_are_refused(
    world: World, endpoint: Endpoint, chunked: bool
) -> None:
    body = b'{"name": "' + b"x" * LIMIT + b'"}'

    async def stream() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 4096):
            yield body[start : start + 4096]

    response = await world.http.request(
        endpoint.method,
        endpoint.path(world),
        headers=endpoint.headers(world),
        content=stream() if chunked else body,
    )

    assert_error(response, 413)


@pytest.mark.parametrize("path", ["/auth/guest", "/queues/{queue}/enter", "/queues/{queue}/leave"])
async def test_paths_that_take_no_body_still_bound_it(world: World, path: str) -> None:
    headers = world.guests[2].headers

    response = await world.http.post(
        path.format(queue=world.setup.queue_id), headers=headers, content=b"x" * (LIMIT + 1)
    )

    assert_error(response, 413)


async def test_a_body_of_exactly_64_kib_is_read(world: World) -> None:
    padding = LIMIT - len(b'{"accessCode": ""}')
    body = b'{"accessCode": "' + b" " * padding + b'"}'
    assert len(body) == LIMIT
    endpoint = BY_NAME["route"]

    response = await world.http.post(
        endpoint.path(world), headers=endpoint.headers(world), content=body
    )

    assert_error(response, 400)  # too long an access code, but read and judged
    assert response.json()["issues"][0]["type"] == "string_too_long"


# ---- keys and tokens -----------------------------------------------------------------------

GARBAGE_BEARERS = [
    "Bearer",
    "Bearer ",
    "Bearer    ",
    "Bearer a.b",
    "Bearer fat1.!!!.$$$",
    "Bearer fat1.e30.",
    "Bearer fat1." + "A" * 3000 + ".AAAA",
    "Basic dXNlcjpwYXNz",
    "bearer-ish abc",
    "Token abc",
]


@pytest.mark.parametrize("authorization", GARBAGE_BEARERS)
async def test_garbage_bearer_tokens_are_refused(world: World, authorization: str) -> None:
    headers = {"X-Publishable-Key": world.publishable_key, "Authorization": authorization}
    scheme, _, token = authorization.partition(" ")
    has_token = scheme.lower() == "bearer" and bool(token.strip())

    for method, path in [
        ("GET", "/consumers/me"),
        ("POST", f"/experiences/{world.setup.experience_id}/route"),
        ("POST", f"/queues/{world.setup.queue_id}/enter"),
        ("POST", f"/queues/{world.setup.queue_id}/leave"),
        ("GET", f"/queues/{world.setup.queue_id}/status"),
        ("POST", "/auth/logout"),
    ]:
        response = await world.http.request(method, path, headers=headers)
        assert_error(response, 401)
    for method, path in [("GET", "/operator/experiences"), ("POST", "/grants/redeem")]:
        response = await world.http.request(method, path, headers=headers, json={"token": "x"})
        # Servers: no bearer at all is 401; a bearer that is not the secret key is 403.
        assert_error(response, 403 if has_token else 401)


async def test_a_grant_token_or_secret_key_is_not_a_consumer_token(world: World) -> None:
    key = {"X-Publishable-Key": world.publishable_key}

    for bearer in (world.token, world.server.secret_key, world.publishable_key):
        response = await world.http.get(
            "/consumers/me", headers={**key, "Authorization": f"Bearer {bearer}"}
        )
        assert_error(response, 401)


@pytest.mark.parametrize(
    ("header", "value", "status"),
    [
        ("X-Publishable-Key", b"pk_test_\xe9\xe9", 403),
        ("X-Publishable-Key", b"pk_" + b"a" * 4000, 403),
        ("X-Publishable-Key", b"", 401),
        ("Authorization", b"Bearer sk_test_\xe9", 403),
        ("Authorization", b"Bearer fat1.\xe9.\xe9", 401),
    ],
    ids=["non-ascii key", "long key", "empty key", "non-ascii secret", "non-ascii bearer"],
)
async def test_odd_header_bytes_are_refused_not_crashed_on(
    world: World, header: str, value: bytes, status: int
) -> None:
    if header == "X-Publishable-Key":
        headers = {"X-Publishable-Key": value}
        paths = [("POST", "/auth/guest"), ("GET", f"/queues/{world.setup.queue_id}")]
    elif b"sk_" in value:
        headers = {"Authorization": value}
        paths = [("GET", "/operator/experiences"), ("POST", "/grants/validate")]
    else:
        headers = {"X-Publishable-Key": world.publishable_key.encode(), "Authorization": value}
        paths = [("GET", "/consumers/me"), ("POST", f"/queues/{world.setup.queue_id}/enter")]

    for method, path in paths:
        response = await world.http.request(method, path, headers=headers, json={"token": "x"})
        assert_error(response, status)


async def test_a_logged_out_token_changes_nothing(world: World) -> None:
    for method, path in [
        ("POST", f"/experiences/{world.setup.experience_id}/route"),
        ("POST", f"/queues/{world.setup.queue_id}/enter"),
        ("POST", f"/queues/{world.setup.queue_id}/leave"),
        ("GET", "/consumers/me"),
        ("POST", "/auth/logout"),
    ]:
        response = await world.http.request(method, path, headers=world.logged_out.headers)
        assert_error(response, 401)
    refresh = await world.http.post(
        "/auth/refresh",
        headers={"X-Publishable-Key": world.publishable_key},
        json={"refreshToken": world.logged_out.refresh_token},
    )
    assert_error(refresh, 401)


# ---- paths, ids and methods ----------------------------------------------------------------

UNKNOWN_IDS = ["nope", "0" * 2000, "%F0%9F%91%9F", "..%2F..%2Foperator", "'; DROP TABLE records;--"]


@pytest.mark.parametrize("unknown", UNKNOWN_IDS, ids=["word", "long", "emoji", "dots", "sql"])
async def test_unknown_ids_are_404(world: World, unknown: str) -> None:
    consumer = world.guests[1].headers
    secret = world.server.headers
    key = {"X-Publishable-Key": world.publishable_key}

    for method, path, headers in [
        ("GET", f"/experiences/{unknown}", key),
        ("POST", f"/experiences/{unknown}/route", consumer),
        ("GET", f"/queues/{unknown}", key),
        ("POST", f"/queues/{unknown}/enter", consumer),
        ("POST", f"/queues/{unknown}/leave", consumer),
        ("GET", f"/queues/{unknown}/status", consumer),
        ("GET", f"/operator/experiences/{unknown}", secret),
        ("GET", f"/operator/sequences/{unknown}", secret),
        ("GET", f"/operator/queues/{unknown}", secret),
        ("POST", f"/operator/queues/{unknown}/close", secret),
        ("GET", f"/operator/queues/{unknown}/shuffle", secret),
    ]:
        response = await world.http.request(method, path, headers=headers)
        assert_error(response, 404)
        assert response.json()["error"] == "not_found"


@pytest.mark.parametrize(
    "path",
    ["/", "/nope", "/queues", "/queues/x/y/z", "/experiences/", "/auth", "/grants", "/.env"],
)
async def test_unknown_paths_are_404_json(world: World, path: str) -> None:
    response = await world.http.get(path, headers=world.guests[1].headers)

    assert_error(response, 404)
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/auth/guest"),
        ("DELETE", "/auth/guest"),
        ("GET", "/auth/refresh"),
        ("POST", "/consumers/me"),
        ("DELETE", "/experiences/{experience}"),
        ("PUT", "/queues/{queue}"),
        ("GET", "/queues/{queue}/enter"),
        ("DELETE", "/queues/{queue}/leave"),
        ("POST", "/queues/{queue}/status"),
        ("DELETE", "/operator/queues/{queue}"),
        ("GET", "/grants/redeem"),
        ("PATCH", "/operator/experiences"),
    ],
)
async def test_wrong_methods_are_405_json(world: World, method: str, path: str) -> None:
    url = path.format(experience=world.setup.experience_id, queue=world.setup.queue_id)

    response = await world.http.request(method, url, headers=world.guests[1].headers)

    assert_error(response, 405)
    assert response.json()["error"] == "method_not_allowed"
    assert response.headers["Allow"]


async def test_lone_surrogates_in_json_are_refused_not_crashed_on(
    venue_http, publishable_key: str, queue_setup
) -> None:
    key = {"X-Publishable-Key": publishable_key}
    guest = (await venue_http.post("/auth/guest", headers=key)).json()
    headers = {
        **key,
        "Authorization": f"Bearer {guest['accessToken']}",
        "Content-Type": "application/json",
    }
    response = await venue_http.post(
        f"/experiences/{queue_setup.experience_id}/route",
        headers=headers,
        content=b'{"accessCode": "\\ud800"}',
    )
    assert response.status_code == 400
    assert response.json()["error"] == "validation_error"
