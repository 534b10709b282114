"""The kennisbank for the contact: the onderwerp's articles first, notes per channel,
owner and review date, and an article used in the answer linked to the contactmoment."""

from __future__ import annotations

import pytest
from pytestqt.qt_compat import qt_api

from tests.ui.conftest import vind
from tests.ui.test_venster import zoek
from werkplek.domain.model import Kanaal
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import Qt, QtWidgets

QTest = qt_api.QtTest.QTest
pytestmark = pytest.mark.asyncio


async def test_kennisartikel_per_kanaal_en_gekoppeld_aan_het_contact(
        venster: Hoofdvenster) -> None:
    await zoek(venster, "999993653")
    vind(venster, "Kanaal", QtWidgets.QComboBox).setCurrentIndex(
        vind(venster, "Kanaal", QtWidgets.QComboBox).findText("Balie"))
    onderwerp = vind(venster, "Onderwerp", QtWidgets.QComboBox)
    onderwerp.setCurrentIndex(onderwerp.findText("Paspoort"))
    await venster.taken.wacht()
    vind(venster, "Checklist niet van toepassing", QtWidgets.QPushButton).click()
    # Articles of the chosen onderwerp come first, also for other words typed.
    zoekveld = vind(venster, "Kennisbank zoeken", QtWidgets.QLineEdit)
    zoekveld.setText("kwijt")
    await venster.taken.wacht()
    assert venster.kennisbank.model.item(0).onderwerp == "Paspoort"  # type: ignore[union-attr]
    onderwerpen = {venster.kennisbank.model.item(r).onderwerp  # type: ignore[union-attr]
                   for r in range(venster.kennisbank.model.rowCount())}
    assert "Afval en grofvuil" in onderwerpen  # the others are still found
    artikel = venster.kennisbank.huidig_artikel()
    assert artikel is not None and artikel.eigenaar and artikel.laatst_beoordeeld
    tekst = vind(venster, "Kennisartikel", QtWidgets.QTextBrowser).toPlainText()
    balie = artikel.notitie(Kanaal.BALIE)
    assert balie and artikel.notitie(Kanaal.TELEFOON) and artikel.notitie(Kanaal.INTERNET)
    assert tekst.index(balie) < tekst.index(artikel.notitie(Kanaal.TELEFOON))  # own channel first
    assert artikel.eigenaar in tekst and f"{artikel.laatst_beoordeeld:%d-%m-%Y}" in tekst

    QTest.mouseClick(vind(venster, "In antwoord gebruiken", QtWidgets.QPushButton),
                     Qt.MouseButton.LeftButton)
    assert balie in vind(venster, "Antwoord", QtWidgets.QPlainTextEdit).toPlainText()
    assert artikel.titel in venster.contactmoment.artikelen_label.text()
    QTest.keyClicks(vind(venster, "Vraag"), "Paspoort kwijt, wat nu?")
    QTest.keyClick(venster, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await venster.taken.wacht()
    assert venster.historie.model.contact(0).kennisartikelen == (artikel.id,)
    details = vind(venster, "Contactdetails", QtWidgets.QTextBrowser).toPlainText()
    assert f"Gebruikte artikelen: {artikel.titel}" in details

