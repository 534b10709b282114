"""The kennisbank's search at scale: prefix indexes, top-N without bodies, a list by pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from werkplek.domain.model import Kanaal, Kennisartikel
from werkplek.services.beeld import Kennispagina
from werkplek.services.dossier import KennisbankService
from werkplek.services.werker import StoreWerker
from werkplek.store import repositories
from werkplek.store.database import Store
from werkplek.store.repositories import PAGINA, PREFIXEN, KennisIndex, fts_vraag
from werkplek.store.rijen import Kennistreffer

SLEUTEL = "0123456789abcdef" * 4
AANTAL = 3 * PAGINA + 7


def artikelen(n: int = AANTAL) -> list[Kennisartikel]:
    """Articles over ten onderwerpen; every body says 'lichaam' and the number."""
    return [Kennisartikel(f"a{i:04d}", f"Titel {i:04d} {'paspoort' if i % 7 == 0 else 'afval'}",
                          f"Onderwerp {i % 10}", f"Samenvatting {i}",
                          f"Lichaam van artikel {i}. " * 40, ("trefwoord",),
                          ((Kanaal.BALIE, "balie"),), bron="b") for i in range(n)]


def _index(map_: Path) -> Iterator[KennisIndex]:
    store = Store(map_ / "k.db", SLEUTEL)
    index = KennisIndex(store)
    index.vervang("b", artikelen())
    yield index
    store.sluit()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KennisIndex]:
    """One store for the tests that only read (opening a store migrates it: not for free)."""
    yield from _index(tmp_path_factory.mktemp("kennis"))


@pytest.fixture
def eigen_index(tmp_path: Path) -> Iterator[KennisIndex]:
    """A store of the test's own, for a test that changes the index."""
    yield from _index(tmp_path)


def _plan(index: KennisIndex, sql: str, **waarden: object) -> str:
    with index._store.engine.connect() as conn:
        return "\n".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql),
                                                            waarden))


def test_fts_tabel_heeft_prefixindexen_voor_een_twee_en_drie_letters(index: KennisIndex) -> None:
    with index._store.engine.connect() as conn:
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'kennis_fts'")
                           ).scalar()
    m = re.search(r"prefix\s*=\s*'([\d ]+)'", sql)
    assert m is not None, sql
    assert tuple(int(p) for p in m[1].split()) == PREFIXEN
    assert "remove_diacritics" in sql  # accent-insensitive, as before


@pytest.mark.parametrize("getypt", ["p", "P", "é", "pa", "Pá", "pas", "b 1", "paspoort a"])
def test_korte_voorvoegsels_vragen_precies_een_geindexeerd_voorvoegsel(getypt: str) -> None:
    """FTS5 reads a prefix index only for a prefix of exactly an indexed length: every word
    of one to three letters the agent types becomes such a prefix query."""
    vraag = fts_vraag(getypt)
    assert vraag is not None
    for term in re.findall(r'"([^"]*)"\*', vraag):
        assert len(term) > max(PREFIXEN) or len(term) in PREFIXEN


def test_een_letter_vindt_via_de_fts_index_en_leest_alleen_de_gevonden_rijen(
        index: KennisIndex) -> None:
    plan = _plan(index, repositories._ZOEK, vraag='"p"*', rang=repositories._RANG, limiet=5)
    assert "VIRTUAL TABLE INDEX" in plan and "SCAN a" not in plan, plan
    assert re.search(r"SEARCH a USING INTEGER PRIMARY KEY", plan), plan
    treffers = index.zoek("p")
    assert 0 < len(treffers) <= PAGINA
    assert all(isinstance(t, Kennistreffer) and not hasattr(t, "tekst") for t in treffers)
    assert all("paspoort" in t.titel.lower() or "p" in t.fragment.lower() for t in treffers)


def test_getypte_zoekvraag_geeft_de_beste_n_met_een_fragment(index: KennisIndex) -> None:
    treffers = index.zoek("pasp", limiet=5)
    assert len(treffers) == 5
    assert all("paspoort" in t.titel for t in treffers)
    assert all("paspoort" in t.fragment.lower() for t in treffers)
    assert index.zoek("lichaam 12") and index.zoek("lichaam 12")[0].id == "a0012"


def test_zeer_veel_treffers_rangschikt_op_titel_en_trefwoorden(
        index: KennisIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the limit, the body no longer ranks: title matches first, then the page is
    filled with other matches, unranked."""
    monkeypatch.setattr(repositories, "RANGGRENS", 20)
    lichaam = index.zoek("lichaam")  # in every body, in no title or trefwoord
    assert len(lichaam) == PAGINA and all("lichaam" in t.fragment.lower() for t in lichaam)
    paspoort = index.zoek("paspoort")  # 24 titles: more than the limit on any column
    assert [t.titel for t in paspoort] == sorted(t.titel for t in paspoort)
    assert len(paspoort) == len([a for a in artikelen() if "paspoort" in a.titel])


def test_lege_zoekvraag_geeft_een_pagina_langs_de_index(index: KennisIndex) -> None:
    eerste = index.pagina()
    assert len(eerste) == PAGINA
    assert all(isinstance(t, Kennistreffer) for t in eerste)
    alle: list[Kennistreffer] = []
    na = 0
    while pagina := index.pagina(na=na):
        alle += pagina
        na += len(pagina)
    assert len(alle) == AANTAL == len({t.id for t in alle})
    assert [(t.onderwerp, t.titel) for t in alle] == sorted((t.onderwerp, t.titel) for t in alle)
    plan = _plan(index, "SELECT artikel_id, bron, onderwerp, titel, samenvatting FROM"
                        " kennis_artikel ORDER BY onderwerp, titel LIMIT 50 OFFSET 0")
    assert "USING INDEX ix_kennis_artikel_lijst" in plan and "TEMP B-TREE" not in plan, plan
    plan = _plan(index, "SELECT artikel_id, titel FROM kennis_artikel"
                        " INDEXED BY ix_kennis_artikel_id")
    assert "COVERING INDEX ix_kennis_artikel_id" in plan, plan


def test_pagina_zet_het_onderwerp_van_het_contact_voorop(index: KennisIndex) -> None:
    eigen = [a.id for a in artikelen() if a.onderwerp == "Onderwerp 7"]
    alle: list[Kennistreffer] = []
    na = 0
    while pagina := index.pagina("Onderwerp 7", na, 9):
        alle += pagina
        na += len(pagina)
    assert [t.id for t in alle[:len(eigen)]] == sorted(eigen)
    assert len(alle) == AANTAL == len({t.id for t in alle})


def test_vervang_met_dezelfde_artikelen_herschrijft_de_index_niet(
        eigen_index: KennisIndex) -> None:
    index = eigen_index
    with index._store.engine.connect() as conn:
        voor = conn.execute(text("SELECT max(nr) FROM kennis_artikel")).scalar()
    assert index.vervang("b", artikelen()) == AANTAL
    with index._store.engine.connect() as conn:
        assert conn.execute(text("SELECT max(nr) FROM kennis_artikel")).scalar() == voor
    with index._store.engine.begin() as conn:  # an index made again (a migration, a salvage)
        conn.execute(text("DELETE FROM kennis_artikel"))
    assert index.vervang("b", artikelen()) == AANTAL and index.aantal() == AANTAL
    gewijzigd = artikelen()[:3]
    assert index.vervang("b", gewijzigd) == 3
    assert index.aantal() == 3 and [t.id for t in index.zoek("lichaam")] != []
    assert index.zoek("paspoort")[0].id == "a0000"


@pytest.mark.asyncio
async def test_dienst_geeft_eerst_een_pagina_en_leest_een_artikel_pas_bij_tonen(
        index: KennisIndex) -> None:
    werker = StoreWerker(index._store)
    try:
        dienst = KennisbankService(None, werker)  # type: ignore[arg-type]
        pagina = await dienst.zoek("")
        assert isinstance(pagina, Kennispagina) and len(pagina) == PAGINA
        assert pagina.verder == PAGINA
        volgende = await dienst.lijst(pagina.onderwerp, pagina.verder)
        assert not {t.id for t in pagina} & {t.id for t in volgende}
        laatste = await dienst.lijst("", 3 * PAGINA)
        assert len(laatste) == 7 and laatste.verder is None
        artikel = await dienst.artikel(pagina[0].id)
        assert artikel is not None and artikel.tekst.startswith("Lichaam")
        assert artikel.notitie(Kanaal.BALIE) == "balie"
        assert await dienst.titels([pagina[0].id]) == {pagina[0].id: pagina[0].titel}
        assert len(await dienst.titels()) == AANTAL
    finally:
        werker.sluit()
