"""The keyboard without traps (WCAG 2.1.1, 2.1.2, 2.4.3): Tab follows the work, leaves every
table and list, and never walks into a panel hidden behind another panel's tab."""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict

import pytest
from pytestqt.qt_compat import qt_api

from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.indeling import achter_ander_paneel
from werkplek.ui.qt import Qt, QtGui, QtWidgets

QTest = qt_api.QtTest.QTest


def focus() -> QtWidgets.QWidget:
    w = QtWidgets.QApplication.focusWidget()
    assert w is not None, "niets heeft de focus"
    return w


async def druk(toets: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
               ) -> QtWidgets.QWidget:
    """Press a key where the keyboard is, as the agent does; return where it went."""
    QTest.keyClick(focus(), toets, modifiers)
    await asyncio.sleep(0)
    return focus()


def naam(w: QtWidgets.QWidget) -> str:
    return w.accessibleName() or w.objectName() or type(w).__name__


async def bert_met_checklist(venster: Hoofdvenster) -> None:
    venster.zoek_tekst("999993653")
    await venster.taken.wacht()
    QTest.keyClick(venster, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # Checklist
    keuze = venster.checklist.keuze
    assert focus() is keuze
    keuze.setCurrentIndex(keuze.findText("Paspoort of ID-kaart aanvragen"))
    assert venster.checklist.rijen


@pytest.mark.asyncio
async def test_tab_volgt_het_werk_en_blijft_in_beeld(venster: Hoofdvenster) -> None:
    await bert_met_checklist(venster)
    venster.zoekveld.setFocus()
    rondje: list[QtWidgets.QWidget] = [focus()]
    for _ in range(200):
        w = await druk(Qt.Key.Key_Tab)
        if w is venster.zoekveld:
            break
        assert w not in rondje, f"Tab komt terug bij {naam(w)} zonder langs Zoeken te gaan"
        # Every stop is a control the agent can see: no panel behind another panel's tab.
        assert w.isVisible() and not achter_ander_paneel(w), f"{naam(w)} is niet in beeld"
        rondje.append(w)
    else:
        pytest.fail("Tab komt na 200 keer niet terug bij Zoeken")
    namen = [naam(w) for w in rondje]
    vragen = {r.invoer.accessibleName() for r in venster.checklist.rijen.values()
              if r.isVisible()}
    eerste_vraag = min(i for i, n in enumerate(namen) if n in vragen)
    volgorde = [namen.index("Zoeken"), namen.index("Kanaal"), namen.index("Onderwerp"),
                namen.index("Vraag"), namen.index("Antwoord"), namen.index("Afhandeling"),
                eerste_vraag, namen.index("Registreren")]
    assert volgorde == sorted(volgorde), namen
    # Shift+Tab walks the same way back.
    QTest.keyClick(venster.contactmoment.registreer_knop, Qt.Key.Key_Backtab)
    assert focus() is not venster.contactmoment.registreer_knop


@pytest.mark.asyncio
async def test_tab_verlaat_elke_tabel_en_lijst_binnen_drie_keer(venster: Hoofdvenster) -> None:
    await bert_met_checklist(venster)
    venster.agenda.agenda.setCurrentIndex(1)  # Vrije tijden: a week of slots
    await venster.taken.wacht()
    getest: list[str] = []
    for dock in venster.docks.values():
        dock.raise_()
        await asyncio.sleep(0)
        for view in dock.findChildren(QtWidgets.QAbstractItemView):
            if not view.isVisible() or not view.focusPolicy() & Qt.FocusPolicy.TabFocus:
                continue
            view.setFocus(Qt.FocusReason.TabFocusReason)
            if view.model() is not None and view.model().rowCount():
                view.setCurrentIndex(view.model().index(0, 0))
            assert focus() is view
            for _ in range(3):
                w = await druk(Qt.Key.Key_Tab)
                if w is not view and not view.isAncestorOf(w):
                    break
            else:
                pytest.fail(f"Tab blijft in {naam(view)} na 3 keer")
            getest.append(naam(view))
    for verwacht in ("Zoekresultaten", "Contacthistorie", "Vrije tijden", "Gekoppelde zaken",
                     "Kennisbankresultaten"):
        assert verwacht in getest, getest


@pytest.mark.asyncio
async def test_in_antwoord_gebruiken_met_een_sneltoets(venster: Hoofdvenster) -> None:
    venster.zoek_tekst("999993653")
    await venster.taken.wacht()
    artikel = venster.kennisbank.huidig_artikel()
    assert artikel is not None
    venster.contactmoment.vraag.setFocus()
    QTest.keyClick(venster.contactmoment.vraag, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert venster.contactmoment.antwoord.toPlainText().strip()
    assert artikel.id in venster.contactmoment.gebruikte_artikelen


@pytest.mark.asyncio
async def test_elke_sneltoets_van_het_venster_doet_een_ding(venster: Hoofdvenster) -> None:
    """Alt+letter of a label or button, and the menus: two with one key means the agent's
    Alt+O lands on whichever Qt picks first."""
    venster.zoek_tekst("999993653")
    await venster.taken.wacht()
    toetsen: dict[str, list[str]] = defaultdict(list)
    for w in venster.findChildren(QtWidgets.QWidget):
        if w.window() is not venster:
            continue  # a dialog has keys of its own
        if isinstance(w, QtWidgets.QLabel) and w.buddy() is not None:
            letter = re.search(r"&([^&\s])", w.text())
            if letter:
                toetsen[f"Alt+{letter.group(1).upper()}"].append(w.text())
        elif isinstance(w, QtWidgets.QAbstractButton) and w.shortcut().toString():
            toetsen[w.shortcut().toString()].append(w.text())
    for actie in venster.menuBar().actions():
        letter = re.search(r"&([^&\s])", actie.text())
        if letter:
            toetsen[f"Alt+{letter.group(1).upper()}"].append(actie.text())
    for actie in venster.findChildren(QtGui.QAction):
        if actie.shortcut().toString() and actie.parent() is not venster.menuBar():
            toetsen[actie.shortcut().toString()].append(actie.text())
    dubbel = {k: v for k, v in toetsen.items() if len(v) > 1}
    assert not dubbel, dubbel
    for nodig in ("Alt+Z", "Alt+O", "Alt+K", "Alt+V", "Alt+A", "Alt+F", "Alt+G", "Alt+R"):
        assert nodig in toetsen, nodig
