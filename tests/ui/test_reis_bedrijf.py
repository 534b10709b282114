"""A company in the one screen with a real Zaken API: the Havenbedrijf (a B.V., known to the
Zaken API by its RSIN) and Koffiebar De Kade (a one-man business, by its vestigingsnummer).

The agent opens each by its KvK number only; werkplek finds the RSIN or vestigingsnummer in
the company's own record and asks the Zaken API with that (an Open Zaak 1.30 fake that
refuses a KvK number where an RSIN belongs). A zaak past its uiterlijke einddatum afdoening
shows "Te laat" although it is within its doorlooptijd; a zaak started for the one-man
business carries him as its customer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from werkplek_embedded.demo import HAVEN_KVK, HAVEN_RSIN, KADE_KVK, KADE_VESTIGING

from tests.contract.fixtures_zgw import GEHEIM, Zgw
from tests.contract.server import Contractserver
from tests.sleutelbos import GeheugenKeyring
from tests.ui.conftest import open_venster, sluit_venster
from werkplek.app import bouw
from werkplek.domain.model import KlantRef, nu
from werkplek.services.profiel import lees_profiel
from werkplek.ui.qt import QtWidgets

pytestmark = pytest.mark.asyncio
PROFIEL = "havenstad"


def profiel(map_: Path, zgw: Zgw) -> Path:
    pad = map_ / f"{PROFIEL}.toml"
    pad.write_text(f"""
[profiel]
naam = "{PROFIEL}"
gemeente = "Gemeente Demodam"

[plugins.ingebouwd]
plugin = "werkplek_embedded"
demo = true

[plugins.zaken]
plugin = "werkplek_zgw"
zaken_url = "{zgw.zaken_server.url}"
catalogi_url = "{zgw.catalogi_server.url}"
client_id = "werkplek-kcc"
zaaktypen = ["TERRAS"]
bronorganisatie = "002220647"

[capabilities]
personen = ["ingebouwd"]
bedrijven = ["ingebouwd"]
zaken = ["zaken"]
klantcontacten = ["ingebouwd"]
""", encoding="utf-8")
    return pad


async def test_bedrijven_op_kvk_nummer_geopend_hebben_hun_zaken_uit_de_zaken_api(
        tmp_path: Path, sleutelbos: GeheugenKeyring,
        contractserver: Callable[[str], Contractserver]) -> None:
    zgw = Zgw(contractserver("zaken-openapi.yaml"), contractserver("catalogi-openapi.yaml"),
              open_zaak_130=True)
    melding = zgw.zaaktype("MILIEU", "Melding milieuactiviteit", "P28D",
                           ["Melding ontvangen", "Beoordeling", "Afgehandeld"])
    zgw.zaaktype("TERRAS", "Terrasvergunning", "P42D",
                 ["Aanvraag ontvangen", "Beoordeling", "Besluit verzonden"])
    vandaag = nu().date()
    start = vandaag - timedelta(days=15)
    zgw.zaak(melding, "ZAAK-2026-0077", klant=KlantRef.bedrijf(HAVEN_KVK, HAVEN_RSIN),
             startdatum=start, omschrijving="Opslag gevaarlijke stoffen loods 4",
             uiterlijk=start + timedelta(days=14), statussen=[1, 2])
    sleutelbos.set_password(f"werkplek/{PROFIEL}", "zaken.client_secret", GEHEIM)
    w = bouw(lees_profiel(profiel(tmp_path, zgw), os_gebruiker="kcc.agent"), tmp_path / "data")
    venster = await open_venster(w)
    try:
        venster.zoek_tekst(HAVEN_KVK)
        await venster.taken.wacht()
        assert venster.klantbeeld.naam.text() == "Havenbedrijf Demodam B.V."
        [kaart] = venster.zaken.kaarten
        assert kaart.accessibleName() == "Zaak ZAAK-2026-0077"
        # Within the zaaktype's 28 days, but past the 14 the law gives: late.
        assert kaart.findChild(QtWidgets.QLabel, "teLaat") is not None
        assert "uiterlijke einddatum afdoening" in kaart.findChild(
            QtWidgets.QLabel, "zaakVoet").text()
        assert not venster.zaken.melding.isVisible()
        zoeken = [v.json() for v in zgw.zaken_server.van("POST", "/zaken/_zoek")]
        assert {"rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId": HAVEN_RSIN
                } in [{k: v for k, v in z.items() if k.startswith("rol__")} for z in zoeken]

        venster.zoek_tekst(KADE_KVK)
        await venster.taken.wacht()
        assert venster.klantbeeld.naam.text() == "Koffiebar De Kade"
        assert venster.zaken.kaarten == []
        assert venster.zaken.leeg.text() == "Deze klant heeft geen zaken."

        # A zaak started for the one-man business, opened by KvK number only.
        aanvraag = w.dossier.zaakaanvraag(KlantRef.bedrijf(KADE_KVK), "TERRAS",
                                          "Terras aan de kade, zes tafels")
        [antwoord] = await w.dossier.start_zaken([aanvraag])
        assert antwoord.ok, antwoord.melding
        [rol] = [r for r in zgw.rollen if r["betrokkeneType"] == "vestiging"]
        assert rol["betrokkeneIdentificatie"]["vestigingsNummer"] == KADE_VESTIGING
        [zaak] = (await w.dossier.zaken(KlantRef.bedrijf(KADE_KVK))).waarde
        assert zaak.identificatie == antwoord.waarde.identificatie  # type: ignore[union-attr]
    finally:
        await sluit_venster(venster)
        await w.aclose()
