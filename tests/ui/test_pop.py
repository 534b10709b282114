"""A call comes in: the caller's dossier pops with a telephone contact from the answer on."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from werkplek_embedded.demo import JAN_BSN, SANNE_BSN

from tests.ui.conftest import diensten, sluit_venster, vind
from werkplek.app import Werkplek
from werkplek.domain.model import Kanaal, nu
from werkplek.domain.oproep import oproep
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import QtWidgets

pytestmark = pytest.mark.asyncio


async def test_vaste_lijn_van_fatima(venster: Hoofdvenster) -> None:
    venster.pop(oproep("+31 20 123 4567"))
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Fatima el Amrani"


async def test_een_beller_met_een_bekend_nummer(venster: Hoofdvenster) -> None:
    voor = nu()
    venster.voer_uit({"opdracht": "pop", "oproep": oproep("+31 10 123 4567", "14010",
                                                           "c-1").bericht()})
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Jan Burger"
    assert venster.klant_ref is not None and venster.klant_ref.nummer == JAN_BSN
    cm = venster.contactmoment
    assert Kanaal(cm.kanaal.currentData()) is Kanaal.TELEFOON
    assert voor <= venster._begin <= nu()  # the contact runs from the answer on
    assert cm.vraag.isEnabled()


async def test_meerdere_klanten_met_hetzelfde_nummer_geven_een_keuze(
        venster: Hoofdvenster, tmp_path: Path) -> None:
    # Sanne (a child) has her father Jan's number on file too: who is calling?
    with sqlite3.connect(tmp_path / "data" / "embedded-demo.db") as db:
        db.execute("INSERT INTO digitaal_adres (klant_soort, klant_nummer, soort, waarde) "
                   "VALUES ('persoon', ?, 'telefoon', '+31101234567')", (SANNE_BSN,))
    venster.pop(oproep("010-1234567"))
    await venster.taken.wacht()
    assert venster.klant_ref is None
    assert venster.resultaten_model.rowCount() == 2
    assert venster.resultaten_status.text() == "2 klanten met dit nummer: kies de beller (Enter)."
    venster.open_resultaat(1)
    await venster.taken.wacht()
    assert venster.klant_ref is not None
    assert Kanaal(venster.contactmoment.kanaal.currentData()) is Kanaal.TELEFOON


@pytest.mark.parametrize("nummer", ["anonymous", "0800-GEMEENTE", "1" * 100, "06 99999999"])
async def test_onbekende_beller(venster: Hoofdvenster, nummer: str) -> None:
    venster.pop(oproep(nummer))
    await venster.taken.wacht()
    assert venster.klant_ref is None
    zoeken = vind(venster, "Zoeken", QtWidgets.QLineEdit)
    assert zoeken.hasFocus() and zoeken.text() == " ".join(nummer.split())[:40]
    assert venster.zoekmelding.isVisible()
    assert venster.zoekmelding.text().startswith("Onbekende beller")


async def test_een_onbewaard_contact_gaat_nooit_verloren(venster: Hoofdvenster) -> None:
    venster.zoek_tekst("999993653")
    await venster.taken.wacht()
    cm = venster.contactmoment
    cm.vraag.setPlainText("Vraag van Bert die nog niet geregistreerd is")
    venster.pop(oproep("010-1234567"))
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Bert Burger"  # nothing replaced
    assert cm.vraag.toPlainText() == "Vraag van Bert die nog niet geregistreerd is"
    assert "Nieuwe beller (010-1234567) aan de lijn" in cm.melding.text()
    venster.nieuw_contact()  # the agent lets Bert's draft go: now the caller opens
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Jan Burger"


async def test_bellen_naar_elk_nummer_van_de_klant(venster: Hoofdvenster) -> None:
    venster.pop(oproep("+31 20 123 4567"))
    await venster.taken.wacht()
    gebeld: list[str] = []
    venster.klantbeeld.bellen.connect(gebeld.append)
    menu = vind(venster, "Bellen", QtWidgets.QPushButton).menu()
    assert menu is not None  # Fatima has a mobile and a landline: the agent picks one
    acties = menu.actions()
    assert [a.text() for a in acties] == ["06-40001234", "0201234567"]
    acties[1].trigger()
    assert gebeld == ["+31201234567"]


async def test_een_pop_tijdens_de_start_wacht_op_de_bronnen(werkplek_demo: Werkplek) -> None:
    """The window shows before its services; a pop handed over in that moment waits, and
    is carried out first when they come, in a window the agent can already use."""
    w = werkplek_demo
    diensten_ = diensten(w)
    venster = Hoofdvenster(diensten_.voorkant, asyncio.get_running_loop())
    bediend: list[bool] = []
    pop = venster.pop

    def volg(*args: Any, **kwargs: Any) -> None:
        bediend.append(venster.isEnabled())
        pop(*args, **kwargs)

    venster.pop = volg  # type: ignore[method-assign]
    try:
        venster.show()
        assert not venster.isEnabled()
        venster.voer_uit({"opdracht": "pop", "oproep": oproep("+31 10 123 4567").bericht()})
        assert bediend == [] and venster.klant_ref is None
        venster.verbind_diensten(diensten_)
        await venster.taken.wacht()
        assert bediend == [True]
        assert venster.klantbeeld.naam.text() == "Jan Burger"
    finally:
        await sluit_venster(venster)
