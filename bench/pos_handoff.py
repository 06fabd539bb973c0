"""POS handoff: latency from claim to POS acknowledgement, and redemptions per second.

    .venv/bin/python bench/pos_handoff.py            # full run, about 1.5 minutes
    .venv/bin/python bench/pos_handoff.py --quick    # a smaller run, about 25 s

Everything runs on 127.0.0.1 with real processes: the venue server under uvicorn in a
subprocess (`bench/venue_server.py`, SQLite synchronous NORMAL), and the POS bridge as
`kiosk pos-bridge` in a subprocess (its SQLite synchronous FULL, its default). Grants are
made first, as customers get them (guest session, route, enter a queue that admits at once,
read the grant from GET /consumers/me); that setup is not measured.

1. Latency: one kiosk in this process (a `PosOutbox` on SQLite FULL, a `PosDeliveryWorker`,
   the HTTP transport) hands grants over one after another. Measured per grant from just
   before `outbox.submit()` (the claimed grant in hand) to `outbox.wait()` returning the
   POS's acknowledgement: durable write, delivery, redemption at the venue, the bridge's
   durable acceptance, the answer.
2. Redemptions per second at the bridge: `--concurrency` kiosk requests in flight
   (POST /handoffs, each a new grant) on one httpx client; every one redeems at the venue.
3. Repeats per second: the same handoffs again, answered from the bridge's record.

Nothing is checked against a target; it prints what it measured. Every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
from bench_support import figure, heading, machine_lines, percentile
from queue_enters import Stack, free_port, start_server, stop_server, wait_until_serving

from kiosk.core.clock import SystemClock
from kiosk.pos import HttpBridgeTransport, PosDeliveryWorker, PosOutbox
from kiosk.pos.protocol import HandoffGrant, HandoffRequest
from kiosk.venue.cli import database_path
from kiosk.venue.store import SqliteStore
from kiosk.wire.projection import AdmissionGrant, ConsumerMe, RoutedJourney

KIOSK_TOKEN = "bench-kiosk-token-" + uuid.uuid4().hex
POS_TOKEN = "bench-pos-token-" + uuid.uuid4().hex


@dataclass(frozen=True)
class Sizes:
    latency: int
    throughput: int
    concurrency: int
    time_limit: float


FULL_RUN = Sizes(latency=300, throughput=2000, concurrency=16, time_limit=30.0)
QUICK_RUN = Sizes(latency=60, throughput=300, concurrency=8, time_limit=10.0)


def read_keys(data_dir: Path) -> tuple[str, str]:
    """Organization id and secret key, made by opening the venue database once."""
    from kiosk.venue.service import VenueService

    store = SqliteStore(database_path(data_dir))
    try:
        org = VenueService(store, SystemClock()).organization
        return org.publishable_key, org.secret_key
    finally:
        store.close()


async def make_queue(http: httpx.AsyncClient, secret_key: str) -> tuple[str, str]:
    auth = {"Authorization": f"Bearer {secret_key}"}

    async def post(path: str, body: dict[str, object]) -> str:
        response = await http.post(path, json=body, headers=auth)
        response.raise_for_status()
        return str(response.json()["id"])

    experience_id = await post("/operator/experiences", {"name": "POS bench"})
    sequence_id = await post(
        "/operator/sequences", {"experienceId": experience_id, "name": "General"}
    )
    queue_id = await post(
        "/operator/queues",
        {
            "sequenceId": sequence_id,
            "name": "Line",
            "admitRate": 1_000_000,
            "admissionExpirationSeconds": 3600,
        },
    )
    return experience_id, queue_id


async def grant_for(
    http: httpx.AsyncClient, publishable_key: str, experience_id: str, queue_id: str
) -> AdmissionGrant:
    signed = await http.post("/auth/guest", headers={"X-Publishable-Key": publishable_key})
    signed.raise_for_status()
    headers = {
        "X-Publishable-Key": publishable_key,
        "Authorization": f"Bearer {signed.json()['accessToken']}",
    }
    (
        await http.post(f"/experiences/{experience_id}/route", headers=headers, json={})
    ).raise_for_status()
    (await http.post(f"/queues/{queue_id}/enter", headers=headers)).raise_for_status()
    for _ in range(50):
        me = ConsumerMe.model_validate((await http.get("/consumers/me", headers=headers)).json())
        journey = me.journey_for(experience_id)
        if isinstance(journey, RoutedJourney) and journey.sequence.grant is not None:
            return journey.sequence.grant
        await asyncio.sleep(0.02)  # the venue admits on its ticker; bounded above
    raise RuntimeError("the venue did not grant within a second")


async def make_grants(venue_url: str, keys: tuple[str, str], count: int) -> list[AdmissionGrant]:
    publishable_key, secret_key = keys
    limits = httpx.Limits(max_connections=16)
    async with httpx.AsyncClient(base_url=venue_url, limits=limits, trust_env=False) as http:
        experience_id, queue_id = await make_queue(http, secret_key)
        grants: list[AdmissionGrant] = []
        for start in range(0, count, 16):
            batch = min(16, count - start)
            grants += await asyncio.gather(
                *(grant_for(http, publishable_key, experience_id, queue_id) for _ in range(batch))
            )
        return grants


def start_bridge(data_dir: Path, port: int, venue_url: str, secret_key: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "FANFARE_POS_SECRET_KEY": secret_key,
        "FANFARE_POS_API_TOKEN": POS_TOKEN,
        "FANFARE_POS_KIOSK_TOKENS": f"K7={KIOSK_TOKEN}",
    }
    command = [
        sys.executable,
        "-m",
        "kiosk.cli",
        "pos-bridge",
        f"--port={port}",
        f"--venue-url={venue_url}",
        f"--data-dir={data_dir}",
        "--register=1",
        "--register=2",
    ]
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "bridge.log").open("wb") as log:
        return subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)


async def latency(
    data_dir: Path, bridge_url: str, grants: list[AdmissionGrant], time_limit: float
) -> None:
    clock = SystemClock()
    outbox = PosOutbox(data_dir / "kiosk" / "pos-outbox.sqlite3", clock=clock)
    transport = HttpBridgeTransport(bridge_url, KIOSK_TOKEN)
    worker = PosDeliveryWorker(outbox, transport, clock=clock)
    worker.start()
    total: list[float] = []
    submit: list[float] = []
    statuses: Counter[str] = Counter()
    deadline = time.perf_counter() + time_limit
    try:
        for warm in grants[:5]:  # connections, caches
            handoff = await outbox.submit(warm, kiosk_id="K7")
            await asyncio.wait_for(outbox.wait(handoff.id), 10)
        for grant in grants[5:]:
            if time.perf_counter() > deadline:
                break
            started = time.perf_counter()
            handoff = await outbox.submit(grant, kiosk_id="K7")
            saved = time.perf_counter()
            final = await asyncio.wait_for(outbox.wait(handoff.id), 10)
            ended = time.perf_counter()
            statuses[final.status] += 1
            submit.append(saved - started)
            total.append(ended - started)
    finally:
        await worker.aclose()
        await transport.aclose()
        outbox.close()
    total.sort()
    submit.sort()
    note = f"{len(total)} handoffs one after another, {dict(statuses)}"
    figure("claim → POS acknowledgement, p50", percentile(total, 0.5) * 1000, "ms", note, digits=2)
    figure("claim → POS acknowledgement, p90", percentile(total, 0.9) * 1000, "ms", digits=2)
    figure("claim → POS acknowledgement, p99", percentile(total, 0.99) * 1000, "ms", digits=2)
    figure("claim → POS acknowledgement, max", total[-1] * 1000, "ms", digits=2)
    figure(
        "of which the durable outbox write, p50",
        percentile(submit, 0.5) * 1000,
        "ms",
        "SQLite synchronous FULL",
        digits=2,
    )


def bodies(grants: list[AdmissionGrant]) -> list[dict]:
    return [
        HandoffRequest(
            idempotency_key=str(uuid.uuid4()),
            reference=f"K7-{n:04X}"[-7:],
            kiosk_id="K7",
            grant=HandoffGrant(
                token=grant.token,
                experience_id=grant.experience_id,
                sequence_id=grant.sequence_id,
                distribution_type=grant.distribution_type,
                distribution_id=grant.distribution_id,
                expires_at=grant.expires_at,
            ),
        ).to_wire()
        for n, grant in enumerate(grants)
    ]


async def hammer(bridge_url: str, items: list[dict], concurrency: int, time_limit: float):
    statuses: Counter[int] = Counter()
    queue = list(reversed(items))
    headers = {"Authorization": f"Bearer {KIOSK_TOKEN}"}
    deadline = time.perf_counter() + time_limit
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=bridge_url, limits=limits, timeout=30, trust_env=False
    ) as http:

        async def kiosk() -> None:
            while queue and time.perf_counter() < deadline:
                body = queue.pop()
                response = await http.post("/handoffs", json=body, headers=headers)
                statuses[response.status_code] += 1

        started = time.perf_counter()
        async with asyncio.TaskGroup() as group:
            for number in range(concurrency):
                group.create_task(kiosk(), name=f"bench-kiosk-{number}")
        elapsed = time.perf_counter() - started
    return statuses, elapsed


async def throughput(bridge_url: str, grants: list[AdmissionGrant], sizes: Sizes) -> None:
    items = bodies(grants)
    statuses, elapsed = await hammer(bridge_url, items, sizes.concurrency, sizes.time_limit)
    done = sum(statuses.values())
    figure(
        "redemptions per second at the bridge",
        statuses[200] / elapsed,
        "/s",
        f"{statuses[200]} accepted of {done} in {elapsed:.2f} s, {sizes.concurrency} in flight,"
        f" statuses {dict(statuses)}",
    )
    replayed = items[:done]
    statuses, elapsed = await hammer(bridge_url, replayed, sizes.concurrency, sizes.time_limit)
    figure(
        "repeated handoffs answered from the record",
        sum(statuses.values()) / elapsed,
        "/s",
        f"{sum(statuses.values())} repeats, statuses {dict(statuses)}, no venue call",
    )


async def run(sizes: Sizes, root: Path) -> None:
    venue_dir = root / "venue"
    venue_dir.mkdir(parents=True)
    keys = read_keys(venue_dir)
    venue_port, bridge_port = free_port(), free_port()
    venue_url = f"http://127.0.0.1:{venue_port}"
    bridge_url = f"http://127.0.0.1:{bridge_port}"
    venue = start_server(venue_dir, venue_port, Stack("h11", "asyncio"), None)
    bridge = start_bridge(root / "bridge", bridge_port, venue_url, keys[1])
    try:
        await wait_until_serving(venue_url, venue)
        await wait_until_serving(bridge_url, bridge)
        made = time.perf_counter()
        grants = await make_grants(venue_url, keys, sizes.latency + 5 + sizes.throughput)
        print(f"  (made {len(grants)} grants in {time.perf_counter() - made:.1f} s, unmeasured)")
        heading("handoff latency, one kiosk, loopback")
        await latency(root, bridge_url, grants[: sizes.latency + 5], sizes.time_limit)
        heading("redemptions at the bridge, loopback")
        await throughput(bridge_url, grants[sizes.latency + 5 :], sizes)
    finally:
        stop_server(bridge)
        stop_server(venue)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run")
    args = parser.parse_args(argv)
    sizes = QUICK_RUN if args.quick else FULL_RUN
    with tempfile.TemporaryDirectory(prefix="pos-bench-") as directory:
        root = Path(directory)
        heading("POS handoff benchmark")
        for line in machine_lines(root):
            print(f"  {line}")
        asyncio.run(run(sizes, root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
