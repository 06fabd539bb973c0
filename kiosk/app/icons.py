"""The kiosk's icons: single-colour SVG files tinted by the theme when QML asks for them.

QML asks for `image://icons/<name>/<colour>` (components/Icon.qml). The SVG files draw with
`currentColor`, which is replaced by the requested colour before rendering, so one file serves
every theme. This works on the software renderer too (offscreen tests, screenshots), where
shader effects such as MultiEffect do not.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider
from PySide6.QtSvg import QSvgRenderer

logger = logging.getLogger(__name__)

ICON_PROVIDER = "icons"
DEFAULT_SIZE = 96


class IconProvider(QQuickImageProvider):
    def __init__(self, directory: Path) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._directory = directory
        self._sources: dict[str, str] = {}

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        name, _, tint = id.partition("/")
        width = requested.width() if requested.width() > 0 else DEFAULT_SIZE
        height = requested.height() if requested.height() > 0 else width
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        source = self._source(name)
        if source is None:
            return image
        color = QColor(tint or "#ffffff")
        svg = source.replace("currentColor", color.name(QColor.NameFormat.HexRgb))
        renderer = QSvgRenderer(QByteArray(svg.encode()))
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        return image

    def _source(self, name: str) -> str | None:
        if name not in self._sources:
            path = self._directory / f"{name}.svg"
            if not name.replace("_", "").isalnum() or not path.is_file():
                logger.error("no icon named %r in %s", name, self._directory)
                return None
            self._sources[name] = path.read_text(encoding="utf-8")
        return self._sources[name]
