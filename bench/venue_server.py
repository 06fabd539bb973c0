"""The venue server as `kiosk venue serve` runs it, with the HTTP stack named explicitly.

`bench/queue_enters.py` starts this in a subprocess. It builds the same objects as
`kiosk.venue.cli.serve` (a `VenueService` over the SQLite file in `--data-dir`, the system
clock, the background ticker) and differs only in that `--http` and `--loop` are passed to
uvicorn instead of "auto", so one run can compare h11/asyncio with httptools/uvloop.
Listens on 127.0.0.1 only.

With `--profile FILE` the server runs under cProfile and writes its stats to FILE when it
is stopped with SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import sys
from pathlib import Path

import uvicorn

from kiosk.core.clock import SystemClock
from kiosk.venue.cli import open_service
from kiosk.venue.http.app import create_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sync", choices=["normal", "full"], default="normal")
    parser.add_argument("--http", choices=["h11", "httptools"], default="h11")
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], default="asyncio")
    parser.add_argument("--profile", type=Path, default=None, help="write cProfile stats here")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    clock = SystemClock()
    service = open_service(args.data_dir, clock, sync=args.sync)
    config = uvicorn.Config(
        create_app(service, clock=clock),
        host="127.0.0.1",
        port=args.port,
        http=args.http,
        loop=args.loop,
        log_level="warning",
        access_log=False,
    )
    server = uvicorn.Server(config)
    if args.profile is None:
        server.run()
        return 0
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        server.run()  # uvicorn turns SIGINT/SIGTERM into a graceful shutdown
    finally:
        profiler.disable()
        profiler.dump_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
