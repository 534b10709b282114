"""The CalDAV plugin against a real Radicale: agendas, free slots, booking, double booking."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, time, timedelta

import pytest
from werkplek_caldav import CaldavPlugin
from werkplek_embedded.demo import BERT_BSN, JAN_BSN

from tests.caldav.conftest import (
    BALIE,
    MDEWIT,
    MaakPlugin,
    haal_ruw,
    instellingen,
    items_in,
    om,
    verwacht_pseudoniem,
    werkdag,
)
from tests.radicale import Radicale
from werkplek.domain.agenda import Afspraakstatus, Afspraakverzoek, Agenda, Rooster
from werkplek.domain.model import KlantRef, nu
from werkplek.ports import PLUGIN_API_VERSIE, Capability, Plugin, SlotBezet

BERT = KlantRef.persoon(BERT_BSN)
JAN = KlantRef.persoon(JAN_BSN)


def verzoek(id_: str, klant: KlantRef = BERT, dag_: int = 7, uur: int = 10,
            minuut: int = 0) -> Afspraakverzoek:
    begin = om(werkdag(dag_), uur, minuut)
    return Afspraakverzoek(
        id=id_, agenda="mdewit", klant=klant, klantnaam="Bert Burger",
        onderwerp="Bijstandsuitkering", begin=begin, einde=begin + timedelta(minutes=30),
        notitie="Vraagt naar de inlichtingenplicht; brief van 3 maart, kenmerk A-12.",
        contactmoment="cm-1")


@pytest.mark.asyncio
async def test_agendas_gezondheid_en_vrije_tijden_van_een_lege_agenda(
        plugin: CaldavPlugin) -> None:
    assert isinstance(plugin, Plugin)
    assert plugin.api_versie == PLUGIN_API_VERSIE
    assert plugin.capabilities == frozenset({Capability.AGENDA})

    agendas = await plugin.agendas()
    assert agendas == [
        Agenda("mdewit", "M. de Wit, casemanager Werk en Inkomen",
               ("Bijstandsuitkering", "Werk zoeken"), "Stadskantoor, Werkplein",
               Rooster((0, 1, 2, 3, 4), time(9), time(17), ((time(12, 30), time(13)),), 30, 2),
               "Agenda's Demodam"),
        Agenda("balie", "Balie Burgerzaken", ("Paspoort",), "Stadskantoor, Balie", Rooster(),
               "Agenda's Demodam"),
    ]
    assert (await plugin.health()).in_orde
    assert (await plugin.health()).toelichting == "2 agenda's bereikbaar"

    dag = werkdag(7)
    slots = await plugin.vrije_tijden("mdewit", om(dag, 0), om(dag, 0) + timedelta(days=1))
    assert [f"{s.begin:%H:%M}" for s in slots] == [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00",  # no 12:30: lunch
        "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]
    assert all(s.agenda == "mdewit" and s.einde - s.begin == timedelta(minutes=30)
               and s.begin.tzinfo is not None for s in slots)


@pytest.mark.asyncio
async def test_geen_vrije_tijd_binnen_de_voorlooptijd(
        kalenders: Radicale, sleutelbos: object, maak_plugin: MaakPlugin) -> None:
    config = instellingen(kalenders.url)
    config["agenda"][0]["voorlooptijd_uren"] = 50
    config["agenda"][0]["werkdagen"] = [0, 1, 2, 3, 4, 5, 6]
    plugin = maak_plugin(config)
    van = nu()
    slots = await plugin.vrije_tijden("mdewit", van, van + timedelta(days=5))
    assert slots, "after the lead time there are free slots in five days of every weekday"
    assert min(s.begin for s in slots) >= van + timedelta(hours=50)
    assert min(s.begin for s in slots) < van + timedelta(hours=50 + 24)


@pytest.mark.asyncio
async def test_boeken_bezet_het_slot_en_bewaart_geen_bsn(
        plugin: CaldavPlugin, kalenders: Radicale) -> None:
    v = verzoek("afspraak-1")
    afspraak = await plugin.boek(v)
    assert (afspraak.id, afspraak.klant, afspraak.begin, afspraak.status) == (
        "afspraak-1", BERT, v.begin, Afspraakstatus.VERWACHT)
    assert afspraak.versie

    dag = v.begin.date()
    vrij = await plugin.vrije_tijden("mdewit", om(dag, 0), om(dag, 23))
    assert v.begin not in [s.begin for s in vrij]
    assert len(vrij) == 14
    # The other agenda is not affected.
    assert len(await plugin.vrije_tijden("balie", om(dag, 0), om(dag, 23))) == 15

    [gevonden] = await plugin.afspraken(BERT)
    assert gevonden.id == "afspraak-1"
    assert gevonden.klant == BERT
    assert gevonden.klantnaam == "Bert Burger"
    assert gevonden.onderwerp == "Bijstandsuitkering"
    assert gevonden.notitie == v.notitie
    assert gevonden.locatie == "Stadskantoor, Werkplein"
    assert gevonden.status is Afspraakstatus.VERWACHT
    assert gevonden.contactmoment == "cm-1"
    assert gevonden.agenda_naam == "M. de Wit, casemanager Werk en Inkomen"
    assert gevonden.bron == "Agenda's Demodam"
    assert (gevonden.begin, gevonden.einde) == (v.begin, v.einde)
    assert gevonden.begin.tzinfo is not None
    assert gevonden.versie == afspraak.versie
    assert await plugin.afspraken(JAN) == []

    naam = f"mdewit-{v.begin:%Y%m%dT%H%M}.ics"
    assert await items_in(kalenders.url, MDEWIT) == [naam]
    ruw = await haal_ruw(kalenders.url, MDEWIT + naam)
    assert ruw.headers["ETag"] == afspraak.versie
    assert BERT_BSN not in ruw.text
    tekst = ruw.text.replace("\r\n ", "").replace("\n ", "")  # unfold
    assert f"X-WERKPLEK-KLANT:{verwacht_pseudoniem(BERT)}" in tekst
    assert f"DTSTART:{v.begin.astimezone(UTC):%Y%m%dT%H%M%SZ}" in tekst
    assert "UID:afspraak-1" in tekst
    assert "SUMMARY:Bijstandsuitkering — Bert Burger" in tekst
    assert "X-WERKPLEK-STATUS:verwacht" in tekst


@pytest.mark.asyncio
async def test_tekst_met_komma_puntkomma_en_regels_komt_heel_terug(
        plugin: CaldavPlugin) -> None:
    v = replace(verzoek("afspraak-tekst"), klantnaam="Burger, B.; de Jongere",
                onderwerp="Werk zoeken", notitie="Regel één,\nregel twee; met \\ teken")
    await plugin.boek(v)
    [a] = await plugin.afspraken(BERT)
    assert (a.klantnaam, a.onderwerp, a.notitie) == (v.klantnaam, v.onderwerp, v.notitie)


@pytest.mark.asyncio
async def test_dubbel_boeken_vanaf_twee_werkplekken(
        kalenders: Radicale, sleutelbos: object, maak_plugin: MaakPlugin) -> None:
    werkplek_a = maak_plugin(instellingen(kalenders.url))
    werkplek_b = maak_plugin(instellingen(kalenders.url))
    va, vb = verzoek("van-a"), verzoek("van-b", klant=JAN)

    uitkomsten = await asyncio.gather(werkplek_a.boek(va), werkplek_b.boek(vb),
                                      return_exceptions=True)
    gelukt = [u for u in uitkomsten if not isinstance(u, BaseException)]
    mislukt = [u for u in uitkomsten if isinstance(u, BaseException)]
    assert len(gelukt) == 1, uitkomsten
    assert len(mislukt) == 1
    assert isinstance(mislukt[0], SlotBezet)
    assert "net bezet" in str(mislukt[0])

    verliezer = werkplek_b if gelukt[0].id == "van-a" else werkplek_a
    dag = va.begin.date()
    vrij = await verliezer.vrije_tijden("mdewit", om(dag, 0), om(dag, 23))
    assert va.begin not in [s.begin for s in vrij]
    assert len(await items_in(kalenders.url, MDEWIT)) == 1

    # The winner's workstation sends its booking again (a retry after a lost answer).
    winnaar = werkplek_a if verliezer is werkplek_b else werkplek_b
    zelfde = va if gelukt[0].id == "van-a" else vb
    opnieuw = await winnaar.boek(zelfde)
    assert opnieuw == gelukt[0]
    assert len(await items_in(kalenders.url, MDEWIT)) == 1


@pytest.mark.asyncio
async def test_opnieuw_versturen_geeft_dezelfde_afspraak(
        plugin: CaldavPlugin, kalenders: Radicale) -> None:
    v = verzoek("een-keer")
    eerste = await plugin.boek(v)
    tweede = await plugin.boek(v)
    assert tweede == eerste
    assert tweede.klant == BERT
    assert len(await items_in(kalenders.url, MDEWIT)) == 1
    assert BALIE not in await items_in(kalenders.url, MDEWIT)


@pytest.mark.asyncio
async def test_een_eigen_afspraak_in_de_agenda_blokkeert_het_slot(
        plugin: CaldavPlugin, kalenders: Radicale) -> None:
    """A meeting made with another calendar program is busy time, but not an afspraak."""
    dag = werkdag(8)
    # A UTC start and a DURATION: another program's way of writing an hour from 14:00.
    vergadering = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Thunderbird//NL\r\nBEGIN:VEVENT\r\n"
        "UID:teamoverleg\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{om(dag, 14).astimezone(UTC):%Y%m%dT%H%M%SZ}\r\nDURATION:PT1H\r\n"
        "SUMMARY:Teamoverleg\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    kalenders.schrijf_items(MDEWIT, [("teamoverleg.ics", vergadering)])

    vrij = [s.begin for s in await plugin.vrije_tijden("mdewit", om(dag, 0), om(dag, 23))]
    assert om(dag, 14) not in vrij
    assert om(dag, 14, 30) not in vrij
    assert om(dag, 13, 30) in vrij
    assert om(dag, 15) in vrij
    with pytest.raises(SlotBezet):
        await plugin.boek(verzoek("in-overleg", dag_=8, uur=14, minuut=30))
    assert await plugin.afspraken_op(dag) == []
