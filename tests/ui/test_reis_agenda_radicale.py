""""Bert zoekt een baan" with the casemanager's agenda in a real CalDAV server (Radicale).

The window runs on a profile whose agendas come from werkplek_caldav; the appointment with
the casemanager on Monday 10:00 is booked through the window and read back from Radicale as
any other CalDAV client would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from icalendar import Calendar
from pytestqt.qt_compat import qt_api
from werkplek_embedded.demo import BERT_BSN

from tests.caldav.conftest import GEHEIMEN, WACHTWOORD, haal_ruw, items_in
from tests.radicale import Radicale, maak_agenda
from tests.sleutelbos import sleutelbos_met
from tests.ui.conftest import open_venster, sluit_venster, vind
from tests.ui.test_reis_checklists import (
    beantwoord,
    kies_onderwerp,
    open_klant,
    registreer,
    start_aangevinkt,
)
from werkplek.app import bouw
from werkplek.domain.model import TIJDZONE, nu
from werkplek.services.profiel import lees_profiel
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import Qt, QtWidgets

QTest = qt_api.QtTest.QTest
pytestmark = pytest.mark.asyncio

PROFIEL = """
[profiel]
naam = "test"
gemeente = "Gemeente Demodam"
locatie = "Stadskantoor"

[plugins.ingebouwd]
plugin = "werkplek_embedded"
demo = true

[plugins.agenda]
plugin = "werkplek_caldav"
url = "{url}"
gebruiker = "kcc"
bronnaam = "Agenda's Demodam"

[[plugins.agenda.agenda]]
id = "mdewit"
naam = "M. de Wit, casemanager Werk en Inkomen"
pad = "/kcc/mdewit/"
onderwerpen = ["Bijstandsuitkering", "Werk zoeken"]
locatie = "Stadskantoor, Werkplein"
begin = "09:00"
einde = "17:00"
pauzes = [["12:30", "13:00"]]
slotduur_minuten = 30
voorlooptijd_uren = 2

[capabilities]
personen = ["ingebouwd"]
bedrijven = ["ingebouwd"]
zaken = ["ingebouwd"]
klantcontacten = ["ingebouwd"]
kennis = ["ingebouwd"]
agenda = ["agenda"]
"""


@pytest.fixture
def sleutelbos() -> Iterator[None]:
    """The agenda plugin's password and klantsleutel for profile "test", in the keyring."""
    with sleutelbos_met(GEHEIMEN):
        yield


@pytest_asyncio.fixture
async def venster_met_radicale(tmp_path: Path, sleutelbos: None
                               ) -> AsyncIterator[tuple[Hoofdvenster, Radicale]]:
    with Radicale({"kcc": WACHTWOORD}) as server:
        await maak_agenda(server.url, "/kcc/mdewit/", "kcc", WACHTWOORD, "M. de Wit")
        pad = tmp_path / "test.toml"
        pad.write_text(PROFIEL.format(url=server.url), encoding="utf-8")
        werkplek = bouw(lees_profiel(pad, os_gebruiker="testagent"), tmp_path / "data")
        try:
            venster = await open_venster(werkplek)
            try:
                yield venster, server
            finally:
                await sluit_venster(venster)
        finally:
            await werkplek.aclose()


def maandag_om_tien() -> datetime:
    vandaag = nu().date()
    dag = vandaag + timedelta(days=(7 - vandaag.weekday()) % 7 or 7)
    return datetime(dag.year, dag.month, dag.day, 10, tzinfo=TIJDZONE)


async def test_bert_zoekt_een_baan_met_afspraak_in_radicale(
        venster_met_radicale: tuple[Hoofdvenster, Radicale]) -> None:
    venster, server = venster_met_radicale
    await open_klant(venster, "06 1234 5678")
    kies_onderwerp(venster, "Bijstandsuitkering")
    await venster.taken.wacht()
    for vraag, antwoord in (("reden", "Allebei"),
                            ("laatste_werkdag", f"{nu().date() - timedelta(days=5):%d-%m-%Y}"),
                            ("ww_aangevraagd", "Nee"), ("inkomen", "900"), ("vermogen", "Nee"),
                            ("kinderen", "Ja"), ("aantal_kinderen", "2"), ("kinderopvang", "Ja"),
                            ("woonsituatie", "Huur"), ("huur", "850"), ("hulp_werk", "Ja")):
        beantwoord(venster, vraag, antwoord)
    await start_aangevinkt(venster, ["Bijstandsuitkering",
                                     "Kwijtschelding gemeentelijke belastingen",
                                     "Begeleiding naar werk"])

    # The casemanager's agenda, from Radicale, for this onderwerp.
    QTest.keyClick(venster, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    await venster.taken.wacht()
    agenda = vind(venster, "Agendakeuze", QtWidgets.QComboBox)
    assert agenda.currentText() == "M. de Wit, casemanager Werk en Inkomen"
    maandag = maandag_om_tien()
    if not venster.agenda.kies_slot(maandag):
        QTest.mouseClick(vind(venster, "Volgende week", QtWidgets.QPushButton),
                         Qt.MouseButton.LeftButton)
        await venster.taken.wacht()
        assert venster.agenda.kies_slot(maandag)
    QTest.keyClicks(vind(venster, "Vraag"), "Baan kwijt en gescheiden, twee kinderen.")
    QTest.mouseClick(vind(venster, "Afspraak maken", QtWidgets.QPushButton),
                     Qt.MouseButton.LeftButton)
    await venster.taken.wacht()
    assert not venster.agenda.melding.isVisible(), venster.agenda.melding.text()
    bevestiging = vind(venster, "Bevestiging voor de klant", QtWidgets.QPlainTextEdit)
    assert "maandag" in bevestiging.toPlainText() and "om 10:00 uur" in bevestiging.toPlainText()
    assert not venster.agenda.kies_slot(maandag)

    await registreer(venster, "", "Drie aanvragen gestart; afspraak met de casemanager.")
    contact = venster.historie.model.contact(0)

    # In Radicale, as the casemanager's own calendar program sees it.
    namen = await items_in(server.url, "/kcc/mdewit/")
    assert len(namen) == 1
    ruw = await haal_ruw(server.url, f"/kcc/mdewit/{namen[0]}")
    assert ruw.status_code == 200
    assert BERT_BSN not in ruw.text
    event = next(c for c in Calendar.from_ical(ruw.text).walk("VEVENT"))
    begin = event.decoded("DTSTART")
    assert begin.astimezone(TIJDZONE) == maandag
    assert "Bert Burger" in str(event.get("SUMMARY"))
    assert str(event.get("X-WERKPLEK-CONTACTMOMENT")) == contact.id
    assert "Baan kwijt en gescheiden" in str(event.get("DESCRIPTION"))
