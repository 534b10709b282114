"""Faults become Dutch messages: server down, wrong password, no access, bad items, DST."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import keyring
import pytest
import pytest_asyncio
from keyring.backends import fail
from werkplek_caldav import CaldavPlugin
from werkplek_embedded.demo import BERT_BSN

from tests.caldav.conftest import (
    DIENST,
    MDEWIT,
    PLUGIN,
    WACHTWOORD,
    GeheugenKeyring,
    MaakPlugin,
    haal_ruw,
    instellingen,
    items_in,
    om,
    verwacht_pseudoniem,
    werkdag,
)
from tests.radicale import Radicale, maak_agenda
from werkplek.domain.agenda import Afspraakverzoek
from werkplek.domain.model import TIJDZONE, KlantRef, nu
from werkplek.ports import BronFout, BronOnbereikbaar

BERT = KlantRef.persoon(BERT_BSN)
DAG = werkdag(7, weekdag=2)


def verzoek(id_: str, dag: date = DAG, uur: int = 10, minuut: int = 0,
            duur: int = 30) -> Afspraakverzoek:
    begin = om(dag, uur, minuut)
    return Afspraakverzoek(id=id_, agenda="mdewit", klant=BERT, klantnaam="Bert Burger",
                           onderwerp="Bijstandsuitkering", begin=begin,
                           einde=begin + timedelta(minutes=duur))


async def een_dag(plugin: CaldavPlugin, dag: date = DAG) -> list[str]:
    slots = await plugin.vrije_tijden("mdewit", om(dag, 0), om(dag, 23))
    return [f"{s.begin:%H:%M}" for s in slots]


# -- the server and the login ------------------------------------------------------------


@pytest.mark.asyncio
async def test_server_uit(plugin: CaldavPlugin, kalenders: Radicale) -> None:
    assert len(await een_dag(plugin)) == 15
    kalenders.stop()
    with pytest.raises(BronOnbereikbaar) as fout:  # the outbox retries, it does not park
        await een_dag(plugin)
    assert str(fout.value) == f"De agendaserver {kalenders.url} is niet bereikbaar."
    gezondheid = await plugin.health()
    assert not gezondheid.in_orde
    assert "niet bereikbaar" in gezondheid.toelichting
    with pytest.raises(BronOnbereikbaar, match="niet bereikbaar"):
        await plugin.boek(verzoek("uit"))
    kalenders.start()
    assert len(await een_dag(plugin)) == 15


@pytest.mark.asyncio
async def test_verkeerd_wachtwoord_en_daarna_het_goede(
        plugin: CaldavPlugin, sleutelbos: GeheugenKeyring) -> None:
    sleutelbos.set_password(DIENST, f"{PLUGIN}.wachtwoord", "verkeerd")
    with pytest.raises(BronFout) as fout:
        await een_dag(plugin)
    assert str(fout.value) == ("Inloggen bij de agendaserver is mislukt; controleer gebruiker "
                               "en wachtwoord in de sleutelbos.")
    assert "verkeerd" not in str(fout.value)
    assert not (await plugin.health()).in_orde
    # Once the password is corrected in the keyring, the plugin reads it again.
    sleutelbos.set_password(DIENST, f"{PLUGIN}.wachtwoord", WACHTWOORD)
    assert len(await een_dag(plugin)) == 15


@pytest.mark.asyncio
async def test_geen_sleutelbos_of_geen_geheimen(
        plugin: CaldavPlugin, sleutelbos: GeheugenKeyring) -> None:
    keyring.set_keyring(fail.Keyring())  # the fixture puts the previous one back
    with pytest.raises(BronFout, match="geen sleutelbos"):
        await een_dag(plugin)
    keyring.set_keyring(sleutelbos)
    sleutelbos.delete_password(DIENST, f"{PLUGIN}.klantsleutel")
    assert len(await een_dag(plugin)) == 15  # free slots need no customer key
    melding = "De klantsleutel voor de agenda's ontbreekt in de sleutelbos."
    with pytest.raises(BronFout) as fout:
        await plugin.boek(verzoek("zonder-sleutel"))
    assert str(fout.value) == melding
    with pytest.raises(BronFout) as fout:
        await plugin.afspraken(BERT)
    assert str(fout.value) == melding


@pytest.mark.asyncio
async def test_geen_wachtwoord_in_de_sleutelbos(
        kalenders: Radicale, sleutelbos: GeheugenKeyring, maak_plugin: MaakPlugin) -> None:
    sleutelbos.delete_password(DIENST, f"{PLUGIN}.wachtwoord")
    plugin = maak_plugin(instellingen(kalenders.url))
    gezondheid = await plugin.health()
    assert not gezondheid.in_orde
    assert gezondheid.toelichting == ("Het wachtwoord voor de agendaserver ontbreekt in de "
                                      "sleutelbos.")


@pytest.mark.asyncio
async def test_agenda_van_een_ander_en_een_agenda_die_niet_bestaat(
        kalenders: Radicale, sleutelbos: GeheugenKeyring, maak_plugin: MaakPlugin) -> None:
    await maak_agenda(kalenders.url, "/ander/prive/", "ander", "anders")
    config = instellingen(kalenders.url)
    config["agenda"][1] = {"id": "prive", "naam": "Agenda van een ander",
                           "pad": "/ander/prive/", "onderwerpen": ["Geheim"]}
    config["agenda"].append({"id": "weg", "naam": "Opgeheven agenda", "pad": "/kcc/weg/",
                             "onderwerpen": ["Niets"]})
    plugin = maak_plugin(config)

    with pytest.raises(BronFout) as fout:
        await plugin.vrije_tijden("prive", om(DAG, 0), om(DAG, 23))
    assert str(fout.value) == "Geen toegang tot de agenda Agenda van een ander."
    with pytest.raises(BronFout, match="Geen toegang tot de agenda"):
        await plugin.afspraken(BERT)
    with pytest.raises(BronFout) as fout:
        await plugin.vrije_tijden("weg", om(DAG, 0), om(DAG, 23))
    assert str(fout.value) == ("De agenda Opgeheven agenda bestaat niet op de agendaserver "
                               "(/kcc/weg/).")
    gezondheid = await plugin.health()
    assert not gezondheid.in_orde
    assert "Geen toegang" in gezondheid.toelichting or "bestaat niet" in gezondheid.toelichting
    assert len(await een_dag(plugin)) == 15  # the agenda that is fine still works
    with pytest.raises(BronFout, match="bestaat niet bij Agenda's Demodam"):
        await plugin.vrije_tijden("onbekend", om(DAG, 0), om(DAG, 23))


@pytest.mark.asyncio
async def test_een_verzameling_die_geen_agenda_is(
        kalenders: Radicale, sleutelbos: GeheugenKeyring, maak_plugin: MaakPlugin) -> None:
    config = instellingen(kalenders.url)
    config["agenda"][1]["pad"] = "/kcc/"  # the principal collection, not a calendar
    gezondheid = await maak_plugin(config).health()
    assert not gezondheid.in_orde
    assert gezondheid.toelichting == "/kcc/ op de agendaserver is geen agenda (voor Balie " \
                                     "Burgerzaken)."


# -- servers that hang or fail -----------------------------------------------------------


@pytest.fixture
def zwijgende_server() -> Iterator[str]:
    """A port on 127.0.0.1 that accepts connections and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest_asyncio.fixture
async def storende_server() -> AsyncIterator[str]:
    """A local HTTP server that answers every request with 503."""
    async def antwoord(lezer: asyncio.StreamReader, schrijver: asyncio.StreamWriter) -> None:
        while (regel := await lezer.readline()) not in (b"\r\n", b"\n", b""):
            del regel
        schrijver.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                        b"Connection: close\r\n\r\n")
        await schrijver.drain()
        schrijver.close()
        await schrijver.wait_closed()

    server = await asyncio.start_server(antwoord, "127.0.0.1", 0)
    poort = server.sockets[0].getsockname()[1]
    async with server:
        yield f"http://127.0.0.1:{poort}"


@pytest.mark.asyncio
async def test_timeout(zwijgende_server: str, sleutelbos: GeheugenKeyring,
                       maak_plugin: MaakPlugin) -> None:
    plugin = maak_plugin(instellingen(zwijgende_server, timeout_seconden=0.3))
    with pytest.raises(BronOnbereikbaar) as fout:
        await een_dag(plugin)
    assert str(fout.value) == (f"De agendaserver {zwijgende_server} antwoordde niet binnen "
                               "0.3 seconden.")


@pytest.mark.asyncio
async def test_serverfout(storende_server: str, sleutelbos: GeheugenKeyring,
                          maak_plugin: MaakPlugin) -> None:
    plugin = maak_plugin(instellingen(storende_server))
    with pytest.raises(BronOnbereikbaar) as fout:
        await plugin.afspraken_op(DAG)
    assert str(fout.value) == (f"De agendaserver {storende_server} heeft een storing "
                               "(HTTP 503); probeer het later opnieuw.")
    assert not (await plugin.health()).in_orde


# -- bad items and bad times -------------------------------------------------------------


def item(uid: str, begin: str, einde: str, klant: str, extra: str = "") -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Handwerk//NL\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n{begin}\r\n{einde}\r\n"
            f"X-WERKPLEK-KLANT:{klant}\r\nX-WERKPLEK-KLANTNAAM:Bert Burger\r\n{extra}"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")


@pytest.mark.asyncio
async def test_een_kapot_item_wordt_overgeslagen(
        plugin: CaldavPlugin, kalenders: Radicale, caplog: pytest.LogCaptureFixture) -> None:
    goed = await plugin.boek(verzoek("goed", uur=9))
    klant = verwacht_pseudoniem(BERT)
    stempel = f"{DAG:%Y%m%d}"
    kalenders.schrijf_items(MDEWIT, [
        # Not iCalendar at all: Radicale itself skips it (skip_broken_item).
        ("onleesbaar.ics", "BEGIN:VCALENDAR\r\nDit is geen agenda-item\r\n"),
        # Valid iCalendar that is no usable appointment: the plugin skips these.
        ("rare-status.ics", item("rare-status", f"DTSTART:{stempel}T130000Z",
                                 f"DTEND:{stempel}T133000Z", klant,
                                 "X-WERKPLEK-STATUS:zoekgeraakt\r\n")),
        # (A whole day is busy in free-busy, so it goes on the next day.)
        ("hele-dag.ics", item("hele-dag", f"DTSTART;VALUE=DATE:{DAG + timedelta(days=1):%Y%m%d}",
                              f"DTEND;VALUE=DATE:{DAG + timedelta(days=2):%Y%m%d}", klant)),
        ("rare-klant.ics", item("rare-klant", f"DTSTART:{stempel}T140000Z",
                                f"DTEND:{stempel}T143000Z", f"persoon:{BERT_BSN}")),
    ])
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="werkplek_caldav"):
        assert await plugin.afspraken(BERT) == [goed]
        assert [a.id for a in await plugin.afspraken_op(DAG)] == ["goed"]
    waarschuwingen = [r.getMessage() for r in caplog.records if r.name == "werkplek_caldav"]
    assert any("rare-status.ics" in w for w in waarschuwingen)
    assert any("hele-dag.ics" in w for w in waarschuwingen)
    assert any("rare-klant.ics" in w for w in waarschuwingen)
    assert not any("Bert" in w or "BEGIN" in w or "zoekgeraakt" in w for w in waarschuwingen)
    # The bad items are still busy time for free-busy: their slots are not offered.
    tijden = await een_dag(plugin)
    for uur in (13, 14):
        bezet = datetime(DAG.year, DAG.month, DAG.day, uur, tzinfo=UTC).astimezone(TIJDZONE)
        assert f"{bezet:%H:%M}" not in tijden
    assert len(tijden) == 12  # 15 minus 09:00 (goed) and the two bad items


@pytest.mark.asyncio
async def test_verleden_over_middernacht_en_buiten_het_rooster(
        plugin: CaldavPlugin, kalenders: Radicale) -> None:
    gisteren = nu().date() - timedelta(days=1)
    with pytest.raises(BronFout, match="in het verleden"):
        await plugin.boek(verzoek("gisteren", dag=gisteren))
    with pytest.raises(BronFout, match="middernacht"):
        await plugin.boek(verzoek("nacht", uur=23, minuut=30, duur=60))
    with pytest.raises(BronFout, match="buiten de werktijden"):
        await plugin.boek(verzoek("lunch", uur=12, minuut=30))
    straks = (nu() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    with pytest.raises(BronFout, match="pas te boeken vanaf"):
        await plugin.boek(verzoek("te-snel", dag=straks.date(), uur=straks.hour))
    assert await items_in(kalenders.url, MDEWIT) == []


# -- daylight saving time ----------------------------------------------------------------


def laatste_zondag(jaar: int, maand: int) -> date:
    dag = date(jaar, maand + 1, 1) - timedelta(days=1)
    return dag - timedelta(days=(dag.weekday() - 6) % 7)


def volgende_omschakeling(maand: int) -> date:
    """The next DST change in ``maand`` (3 or 10), at least a week from now."""
    vroegst = nu().date() + timedelta(days=7)
    zondag = laatste_zondag(vroegst.year, maand)
    return zondag if zondag >= vroegst else laatste_zondag(vroegst.year + 1, maand)


@pytest.mark.asyncio
@pytest.mark.parametrize("maand", [3, 10], ids=["maart", "oktober"])
async def test_zomertijd_en_wintertijd(plugin: CaldavPlugin, kalenders: Radicale,
                                       maand: int) -> None:
    zondag = volgende_omschakeling(maand)
    vrijdag, maandag = zondag - timedelta(days=2), zondag + timedelta(days=1)
    voor = await plugin.boek(verzoek("voor", dag=vrijdag))
    na = await plugin.boek(verzoek("na", dag=maandag))

    for afspraak, dag in ((voor, vrijdag), (na, maandag)):
        lokaal = afspraak.begin.astimezone(TIJDZONE)
        assert (lokaal.date(), lokaal.hour, lokaal.minute) == (dag, 10, 0)
    # Same wall clock, another UTC offset: summer time is UTC+2, winter time UTC+1.
    zomer, winter = (maandag, vrijdag) if maand == 3 else (vrijdag, maandag)
    zomer_a, winter_a = (na, voor) if maand == 3 else (voor, na)
    assert zomer_a.begin.utcoffset() == timedelta(hours=2), zomer
    assert winter_a.begin.utcoffset() == timedelta(hours=1), winter

    terug = {a.id: a for a in await plugin.afspraken(BERT)}
    assert f"{terug['voor'].begin.astimezone(TIJDZONE):%H:%M}" == "10:00"
    assert f"{terug['na'].begin.astimezone(TIJDZONE):%H:%M}" == "10:00"
    ruw = await haal_ruw(kalenders.url, f"{MDEWIT}mdewit-{maandag:%Y%m%d}T1000.ics")
    assert f"DTSTART:{na.begin.astimezone(UTC):%Y%m%dT%H%M%SZ}" in ruw.text

    # Free-busy over the weekend of the change: exactly the two 10:00 slots are taken.
    slots = await plugin.vrije_tijden("mdewit", om(vrijdag, 0), om(maandag, 23, 59))
    per_dag: dict[date, list[str]] = {}
    for s in slots:
        lokaal = s.begin.astimezone(TIJDZONE)
        per_dag.setdefault(lokaal.date(), []).append(f"{lokaal:%H:%M}")
    assert set(per_dag) == {vrijdag, maandag}
    for dag in (vrijdag, maandag):
        assert "10:00" not in per_dag[dag]
        assert {"09:00", "09:30", "10:30", "16:30"} <= set(per_dag[dag])
        assert len(per_dag[dag]) == 14


@pytest.mark.asyncio
async def test_een_vreemde_vtimezone_op_de_server_verschuift_niets(
        plugin: CaldavPlugin, kalenders: Radicale) -> None:
    """Radicale applies the first VTIMEZONE it saw for a TZID to every later item.

    A winter-only Europe/Amsterdam VTIMEZONE from another program comes first here; the
    plugin's summer and winter appointments must still be busy at their own hour.
    """
    zomer = volgende_omschakeling(3) + timedelta(days=8)  # a Monday in summer time
    winter = volgende_omschakeling(10) + timedelta(days=8)  # a Monday in winter time
    vreemd = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Ander programma//NL\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\nBEGIN:STANDARD\r\n"
        f"DTSTART:{winter:%Y%m%d}T000000\r\nTZNAME:CET\r\nTZOFFSETFROM:+0100\r\n"
        "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\n"
        "UID:vreemd\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID=Europe/Amsterdam:{winter:%Y%m%d}T150000\r\n"
        f"DTEND;TZID=Europe/Amsterdam:{winter:%Y%m%d}T153000\r\n"
        "SUMMARY:Overleg\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    async with httpx.AsyncClient(base_url=kalenders.url, auth=("kcc", WACHTWOORD)) as c:
        assert (await c.put(f"{MDEWIT}vreemd.ics", content=vreemd)).status_code == 201

    await plugin.boek(verzoek("zomer", dag=zomer))
    await plugin.boek(verzoek("winter", dag=winter))
    for dag in (zomer, winter):
        tijden = await een_dag(plugin, dag)
        assert "10:00" not in tijden
        assert {"09:30", "10:30", "11:00"} <= set(tijden)
    assert "15:00" not in await een_dag(plugin, winter)
