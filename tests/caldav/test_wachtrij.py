"""A booking made while the CalDAV server is down waits in the outbox and is made once, later."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from werkplek_embedded.demo import BERT_BSN

from tests.caldav.conftest import MDEWIT, WACHTWOORD, items_in
from tests.radicale import Radicale, maak_agenda
from tests.sleutelbos import GeheugenKeyring
from tests.ui.test_reis_agenda_radicale import PROFIEL
from werkplek.app import bouw
from werkplek.domain.model import KlantRef, nu
from werkplek.services.beeld import Uitslag
from werkplek.services.profiel import lees_profiel


@pytest.mark.asyncio
async def test_boeken_terwijl_de_agendaserver_weg_is(tmp_path: Path,
                                                    sleutelbos: GeheugenKeyring) -> None:
    with Radicale({"kcc": WACHTWOORD}) as server:
        await maak_agenda(server.url, MDEWIT, "kcc", WACHTWOORD, "M. de Wit")
        pad = tmp_path / "test.toml"
        pad.write_text(PROFIEL.format(url=server.url), encoding="utf-8")
        w = bouw(lees_profiel(pad, os_gebruiker="testagent"), tmp_path / "data")
        try:
            [agenda] = (await w.agenda.agendas()).waarde
            morgen = nu() + timedelta(days=1)
            slot = (await w.agenda.vrije_tijden(agenda.id, morgen, morgen + timedelta(days=7))
                    ).waarde[0]
            server.stop()
            verzoek = w.agenda.verzoek(agenda, slot, klant=KlantRef.persoon(BERT_BSN),
                                       klantnaam="Bert Burger", onderwerp="Werk zoeken",
                                       notitie="Baan kwijt")
            verzending = await w.agenda.boek(verzoek)
            assert verzending.uitslag is Uitslag.WACHT, verzending  # kept, not parked
            stand = await w.dossier.verzender.vernieuw_stand()
            assert (stand.wachtend, stand.geparkeerd) == (1, 0)

            server.start()
            assert (await w.dossier.verzender.leeg(forceer=True))[verzoek.id].ok
            assert await w.dossier.verzender.leeg(forceer=True) == {}
            assert len(await items_in(server.url, MDEWIT)) == 1  # booked once
        finally:
            await w.aclose()
