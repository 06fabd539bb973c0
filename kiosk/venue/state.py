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
from kiosk.venue.keystore import Secrets, SecretsError
from kiosk.venue.store import StoreError, VenueStore

ORG_KIND = "organization"
EXPERIENCE_KIND = "experience"
SEQUENCE_KIND = "sequence"
IDENTITY_KIND = "identity"
# The organization's fields kept out of the database when a secret store is given.
SECRET_FIELDS = ("secretKey", "signingSecret", "retiredSecretKeys")

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
    """`secrets`, when given, holds the organization's secret key, retired keys and signing
    secret instead of the database (which then keeps only the public part); an older
    database's secrets move there on first start."""

    def __init__(
        self, store: VenueStore, loaders: list[Loader], secrets: Secrets | None = None
    ) -> None:
        self._store = store
        self._loaders = loaders
        self._secrets = secrets
        self.reload()

    def _load_organization(self) -> Organization:
        store = self._store
        orgs = store.load(ORG_KIND)
        doc = orgs[0][1] if orgs else new_organization().to_doc()
        held = {k: doc.pop(k) for k in SECRET_FIELDS if k in doc}
        if self._secrets is None:
            if not orgs:
                with store.transaction() as writer:  # StoreError: the server cannot start
                    writer.put(ORG_KIND, doc["id"], {**doc, **held})
            return Organization.model_validate({**doc, **held})
        if held:  # new, or an older database: secrets first, then the public record
            self._secrets.save(held)
            with store.transaction() as writer:
                writer.put(ORG_KIND, doc["id"], doc)
            scrub = getattr(store, "scrub", None)
            if orgs and scrub is not None:
                scrub()  # the old record's bytes must not linger in free pages
        else:
            held = self._secrets.load() or {}
            if not all(k in held for k in ("secretKey", "signingSecret")):
                raise StoreError(
                    f"the venue's secret key and signing secret are missing from "
                    f"{self._secrets.where}; restore them, or start a new data folder"
                )
        return Organization.model_validate({**doc, **held})

    def save_secrets(self) -> list[tuple[str, str, dict[str, Any]]]:
        """After a key rotation: the secrets saved where they live; the records to commit
        (the organization record itself, when the database is where they live)."""
        doc = self.organization.to_doc()
        if self._secrets is None:
            return [(ORG_KIND, self.organization.id, doc)]
        self._secrets.save({k: doc[k] for k in SECRET_FIELDS if k in doc})
        return []

    def reload(self) -> None:
        """(Re)build every in-memory structure from the store."""
        store = self._store
        try:
            self.organization = self._load_organization()
        except SecretsError as exc:
            raise StoreError(str(exc)) from exc
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
