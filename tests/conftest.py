"""Shared fixtures: a venue service on a fake clock, its ASGI app, and HTTP clients for it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import httpx
import pytest

from kiosk.venue.domain.catalog import ExperienceCreate, QueueCreate, SequenceCreate
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.fakes import FakeClock

BASE_URL = "http://venue.test"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path) -> SqliteStore:
    store = SqliteStore(tmp_path / "venue.sqlite3")
    yield store
    store.close()


@pytest.fixture
def service(store: SqliteStore, clock: FakeClock) -> VenueService:
    return VenueService(store, clock)


@dataclass
class QueueSetup:
    experience_id: str
    sequence_id: str
    queue_id: str


def make_queue(service: VenueService, **queue_fields: object) -> QueueSetup:
    """An experience with one general sequence and one queue (fields override defaults)."""
    experience = service.create_experience(ExperienceCreate(name="Drop"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="General"))
    fields = {"sequence_id": sequence.id, "name": "Line", "admit_rate": 60, **queue_fields}
    queue = service.create_queue(QueueCreate.model_validate(fields))
    return QueueSetup(experience.id, sequence.id, queue.id)


@pytest.fixture
def queue_setup(service: VenueService) -> QueueSetup:
    return make_queue(service)


@pytest.fixture
async def venue_http(service: VenueService) -> AsyncIterator[httpx.AsyncClient]:
    """A raw HTTP client for the venue app (no keys set), over ASGITransport."""
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def publishable_key(service: VenueService) -> str:
    return service.organization.publishable_key


@pytest.fixture
def secret_key(service: VenueService) -> str:
    return service.organization.secret_key
