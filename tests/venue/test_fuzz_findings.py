"""What the schemathesis fuzzing (tests/fuzz/) found, one regression test each: malformed
numbers in a query or a header answered 500, and a malformed one-time-code destination
answered 409 (a state conflict) instead of the spec's 400 for a malformed request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from kiosk.venue.demo import load_demo
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.venue.clients import GuestClient, store_snapshot

SPEC = json.loads(
    (Path(__file__).parents[1] / "contract" / "fanfare-consumer-api.json").read_text()
)
VALIDATION_ERROR = SPEC["paths"]["/auth/otp/request"]["post"]["responses"]["400"]["content"][
    "application/json"
]["schema"]

# Not whole numbers in ASCII, though `str.isdigit()` says yes to the first two; the last
# is over int()'s 4300-digit limit.
NOT_NUMBERS = ["²", "١٢", "1" * 5000]


def assert_validation_error(response: httpx.Response, key: str) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    errors = list(Draft202012Validator(VALIDATION_ERROR).iter_errors(body))
    assert not errors, errors[0].message
    keys = [part["key"] for issue in body["issues"] for part in issue["path"]]
    assert keys == [key] if key else keys == [], body


@pytest.fixture
def demo(service: VenueService) -> VenueService:
    load_demo(service)
    return service


@pytest.fixture
async def guest(venue_http: httpx.AsyncClient, publishable_key: str) -> GuestClient:
    return await GuestClient.sign_in(venue_http, publishable_key)


def _auction_id(service: VenueService) -> str:
    return service.distributions.of_mechanism("auction")[0].id


@pytest.mark.parametrize("number", NOT_NUMBERS)
async def test_a_limit_that_is_not_an_ascii_number_is_a_400(
    demo: VenueService,
    store: SqliteStore,
    venue_http: httpx.AsyncClient,
    guest: GuestClient,
    secret_key: str,
    number: str,
) -> None:
    auction, organization = _auction_id(demo), demo.organization.id
    before = store_snapshot(store)
    consumer = await venue_http.get(
        f"/auctions/{auction}/bids",
        params={"organizationId": organization, "limit": number},
        headers=guest.headers,
    )
    assert_validation_error(consumer, "limit")
    operator = await venue_http.get(
        f"/operator/auctions/{auction}/bids",
        params={"limit": number},
        headers={"Authorization": f"Bearer {secret_key}"},
    )
    assert_validation_error(operator, "limit")
    expirations = await venue_http.get(
        "/loyalty/expirations", params={"withinDays": number}, headers=guest.headers
    )
    assert_validation_error(expirations, "withinDays")
    assert store_snapshot(store) == before


async def test_an_ascii_limit_still_works(
    demo: VenueService, venue_http: httpx.AsyncClient, secret_key: str
) -> None:
    answer = await venue_http.get(
        f"/operator/auctions/{_auction_id(demo)}/bids",
        params={"limit": "500"},
        headers={"Authorization": f"Bearer {secret_key}"},
    )
    assert answer.status_code == 200
    assert isinstance(answer.json(), list)


async def _asgi_post(app: Any, path: str, headers: list[tuple[bytes, bytes]]) -> int:
    """One request straight through the ASGI interface: httpx would refuse to send a
    Content-Length that is not ASCII, an in-process caller need not."""
    statuses: list[int] = []
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("venue.test", 80),
    }
    await app(scope, receive, send)
    return statuses[0]


@pytest.mark.parametrize("length", ["²".encode("latin-1"), b"9" * 5000])
async def test_a_content_length_that_is_not_a_number_is_no_500(
    service: VenueService, store: SqliteStore, publishable_key: str, length: bytes
) -> None:
    headers = [(b"x-publishable-key", publishable_key.encode()), (b"content-length", length)]
    before = store_snapshot(store)
    status = await _asgi_post(create_app(service), "/auth/refresh", headers)
    assert status == 400  # the empty body is what is wrong, as without the header
    assert store_snapshot(store) == before


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ({}, None),
        ({"email": "a@b.co", "phone": "+15551234567"}, None),
        ({"email": "nope"}, "email"),
        ({"phone": "12"}, "phone"),
    ],
)
async def test_a_malformed_one_time_code_destination_is_a_400(
    venue_http: httpx.AsyncClient,
    store: SqliteStore,
    publishable_key: str,
    body: dict[str, str],
    key: str | None,
) -> None:
    headers = {"X-Publishable-Key": publishable_key}
    before = store_snapshot(store)
    request = await venue_http.post("/auth/otp/request", headers=headers, json=body)
    assert_validation_error(request, key)
    verify = await venue_http.post(
        "/auth/otp/verify", headers=headers, json={**body, "code": "123456"}
    )
    assert_validation_error(verify, key)
    assert store_snapshot(store) == before
