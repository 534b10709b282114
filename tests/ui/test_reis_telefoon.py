"""The phone agent beside real baresip: Bert calls, the agent answers and his dossier is on
the screen with a telephone contact; Bert hangs up, nawerk; registering ends it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from werkplek_baresip import create_plugin

from tests.baresip import Netwerk, Softphone
from tests.hulp import wacht_tot
from tests.ui.conftest import open_venster, sluit_venster, vind
from tests.ui.test_reis_checklists import registreer
from tests.unit.test_embedded import context
from werkplek.app import bouw
from werkplek.domain.model import Kanaal
from werkplek.domain.oproep import Gespreksfase
from werkplek.services.profiel import lees_profiel
from werkplek.ui.qt import Qt, QtWidgets

pytestmark = pytest.mark.asyncio
BERT = "+31612345678"
LINKS = Qt.MouseButton.LeftButton


def telefoonstand(venster: QtWidgets.QWidget) -> QtWidgets.QLabel:
    """The top bar's call state, read by its text (a screen reader reads it so too)."""
    label = venster.findChild(QtWidgets.QLabel, "Telefoon")
    assert label is not None
    return label


def profiel(map_: Path, ctrl: str, bert_sip: str) -> Path:
    pad = map_ / "telefoon.toml"
    pad.write_text(f"""
[profiel]
naam = "telefoon"
gemeente = "Gemeente Demodam"

[plugins.ingebouwd]
plugin = "werkplek_embedded"
demo = true

[plugins.softphone]
plugin = "werkplek_baresip"
ctrl_tcp = "{ctrl}"
bel_uri = "{bert_sip}"              # every number reaches Bert's phone in this network

[capabilities]
personen = ["ingebouwd"]
bedrijven = ["ingebouwd"]
zaken = ["ingebouwd"]
klantcontacten = ["ingebouwd"]
kennis = ["ingebouwd"]
telefonie = ["softphone"]
""", encoding="utf-8")
    return pad


async def test_bert_belt_en_zijn_dossier_staat_er(tmp_path: Path) -> None:
    from PySide6.QtTest import QTest

    with Netwerk() as netwerk, \
            Softphone(netwerk, BERT, "Bert Burger", 5060, 4444) as bert_toestel, \
            Softphone(netwerk, "kcc", "KCC Demodam", 5070, 4445) as kcc:
        w = bouw(lees_profiel(profiel(tmp_path, kcc.ctrl, bert_toestel.sip),
                              os_gebruiker="agent"), tmp_path / "data")
        bert = create_plugin({"ctrl_tcp": bert_toestel.ctrl,
                              "bel_uri": f"sip:kcc@{netwerk.adres}:5070"}, context(tmp_path))
        venster = await open_venster(w)
        try:
            telefoon = telefoonstand(venster)
            status = vind(venster, "Status", QtWidgets.QComboBox)
            assert telefoon.isVisible() and telefoon.text() == "Telefoon: vrij"
            assert status.currentText() == "Beschikbaar"
            softphone = w.host.actief["softphone"].object
            await wacht_tot(lambda: softphone.verbonden)  # type: ignore[union-attr]

            await bert.bel("+31140010")
            await wacht_tot(lambda: telefoon.text().startswith("Telefoon: gaat over"))
            assert "+31612345678" in telefoon.text()
            assert (await w.telefonie.aannemen()).ok  # the agent takes the call
            await wacht_tot(lambda: venster.klantbeeld.naam.text() == "Bert Burger")
            await venster.taken.wacht()
            assert telefoon.text() == "Telefoon: in gesprek"
            assert status.currentText() == "In gesprek"
            assert Kanaal(venster.contactmoment.kanaal.currentData()) is Kanaal.TELEFOON
            opgenomen = venster._begin

            await bert.ophangen()
            await wacht_tot(lambda: status.currentText() == "Nawerk")
            assert telefoon.text() == "Telefoon: opgehangen"
            opgehangen = venster.telefoon.opgehangen
            assert opgehangen is not None and opgenomen <= opgehangen

            onderwerp = vind(venster, "Onderwerp", QtWidgets.QComboBox)
            onderwerp.setCurrentIndex(onderwerp.findData("Rijbewijs"))
            await registreer(venster, "Mag ik met een verlopen rijbewijs rijden?", "Nee.")
            assert status.currentText() == "Beschikbaar"
            [contact] = [c for c in (await w.dossier.contacthistorie(
                venster.klant_ref)).waarde if c.onderwerp == "Rijbewijs"]  # type: ignore[arg-type]
            assert (contact.kanaal, contact.begin, contact.einde) == (
                Kanaal.TELEFOON, opgenomen, opgehangen)

            # Click-to-dial: the agent calls Bert back from his card; Bert's phone rings.
            bij_bert: list[Gespreksfase] = []

            async def volg_bert() -> None:
                async for g in bert.gebeurtenissen():
                    bij_bert.append(g.fase)

            volger = asyncio.create_task(volg_bert())
            try:
                await wacht_tot(lambda: bert.verbonden)
                QTest.mouseClick(vind(venster, "Bellen", QtWidgets.QPushButton), LINKS)
                await venster.taken.wacht()
                await wacht_tot(lambda: Gespreksfase.BINNENKOMEND in bij_bert)
            finally:
                volger.cancel()
                await asyncio.gather(volger, return_exceptions=True)
        finally:
            await sluit_venster(venster)
            await bert.aclose()
            await w.aclose()


@pytest.mark.parametrize(("gebruiker", "getoond"), [
    ("anonymous", "nummer afgeschermd"),    # a withheld number, as SIP sends it
    ("+3225551212", "+3225551212"),          # a Belgian number: valid, but no customer
])
async def test_een_onbekende_beller_via_de_softphone(tmp_path: Path, gebruiker: str,
                                                     getoond: str) -> None:
    from PySide6.QtTest import QTest

    with Netwerk() as netwerk, \
            Softphone(netwerk, gebruiker, "Onbekend", 5060, 4444) as beller_toestel, \
            Softphone(netwerk, "kcc", "KCC Demodam", 5070, 4445) as kcc:
        w = bouw(lees_profiel(profiel(tmp_path, kcc.ctrl, beller_toestel.sip),
                              os_gebruiker="agent"), tmp_path / "data")
        beller = create_plugin({"ctrl_tcp": beller_toestel.ctrl,
                                "bel_uri": f"sip:kcc@{netwerk.adres}:5070"}, context(tmp_path))
        venster = await open_venster(w)
        try:
            softphone = w.host.actief["softphone"].object
            await wacht_tot(lambda: softphone.verbonden)  # type: ignore[union-attr]
            await beller.bel("+31140010")
            await wacht_tot(lambda: telefoonstand(venster).text().startswith(
                "Telefoon: gaat over"))
            aannemen = vind(venster, "Aannemen", QtWidgets.QPushButton)
            ophangen = vind(venster, "Ophangen", QtWidgets.QPushButton)
            assert aannemen.isEnabled() and ophangen.isEnabled()
            QTest.mouseClick(aannemen, LINKS)  # the agent answers in werkplek
            cm = venster.contactmoment
            await wacht_tot(cm.beller.isVisible)
            await venster.taken.wacht()
            assert venster.klant_ref is None
            assert cm.beller.text() == f"Onbekende beller: {getoond}"
            assert cm.vraag.isEnabled() and Kanaal(cm.kanaal.currentData()) is Kanaal.TELEFOON
            assert vind(venster, "Status", QtWidgets.QComboBox).currentText() == "In gesprek"
            assert not aannemen.isEnabled()
            QTest.mouseClick(ophangen, LINKS)  # and hangs up there too
            status = vind(venster, "Status", QtWidgets.QComboBox)
            await wacht_tot(lambda: status.currentText() == "Nawerk")
            assert not ophangen.isEnabled()
        finally:
            await sluit_venster(venster)
            await beller.aclose()
            await w.aclose()
