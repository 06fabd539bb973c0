"""Coming back to a draw entry by its reference: issued at entry, unique, durable, and
`POST /auth/draw-entry` gives that entry's consumer a session, with clear refusals for a
wrong, spent or guessed reference."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from kiosk.core.codes import ALPHABET, spells_a_word
from kiosk.sdk import (
    EndedSequence,
    EntryReferenceNotFoundError,
    EntryReferenceRateLimitedError,
    EntryReferenceSpentError,
    Fanfare,
    GrantedSequence,
    ParticipatingDraw,
)
from kiosk.venue.domain import draw as draws
from kiosk.venue.http.openapi import venue_openapi
from kiosk.venue.service import VenueService
from kiosk.venue.services.draw_entries import PER_CLIENT
from kiosk.venue.store import SqliteStore
from tests.conftest import BASE_URL
from tests.fakes import FakeClock
from tests.venue.clients import GuestClient, ServerClient
from tests.venue.test_draw_api import DrawGuest, make_draw, started

pytest_plugins = ["tests.venue.test_draw_api"]  # its fixtures: connect, operator, guest


async def claim(
    http: httpx.AsyncClient, key: str, experience_id: str, reference: object
) -> httpx.Response:
    return await http.post(
        "/auth/draw-entry",
        headers={"X-Publishable-Key": key},
        json={"experienceId": experience_id, "reference": reference},
    )


async def reference_of(guest: DrawGuest, experience_id: str) -> str:
    """The entry reference, as the consumer's projection carries it (distribution details)."""
    me = (await guest.http.get("/consumers/me", headers=guest.headers)).json()
    journey = next(j for j in me["active"]["journeys"] if j["experienceId"] == experience_id)
    return journey["sequence"]["distribution"]["details"]["entryReference"]


async def entered(guest: DrawGuest, experience_id: str, draw_id: str) -> str:
    await guest.route(experience_id)
    await guest.draw("enter", draw_id)
    return await reference_of(guest, experience_id)


@pytest.fixture
async def second_guest(
    venue_http: httpx.AsyncClient, publishable_key: str
) -> AsyncIterator[DrawGuest]:
    signed_in = await GuestClient.sign_in(venue_http, publishable_key)
    yield DrawGuest(**vars(signed_in))


async def test_entering_answers_a_six_character_reference_unique_in_the_draw(
    guest: DrawGuest, second_guest: DrawGuest, service: VenueService
) -> None:
    setup = make_draw(service)
    for someone in (guest, second_guest):
        await someone.route(setup.experience_id)
        assert (await someone.draw("enter", setup.draw_id)).json() == {"status": "ENTERED"}
    reference = await reference_of(guest, setup.experience_id)
    assert len(reference) == 6 and set(reference) <= set(ALPHABET)
    assert not spells_a_word(reference)
    assert await reference_of(second_guest, setup.experience_id) != reference
    await guest.draw("enter", setup.draw_id)  # entering twice: the same entry and reference
    assert await reference_of(guest, setup.experience_id) == reference
    engine = service.distributions.get(setup.draw_id, "draw")
    many = {engine._new_reference() for _ in range(2000)}
    assert reference not in many and len(many) == 2000


async def test_the_reference_survives_a_restart(
    guest: DrawGuest, service: VenueService, store: SqliteStore, clock: FakeClock
) -> None:
    setup = make_draw(service)
    reference = await entered(guest, setup.experience_id, setup.draw_id)
    reopened = VenueService(store, clock)
    engine = reopened.distributions.get(setup.draw_id, "draw")
    assert engine.entry(guest.consumer_id).reference == reference
    assert engine.entry_by_reference(reference.lower()).consumer_id == guest.consumer_id


async def test_a_reference_gives_that_entrys_consumer_a_session_that_sees_the_result(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    setup = make_draw(service)
    async with connect() as kiosk_a:
        view = await (await started(kiosk_a, setup)).sequence.enter()
        assert isinstance(view.sequence, ParticipatingDraw)
        reference = view.sequence.display.entry_reference
        consumer = kiosk_a.session.consumer_id
        await kiosk_a.logout()  # the customer walks away: the kiosk wipes its session
    clock.advance(660)  # the draw runs; the only entrant wins
    async with connect() as kiosk_b:
        with pytest.raises(EntryReferenceNotFoundError):
            await kiosk_b.auth.resume_draw_entry(setup.experience_id, "ZZZZZZ")
        typed = f"{reference[:3].lower()} {reference[3:]}"  # as a person may type it
        session = await kiosk_b.auth.resume_draw_entry(setup.experience_id, typed)
        assert session.consumer_id == consumer
        view = await kiosk_b.journeys.get(setup.experience_id).view.start()
        assert isinstance(view.sequence, GrantedSequence)


async def test_a_lost_entry_shows_not_selected_and_a_claimed_one_is_spent(
    connect: Callable[[], Fanfare],
    service: VenueService,
    clock: FakeClock,
    operator: ServerClient,
) -> None:
    setup = make_draw(service)
    references = {}
    async with connect() as one, connect() as two:
        for fanfare in (one, two):
            view = await (await started(fanfare, setup)).sequence.enter()
            references[fanfare.session.consumer_id] = view.sequence.display.entry_reference
    clock.advance(660)
    outcomes = {}
    for consumer, reference in references.items():
        async with connect() as kiosk:
            await kiosk.auth.resume_draw_entry(setup.experience_id, reference)
            view = await kiosk.journeys.get(setup.experience_id).view.start()
            outcomes[consumer] = view.sequence
            if isinstance(view.sequence, GrantedSequence):
                assert (await operator.redeem(view.sequence.claim().token)).status_code == 200
    assert sorted(type(s).__name__ for s in outcomes.values()) == [
        "EndedSequence",
        "GrantedSequence",
    ]
    lost = next(s for s in outcomes.values() if isinstance(s, EndedSequence))
    assert lost.outcome.type == "lost"
    winner = next(c for c, s in outcomes.items() if isinstance(s, GrantedSequence))
    async with connect() as kiosk:
        with pytest.raises(EntryReferenceSpentError):
            await kiosk.auth.resume_draw_entry(setup.experience_id, references[winner])


async def test_wrong_references_are_limited_per_client_with_retry_after(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    guest: DrawGuest,
    service: VenueService,
    clock: FakeClock,
    connect: Callable[[], Fanfare],
) -> None:
    setup = make_draw(service)
    reference = await entered(guest, setup.experience_id, setup.draw_id)
    for _ in range(PER_CLIENT):
        wrong = await claim(venue_http, publishable_key, setup.experience_id, "ZZZZZZ")
        assert wrong.status_code == 404
        assert wrong.json()["error"] == "not_found"
    limited = await claim(venue_http, publishable_key, setup.experience_id, reference)
    assert limited.status_code == 429  # even the right one waits: guessing costs time
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    async with connect() as kiosk:
        with pytest.raises(EntryReferenceRateLimitedError) as raised:
            await kiosk.auth.resume_draw_entry(setup.experience_id, reference)
        assert raised.value.retry_after is not None
    clock.advance(61)
    assert (await claim(venue_http, publishable_key, setup.experience_id, reference)).is_success


async def test_wrong_references_are_limited_per_draw_across_clients(
    service: VenueService, publishable_key: str
) -> None:
    from kiosk.venue.http.app import create_app
    from kiosk.venue.services.draw_entries import PER_DRAW

    setup = make_draw(service)
    app = create_app(service)
    for n in range(PER_DRAW):
        transport = httpx.ASGITransport(app=app, client=(f"10.0.{n // 250}.{n % 250}", 1))
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            response = await claim(http, publishable_key, setup.experience_id, "ZZZZZZ")
            assert response.status_code == 404
    transport = httpx.ASGITransport(app=app, client=("10.9.9.9", 1))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        response = await claim(http, publishable_key, setup.experience_id, "ZZZZZZ")
    assert response.status_code == 429


@pytest.mark.parametrize(
    "reference",
    ["", "A" * 33, "ÄÖÜ123", "١٢٣٤٥٦", "'; DROP TABLE records; --", "ABC\x00DE", 123456, None],
)
async def test_hostile_references_are_refused_clearly_and_change_nothing(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    guest: DrawGuest,
    service: VenueService,
    store: SqliteStore,
    reference: object,
) -> None:
    setup = make_draw(service)
    await guest.draw("enter", setup.draw_id)
    before = store.load(draws.ENTRY_KIND)
    response = await claim(venue_http, publishable_key, setup.experience_id, reference)
    assert response.status_code in (400, 404), response.text
    assert "error" in response.json()
    assert store.load(draws.ENTRY_KIND) == before


async def test_the_wrong_experience_or_no_key_is_refused(
    venue_http: httpx.AsyncClient, publishable_key: str, guest: DrawGuest, service: VenueService
) -> None:
    setup = make_draw(service)
    other = make_draw(service)
    reference = await entered(guest, setup.experience_id, setup.draw_id)
    assert (
        await claim(venue_http, publishable_key, other.experience_id, reference)
    ).status_code == 404
    assert (await claim(venue_http, publishable_key, "no-such", reference)).status_code == 404
    no_key = await venue_http.post(
        "/auth/draw-entry", json={"experienceId": setup.experience_id, "reference": reference}
    )
    assert no_key.status_code == 401


async def test_the_reference_is_never_logged(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    guest: DrawGuest,
    service: VenueService,
    connect: Callable[[], Fanfare],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    setup = make_draw(service)
    reference = await entered(guest, setup.experience_id, setup.draw_id)
    await claim(venue_http, publishable_key, setup.experience_id, "ZZZZZZ")
    async with connect() as kiosk:
        await kiosk.auth.resume_draw_entry(setup.experience_id, reference)
    assert reference not in caplog.text


def test_the_openapi_documents_the_extension() -> None:
    doc = venue_openapi()
    operation = doc["paths"]["/auth/draw-entry"]["post"]
    assert {"200", "404", "409", "429"} <= set(operation["responses"])
    assert "entryReference" in operation["summary"]
