"""The venue server embedded in the kiosk process, for `kiosk run` with no venue configured.

The SDK reaches it over `httpx.ASGITransport` (no sockets). ASGITransport runs no lifespan,
so this object runs the app's lifespan itself: the venue's ticker (admissions and expiries
on time) and the demo crowd.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx

from kiosk.core.clock import Clock
from kiosk.session.catalog import ExperienceChoice
from kiosk.venue.demo import DemoCrowd, load_demo
from kiosk.venue.http.app import create_app
from kiosk.venue.paths import database_path
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore

logger = logging.getLogger(__name__)

EMBEDDED_URL = "http://venue.embedded"


class EmbeddedVenue:
    def __init__(self, data_dir: Path, clock: Clock, *, demo: bool = True) -> None:
        self._store = SqliteStore(database_path(data_dir))
        try:
            self.service = VenueService(self._store, clock)
            if demo and load_demo(self.service):
                logger.info("loaded the demo experiences into %s", data_dir)
        except BaseException:
            self._store.close()
            raise
        background: dict[str, Any] = {}
        if demo:
            crowd = DemoCrowd(self.service)
            background["demo-crowd"] = lambda: crowd.run(clock)
        # No event stream: ASGITransport cannot stream, so the SDK gets a 404 and polls.
        self.app = create_app(self.service, clock=clock, background=background, push=False)
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url=EMBEDDED_URL, timeout=10.0
        )
        self._lifespan: contextlib.AbstractAsyncContextManager[Any] | None = None

    @property
    def api_url(self) -> str:
        return EMBEDDED_URL

    @property
    def organization_id(self) -> str:
        return self.service.organization.id

    @property
    def publishable_key(self) -> str:
        return self.service.organization.publishable_key

    def experiences(self) -> list[ExperienceChoice]:
        choices = []
        for experience in sorted(self.service.experiences.values(), key=lambda e: e.created_at):
            # As the consumer API answers it: names, description, media and live status.
            wire = self.service.catalog.wire_experience(experience.id)
            choices.append(ExperienceChoice.from_wire(wire))
        return choices

    async def __aenter__(self) -> Self:
        self._lifespan = self.app.router.lifespan_context(self.app)
        await self._lifespan.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self._lifespan is not None:
                await self._lifespan.__aexit__(None, None, None)
            await self.http.aclose()
        finally:
            self._store.close()
