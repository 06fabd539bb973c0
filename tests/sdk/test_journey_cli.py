"""The headless journey walker (`kiosk journey EXPERIENCE_ID`)."""

from __future__ import annotations

import argparse
import io

import httpx

from kiosk.core.tasks import start_task
from kiosk.journey_cli import add_arguments, run_journey
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
