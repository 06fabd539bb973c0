"""The seams of the venue server: every mechanism comes from one list, and a request moves
time once and commits once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, get_args

import httpx
from starlette.routing import Route

from kiosk.venue.domain.catalog import ExperienceCreate, QueueCreate, SequenceCreate
from kiosk.venue.http.app import create_app
from kiosk.venue.mechanisms import MECHANISMS
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from kiosk.wire.projection import Mechanism
from tests.fakes import FakeClock


class CountingStore(SqliteStore):
    """A real store that counts its write transactions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commits = 0

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with super().transaction() as writer:
            yield writer
        self.commits += 1


def test_every_mechanism_of_the_contract_has_one_spec() -> None:
    names = [spec.name for spec in MECHANISMS]
    assert len(names) == len(set(names))
    assert set(names) == set(get_args(Mechanism))


def test_the_app_mounts_and_documents_every_mechanism(
    store: SqliteStore, clock: FakeClock
) -> None:
    service = VenueService(store, clock)
    app = create_app(service)
    mounted = {route.path for route in app.routes if isinstance(route, Route)}
    for spec in MECHANISMS:
        paths = {route.path for route in spec.routes(service) if isinstance(route, Route)}
        assert paths and paths <= mounted, spec.name
        assert spec.openapi_paths(lambda *_, **__: {}), spec.name


async def test_a_request_commits_once_and_a_read_of_nothing_new_writes_nothing(
    tmp_path: Any, clock: FakeClock
) -> None:
    store = CountingStore(tmp_path / "venue.db")
    service = VenueService(store, clock)
    experience = service.create_experience(ExperienceCreate(name="Drop"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="All"))
    queue = service.create_queue(QueueCreate(sequence_id=sequence.id, name="Line", admit_rate=1))
    key = {"X-Publishable-Key": service.organization.publishable_key}
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url="http://venue") as http:
        guest = (await http.post("/auth/guest", headers=key)).json()
        consumer = {**key, "Authorization": f"Bearer {guest['accessToken']}"}
        await http.post(f"/experiences/{experience.id}/route", headers=consumer, json={})

        before = store.commits
        entered = await http.post(f"/queues/{queue.id}/enter", headers=consumer)
        assert entered.status_code == 200
        assert store.commits == before + 1  # entry, admission and grant: one transaction

        before = store.commits
        for _ in range(3):
            await http.get(f"/queues/{queue.id}/status", headers=consumer)
            await http.get("/consumers/me", headers=consumer)
        assert store.commits == before  # time did not move: nothing to write
    store.close()
