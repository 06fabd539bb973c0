"""A customer who entered a draw and walked away comes back with the entry reference (issue
14): the entered screen shows it with its QR; on the draw's Ready screen the code keypad takes
it and the visit resumes as that entry's consumer, or says why not (wrong, too many, spent)."""

from __future__ import annotations

from kiosk.venue.services.draw_entries import PER_CLIENT
from tests.session.fakes import FakeHandoff, Kiosk

DRAW = "Members draw"


async def enter_and_walk_away(kiosk: Kiosk) -> str:
    await kiosk.choose(DRAW)
    kiosk.session.actions.start()
    await kiosk.settle()
    kiosk.session.actions.enter()
    await kiosk.settle()
    state = kiosk.session.journey_state
    assert state.screen == "participating_draw"
    assert len(state.entry_reference) == 6 and state.entry_reference_qr
    kiosk.session.done()  # Done: the entry stays at the venue
    await kiosk.settle()
    assert kiosk.screen == "attract"
    return state.entry_reference


async def type_reference(kiosk: Kiosk, reference: str) -> None:
    for key in ("clear", *reference):
        kiosk.session.type_key(key)
    kiosk.session.access_code.submit_code()
    await kiosk.settle()


async def back_on_ready(kiosk: Kiosk) -> None:
    await kiosk.choose(DRAW)
    state = kiosk.session.journey_state
    assert state.screen == "ready" and state.accepts_entry_reference
    kiosk.session.access_code.open_code_entry()
    assert kiosk.session.journey_state.reference_entry_open


async def test_a_wrong_reference_is_said_and_the_right_one_shows_the_win(kiosk: Kiosk) -> None:
    reference = await enter_and_walk_away(kiosk)
    await kiosk.advance(11 * 60, step=30)  # the draw runs: the one entrant wins
    await back_on_ready(kiosk)
    await type_reference(kiosk, "ZZZZZZ")
    state = kiosk.session.journey_state
    assert (state.screen, state.code_feedback) == ("ready", "not_found")
    assert state.reference_entry_open and state.access_code == "ZZZZZZ"

    await type_reference(kiosk, reference.lower())  # the keypad types upper case anyway
    state = kiosk.session.journey_state
    assert state.screen == "granted"
    assert not state.reference_entry_open and state.code_feedback == ""


async def test_coming_back_before_the_draw_shows_the_entry_still_pending(kiosk: Kiosk) -> None:
    reference = await enter_and_walk_away(kiosk)
    await back_on_ready(kiosk)
    await type_reference(kiosk, reference)
    state = kiosk.session.journey_state
    assert state.screen == "participating_draw" and state.entry_reference == reference


async def test_too_many_wrong_references_are_told_to_wait(kiosk: Kiosk) -> None:
    await enter_and_walk_away(kiosk)
    await back_on_ready(kiosk)
    for _ in range(PER_CLIENT):
        await type_reference(kiosk, "ZZZZZZ")
    await type_reference(kiosk, "YYYYYY")
    assert kiosk.session.journey_state.code_feedback == "rate_limited"
    assert kiosk.screen == "ready"


async def test_a_claimed_prize_reference_is_spent(kiosk: Kiosk, handoff: FakeHandoff) -> None:
    reference = await enter_and_walk_away(kiosk)
    await kiosk.advance(11 * 60, step=30)
    await back_on_ready(kiosk)
    await type_reference(kiosk, reference)
    assert kiosk.screen == "granted"
    await kiosk.settle()
    (grant,) = handoff.grants
    kiosk.service.grants.redeem(grant.token)
    kiosk.session.done()
    await kiosk.settle()
    await back_on_ready(kiosk)
    await type_reference(kiosk, reference)
    assert kiosk.session.journey_state.code_feedback == "spent"


async def test_a_queue_has_no_reference_to_come_back_with(kiosk: Kiosk) -> None:
    await kiosk.choose("Sneaker drop: Aurora 1")
    assert not kiosk.session.journey_state.accepts_entry_reference
    kiosk.session.access_code.open_code_entry()  # nothing to open on a plain Ready screen
    assert not kiosk.session.journey_state.reference_entry_open
