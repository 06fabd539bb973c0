"""Status polls/s and fresh enters/s over HTTP, each beside a trivial Starlette endpoint.

    .venv/bin/python bench/venue_ratio.py            # 5 rounds per stack, 3-4 minutes
    .venv/bin/python bench/venue_ratio.py --quick    # 3 short rounds per stack
    .venv/bin/python bench/venue_ratio.py --demo     # the demo experiences loaded as well

One server process (`bench/venue_server.py`: the venue app as `kiosk venue serve` builds
it, synchronous NORMAL, ticker running) also serves a bare Starlette app at
`/bench/trivial`, so both share the process, the uvicorn stack and the machine's load at
that moment. Each round runs four phases back to back, in an order that alternates between
rounds:

- `GET /bench/trivial` beside `GET /queues/{id}/status` (a queued consumer's poll, the
  same publishable key and bearer headers on both);
- `POST /bench/trivial` beside `POST /queues/{id}/enter` (a fresh guest each time, so
  every enter writes an entry: a committed SQLite transaction before the answer).

A ratio is the venue's requests/s over the trivial endpoint's in the same round; the
figures are the median over rounds. Each phase also reports the server's CPU per request
(from /proc), which the machine's other load does not change: when *other CPU* is high,
trust the CPU ratios over the rate ratios. The load comes from one process of this script
on raw keep-alive sockets (`bench/http_load.py`), `--connections` requests in flight.

Runs with h11 + asyncio (uvicorn's pure-Python stack) and httptools + uvloop (what
`kiosk venue serve` uses where they install). Guests, their tokens and the queued
consumers are made in-process before the server starts, in its database; `--demo` adds
the demo experiences (every request ticks every distribution, so a venue with a dozen
costs more per request than one with a single queue). Nothing is
checked against a target: this prints, no more. Requests go to 127.0.0.1 only, and every
phase is bounded in count and in time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from bench_support import (
    background_load,
    figure,
    heading,
    machine_cpu_seconds,
    machine_lines,
    make_queue,
    percentile,
)
from http_load import LoadResult, request_bytes, run_load

from kiosk.core.clock import SystemClock
from kiosk.venue.cli import database_path
from kiosk.venue.demo import load_demo
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore

SERVER_SCRIPT = Path(__file__).with_name("venue_server.py")
TRIVIAL = "/bench/trivial"


@dataclass(frozen=True)
class Sizes:
    rounds: int
    phase_seconds: float  # each phase stops at this time, or when its requests run out
    enters_per_round: int  # fresh guests made per round (the cap on enters in one phase)
    polled: int  # queued consumers whose status is polled, round robin
    warmup: int  # requests per phase before the first round, not reported


FULL_RUN = Sizes(rounds=5, phase_seconds=2.5, enters_per_round=12_000, polled=2_000, warmup=500)
QUICK_RUN = Sizes(rounds=3, phase_seconds=1.0, enters_per_round=5_000, polled=500, warmup=200)


@dataclass(frozen=True)
class Stack:
    http: str
    loop: str

    @property
    def name(self) -> str:
        return f"{self.http} + {self.loop}"


def stacks_to_run() -> list[Stack]:
    stacks = [Stack("h11", "asyncio")]
    if importlib.util.find_spec("httptools") is not None:
        fast_loop = "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"
        stacks.append(Stack("httptools", fast_loop))
    return stacks


# ---- the venue, made before the server starts ----------------------------------------------


@dataclass(frozen=True)
class Prepared:
    publishable_key: str
    secret_key: str
    queue_id: str
    polled_tokens: list[str]  # consumers already queued
    fresh_tokens: list[list[str]]  # per round (and one list for the warm-up): never entered


def prepare(data_dir: Path, sizes: Sizes, demo: bool) -> Prepared:
    store = SqliteStore(database_path(data_dir))
    try:
        service = VenueService(store, SystemClock())
        if demo:  # a venue with a dozen distributions: every request ticks each of them
            load_demo(service)
        queue_id = make_queue(service)

        def token() -> str:
            return service.access.start_guest_session().access_token

        polled = [token() for _ in range(sizes.polled)]
        for access_token in polled:
            service.queueing.enter(service.authenticate(access_token), queue_id)
        fresh = [[token() for _ in range(sizes.warmup)]]
        fresh += [[token() for _ in range(sizes.enters_per_round)] for _ in range(sizes.rounds)]
        org = service.organization
        return Prepared(org.publishable_key, org.secret_key, queue_id, polled, fresh)
    finally:
        store.close()


# ---- the phases ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    name: str
    requests: list[bytes]


def phases_of(prepared: Prepared, round_number: int, count: int) -> list[Phase]:
    """Trivial GET, status poll, trivial POST, fresh enter: the requests of one round. The
    trivial requests carry the same headers as the venue's, so both parse as much."""
    key = {"X-Publishable-Key": prepared.publishable_key}
    polled = prepared.polled_tokens
    fresh = prepared.fresh_tokens[round_number]

    def bearer(token: str) -> dict[str, str]:
        return {**key, "Authorization": f"Bearer {token}"}

    status_path = f"/queues/{prepared.queue_id}/status"
    enter_path = f"/queues/{prepared.queue_id}/enter"
    return [
        Phase(
            "GET /bench/trivial",
            [request_bytes("GET", TRIVIAL, bearer(polled[i % len(polled)])) for i in range(count)],
        ),
        Phase(
            "GET /queues/{id}/status",
            [
                request_bytes("GET", status_path, bearer(polled[i % len(polled)]))
                for i in range(count)
            ],
        ),
        Phase("POST /bench/trivial", [request_bytes("POST", TRIVIAL, bearer(t)) for t in fresh]),
        Phase(
            "POST /queues/{id}/enter", [request_bytes("POST", enter_path, bearer(t)) for t in fresh]
        ),
    ]


@dataclass
class Measured:
    load: LoadResult
    server_cpu: float  # seconds of the server's CPU during the phase
    client_cpu: float  # seconds of this process's CPU during the phase
    machine_cpu: float  # seconds of CPU anything on the machine used during the phase

    @property
    def server_us(self) -> float:
        """Server CPU per answered request, in µs."""
        return 1e6 * self.server_cpu / max(1, self.load.done)

    @property
    def other_cores(self) -> float:
        """How many cores something else kept busy during the phase, on average."""
        others = self.machine_cpu - self.server_cpu - self.client_cpu
        return max(0.0, others) / max(self.load.elapsed, 1e-9)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client_loop() -> asyncio.AbstractEventLoop:
    """uvloop where it imports: a cheaper client (its CPU is reported beside the server's)."""
    if importlib.util.find_spec("uvloop") is not None:
        import uvloop

        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def measure(port: int, pid: int, phase: Phase, connections: int, seconds: float) -> Measured:
    server, client, machine = cpu_seconds(pid), time.process_time(), machine_cpu_seconds()
    with asyncio.Runner(loop_factory=client_loop) as runner:
        load = runner.run(
            run_load(port, phase.requests, connections=connections, time_limit=seconds)
        )
    measured = Measured(
        load,
        server_cpu=cpu_seconds(pid) - server,
        client_cpu=time.process_time() - client,
        machine_cpu=machine_cpu_seconds() - machine,
    )
    wrong = {status: n for status, n in load.statuses.items() if not 200 <= status < 300}
    if wrong or load.failures:
        print(f"  {phase.name}: failures {wrong or ''} {dict(load.failures) or ''}", flush=True)
    return measured


# ---- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    data_dir: Path, port: int, stack: Stack, extra: list[str]
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        str(SERVER_SCRIPT),
        f"--data-dir={data_dir}",
        f"--port={port}",
        f"--http={stack.http}",
        f"--loop={stack.loop}",
        *extra,
    ]
    with (data_dir / "server.log").open("wb") as log:  # the child keeps its own copy
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)


def get_json(url: str, headers: dict[str, str] | None = None) -> dict[str, object]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy
    with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=5) as answer:
        return json.loads(answer.read())


def wait_until_serving(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the venue server exited with status {server.returncode}")
        with contextlib.suppress(OSError):
            get_json(f"http://127.0.0.1:{port}/health")
            return
        time.sleep(0.05)  # polling a process that is starting; bounded above
    raise RuntimeError("the venue server did not answer /health within 30 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)  # uvicorn shuts down gracefully on SIGINT
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ---- one stack -----------------------------------------------------------------------------

PAIRS = (
    ("GET /queues/{id}/status", "GET /bench/trivial", "status polls"),
    ("POST /queues/{id}/enter", "POST /bench/trivial", "fresh enters"),
)


def run_stack(data_dir: Path, stack: Stack, sizes: Sizes, args: argparse.Namespace) -> None:
    data_dir.mkdir(parents=True)
    started = time.perf_counter()
    prepared = prepare(data_dir, sizes, args.demo)
    made = sum(len(tokens) for tokens in prepared.fresh_tokens) + len(prepared.polled_tokens)
    print(f"  made {made:,} guests in-process ({time.perf_counter() - started:.1f} s)")
    port = free_port()
    server = start_server(data_dir, port, stack, args.server_args)
    runs: dict[str, list[Measured]] = {}
    try:
        wait_until_serving(port, server)
        warm = phases_of(prepared, 0, sizes.warmup)
        for phase in warm:
            measure(port, server.pid, phase, args.connections, sizes.phase_seconds)
        polls = int(sizes.phase_seconds * 20_000)  # more than any phase can answer in time
        for number in range(1, sizes.rounds + 1):
            phases = phases_of(prepared, number, polls)
            order = phases if number % 2 else phases[2:] + phases[:2]
            for phase in order:
                measured = measure(port, server.pid, phase, args.connections, sizes.phase_seconds)
                runs.setdefault(phase.name, []).append(measured)
        entered = sum(m.load.done for m in runs["POST /queues/{id}/enter"])
        entered += len(prepared.fresh_tokens[0]) + len(prepared.polled_tokens)
        auth = {"Authorization": f"Bearer {prepared.secret_key}"}
        queue = get_json(f"http://127.0.0.1:{port}/operator/queues/{prepared.queue_id}", auth)
    except Exception:
        print((data_dir / "server.log").read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        stop_server(server)
    report(runs)
    verdict = "ok" if queue["queued"] == entered else "WRONG"
    print(f"  check: {queue['queued']:,} queued after {entered:,} enters: {verdict}", flush=True)


def report(runs: dict[str, list[Measured]]) -> None:
    for name, measured in runs.items():
        rates = [m.load.rate for m in measured]
        cpu = [m.server_us for m in measured]
        latencies = sorted(x for m in measured for x in m.load.latencies)
        client = [1e6 * m.client_cpu / max(1, m.load.done) for m in measured]
        figure(
            name,
            statistics.median(rates),
            "req/s",
            f"median of {len(rates)}: {min(rates):,.0f} to {max(rates):,.0f}",
        )
        figure(f"{name}: server CPU", statistics.median(cpu), "µs/req", digits=0)
        figure(f"{name}: latency p50", percentile(latencies, 0.5) * 1e3, "ms", digits=2)
        figure(f"{name}: client CPU", statistics.median(client), "µs/req", digits=0)
    for venue, trivial, what in PAIRS:
        pairs = list(zip(runs[venue], runs[trivial], strict=True))
        rate_ratio = [v.load.rate / t.load.rate for v, t in pairs]
        cpu_ratio = [t.server_us / v.server_us for v, t in pairs]
        figure(
            f"{what} / trivial: rate",
            statistics.median(rate_ratio),
            "x",
            "per round: " + ", ".join(f"{r:.2f}" for r in rate_ratio),
            digits=2,
        )
        figure(
            f"{what} / trivial: server CPU per request",
            statistics.median(cpu_ratio),
            "x",
            "trivial µs ÷ venue µs; per round: " + ", ".join(f"{r:.2f}" for r in cpu_ratio),
            digits=2,
        )
    others = [m.other_cores for measured in runs.values() for m in measured]
    busy = statistics.median(others)
    quiet = "quiet" if busy < 0.1 else "NOT quiet: rates are low, the CPU ratios hold better"
    print(f"  other CPU during the phases: {100 * busy:.0f}% of one core, median ({quiet})")


# ---- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter rounds")
    parser.add_argument("--connections", type=int, default=32, help="requests in flight")
    parser.add_argument(
        "--stack",
        choices=["all", "h11", "httptools"],
        default="all",
        help="which uvicorn stack to measure (default: every one that imports)",
    )
    parser.add_argument(
        "--server-arg",
        dest="server_args",
        action="append",
        default=[],
        help="passed on to bench/venue_server.py (e.g. --server-arg=--profile=/tmp/p.prof)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="load the demo experiences beside the measured queue (no demo crowd)",
    )
    parser.add_argument("--dir", type=Path, default=None, help="where the databases go")
    args = parser.parse_args(argv)
    sizes = QUICK_RUN if args.quick else FULL_RUN
    stacks = [s for s in stacks_to_run() if args.stack in ("all", s.http)]

    with tempfile.TemporaryDirectory(prefix="kiosk-ratio-", dir=args.dir) as temp:
        flags = [flag for flag, on in (("--quick", args.quick), ("--demo", args.demo)) if on]
        print(" ".join(["venue_ratio", *flags]))
        for line in machine_lines(Path(temp)):
            print(line)
        print(background_load(), flush=True)
        for stack in stacks:
            heading(f"uvicorn {version('uvicorn')} ({stack.name}), one server process")
            print(
                f"  {sizes.rounds} rounds of {sizes.phase_seconds:g} s phases, "
                f"{args.connections} connections, one request in flight on each",
                flush=True,
            )
            run_stack(Path(temp) / stack.http, stack, sizes, args)
        if len(stacks) == 1 and args.stack == "all":
            print("\n  (httptools cannot be imported here: only h11 + asyncio measured)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
