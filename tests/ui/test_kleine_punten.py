"""The smaller points of a day at the counter: each one found by an agent, each with a test."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pytestqt.qt_compat import qt_api
from werkplek_embedded.demo import BERT_BSN

from tests.ui.conftest import vind
from tests.ui.test_agenda import eerste_maandag_om, kies, open_met_onderwerp
from tests.ui.test_reis_checklists import beantwoord, kies_onderwerp, open_klant, registreer
from werkplek.domain.model import KlantRef
from werkplek.domain.regels import is_afgerond
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import Qt, QtWidgets
from werkplek.ui.toepassing import maak_applicatie

QTest = qt_api.QtTest.QTest
pytestmark = pytest.mark.asyncio


async def test_doorverbinden_kiest_zelf_geen_ontvanger(venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    kies_onderwerp(venster, "Werk zoeken")
    venster.contactmoment.vraag.setPlainText("Wanneer hoor ik iets over mijn aanvraag?")
    venster.doorverbinden()
    await venster.taken.wacht()
    dialoog = venster.overdracht
    assert dialoog.isVisible()
    ontvanger = vind(dialoog, "Ontvanger", QtWidgets.QComboBox)
    assert ontvanger.count() > 1 and ontvanger.currentIndex() == -1
    assert dialoog.gekozen_ontvanger() is None
    knop = vind(dialoog, "Overdragen", QtWidgets.QPushButton)
    assert not knop.isEnabled()
    QTest.keyClick(ontvanger, Qt.Key.Key_Return)  # a wrong transfer is not one Enter away
    await venster.taken.wacht()
    assert dialoog.isVisible()
    assert not [c for c in (await venster.d.dossier.contacthistorie(
        KlantRef.persoon(BERT_BSN))).waarde if c.verzoek is not None]
    ontvanger.setCurrentIndex(0)  # the agent picks
    assert dialoog.gekozen_ontvanger() is not None and knop.isEnabled()


async def test_regie_telt_een_zaak_die_bij_twee_contacten_hoort_een_keer(
        venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    groepen = venster.regie.groepen
    lopend = {z.identificatie for g in groepen for z in g.zaken if not is_afgerond(z)}
    per_groep = [z.identificatie for g in groepen for z in g.zaken if not is_afgerond(z)]
    # Bert's demo history has a running zaak under two contacts; it is one zaak.
    assert len(per_groep) > len(lopend)
    assert f"{len(lopend)} zaken lopen" in venster.regie.samenvatting.text()


async def test_een_ongeldige_datum_bij_een_niet_verplichte_vraag_houdt_registreren_tegen(
        venster: Hoofdvenster, tmp_path: Path) -> None:
    await open_klant(venster, BERT_BSN)
    kies_onderwerp(venster, "Paspoort")
    await venster.taken.wacht()
    for vraag, antwoord in (("document", "Paspoort"), ("voor_kind", "Nee"),
                            ("oud_document", "Verlopen"), ("pasfoto", "Ja")):
        beantwoord(venster, vraag, antwoord)
    beantwoord(venster, "reisdatum", "31-02-2027")  # optional, and no date that exists
    rij = venster.checklist.rijen["reisdatum"]
    assert rij.fout.isVisible() and "geen bestaande datum" in rij.fout.text()

    await registreer(venster, "Mijn paspoort is verlopen.", "Afspraak gemaakt.")
    assert "Contact geregistreerd" not in venster.contactmoment.bevestiging.text()
    assert venster.contactmoment.vraag.toPlainText() == "Mijn paspoort is verlopen."
    assert rij.fout.isVisible() and "geen bestaande datum" in rij.fout.text()
    assert "Wanneer gaat u op reis?" in venster.checklist.fout.text()
    assert rij.invoer.hasFocus()
    with sqlite3.connect(tmp_path / "data" / "embedded-demo.db") as db:
        assert not list(db.execute(
            "SELECT id FROM contactmoment WHERE vraag = 'Mijn paspoort is verlopen.'"))

    beantwoord(venster, "reisdatum", "28-02-2027")  # corrected
    assert not rij.fout.isVisible()
    venster.registreer()
    await venster.taken.wacht()
    assert "Contact geregistreerd" in venster.contactmoment.bevestiging.text()
    [contact] = [c for c in (await venster.d.dossier.contacthistorie(
        KlantRef.persoon(BERT_BSN))).waarde if c.vraag == "Mijn paspoort is verlopen."]
    assert ("reisdatum", "28-02-2027") in [(a.vraag_id, a.antwoord) for a in contact.checklist]


async def test_een_gewiste_ongeldige_datum_houdt_registreren_niet_tegen(
        venster: Hoofdvenster) -> None:
    await open_klant(venster, BERT_BSN)
    kies_onderwerp(venster, "Paspoort")
    await venster.taken.wacht()
    for vraag, antwoord in (("document", "Paspoort"), ("voor_kind", "Nee"),
                            ("oud_document", "Verlopen"), ("pasfoto", "Ja")):
        beantwoord(venster, vraag, antwoord)
    beantwoord(venster, "reisdatum", "volgende week")
    await registreer(venster, "Mijn paspoort is verlopen.", "Afspraak gemaakt.")
    assert "Contact geregistreerd" not in venster.contactmoment.bevestiging.text()
    veld = venster.checklist.rijen["reisdatum"].invoer
    assert isinstance(veld, QtWidgets.QLineEdit)
    veld.clear()  # the agent clears it: an optional question may stay open
    venster.registreer()
    await venster.taken.wacht()
    assert "Contact geregistreerd" in venster.contactmoment.bevestiging.text()


async def test_de_bevestiging_van_een_afspraak_noemt_het_nummer_uit_het_profiel(
        venster: Hoofdvenster) -> None:
    assert venster.d.telefoon == "14 0999"  # the demo profile's [profiel] telefoon
    await open_met_onderwerp(venster, BERT_BSN, "Bijstandsuitkering")
    await kies(venster, eerste_maandag_om(10))
    venster.contactmoment.vraag.setPlainText("Baan kwijt, wil bijstand aanvragen.")
    QTest.mouseClick(vind(venster, "Afspraak maken", QtWidgets.QPushButton),
                     Qt.MouseButton.LeftButton)
    await venster.taken.wacht()
    agenda = venster.agenda
    assert not agenda.melding.isVisible(), agenda.melding.text()
    tekst = agenda.bevestiging.toPlainText()
    assert "Bel 14 0999 met uw afspraak erbij" in tekst
    assert "Bel 14 0 " not in tekst


async def test_de_venstertitel_noemt_werkplek_kcc_een_keer(venster: Hoofdvenster) -> None:
    app = maak_applicatie()  # as werkplek starts: the display name is set
    naam = app.applicationDisplayName()
    assert naam == "Werkplek KCC"
    titel = venster.windowTitle()
    assert "Gemeente Demodam" in titel
    # Qt appends the display name to a title that does not end with it (as the window
    # manager shows it); the title ends with it, so it shows once.
    assert titel.endswith(naam) and titel.count(naam) == 1


async def test_zonder_nummer_in_het_profiel_noemt_de_bevestiging_geen_half_nummer() -> None:
    from datetime import datetime

    from werkplek.domain.agenda import Afspraak, bevestigingstekst
    from werkplek.domain.model import TIJDZONE

    begin = datetime(2026, 11, 30, 10, tzinfo=TIJDZONE)
    a = Afspraak("x", "cm", "M. de Wit, casemanager", KlantRef.persoon(BERT_BSN),
                 "Bert Burger", "Bijstandsuitkering", begin, begin.replace(minute=30))
    tekst = bevestigingstekst(a, "Gemeente Demodam")
    assert "Bel 14" not in tekst
    assert tekst.endswith("Verhinderd? Neem contact op met Gemeente Demodam en noem uw afspraak.")
    assert bevestigingstekst(a, "Gemeente Demodam", "14 020").endswith(
        "Verhinderd? Bel 14 020 met uw afspraak erbij.")


async def test_telefoon_in_het_profiel_is_tekst(tmp_path: Path) -> None:
    from werkplek.services.profiel import ConfigFout, lees_profiel

    pad = tmp_path / "p.toml"
    pad.write_text('[profiel]\nnaam = "p"\ntelefoon = 140999\n', encoding="utf-8")
    with pytest.raises(ConfigFout, match=r"\[profiel.telefoon\] telefoon is tekst"):
        lees_profiel(pad, os_gebruiker="agent")
    pad.write_text('[profiel]\nnaam = "p"\ntelefoon = " 14 0999 "\n', encoding="utf-8")
    assert lees_profiel(pad, os_gebruiker="agent").telefoon == "14 0999"
