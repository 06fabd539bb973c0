"""Resident memory after many simulated customer visits, versus after the first.

Each visit goes through the real session, view-models and QML on the embedded venue server
(offscreen, real time): choose the experience, Start, Join the line, then the wipe (Done).
The embedded venue keeps every consumer it has seen (its own state, part of this process).
Target: growth under 10 MB from visit 1 to visit 500.

    .venv/bin/python bench/app_memory.py [--visits 500]
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path
from typing import Any

from app_harness import render, rss_mb, run_app, until


async def visits(app: Any, count: int) -> list[tuple[int, float]]:
    session, window, journey = app.session, app.window, app.journey
    experience = next(
        item["id"]
        for item in session.kiosk_state.experiences
        if item["name"] == "Sneaker drop: Aurora 1"
    )
    samples: list[tuple[int, float]] = []

    def screen() -> str:
        return str(journey.property("screen"))

    for visit in range(1, count + 1):
        session.choose_experience(experience)
        await until(lambda: screen() == "ready")
        session.actions.start()
        await until(lambda: screen() == "enterable_queue")
        session.actions.enter()
        await until(lambda: screen() == "participating_queue")
        render(window)
        session.done()
        await until(lambda: screen() == "attract" and not session.pending_tasks())
        render(window)
        if visit in (1, 10, 50, 100, 200, 300, 400, 500) or visit == count:
            gc.collect()
            samples.append((visit, rss_mb()))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=500)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as data:
        samples = run_app(Path(data), lambda app: visits(app, args.visits))
    elapsed = time.perf_counter() - started
    print(f"app memory: {args.visits} visits in {elapsed:.0f} s, embedded venue, offscreen")
    for visit, rss in samples:
        print(f"  after visit {visit:>4}: RSS {rss:7.1f} MB")
    growth = samples[-1][1] - samples[0][1]
    print(f"  growth from visit 1 to {samples[-1][0]}: {growth:+.1f} MB")
    print(f"  target  growth < 10 MB: {'met' if growth < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
