"""The venue server as `kiosk venue serve` runs it, with the HTTP stack named explicitly.

`bench/queue_enters.py` starts this in a subprocess. It builds the same objects as
`kiosk.venue.cli.serve` (a `VenueService` over the SQLite file in `--data-dir`, the system
clock, the background ticker) and differs only in that `--http` and `--loop` are passed to
uvicorn instead of "auto", so one run can compare h11/asyncio with httptools/uvloop.
Listens on 127.0.0.1 only.

Beside the venue, the same process serves a bare Starlette app at `/bench/trivial` (GET
and POST: a one-key JSON body, no middleware), the yardstick `bench/venue_ratio.py` measures
the venue's paths against. It is mounted here, never in the product's app.

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
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from kiosk.core.clock import SystemClock
from kiosk.venue.cli import open_service
from kiosk.venue.http.app import create_app

TRIVIAL_PATH = "/bench/trivial"


def trivial_app() -> Starlette:
    """The yardstick: what a Starlette JSON endpoint costs on this stack, and nothing else."""

    async def trivial(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route(TRIVIAL_PATH, trivial, methods=["GET", "POST"])])


class WithTrivial:
    """Sends `/bench/trivial` to the yardstick and everything else (lifespan too) to the
    venue: one string comparison per request, paid by both."""

    def __init__(self, venue: ASGIApp, trivial: ASGIApp) -> None:
        self.venue = venue
        self.trivial = trivial

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == TRIVIAL_PATH:
            await self.trivial(scope, receive, send)
        else:
            await self.venue(scope, receive, send)


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
        WithTrivial(create_app(service, clock=clock), trivial_app()),
        host="127.0.0.1",
        port=args.port,
        http=args.http,
        loop=args.loop,
        log_level="warning",
        access_log=False,
        date_header=False,  # as `kiosk venue serve`: the app writes Date on the venue's clock
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
