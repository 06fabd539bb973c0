"""Fixtures for the SDK tests: a fake clock, a fake consumer API, and a `Fanfare` on both."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from kiosk.sdk import Fanfare
from tests.sdk.fakes import API_URL, PUBLISHABLE_KEY, FakeConsumerApi, RecordingClock


@pytest.fixture
def clock() -> RecordingClock:
    return RecordingClock()


@pytest.fixture
def api(clock: RecordingClock) -> FakeConsumerApi:
    return FakeConsumerApi(clock)


@pytest.fixture
async def http(api: FakeConsumerApi) -> AsyncIterator[httpx.AsyncClient]:
    async with api.http_client() as client:
        yield client


@pytest.fixture
def make_fanfare(http: httpx.AsyncClient, clock: RecordingClock) -> Callable[..., Fanfare]:
    def factory(**overrides: Any) -> Fanfare:
        options: dict[str, Any] = {
            "organization_id": "org_1",
            "publishable_key": PUBLISHABLE_KEY,
            "api_url": API_URL,
            "http_client": http,
            "clock": clock,
            "random": lambda: 0.5,  # jitter factor exactly 1.0
        }
        options.update(overrides)
        return Fanfare(**options)

    return factory


@pytest.fixture
async def fanfare(make_fanfare: Callable[..., Fanfare]) -> AsyncIterator[Fanfare]:
    instance = make_fanfare()
    yield instance
    await instance.aclose()
