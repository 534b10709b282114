"""The BRP plugin against a loopback BRP Personen bevragen 2 that checks every request and
every answer against the official spec (../shared/specs/brp-personen-openapi.yaml)."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from werkplek_brp import BrpPlugin, create_plugin

from tests.contract.fixtures_brp import (
    BERT_BSN,
    FATIMA_BSN,
    INGRID_BSN,
    LUCA_BSN,
    ONBEKEND_BSN,
    SANNE_BSN,
    SPEC,
    THIJS_BSN,
    NepBrp,
    probleem,
)
from tests.contract.server import Antwoord, Contractserver, Opgenomen, Verzoek
from tests.hulp import gesloten_na_afloop
from tests.sleutelbos import GeheugenKeyring, sleutelbos_met
from werkplek.domain.invoer import zoekvraag
from werkplek.domain.model import Adres, Medewerker, Persoon, Rol
from werkplek.ports import BronFout, BronOnbereikbaar, Capability, PluginContext, Toegangsfout
from werkplek.services.plugins import KeyringGeheimen

PROFIEL = "test"
PLUGIN = "brp"
SLEUTEL = "proef-sleutel-7c21f0"
OIN = "00000001234567890000"
ALLE_BSNS = (BERT_BSN, SANNE_BSN, THIJS_BSN, FATIMA_BSN, INGRID_BSN, LUCA_BSN, ONBEKEND_BSN)

RAADPLEEG_FIELDS = [
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    "verblijfplaats.verblijfadres.officieleStraatnaam",
    "verblijfplaats.verblijfadres.korteStraatnaam",
    "verblijfplaats.verblijfadres.huisnummer",
    "verblijfplaats.verblijfadres.huisletter",
    "verblijfplaats.verblijfadres.huisnummertoevoeging",
    "verblijfplaats.verblijfadres.postcode",
    "verblijfplaats.verblijfadres.woonplaats",
    "verblijfplaats.verblijfadres.regel1",
    "verblijfplaats.verblijfadres.regel2",
    "verblijfplaats.verblijfadres.regel3",
    "verblijfplaats.verblijfadres.land",
    "verblijfplaats.verblijfadres.locatiebeschrijving",
]
ZOEK_FIELDS = [
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    "adressering.adresregel1",
    "adressering.adresregel2",
    "adressering.adresregel3",
    "adressering.land",
]

BERT = Persoon(BERT_BSN, "Bert", "", "Burger", date(1980, 3, 14),
               Adres("Havenstraat", "12", "3011AB", "Demodam"), bron=PLUGIN)
"""Bert as the klantbeeld shows him after raadplegen."""


def instellingen(url: str, **extra: Any) -> dict[str, Any]:
    """The plugin's table as it comes out of the profile TOML."""
    config: dict[str, Any] = {
        "plugin": "werkplek_brp",
        "url": url,
        "timeout_seconden": 5,
        "doelbinding": {"raadplegen": "BRPACT-Totaal", "zoeken": "BRPACT-ZoekenAlgemeen"},
        "verwerking": "KCC klantcontact",
        "oin": OIN,
    }
    config.update(extra)
    return config


def context(tmp_path: Path, gebruikersnaam: str = "t.ester") -> PluginContext:
    return PluginContext(naam=PLUGIN, profiel=PROFIEL, data_dir=tmp_path,
                         medewerker=Medewerker(gebruikersnaam, "T. Ester", Rol.TELEFOON),
                         geheimen=KeyringGeheimen(PROFIEL, PLUGIN))


@pytest.fixture
def sleutelbos() -> Iterator[GeheugenKeyring]:
    with sleutelbos_met({(f"werkplek/{PROFIEL}", f"{PLUGIN}.api_sleutel"): SLEUTEL}) as kr:
        yield kr


@pytest.fixture
def lege_sleutelbos() -> Iterator[GeheugenKeyring]:
    with sleutelbos_met({}) as kr:
        yield kr


@pytest.fixture
def brp(contractserver: Callable[[str], Contractserver]) -> Contractserver:
    server = contractserver(SPEC)
    server.route("POST", "/personen", NepBrp())
    return server


MaakPlugin = Callable[..., BrpPlugin]


@pytest_asyncio.fixture
async def maak_plugin(tmp_path: Path) -> AsyncIterator[MaakPlugin]:
    """Make plugin instances; all are closed after the test."""
    async with gesloten_na_afloop() as bewaar:
        yield lambda config, gebruikersnaam="t.ester": bewaar(
            create_plugin(config, context(tmp_path, gebruikersnaam)))


@pytest_asyncio.fixture
async def plugin(brp: Contractserver, sleutelbos: GeheugenKeyring,
                 maak_plugin: MaakPlugin) -> BrpPlugin:
    return maak_plugin(instellingen(brp.url))


def opgenomen(server: Contractserver, aantal: int) -> list[Opgenomen]:
    """The requests the server recorded; it records one just after answering it, so this
    waits (for at most 5 s) until it holds ``aantal``."""
    grens = time.monotonic() + 5
    while len(server.verzoeken) < aantal and time.monotonic() < grens:
        time.sleep(0.005)
    return list(server.verzoeken)


def vragen(server: Contractserver, aantal: int) -> list[Any]:
    """The bodies of the first ``aantal`` requests."""
    return [v.json() for v in opgenomen(server, aantal)]


def geen_verzoek(server: Contractserver, caplog: pytest.LogCaptureFixture) -> None:
    """Nothing went out: httpx logs every request it sends (at INFO) before it returns."""
    assert not [r for r in caplog.records if r.name == "httpx"], "er ging toch een verzoek uit"
    assert server.verzoeken == []


def _eerst(antwoord: Antwoord) -> Callable[[Verzoek], Antwoord]:
    """A handler that gives ``antwoord`` once and then answers as the BRP does."""
    nep = NepBrp()
    gegeven: list[bool] = []

    def handler(verzoek: Verzoek) -> Antwoord:
        if not gegeven:
            gegeven.append(True)
            return antwoord
        return nep(verzoek)

    return handler


def _altijd(antwoord: Antwoord) -> Callable[[Verzoek], Antwoord]:
    return lambda _: antwoord


# -- raadplegen and zoeken ----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_raadplegen_vraagt_alleen_de_velden_van_het_klantbeeld(
        plugin: BrpPlugin, brp: Contractserver) -> None:
    assert plugin.capabilities == frozenset({Capability.PERSONEN})
    assert await plugin.persoon(BERT_BSN) == BERT
    assert vragen(brp, 1) == [{"type": "RaadpleegMetBurgerservicenummer",
                               "burgerservicenummer": [BERT_BSN], "fields": RAADPLEEG_FIELDS}]


@pytest.mark.asyncio
async def test_raadplegen_met_huisletter_toevoeging_en_voorvoegsel(plugin: BrpPlugin) -> None:
    ingrid = await plugin.persoon(INGRID_BSN)
    assert ingrid == Persoon(INGRID_BSN, "Ingrid Maria", "van der", "Berg", date(1968, 2, 29),
                             Adres("Burgemeester van Walsumweg", "5-2", "3072XY", "Demodam"),
                             bron=PLUGIN)
    fatima = await plugin.persoon(FATIMA_BSN)
    assert fatima is not None
    assert (fatima.naam, fatima.adres) == (
        "Fatima el Amrani", Adres("Kade", "7B", "3011AB", "Demodam"))


@pytest.mark.asyncio
async def test_een_onvolledige_geboortedatum_en_een_adres_in_het_buitenland(
        plugin: BrpPlugin) -> None:
    luca = await plugin.persoon(LUCA_BSN)
    assert luca == Persoon(LUCA_BSN, "Luca", "", "Peeters", date(1975, 1, 1),
                           Adres("Rue de la Loi 42", "", "", "1040 Bruxelles, België"),
                           bron=PLUGIN)


@pytest.mark.asyncio
async def test_een_onbekend_bsn_is_een_lege_lijst_geen_404(plugin: BrpPlugin,
                                                          brp: Contractserver) -> None:
    """The spec defines no 404 for /personen: the BRP answers 200 with no persons."""
    assert await plugin.persoon(ONBEKEND_BSN) is None
    assert [v.status for v in opgenomen(brp, 1)] == [200]
    assert await plugin.zoek_personen(zoekvraag("Burger 01-01-1999")) == []
    assert [v.status for v in opgenomen(brp, 2)] == [200, 200]


@pytest.mark.asyncio
async def test_iets_anders_dan_een_bsn_wordt_niet_gevraagd(
        plugin: BrpPlugin, brp: Contractserver, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    assert await plugin.persoon("a1b2c3d4e5") is None
    geen_verzoek(brp, caplog)


@pytest.mark.asyncio
async def test_zoeken_op_bsn_is_raadplegen(plugin: BrpPlugin, brp: Contractserver) -> None:
    assert await plugin.zoek_personen(zoekvraag("999 993 653")) == [BERT]
    assert await plugin.zoek_personen(zoekvraag(ONBEKEND_BSN)) == []
    assert [v["type"] for v in vragen(brp, 2)] == ["RaadpleegMetBurgerservicenummer"] * 2
    assert [v.kop["x-doelbinding"] for v in opgenomen(brp, 2)] == ["BRPACT-Totaal"] * 2


@pytest.mark.asyncio
async def test_zoeken_op_naam_en_geboortedatum(plugin: BrpPlugin, brp: Contractserver) -> None:
    gevonden = await plugin.zoek_personen(zoekvraag("Burger 14-03-1980"))
    assert gevonden == [Persoon(BERT_BSN, "Bert", "", "Burger", date(1980, 3, 14),
                                Adres("Havenstraat", "12", "3011AB", "DEMODAM"), bron=PLUGIN)]
    assert vragen(brp, 1) == [{"type": "ZoekMetGeslachtsnaamEnGeboortedatum",
                               "geslachtsnaam": "Burger", "geboortedatum": "1980-03-14",
                               "fields": ZOEK_FIELDS}]
    assert opgenomen(brp, 1)[0].kop["x-doelbinding"] == "BRPACT-ZoekenAlgemeen"


@pytest.mark.asyncio
async def test_zoeken_op_naam_stuurt_het_voorvoegsel_apart(plugin: BrpPlugin,
                                                          brp: Contractserver) -> None:
    gevonden = await plugin.zoek_personen(zoekvraag("van der Berg 29-02-1968"))
    assert gevonden == [Persoon(INGRID_BSN, "Ingrid Maria", "van der", "Berg",
                                date(1968, 2, 29),
                                Adres("Burg van Walsumweg", "5-2", "3072XY", "DEMODAM"),
                                bron=PLUGIN)]
    assert vragen(brp, 1)[0] == {"type": "ZoekMetGeslachtsnaamEnGeboortedatum",
                              "geslachtsnaam": "Berg", "voorvoegsel": "van der",
                              "geboortedatum": "1968-02-29", "fields": ZOEK_FIELDS}


@pytest.mark.asyncio
async def test_zoeken_op_postcode_en_huisnummer(plugin: BrpPlugin, brp: Contractserver) -> None:
    gevonden = await plugin.zoek_personen(zoekvraag("3011 AB 12"))
    assert sorted(p.bsn for p in gevonden) == sorted([BERT_BSN, SANNE_BSN, THIJS_BSN])
    assert {p.adres for p in gevonden} == {Adres("Havenstraat", "12", "3011AB", "DEMODAM")}
    assert {p.bron for p in gevonden} == {PLUGIN}
    assert vragen(brp, 1) == [{"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "3011AB",
                               "huisnummer": 12, "fields": ZOEK_FIELDS}]


@pytest.mark.asyncio
async def test_huisletter_en_toevoeging_gaan_apart_mee(plugin: BrpPlugin,
                                                      brp: Contractserver) -> None:
    assert [p.bsn for p in await plugin.zoek_personen(zoekvraag("3011AB 7B"))] == [FATIMA_BSN]
    assert [p.bsn for p in await plugin.zoek_personen(zoekvraag("3072 XY 5-2"))] == [INGRID_BSN]
    assert await plugin.zoek_personen(zoekvraag("3011AB 7C")) == []
    gestuurd = [{k: v for k, v in vraag.items() if k != "fields"} for vraag in vragen(brp, 3)]
    assert gestuurd == [
        {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "3011AB", "huisnummer": 7,
         "huisletter": "B"},
        {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "3072XY", "huisnummer": 5,
         "huisnummertoevoeging": "2"},
        {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "3011AB", "huisnummer": 7,
         "huisletter": "C"},
    ]


@pytest.mark.asyncio
async def test_geheimhouding_komt_mee(plugin: BrpPlugin) -> None:
    """The API delivers geheimhoudingPersoonsgegevens unasked; the card shows it."""
    fatima = await plugin.persoon(FATIMA_BSN)
    assert fatima is not None and fatima.geheimhouding
    bert = await plugin.persoon(BERT_BSN)
    assert bert is not None and not bert.geheimhouding
    gezocht = await plugin.zoek_personen(zoekvraag("el Amrani 23-11-1991"))
    assert [(p.bsn, p.voorvoegsel, p.geheimhouding) for p in gezocht] == [
        (FATIMA_BSN, "el", True)]
    op_adres = await plugin.zoek_personen(zoekvraag("3011AB 7B"))
    assert [p.geheimhouding for p in op_adres] == [True]


@pytest.mark.parametrize("tekst", ["0612345678", "bert.burger@example.nl", "12345678",
                                   "ZAAK-2026-0001"])
@pytest.mark.asyncio
async def test_andere_zoeksoorten_geven_niets_zonder_verzoek(
        plugin: BrpPlugin, brp: Contractserver, caplog: pytest.LogCaptureFixture,
        tekst: str) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    assert await plugin.zoek_personen(zoekvraag(tekst)) == []
    geen_verzoek(brp, caplog)


@pytest.mark.parametrize(("tekst", "melding"), [
    ("Burger; 14-03-1980", "achternaam"),
    ("3011AB 0", "huisnummer"),
])
@pytest.mark.asyncio
async def test_wat_de_brp_niet_kan_zoeken_wordt_niet_gestuurd(
        plugin: BrpPlugin, brp: Contractserver, caplog: pytest.LogCaptureFixture, tekst: str,
        melding: str) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    with pytest.raises(BronFout, match=melding) as fout:
        await plugin.zoek_personen(zoekvraag(tekst))
    assert "BRP Personen" in str(fout.value)
    geen_verzoek(brp, caplog)


# -- protocollering and the key -----------------------------------------------------------------


@pytest.mark.asyncio
async def test_elk_verzoek_draagt_de_protocollering(plugin: BrpPlugin,
                                                   brp: Contractserver) -> None:
    await plugin.persoon(BERT_BSN)
    await plugin.zoek_personen(zoekvraag("Burger 14-03-1980"))
    await plugin.zoek_personen(zoekvraag("3011AB 12"))
    await plugin.zoek_personen(zoekvraag(FATIMA_BSN))
    verzoeken = opgenomen(brp, 4)
    assert len(verzoeken) == 4
    doelbinding = {"RaadpleegMetBurgerservicenummer": "BRPACT-Totaal",
                   "ZoekMetGeslachtsnaamEnGeboortedatum": "BRPACT-ZoekenAlgemeen",
                   "ZoekMetPostcodeEnHuisnummer": "BRPACT-ZoekenAlgemeen"}
    for v in verzoeken:
        assert v.kop["x-doelbinding"] == doelbinding[v.json()["type"]]
        assert v.kop["x-verwerking"] == "KCC klantcontact"
        assert v.kop["x-gebruiker"] == "t.ester"
        assert v.kop["x-origin-oin"] == OIN
        assert v.kop["x-api-key"] == SLEUTEL
        assert v.kop["content-type"] == "application/json; charset=utf-8"


@pytest.mark.asyncio
async def test_zonder_oin_geen_origin_kopregel_en_een_eigen_sleutelkopregel(
        brp: Contractserver, sleutelbos: GeheugenKeyring, maak_plugin: MaakPlugin) -> None:
    config = instellingen(brp.url, doelbinding="KCC", api_sleutel_kopregel="apikey")
    del config["oin"]
    plugin = maak_plugin(config, gebruikersnaam="j.müller")
    await plugin.zoek_personen(zoekvraag("Burger 14-03-1980"))
    kop = opgenomen(brp, 1)[0].kop
    assert "x-origin-oin" not in kop
    assert "x-api-key" not in kop
    assert kop["apikey"] == SLEUTEL
    assert kop["x-doelbinding"] == "KCC"
    assert kop["x-gebruiker"] == "j.m%C3%BCller"


@pytest.mark.asyncio
async def test_zonder_sleutel_een_duidelijke_fout_en_geen_verzoek(
        brp: Contractserver, lege_sleutelbos: GeheugenKeyring, maak_plugin: MaakPlugin,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    plugin = maak_plugin(instellingen(brp.url))
    with pytest.raises(BronFout) as fout:
        await plugin.persoon(BERT_BSN)
    assert not isinstance(fout.value, BronOnbereikbaar)
    assert "api_sleutel voor BRP Personen ontbreekt in de sleutelbos" in str(fout.value)
    assert "werkplek secrets set test brp api_sleutel" in str(fout.value)
    with pytest.raises(BronFout, match="api_sleutel"):
        await plugin.zoek_personen(zoekvraag("3011AB 12"))
    gezondheid = await plugin.health()
    assert not gezondheid.in_orde
    assert "api_sleutel" in gezondheid.toelichting
    geen_verzoek(brp, caplog)


@pytest.mark.asyncio
async def test_de_sleutel_wordt_bij_elk_verzoek_gelezen(plugin: BrpPlugin, brp: Contractserver,
                                                       sleutelbos: GeheugenKeyring) -> None:
    await plugin.persoon(BERT_BSN)
    sleutelbos.set_password(f"werkplek/{PROFIEL}", f"{PLUGIN}.api_sleutel", "nieuwe-sleutel")
    await plugin.persoon(BERT_BSN)
    assert [v.kop["x-api-key"] for v in opgenomen(brp, 2)] == [SLEUTEL, "nieuwe-sleutel"]


# -- faults ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("antwoord", "soort", "melding"), [
    (probleem(401, "Niet correct geauthenticeerd.", "authentication"), Toegangsfout,
     f"BRP Personen weigert de sleutel van deze werkplek (HTTP 401): de sleutel is onjuist, "
     f"verlopen of ingetrokken. Zet de juiste met: werkplek secrets set {PROFIEL} {PLUGIN} "
     "api_sleutel."),
    (probleem(403, "U bent niet geautoriseerd voor deze operatie.", "autorisation"), BronFout,
     "Deze werkplek mist de autorisatie voor dit verzoek bij BRP Personen (HTTP 403, "
     "autorisation). De sleutel klopt wel"),
    (probleem(404, "Niet gevonden.", "notFound"), BronFout,
     "BRP Personen kent het gevraagde niet"),
    (probleem(400, "Een of meer parameters zijn niet correct.", "paramsValidation"), BronFout,
     "BRP Personen weigerde het verzoek"),
    (probleem(500, "Interne server fout.", "serverError"), BronOnbereikbaar,
     "BRP Personen heeft een storing"),
    (probleem(503, "Bronservice BRP is tijdelijk niet beschikbaar.", "notAvailable"),
     BronOnbereikbaar, "BRP Personen heeft een storing"),
    (Antwoord(200, ruw=b"{niet json"), BronFout, "BRP Personen gaf een onleesbaar antwoord"),
    (Antwoord(200, {"type": "RaadpleegMetBurgerservicenummer",
                    "personen": [{"naam": {"geslachtsnaam": "Burger"}}]}),
     BronFout, "BRP Personen gaf een persoon zonder geldig burgerservicenummer"),
], ids=["401", "403", "404", "400", "500", "503", "onleesbaar", "zonder-bsn"])
@pytest.mark.asyncio
async def test_fouten_van_de_brp_in_het_nederlands(
        plugin: BrpPlugin, brp: Contractserver, antwoord: Antwoord, soort: type[BronFout],
        melding: str) -> None:
    brp.route("POST", "/personen", lambda _: antwoord)
    with pytest.raises(BronFout) as fout:
        await plugin.persoon(BERT_BSN)
    assert type(fout.value) is soort or (soort is BronFout and not isinstance(
        fout.value, BronOnbereikbaar)), type(fout.value)
    assert melding in str(fout.value)
    assert BERT_BSN not in str(fout.value)
    with pytest.raises(soort):
        await plugin.zoek_personen(zoekvraag("3011AB 12"))
    assert len(opgenomen(brp, 2)) == 2


@pytest.mark.asyncio
async def test_429_met_korte_retry_after_wordt_eenmaal_afgewacht(
        plugin: BrpPlugin, brp: Contractserver) -> None:
    brp.route("POST", "/personen", _eerst(replace(
        probleem(429, "Too many request", "tooManyRequests"), kop={"Retry-After": "1"})))
    assert await plugin.persoon(BERT_BSN) == BERT
    eerste, tweede = opgenomen(brp, 2)
    assert (eerste.status, tweede.status) == (429, 200)
    assert tweede.aankomst - eerste.klaar >= 0.9
    assert tweede.json() == eerste.json()
    assert tweede.kop["x-doelbinding"] == "BRPACT-Totaal"


@pytest.mark.asyncio
async def test_429_met_lange_retry_after_is_onbereikbaar(plugin: BrpPlugin,
                                                        brp: Contractserver) -> None:
    te_veel = replace(probleem(429, "Too many request", "tooManyRequests"),
                      kop={"Retry-After": "120"})
    brp.route("POST", "/personen", lambda _: te_veel)
    begin = time.monotonic()
    with pytest.raises(BronOnbereikbaar, match="BRP Personen krijgt te veel verzoeken") as fout:
        await plugin.persoon(BERT_BSN)
    assert time.monotonic() - begin < 5
    assert "120 seconden" in str(fout.value)
    assert len(opgenomen(brp, 1)) == 1


@pytest.mark.asyncio
async def test_een_trage_brp_geeft_een_timeout(brp: Contractserver, sleutelbos: GeheugenKeyring,
                                              maak_plugin: MaakPlugin) -> None:
    plugin = maak_plugin(instellingen(brp.url, timeout_seconden=0.5))
    brp.route("POST", "/personen", lambda v: Antwoord(
        200, {"type": "RaadpleegMetBurgerservicenummer", "personen": []}, vertraging=1.5))
    begin = time.monotonic()
    with pytest.raises(BronOnbereikbaar,
                       match=r"BRP Personen antwoordde niet binnen 0\.5 seconden"):
        await plugin.persoon(BERT_BSN)
    assert time.monotonic() - begin < 1.4


@pytest.mark.asyncio
async def test_geen_bsn_en_geen_sleutel_in_de_logregels(
        plugin: BrpPlugin, brp: Contractserver, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fouten: list[str] = []
    await plugin.persoon(BERT_BSN)
    await plugin.zoek_personen(zoekvraag(FATIMA_BSN))
    await plugin.zoek_personen(zoekvraag("3011AB 12"))
    for antwoord in (probleem(401, "Niet correct geauthenticeerd.", "authentication"),
                     probleem(500, "Interne server fout.", "serverError"),
                     Antwoord(200, ruw=b"{niet json"),
                     replace(probleem(429, "Too many request", "tooManyRequests"),
                             kop={"Retry-After": "60"})):
        brp.route("POST", "/personen", _altijd(antwoord))
        for bsn in (BERT_BSN, ONBEKEND_BSN):
            with pytest.raises(BronFout) as fout:
                await plugin.persoon(bsn)
            fouten.append(str(fout.value))
    assert (await plugin.health()).in_orde
    assert any(r.name == "httpx" for r in caplog.records), "httpx logde niets: test ziet niets"
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    assert any(r.name == "werkplek_rest" for r in caplog.records)
    tekst = caplog.text + "\n".join(fouten)
    for bsn in ALLE_BSNS:
        assert bsn not in tekst
    assert SLEUTEL not in tekst


# -- health and config --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_health_zonder_persoonsgegevens(plugin: BrpPlugin, brp: Contractserver,
                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    gezondheid = await plugin.health()
    assert gezondheid.in_orde, gezondheid.toelichting
    assert "BRP Personen" in gezondheid.toelichting
    assert [r.getMessage().split()[2] for r in caplog.records if r.name == "httpx"] == ["HEAD"]
    assert brp.verzoeken == []  # no person request, so nothing is protocolled


@pytest.mark.asyncio
async def test_health_als_de_brp_onbereikbaar_is(sleutelbos: GeheugenKeyring,
                                                maak_plugin: MaakPlugin) -> None:
    with Contractserver(SPEC) as weg:
        url = weg.url
    plugin = maak_plugin(instellingen(url, timeout_seconden=2))
    gezondheid = await plugin.health()
    assert not gezondheid.in_orde
    assert gezondheid.toelichting == "BRP Personen is niet bereikbaar."
    with pytest.raises(BronOnbereikbaar, match="BRP Personen is niet bereikbaar"):
        await plugin.persoon(BERT_BSN)


@pytest.mark.parametrize(("wijziging", "melding"), [
    ({"url": None}, "url ontbreekt"),
    ({"url": "ftp://brp.example"}, "url moet een http"),
    ({"url": "https://sleutel@brp.example/api"}, "sleutelbos"),
    ({"doelbinding": None}, "doelbinding ontbreekt"),
    ({"doelbinding": {"raadplegen": "BRPACT-Totaal"}}, "doelbinding.zoeken ontbreekt"),
    ({"doelbinding": {"raadplegen": "a", "zoeken": "b", "wijzigen": "c"}}, "niet wijzigen"),
    ({"doelbinding": ["a"]}, "doelbinding moet een tekst of een tabel"),
    ({"verwerking": None}, "verwerking ontbreekt"),
    ({"verwerking": "Contact met de burger – KCC"}, "verwerking gaat mee in een HTTP-kopregel"),
    ({"oin": "1234"}, "OIN van 20 cijfers"),
    ({"timeout_seconden": 0}, "timeout_seconden"),
    ({"timeout_seconden": True}, "timeout_seconden"),
    ({"api_sleutel_kopregel": "X API KEY"}, "api_sleutel_kopregel"),
])
def test_fouten_in_de_instellingen(tmp_path: Path, wijziging: dict[str, Any],
                                   melding: str) -> None:
    config = instellingen("https://brp.gemeente.example/haalcentraal/api/brp")
    for sleutel, waarde in wijziging.items():
        if waarde is None:
            del config[sleutel]
        else:
            config[sleutel] = waarde
    with pytest.raises(ValueError, match=melding):
        create_plugin(config, context(tmp_path))


@pytest.mark.parametrize(("soort", "veld"), [
    ("ZoekMetPostcodeEnHuisnummer", "verblijfplaats.verblijfadres.postcode"),
    ("RaadpleegMetBurgerservicenummer", "geheimhoudingPersoonsgegevens"),
    ("RaadpleegMetBurgerservicenummer", "naam.bestaatniet"),
])
def test_de_nep_brp_weigert_velden_zoals_de_echte(brp: Contractserver, soort: str,
                                                   veld: str) -> None:
    """The fixture is as strict about ``fields`` as the spec says the API is."""
    vraag: dict[str, Any] = {"type": soort, "fields": [veld]}
    vraag |= ({"burgerservicenummer": [BERT_BSN]} if soort.startswith("Raadpleeg")
              else {"postcode": "3011AB", "huisnummer": 12})
    antwoord = httpx.post(f"{brp.url}/personen", json=vraag,
                          headers={"Content-Type": "application/json; charset=utf-8"})
    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == "fields"
