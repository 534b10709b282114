"""The outbox: a refused write is parked with its reason, corrected, and sent once."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from werkplek_embedded.demo import BERT_BSN

from tests.hulp import StrengRegister, streng_profiel_toml
from werkplek.app import Werkplek, bouw
from werkplek.domain.model import Afhandeling, Contactmoment, Kanaal, KlantRef, nu
from werkplek.services.beeld import Uitslag
from werkplek.services.profiel import lees_profiel
from werkplek.services.verzenden import wachttijd
from werkplek.store.rijen import GEPARKEERD

BERT = KlantRef.persoon(BERT_BSN)


def streng(tmp_path: Path, weiger: str) -> Werkplek:
    pad = tmp_path / "streng.toml"
    pad.write_text(streng_profiel_toml(weiger), encoding="utf-8")
    return bouw(lees_profiel(pad, os_gebruiker="agent"), tmp_path / "data")


def contact(w: Werkplek, vraag: str, id: str | None = None) -> Contactmoment:
    return w.dossier.maak_contactmoment(
        klant=BERT, kanaal=Kanaal.TELEFOON, onderwerp="Paspoort", vraag=vraag,
        antwoord="Uitgelegd", afhandeling=Afhandeling.IN_EEN_KEER, zaken=(), begin=nu(), id=id)


@pytest.mark.asyncio
async def test_geweigerd_wordt_geparkeerd_gecorrigeerd_en_een_keer_verzonden(
        testplugins: Path, tmp_path: Path) -> None:
    w = streng(tmp_path, weiger="geheim")
    try:
        fout = contact(w, "Mijn geheim wachtwoord is ...")
        verzending = await w.dossier.registreer(fout)
        assert verzending.uitslag is Uitslag.GEWEIGERD
        assert "weigert het contact" in verzending.melding
        [geparkeerd] = await w.dossier.verzender.berichten()
        assert (geparkeerd.id, geparkeerd.status) == (fout.id, GEPARKEERD)
        assert "weigert het contact" in geparkeerd.laatste_fout
        # The history shows it, for the next contact, with why it is not in the register.
        historie = (await w.dossier.contacthistorie(BERT)).waarde
        assert [(c.id, c.bron) for c in historie] == [
            (fout.id, "geweigerd door register — zie Te verzenden")]
        # The worker leaves a parked write alone: it waits for the agent, and is kept.
        assert await w.dossier.verzender.leeg(forceer=True) == {}
        assert (await w.dossier.verzender.vernieuw_stand()).geparkeerd == 1

        # A later contact of the same customer is not held up by the parked one.
        later = contact(w, "Wanneer is mijn paspoort klaar?")
        assert (await w.dossier.registreer(later)).ok

        # Corrected in the form, registered again with the same id: it replaces the parked.
        hersteld = await w.dossier.registreer(contact(w, "Wachtwoord vergeten", id=fout.id))
        assert hersteld.ok
        assert await w.dossier.verzender.berichten() == []
        assert [c.vraag for c in StrengRegister.ontvangen.values()] == [
            "Wanneer is mijn paspoort klaar?", "Wachtwoord vergeten"]
        historie = (await w.dossier.contacthistorie(BERT)).waarde
        assert sorted((c.vraag, c.bron) for c in historie) == [
            ("Wachtwoord vergeten", "register"), ("Wanneer is mijn paspoort klaar?", "register")]
    finally:
        await w.aclose()


@pytest.mark.asyncio
async def test_opnieuw_versturen_na_het_wegnemen_van_de_oorzaak(
        testplugins: Path, tmp_path: Path) -> None:
    w = streng(tmp_path, weiger="spoed")
    try:
        cm = contact(w, "spoed: paspoort kwijt")
        assert (await w.dossier.registreer(cm)).uitslag is Uitslag.GEWEIGERD
        register = w.host.actief["register"].object
        assert isinstance(register, StrengRegister)
        register.weiger = ""  # the beheerder changed the register's rule
        await w.dossier.verzender.opnieuw(cm.id)
        assert (await w.dossier.verzender.leeg())[cm.id].ok
        assert list(StrengRegister.ontvangen) == [cm.id]
        stand = await w.dossier.verzender.vernieuw_stand()
        assert (stand.wachtend, stand.geparkeerd, stand.online) == (0, 0, True)
    finally:
        await w.aclose()


def test_wachttijd_verdubbelt_met_spreiding_tot_het_plafond() -> None:
    toeval = random.Random(7)
    for n, stap in [(1, 2.0), (2, 4.0), (3, 8.0), (6, 64.0), (7, 120.0), (30, 120.0)]:
        tijden = [wachttijd(n, 2.0, 120.0, toeval) for _ in range(200)]
        assert all(stap / 2 <= t <= stap for t in tijden)
        assert max(tijden) - min(tijden) > stap / 4  # really spread, not one fixed moment
