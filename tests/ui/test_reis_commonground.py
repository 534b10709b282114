"""Bert's dossier from the real government APIs in one screen: BRP Personen, ZGW Zaken and
Catalogi, and Klantinteracties (Open Klant), each played by a loopback Contractserver that
checks every request and answer against the official spec.

The window asks the three at once: each answers after a pause, and the recorded arrival
times show the three requests overlapped. A contact registered in the window, and a
terugbelverzoek, arrive in Open Klant as a klantcontact with betrokkene and onderwerpobjecten
and as an internetaak. A backoffice that fails shows in its own panel; the rest stays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.contract.fixtures_brp import NepBrp
from tests.contract.fixtures_openklant import TOKEN, OpenKlant
from tests.contract.fixtures_zgw import GEHEIM, Zgw
from tests.contract.server import Antwoord, Contractserver, Opgenomen, Verzoek, overlappen
from tests.sleutelbos import GeheugenKeyring
from tests.ui.conftest import open_venster, sluit_venster
from tests.ui.test_doorverbinden import kies_ontvanger
from werkplek.app import Werkplek, bouw
from werkplek.domain.model import KlantRef
from werkplek.services.profiel import lees_profiel
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import QtWidgets

pytestmark = pytest.mark.asyncio
BERT_BSN = "999993653"
BERT = KlantRef.persoon(BERT_BSN)
PROFIEL = "commonground"
PAUZE = 0.4
"""Each backoffice takes this long to answer the dossier's first question."""


@dataclasses.dataclass
class Backoffices:
    brp: Contractserver
    zgw: Zgw
    ok: OpenKlant

    def servers(self) -> list[Contractserver]:
        return [self.brp, self.zgw.zaken_server, self.zgw.catalogi_server, self.ok.server]


def traag(server: Contractserver, methode: str, pad: str) -> None:
    """Let the route that serves ``methode pad`` answer after PAUZE."""
    _, _, handler = next(r for r in server.routes if r[0] == methode and r[1].match(pad))

    def later(v: Verzoek) -> Antwoord:
        return dataclasses.replace(handler(v), vertraging=PAUZE)

    server.route(methode, pad, later)


@pytest.fixture
def backoffices(contractserver: Callable[[str], Contractserver]) -> Backoffices:
    brp = contractserver("brp-personen-openapi.yaml")
    brp.route("POST", "/personen", NepBrp())
    zgw = Zgw(contractserver("zaken-openapi.yaml"), contractserver("catalogi-openapi.yaml"))
    paspoort = zgw.zaaktype("PASPOORT", "Aanvraag paspoort", "P1W",
                            ["Aanvraag ontvangen", "In productie", "Klaar om op te halen"])
    zgw.zaak(paspoort, "ZAAK-2026-0101", klant=BERT, startdatum=date(2026, 11, 20),
             omschrijving="Paspoort Bert Burger", statussen=[1, 2])
    ok = OpenKlant(contractserver("klantinteracties-openapi.yaml"))
    bert = ok.persoon(BERT_BSN, "Bert", "Burger")
    ok.klantcontact(partij=bert, kanaal="e-mail", onderwerp="Paspoort",
                    plaatsgevonden="2026-11-21T09:30:00+01:00",
                    inhoud="Wanneer is mijn paspoort klaar?", reactie="Over een week.")
    ok.actor("Team Burgerzaken", "organisatorische_eenheid", object_id="burgerzaken",
             codeobjecttype="oe", telefoon="+31201234100")
    for server, methode, pad in ((brp, "POST", "/personen"),
                                 (zgw.zaken_server, "POST", "/zaken/_zoek"),
                                 (ok.server, "GET", "/partijen")):
        traag(server, methode, pad)
    return Backoffices(brp, zgw, ok)


def profiel(map_: Path, b: Backoffices) -> Path:
    pad = map_ / f"{PROFIEL}.toml"
    pad.write_text(f"""
[profiel]
naam = "{PROFIEL}"
gemeente = "Gemeente Demodam"
timeout_seconden = 10

[plugins.brp]
plugin = "werkplek_brp"
url = "{b.brp.url}"
doelbinding = {{ raadplegen = "BRPACT-Totaal", zoeken = "BRPACT-ZoekenAlgemeen" }}
verwerking = "KCC klantcontact"

[plugins.zaken]
plugin = "werkplek_zgw"
zaken_url = "{b.zgw.zaken_server.url}"
catalogi_url = "{b.zgw.catalogi_server.url}"
client_id = "werkplek-kcc"
zaaktypen = ["PASPOORT"]
bronorganisatie = "002220647"

[plugins.openklant]
plugin = "werkplek_openklant"
url = "{b.ok.server.url}"

[capabilities]
personen = ["brp"]
zaken = ["zaken"]
klantcontacten = ["openklant"]
""", encoding="utf-8")
    return pad


@pytest.fixture
def geheimen(sleutelbos: GeheugenKeyring) -> Iterator[GeheugenKeyring]:
    dienst = f"werkplek/{PROFIEL}"
    sleutelbos.set_password(dienst, "brp.api_sleutel", "brp-test-sleutel")
    sleutelbos.set_password(dienst, "zaken.client_secret", GEHEIM)
    sleutelbos.set_password(dienst, "openklant.api_token", TOKEN)
    yield sleutelbos


async def open_bert(tmp_path: Path, b: Backoffices) -> tuple[Werkplek, Hoofdvenster]:
    w = bouw(lees_profiel(profiel(tmp_path, b), os_gebruiker="kcc.agent"), tmp_path / "data")
    venster = await open_venster(w)
    venster.zoek_tekst(BERT_BSN)
    await venster.taken.wacht()
    return w, venster


def eerste(server: Contractserver, methode: str, pad: str) -> Opgenomen:
    return server.van(methode, pad)[0]


async def test_berts_dossier_uit_brp_zaken_en_open_klant_tegelijk(
        tmp_path: Path, backoffices: Backoffices, geheimen: GeheugenKeyring) -> None:
    b = backoffices
    w, venster = await open_bert(tmp_path, b)
    try:
        assert venster.klantbeeld.naam.text() == "Bert Burger"
        assert "brp" in venster.klantbeeld.velden["Bron"].text().lower()
        [kaart] = venster.zaken.kaarten
        teksten = " ".join(lab.text() for lab in kaart.findChildren(QtWidgets.QLabel))
        assert "ZAAK-2026-0101" in teksten and "In productie" in teksten, teksten
        historie = [venster.historie.model.contact(i).vraag
                    for i in range(venster.historie.model.rowCount())]
        assert historie == ["Wanneer is mijn paspoort klaar?"]
        # The dossier's three questions were out at the same time.
        # (The BRP's first question was the search by BSN, before the dossier opened.)
        zoeken, raadplegen = b.brp.van("POST", "/personen")[:2]
        assert zoeken.klaar <= raadplegen.aankomst
        zoek_zaken = eerste(b.zgw.zaken_server, "POST", "/zaken/_zoek")
        partij = eerste(b.ok.server, "GET", "/partijen")
        assert overlappen([raadplegen, zoek_zaken, partij]), [
            (v.pad, v.aankomst, v.klaar) for v in (raadplegen, zoek_zaken, partij)]
        assert BERT_BSN not in zoek_zaken.pad and BERT_BSN in zoek_zaken.inhoud.decode()
    finally:
        await sluit_venster(venster)
        await w.aclose()
    for s in b.servers():
        s.controleer()


async def test_registreren_en_terugbelverzoek_komen_in_open_klant(
        tmp_path: Path, backoffices: Backoffices, geheimen: GeheugenKeyring) -> None:
    b = backoffices
    w, venster = await open_bert(tmp_path, b)
    try:
        cm = venster.contactmoment
        # No kennisbank in this profile, so no list of onderwerpen (nor a checklist).
        cm.onderwerp.addItem("Afhaalmoment", "Afhaalmoment")
        cm.onderwerp.setCurrentIndex(cm.onderwerp.findData("Afhaalmoment"))
        cm.vraag.setPlainText("Kan ik mijn paspoort eerder ophalen?")
        cm.antwoord.setPlainText("Nee, het is nog in productie.")
        venster.registreer()
        await venster.taken.wacht()
        assert "Contact geregistreerd" in cm.bevestiging.text()
        nieuw = [k for k in b.ok.klantcontacten.values()
                 if k["inhoud"] == "Kan ik mijn paspoort eerder ophalen?"]
        assert len(nieuw) == 1 and nieuw[0]["reactie"] == "Nee, het is nog in productie."
        assert b.ok.server.van("POST", "/maak-klantcontact")

        cm.onderwerp.setCurrentIndex(cm.onderwerp.findData("Afhaalmoment"))
        cm.vraag.setPlainText("Graag teruggebeld over de spoedprocedure.")
        venster.doorverbinden()
        await venster.taken.wacht()
        kies_ontvanger(venster, "Team Burgerzaken")
        venster.overdracht.terugbelnummer.setText("06 1234 5678")
        venster.overdracht.knop.click()
        await venster.taken.wacht()
        [taak] = b.ok.internetaken.values()
        assert "Graag teruggebeld over de spoedprocedure." in taak["toelichting"]
        assert taak["gevraagdeHandeling"] == "Terugbellen"
        assert BERT_BSN not in taak["toelichting"]
    finally:
        await sluit_venster(venster)
        await w.aclose()
    for s in b.servers():
        s.controleer()


async def test_een_kapotte_backoffice_raakt_alleen_zijn_eigen_paneel(
        tmp_path: Path, backoffices: Backoffices, geheimen: GeheugenKeyring) -> None:
    b = backoffices
    b.zgw.zaken_server.route("POST", "/zaken/_zoek", lambda _v: Antwoord(
        500, {"type": "about:blank", "code": "server_error", "title": "Interne fout",
              "status": 500, "detail": "", "instance": "urn:uuid:0"},
        soort="application/problem+json"))
    w, venster = await open_bert(tmp_path, b)
    try:
        assert venster.klantbeeld.naam.text() == "Bert Burger"
        assert venster.historie.model.rowCount() == 1
        melding = venster.zaken.melding.text()
        assert "zaken" in melding and "storing (HTTP 500)" in melding, melding
    finally:
        await sluit_venster(venster)
        await w.aclose()
