"""`GET /consumers/me/events`: our extension, a Server-Sent Events stream of the consumer's
`GET /consumers/me` body whenever it changes, so a fleet of kiosks needs no polling.

Each `me` event's data is exactly the `/consumers/me` body (the SDK reads it with the same
model) and its id is a digest of that body: a `Last-Event-ID` that matches the current
state sends nothing new, any other (stale, unknown, from before a restart) sends the full
current state. Framing, heartbeats (a `: ping` comment), slow-reader timeouts and the
server's shutdown signal are sse-starlette's. A stream holds one body at a time and
recomputes on each change it is woken for, so a slow reader skips states rather than
queueing them, and never holds up the other streams.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.http.guards import consumer_session
from kiosk.venue.http.requests import bearer_token
from kiosk.venue.venue import Venue
from kiosk.wire.projection import ConsumerMe, RoutedJourney

EVENTS_PATH = "/consumers/me/events"
ME_EVENT = "me"


@dataclass(frozen=True)
class StreamSettings:
    heartbeat_seconds: float = 15.0
    # The `retry:` hint: how long a client waits before reconnecting (milliseconds).
    retry_ms: int = 2000
    # A reader that takes longer than this for one send is dropped (it reconnects).
    send_timeout_seconds: float = 30.0
    # After shutdown is signalled, how long a stream gets to send its goodbye.
    shutdown_grace_seconds: float = 1.0


def event_id(data: str) -> str:
    """The id of a state: a short digest of its body (the same body, the same id)."""
    return hashlib.sha256(data.encode()).hexdigest()[:20]


class EventsApi:
    def __init__(self, venue: Venue, settings: StreamSettings | None = None) -> None:
        self._venue = venue
        self._settings = settings or StreamSettings()
        # sse-starlette logs every chunk at DEBUG, and a chunk may hold a grant token.
        library_log = logging.getLogger("sse_starlette")
        library_log.setLevel(max(library_log.getEffectiveLevel(), logging.INFO))

    def routes(self) -> list[BaseRoute]:
        return [Route(EVENTS_PATH, self.events, methods=["GET"])]

    async def events(self, request: Request) -> Response:
        # Refused before the stream starts: a plain 401/403 JSON answer, as on /consumers/me.
        session = consumer_session(self._venue, request)
        stream = _ConsumerStream(
            self._venue,
            self._settings,
            session,
            bearer_token(request) or "",
            request.headers.get("last-event-id"),
        )
        settings = self._settings
        return EventSourceResponse(
            stream.events(),
            ping=settings.heartbeat_seconds,
            ping_message_factory=lambda: ServerSentEvent(comment="ping"),
            send_timeout=settings.send_timeout_seconds,
            shutdown_event=stream.shutdown,
            shutdown_grace_period=settings.shutdown_grace_seconds,
            data_sender_callable=stream.watch_shutdown,
            headers={"Cache-Control": "no-store"},
        )


class _ConsumerStream:
    """One open stream: the last state it sent, and the flag that wakes it."""

    def __init__(
        self,
        venue: Venue,
        settings: StreamSettings,
        session: ConsumerSession,
        token: str,
        last_event_id: str | None,
    ) -> None:
        self._venue = venue
        self._settings = settings
        self._session = session
        self._token = token
        self._sent = last_event_id
        self._listener = venue.changes.listen(session.consumer_id)
        self.shutdown = anyio.Event()

    async def watch_shutdown(self) -> None:
        """sse-starlette sets `shutdown` when the server is stopping: wake the stream."""
        await self.shutdown.wait()
        self._listener.woken.set()

    async def events(self) -> AsyncIterator[ServerSentEvent]:
        feed, retry = self._venue.changes, self._settings.retry_ms
        try:
            first = True
            while True:
                if self.shutdown.is_set() or feed.closed:
                    yield ServerSentEvent(comment="venue server stopping", retry=retry)
                    return
                self._listener.woken.clear()
                event = self._next(retry if first else None)
                if event is None and first:
                    # Resumed at the current state: nothing new, but the retry hint.
                    event = ServerSentEvent(comment="up to date", retry=retry)
                if event is not None:
                    first = False
                    yield event
                if self._expired():
                    yield ServerSentEvent(comment="session expired", retry=retry)
                    return
                await self._listener.woken.wait()
        finally:
            feed.forget(self._listener)

    def _next(self, retry: int | None) -> ServerSentEvent | None:
        """The current state as an event, or None when the client already has it."""
        me = self._venue.journeys.current_me(self._session)
        self._listener.follow(_distributions(me))
        body: dict[str, Any] = me.to_wire()
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        state_id = event_id(data)
        if state_id == self._sent:
            return None
        self._sent = state_id
        return ServerSentEvent(data=data, event=ME_EVENT, id=state_id, retry=retry)

    def _expired(self) -> bool:
        """The token no longer authenticates: end the stream; the client refreshes and
        reconnects (its new request then authenticates like any other)."""
        try:
            self._venue.access.authenticate(self._token)
        except RefusedError:
            return True
        return False


def _distributions(me: ConsumerMe) -> list[str]:
    """The distributions a projection shows: their changes wake this stream."""
    return [
        journey.sequence.distribution.id
        for journey in me.active.journeys
        if isinstance(journey, RoutedJourney) and journey.sequence.distribution is not None
    ]


def events_openapi() -> dict[str, Any]:
    """The stream's entry in the venue's own OpenAPI document."""
    return {
        EVENTS_PATH: {
            "get": {
                "summary": "Live journey updates (Server-Sent Events; our extension)",
                "description": (
                    "The consumer's GET /consumers/me body, pushed as an `event: me` whenever "
                    "it changes (queue admission, a draw, a grant expiring, any action). "
                    "Authenticated like /consumers/me: X-Publishable-Key and "
                    "'Authorization: Bearer <consumer access token>' (never in the URL). "
                    "Each event's id is a digest of its body: send it back as Last-Event-ID "
                    "when reconnecting; a current id sends nothing new, a stale or unknown "
                    "one sends the full current state. A ': ping' comment is sent every "
                    "15 s as a heartbeat; `retry:` carries the reconnect delay, also on the "
                    "goodbye when the server stops. The stream ends when the token expires. "
                    "A server without this path (404/405, e.g. Fanfare's cloud) is polled."
                ),
                "security": [{"ConsumerBearer": [], "PublishableKey": []}],
                "parameters": [
                    {
                        "name": "Last-Event-ID",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "An endless text/event-stream of `me` events",
                        "content": {"text/event-stream": {"schema": {"type": "string"}}},
                    },
                    "401": {"description": "No or expired consumer token"},
                    "403": {"description": "Wrong publishable key"},
                },
            }
        }
    }
