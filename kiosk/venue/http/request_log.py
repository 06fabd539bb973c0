"""One access-log line and one latency observation per request, by route template.

The route is the template the router matched (`/queues/{queue_id}/enter`), never the raw
path or the query: paths are bounded labels that way, and nothing a client typed (a token
pasted into a URL, say) reaches the log. No header and no body is read here.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.venue.metrics import VenueMetrics

access_log = logging.getLogger("kiosk.venue.access")


def route_of(scope: Scope) -> str | None:
    """The matched route's template (the router puts the route in the scope)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else None


class RequestLogMiddleware:
    """Always times the request; writes its access-log line when `log_requests` (on for
    `kiosk venue serve`; off for the venue embedded in a kiosk, whose log is the kiosk's)."""

    def __init__(self, app: ASGIApp, metrics: VenueMetrics, log_requests: bool) -> None:
        self.app = app
        self.metrics = metrics
        self.log_requests = log_requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering
        first_byte: float | None = None

        async def timed_send(message: Message) -> None:
            nonlocal status, first_byte
            if message["type"] == "http.response.start":
                status = int(message["status"])
                first_byte = time.perf_counter() - started
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            total = time.perf_counter() - started
            route, method = route_of(scope), scope.get("method", "")
            self.metrics.observe_request(
                method, route, status, first_byte if first_byte is not None else total
            )
            if self.log_requests:
                access_log.info(
                    "%s %s %d",
                    method,
                    route or "(no route)",
                    status,
                    extra={
                        "method": method,
                        "route": route,
                        "status": status,
                        "duration_ms": round(total * 1000, 1),
                    },
                )
