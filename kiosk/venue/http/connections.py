"""Connection limits below the ASGI app, in uvicorn's protocol: what the app cannot see.

A socket that never finishes its request head never reaches the app, and uvicorn keeps it
open (its keep-alive timer restarts on every byte and does not run before a first request).
`guarded_protocol` wraps whichever uvicorn HTTP protocol is in use (h11 or httptools) so:

- a request head must arrive within `header_timeout` of the connection opening or of the
  previous answer, however slowly its bytes trickle in; otherwise the socket is closed;
- one client address holds at most `connections_per_client` sockets, and the server at
  most `connection_cap()` (sized from RLIMIT_NOFILE, so accept() keeps a file descriptor);
  a socket over either is answered 503 and closed at once, freeing its descriptor.

Trusted clients (a load generator) and trusted proxies are not capped per address.
Slow request bodies are bounded in the ASGI app (`http/deadlines.py`).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import Any

from kiosk.venue.limits import Limits

log = logging.getLogger(__name__)

REFUSAL = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Content-Type: application/json\r\n"
    b"Retry-After: 5\r\n"
    b"Connection: close\r\n"
    b"Content-Length: 82\r\n\r\n"
    b'{"error":"too_many_connections","message":"Too many connections; try again soon."}'
)
assert len(REFUSAL.split(b"\r\n\r\n", 1)[1]) == 82


class ConnectionGuard:
    """Open connections per client address, against the limits; shared by all sockets."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cap = limits.connection_cap()
        self._open: Counter[str] = Counter()
        self._total = 0
        self.refused = 0

    def __len__(self) -> int:
        return self._total

    def of(self, host: str) -> int:
        return self._open.get(host, 0)

    def admit(self, host: str) -> bool:
        limits = self.limits
        exempt = limits.trusts_client(host) or limits.is_proxy(host)
        if self._total >= self.cap or (
            not exempt and self._open[host] >= limits.connections_per_client
        ):
            self.refused += 1
            if self.refused in (1, 10, 100) or self.refused % 1000 == 0:
                log.warning(
                    "refused a connection from %s (%d open from it, %d in all; %d refused)",
                    host,
                    self._open[host],
                    self._total,
                    self.refused,
                )
            return False
        self._open[host] += 1
        self._total += 1
        return True

    def release(self, host: str) -> None:
        self._open[host] -= 1
        if self._open[host] <= 0:
            del self._open[host]
        self._total -= 1


def _host(transport: asyncio.BaseTransport) -> str:
    peer = transport.get_extra_info("peername")
    if isinstance(peer, tuple | list) and peer:
        return str(peer[0])
    return str(peer or "unix")


def guarded_protocol(base: type[asyncio.Protocol], guard: ConnectionGuard) -> type[Any]:
    """`base` (uvicorn's H11Protocol or HttpToolsProtocol) with the guard and a deadline for
    each request head. Relies on what both have: `transport`, `cycle` (a new object per
    request head) and `on_response_complete()`."""
    header_timeout = guard.limits.header_timeout

    class GuardedProtocol(base):  # type: ignore[misc,valid-type]
        _guard_host: str | None = None
        _guard_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)  # type: ignore[arg-type]
            host = _host(transport)
            if not guard.admit(host):
                transport.write(REFUSAL)  # type: ignore[attr-defined]
                transport.close()
                return
            self._guard_host = host
            self._await_head()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_deadline()
            if self._guard_host is not None:
                guard.release(self._guard_host)
                self._guard_host = None
            super().connection_lost(exc)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._await_head()  # a keep-alive socket owes the next head in time too

        def _await_head(self) -> None:
            self._cancel_deadline()
            loop = asyncio.get_running_loop()
            self._guard_timer = loop.call_later(header_timeout, self._head_late, self.cycle)

        def _head_late(self, cycle_then: object) -> None:
            self._guard_timer = None
            if self.cycle is cycle_then and not self.transport.is_closing():
                self.transport.close()  # no request head since then: slow or idle

        def _cancel_deadline(self) -> None:
            if self._guard_timer is not None:
                self._guard_timer.cancel()
                self._guard_timer = None

    GuardedProtocol.__name__ = f"Guarded{base.__name__}"
    GuardedProtocol.__qualname__ = GuardedProtocol.__name__
    return GuardedProtocol


def protocol_class(http: str | type[asyncio.Protocol]) -> type[asyncio.Protocol]:
    """uvicorn's protocol class for `http` ("auto", "h11", "httptools", or a class)."""
    if not isinstance(http, str):
        return http
    from uvicorn.config import HTTP_PROTOCOLS
    from uvicorn.importer import import_from_string

    return import_from_string(HTTP_PROTOCOLS.get(http, http))  # type: ignore[no-any-return]


def server_options(limits: Limits, http: str | type[asyncio.Protocol] = "auto") -> dict[str, Any]:
    """The `uvicorn.run` / `uvicorn.Config` options that enforce `limits` on connections.
    Pass the HTTP implementation you want as `http`; it comes back guarded."""
    guard = ConnectionGuard(limits)
    return {
        "http": guarded_protocol(protocol_class(http), guard),
        "timeout_keep_alive": limits.keep_alive_timeout,
        # X-Forwarded-For is read by the app, from configured proxies only (http/clients.py).
        "proxy_headers": False,
        "server_header": False,
    }
