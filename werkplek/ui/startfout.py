"""The dialog for a profile that stops Werkplek from starting: started from a menu, there is
no terminal to read stderr, so the file, the line and the fix are shown where people look."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from werkplek.ui.qt import QtCore, QtWidgets

if TYPE_CHECKING:
    from werkplek.services.profiel import ConfigFout

TITEL = "Werkplek kan niet starten"


def startfout_tekst(fout: ConfigFout) -> tuple[str, str]:
    """The dialog's main text (file and line) and its informative text (reason and fix)."""
    uitleg = fout.reden
    if fout.oplossing:
        uitleg = f"{uitleg}\n\nWat te doen: {fout.oplossing}"
    return fout.kop, uitleg


def maak_dialoog(fout: ConfigFout) -> QtWidgets.QMessageBox:
    kop, uitleg = startfout_tekst(fout)
    doos = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Critical, TITEL, kop,
                                 QtWidgets.QMessageBox.StandardButton.Close)
    doos.setObjectName("startfout")
    sluiten = doos.button(QtWidgets.QMessageBox.StandardButton.Close)
    if sluiten is not None:  # Qt's own text is English without a translator
        sluiten.setText("Sluiten")
    doos.setInformativeText(uitleg)
    doos.setAccessibleName(TITEL)
    doos.setAccessibleDescription(f"{kop} {uitleg}")
    # The beheerder may copy the path or the example into an editor.
    doos.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
                                 | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return doos


def toon_configfout(fout: ConfigFout) -> None:
    """Show the error modally until it is closed; makes the QApplication when there is none."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication([sys.argv[0]])
        app.setApplicationName("Werkplek")
    doos = maak_dialoog(fout)
    doos.exec()
