"""The embedded default: schema from empty, the demo data set, and its ports."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import Engine, create_engine, inspect
from werkplek_embedded import EmbeddedPlugin, create_plugin
from werkplek_embedded.demo import BERT_BSN, HAVEN_KVK, JAN_BSN

from werkplek.domain.agenda import Afspraak, Afspraakstatus, Afspraakverzoek, Tijdslot
from werkplek.domain.invoer import zoekvraag
from werkplek.domain.model import (
    TIJDZONE,
    Afhandeling,
    ChecklistAntwoord,
    Contactmoment,
    Kanaal,
    KlantRef,
    Medewerker,
    Rol,
    Zaakaanvraag,
    nu,
)
from werkplek.domain.regels import (
    is_afgerond,
    is_later_dan_gepland,
    is_te_laat,
    uiterste_datum,
)
from werkplek.ports import BronFout, Capability, PluginContext, SlotBezet
from werkplek.services.plugins import KeyringGeheimen


def context(tmp_path: Path) -> PluginContext:
    """Plugin ``ingebouwd`` of profile ``test``; secrets from the test's own keyring."""
    return PluginContext("ingebouwd", "test", tmp_path, Medewerker("t", "Test", Rol.TELEFOON),
                         KeyringGeheimen("test", "ingebouwd"))


@pytest_asyncio.fixture
async def plugin(tmp_path: Path) -> AsyncIterator[EmbeddedPlugin]:
    p = create_plugin({"demo": True}, context(tmp_path))
    yield p
    await p.aclose()


@pytest.mark.asyncio
async def test_schema_vanaf_leeg_zonder_demodata(tmp_path: Path) -> None:
    p = EmbeddedPlugin({"database": str(tmp_path / "leeg.db")}, context(tmp_path))
    assert (await p.health()).in_orde
    assert await p.persoon(BERT_BSN) is None
    await p.aclose()
    engine = create_engine(f"sqlite:///{tmp_path / 'leeg.db'}")
    tabellen = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"persoon", "bedrijf", "zaak", "zaakstatus", "zaaktype", "kennisartikel",
            "contactmoment", "contactmoment_zaak", "alembic_version_embedded"} <= tabellen


@pytest.mark.asyncio
async def test_demodata_volgt_de_reizen_van_bert_en_jan(plugin: EmbeddedPlugin) -> None:
    assert plugin.capabilities >= {Capability.PERSONEN, Capability.ZAKEN, Capability.KENNIS}
    bert = await plugin.persoon(BERT_BSN)
    jan = await plugin.persoon(JAN_BSN)
    haven = await plugin.bedrijf(HAVEN_KVK)
    assert bert is not None and bert.naam == "Bert Burger"
    assert jan is not None and nu().year - jan.geboortedatum.year in (81, 82)
    assert haven is not None and "Haven" in haven.naam
    zaken = [z for ref in (bert.ref, jan.ref, haven.ref) for z in await plugin.zaken(ref)]
    assert len(zaken) >= 5
    vandaag = nu().date()
    te_laat = [z for z in zaken if is_te_laat(z, vandaag)]
    # 0042 is past its doorlooptijd; 0077 is within it but past its uiterlijke einddatum.
    assert sorted(z.identificatie for z in te_laat) == ["ZAAK-2026-0042", "ZAAK-2026-0077"]
    melding = next(z for z in zaken if z.identificatie == "ZAAK-2026-0077")
    assert melding.uiterlijke_einddatum == melding.startdatum + timedelta(days=14)
    assert vandaag <= uiterste_datum(replace(melding, uiterlijke_einddatum=None))
    # The passport is past its einddatum gepland only: later than planned, not late.
    paspoort = next(z for z in zaken if z.identificatie == "ZAAK-2026-0101")
    assert is_later_dan_gepland(paspoort, vandaag) and not is_te_laat(paspoort, vandaag)
    assert haven.rsin == "820846132" and haven.ref.rsin == "820846132"
    kade = await plugin.bedrijf("69599084")
    assert kade is not None and kade.rsin == "" and kade.vestigingsnummer == "000041256817"
    assert [z.identificatie for z in await plugin.zaken(kade.ref)] == ["ZAAK-2026-0081"]
    assert any(is_afgerond(z) for z in zaken)
    assert all(len(z.statussen) >= 2 for z in zaken)
    artikelen = await plugin.artikelen()
    assert len(artikelen) >= 30
    assert len({a.onderwerp for a in artikelen}) >= 20
    kanalen = {c.kanaal for ref in (bert.ref, jan.ref, haven.ref)
               for c in await plugin.contactmomenten(ref)}
    assert len(kanalen) >= 5


@pytest.mark.asyncio
async def test_zoeken_per_soort(plugin: EmbeddedPlugin) -> None:
    async def namen(tekst: str) -> list[str]:
        vraag = zoekvraag(tekst)
        return ([p.naam for p in await plugin.zoek_personen(vraag)]
                + [b.naam for b in await plugin.zoek_bedrijven(vraag)])

    assert await namen("06 12345678") == ["Bert Burger"]
    assert await namen("bert.burger@example.nl") == ["Bert Burger"]
    assert await namen("burger 02-06-1944") == ["Jan Burger"]
    assert await namen("Bert Burger 14-03-1980") == ["Bert Burger"]
    assert await namen("3011AB 12") == ["Bert Burger", "Sanne Burger", "Thijs Burger"]
    assert await namen("68750110") == ["Havenbedrijf Demodam B.V."]
    assert await namen("Burger 01-01-1990") == []
    zaak = await plugin.zaak("zaak-2026-0093")
    assert zaak is not None and zaak.klant == KlantRef.persoon(JAN_BSN)


@pytest.mark.asyncio
async def test_registreren_slaat_een_id_eenmaal_op(plugin: EmbeddedPlugin) -> None:
    bert = KlantRef.persoon(BERT_BSN)
    voor = len(await plugin.contactmomenten(bert))
    cm = Contactmoment("11111111-2222-4333-8444-555555555555", bert, Kanaal.TELEFOON,
                       "Paspoort", "Is het klaar?", "Nog niet.", Afhandeling.IN_EEN_KEER,
                       "a.jansen", nu(), nu(), ("ZAAK-2026-0101", "ZAAK-2026-0042"))
    opgeslagen, nogmaals = await asyncio.gather(plugin.registreer(cm), plugin.registreer(cm))
    assert set(opgeslagen.zaken) == set(nogmaals.zaken) == {"ZAAK-2026-0101", "ZAAK-2026-0042"}
    na = await plugin.contactmomenten(bert)
    assert len(na) == voor + 1
    assert na[0].id == cm.id and na[0].begin == cm.begin


@pytest.mark.asyncio
async def test_zaak_starten_eenmaal_per_aanvraag(plugin: EmbeddedPlugin) -> None:
    bert = KlantRef.persoon(BERT_BSN)
    codes = {z.code for z in await plugin.zaaktypen()}
    assert {"BIJSTAND", "KWIJTSCHELDING", "WERK", "WMO_WONING", "WMO_HUISHOUDEN",
            "WMO_MAALTIJD"} <= codes
    voor = {z.identificatie for z in await plugin.zaken(bert)}
    bijstand = Zaakaanvraag("aaaaaaaa-0000-4000-8000-000000000001", "BIJSTAND", bert,
                            "Bijstandsuitkering", "Uit de checklist", Kanaal.TELEFOON)
    werk = Zaakaanvraag("aaaaaaaa-0000-4000-8000-000000000002", "WERK", bert,
                        "Begeleiding naar werk", kanaal=Kanaal.TELEFOON)
    # Sent twice at once (a retry after a timeout): the backoffice holds one zaak per request.
    a, b, c = await asyncio.gather(plugin.start_zaak(bijstand), plugin.start_zaak(bijstand),
                                   plugin.start_zaak(werk))
    assert a == b and a.identificatie != c.identificatie
    na = {z.identificatie for z in await plugin.zaken(bert)}
    assert na - voor == {a.identificatie, c.identificatie}
    jaar = nu().year
    assert a.identificatie.startswith(f"ZAAK-{jaar}-") and c.identificatie.startswith(
        f"ZAAK-{jaar}-")
    assert a.zaaktype.code == "BIJSTAND" and a.startdatum == nu().date()
    assert [s.omschrijving for s in a.statussen] == ["Aanvraag ontvangen"]
    assert a.statussen[0].toelichting == "Uit de checklist"
    assert c.statussen[0].toelichting == "Gestart door het KCC via telefoon."
    assert a.geplande_einddatum is not None and (a.geplande_einddatum - a.startdatum).days == 56
    with pytest.raises(BronFout, match="Zaaktype 'BESTAAT_NIET' bestaat niet"):
        await plugin.start_zaak(Zaakaanvraag("aaaaaaaa-0000-4000-8000-000000000003",
                                             "BESTAAT_NIET", bert, "x"))


@pytest.mark.asyncio
async def test_contact_bewaart_checklistantwoorden_en_artikelen(plugin: EmbeddedPlugin) -> None:
    jan = KlantRef.persoon(JAN_BSN)
    antwoorden = (ChecklistAntwoord("wmo", "trap", "Gaat de trap moeilijk?", "Ja"),
                  ChecklistAntwoord("wmo", "mantelzorger", "Mantelzorger?", "",
                                    "Bert belt zelf; later vragen"))
    cm = Contactmoment("22222222-2222-4333-8444-555555555555", jan, Kanaal.TELEFOON,
                       "Wmo huishoudelijke hulp", "Vader hartklachten", "Drie aanvragen",
                       Afhandeling.ZAAK_GESTART, "a.jansen", nu(), nu(),
                       checklist=antwoorden,
                       kennisartikelen=("wmo-huishoudelijke-hulp", "wmo-maaltijdvoorziening"))
    await plugin.registreer(cm)
    terug = next(c for c in await plugin.contactmomenten(jan) if c.id == cm.id)
    assert terug.checklist == antwoorden
    assert set(terug.kennisartikelen) == {"wmo-huishoudelijke-hulp", "wmo-maaltijdvoorziening"}


def _volgende_maandag(om: int) -> datetime:
    vandaag = nu().date()
    dag = vandaag + timedelta(days=(7 - vandaag.weekday()) % 7 or 7)
    return datetime(dag.year, dag.month, dag.day, om, tzinfo=TIJDZONE)


@pytest.mark.asyncio
async def test_agenda_boeken_verzetten_en_dubbel_boeken(plugin: EmbeddedPlugin,
                                                        tmp_path: Path) -> None:
    agendas = {a.id: a for a in await plugin.agendas()}
    casemanager = agendas["mdewit"]
    assert casemanager.bedient("Bijstandsuitkering") and not casemanager.bedient("Paspoort")
    maandag = _volgende_maandag(10)
    week = await plugin.vrije_tijden("mdewit", maandag.replace(hour=0), maandag + timedelta(days=5))
    assert Tijdslot("mdewit", maandag, maandag + timedelta(minutes=30)) in week
    assert all(s.begin.astimezone(TIJDZONE).strftime("%H:%M") != "12:30" for s in week)  # lunch

    bert = KlantRef.persoon(BERT_BSN)

    def verzoek(n: int) -> Afspraakverzoek:
        return Afspraakverzoek(f"bbbbbbbb-0000-4000-8000-00000000000{n}", "mdewit", bert,
                               "Bert Burger", "Bijstandsuitkering", maandag,
                               maandag + timedelta(minutes=30), "Baan kwijt, twee kinderen")

    # A second workstation on the same database books the same slot at the same moment.
    ander = create_plugin({"demo": True}, context(tmp_path))
    try:
        uitkomsten = await asyncio.gather(plugin.boek(verzoek(1)), ander.boek(verzoek(2)),
                                          return_exceptions=True)
    finally:
        await ander.aclose()
    geboekt = [u for u in uitkomsten if isinstance(u, Afspraak)]
    bezet = [u for u in uitkomsten if isinstance(u, SlotBezet)]
    assert len(geboekt) == 1 and len(bezet) == 1
    assert "net bezet" in str(bezet[0])
    afspraak = geboekt[0]
    assert await plugin.boek(verzoek(1) if afspraak.id.endswith("1") else verzoek(2)) == afspraak
    assert [a.id for a in await plugin.afspraken(bert)] == [afspraak.id]
    week = await plugin.vrije_tijden("mdewit", maandag.replace(hour=0), maandag + timedelta(days=1))
    assert maandag not in {s.begin for s in week}

    later = maandag + timedelta(hours=1)
    verzet = await plugin.verzet(afspraak, later, later + timedelta(minutes=30))
    assert verzet.begin == later and verzet.versie != afspraak.versie
    with pytest.raises(BronFout, match="intussen door een ander gewijzigd"):
        await plugin.zet_status(afspraak, Afspraakstatus.AANWEZIG)  # the old version
    with pytest.raises(BronFout, match="verleden"):
        await plugin.verzet(verzet, maandag - timedelta(days=14), maandag - timedelta(days=14,
                                                                                    minutes=-30))
    await plugin.annuleer(verzet)
    assert await plugin.afspraken(bert) == []


@pytest.mark.asyncio
async def test_vandaag_op_de_balie(plugin: EmbeddedPlugin) -> None:
    vandaag = await plugin.afspraken_op(nu().date(), "Stadskantoor")
    assert [a.klantnaam for a in vandaag] == ["Fatima el Amrani", "Jan Burger", "Sanne Burger"]
    jan = vandaag[1]
    aanwezig = await plugin.zet_status(jan, Afspraakstatus.AANWEZIG)
    assert aanwezig.status is Afspraakstatus.AANWEZIG
    assert await plugin.afspraken_op(nu().date(), "Elders") == []


def test_migraties_terug_en_weer_heen_met_gegevens(tmp_path: Path) -> None:
    """Every step down and up again works on a filled database (batch alters in SQLite)."""
    controleer_migraties_terug_en_weer_heen(f"sqlite:///{tmp_path / 'm.db'}")


def migratiestapper(engine: Engine) -> Callable[..., None]:
    """``naar(revisie, omhoog=True)``: the embedded schema up or down to a revision."""
    from alembic import command
    from alembic.config import Config
    from werkplek_embedded import MIGRATIES

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIES))

    def naar(doel: str, omhoog: bool = True) -> None:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.upgrade if omhoog else command.downgrade)(cfg, doel)

    return naar


def controleer_migraties_terug_en_weer_heen(url: str) -> None:
    """Down to the first schema and up again, with a row that must survive; any database."""
    from werkplek_embedded import SCHEMA_VERSIE, VERSIETABEL

    engine = create_engine(url)
    naar = migratiestapper(engine)

    naar("head")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO kennisartikel (id, titel, onderwerp, samenvatting, tekst, trefwoorden,"
            " eigenaar, kanaalnotities) VALUES ('a', 'A', 'O', 's', 't', '', 'Team', '{}')")
    naar("e0001", omhoog=False)
    assert "eigenaar" not in {c["name"] for c in inspect(engine).get_columns("kennisartikel")}
    naar("head")
    with engine.connect() as conn:
        assert conn.exec_driver_sql(f"SELECT version_num FROM {VERSIETABEL}").scalar() == (
            SCHEMA_VERSIE)
        assert conn.exec_driver_sql("SELECT titel FROM kennisartikel").scalar() == "A"
    assert {"agenda", "afspraak", "contactmoment_antwoord"} <= set(
        inspect(engine).get_table_names())
    engine.dispose()
