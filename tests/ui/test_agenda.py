"""Agendas in the window: free slots for the onderwerp, booking in two actions, the day list."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qt_compat import qt_api
from werkplek_embedded.demo import BERT_BSN, JAN_BSN

from tests.hulp import wacht_tot
from tests.ui.conftest import open_venster, sluit_venster, vind
from werkplek.app import bouw
from werkplek.domain.agenda import Afspraakstatus, Tijdslot
from werkplek.domain.model import TIJDZONE, KlantRef, Medewerker, Rol, nu
from werkplek.services.profiel import Profiel
from werkplek.ui.agendapanelen import AgendaPaneel, dagbegin, werkdagen_vanaf
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import Qt, QtCore, QtWidgets

QTest = qt_api.QtTest.QTest
pytestmark = pytest.mark.asyncio


def eerste_maandag_om(uur: int) -> datetime:
    """The first Monday after today, at this hour, local time."""
    vandaag = nu().date()
    dag = vandaag + timedelta(days=(7 - vandaag.weekday()) % 7 or 7)
    return datetime(dag.year, dag.month, dag.day, uur, tzinfo=TIJDZONE)


async def open_met_onderwerp(venster: Hoofdvenster, zoektekst: str, onderwerp: str) -> None:
    venster.zoek_tekst(zoektekst)
    await venster.taken.wacht()
    combo = vind(venster, "Onderwerp", QtWidgets.QComboBox)
    combo.setCurrentIndex(combo.findText(onderwerp))
    await venster.taken.wacht()
    QTest.keyClick(venster, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)  # to the agenda
    assert vind(venster, "Agenda").isVisible()


async def kies(venster: Hoofdvenster, begin: datetime) -> None:
    """Select a slot in the week view, paging forward a week when it is not shown yet."""
    if not venster.agenda.kies_slot(begin):
        QTest.mouseClick(vind(venster, "Volgende week", QtWidgets.QPushButton),
                         Qt.MouseButton.LeftButton)
        await venster.taken.wacht()
        assert venster.agenda.kies_slot(begin), f"{begin} staat niet vrij in de week"


async def test_afspraak_bij_de_casemanager_in_twee_handelingen(venster: Hoofdvenster) -> None:
    await open_met_onderwerp(venster, BERT_BSN, "Bijstandsuitkering")
    agenda = vind(venster, "Agendakeuze", QtWidgets.QComboBox)
    assert agenda.currentText() == "M. de Wit, casemanager Werk en Inkomen"
    assert agenda.count() == 1  # only the agendas that serve the onderwerp
    week = vind(venster, "Vrije tijden", QtWidgets.QTableWidget)
    assert week.columnCount() == 5
    koppen = [week.horizontalHeaderItem(k).text()[:2] for k in range(5)]
    assert not {"za", "zo"} & set(koppen)
    tijden = {week.verticalHeaderItem(r).text() for r in range(week.rowCount())}
    assert "12:30" not in tijden  # lunch

    maandag = eerste_maandag_om(10)
    await kies(venster, maandag)                                   # action one
    QTest.keyClicks(vind(venster, "Vraag"), "Baan kwijt, wil bijstand aanvragen.")
    QTest.mouseClick(vind(venster, "Afspraak maken", QtWidgets.QPushButton),
                     Qt.MouseButton.LeftButton)                    # action two
    await venster.taken.wacht()
    assert not venster.agenda.melding.isVisible(), venster.agenda.melding.text()
    bevestiging = vind(venster, "Bevestiging voor de klant", QtWidgets.QPlainTextEdit)
    assert bevestiging.isVisible()
    assert "maandag" in bevestiging.toPlainText() and "om 10:00 uur" in bevestiging.toPlainText()
    assert "M. de Wit" in bevestiging.toPlainText()
    QTest.mouseClick(vind(venster, "Bevestiging kopiëren", QtWidgets.QPushButton),
                     Qt.MouseButton.LeftButton)
    assert QtWidgets.QApplication.clipboard().text() == bevestiging.toPlainText()
    afspraken = vind(venster, "Afspraken van de klant", QtWidgets.QListWidget)
    assert afspraken.count() == 1 and "M. de Wit" in afspraken.item(0).text()
    assert not venster.agenda.kies_slot(maandag)  # no longer free
    geboekt = venster.agenda.lijst[0]
    assert geboekt.notitie == "Baan kwijt, wil bijstand aanvragen."

    # The contact that made it is registered; its details name the appointment.
    QTest.keyClicks(vind(venster, "Antwoord"), "Afspraak met casemanager gemaakt.")
    afhandeling = vind(venster, "Afhandeling", QtWidgets.QComboBox)
    afhandeling.setCurrentIndex(afhandeling.findText("Doorverwezen naar andere organisatie"))
    QTest.keyClick(venster, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await venster.taken.wacht()
    contact = venster.historie.model.contact(0)
    assert geboekt.contactmoment == contact.id
    details = vind(venster, "Contactdetails", QtWidgets.QTextBrowser).toPlainText()
    assert f"Afspraken: {maandag:%d-%m-%Y} 10:00 bij M. de Wit" in details


async def test_net_bezet_geeft_een_melding_en_verse_tijden(venster: Hoofdvenster) -> None:
    await open_met_onderwerp(venster, BERT_BSN, "Bijstandsuitkering")
    maandag = eerste_maandag_om(11)
    await kies(venster, maandag)
    # Another workstation books the same slot after this one showed it as free.
    agenda = next(a for a in (await venster.d.agenda.agendas()).waarde if a.id == "mdewit")
    slot = Tijdslot("mdewit", maandag, maandag + timedelta(minutes=30))
    ander = await venster.d.agenda.boek(venster.d.agenda.verzoek(
        agenda, slot, klant=KlantRef.persoon(JAN_BSN), klantnaam="Jan Burger",
        onderwerp="Bijstandsuitkering", notitie=""))
    assert ander.ok
    QTest.mouseClick(vind(venster, "Afspraak maken", QtWidgets.QPushButton),
                     Qt.MouseButton.LeftButton)
    await venster.taken.wacht()
    assert venster.agenda.melding.isVisible()
    assert "Dit tijdslot is net bezet" in venster.agenda.melding.text()
    assert not venster.agenda.kies_slot(maandag)  # the fresh slots no longer show it
    assert vind(venster, "Afspraken van de klant", QtWidgets.QListWidget).item(0).text() == (
        "Geen afspraken gepland.")


async def test_zonder_gekozen_tijdslot_een_melding(venster: Hoofdvenster) -> None:
    await open_met_onderwerp(venster, BERT_BSN, "Bijstandsuitkering")
    QTest.mouseClick(vind(venster, "Afspraak maken", QtWidgets.QPushButton),
                     Qt.MouseButton.LeftButton)
    await venster.taken.wacht()
    assert venster.agenda.melding.text() == "Kies eerst een vrij tijdslot in de week."


def rijen(venster: Hoofdvenster) -> list[str]:
    """The Vandaag rows as shown: each status combo's label, in order."""
    return [rij.naam.text() for rij in venster.vandaag.rijen]


def focus() -> QtWidgets.QWidget:
    w = QtWidgets.QApplication.focusWidget()
    assert w is not None
    return w


def druk(toets: Qt.Key) -> QtWidgets.QWidget:
    """One key to the control that has the keyboard; returns the one that has it after."""
    QTest.keyClick(focus(), toets)
    return focus()


async def test_vandaag_op_de_balie_met_inchecken(venster: Hoofdvenster) -> None:
    assert rijen(venster) == ["09:00 Fatima el Amrani", "11:15 Jan Burger", "15:30 Sanne Burger"]
    assert "Stadskantoor" in venster.vandaag.kop.text()
    status = vind(venster, "Status Jan Burger 11:15", QtWidgets.QComboBox)
    assert status.currentText() == "Verwacht"
    # Its label names it for a screen reader on Linux (Qt's labelled-by relation).
    assert venster.vandaag.rijen[1].naam.buddy() is status
    status.setCurrentIndex(status.findData(Afspraakstatus.AANWEZIG.value))
    status.activated.emit(status.currentIndex())  # as a user's choice emits it
    await venster.taken.wacht()
    opnieuw = await venster.d.agenda.vandaag(nu().date(), "Stadskantoor")
    assert [a.status for a in opnieuw.waarde][1] is Afspraakstatus.AANWEZIG
    assert vind(venster, "Status Jan Burger 11:15", QtWidgets.QComboBox).currentText() == (
        "Aanwezig")
    assert "1 nog verwacht" in venster.vandaag.kop.text()
    QTest.mouseClick(vind(venster, "Jan Burger openen", QtWidgets.QPushButton),
                     Qt.MouseButton.LeftButton)
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Jan Burger"


async def kies_in_lijst(combo: QtWidgets.QComboBox, *toetsen: Qt.Key) -> None:
    """Keys in a combo's open list (the list is a popup of its own)."""
    await wacht_tot(combo.view().isVisible)
    for toets in toetsen:
        QTest.keyClick(combo.view(), toets)


# A combo's open list is a popup, which the offscreen platform cannot give the keyboard grab.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
async def test_vandaag_met_alleen_het_toetsenbord(venster: Hoofdvenster) -> None:
    """Ctrl+0, Tab to a row's status, arrow keys open its list, Enter sets it; browsing and
    Escape change nothing; Tab goes on and leaves the panel."""
    venster.activateWindow()
    QTest.keyClick(venster, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    await wacht_tot(lambda: venster.vandaag.isAncestorOf(QtWidgets.QApplication.focusWidget()))
    fatima, jan, sanne = (r.status for r in venster.vandaag.rijen)
    gezien = [focus()]
    while gezien[-1] is not fatima and len(gezien) < 5:
        gezien.append(druk(Qt.Key.Key_Tab))
    assert gezien[-1] is fatima, [w.accessibleName() for w in gezien]
    assert druk(Qt.Key.Key_Tab) is vind(venster, "Fatima el Amrani openen")
    assert druk(Qt.Key.Key_Tab) is jan

    async def op_de_balie() -> list[Afspraakstatus]:
        await venster.taken.wacht()
        return [a.status for a in
                (await venster.d.agenda.vandaag(nu().date(), "Stadskantoor")).waarde]

    eerst = [Afspraakstatus.GEHOLPEN, Afspraakstatus.VERWACHT, Afspraakstatus.VERWACHT]
    assert await op_de_balie() == eerst
    QTest.keyClick(jan, Qt.Key.Key_Down)  # opens the list: nothing is sent while browsing
    await kies_in_lijst(jan, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Escape)
    assert jan.currentText() == "Verwacht" and await op_de_balie() == eerst
    QTest.keyClick(jan, Qt.Key.Key_Down)
    await kies_in_lijst(jan, Qt.Key.Key_Down, Qt.Key.Key_Return)
    assert jan.currentText() == "Aanwezig"
    assert await op_de_balie() == [
        Afspraakstatus.GEHOLPEN, Afspraakstatus.AANWEZIG, Afspraakstatus.VERWACHT]
    await wacht_tot(jan.hasFocus)  # the day was reloaded; the keyboard stays on the row

    assert druk(Qt.Key.Key_Tab) is vind(venster, "Jan Burger openen")
    assert druk(Qt.Key.Key_Tab) is sanne
    QTest.keyClick(sanne, Qt.Key.Key_End)
    await kies_in_lijst(sanne, Qt.Key.Key_End, Qt.Key.Key_Return)
    assert sanne.currentText() == "Niet verschenen"
    assert (await op_de_balie())[2] is Afspraakstatus.NIET_VERSCHENEN
    assert "0 nog verwacht" in venster.vandaag.kop.text()

    # Tab past the last row leaves the panel; Space on an open button opens the customer.
    await wacht_tot(sanne.hasFocus)
    assert druk(Qt.Key.Key_Tab) is vind(venster, "Sanne Burger openen")
    assert not venster.vandaag.isAncestorOf(druk(Qt.Key.Key_Tab))
    QTest.keyClick(venster, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    while focus() is not jan:
        assert venster.vandaag.isAncestorOf(druk(Qt.Key.Key_Tab))
    druk(Qt.Key.Key_Tab)
    QTest.keyClick(focus(), Qt.Key.Key_Space)
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Jan Burger"


async def test_tab_verlaat_de_vrije_tijden() -> None:
    """The panel itself, outside the window: Tab leaves the week, arrows move inside it."""
    paneel = AgendaPaneel()
    maandag = eerste_maandag_om(9)
    dagen = werkdagen_vanaf(maandag.date())
    paneel.zet_week(dagen, [Tijdslot("a", d + timedelta(hours=u), d + timedelta(hours=u + 1))
                            for d in map(dagbegin, dagen) for u in range(9, 17)])
    paneel.show()
    paneel.activateWindow()
    week = vind(paneel, "Vrije tijden", QtWidgets.QTableWidget)
    assert week.rowCount() == 8
    week.setFocus()
    await wacht_tot(week.hasFocus)
    week.setCurrentCell(0, 0)
    assert druk(Qt.Key.Key_Down) is week and week.currentRow() == 1  # arrows move inside
    assert druk(Qt.Key.Key_Tab) is vind(paneel, "Notitie voor de specialist")
    paneel.close()
    paneel.deleteLater()


async def test_niet_verschenen_past_op_1366_breed(demo_profiel: Profiel, tmp_path: Path) -> None:
    """At the counter on the smallest screen, the queue's buttons stay in the top bar (not in
    its overflow menu), and so does each row's status in Vandaag."""
    profiel = replace(demo_profiel, medewerker=Medewerker("test.balie", "Test balie", Rol.BALIE))
    w = bouw(profiel, tmp_path / "data")
    venster = await open_venster(w)
    try:
        venster.resize(1366, 768)
        await wacht_tot(lambda: venster.width() == 1366)
        for naam in ("Volgende klant", "Niet verschenen"):
            knop = vind(venster, naam, QtWidgets.QPushButton)
            links = knop.mapTo(venster, QtCore.QPoint(0, 0)).x()
            assert knop.isVisible() and links >= 0 and links + knop.width() <= 1366, naam
        QTest.keyClick(venster, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        for rij in venster.vandaag.rijen:
            status = rij.status
            assert status.isVisible() and status.findText("Niet verschenen") >= 0
            rechts = status.mapTo(venster, QtCore.QPoint(status.width(), 0)).x()
            assert rechts <= 1366, rij.naam.text()
    finally:
        await sluit_venster(venster)
        await w.aclose()
