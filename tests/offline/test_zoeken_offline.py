"""Offline, a cached person is found by name and birth date as well as by BSN: the folded
name (Öztürk as ozturk) beside each cached card, inside the encrypted store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import bindparam, text
from werkplek_embedded.demo import AYSE_BSN, BERT_BSN

from tests.offline.backoffice import balie
from tests.postgres import PostgresServer
from werkplek.domain.model import KlantRef, nu
from werkplek.services.plugins import Uitkomst
from werkplek.store.repositories import PERSONEN_IN_CACHE, CacheOpslag


@pytest.fixture
def server() -> Iterator[PostgresServer]:
    """A server of this test's own: stopping it touches no other test."""
    with PostgresServer() as pg:
        yield pg


@pytest.mark.asyncio
async def test_offline_op_naam_en_geboortedatum_uit_de_cache(server: PostgresServer,
                                                             tmp_path: Path) -> None:
    w = balie(tmp_path, server.maak_database("offline"))
    try:
        assert w.store.versleuteld and w.dossier.cache.aan
        for bsn in (BERT_BSN, AYSE_BSN):  # opened today: their cards are in the cache
            assert (await w.dossier.klant(KlantRef.persoon(bsn))).waarde is not None
        server.stop()
        for getypt, bsn in (("Burger 14-03-1980", BERT_BSN), ("Öztürk 30-04-1987", AYSE_BSN),
                            ("ozturk 30-04-1987", AYSE_BSN), ("Ayşe ÖZTÜRK 30-04-1987",
                                                              AYSE_BSN)):
            deel = await w.dossier.zoek(w.dossier.zoekvraag(getypt))
            assert [r.klant.nummer for r in deel.waarde] == [bsn], getypt
            assert [b.uitkomst for b in deel.bronnen] != [Uitkomst.OK]  # the source is down
        # Jan was never opened here: offline he cannot be found; nor Bert on another date.
        assert (await w.dossier.zoek(w.dossier.zoekvraag("Burger 02-06-1944"))).waarde == []
        assert (await w.dossier.zoek(w.dossier.zoekvraag("Burger 15-03-1980"))).waarde == []
    finally:
        await w.aclose()


def test_cachezoeken_leest_de_index_en_verdwijnt_met_de_bewaartermijn(tmp_path: Path) -> None:
    from werkplek.store.database import Store

    store = Store(tmp_path / "c.db", "0123456789abcdef" * 4)
    try:
        cache = CacheOpslag(store)
        toen = nu() - timedelta(days=40)
        cache.bewaar("klant", "persoon:1", [("bron", "{}")], toen,
                     {"bron": ("ozturk", date(1987, 4, 30))})
        cache.bewaar("klant", "persoon:2", [("bron", "{}")], nu(),
                     {"bron": ("ijsselstein", date(1970, 1, 2))})
        assert [g.bron for g in cache.zoek_personen(
            "klant", ["ozturk"], date(1987, 4, 30), ["bron"])] == ["bron"]
        assert cache.zoek_personen("klant", ["ozturk"], date(1987, 4, 30), ["ander"]) == []
        sql = text("EXPLAIN QUERY PLAN " + PERSONEN_IN_CACHE).bindparams(
            bindparam("namen", expanding=True), bindparam("bronnen", expanding=True))
        with store.engine.connect() as conn:
            plan = [r[-1] for r in conn.execute(sql, {
                "namen": ["ozturk", "x"], "geboren": "1987-04-30", "soort": "klant",
                "bronnen": ["bron"]})]
        assert any("USING INDEX ix_cache_persoon_zoeknaam" in p for p in plan), plan
        assert not any(p.startswith("SCAN") for p in plan), plan
        assert cache.wis_ouder_dan(nu() - timedelta(days=30)) == 1  # the retention limit
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT zoeknaam FROM cache_persoon")).scalars().all() == [
                "ijsselstein"]
    finally:
        store.sluit()
