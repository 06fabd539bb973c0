"""View-models against a fake session: properties mirror the snapshots, slots delegate."""

from __future__ import annotations

from kiosk.app.viewmodels import JourneyViewModel, KioskViewModel
from tests.app.fakes import FakeSession


def test_properties_mirror_the_journey_snapshot(qtbot) -> None:
    session = FakeSession()
    journey = JourneyViewModel(session)
    session.set_journey(screen="participating_queue", position=7, eta_seconds=120)

    assert journey.property("screen") == "participating_queue"
    assert journey.property("position") == 7
    assert journey.property("etaSeconds") == 120
    assert journey.property("bidChips") == []


def test_only_the_fields_that_changed_notify(qtbot) -> None:
    session = FakeSession()
    journey = JourneyViewModel(session)
    session.set_journey(screen="participating_queue", position=7)
    changed: list[str] = []
    journey.positionChanged.connect(lambda: changed.append("position"))
    journey.screenChanged.connect(lambda: changed.append("screen"))
    journey.staleChanged.connect(lambda: changed.append("stale"))

    session.set_journey(position=6)
    session.set_journey(position=6)  # the same value again: no signal

    assert changed == ["position"]


def test_slots_delegate_to_the_session(qtbot) -> None:
    session = FakeSession()
    journey = JourneyViewModel(session)
    kiosk = KioskViewModel(session)

    journey.start()
    journey.typeKey("A")
    journey.selectBid("140.00")
    journey.selectDay(2)
    kiosk.chooseExperience("exp_1")
    kiosk.setLanguage("ar")
    kiosk.pinKey("4")

    assert session.calls == [
        ("start", ()),
        ("type_key", ("A",)),
        ("select_bid", ("140.00",)),
        ("select_day", (2,)),
        ("choose_experience", ("exp_1",)),
        ("set_language", ("ar",)),
        ("pin_key", ("4",)),
    ]


def test_kiosk_properties_and_detach(qtbot) -> None:
    session = FakeSession()
    kiosk = KioskViewModel(session)
    seen: list[bool] = []
    kiosk.rightToLeftChanged.connect(lambda: seen.append(kiosk.property("rightToLeft")))

    session.set_kiosk(language="ar", right_to_left=True)
    assert kiosk.property("language") == "ar"
    assert seen == [True]

    kiosk.detach()
    assert session.listeners == 0
    session.set_kiosk(language="en", right_to_left=False)
    assert kiosk.property("language") == "ar"  # no longer following
