"""The attract loop's images for QML: `image://venue/<key>` from the session's `MediaShelf`
(fetched through the SDK, held in memory as their encoded bytes, bounded), and the check that
bytes decode, so QML is only ever given an image it can show.

Only the encoded files are held (tens of KB each). An image is decoded when QML asks for it,
at the size it is shown (`sourceSize` on the Image: a width alone, a height alone or both),
never at the file's full size, so memory holds what is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtQuick import QQuickImageProvider

from kiosk.session.media import MediaShelf

_KEEP = Qt.AspectRatioMode.KeepAspectRatioByExpanding
_MAX_SIDE = 8192  # a header claiming more is not a picture for a kiosk card


def _reader(data: bytes) -> tuple[QImageReader, QBuffer]:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return QImageReader(buffer), buffer  # the buffer must outlive the reader's use


def image_decodes(data: bytes) -> bool:
    """Cheap, once per fetched file: a known format with a sane size in its header, and the
    first frame reads. (Decoded here once at fetch time, then dropped: only bytes are kept.)"""
    if not data:
        return False
    reader, _buffer = _reader(data)
    size = reader.size()
    if not reader.canRead() or not size.isValid() or size.isEmpty():
        return False
    if size.width() > _MAX_SIDE or size.height() > _MAX_SIDE:
        return False
    # A tiny decode proves the pixels read too (a truncated file passes the header check).
    reader.setScaledSize(QSize(min(size.width(), 8), min(size.height(), 8)))
    return not reader.read().isNull()


def fitted_size(full: QSize, requested: QSize) -> QSize:
    """The size to decode at: covering `requested` (either side may be unset, <= 0) with the
    file's aspect ratio, never larger than the file."""
    if not full.isValid() or full.isEmpty():
        return full
    width, height = requested.width(), requested.height()
    if width <= 0 and height <= 0:
        return full
    if width > 0 and height > 0:
        target = full.scaled(requested, _KEEP)
    elif width > 0:
        target = QSize(width, max(1, round(full.height() * width / full.width())))
    else:
        target = QSize(max(1, round(full.width() * height / full.height())), height)
    if target.width() >= full.width() or target.height() >= full.height():
        return full
    return target


def decode(data: bytes | None, requested: QSize) -> QImage:
    """The image at the size it is shown, or a null QImage."""
    if not data:
        return QImage()
    reader, _buffer = _reader(data)
    target = fitted_size(reader.size(), requested)
    if target.isValid() and not target.isEmpty() and target != reader.size():
        reader.setScaledSize(target)
    return reader.read()


class VenueImageProvider(QQuickImageProvider):
    def __init__(self, shelf: MediaShelf) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._shelf = shelf

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        image = decode(self._shelf.get(id), requested)
        if image.isNull():
            # Evicted since the screen asked: a 1x1 transparent image, not a QML warning.
            image = QImage(1, 1, QImage.Format.Format_ARGB32)
            image.fill(0)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
