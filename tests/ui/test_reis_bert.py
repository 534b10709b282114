"""The journey "Bert gaat op vakantie", end to end through the real window.

Bert calls: his passport expires before his holiday. The agent finds him by the number he
calls from, sees the passport zaak and where it is, answers in one go, and registers the
call. When Bert is looked up again, the call is in the history and the klantbeeld says he
was in contact today.
"""

from __future__ import annotations

import pytest
from pytestqt.qt_compat import qt_api

from tests.ui.conftest import vind
from werkplek.domain.model import Afhandeling
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import Qt, QtWidgets

QTest = qt_api.QtTest.QTest


@pytest.mark.asyncio
async def test_bert_gaat_op_vakantie(venster: Hoofdvenster) -> None:
    # The call comes in; the agent types the caller's number after Ctrl+K.
    QTest.keyClick(venster, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    zoeken = vind(venster, "Zoeken", QtWidgets.QLineEdit)
    QTest.keyClicks(zoeken, "06 1234 5678")
    QTest.keyClick(zoeken, Qt.Key.Key_Return)
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Bert Burger"
    # The demo has Bert chatting this morning; whatever the time, the badge names a channel.
    badge_voor = venster.klantbeeld.badge.text()

    # His passport zaak: in production, what comes next, who, by when.
    kaarten = {k.accessibleName(): k for k in venster.zaken.kaarten}
    paspoort = kaarten["Zaak ZAAK-2026-0101"]
    tijdlijn = paspoort.findChild(QtWidgets.QLabel, "tijdlijn").text()
    assert "In productie" in tijdlijn
    assert "Klaar om op te halen" in tijdlijn
    assert paspoort.findChild(QtWidgets.QLabel, "teLaat") is None

    # The agent reads the kennisartikel and answers in one go.
    onderwerp = vind(venster, "Onderwerp", QtWidgets.QComboBox)
    onderwerp.setCurrentIndex(onderwerp.findText("Paspoort"))
    await venster.taken.wacht()
    artikel = venster.kennisbank.huidig_artikel()
    assert artikel is not None and artikel.onderwerp == "Paspoort"
    # The application checklist opens with the onderwerp; this is a status question.
    assert venster.checklist.checklist is not None
    assert venster.checklist.checklist.id == "paspoort-id-kaart"
    vind(venster, "Checklist niet van toepassing", QtWidgets.QPushButton).click()
    assert vind(venster, "Kanaal", QtWidgets.QComboBox).currentText() == "Telefoon"
    vraag = vind(venster, "Vraag", QtWidgets.QPlainTextEdit)
    vraag.setFocus()
    QTest.keyClicks(vraag, "Paspoort verloopt voor mijn vakantie, is de nieuwe op tijd?")
    QTest.keyClick(vraag, Qt.Key.Key_Tab)
    antwoord = QtWidgets.QApplication.focusWidget()
    assert antwoord is vind(venster, "Antwoord")
    QTest.keyClicks(antwoord, "Ja: in productie, over twee werkdagen op te halen.")
    zaken = vind(venster, "Gekoppelde zaken", QtWidgets.QListWidget)
    for i in range(zaken.count()):
        if zaken.item(i).text().startswith("ZAAK-2026-0101"):
            zaken.item(i).setCheckState(Qt.CheckState.Checked)
    assert vind(venster, "Afhandeling", QtWidgets.QComboBox).currentData() == (
        Afhandeling.IN_EEN_KEER.value)
    QTest.keyClick(antwoord, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await venster.taken.wacht()

    historie = vind(venster, "Contacthistorie", QtWidgets.QTableView)
    bovenste = [historie.model().index(0, k).data() for k in range(7)]
    assert bovenste[1:3] == ["Telefoon", "Paspoort"]
    assert bovenste[5] == "In één keer afgehandeld"
    assert bovenste[6] == "ZAAK-2026-0101"

    # Next contact: another search for Bert shows the call in the badge.
    venster.zoek_tekst("Burger 14-03-1980")
    await venster.taken.wacht()
    badge = venster.klantbeeld.badge
    assert badge.isVisible()
    assert badge.text().startswith("Eerder contact vandaag: telefoon om ")
    assert badge.text() != badge_voor
