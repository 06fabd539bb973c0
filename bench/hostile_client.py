"""A hostile client against a real `kiosk venue serve` on 127.0.0.1, with its default limits:
what a misbehaving client gets, and what a customer beside it still gets.

    .venv/bin/python bench/hostile_client.py            # starts its own venue (--demo)
    .venv/bin/python bench/hostile_client.py --sockets 100 --guests 200

Attackers bind their own loopback source addresses (127.0.0.2, ...: Linux routes all of
127.0.0.0/8), so the customer on 127.0.0.1 is another client to the server. It prints one
line per figure; nothing here is a test (tests/venue/test_hostile.py is).
"""

from __future__ import annotations

import argparse
import json
import select
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PARTIAL_HEAD = b"GET /health HTTP/1.1\r\nHost: venue\r\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_venue(data_dir: Path, port: int, root: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kiosk.cli", "venue", "serve", "--demo"]
    command += ["--data-dir", str(data_dir), "--port", str(port)]
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the venue server did not start")


def client(url: str, host: str) -> httpx.Client:
    return httpx.Client(base_url=url, transport=httpx.HTTPTransport(local_address=host), timeout=10)


def slow_sockets(url: str, port: int, count: int) -> None:
    opened = []
    for _ in range(count):
        sock = socket.create_connection(
            ("127.0.0.1", port), timeout=5, source_address=("127.0.0.2", 0)
        )
        sock.sendall(PARTIAL_HEAD)
        opened.append(sock)
    answered: dict[socket.socket, bytes] = {}
    deadline = time.monotonic() + 1.0
    while len(answered) < len(opened) and time.monotonic() < deadline:
        waiting = [s for s in opened if s not in answered]
        for sock in select.select(waiting, [], [], max(0.0, deadline - time.monotonic()))[0]:
            try:
                answered[sock] = sock.recv(64)
            except OSError:
                answered[sock] = b""
    refused = sum(1 for data in answered.values() if data.startswith(b"HTTP/1.1 503"))
    held = [s for s in opened if s not in answered]
    print(
        f"slow sockets       {count} opened from 127.0.0.2: "
        f"{len(held)} held, {refused} answered 503"
    )
    with client(url, "127.0.0.1") as customer:
        started = time.perf_counter()
        answers = [customer.get("/health").status_code for _ in range(20)]
        took = (time.perf_counter() - started) / len(answers) * 1000
    print(f"customer meanwhile 20 x GET /health from 127.0.0.1: {set(answers)}, {took:.1f} ms each")
    started = time.monotonic()
    open_ = set(held)
    while open_ and time.monotonic() - started < 60:
        for sock in select.select(list(open_), [], [], 1.0)[0]:
            try:
                if sock.recv(64) == b"":
                    open_.discard(sock)
            except OSError:
                open_.discard(sock)
    print(
        f"held sockets       closed by the server after {time.monotonic() - started:.1f} s "
        f"({len(held) - len(open_)} of {len(held)})"
    )
    for sock in opened:
        sock.close()


def flood(url: str, key: str, guests: int) -> None:
    headers = {"X-Publishable-Key": key}
    with client(url, "127.0.0.3") as attacker:
        started = time.perf_counter()
        statuses = [
            attacker.post("/auth/guest", headers=headers).status_code for _ in range(guests)
        ]
        took = time.perf_counter() - started
        last = attacker.post("/auth/guest", headers=headers)
    print(
        f"guest flood        {guests} POST /auth/guest from 127.0.0.3 in {took:.2f} s: "
        f"{statuses.count(200)} x 200, {statuses.count(429)} x 429"
    )
    limits = {
        k: v for k, v in last.headers.items() if k.startswith("x-ratelimit") or k == "retry-after"
    }
    print(f"last answer        {last.status_code} {json.dumps(limits)}")
    with client(url, "127.0.0.4") as customer:
        status = customer.post("/auth/guest", headers=headers).status_code
        print(f"customer meanwhile POST /auth/guest from 127.0.0.4: {status}")
    with client(url, "127.0.0.5") as anonymous:
        codes = [
            anonymous.post(
                "/auth/otp/request", headers=headers, json={"email": f"x{n}@example.com"}
            ).status_code
            for n in range(60)
        ]
    print(
        f"code flood         60 POST /auth/otp/request from 127.0.0.5: "
        f"{codes.count(200)} x 200, {codes.count(429)} x 429"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockets", type=int, default=100)
    parser.add_argument("--guests", type=int, default=100)
    parser.add_argument(
        "--kiosk-root", type=Path, default=ROOT, help="serve this checkout (to compare another)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        process = start_venue(Path(tmp) / "venue", port, args.kiosk_root)
        url = f"http://127.0.0.1:{port}"
        try:
            info = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "kiosk.cli",
                    "venue",
                    "info",
                    "--json",
                    "--data-dir",
                    str(Path(tmp) / "venue"),
                ],
                cwd=args.kiosk_root,
                capture_output=True,
                check=True,
                timeout=60,
            )
            key = json.loads(info.stdout)["publishableKey"]
            slow_sockets(url, port, args.sockets)
            flood(url, key, args.guests)
            print(f"server             still running: {process.poll() is None}")
        finally:
            process.kill()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
