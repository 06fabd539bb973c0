"""The venue's working set in memory, rebuilt from the store, and the lookups over it.

Only the unit of work changes it (and rebuilds it after a failed write); services read it
through the methods below, never through its dicts from outside the venue package.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from typing import Any

from kiosk.venue.domain.access import ACCESS_CODE_KIND, AccessCode, AccessCodes
from kiosk.venue.domain.catalog import Experience, Organization, Sequence
from kiosk.venue.domain.consumers import (
    EXPERIENCE_ENTRY_KIND,
    PROFILE_KIND,
    ConsumerBook,
    ConsumerProfile,
    ExperienceEntry,
)
from kiosk.venue.domain.engine import DistributionEngine, RecordSource
from kiosk.venue.domain.errors import not_found
from kiosk.venue.domain.external_auth import EXCHANGE_CODE_KIND, ExchangeCode, ExchangeCodes
from kiosk.venue.domain.grants import GRANT_KIND, Grant, GrantBook
from kiosk.venue.domain.identity import SESSION_KIND, ConsumerSession, Sessions
from kiosk.venue.domain.journeys import JOURNEY_KIND, JourneyBook, JourneyRecord
from kiosk.venue.domain.loyalty import LOYALTY_KIND, LoyaltyLedger, LoyaltyTxn
from kiosk.venue.domain.waitlists import (
    WAITLIST_ENTRY_KIND,
    WAITLIST_KIND,
    Waitlist,
    load_waitlists,
)
from kiosk.venue.store import VenueStore

ORG_KIND = "organization"
EXPERIENCE_KIND = "experience"
SEQUENCE_KIND = "sequence"
IDENTITY_KIND = "identity"

# Rebuilds one mechanism's engines from the store (each MechanismSpec's `load`).
Loader = Callable[[RecordSource], list[Any]]


def new_organization(name: str = "Demo venue") -> Organization:
    return Organization(
        id=str(uuid.uuid4()),
        name=name,
        publishable_key="pk_test_" + secrets.token_hex(16),
        secret_key="sk_test_" + secrets.token_hex(24),
        signing_secret=secrets.token_hex(32),
    )


class VenueState:
    def __init__(self, store: VenueStore, loaders: list[Loader]) -> None:
        self._store = store
        self._loaders = loaders
        self.reload()

    def reload(self) -> None:
        """(Re)build every in-memory structure from the store."""
        store = self._store
        orgs = store.load(ORG_KIND)
        if orgs:
            self.organization = Organization.model_validate(orgs[0][1])
        else:
            self.organization = new_organization()
            with store.transaction() as writer:  # StoreError here: the server cannot start
                writer.put(ORG_KIND, self.organization.id, self.organization.to_doc())
        secret = bytes.fromhex(self.organization.signing_secret)
        self.experiences = {k: Experience.model_validate(d) for k, d in store.load(EXPERIENCE_KIND)}
        self.sequences = {k: Sequence.model_validate(d) for k, d in store.load(SEQUENCE_KIND)}
        self.grants = GrantBook(secret, [Grant.from_doc(d) for _, d in store.load(GRANT_KIND)])
        self.sessions = Sessions(
            secret, [ConsumerSession.from_doc(d) for _, d in store.load(SESSION_KIND)]
        )
        self.journeys = JourneyBook(
            [JourneyRecord.from_doc(d) for _, d in store.load(JOURNEY_KIND)]
        )
        self.access_codes = AccessCodes(
            [AccessCode.from_doc(d) for _, d in store.load(ACCESS_CODE_KIND)]
        )
        self.identities = {key: doc["consumerId"] for key, doc in store.load(IDENTITY_KIND)}
        self.exchange_codes = ExchangeCodes(
            [ExchangeCode.from_doc(k, d) for k, d in store.load(EXCHANGE_CODE_KIND)]
        )
        self.consumers = ConsumerBook(
            [ConsumerProfile.from_doc(d) for _, d in store.load(PROFILE_KIND)],
            [ExperienceEntry.from_doc(d) for _, d in store.load(EXPERIENCE_ENTRY_KIND)],
        )
        self.loyalty = LoyaltyLedger([LoyaltyTxn.from_doc(d) for _, d in store.load(LOYALTY_KIND)])
        self.waitlists = load_waitlists(
            [d for _, d in store.load(WAITLIST_KIND)],
            [d for _, d in store.load(WAITLIST_ENTRY_KIND)],
        )
        self.distributions: dict[str, DistributionEngine] = {}
        for load in self._loaders:
            for engine in load(store):
                self.distributions[engine.id] = engine

    def stored(self, kind: str, key: str) -> dict[str, Any] | None:
        """A record read straight from the store (one the engines do not keep in memory)."""
        return self._store.get(kind, key)

    # ---- lookups -------------------------------------------------------------------------

    def experience(self, experience_id: str) -> Experience:
        experience = self.experiences.get(experience_id)
        if experience is None:
            raise not_found(f"No experience with id {experience_id!r}.")
        return experience

    def sequence(self, sequence_id: str) -> Sequence:
        sequence = self.sequences.get(sequence_id)
        if sequence is None:
            raise not_found(f"No sequence with id {sequence_id!r}.")
        return sequence

    def sequences_of(self, experience_id: str) -> list[Sequence]:
        return [s for s in self.sequences.values() if s.experience_id == experience_id]

    def experience_id_of(self, sequence_id: str) -> str:
        sequence = self.sequences.get(sequence_id)
        return sequence.experience_id if sequence else ""

    def distribution(self, distribution_id: str, mechanism: str) -> Any:
        engine = self.distributions.get(distribution_id)
        if engine is None or engine.mechanism != mechanism:
            label = mechanism.replace("_", " ")
            raise not_found(f"No {label} with id {distribution_id!r}.")
        return engine

    def distribution_of(self, sequence_id: str) -> DistributionEngine | None:
        for engine in self.distributions.values():
            if engine.sequence_id == sequence_id:
                return engine
        return None

    def distributions_of(self, mechanism: str) -> list[Any]:
        return [e for e in self.distributions.values() if e.mechanism == mechanism]

    def waitlist(self, waitlist_id: str) -> Waitlist:
        waitlist = self.waitlists.get(waitlist_id)
        if waitlist is None:
            raise not_found(f"No waitlist with id {waitlist_id!r}.")
        return waitlist

    def waitlist_of(self, sequence_id: str) -> Waitlist | None:
        for waitlist in self.waitlists.values():
            if waitlist.sequence_id == sequence_id:
                return waitlist
        return None

    def token_for(self, grant_id: str) -> str:
        """The signed token of a grant, for its own consumer's eyes only."""
        grant = self.grants.get(grant_id)
        if grant is None:  # pragma: no cover - engines only project grants they were issued
            raise RuntimeError("no grant record for a granted consumer")
        return self.grants.token_for(grant)
