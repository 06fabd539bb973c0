"""The venue's application layer, assembled: one state, one unit of work, the services.

The mechanisms' loaders and leaves are injected (`kiosk.venue.service.VenueService` passes
those of `MECHANISMS`), so nothing here knows which mechanisms exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from kiosk.core.clock import Clock
from kiosk.venue.changes import ChangeFeed
from kiosk.venue.domain.catalog import Organization
from kiosk.venue.domain.otp import OtpBook, OtpSender, StaffOtpSender
from kiosk.venue.keystore import Secrets
from kiosk.venue.services.access import AccessService
from kiosk.venue.services.catalog import CatalogService
from kiosk.venue.services.consumers import ConsumerService
from kiosk.venue.services.distributions import DistributionService, Leave
from kiosk.venue.services.draw_entries import DrawEntryService
from kiosk.venue.services.experiences import ExperienceService
from kiosk.venue.services.external_auth import ExternalAuthService
from kiosk.venue.services.figures import FiguresService
from kiosk.venue.services.grants import GrantService
from kiosk.venue.services.journeys import JourneyService
from kiosk.venue.services.loyalty import LoyaltyService
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
        leaves: Mapping[str, Leave] | None = None,
        otp_per_contact: tuple[int, timedelta] | None = None,
        secrets: Secrets | None = None,
    ) -> None:
        self._clock = clock
        state = VenueState(store, loaders, secrets)
        # What the event streams wait on: every unit of work reports to it.
        self.changes = ChangeFeed()
        uow = UnitOfWork(store, clock, state, self.changes)
        self._state, self._uow = state, uow
        sender = otp_sender or StaffOtpSender()
        otp = None
        if otp_per_contact is not None:  # codes asked for one contact, per window
            otp = OtpBook(sender, per_contact=otp_per_contact[0], window=otp_per_contact[1])
        self.access = AccessService(state, uow, sender, otp)
        self.catalog = CatalogService(state, uow)
        self.journeys = JourneyService(state, uow)
        self.waitlists = WaitlistService(state, uow)
        self.distributions = DistributionService(state, uow)
        self.queueing = QueueService(state, uow, self.distributions)
        self.grants = GrantService(state, uow)
        self.draw_entries = DrawEntryService(state, uow)
        self.experience_entries = ExperienceService(
            state, uow, self.catalog, self.distributions, leaves or {}
        )
        self.consumers = ConsumerService(state, uow)
        self.loyalty = LoyaltyService(state, uow)
        self.external_auth = ExternalAuthService(state, uow)
        self.figures = FiguresService(state, uow)

    @property
    def organization(self) -> Organization:
        return self._state.organization

    def now(self) -> datetime:
        return self._clock.now()

    def tick(self) -> None:
        """Open, admit, draw, settle and expire on every distribution up to now; forget a
        bounded batch of ended sessions."""
        with self._uow.begin():
            self.access.prune_sessions()

    def token_for(self, grant_id: str) -> str:
        """The signed token of a grant, for its own consumer's eyes only."""
        return self._state.token_for(grant_id)
