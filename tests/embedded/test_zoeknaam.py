"""Search by name and birth date on the folded name: Unicode names found (Öztürk, Ĳ), the
index (zoeknaam, geboortedatum) used, and rows of an older schema filled by migration e0008.
On SQLite and on PostgreSQL (the team's shared database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, insert, text
from werkplek_embedded import EmbeddedPlugin, create_plugin
from werkplek_embedded.demo import AYSE_BSN
from werkplek_embedded.models import PersoonRij

from tests.embedded.hulp import MaakPlugin
from tests.postgres import PostgresServer
from tests.unit.test_embedded import context, migratiestapper
from werkplek.domain.invoer import zoekvraag

IJ_BSN = "999990196"
LIGATUUR_BSN = "999990202"


def _personen(plugin: EmbeddedPlugin) -> None:
    """Two IJsselsteins: one written through the ORM with the ligature Ĳ, one inserted
    plainly (the column's own default folds it)."""
    with plugin._sessies() as s, s.begin():
        s.add(PersoonRij(bsn=LIGATUUR_BSN, voornamen="Ĳsbrand", geslachtsnaam="Ĳsselstein",
                         geboortedatum=date(1970, 1, 2), straat="Dijk", huisnummer="1",
                         postcode="3011AA", woonplaats="Demodam"))
        s.execute(insert(PersoonRij).values(
            bsn=IJ_BSN, voornamen="Ina", geslachtsnaam="IJsselstein",
            geboortedatum=date(1970, 1, 2), straat="Dijk", huisnummer="2",
            postcode="3011AA", woonplaats="Demodam"))


async def _controleer_unicode(plugin: EmbeddedPlugin) -> None:
    await plugin.health()  # opened, migrated and filled with the demo
    _personen(plugin)
    for getypt in ("Öztürk 30-04-1987", "ozturk 30-04-1987", "OZTÜRK 30-04-1987",
                   "Ayşe Öztürk 30-04-1987", "ayse, ozturk 30-04-1987"):
        gevonden = await plugin.zoek_personen(zoekvraag(getypt))
        assert [p.bsn for p in gevonden] == [AYSE_BSN], getypt
        assert gevonden[0].naam == "Ayşe Öztürk"
    for getypt in ("IJsselstein", "Ĳsselstein", "ijsselstein", "IJSSELSTEIN", "ĳsselstein"):
        gevonden = await plugin.zoek_personen(zoekvraag(f"{getypt} 02-01-1970"))
        assert sorted(p.bsn for p in gevonden) == sorted([IJ_BSN, LIGATUUR_BSN]), getypt
    assert await plugin.zoek_personen(zoekvraag("Ozturk 01-05-1987")) == []


@pytest.mark.asyncio
async def test_unicode_namen_gevonden_op_sqlite(tmp_path: Path) -> None:
    plugin = create_plugin({"demo": True}, context(tmp_path))
    try:
        await _controleer_unicode(plugin)
    finally:
        await plugin.aclose()


@pytest.mark.asyncio
async def test_unicode_namen_gevonden_op_postgres(postgres: PostgresServer, database: str,
                                                   maak_plugin: MaakPlugin) -> None:
    await _controleer_unicode(maak_plugin(postgres.url(database), demo=True))


@pytest.mark.asyncio
async def test_zoeken_op_naam_en_geboortedatum_leest_de_index(tmp_path: Path) -> None:
    plugin = create_plugin({"demo": True}, context(tmp_path))
    uitgevoerd: list[tuple[str, Any]] = []
    try:
        await plugin.health()

        def bewaar(_c: Any, _cur: Any, sql: str, params: Any, *_: Any) -> None:
            if "FROM persoon" in sql and "zoeknaam" in sql:
                uitgevoerd.append((sql, params))

        event.listen(plugin._engine, "before_cursor_execute", bewaar)
        assert [p.bsn for p in await plugin.zoek_personen(zoekvraag("Öztürk 30-04-1987"))] == [
            AYSE_BSN]
        [(sql, params)] = uitgevoerd
        with plugin._engine.connect() as conn:
            plan = [r[-1] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
        assert any("USING INDEX ix_persoon_zoeknaam_geboortedatum" in p for p in plan), plan
        assert not any(p.startswith("SCAN persoon") for p in plan), plan
    finally:
        await plugin.aclose()


def _migratie_vult_bestaande_rijen(url: str) -> None:
    engine = create_engine(url)
    naar = migratiestapper(engine)
    try:
        naar("e0007")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO persoon (bsn, voornamen, voorvoegsel, geslachtsnaam, geboortedatum,"
                " straat, huisnummer, postcode, woonplaats, geheimhouding) VALUES (:b, 'Ayşe',"
                " '', 'Öztürk', :d, 'Molenwerf', '21', '3012CK', 'Demodam', false)"),
                {"b": AYSE_BSN, "d": date(1987, 4, 30)})
        naar("head")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT zoeknaam FROM persoon")).scalar() == "ozturk"
        naar("e0007", omhoog=False)
        naar("head")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT zoeknaam FROM persoon")).scalar() == "ozturk"
    finally:
        engine.dispose()


def test_migratie_vult_de_zoeknaam_van_bestaande_personen_sqlite(tmp_path: Path) -> None:
    _migratie_vult_bestaande_rijen(f"sqlite:///{tmp_path / 'oud.db'}")


def test_migratie_vult_de_zoeknaam_van_bestaande_personen_postgres(
        postgres: PostgresServer, database: str) -> None:
    _migratie_vult_bestaande_rijen(postgres.url(database))
