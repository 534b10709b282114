"""Render resources/icons/werkplek.svg to the PNG (Linux desktop) and ICO (Windows) beside it.

Run once after changing the SVG, and commit the results:

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/icoon.py

The build does not render: the bundle needs no QtSvg. The ICO holds PNG-compressed images
(Windows Vista and later read those) at the sizes Explorer and the Start menu ask for.
"""

from __future__ import annotations

import struct
import sys
import tempfile
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_MATEN = (16, 20, 24, 32, 40, 48, 64, 256)
PNG_MAAT = 256


def render(svg: Path, maat: int) -> bytes:
    """The SVG as a PNG of ``maat`` × ``maat`` pixels, with transparency."""
    from PySide6 import QtCore, QtGui, QtSvg  # noqa: PLC0415 - a build-time tool only

    _app = QtGui.QGuiApplication.instance() or QtGui.QGuiApplication(sys.argv[:1])
    renderer = QtSvg.QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: geen geldige SVG")
    beeld = QtGui.QImage(maat, maat, QtGui.QImage.Format.Format_ARGB32)
    beeld.fill(QtCore.Qt.GlobalColor.transparent)
    schilder = QtGui.QPainter(beeld)
    schilder.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    renderer.render(schilder)
    schilder.end()
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "beeld.png"
        if not beeld.save(str(png)):
            raise SystemExit(f"{svg}: PNG van {maat} px niet te schrijven")
        return png.read_bytes()


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file with one PNG-compressed image per size."""
    kop = struct.pack("<HHH", 0, 1, len(pngs))
    positie = 6 + 16 * len(pngs)
    mappen, data = b"", b""
    for maat, png in sorted(pngs.items()):
        # Width and height 0 mean 256.
        mappen += struct.pack("<BBBBHHII", maat % 256, maat % 256, 0, 0, 1, 32, len(png),
                              positie + len(data))
        data += png
    return kop + mappen + data


def main() -> int:
    svg = ICONS / "werkplek.svg"
    (ICONS / "werkplek.png").write_bytes(render(svg, PNG_MAAT))
    (ICONS / "werkplek.ico").write_bytes(ico({m: render(svg, m) for m in ICO_MATEN}))
    print(f"Geschreven: {ICONS / 'werkplek.png'}, {ICONS / 'werkplek.ico'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
