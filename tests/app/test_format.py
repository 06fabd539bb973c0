"""Format.qml, the one place numbers, money, times, dates and durations become text.

The expected texts come from Qt's own locale data (QLocale, the CLDR the QML side reads),
not from hand-typed guesses, except where the kiosk decides: the currency's sign, the
decimals the session sends, and one digit set per language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QDate, QLocale, QMetaObject, QObject, Qt, QTime
from PySide6.QtQml import QQmlComponent, QQmlEngine

from kiosk.app.qml import resources_dir

LANGUAGES = ["en", "es", "ar"]
LATIN_DIGIT = re.compile("[0-9]")
ARABIC_INDIC_DIGIT = re.compile("[\u0660-\u0669]")
DASH = "\u2013"

_CALLER = b"""
import QtQuick
import Kiosk
QtObject {
    function call(language, name, args) {
        Format.language = language;
        return Format[name].apply(Format, args);
    }
}
"""


class FormatCaller:
    def __init__(self, engine: QQmlEngine) -> None:
        self._component = QQmlComponent(engine)
        self._component.setData(_CALLER, "format_caller.qml")
        created = self._component.create()
        assert created is not None, self._component.errorString()
        created.setParent(engine)  # the engine keeps it, not JavaScript's collector
        self._object: QObject = created

    def __call__(self, language: str, name: str, *args: Any) -> str:
        result = QMetaObject.invokeMethod(
            self._object,
            "call",
            Qt.ConnectionType.DirectConnection,
            Q_RETURN_ARG("QVariant"),
            Q_ARG("QVariant", language),
            Q_ARG("QVariant", name),
            Q_ARG("QVariant", list(args)),
        )
        return str(result)


@pytest.fixture
def fmt(qapp) -> Iterator[FormatCaller]:
    engine = QQmlEngine()
    engine.addImportPath(str(resources_dir() / "qml"))
    yield FormatCaller(engine)
    del engine


def qt(language: str) -> QLocale:
    return QLocale(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_money_takes_the_locales_digits_separators_and_sign_placement(fmt, language) -> None:
    locale = qt(language)
    # Qt's own currency format for a double with two decimals and the kiosk's sign for USD.
    assert fmt(language, "money", "1234.50", "USD") == locale.toCurrencyString(1234.5, "$", 2)
    assert fmt(language, "money", "150.00", "EUR") == locale.toCurrencyString(150.0, "€", 2)


def test_money_reads_the_spanish_and_arabic_way() -> None:
    # What the locale data says, spelled out once: the sign after the amount, with a space.
    assert QLocale("es").toCurrencyString(150.0, "$", 2) == "150,00\u00a0$"
    arabic = "\u200f\u0661\u0665\u0660\u066b\u0660\u0660\u00a0$"  # RLM, 150.00 (Arabic), NBSP, $
    assert QLocale("ar").toCurrencyString(150.0, "$", 2) == arabic
    assert QLocale("en").toCurrencyString(150.0, "$", 2) == "$150.00"


@pytest.mark.parametrize("language", LANGUAGES)
def test_money_keeps_the_decimals_the_currency_has(fmt, language) -> None:
    locale = qt(language)
    assert fmt(language, "money", "1500", "JPY") == locale.toCurrencyString(1500.0, "¥", 0)
    dinars = fmt(language, "money", "12.500", "KWD")
    assert locale.toString(12.5, "f", 3) in dinars and "KWD" in dinars


def test_an_unknown_currency_shows_its_code_apart_from_the_digits(fmt) -> None:
    assert fmt("en", "money", "150.00", "CHF") == "CHF\u00a0150.00"
    assert fmt("es", "money", "150.00", "CHF") == QLocale("es").toCurrencyString(150.0, "CHF", 2)


def test_no_amount_is_a_dash(fmt) -> None:
    assert fmt("ar", "money", "", "USD") == DASH


@pytest.mark.parametrize("language", LANGUAGES)
def test_numbers_are_the_locales(fmt, language) -> None:
    assert fmt(language, "number", 42) == qt(language).toString(42)
    assert fmt(language, "number", 1234) == qt(language).toString(1234)
    assert fmt(language, "minutes", 400) == qt(language).toString(7)


@pytest.mark.parametrize("language", LANGUAGES)
def test_countdowns_use_the_locales_digits(fmt, language) -> None:
    zero = qt(language).zeroDigit()
    expected = "".join(chr(ord(zero) + int(char)) if char.isdigit() else char for char in "1:02:05")
    assert fmt(language, "clock", 3725) == expected
    assert fmt(language, "clock", -1) == DASH


@pytest.mark.parametrize("language", LANGUAGES)
def test_times_are_12_or_24_hours_as_the_locale_says(fmt, language) -> None:
    locale = qt(language)
    expected = locale.toString(QTime(14, 5), QLocale.FormatType.ShortFormat)
    assert fmt(language, "time", "14:05") == expected
    assert fmt(language, "span", "10:00", "10:30") == (
        locale.toString(QTime(10, 0), QLocale.FormatType.ShortFormat)
        + f" {DASH} "
        + locale.toString(QTime(10, 30), QLocale.FormatType.ShortFormat)
    )


def test_english_times_have_am_pm_and_spanish_ones_24_hours(fmt) -> None:
    assert "PM" in fmt("en", "time", "14:05")
    assert fmt("es", "time", "14:05") == "14:05"


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_name_the_day_and_month_in_the_language(fmt, language) -> None:
    expected = qt(language).toString(QDate(2026, 11, 27), "ddd d MMM")
    assert fmt(language, "day", "2026-11-27") == expected


def test_arabic_uses_one_digit_set_everywhere(fmt) -> None:
    texts = [
        fmt("ar", "money", "150.00", "USD"),
        fmt("ar", "number", 17),
        fmt("ar", "clock", 2832),
        fmt("ar", "minutes", 400),
        fmt("ar", "time", "09:45"),
        fmt("ar", "day", "2026-11-28"),
        fmt("ar", "digits", "2026"),
    ]
    for text in texts:
        assert not LATIN_DIGIT.search(text), text
        assert ARABIC_INDIC_DIGIT.search(text), text


def test_the_arabic_bid_reads_the_amount_then_its_sign(fmt) -> None:
    # A right-to-left mark opens the amount; the sign follows it, apart (never "150.00$").
    amount = fmt("ar", "money", "150.00", "USD")
    assert amount.startswith("\u200f") and amount.endswith("\u00a0$")
