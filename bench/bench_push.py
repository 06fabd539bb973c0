"""Live push fan-out: queue admission -> updated view on the client, with 100 and 1,000 open
streams; and the server's memory with 100,000 entrants and 1,000 streams.

    .venv/bin/python bench/bench_push.py            # 100,000 entrants; 100 and 1,000 streams
    .venv/bin/python bench/bench_push.py --quick    # 2,000 entrants; 100 streams (< 1 min)

The line is built in-process on a SQLite file (guest session, route, enter: what the HTTP
handlers make of each entrant); the streaming consumers join last, so every admission moves
every one of them. Then `kiosk venue serve` runs on that file in another process on
127.0.0.1, and this process opens the streams with the SDK's own reader
(`kiosk.sdk.push.EventSource`: httpx, httpx-sse's decoder, the `ConsumerMe` model).

One round: the queue is paused (the operator API) and left to settle; the bench notes
`t0` and resumes it; the venue's ticker (every 0.25 s) admits the head of the line, every
stream is pushed its consumer's new position, and a stream's sample is the first moment
its parsed projection shows a smaller position than before `t0`. So a figure includes the
wait for the next tick (up to 0.25 s), the commit, the fan-out, the socket and the SDK's
parse. Times are `time.monotonic()`, one clock for both processes on Linux. Nothing is
checked against a target (the goal is p95 < 1 s at 1,000 streams); the figures are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from bench_support import background_load, figure, heading, machine_lines, percentile

from kiosk.core.clock import SystemClock
from kiosk.sdk.push import EventSource, PushPolicy
from kiosk.sdk.retry import RetryPolicy
from kiosk.sdk.transport import ConsumerTransport
from kiosk.venue.cli import describe, open_service
from kiosk.venue.domain.catalog import ExperienceCreate, QueueCreate, SequenceCreate
from kiosk.wire.projection import ConsumerMe, QueueConsumer, RoutedJourney

ADMIT_RATE = 600.0  # a minute: a few admissions per tick while resumed
ROUND_SECONDS = 1.5  # resumed this long per round, then paused
SETTLE_SECONDS = 1.0  # paused this long before a round starts
ROUND_BOUND = 10.0  # a stream that saw nothing after this long counts as missed


@dataclass(frozen=True)
class Plan:
    entrants: int
    stream_counts: tuple[int, ...]
    rounds: int
    time_limit: float  # seconds the line may take to build


class FixedToken:
    """The streaming consumer's access token (a bench needs no refresh)."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def access_token(self) -> str:
        return self._token

    async def refresh(self, stale_access_token: str) -> None:
        raise RuntimeError("the bench's token expired")


def build_line(data_dir: Path, plan: Plan) -> tuple[str, str, list[str]]:
    """(queue id, experience id, stream consumers' tokens): the line, built in-process."""
    service = open_service(data_dir, SystemClock())
    experience = service.create_experience(ExperienceCreate(name="Push bench"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="Gen"))
    queue = service.create_queue(
        QueueCreate(sequence_id=sequence.id, name="Line", admit_rate=ADMIT_RATE)
    )
    service.control_queue(queue.id, "pause")
    streamers = max(plan.stream_counts)
    deadline = time.monotonic() + plan.time_limit
    tokens: list[str] = []
    for index in range(plan.entrants):
        tokens_ = service.access.start_guest_session()
        session = service.authenticate(tokens_.access_token)
        last = index >= plan.entrants - streamers
        if last:
            service.journeys.route(session, experience.id, None)
            tokens.append(tokens_.access_token)
        service.queueing.enter(session, queue.id)
        if not last and time.monotonic() > deadline:
            print(f"  (the line stopped at {index:,} entrants: time limit)", flush=True)
            break
    return queue.id, experience.id, tokens


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def position(me: ConsumerMe) -> int | None:
    for journey in me.active.journeys:
        if isinstance(journey, RoutedJourney):
            consumer = journey.sequence.consumer
            if isinstance(consumer, QueueConsumer):
                return consumer.position if consumer.status == "queued" else 0
    return None


class Streams:
    """N open streams; each keeps every position it was pushed, with when it arrived."""

    def __init__(self, url: str, publishable_key: str, tokens: list[str]) -> None:
        self._url, self._key, self._tokens = url, publishable_key, tokens
        self.log: list[list[tuple[float, int]]] = [[] for _ in tokens]
        self.opened = 0
        self.failed = 0
        self._tasks: list[asyncio.Task[None]] = []
        self._clients: list[httpx.AsyncClient] = []

    async def __aenter__(self) -> Streams:
        from kiosk.core.tasks import start_task

        for index, token in enumerate(self._tokens):
            self._tasks.append(start_task(self._follow(index, token), name=f"stream-{index}"))
        for _ in range(600):  # bounded: up to a minute for every stream to open
            if self.opened + self.failed >= len(self._tokens):
                break
            await asyncio.sleep(0.1)
        return self

    async def __aexit__(self, *_: object) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for client in self._clients:
            await client.aclose()

    async def _follow(self, index: int, token: str) -> None:
        # One client per stream: httpx's pool walks every connection it holds per request.
        http = httpx.AsyncClient(timeout=30)
        self._clients.append(http)
        clock = SystemClock()
        transport = ConsumerTransport(
            publishable_key=self._key,
            api_url=self._url,
            http=http,
            clock=clock,
            random=lambda: 0.5,
            retry_policy=RetryPolicy(),
        )
        source = EventSource(transport, FixedToken(token))
        log = self.log[index]
        try:
            async with source.open(PushPolicy(), None, lambda: None) as stream:
                self.opened += 1
                async for pushed in stream:
                    spot = position(pushed.me)
                    if spot is not None:
                        log.append((time.monotonic(), spot))
        except Exception as exc:  # a bench counts failures; it does not stop
            self.failed += 1
            print(f"  stream {index} failed: {type(exc).__name__}", file=sys.stderr)


def latencies(log: list[list[tuple[float, int]]], t0: float) -> tuple[list[float], int]:
    """Per stream: first arrival after `t0` of a smaller position than held at `t0`."""
    samples, missed = [], 0
    for events in log:
        before = [spot for at, spot in events if at <= t0]
        if not before:
            missed += 1
            continue
        held = before[-1]
        after = next((at for at, spot in events if at > t0 and spot < held), None)
        if after is None or after - t0 > ROUND_BOUND:
            missed += 1
        else:
            samples.append(after - t0)
    return samples, missed


async def run_rounds(
    url: str, secret: str, queue_id: str, streams: Streams, rounds: int
) -> tuple[list[float], int]:
    operator = {"Authorization": f"Bearer {secret}"}
    samples: list[float] = []
    missed = 0
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        for _ in range(rounds):
            await http.post(f"/operator/queues/{queue_id}/pause", headers=operator)
            await asyncio.sleep(SETTLE_SECONDS)  # every stream hears the pause first
            t0 = time.monotonic()
            await http.post(f"/operator/queues/{queue_id}/resume", headers=operator)
            await asyncio.sleep(ROUND_SECONDS)
            await http.post(f"/operator/queues/{queue_id}/pause", headers=operator)
            await asyncio.sleep(SETTLE_SECONDS)
            round_samples, round_missed = latencies(streams.log, t0)
            samples += round_samples
            missed += round_missed
    return samples, missed


async def measure(
    url: str, details: dict, queue_id: str, tokens: list[str], plan: Plan, server_pid: int
) -> None:
    for count in plan.stream_counts:
        heading(f"{count:,} open streams, {plan.rounds} admission rounds")
        rss_before = rss_of(server_pid)
        async with Streams(url, details["publishableKey"], tokens[-count:]) as streams:
            figure("streams open", streams.opened, "", f"{streams.failed} failed to open")
            rss_open = rss_of(server_pid)
            samples, missed = await run_rounds(
                url, details["secretKey"], queue_id, streams, plan.rounds
            )
        samples.sort()
        for label, fraction in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
            figure(
                f"admission -> view, {label}",
                1000 * percentile(samples, fraction),
                "ms",
                digits=1,
            )
        figure("samples", len(samples), "", f"{missed} missed (no news within the bound)")
        figure("server RSS, streams open", rss_open / 2**20, "MiB", digits=1)
        figure(
            "server RSS per open stream",
            max(0, rss_open - rss_before) / max(1, streams.opened) / 1024,
            "KiB",
            "growth while they opened",
            digits=1,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 entrants, 100 streams")
    parser.add_argument("--dir", type=Path, default=None, help="where the SQLite file goes")
    args = parser.parse_args(argv)
    plan = (
        Plan(entrants=2_000, stream_counts=(100,), rounds=3, time_limit=20)
        if args.quick
        else Plan(entrants=100_000, stream_counts=(100, 1_000), rounds=6, time_limit=240)
    )
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-push-") as tmp:
        data_dir = Path(tmp)
        for line in machine_lines(data_dir):
            print(line)
        print(background_load())
        heading(f"building the line: {plan.entrants:,} entrants")
        started = time.monotonic()
        queue_id, _, tokens = build_line(data_dir, plan)
        figure("built in", time.monotonic() - started, "s", digits=1)
        details = describe(open_service(data_dir, SystemClock()))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable,
            "-c",
            "import sys; from kiosk.cli import main; sys.exit(main())",
            "venue",
            "serve",
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
            "--trusted-client",  # a load generator: no per-client connection or rate limits
            "127.0.0.1",
        ]
        server = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ)
        )
        try:
            for _ in range(300):  # bounded: up to a minute to load the line and listen
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                time.sleep(0.2)
            heading("the server with the whole line loaded, no streams")
            figure("server RSS", rss_of(server.pid) / 2**20, "MiB", digits=1)
            asyncio.run(measure(url, details, queue_id, tokens, plan, server.pid))
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
