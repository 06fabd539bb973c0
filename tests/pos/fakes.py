"""Fakes for the POS tests. Named `Fake<Role>`; nothing is patched globally."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

import httpx
from escpos.printer import Dummy

from kiosk.core.tasks import start_task
from tests.fakes import FakeClock

T = TypeVar("T")


class FakeSteppingClock(FakeClock):
    """A `FakeClock` that can say when its next sleeper is due."""

    def step_wall(self, seconds: float) -> None:
        """Step the wall clock alone, as an NTP correction does; monotonic time stays."""
        self._now += timedelta(seconds=seconds)

    def next_deadline(self) -> float | None:
        pending = [due for due, future in self._sleepers if not future.done()]
        return min(pending) - self.monotonic() if pending else None


async def settle(rounds: int = 50) -> None:
    """Let ready tasks run. No time passes: this only yields to the event loop."""
    for _ in range(rounds):
        await asyncio.sleep(0)


async def drive(
    clock: FakeSteppingClock,
    awaitable: Coroutine[Any, Any, T] | asyncio.Future[T],
    max_steps: int = 400,
) -> T:
    """Run `awaitable`, moving the fake clock to each sleeper's deadline until it finishes."""
    task = (
        awaitable if isinstance(awaitable, asyncio.Future) else start_task(awaitable, name="drive")
    )
    try:
        for _ in range(max_steps):
            await settle()
            if task.done():
                return task.result()
            delay = clock.next_deadline()
            if delay is not None:
                clock.advance(max(delay, 0.0))
        raise AssertionError("drive(): the awaitable did not finish")
    finally:
        if not task.done():
            task.cancel()


async def run_until(
    clock: FakeSteppingClock,
    condition: Callable[[], bool],
    *,
    max_steps: int = 400,
    max_seconds: float | None = None,
) -> None:
    """Move the fake clock sleeper by sleeper until `condition()` holds (bounded)."""
    start = clock.monotonic()
    for _ in range(max_steps):
        await settle()
        if condition():
            return
        delay = clock.next_deadline()
        if delay is None:
            continue
        if max_seconds is not None and clock.monotonic() + delay - start > max_seconds:
            raise AssertionError(f"run_until(): not done within {max_seconds} s of fake time")
        clock.advance(max(delay, 0.0))
    raise AssertionError("run_until(): the condition never held")


@dataclass
class Exchange:
    method: str
    path: str
    status: int | None  # None: the caller got a network error


@dataclass
class FakeLink(httpx.AsyncBaseTransport):
    """A network link to an in-process app that a test can cut.

    `down`: connections are refused (nothing is sent). `drop_answers`: the request reaches
    the app, but its answer is lost on the way back (a read error for the caller).
    """

    inner: httpx.AsyncBaseTransport
    down: bool = False
    drop_answers: int = 0
    exchanges: list[Exchange] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if self.down:
            self.exchanges.append(Exchange(request.method, path, None))
            raise httpx.ConnectError("connection refused", request=request)
        response = await self.inner.handle_async_request(request)
        if self.drop_answers > 0:
            self.drop_answers -= 1
            await response.aread()
            self.exchanges.append(Exchange(request.method, path, None))
            raise httpx.ReadError("connection reset by peer", request=request)
        self.exchanges.append(Exchange(request.method, path, response.status_code))
        return response

    def count(self, path: str, status: int | None = 200) -> int:
        return sum(1 for e in self.exchanges if e.path == path and e.status == status)


class FakeFullDiskConnection(sqlite3.Connection):
    """A SQLite connection whose writes fail with SQLite's own disk-full error on demand."""

    full = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        verb = sql.lstrip().split(None, 1)[0].upper()
        if self.full and verb in {"INSERT", "UPDATE", "DELETE"}:
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)


class FakeEscposPrinter(Dummy):
    """An ESC/POS printer that can read its status (paper sensor) and fail mid-job."""

    def __init__(self, *, paper: int = 2, online: bool = True, fail_on_print: bool = False):
        super().__init__()
        self.paper = paper
        self.online = online
        self.fail_on_print = fail_on_print
        self.jobs: list[bytes] = []
        self._last_query = b""

    def _raw(self, msg: bytes) -> None:
        if msg.startswith(b"\x10\x04"):  # DLE EOT: a status query, not printing
            self._last_query = msg
            return
        if self.fail_on_print:
            self.jobs.append(msg[: len(msg) // 2])  # half of it came out
            raise OSError("the printer stopped mid-job")
        self.jobs.append(msg)
        super()._raw(msg)

    def _read(self) -> bytes:
        if self._last_query.endswith(b"\x04"):  # paper sensor (RT_STATUS_PAPER)
            return bytes([{0: 114, 1: 30, 2: 18}[self.paper]])
        return bytes([0x08 if not self.online else 0x00])  # online status


class FakeReceiver:
    """A POS endpoint for webhooks: records each request, answers from a script."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses.pop(0) if self.statuses else 200
        return httpx.Response(status, json={"ok": status < 300})

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler))
