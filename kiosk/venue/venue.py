"""The venue's application layer, assembled: one state, one unit of work, the services.

The mechanisms' loaders are injected (`kiosk.venue.service.VenueService` passes those of
`MECHANISMS`), so nothing here knows which mechanisms exist.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.core.clock import Clock
from kiosk.venue.changes import ChangeFeed
from kiosk.venue.domain.catalog import Organization
from kiosk.venue.domain.otp import OtpSender, StaffOtpSender
from kiosk.venue.services.access import AccessService
from kiosk.venue.services.catalog import CatalogService
from kiosk.venue.services.distributions import DistributionService
from kiosk.venue.services.draw_entries import DrawEntryService
from kiosk.venue.services.figures import FiguresService
from kiosk.venue.services.grants import GrantService
from kiosk.venue.services.journeys import JourneyService
from kiosk.venue.services.queues import QueueService
from kiosk.venue.services.waitlists import WaitlistService
from kiosk.venue.state import Loader, VenueState
from kiosk.venue.store import VenueStore
from kiosk.venue.unit_of_work import UnitOfWork


class Venue:
    def __init__(
        self,
        store: VenueStore,
        clock: Clock,
        loaders: list[Loader],
        *,
        otp_sender: OtpSender | None = None,
    ) -> None:
        self._clock = clock
        state = VenueState(store, loaders)
        # What the event streams wait on: every unit of work reports to it.
        self.changes = ChangeFeed()
        uow = UnitOfWork(store, clock, state, self.changes)
        self._state, self._uow = state, uow
        self.access = AccessService(state, uow, otp_sender or StaffOtpSender())
        self.catalog = CatalogService(state, uow)
        self.journeys = JourneyService(state, uow)
        self.waitlists = WaitlistService(state, uow)
        self.distributions = DistributionService(state, uow)
        self.queueing = QueueService(state, uow, self.distributions)
        self.grants = GrantService(state, uow)
        self.draw_entries = DrawEntryService(state, uow)
        self.figures = FiguresService(state, uow)

    @property
    def organization(self) -> Organization:
        return self._state.organization

    def now(self) -> datetime:
        return self._clock.now()

    def tick(self) -> None:
        """Open, admit, draw, settle and expire on every distribution up to now."""
        with self._uow.begin():
            pass

    def token_for(self, grant_id: str) -> str:
        """The signed token of a grant, for its own consumer's eyes only."""
        return self._state.token_for(grant_id)
