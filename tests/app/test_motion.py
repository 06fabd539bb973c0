"""Motion: a new screen fades in without blocking a tap; numbers move to their new value;
with reduced motion everything is instant."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from kiosk.app.qml import Translations, create_engine
from kiosk.app.viewmodels import JourneyViewModel, KioskViewModel
from kiosk.devtools.fixtures import fixture
from kiosk.devtools.screenshot import FIXTURE_NOW, StaticSession
from kiosk.session.presenter import present_journey
from tests.app.fakes import click, get


class MovingSession(StaticSession):
    """A fixture session whose journey the test moves on (commands are still ignored)."""

    def __init__(self, data) -> None:
        super().__init__(data)
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def move(self, state) -> None:
        self.journey_state = state
        for listener in list(self._listeners):
            listener()


def journey_of(state: str, mechanism: str | None = None):
    data = fixture(state, mechanism, None, now=FIXTURE_NOW, language="en")
    return present_journey(data.visit, FIXTURE_NOW, auth_available=data.auth_available)


@pytest.fixture
def kiosk(qapp) -> Iterator:
    opened = []
    Translations().apply("en", None)

    def opener(state, mechanism=None, *, large_text=False, reduced_motion=False):
        data = fixture(state, mechanism, None, now=FIXTURE_NOW, language="en")
        data.kiosk.large_text = large_text
        session = MovingSession(data)
        kiosk, journey = KioskViewModel(session), JourneyViewModel(session)
        engine = create_engine({"kiosk": kiosk, "journey": journey}, reduced_motion=reduced_motion)
        window = engine.rootObjects()[0]
        window.show()
        qapp.processEvents()
        opened.append((engine, kiosk, journey))
        return session, window

    yield opener
    while opened:
        engine, kiosk, journey = opened.pop()
        engine.rootObjects()[0].hide()
        for model in (kiosk, journey):
            model.detach()
        del engine
        del kiosk, journey


def test_the_first_screen_appears_at_once(kiosk) -> None:
    _session, window = kiosk("ready")
    assert get(window, "screenLoader").opacity() == 1.0


def test_a_new_screen_fades_in_and_takes_a_tap_at_once(kiosk) -> None:
    session, window = kiosk("ready")
    session.move(journey_of("participating", "queue"))
    loader = get(window, "screenLoader")
    assert loader.opacity() < 1.0  # the fade has begun
    leave = get(window, "leaveButton")
    pressed: list[bool] = []
    leave.clicked.connect(lambda: pressed.append(True))
    click(window, leave)
    assert pressed == [True]


@pytest.mark.parametrize(("large_text", "reduced_motion"), [(True, False), (False, True)])
def test_with_reduced_motion_a_new_screen_is_there_at_once(kiosk, large_text, reduced_motion):
    session, window = kiosk("ready", large_text=large_text, reduced_motion=reduced_motion)
    session.move(journey_of("participating", "queue"))
    assert get(window, "screenLoader").opacity() == 1.0
    assert get(window, "screen_participating_queue").isVisible()


def test_the_place_in_line_counts_to_its_new_value(kiosk, qtbot) -> None:
    session, window = kiosk("participating", "queue")
    position = get(window, "positionValue")
    assert position.property("text") == "14"
    session.move(replace(session.journey_state, position=9))
    # It moves there rather than jumping (and gets there).
    assert position.property("text") != "9"
    qtbot.waitUntil(lambda: position.property("text") == "9")


def test_with_reduced_motion_the_place_jumps_to_its_new_value(kiosk) -> None:
    session, window = kiosk("participating", "queue", reduced_motion=True)
    session.move(replace(session.journey_state, position=9))
    assert get(window, "positionValue").property("text") == "9"
