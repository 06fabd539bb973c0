"""`Fanfare`: the SDK's entry point (the Python counterpart of `initFanfare(config)`).

It owns the consumer client and the journeys, and keeps the session store in step with the
consumer session so a restarted process can resume where it was.
"""

from __future__ import annotations

import logging
import random as random_module
from collections.abc import Callable
from types import TracebackType
from typing import Self

import httpx

from kiosk.core.clock import Clock, SystemClock
from kiosk.sdk.auth import Auth
from kiosk.sdk.client import DEFAULT_API_URL, ConsumerClient
from kiosk.sdk.errors import FanfareError
from kiosk.sdk.journey import Journey
from kiosk.sdk.polling import PollPolicy
from kiosk.sdk.push import PushPolicy
from kiosk.sdk.retry import RetryPolicy
from kiosk.sdk.server_time import ServerTime
from kiosk.sdk.session_keeper import SessionInfo
from kiosk.sdk.session_store import MemorySessionStore, SessionStore, StoredJourney
from kiosk.sdk.views import DEFAULT_STALE_AFTER_SECONDS

logger = logging.getLogger(__name__)


class Fanfare:
    """Configure once per process (or per kiosk session); use as `async with Fanfare(...)`."""

    def __init__(
        self,
        *,
        organization_id: str,
        publishable_key: str,
        api_url: str = DEFAULT_API_URL,
        http_client: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
        session_store: SessionStore | None = None,
        random: Callable[[], float] | None = None,
        poll_policy: PollPolicy | None = None,
        push_policy: PushPolicy | None = None,
        retry_policy: RetryPolicy | None = None,
        stale_after_seconds: float = DEFAULT_STALE_AFTER_SECONDS,
        timeout: float = 10.0,
    ) -> None:
        if not organization_id:
            raise FanfareError("organization_id is required: pass your Fanfare organization id.")
        if not publishable_key:
            raise FanfareError("publishable_key is required: pass the organization's pk_ key.")
        if publishable_key.startswith("sk_"):
            raise FanfareError(
                "A secret key (sk_...) must never be used on a kiosk. "
                "Pass the organization's publishable key (pk_...)."
            )
        self._organization_id = organization_id
        self._clock = clock or SystemClock()
        self._random = random or random_module.random
        self._store = session_store or MemorySessionStore()
        self._poll_policy = poll_policy or PollPolicy()
        self._push_policy = push_policy or PushPolicy()
        self._stale_after = stale_after_seconds
        self._client = ConsumerClient(
            publishable_key=publishable_key,
            api_url=api_url,
            http_client=http_client,
            clock=self._clock,
            random=self._random,
            retry_policy=retry_policy,
            timeout=timeout,
            on_session_change=self._persist,
        )
        record = self._store.load()
        # Journeys a previous process started, kept until this process replaces them.
        self._stored_journeys: dict[str, StoredJourney] = dict(record.journeys) if record else {}
        self._locale = record.locale if record else None
        if record is not None:
            self._client.restore(record)
        self.journeys = JourneyRegistry(self._new_journey, lambda: list(self._stored_journeys))
        self.auth = Auth(self._client)

    def __repr__(self) -> str:
        return (
            f"Fanfare(organization_id={self._organization_id!r}, api_url={self._client.api_url!r})"
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    @property
    def organization_id(self) -> str:
        return self._organization_id

    @property
    def client(self) -> ConsumerClient:
        return self._client

    @property
    def server_time(self) -> ServerTime:
        """The server's clock: countdowns to the server's instants run on `server_time.now()`."""
        return self._client.server_time

    @property
    def session(self) -> SessionInfo | None:
        """The consumer session (no tokens), or None before the first journey starts."""
        return self._client.session

    @property
    def locale(self) -> str | None:
        """The consumer's language, kept with the stored session (None until one is set)."""
        return self._locale

    @locale.setter
    def locale(self, locale: str | None) -> None:
        if locale == self._locale:
            return
        self._locale = locale
        if self._client.session is not None:
            self._persist()

    async def aclose(self) -> None:
        """Stop every journey and close the HTTP client if `Fanfare` created it.

        The stored session stays, so a later process can resume; `logout()` removes it.
        """
        await self.journeys.close_all()
        await self._client.aclose()

    async def logout(self) -> None:
        """End the consumer session everywhere: journeys closed, server told, store wiped."""
        await self.journeys.close_all()
        self.journeys.clear()
        self._stored_journeys.clear()
        await self._client.logout()
        self._store.delete()

    # -- persistence -------------------------------------------------------------------------

    def _persist(self) -> None:
        record = self._client.snapshot()
        try:
            if record is None:
                self._store.delete()
                return
            journeys = dict(self._stored_journeys)
            journeys.update(self.journeys.persisted_states())
            self._store.save(
                record.model_copy(update={"journeys": journeys, "locale": self._locale})
            )
        except OSError as exc:
            # A full disk must not stop the customer's journey; only resuming is lost.
            logger.error("cannot save the consumer session: %s", exc.strerror or type(exc))

    def _new_journey(self, experience_id: str) -> Journey:
        stored = self._stored_journeys.get(experience_id)
        return Journey(
            experience_id,
            client=self._client,
            # The journey's instants (grant expiry, openings, staleness) are the server's.
            clock=self._client.server_time,
            random=self._random,
            poll_policy=self._poll_policy,
            push_policy=self._push_policy,
            stale_after_seconds=self._stale_after,
            access_code=stored.access_code if stored else None,
            started=stored is not None,
            on_change=self._persist,
        )


class JourneyRegistry:
    """`fanfare.journeys`: one `Journey` per experience."""

    def __init__(
        self, factory: Callable[[str], Journey], stored_ids: Callable[[], list[str]]
    ) -> None:
        self._factory = factory
        # Experience ids whose journeys the persisted session has started.
        self._stored_ids = stored_ids
        self._journeys: dict[str, Journey] = {}

    def get(self, experience_id: str) -> Journey:
        """The journey for `experience_id` (the same object every time). No I/O."""
        journey = self._journeys.get(experience_id)
        if journey is None:
            journey = self._factory(experience_id)
            self._journeys[experience_id] = journey
        return journey

    async def resume(self, experience_id: str) -> Journey:
        """The journey, restored from the persisted session via `GET /consumers/me`.

        Lands on the same phase and position as before a restart; stays `ready` when there
        is no session or the server does not know the journey.
        """
        journey = self.get(experience_id)
        await journey.resume()
        return journey

    async def resume_all(self) -> list[Journey]:
        """Resume every journey the persisted session has started."""
        return [await self.resume(experience_id) for experience_id in self._stored_ids()]

    def persisted_states(self) -> dict[str, StoredJourney]:
        states = {}
        for experience_id, journey in self._journeys.items():
            state = journey.persisted_state()
            if state is not None:
                states[experience_id] = state
        return states

    async def close_all(self) -> None:
        for journey in list(self._journeys.values()):
            await journey.close()

    def clear(self) -> None:
        self._journeys.clear()
