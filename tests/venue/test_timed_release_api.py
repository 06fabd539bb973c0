"""Timed releases end to end: the SDK over ASGITransport, the operator API, and bad input
that changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from kiosk.sdk import (
    EndedSequence,
    EnterableTimedRelease,
    Fanfare,
    GrantedSequence,
    RoutedView,
    ScheduledSequence,
)
from kiosk.sdk.errors import ConflictError
from kiosk.venue import demos
from kiosk.venue.domain import timed_release as releases
from kiosk.venue.domain.catalog import ExperienceCreate, SequenceCreate
from kiosk.venue.domain.timed_release import TimedReleaseCreate
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.conftest import BASE_URL
from tests.fakes import FakeClock
from tests.venue.clients import GuestClient, ServerClient, store_snapshot


@dataclass
class ReleaseSetup:
    experience_id: str
    sequence_id: str
    release_id: str


def make_release(service: VenueService, **fields: Any) -> ReleaseSetup:
    """An experience with one sequence and a timed release open now (fields override)."""
    experience = service.create_experience(ExperienceCreate(name="Restock"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="All"))
    body = {
        "sequence_id": sequence.id,
        "name": "Restock",
        "open_at": service.now(),
        "inventory": 2,
        "admission_expiration_seconds": 300,
        **fields,
    }
    engine = service.distributions.create(releases.create, TimedReleaseCreate.model_validate(body))
    return ReleaseSetup(experience.id, sequence.id, engine.id)


def snapshot(store: SqliteStore) -> dict[str, Any]:
    kinds = (releases.TIMED_RELEASE_KIND, releases.ENTRY_KIND)
    return {**store_snapshot(store), **{kind: store.load(kind) for kind in kinds}}


class ReleaseGuest(GuestClient):
    async def release(self, action: str, release_id: str, **kwargs: Any) -> httpx.Response:
        path = f"/timed-releases/{release_id}/{action}"
        if action == "status":
            return await self.http.get(path, headers=self.headers)
        return await self.http.post(path, headers=self.headers, **kwargs)


async def sign_in(http: httpx.AsyncClient, publishable_key: str) -> ReleaseGuest:
    return ReleaseGuest(**vars(await GuestClient.sign_in(http, publishable_key)))


@pytest.fixture
def connect(
    service: VenueService, publishable_key: str, venue_http: httpx.AsyncClient, clock: FakeClock
) -> Callable[[], Fanfare]:
    def factory() -> Fanfare:
        return Fanfare(
            organization_id=service.organization.id,
            publishable_key=publishable_key,
            api_url=BASE_URL,
            http_client=venue_http,
            clock=clock,
            random=lambda: 0.5,
        )

    return factory


@pytest.fixture
def operator(venue_http: httpx.AsyncClient, secret_key: str) -> ServerClient:
    return ServerClient(venue_http, secret_key)


async def started(fanfare: Fanfare, setup: ReleaseSetup) -> RoutedView:
    view = await fanfare.journeys.get(setup.experience_id).view.start()
    assert isinstance(view, RoutedView)
    return view


# ---- through the SDK ------------------------------------------------------------------------


async def test_the_sdk_is_granted_at_once_and_the_last_comer_sees_it_sold_out(
    connect: Callable[[], Fanfare], service: VenueService, operator: ServerClient
) -> None:
    setup = make_release(service, inventory=1)
    async with connect() as first, connect() as second:
        view = await started(first, setup)
        assert isinstance(view.sequence, EnterableTimedRelease)
        late = await started(second, setup)  # both see it enterable

        view = await view.sequence.enter(variant_id="size-42")
        assert isinstance(view.sequence, GrantedSequence)
        grant = view.sequence.claim()
        assert grant.distribution_type == "timed_release"
        assert grant.distribution_id == setup.release_id

        with pytest.raises(ConflictError) as sold_out:
            await late.sequence.enter()
        assert sold_out.value.code == "SOLD_OUT"
        view = await second.journeys.get(setup.experience_id).refresh()
        assert isinstance(view.sequence, EndedSequence)
        assert (view.sequence.outcome.type, view.sequence.outcome.reason) == ("closed", "SOLD_OUT")

        assert (await operator.redeem(grant.token)).status_code == 200
        view = await first.journeys.get(setup.experience_id).refresh()
        assert isinstance(view.sequence, EndedSequence)
        assert view.sequence.outcome.type == "completed"


async def test_an_expired_grant_puts_the_unit_back_for_the_next_customer(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    setup = make_release(service, inventory=1)
    async with connect() as first, connect() as second:
        await (await started(first, setup)).sequence.enter()
        waiting = await started(second, setup)
        assert isinstance(waiting.sequence, EndedSequence)  # sold out for now

        clock.advance(300)
        lapsed = await first.journeys.get(setup.experience_id).refresh()
        assert isinstance(lapsed.sequence, EndedSequence)
        assert lapsed.sequence.outcome.type == "expired"
        view = await second.journeys.get(setup.experience_id).refresh()
        assert isinstance(view.sequence, EnterableTimedRelease)
        view = await view.sequence.enter()
        assert isinstance(view.sequence, GrantedSequence)


async def test_the_sdk_sees_a_release_before_it_opens(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    setup = make_release(service, open_at=clock.now() + timedelta(minutes=30))
    async with connect() as fanfare:
        view = await started(fanfare, setup)
        assert isinstance(view.sequence, ScheduledSequence)
        assert view.sequence.mechanism == "timed_release"
        clock.advance(1800)
        view = await fanfare.journeys.get(setup.experience_id).refresh()
        assert isinstance(view.sequence, EnterableTimedRelease)


# ---- the consumer paths directly ------------------------------------------------------------


async def test_enter_answers_with_the_grant_and_twice_changes_nothing(
    venue_http: httpx.AsyncClient, publishable_key: str, service: VenueService, store: SqliteStore
) -> None:
    setup = make_release(service)
    guest = await sign_in(venue_http, publishable_key)
    first = await guest.release("enter", setup.release_id, json={"variantId": "v1"})
    body = first.json()
    assert body["status"] == "ENTERED"
    assert body["selectedVariantId"] == "v1"
    assert service.validate_grant(body["admissionGrant"]).consumer_id == guest.consumer_id
    before = snapshot(store)
    again = await guest.release("enter", setup.release_id)
    assert again.json() == body
    assert snapshot(store) == before
    assert service.distributions.get(setup.release_id, "timed_release").available == 1


async def test_leaving_gives_the_unit_back_and_voids_the_grant(
    venue_http: httpx.AsyncClient, publishable_key: str, service: VenueService
) -> None:
    setup = make_release(service, inventory=1)
    guest = await sign_in(venue_http, publishable_key)
    token = (await guest.release("enter", setup.release_id)).json()["admissionGrant"]
    assert (await guest.release("leave", setup.release_id)).json() == {"success": True}
    assert (await guest.release("leave", setup.release_id)).json() == {"success": True}
    assert (await guest.release("status", setup.release_id)).json()["status"] == "LEFT"
    server = ServerClient(venue_http, service.organization.secret_key)
    refused = await server.validate(token)
    assert (refused.status_code, refused.json()["code"]) == (409, "GRANT_EXPIRED")
    other = await sign_in(venue_http, publishable_key)
    assert (await other.release("leave", setup.release_id)).json() == {"success": False}
    assert (await other.release("enter", setup.release_id)).json()["status"] == "ENTERED"


async def test_before_opening_is_423_and_after_closing_409_and_nothing_changes(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    service: VenueService,
    store: SqliteStore,
    clock: FakeClock,
) -> None:
    now = clock.now()
    setup = make_release(
        service, open_at=now + timedelta(seconds=90), close_at=now + timedelta(minutes=10)
    )
    guest = await sign_in(venue_http, publishable_key)
    before = snapshot(store)
    early = await guest.release("enter", setup.release_id)
    assert (early.status_code, early.headers["Retry-After"]) == (423, "90")
    assert early.json()["code"] == "TIMED_RELEASE_NOT_STARTED"
    clock.advance(600)
    late = await guest.release("enter", setup.release_id)
    assert (late.status_code, late.json()["code"]) == (409, "TIMED_RELEASE_ENDED")
    assert snapshot(store) == before


async def test_hostile_enter_bodies_are_refused_and_change_nothing(
    venue_http: httpx.AsyncClient, publishable_key: str, service: VenueService, store: SqliteStore
) -> None:
    setup = make_release(service)
    guest = await sign_in(venue_http, publishable_key)
    before = snapshot(store)
    for kwargs in (
        {"json": {"variantId": 42}},
        {"json": {"variantId": "x" * 129}},
        {"json": {"quantity": 5}},
        {"json": ["v1"]},
        {"content": b'{"variantId": '},
        {"content": b"x" * (64 * 1024 + 1)},
    ):
        response = await guest.release("enter", setup.release_id, **kwargs)
        assert response.status_code in (400, 413), (kwargs, response.text)
    assert (await guest.release("enter", str(uuid.uuid4()))).status_code == 404
    assert snapshot(store) == before


# ---- the operator API -----------------------------------------------------------------------


async def test_an_operator_creates_lists_and_restocks_a_release(
    operator: ServerClient,
    service: VenueService,
    venue_http: httpx.AsyncClient,
    publishable_key: str,
) -> None:
    experience = service.create_experience(ExperienceCreate(name="Restock"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="All"))
    created = await operator.operator(
        "POST", "/timed-releases", {"sequenceId": sequence.id, "name": "Drop", "inventory": 1}
    )
    assert created.status_code == 200, created.text
    release = created.json()
    assert (release["lifecycle"], release["available"]) == ("open", 1)
    path = f"/timed-releases/{release['id']}"

    guest = await sign_in(venue_http, publishable_key)
    await guest.release("enter", release["id"])
    assert (await operator.operator("GET", path)).json()["lifecycle"] == "closed"
    below = await operator.operator("PUT", path, {"inventory": 0})
    assert below.status_code == 400
    restocked = await operator.operator("PUT", path, {"inventory": 3})
    assert (restocked.json()["available"], restocked.json()["lifecycle"]) == (2, "open")
    listed = (await operator.operator("GET", "/timed-releases")).json()["data"]
    assert [r["id"] for r in listed] == [release["id"]]
    details = await venue_http.get(
        f"/timed-releases/{release['id']}", headers={"X-Publishable-Key": publishable_key}
    )
    assert (details.json()["inventory"], details.json()["available"]) == (3, 2)


async def test_the_inventory_cannot_go_below_what_is_taken(
    operator: ServerClient,
    service: VenueService,
    venue_http: httpx.AsyncClient,
    publishable_key: str,
) -> None:
    setup = make_release(service, inventory=3)
    for _ in range(2):
        await (await sign_in(venue_http, publishable_key)).release("enter", setup.release_id)
    path = f"/timed-releases/{setup.release_id}"
    response = await operator.operator("PUT", path, {"inventory": 1})
    assert (response.status_code, response.json()["code"]) == (409, "INVENTORY_BELOW_TAKEN")
    bad = await operator.operator("PUT", path, {"closeAt": "2026-11-27T11:00:00Z"})
    assert bad.status_code == 400
    assert (await operator.operator("GET", path)).json()["inventory"] == 3


@pytest.mark.parametrize(
    "fields",
    [
        {"inventory": 0},
        {"inventory": "ten"},
        {"openAt": "2026-11-27T13:00:00Z", "closeAt": "2026-11-27T12:00:00Z"},
        {"inventory": 5, "surprise": 1},
        {"inventory": 5, "admissionExpirationSeconds": 0},
    ],
)
async def test_bad_release_bodies_are_refused(
    operator: ServerClient, service: VenueService, fields: dict[str, Any]
) -> None:
    experience = service.create_experience(ExperienceCreate(name="Restock"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="All"))
    body = {"sequenceId": sequence.id, "name": "Drop", **fields}
    response = await operator.operator("POST", "/timed-releases", body)
    assert response.status_code == 400, response.text
    assert not service.distributions.of_mechanism("timed_release")


def test_the_demo_release(service: VenueService) -> None:
    demos.timed_release_demo(service)
    (engine,) = service.distributions.of_mechanism("timed_release")
    sequence = service.catalog.sequence(engine.sequence_id)
    experience = service.catalog.experience(sequence.experience_id)
    assert experience.name == "Timed release: Aurora 1 restock"
    assert engine.accepts_entries(service.now())
    assert engine.available == 25
