"""The plugin's parts that need no server: config, free-busy periods, pseudonyms, items."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from werkplek_caldav import create_plugin
from werkplek_caldav.ical import (
    OngeldigItem,
    bezette_perioden,
    lees_afspraak,
    lees_item,
    pseudoniem,
    resourcenaam,
)
from werkplek_caldav.instellingen import lees_instellingen
from werkplek_embedded.demo import BERT_BSN

from tests.caldav.conftest import context, instellingen
from werkplek.domain.agenda import Afspraakstatus, Rooster
from werkplek.domain.model import TIJDZONE, KlantSoort
from werkplek.services.plugins import ontdek

URL = "http://127.0.0.1:1"


def test_het_entry_point_geeft_de_plugin() -> None:
    gevonden = ontdek()["werkplek_caldav"]
    assert gevonden.fout is None
    assert gevonden.fabriek is create_plugin


def test_standaarden() -> None:
    config = instellingen(URL)
    del config["bronnaam"]
    i = lees_instellingen(config)
    assert (i.url, i.gebruiker, i.bronnaam, i.timeout) == (URL, "kcc", "CalDAV-agenda's", 10.0)
    balie = i.agendas[1]
    assert balie.pad == "/kcc/balie/"
    assert balie.agenda.rooster == Rooster()
    assert balie.agenda.bron == "CalDAV-agenda's"
    mdewit = i.agendas[0].agenda
    assert mdewit.rooster.pauzes == ((time(12, 30), time(13)),)
    assert lees_instellingen(instellingen(URL + "/", timeout_seconden=2.5)).timeout == 2.5
    assert lees_instellingen(instellingen(URL + "/")).url == URL


def met(pad: tuple[str | int, ...], waarde: Any) -> dict[str, Any]:
    """The test config with one value replaced (or removed, for ...)."""
    config = instellingen(URL)
    doel: Any = config
    for stap in pad[:-1]:
        doel = doel[stap]
    if waarde is ...:
        del doel[pad[-1]]
    else:
        doel[pad[-1]] = waarde
    return config


@pytest.mark.parametrize(("pad", "waarde", "sleutel"), [
    (("url",), ..., "url ontbreekt"),
    (("url",), "ftp://server/", "url moet een http"),
    (("url",), "https://kcc:geheim@server/", "url mag geen gebruikersnaam"),
    (("gebruiker",), "", "gebruiker moet"),
    (("gebruiker",), ..., "gebruiker ontbreekt"),
    (("timeout_seconden",), -1, "timeout_seconden"),
    (("timeout_seconden",), "10", "timeout_seconden"),
    (("agenda",), [], "agenda ontbreekt"),
    (("agenda", 0, "id"), ..., r"agenda\[0\]\.id ontbreekt"),
    (("agenda", 0, "id"), "m de wit", r"agenda\[0\]\.id mag alleen"),
    (("agenda", 1, "id"), "mdewit", "twee keer"),
    (("agenda", 0, "naam"), ..., r"agenda\[0\]\.naam ontbreekt"),
    (("agenda", 1, "pad"), "kcc/balie", r"agenda\[1\]\.pad moet"),
    (("agenda", 1, "pad"), "/kcc/../ander/", r"agenda\[1\]\.pad moet"),
    (("agenda", 0, "onderwerpen"), "Werk zoeken", r"agenda\[0\]\.onderwerpen"),
    (("agenda", 0, "werkdagen"), [0, 7], r"agenda\[0\]\.werkdagen"),
    (("agenda", 0, "begin"), "9 uur", r"agenda\[0\]\.begin moet een tijd"),
    (("agenda", 0, "einde"), "08:00", r"agenda\[0\]\.einde moet na"),
    (("agenda", 0, "pauzes"), [["12:30"]], r"agenda\[0\]\.pauzes"),
    (("agenda", 0, "pauzes"), [["13:00", "12:30"]], r"agenda\[0\]\.pauzes"),
    (("agenda", 0, "slotduur_minuten"), 0, r"agenda\[0\]\.slotduur_minuten"),
    (("agenda", 0, "voorlooptijd_uren"), True, r"agenda\[0\]\.voorlooptijd_uren"),
])
def test_een_fout_in_de_instellingen_noemt_de_sleutel(
        pad: tuple[str | int, ...], waarde: Any, sleutel: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=sleutel):
        create_plugin(met(pad, waarde), context(tmp_path))


def test_vrij_bezet_in_elke_vorm() -> None:
    tekst = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VFREEBUSY\r\n"
        "DTSTART:20261207T000000Z\r\nDTEND:20261208T000000Z\r\n"
        "FREEBUSY;FBTYPE=BUSY:20261207T080000Z/20261207T083000Z,20261207T090000Z/PT1H\r\n"
        "FREEBUSY:20261207T120000Z/PT30M\r\n"
        "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20261207T130000Z/20261207T133000Z\r\n"
        "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20261207T150000Z/PT15M\r\n"
        "FREEBUSY;FBTYPE=FREE:20261207T140000Z/PT1H\r\n"
        "END:VFREEBUSY\r\nEND:VCALENDAR\r\n")
    perioden = bezette_perioden(tekst)
    lokaal = [(f"{b:%H:%M}", f"{e:%H:%M}") for b, e in perioden]
    assert lokaal == [("09:00", "09:30"), ("10:00", "11:00"), ("13:00", "13:30"),
                      ("14:00", "14:30"), ("16:00", "16:15")]
    assert all(b.tzinfo is TIJDZONE for b, _ in perioden)
    assert bezette_perioden("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") == []
    with pytest.raises(OngeldigItem):
        bezette_perioden("geen agenda")


def test_pseudoniem() -> None:
    a = pseudoniem(KlantSoort.PERSOON, BERT_BSN, "sleutel")
    assert len(a) == 64
    assert BERT_BSN not in a
    assert a == pseudoniem(KlantSoort.PERSOON, BERT_BSN, "sleutel")
    assert a != pseudoniem(KlantSoort.PERSOON, BERT_BSN, "andere sleutel")
    assert a != pseudoniem(KlantSoort.BEDRIJF, BERT_BSN, "sleutel")


def test_resourcenaam_is_de_lokale_begintijd() -> None:
    begin = datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # 10:00 summer time
    assert resourcenaam("mdewit", begin) == "mdewit-20270329T1000.ics"


def test_een_zwevende_tijd_is_lokale_tijd() -> None:
    cal = lees_item(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART:20270329T100000\r\nDURATION:PT30M\r\n"
        f"X-WERKPLEK-KLANT:persoon:{'a' * 64}\r\nX-WERKPLEK-STATUS:aanwezig\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")
    g = lees_afspraak(cal)
    assert g.begin == datetime(2027, 3, 29, 10, tzinfo=TIJDZONE)
    assert g.einde - g.begin == timedelta(minutes=30)
    assert (g.id, g.status, g.pseudoniem) == ("u", Afspraakstatus.AANWEZIG, "a" * 64)
