"""Draw the application icon in the formats the bundles need, from the window's SVG icon.

``python packaging/make_icons.py OUT_DIR`` writes ``cluster-workbench.png`` (256 px, Linux
.desktop entry), ``.ico`` (Windows, 16-256 px) and ``.icns`` (macOS) into OUT_DIR. Qt renders
the SVG (offscreen is enough); Pillow writes the icon containers.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from workbench.resources import resource_path


def render(size: int) -> Image.Image:
    """The app icon as a *size* x *size* RGBA image."""
    renderer = QSvgRenderer(str(resource_path("icons/app.svg")))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main(out: Path) -> None:
    QGuiApplication.instance() or QGuiApplication([])
    big = render(512)
    render(256).save(out / "cluster-workbench.png")
    big.save(out / "cluster-workbench.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(out / "cluster-workbench.icns")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
