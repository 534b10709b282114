"""Doorverbinden with context: the question goes along, so the citizen never repeats it.

With real baresip: Bert calls the KCC, the agent answers, notes the question and transfers
him to Vergunningen; Bert's phone follows the transfer to the specialist's phone, and the
contact is registered with a contactverzoek that carries the question and the call. Without a
call: a terugbelverzoek. And the unknown caller: an empty contact with the number filled in.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from werkplek_baresip import create_plugin
from werkplek_embedded.demo import BERT_BSN

from tests.baresip import Netwerk, Softphone
from tests.hulp import wacht_tot
from tests.telefonie.test_baresip import Luisteraar
from tests.ui.conftest import open_venster, sluit_venster, vind
from tests.ui.test_reis_checklists import registreer
from tests.ui.test_reis_telefoon import profiel, telefoonstand
from tests.unit.test_embedded import context
from werkplek.app import bouw
from werkplek.domain.model import Afhandeling, Kanaal, KlantRef, nu
from werkplek.domain.oproep import Agentstatus, Gespreksfase, oproep
from werkplek.services.profiel import lees_profiel
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.overdracht import Handeling
from werkplek.ui.qt import Qt, QtWidgets

pytestmark = pytest.mark.asyncio
BERT = "+31612345678"
LINKS = Qt.MouseButton.LeftButton
VRAAG = "Mag ik een dakkapel plaatsen zonder vergunning?"


def kies_ontvanger(venster: Hoofdvenster, naam: str) -> None:
    keuze = vind(venster.overdracht, "Ontvanger", QtWidgets.QComboBox)
    i = next(i for i in range(keuze.count()) if keuze.itemText(i).startswith(naam))
    keuze.setCurrentIndex(i)


async def test_bert_wordt_doorverbonden_met_zijn_vraag(tmp_path: Path) -> None:
    from PySide6.QtTest import QTest

    with Netwerk() as netwerk, \
            Softphone(netwerk, BERT, "Bert Burger", 5060, 4444) as bert_toestel, \
            Softphone(netwerk, "kcc", "KCC Demodam", 5070, 4445) as kcc, \
            Softphone(netwerk, "2100", "Vergunningen", 5080, 4446) as vergunningen:
        # Extensions are dialled at the specialists' exchange: here the third softphone.
        w = bouw(lees_profiel(profiel(tmp_path, kcc.ctrl,
                                      f"sip:{{nummer}}@{netwerk.adres}:5080"),
                              os_gebruiker="agent"), tmp_path / "data")
        bert = create_plugin({"ctrl_tcp": bert_toestel.ctrl,
                              "bel_uri": f"sip:kcc@{netwerk.adres}:5070"}, context(tmp_path))
        specialist = create_plugin({"ctrl_tcp": vergunningen.ctrl}, context(tmp_path))
        bij_specialist = Luisteraar(specialist)
        venster = await open_venster(w)
        try:
            status = vind(venster, "Status", QtWidgets.QComboBox)
            softphone = w.host.actief["softphone"].object
            await wacht_tot(lambda: softphone.verbonden and specialist.verbonden)  # type: ignore[union-attr]
            await bert.bel("+31140010")
            await wacht_tot(lambda: telefoonstand(venster).text().startswith(
                "Telefoon: gaat over"))
            assert (await w.telefonie.aannemen()).ok
            await wacht_tot(lambda: venster.klantbeeld.naam.text() == "Bert Burger")
            await venster.taken.wacht()
            cm = venster.contactmoment
            cm.onderwerp.setCurrentIndex(cm.onderwerp.findData("Omgevingsvergunning verbouwing"))
            QTest.keyClicks(vind(venster, "Vraag"), VRAAG)

            QTest.mouseClick(vind(venster.contactmoment, "Doorverbinden", QtWidgets.QPushButton),
                             LINKS)
            await venster.taken.wacht()
            dialoog = venster.overdracht
            assert dialoog.isVisible()
            kies_ontvanger(venster, "Team Vergunningen")
            assert dialoog.gekozen_handeling is Handeling.GESPREK  # a call: transfer it
            toelichting = dialoog.toelichting.toPlainText()
            assert VRAAG in toelichting and "Bert Burger" in toelichting
            assert BERT_BSN not in toelichting
            assert dialoog.terugbelnummer.text() == BERT
            QTest.mouseClick(vind(dialoog, "Overdragen", QtWidgets.QPushButton), LINKS)

            # The specialist's phone rings with Bert on the line; answering ends the agent's
            # leg of the call, and the agent is in nawerk until... registered already.
            await wacht_tot(lambda: Gespreksfase.BINNENKOMEND in bij_specialist.fasen(),
                            binnen=30)
            assert bij_specialist.gezien[0].oproep.nummer == BERT
            await specialist.aannemen()
            await venster.taken.wacht()
            assert not dialoog.isVisible()
            assert "contactverzoek voor Team Vergunningen" in cm.bevestiging.text()
            await wacht_tot(lambda: telefoonstand(venster).text() == "Telefoon: opgehangen",
                            binnen=30)

            [contact] = [c for c in (await w.dossier.contacthistorie(
                KlantRef.persoon(BERT_BSN))).waarde if c.vraag == VRAAG]
            assert contact.afhandeling is Afhandeling.DOORVERBONDEN
            assert contact.kanaal is Kanaal.TELEFOON and contact.telefoonnummer == BERT
            assert contact.verzoek is not None
            assert contact.verzoek.ontvanger.code == "vergunningen"
            assert contact.verzoek.handeling == Handeling.GESPREK.value
            assert VRAAG in contact.verzoek.toelichting
            assert contact.verzoek.terugbelnummer == BERT
            # The history shows the handover to whoever opens Bert's dossier next.
            await wacht_tot(lambda: "Overgedragen aan" in venster.historie.details.toPlainText())
            # Handed over and registered: the end of the call brings no nawerk.
            assert status.currentText() == "Beschikbaar"
        finally:
            await sluit_venster(venster)
            await bij_specialist.stop()
            await bert.aclose()
            await specialist.aclose()
            await w.aclose()


async def test_terugbelverzoek_zonder_gesprek(venster: Hoofdvenster) -> None:
    venster.zoek_tekst("999993653")
    await venster.taken.wacht()
    cm = venster.contactmoment
    cm.onderwerp.setCurrentIndex(cm.onderwerp.findData("Werk zoeken"))
    cm.vraag.setPlainText("Wanneer hoor ik iets over mijn aanvraag?")
    venster.doorverbinden()
    await venster.taken.wacht()
    dialoog = venster.overdracht
    kies_ontvanger(venster, "P. de Vries")
    # No call in progress (and P. de Vries has no phone): only a call-back request.
    assert dialoog.gekozen_handeling is Handeling.TERUGBELLEN
    gesprek = dialoog.handeling.findData(Handeling.GESPREK)
    assert not dialoog.handeling.model().item(gesprek).isEnabled()  # type: ignore[attr-defined]
    dialoog.terugbelnummer.setText("06 1234 5678")
    dialoog.knop.click()
    await venster.taken.wacht()
    [contact] = [c for c in (await venster.d.dossier.contacthistorie(
        KlantRef.persoon(BERT_BSN))).waarde if c.verzoek is not None]
    assert contact.afhandeling is Afhandeling.TERUGBELVERZOEK
    assert contact.verzoek is not None and contact.verzoek.terugbelnummer == BERT
    assert contact.verzoek.ontvanger.naam.startswith("P. de Vries")


async def test_te_lange_toelichting_wordt_niet_ingekort(venster: Hoofdvenster) -> None:
    venster.zoek_tekst("999993653")
    await venster.taken.wacht()
    cm = venster.contactmoment
    cm.onderwerp.setCurrentIndex(cm.onderwerp.findData("Werk zoeken"))
    cm.vraag.setPlainText("Een vraag")
    venster.doorverbinden()
    await venster.taken.wacht()
    dialoog = venster.overdracht
    grens = venster.d.dossier.limieten.toelichting
    dialoog.toelichting.setPlainText("x" * (grens + 1))
    assert "het maximum is" in dialoog.toelichting_fout.text()
    dialoog.knop.click()
    await venster.taken.wacht()
    assert dialoog.isVisible()  # nothing sent; the text stays for the agent to shorten
    assert dialoog.toelichting.toPlainText() == "x" * (grens + 1)
    assert not [c for c in (await venster.d.dossier.contacthistorie(
        KlantRef.persoon(BERT_BSN))).waarde if c.verzoek is not None]


async def test_doorverbinden_vraagt_eerst_de_vraag(venster: Hoofdvenster) -> None:
    venster.zoek_tekst("999993653")
    await venster.taken.wacht()
    venster.doorverbinden()
    await venster.taken.wacht()
    assert not venster.overdracht.isVisible()
    assert "Noteer eerst de vraag" in venster.contactmoment.fouten["Vraag"].text()


def _rijen(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as con:
        return list(con.execute(sql))


async def test_onbekende_beller_krijgt_een_leeg_contact_met_zijn_nummer(
        venster: Hoofdvenster, tmp_path: Path) -> None:
    venster.zoek_tekst("999993653")  # the previous customer is still open
    await venster.taken.wacht()
    venster.pop(oproep("+31 20 999 8888"))
    await venster.taken.wacht()
    cm = venster.contactmoment
    assert venster.klant_ref is None and venster.klantbeeld.klant is None
    assert cm.beller.isVisible() and "+31 20 999 8888" in cm.beller.text()
    assert cm.vraag.isEnabled() and Kanaal(cm.kanaal.currentData()) is Kanaal.TELEFOON
    cm.onderwerp.setCurrentIndex(cm.onderwerp.findData("Afval en grofvuil"))
    await registreer(venster, "Wanneer wordt het grofvuil opgehaald?", "Op afspraak.")
    assert "Contact geregistreerd" in cm.bevestiging.text()
    assert not cm.beller.isVisible() and not cm.vraag.isEnabled()
    assert _rijen(tmp_path / "data" / "embedded-demo.db",
                  "SELECT kanaal, vraag FROM contactmoment WHERE klant_nummer IS NULL") == [
        ("telefoon", "Wanneer wordt het grofvuil opgehaald?")]


async def test_een_afgeschermde_beller_die_onbekend_blijft(venster: Hoofdvenster,
                                                           tmp_path: Path) -> None:
    venster.pop(oproep("anonymous"))
    await venster.taken.wacht()
    cm = venster.contactmoment
    assert cm.beller.text() == "Onbekende beller: nummer afgeschermd"
    cm.onderwerp.setCurrentIndex(cm.onderwerp.findData("Afval en grofvuil"))
    await registreer(venster, "Wat kost een extra container?", "Zie de website.")
    assert "Contact geregistreerd" in cm.bevestiging.text()
    assert _rijen(tmp_path / "data" / "embedded-demo.db",
                  "SELECT vraag, telefoonnummer FROM contactmoment WHERE klant_nummer IS NULL"
                  ) == [("Wat kost een extra container?", "")]


async def test_onbekende_beller_blijkt_bert(venster: Hoofdvenster) -> None:
    venster.pop(oproep("+31 20 999 8888"))
    await venster.taken.wacht()
    cm = venster.contactmoment
    cm.vraag.setPlainText("Vraag gesteld voordat de beller zijn naam gaf")
    venster.zoek_tekst("999993653")  # the agent asked and found him
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Bert Burger"
    assert cm.vraag.toPlainText() == "Vraag gesteld voordat de beller zijn naam gaf"
    assert Kanaal(cm.kanaal.currentData()) is Kanaal.TELEFOON
    assert not cm.beller.isVisible()
    cm.onderwerp.setCurrentIndex(cm.onderwerp.findData("Afval en grofvuil"))
    cm.antwoord.setPlainText("Uitgelegd.")
    venster.registreer()
    await venster.taken.wacht()
    [contact] = [c for c in (await venster.d.dossier.contacthistorie(
        KlantRef.persoon(BERT_BSN))).waarde if c.vraag.startswith("Vraag gesteld voordat")]
    assert contact.telefoonnummer == "+31209998888"


async def test_agentstatus_gaat_naar_de_wachtrijbron(venster: Hoofdvenster,
                                                     tmp_path: Path) -> None:
    status = vind(venster, "Status", QtWidgets.QComboBox)
    for s in (Agentstatus.PAUZE, Agentstatus.BESCHIKBAAR, Agentstatus.PAUZE):
        status.setCurrentIndex(status.findData(s))
    db = tmp_path / "data" / "embedded-demo.db"
    sql = "SELECT medewerker, status FROM agentstatus ORDER BY id"
    wie = venster.d.medewerker.gebruikersnaam
    verwacht = [(wie, "pauze"), (wie, "beschikbaar"), (wie, "pauze")]
    await wacht_tot(lambda: _rijen(db, sql)[-3:] == verwacht)
    register = venster.d.dossier.host.actief["ingebouwd"].object
    feiten = await register.feiten(nu() - timedelta(hours=1))  # type: ignore[union-attr]
    assert [a.status for a in feiten.agenten if a.medewerker == wie] == [Agentstatus.PAUZE]
