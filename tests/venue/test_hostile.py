"""A hostile client against a real `kiosk venue serve` on 127.0.0.1: slow and idle sockets,
too many sockets from one address, floods of guest sessions, entries and one-time codes.

Linux routes all of 127.0.0.0/8 to the loopback, so each attacker binds its own source
address (127.0.0.2, ...) and the customer who must still be served is another. Socket
counts stay under 100; every wait is bounded; nothing asserts how fast anything was.
"""

from __future__ import annotations

import asyncio
import select
import shutil
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from kiosk.core.tasks import start_task
from kiosk.venue.http.app import create_app
from kiosk.venue.http.connections import server_options
from kiosk.venue.limits import Limits
from kiosk.venue.service import VenueService
from tests.processes import VenueProcess, running_venue, venue_info

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="binds source addresses across 127.0.0.0/8 (Linux)"
)

LIMITS = (
    *("--limit", "header_timeout=2"),
    *("--limit", "body_timeout=2"),
    *("--limit", "connections_per_client=20"),
    *("--limit", "guest_sessions_per_client=10/60"),
    *("--limit", "entries_per_client=3/60"),
    *("--limit", "otp_requests_per_client=5/600"),
    *("--trusted-client", "127.0.0.9"),
)
PARTIAL_HEAD = b"GET /health HTTP/1.1\r\nHost: venue\r\n"  # never finished
WAIT = 20.0  # the bound on any wait for the server to act


@pytest.fixture(scope="module")
def venue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VenueProcess]:
    with running_venue(tmp_path_factory.mktemp("hostile"), *LIMITS, trusted=False) as process:
        yield process


@pytest.fixture(scope="module")
def info(venue: VenueProcess, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data_dir = Path(venue.process.args[venue.process.args.index("--data-dir") + 1])
    return venue_info(data_dir)


def port_of(venue: VenueProcess) -> int:
    return int(venue.url.rsplit(":", 1)[1])


def client_from(host: str, venue: VenueProcess) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=host)
    return httpx.Client(base_url=venue.url, transport=transport, timeout=10.0)


def open_sockets(
    host: str, port: int, count: int, first: bytes = PARTIAL_HEAD
) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(host, 0))
        if first:
            sock.sendall(first)
        sockets.append(sock)
    return sockets


def answered(sockets: list[socket.socket], seconds: float) -> dict[socket.socket, bytes]:
    """What each socket received within `seconds` (b"" for a close without an answer)."""
    got: dict[socket.socket, bytes] = {}
    deadline = time.monotonic() + seconds
    while len(got) < len(sockets) and time.monotonic() < deadline:
        waiting = [s for s in sockets if s not in got]
        readable, _, _ = select.select(waiting, [], [], max(0.0, deadline - time.monotonic()))
        for sock in readable:
            try:
                got[sock] = sock.recv(4096)
            except OSError:
                got[sock] = b""
    return got


def closed_within(sockets: list[socket.socket], seconds: float) -> int:
    """How many sockets the server closed (EOF or reset) within `seconds`."""
    closed: set[socket.socket] = set()
    deadline = time.monotonic() + seconds
    while len(closed) < len(sockets) and time.monotonic() < deadline:
        waiting = [s for s in sockets if s not in closed]
        readable, _, _ = select.select(waiting, [], [], max(0.0, deadline - time.monotonic()))
        for sock in readable:
            try:
                if sock.recv(4096) == b"":
                    closed.add(sock)
            except OSError:
                closed.add(sock)
    return len(closed)


def close_all(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        sock.close()


def test_slow_sockets_from_one_address_leave_other_clients_served(venue: VenueProcess) -> None:
    port = port_of(venue)
    attack = open_sockets("127.0.0.2", port, 80)
    try:
        first = answered(attack, 1.0)
        refused = [s for s, data in first.items() if data.startswith(b"HTTP/1.1 503")]
        held = [s for s in attack if s not in first]
        # One address holds at most its 20; the rest are answered 503 and closed at once.
        assert len(held) <= 20
        assert len(refused) >= 40
        with client_from("127.0.0.12", venue) as customer:
            assert customer.get("/health").status_code == 200
        # The held sockets never finish their request head: closed after the head deadline.
        assert closed_within(held, WAIT) == len(held)
    finally:
        close_all(attack)
    with client_from("127.0.0.2", venue) as again:  # the address is served again after
        assert again.get("/health").status_code == 200


def test_an_idle_socket_and_a_trickling_keep_alive_socket_are_closed(venue: VenueProcess) -> None:
    port = port_of(venue)
    idle = open_sockets("127.0.0.3", port, 1, first=b"")
    kept = open_sockets("127.0.0.3", port, 1, first=b"GET /health HTTP/1.1\r\nHost: v\r\n\r\n")
    try:
        assert b"200 OK" in answered(kept, WAIT)[kept[0]]
        kept[0].sendall(b"GET /health HTTP/1.1\r\n")  # the next head, started and never ended
        assert closed_within(idle, WAIT) == 1
        assert closed_within(kept, WAIT) == 1
    finally:
        close_all(idle + kept)


def test_a_body_sent_too_slowly_is_answered_408(venue: VenueProcess, info: dict[str, Any]) -> None:
    head = (
        "POST /auth/guest HTTP/1.1\r\nHost: v\r\nContent-Length: 100\r\n"
        f"X-Publishable-Key: {info['publishableKey']}\r\n\r\n{{"
    )
    slow = open_sockets("127.0.0.4", port_of(venue), 1, first=head.encode())
    try:
        reply = answered(slow, WAIT)[slow[0]]
        assert reply.startswith(b"HTTP/1.1 408"), reply[:80]
        assert b"connection: close" in reply.lower()
    finally:
        close_all(slow)


def guest(client: httpx.Client, key: str) -> httpx.Response:
    return client.post("/auth/guest", headers={"X-Publishable-Key": key})


def test_guest_sessions_are_limited_per_address_with_rate_limit_headers(
    venue: VenueProcess, info: dict[str, Any]
) -> None:
    key = info["publishableKey"]
    with client_from("127.0.0.5", venue) as flood:
        answers = [guest(flood, key) for _ in range(15)]
        spoofed = flood.post(
            "/auth/guest", headers={"X-Publishable-Key": key, "X-Forwarded-For": "203.0.113.7"}
        )
    statuses = [a.status_code for a in answers]
    assert statuses == [200] * 10 + [429] * 5
    limited = answers[-1]
    assert limited.json()["error"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.headers["X-RateLimit-Limit"] == "10"
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert int(limited.headers["X-RateLimit-Reset"]) >= 1
    assert answers[0].headers["X-RateLimit-Remaining"] == "9"
    # X-Forwarded-For from a client that is no configured proxy changes nothing.
    assert spoofed.status_code == 429
    with client_from("127.0.0.6", venue) as customer:  # another address: served
        assert guest(customer, key).status_code == 200
    with client_from("127.0.0.9", venue) as load_test:  # a trusted address: no limit
        assert {guest(load_test, key).status_code for _ in range(15)} == {200}


def timed_release(info: dict[str, Any]) -> tuple[str, str]:
    for experience in info["experiences"]:
        for sequence in experience["sequences"]:
            for distribution in sequence["distributions"]:
                if distribution["type"] == "timed_release":
                    return experience["id"], distribution["id"]
    raise AssertionError("the demo has no timed release")


def enter_release(client: httpx.Client, key: str, experience: str, release: str) -> int:
    session = guest(client, key)
    assert session.status_code == 200, session.text
    headers = {"X-Publishable-Key": key, "Authorization": f"Bearer {session.json()['accessToken']}"}
    routed = client.post(f"/experiences/{experience}/route", headers=headers, json={})
    assert routed.status_code == 200, routed.text
    return client.post(f"/timed-releases/{release}/enter", headers=headers).status_code


def test_one_address_cannot_take_a_whole_timed_release(
    venue: VenueProcess, info: dict[str, Any]
) -> None:
    key = info["publishableKey"]
    experience, release = timed_release(info)
    with client_from("127.0.0.7", venue) as hoarder:
        entered = [enter_release(hoarder, key, experience, release) for _ in range(6)]
    assert entered[:3] == [200] * 3
    assert entered[3:] == [429] * 3
    with client_from("127.0.0.8", venue) as customer:
        assert enter_release(customer, key, experience, release) == 200


def test_anonymous_code_requests_do_not_push_out_a_real_customers_code(
    venue: VenueProcess, info: dict[str, Any]
) -> None:
    key = {"X-Publishable-Key": info["publishableKey"]}
    with client_from("127.0.0.10", venue) as customer:
        mine = customer.post("/auth/otp/request", headers=key, json={"email": "me@example.com"})
    assert mine.status_code == 200, mine.text
    with client_from("127.0.0.11", venue) as anonymous:
        flood = [
            anonymous.post(
                "/auth/otp/request", headers=key, json={"email": f"x{n}@example.com"}
            ).status_code
            for n in range(60)
        ]
    assert flood.count(200) == 5
    assert flood.count(429) == 55
    with client_from("127.0.0.1", venue) as staff:
        listed = staff.get(
            "/operator/otp", headers={"Authorization": f"Bearer {info['secretKey']}"}
        ).json()["data"]
    assert "email:me@example.com" in [sent["destination"] for sent in listed]


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs prlimit (util-linux)")
def test_under_a_low_open_file_limit_the_server_caps_connections_and_survives(
    tmp_path: Path,
) -> None:
    """150 descriptors in all: the server serves at most 150 - 64 sockets at once, refuses
    the rest with a 503 instead of failing accept() with "Too many open files", and serves
    again once the slow sockets are gone."""
    prefix = ("prlimit", "--nofile=150:150")
    with running_venue(tmp_path / "venue", *LIMITS, trusted=False, prefix=prefix) as venue:
        assert any("20 connections per client, 86 in all" in line for line in venue.log)
        port = port_of(venue)
        attack = [s for n in range(5) for s in open_sockets(f"127.0.0.{20 + n}", port, 20)]
        try:
            first = answered(attack, 1.0)
            refused = [s for s, data in first.items() if data.startswith(b"HTTP/1.1 503")]
            assert len(attack) - len(first) <= 86
            assert len(refused) >= 100 - 86
            assert closed_within([s for s in attack if s not in first], WAIT) > 0
        finally:
            close_all(attack)
        with client_from("127.0.0.12", venue) as customer:
            assert customer.get("/health").status_code == 200
        assert venue.process.poll() is None


@pytest.mark.parametrize("http", ["h11", "httptools"])
async def test_the_guard_works_on_both_of_uvicorns_http_implementations(
    http: str, service: VenueService
) -> None:
    """In process, on each parser uvicorn may run: the per-client cap and the head deadline."""
    pytest.importorskip(http)
    limits = Limits(header_timeout=1, connections_per_client=5)
    app = create_app(service, limits=limits)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="off",
        **server_options(limits, http=http),
    )
    server = uvicorn.Server(config)
    task = start_task(server.serve(), name="uvicorn")
    try:
        for _ in range(500):
            if server.started or task.done():
                break
            await asyncio.sleep(0.01)
        assert server.started
        port = server.servers[0].sockets[0].getsockname()[1]
        attack = await asyncio.to_thread(open_sockets, "127.0.0.30", port, 30)
        try:
            first = await asyncio.to_thread(answered, attack, 1.0)
            refused = [s for s, data in first.items() if data.startswith(b"HTTP/1.1 503")]
            admitted = [s for s in attack if s not in refused]  # held, or already timed out
            assert (len(admitted), len(refused)) == (5, 25)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as customer:
                assert (await customer.get("/health")).status_code == 200
            held = [s for s in admitted if s not in first]
            assert await asyncio.to_thread(closed_within, held, WAIT) == len(held)
        finally:
            close_all(attack)
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=10)
