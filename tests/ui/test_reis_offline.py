"""The offline counter journey through the real window, against a real PostgreSQL backoffice:
prepare the day, lose the backoffice, serve today's customer, register, reconnect, arrive."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.backoffice import balie, vraag
from tests.postgres import PostgresServer
from tests.ui.conftest import open_venster, sluit_venster, vind
from tests.ui.test_reis_checklists import registreer
from werkplek.ui.offlinepanelen import TeVerzendenDialoog
from werkplek.ui.qt import Qt, QtWidgets

pytestmark = pytest.mark.asyncio
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LINKS = Qt.MouseButton.LeftButton


async def test_offline_aan_de_balie(tmp_path: Path) -> None:
    from PySide6.QtTest import QTest

    with PostgresServer() as pg:
        url = pg.maak_database("balie")
        w = balie(tmp_path, url)
        venster = await open_venster(w)
        try:
            status = vind(venster, "Verbindingsstatus", QtWidgets.QLabel)
            te_verzenden = vind(venster, "Te verzenden", QtWidgets.QPushButton)
            assert (status.text(), te_verzenden.text()) == ("Online", "Te verzenden: 0")

            # Start of the day: prepare for offline work (Ctrl+Shift+O), with progress.
            QTest.keyClick(venster, Qt.Key.Key_O, CTRL_SHIFT)
            voortgang = vind(venster, "Voortgang voorbereiden voor offline",
                             QtWidgets.QProgressBar)
            assert voortgang.isVisible() and vind(venster, "Voorbereiden stoppen").isVisible()
            await venster.taken.wacht()
            assert not voortgang.isVisible()
            assert "Klaar voor offline: 3 klanten van vandaag" in (
                venster.statusBar().currentMessage())

            # The network to the backoffice goes down.
            pg.stop()
            QTest.mouseClick(vind(venster, "Vandaag vernieuwen", QtWidgets.QPushButton), LINKS)
            await venster.taken.wacht()
            assert "offline — stand van" in venster.vandaag.melding.text()
            assert status.text() == "Offline: ingebouwd"
            namen = [rij.naam.text() for rij in venster.vandaag.rijen]
            assert namen == ["09:00 Fatima el Amrani", "11:15 Jan Burger", "15:30 Sanne Burger"]

            # Jan comes to the counter: his dossier as last known, each panel says so.
            QTest.mouseClick(vind(venster, "Jan Burger openen", QtWidgets.QPushButton), LINKS)
            await venster.taken.wacht()
            assert venster.klantbeeld.naam.text() == "Jan Burger"
            for paneel in (venster.klantbeeld, venster.zaken, venster.historie):
                assert paneel.melding.isVisible()
                assert "ingebouwd: offline — stand van" in paneel.melding.text()
            eerder = venster.historie.model.rowCount()
            assert eerder > 0 and venster.zaken.kaarten  # cached, not empty

            onderwerp = vind(venster, "Onderwerp", QtWidgets.QComboBox)
            onderwerp.setCurrentIndex(onderwerp.findData("Rijbewijs"))
            await registreer(venster, "Rijbewijs verlengen, ik ben 82", "Keuring nodig; "
                             "formulier meegegeven")
            bevestiging = venster.contactmoment.bevestiging.text()
            assert "Contact bewaard om" in bevestiging and "wordt verzonden" in bevestiging
            assert te_verzenden.text() == "Te verzenden: 1"
            # The history shows it already, marked as not yet in the register.
            assert venster.historie.model.rowCount() == eerder + 1
            nieuwste = venster.historie.model.contact(0)
            assert nieuwste.bron == "te verzenden naar ingebouwd"

            # The backoffice is back; the agent sends what waits (or the worker does).
            pg.start()
            QTest.keyClick(venster, Qt.Key.Key_V, CTRL_SHIFT)
            await venster.taken.wacht()
            dialoog = vind(venster, "Te verzenden", TeVerzendenDialoog)
            assert vind(dialoog, "Berichten in de wachtrij", QtWidgets.QTableWidget
                        ).rowCount() == 1
            QTest.mouseClick(vind(dialoog, "Nu verzenden", QtWidgets.QPushButton), LINKS)
            await venster.taken.wacht()
            assert te_verzenden.text() == "Te verzenden: 0"
            assert status.text() == "Online"
            assert vind(dialoog, "Berichten in de wachtrij", QtWidgets.QTableWidget
                        ).rowCount() == 0
            assert vraag_in_backoffice(url) == "Rijbewijs verlengen, ik ben 82"

            # Jan's history, live again, has the contact made offline.
            venster.open_klant(venster.klant_ref)  # type: ignore[arg-type]
            await venster.taken.wacht()
            assert not venster.historie.melding.isVisible()
            assert venster.historie.model.rowCount() == eerder + 1
            assert venster.historie.model.contact(0).bron == "Werkplek (ingebouwd)"
        finally:
            await sluit_venster(venster)
            await w.aclose()


def vraag_in_backoffice(url: str) -> str | None:
    rijen = vraag(url, "SELECT vraag FROM contactmoment WHERE vraag LIKE 'Rijbewijs%'")
    assert len(rijen) <= 1
    return rijen[0][0] if rijen else None
