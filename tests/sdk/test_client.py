"""The consumer API client: headers, retries, Retry-After, typed errors, token refresh."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

import httpx
import pytest

from kiosk.sdk import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ConsumerClient,
    Fanfare,
    NotFoundError,
    NotOpenYetError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
)
from tests.sdk.fakes import (
    API_URL,
    EXPERIENCE_ID,
    GRANT_TOKEN,
    PUBLISHABLE_KEY,
    FakeConsumerApi,
    RecordingClock,
    Scripted,
    drive,
)


def make_client(
    http: httpx.AsyncClient, clock: RecordingClock, random: float = 0.5
) -> ConsumerClient:
    return ConsumerClient(
        publishable_key=PUBLISHABLE_KEY,
        api_url=API_URL,
        http_client=http,
        clock=clock,
        random=lambda: random,
    )


@pytest.fixture
def client(http: httpx.AsyncClient, clock: RecordingClock) -> ConsumerClient:
    return make_client(http, clock)


def paths(api: FakeConsumerApi) -> list[str]:
    return [f"{request.method} {request.url.path}" for request in api.requests]


async def test_every_call_sends_the_publishable_key_and_authed_calls_a_bearer_token(
    client: ConsumerClient, api: FakeConsumerApi
) -> None:
    await client.ensure_session()
    await client.get_me()

    guest, me = api.requests
    assert guest.url.path == "/auth/guest"
    assert guest.headers["X-Publishable-Key"] == PUBLISHABLE_KEY
    assert "Authorization" not in guest.headers
    assert guest.content == b""
    assert me.headers["X-Publishable-Key"] == PUBLISHABLE_KEY
    assert me.headers["Authorization"] == "Bearer at-secret-1"
    assert client.session is not None and client.session.consumer_id == "cons_1"


async def test_one_idempotency_key_per_logical_post_is_reused_on_every_retry(
    client: ConsumerClient, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    await client.ensure_session()
    api.script("POST", "/queues/q_1/enter", Scripted(503), Scripted(502))

    state = await drive(clock, client.queues.enter("q_1"))
    await client.queues.enter("q_1")

    assert state.status == "QUEUED"
    first, second, third, another = api.calls("POST", "/queues/q_1/enter")
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert second.headers["Idempotency-Key"] == third.headers["Idempotency-Key"]
    assert another.headers["Idempotency-Key"] != first.headers["Idempotency-Key"]
    assert clock.sleeps == [0.5, 1.0]  # exponential backoff, jitter factor 1.0


async def test_reads_carry_no_idempotency_key(client: ConsumerClient, api: FakeConsumerApi) -> None:
    await client.get_me()
    assert "Idempotency-Key" not in api.calls("GET", "/consumers/me")[0].headers


@pytest.mark.parametrize(("random", "expected"), [(0.0, 0.375), (1.0, 0.625)])
async def test_backoff_jitter_comes_from_the_injected_random(
    http: httpx.AsyncClient,
    api: FakeConsumerApi,
    clock: RecordingClock,
    random: float,
    expected: float,
) -> None:
    client = make_client(http, clock, random=random)
    await client.ensure_session()
    api.script("GET", "/consumers/me", Scripted(500))

    await drive(clock, client.get_me())

    assert clock.sleeps == [expected]


async def test_retries_are_bounded(
    client: ConsumerClient, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    await client.ensure_session()
    api.script("GET", "/consumers/me", *[Scripted(503, {"error": "unavailable"})] * 10)

    with pytest.raises(ServerError) as caught:
        await drive(clock, client.get_me())

    assert len(api.calls("GET", "/consumers/me")) == 4  # one attempt and three retries
    assert clock.sleeps == [0.5, 1.0, 2.0]
    assert caught.value.status_code == 503
    assert "GET /consumers/me" in str(caught.value)


async def test_retry_after_in_seconds_is_honoured(
    client: ConsumerClient, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    await client.ensure_session()
    api.script(
        "GET", "/consumers/me", Scripted(429, {"error": "rate_limited"}, {"Retry-After": "7"})
    )

    await drive(clock, client.get_me())

    assert clock.sleeps == [7.0]


@pytest.mark.parametrize("style", ["http-date", "iso"])
async def test_retry_after_as_a_time_is_honoured(
    client: ConsumerClient, api: FakeConsumerApi, clock: RecordingClock, style: str
) -> None:
    await client.ensure_session()
    at = clock.now() + timedelta(seconds=12)
    value = format_datetime(at, usegmt=True) if style == "http-date" else at.isoformat()
    api.script("POST", "/queues/q_1/enter", Scripted(503, headers={"Retry-After": value}))

    await drive(clock, client.queues.enter("q_1"))

    assert clock.sleeps == [12.0]


async def test_a_long_retry_after_goes_to_the_caller_instead_of_freezing(
    client: ConsumerClient, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    await client.ensure_session()
    api.script(
        "GET", "/consumers/me", Scripted(429, {"error": "rate_limited"}, {"Retry-After": "600"})
    )

    with pytest.raises(RateLimitedError) as caught:
        await client.get_me()

    assert caught.value.retry_after == 600.0
    assert clock.sleeps == []


async def test_not_open_yet_is_not_retried_for_an_action(
    client: ConsumerClient, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    await client.ensure_session()
    body = {"code": "NOT_OPEN_YET", "message": "The queue opens at noon"}
    api.script("POST", "/queues/q_1/enter", Scripted(423, body, {"Retry-After": "5"}))

    with pytest.raises(NotOpenYetError) as caught:
        await client.queues.enter("q_1")

    assert caught.value.retry_after == 5.0
    assert caught.value.code == "NOT_OPEN_YET"
    assert len(api.calls("POST", "/queues/q_1/enter")) == 1
    assert "not open yet" in str(caught.value)


async def test_not_open_yet_is_waited_out_for_a_read(
    client: ConsumerClient, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    await client.ensure_session()
    api.script(
        "GET", "/queues/q_1/status", Scripted(423, {"code": "NOT_OPEN_YET"}, {"Retry-After": "5"})
    )

    state = await drive(clock, client.queues.status("q_1"))

    assert state.status == "NOT_QUEUED"
    assert clock.sleeps == [5.0]


ISSUE = {
    "kind": "schema",
    "type": "string",
    "expected": "string",
    "received": "number",
    "message": "slotId must be a string",
    "path": [],
}


@pytest.mark.parametrize(
    ("status", "body", "error_type"),
    [
        (400, {"error": "validation_error", "issues": [ISSUE]}, BadRequestError),
        (403, {"error": "forbidden"}, PermissionDeniedError),
        (404, {"error": "not_found"}, NotFoundError),
        (
            409,
            {"code": "ALREADY_ROUTED", "message": "Reroute first", "action": "reroute"},
            ConflictError,
        ),
    ],
)
async def test_error_statuses_become_typed_errors_that_say_what_to_do(
    client: ConsumerClient, api: FakeConsumerApi, status: int, body: dict, error_type: type
) -> None:
    await client.ensure_session()
    api.script("POST", f"/experiences/{EXPERIENCE_ID}/route", Scripted(status, body))

    with pytest.raises(error_type) as caught:
        await client.route(EXPERIENCE_ID)

    error = caught.value
    assert error.status_code == status
    assert f"POST /experiences/{EXPERIENCE_ID}/route" in str(error)
    assert "secret" not in str(error)
    assert len(api.calls("POST", f"/experiences/{EXPERIENCE_ID}/route")) == 1
    if isinstance(error, BadRequestError):
        assert error.issues[0].message == "slotId must be a string"
        assert "slotId must be a string" in str(error)
    if isinstance(error, ConflictError):
        assert (error.code, error.action) == ("ALREADY_ROUTED", "reroute")
        assert "Reroute the journey" in str(error)


async def test_connection_failures_are_retried_then_typed(
    client: ConsumerClient, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    await client.ensure_session()
    api.offline = True

    with pytest.raises(APIConnectionError) as caught:
        await drive(clock, client.get_me())

    assert not isinstance(caught.value, APITimeoutError)
    assert API_URL in str(caught.value)
    assert "cannot reach" in str(caught.value)
    assert len(api.calls("GET", "/consumers/me")) == 4


async def test_timeouts_are_typed(
    client: ConsumerClient, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    await client.ensure_session()
    timeout = Scripted(error=httpx.ReadTimeout("slow"))
    api.script("GET", "/consumers/me", *[timeout] * 4)

    with pytest.raises(APITimeoutError) as caught:
        await drive(clock, client.get_me())

    assert "timed out" in str(caught.value)


async def test_an_unreadable_response_is_reported_without_echoing_its_content(
    client: ConsumerClient, api: FakeConsumerApi
) -> None:
    await client.ensure_session()
    sequence = {"phase": "granted", "mechanism": "queue", "grant": {"token": GRANT_TOKEN}}
    journey = {"experienceId": EXPERIENCE_ID, "journeyStage": "routed", "sequence": sequence}
    api.script("GET", "/consumers/me", Scripted(200, {"active": {"journeys": [journey]}}))

    with pytest.raises(APIResponseValidationError) as caught:
        await client.get_me()

    assert GRANT_TOKEN not in str(caught.value)
    assert "GET /consumers/me" in str(caught.value)


async def test_the_access_token_is_refreshed_shortly_before_it_expires(
    client: ConsumerClient, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    api.access_ttl = 120.0
    await client.ensure_session()
    await client.get_me()  # 120 s left: no refresh yet
    clock.advance(90)  # 30 s left: inside the 60 s margin

    await client.get_me()

    assert paths(api) == [
        "POST /auth/guest",
        "GET /consumers/me",
        "POST /auth/refresh",
        "GET /consumers/me",
    ]
    refresh = api.calls("POST", "/auth/refresh")[0]
    assert refresh.content == b'{"refreshToken":"rt-secret-1"}'
    assert "Authorization" not in refresh.headers
    assert api.requests[-1].headers["Authorization"] == "Bearer at-secret-2"


async def test_a_401_refreshes_once_and_retries_the_request(
    client: ConsumerClient, api: FakeConsumerApi
) -> None:
    await client.ensure_session()
    api.valid_access.clear()  # the server revoked the access token early

    await client.get_me()

    assert paths(api) == [
        "POST /auth/guest",
        "GET /consumers/me",
        "POST /auth/refresh",
        "GET /consumers/me",
    ]


async def test_a_second_401_is_an_authentication_error_not_a_loop(
    client: ConsumerClient, api: FakeConsumerApi
) -> None:
    await client.ensure_session()
    api.script("GET", "/consumers/me", Scripted(401, {"error": "unauthorized"}))
    api.script("GET", "/consumers/me", Scripted(401, {"error": "unauthorized"}))

    with pytest.raises(AuthenticationError) as caught:
        await client.get_me()

    assert len(api.calls("POST", "/auth/refresh")) == 1
    assert "Start the journey again" in str(caught.value)


async def test_a_failed_refresh_drops_the_session(
    client: ConsumerClient, api: FakeConsumerApi
) -> None:
    await client.ensure_session()
    api.valid_access.clear()
    api.valid_refresh.clear()

    with pytest.raises(AuthenticationError) as caught:
        await client.get_me()

    assert "could not be renewed" in str(caught.value)
    assert client.session is None


async def test_closes_only_the_http_client_it_created(
    http: httpx.AsyncClient, clock: RecordingClock
) -> None:
    injected = make_client(http, clock)
    await injected.aclose()
    assert not http.is_closed

    async with Fanfare(organization_id="org_1", publishable_key=PUBLISHABLE_KEY) as fanfare:
        owned = fanfare.client._http
    assert owned.is_closed


def test_a_secret_key_is_refused_on_a_kiosk() -> None:
    from kiosk.sdk import FanfareError

    with pytest.raises(FanfareError, match="publishable key"):
        Fanfare(organization_id="org_1", publishable_key="sk_live_abc")
