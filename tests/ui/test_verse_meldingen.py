"""State that never goes stale: a message belongs to one contact and one moment.

A new contact, a new search or the answer to the last open question takes the message away,
and "Zoek op" returns to automatic after every search.
"""

from __future__ import annotations

import pytest
from pytestqt.qt_compat import qt_api
from werkplek_embedded.demo import BERT_BSN

from tests.ui.conftest import vind
from tests.ui.test_reis_checklists import beantwoord, kies_onderwerp, open_klant, registreer
from werkplek.domain.invoer import Zoeksoort
from werkplek.domain.oproep import oproep
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import Qt, QtWidgets

QTest = qt_api.QtTest.QTest
pytestmark = pytest.mark.asyncio


async def test_niet_in_een_keer_verdwijnt_met_de_laatste_verplichte_vraag(
        venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    kies_onderwerp(venster, "Paspoort")
    await venster.taken.wacht()
    await registreer(venster, "Mijn paspoort is verlopen.", "Afspraak gemaakt.")
    afhandeling = venster.contactmoment.fouten["Afhandeling"]
    assert afhandeling.isVisible() and "Niet in één keer af te handelen" in afhandeling.text()
    assert venster.checklist.fout.isVisible()

    beantwoord(venster, "document", "Paspoort")
    beantwoord(venster, "voor_kind", "Nee")
    beantwoord(venster, "oud_document", "Verlopen")
    assert afhandeling.isVisible()  # one required question still open: still true
    beantwoord(venster, "pasfoto", "Ja")
    assert not afhandeling.isVisible() and not venster.checklist.fout.isVisible()
    venster.registreer()
    await venster.taken.wacht()
    assert "Contact geregistreerd" in venster.contactmoment.bevestiging.text()


async def test_contact_geregistreerd_verdwijnt_bij_het_volgende_contact(
        venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    kies_onderwerp(venster, "Rijbewijs")
    await registreer(venster, "Mag ik met een verlopen rijbewijs rijden?", "Nee.")
    bevestiging = venster.contactmoment.bevestiging
    assert bevestiging.isVisible() and "Contact geregistreerd" in bevestiging.text()

    QTest.keyClicks(vind(venster, "Vraag"), "En mijn paspoort?")  # the next contact
    assert not bevestiging.isVisible()


async def test_contact_geregistreerd_verdwijnt_bij_een_nieuwe_zoekvraag(
        venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    kies_onderwerp(venster, "Rijbewijs")
    await registreer(venster, "Mag ik met een verlopen rijbewijs rijden?", "Nee.")
    bevestiging = venster.contactmoment.bevestiging
    assert bevestiging.isVisible()
    await open_klant(venster, "06 1234 5678")  # Bert again, found by his number
    assert venster.klantbeeld.naam.text() == "Bert Burger"
    assert not bevestiging.isVisible()


async def test_zoek_op_gaat_na_een_pop_terug_naar_automatisch(venster: Hoofdvenster) -> None:
    zoeksoort = vind(venster, "Zoeksoort", QtWidgets.QComboBox)
    venster.pop(oproep("+31 20 999 8888"))  # a number without a customer
    await venster.taken.wacht()
    assert venster.klant_ref is None
    assert zoeksoort.currentData() == Zoeksoort.AUTOMATISCH
    await open_klant(venster, BERT_BSN)  # the caller gives his BSN
    assert venster.klantbeeld.naam.text() == "Bert Burger"
    assert not venster.zoekmelding.isVisible(), venster.zoekmelding.text()


async def test_zoek_op_gaat_na_elke_zoekvraag_terug_naar_automatisch(
        venster: Hoofdvenster) -> None:
    zoeksoort = vind(venster, "Zoeksoort", QtWidgets.QComboBox)
    zoeksoort.setCurrentIndex(zoeksoort.findData(Zoeksoort.BSN))
    await open_klant(venster, BERT_BSN)
    assert venster.klantbeeld.naam.text() == "Bert Burger"
    assert zoeksoort.currentData() == Zoeksoort.AUTOMATISCH


async def test_een_geweigerde_zoekvraag_wist_de_oude_resultaten(venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    assert venster.resultaten_model.rowCount() == 1
    assert venster.resultaten_status.text() == "1 klant gevonden."
    zoeken = vind(venster, "Zoeken", QtWidgets.QLineEdit)
    zoeken.clear()
    QTest.keyClicks(zoeken, "12345")  # not a BSN, not a KvK number: refused
    QTest.keyClick(zoeken, Qt.Key.Key_Return)
    await venster.taken.wacht()
    assert venster.zoekmelding.isVisible()
    assert venster.resultaten_model.rowCount() == 0
    assert venster.resultaten_status.text() != "1 klant gevonden."
    assert venster.klantbeeld.naam.text() == "Bert Burger"  # the open dossier stays


async def test_de_melding_over_een_onbekende_beller_gaat_met_zijn_contact(
        venster: Hoofdvenster) -> None:
    venster.pop(oproep("+31 20 999 8888"))
    await venster.taken.wacht()
    assert venster.zoekmelding.isVisible()
    assert venster.zoekmelding.text().startswith("Onbekende beller")
    kies_onderwerp(venster, "Afval en grofvuil")
    await registreer(venster, "Wanneer wordt het grofvuil opgehaald?", "Op afspraak.")
    assert "Contact geregistreerd" in venster.contactmoment.bevestiging.text()
    assert not venster.zoekmelding.isVisible(), venster.zoekmelding.text()


async def test_nieuw_contact_wist_de_meldingen_van_het_vorige(venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    kies_onderwerp(venster, "Paspoort")
    await venster.taken.wacht()
    await registreer(venster, "Mijn paspoort is verlopen.", "Afspraak gemaakt.")
    assert venster.contactmoment.fouten["Afhandeling"].isVisible()
    QTest.keyClick(venster, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not venster.contactmoment.fouten["Afhandeling"].isVisible()
    assert not venster.checklist.fout.isVisible()
    assert not venster.contactmoment.melding.isVisible()
