"""The demo organization `kiosk venue serve --demo` (and `kiosk run`) starts with."""

from __future__ import annotations

import logging

from kiosk.clock import Clock
from kiosk.venue.catalog import ExperienceCreate, QueueCreate, SequenceCreate
from kiosk.venue.errors import VenueError
from kiosk.venue.mechanisms.registry import demos
from kiosk.venue.service import VenueService

log = logging.getLogger(__name__)

DEMO_CROWD = 12  # simulated shoppers already in line, so a new customer sees it move


def load_demo(service: VenueService) -> bool:
    """Create the demo experiences unless the venue already has some. True if created."""
    if service.experiences:
        return False
    drop = service.create_experience(
        ExperienceCreate(
            name="Sneaker drop: Aurora 1",
            i18n={"es": {"name": "Lanzamiento: Aurora 1"}, "ar": {"name": "إطلاق: أورورا 1"}},
        )
    )
    general = service.create_sequence(
        SequenceCreate(experience_id=drop.id, name="General", priority=0, color="#1f6feb")
    )
    service.create_queue(
        QueueCreate(
            sequence_id=general.id,
            name="Aurora 1 queue",
            admit_rate=30,  # one every two seconds: visibly moving
            admission_expiration_seconds=300,
        )
    )
    DemoCrowd(service).top_up()
    for demo in demos():
        demo(service)
    return True


class DemoCrowd:
    """Simulated shoppers who keep joining the demo queue, so a customer sees it move."""

    def __init__(self, service: VenueService, size: int = DEMO_CROWD) -> None:
        self._service = service
        self._size = size

    def top_up(self) -> int:
        service, added = self._service, 0
        for engine in list(service.queues.values()):
            sequence = service.sequences.get(engine.config.sequence_id)
            if sequence is None or not engine.accepts_entries(service.now()):
                continue
            while engine.queued_count < self._size:
                tokens = service.start_guest_session()
                shopper = service.authenticate(tokens.access_token)
                service.route(shopper, sequence.experience_id, None)
                service.queue_enter(shopper, engine.id)
                added += 1
        return added

    async def run(self, clock: Clock, every_seconds: float = 15.0) -> None:
        while True:
            await clock.sleep(every_seconds)
            try:
                self.top_up()
            except VenueError as exc:
                log.warning("demo crowd could not join: %s", exc.message)
