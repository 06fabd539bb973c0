"""Queue enters per second: in-process with durability, and over HTTP on loopback.

    .venv/bin/python bench/queue_enters.py            # full run, under a minute
    .venv/bin/python bench/queue_enters.py --quick    # a smaller run

In-process: a `VenueService` over `SqliteStore` on a real file in a temporary directory,
with `synchronous` NORMAL (the default) and FULL, on the system clock. "guest session +
enter" starts a fresh guest session, authenticates its access token and enters the queue,
each change committed before the next step; "enter only" authenticates and enters with
sessions made beforehand.

Over HTTP: the real venue app under uvicorn in a subprocess (`bench/venue_server.py`) on
127.0.0.1, synchronous NORMAL. The queue is created through the operator API with the
secret key read from the database before the server starts. Guest tokens are made first
(POST /auth/guest, also reported), then POST /queues/{id}/enter is driven with
`--concurrency` requests in flight, each on its own keep-alive connection and its own
httpx.AsyncClient, spread over `--client-processes` processes (one Python process cannot
make requests as fast as the server answers them on this kind of machine). Runs with h11 +
asyncio, and again with httptools + uvloop when both can be imported (bench/README.md says
how to try them without touching the venv).

The queue admits 0.001 consumers a minute, so every entrant stays queued and no admission
work mixes into the figures. Nothing is checked against a target: this prints, no more.
Requests go to 127.0.0.1 only; every loop is bounded in count and in time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import itertools
import os
import pstats
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path

import httpx
from bench_support import (
    TINY_ADMIT_RATE,
    OtherLoad,
    background_load,
    figure,
    heading,
    machine_cpu_seconds,
    machine_lines,
    make_queue,
    percentile,
)

from kiosk.core.clock import SystemClock
from kiosk.venue.cli import database_path, describe
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore

SERVER_SCRIPT = Path(__file__).with_name("venue_server.py")
WARMUP = 300  # requests (or in-process enters) run before measuring, not reported
START_DELAY = 1.0  # seconds for client processes to connect before they start together


@dataclass(frozen=True)
class Sizes:
    in_process: dict[str, int]  # enters per synchronous mode
    http: int  # guests signed in, then entered, per HTTP stack
    time_limit: float  # seconds; any one measured loop stops here, whatever its count


FULL_RUN = Sizes(in_process={"NORMAL": 10_000, "FULL": 3_000}, http=10_000, time_limit=12.0)
QUICK_RUN = Sizes(in_process={"NORMAL": 2_000, "FULL": 500}, http=2_000, time_limit=4.0)


# ---- in-process ----------------------------------------------------------------------------


def check_queued(queued: int, entered: int) -> str:
    """Every measured enter really joined the line (and nobody was admitted)."""
    verdict = "ok" if queued == entered else "WRONG"
    return f"{queued:,} queued after {entered:,} enters, warm-up included: {verdict}"


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
    path = data_dir / f"in-process-{synchronous.lower()}.sqlite3"
    store = SqliteStore(path, synchronous=synchronous)
    try:
        service = VenueService(store, SystemClock())
        queue_id = make_queue(service)

        def guest_and_enter() -> None:
            tokens = service.access.start_guest_session()
            service.queueing.enter(service.authenticate(tokens.access_token), queue_id)

        timed(guest_and_enter, WARMUP, time_limit)
        done, elapsed = timed(guest_and_enter, count, time_limit)
        figure(
            f"{synchronous}: guest session + enter",
            done / elapsed,
            "enters/s",
            f"{done:,} in {elapsed:.2f} s, {elapsed / done * 1e6:.0f} µs each",
        )

        access_tokens = [service.access.start_guest_session().access_token for _ in range(count)]
        pending = iter(access_tokens)

        def enter_only() -> None:
            service.queueing.enter(service.authenticate(next(pending)), queue_id)

        done_only, elapsed_only = timed(enter_only, len(access_tokens), time_limit)
        figure(
            f"{synchronous}: enter only (sessions made before)",
            done_only / elapsed_only,
            "enters/s",
            f"{done_only:,} in {elapsed_only:.2f} s, {elapsed_only / done_only * 1e6:.0f} µs each",
        )
        queued = service.queueing.get(queue_id).queued_count
        print(f"  check: {check_queued(queued, WARMUP + done + done_only)}", flush=True)
    finally:
        store.close()


# ---- HTTP load, run in client processes ----------------------------------------------------


@dataclass(frozen=True)
class ClientJob:
    """What one client process does: sign guests in, or enter the queue with tokens."""

    base_url: str
    publishable_key: str
    connections: int
    start_at: float  # time.perf_counter() value; CLOCK_MONOTONIC, the same in every process
    time_limit: float
    sign_ins: int = 0
    enter_path: str = ""
    access_tokens: tuple[str, ...] = ()
    httpx_as_installed: bool = False


@dataclass
class ClientResult:
    done: int = 0
    started: float = 0.0
    ended: float = 0.0
    cpu: float = 0.0  # seconds of this process's CPU while it drove the load
    latencies: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    access_tokens: list[str] = field(default_factory=list)


def avoid_failed_sniffio_import() -> bool:
    """httpcore 1.0.9 imports `sniffio` on every lock it sets up; without sniffio installed
    (anyio >= 4.11 no longer brings it) each failed import searches sys.path, ~0.2 ms of
    client CPU per request (encode/httpcore#1103). Marking the module absent makes the
    import fail at once: the same answer ("asyncio"), without the search."""
    if importlib.util.find_spec("sniffio") is not None:
        return False
    sys.modules["sniffio"] = None  # type: ignore[assignment]
    return True


def run_client(job: ClientJob) -> ClientResult:
    """Entry point of a client process."""
    if not job.httpx_as_installed:
        avoid_failed_sniffio_import()
    return asyncio.run(drive(job))


def connection(job: ClientJob, tls: ssl.SSLContext) -> httpx.AsyncClient:
    """A client that holds one keep-alive connection. The load uses one per request in
    flight: httpcore's pool scans every connection it holds for every request, so one client
    with 64 connections spends ~2 ms of CPU per request on that alone. (`tls` is never used
    on http://; sharing one saves each client ~20 ms of loading CA certificates.)"""
    return httpx.AsyncClient(
        base_url=job.base_url,
        verify=tls,
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        timeout=30.0,
        trust_env=False,  # loopback only: never through a proxy named in the environment
        headers={"X-Publishable-Key": job.publishable_key},
    )


Send = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


async def drive(job: ClientJob) -> ClientResult:
    result = ClientResult()
    count = job.sign_ins or len(job.access_tokens)

    async def sign_in(client: httpx.AsyncClient, _: int) -> httpx.Response:
        response = await client.post("/auth/guest")
        if response.status_code == 200:
            result.access_tokens.append(response.json()["accessToken"])
        return response

    async def enter(client: httpx.AsyncClient, index: int) -> httpx.Response:
        bearer = {"Authorization": f"Bearer {job.access_tokens[index]}"}
        return await client.post(job.enter_path, headers=bearer)

    send: Send = sign_in if job.sign_ins else enter
    numbers = itertools.count()
    deadline = job.start_at + job.time_limit

    async def worker(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            index = next(numbers)
            if index >= count:
                return
            started = time.perf_counter()
            try:
                response = await send(client, index)
            except httpx.HTTPError as exc:
                result.failures[type(exc).__name__] += 1
                continue
            result.latencies.append(time.perf_counter() - started)
            if response.status_code >= 300:
                result.failures[f"HTTP {response.status_code}"] += 1
            else:
                result.done += 1

    async with contextlib.AsyncExitStack() as stack:
        tls = ssl.create_default_context()
        clients = [
            await stack.enter_async_context(connection(job, tls)) for _ in range(job.connections)
        ]
        for client in clients:  # connect now, so the measured window holds only the load
            (await client.get("/health")).raise_for_status()
        await asyncio.sleep(max(0.0, job.start_at - time.perf_counter()))  # start together
        cpu_before = time.process_time()
        result.started = time.perf_counter()
        async with asyncio.TaskGroup() as group:
            for number, client in enumerate(clients):
                group.create_task(worker(client), name=f"bench-connection-{number}")
        result.ended = time.perf_counter()
        result.cpu = time.process_time() - cpu_before
    return result


# ---- HTTP: the server and the phases -------------------------------------------------------


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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Load:
    """One measured phase, all client processes together."""

    results: list[ClientResult]
    window: float  # seconds, as the parent saw it: from the common start to the last result
    server_cpu: float  # seconds of the server's CPU in the window
    machine_cpu: float  # seconds of CPU that anything on the machine used in the window

    @property
    def done(self) -> int:
        return sum(r.done for r in self.results)

    @property
    def elapsed(self) -> float:
        return max(r.ended for r in self.results) - min(r.started for r in self.results)

    @property
    def access_tokens(self) -> list[str]:
        return [token for r in self.results for token in r.access_tokens]

    def report(self, what: str, unit: str) -> None:
        done, elapsed, window = self.done, self.elapsed, self.window
        latencies = sorted(latency for r in self.results for latency in r.latencies)
        client_cpu = sum(r.cpu for r in self.results)
        others = max(0.0, self.machine_cpu - self.server_cpu - client_cpu)
        figure(what, done / elapsed, unit, f"{done:,} in {elapsed:.2f} s")
        figure(f"{what}: latency p50", percentile(latencies, 0.50) * 1e3, "ms", digits=1)
        figure(f"{what}: latency p99", percentile(latencies, 0.99) * 1e3, "ms", digits=1)
        figure(
            f"{what}: server CPU",
            100 * self.server_cpu / window,
            "% of one core",
            f"{self.server_cpu / max(done, 1) * 1e6:.0f} µs per request",
        )
        figure(
            f"{what}: client CPU",
            100 * client_cpu / window,
            "% of one core",
            f"all client processes, {client_cpu / max(done, 1) * 1e6:.0f} µs per request",
        )
        figure(
            f"{what}: other CPU",
            100 * others / window,
            "% of one core",
            "other processes and kernel threads",
        )
        failures = sum((r.failures for r in self.results), Counter[str]())
        if failures:
            listed = ", ".join(f"{reason} x{n}" for reason, n in failures.most_common())
            print(f"  FAILED requests (not counted above): {listed}", flush=True)


@dataclass
class HttpRun:
    pool: ProcessPoolExecutor
    processes: int
    base_url: str
    publishable_key: str
    server_pid: int
    concurrency: int
    time_limit: float
    httpx_as_installed: bool

    def phase(
        self, sign_ins: int = 0, enter_path: str = "", tokens: list[str] | None = None
    ) -> Load:
        """Sign `sign_ins` guests in, or enter with `tokens`, from every client process."""
        tokens = tokens or []
        start_at = time.perf_counter() + START_DELAY
        jobs = []
        for number in range(self.processes):
            jobs.append(
                ClientJob(
                    base_url=self.base_url,
                    publishable_key=self.publishable_key,
                    connections=share(self.concurrency, self.processes, number),
                    start_at=start_at,
                    time_limit=self.time_limit,
                    sign_ins=share(sign_ins, self.processes, number),
                    enter_path=enter_path,
                    access_tokens=tuple(tokens[number :: self.processes]),
                    httpx_as_installed=self.httpx_as_installed,
                )
            )
        futures = [self.pool.submit(run_client, job) for job in jobs]
        time.sleep(max(0.0, start_at - time.perf_counter()))  # until the clients start
        server_before, machine_before = cpu_seconds(self.server_pid), machine_cpu_seconds()
        window_start = time.perf_counter()
        results = [future.result() for future in futures]
        return Load(
            results,
            window=time.perf_counter() - window_start,
            server_cpu=cpu_seconds(self.server_pid) - server_before,
            machine_cpu=machine_cpu_seconds() - machine_before,
        )


def share(total: int, parts: int, number: int) -> int:
    return total // parts + (1 if number < total % parts else 0)


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


async def create_queue_over_http(base_url: str, secret_key: str) -> str:
    """Experience, sequence and queue through the operator API, as an operator would."""
    auth = {"Authorization": f"Bearer {secret_key}"}
    async with httpx.AsyncClient(base_url=base_url, headers=auth, trust_env=False) as client:

        async def post(path: str, body: dict[str, object]) -> str:
            response = await client.post(path, json=body)
            response.raise_for_status()
            return str(response.json()["id"])

        experience_id = await post("/operator/experiences", {"name": "Bench"})
        sequence_id = await post(
            "/operator/sequences", {"experienceId": experience_id, "name": "General"}
        )
        return await post(
            "/operator/queues",
            {"sequenceId": sequence_id, "name": "Line", "admitRate": TINY_ADMIT_RATE},
        )


async def queued_count(base_url: str, secret_key: str, queue_id: str) -> int:
    auth = {"Authorization": f"Bearer {secret_key}"}
    async with httpx.AsyncClient(base_url=base_url, headers=auth, trust_env=False) as client:
        response = await client.get(f"/operator/queues/{queue_id}")
        response.raise_for_status()
        return int(response.json()["queued"])


def start_server(
    data_dir: Path, port: int, stack: Stack, profile: Path | None
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        str(SERVER_SCRIPT),
        f"--data-dir={data_dir}",
        f"--port={port}",
        f"--http={stack.http}",
        f"--loop={stack.loop}",
    ]
    if profile is not None:
        command.append(f"--profile={profile}")
    with (data_dir / "server.log").open("wb") as log:  # the child keeps its own copy
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)  # uvicorn shuts down gracefully on SIGINT
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def over_http(data_dir: Path, stack: Stack, sizes: Sizes, args: argparse.Namespace) -> None:
    data_dir.mkdir(parents=True)
    # The keys, as `kiosk venue info --json` prints them, read before the server starts.
    store = SqliteStore(database_path(data_dir))
    try:
        keys = describe(VenueService(store, SystemClock()))
    finally:
        store.close()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    profile_path = data_dir / "server.prof" if args.profile_server else None
    server = start_server(data_dir, port, stack, profile_path)
    try:
        asyncio.run(wait_until_serving(base_url, server))
        queue_id = asyncio.run(create_queue_over_http(base_url, keys["secretKey"]))
        enter_path = f"/queues/{queue_id}/enter"
        with ProcessPoolExecutor(args.client_processes, mp_context=get_context("spawn")) as pool:
            run = HttpRun(
                pool=pool,
                processes=args.client_processes,
                base_url=base_url,
                publishable_key=keys["publishableKey"],
                server_pid=server.pid,
                concurrency=args.concurrency,
                time_limit=sizes.time_limit,
                httpx_as_installed=args.httpx_as_installed,
            )
            # Warm-up: every code path of client and server run once; not reported.
            warm_tokens = run.phase(sign_ins=WARMUP).access_tokens
            warm_entered = run.phase(enter_path=enter_path, tokens=warm_tokens).done

            signed_in = run.phase(sign_ins=sizes.http)
            signed_in.report("POST /auth/guest", "sign-ins/s")
            entered = run.phase(enter_path=enter_path, tokens=signed_in.access_tokens)
            entered.report("POST /queues/{id}/enter", "enters/s")
        queued = asyncio.run(queued_count(base_url, keys["secretKey"], queue_id))
        print(f"  check: {check_queued(queued, warm_entered + entered.done)}", flush=True)
    except Exception:
        print((data_dir / "server.log").read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        stop_server(server)
    if profile_path is not None and profile_path.exists():
        print(f"\n  server profile ({stack.name}), top functions by own time:", flush=True)
        pstats.Stats(str(profile_path)).sort_stats("tottime").print_stats(20)


# ---- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Queue enters per second, in-process and HTTP.")
    parser.add_argument("--quick", action="store_true", help="a smaller, faster run")
    parser.add_argument(
        "--concurrency", type=int, default=64, help="HTTP requests in flight (default 64)"
    )
    parser.add_argument(
        "--client-processes",
        type=int,
        default=2,
        help="processes sharing the HTTP load (default 2)",
    )
    parser.add_argument(
        "--httpx-as-installed",
        action="store_true",
        help="keep httpcore's per-request failed import of sniffio (slower client)",
    )
    parser.add_argument("--skip-http", action="store_true", help="only the in-process figures")
    parser.add_argument(
        "--profile-server",
        action="store_true",
        help="run the server under cProfile and print where its time went (slows it down)",
    )
    parser.add_argument(
        "--dir", type=Path, default=None, help="where the temporary databases go (default: TMPDIR)"
    )
    args = parser.parse_args(argv)
    sizes = QUICK_RUN if args.quick else FULL_RUN

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-", dir=args.dir) as temp:
        data_dir = Path(temp)
        print("queue_enters" + (" --quick" if args.quick else ""))
        for line in machine_lines(data_dir):
            print(line)
        print(background_load(), flush=True)

        heading("in-process: VenueService over SqliteStore (file, WAL), one thread")
        other_load = OtherLoad()
        for synchronous, count in sizes.in_process.items():
            in_process(data_dir, synchronous, count, sizes.time_limit)
        print(other_load.line(), flush=True)
        if args.skip_http:
            return 0

        stacks = stacks_to_run()
        short_circuited = not args.httpx_as_installed and avoid_failed_sniffio_import()
        sniffio_note = (
            "httpcore's failed import of sniffio short-circuited (avoid_failed_sniffio_import)"
            if short_circuited
            else "httpx and httpcore as installed"
        )
        for stack in stacks:
            heading(f"over HTTP: uvicorn ({stack.name}) on 127.0.0.1, one server process")
            print(
                f"  server:  uvicorn {version('uvicorn')}, synchronous=NORMAL, ticker running\n"
                f"  clients: {args.concurrency} connections, one request in flight on each, "
                f"in {args.client_processes} process(es); httpx {version('httpx')}, "
                f"httpcore {version('httpcore')}\n"
                f"           {sniffio_note}",
                flush=True,
            )
            over_http(data_dir / f"http-{stack.http}", stack, sizes, args)
        if len(stacks) == 1:
            print("\n  (httptools cannot be imported here: only h11 + asyncio measured)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
