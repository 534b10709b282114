"""The embedded plugin when its PostgreSQL server is down or drops the connection: every call
says so in Dutch (BronOnbereikbaar, no URL, no password), and works again once it is back."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import keyring
import pytest
from werkplek_embedded import EmbeddedPlugin, create_plugin
from werkplek_embedded.demo import BERT_BSN, HAVEN_KVK

from tests.embedded.hulp import (
    BERT,
    WACHTEND_OP_SLOT,
    MaakPlugin,
    contact,
    gebeurtenis,
    verzoek,
    vrij_slot,
    wacht_op_slot,
)
from tests.postgres import PostgresServer
from tests.unit.test_embedded import context
from werkplek.domain.agenda import Afspraak, Afspraakstatus, Tijdslot
from werkplek.domain.invoer import zoekvraag
from werkplek.domain.model import Medewerker, Rol, Zaakaanvraag, nu
from werkplek.domain.oproep import Agentstatus
from werkplek.domain.wachtrij import Gebeurtenissoort
from werkplek.ports import BronOnbereikbaar

WACHTWOORD = "zeer-geheim-42"
MELDING = "De database van Werkplek (ingebouwd) is niet bereikbaar. Probeer het later opnieuw."

Aanroep = Callable[[EmbeddedPlugin], Awaitable[object]]


def met_wachtwoord(server: PostgresServer, database: str) -> str:
    """The database's URL, its password in the keyring (trust auth does not ask for it)."""
    keyring.set_password("werkplek/test", "ingebouwd.wachtwoord", WACHTWOORD)
    return server.url(database)


def elke_aanroep(afspraak: Afspraak, slot: Tijdslot, ander_slot: Tijdslot
                 ) -> dict[str, Aanroep]:
    """Every call of the plugin's ports, with arguments that work while the server is up:
    ``slot`` to book, ``ander_slot`` in the agenda of ``afspraak`` to move it to."""
    morgen = nu() + timedelta(days=1)
    afspraak = dataclasses.replace(afspraak, versie="")  # not refused as changed meanwhile
    return {
        "health": lambda p: p.health(),
        "zoek_personen": lambda p: p.zoek_personen(zoekvraag(BERT_BSN)),
        "persoon": lambda p: p.persoon(BERT_BSN),
        "zoek_bedrijven": lambda p: p.zoek_bedrijven(zoekvraag(HAVEN_KVK)),
        "bedrijf": lambda p: p.bedrijf(HAVEN_KVK),
        "zaken": lambda p: p.zaken(BERT),
        "zaak": lambda p: p.zaak("ZAAK-2026-0101"),
        "zaaktypen": lambda p: p.zaaktypen(),
        "start_zaak": lambda p: p.start_zaak(Zaakaanvraag(
            "aaaaaaaa-0000-4000-8000-000000000009", "WERK", BERT, "Begeleiding naar werk")),
        "contactmomenten": lambda p: p.contactmomenten(BERT),
        "registreer": lambda p: p.registreer(contact("11111111-2222-4333-8444-000000000009")),
        "artikelen": lambda p: p.artikelen(),
        "agendas": lambda p: p.agendas(),
        "vrije_tijden": lambda p: p.vrije_tijden("mdewit", morgen, morgen + timedelta(days=7)),
        "boek": lambda p: p.boek(verzoek("bbbbbbbb-0000-4000-8000-000000000009", slot)),
        "afspraken": lambda p: p.afspraken(BERT),
        "afspraken_op": lambda p: p.afspraken_op(nu().date()),
        "zet_status": lambda p: p.zet_status(afspraak, Afspraakstatus.AANWEZIG),
        "verzet": lambda p: p.verzet(afspraak, ander_slot.begin, ander_slot.einde),
        "meld": lambda p: p.meld(gebeurtenis(Gebeurtenissoort.AGENTSTATUS, medewerker="a.jansen",
                                             status=Agentstatus.PAUZE)),
        "feiten": lambda p: p.feiten(nu() - timedelta(hours=1)),
        "geef_ticket": lambda p: p.geef_ticket("cccccccc-0000-4000-8000-000000000009"),
        "roep_volgende": lambda p: p.roep_volgende(Medewerker("k.smit", "K. Smit", Rol.BALIE)),
        "annuleer": lambda p: p.annuleer(afspraak),
    }


async def onbereikbaar(aanroep: Awaitable[object]) -> BronOnbereikbaar:
    with pytest.raises(BronOnbereikbaar) as fout:
        await aanroep
    assert str(fout.value) == MELDING
    assert fout.value.__cause__ is None and fout.value.__suppress_context__
    return fout.value


def geen_geheimen_in_het_log(caplog: pytest.LogCaptureFixture) -> None:
    for record in caplog.records:
        regel = record.getMessage()
        assert WACHTWOORD not in regel and "postgresql" not in regel, regel


@pytest.mark.asyncio
async def test_server_weg_bij_de_eerste_aanroep_daarna_weer_op(
        eigen_postgres: PostgresServer, maak_plugin: MaakPlugin,
        caplog: pytest.LogCaptureFixture) -> None:
    eigen_postgres.maak_database("balie")
    eigen_postgres.stop()
    plugin = maak_plugin(met_wachtwoord(eigen_postgres, "balie"), demo=True)
    for _ in range(2):  # each call tries to open the database again
        await onbereikbaar(plugin.persoon(BERT_BSN))

    eigen_postgres.start()
    bert = await plugin.persoon(BERT_BSN)
    assert bert is not None and bert.naam == "Bert Burger"
    assert (await plugin.health()).toelichting == (
        f"database 127.0.0.1:{eigen_postgres.poort}/balie, 6 personen")
    geen_geheimen_in_het_log(caplog)
    meldingen = [r.getMessage() for r in caplog.records if r.name == "werkplek_embedded"]
    assert meldingen[0].startswith(
        f"Ingebouwde database op 127.0.0.1:{eigen_postgres.poort}/balie niet bereikbaar: "
        "OperationalError: ")
    assert f"Ingebouwde database op 127.0.0.1:{eigen_postgres.poort}/balie weer bereikbaar" in (
        meldingen)


@pytest.mark.asyncio
async def test_server_weg_en_terug_onder_dezelfde_plugin(
        eigen_postgres: PostgresServer, maak_plugin: MaakPlugin,
        caplog: pytest.LogCaptureFixture) -> None:
    eigen_postgres.maak_database("balie")
    plugin = maak_plugin(met_wachtwoord(eigen_postgres, "balie"), demo=True)
    afspraak = (await plugin.afspraken_op(nu().date(), "Stadskantoor"))[1]
    aanroepen = elke_aanroep(afspraak, await vrij_slot(plugin),
                             await vrij_slot(plugin, afspraak.agenda))

    eigen_postgres.stop()
    for naam, aanroep in aanroepen.items():
        fout = await onbereikbaar(aanroep(plugin))
        assert WACHTWOORD not in str(fout), naam
    waarschuwingen = [r for r in caplog.records
                      if r.name == "werkplek_embedded" and r.levelno == logging.WARNING]
    assert len(waarschuwingen) == 1  # once when it went away, not once per call

    eigen_postgres.start()  # the same plugin instance, no restart: every call works again
    for aanroep in aanroepen.values():
        await aanroep(plugin)
    assert eigen_postgres.tel("SELECT count(*) FROM contactmoment WHERE id = %s",
                              "11111111-2222-4333-8444-000000000009", database="balie") == 1
    assert eigen_postgres.tel("SELECT count(*) FROM afspraak WHERE id = %s", afspraak.id,
                              database="balie") == 0  # annuleer was the last call
    geen_geheimen_in_het_log(caplog)


@pytest.mark.asyncio
async def test_verbinding_verbroken_midden_in_een_aanroep(
        postgres: PostgresServer, database: str, maak_plugin: MaakPlugin) -> None:
    plugin = maak_plugin(postgres.url(database), demo=True)
    voor = len(await plugin.contactmomenten(BERT))

    with postgres.verbind(database) as conn:
        conn.execute("LOCK TABLE contactmoment IN ACCESS EXCLUSIVE MODE")  # the call waits
        taak = asyncio.ensure_future(plugin.contactmomenten(BERT))
        try:
            await wacht_op_slot(postgres, database, 1)
            assert postgres.tel("SELECT count(pg_terminate_backend(pid)) " + WACHTEND_OP_SLOT,
                                database) == 1
        finally:
            conn.commit()
    await onbereikbaar(taak)
    assert len(await plugin.contactmomenten(BERT)) == voor  # a new connection

    # Connections dropped while idle in the pool are replaced before use, unnoticed.
    assert postgres.tel("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                        "datname = %s AND pid <> pg_backend_pid()", database) >= 1
    assert len(await plugin.contactmomenten(BERT)) == voor


@pytest.mark.parametrize("url", [f"postgresql+psycopg://postgres:{WACHTWOORD}@db:poort/balie",
                                 f"geenidee://postgres:{WACHTWOORD}@db/balie",
                                 f"{WACHTWOORD} is geen URL"])
def test_onbruikbare_url_noemt_geen_wachtwoord(url: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError) as fout:
        create_plugin({"url": url}, context(tmp_path))
    assert str(fout.value) == ("De instelling 'url' van Werkplek (ingebouwd) is geen bruikbare "
                               "database-URL.")
    assert fout.value.__cause__ is None and fout.value.__suppress_context__


def test_een_wachtwoord_in_de_url_wordt_geweigerd(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as e:
        create_plugin({"url": f"postgresql://kcc:{WACHTWOORD}@127.0.0.1:5432/balie"},
                      context(tmp_path))
    assert "sleutelbos" in str(e.value) and "ingebouwd.wachtwoord" in str(e.value)
    assert WACHTWOORD not in str(e.value)
