"""The local store: migrations from empty, audit log, settings, and the kennisbank index."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, text

from werkplek.domain.model import Kennisartikel, KlantRef, nu
from werkplek.store.database import MIGRATIES, SCHEMA_VERSIE, Store, maak_engine, migreer
from werkplek.store.repositories import AuditLog, Instellingen, KennisIndex

SLEUTEL = "0123456789abcdef" * 4
"""A fixed raw key for stores a test opens itself."""


def test_migraties_vanaf_leeg_en_terug(tmp_path: Path) -> None:
    engine = maak_engine(tmp_path / "leeg.db", SLEUTEL)
    migreer(engine, MIGRATIES)
    tabellen = set(inspect(engine).get_table_names())
    assert {"audit", "instelling", "kennis_fts", "alembic_version"} <= tabellen
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIES))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    migreer(engine, MIGRATIES)
    with engine.connect() as conn:
        versie = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert versie == SCHEMA_VERSIE
    engine.dispose()


def test_audit_en_instellingen(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", SLEUTEL)
    audit = AuditLog(store)
    bert = KlantRef.persoon("999993653")
    audit.schrijf(medewerker="a.jansen", klant=bert, doel="Klantcontact", bron="ingebouwd",
                  handeling="klantbeeld", tijdstip=nu())
    regels = audit.van_klant(bert)
    assert [(r.medewerker, r.handeling, r.bron) for r in regels] == [
        ("a.jansen", "klantbeeld", "ingebouwd")]
    inst = Instellingen(store)
    assert inst.lees("x") is None
    inst.schrijf("x", "1")
    inst.schrijf("x", "2")
    assert inst.lees("x") == "2"
    inst.wis("x")
    assert inst.lees("x") is None
    store.sluit()


ARTIKELEN = [
    Kennisartikel("a", "Paspoort aanvragen", "Paspoort", "Reisdocument aanvragen.",
                  "Een paspoort vraagt u aan op afspraak.", ("reisdocument", "vakantie")),
    Kennisartikel("b", "Reünie en evenementen", "Evenementenvergunning", "Feest op straat.",
                  "Voor een straatfeest of reünie is soms een vergunning nodig.", ("feest",)),
    Kennisartikel("c", "Kwijtschelding", "Kwijtschelding gemeentelijke belastingen",
                  "Niet kunnen betalen.", "Vraag kwijtschelding aan bij een laag inkomen; "
                  "ook na een paspoort-vraag.", ("belasting",)),
]


def test_kennisindex_rangschikt_en_negeert_accenten(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", SLEUTEL)
    index = KennisIndex(store)
    assert index.vervang("bron", ARTIKELEN) == 3
    assert [a.id for a in index.zoek("reunie")] == ["b"]
    assert [a.id for a in index.zoek("REÜNIE")] == ["b"]
    # Title beats body text: "paspoort" is in a's title and only in c's text.
    assert [a.id for a in index.zoek("paspoort")] == ["a", "c"]
    assert [a.id for a in index.zoek("pasp")] == ["a", "c"]  # prefix, for search as you type
    assert index.onderwerpen() == sorted(a.onderwerp for a in ARTIKELEN)
    index.vervang("bron", ARTIKELEN[:1])
    assert [a.id for a in index.alle()] == ["a"]
    store.sluit()


def test_zoeken_met_sql_of_fts_tekens_vindt_iets_of_niets(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", SLEUTEL)
    index = KennisIndex(store)
    index.vervang("bron", ARTIKELEN)
    for vraag in ['"', "'", "*", "NEAR", "NEAR(a b)", "--", "a OR b", "paspoort\" OR \"x",
                  "'; DROP TABLE kennis_fts; --", "(", "^pas", "titel:paspoort", "AND", "-"]:
        index.zoek(vraag)  # must not raise
    assert [a.id for a in index.zoek('"paspoort"')] == ["a", "c"]
    assert [a.id for a in index.zoek("paspoort --")] == ["a", "c"]
    assert index.zoek("*") == []
    assert len(index.alle()) == 3
    store.sluit()


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_willekeurige_zoektekst_geeft_nooit_een_fout(tmp_path: Path, vraag: str) -> None:
    store = Store(tmp_path / "h.db", SLEUTEL)
    try:
        index = KennisIndex(store)
        if not index.alle():
            index.vervang("bron", ARTIKELEN)
        assert isinstance(index.zoek(vraag), list)
    finally:
        store.sluit()


def test_schemaversie_is_de_kop_van_de_migraties() -> None:
    import werkplek_embedded
    from alembic.script import ScriptDirectory

    from werkplek.store import database

    for map_, versie in ((database.MIGRATIES, database.SCHEMA_VERSIE),
                         (werkplek_embedded.MIGRATIES, werkplek_embedded.SCHEMA_VERSIE)):
        assert ScriptDirectory(str(map_)).get_current_head() == versie


def test_trefwoorden_van_meer_woorden_blijven_heel(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db", SLEUTEL)
    index = KennisIndex(store)
    artikel = Kennisartikel("m", "Maaltijden", "Wmo maaltijdvoorziening", "s", "t",
                            ("tafeltje dek je", "maaltijden"))
    index.vervang("bron", [artikel])
    assert index.alle()[0].trefwoorden == ("tafeltje dek je", "maaltijden")
    assert [a.id for a in index.zoek("dek je")] == ["m"]
    store.sluit()
