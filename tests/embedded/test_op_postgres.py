"""The embedded plugin with PostgreSQL as its database: schema, demo data, and two workstations
that store the same contact or booking at the same moment."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Awaitable
from pathlib import Path
from typing import LiteralString, TypeVar

import pytest
from werkplek_embedded import SCHEMA_VERSIE
from werkplek_embedded.demo import BERT_BSN

from tests.embedded.hulp import BERT, MaakPlugin, contact, verzoek, vrij_slot, wacht_op_slot
from tests.postgres import PostgresServer
from tests.unit.test_embedded import controleer_migraties_terug_en_weer_heen
from werkplek.domain.agenda import Afspraak
from werkplek.domain.invoer import zoekvraag
from werkplek.domain.model import Contactmoment, Zaakaanvraag, nu
from werkplek.ports import SlotBezet

T = TypeVar("T")


def test_migraties_terug_en_weer_heen_op_postgres(postgres: PostgresServer,
                                                  database: str) -> None:
    controleer_migraties_terug_en_weer_heen(postgres.url(database))


@pytest.mark.asyncio
async def test_demo_op_postgres(postgres: PostgresServer, database: str,
                                maak_plugin: MaakPlugin) -> None:
    plugin = maak_plugin(postgres.url(database), demo=True)
    gezond = await plugin.health()
    assert gezond.in_orde
    assert gezond.toelichting == f"database 127.0.0.1:{postgres.poort}/{database}, 6 personen"
    assert postgres.tel("SELECT count(*) FROM alembic_version_embedded WHERE version_num = %s",
                        SCHEMA_VERSIE, database=database) == 1

    assert [p.naam for p in await plugin.zoek_personen(zoekvraag(BERT_BSN))] == ["Bert Burger"]
    assert [p.naam for p in await plugin.zoek_personen(zoekvraag("Bert Burger 14-03-1980"))
            ] == ["Bert Burger"]
    assert [p.naam for p in await plugin.zoek_personen(zoekvraag("3011AB 12"))] == [
        "Bert Burger", "Sanne Burger", "Thijs Burger"]
    zaken = await plugin.zaken(BERT)
    assert {"ZAAK-2026-0101", "ZAAK-2026-0042"} <= {z.identificatie for z in zaken}
    assert all(z.statussen for z in zaken)
    eerder = await plugin.contactmomenten(BERT)
    assert len(eerder) >= 4 and eerder[0].begin.tzinfo is not None
    assert len(await plugin.artikelen()) >= 30

    # Registered twice (a re-send from the outbox): stored once.
    cm = contact("11111111-2222-4333-8444-000000000001")
    opgeslagen = await plugin.registreer(cm)
    assert await plugin.registreer(cm) == opgeslagen
    assert opgeslagen.begin == cm.begin and set(opgeslagen.zaken) == {"ZAAK-2026-0101"}
    assert postgres.tel("SELECT count(*) FROM contactmoment WHERE id = %s", cm.id,
                        database=database) == 1
    assert (await plugin.contactmomenten(BERT))[0].id == cm.id  # the newest first

    slot = await vrij_slot(plugin)
    afspraak = await plugin.boek(verzoek("bbbbbbbb-0000-4000-8000-000000000001", slot))
    assert await plugin.boek(verzoek("bbbbbbbb-0000-4000-8000-000000000001", slot)) == afspraak
    with pytest.raises(SlotBezet, match="net bezet"):
        await plugin.boek(verzoek("bbbbbbbb-0000-4000-8000-000000000002", slot))
    assert [a.id for a in await plugin.afspraken(BERT)] == [afspraak.id]
    assert afspraak.begin == slot.begin

    zaak = await plugin.start_zaak(Zaakaanvraag("aaaaaaaa-0000-4000-8000-000000000001",
                                                "BIJSTAND", BERT, "Bijstandsuitkering"))
    assert zaak.identificatie.startswith(f"ZAAK-{nu().year}-")

    # A second workstation opening the filled database leaves the demo data as it is; a URL
    # without a driver gets psycopg (3), which werkplek ships.
    ander = maak_plugin(postgres.url(database).replace("+psycopg", ""), demo=True)
    assert (await ander.health()).toelichting.endswith(", 6 personen")
    assert len(await ander.contactmomenten(BERT)) == len(eerder) + 1


async def gelijktijdig(postgres: PostgresServer, database: str, tabel: LiteralString,
                       *aanroepen: Awaitable[T]) -> list[T | BaseException]:
    """Run the calls while ``tabel`` is locked against writes, so each has looked the id up
    and finds nothing, and all wait to insert; then let them go at once."""
    with postgres.verbind(database) as conn:
        conn.execute(f"LOCK TABLE {tabel} IN EXCLUSIVE MODE")
        taak = asyncio.gather(*aanroepen, return_exceptions=True)
        try:
            await wacht_op_slot(postgres, database, len(aanroepen))
        finally:
            conn.commit()
    return await taak


@pytest.mark.asyncio
async def test_twee_werkplekken_registreren_hetzelfde_contact_tegelijk(
        postgres: PostgresServer, database: str, maak_plugin: MaakPlugin) -> None:
    url = postgres.url(database)
    a, b = maak_plugin(url, demo=True), maak_plugin(url, demo=True)
    await asyncio.gather(a.health(), b.health())  # both opened: schema and demo made once
    assert postgres.tel("SELECT count(*) FROM persoon", database=database) == 6

    cm = contact("11111111-2222-4333-8444-000000000002")
    uitkomsten = await gelijktijdig(postgres, database, "contactmoment",
                                    a.registreer(cm), b.registreer(cm))
    assert uitkomsten[0] == uitkomsten[1] and isinstance(uitkomsten[0], Contactmoment)
    assert uitkomsten[0].id == cm.id
    assert postgres.tel("SELECT count(*) FROM contactmoment WHERE id = %s", cm.id,
                        database=database) == 1
    assert postgres.tel("SELECT count(*) FROM contactmoment_zaak WHERE contactmoment_id = %s",
                        cm.id, database=database) == 1

    # Without the lock as well: many contacts, each sent by both workstations at once.
    contacten = [contact(f"11111111-2222-4333-8444-1000000000{i:02d}") for i in range(20)]
    await asyncio.gather(*(p.registreer(c) for c in contacten for p in (a, b)))
    assert postgres.tel("SELECT count(*) FROM contactmoment WHERE id LIKE %s",
                        "%-1000000000__", database=database) == 20


@pytest.mark.asyncio
async def test_twee_werkplekken_boeken_tegelijk(postgres: PostgresServer, database: str,
                                                maak_plugin: MaakPlugin) -> None:
    url = postgres.url(database)
    a, b = maak_plugin(url, demo=True), maak_plugin(url, demo=True)
    await asyncio.gather(a.health(), b.health())

    # The same booking from both (a re-send racing the first send): booked once.
    slot = await vrij_slot(a)
    zelfde = verzoek("bbbbbbbb-0000-4000-8000-000000000010", slot)
    uitkomsten = await gelijktijdig(postgres, database, "afspraak", a.boek(zelfde),
                                    b.boek(zelfde))
    assert uitkomsten[0] == uitkomsten[1] and isinstance(uitkomsten[0], Afspraak)
    assert postgres.tel("SELECT count(*) FROM afspraak WHERE id = %s", zelfde.id,
                        database=database) == 1

    # Two different bookings of one slot: one is booked, the other hears it is taken.
    slot = await vrij_slot(a)
    uitkomsten = await gelijktijdig(
        postgres, database, "afspraak",
        a.boek(verzoek("bbbbbbbb-0000-4000-8000-000000000011", slot)),
        b.boek(verzoek("bbbbbbbb-0000-4000-8000-000000000012", slot)))
    assert sorted(type(u).__name__ for u in uitkomsten) == ["Afspraak", "SlotBezet"]
    assert postgres.tel("SELECT count(*) FROM afspraak WHERE id LIKE %s",
                        "bbbbbbbb-0000-4000-8000-00000000001_", database=database) == 2


@pytest.mark.parametrize("werkplekken", [2, 5])
def test_werkplekken_starten_tegelijk_zaken_zonder_botsing(
        postgres: PostgresServer, database: str, tmp_path: Path, werkplekken: int) -> None:
    """Several processes start 20 zaken each at the same moment: every start succeeds and
    every zaak has its own number (the numbers come from the database)."""
    url = postgres.url(database)
    startsein = tmp_path / "start"
    opdracht = [sys.executable, "-m", "tests.embedded.zaakstarter", url]
    subprocess.run([*opdracht, "0", str(startsein), "--demo"], check=True, timeout=120,
                   capture_output=True)
    voor = postgres.tel("SELECT count(*) FROM zaak", database=database)
    processen = [subprocess.Popen([*opdracht, "20", str(startsein)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for _ in range(werkplekken)]
    try:
        for p in processen:  # each has opened the database and waits for the signal
            assert p.stdout is not None
            assert json.loads(p.stdout.readline() or "{}") == {"klaar": True}, p.stderr
        startsein.touch()
        uitkomsten = [json.loads(p.communicate(timeout=120)[0]) for p in processen]
    finally:
        for p in processen:
            if p.poll() is None:
                p.kill()
                p.wait()
    fouten = [f for u in uitkomsten for f in u["fouten"]]
    nummers = [z for u in uitkomsten for z in u["zaken"]]
    assert fouten == []
    assert len(nummers) == len(set(nummers)) == 20 * werkplekken
    assert postgres.tel("SELECT count(*) FROM zaak", database=database) == voor + len(nummers)
