"""Bids per second on one English auction: in-process with durability, and over HTTP.

    .venv/bin/python bench/auction_bench.py            # full run, about half a minute
    .venv/bin/python bench/auction_bench.py --quick    # a smaller run

In-process: a `VenueService` over `SqliteStore` on a real file in a temporary directory
(`synchronous` NORMAL, the default, and FULL), on the system clock. Each bid goes through
`service.consumer_action`, exactly as `POST /auctions/{id}/bid` does (tick, act, commit,
tick, answer), and is committed before the next one starts. Accepted bids each write the bid
(and a bidder's first bid its bidder record); refused bids (BID_TOO_LOW) write nothing.

Over HTTP: the real venue app under uvicorn in a subprocess (`bench/venue_server.py`, h11 +
asyncio) on 127.0.0.1, synchronous NORMAL. The auction is created through the operator API.
64 guests sign in and route first (not measured). Then: one connection bidding in sequence,
every bid exactly the minimum (all accepted); and `--concurrency` connections bidding at
once with amounts from one shared counter, so bids that arrive out of order are refused
with 409 BID_TOO_LOW (both counted and reported).

The auction closes an hour after it opens, so no anti-sniping extension mixes in. Nothing is
checked against a target: this prints, no more. Every loop is bounded in count and in time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
from bench_support import background_load, figure, heading, machine_lines, percentile
from queue_enters import (
    Stack,
    avoid_failed_sniffio_import,
    cpu_seconds,
    free_port,
    start_server,
    stop_server,
    wait_until_serving,
)

from kiosk.core.clock import SystemClock
from kiosk.venue.cli import database_path, describe
from kiosk.venue.domain import auction
from kiosk.venue.domain.auction import AuctionCreate, AuctionEngine
from kiosk.venue.domain.catalog import ExperienceCreate, SequenceCreate
from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore

START, STEP = Decimal("1.00"), Decimal("0.01")
BIDDERS = 64
WARMUP = 200


@dataclass(frozen=True)
class Sizes:
    in_process: dict[str, int]  # accepted bids per synchronous mode
    http: int  # bids per HTTP phase
    time_limit: float  # seconds; any one measured loop stops here, whatever its count


FULL_RUN = Sizes(in_process={"NORMAL": 10_000, "FULL": 2_000}, http=8_000, time_limit=10.0)
QUICK_RUN = Sizes(in_process={"NORMAL": 2_000, "FULL": 300}, http=1_500, time_limit=3.0)


# ---- in-process ----------------------------------------------------------------------------


def bench_auction(service: VenueService) -> tuple[str, str]:
    """An English auction open for an hour, from 1.00 in steps of 0.01: (experience, auction)."""
    now = service.now()
    experience = service.create_experience(ExperienceCreate(name="Bench auction"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="General"))
    body = AuctionCreate(
        sequence_id=sequence.id,
        name="Bench lot",
        open_at=now,
        close_at=now + timedelta(hours=1),
        settle_at=now + timedelta(hours=1, minutes=1),
        start_price=START,
        min_bid_increment=STEP,
        auto_extend_seconds=30,
    )
    return experience.id, service.distributions.create(auction.create, body).id


def timed(operation: Callable[[], object], count: int, time_limit: float) -> tuple[int, float]:
    """Run `operation` up to `count` times or until `time_limit` seconds have passed."""
    start = time.perf_counter()
    deadline = start + time_limit
    done = 0
    while done < count:
        operation()
        done += 1
        if done % 100 == 0 and time.perf_counter() > deadline:
            break
    return done, time.perf_counter() - start


def in_process(data_dir: Path, synchronous: str, count: int, time_limit: float) -> None:
    store = SqliteStore(
        data_dir / f"in-process-{synchronous.lower()}.sqlite3", synchronous=synchronous
    )
    try:
        service = VenueService(store, SystemClock())
        experience_id, auction_id = bench_auction(service)
        sessions: list[ConsumerSession] = []
        for _ in range(BIDDERS):
            session = service.authenticate(service.access.start_guest_session().access_token)
            service.journeys.route(session, experience_id, None)
            sessions.append(session)
        turn = itertools.count()

        def bid(amount_of: Callable[[AuctionEngine], Decimal]) -> Callable[[], object]:
            def place() -> object:
                session = sessions[next(turn) % BIDDERS]

                def action(engine: AuctionEngine, now: object) -> TickResult:
                    return engine.bid(session.consumer_id, amount_of(engine), now)  # type: ignore[arg-type]

                def respond(engine: AuctionEngine, now: object) -> object:
                    state = auction.consumer_state(engine, session.consumer_id, service.token_for)
                    return state.to_wire()

                try:
                    return service.distributions.consumer_action(
                        session, auction_id, "auction", action, respond
                    )
                except RefusedError:
                    return None

            return place

        def minimum(engine: AuctionEngine) -> Decimal:
            return engine.min_bid(service.now())

        def too_low(engine: AuctionEngine) -> Decimal:
            return START

        accepted_bid = bid(minimum)
        timed(accepted_bid, WARMUP, time_limit)
        done, elapsed = timed(accepted_bid, count, time_limit)
        figure(
            f"{synchronous}: accepted bid, committed",
            done / elapsed,
            "bids/s",
            f"{done:,} in {elapsed:.2f} s, {elapsed / done * 1e6:.0f} µs each",
        )
        refused_bid = bid(too_low)
        done, elapsed = timed(refused_bid, count, time_limit)
        figure(
            f"{synchronous}: refused bid (BID_TOO_LOW)",
            done / elapsed,
            "bids/s",
            f"{done:,} in {elapsed:.2f} s, nothing written",
        )
        engine = service.distributions.get(auction_id, "auction")
        amounts = [b.amount for b in engine.bids]
        ordered = all(b > a for a, b in itertools.pairwise(amounts))
        print(f"  check: {len(amounts):,} accepted bids, strictly increasing: {ordered}")
    finally:
        store.close()


# ---- over HTTP -----------------------------------------------------------------------------


@dataclass
class Phase:
    accepted: int = 0
    refused: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    def report(self, what: str) -> None:
        total = self.accepted + self.refused
        elapsed = max(self.elapsed, 1e-9)
        figure(f"{what}: requests", total / elapsed, "bids/s", f"{total:,} in {elapsed:.2f} s")
        figure(f"{what}: accepted", self.accepted / elapsed, "bids/s", f"{self.accepted:,}")
        if self.refused:
            figure(f"{what}: refused (409)", self.refused / elapsed, "bids/s", f"{self.refused:,}")
        latencies = sorted(self.latencies)
        figure(f"{what}: latency p50", percentile(latencies, 0.50) * 1e3, "ms", digits=1)
        figure(f"{what}: latency p99", percentile(latencies, 0.99) * 1e3, "ms", digits=1)
        figure(
            f"{what}: server CPU",
            100 * self.server_cpu / elapsed,
            "% of one core",
            f"{self.server_cpu / max(total, 1) * 1e6:.0f} µs per bid",
        )
        figure(
            f"{what}: client CPU",
            100 * self.client_cpu / elapsed,
            "% of one core",
            f"the client process, {self.client_cpu / max(total, 1) * 1e6:.0f} µs per bid",
        )
        if self.failures:
            listed = ", ".join(f"{why} x{n}" for why, n in self.failures.most_common())
            print(f"  FAILED requests (not counted above): {listed}", flush=True)


def client(base_url: str, headers: dict[str, str]) -> httpx.AsyncClient:
    """One keep-alive connection per request in flight, never through a proxy."""
    return httpx.AsyncClient(
        base_url=base_url,
        headers=headers,
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        timeout=30.0,
        trust_env=False,
    )


async def setup_over_http(base_url: str, keys: dict[str, str]) -> tuple[str, list[str]]:
    """The auction through the operator API, then BIDDERS guests signed in and routed."""
    operator = {"Authorization": f"Bearer {keys['secretKey']}"}
    async with client(base_url, operator) as http:

        async def post(path: str, body: dict[str, object]) -> str:
            response = await http.post(path, json=body)
            response.raise_for_status()
            return str(response.json()["id"])

        experience_id = await post("/operator/experiences", {"name": "Bench auction"})
        sequence_id = await post(
            "/operator/sequences", {"experienceId": experience_id, "name": "General"}
        )
        now = datetime.now(UTC)  # the server runs on this machine's clock too

        def at(seconds: int) -> str:
            return (now + timedelta(seconds=seconds)).isoformat()

        auction_id = await post(
            "/operator/auctions",
            {
                "sequenceId": sequence_id,
                "name": "Bench lot",
                "openAt": at(-1),
                "closeAt": at(3600),
                "settleAt": at(3660),
                "startPrice": str(START),
                "minBidIncrement": str(STEP),
                "autoExtendSeconds": 30,
            },
        )
    tokens = []
    async with client(base_url, {"X-Publishable-Key": keys["publishableKey"]}) as http:
        for _ in range(BIDDERS):
            signed_in = await http.post("/auth/guest")
            signed_in.raise_for_status()
            token = signed_in.json()["accessToken"]
            bearer = {"Authorization": f"Bearer {token}"}
            routed = await http.post(f"/experiences/{experience_id}/route", headers=bearer, json={})
            routed.raise_for_status()
            tokens.append(token)
    return auction_id, tokens


async def bid_phase(
    base_url: str,
    keys: dict[str, str],
    auction_id: str,
    tokens: list[str],
    *,
    next_amount: Callable[[], Decimal],
    connections: int,
    count: int,
    time_limit: float,
    server_pid: int,
) -> Phase:
    phase = Phase()
    numbers = itertools.count()
    path = f"/auctions/{auction_id}/bid"
    deadline = time.perf_counter() + time_limit

    async def worker(http: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            index = next(numbers)
            if index >= count:
                return
            bearer = {"Authorization": f"Bearer {tokens[index % len(tokens)]}"}
            body = {"amount": str(next_amount())}
            started = time.perf_counter()
            try:
                response = await http.post(path, headers=bearer, json=body)
            except httpx.HTTPError as exc:
                phase.failures[type(exc).__name__] += 1
                continue
            phase.latencies.append(time.perf_counter() - started)
            if response.status_code == 200:
                phase.accepted += 1
            elif response.status_code == 409 and response.json().get("code") == "BID_TOO_LOW":
                phase.refused += 1
            else:
                phase.failures[f"HTTP {response.status_code}"] += 1

    async with contextlib.AsyncExitStack() as stack:
        key = {"X-Publishable-Key": keys["publishableKey"]}
        clients = [
            await stack.enter_async_context(client(base_url, key)) for _ in range(connections)
        ]
        for http in clients:  # connect now, so the measured window holds only the load
            (await http.get("/health")).raise_for_status()
        cpu_before, client_before = cpu_seconds(server_pid), time.process_time()
        started = time.perf_counter()
        async with asyncio.TaskGroup() as group:
            for number, http in enumerate(clients):
                group.create_task(worker(http), name=f"bench-bidder-{number}")
        phase.elapsed = time.perf_counter() - started
        phase.server_cpu = cpu_seconds(server_pid) - cpu_before
        phase.client_cpu = time.process_time() - client_before
    return phase


async def highest_over_http(
    base_url: str, keys: dict[str, str], auction_id: str
) -> dict[str, object]:
    async with client(base_url, {"Authorization": f"Bearer {keys['secretKey']}"}) as http:
        response = await http.get(f"/operator/auctions/{auction_id}")
        response.raise_for_status()
        return response.json()


def over_http(data_dir: Path, sizes: Sizes, concurrency: int) -> None:
    data_dir.mkdir(parents=True)
    store = SqliteStore(database_path(data_dir))
    try:
        keys = describe(VenueService(store, SystemClock()))  # before the server starts
    finally:
        store.close()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_server(data_dir, port, Stack("h11", "asyncio"), None)
    try:
        asyncio.run(wait_until_serving(base_url, server))
        auction_id, tokens = asyncio.run(setup_over_http(base_url, keys))
        amounts = itertools.count()

        def exact_minimum() -> Decimal:
            return START + STEP * next(amounts)

        def run(connections: int, count: int) -> Phase:
            return asyncio.run(
                bid_phase(
                    base_url,
                    keys,
                    auction_id,
                    tokens,
                    next_amount=exact_minimum,
                    connections=connections,
                    count=count,
                    time_limit=sizes.time_limit,
                    server_pid=server.pid,
                )
            )

        run(1, WARMUP)  # warm-up, not reported
        run(1, sizes.http).report("1 connection, in sequence")
        run(concurrency, sizes.http).report(f"{concurrency} connections at once")
        described = asyncio.run(highest_over_http(base_url, keys, auction_id))
        print(
            f"  check: {described['bidCount']:,} accepted bids, highest {described['highestBid']}",
            flush=True,
        )
    except Exception:
        print((data_dir / "server.log").read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        stop_server(server)


# ---- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bids per second on one English auction.")
    parser.add_argument("--quick", action="store_true", help="a smaller, faster run")
    parser.add_argument(
        "--concurrency", type=int, default=16, help="HTTP bids in flight at once (default 16)"
    )
    parser.add_argument("--skip-http", action="store_true", help="only the in-process figures")
    parser.add_argument(
        "--dir", type=Path, default=None, help="where the temporary databases go (default: TMPDIR)"
    )
    args = parser.parse_args(argv)
    sizes = QUICK_RUN if args.quick else FULL_RUN
    avoid_failed_sniffio_import()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-", dir=args.dir) as temp:
        data_dir = Path(temp)
        print("auction_bench" + (" --quick" if args.quick else ""))
        for line in machine_lines(data_dir):
            print(line)
        print(background_load(), flush=True)
        heading("in-process: VenueService on a SQLite file, one English auction")
        for synchronous, count in sizes.in_process.items():
            in_process(data_dir, synchronous, count, sizes.time_limit)
        if not args.skip_http:
            heading("over HTTP on 127.0.0.1: uvicorn h11 + asyncio, one client process")
            over_http(data_dir / "http", sizes, args.concurrency)
    return 0


if __name__ == "__main__":
    sys.exit(main())
