"""`kiosk screenshot`: render any screen offscreen from fixture views, to a PNG.

The fixture goes through the same presenter and view-models as a live session, so the
picture is what a customer would see. Fixtures carry no real grant.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.core.clock import SystemClock
from kiosk.devtools.fixtures import VARIANTS, Fixture, fixture
from kiosk.session.actions import DETACHED, JourneyActions
from kiosk.session.auth import UnavailableAuthenticator
from kiosk.session.forms import AccessCodeForm, BidForm, OneTimeCodeForm, SlotPicker
from kiosk.session.presenter import (
    MECHANISMS,
    SCREENS,
    JourneyState,
    KioskState,
    present_journey,
    present_kiosk,
)
from kiosk.session.slots import DetailsSlotSource
from kiosk.session.staff import StaffLock

FIXTURE_NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
STATES = sorted({*SCREENS, "gated", "enterable", "participating"})


class StaticSession:
    """A session that shows one fixture and ignores every command.

    Its command parts are the session's own, attached to no visit (`DETACHED`): they keep
    what is typed on a throwaway object and never publish, so the picture never changes.
    """

    def __init__(self, data: Fixture, now: datetime = FIXTURE_NOW) -> None:
        self.settings = data.settings
        self.journey_state: JourneyState = present_journey(
            data.visit, now, auth_available=data.auth_available, language=data.kiosk.language
        )
        self.kiosk_state: KioskState = present_kiosk(data.kiosk, data.settings, 0.0)
        self.staff = StaffLock(
            data.settings, SystemClock(), request_exit=_ignore, changed=_ignore
        )
        self.actions = JourneyActions(DETACHED)
        self.access_code = AccessCodeForm(DETACHED)
        self.one_time_code = OneTimeCodeForm(DETACHED, UnavailableAuthenticator())
        self.bid = BidForm(DETACHED)
        self.slots = SlotPicker(DETACHED, DetailsSlotSource())

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        return _ignore

    def note_activity(self) -> None:
        pass

    def still_here(self) -> None:
        pass

    def choose_experience(self, experience_id: str) -> None:
        pass

    def set_language(self, language: str) -> None:
        pass

    def set_large_text(self, enabled: bool) -> None:
        pass

    def next_customer(self) -> None:
        pass

    def type_key(self, key: str) -> None:
        pass

    def done(self) -> None:
        pass

    def start_again(self) -> None:
        pass


def _ignore() -> None:
    pass


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1080x1920, not {text!r}") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 8000")
    return width, height


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--state", required=True, choices=STATES, help="the screen to render")
    parser.add_argument("--mechanism", choices=MECHANISMS, default=None)
    parser.add_argument("--variant", choices=VARIANTS, default=None, help="a variant of it")
    parser.add_argument("--size", type=parse_size, default=(1080, 1920), help="WxH (1080x1920)")
    parser.add_argument("--lang", default="en", choices=["en", "es", "ar"])
    parser.add_argument("--mode", default="kiosk", choices=["kiosk", "staff"])
    parser.add_argument("--large-text", action="store_true")
    parser.add_argument("--out", type=Path, required=True, help="the PNG to write")


class Renderer:
    """One offscreen window, re-used for many screenshots (the gallery, tests)."""

    def __init__(self) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        from kiosk.app.qml import Translations, load_fonts, pin_style

        pin_style()
        self._app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
        load_fonts(self._app)  # type: ignore[arg-type]
        self._translations = Translations()

    def render(
        self,
        state: str,
        *,
        mechanism: str | None = None,
        variant: str | None = None,
        size: tuple[int, int] = (1080, 1920),
        language: str = "en",
        mode: str = "kiosk",
        large_text: bool = False,
        out: Path,
    ) -> Path:
        from PySide6.QtCore import QEventLoop, QTimer

        from kiosk.app.qml import create_engine
        from kiosk.app.viewmodels import JourneyViewModel, KioskViewModel

        data = fixture(state, mechanism, variant, now=FIXTURE_NOW, language=language, mode=mode)
        data.kiosk.large_text = large_text
        session = StaticSession(data)
        kiosk = KioskViewModel(session)
        journey = JourneyViewModel(session)
        self._translations.apply(language, None)
        engine = create_engine({"kiosk": kiosk, "journey": journey})
        try:
            window = engine.rootObjects()[0]
            window.resize(*size)
            window.show()
            loop = QEventLoop()
            window.frameSwapped.connect(loop.quit)
            QTimer.singleShot(3000, loop.quit)
            loop.exec()
            # A second frame: layouts settle after the first one at the new size.
            QTimer.singleShot(3000, loop.quit)
            window.requestUpdate()
            loop.exec()
            image = window.grabWindow()
            out.parent.mkdir(parents=True, exist_ok=True)
            if not image.save(str(out)):
                raise OSError(f"cannot write {out}")
            window.hide()
        finally:
            engine.deleteLater()
            del engine
            kiosk.deleteLater()
            journey.deleteLater()
        return out


def run(args: argparse.Namespace) -> int:
    try:
        path = Renderer().render(
            args.state,
            mechanism=args.mechanism,
            variant=args.variant,
            size=args.size,
            language=args.lang,
            mode=args.mode,
            large_text=args.large_text,
            out=args.out,
        )
    except (ValueError, OSError, RuntimeError) as exc:
        print(f"kiosk screenshot: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0
