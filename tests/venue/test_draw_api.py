"""Draws end to end: the SDK walks a venue draw over ASGITransport, the operator API runs and
publishes it, `verify-draw` replays it, and bad input changes nothing."""

from __future__ import annotations

import argparse
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.sdk import (
    EndedSequence,
    EnterableDraw,
    Fanfare,
    GrantedSequence,
    ParticipatingDraw,
    RoutedView,
    ScheduledSequence,
    SettlingSequence,
)
from kiosk.sdk.errors import ConflictError, NotOpenYetError
from kiosk.venue import demos
from kiosk.venue.domain import draw as draws
from kiosk.venue.domain.catalog import ExperienceCreate, SequenceCreate
from kiosk.venue.domain.draw import DrawCreate
from kiosk.venue.draw_cli import add_verify_draw, run_verify_draw
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.conftest import BASE_URL, make_queue
from tests.fakes import FakeClock
from tests.venue.clients import GuestClient, ServerClient, store_snapshot


@dataclass
class DrawSetup:
    experience_id: str
    sequence_id: str
    draw_id: str


def make_draw(service: VenueService, **fields: Any) -> DrawSetup:
    """An experience with one sequence and a draw: open now for ten minutes, drawn a minute
    after close, one winner (fields override)."""
    now = service.now()
    experience = service.create_experience(ExperienceCreate(name="Members draw"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="Draw"))
    body = {
        "sequence_id": sequence.id,
        "name": "Gold draw",
        "open_at": now,
        "close_at": now + timedelta(minutes=10),
        "draw_at": now + timedelta(minutes=11),
        "winner_count": 1,
        "admission_expiration_seconds": 300,
        **fields,
    }
    engine = service.distributions.create(draws.create, DrawCreate.model_validate(body))
    return DrawSetup(experience.id, sequence.id, engine.id)


def snapshot(store: SqliteStore) -> dict[str, Any]:
    """Every durable record, draws included: equal snapshots mean nothing changed."""
    kinds = (draws.DRAW_KIND, draws.STATE_KIND, draws.ENTRY_KIND)
    return {**store_snapshot(store), **{kind: store.load(kind) for kind in kinds}}


class DrawGuest(GuestClient):
    async def draw(self, action: str, draw_id: str, **kwargs: Any) -> httpx.Response:
        if action == "status":
            return await self.http.get(f"/draws/{draw_id}/status", headers=self.headers)
        return await self.http.post(f"/draws/{draw_id}/{action}", headers=self.headers, **kwargs)


@pytest.fixture
def connect(
    service: VenueService,
    publishable_key: str,
    venue_http: httpx.AsyncClient,
    clock: FakeClock,
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


@pytest.fixture
async def guest(venue_http: httpx.AsyncClient, publishable_key: str) -> AsyncIterator[DrawGuest]:
    signed_in = await GuestClient.sign_in(venue_http, publishable_key)
    yield DrawGuest(**vars(signed_in))


async def started(fanfare: Fanfare, setup: DrawSetup) -> RoutedView:
    view = await fanfare.journeys.get(setup.experience_id).view.start()
    assert isinstance(view, RoutedView)
    return view


# ---- through the SDK ------------------------------------------------------------------------


async def test_the_sdk_walks_a_draw_from_entry_to_a_redeemed_win(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock, operator: ServerClient
) -> None:
    setup = make_draw(service)
    async with connect() as fanfare:
        journey = fanfare.journeys.get(setup.experience_id)
        view = await started(fanfare, setup)
        assert isinstance(view.sequence, EnterableDraw)

        view = await view.sequence.enter()
        assert isinstance(view.sequence, ParticipatingDraw)
        assert view.sequence.display.entered_at == clock.now()

        clock.advance(600)  # entries close: the list is committed, the result is pending
        view = await journey.refresh()
        assert isinstance(view.sequence, SettlingSequence)
        assert view.sequence.settles_at == clock.now() + timedelta(minutes=1)

        clock.advance(60)  # the draw: the only entrant wins
        view = await journey.refresh()
        assert isinstance(view.sequence, GrantedSequence)
        grant = view.sequence.claim()
        assert grant.distribution_type == "draw"
        assert grant.distribution_id == setup.draw_id
        assert grant.expires_at is not None

        assert (await operator.redeem(grant.token)).status_code == 200
        view = await journey.refresh()
        assert isinstance(view.sequence, EndedSequence)
        assert view.sequence.outcome.type == "completed"


async def test_the_sdk_shows_who_lost_and_who_left(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    setup = make_draw(service)
    async with connect() as first, connect() as second, connect() as third:
        views = [await started(f, setup) for f in (first, second, third)]
        for view in views:
            await view.sequence.enter()
        left = await third.journeys.get(setup.experience_id).view.sequence.leave()
        assert isinstance(left.sequence, EndedSequence)
        assert left.sequence.outcome.type == "left"

        clock.advance(660)
        outcomes = []
        for fanfare in (first, second):
            view = await fanfare.journeys.get(setup.experience_id).refresh()
            outcomes.append(view.sequence.phase)
            if isinstance(view.sequence, EndedSequence):
                assert view.sequence.outcome.type == "lost"
                assert view.sequence.outcome.reason == "NOT_SELECTED"
        assert sorted(outcomes) == ["ended", "granted"]


async def test_a_lapsed_winner_is_replaced_and_the_standby_sees_it(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    setup = make_draw(service, continue_selecting_until_completed=True)
    async with connect() as first, connect() as second:
        for fanfare in (first, second):
            await (await started(fanfare, setup)).sequence.enter()
        clock.advance(660)
        views = {f: await f.journeys.get(setup.experience_id).refresh() for f in (first, second)}
        winner = next(f for f, v in views.items() if isinstance(v.sequence, GrantedSequence))
        standby = second if winner is first else first
        assert isinstance(views[standby].sequence, SettlingSequence)

        clock.advance(300)  # the winner never redeems: round 2 picks the standby
        lapsed = await winner.journeys.get(setup.experience_id).refresh()
        assert isinstance(lapsed.sequence, EndedSequence)
        assert lapsed.sequence.outcome.type == "expired"
        picked = await standby.journeys.get(setup.experience_id).refresh()
        assert isinstance(picked.sequence, GrantedSequence)

    record = service.distributions.get(setup.draw_id, "draw").record()
    assert [r["round"] for r in record["rounds"]] == [1, 2]
    assert draws.verify_draw_record(record)[0]


async def test_the_sdk_sees_a_scheduled_draw_and_a_closed_one(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    now = clock.now()
    later = make_draw(
        service,
        open_at=now + timedelta(hours=1),
        close_at=now + timedelta(hours=2),
        draw_at=now + timedelta(hours=3),
    )
    async with connect() as fanfare:
        view = await started(fanfare, later)
        assert isinstance(view.sequence, ScheduledSequence)
        assert view.sequence.opens_at == now + timedelta(hours=1)
        with pytest.raises(NotOpenYetError):
            await fanfare._client.enter_draw(later.draw_id)  # what a stale kiosk would send

        clock.advance(2 * 3600)
        view = await fanfare.journeys.get(later.experience_id).refresh()
        assert isinstance(view.sequence, EndedSequence)
        assert view.sequence.outcome.type == "closed"
        with pytest.raises(ConflictError):
            await fanfare._client.enter_draw(later.draw_id)


# ---- the consumer paths directly ------------------------------------------------------------


async def test_entering_twice_is_one_entry_and_changes_nothing(
    guest: DrawGuest, service: VenueService, store: SqliteStore
) -> None:
    setup = make_draw(service)
    assert (await guest.draw("enter", setup.draw_id)).json() == {"status": "ENTERED"}
    before = snapshot(store)
    again = await guest.draw("enter", setup.draw_id)
    assert again.status_code == 200 and again.json() == {"status": "ENTERED"}
    assert snapshot(store) == before
    assert service.distributions.get(setup.draw_id, "draw").entry_count == 1


async def test_entering_before_opening_is_423_with_retry_after_and_changes_nothing(
    guest: DrawGuest, service: VenueService, store: SqliteStore, clock: FakeClock
) -> None:
    now = clock.now()
    setup = make_draw(
        service,
        open_at=now + timedelta(minutes=5),
        close_at=now + timedelta(minutes=10),
        draw_at=now + timedelta(minutes=11),
    )
    before = snapshot(store)
    response = await guest.draw("enter", setup.draw_id)
    assert response.status_code == 423
    assert response.headers["Retry-After"] == "300"
    assert response.json()["code"] == "DRAW_NOT_STARTED"
    assert snapshot(store) == before


async def test_after_close_entering_and_leaving_are_refused_and_change_nothing(
    guest: DrawGuest,
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    service: VenueService,
    store: SqliteStore,
    clock: FakeClock,
) -> None:
    setup = make_draw(service)
    await guest.draw("enter", setup.draw_id)
    clock.advance(600)
    late = DrawGuest(**vars(await GuestClient.sign_in(venue_http, publishable_key)))
    service.tick()
    before = snapshot(store)
    entering = await late.draw("enter", setup.draw_id)
    assert (entering.status_code, entering.json()["code"]) == (409, "DRAW_CLOSED")
    leaving = await guest.draw("leave", setup.draw_id)
    assert (leaving.status_code, leaving.json()["code"]) == (409, "DRAW_CLOSED")
    assert snapshot(store) == before
    assert (await guest.draw("status", setup.draw_id)).json() == {"status": "ENTERED"}


async def test_hostile_requests_get_clear_errors_and_change_nothing(
    guest: DrawGuest, service: VenueService, store: SqliteStore, venue_http: httpx.AsyncClient
) -> None:
    setup = make_draw(service)
    queue = make_queue(service)
    before = snapshot(store)
    oversized = await guest.draw("enter", setup.draw_id, content=b"x" * (64 * 1024 + 1))
    assert oversized.status_code == 413
    assert (await guest.draw("enter", str(uuid.uuid4()))).status_code == 404
    assert (await guest.draw("enter", queue.queue_id)).status_code == 404  # a queue's id
    no_bearer = await venue_http.post(f"/draws/{setup.draw_id}/enter")
    assert no_bearer.status_code == 401
    assert snapshot(store) == before


async def test_a_members_only_draw_refuses_guests(guest: DrawGuest, service: VenueService) -> None:
    setup = make_draw(service, supports_guest=False)
    assert (await guest.route(setup.experience_id)).json()["outcome"] == "gated"
    response = await guest.draw("enter", setup.draw_id)
    assert response.status_code == 403
    assert service.distributions.get(setup.draw_id, "draw").entry_count == 0


async def test_the_public_draw_details(
    venue_http: httpx.AsyncClient, publishable_key: str, service: VenueService
) -> None:
    setup = make_draw(service, winner_count=3, continue_selecting_until_completed=True)
    response = await venue_http.get(
        f"/draws/{setup.draw_id}", headers={"X-Publishable-Key": publishable_key}
    )
    body = response.json()
    assert body["id"] == setup.draw_id
    assert body["winnerCount"] == 3
    assert body["continueSelectingUntilCompleted"] is True
    assert body["drawAt"] == "2026-11-27T12:11:00.000Z"
    assert "statusOverride" not in body


# ---- the operator API -----------------------------------------------------------------------


async def _create(operator: ServerClient, service: VenueService, **fields: Any) -> httpx.Response:
    experience = service.create_experience(ExperienceCreate(name="Operator draw"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="Draw"))
    body = {
        "sequenceId": sequence.id,
        "name": "Gold",
        "drawAt": "2026-11-27T13:00:00Z",
        "winnerCount": 2,
        **fields,
    }
    return await operator.operator("POST", "/draws", body)


async def test_an_operator_creates_runs_and_publishes_a_draw(
    operator: ServerClient,
    service: VenueService,
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    tmp_path: Path,
) -> None:
    created = await _create(operator, service, closeAt="2026-11-27T12:30:00Z")
    assert created.status_code == 200, created.text
    draw = created.json()
    assert draw["lifecycle"] == "open" and draw["entries"] == 0
    assert draw["organizationId"] == service.organization.id

    for _ in range(5):
        entrant = DrawGuest(**vars(await GuestClient.sign_in(venue_http, publishable_key)))
        assert (await entrant.draw("enter", draw["id"])).status_code == 200

    not_yet = await operator.operator("GET", f"/draws/{draw['id']}/record")
    assert not_yet.status_code == 404
    listed = (await operator.operator("GET", "/draws")).json()["data"]
    assert [d["id"] for d in listed] == [draw["id"]]

    ran = await operator.operator("POST", f"/draws/{draw['id']}/run")
    assert ran.status_code == 200
    assert (ran.json()["lifecycle"], ran.json()["winners"]) == ("closed", 2)
    again = await operator.operator("POST", f"/draws/{draw['id']}/run")
    assert (again.status_code, again.json()["code"]) == (409, "DRAW_ALREADY_RUN")

    record = (await operator.operator("GET", f"/draws/{draw['id']}/record")).json()
    assert record["count"] == 5 and len(record["rounds"][0]["winners"]) == 2
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    parser = argparse.ArgumentParser()
    add_verify_draw(parser.add_subparsers())
    assert run_verify_draw(parser.parse_args(["verify-draw", str(path)])) == 0
    record["rounds"][0]["winners"].reverse()
    path.write_text(json.dumps(record))
    assert run_verify_draw(parser.parse_args(["verify-draw", str(path)])) == 1
    path.write_text("{not json")
    assert run_verify_draw(parser.parse_args(["verify-draw", str(path)])) == 2


async def test_an_operator_changes_a_draw_until_its_list_is_committed(
    operator: ServerClient, service: VenueService, clock: FakeClock
) -> None:
    draw = (await _create(operator, service, closeAt="2026-11-27T12:30:00Z")).json()
    path = f"/draws/{draw['id']}"
    renamed = await operator.operator("PUT", path, {"name": "Gold 2", "winnerCount": 4})
    assert (renamed.json()["name"], renamed.json()["winnerCount"]) == ("Gold 2", 4)

    impossible = await operator.operator("PUT", path, {"closeAt": "2026-11-27T14:00:00Z"})
    assert impossible.status_code == 400
    assert "closeAt must not be after drawAt" in impossible.json()["issues"][0]["message"]
    cleared = await operator.operator("PUT", path, {"winnerCount": None})
    assert cleared.status_code == 400

    clock.advance(1800)  # closeAt passes: the entry list is committed
    frozen = await operator.operator("PUT", path, {"winnerCount": 1})
    assert (frozen.status_code, frozen.json()["code"]) == (409, "DRAW_COMMITTED")
    assert (await operator.operator("GET", path)).json()["winnerCount"] == 4
    assert (await operator.operator("PUT", path, {"name": "Gold 3"})).status_code == 200


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"closeAt": "2026-11-27T14:00:00Z"}, 400),  # closes after the draw
        ({"openAt": "2026-11-27T13:00:00Z"}, 400),  # opens at the draw
        ({"winnerCount": 0}, 400),
        ({"drawAt": "tomorrow"}, 400),
        ({"drawAt": "2026-11-27T13:00:00"}, 400),  # no time zone
        ({"surprise": True}, 400),
        ({"sequenceId": "no-such-sequence"}, 404),
    ],
)
async def test_bad_draw_bodies_are_refused(
    operator: ServerClient, service: VenueService, fields: dict[str, Any], status: int
) -> None:
    response = await _create(operator, service, **fields)
    assert response.status_code == status, response.text
    assert not service.distributions.of_mechanism("draw")


async def test_one_distribution_per_sequence(operator: ServerClient, service: VenueService) -> None:
    setup = make_draw(service)
    body = {"sequenceId": setup.sequence_id, "name": "x", "drawAt": "2026-11-27T13:00:00Z"}
    response = await operator.operator("POST", "/draws", {**body, "winnerCount": 1})
    assert (response.status_code, response.json()["code"]) == (409, "SEQUENCE_HAS_DISTRIBUTION")


async def test_operator_paths_need_the_secret_key(
    venue_http: httpx.AsyncClient, publishable_key: str, service: VenueService
) -> None:
    setup = make_draw(service)
    for method, path in [
        ("GET", "/operator/draws"),
        ("GET", f"/operator/draws/{setup.draw_id}/record"),
        ("POST", f"/operator/draws/{setup.draw_id}/run"),
    ]:
        response = await venue_http.request(
            method, path, headers={"Authorization": f"Bearer {publishable_key}"}
        )
        assert response.status_code == 403
    assert service.distributions.get(setup.draw_id, "draw").runtime.drawn_at is None


def test_the_demo_draw(service: VenueService) -> None:
    demos.draw_demo(service)
    (engine,) = service.distributions.of_mechanism("draw")
    sequence = service.catalog.sequence(engine.sequence_id)
    experience = service.catalog.experience(sequence.experience_id)
    assert experience.name == "Members draw: Aurora 1 Gold"
    config = engine.config
    assert engine.accepts_entries(service.now())
    assert config.winner_count == 3 and config.keeps_selecting
    assert config.close_at - service.now() == timedelta(minutes=10)
    assert config.draw_at > config.close_at


async def test_a_kiosk_can_start_a_journey_while_the_draw_is_settling(
    guest: DrawGuest, service: VenueService, clock: FakeClock
) -> None:
    setup = make_draw(service)
    await guest.draw("enter", setup.draw_id)
    clock.advance(600)  # closed, not drawn yet
    routed = await guest.route(setup.experience_id)
    assert routed.status_code == 200, routed.text
    assert routed.json()["selected"]["sequence"]["availability"] == "closed"
    assert (await guest.journey(setup.experience_id))["sequence"]["phase"] == "settling"
