"""Start joins a plain line in one step (issue 14), and only that: a view with anything else to
choose or type (a code, a bid, a slot, a draw's entry, a release) stops on its own screen."""

from __future__ import annotations

import pytest

from tests.session.fakes import Kiosk


def enters(kiosk: Kiosk) -> list[str]:
    return [r for r in kiosk.network.requests if r.startswith("POST") and r.endswith("/enter")]


async def test_start_on_a_plain_line_joins_it(kiosk: Kiosk) -> None:
    await kiosk.choose("Sneaker drop: Aurora 1")
    screens: list[str] = []
    kiosk.session.subscribe(lambda: screens.append(kiosk.session.journey_state.screen))
    kiosk.session.actions.start()
    await kiosk.settle()
    assert kiosk.screen == "participating_queue"
    assert len(enters(kiosk)) == 1
    assert kiosk.session.journey_state.busy_action == ""
    # The line's Join screen never flashes between Start and the place in line.
    assert "enterable_queue" not in screens and "routing" in screens


@pytest.mark.parametrize(
    ("experience", "screen"),
    [
        ("VIP early access", "enterable_queue"),  # offers: the customer may have a code first
        ("Members draw", "enterable_draw"),
        ("Timed release", "enterable_timed_release"),
        ("Auction: Aurora 1", "enterable_auction"),
        ("Appointments", "enterable_appointment"),
    ],
)
async def test_start_stops_where_the_view_asks_for_more_than_a_join(
    kiosk: Kiosk, experience: str, screen: str
) -> None:
    await kiosk.choose(experience)
    kiosk.session.actions.start()
    await kiosk.settle()
    assert kiosk.screen == screen
    assert enters(kiosk) == []


async def test_the_action_in_flight_is_named_until_the_venue_answers(kiosk: Kiosk) -> None:
    await kiosk.choose("Sneaker drop: Aurora 1")
    kiosk.session.actions.start()
    state = kiosk.session.journey_state  # published with the tap, before any answer
    assert state.busy and state.busy_action == "start"
    await kiosk.settle()
    assert not kiosk.session.journey_state.busy
    assert kiosk.session.journey_state.busy_action == ""
