"""The headless journey walker (`kiosk journey EXPERIENCE_ID`)."""

from __future__ import annotations

import argparse
import asyncio
import io
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from kiosk.core.tasks import start_task
from kiosk.journey_cli import add_arguments, run_journey
from kiosk.venue.demo import load_demo
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.sdk.fakes import (
    API_URL,
    EXPERIENCE_ID,
    GRANT_TOKEN,
    PUBLISHABLE_KEY,
    FakeConsumerApi,
    RecordingClock,
    drive,
    settle,
)


def parse(*extra: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(
        [EXPERIENCE_ID, "--api-url", API_URL, "--publishable-key", PUBLISHABLE_KEY, *extra]
    )


def test_defaults_point_at_the_local_venue_server() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args([EXPERIENCE_ID])
    assert args.api_url == "http://127.0.0.1:4802"
    assert args.access_code is None


async def test_walks_to_granted_and_prints_the_expiry_but_not_the_token(
    api: FakeConsumerApi, http: httpx.AsyncClient, clock: RecordingClock
) -> None:
    api.auto_progress = True
    api.next_position = 3
    out, err = io.StringIO(), io.StringIO()

    code = await drive(clock, run_journey(parse(), http_client=http, clock=clock, out=out, err=err))

    lines = out.getvalue().splitlines()
    assert code == 0, err.getvalue()
    assert lines[:3] == [
        "stage=ready",
        "stage=routing",
        "stage=routed phase=enterable mechanism=queue",
    ]
    assert "stage=routed phase=participating mechanism=queue position=3 eta=30s" in lines
    assert "stage=routed phase=participating mechanism=queue position=1 eta=10s" in lines
    assert lines[-1].startswith("granted: the grant expires at 2026-11-27T12:")
    assert "token withheld" in lines[-1]
    assert GRANT_TOKEN not in out.getvalue() + err.getvalue()


async def test_passes_an_access_code_gate(
    api: FakeConsumerApi, http: httpx.AsyncClient, clock: RecordingClock
) -> None:
    api.required_code = "LETMEIN"
    api.auto_progress = True
    api.next_position = 1
    out = io.StringIO()

    code = await drive(
        clock,
        run_journey(parse("--access-code", "LETMEIN"), http_client=http, clock=clock, out=out),
    )

    assert code == 0
    assert "stage=gated" in out.getvalue()


async def test_a_gate_without_a_code_is_a_clear_failure(
    api: FakeConsumerApi, http: httpx.AsyncClient, clock: RecordingClock
) -> None:
    api.required_code = "LETMEIN"
    err = io.StringIO()

    code = await run_journey(parse(), http_client=http, clock=clock, out=io.StringIO(), err=err)

    assert code == 3
    assert "access_code" in err.getvalue() and "--access-code" in err.getvalue()


async def test_ctrl_c_leaves_the_queue_and_exits_130(
    api: FakeConsumerApi, http: httpx.AsyncClient, clock: RecordingClock
) -> None:
    out = io.StringIO()
    walk = start_task(
        run_journey(parse(), http_client=http, clock=clock, out=out), name="journey-cli"
    )
    await settle()
    assert "phase=participating" in out.getvalue()

    walk.cancel()  # what asyncio.run does on SIGINT
    code = await walk

    assert code == 130
    assert len(api.calls("POST", "/queues/q_1/leave")) == 1
    assert "left" in out.getvalue()


async def test_an_unreachable_server_is_a_clear_error(
    api: FakeConsumerApi, http: httpx.AsyncClient, clock: RecordingClock
) -> None:
    api.offline = True
    err = io.StringIO()

    code = await drive(
        clock, run_journey(parse(), http_client=http, clock=clock, out=io.StringIO(), err=err)
    )

    assert code == 1
    assert "cannot reach the Fanfare API at http://127.0.0.1:4802" in err.getvalue()


async def test_a_secret_key_is_refused(http: httpx.AsyncClient, clock: RecordingClock) -> None:
    err = io.StringIO()
    args = parse("--publishable-key", "sk_live_nope")

    code = await run_journey(args, http_client=http, clock=clock, out=io.StringIO(), err=err)

    assert code == 2
    assert "secret key" in err.getvalue()


# -- coming soon, against the real venue's demo -----------------------------------------------


@pytest.fixture
async def demo_venue(clock: RecordingClock, tmp_path) -> AsyncIterator[tuple[str, str, object]]:
    """The real venue app with its demo, on the test's clock: (key, experience id, service)."""
    store = SqliteStore(tmp_path / "venue.sqlite3")
    service = VenueService(store, clock)
    load_demo(service)
    coming_soon = next(e.id for e in service.experiences.values() if e.name.startswith("Coming"))
    try:
        yield service.organization.publishable_key, coming_soon, service
    finally:
        store.close()


def demo_args(key: str, experience_id: str, service, *extra: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(
        [
            experience_id,
            *("--api-url", API_URL, "--publishable-key", key),
            *("--organization-id", service.organization.id),
            *extra,
        ]
    )


async def walk_for(clock: RecordingClock, walk: asyncio.Task[int], seconds: float) -> None:
    """Move the shared fake clock `seconds` forward, one sleeper's deadline at a time."""
    end = clock.monotonic() + seconds
    while clock.monotonic() < end and not walk.done():
        await settle()
        delay = clock.next_deadline()
        clock.advance(min(max(delay if delay is not None else 1.0, 0.0), end - clock.monotonic()))
        await settle()


async def test_coming_soon_says_when_it_opens_counts_down_and_offers_the_waitlist(
    demo_venue, clock: RecordingClock
) -> None:
    key, experience_id, service = demo_venue
    out = io.StringIO()
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport) as http:
        walk = start_task(
            run_journey(
                demo_args(key, experience_id, service), http_client=http, clock=clock, out=out
            ),
            name="journey-cli",
        )
        await walk_for(clock, walk, 65)
        walk.cancel()
        code = await walk

    lines = out.getvalue().splitlines()
    assert code == 130
    assert any(line.startswith("stage=routed phase=scheduled") for line in lines), lines
    opens = (clock.now() - timedelta(seconds=65) + timedelta(minutes=30)).astimezone()
    assert f"opens at {opens:%Y-%m-%d %H:%M:%S} (local time), in 30:00" in lines, lines
    assert "opens in 29:30" in lines and "opens in 29:00" in lines, lines
    assert sum(line.startswith("opens in") for line in lines) == 2  # every 30 s, no more
    assert any("--join-waitlist" in line for line in lines), lines


async def test_join_waitlist_joins_it_on_the_venue(demo_venue, clock: RecordingClock) -> None:
    key, experience_id, service = demo_venue
    out = io.StringIO()
    args = demo_args(key, experience_id, service, "--join-waitlist")
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport) as http:
        walk = start_task(
            run_journey(args, http_client=http, clock=clock, out=out), name="journey-cli"
        )
        await walk_for(clock, walk, 5)
        walk.cancel()
        await walk

    assert "on the waitlist" in out.getvalue().splitlines(), out.getvalue()
