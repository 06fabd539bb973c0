"""One queue with 100,000 entrants: memory per entrant, status lookups, and a restart.

    .venv/bin/python bench/queue_positions.py            # 1k, 10k and 100k entrants
    .venv/bin/python bench/queue_positions.py --quick    # 1k and 10k

In-process, on the system clock, with a `VenueService` over `SqliteStore` on a real file
(WAL, synchronous NORMAL: the server's default) in a temporary directory, so the restart
reads what a real restart reads. Every entrant is what the HTTP handlers make of one: a
guest session, its access token authenticated, and an enter; one in a hundred leaves again at
once, so positions are counted past people who left from the middle of the line.

At 1k, 10k and 100k entrants it times `service.queueing.status` (what GET /queues/{id}/status
calls) for randomly chosen queued consumers, and the engine's `position()` alone: the
per-lookup cost should not grow with the line. Then it reports memory per entrant (RSS
growth while the line grew; Python objects held after a restart, by tracemalloc; and the
queue entry's own share, from 20,000 of the same guests entering a second queue) and the
time a restart takes to reload everything from SQLite.

The queue admits 0.001 consumers a minute: nobody is admitted during the run. Nothing is
checked against a target; the "check" lines only confirm the figures describe a correct run.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from bench_support import (
    OtherLoad,
    background_load,
    figure,
    heading,
    machine_lines,
    make_queue,
    rss_bytes,
)

from kiosk.core.clock import SystemClock
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore

LEAVE_EVERY = 100  # one entrant in this many leaves right after entering
SEED = 20261127
ENTRY_MEMORY_SAMPLE = 20_000  # guests who also enter a second queue, under tracemalloc


@dataclass(frozen=True)
class Sizes:
    stages: tuple[int, ...]  # queue lengths (entrants) at which lookups are timed
    lookups: int  # status lookups timed at each stage
    time_limit: float  # seconds the line may take to grow; it stops short if it runs out


FULL_RUN = Sizes(stages=(1_000, 10_000, 100_000), lookups=50_000, time_limit=90.0)
QUICK_RUN = Sizes(stages=(1_000, 10_000), lookups=10_000, time_limit=30.0)


@dataclass
class Line:
    """The entrants so far, as the sessions that entered (the service holds the same ones)."""

    service: VenueService
    queue_id: str
    queued: list[ConsumerSession] = field(default_factory=list)
    entrants: int = 0
    left: int = 0
    growing_seconds: float = 0.0

    def grow_to(self, target: int, deadline: float) -> None:
        service, queue_id = self.service, self.queue_id
        started = time.perf_counter()
        while self.entrants < target:
            session = service.authenticate(service.access.start_guest_session().access_token)
            service.queueing.enter(session, queue_id)
            self.entrants += 1
            if self.entrants % LEAVE_EVERY == LEAVE_EVERY // 2:
                service.queueing.leave(session, queue_id)
                self.left += 1
            else:
                self.queued.append(session)
            if self.entrants % 1_000 == 0 and time.perf_counter() > deadline:
                break
        self.growing_seconds += time.perf_counter() - started


def time_lookups(line: Line, count: int, rng: random.Random) -> tuple[float, float]:
    """Microseconds per `service.queueing.status` and per `engine.position` for random queued
    consumers (the same sample for both)."""
    service, queue_id = line.service, line.queue_id
    sample = rng.choices(line.queued, k=count)

    started = time.perf_counter()
    for session in sample:
        service.queueing.status(session, queue_id)
    status_us = (time.perf_counter() - started) / count * 1e6

    engine = service.queueing.get(queue_id)
    entries = [engine.entry(session.consumer_id) for session in sample]
    started = time.perf_counter()
    for entry in entries:
        engine.position(entry)  # type: ignore[arg-type]
    position_us = (time.perf_counter() - started) / count * 1e6
    return status_us, position_us


def check_positions(line: Line) -> str:
    """The last one in line stands at position `queued`; the first at 1."""
    engine = line.service.queueing.get(line.queue_id)
    first = engine.position(engine.entry(line.queued[0].consumer_id))  # type: ignore[arg-type]
    last = engine.position(engine.entry(line.queued[-1].consumer_id))  # type: ignore[arg-type]
    ok = first == 1 and last == len(line.queued) == engine.queued_count
    return f"first at {first}, last at {last:,} of {engine.queued_count:,} queued: " + (
        "ok" if ok else "WRONG"
    )


def restart(path: Path, line: Line, rng: random.Random) -> None:
    """Reload a second service from the file the first one wrote, as a restart does."""
    entrants = line.entrants
    clock = SystemClock()
    gc.collect()
    store = SqliteStore(path)
    try:
        started = time.perf_counter()
        reloaded = VenueService(store, clock)
        seconds = time.perf_counter() - started
        figure(
            "restart: reload from SQLite",
            seconds,
            "s",
            f"{entrants / seconds:,.0f} entrants/s; sessions, entries and queue rebuilt",
            digits=2,
        )
        sample = rng.sample(line.queued, k=min(1_000, len(line.queued)))
        before = line.service.queueing.get(line.queue_id)
        after = reloaded.queueing.get(line.queue_id)
        same = all(
            before.position(before.entry(s.consumer_id))  # type: ignore[arg-type]
            == after.position(after.entry(s.consumer_id))  # type: ignore[arg-type]
            for s in sample
        )
        print(
            f"  check: {len(sample):,} random positions after the restart equal those before: "
            + ("ok" if same else "WRONG"),
            flush=True,
        )
        del reloaded, before, after
    finally:
        store.close()

    # The same reload again, traced: what the reloaded state holds, and the peak while loading.
    gc.collect()
    store = SqliteStore(path)
    try:
        tracemalloc.start()
        reloaded = VenueService(store, clock)
        gc.collect()
        held, peak = tracemalloc.get_traced_memory()
        snapshot = tracemalloc.take_snapshot()
        tracemalloc.stop()
        figure(
            "memory held after restart (tracemalloc)",
            held / entrants,
            "bytes/entrant",
            f"{held / 2**20:,.1f} MiB for {entrants:,}: guest session + queue entry + indexes",
        )
        figure(
            "memory peak while reloading (tracemalloc)",
            peak / entrants,
            "bytes/entrant",
            f"{peak / 2**20:,.1f} MiB",
        )
        print("  where the held memory was allocated (tracemalloc, by line):", flush=True)
        for stat in snapshot.statistics("lineno")[:6]:
            frame = stat.traceback[0]
            where = f"{_short(frame.filename)}:{frame.lineno}"
            print(f"    {stat.size / entrants:8,.0f} bytes/entrant  {where}", flush=True)
        del snapshot
        entry_memory(reloaded, line.queued[:ENTRY_MEMORY_SAMPLE])
    finally:
        store.close()


def entry_memory(service: VenueService, sessions: list[ConsumerSession]) -> None:
    """The queue's own share: the same guests enter a second queue, traced. No new sessions
    are made, so what stays allocated is entries, their indexes and the engine's growth."""
    queue_id = make_queue(service, name="Second line")
    gc.collect()
    tracemalloc.start()
    for session in sessions:
        service.queueing.enter(session, queue_id)
    gc.collect()
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figure(
        "memory per queue entry alone (tracemalloc)",
        held / len(sessions),
        "bytes/entry",
        f"{len(sessions):,} of the same guests entering a second queue",
    )


def _short(filename: str) -> str:
    parts = Path(filename).parts
    for anchor in ("kiosk", "site-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) :])
    return "/".join(parts[-2:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Queue positions with 100,000 entrants.")
    parser.add_argument("--quick", action="store_true", help="stop at 10,000 entrants")
    parser.add_argument(
        "--dir", type=Path, default=None, help="where the temporary database goes (default: TMPDIR)"
    )
    args = parser.parse_args(argv)
    sizes = QUICK_RUN if args.quick else FULL_RUN
    rng = random.Random(SEED)

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-", dir=args.dir) as temp:
        path = Path(temp) / "venue.sqlite3"
        print("queue_positions" + (" --quick" if args.quick else ""))
        for line_text in machine_lines(Path(temp)):
            print(line_text)
        print(background_load(), flush=True)
        print(
            f"store     SqliteStore on a file ({path.name}), WAL, synchronous=NORMAL; "
            f"1 in {LEAVE_EVERY} entrants leaves at once",
            flush=True,
        )

        store = SqliteStore(path)
        try:
            service = VenueService(store, SystemClock())
            line = Line(service, make_queue(service))
            gc.collect()
            rss_start = rss_bytes()
            deadline = time.perf_counter() + sizes.time_limit
            other_load = OtherLoad()
            for stage in sizes.stages:
                heading(f"{stage:,} entrants")
                grown_from, seconds_before = line.entrants, line.growing_seconds
                line.grow_to(stage, deadline)
                grown = line.entrants - grown_from
                if line.entrants < stage:
                    print(f"  STOPPED at {line.entrants:,}: the {sizes.time_limit:.0f} s ran out")
                figure(
                    "growing the line (session + enter)",
                    grown / (line.growing_seconds - seconds_before),
                    "entrants/s",
                    f"{grown_from:,} -> {line.entrants:,}, durable on disk",
                )
                status_us, position_us = time_lookups(line, sizes.lookups, rng)
                figure(
                    "status lookup (service.queueing.status)",
                    status_us,
                    "µs/lookup",
                    f"{sizes.lookups:,} random queued consumers, {1e6 / status_us:,.0f}/s",
                    digits=2,
                )
                figure("position alone (engine.position)", position_us, "µs/lookup", digits=2)
                print(f"  check: {check_positions(line)}", flush=True)
                if line.entrants < stage:
                    break

            print(other_load.line(), flush=True)
            gc.collect()
            rss_end = rss_bytes()
            heading(f"memory and restart at {line.entrants:,} entrants ({line.left:,} left)")
            if rss_start is not None and rss_end is not None:
                figure(
                    "RSS growth while the line grew",
                    (rss_end - rss_start) / line.entrants,
                    "bytes/entrant",
                    f"{(rss_end - rss_start) / 2**20:,.1f} MiB; includes SQLite's page cache",
                )
        finally:
            store.close()
        other_load = OtherLoad()
        restart(path, line, rng)
        print(other_load.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
