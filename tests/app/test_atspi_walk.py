"""The screen-reader walk (issue 14): the real kiosk, as Orca sees it through AT-SPI.

The kiosk runs as its own process (`kiosk run --windowed`, the embedded venue with its demo,
venue time 4x: the line moves in seconds, slow enough to hear each screen) on a private X
server, session bus and AT-SPI bus (tests/app/atspi.py). The test is the screen reader: it
finds every control by its accessible name in the tree, presses it through the Action
interface, and reads each screen's title and state from the tree, never from pixels or QML.
The last two tests act through Qt's accessibility interface in-process, on the fake clock, to
show that such a press or focus restarts the idle timer (a screen-reader user is not asked
"Still there?" while typing).

Without Xvfb, dbus-daemon or at-spi2-core the AT-SPI tests skip, except under CI=true, where
they fail: scripts/bootstrap.sh installs those packages there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible

from tests.app.atspi import (
    STATE_ENABLED,
    AtspiError,
    Desktop,
    Node,
    dump,
    find,
    find_application,
    missing_tools,
    stop_process,
    wait_for,
)
from tests.app.fakes import find as find_item
from tests.app.fakes import get
from tests.app.test_kiosk_app import embedded, running, settle
from tests.fakes import FakeClock

APP_NAME = "Fanfare Kiosk"
ASKED = "asking whether the customer is still there"  # kiosk/session/idle.py's log line
QUEUE = "Sneaker drop: Aurora 1"
VIP = "VIP early access: Aurora 1 Retro"
APPOINTMENT = "Appointments: Aurora 1 fitting"
RELEASE = "Timed release: Aurora 1 restock"  # the last of the demo's nine
START_TIMEOUT = 60.0  # the kiosk's first frame, on a loaded CI machine
SCREEN_TIMEOUT = 30.0  # one screen to the next
GRANT_TIMEOUT = 120.0  # the demo line to the front (about 7 s at venue time 4x)


def unavailable(missing: list[str], environ: Mapping[str, str]) -> tuple[str, str]:
    """("", "") when the desktop can run; else whether to "skip" or "fail", and why: CI has
    what scripts/bootstrap.sh installs, so a missing tool there is a failure, not a skip."""
    if not missing:
        return "", ""
    reason = f"no AT-SPI desktop on this machine: missing {', '.join(missing)}"
    if environ.get("CI"):
        return "fail", f"{reason} (scripts/bootstrap.sh test installs them)"
    return "skip", f"{reason} (apt-get install xvfb dbus-daemon at-spi2-core)"


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    action, reason = unavailable(missing_tools(), os.environ)
    if action == "fail":
        pytest.fail(reason)
    if action == "skip":
        pytest.skip(reason)
    with Desktop(tmp_path_factory.mktemp("atspi-desktop")) as running_desktop:
        yield running_desktop


class ScreenReader:
    """What a screen-reader user does: listen to what is showing, and activate a control
    by the name they heard."""

    def __init__(self, application: Node) -> None:
        self.application = application

    def heard(self) -> list[str]:
        """Every name that is showing, in tree order (what a "say all" reads)."""
        names = []
        for node in find(self.application):
            try:
                if node.name:
                    names.append(node.name)
            except AtspiError:
                continue
        return names

    def headings(self) -> list[str]:
        return [node.name for node in find(self.application, role="heading")]

    def hears(self, text: str, timeout: float = SCREEN_TIMEOUT) -> None:
        wait_for(
            lambda: text in self.heard(),
            timeout,
            f"the screen reader did not hear {text!r} (it heard {self.heard()})",
        )

    def hears_heading(self, title: str, timeout: float = SCREEN_TIMEOUT) -> None:
        wait_for(
            lambda: title in self.headings(),
            timeout,
            f"no heading {title!r} (headings: {self.headings()})",
        )

    def control(self, name: str, timeout: float = SCREEN_TIMEOUT) -> Node:
        """The showing, enabled push button called `name`."""

        def pressable() -> Node | None:
            for node in find(self.application, name=name, role="push button"):
                if STATE_ENABLED in node.states and "Press" in node.actions():
                    return node
            return None

        return wait_for(pressable, timeout, f"no button {name!r} to press (heard {self.heard()})")

    def press(self, name: str, timeout: float = SCREEN_TIMEOUT) -> None:
        self.control(name, timeout).press()

    def type(self, code: str) -> None:
        """Key by key on the on-screen keypad (each key's accessible name is its letter)."""
        for key in code:
            self.press(key)

    def choose(self, experience: str) -> None:
        """An experience on attract: every row is in the tree, also those scrolled out of
        view; a screen reader moves its focus there (which scrolls it in), then activates."""
        rows = wait_for(
            lambda: find(self.application, name=experience, role="push button", showing=False),
            SCREEN_TIMEOUT,
            f"{experience!r} is not in the attract list (heard {self.heard()})",
        )
        if not rows[0].showing:
            assert rows[0].grab_focus(), f"{experience!r} took no focus"
            wait_for(lambda: rows[0].showing, SCREEN_TIMEOUT, f"{experience!r} not scrolled in")
        self.press(experience)


@contextmanager
def kiosk_process(desktop: Desktop, workdir: Path, *options: str) -> Iterator[ScreenReader]:
    """`kiosk run` on the desktop; its log is printed when the test fails."""
    env = desktop.environment()
    env.update(
        FANFARE_LOG_DIR=str(workdir / "log"),
        XDG_CONFIG_HOME=str(workdir / "config"),
        XDG_DATA_HOME=str(workdir / "data"),
        XDG_STATE_HOME=str(workdir / "state"),
        XDG_CACHE_HOME=str(workdir / "cache"),
        HOME=str(workdir),
    )
    output = workdir / "kiosk.out"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from kiosk.cli import main; sys.exit(main(sys.argv[1:]))",
                "run",
                "--windowed",
                "--size",
                "1280x800",
                "--data-dir",
                str(workdir / "kiosk-data"),
                "--time-scale",
                "4",
                *options,
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    reader: ScreenReader | None = None
    try:
        assert desktop.a11y is not None
        application = find_application(desktop.a11y, APP_NAME, START_TIMEOUT)
        reader = ScreenReader(application)
        reader.hears("Choose what you are here for", START_TIMEOUT)
        yield reader
    except BaseException:
        print(output.read_text(errors="replace")[-4000:], file=sys.stderr)
        if reader is not None:  # what the screen reader had in front of it
            with suppress(AtspiError):
                print("\n".join(dump(reader.application)), file=sys.stderr)
        raise
    finally:
        stop_process(process, grace=10)


def test_the_sneaker_drop_line_to_its_grant_by_screen_reader(desktop: Desktop, tmp_path) -> None:
    with kiosk_process(desktop, tmp_path) as reader:
        assert "Choose what you are here for" in reader.heard()
        reader.choose(QUEUE)
        reader.hears_heading("Ready when you are")
        assert QUEUE in reader.headings()  # the header names the experience
        reader.press("Start")  # a plain line: Start also joins it (one tap)
        reader.hears_heading("You're in line")
        place = wait_for(
            lambda: [n for n in reader.heard() if n.startswith("Your place in line: ")],
            SCREEN_TIMEOUT,
            "no place in line",
        )
        assert place[0].removeprefix("Your place in line: ").isdigit()

        reader.hears_heading("It's your turn!", GRANT_TIMEOUT)
        # The reference is read out with its label, not only painted.
        references = [n for n in reader.heard() if n.startswith("Your reference: ")]
        assert references, reader.heard()
        assert len(references[0].removeprefix("Your reference: ")) >= 4
        assert [n for n in reader.heard() if n.startswith("Your spot is held for ")]

        # The pass is live: Done asks first, and the question is read out.
        reader.press("Done")
        wait_for(
            lambda: [n for n in reader.heard() if n.startswith("Your pass is still valid")],
            SCREEN_TIMEOUT,
            "no question before leaving a live pass",
        )
        reader.press("Leave")
        reader.hears("Choose what you are here for")


def test_a_wrong_vip_code_then_vip2026_to_the_grant_by_screen_reader(
    desktop: Desktop, tmp_path
) -> None:
    with kiosk_process(desktop, tmp_path) as reader:
        reader.choose(VIP)
        reader.press("Start")
        reader.hears_heading("The line is open")
        reader.press("Have a code?")
        reader.type("WRONG1")
        reader.press("Use code")
        reader.hears("That code did not work. Check it and try again.")
        reader.press("Cancel")
        reader.press("Have a code?")
        reader.type("VIP2026")
        reader.press("Use code")
        reader.hears("Code accepted: you're in the VIP line.")
        reader.press("Join the line")
        reader.hears_heading("It's your turn!", GRANT_TIMEOUT)


def test_typing_through_the_screen_reader_keeps_the_kiosk_awake(desktop: Desktop, tmp_path) -> None:
    """Key presses through AT-SPI for twice the idle time never bring "Still there?"; when
    they stop, it comes (the timer runs), and the screen reader can answer it."""
    idle = 6.0
    with kiosk_process(desktop, tmp_path, "--idle-seconds", str(idle)) as reader:
        reader.choose(VIP)
        reader.press("Start")
        reader.press("Have a code?")
        typing_until = time.monotonic() + 2 * idle
        while time.monotonic() < typing_until:
            reader.type("A")
            reader.press("Delete")
            assert "Still there?" not in reader.heard()
        assert ASKED not in (tmp_path / "log" / "kiosk.log").read_text()  # not even briefly
        reader.hears("Still there?", 4 * idle)
        reader.press("I'm still here")
        wait_for(
            lambda: "Still there?" not in reader.heard(),
            SCREEN_TIMEOUT,
            "the idle prompt stayed after the screen reader answered it",
        )
        reader.hears("Use code")  # still typing the code: nothing was reset


def test_a_row_below_the_fold_of_attract_is_in_the_tree_and_scrolls_in_on_focus(
    desktop: Desktop, tmp_path
) -> None:
    with kiosk_process(desktop, tmp_path) as reader:
        (last,) = find(reader.application, name=RELEASE, role="push button", showing=False)
        assert not last.showing  # the demo's ninth experience: below the fold
        assert last.grab_focus()
        wait_for(lambda: last.showing, SCREEN_TIMEOUT, "the focused row did not scroll in")
        assert reader.control(RELEASE) == last
        last.press()
        reader.hears_heading("Ready when you are")
        assert RELEASE in reader.headings()


def test_appointment_times_are_told_apart_by_location_and_booked_by_screen_reader(
    desktop: Desktop, tmp_path
) -> None:
    with kiosk_process(desktop, tmp_path) as reader:
        reader.choose(APPOINTMENT)
        reader.press("Start")
        reader.hears_heading("Book a time")
        slots = [
            node.name
            for node in find(reader.application, role="push button", showing=False)
            if " to " in node.name and " at " in node.name
        ]
        assert len(slots) == len(set(slots)), slots  # "10:00 to 10:20" twice was the bug
        lounge = [name for name in slots if name.endswith(" at VIP lounge")]
        assert lounge and any(name.endswith(" at Store floor") for name in slots), slots
        # Late in the day the first day shown is tomorrow, whose store-floor times fill the
        # screen: the lounge's are below the fold, and its location button brings them up.
        reader.press("Times at VIP lounge")
        reader.press(lounge[0])
        reader.press("Book this time")
        reader.hears_heading("You're booked")
        reader.hears("VIP lounge")


def test_without_the_desktop_tools_the_walk_skips_but_fails_under_ci() -> None:
    missing = missing_tools(path="/nonexistent")
    assert "Xvfb" in missing and "dbus-daemon" in missing
    assert unavailable(missing, {})[0] == "skip"
    action, reason = unavailable(missing, {"CI": "true"})
    assert action == "fail" and "Xvfb" in reason
    assert unavailable([], {"CI": "true"}) == ("", "")


def test_waiting_on_the_tree_gives_up_with_what_it_waited_for() -> None:
    with pytest.raises(AssertionError, match="no heading 'x' within 0 s"):
        wait_for(lambda: None, 0.0, "no heading 'x'")


def _press_accessibly(item) -> None:
    """Press as a screen reader does: Qt's accessibility interface, not an input event."""
    interface = QAccessible.queryAccessibleInterface(item)
    assert interface is not None and interface.actionInterface() is not None
    actions = interface.actionInterface()
    assert actions.pressAction() in actions.actionNames()
    actions.doAction(actions.pressAction())


async def test_an_accessibility_press_restarts_the_idle_timer(qapp, tmp_path) -> None:
    """In-process, on the fake clock: the idle prompt is due 45 s after the last activity;
    accessibility presses at 30 s and 60 s push it back each time."""
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text(VIP)
        await kiosk.tap("startButton")
        await kiosk.tap("haveCodeButton")
        keypad = get(kiosk.window, "offerKeypad")
        for _ in range(3):
            await kiosk.advance(30)
            assert find_item(kiosk.window, "idlePrompt") is None, "asked with a press 30 s ago"
            assert kiosk.on_screen("enterable_queue"), "reset with a press 30 s ago"
            _press_accessibly(get(keypad, "key_A"))
            await settle()
        assert kiosk.app.journey.property("accessCode") == "AAA"  # the presses went through
        await kiosk.advance(40)
        assert find_item(kiosk.window, "idlePrompt") is None
        await kiosk.advance(10)  # 50 s after the last press: now the kiosk asks
        assert find_item(kiosk.window, "idlePrompt") is not None


async def test_an_accessibility_focus_counts_as_activity_too(qapp, tmp_path) -> None:
    """A screen reader moving its focus onto a control ("Set Focus") is the customer
    reading the screen: the idle timer restarts."""
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text(VIP)
        await kiosk.advance(40)
        interface = QAccessible.queryAccessibleInterface(get(kiosk.window, "startButton"))
        interface.actionInterface().doAction(interface.actionInterface().setFocusAction())
        await settle()
        await kiosk.advance(40)
        assert kiosk.on_screen("ready"), "reset 80 s after the tap, 40 s after the focus"
        assert find_item(kiosk.window, "idlePrompt") is None
        await kiosk.advance(10)
        assert find_item(kiosk.window, "idlePrompt") is not None
