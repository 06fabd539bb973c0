"""Real `kiosk` processes for end-to-end tests: started on free loopback ports, always
killed on the way out, bounded in time."""

from __future__ import annotations

import importlib.util
import json
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

VENUE_CLI_SHIM = (
    "import argparse, sys\n"
    "from kiosk.venue import cli\n"
    "parser = argparse.ArgumentParser(prog='kiosk venue')\n"
    "cli.add_arguments(parser)\n"
    "sys.exit(cli.run(parser.parse_args(sys.argv[1:])))\n"
)
STARTUP_SECONDS = 30
HTTP_TIMEOUT = 10.0


def venue_command(*args: str) -> list[str]:
    """`kiosk venue ...` as a subprocess, whether or not the full `kiosk` CLI is importable."""
    if importlib.util.find_spec("kiosk.journey_cli") is not None:
        return [sys.executable, "-m", "kiosk.cli", "venue", *args]
    return [sys.executable, "-c", VENUE_CLI_SHIM, *args]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class VenueProcess:
    process: subprocess.Popen[bytes]
    url: str
    log: list[str] = field(default_factory=list)


def _drain(stream: Any, lines: queue.Queue[str | None], log: list[str]) -> None:
    for raw in iter(stream.readline, b""):
        line = raw.decode(errors="replace").rstrip()
        log.append(line)
        lines.put(line)
    lines.put(None)


@contextmanager
def running_venue(
    data_dir: Path,
    *extra: str,
    demo: bool = True,
    trusted: bool = True,
    prefix: tuple[str, ...] = (),
) -> Iterator[VenueProcess]:
    """`kiosk venue serve` on a free loopback port; always killed on the way out.

    A test driving it plays a whole crowd from 127.0.0.1, a load generator: `trusted` lists
    that address as a trusted client (no rate or per-client connection limits). The hostile
    tests pass `trusted=False`. `prefix` runs it under another command (`prlimit ...`)."""
    port = free_port()
    serve = ("serve", "--data-dir", str(data_dir), "--port", str(port), "--host", "127.0.0.1")
    command = [*prefix, *venue_command(*serve, *extra)]
    if trusted:
        command += ["--trusted-client", "127.0.0.1"]
    if demo:
        command.append("--demo")
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    venue = VenueProcess(process, f"http://127.0.0.1:{port}")
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_drain, args=(process.stdout, lines, venue.log), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:  # wait for uvicorn to say it is serving, reading its log as it comes
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty as timed_out:
                raise AssertionError(
                    "no venue server after 30 s:\n" + "\n".join(venue.log)
                ) from timed_out
            assert line is not None, "the venue server exited:\n" + "\n".join(venue.log)
            if "Uvicorn running on" in line:
                break
        health = httpx.get(f"{venue.url}/health", timeout=HTTP_TIMEOUT)
        assert health.status_code == 200, health.text
        yield venue
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=STARTUP_SECONDS)
        reader.join(timeout=STARTUP_SECONDS)
        if process.stdout is not None:
            process.stdout.close()


def venue_info(data_dir: Path) -> dict[str, Any]:
    done = subprocess.run(
        venue_command("info", "--data-dir", str(data_dir), "--json"),
        capture_output=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)
