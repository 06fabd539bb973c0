"""`fanfare.auth.resume_draw_entry`: the session becomes the entry's consumer, stored like a
guest session; the venue's refusals arrive as typed errors; the reference is never logged."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

from kiosk.sdk import (
    ConflictError,
    ConsumerClient,
    EntryReferenceNotFoundError,
    EntryReferenceRateLimitedError,
    EntryReferenceSpentError,
)
from kiosk.sdk.auth import Auth
from tests.sdk.fakes import API_URL, PUBLISHABLE_KEY, RecordingClock

SESSION = {
    "session": {"type": "guest", "consumerId": "c_entry", "expiresAt": "2030-01-01T00:00:00Z"},
    "accessToken": "at_1",
    "refreshToken": "rt_1",
    "refreshTokenTtlSeconds": 3600,
    "beaconToken": "b",
}


def client_answering(status: int, body: Any, headers: dict[str, str] | None = None) -> tuple:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json=body, headers=headers or {})

    http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
    client = ConsumerClient(
        publishable_key=PUBLISHABLE_KEY,
        api_url=API_URL,
        http_client=http,
        clock=RecordingClock(),
        random=lambda: 0.5,
    )
    return client, seen


async def test_a_reference_gives_the_entrys_session(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client, seen = client_answering(200, SESSION)
    session = await Auth(client).resume_draw_entry("exp_1", "7KQ3MD")
    assert session.consumer_id == "c_entry" and session.session_type == "guest"
    assert client.snapshot() is not None  # stored like a guest session: a restart keeps it
    (request,) = seen
    assert (request.method, request.url.path) == ("POST", "/auth/draw-entry")
    assert request.headers["X-Publishable-Key"] == PUBLISHABLE_KEY
    assert "Authorization" not in request.headers
    assert json.loads(request.content) == {"experienceId": "exp_1", "reference": "7KQ3MD"}
    assert "7KQ3MD" not in caplog.text


@pytest.mark.parametrize(
    ("status", "body", "headers", "error"),
    [
        (404, {"error": "not_found", "message": "No entry"}, {}, EntryReferenceNotFoundError),
        (429, {"error": "rate_limited"}, {"Retry-After": "42"}, EntryReferenceRateLimitedError),
        (409, {"code": "ENTRY_REFERENCE_SPENT", "message": "x"}, {}, EntryReferenceSpentError),
    ],
)
async def test_refusals_are_typed(
    status: int, body: dict[str, Any], headers: dict[str, str], error: type[Exception]
) -> None:
    client, seen = client_answering(status, body, headers)
    with pytest.raises(error) as raised:
        await client.resume_draw_entry("exp_1", "ZZZZZZ")
    assert len(seen) == 1  # a wrong guess is never retried: it would count twice
    if status == 429:
        assert raised.value.retry_after == 42
    assert client.session is None


async def test_another_conflict_stays_a_conflict() -> None:
    client, _ = client_answering(409, {"code": "SOMETHING_ELSE", "message": "x"})
    with pytest.raises(ConflictError):
        await client.resume_draw_entry("exp_1", "ZZZZZZ")
