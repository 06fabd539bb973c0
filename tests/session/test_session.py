"""One customer visit, end to end, against the venue app on a fake clock."""

from __future__ import annotations

import gc
import logging
import weakref

import pytest

from kiosk.venue.domain.errors import RefusedError as Unauthenticated
from tests.session.fakes import FakeHandoff, Kiosk, open_kiosk


async def test_the_kiosk_starts_on_the_attract_screen_with_the_experiences(kiosk: Kiosk) -> None:
    state = kiosk.session.kiosk_state
    assert kiosk.screen == "attract"
    assert state.catalog_state == "ready"
    names = [item["name"] for item in state.experiences]
    assert "Sneaker drop: Aurora 1" in names


async def test_a_customer_goes_from_attract_to_granted_by_touch_alone(
    kiosk: Kiosk, handoff: FakeHandoff, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await kiosk.choose("Sneaker drop: Aurora 1")
    assert kiosk.screen == "ready"

    kiosk.session.actions.start()  # a plain line: Start also joins it
    await kiosk.settle()
    state = kiosk.session.journey_state
    assert state.screen == "participating_queue"
    assert state.position > 1  # the demo crowd is ahead
    first_position = state.position

    await kiosk.advance(12)  # the server hints how often to poll
    assert kiosk.session.journey_state.position < first_position  # the line moves

    await kiosk.until("granted", limit=120)
    await kiosk.settle()
    state = kiosk.session.journey_state
    assert state.handoff_kind == "go_to"
    assert state.handoff_location == "Till 3"
    assert state.countdown_kind == "expires" and 0 < state.countdown_seconds <= 300
    # The grant went to the handoff, and nowhere the customer or a log can see it.
    assert len(handoff.grants) == 1
    token = handoff.grants[0].token
    assert token not in repr(kiosk.session.journey_state)
    assert token not in repr(kiosk.session.kiosk_state)
    assert token not in caplog.text


async def test_a_double_tap_sends_the_action_once(kiosk: Kiosk) -> None:
    await kiosk.choose("Sneaker drop: Aurora 1")
    kiosk.session.actions.start()  # a plain line: Start also joins it
    kiosk.session.actions.start()  # a double tap
    await kiosk.settle()
    assert kiosk.screen == "participating_queue"
    enters = [r for r in kiosk.network.requests if r.startswith("POST") and r.endswith("/enter")]
    assert len(enters) == 1


async def test_an_access_code_gate_takes_the_code_from_the_keypad(kiosk: Kiosk) -> None:
    await kiosk.choose("VIP early access")
    kiosk.session.actions.start()
    await kiosk.settle()
    # The general sequence is open to everyone; the VIP one is offered behind a code.
    state = kiosk.session.journey_state
    assert state.screen == "enterable_queue"
    assert state.has_offers

    kiosk.session.access_code.open_code_entry()
    for key in "WRONG1":
        kiosk.session.type_key(key)
    kiosk.session.access_code.submit_code()
    await kiosk.settle()
    state = kiosk.session.journey_state
    assert state.code_feedback == "unchanged"
    assert state.code_entry_open

    for _ in range(6):
        kiosk.session.type_key("backspace")
    for key in "vip2026":
        kiosk.session.type_key(key)
    assert kiosk.session.journey_state.access_code == "VIP2026"
    kiosk.session.access_code.submit_code()
    await kiosk.settle()
    state = kiosk.session.journey_state
    assert state.code_feedback == "accepted"
    assert not state.code_entry_open
    assert state.screen == "enterable_queue"
    assert not state.has_offers  # now in the VIP sequence: nothing above it


async def test_no_touch_on_an_interactive_screen_asks_then_resets(kiosk: Kiosk) -> None:
    await kiosk.choose("Sneaker drop: Aurora 1")
    assert kiosk.screen == "ready"

    await kiosk.advance(44)
    assert kiosk.session.kiosk_state.idle_kind == ""
    await kiosk.advance(2)
    state = kiosk.session.kiosk_state
    assert state.idle_kind == "idle"
    assert 0 < state.idle_seconds_left <= 15

    kiosk.session.note_activity()  # "I'm still here"
    assert kiosk.session.kiosk_state.idle_kind == ""
    assert kiosk.screen == "ready"

    await kiosk.advance(46)
    assert kiosk.session.kiosk_state.idle_kind == "idle"
    await kiosk.advance(16)
    assert kiosk.screen == "attract"
    assert not kiosk.session.has_visit


async def test_a_long_wait_gets_the_presence_check_and_gives_the_place_back(
    demo, clock, tmp_path
) -> None:
    kiosk = await open_kiosk(
        demo,
        clock,
        tmp_path,
        presence_seconds=120,
        presence_prompt_seconds=30,
    )
    try:
        await kiosk.choose("Sneaker drop: Aurora 1")
        kiosk.session.actions.start()  # a plain line: Start also joins it
        await kiosk.settle()
        assert kiosk.screen == "participating_queue"
        consumer = kiosk.store.load().consumer_id
        engine = kiosk.queue_of_current_visit()
        demo.control_queue(engine.id, "pause")  # nobody is admitted: the customer waits

        await kiosk.advance(60)
        assert kiosk.session.kiosk_state.idle_kind == ""  # no short idle check while waiting
        await kiosk.advance(62)
        assert kiosk.session.kiosk_state.idle_kind == "presence"
        await kiosk.advance(31)
        assert kiosk.screen == "attract"
        assert engine.entry(consumer).status == "left"
    finally:
        await kiosk.close()


async def test_reset_wipes_the_customer_so_nothing_of_them_stays_reachable(
    kiosk: Kiosk,
) -> None:
    await kiosk.choose("Sneaker drop: Aurora 1")
    kiosk.session.actions.start()  # a plain line: Start also joins it
    await kiosk.settle()
    kiosk.session.access_code.open_code_entry()
    for key in "SECRET42":
        kiosk.session.type_key(key)
    assert kiosk.session.journey_state.access_code == "SECRET42"
    kiosk.session.set_language("es")
    kiosk.session.set_large_text(True)
    stored = kiosk.store.load()
    assert stored is not None and stored.journeys
    visit = kiosk.session._visit
    refs = [weakref.ref(visit), weakref.ref(visit.fanfare), weakref.ref(visit.journey)]
    del visit

    kiosk.session.reset()
    await kiosk.settle()

    assert kiosk.screen == "attract"
    assert not kiosk.store.path.exists()  # the stored consumer session is gone
    journey_state = kiosk.session.journey_state
    kiosk_state = kiosk.session.kiosk_state
    assert "SECRET42" not in repr(journey_state) + repr(kiosk_state)
    assert journey_state.experience_id == "" and journey_state.position == -1
    assert kiosk_state.language == "en" and not kiosk_state.large_text
    gc.collect()
    assert [ref() for ref in refs] == [None, None, None]
    # The server revoked the consumer session: the old tokens open nothing.
    with pytest.raises(Unauthenticated):
        kiosk.service.authenticate(stored.access_token)


async def test_a_restarted_kiosk_comes_back_to_the_same_journey(demo, clock, tmp_path) -> None:
    first = await open_kiosk(demo, clock, tmp_path)
    await first.choose("Sneaker drop: Aurora 1")
    first.session.actions.start()  # a plain line: Start also joins it
    await first.settle()
    position = first.session.journey_state.position
    consumer = first.store.load().consumer_id
    await first.close()  # a crash or kill: the visit did not end, the session stays stored

    second = await open_kiosk(demo, clock, tmp_path)
    try:
        state = second.session.journey_state
        assert state.screen == "participating_queue"
        assert 0 < state.position <= position
        assert second.store.load().consumer_id == consumer
        # When the visit ends, the stored session goes.
        second.session.done()
        await second.settle()
        assert not second.store.path.exists()
    finally:
        await second.close()

    third = await open_kiosk(demo, clock, tmp_path)
    try:
        assert third.screen == "attract"
    finally:
        await third.close()


async def test_a_restarted_kiosk_comes_back_in_the_customers_language(
    demo, clock, tmp_path
) -> None:
    first = await open_kiosk(demo, clock, tmp_path)
    await first.choose("Sneaker drop: Aurora 1")
    first.session.set_language("ar")
    first.session.actions.start()  # a plain line: Start also joins it
    await first.settle()
    await first.close()  # killed mid-journey

    second = await open_kiosk(demo, clock, tmp_path)
    try:
        assert second.screen == "participating_queue"
        assert second.session.kiosk_state.language == "ar"
        second.session.done()
        await second.settle()
        assert second.session.kiosk_state.language == "en"
        assert not second.store.path.exists()  # the language went with the journey
    finally:
        await second.close()

    third = await open_kiosk(demo, clock, tmp_path)
    try:
        assert third.screen == "attract"
        assert third.session.kiosk_state.language == "en"
    finally:
        await third.close()


async def test_offline_shows_stale_then_recovers_when_the_server_returns(kiosk: Kiosk) -> None:
    await kiosk.choose("Sneaker drop: Aurora 1")
    kiosk.session.actions.start()  # a plain line: Start also joins it
    await kiosk.settle()
    assert kiosk.screen == "participating_queue"
    # Nobody is admitted meanwhile, so the customer is still in line when the server returns.
    kiosk.service.control_queue(kiosk.queue_of_current_visit().id, "pause")
    toasts: list[str] = []
    kiosk.session.subscribe(lambda: toasts.append(kiosk.session.kiosk_state.toast_key))

    kiosk.network.down = True
    await kiosk.advance(20)
    state = kiosk.session.journey_state
    assert state.screen == "participating_queue"  # the last known place stays on screen
    assert state.stale
    assert "connection_lost" in toasts

    kiosk.session.note_activity()
    kiosk.session.actions.leave()  # an action while offline: the offline screen, with retry
    await kiosk.advance(40)
    assert kiosk.screen == "offline"

    kiosk.network.down = False
    await kiosk.advance(35)
    state = kiosk.session.journey_state
    assert state.screen == "participating_queue"
    assert not state.stale
    assert state.paused
    assert "connection_restored" in toasts


async def test_staff_settings_need_the_pin_and_lock_after_wrong_tries(kiosk: Kiosk) -> None:
    session = kiosk.session
    session.staff.open_staff()
    assert session.kiosk_state.staff_panel == "pin"
    for _ in range(5):
        for key in "1111":
            session.staff.pin_key(key)
    assert session.kiosk_state.pin_feedback == "locked"
    for key in "2468":
        session.staff.pin_key(key)
    assert session.kiosk_state.staff_panel == "pin"  # locked: even the right PIN waits
    session.staff.staff_exit()
    assert kiosk.exits == []

    await kiosk.advance(61)
    for key in "2468":
        session.staff.pin_key(key)
    assert session.kiosk_state.staff_panel == "settings"
    session.staff.staff_exit()
    assert kiosk.exits == [True]


async def test_staff_mode_has_no_idle_reset_and_a_next_customer_action(
    demo, clock, tmp_path
) -> None:
    kiosk = await open_kiosk(demo, clock, tmp_path, mode="staff")
    try:
        await kiosk.choose("Sneaker drop: Aurora 1")
        assert kiosk.session.kiosk_state.staff_mode
        await kiosk.advance(200)
        assert kiosk.screen == "ready"
        assert kiosk.session.kiosk_state.idle_kind == ""
        kiosk.session.next_customer()
        await kiosk.settle()
        assert kiosk.screen == "attract"
    finally:
        await kiosk.close()


async def test_a_customer_who_taps_during_the_wipe_gets_a_fresh_session(kiosk: Kiosk) -> None:
    await kiosk.choose("Sneaker drop: Aurora 1")
    kiosk.session.actions.start()  # a plain line: Start also joins it
    await kiosk.settle()
    first = kiosk.store.load().consumer_id

    kiosk.session.done()
    kiosk.session.choose_experience(kiosk.experience("Sneaker drop: Aurora 1"))  # at once
    await kiosk.settle()
    assert kiosk.screen == "ready"
    kiosk.session.actions.start()
    await kiosk.settle()
    assert kiosk.screen == "participating_queue"  # joined afresh, as a new guest
    assert kiosk.store.load().consumer_id != first


async def test_the_phase_goes_from_attract_to_visiting_to_wiping_and_back(kiosk: Kiosk) -> None:
    session = kiosk.session
    assert session.phase == "attract"
    await kiosk.choose("Sneaker drop: Aurora 1")
    assert session.phase == "visiting" and session.has_visit

    session.done()
    assert session.phase == "wiping"
    assert kiosk.screen == "attract"  # the screen goes back at once; the wipe follows
    session.done()  # a second tap while wiping changes nothing
    await kiosk.settle()
    assert session.phase == "attract" and not session.has_visit


async def test_commands_with_no_visit_go_nowhere(kiosk: Kiosk) -> None:
    session = kiosk.session
    before = (session.journey_state, session.kiosk_state)
    sent = len(kiosk.network.requests)
    session.actions.start()
    session.actions.retry()
    session.type_key("A")
    session.access_code.submit_code()
    session.one_time_code.send_auth_code()
    session.bid.select_bid("100.00")
    session.bid.place_bid()
    session.slots.select_slot("slot")
    session.slots.book()
    await kiosk.settle()
    assert (session.journey_state, session.kiosk_state) == before
    assert len(kiosk.network.requests) == sent
    await kiosk.choose("Sneaker drop: Aurora 1")
    state = session.journey_state
    assert state.screen == "ready" and state.access_code == "" and state.selected_bid == ""


async def test_the_see_staff_reference_is_readable_and_spells_no_word() -> None:
    from kiosk.pos.reference import ALPHABET, spells_a_word
    from kiosk.session.handoff import HandoffContext, SeeStaffHandoff

    handoff = SeeStaffHandoff()
    context = HandoffContext(experience_id="exp_1", experience_name="Aurora 1")
    grant = None  # the see-staff handoff never looks at the grant
    codes = [(await handoff.hand_off(grant, context)).reference for _ in range(300)]  # type: ignore[arg-type]

    assert all(len(code) == 6 and set(code) <= set(ALPHABET) for code in codes)
    assert not any(spells_a_word(code) for code in codes)
