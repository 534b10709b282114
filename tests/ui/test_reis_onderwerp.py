"""Journey "onderwerp gewisseld midden in het gesprek": the checklist follows the onderwerp.

Bert calls about bijstand; halfway through it turns out he only wants to know about his
rijbewijs. The agent types the new onderwerp and presses Enter: the checklist of
"Werkloos geworden of gescheiden" goes (Rijbewijs has none), its open questions no longer
block Registreren, and its answers stay with the contact only if the agent keeps them.
Passing over onderwerpen with the arrow keys or by typing chooses nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from pytestqt.qt_compat import qt_api
from werkplek_embedded.demo import BERT_BSN

from tests.ui.conftest import vind
from tests.ui.test_reis_checklists import beantwoord, niet_gevraagd, open_klant, registreer
from werkplek.domain.model import Contactmoment, KlantRef
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.onderwerpbediening import Wissel, Wisselvraag, wisselvenster
from werkplek.ui.panelen import Onderwerpkeuze
from werkplek.ui.qt import Qt, QtCore, QtGui, QtWidgets

QTest = qt_api.QtTest.QTest
pytestmark = [
    pytest.mark.asyncio,
    # The offscreen platform cannot let the list of onderwerpen grab the keyboard; harmless.
    pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard", extend=True),
]


def onderwerpveld(venster: Hoofdvenster) -> Onderwerpkeuze:
    veld = vind(venster, "Onderwerp", QtWidgets.QComboBox)
    assert isinstance(veld, Onderwerpkeuze)
    return veld


def druk(venster: Hoofdvenster, toets: Qt.Key) -> None:
    """A key as the agent presses it: an open popup list gets it first, as on screen."""
    doel = QtWidgets.QApplication.activePopupWidget() or onderwerpveld(venster)
    QTest.keyClick(doel, toets)


def typ(venster: Hoofdvenster, tekst: str) -> None:
    veld = onderwerpveld(venster)
    veld.setFocus()
    veld.regel.selectAll()
    for teken in tekst:
        doel = QtWidgets.QApplication.activePopupWidget() or veld
        QTest.keyClicks(doel, teken)


def kies_met_toetsen(venster: Hoofdvenster, tekst: str) -> None:
    """Type in the Onderwerp field and press Enter."""
    typ(venster, tekst)
    druk(venster, Qt.Key.Key_Return)


def vraag_die(keuze: Wissel, gevraagd: list[Wisselvraag]) -> Callable[[Wisselvraag], Wissel]:
    def vraag(w: Wisselvraag) -> Wissel:
        gevraagd.append(w)
        return keuze
    return vraag


def nooit_gevraagd(w: Wisselvraag) -> Wissel:
    raise AssertionError(f"onverwacht gevraagd: {w.tekst()}")


def wiel(veld: QtWidgets.QWidget) -> QtGui.QWheelEvent:
    """One notch of the mouse wheel over the field."""
    midden = QtCore.QPointF(veld.rect().center())
    return QtGui.QWheelEvent(midden, veld.mapToGlobal(midden), QtCore.QPoint(),
                             QtCore.QPoint(0, -120), Qt.MouseButton.NoButton,
                             Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)


async def begin_met_bijstand(venster: Hoofdvenster) -> None:
    """Bert on the line, onderwerp Bijstandsuitkering chosen by keys, three questions answered."""
    await open_klant(venster, BERT_BSN)
    kies_met_toetsen(venster, "bijstand")
    assert onderwerpveld(venster).currentData() == "Bijstandsuitkering"
    checklist = venster.checklist.checklist
    assert checklist is not None and checklist.titel == "Werkloos geworden of gescheiden"
    beantwoord(venster, "reden", "Scheiding")
    beantwoord(venster, "inkomen", "1.250,50")
    niet_gevraagd(venster, "vermogen", "Klant wil dit niet zeggen")


async def laatste_contact(venster: Hoofdvenster) -> Contactmoment:
    return (await venster.d.dossier.contacthistorie(KlantRef.persoon(BERT_BSN))).waarde[0]


@pytest.mark.parametrize("bewaren", [True, False], ids=["bewaren", "niet-bewaren"])
async def test_onderwerp_gewisseld_midden_in_het_gesprek(venster: Hoofdvenster,
                                                         bewaren: bool) -> None:
    await begin_met_bijstand(venster)
    gevraagd: list[Wisselvraag] = []
    venster.onderwerpbediening.vraag = vraag_die(
        Wissel.BEWAREN if bewaren else Wissel.NIET_BEWAREN, gevraagd)

    kies_met_toetsen(venster, "Rijbewijs")
    assert len(gevraagd) == 1  # asked once, about the checklist that goes and what comes
    w = gevraagd[0]
    assert (w.oud.id, w.vorig_onderwerp, w.onderwerp, w.nieuw, w.antwoorden) == (
        "werkloos-scheiding", "Bijstandsuitkering", "Rijbewijs", None, 3)
    assert "Bij ‘Rijbewijs’ hoort geen checklist." in w.tekst()
    assert onderwerpveld(venster).currentData() == "Rijbewijs"
    assert venster.checklist.checklist is None  # the old checklist is gone; Rijbewijs has none
    assert vind(venster.checklist, "Checklistkeuze", QtWidgets.QComboBox).currentData() == ""
    assert not venster.suggesties.standen
    bewaard = venster.checklist.bewaard
    assert bewaard.isVisible() is bewaren
    if bewaren:
        assert ("3 antwoorden van ‘Werkloos geworden of gescheiden’" in bewaard.text())

    # Its six open required questions do not block registering "in één keer".
    voor = venster.historie.model.rowCount()
    await registreer(venster, "Mijn rijbewijs verloopt, wat moet ik doen?",
                     "Verlengen via de website; afspraak gemaakt.")
    assert not venster.contactmoment.fouten["Afhandeling"].isVisible()
    assert venster.historie.model.rowCount() == voor + 1
    opgeslagen = await laatste_contact(venster)
    assert opgeslagen.onderwerp == "Rijbewijs"
    bevestiging = venster.contactmoment.bevestiging.text()
    if bewaren:
        assert {(a.checklist, a.vraag_id) for a in opgeslagen.checklist} == {
            ("werkloos-scheiding", "reden"), ("werkloos-scheiding", "inkomen"),
            ("werkloos-scheiding", "vermogen")}
        per_vraag = {a.vraag_id: a for a in opgeslagen.checklist}
        assert per_vraag["reden"].antwoord == "Scheiding"
        assert per_vraag["vermogen"].niet_gevraagd == "Klant wil dit niet zeggen"
        assert "met 3 checklistantwoorden" in bevestiging
    else:
        assert opgeslagen.checklist == ()
        assert "checklistantwoorden" not in bevestiging
    # The next contact starts without the kept answers of this one.
    assert not venster.checklist.bewaard.isVisible()
    assert venster.onderwerpbediening.bewaard() == {}


async def test_bewaarde_antwoorden_komen_terug_bij_hun_checklist(venster: Hoofdvenster) -> None:
    await begin_met_bijstand(venster)
    gevraagd: list[Wisselvraag] = []
    venster.onderwerpbediening.vraag = vraag_die(Wissel.BEWAREN, gevraagd)
    kies_met_toetsen(venster, "Paspoort")  # another checklist replaces it
    checklist = venster.checklist.checklist
    assert checklist is not None and checklist.id == "paspoort-id-kaart"
    assert gevraagd[0].nieuw is not None and gevraagd[0].nieuw.id == "paspoort-id-kaart"
    assert venster.checklist.antwoorden() == {}

    kies_met_toetsen(venster, "Werk zoeken")  # back to the first checklist, by another onderwerp
    assert len(gevraagd) == 1  # the Paspoort checklist had no answers: nothing to ask
    checklist = venster.checklist.checklist
    assert checklist is not None and checklist.id == "werkloos-scheiding"
    assert set(venster.checklist.antwoorden()) == {"reden", "inkomen", "vermogen"}
    assert not venster.checklist.bewaard.isVisible()  # they are the open checklist's again
    assert vind(venster.checklist, checklist.vraag("inkomen").tekst,
                QtWidgets.QLineEdit).text() == "1.250,50"

    # Same checklist for the next onderwerp: it stays, answers and all, without a question.
    kies_met_toetsen(venster, "Echtscheiding")
    assert len(gevraagd) == 1
    assert set(venster.checklist.antwoorden()) == {"reden", "inkomen", "vermogen"}
    for vid in ("kinderen", "hulp_werk"):
        beantwoord(venster, vid, "Nee")
    beantwoord(venster, "woonsituatie", "Koop")
    await registreer(venster, "Wat betekent de scheiding voor mij?", "Uitgelegd.")
    opgeslagen = await laatste_contact(venster)
    vragen = [a.vraag_id for a in opgeslagen.checklist]
    assert sorted(vragen) == [  # once each, not once kept and once open
        "hulp_werk", "inkomen", "kinderen", "reden", "vermogen", "woonsituatie"]


async def test_pijltjes_en_typen_kiezen_niets(venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    veld = onderwerpveld(venster)
    gekozen: list[str] = []
    venster.contactmoment.onderwerpGekozen.connect(gekozen.append)
    veld.setFocus()
    for _ in range(4):  # passing over onderwerpen in the list
        druk(venster, Qt.Key.Key_Down)
    assert veld.popup.isVisible()
    assert veld.regel.text()  # the item passed over shows while passing
    druk(venster, Qt.Key.Key_Escape)
    assert gekozen == [] and veld.currentData() == "" and venster.checklist.checklist is None

    kies_met_toetsen(venster, "Bijstandsuitkering")
    assert gekozen == ["Bijstandsuitkering"]
    beantwoord(venster, "reden", "Allebei")
    venster.onderwerpbediening.vraag = nooit_gevraagd
    typ(venster, "paspoort")  # a whole onderwerp typed, with its own checklist: not chosen
    assert veld.popup.isVisible()
    druk(venster, Qt.Key.Key_Down)
    druk(venster, Qt.Key.Key_Up)
    QtWidgets.QApplication.sendEvent(veld, wiel(veld))
    assert gekozen == ["Bijstandsuitkering"] and veld.currentData() == "Bijstandsuitkering"
    checklist = venster.checklist.checklist
    assert checklist is not None and checklist.id == "werkloos-scheiding"
    assert set(venster.checklist.antwoorden()) == {"reden"}

    # Escape puts the chosen onderwerp back in the field; leaving the field does the same.
    druk(venster, Qt.Key.Key_Escape)
    druk(venster, Qt.Key.Key_Escape)
    assert veld.regel.text() == "Bijstandsuitkering"
    typ(venster, "rijb")
    druk(venster, Qt.Key.Key_Tab)
    assert not veld.hasFocus()
    assert veld.regel.text() == "Bijstandsuitkering" and gekozen == ["Bijstandsuitkering"]
    fout = venster.contactmoment.fouten["Onderwerp"]
    assert fout.isVisible() and "‘rijb’ is niet gekozen" in fout.text()

    # Text that is no onderwerp chooses nothing and says so; several matches too.
    kies_met_toetsen(venster, "hondenbelasting op zondag")
    assert fout.isVisible() and "geen onderwerp uit de lijst" in fout.text()
    kies_met_toetsen(venster, "wmo")
    assert "onderwerpen bij ‘wmo’" in fout.text()
    assert gekozen == ["Bijstandsuitkering"]

    # A click on an item in the list chooses it (here: one without a checklist, so asked).
    typ(venster, "rijbe")
    popup = veld.popup
    assert popup.isVisible() and popup.model().rowCount() == 1
    venster.onderwerpbediening.vraag = vraag_die(Wissel.NIET_BEWAREN, [])
    rechthoek = popup.visualRect(popup.model().index(0, 0))
    QTest.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rechthoek.center())
    assert gekozen == ["Bijstandsuitkering", "Rijbewijs"] and venster.checklist.checklist is None
    assert not fout.isVisible()


async def test_onderwerp_zonder_checklist_sluit_de_checklist(venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    venster.onderwerpbediening.vraag = nooit_gevraagd  # no answers, so nothing to ask
    kies_met_toetsen(venster, "Paspoort")
    checklist = venster.checklist.checklist
    assert checklist is not None and checklist.id == "paspoort-id-kaart"
    kies_met_toetsen(venster, "Rijbewijs")
    assert venster.checklist.checklist is None
    assert "bij ‘Rijbewijs’ hoort geen checklist" in venster.statusBar().currentMessage()
    kies_met_toetsen(venster, "Afval en grofvuil")
    assert venster.checklist.checklist is None
    kies_met_toetsen(venster, "Identiteitskaart")
    checklist = venster.checklist.checklist
    assert checklist is not None and checklist.id == "paspoort-id-kaart"


async def test_escape_herstelt_het_vorige_onderwerp(venster: Hoofdvenster) -> None:
    await begin_met_bijstand(venster)
    veld = onderwerpveld(venster)
    kennisbank = vind(venster, "Kennisbank zoeken", QtWidgets.QLineEdit)
    assert kennisbank.text() == "Bijstandsuitkering"
    gezien: list[str] = []

    def druk_escape_in_de_vraag() -> None:
        venster_ = QtWidgets.QApplication.activeModalWidget()
        if not isinstance(venster_, QtWidgets.QMessageBox):
            QtCore.QTimer.singleShot(10, druk_escape_in_de_vraag)
            return
        gezien.append(venster_.text())
        QTest.keyClick(venster_, Qt.Key.Key_Escape)

    klaar: list[bool] = []

    def kies() -> None:
        kies_met_toetsen(venster, "Rijbewijs")
        klaar.append(True)

    # The window's own question, answered with Escape as the agent does. The keys come from
    # Qt's event loop, as on screen: a modal question inside this test's own task would stop
    # every other task until it closed.
    QtCore.QTimer.singleShot(0, druk_escape_in_de_vraag)
    QtCore.QTimer.singleShot(0, kies)
    for _ in range(1000):
        if klaar:
            break
        await asyncio.sleep(0.01)
    assert klaar
    assert len(gezien) == 1 and "Werkloos geworden of gescheiden" in gezien[0]
    assert veld.currentData() == "Bijstandsuitkering"
    assert veld.regel.text() == "Bijstandsuitkering"
    checklist = venster.checklist.checklist
    assert checklist is not None and checklist.id == "werkloos-scheiding"
    assert set(venster.checklist.antwoorden()) == {"reden", "inkomen", "vermogen"}
    assert kennisbank.text() == "Bijstandsuitkering"
    assert venster.onderwerpbediening.bewaard() == {}

    # The onderwerp chosen after that is compared with Bijstandsuitkering, not with Rijbewijs.
    gevraagd: list[Wisselvraag] = []
    venster.onderwerpbediening.vraag = vraag_die(Wissel.ANNULEREN, gevraagd)
    kies_met_toetsen(venster, "Paspoort")
    assert gevraagd[0].vorig_onderwerp == "Bijstandsuitkering"
    assert veld.currentData() == "Bijstandsuitkering"


async def test_de_vraag_bij_wisselen(venster: Hoofdvenster) -> None:
    """Enter keeps the answers (nothing the klant said is lost by a hurried key); Escape
    cancels; every button has a Dutch name."""
    checklist = venster.d.checklists.voor_onderwerp("Bijstandsuitkering")
    assert checklist is not None
    w = Wisselvraag(checklist, "Bijstandsuitkering", "Rijbewijs", None, 4, ongeldig=1)
    for toets, verwacht in ((Qt.Key.Key_Escape, Wissel.ANNULEREN),
                            (Qt.Key.Key_Return, Wissel.BEWAREN)):
        doos, keuzes = wisselvenster(venster, w)
        assert doos.windowTitle() == "Ander onderwerp"
        assert "heeft 4 ingevulde vragen" in doos.text()
        assert "1 ongeldig antwoord gaat niet mee" in doos.informativeText()
        assert {k.text() for k in doos.buttons()} == {
            "Antwoorden &bewaren", "&Niet bewaren", "Annuleren"}
        doos.open()
        QTest.keyClick(doos, toets)
        assert keuzes[doos.clickedButton()] is verwacht
        doos.deleteLater()


async def test_met_de_hand_een_andere_checklist_vraagt_ook(venster: Hoofdvenster) -> None:
    """Checklistkeuze replaces a checklist with answers only after the same question."""
    await begin_met_bijstand(venster)
    gevraagd: list[Wisselvraag] = []
    venster.onderwerpbediening.vraag = vraag_die(Wissel.ANNULEREN, gevraagd)
    keuze = vind(venster.checklist, "Checklistkeuze", QtWidgets.QComboBox)
    keuze.setCurrentIndex(keuze.findText("Verhuizing"))
    w = gevraagd[0]
    assert w.onderwerp == "" and w.nieuw is not None and w.nieuw.id == "verhuizing"
    assert "U opent met de hand de checklist ‘Verhuizing’." in w.tekst()
    assert "de checklist ‘Werkloos geworden of gescheiden’ blijft open" in w.uitleg()
    assert keuze.currentData() == "werkloos-scheiding"  # cancelled: nothing changed
    assert set(venster.checklist.antwoorden()) == {"reden", "inkomen", "vermogen"}
    assert onderwerpveld(venster).currentData() == "Bijstandsuitkering"

    venster.onderwerpbediening.vraag = vraag_die(Wissel.BEWAREN, gevraagd)
    keuze.setCurrentIndex(keuze.findText("Verhuizing"))
    checklist = venster.checklist.checklist
    assert checklist is not None and checklist.id == "verhuizing"
    assert venster.checklist.bewaard.isVisible()
    keuze.setCurrentIndex(keuze.findText("Werkloos geworden of gescheiden"))
    assert len(gevraagd) == 2  # Verhuizing had no answers
    assert set(venster.checklist.antwoorden()) == {"reden", "inkomen", "vermogen"}
    assert not venster.checklist.bewaard.isVisible()
