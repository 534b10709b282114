"""The kennisbank for the contact: the onderwerp's articles first, notes per channel,
owner and review date, and an article used in the answer linked to the contactmoment."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytestqt.qt_compat import qt_api

from tests.ui.conftest import vind
from tests.ui.test_venster import zoek
from tests.unit.test_kennis_zoeken import SLEUTEL, artikelen
from werkplek.domain.model import Kanaal, Kennisartikel
from werkplek.services.dossier import KennisbankService
from werkplek.services.werker import StoreWerker
from werkplek.store.database import Store
from werkplek.store.repositories import PAGINA, KennisIndex
from werkplek.store.rijen import Kennistreffer
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.panelen import KennisbankPaneel
from werkplek.ui.qt import Qt, QtWidgets
from werkplek.ui.taken import Taken

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



async def test_lege_kennisbank_toont_een_pagina_en_meer_op_verzoek(tmp_path: Path) -> None:
    """A long list comes a page at a time ("Meer artikelen", or scrolled to its end), and
    only the article shown is read whole."""
    store = Store(tmp_path / "k.db", SLEUTEL)
    werker = StoreWerker(store)
    fouten: list[BaseException] = []
    taken = Taken(asyncio.get_running_loop(), lambda _n, f: fouten.append(f))
    paneel = KennisbankPaneel()
    try:
        KennisIndex(store).vervang("b", artikelen())
        dienst = KennisbankService(None, werker)  # type: ignore[arg-type]
        paneel.verbind(dienst, taken)
        paneel.resize(400, 500)
        paneel.show()
        paneel.zet_resultaten(await dienst.zoek(""), "Alle artikelen")
        await taken.wacht()
        assert paneel.model.rowCount() == PAGINA
        assert all(isinstance(paneel.model.item(r), Kennistreffer)
                   for r in range(paneel.model.rowCount()))
        eerste = paneel.huidig_artikel()  # the first row's body, read when it was shown
        assert eerste is not None and eerste.id == paneel.model.item(0).id
        assert "Lichaam van artikel" in paneel.artikel.toPlainText()
        assert list(paneel._geladen) == [eerste.id]
        knop = vind(paneel, "Meer artikelen", QtWidgets.QPushButton)
        assert knop.isVisible()
        QTest.mouseClick(knop, Qt.MouseButton.LeftButton)
        await taken.wacht()
        assert paneel.model.rowCount() == 2 * PAGINA
        balk = paneel.lijst.verticalScrollBar()
        balk.setValue(balk.maximum())  # scrolled to the end: the next page
        await taken.wacht()
        assert paneel.model.rowCount() == 3 * PAGINA
        QTest.mouseClick(knop, Qt.MouseButton.LeftButton)
        await taken.wacht()
        assert paneel.model.rowCount() == len(artikelen())
        assert not knop.isVisible()  # the last page
        ids = [paneel.model.item(r).id for r in range(paneel.model.rowCount())]
        assert len(set(ids)) == len(ids)
        assert list(paneel._geladen) == [eerste.id]  # no other body was read
        # A search replaces the list; the chosen article's body is read, then used.
        paneel.zet_resultaten(await dienst.zoek("paspoort"), "gevonden")
        assert not knop.isVisible()
        gebruikt: list[Kennisartikel] = []
        paneel.gebruiken.connect(gebruikt.append)
        paneel.lijst.setCurrentIndex(paneel.model.index(2, 0))
        paneel.gebruik_artikel()
        await taken.wacht()
        assert [a.id for a in gebruikt] == [paneel.model.item(2).id]
        assert gebruikt[0].notitie(Kanaal.BALIE) == "balie"
        assert not fouten
    finally:
        await taken.stop()
        paneel.close()
        werker.sluit()
        store.sluit()


async def test_bij_de_start_alleen_titels_en_een_artikel(venster: Hoofdvenster) -> None:
    """The start lists titles (one page), never every article's text: one body is read,
    the one shown."""
    model = venster.kennisbank.model
    assert 30 <= model.rowCount() <= PAGINA
    assert all(isinstance(model.item(r), Kennistreffer) for r in range(model.rowCount()))
    assert len(venster.kennisbank._geladen) == 1
    assert len(venster._titels) == model.rowCount()  # the titles for the history, by id


async def test_typen_legt_het_artikel_pas_uit_als_de_lijst_stilstaat(tmp_path: Path) -> None:
    """Each letter typed gives a new list; the first article is laid out once the list
    stands still, not at every letter (each layout was a stall of the window)."""
    store = Store(tmp_path / "k.db", SLEUTEL)
    werker = StoreWerker(store)
    fouten: list[BaseException] = []
    taken = Taken(asyncio.get_running_loop(), lambda _n, f: fouten.append(f))
    paneel = KennisbankPaneel()
    getoond: list[str] = []
    origineel = paneel._toon

    def tel(a: Kennisartikel) -> None:
        getoond.append(a.id)
        origineel(a)

    paneel._toon = tel  # type: ignore[method-assign]
    opgemaakt: list[str] = []
    opmaken = paneel.artikel.setHtml

    def maak_op(tekst: str) -> None:
        opgemaakt.append(tekst)
        opmaken(tekst)

    paneel.artikel.setHtml = maak_op  # type: ignore[method-assign]
    try:
        KennisIndex(store).vervang("b", artikelen())
        dienst = KennisbankService(None, werker)  # type: ignore[arg-type]
        paneel.verbind(dienst, taken)
        paneel.show()
        for vraag in ("a", "ar", "art", "arti"):  # as fast as an agent types
            paneel.zet_resultaten(await dienst.zoek(vraag), vraag)
            await asyncio.sleep(0)
        assert getoond == [] and opgemaakt == []  # nothing laid out while typing
        await taken.wacht()
        eerste = paneel.model.item(0)
        assert isinstance(eerste, Kennistreffer)
        assert getoond == [eerste.id]  # once, the first article of the last list
        assert eerste.titel in paneel.artikel.toPlainText()
        # Chosen by the agent (arrow key, click): shown at once.
        paneel.lijst.setCurrentIndex(paneel.model.index(1, 0))
        await taken.wacht()
        tweede = paneel.model.item(1)
        assert isinstance(tweede, Kennistreffer) and getoond[-1] == tweede.id
        assert not fouten
    finally:
        await taken.stop()
        werker.sluit()
        store.sluit()
