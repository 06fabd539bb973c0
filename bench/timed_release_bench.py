"""Concurrent timed-release enters per second over loopback.

    .venv/bin/python bench/timed_release_bench.py            # 5,000 enters per phase
    .venv/bin/python bench/timed_release_bench.py --quick    # 1,000

The venue server runs as `kiosk venue serve` does (`bench/venue_server.py`: uvicorn, h11,
asyncio, SQLite synchronous NORMAL, the background ticker) in a subprocess on 127.0.0.1.
Before it starts, this script opens the same database and makes two timed releases and
the guest sessions (one per enter, so every enter is a distinct consumer). Then
`POST /timed-releases/{id}/enter` is sent `--count` times with `--concurrency` requests in
flight, each on its own keep-alive connection:

- "all granted": inventory covers every enter, so each one takes a unit, issues and signs
  a grant and commits it before answering (the grant is in the response);
- "sold out": 100 units for `--count` enters, so after the first 100 the server answers
  409 SOLD_OUT (the refusal path, no write).

First the same two phases run in-process (the `VenueService` on its own SQLite file, no
HTTP), which is the server's own cost per enter. The HTTP client is one Python process; on
a small machine it competes with the server for CPU, so the HTTP figures are a floor. The
load average is printed, since other work on the machine moves these figures. Each HTTP
phase checks that exactly min(count, inventory) grants were issued. Every loop is bounded
in count and time; requests go to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from bench_support import figure, heading, machine_lines, percentile

from kiosk.core.clock import SystemClock
from kiosk.venue.cli import database_path
from kiosk.venue.domain import timed_release
from kiosk.venue.domain.catalog import ExperienceCreate, SequenceCreate
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.domain.timed_release import TimedReleaseCreate
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore

SERVER_SCRIPT = Path(__file__).with_name("venue_server.py")
SOLD_OUT_UNITS = 100


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def in_process(data_dir: Path, count: int) -> None:
    """Both phases straight through the service: no HTTP, each grant committed."""
    data_dir.mkdir()
    _, phases = prepare(data_dir, count)
    store = SqliteStore(database_path(data_dir))
    try:
        service = VenueService(store, SystemClock())
        for phase, (release_id, tokens) in phases.items():
            outcomes: Counter[str] = Counter()
            start = time.perf_counter()
            for token in tokens:
                session = service.authenticate(token)
                consumer = session.consumer_id
                try:
                    state = service.distributions.consumer_action(
                        session,
                        release_id,
                        "timed_release",
                        lambda engine, now, c=consumer: engine.enter(c, None, now),
                        lambda engine, now, c=consumer: engine.status(c, service.token_for),
                    )
                    outcomes[state.status] += 1
                except RefusedError as refused:
                    outcomes[refused.code] += 1
            elapsed = time.perf_counter() - start
            figure(f"in-process, {phase}", count / elapsed, "enters/s", f"{dict(outcomes)}")
    finally:
        store.close()


def prepare(data_dir: Path, count: int) -> tuple[str, dict[str, tuple[str, list[str]]]]:
    """The publishable key, and per phase: a release id and its guests' access tokens."""
    store = SqliteStore(database_path(data_dir))
    try:
        service = VenueService(store, SystemClock())
        phases: dict[str, tuple[str, list[str]]] = {}
        for phase, inventory in (("all granted", count), ("sold out", SOLD_OUT_UNITS)):
            experience = service.create_experience(ExperienceCreate(name=f"Bench {phase}"))
            sequence = service.create_sequence(
                SequenceCreate(experience_id=experience.id, name="All")
            )
            engine = service.distributions.create(
                timed_release.create,
                TimedReleaseCreate(
                    sequence_id=sequence.id, name=phase, inventory=inventory, open_at=service.now()
                ),
            )
            tokens = [service.access.start_guest_session().access_token for _ in range(count)]
            phases[phase] = (engine.id, tokens)
        return service.organization.publishable_key, phases
    finally:
        store.close()


async def wait_until_serving(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.perf_counter() + 30
    async with httpx.AsyncClient(base_url=base_url, trust_env=False) as client:
        while time.perf_counter() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"the venue server exited with status {server.returncode}")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get("/health")).status_code == 200:
                    return
            await asyncio.sleep(0.05)  # polling a process that is starting; bounded above
    raise RuntimeError("the venue server did not answer /health within 30 s")


async def load(
    base_url: str, key: str, release_id: str, tokens: list[str], concurrency: int
) -> tuple[float, list[float], Counter[str]]:
    """Send every enter with `concurrency` in flight; wall time, latencies, outcomes."""
    pending = iter(tokens)
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    path = f"/timed-releases/{release_id}/enter"

    async def worker() -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(
            base_url=base_url, limits=limits, timeout=30.0, trust_env=False
        ) as client:
            for token in pending:
                headers = {"X-Publishable-Key": key, "Authorization": f"Bearer {token}"}
                started = time.perf_counter()
                response = await client.post(path, headers=headers, json={})
                latencies.append(time.perf_counter() - started)
                body = response.json()
                outcomes[f"{response.status_code} {body.get('status') or body.get('code')}"] += 1

    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))), timeout=300)
    return time.perf_counter() - start, sorted(latencies), outcomes


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)  # uvicorn shuts down gracefully on SIGINT
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 enters per phase")
    parser.add_argument("--count", type=int, default=None, help="enters per phase")
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight")
    args = parser.parse_args()
    count = args.count or (1_000 if args.quick else 5_000)

    with tempfile.TemporaryDirectory(prefix="timed-release-bench-") as tmp:
        data_dir = Path(tmp)
        for line in machine_lines(data_dir):
            print(line)
        print(
            "load avg  {:.2f} {:.2f} {:.2f} (1, 5, 15 min) before the run".format(*os.getloadavg())
        )
        heading(f"in-process: {count:,} enters per phase")
        in_process(data_dir / "in-process", count)
        key, phases = prepare(data_dir, count)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        command = [sys.executable, str(SERVER_SCRIPT), f"--data-dir={data_dir}", f"--port={port}"]
        with (data_dir / "server.log").open("wb") as log:
            server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            asyncio.run(wait_until_serving(base_url, server))
            for phase, (release_id, tokens) in phases.items():
                heading(f"{phase}: {count:,} enters, {args.concurrency} in flight (h11, asyncio)")
                elapsed, latencies, outcomes = asyncio.run(
                    load(base_url, key, release_id, tokens, args.concurrency)
                )
                granted = outcomes.get("200 ENTERED", 0)
                expected = count if phase == "all granted" else min(count, SOLD_OUT_UNITS)
                figure("enters", count / elapsed, "enters/s", f"{count:,} in {elapsed:.2f} s")
                figure("latency p50", percentile(latencies, 0.5) * 1000, "ms", digits=1)
                figure("latency p99", percentile(latencies, 0.99) * 1000, "ms", digits=1)
                print(f"  outcomes  {dict(outcomes)}", flush=True)
                if granted != expected:
                    print(f"  WRONG: {granted} grants, expected {expected}", flush=True)
                    return 1
        finally:
            stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
