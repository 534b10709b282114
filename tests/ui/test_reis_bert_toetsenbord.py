"""The journey "Bert gaat op vakantie" by keyboard only.

Every step is a key pressed where the keyboard is (the focused control), as an agent without
a mouse, or with a screen reader, works: shortcuts, mnemonics of the labels, Tab, arrows,
Space and Enter. The test reads the screen's state to check each step, never to act.
"""

from __future__ import annotations

import asyncio

import pytest
from pytestqt.qt_compat import qt_api

from tests.hulp import wacht_tot
from werkplek.domain.model import Afhandeling
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import Qt, QtWidgets

QTest = qt_api.QtTest.QTest
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def focus() -> QtWidgets.QWidget:
    w = QtWidgets.QApplication.focusWidget()
    assert w is not None, "niets heeft de focus"
    return w


def toetsenbord() -> QtWidgets.QWidget:
    """Where a key goes: an open popup (a completer's list) takes it before the focus."""
    return QtWidgets.QApplication.activePopupWidget() or focus()


async def druk(toets: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
               ) -> QtWidgets.QWidget:
    QTest.keyClick(toetsenbord(), toets, modifiers)
    await asyncio.sleep(0)
    return focus()


async def typ(tekst: str) -> None:
    for teken in tekst:
        QTest.keyClicks(toetsenbord(), teken)
        await asyncio.sleep(0)


def in_focus(w: QtWidgets.QWidget) -> bool:
    f = focus()
    return f is w or w.isAncestorOf(f) or f.focusProxy() is w or w.focusProxy() is f


@pytest.mark.asyncio
# The offscreen platform cannot grab the keyboard for a popup list; a real screen can.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard", extend=True)
async def test_bert_gaat_op_vakantie_met_alleen_het_toetsenbord(venster: Hoofdvenster) -> None:
    cm = venster.contactmoment
    # The phone rings: Ctrl+K, the number Bert calls from, Enter.
    venster.activateWindow()
    venster.zoekveld.setFocus()
    await druk(Qt.Key.Key_Escape)
    QTest.keyClick(venster, Qt.Key.Key_K, CTRL)
    assert focus() is venster.zoekveld
    await typ("06 1234 5678")
    await druk(Qt.Key.Key_Return)
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Bert Burger"

    # Alt+O: the onderwerp; typing finds it, Enter chooses it; its checklist opens.
    assert not in_focus(cm.onderwerp)
    await druk(Qt.Key.Key_O, ALT)
    assert in_focus(cm.onderwerp)
    await typ("Paspoort")
    await druk(Qt.Key.Key_Return)
    await venster.taken.wacht()
    assert cm.onderwerp.currentData() == "Paspoort"
    assert venster.checklist.checklist is not None
    assert venster.checklist.checklist.id == "paspoort-id-kaart"
    # Bert asks after his running application, not for a new one: Alt+T closes the checklist.
    # (A button's Alt+letter is an animated click: it lands a moment later, as on screen.)
    await druk(Qt.Key.Key_T, ALT)
    await wacht_tot(lambda: venster.checklist.checklist is None)

    # Alt+V: his question; Tab: the answer.
    await druk(Qt.Key.Key_V, ALT)
    assert focus() is cm.vraag
    await typ("Paspoort verloopt voor mijn vakantie, is de nieuwe op tijd?")
    assert await druk(Qt.Key.Key_Tab) is cm.antwoord
    await typ("Ja: in productie, over twee werkdagen op te halen.")

    # Alt+G: the gekoppelde zaken; arrows to the passport zaak, Space ticks it.
    await druk(Qt.Key.Key_G, ALT)
    assert focus() is cm.zaken
    for _ in range(cm.zaken.count()):
        if cm.zaken.currentItem() is not None and cm.zaken.currentItem().text().startswith(
                "ZAAK-2026-0101"):
            break
        await druk(Qt.Key.Key_Down)
    await druk(Qt.Key.Key_Space)
    aangevinkt = [cm.zaken.item(i).text()[:14] for i in range(cm.zaken.count())
                  if cm.zaken.item(i).checkState() == Qt.CheckState.Checked]
    assert aangevinkt == ["ZAAK-2026-0101"]
    assert cm.afhandeling.currentData() == Afhandeling.IN_EEN_KEER.value

    # Ctrl+Enter registers, from wherever the keyboard is.
    await druk(Qt.Key.Key_Return, CTRL)
    await venster.taken.wacht()
    assert "geregistreerd" in cm.bevestiging.text()
    historie = venster.historie.tabel
    bovenste = [historie.model().index(0, k).data() for k in range(7)]
    assert bovenste[1:3] == ["Telefoon", "Paspoort"]
    assert bovenste[6] == "ZAAK-2026-0101"

    # Ctrl+5: the history; Tab reaches its table and leaves it again.
    await druk(Qt.Key.Key_5, CTRL)
    for _ in range(4):
        if focus() is historie:
            break
        await druk(Qt.Key.Key_Tab)
    assert focus() is historie
    assert await druk(Qt.Key.Key_Tab) is not historie

    # The next contact: Ctrl+K, Bert by name and birth date: today's call is on his card.
    await druk(Qt.Key.Key_K, CTRL)
    await typ("Burger 14-03-1980")
    await druk(Qt.Key.Key_Return)
    await venster.taken.wacht()
    assert venster.klantbeeld.badge.text().startswith("Eerder contact vandaag: telefoon om ")
