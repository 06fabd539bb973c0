"""A lean HTTP/1.1 load generator for benchmarks: keep-alive connections on raw sockets.

httpx costs ~0.6 ms of client CPU per request, more than the venue server itself spends, so
an httpx client measures httpx. This one writes requests prepared in advance (one per
request, so each can carry its own bearer token) and reads answers by `Content-Length`,
~30 µs a request: one client process keeps one server process busy. It speaks only what
the venue server answers (no chunked bodies, no redirects) and only to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


def request_bytes(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    """One keep-alive HTTP/1.1 request, ready to write."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method in {"POST", "PUT"}:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclass
class LoadResult:
    done: int = 0  # answered with a 2xx
    elapsed: float = 0.0  # seconds from the first request sent to the last answer read
    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)  # broken connections

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0


class _Answers(asyncio.Protocol):
    """One connection: answers are framed by `Content-Length`, one request in flight."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiter: asyncio.Future[tuple[int, bytes]] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, but write() the same.
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        self._try_answer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(exc or ConnectionError("the server closed the connection"))

    def send(self, request: bytes) -> asyncio.Future[tuple[int, bytes]]:
        assert self.transport is not None
        self._waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self._waiter

    def _try_answer(self) -> None:
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0 or self._waiter is None:
            return
        head = bytes(self._buffer[:end]).decode("latin-1")
        length = 0
        for line in head.split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
                break
        total = end + 4 + length
        if len(self._buffer) < total:
            return
        status = int(head[9:12])
        body = bytes(self._buffer[end + 4 : total])
        del self._buffer[:total]
        waiter, self._waiter = self._waiter, None
        if not waiter.done():
            waiter.set_result((status, body))


async def run_load(
    port: int, requests: Sequence[bytes], *, connections: int, time_limit: float
) -> LoadResult:
    """Send every request (or as many as fit in `time_limit` seconds), `connections` at a
    time, each connection with one request in flight. Connects before the clock starts."""
    loop = asyncio.get_running_loop()
    opened = [await loop.create_connection(_Answers, "127.0.0.1", port) for _ in range(connections)]
    result = LoadResult()
    cursor = iter(range(len(requests)))
    start = time.perf_counter()
    deadline = start + time_limit

    async def worker(answers: _Answers) -> None:
        for index in cursor:
            sent = time.perf_counter()
            if sent > deadline:
                return
            try:
                status, _ = await answers.send(requests[index])
            except (ConnectionError, OSError) as exc:
                result.failures[type(exc).__name__] += 1
                return
            result.latencies.append(time.perf_counter() - sent)
            result.statuses[status] += 1
            if 200 <= status < 300:
                result.done += 1

    try:
        await asyncio.gather(*(worker(answers) for _, answers in opened))
        result.elapsed = time.perf_counter() - start
    finally:
        for transport, _ in opened:
            transport.close()
    return result
