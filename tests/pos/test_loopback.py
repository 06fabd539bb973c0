"""End to end over real loopback sockets: the venue server under uvicorn, the POS bridge as a
real `kiosk pos-bridge` process, and a kiosk (SDK → claim → outbox → worker) in this test.

Real time passes here (real sockets); every wait is bounded and every server is stopped."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn

from kiosk.core.clock import SystemClock
from kiosk.core.tasks import start_task
from kiosk.pos import HttpBridgeTransport, PosDeliveryWorker, PosOutbox
from kiosk.sdk import Fanfare, GrantedSequence, RoutedView
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.conftest import make_queue

KIOSK_TOKEN = "loopback-kiosk-token-0123456789"
POS_TOKEN = "loopback-pos-token-0123456789"
BOUND = 30.0  # seconds: no step of this test may take longer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def wait_healthy(url: str, process: subprocess.Popen[bytes] | None = None) -> None:
    async with httpx.AsyncClient(timeout=1.0) as http:
        for _ in range(int(BOUND / 0.1)):
            if process is not None and process.poll() is not None:
                raise AssertionError(f"the server exited with {process.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if (await http.get(url + "/health")).status_code == 200:
                    return
            await asyncio.sleep(0.1)  # real time: a real server is starting
    raise AssertionError(f"{url} never became healthy")


@pytest.fixture
async def venue(tmp_path) -> AsyncIterator[tuple[str, VenueService]]:
    store = SqliteStore(tmp_path / "venue.sqlite3")
    service = VenueService(store, SystemClock())
    port = free_port()
    config = uvicorn.Config(
        create_app(service, clock=SystemClock()),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    task = start_task(server.serve(), name="loopback-venue")
    url = f"http://127.0.0.1:{port}"
    try:
        await wait_healthy(url)
        yield url, service
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, BOUND)
        store.close()


@pytest.fixture
async def bridge_process(tmp_path, venue) -> AsyncIterator[str]:
    venue_url, service = venue
    port = free_port()
    environment = {
        **os.environ,
        "FANFARE_POS_SECRET_KEY": service.organization.secret_key,
        "FANFARE_POS_API_TOKEN": POS_TOKEN,
        "FANFARE_POS_KIOSK_TOKENS": f"K7={KIOSK_TOKEN}",
    }
    command = [
        sys.executable,
        "-m",
        "kiosk.cli",
        "pos-bridge",
        "--port",
        str(port),
        "--venue-url",
        venue_url,
        "--data-dir",
        str(tmp_path / "bridge"),
        "--register",
        "5",
    ]
    log = (tmp_path / "bridge.log").open("wb")
    process = subprocess.Popen(  # noqa: ASYNC220 - Popen returns at once
        command, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        await wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


async def test_a_claimed_grant_reaches_a_real_bridge_over_loopback(
    tmp_path, venue, bridge_process: str
) -> None:
    venue_url, service = venue
    setup = make_queue(service, admit_rate=100_000)
    clock = SystemClock()
    outbox = PosOutbox(tmp_path / "kiosk" / "pos-outbox.sqlite3", clock=clock)
    transport = HttpBridgeTransport(bridge_process, KIOSK_TOKEN)
    worker = PosDeliveryWorker(outbox, transport, clock=clock)
    try:
        async with Fanfare(
            organization_id=service.organization.id,
            publishable_key=service.organization.publishable_key,
            api_url=venue_url,
            clock=clock,
        ) as fanfare:
            journey = fanfare.journeys.get(setup.experience_id)
            routed = await asyncio.wait_for(journey.view.start(), BOUND)
            assert isinstance(routed, RoutedView)
            await asyncio.wait_for(routed.sequence.enter(), BOUND)
            for _ in range(50):
                view = journey.view
                if isinstance(view, RoutedView) and isinstance(view.sequence, GrantedSequence):
                    break
                await asyncio.wait_for(journey.refresh(), BOUND)
            grant = journey.view.sequence.claim()

        worker.start()
        handoff = await outbox.submit(grant, kiosk_id="K7")
        final = await asyncio.wait_for(outbox.wait(handoff.id), BOUND)

        async with httpx.AsyncClient(base_url=bridge_process, timeout=5) as pos:
            listed = await pos.get(
                "/pos/handoffs", headers={"Authorization": f"Bearer {POS_TOKEN}"}
            )
    finally:
        await worker.aclose()
        await transport.aclose()
        outbox.close()

    assert final.status == "acknowledged"
    assert final.answer is not None and final.answer.register == "5"
    assert [h["reference"] for h in listed.json()["data"]] == [handoff.reference]
    with pytest.raises(Exception, match="already been used"):
        service.validate_grant(grant.token)
    bridge_log = (tmp_path / "bridge.log").read_text()
    assert "accepted" in bridge_log
    for secret in (grant.token, KIOSK_TOKEN, POS_TOKEN, service.organization.secret_key):
        assert secret not in bridge_log
