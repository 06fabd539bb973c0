"""The change feed: which ended units wake the event streams (and which do not)."""

from __future__ import annotations

from datetime import timedelta

from kiosk.venue.changes import ChangeFeed, Scope
from kiosk.venue.domain.catalog import ExperienceCreate
from kiosk.venue.service import VenueService
from tests.conftest import make_queue
from tests.fakes import FakeClock


def test_a_unit_that_changed_nothing_wakes_no_stream(service: VenueService) -> None:
    make_queue(service)
    service.tick()
    before = service.changes.version
    waiter = service.changes.listen("anyone")

    service.tick()  # nothing due, nothing written, no phase moved
    service.access.start_guest_session()  # written, but nobody's projection moved

    assert service.changes.version == before
    assert not waiter.woken.is_set()


def test_a_write_to_a_queue_wakes_the_streams_that_follow_it(service: VenueService) -> None:
    setup = make_queue(service)
    first, second = service.changes.listen("one"), service.changes.listen("two")
    first.follow([setup.queue_id])
    before = service.changes.version

    service.control_queue(setup.queue_id, "pause")

    assert service.changes.version > before
    assert first.woken.is_set()  # it follows that queue
    assert not second.woken.is_set()  # it shows no such queue


def test_an_operators_edit_wakes_every_stream(service: VenueService) -> None:
    make_queue(service)
    anyone = service.changes.listen("anyone")

    service.create_experience(ExperienceCreate(name="Another drop"))

    assert anyone.woken.is_set()  # not attributed to anyone: every stream rechecks


def test_a_consumers_own_change_wakes_only_that_consumers_stream(service: VenueService) -> None:
    setup = make_queue(service)
    service.tick()
    tokens = service.access.start_guest_session()
    session = service.authenticate(tokens.access_token)
    mine, other = service.changes.listen(session.consumer_id), service.changes.listen("other")
    other.follow([setup.queue_id])

    service.journeys.route(session, setup.experience_id, None)
    service.queueing.enter(session, setup.queue_id)  # at the back of an open line

    assert mine.woken.is_set()
    assert not other.woken.is_set()  # nobody else moved


def test_an_admission_on_the_ticker_wakes_the_queues_followers_only(
    service: VenueService, clock: FakeClock
) -> None:
    setup = make_queue(service, admit_rate=60)
    service.control_queue(setup.queue_id, "pause")
    for _ in range(3):
        session = service.authenticate(service.access.start_guest_session().access_token)
        service.queueing.enter(session, setup.queue_id)
    service.control_queue(setup.queue_id, "resume")
    follower, stranger = service.changes.listen("f"), service.changes.listen("s")
    follower.follow([setup.queue_id])
    stranger.follow(["another-queue"])

    clock.advance(2)
    service.tick()  # the ticker admits the head of the line: every position moves

    assert follower.woken.is_set()
    assert not stranger.woken.is_set()


def test_time_alone_moving_a_phase_wakes_the_streams(
    service: VenueService, clock: FakeClock
) -> None:
    make_queue(service, open_at=clock.now() + timedelta(minutes=5))
    service.tick()
    before = service.changes.version

    clock.advance(301)
    service.tick()  # the opening hour passed: the queue opened on the ticker

    assert service.changes.version > before


def test_a_lifecycle_signature_change_counts_even_without_records() -> None:
    feed = ChangeFeed()
    waiter = feed.listen("c")
    feed.unit_ended(Scope(), (("q", "scheduled", False),))
    before = feed.version
    waiter.woken.clear()

    feed.unit_ended(Scope(), (("q", "scheduled", False),))
    assert feed.version == before and not waiter.woken.is_set()
    feed.unit_ended(Scope(), (("q", "open", True),))
    assert feed.version == before + 1 and waiter.woken.is_set()


def test_closing_wakes_every_stream_and_later_ones_at_once() -> None:
    feed = ChangeFeed()
    early = feed.listen("a")

    feed.close()
    late = feed.listen("b")

    assert early.woken.is_set() and late.woken.is_set() and feed.closed
    feed.forget(early)
    feed.forget(late)
    assert feed.listeners == 0
