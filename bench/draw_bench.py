"""A draw over 100,000 and 1,000,000 entries: commit, draw, replay, persist, reload.

    .venv/bin/python bench/draw_bench.py            # 100,000 and 1,000,000 entries
    .venv/bin/python bench/draw_bench.py --quick    # 10,000 and 100,000

For each size, a `DrawEngine` (the venue server's own) takes that many entries (uuid4
consumer ids, as the server makes them), then:

- commit: entries close, the entry list is frozen and its SHA-256 hash recorded;
- draw: a fresh seed, the seeded permutation of the whole list, the first winnerCount
  picked and their grants decided (what `tick()` does at drawAt);
- close + draw: the two above together, which is what a late tick or "run the draw now"
  does, and what the issue's "draw over 100,000 entries (target under 1 s)" measures;
- replay: `verify_draw_record` on the published record (hash + permutation + rounds), what
  `kiosk venue verify-draw` runs;
- persist: the entries written to SQLite (a real file, synchronous NORMAL) in one
  transaction, as the service would have written them one enter at a time, then the draw's
  own changes (the winners and the draw state; losers are derived, not rewritten);
- reload: `load(store)`, the rebuild after a restart, and replaying the permutation that
  a replacement round would need.

Engine figures are in-process and single-threaded; nothing is checked against a target.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from bench_support import figure, heading, machine_lines, rss_bytes

from kiosk.venue.domain.draw import DrawConfig, DrawEngine, load, verify_draw_record
from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.fairness import seeded_permutation
from kiosk.venue.store import SqliteStore

T = TypeVar("T")
T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
WINNERS = 100


def timed(operation: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = operation()
    return result, time.perf_counter() - start


def fresh_engine(consumers: list[str]) -> tuple[DrawEngine, TickResult]:
    """A draw open for entries with every consumer entered, and the records it wrote."""
    config = DrawConfig(
        id=str(uuid.uuid4()),
        sequence_id=str(uuid.uuid4()),
        name="Bench draw",
        open_at=T0,
        close_at=T0 + timedelta(minutes=10),
        draw_at=T0 + timedelta(minutes=11),
        winner_count=WINNERS,
        continue_selecting_until_completed=True,
        created_at=T0,
    )
    engine = DrawEngine(config)
    written = TickResult(dirty=engine.records())
    entered = T0 + timedelta(seconds=1)
    for consumer in consumers:
        written.merge(engine.enter(consumer, entered))
    return engine, written


def write(store: SqliteStore, result: TickResult) -> None:
    with store.transaction() as writer:
        for kind, key, doc in result.dirty:
            writer.put(kind, key, doc)


def run(size: int, data_dir: Path) -> None:
    heading(f"{size:,} entries, winnerCount {WINNERS}")
    consumers = [str(uuid.uuid4()) for _ in range(size)]

    (engine, entries), elapsed = timed(lambda: fresh_engine(consumers))
    figure("enter (engine only, no store)", size / elapsed, "enters/s", f"{elapsed:.2f} s")

    close, draw = engine.config.closes_at, engine.config.draw_at
    _, commit_s = timed(lambda: engine.tick(close))
    drawn, draw_s = timed(lambda: engine.tick(draw))
    assert len(drawn.issued) == WINNERS
    figure("commit (freeze the list, SHA-256 it)", commit_s * 1000, "ms")
    figure("draw (seed, permutation, winners, grants)", draw_s * 1000, "ms")

    together, _ = fresh_engine(consumers)
    one_tick, together_s = timed(lambda: together.tick(draw))
    assert len(one_tick.issued) == WINNERS
    figure("close + draw in one tick", together_s * 1000, "ms", "the 'under 1 s' figure")

    record = engine.record()
    assert record is not None
    (ok, message), replay_s = timed(lambda: verify_draw_record(record))
    assert ok, message
    figure("replay the record (verify-draw)", replay_s * 1000, "ms")

    store = SqliteStore(data_dir / f"draw-{size}.sqlite3")
    try:
        _, persist_s = timed(lambda: write(store, entries))
        figure(
            "persist the entries (one transaction)",
            size / persist_s,
            "records/s",
            f"{persist_s:.2f} s",
        )
        _, draw_write_s = timed(lambda: write(store, drawn))
        figure(
            "persist the draw's changes",
            draw_write_s * 1000,
            "ms",
            f"{len(drawn.dirty)} records: winners + draw state",
        )
        (reloaded,), reload_s = timed(lambda: load(store))
        figure("reload after a restart (load)", reload_s, "s", digits=2)
        assert reloaded.record() == record
        seed = str(record["seed"])
        _, order_s = timed(lambda: seeded_permutation(seed, size))
        figure("the permutation alone", order_s * 1000, "ms", "what a replacement round reuses")
    finally:
        store.close()
    rss = rss_bytes()
    if rss is not None:
        figure("resident memory of this process", rss / 2**20, "MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 and 100,000 entries")
    args = parser.parse_args()
    sizes = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    with tempfile.TemporaryDirectory(prefix="draw-bench-") as tmp:
        data_dir = Path(tmp)
        for line in machine_lines(data_dir):
            print(line)
        for size in sizes:
            run(size, data_dir)


if __name__ == "__main__":
    main()
