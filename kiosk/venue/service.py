"""`VenueService`: the venue with every mechanism of `MECHANISMS` loaded, for the CLI, the
kiosk's embedded server, tests and benchmarks. The work is done by the services it holds
(`access`, `catalog`, `journeys`, `waitlists`, `distributions`, `queueing`, `grants`);
the few shortcuts below are the calls other parts of the kiosk make."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from types import MappingProxyType

from kiosk.core.clock import Clock
from kiosk.venue.domain.catalog import (
    Experience,
    ExperienceCreate,
    QueueCreate,
    Sequence,
    SequenceCreate,
)
from kiosk.venue.domain.engine import DistributionEngine
from kiosk.venue.domain.grants import Grant
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.domain.otp import OtpSender
from kiosk.venue.domain.queue import QueueEngine
from kiosk.venue.keystore import Secrets
from kiosk.venue.mechanisms import MECHANISMS
from kiosk.venue.store import VenueStore
from kiosk.venue.venue import Venue


class VenueService(Venue):
    def __init__(
        self,
        store: VenueStore,
        clock: Clock,
        *,
        otp_sender: OtpSender | None = None,
        otp_per_contact: tuple[int, timedelta] | None = None,
        secrets: Secrets | None = None,
    ) -> None:
        super().__init__(
            store,
            clock,
            [m.load for m in MECHANISMS],
            otp_sender=otp_sender,
            leaves={m.name: m.leave for m in MECHANISMS},
            otp_per_contact=otp_per_contact,
            secrets=secrets,
        )

    @property
    def experiences(self) -> Mapping[str, Experience]:
        return MappingProxyType({e.id: e for e in self.catalog.experiences()})

    @property
    def queues(self) -> Mapping[str, QueueEngine]:
        return MappingProxyType({q.id: q for q in self.queueing.all()})

    def sequences_of(self, experience_id: str) -> list[Sequence]:
        return self.catalog.sequences_of(experience_id)

    def distribution_of(self, sequence_id: str) -> DistributionEngine | None:
        return self.distributions.of_sequence(sequence_id)

    def authenticate(self, access_token: str | None) -> ConsumerSession:
        return self.access.authenticate(access_token)

    def create_experience(self, body: ExperienceCreate) -> Experience:
        return self.catalog.create_experience(body)

    def create_sequence(self, body: SequenceCreate) -> Sequence:
        return self.catalog.create_sequence(body)

    def create_queue(self, body: QueueCreate) -> QueueEngine:
        return self.queueing.create(body)

    def control_queue(self, queue_id: str, action: str) -> QueueEngine:
        return self.queueing.control(queue_id, action)

    def validate_grant(self, token: str, experience_id: str | None = None) -> Grant:
        return self.grants.validate(token, experience_id)

    def revoke_grant(self, token: str) -> Grant:
        return self.grants.revoke(token)
