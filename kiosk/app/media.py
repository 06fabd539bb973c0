"""The attract loop's images for QML: `image://venue/<key>` from the session's `MediaShelf`
(fetched through the SDK, held in memory, bounded), and the check that bytes decode, so
QML is only ever given an image it can show."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

from kiosk.session.media import MediaShelf

_KEEP = Qt.AspectRatioMode.KeepAspectRatioByExpanding


def image_decodes(data: bytes) -> bool:
    return not QImage.fromData(data).isNull()


class VenueImageProvider(QQuickImageProvider):
    def __init__(self, shelf: MediaShelf) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._shelf = shelf

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        data = self._shelf.get(id)
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            # Evicted since the screen asked: a 1x1 transparent image, not a QML warning.
            image = QImage(1, 1, QImage.Format.Format_ARGB32)
            image.fill(0)
        if requested.isValid() and not requested.isEmpty():
            image = image.scaled(requested, aspectMode=_KEEP)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
