"""The change feed: which ended units wake the event streams (and which do not)."""

from __future__ import annotations

from datetime import timedelta

from kiosk.venue.changes import ChangeFeed
from kiosk.venue.service import VenueService
from tests.conftest import make_queue
from tests.fakes import FakeClock


def test_a_unit_that_changed_nothing_wakes_no_stream(service: VenueService) -> None:
    make_queue(service)
    service.tick()
    before = service.changes.version
    waiter = service.changes.listen()

    service.tick()  # nothing due, nothing written, no phase moved

    assert service.changes.version == before
    assert not waiter.is_set()


def test_a_unit_that_wrote_wakes_every_stream(service: VenueService) -> None:
    setup = make_queue(service)
    first, second = service.changes.listen(), service.changes.listen()
    before = service.changes.version

    service.control_queue(setup.queue_id, "pause")

    assert service.changes.version > before
    assert first.is_set() and second.is_set()


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
    feed.unit_ended(False, (("q", "scheduled", False),))
    before = feed.version

    feed.unit_ended(False, (("q", "scheduled", False),))
    assert feed.version == before
    feed.unit_ended(False, (("q", "open", True),))
    assert feed.version == before + 1


def test_closing_wakes_every_stream_and_later_ones_at_once() -> None:
    feed = ChangeFeed()
    early = feed.listen()

    feed.close()
    late = feed.listen()

    assert early.is_set() and late.is_set() and feed.closed
    feed.forget(early)
    feed.forget(late)
    assert feed.listeners == 0
