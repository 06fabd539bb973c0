"""Draw the demo experiences' images (a hero 1200x800 and a thumbnail 400x400 each) with
QPainter, offscreen, into resources/images/: made by the project, nothing downloaded.

    QT_QPA_PLATFORM=offscreen python scripts/make-demo-media.py

Deterministic: run it again after changing a drawing and commit the files it writes. The
venue serves them at /media/<file> (kiosk/venue/http/media_api.py); kiosk/venue/demos.py
names them per experience.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

OUT = Path(__file__).resolve().parents[1] / "resources" / "images"
Draw = Callable[[QPainter, QColor], None]  # draws in a 100x100 box


def _pen(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def sneaker(p: QPainter, accent: QColor, sole: str = "#ffffff", stripe: bool = True) -> None:
    upper = QPainterPath()
    upper.moveTo(10, 62)
    upper.cubicTo(12, 45, 22, 32, 34, 30)
    upper.lineTo(44, 38)
    upper.cubicTo(52, 44, 62, 46, 74, 50)
    upper.cubicTo(86, 53, 92, 58, 92, 66)
    upper.lineTo(10, 66)
    upper.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawPath(upper)
    p.setBrush(QColor(sole))
    p.drawRoundedRect(QRectF(8, 64, 86, 10), 5, 5)
    p.setBrush(accent.darker(130))
    p.drawRoundedRect(QRectF(8, 70, 86, 4), 2, 2)
    if stripe:
        swoosh = QPainterPath()
        swoosh.moveTo(24, 58)
        swoosh.cubicTo(40, 56, 60, 50, 80, 54)
        swoosh.cubicTo(60, 56, 42, 62, 24, 62)
        swoosh.closeSubpath()
        p.setBrush(accent)
        p.drawPath(swoosh)
    p.setPen(_pen(accent.darker(150), 1.6))
    for i in range(4):
        x = 38 + i * 5
        p.drawLine(QPointF(x, 36 + i * 2), QPointF(x + 4, 40 + i * 2))


def star(p: QPainter, cx: float, cy: float, r: float, color: QColor) -> None:
    points = [
        QPointF(
            cx + (r if i % 2 == 0 else r * 0.45) * math.sin(i * math.pi / 5),
            cy - (r if i % 2 == 0 else r * 0.45) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawPolygon(QPolygonF(points))


def vip(p: QPainter, accent: QColor) -> None:
    sneaker(p, accent, sole="#f3e3b5")
    star(p, 80, 22, 10, QColor("#ffffff"))


def calendar(p: QPainter, accent: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(18, 20, 64, 62), 8, 8)
    p.setBrush(accent.darker(140))
    p.drawRoundedRect(QRectF(18, 20, 64, 16), 8, 8)
    p.drawRect(QRectF(18, 28, 64, 8))
    p.setBrush(QColor("#ffffff"))
    for x in (32, 68):
        p.drawRoundedRect(QRectF(x - 3, 14, 6, 14), 3, 3)
    for row in range(4):
        for col in range(5):
            filled = (row, col) == (2, 3)
            p.setBrush(accent if filled else accent.lighter(170))
            p.drawRoundedRect(QRectF(24 + col * 11.2, 42 + row * 9.5, 8, 7), 2, 2)


def members(p: QPainter, accent: QColor) -> None:
    sneaker(p, QColor("#30363d"), sole="#d0d7de", stripe=True)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(66, 10, 26, 20), 3, 3)
    p.setBrush(accent)
    p.drawEllipse(QRectF(69, 14, 8, 8))
    p.drawRoundedRect(QRectF(79, 15, 10, 2.5), 1, 1)
    p.drawRoundedRect(QRectF(79, 20, 8, 2.5), 1, 1)


def clock(p: QPainter, accent: QColor, cx: float = 50, cy: float = 50, r: float = 34) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawEllipse(QPointF(cx, cy), r, r)
    p.setPen(_pen(accent.darker(130), r * 0.07))
    for hour in range(12):
        a = hour * math.pi / 6
        inner = r * (0.78 if hour % 3 else 0.68)
        p.drawLine(
            QPointF(cx + inner * math.sin(a), cy - inner * math.cos(a)),
            QPointF(cx + r * 0.88 * math.sin(a), cy - r * 0.88 * math.cos(a)),
        )
    p.setPen(_pen(QColor("#24292f"), r * 0.1))
    p.drawLine(QPointF(cx, cy), QPointF(cx + r * 0.45, cy - r * 0.2))
    p.setPen(_pen(accent, r * 0.07))
    p.drawLine(QPointF(cx, cy), QPointF(cx - r * 0.1, cy - r * 0.7))


def fitting(p: QPainter, accent: QColor) -> None:
    calendar(p, accent)
    p.setPen(_pen(accent.darker(160), 3))
    clock(p, accent, 74, 74, 18)


def gavel(p: QPainter, accent: QColor) -> None:
    p.save()
    p.translate(50, 46)
    p.rotate(-35)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(-20, -12, 40, 20), 4, 4)
    p.setBrush(accent.lighter(160))
    p.drawRect(QRectF(-24, -14, 6, 24))
    p.drawRect(QRectF(18, -14, 6, 24))
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(-3, 6, 6, 40), 3, 3)
    p.restore()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(accent.darker(150))
    p.drawRoundedRect(QRectF(46, 78, 44, 8), 3, 3)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(52, 72, 32, 8), 3, 3)


def price_tag(p: QPainter, accent: QColor) -> None:
    tag = QPainterPath()
    tag.moveTo(20, 30)
    tag.lineTo(56, 30)
    tag.lineTo(76, 50)
    tag.lineTo(56, 70)
    tag.lineTo(20, 70)
    tag.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawPath(tag)
    p.setBrush(accent)
    p.drawEllipse(QPointF(60, 50), 4, 4)
    p.setPen(_pen(accent.darker(140), 5))
    p.drawLine(QPointF(32, 42), QPointF(46, 42))
    p.drawLine(QPointF(32, 52), QPointF(42, 52))
    p.setPen(_pen(QColor("#ffffff"), 5))
    p.drawLine(QPointF(86, 24), QPointF(86, 70))
    p.drawLine(QPointF(78, 62), QPointF(86, 72))
    p.drawLine(QPointF(94, 62), QPointF(86, 72))


def ticket(p: QPainter, accent: QColor) -> None:
    body = QPainterPath()
    body.addRoundedRect(QRectF(12, 30, 76, 40), 6, 6)
    for cy in (30, 70):
        notch = QPainterPath()
        notch.addEllipse(QPointF(62, cy), 6, 6)
        body = body.subtracted(notch)
    p.save()
    p.translate(50, 50)
    p.rotate(-12)
    p.translate(-50, -50)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawPath(body)
    p.setPen(_pen(accent, 2))
    for y in range(38, 64, 6):
        p.drawLine(QPointF(62, y), QPointF(62, y + 2))
    star(p, 36, 50, 11, accent)
    p.restore()


def watch(p: QPainter, accent: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(accent.darker(150))
    p.drawRoundedRect(QRectF(38, 6, 24, 26), 6, 6)
    p.drawRoundedRect(QRectF(38, 68, 24, 26), 6, 6)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(78, 46, 7, 8), 2, 2)
    p.setBrush(accent.darker(120))
    p.drawEllipse(QPointF(50, 50), 30, 30)
    clock(p, accent, 50, 50, 25)


DEMOS: list[tuple[str, str, Draw]] = [
    ("aurora-drop", "#1f6feb", sneaker),
    ("aurora-vip", "#b8860b", vip),
    ("aurora-2-soon", "#0e8a7e", calendar),
    ("aurora-members", "#57606a", members),
    ("aurora-fitting", "#8250df", fitting),
    ("aurora-auction", "#8957e5", gavel),
    ("aurora-dutch", "#bf3989", price_tag),
    ("aurora-draw", "#d4a72c", ticket),
    ("aurora-restock", "#2da44e", watch),
]


def _background(p: QPainter, width: int, height: int, color: QColor) -> None:
    gradient = QLinearGradient(0, 0, width, height)
    gradient.setColorAt(0, color.lighter(115))
    gradient.setColorAt(1, color.darker(160))
    p.fillRect(0, 0, width, height, QBrush(gradient))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(255, 255, 255, 22))
    r = min(width, height)
    p.drawEllipse(QPointF(width * 0.82, height * 0.2), r * 0.55, r * 0.55)
    p.drawEllipse(QPointF(width * 0.1, height * 0.95), r * 0.35, r * 0.35)


def render(draw: Draw, color: QColor, width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    _background(p, width, height, color)
    side = min(width, height) * 0.8
    # The hero's motif sits towards the end side, leaving room for text over the start side.
    cx = width * 0.66 if width > height else width / 2
    p.translate(cx - side / 2, (height - side) / 2)
    p.scale(side / 100, side / 100)
    draw(p, color)
    p.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    for slug, hex_color, draw in DEMOS:
        color = QColor(hex_color)
        for suffix, (width, height) in (("hero", (1200, 800)), ("thumb", (400, 400))):
            path = OUT / f"{slug}-{suffix}.png"
            if not render(draw, color, width, height).save(str(path), "PNG", 9):
                print(f"could not write {path}", file=sys.stderr)
                return 1
            total += path.stat().st_size
            print(f"{path.relative_to(OUT.parents[1])}: {path.stat().st_size // 1024} KiB")
    print(f"total {total / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
