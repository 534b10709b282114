"""Guards against a known defect of a Qt binding release, so it cannot come back unnoticed.

PySide6 6.12.0 dropped a reference to ``True`` on every emit of a Python-defined signal;
after enough emits the interpreter aborted while shutting down ("bool_dealloc").
"""

from __future__ import annotations

import sys

from werkplek.ui.qt import QtCore, Signal


class Zender(QtCore.QObject):
    leeg = Signal()
    tekst = Signal(str)


def test_signaal_uitzenden_laat_de_referenties_van_true_heel() -> None:
    zender = Zender()
    ontvangen: list[str] = []
    zender.tekst.connect(ontvangen.append)
    voor = sys.getrefcount(True)
    for _ in range(1000):
        zender.leeg.emit()
        zender.tekst.emit("x")
    assert len(ontvangen) == 1000
    assert sys.getrefcount(True) >= voor
