"""Renders resources/unionoffice.svg into the icons the program and the installer use:
unionoffice/resources/unionoffice.png (window icon) and unionoffice/resources/unionoffice.ico (Windows).

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(ROOT / "resources" / "unionoffice.svg")).render(painter)
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    out = ROOT / "unionoffice" / "resources"
    out.mkdir(exist_ok=True)
    render(256).save(str(out / "unionoffice.png"))
    if not render(256).save(str(out / "unionoffice.ico")):
        print("this Qt has no ICO writer; unionoffice.ico not written", file=sys.stderr)
        return 1
    print(f"written: {out / 'unionoffice.png'}, {out / 'unionoffice.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
