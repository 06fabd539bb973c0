"""The result screens as the hero: what was won, what is owed, the reference with a QR code
that a phone reads back as the reference (decoded from the rendered frame), how long it is
held and the next step; and the entered draw's honest walk-away text."""

from __future__ import annotations

import pytest
import zxingcpp
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickItem

from tests.app.fakes import find, get, texts
from tests.app.test_screens import load  # noqa: F401 - the screen loader fixture

SIZES = [(1080, 1920), (1920, 1080), (1280, 800)]
TOKEN = "fixture-token-never-shown"  # the fixture grant's token


@pytest.fixture
def show(load):  # noqa: F811
    """A screen from its fixture; `large` is large text (the loader of test_screens.py)."""
    return lambda *args, large=False, **options: load(*args, large_text=large, **options)


def text_of(window, name: str) -> str:
    return str(get(window, name).property("text"))


def decoded(window) -> list[str]:
    """What a phone camera reads from the frame: every QR code's text."""
    frame: QImage = window.grabWindow().convertToFormat(QImage.Format.Format_Grayscale8)
    return [code.text for code in zxingcpp.read_barcodes(frame)]


def visible_on_screen(window, item: QQuickItem) -> bool:
    """Visible and wholly inside the window (not clipped off the bottom or side)."""
    corner = item.mapToScene(item.boundingRect().topLeft())
    far = item.mapToScene(item.boundingRect().bottomRight())
    return (
        item.isVisible()
        and corner.x() >= 0
        and corner.y() >= 0
        and far.x() <= window.width() + 0.5
        and far.y() <= window.height() + 0.5
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_granted_qr_scans_as_the_reference(show, size, language) -> None:
    window = show("granted", language=language, size=size)
    assert decoded(window) == ["K7Q2MX"]  # the reference, never the grant


def test_the_order_number_qr_scans_as_the_order_number(show) -> None:
    window = show("granted", variant="go_to", size=(1920, 1080))
    assert decoded(window) == ["A-1042"]


@pytest.mark.parametrize("size", SIZES)
def test_the_qr_scans_with_large_text_and_the_longest_copy(show, size) -> None:
    window = show("granted", "auction", language="es", size=size, large=True)
    assert decoded(window) == ["K7Q2MX"]
    assert visible_on_screen(window, get(window, "referenceCard"))
    assert visible_on_screen(window, get(window, "doneButton"))


def test_ended_won_qr_scans_in_large_text(show) -> None:
    window = show("ended", variant="won", size=(1280, 800), large=True)
    assert decoded(window) == ["K7Q2MX"]


@pytest.mark.parametrize("size", SIZES)
def test_the_qr_is_big_enough_for_a_phone_and_inside_the_screen(show, size) -> None:
    window = show("granted", size=size)
    qr = get(window, "referenceQr")
    short_side = min(size)
    assert qr.width() >= 240 * short_side / 1080  # 240 px at 1080p, in proportion below
    assert visible_on_screen(window, qr)
    assert visible_on_screen(window, get(window, "referenceValue"))
    assert visible_on_screen(window, get(window, "expiresCountdown"))
    done = get(window, "doneButton")
    assert visible_on_screen(window, done) and done.height() >= 64


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_qr_modules_sit_on_whole_pixels(show, size, language) -> None:
    window = show("granted", language=language, size=size)
    symbol, qr = get(window, "qrSymbol"), get(window, "referenceQr")
    origin = symbol.mapToScene(symbol.boundingRect().topLeft())
    assert origin.x() == int(origin.x()) and origin.y() == int(origin.y())
    module = qr.property("module")
    assert module >= 1 and symbol.width() == module * len(qr.property("rows"))


def test_arabic_mirrors_the_screen_but_the_reference_reads_left_to_right(show) -> None:
    window = show("granted", language="ar", size=(1920, 1080))
    card, qr = get(window, "referenceCard"), get(window, "referenceQr")
    value = get(window, "referenceValue")
    # The reference first, its code to its right, as in every language.
    assert (
        value.mapToScene(value.boundingRect().center()).x()
        < qr.mapToScene(qr.boundingRect().center()).x()
    )
    # The layout itself is mirrored: the reference card sits on the right of the screen.
    assert card.mapToScene(card.boundingRect().center()).x() > window.width() / 2
    assert text_of(window, "referenceValue") == "K7Q2MX"


@pytest.mark.parametrize(
    ("mechanism", "variant", "title", "step"),
    [
        ("queue", None, "It's your turn!", "Show this reference to a member of staff"),
        ("timed_release", None, "It's your turn!", "Show this reference to a member of staff"),
        ("draw", None, "You won the draw!", "Show this reference to a member of staff"),
        ("auction", None, "It's yours!", "Pay $150.00 at the counter"),
        (None, "bought", "It's yours!", "Pay $390.00 at the counter"),
        ("queue", "go_to", "It's your turn!", "Go to Register 3 and show your order number"),
    ],
)
def test_granted_hero_names_the_product_the_reference_and_the_next_step(
    show, mechanism, variant, title, step
) -> None:
    window = show("granted", mechanism, variant)
    assert text_of(window, "screenTitle") == title
    assert text_of(window, "productName") == "Sneaker drop: Aurora 1"
    assert text_of(window, "screenSubtitle").startswith(step)
    reference = "A-1042" if variant == "go_to" else "K7Q2MX"
    assert text_of(window, "referenceValue") == reference
    assert get(window, "referenceQr").isVisible()
    assert get(window, "expiresCountdown").isVisible()
    assert TOKEN not in " ".join(texts(window))
    owes = mechanism == "auction" or variant == "bought"
    assert get(window, "amountOwedCard").isVisible() == owes


def test_granted_pending_has_no_code_yet_and_says_so(show) -> None:
    window = show("granted", variant="pending")
    assert not get(window, "referenceCard").isVisible()
    assert not get(window, "referenceQr").isVisible()
    assert "Your reference appears here" in text_of(window, "screenSubtitle")


def test_granted_translates_the_hero(show) -> None:
    window = show("granted", "draw", language="es")
    assert text_of(window, "screenTitle") == "¡Has ganado el sorteo!"
    assert text_of(window, "referenceLabel") == "Tu referencia"
    assert text_of(window, "referenceHint").startswith("Muestra esta pantalla")


def test_ended_won_shows_the_prize_and_its_reference(show) -> None:
    window = show("ended", variant="won")
    assert text_of(window, "screenTitle") == "You won!"
    assert text_of(window, "productName") == "Sneaker drop: Aurora 1"
    assert text_of(window, "referenceValue") == "K7Q2MX"
    assert get(window, "referenceQr").isVisible()


def test_ended_lost_has_no_reference(show) -> None:
    window = show("ended", variant="lost")
    assert find(window, "referenceCard") is None
    assert "K7Q2MX" not in texts(window)


def test_the_dutch_bought_state_names_the_product_price_and_next_step(show) -> None:
    window = show("dutch_auction", variant="bought", size=(1280, 800))
    assert text_of(window, "productName") == "Sneaker drop: Aurora 1"
    assert text_of(window, "priceValue") == "$380.00"
    assert "this screen gives you a reference" in text_of(window, "nextStep")
    assert visible_on_screen(window, get(window, "nextStep"))
    assert find(window, "buyButton") is None or not get(window, "buyButton").isVisible()


def test_the_dutch_price_screen_before_buying_has_no_product_card(show) -> None:
    window = show("dutch_auction")
    assert not get(window, "productCard").isVisible()
    assert not get(window, "nextStep").isVisible()


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_entered_draw_says_where_the_result_shows(show, language) -> None:
    """Walking away is honest: come back after the draw with the entry reference, shown
    large with its QR; no "only this screen shows the result" beside it (issue 14)."""
    window = show("participating", "draw", language=language, size=(1280, 800))
    notice = get(window, "walkAwayNotice")
    assert visible_on_screen(window, notice)
    expected = {
        "en": "You can walk away. Come back after",
        "es": "Puedes irte. Vuelve después de las",
        "ar": "يمكنك المغادرة. عُد بعد",
    }[language]
    assert str(notice.property("text")).startswith(expected)
    assert visible_on_screen(window, get(window, "entryReferenceCard"))
    assert text_of(window, "referenceValue") == "7KQ3MD"
    assert not get(window, "resultHowTo").isVisible()


def test_without_a_reference_the_entered_draw_says_only_this_screen_shows_it(show) -> None:
    window = show("participating", "draw", "no_reference", size=(1280, 800))
    how = get(window, "resultHowTo")
    assert visible_on_screen(window, how)
    assert str(how.property("text")).startswith("Only this screen shows the result")
    assert not get(window, "walkAwayNotice").isVisible()


@pytest.mark.parametrize("size", [(1080, 1920), (1280, 800)])
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_booked_appointment_shows_its_reference_beside_the_time(show, size, language) -> None:
    """The booking's reference, large with its QR (the reference only), under the date, time
    and place, with what to do with it (issue 14)."""
    window = show("participating", "appointment", language=language, size=size)
    assert get(window, "bookingCard").isVisible()
    card = get(window, "bookingReferenceCard")
    assert card.isVisible()
    assert text_of(window, "referenceValue") == "H4N8PT"
    assert decoded(window) == ["H4N8PT"]
    hint = {
        "en": "Show this to staff when you arrive for your time.",
        "es": "Enséñasela al personal cuando llegues a tu hora.",
        "ar": "اعرضه على الموظفين عند وصولك في موعدك.",
    }[language]
    assert text_of(window, "referenceHint") == hint
    if size == (1080, 1920):
        assert visible_on_screen(window, card)


def test_without_a_reference_the_booked_appointment_shows_no_card(show) -> None:
    window = show("participating", "appointment", "no_reference")
    assert get(window, "bookingCard").isVisible()
    assert not get(window, "bookingReferenceCard").isVisible()
