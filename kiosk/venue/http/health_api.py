"""Probes and metrics for the machines that watch the server (our extension):

- `GET /healthz`: the process answers (liveness; restart it when this fails);
- `GET /readyz`: the storage answers a real query (readiness; 503 while it does not, so a
  load balancer sends kiosks elsewhere rather than into failed writes);
- `GET /metrics`: Prometheus text format (counts only: no consumer, no token).

`GET /health` (the older liveness check with the organization id) is kept as it was. None of
these take a key: they say nothing a kiosk on the LAN could misuse; put them behind the
reverse proxy's allow-list if the server faces the internet.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.metrics import VenueMetrics
from kiosk.venue.store import StoreError
from kiosk.venue.venue import Venue

log = logging.getLogger(__name__)

NO_STORE = {"Cache-Control": "no-store"}


class HealthApi:
    def __init__(self, venue: Venue, metrics: VenueMetrics) -> None:
        self._venue = venue
        self._metrics = metrics

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/healthz", self.healthz, methods=["GET"]),
            Route("/readyz", self.readyz, methods=["GET"]),
            Route("/metrics", self.metrics, methods=["GET"]),
        ]

    async def healthz(self, _: Request) -> Response:
        return JSONResponse({"status": "ok"}, headers=NO_STORE)

    async def readyz(self, _: Request) -> Response:
        try:
            self._venue.figures.check_storage()
        except StoreError as exc:
            log.warning("not ready: %s", exc)
            return JSONResponse(
                {"status": "unavailable", "checks": {"storage": "unreachable"}},
                status_code=503,
                headers={**NO_STORE, "Retry-After": "5"},
            )
        return JSONResponse({"status": "ready", "checks": {"storage": "ok"}}, headers=NO_STORE)

    async def metrics(self, _: Request) -> Response:
        return Response(
            self._metrics.render(), media_type=self._metrics.content_type, headers=NO_STORE
        )


def health_openapi() -> dict[str, Any]:
    """The probes' entries in the venue's own OpenAPI document."""

    def probe(summary: str, responses: dict[str, str]) -> dict[str, Any]:
        return {
            "get": {
                "summary": summary,
                "security": [],
                "responses": {code: {"description": text} for code, text in responses.items()},
            }
        }

    return {
        "/healthz": probe("Liveness: the process answers", {"200": "Alive"}),
        "/readyz": probe(
            "Readiness: the storage answers a real query",
            {"200": "Ready", "503": "The storage is unreachable (Retry-After)"},
        ),
        "/metrics": {
            "get": {
                "summary": "Prometheus metrics (text format 0.0.4)",
                "security": [],
                "responses": {
                    "200": {
                        "description": "Lines, entrants, admissions, grants, open streams, "
                        "request latency by route template, rate-limit refusals",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
    }
