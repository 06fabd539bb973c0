"""The venue the fuzzer drives: the demo organization on a fake clock, its ASGI app, the
keys and a fresh guest per request, the real ids to put in paths, and a snapshot of every
durable record to prove a refused request changed nothing."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from kiosk.venue.demo import load_demo
from kiosk.venue.domain.identity import SESSION_KIND
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.fakes import FakeClock

# The operator collections whose ids fill `/operator/<collection>/{id}` and the consumer
# paths' `{queueId}`, `{drawId}`, ...
COLLECTIONS = {
    "experiences": "experienceId",
    "sequences": None,
    "waitlists": "waitlistId",
    "queues": "queueId",
    "draws": "drawId",
    "auctions": "auctionId",
    "timed-releases": "timedReleaseId",
    "appointments": "appointmentId",
}

Records = list[tuple[str, str, str]]


@dataclass
class FuzzVenue:
    service: VenueService
    store: SqliteStore
    app: Starlette
    database: Path
    ids: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path, clock: FakeClock) -> FuzzVenue:
        database = folder / "venue.sqlite3"
        store = SqliteStore(database)
        service = VenueService(store, clock)
        load_demo(service)
        # No `limits`: the fuzzer is one client sending hundreds of requests a second, and
        # the rate limits have their own tests (tests/venue/test_limits.py).
        venue = cls(service, store, create_app(service, push=False), database)
        venue.ids = venue._collect_ids()
        return venue

    def close(self) -> None:
        self.store.close()

    @property
    def publishable_key(self) -> str:
        return self.service.organization.publishable_key

    @property
    def secret_key(self) -> str:
        return self.service.organization.secret_key

    def guest(self) -> tuple[str, str]:
        """A new guest session: (access token, consumer id)."""
        tokens = self.service.access.start_guest_session()
        return tokens.access_token, tokens.session.consumer_id

    def real_id(self, path: str, name: str, pick: int) -> str | None:
        """The `pick`-th real id (wrapping) for `{name}` in `path`, or None if there is none."""
        key = name
        if name == "id":
            segments = path.split("/")
            key = segments[segments.index("{id}") - 1]
        choices = self.ids.get(key, [])
        return choices[pick % len(choices)] if choices else None

    def records(self) -> Records:
        """Every durable record, read on a connection of its own (the service's stays
        untouched): equal lists mean the request changed nothing on disk."""
        connection = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        try:
            return connection.execute(
                "SELECT kind, key, doc FROM records ORDER BY kind, key"
            ).fetchall()
        finally:
            connection.close()

    def _collect_ids(self) -> dict[str, list[str]]:
        ids: dict[str, list[str]] = {"organizationId": [self.service.organization.id]}
        catalog = self.service.catalog
        ids["experiences"] = [e.id for e in catalog.experiences()]
        ids["sequences"] = [s.id for s in catalog.sequences()]
        for collection, engine_ids in _engine_ids(self.service).items():
            ids[collection] = engine_ids
        for collection, name in COLLECTIONS.items():
            if name is not None:
                ids[name] = ids.get(collection, [])
        consumers = sorted({doc["consumerId"] for doc in _session_docs(self.records())})
        ids["consumers"] = consumers
        return ids


MECHANISM_COLLECTIONS = {
    "queue": "queues",
    "draw": "draws",
    "auction": "auctions",
    "timed_release": "timed-releases",
    "appointment": "appointments",
}


def _engine_ids(service: VenueService) -> dict[str, list[str]]:
    """Each mechanism's engines, by the operator collection that lists them."""
    found = {
        collection: [engine.id for engine in service.distributions.of_mechanism(mechanism)]
        for mechanism, collection in MECHANISM_COLLECTIONS.items()
    }
    found["waitlists"] = [w.id for w in service.waitlists.all()]
    return found


def _session_docs(records: Records) -> list[dict[str, Any]]:
    return [json.loads(doc) for kind, _, doc in records if kind == SESSION_KIND]
