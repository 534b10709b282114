"""Journeys with a checklist: everything on the table in one go, and regie over the result.

"Bert zoekt een baan": Bert lost his job and is divorcing. He calls; the agent walks the
checklist, sees what Bert may be entitled to, starts three requests from the one call and
follows them in the Regie view.

"Bert z'n vader krijgt hartklachten": Bert calls for his father Jan, who came home from
hospital. Three Wmo products are one meervoudige vraag.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qt_compat import qt_api
from werkplek_embedded.demo import BERT_BSN, JAN_BSN

from tests.ui.conftest import vind
from werkplek.domain.model import Afhandeling, KlantRef, nu
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import Qt, QtWidgets

QTest = qt_api.QtTest.QTest
pytestmark = pytest.mark.asyncio


def beantwoord(venster: Hoofdvenster, vraag_id: str, antwoord: str) -> None:
    """Answer a checklist question the way the agent does, found by its accessible name."""
    checklist = venster.checklist.checklist
    assert checklist is not None
    veld = vind(venster.checklist, checklist.vraag(vraag_id).tekst)
    assert veld.isVisible(), f"vraag {vraag_id} staat niet op het scherm"
    if isinstance(veld, QtWidgets.QComboBox):
        i = veld.findText(antwoord)
        assert i > 0, f"{antwoord!r} is geen keuze bij {vraag_id}"
        veld.setCurrentIndex(i)
    else:
        assert isinstance(veld, QtWidgets.QLineEdit)
        veld.setFocus()
        veld.selectAll()
        QTest.keyClicks(veld, antwoord)
        QTest.keyClick(veld, Qt.Key.Key_Return)


def niet_gevraagd(venster: Hoofdvenster, vraag_id: str, reden: str) -> None:
    checklist = venster.checklist.checklist
    assert checklist is not None
    tekst = checklist.vraag(vraag_id).tekst
    vind(venster.checklist, f"Niet gevraagd: {tekst}", QtWidgets.QCheckBox).setChecked(True)
    QTest.keyClicks(vind(venster.checklist, f"Reden niet gevraagd: {tekst}"), reden)


def producten(venster: Hoofdvenster) -> list[str]:
    return [s.suggestie.product for s in venster.suggesties.standen]


async def open_klant(venster: Hoofdvenster, zoektekst: str) -> None:
    QTest.keyClick(venster, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    zoeken = vind(venster, "Zoeken", QtWidgets.QLineEdit)
    QTest.keyClicks(zoeken, zoektekst)
    QTest.keyClick(zoeken, Qt.Key.Key_Return)
    await venster.taken.wacht()


def kies_onderwerp(venster: Hoofdvenster, onderwerp: str) -> None:
    combo = vind(venster, "Onderwerp", QtWidgets.QComboBox)
    i = combo.findText(onderwerp)
    assert i > 0, f"onderwerp {onderwerp!r} ontbreekt"
    combo.setCurrentIndex(i)


async def start_aangevinkt(venster: Hoofdvenster, te_starten: list[str]) -> None:
    lijst = vind(venster, "Voorgestelde producten", QtWidgets.QListWidget)
    for i in range(lijst.count()):
        item = lijst.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in te_starten:
            item.setCheckState(Qt.CheckState.Checked)
    knop = vind(venster, "Aanvragen starten", QtWidgets.QPushButton)
    assert knop.isEnabled()
    QTest.mouseClick(knop, Qt.MouseButton.LeftButton)
    await venster.taken.wacht()
    assert not venster.suggesties.melding.isVisible(), venster.suggesties.melding.text()


async def registreer(venster: Hoofdvenster, vraag: str, antwoord: str) -> None:
    """Type the question and the answer as the agent does, and register with Ctrl+Enter."""
    veld = vind(venster, "Vraag", QtWidgets.QPlainTextEdit)
    veld.setFocus()
    QTest.keyClicks(veld, vraag)
    QTest.keyClick(veld, Qt.Key.Key_Tab)
    QTest.keyClicks(vind(venster, "Antwoord"), antwoord)
    QTest.keyClick(veld, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await venster.taken.wacht()


def regie_groep(venster: Hoofdvenster, nummer: int) -> tuple[str, str, list[tuple[str, str]]]:
    boom = vind(venster, "Regieoverzicht", QtWidgets.QTreeWidget)
    kop = boom.topLevelItem(nummer)
    assert kop is not None
    return kop.text(0), kop.text(1), venster.regie.zaken_van(nummer)


async def test_bert_zoekt_een_baan(venster: Hoofdvenster) -> None:
    await open_klant(venster, "06 1234 5678")
    assert venster.klantbeeld.naam.text() == "Bert Burger"
    assert vind(venster, "Kanaal", QtWidgets.QComboBox).currentText() == "Telefoon"

    # Choosing the onderwerp opens its checklist by itself, in front.
    kies_onderwerp(venster, "Bijstandsuitkering")
    await venster.taken.wacht()
    assert venster.checklist.checklist is not None
    assert venster.checklist.checklist.id == "werkloos-scheiding"
    assert not venster.docks["Checklist"].visibleRegion().isEmpty()
    assert vind(venster, "Checklist").isVisible()

    # Conditions apply live: the last working day is asked only once the job is gone.
    checklist = venster.checklist.checklist
    laatste_werkdag = vind(venster.checklist, checklist.vraag("laatste_werkdag").tekst)
    assert not laatste_werkdag.isVisible()
    beantwoord(venster, "reden", "Allebei")
    assert laatste_werkdag.isVisible()
    beantwoord(venster, "laatste_werkdag", f"{nu().date() - timedelta(days=5):%d-%m-%Y}")
    beantwoord(venster, "ww_aangevraagd", "Nee")
    beantwoord(venster, "inkomen", "900")
    beantwoord(venster, "vermogen", "Nee")
    assert not vind(venster.checklist, checklist.vraag("aantal_kinderen").tekst).isVisible()
    beantwoord(venster, "kinderen", "Ja")
    beantwoord(venster, "aantal_kinderen", "2")
    beantwoord(venster, "kinderopvang", "Ja")
    beantwoord(venster, "woonsituatie", "Huur")
    beantwoord(venster, "huur", "850,00")
    niet_gevraagd(venster, "schulden", "Bert wil dit in het intakegesprek bespreken")
    beantwoord(venster, "hulp_werk", "Ja")
    assert venster.checklist.stand.text() == "Alle verplichte vragen zijn beantwoord."

    # Suggestions, each with its reason and its kennisartikel.
    voorgesteld = producten(venster)
    for p in ("Bijstandsuitkering", "Zorgtoeslag", "Kinderbijslag", "Huurtoeslag",
              "Kwijtschelding gemeentelijke belastingen", "Begeleiding naar werk"):
        assert p in voorgesteld
    assert not venster.docks["Suggesties"].visibleRegion().isEmpty()
    lijst = vind(venster, "Voorgestelde producten", QtWidgets.QListWidget)
    bijstand = next(lijst.item(i).text() for i in range(lijst.count())
                    if lijst.item(i).data(Qt.ItemDataRole.UserRole) == "Bijstandsuitkering")
    assert "Kennisartikel: Baan kwijt: WW en bijstandsuitkering" in bijstand
    zorg = next(s for s in venster.suggesties.standen if s.suggestie.product == "Zorgtoeslag")
    assert not zorg.suggestie.startbaar and zorg.suggestie.instantie == "Dienst Toeslagen"

    # Three requests started at once from the one contact.
    drie = ["Bijstandsuitkering", "Kwijtschelding gemeentelijke belastingen",
            "Begeleiding naar werk"]
    await start_aangevinkt(venster, drie)
    gestart = {s.suggestie.product: s.gestart for s in venster.suggesties.standen if s.gestart}
    assert set(gestart) == set(drie)
    kop, voortgang, zaken = regie_groep(venster, 0)
    assert kop == "Dit contact (nog niet geregistreerd)"
    assert voortgang == "0 van 3 afgerond"
    assert {z for z, _ in zaken} == set(gestart.values())
    assert {s for _, s in zaken} == {"Aanvraag ontvangen", "Verzoek ontvangen",
                                     "Aanmelding ontvangen"}
    assert not venster.docks["Regie"].visibleRegion().isEmpty()
    kaarten = {k.accessibleName() for k in venster.zaken.kaarten}
    assert {f"Zaak {z}" for z in gestart.values()} <= kaarten
    assert set(gestart.values()) <= set(venster.contactmoment.gekozen_zaken())
    assert vind(venster, "Afhandeling", QtWidgets.QComboBox).currentData() == (
        Afhandeling.ZAAK_GESTART.value)

    # The contact is registered with its checklist answers.
    await registreer(venster, "Baan kwijt en gescheiden, twee kinderen. Waar heb ik recht op?",
                     "Checklist doorgelopen; drie aanvragen gestart, toeslagen via Dienst "
                     "Toeslagen, kinderbijslag bij de SVB.")
    assert "met 12 checklistantwoorden" in venster.contactmoment.bevestiging.text()

    historie = vind(venster, "Contacthistorie", QtWidgets.QTableView)
    bovenste = [historie.model().index(0, k).data() for k in range(7)]
    assert bovenste[1:3] == ["Telefoon", "Bijstandsuitkering"]
    assert bovenste[5] == "Zaak gestart"
    assert set(bovenste[6].split(", ")) == set(gestart.values())
    details = vind(venster, "Contactdetails", QtWidgets.QTextBrowser).toPlainText()
    assert "€ 900,00" in details
    assert "niet gevraagd: Bert wil dit in het intakegesprek bespreken" in details

    # Regie now follows the three under the registered contact; the checklist is cleared.
    kop, voortgang, zaken = regie_groep(venster, 0)
    assert "Telefoon · Bijstandsuitkering" in kop and voortgang == "0 van 3 afgerond"
    assert {z for z, _ in zaken} == set(gestart.values())
    assert venster.checklist.checklist is None and venster.suggesties.standen == []

    # Stored in the contact register, not only on screen.
    opgeslagen = (await venster.d.dossier.contacthistorie(KlantRef.persoon(BERT_BSN))).waarde[0]
    assert {a.vraag_id for a in opgeslagen.checklist} >= {"reden", "inkomen", "kinderen",
                                                          "schulden", "hulp_werk"}
    assert set(opgeslagen.zaken) == set(gestart.values())


async def test_bert_zijn_vader_krijgt_hartklachten(venster: Hoofdvenster) -> None:
    await open_klant(venster, "Burger 02-06-1944")
    assert venster.klantbeeld.naam.text() == "Jan Burger"
    kies_onderwerp(venster, "Wmo huishoudelijke hulp")
    await venster.taken.wacht()
    assert venster.checklist.checklist is not None
    assert venster.checklist.checklist.id == "wmo-zelfstandig-wonen"
    beantwoord(venster, "voor_wie", "Voor een naaste")
    beantwoord(venster, "naam_naaste", "Bert Burger, zoon, belt namens zijn vader")
    beantwoord(venster, "aanleiding", "Hartklachten, net thuis uit het ziekenhuis")
    beantwoord(venster, "trap", "Ja")
    beantwoord(venster, "huishouden", "Ja")
    beantwoord(venster, "koken", "Ja")
    beantwoord(venster, "buiten_lopen", "Nee")
    niet_gevraagd(venster, "mantelzorger", "Bert regelt het nu; later navragen")
    drie = ["Traplift (woningaanpassing)", "Hulp bij het huishouden", "Maaltijdvoorziening"]
    assert producten(venster) == drie

    await start_aangevinkt(venster, drie)
    kop, voortgang, zaken = regie_groep(venster, 0)
    assert kop.startswith("Dit contact") and voortgang == "0 van 3 afgerond"
    assert len(zaken) == 3 and {s for _, s in zaken} == {"Melding ontvangen"}

    await registreer(venster, "Vader heeft hartklachten; trap, huishouden en koken lukken niet.",
                     "Drie Wmo-meldingen gedaan; consulent belt.")
    assert venster.contactmoment.bevestiging.isVisible()
    kop, _, zaken = regie_groep(venster, 0)
    assert "Telefoon · Wmo huishoudelijke hulp" in kop and len(zaken) == 3
    opgeslagen = (await venster.d.dossier.contacthistorie(KlantRef.persoon(JAN_BSN))).waarde[0]
    assert len(opgeslagen.zaken) == 3
    assert any(a.niet_gevraagd for a in opgeslagen.checklist)


async def test_niet_in_een_keer_afgehandeld_met_open_verplichte_vraag(
        venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    voor = venster.historie.model.rowCount()
    kies_onderwerp(venster, "Bijstandsuitkering")
    await venster.taken.wacht()
    beantwoord(venster, "reden", "Scheiding")
    vraag = vind(venster, "Vraag", QtWidgets.QPlainTextEdit)
    vraag.setFocus()
    QTest.keyClicks(vraag, "Wat verandert er na mijn scheiding?")
    QTest.keyClicks(vind(venster, "Antwoord"), "Uitgelegd.")
    assert vind(venster, "Afhandeling", QtWidgets.QComboBox).currentData() == (
        Afhandeling.IN_EEN_KEER.value)

    QTest.keyClick(vraag, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await venster.taken.wacht()
    assert venster.historie.model.rowCount() == voor  # nothing registered
    fout = venster.contactmoment.fouten["Afhandeling"]
    assert fout.isVisible() and "Niet in één keer af te handelen" in fout.text()
    assert venster.checklist.fout.isVisible()
    checklist = venster.checklist.checklist
    assert checklist is not None
    eerste_open = vind(venster.checklist, checklist.vraag("inkomen").tekst)
    assert QtWidgets.QApplication.focusWidget() is eerste_open
    assert vind(venster, "Vraag", QtWidgets.QPlainTextEdit).toPlainText()  # nothing lost

    # A wrong type is refused at its field and does not count as an answer.
    beantwoord(venster, "inkomen", "ongeveer duizend")
    inkomen_fout = venster.checklist.rijen["inkomen"].fout
    assert inkomen_fout.isVisible() and "geen bedrag" in inkomen_fout.text()
    # "Niet gevraagd" without a reason still leaves the question open.
    vind(venster.checklist, f"Niet gevraagd: {checklist.vraag('inkomen').tekst}",
         QtWidgets.QCheckBox).setChecked(True)
    QTest.keyClick(vraag, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await venster.taken.wacht()
    assert venster.historie.model.rowCount() == voor

    QTest.keyClicks(vind(venster.checklist,
                         f"Reden niet gevraagd: {checklist.vraag('inkomen').tekst}"),
                    "Klant belt alleen voor informatie")
    for vid in ("vermogen", "kinderen", "hulp_werk"):
        beantwoord(venster, vid, "Nee")
    beantwoord(venster, "woonsituatie", "Koop")
    assert venster.checklist.stand.text() == "Alle verplichte vragen zijn beantwoord."
    QTest.keyClick(vraag, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await venster.taken.wacht()
    assert venster.historie.model.rowCount() == voor + 1
    assert venster.historie.model.index(0, 5).data() == "In één keer afgehandeld"


async def test_nieuw_contact_laat_gestarte_zaken_niet_stil_los(venster: Hoofdvenster) -> None:
    await open_klant(venster, "Burger 02-06-1944")
    kies_onderwerp(venster, "Wmo woningaanpassing en traplift")
    await venster.taken.wacht()
    beantwoord(venster, "trap", "Ja")
    await start_aangevinkt(venster, ["Traplift (woningaanpassing)"])
    gestart = venster.suggesties.standen[0].gestart
    assert gestart
    QTest.keyClick(venster, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    melding = venster.contactmoment.melding
    assert melding.isVisible() and "nog niet geregistreerd" in melding.text()
    assert gestart in melding.text()
    assert regie_groep(venster, 0)[0].startswith("Dit contact")  # nothing dropped yet
    QTest.keyClick(venster, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not melding.isVisible()
    assert not regie_groep(venster, 0)[0].startswith("Dit contact")
    assert venster.checklist.checklist is None
