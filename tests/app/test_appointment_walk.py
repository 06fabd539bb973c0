"""The appointment demo walked by touch in the real app on the real embedded venue: a day,
a time at a named location, book, move to another time, cancel, and book again.

Slots are found the way a screen reader finds them, by their accessible name, which names the
location: the demo's two locations offer the same times.
"""

from __future__ import annotations

import asyncio

import zxingcpp
from PySide6.QtCore import QLocale, QTime
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtQuick import QQuickItem

from tests.app.fakes import click, get, items, texts
from tests.app.test_kiosk_app import Driver, embedded, running, settle
from tests.fakes import FakeClock

EXPERIENCE = "Appointments: Aurora 1 fitting"
DASH = "\N{EN DASH}"  # between the times on the booking card


def t(hhmm: str) -> str:
    """A venue time as the English screen shows it: the locale's short form (10:00 AM)."""
    hours, minutes = map(int, hhmm.split(":"))
    return QLocale("en").toString(QTime(hours, minutes), QLocale.FormatType.ShortFormat)


def accessible_name(item: QQuickItem) -> str:
    interface = QAccessible.queryAccessibleInterface(item)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def named(kiosk: Driver, name: str) -> list[QQuickItem]:
    return [i for i in items(kiosk.window) if i.isVisible() and accessible_name(i) == name]


def drawn(kiosk: Driver) -> None:
    """Render a frame, so layouts that changed since the last one have their final geometry
    (offscreen, Qt polishes on its frame timer, which a test that never sleeps does not reach)."""
    kiosk.window.grabWindow()


async def press(kiosk: Driver, name: str) -> None:
    drawn(kiosk)
    await kiosk.tap(name)


def in_view(kiosk: Driver, item: QQuickItem) -> bool:
    """Whether the customer can see `item`: a time's centre is inside the scrolling area."""
    times = get(kiosk.window, "slotTimes")
    if not times.isAncestorOf(item):
        return True
    centre = times.mapFromItem(item, item.boundingRect().center())
    return times.boundingRect().contains(centre)


async def tap_named(kiosk: Driver, name: str) -> None:
    drawn(kiosk)
    (button,) = named(kiosk, name)
    assert in_view(kiosk, button), f"{name!r} is scrolled out of view"
    click(kiosk.window, button)
    await settle()


def visible_slots(kiosk: Driver) -> list[QQuickItem]:
    return [i for i in items(kiosk.window) if i.isVisible() and i.objectName().startswith("slot_")]


def slot_names(kiosk: Driver) -> list[str]:
    return [accessible_name(i) for i in visible_slots(kiosk)]


def booking(kiosk: Driver) -> str:
    return accessible_name(get(kiosk.window, "bookingCard"))


async def booking_reference(kiosk: Driver) -> str:
    """The booking reference the screen shows, checked against what its QR code reads."""
    drawn(kiosk)
    assert get(kiosk.window, "bookingReferenceCard").isVisible()
    reference = str(get(kiosk.window, "referenceValue").property("text"))
    assert len(reference) == 6 and reference == kiosk.app.journey.property("bookingReference")
    decoded: list[str] = []
    for _ in range(40):  # a new screen fades in (200 ms, real time): read once it has
        frame = kiosk.window.grabWindow().convertToFormat(QImage.Format.Format_Grayscale8)
        decoded = [code.text for code in zxingcpp.read_barcodes(frame)]
        if decoded:
            break
        await asyncio.sleep(0.05)
    assert decoded == [reference]
    return reference


async def test_book_reschedule_cancel_and_rebook_by_touch(qapp, tmp_path) -> None:
    clock = FakeClock()  # Fri 27 Nov 12:00 UTC; the demo opens today and the next two days
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text(EXPERIENCE)
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("enterable_appointment")

        await press(kiosk, "day_1")  # tomorrow: every time is open
        # Each location is named above its own times, and each time says where it is.
        headers = [get(kiosk.window, f"slotLocation_{n}").property("text") for n in (0, 1)]
        assert headers == ["Store floor", "VIP lounge"]
        names = slot_names(kiosk)
        assert len(names) == len(set(names)), "two slots share an accessible name"
        assert f"{t('10:00')} to {t('10:20')} at Store floor" in names
        assert f"{t('10:00')} to {t('10:20')} at VIP lounge" in names
        objects = [i.objectName() for i in visible_slots(kiosk)]
        assert len(objects) == len(names) == len(set(objects)) == 2 * 16

        await tap_named(kiosk, "Times at VIP lounge")  # the second location's times, in view
        await tap_named(kiosk, f"{t('10:00')} to {t('10:20')} at VIP lounge")
        await press(kiosk, "bookButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("participating_appointment")
        assert booking(kiosk) == f"Sat 28 Nov {t('10:00')} {DASH} {t('10:20')} VIP lounge"
        reference = await booking_reference(kiosk)

        # Move to another time at the other location.
        await press(kiosk, "rescheduleButton")
        await press(kiosk, "day_1")
        await tap_named(kiosk, "Times at Store floor")
        await tap_named(kiosk, f"{t('10:30')} to {t('10:50')} at Store floor")
        await press(kiosk, "confirmRescheduleButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("participating_appointment")
        assert booking(kiosk) == f"Sat 28 Nov {t('10:30')} {DASH} {t('10:50')} Store floor"
        assert await booking_reference(kiosk) == reference  # a reschedule keeps the reference

        await press(kiosk, "leaveButton")  # "Cancel booking", then confirm
        await press(kiosk, "confirmLeaveButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("ended")
        assert "Booking cancelled" in texts(kiosk.window)

        # Book again, from the attract screen, as the next tap of the same customer.
        await press(kiosk, "doneButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("attract")
        await kiosk.tap_text(EXPERIENCE)
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("enterable_appointment")
        await press(kiosk, "day_2")
        await tap_named(kiosk, "Times at VIP lounge")
        await tap_named(kiosk, f"{t('11:00')} to {t('11:20')} at VIP lounge")
        await press(kiosk, "bookButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("participating_appointment")
        assert booking(kiosk) == f"Sun 29 Nov {t('11:00')} {DASH} {t('11:20')} VIP lounge"
        assert await booking_reference(kiosk) != reference  # the new booking has its own


async def test_on_a_landscape_screen_every_location_is_named_and_its_times_reachable(
    qapp, tmp_path
) -> None:
    async with running(embedded(tmp_path), FakeClock()) as kiosk:
        await kiosk.tap_text(EXPERIENCE)
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        kiosk.window.resize(1280, 800)
        await press(kiosk, "day_1")
        drawn(kiosk)
        # Two locations of sixteen times do not fit: the times scroll, the actions stay.
        (slot,) = named(kiosk, f"{t('10:00')} to {t('10:20')} at VIP lounge")
        assert not in_view(kiosk, slot)
        assert get(kiosk.window, "location_1").property("text") == "VIP lounge"
        back = get(kiosk.window, "backButton")
        assert back.mapToScene(back.boundingRect().bottomRight()).y() <= 800

        await tap_named(kiosk, "Times at VIP lounge")
        await tap_named(kiosk, f"{t('10:00')} to {t('10:20')} at VIP lounge")
        await press(kiosk, "bookButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("participating_appointment")
        assert booking(kiosk) == f"Sat 28 Nov {t('10:00')} {DASH} {t('10:20')} VIP lounge"


async def test_in_arabic_the_locations_are_named_in_arabic_before_booking(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap("languageMenuButton")  # languages and A+ are in one menu
        await kiosk.tap("language_ar")
        await kiosk.tap_text("مواعيد: قياس أورورا 1")
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("enterable_appointment")
        await press(kiosk, "day_1")
        headers = [get(kiosk.window, f"slotLocation_{n}").property("text") for n in (0, 1)]
        assert headers == ["أرضية المتجر", "صالة كبار الشخصيات"]
        assert not any("VIP lounge" in text for text in texts(kiosk.window))
