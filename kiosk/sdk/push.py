"""Live push: the venue server's event stream (`GET /consumers/me/events`, our extension),
and the loop that keeps one journey connected to it.

Each `me` event carries exactly the `GET /consumers/me` body, read with the same model as
a poll. A server that does not offer the stream (404/405, or an answer that is not
`text/event-stream`, as from Fanfare's cloud) is polled instead, and asked no more. After
every (re)connect the journey resyncs with one poll; a broken stream is reopened with
jittered backoff, and polling covers the gap meanwhile. Any line from the server, the
`: ping` heartbeat included, is news: the view is fresh while the stream is alive.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

# The library's own line splitting and field parsing; `EventSource.aiter_sse()` wraps
# these but hides comment lines, and the heartbeat is one.
from httpx_sse._decoders import SSEDecoder, SSELineDecoder
from pydantic import TypeAdapter, ValidationError

from kiosk.core.backoff import jittered_backoff
from kiosk.core.clock import Clock
from kiosk.sdk.errors import APIResponseValidationError, APIStatusError, FanfareError
from kiosk.sdk.transport import ConsumerTransport, TokenSource
from kiosk.wire.projection import ConsumerMe

logger = logging.getLogger(__name__)

# Statuses that mean "no such stream here" (Fanfare's cloud, an older venue server).
NOT_OFFERED = frozenset({404, 405, 501})

EVENTS_PATH = "/consumers/me/events"
ME_EVENT = "me"

_ME: TypeAdapter[ConsumerMe] = TypeAdapter(ConsumerMe)


class PushUnavailableError(FanfareError):
    """The server offers no event stream: poll instead."""


@dataclass(frozen=True)
class PushPolicy:
    enabled: bool = True
    # The server's heartbeat (a `: ping` every 15 s): while streaming, the view's cadence.
    heartbeat_seconds: float = 15.0
    # Silence for longer than this means the connection is gone (two heartbeats missed).
    heartbeat_misses: float = 2.0
    heartbeat_margin: float = 5.0
    reconnect_base: float = 1.0
    reconnect_max: float = 30.0
    connect_timeout: float = 10.0

    @property
    def read_timeout(self) -> float:
        return self.heartbeat_misses * self.heartbeat_seconds + self.heartbeat_margin

    def reconnect_delay(
        self, failures: int, retry_hint: float | None, random: Callable[[], float]
    ) -> float:
        """Wait before reconnecting: the server's `retry:` after a clean close, jittered
        doubling after failures, never over `reconnect_max`."""
        if failures == 0:
            return min(self.reconnect_max, retry_hint or self.reconnect_base)
        delay = jittered_backoff(
            failures, base=max(self.reconnect_base, retry_hint or 0.0), cap=1e9, random=random
        )
        return min(self.reconnect_max, delay)


@dataclass(frozen=True)
class Pushed:
    """One `me` event: the consumer's projection and the state's id."""

    me: ConsumerMe
    event_id: str


class EventStream:
    """An open stream: iterate for `Pushed` states; `alive` is called on every line."""

    def __init__(self, response: httpx.Response, alive: Callable[[], None]) -> None:
        self._response = response
        self._alive = alive
        self.retry_seconds: float | None = None

    async def __aiter__(self) -> AsyncIterator[Pushed]:
        lines, decoder = SSELineDecoder(), SSEDecoder()
        async for text in self._response.aiter_text():
            for line in lines.decode(text):
                self._alive()
                event = decoder.decode(line)
                if event is None:
                    continue
                if event.retry is not None:
                    self.retry_seconds = event.retry / 1000
                if event.event == ME_EVENT and event.data:
                    yield Pushed(_parse(event.data), event.id)


def _parse(data: str) -> ConsumerMe:
    try:
        return _ME.validate_json(data)
    except ValidationError:
        # Only that it failed: the body may hold a grant.
        raise APIResponseValidationError(
            f"GET {EVENTS_PATH} sent an event the SDK cannot read; reconnecting.",
            method="GET",
            path=EVENTS_PATH,
        ) from None


class EventSource:
    """Opens the consumer's event stream over the client's transport."""

    def __init__(self, transport: ConsumerTransport, tokens: TokenSource) -> None:
        self._transport = transport
        self._tokens = tokens
        self._unavailable = False

    @property
    def unavailable(self) -> bool:
        """True once the server showed it offers no stream (then it is polled)."""
        return self._unavailable

    @asynccontextmanager
    async def open(
        self, policy: PushPolicy, last_event_id: str | None, alive: Callable[[], None]
    ) -> AsyncIterator[EventStream]:
        if self._unavailable:
            raise PushUnavailableError("the server offers no event stream")
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-store"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        timeout = httpx.Timeout(policy.connect_timeout, read=policy.read_timeout)
        try:
            async with self._transport.stream(
                EVENTS_PATH, tokens=self._tokens, headers=headers, timeout=timeout
            ) as response:
                content_type = response.headers.get("content-type", "").partition(";")[0]
                if content_type.strip() != "text/event-stream":
                    raise self._not_offered(f"a {content_type or 'untyped'} answer")
                stream = EventStream(response, alive)
                yield stream
        except APIStatusError as exc:
            if exc.status_code not in NOT_OFFERED:
                raise
            raise self._not_offered(f"status {exc.status_code}") from None

    def _not_offered(self, why: str) -> PushUnavailableError:
        self._unavailable = True
        logger.info("no event stream at %s (%s); polling instead", EVENTS_PATH, why)
        return PushUnavailableError(f"the server offers no event stream ({why})")


@dataclass(frozen=True)
class PushTarget:
    """What the push loop needs from a journey."""

    wants_updates: Callable[[], bool]
    # Connected: stop polling and resync the whole view with one poll.
    stream_opened: Callable[[], Awaitable[None]]
    pushed: Callable[[ConsumerMe], Awaitable[None]]
    # A line arrived (an event or the heartbeat): the view is current.
    stream_alive: Callable[[], None]
    # Disconnected (or push unavailable): poll until the stream is back.
    stream_lost: Callable[[], None]


class Pusher:
    def __init__(
        self,
        target: PushTarget,
        source: EventSource,
        policy: PushPolicy,
        clock: Clock,
        random: Callable[[], float],
    ) -> None:
        self._target = target
        self._source = source
        self._policy = policy
        self._clock = clock
        self._random = random
        self._last_event_id: str | None = None

    async def run(self) -> None:
        """Stay connected while the journey wants updates; return when push is unavailable."""
        failures = 0
        while self._target.wants_updates():
            retry_hint: float | None = None
            try:
                async with self._source.open(
                    self._policy, self._last_event_id, self._target.stream_alive
                ) as stream:
                    await self._target.stream_opened()
                    async for pushed in stream:
                        failures = 0  # reset by a readable event, not by connecting
                        self._last_event_id = pushed.event_id
                        await self._target.pushed(pushed.me)
                        if not self._target.wants_updates():
                            return
                    retry_hint = stream.retry_seconds
                logger.info("the event stream was closed by the server; reconnecting")
            except PushUnavailableError:
                return
            except FanfareError as exc:
                failures += 1
                logger.warning("event stream failed (%s); reconnecting", type(exc).__name__)
            finally:
                self._target.stream_lost()
            await self._clock.sleep(
                self._policy.reconnect_delay(failures, retry_hint, self._random)
            )
