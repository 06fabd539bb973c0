"""The kiosk's resident memory on the attract screen, and how it grows over many visits.

The venue runs in a process of its own (`kiosk venue serve --demo` on 127.0.0.1, venue time
scaled), so the RSS measured here is the kiosk's: the real app (offscreen), its session, SDK
and QML. Each visit is a full one, by taps on the controls a customer presses: the sneaker
drop on the attract screen, Start (which joins the line), wait in it until granted, Done and "Yes,
I'm done" (the grant is live), back to attract. The kiosk's clock runs at the same scale as
the venue's (its polls and timers too), so a visit takes a fraction of a second; the idle
and presence timers are stretched by the same factor, so they keep their real-time length
(45 s, 10 min) and no "Still there?" comes in between.

RSS (`/proc/self/status` VmRSS) is read on the attract screen, after a garbage collection,
after visit 1 and at a few points up to the last. Targets: under 150 MiB on attract; under
+5 MB from visit 1 to visit 2,000.

    .venv/bin/python bench/app_memory.py [--visits 2000] [--quick]   (--quick: 200 visits)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from app_harness import find, items, render, rss_mib, run_app, tap, until

from kiosk.app.config import KioskConfig
from kiosk.core.clock import ScaledClock

ROOT = Path(__file__).resolve().parents[1]
EXPERIENCE = "Sneaker drop: Aurora 1"
TIME_SCALE = 100.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class VenueProcess:
    """`kiosk venue serve --demo` in a subprocess, on a fresh data directory."""

    def __init__(self, data_dir: Path, scale: float) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "kiosk.cli", "venue", "serve", "--demo"]
        command += ["--data-dir", str(data_dir), "--port", str(self.port)]
        command += ["--time-scale", str(scale)]
        command += ["--trusted-client", "127.0.0.1"]  # the benchmark is a load generator
        self._log = (data_dir.parent / "venue.log").open("w")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            command, stdout=self._log, stderr=subprocess.STDOUT, env=env, cwd=ROOT
        )

    def wait_ready(self, limit: float = 60.0) -> dict[str, Any]:
        import httpx  # here, not at the top: the app imports it as kiosk run does (lean_imports)

        deadline = time.monotonic() + limit
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the venue exited ({self.process.returncode}); see its log")
            try:
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("the venue did not start")
            time.sleep(0.1)  # the bench waits for its own subprocess to come up
        command = [sys.executable, "-m", "kiosk.cli", "venue", "info", "--json"]
        command += ["--data-dir", str(self.data_dir)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        return dict(json.loads(result.stdout))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()


def sample_points(count: int) -> set[int]:
    points = {1, 10, 50, 100, 200, 500, 1000, 1500, 2000, count}
    return {point for point in points if point <= count}


async def visits(app: Any, count: int) -> list[tuple[int, float, int]]:
    window, journey = app.window, app.journey
    points = sample_points(count)
    samples: list[tuple[int, float, int]] = []
    expired: list[int] = []

    def screen() -> str:
        return str(journey.property("screen"))

    def on(name: str) -> Any:
        root = find(window, f"screen_{screen()}")
        found = [i for i in items(root) if i.objectName() == name and i.isVisible()]
        return found[0] if found else None

    async def reach(screens: tuple[str, ...], limit: float = 30.0) -> None:
        try:
            await until(lambda: screen() in screens, limit)
        except TimeoutError:
            outcome = journey.property("outcome")
            raise TimeoutError(f"stuck on {screen()} ({outcome}), expected {screens}") from None

    async def press(name: str, *then: str) -> None:
        await until(lambda: on(name) is not None)
        render(window)  # a frame before the tap, as a real screen has
        tap(window, on(name))
        await reach(then)

    await until(lambda: bool(app.kiosk.property("experiences")))
    for visit in range(1, count + 1):
        render(window)
        row = next(i for i in items(window) if i.property("text") == EXPERIENCE)
        tap(window, row)
        await reach(("ready",))
        # Start also joins a plain line (one tap). Admitted at once when the line is short:
        # straight to granted. On a busy machine a grant can expire (venue time runs fast)
        # before the kiosk polls: then it ends.
        await press("startButton", "participating_queue", "granted", "ended")
        await reach(("granted", "ended"), 60.0)
        if screen() == "granted":
            await until(lambda: on("doneButton") is not None)
            render(window)
            tap(window, on("doneButton"))  # a live grant: Done asks first
            await press("confirmDoneButton", "attract")
        else:
            expired.append(visit)
            await press("doneButton", "attract")
        await until(lambda: not app.session.pending_tasks())
        render(window)
        if visit in points:
            # As on a real kiosk between customers: attract for a moment, so the kiosk's
            # own trim after the visit (600 ms on) has run before memory is read.
            await asyncio.sleep(1.0)
            gc.collect()
            samples.append((visit, rss_mib(), len(gc.get_objects())))
            print(f"  visit {visit:>5}: RSS {samples[-1][1]:7.1f} MiB", flush=True)
    if expired:
        print(f"  {len(expired)} of {count} visits ended expired (the venue ran ahead of a poll)")
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="200 visits")
    parser.add_argument("--time-scale", type=float, default=TIME_SCALE)
    args = parser.parse_args()
    count = 200 if args.quick else args.visits
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kiosk-memory-") as tmp:
        venue = VenueProcess(Path(tmp) / "venue", args.time_scale)
        try:
            details = venue.wait_ready()
            config = KioskConfig(
                api_url=venue.url,
                organization_id=details["organizationId"],
                publishable_key=details["publishableKey"],
                experiences=[experience["id"] for experience in details["experiences"]],
                data_dir=Path(tmp) / "kiosk",
                windowed=True,
                idle_seconds=45.0 * args.time_scale,
                presence_seconds=600.0 * args.time_scale,
            )
            before = rss_mib()
            samples = run_app(
                config.data_dir,
                lambda app: visits(app, count),
                config=config,
                clock=ScaledClock(args.time_scale),
            )
        finally:
            venue.stop()
    elapsed = time.perf_counter() - started
    print(
        f"app memory: {count} visits in {elapsed:.0f} s, venue in its own process "
        f"(time x{args.time_scale:g}), offscreen"
    )
    print(f"  before the app started: RSS {before:7.1f} MiB (Python, Qt and the bench)")
    for visit, rss, objects in samples:
        print(f"  on attract after visit {visit:>5}: RSS {rss:7.1f} MiB   {objects:>8} gc objects")
    first, last = samples[0], samples[-1]
    growth_mb = (last[1] - first[1]) * 1.048576
    print(f"  growth from visit 1 to {last[0]}: {growth_mb:+.1f} MB")
    print(f"  target  RSS on attract < 150 MiB: {'met' if first[1] < 150 else 'NOT met'}")
    print(f"  target  growth < 5 MB: {'met' if growth_mb < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
