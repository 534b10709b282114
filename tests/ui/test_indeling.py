"""The window fits the screens agents have: 1366×768 up to 1920×1080.

"Fully visible" is what the agent sees: the control's whole rectangle is painted (nothing
clipped by a scroll area, a splitter or a dock) and lies inside the window.
"""

from __future__ import annotations

import asyncio

import pytest
from pytestqt.qt_compat import qt_api

from tests.ui.conftest import diensten, open_venster, sluit_venster
from werkplek.app import Werkplek
from werkplek.ui.hoofdvenster import GESPREK, Hoofdvenster
from werkplek.ui.qt import Qt, QtCore, QtWidgets

QTest = qt_api.QtTest.QTest

SCHERMEN = [(1366, 768), (1920, 1080)]
LANG = ("Het contactregister antwoordde niet op tijd; het contact is bewaard en gaat vanzelf "
        "mee zodra de verbinding terug is. ") * 5


def volledig_zichtbaar(w: QtWidgets.QWidget, venster: QtWidgets.QWidget) -> bool:
    """Shown, and not clipped by any panel, scroll area or dock it sits in."""
    if not w.isVisible():
        return False
    rechthoek = QtCore.QRect(w.mapTo(venster, QtCore.QPoint(0, 0)), w.size())
    ouder = w.parentWidget()
    while ouder is not None and ouder is not venster:
        if not QtCore.QRect(ouder.mapTo(venster, QtCore.QPoint(0, 0)),
                            ouder.size()).contains(rechthoek):
            return False
        ouder = ouder.parentWidget()
    return venster.rect().contains(rechthoek)


async def rust() -> None:
    """Let the layout settle: resizes and dock moves are posted events."""
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
        await asyncio.sleep(0)


async def bert_in_gesprek(venster: Hoofdvenster, breedte: int, hoogte: int) -> None:
    venster.resize(breedte, hoogte)
    venster.zoek_tekst("999993653")
    await venster.taken.wacht()
    keuze = venster.checklist.keuze
    keuze.setCurrentIndex(keuze.findText("Paspoort of ID-kaart aanvragen"))
    assert venster.checklist.checklist is not None
    QTest.keyClick(venster, Qt.Key.Key_G,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    await rust()
    assert venster.in_gesprek


@pytest.mark.asyncio
@pytest.mark.parametrize(("breedte", "hoogte"), SCHERMEN, ids=["1366x768", "1920x1080"])
async def test_in_gesprek_registreren_en_vijf_vragen_in_beeld(
        venster: Hoofdvenster, breedte: int, hoogte: int) -> None:
    await bert_in_gesprek(venster, breedte, hoogte)
    assert venster.size() == QtCore.QSize(breedte, hoogte)
    assert volledig_zichtbaar(venster.contactmoment.registreer_knop, venster)
    vragen = [r for r in venster.checklist.rijen.values() if volledig_zichtbaar(r, venster)]
    assert len(vragen) >= 5, f"{len(vragen)} checklistvragen helemaal in beeld"
    for naam in ("Vraag", "Antwoord", "Kanaal", "Afhandeling"):
        veld = venster.contactmoment.findChild(QtWidgets.QWidget, naam)
        assert volledig_zichtbaar(veld, venster), naam
    assert volledig_zichtbaar(venster.klantbeeld.naam, venster)
    zichtbaar = {n for n, d in venster.docks.items() if not d.visibleRegion().isEmpty()}
    assert zichtbaar == set(GESPREK)


@pytest.mark.asyncio
@pytest.mark.parametrize(("breedte", "hoogte"), SCHERMEN, ids=["1366x768", "1920x1080"])
async def test_lange_melding_maakt_het_venster_niet_breder(
        venster: Hoofdvenster, breedte: int, hoogte: int) -> None:
    await bert_in_gesprek(venster, breedte, hoogte)
    assert len(LANG) >= 500
    # Every place a status or error message shows, at once.
    venster.statusBar().showMessage(LANG)
    venster.zoekmelding.zet(LANG)
    venster.resultaten_melding.zet(LANG)
    venster.klantbeeld.melding.zet(LANG)
    venster.contactmoment.melding.zet(LANG)
    venster.contactmoment.bevestig(LANG)
    venster.contactmoment.zet_beller(LANG)
    venster.checklist.fout.zet(LANG)
    venster.opslagmelding.zet(LANG)
    await rust()
    assert venster.width() == breedte
    assert venster.minimumSizeHint().width() <= breedte
    assert volledig_zichtbaar(venster.contactmoment.registreer_knop, venster)


@pytest.mark.asyncio
async def test_in_gesprek_en_terug_met_een_toets(venster: Hoofdvenster) -> None:
    venster.resize(1366, 768)
    await rust()
    voor = {n for n, d in venster.docks.items() if d.isVisible()}
    await bert_in_gesprek(venster, 1366, 768)
    QTest.keyClick(venster, Qt.Key.Key_G,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    await rust()
    assert not venster.in_gesprek
    assert {n for n, d in venster.docks.items() if d.isVisible()} == voor


@pytest.mark.asyncio
async def test_zoeken_in_gesprek_toont_meerdere_resultaten(venster: Hoofdvenster) -> None:
    await bert_in_gesprek(venster, 1366, 768)
    venster.zoek_tekst("3011 AB 12")  # the Burgers' address: more than one klant
    await venster.taken.wacht()
    await rust()
    assert venster.resultaten_model.rowCount() > 1
    assert volledig_zichtbaar(venster.resultaten, venster)


@pytest.mark.asyncio
@pytest.mark.parametrize(("breedte", "hoogte"), SCHERMEN, ids=["1366x768", "1920x1080"])
async def test_volledige_indeling_past_op_het_scherm(
        venster: Hoofdvenster, breedte: int, hoogte: int) -> None:
    venster.resize(breedte, hoogte)
    venster.zoek_tekst("999993653")
    await venster.taken.wacht()
    await rust()
    hint = venster.minimumSizeHint()
    assert hint.width() <= breedte and hint.height() <= hoogte
    assert venster.size() == QtCore.QSize(breedte, hoogte)


@pytest.mark.asyncio
async def test_eerste_start_gemaximaliseerd_daarna_zoals_achtergelaten(
        werkplek_demo: Werkplek) -> None:
    venster = Hoofdvenster(diensten(werkplek_demo), asyncio.get_running_loop())
    venster.toon()
    await venster.taken.wacht()
    assert venster.isMaximized()
    venster.showNormal()
    venster.resize(1200, 700)
    await rust()
    await sluit_venster(venster)  # closing saves the layout and the geometry
    tweede = Hoofdvenster(diensten(werkplek_demo), asyncio.get_running_loop())
    tweede.toon()
    await tweede.taken.wacht()
    assert not tweede.isMaximized()
    await sluit_venster(tweede)


@pytest.mark.asyncio
async def test_in_gesprek_bewaart_de_volledige_indeling(werkplek_demo: Werkplek) -> None:
    venster = await open_venster(werkplek_demo)
    venster.wissel_gesprek()
    await sluit_venster(venster)
    tweede = await open_venster(werkplek_demo)
    assert not tweede.in_gesprek
    assert tweede.docks["Contacthistorie"].isVisible()
    await sluit_venster(tweede)

