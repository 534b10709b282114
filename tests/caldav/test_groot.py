"""A calendar with 10,000 items, written straight into Radicale's storage.

The assertions are on content: the right free slots in a busy week, and exactly one
customer's appointments out of thousands. Radicale parses new files on first sight (its
item cache), which takes a while for 10,000 items, so the plugin gets a long timeout.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from werkplek_embedded.demo import BERT_BSN

from tests.caldav.conftest import (
    MDEWIT,
    GeheugenKeyring,
    MaakPlugin,
    instellingen,
    items_in,
    om,
    verwacht_pseudoniem,
    werkdag,
)
from tests.radicale import Radicale
from werkplek.domain.agenda import Afspraakstatus, Afspraakverzoek
from werkplek.domain.model import TIJDZONE, KlantRef, nu
from werkplek.ports import SlotBezet

AANTAL = 10_000
BERT = KlantRef.persoon(BERT_BSN)
SLOTS = [time(9, 0), time(9, 30), time(10, 0), time(10, 30), time(11, 0), time(11, 30),
         time(12, 0), time(13, 0), time(13, 30), time(14, 0), time(14, 30), time(15, 0),
         time(15, 30), time(16, 0), time(16, 30)]


def werkdagen(vanaf: date, stap: int) -> Iterator[date]:
    dag = vanaf
    while True:
        if dag.weekday() < 5:
            yield dag
        dag += timedelta(days=stap)


def item(begin: datetime, klant: str, id_: str, status: str = "verwacht") -> str:
    einde = begin + timedelta(minutes=30)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Werkplek//test//NL\r\nBEGIN:VEVENT\r\n"
        f"UID:{id_}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{begin.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n"
        f"DTEND:{einde.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n"
        f"SUMMARY:Werk zoeken — klant {id_}\r\nLOCATION:Stadskantoor\\, Werkplein\r\n"
        f"X-WERKPLEK-AFSPRAAK:{id_}\r\nX-WERKPLEK-KLANT:{klant}\r\n"
        f"X-WERKPLEK-STATUS:{status}\r\nX-WERKPLEK-ONDERWERP:Werk zoeken\r\n"
        f"X-WERKPLEK-KLANTNAAM:Klant {id_}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


@pytest.mark.asyncio
@pytest.mark.timeout(900)
async def test_tienduizend_items(kalenders: Radicale, sleutelbos: GeheugenKeyring,
                                 maak_plugin: MaakPlugin) -> None:
    week = werkdag(14)  # a Monday two weeks ahead: the busy week under test
    eerste_toekomst = werkdag(7)
    gaten = {om(week, 9), om(week, 16, 30), om(week + timedelta(days=2), 12),
             om(week + timedelta(days=4), 13, 30)}
    bert_toekomst = [om(eerste_toekomst + timedelta(days=1), 11),
                     om(week + timedelta(days=3), 14), om(week + timedelta(days=30), 9, 30)]
    bert_verleden = [om(next(werkdagen(nu().date() - timedelta(days=40), -1)), 10),
                     om(next(werkdagen(nu().date() - timedelta(days=400), -1)), 15)]
    bert = verwacht_pseudoniem(BERT)
    # 5,000 other customers, each with a couple of appointments.
    anderen = [verwacht_pseudoniem(KlantRef.persoon(f"{100000000 + i}")) for i in range(5000)]

    tijden: list[datetime] = []
    for dag in werkdagen(eerste_toekomst, 1):  # about 1,000 in the coming months
        tijden += [om(dag, s.hour, s.minute) for s in SLOTS]
        if len(tijden) >= 1000:
            break
    for dag in werkdagen(eerste_toekomst - timedelta(days=7), -1):  # the rest in the past
        tijden += [om(dag, s.hour, s.minute) for s in SLOTS]
        if len(tijden) >= AANTAL + len(gaten):
            break
    tijden = [t for t in tijden if t not in gaten][:AANTAL]
    bert_tijden = set(bert_toekomst) | set(bert_verleden)
    assert bert_tijden <= set(tijden)

    def items() -> Iterator[tuple[str, str]]:
        for i, begin in enumerate(tijden):
            klant = bert if begin in bert_tijden else anderen[i % len(anderen)]
            id_ = f"bert-{begin:%Y%m%d%H%M}" if begin in bert_tijden else f"a{i}"
            status = "geholpen" if begin < nu() else "verwacht"
            yield f"mdewit-{begin:%Y%m%dT%H%M}.ics", item(begin, klant, id_, status)

    assert kalenders.schrijf_items(MDEWIT, items()) == AANTAL
    # Radicale sees every file (and builds its cache for them on this first listing).
    assert len(await items_in(kalenders.url, MDEWIT)) == AANTAL

    plugin = maak_plugin(instellingen(kalenders.url, timeout_seconden=300))
    vrij = await plugin.vrije_tijden("mdewit", om(week, 0), om(week + timedelta(days=7), 0))
    assert {s.begin for s in vrij} == gaten

    gevonden = await plugin.afspraken(BERT)
    assert [a.begin for a in gevonden] == sorted(bert_toekomst)
    assert [a.id for a in gevonden] == [f"bert-{b:%Y%m%d%H%M}" for b in sorted(bert_toekomst)]
    assert all(a.klant == BERT and a.status is Afspraakstatus.VERWACHT
               and a.locatie == "Stadskantoor, Werkplein" for a in gevonden)

    woensdag = week + timedelta(days=2)
    dag = await plugin.afspraken_op(woensdag)
    assert len(dag) == len(SLOTS) - 1
    assert om(woensdag, 12) not in {a.begin for a in dag}
    assert all(a.begin.astimezone(TIJDZONE).date() == woensdag for a in dag)

    # The one free slot on Wednesday can be booked; a busy one cannot.
    geboekt = await plugin.boek(Afspraakverzoek(
        id="in-het-gat", agenda="mdewit", klant=BERT, klantnaam="Bert Burger",
        onderwerp="Werk zoeken", begin=om(woensdag, 12), einde=om(woensdag, 12, 30)))
    assert geboekt.begin == om(woensdag, 12)
    with pytest.raises(SlotBezet):
        await plugin.boek(Afspraakverzoek(
            id="vol", agenda="mdewit", klant=BERT, klantnaam="Bert Burger",
            onderwerp="Werk zoeken", begin=om(woensdag, 10), einde=om(woensdag, 10, 30)))
    assert len(await plugin.afspraken(BERT)) == 4
