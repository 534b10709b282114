"""A contact the register refuses: parked with its reason, corrected in the form, sent once."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkplek_embedded.demo import BERT_BSN

from tests.hulp import StrengRegister, streng_profiel_toml
from tests.ui.conftest import open_venster, sluit_venster, vind
from tests.ui.test_reis_checklists import registreer
from tests.ui.test_venster import zoek
from werkplek.app import bouw
from werkplek.services.profiel import lees_profiel
from werkplek.ui.offlinepanelen import TeVerzendenDialoog
from werkplek.ui.qt import Qt, QtWidgets

pytestmark = pytest.mark.asyncio
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


async def test_geweigerd_contact_corrigeren_en_opnieuw_registreren(
        testplugins: Path, tmp_path: Path) -> None:
    from PySide6.QtTest import QTest

    pad = tmp_path / "streng.toml"
    pad.write_text(streng_profiel_toml(weiger="wachtwoord"), encoding="utf-8")
    w = bouw(lees_profiel(pad, os_gebruiker="agent"), tmp_path / "data")
    venster = await open_venster(w)
    try:
        await zoek(venster, BERT_BSN)
        onderwerp = vind(venster, "Onderwerp", QtWidgets.QComboBox)
        onderwerp.setCurrentIndex(onderwerp.findData("Rijbewijs"))
        await registreer(venster, "Mijn wachtwoord voor DigiD werkt niet", "Doorverwezen")
        cm = venster.contactmoment
        assert "Niet geregistreerd" in cm.melding.text() and "weigert" in cm.melding.text()
        assert cm.vraag.toPlainText() == "Mijn wachtwoord voor DigiD werkt niet"
        knop = vind(venster, "Te verzenden", QtWidgets.QPushButton)
        assert knop.text() == "Te verzenden: 0 · geparkeerd: 1"

        # The agent lets it go for now (Ctrl+N): the parked contact is kept all the same.
        venster.nieuw_contact()
        assert cm.vraag.toPlainText() == ""
        QTest.keyClick(venster, Qt.Key.Key_V, CTRL_SHIFT)
        await venster.taken.wacht()
        dialoog = vind(venster, "Te verzenden", TeVerzendenDialoog)
        assert dialoog.isVisible()
        tabel = vind(dialoog, "Berichten in de wachtrij", QtWidgets.QTableWidget)
        assert tabel.rowCount() == 1
        rij = [tabel.item(0, k).text() for k in range(tabel.columnCount())]  # type: ignore[union-attr]
        assert rij[0] == "Contact" and rij[1] == "Rijbewijs" and rij[4] == "geparkeerd"
        assert "weigert het contact" in rij[6]
        correctie = vind(dialoog, "Corrigeren", QtWidgets.QPushButton)
        assert not correctie.isEnabled()  # first choose which one
        tabel.selectRow(0)
        assert correctie.isEnabled()
        QTest.mouseClick(correctie, Qt.MouseButton.LeftButton)
        await venster.taken.wacht()
        assert not dialoog.isVisible()
        assert cm.vraag.toPlainText() == "Mijn wachtwoord voor DigiD werkt niet"
        assert cm.onderwerp.currentData() == "Rijbewijs"
        assert "Correctie van een geweigerd contact" in cm.melding.text()

        cm.vraag.setPlainText("")
        await registreer(venster, "Inloggen met DigiD lukt niet", "")
        assert "Contact geregistreerd" in cm.bevestiging.text()
        assert knop.text() == "Te verzenden: 0"
        [ontvangen] = StrengRegister.ontvangen.values()
        assert ontvangen.vraag == "Inloggen met DigiD lukt niet"
        assert ontvangen.antwoord == "Doorverwezen"
        assert await w.dossier.verzender.berichten() == []
    finally:
        await sluit_venster(venster)
        await w.aclose()
