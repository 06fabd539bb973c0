"""The demo organization `kiosk venue serve --demo` (and `kiosk run`) starts with."""

from __future__ import annotations

import logging

from kiosk.core.clock import Clock
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.mechanisms import MECHANISMS
from kiosk.venue.service import VenueService

log = logging.getLogger(__name__)

DEMO_CROWD = 12  # simulated shoppers already in line, so a new customer sees it move


def load_demo(service: VenueService) -> bool:
    """Create the demo experiences unless the venue already has some. True if created."""
    if service.catalog.experiences():
        return False
    for mechanism in MECHANISMS:
        mechanism.demo(service)
    DemoCrowd(service).top_up()
    return True


class DemoCrowd:
    """Simulated shoppers who keep joining the demo queue, so a customer sees it move."""

    def __init__(self, service: VenueService, size: int = DEMO_CROWD) -> None:
        self._service = service
        self._size = size

    def top_up(self) -> int:
        """Joins up to `size` shoppers per queue. Bounded: a queue that admits every joiner
        at once (a huge admit rate) never reaches `size`, and must not loop forever."""
        service, added = self._service, 0
        for engine in service.queueing.all():
            sequence = service.catalog.sequence(engine.config.sequence_id)
            if not engine.accepts_entries(service.now()):
                continue
            if sequence.access_code or sequence.authentication != "none":
                continue  # simulated shoppers hold no codes and do not sign in
            for _ in range(max(0, self._size - engine.queued_count)):
                tokens = service.access.start_guest_session()
                shopper = service.access.authenticate(tokens.access_token)
                service.journeys.route(shopper, sequence.experience_id, None)
                service.queueing.enter(shopper, engine.id)
                added += 1
        return added

    async def run(self, clock: Clock, every_seconds: float = 15.0) -> None:
        while True:
            await clock.sleep(every_seconds)
            try:
                self.top_up()
            except RefusedError as exc:
                log.warning("demo crowd could not join: %s", exc.message)
