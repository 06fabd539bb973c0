"""The members release walked by touch in the real app on the real embedded venue: a phone
number, Send code, the code left too long (expired, said so), Send a new code, the new code,
signed in, then the members' line to granted.

The codes are read the way staff read them out: from the operator API (`GET /operator/otp`).
"""

from __future__ import annotations

from tests.app.fakes import click, find, get, items
from tests.app.test_kiosk_app import Driver, embedded, running, settle
from tests.fakes import FakeClock

EXPERIENCE = "Members release: Aurora 1 Mono"
PHONE = "+15550100"


def drawn(kiosk: Driver) -> None:
    """Render a frame, so a layout that changed has its final geometry before a tap."""
    kiosk.window.grabWindow()


def shown(kiosk: Driver, name: str) -> bool:
    item = find(kiosk.window, name)
    return item is not None and item.isVisible()


def text_of(kiosk: Driver, name: str) -> str:
    return str(get(kiosk.window, name).property("text"))


async def press(kiosk: Driver, name: str) -> None:
    drawn(kiosk)
    await kiosk.tap(name)


async def type_keys(kiosk: Driver, keys: str) -> None:
    drawn(kiosk)
    keypad = get(kiosk.window, "authKeypad")
    for key in ("clear", *keys):
        click(kiosk.window, get(keypad, f"key_{key}"))
        await settle()


async def staff_code(kiosk: Driver) -> str:
    """The newest code for the phone, as staff read it from the operator API."""
    venue = kiosk.app.venue
    assert venue is not None
    answer = await venue.http.get(
        f"{venue.api_url}/operator/otp",
        headers={"Authorization": f"Bearer {venue.service.organization.secret_key}"},
    )
    answer.raise_for_status()
    codes = [sent["code"] for sent in answer.json()["data"] if sent["destination"].endswith(PHONE)]
    assert codes, "no code was sent to the phone"
    return str(codes[0])


async def press_and_see_busy(kiosk: Driver, name: str, busy_text: str) -> None:
    """Press `name`: the same frame already says the kiosk is waiting for the venue."""
    drawn(kiosk)
    button = get(kiosk.window, name)
    click(kiosk.window, button)
    assert button.property("text") == busy_text
    assert not button.isEnabled()  # a second tap does not send a second request
    await settle()


async def stay(kiosk: Driver, seconds: int) -> None:
    """Time passes at the kiosk; the customer answers "Still there?" as a customer would."""
    for _ in range(seconds):
        if shown(kiosk, "stillHereButton"):
            await kiosk.tap("stillHereButton")
        await kiosk.advance(1)


async def test_members_sign_in_with_an_expired_code_then_a_new_one_by_touch(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text(EXPERIENCE)
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("gated_authentication")

        await type_keys(kiosk, PHONE)
        assert get(kiosk.window, "authDisplay").property("value") == PHONE
        await press_and_see_busy(kiosk, "authSubmitButton", "Sending…")
        await kiosk.advance(1)
        assert kiosk.screen == "gated_authentication"
        assert text_of(kiosk, "authSubmitButton") == "Confirm"
        first = await staff_code(kiosk)

        await stay(kiosk, 5 * 60 + 5)  # past the code's five minutes
        await type_keys(kiosk, first)
        await press_and_see_busy(kiosk, "authSubmitButton", "Checking…")
        await kiosk.advance(1)
        assert shown(kiosk, "authFeedback")
        assert text_of(kiosk, "authFeedback") == "That code has expired. We can send a new one."
        assert shown(kiosk, "authResendButton")

        await press_and_see_busy(kiosk, "authResendButton", "Sending…")
        await kiosk.advance(1)
        assert text_of(kiosk, "authFeedback") == "We sent a new code. Use the newest one."
        second = await staff_code(kiosk)

        wrong = "000000" if second != "000000" else "111111"
        await type_keys(kiosk, wrong)
        await press(kiosk, "authSubmitButton")
        await kiosk.advance(1)
        assert text_of(kiosk, "authFeedback") == "That code is not right. Try again."

        await type_keys(kiosk, second)
        await press(kiosk, "authSubmitButton")
        await kiosk.advance(1)
        assert not kiosk.on_screen("gated_authentication"), "still asked to sign in"

        for _ in range(300):  # signed in: the members' line, then granted
            if kiosk.on_screen("granted"):
                break
            if shown(kiosk, "enterButton"):
                await press(kiosk, "enterButton")
            await stay(kiosk, 1)
        assert kiosk.on_screen("granted"), f"still on {kiosk.screen}"
        assert any(i.objectName() == "referenceCard" and i.isVisible() for i in items(kiosk.window))
