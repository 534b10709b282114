"""A backoffice that goes down while the counter works, and comes back: nothing is lost."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from werkplek_embedded.demo import BERT_BSN, FATIMA_BSN, JAN_BSN, SANNE_BSN

from tests.hulp import wacht_tot
from tests.offline.backoffice import balie, contacten, vraag
from tests.postgres import PostgresServer
from werkplek.domain.model import KlantRef, nu
from werkplek.services.beeld import Uitslag

KLANTEN = [KlantRef.persoon(b) for b in (BERT_BSN, JAN_BSN, FATIMA_BSN, SANNE_BSN)]


@pytest.fixture
def server() -> Iterator[PostgresServer]:
    """A server of this test's own: stopping it touches no other test."""
    with PostgresServer() as pg:
        yield pg


@pytest.mark.asyncio
async def test_backoffice_weg_tijdens_100_registraties_dan_alles_in_volgorde_per_klant(
        server: PostgresServer, tmp_path: Path) -> None:
    url = server.maak_database("storing")
    w = balie(tmp_path, url)
    verzender = w.dossier.verzender
    werker = asyncio.create_task(verzender.draai())
    try:
        assert (await w.dossier.klant(KLANTEN[0])).waarde is not None  # up, schema made
        server.stop()
        te_registreren = contacten(w.dossier, KLANTEN, 100)
        for cm in te_registreren:
            verzending = await w.dossier.registreer(cm)
            assert verzending.uitslag is Uitslag.WACHT, verzending
            assert "bewaard" in verzending.melding
        stand = await verzender.vernieuw_stand()
        assert (stand.wachtend, stand.onbereikbaar) == (100, ("ingebouwd",))
        assert (await w.dossier.zaken(KLANTEN[0])).bronnen[0].uitkomst != "ok"

        server.start()
        # The agent's next look at a dossier finds the backoffice back; the worker sends.
        assert (await w.dossier.zaken(KLANTEN[1])).bronnen[0].uitkomst == "ok"
        await wacht_tot(lambda: verzender.stand.wachtend == 0, binnen=60)
        assert verzender.stand.online and verzender.stand.geparkeerd == 0

        rijen = vraag(url, "SELECT id, klant_nummer, vraag FROM contactmoment "
                           "WHERE vraag LIKE 'Vraag %' ORDER BY xmin::text::bigint")
        assert sorted(r[0] for r in rijen) == sorted(c.id for c in te_registreren)
        for klant in KLANTEN:  # arrived in the order they were registered, per customer
            verwacht = [c.vraag for c in te_registreren if c.klant == klant]
            assert [r[2] for r in rijen if r[1] == klant.nummer] == verwacht
    finally:
        werker.cancel()
        await asyncio.gather(werker, return_exceptions=True)
        await w.aclose()


@pytest.mark.asyncio
async def test_afspraak_geboekt_terwijl_de_agenda_weg_is_komt_er_een_keer(
        server: PostgresServer, tmp_path: Path) -> None:
    url = server.maak_database("agenda")
    w = balie(tmp_path, url)
    try:
        agenda = next(a for a in (await w.agenda.agendas()).waarde if a.id == "mdewit")
        morgen = nu() + timedelta(days=1)
        slot = (await w.agenda.vrije_tijden("mdewit", morgen, morgen + timedelta(days=7))
                ).waarde[0]
        server.stop()
        verzoek = w.agenda.verzoek(agenda, slot, klant=KLANTEN[0], klantnaam="Bert Burger",
                                   onderwerp="Bijstandsuitkering", notitie="Baan kwijt")
        verzending = await w.agenda.boek(verzoek)
        assert verzending.uitslag is Uitslag.WACHT
        assert [b.soort for b in await w.dossier.verzender.berichten()] == ["afspraak"]

        server.start()
        assert (await w.dossier.verzender.leeg(forceer=True))[verzoek.id].ok
        assert await w.dossier.verzender.leeg(forceer=True) == {}  # nothing left to send
        rijen = vraag(url, "SELECT id FROM afspraak WHERE klant_nummer = %s "
                           "AND onderwerp = 'Bijstandsuitkering'", BERT_BSN)
        assert [r[0] for r in rijen] == [verzoek.id]
        [afspraak] = (await w.agenda.afspraken(KLANTEN[0])).waarde
        assert (afspraak.id, afspraak.begin, afspraak.notitie) == (
            verzoek.id, slot.begin, "Baan kwijt")
    finally:
        await w.aclose()
