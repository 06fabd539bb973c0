"""No oversell over real sockets: the venue app under uvicorn on 127.0.0.1, 1,000 enters sent
at once by 1,000 distinct guests on 1,000 connections, 100 units: exactly 100 grants.

The server runs in a thread on a socket bound here (port 0: the kernel picks a free one), so
clients can connect at once, before uvicorn's accept loop is even running. It is stopped in
`finally`, and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn

from kiosk.venue.domain import timed_release
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.venue.test_timed_release_api import make_release

ENTRANTS = 1_000
UNITS = 100


@contextmanager
def serving(service: VenueService) -> Iterator[str]:
    """The venue app on a loopback port for the duration of the block; yields its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(2048)
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        create_app(service), log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name="venue-under-test", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()
        assert not thread.is_alive(), "the venue server did not stop"


async def test_a_thousand_concurrent_enters_on_a_hundred_units_grant_exactly_a_hundred(
    service: VenueService, store: SqliteStore
) -> None:
    setup = make_release(service, inventory=UNITS)
    tokens = [service.access.start_guest_session().access_token for _ in range(ENTRANTS)]
    key = service.organization.publishable_key

    with serving(service) as base_url:
        limits = httpx.Limits(max_connections=ENTRANTS, max_keepalive_connections=ENTRANTS)
        async with httpx.AsyncClient(
            base_url=base_url, limits=limits, timeout=60.0, trust_env=False
        ) as client:

            async def enter(access_token: str) -> httpx.Response:
                return await client.post(
                    f"/timed-releases/{setup.release_id}/enter",
                    headers={"X-Publishable-Key": key, "Authorization": f"Bearer {access_token}"},
                    json={},
                )

            responses = await asyncio.wait_for(
                asyncio.gather(*(enter(token) for token in tokens)), timeout=120
            )

    outcomes = Counter(
        (r.status_code, r.json().get("status") or r.json().get("code")) for r in responses
    )
    assert outcomes == {(200, "ENTERED"): UNITS, (409, "SOLD_OUT"): ENTRANTS - UNITS}
    grants = [r.json()["admissionGrant"] for r in responses if r.status_code == 200]
    assert len(set(grants)) == UNITS
    holders = {service.validate_grant(grant).consumer_id for grant in grants}
    assert len(holders) == UNITS  # one unit per consumer, no consumer twice
    engine = service.distributions.get(setup.release_id, "timed_release")
    assert (engine.held, engine.available) == (UNITS, 0)
    (durable,) = timed_release.load(store)  # what was answered was also written
    assert (durable.held, durable.available) == (UNITS, 0)
