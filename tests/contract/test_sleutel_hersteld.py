"""A key Open Klant refuses keeps a contact waiting in the outbox, never parked; once the
beheerder corrects it with ``werkplek secrets set`` the sync worker sends it by itself.

werkplek's own services (profile, store, outbox, worker) and command line, against the Open
Klant fake on loopback; only the keyring is the tests' in-memory one.
"""

from __future__ import annotations

import asyncio
import io
import sys
from pathlib import Path

import pytest
from werkplek_embedded.demo import BERT_BSN

from tests.contract.fixtures_openklant import SPEC, TOKEN, OpenKlant
from tests.contract.server import Contractserver
from tests.hulp import wacht_tot
from tests.sleutelbos import GeheugenKeyring
from werkplek import cli
from werkplek.app import bouw
from werkplek.domain.model import Afhandeling, Kanaal, KlantRef, nu
from werkplek.services.beeld import Uitslag
from werkplek.services.profiel import lees_profiel

PROFIEL = """
[profiel]
naam = "sleutels"
gemeente = "Gemeente Demodam"

[plugins.ingebouwd]
plugin = "werkplek_embedded"
demo = true

[plugins.openklant]
plugin = "werkplek_openklant"
url = "{url}"

[capabilities]
personen = ["ingebouwd"]
klantcontacten = ["openklant"]
"""


@pytest.mark.asyncio
async def test_een_contact_gaat_vanzelf_uit_zodra_werkplek_secrets_set_de_sleutel_herstelt(
        tmp_path: Path, sleutelbos: GeheugenKeyring,
        contractserver: type[Contractserver], monkeypatch: pytest.MonkeyPatch) -> None:
    server = contractserver(SPEC)  # type: ignore[call-arg]
    ok = OpenKlant(server)
    pad = tmp_path / "sleutels.toml"
    pad.write_text(PROFIEL.format(url=server.url), encoding="utf-8")
    sleutelbos.set_password("werkplek/sleutels", "openklant.api_token", "een-oude-sleutel")
    w = bouw(lees_profiel(pad, os_gebruiker="agent"), tmp_path / "data")
    werker = asyncio.create_task(w.dossier.verzender.draai())
    try:
        bert = KlantRef.persoon(BERT_BSN)
        assert (await w.dossier.klant(bert)).waarde is not None
        contact = w.dossier.maak_contactmoment(
            klant=bert, kanaal=Kanaal.TELEFOON, onderwerp="Paspoort",
            vraag="Wanneer is mijn paspoort klaar?", antwoord="Over vijf werkdagen.",
            afhandeling=Afhandeling.IN_EEN_KEER, zaken=(), begin=nu(),
            telefoonnummer="+31612345678")

        verzending = await w.dossier.registreer(contact)

        # Refused for the key, not for the content: waiting, with what to do, never parked.
        assert verzending.uitslag is Uitslag.WACHT
        assert "Open Klant weigert de sleutel van deze werkplek (HTTP 401)" in verzending.melding
        assert "werkplek secrets set sleutels openklant api_token" in verzending.melding
        [bericht] = await w.dossier.verzender.berichten()
        assert (bericht.id, bericht.status) == (contact.id, "wachtend")
        assert ok.klantcontacten == {}

        # The beheerder sets the right key; nobody touches the window or the outbox.
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{TOKEN}\n"))
        assert cli.main(["secrets", "set", str(pad), "openklant", "api_token"]) == 0

        await wacht_tot(lambda: w.dossier.verzender.stand.wachtend == 0, binnen=30)
        assert await w.dossier.verzender.berichten() == []
        [kc] = ok.klantcontacten.values()
        assert kc["onderwerp"] == "Paspoort"
        assert [a["adres"] for a in ok.digitaleadressen.values()] == ["+31612345678"]
        assert [c.id for c in await w.host.actief["openklant"].object.contactmomenten(
            bert)] == [contact.id]  # type: ignore[union-attr]
    finally:
        werker.cancel()
        await asyncio.gather(werker, return_exceptions=True)
        await w.aclose()
