"""Fakes for the app tests: a session the view-models can drive without a venue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtQuick import QQuickItem

from kiosk.session.presenter import JourneyState, KioskState


class FakeSession:
    """Holds two snapshots, records every command, and tells listeners on `set_*`."""

    def __init__(self) -> None:
        self.journey_state = JourneyState()
        self.kiosk_state = KioskState(languages=["en", "es", "ar"])
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @property
    def listeners(self) -> int:
        return len(self._listeners)

    def set_journey(self, **changes: Any) -> None:
        self.journey_state = replace(self.journey_state, **changes)
        for listener in list(self._listeners):
            listener()

    def set_kiosk(self, **changes: Any) -> None:
        self.kiosk_state = replace(self.kiosk_state, **changes)
        for listener in list(self._listeners):
            listener()

    def __getattr__(self, name: str) -> _Command:
        if name.startswith("_"):
            raise AttributeError(name)
        return _Command(self.calls, name)


class _Command:
    """One recorded command; its attributes are commands too (`session.staff.pin_key`), so
    a call is recorded by the name of the command itself."""

    def __init__(self, calls: list[tuple[str, tuple[Any, ...]]], name: str) -> None:
        self._calls = calls
        self._name = name

    def __call__(self, *args: Any) -> None:
        self._calls.append((self._name, args))

    def __getattr__(self, name: str) -> _Command:
        if name.startswith("_"):
            raise AttributeError(name)
        return _Command(self._calls, name)


def items(root: Any) -> list[QQuickItem]:
    """Every item in the visual tree under `root` (a window or an item), Repeater ones too."""
    start = root.contentItem() if hasattr(root, "contentItem") else root
    found, stack = [], [start]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(item.childItems())
    return found


def find(root: Any, name: str) -> QQuickItem | None:
    """The item called `name`, the one on screen first: the attract screen stays built (and
    hidden) during a journey, with controls of the same names as the header's."""
    named = [item for item in items(root) if item.objectName() == name]
    return next((item for item in named if item.isVisible()), named[0] if named else None)


def get(root: Any, name: str) -> QQuickItem:
    item = find(root, name)
    assert item is not None, f"no item named {name!r} on screen"
    return item


def left(item: QQuickItem) -> float:
    return item.mapToScene(QPointF(0, 0)).x()


def click(window: Any, item: QQuickItem) -> None:
    """A tap on `item`'s centre, delivered synchronously.

    `QTest.mouseClick` processes events while it runs, which would step asyncio tasks from
    inside the running test task on the Qt loop; sending the events directly does not.
    """
    assert item.isVisible() and item.isEnabled(), f"{item.objectName()} is not clickable"
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    left = Qt.MouseButton.LeftButton
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, left),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind, centre, window.mapToGlobal(centre), left, buttons, Qt.KeyboardModifier.NoModifier
        )
        QCoreApplication.sendEvent(window, event)


def texts(root: Any) -> list[str]:
    """Every `text` property in the item tree (what a customer could read)."""
    found = []
    for item in [*items(root), *root.findChildren(QObject)]:
        value = item.property("text")
        if isinstance(value, str) and value:
            found.append(value)
    return found
