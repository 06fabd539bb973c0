"""Rendered from fixtures (issue 14): on every screen that waits for the venue, the button of the
action in flight is the one that spins and the others wait; and portrait screens use their
height (no large empty band between the title, the content and the actions)."""

from __future__ import annotations

import pytest
from PySide6.QtQuick import QQuickItem

from kiosk.devtools.fixtures import BUSY_ACTIONS, gallery
from tests.app.fakes import get, items
from tests.app.test_screens import load  # noqa: F401 - the screen loader fixture

# The button each screen's main action is pressed on.
PRESSED = {
    "ready": "startButton",
    "gated_access_code": "submitCodeButton",
    "gated_authentication": "authSubmitButton",
    "gated_bot_check": "retryGateButton",
    "scheduled": "joinWaitlistButton",
    "enterable_queue": "enterButton",
    "enterable_draw": "enterButton",
    "enterable_timed_release": "enterButton",
    "enterable_auction": "placeBidButton",
    "enterable_appointment": "bookButton",
    "participating_auction": "placeBidButton",
    "dutch_auction": "buyButton",
    "error": "retryButton",
    "offline": "retryButton",
}


def shown(item: QQuickItem) -> bool:
    return item.isVisible() and item.width() > 0 and item.height() > 0


def buttons(window) -> list[QQuickItem]:
    return [i for i in items(window) if i.inherits("QQuickAbstractButton") and shown(i)]


def test_every_busy_screen_has_a_pressed_button() -> None:
    assert set(PRESSED) == set(BUSY_ACTIONS)


@pytest.mark.parametrize("screen", sorted(PRESSED))
def test_the_pressed_button_spins_and_the_other_actions_wait(load, screen) -> None:  # noqa: F811
    window = load(screen, None, "busy")
    pressed = get(window, PRESSED[screen])
    assert pressed.property("busy") is True
    assert get(pressed, "busySpinner").isVisible()
    assert not pressed.isEnabled()  # a second tap sends nothing
    spinning = [b.objectName() for b in buttons(window) if b.property("busy")]
    assert spinning == [PRESSED[screen]]
    # Nothing else that asks the venue can be pressed meanwhile; leaving the kiosk still can,
    # and so can looking around (the appointment's days and locations only scroll the list).
    leaving = {"backButton", "startOverButton", "doneButton", "languageMenuButton"}
    looking = ("day_", "location_")
    others = [b.objectName() for b in buttons(window) if b.isEnabled()]
    assert {o for o in others if not o.startswith(looking)} <= leaving, others


@pytest.mark.parametrize("screen", sorted(PRESSED))
def test_nothing_spins_when_nothing_is_in_flight(load, screen) -> None:  # noqa: F811
    window = load(screen)
    assert [b.objectName() for b in buttons(window) if b.property("busy")] == []


DRAWN = ("QQuickText", "QQuickRectangle", "QQuickImage", "QQuickShape", "QQuickPaintedItem")


def empty_band(window) -> float:
    """The tallest horizontal band of the screen (below the header) with nothing drawn in it,
    as a share of the screen's height."""
    screen = get(window, "screenLoader")
    top = screen.mapToScene(screen.boundingRect().topLeft()).y()
    bottom = top + screen.height()
    spans = []
    for item in items(screen):
        if not shown(item) or item.opacity() == 0 or not any(item.inherits(kind) for kind in DRAWN):
            continue  # what is drawn, not the layouts and spacers around it
        rect = item.mapRectToScene(item.boundingRect())
        spans.append((max(top, rect.top()), min(bottom, rect.bottom())))
    gap, reached = 0.0, top
    for start, end in sorted(spans):
        gap = max(gap, start - reached)
        reached = max(reached, end)
    gap = max(gap, bottom - reached)
    return gap / (bottom - top)


JOURNEY_SCREENS = [shot for shot in gallery() if shot[0] != "attract"]


@pytest.mark.parametrize("shot", JOURNEY_SCREENS, ids=lambda s: "-".join(p for p in s if p))
def test_portrait_screens_leave_no_large_empty_band(load, shot) -> None:  # noqa: F811
    window = load(*shot, size=(1080, 1920))
    # The old frame left up to 58% of a portrait screen empty in one band (the issue: "no 40%
    # empty"); the title at the top, the content centred below it and the actions at the bottom
    # leave at most about a third.
    assert empty_band(window) < 0.35
