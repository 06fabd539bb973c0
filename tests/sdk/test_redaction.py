"""Tokens and grants never reach a log record, a repr, a str or an exception message."""

from __future__ import annotations

import logging

import pytest

from kiosk.sdk import Fanfare, FanfareError
from tests.sdk.fakes import (
    EXPERIENCE_ID,
    GRANT_TOKEN,
    FakeConsumerApi,
    RecordingClock,
    Scripted,
    drive,
    settle,
)

SECRETS = ("at-secret", "rt-secret", "beacon-secret", GRANT_TOKEN)


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"


async def test_a_whole_journey_logs_no_token_or_grant(
    fanfare: Fanfare,
    api: FakeConsumerApi,
    clock: RecordingClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    api.access_ttl = 90.0
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    errors: list[BaseException] = []

    view = await journey.view.start()
    view = await view.sequence.enter()
    api.script("GET", "/queues/q_1/status", Scripted(503), Scripted(401, {"error": "x"}))
    for _ in range(3):
        await settle()
        clock.advance(clock.next_deadline() or 0)
    api.grant()
    clock.advance(40)  # the access token is now inside its refresh margin
    await settle()
    clock.advance(clock.next_deadline() or 0)
    await settle()
    grant = journey.view.sequence.claim()
    api.valid_access.clear()
    api.valid_refresh.clear()
    try:
        await drive(clock, journey.refresh())
    except FanfareError as exc:
        errors.append(exc)

    assert grant.token == GRANT_TOKEN
    assert len(api.calls("POST", "/auth/refresh")) >= 1
    assert errors, "the revoked session should have failed the refresh"
    for record in caplog.records:
        assert_clean(record.getMessage())
        assert_clean(str(record.exc_info))
    for item in (*errors, fanfare, fanfare.client, fanfare.session, journey, journey.view, grant):
        assert_clean(repr(item))
        assert_clean(str(item))
    for event in journey.events:
        assert_clean(event.model_dump_json())
