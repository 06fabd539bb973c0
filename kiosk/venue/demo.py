"""The demo organization `kiosk venue serve --demo` (and `kiosk run`) starts with."""

from __future__ import annotations

import logging
from datetime import timedelta

from kiosk.core.clock import Clock
from kiosk.venue.domain import appointment, auction, draw, timed_release
from kiosk.venue.domain.catalog import (
    AccessCodesCreate,
    ExperienceCreate,
    QueueCreate,
    SequenceCreate,
    WaitlistCreate,
)
from kiosk.venue.domain.errors import RefusedError
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
    _vip_experience(service)
    _coming_soon_experience(service)
    _members_experience(service)
    DemoCrowd(service).top_up()
    for demo in (appointment.demo, auction.demo, draw.demo, timed_release.demo):
        demo(service)
    return True


VIP_CODE = "VIP2026"
VIP_SINGLE_USE_CODES = ("GOLD-1111", "GOLD-2222", "GOLD-3333")


def _vip_experience(service: VenueService) -> None:
    """A gated VIP sequence (access code) above a general one."""
    drop = service.create_experience(ExperienceCreate(name="VIP early access: Aurora 1 Retro"))
    vip = service.create_sequence(
        SequenceCreate(
            experience_id=drop.id, name="VIP", priority=10, color="#b8860b", access_code=VIP_CODE
        )
    )
    service.add_access_codes(
        vip.id, AccessCodesCreate(codes=list(VIP_SINGLE_USE_CODES), max_uses=1)
    )
    service.create_queue(QueueCreate(sequence_id=vip.id, name="VIP queue", admit_rate=60))
    general = service.create_sequence(
        SequenceCreate(experience_id=drop.id, name="General", priority=0, color="#1f6feb")
    )
    service.create_queue(QueueCreate(sequence_id=general.id, name="Retro queue", admit_rate=20))


def _coming_soon_experience(service: VenueService) -> None:
    """A queue that opens in 30 minutes: a waitlist now, a pre-queue 10 minutes before."""
    drop = service.create_experience(ExperienceCreate(name="Coming soon: Aurora 2"))
    general = service.create_sequence(
        SequenceCreate(experience_id=drop.id, name="General", priority=0)
    )
    service.create_queue(
        QueueCreate(
            sequence_id=general.id,
            name="Aurora 2 queue",
            admit_rate=30,
            open_at=service.now() + timedelta(minutes=30),
            early_entry_seconds=600,
        )
    )
    service.create_waitlist(WaitlistCreate(sequence_id=general.id))


def _members_experience(service: VenueService) -> None:
    """Members sign in with a one-time code (read out by staff from the operator API)."""
    drop = service.create_experience(ExperienceCreate(name="Members release: Aurora 1 Mono"))
    members = service.create_sequence(
        SequenceCreate(experience_id=drop.id, name="Members", priority=0, authentication="otp")
    )
    service.create_queue(QueueCreate(sequence_id=members.id, name="Members queue", admit_rate=30))


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
            if sequence.access_code or sequence.authentication != "none":
                continue  # simulated shoppers hold no codes and do not sign in
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
            except RefusedError as exc:
                log.warning("demo crowd could not join: %s", exc.message)
