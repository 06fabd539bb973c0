"""The screens read numbers, money, times and dates in the customer's language: one digit set
in Arabic (Arabic-Indic, as Qt's "ar" gives; reference codes stay Latin for staff and POS),
Spanish money the Spanish way, and the typed bid shown as money above the keypad."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QLocale, QObject

from kiosk.devtools.fixtures import EXPERIENCES
from tests.app.fakes import click, get, items
from tests.app.test_screens import load  # noqa: F401 - the screen loader fixture

LATIN_DIGIT = re.compile("[0-9]")
ARABIC_INDIC_DIGIT = re.compile("[\u0660-\u0669]")
REFERENCE = "K7Q2MX"  # the fixture's reference code: Latin on purpose
BOOKING_REFERENCE = "H4N8PT"  # the fixture booking's reference: Latin too

# The screens a customer reads numbers on, with the variants that show other numbers.
NUMBER_SCREENS = [
    ("participating", "auction", None),
    ("participating", "auction", "outbid"),
    ("participating", "auction", "typed"),
    ("enterable", "auction", None),
    ("dutch_auction", None, None),
    ("dutch_auction", None, "bought"),
    ("participating", "queue", None),
    ("enterable", "appointment", None),
    ("participating", "appointment", None),
    ("granted", None, None),
    ("granted", None, "bought"),
    ("attract", None, None),
    ("attract", None, "second_card"),
]


OPERATOR_TEXTS = {"experienceName", "productName"}
# The operator's own words, whatever item shows them: names and descriptions, every language.
OPERATOR_WORDS = {
    text
    for choice in EXPERIENCES
    for text in (*choice.names.values(), *choice.descriptions.values())
}


def visible_texts(window: QObject) -> list[str]:
    """What the customer reads: the texts of the visible items, minus the venue's own names
    (the experience name, also shown as the product won, is the operator's text, e.g.
    "Aurora 1", and is not a number)."""
    found = []
    for item in items(window):
        if not item.isVisible() or item.objectName() in OPERATOR_TEXTS:
            continue
        value = item.property("text")
        if isinstance(value, str) and value and value not in OPERATOR_WORDS:
            found.append(value)
    return found


def money(language: str, amount: float) -> str:
    return QLocale(language).toCurrencyString(amount, "$", 2)


@pytest.mark.parametrize(("state", "mechanism", "variant"), NUMBER_SCREENS)
def test_arabic_screens_use_one_digit_set(load, state, mechanism, variant) -> None:  # noqa: F811
    window = load(state, mechanism, variant, language="ar")
    shown = visible_texts(window)
    codes = {REFERENCE, BOOKING_REFERENCE}
    latin = [
        text
        for text in shown
        if text not in codes and LATIN_DIGIT.search(text.replace(REFERENCE, ""))
    ]
    assert not latin, f"Latin digits on an Arabic screen: {latin}"
    assert any(ARABIC_INDIC_DIGIT.search(text) for text in shown)


def test_the_reference_code_stays_latin_in_arabic(load) -> None:  # noqa: F811
    window = load("granted", language="ar")
    assert REFERENCE in visible_texts(window)


def test_spanish_money_is_written_the_spanish_way(load) -> None:  # noqa: F811
    window = load("participating", "auction", "outbid", language="es")
    assert get(window, "bidChip_0").property("text") == money("es", 150.0)
    assert get(window, "placeBidButton").property("text") == f"Pujar {money('es', 150.0)}"
    assert money("es", 150.0) == "150,00\u00a0$"  # what the locale says: the sign after
    shown = visible_texts(window)
    assert money("es", 145.0) in shown  # the highest bid
    assert not any("$1" in text for text in shown)  # never the English "$145.00"


def test_the_arabic_bid_button_reads_the_amount_in_arabic_digits_then_the_sign(load) -> None:  # noqa: F811
    window = load("participating", "auction", language="ar")
    text = get(window, "placeBidButton").property("text")
    assert text.endswith(money("ar", 150.0))
    assert "150" not in text and "$1" not in text  # not "زايد بـ 150.00$"


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_typed_bid_is_shown_as_money_above_the_keypad(load, language) -> None:  # noqa: F811
    window = load("participating", "auction", "typed", language=language)
    display = get(window, "bidAmountDisplay")
    keypad = get(window, "bidKeypad")
    assert display.isVisible() and keypad.isVisible()
    assert get(window, "bidAmountText").property("text") == money(language, 1250.0)
    below = display.mapToScene(display.boundingRect().bottomLeft()).y()
    assert below <= keypad.mapToScene(keypad.boundingRect().topLeft()).y()
    zero = QLocale(language).zeroDigit()
    assert get(keypad, "key_1").property("text") == chr(ord(zero) + 1)


def test_the_display_takes_the_chips_place_and_quick_bids_brings_them_back(load) -> None:  # noqa: F811
    window = load("participating", "auction")
    assert not get(window, "bidAmountDisplay").isVisible()  # chips first
    click(window, get(window, "otherAmountButton"))
    assert get(window, "bidAmountDisplay").isVisible()
    assert not get(window, "bidChip_0").isVisible()  # the keys keep their room
    window.grabWindow()  # a frame: the row just shown takes its place, as on a screen
    click(window, get(window, "quickBidsButton"))
    assert get(window, "bidChip_0").isVisible() and not get(window, "bidKeypad").isVisible()


@pytest.mark.parametrize(("language", "tomorrow"), [("en", "Tomorrow"), ("ar", "غدًا")])
def test_the_first_day_is_named_from_the_journeys_clock(load, language, tomorrow) -> None:  # noqa: F811
    # The fixture's slots start the day after its clock's date: "tomorrow", whatever the
    # system's date is; the next days are dates in the language.
    window = load("enterable", "appointment", language=language)
    assert get(window, "day_0").property("text") == tomorrow
    assert get(window, "day_1").property("text") != tomorrow


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_slot_times_follow_the_locales_clock(load, language) -> None:  # noqa: F811
    from PySide6.QtCore import QTime

    window = load("enterable", "appointment", language=language)
    expected = QLocale(language).toString(QTime(9, 0), QLocale.FormatType.ShortFormat)
    assert get(window, "slot_slot_0_0").property("text") == expected
