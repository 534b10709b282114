"""werkplek_kvk against KvK Zoeken v2 and Basisprofiel v1, each played by a Contractserver."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from werkplek_kvk import KvkPlugin, create_plugin
from werkplek_kvk.instellingen import lees_instellingen
from werkplek_rest import Onleesbaar

from tests.contract.fixtures_kvk import (
    BASISPROFIEL_SPEC,
    BEDRIJVEN_DEMODAM,
    HAVEN_KVK,
    HAVEN_NEVEN,
    HAVEN_RSIN,
    HAVEN_VESTIGING,
    ZOEKEN_SPEC,
    basisprofiel,
    demodam_items,
    eigenaar,
    fout,
    hoofdvestiging,
    rechtspersoon,
    zoekitem,
    zoekpagina,
)
from tests.contract.server import Antwoord, Contractserver, Opgenomen, Verzoek, overlappen
from tests.hulp import gesloten_na_afloop
from tests.sleutelbos import GeheugenKeyring, sleutelbos_met
from werkplek.domain.invoer import Zoeksoort, Zoekvraag, zoekvraag
from werkplek.domain.model import Adres, Medewerker, Rol
from werkplek.ports import BronFout, BronOnbereikbaar, Capability, PluginContext, Toegangsfout
from werkplek.services.plugins import KeyringGeheimen

PROFIEL = "test"
PLUGIN = "kvk"
SLEUTEL = "l7xx-kvk-testsleutel-5c1e"
DIENST = f"werkplek/{PROFIEL}"


@dataclass
class Kvk:
    zoeken: Contractserver
    basis: Contractserver

    def config(self, **extra: Any) -> dict[str, Any]:
        return {"zoeken_url": self.zoeken.url, "basisprofiel_url": self.basis.url,
                "timeout_seconden": 5, **extra}


@pytest.fixture
def sleutelbos() -> Iterator[GeheugenKeyring]:
    with sleutelbos_met({(DIENST, f"{PLUGIN}.api_sleutel"): SLEUTEL}) as kr:
        yield kr


@pytest.fixture
def kvk(contractserver: Callable[[str], Contractserver]) -> Kvk:
    return Kvk(contractserver(ZOEKEN_SPEC), contractserver(BASISPROFIEL_SPEC))


def context(tmp_path: Path) -> PluginContext:
    return PluginContext(naam=PLUGIN, profiel=PROFIEL, data_dir=tmp_path,
                         medewerker=Medewerker("tester", "T. Ester", Rol.TELEFOON),
                         geheimen=KeyringGeheimen(PROFIEL, PLUGIN))


@pytest_asyncio.fixture
async def maak(kvk: Kvk, sleutelbos: GeheugenKeyring, tmp_path: Path
               ) -> AsyncIterator[Callable[..., KvkPlugin]]:
    """Make a plugin against both servers, with extra config keys; closed at teardown."""
    async with gesloten_na_afloop() as bewaar:
        yield lambda **extra: bewaar(create_plugin(kvk.config(**extra), context(tmp_path)))


@pytest.fixture
def plugin(maak: Callable[..., KvkPlugin]) -> KvkPlugin:
    return maak()


async def opgenomen(server: Contractserver, aantal: int) -> list[Opgenomen]:
    """The requests the server recorded, once there are ``aantal`` (it records a request
    just after answering it, so the client can be a moment ahead)."""
    eind = time.monotonic() + 5
    while len(server.verzoeken) < aantal and time.monotonic() < eind:
        await asyncio.sleep(0.01)
    return list(server.verzoeken)


def geen_sleutel_in(tekst: str) -> None:
    assert SLEUTEL not in tekst
    assert SLEUTEL[5:] not in tekst


# -- zoeken ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_zoek_op_kvk_nummer_geeft_een_bedrijf_met_de_hoofdvestiging(
        kvk: Kvk, plugin: KvkPlugin) -> None:
    kvk.zoeken.route("GET", "/zoeken", lambda v: zoekpagina([
        rechtspersoon(HAVEN_KVK, "Havenbedrijf Demodam B.V."),
        zoekitem(HAVEN_KVK, "Havenbedrijf Demodam", "Kaaiweg", 100, "3089KA",
                 vestigingsnummer="000038509504"),
    ], v, kvk.zoeken))

    bedrijven = await plugin.zoek_bedrijven(zoekvraag("68750110"))

    assert [(b.kvk_nummer, b.naam, b.adres, b.rechtsvorm, b.bron) for b in bedrijven] == [
        (HAVEN_KVK, "Havenbedrijf Demodam", Adres("Kaaiweg", "100", "3089 KA", "Demodam"),
         "", "kvk")]
    # The RSIN from the rechtspersoon's result, the number of the hoofdvestiging's.
    assert [(b.rsin, b.vestigingsnummer) for b in bedrijven] == [
        (HAVEN_RSIN, "000038509504")]
    [verzoek] = await opgenomen(kvk.zoeken, 1)
    assert verzoek.kop["apikey"] == SLEUTEL
    assert verzoek.query["kvkNummer"] == [HAVEN_KVK]
    assert sorted(verzoek.query["type"]) == ["hoofdvestiging", "rechtspersoon"]
    assert verzoek.query["pagina"] == ["1"]
    assert verzoek.query["resultatenPerPagina"] == ["100"]
    assert not kvk.basis.verzoeken


@pytest.mark.asyncio
async def test_zoek_op_naam_leest_drie_paginas_en_de_laatste_twee_tegelijk(
        kvk: Kvk, maak: Callable[..., KvkPlugin]) -> None:
    items = demodam_items()
    kvk.zoeken.route("GET", "/zoeken", lambda v: zoekpagina(
        items, v, kvk.zoeken, vertraging=0.3 if v.een("pagina") != "1" else 0.0))
    plugin = maak(resultaten_per_pagina=2)

    bedrijven = await plugin.zoek_bedrijven(Zoekvraag(Zoeksoort.NAAM_GEBOORTEDATUM, "Demodam"))

    assert [b.kvk_nummer for b in bedrijven] == [k for k, *_ in BEDRIJVEN_DEMODAM]
    assert bedrijven[3].naam == "Stichting Buurthuis De Kaai"
    assert bedrijven[3].adres == Adres("Kade", "9", "3011 AB", "Demodam")
    verzoeken = sorted(await opgenomen(kvk.zoeken, 3), key=lambda v: int(v.query["pagina"][0]))
    assert [(v.query["pagina"], v.query["resultatenPerPagina"], v.query["naam"])
            for v in verzoeken] == [([str(n)], ["2"], ["Demodam"]) for n in (1, 2, 3)]
    assert all("type" not in v.query for v in verzoeken)
    assert overlappen(verzoeken[1:]), "pagina 2 en 3 hangen niet van elkaar af"


@pytest.mark.asyncio
async def test_zonder_totaal_volgt_de_plugin_volgende(
        kvk: Kvk, maak: Callable[..., KvkPlugin]) -> None:
    items = demodam_items()
    kvk.zoeken.route("GET", "/zoeken", lambda v: zoekpagina(items, v, kvk.zoeken, totaal=False))
    plugin = maak(resultaten_per_pagina=2)

    bedrijven = await plugin.zoek_bedrijven(Zoekvraag(Zoeksoort.NAAM_GEBOORTEDATUM, "Demodam"))

    assert len(bedrijven) == 5
    assert [v.query["pagina"] for v in await opgenomen(kvk.zoeken, 3)] == [["1"], ["2"], ["3"]]


@pytest.mark.asyncio
async def test_max_resultaten_begrenst_het_aantal_paginas(
        kvk: Kvk, maak: Callable[..., KvkPlugin]) -> None:
    items = [zoekitem(f"9100{n:04d}", f"Demobedrijf {n}", "Dijkweg", n + 1, "3071DE")
             for n in range(40)]
    kvk.zoeken.route("GET", "/zoeken", lambda v: zoekpagina(items, v, kvk.zoeken))
    plugin = maak(resultaten_per_pagina=4, max_resultaten=7)

    bedrijven = await plugin.zoek_bedrijven(Zoekvraag(Zoeksoort.NAAM_GEBOORTEDATUM, "Demo"))

    assert [b.naam for b in bedrijven] == [f"Demobedrijf {n}" for n in range(7)]
    assert sorted(v.query["pagina"][0] for v in await opgenomen(kvk.zoeken, 2)) == ["1", "2"]


@pytest.mark.asyncio
@pytest.mark.parametrize(("tekst", "verwacht"), [
    ("3089 KA 100a", {"postcode": ["3089KA"], "huisnummer": ["100"], "huisletter": ["A"]}),
    ("3089KA 100-2", {"postcode": ["3089KA"], "huisnummer": ["100"]}),
])
async def test_zoek_op_postcode_en_huisnummer(kvk: Kvk, plugin: KvkPlugin, tekst: str,
                                             verwacht: dict[str, list[str]]) -> None:
    kvk.zoeken.route("GET", "/zoeken", lambda v: zoekpagina([
        zoekitem(HAVEN_KVK, "Havenbedrijf Demodam, vestiging Kaaiweg", "Kaaiweg", 100,
                 "3089KA", soort="nevenvestiging", vestigingsnummer=HAVEN_NEVEN,
                 huisletter="A"),
    ], v, kvk.zoeken))

    [bedrijf] = await plugin.zoek_bedrijven(zoekvraag(tekst))

    assert bedrijf.kvk_nummer == HAVEN_KVK
    assert bedrijf.adres == Adres("Kaaiweg", "100A", "3089 KA", "Demodam")
    [verzoek] = await opgenomen(kvk.zoeken, 1)
    assert {k: v for k, v in verzoek.query.items()
            if k not in {"pagina", "resultatenPerPagina"}} == verwacht


@pytest.mark.asyncio
async def test_geen_resultaten_is_een_lege_lijst(kvk: Kvk, plugin: KvkPlugin) -> None:
    """KvK answers 404 when nothing matches: no results, not an error."""
    kvk.zoeken.route("GET", "/zoeken", lambda v: zoekpagina([], v, kvk.zoeken))

    assert await plugin.zoek_bedrijven(zoekvraag("90009999")) == []
    assert len(await opgenomen(kvk.zoeken, 1)) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize("tekst", ["999993653", "0612345678", "info@example.nl",
                                   "ZAAK-2026-0001"])
async def test_andere_zoeksoorten_sturen_geen_verzoek(kvk: Kvk, plugin: KvkPlugin,
                                                     tekst: str) -> None:
    assert await plugin.zoek_bedrijven(zoekvraag(tekst)) == []
    assert not kvk.zoeken.verzoeken
    assert not kvk.basis.verzoeken


@pytest.mark.asyncio
async def test_een_resultaat_zonder_kvk_nummer_is_onleesbaar(kvk: Kvk,
                                                            plugin: KvkPlugin) -> None:
    item = zoekitem(HAVEN_KVK, "Havenbedrijf Demodam", "Kaaiweg", 100, "3089KA")
    del item["kvkNummer"]
    kvk.zoeken.route("GET", "/zoeken", lambda v: zoekpagina([item], v, kvk.zoeken))

    with pytest.raises(Onleesbaar, match="KvK Zoeken"):
        await plugin.zoek_bedrijven(zoekvraag("Havenbedrijf 01-01-2000"))


# -- basisprofiel ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_bedrijf_uit_het_basisprofiel_met_ingebedde_hoofdvestiging(
        kvk: Kvk, plugin: KvkPlugin) -> None:
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}",
                    lambda v: Antwoord(200, basisprofiel(v.parameters["kvkNummer"])))

    bedrijf = await plugin.bedrijf(HAVEN_KVK)

    assert bedrijf is not None
    assert bedrijf.kvk_nummer == HAVEN_KVK
    assert bedrijf.naam == "Havenbedrijf Demodam B.V."
    assert bedrijf.rechtsvorm == "Besloten Vennootschap"
    assert bedrijf.adres == Adres("Kaaiweg", "100A-2", "3089 KA", "Demodam")  # bezoekadres
    assert bedrijf.bron == "kvk"
    assert bedrijf.telefoonnummers == () and bedrijf.emailadressen == ()
    # What the Zaken API knows the company by: the owner's RSIN and the hoofdvestiging.
    assert (bedrijf.rsin, bedrijf.vestigingsnummer) == (HAVEN_RSIN, HAVEN_VESTIGING)
    assert bedrijf.ref.rsin == HAVEN_RSIN
    [verzoek] = await opgenomen(kvk.basis, 1)
    assert verzoek.pad == f"/basisprofielen/{HAVEN_KVK}"
    assert verzoek.kop["apikey"] == SLEUTEL


@pytest.mark.asyncio
@pytest.mark.parametrize("rsin", [None, "", "999999999", "12345678"],
                         ids=["geen", "leeg", "elfproef-fout", "te-kort"])
async def test_een_eenmanszaak_heeft_geen_rsin(kvk: Kvk, plugin: KvkPlugin,
                                              rsin: str | None) -> None:
    eig = eigenaar("Eenmanszaak")
    eig.pop("rsin")
    if rsin is not None:
        eig["rsin"] = rsin
    profiel = basisprofiel()
    profiel["_embedded"]["eigenaar"] = eig
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}", lambda v: Antwoord(200, profiel))

    bedrijf = await plugin.bedrijf(HAVEN_KVK)

    assert bedrijf is not None
    assert (bedrijf.rsin, bedrijf.vestigingsnummer) == ("", HAVEN_VESTIGING)


@pytest.mark.asyncio
async def test_ontbrekende_hoofdvestiging_en_eigenaar_worden_tegelijk_opgehaald(
        kvk: Kvk, plugin: KvkPlugin) -> None:
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}",
                    lambda v: Antwoord(200, basisprofiel(ingebed=False)))
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}/hoofdvestiging",
                    lambda v: Antwoord(200, hoofdvestiging(), vertraging=0.3))
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}/eigenaar",
                    lambda v: Antwoord(200, eigenaar("VennootschapOnderFirma"),
                                       vertraging=0.3))

    bedrijf = await plugin.bedrijf(HAVEN_KVK)

    assert bedrijf is not None
    assert bedrijf.rechtsvorm == "Vennootschap onder firma"
    assert bedrijf.adres == Adres("Kaaiweg", "100A-2", "3089 KA", "Demodam")
    await opgenomen(kvk.basis, 3)
    delen = kvk.basis.van("GET", f"/basisprofielen/{HAVEN_KVK}/")
    assert sorted(v.pad.rsplit("/", 1)[1] for v in delen) == ["eigenaar", "hoofdvestiging"]
    assert overlappen(delen)


@pytest.mark.asyncio
async def test_bedrijf_zonder_hoofdvestiging_heeft_geen_adres(kvk: Kvk,
                                                             plugin: KvkPlugin) -> None:
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}",
                    lambda v: Antwoord(200, basisprofiel(ingebed=False)))
    for deel in ("hoofdvestiging", "eigenaar"):
        kvk.basis.route("GET", f"/basisprofielen/{{kvkNummer}}/{deel}",
                        lambda v: fout(404, "IPD0005", "Niet gevonden", hal=True))

    bedrijf = await plugin.bedrijf(HAVEN_KVK)

    assert bedrijf is not None
    assert (bedrijf.naam, bedrijf.rechtsvorm, bedrijf.adres) == (
        "Havenbedrijf Demodam B.V.", "", None)


@pytest.mark.asyncio
async def test_onbekend_kvk_nummer_is_none(kvk: Kvk, plugin: KvkPlugin) -> None:
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}",
                    lambda v: fout(404, "IPD0005", "Het KvK-nummer is niet gevonden", hal=True))

    assert await plugin.bedrijf("90009999") is None
    assert await plugin.bedrijf("niet-een-nummer") is None
    assert [v.pad for v in await opgenomen(kvk.basis, 1)] == ["/basisprofielen/90009999"]


# -- faults ---------------------------------------------------------------------------------


async def _zoek(plugin: KvkPlugin) -> object:
    return await plugin.zoek_bedrijven(zoekvraag(HAVEN_KVK))


async def _bedrijf(plugin: KvkPlugin) -> object:
    return await plugin.bedrijf(HAVEN_KVK)


API = {
    "zoeken": ("/zoeken", "KvK Zoeken", False, _zoek),
    "basisprofiel": ("/basisprofielen/{kvkNummer}", "KvK Basisprofiel", True, _bedrijf),
}


def _goed(api: str, kvk: Kvk) -> Callable[[Verzoek], Antwoord]:
    if api == "zoeken":
        return lambda v: zoekpagina(demodam_items()[:1], v, kvk.zoeken)
    return lambda v: Antwoord(200, basisprofiel())


def _server(api: str, kvk: Kvk) -> Contractserver:
    return kvk.zoeken if api == "zoeken" else kvk.basis


@pytest.mark.asyncio
@pytest.mark.parametrize("api", list(API))
@pytest.mark.parametrize(("status", "soort", "tekst"), [
    (401, Toegangsfout, "{naam} weigert de sleutel van deze werkplek (HTTP 401)"),
    (403, BronFout, "Deze werkplek mist de autorisatie voor dit verzoek bij {naam}"),
    (500, BronOnbereikbaar, "{naam} heeft een storing (HTTP 500)"),
])
async def test_foutstatus_wordt_een_nederlandse_bronfout(
        kvk: Kvk, plugin: KvkPlugin, caplog: pytest.LogCaptureFixture, *, api: str,
        status: int, soort: type[BronFout], tekst: str) -> None:
    caplog.set_level(logging.DEBUG)
    pad, naam, hal, aanroep = API[api]
    _server(api, kvk).route("GET", pad, lambda v: fout(status, "IPD1002", "Geweigerd", hal=hal))

    with pytest.raises(soort) as e:
        await aanroep(plugin)

    assert tekst.format(naam=naam) in str(e.value)
    assert "KvK" in str(e.value)
    assert f"{naam} antwoordde HTTP {status}" in caplog.text  # the log is captured at all
    geen_sleutel_in(str(e.value))
    geen_sleutel_in(caplog.text)


@pytest.mark.asyncio
@pytest.mark.parametrize("api", list(API))
async def test_429_met_korte_retry_after_wordt_eenmaal_afgewacht(
        kvk: Kvk, plugin: KvkPlugin, api: str) -> None:
    pad, _, _, aanroep = API[api]
    goed = _goed(api, kvk)
    pogingen: list[int] = []

    def druk(v: Verzoek) -> Antwoord:
        pogingen.append(1)
        if len(pogingen) > 1:
            return goed(v)
        return _te_veel(api, "1")

    _server(api, kvk).route("GET", pad, druk)

    assert await aanroep(plugin)
    verzoeken = await opgenomen(_server(api, kvk), 2)
    assert [v.status for v in verzoeken] == [429, 200]
    assert verzoeken[1].aankomst - verzoeken[0].klaar >= 0.9


@pytest.mark.asyncio
@pytest.mark.parametrize("api", list(API))
async def test_429_met_lange_retry_after_is_onbereikbaar(
        kvk: Kvk, plugin: KvkPlugin, api: str) -> None:
    pad, naam, _, aanroep = API[api]
    _server(api, kvk).route("GET", pad, lambda v: _te_veel(api, "120"))

    with pytest.raises(BronOnbereikbaar,
                       match=f"{naam} krijgt te veel verzoeken; probeer het over 120 seconden"):
        await aanroep(plugin)
    assert len(await opgenomen(_server(api, kvk), 1)) == 1


def _te_veel(api: str, retry_after: str) -> Antwoord:
    if api == "basisprofiel":  # the Basisprofiel spec has a `default` answer: checked
        return fout(429, "IPD1003", "Te veel verzoeken", kop={"Retry-After": retry_after})
    # The Zoeken spec lists no 429 (nor a default) although KvK's gateway sends it when the
    # rate limit is reached; such an answer cannot be checked against the spec, so it is
    # sent as is.
    return Antwoord(429, ruw=json.dumps({"fout": [{"code": "IPD1003",
                                                   "omschrijving": "Te veel verzoeken"}]}
                                        ).encode(),
                    soort="application/json", kop={"Retry-After": retry_after})


@pytest.mark.asyncio
@pytest.mark.parametrize("api", list(API))
async def test_timeout_is_onbereikbaar(kvk: Kvk, maak: Callable[..., KvkPlugin],
                                       api: str) -> None:
    pad, naam, _, aanroep = API[api]
    goed = _goed(api, kvk)
    _server(api, kvk).route("GET", pad, lambda v: Antwoord(
        goed(v).status, goed(v).json, vertraging=1.0))
    plugin = maak(timeout_seconden=0.5)

    with pytest.raises(BronOnbereikbaar, match=f"{naam} antwoordde niet binnen 0.5 seconden"):
        await aanroep(plugin)


@pytest.mark.asyncio
@pytest.mark.parametrize("api", list(API))
async def test_onleesbare_json_is_een_bronfout(kvk: Kvk, plugin: KvkPlugin, api: str) -> None:
    pad, naam, _, aanroep = API[api]
    _server(api, kvk).route("GET", pad, lambda v: Antwoord(200, ruw=b"{niet json"))

    with pytest.raises(Onleesbaar, match=f"{naam} gaf een onleesbaar antwoord"):
        await aanroep(plugin)


@pytest.mark.asyncio
async def test_onleesbare_json_op_een_latere_pagina(kvk: Kvk,
                                                   maak: Callable[..., KvkPlugin]) -> None:
    items = demodam_items()

    def pagina(v: Verzoek) -> Antwoord:
        if v.een("pagina") == "3":
            return Antwoord(200, ruw=b"{niet json")
        return zoekpagina(items, v, kvk.zoeken)

    kvk.zoeken.route("GET", "/zoeken", pagina)
    plugin = maak(resultaten_per_pagina=2)

    with pytest.raises(BronFout, match="KvK Zoeken"):
        await plugin.zoek_bedrijven(zoekvraag("Demodam 01-01-2000"))


@pytest.mark.asyncio
async def test_een_antwoord_dat_geen_object_is_is_onleesbaar(kvk: Kvk,
                                                            plugin: KvkPlugin) -> None:
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}",
                    lambda v: Antwoord(200, ruw=b'["geen", "profiel"]'))

    with pytest.raises(Onleesbaar, match="KvK Basisprofiel"):
        await plugin.bedrijf(HAVEN_KVK)


# -- the key --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_zonder_sleutel_een_duidelijke_bronfout_en_geen_verzoek(
        kvk: Kvk, plugin: KvkPlugin, sleutelbos: GeheugenKeyring) -> None:
    sleutelbos.delete_password(DIENST, f"{PLUGIN}.api_sleutel")

    for aanroep in (_zoek, _bedrijf):
        with pytest.raises(BronFout, match="api_sleutel voor KvK ontbreekt in de sleutelbos"):
            await aanroep(plugin)
    gezondheid = await plugin.health()
    assert not gezondheid.in_orde
    assert "api_sleutel" in gezondheid.toelichting
    assert not kvk.zoeken.verzoeken
    assert not kvk.basis.verzoeken


@pytest.mark.asyncio
async def test_een_sleutel_die_niet_in_een_kop_past_wordt_niet_verstuurd(
        kvk: Kvk, plugin: KvkPlugin, sleutelbos: GeheugenKeyring) -> None:
    sleutelbos.set_password(DIENST, f"{PLUGIN}.api_sleutel", "sleutel-met-é")

    with pytest.raises(BronFout, match="niet in een HTTP-kopregel passen") as e:
        await plugin.bedrijf(HAVEN_KVK)
    assert "sleutel-met" not in str(e.value)
    assert not kvk.basis.verzoeken


@pytest.mark.asyncio
async def test_de_sleutel_wordt_per_verzoek_uit_de_sleutelbos_gelezen(
        kvk: Kvk, plugin: KvkPlugin, sleutelbos: GeheugenKeyring) -> None:
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}",
                    lambda v: Antwoord(200, basisprofiel()))
    await plugin.bedrijf(HAVEN_KVK)
    sleutelbos.set_password(DIENST, f"{PLUGIN}.api_sleutel", "vervangen-sleutel")
    await plugin.bedrijf(HAVEN_KVK)

    assert [v.kop["apikey"] for v in await opgenomen(kvk.basis, 2)] == [
        SLEUTEL, "vervangen-sleutel"]


@pytest.mark.asyncio
async def test_de_sleutel_staat_in_geen_enkele_logregel(
        kvk: Kvk, plugin: KvkPlugin, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    kvk.zoeken.route("GET", "/zoeken", lambda v: zoekpagina(demodam_items(), v, kvk.zoeken))
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}",
                    lambda v: Antwoord(200, basisprofiel()))

    await plugin.zoek_bedrijven(zoekvraag("Demodam 01-01-2000"))
    await plugin.bedrijf(HAVEN_KVK)
    await plugin.health()

    assert "HTTP Request: GET" in caplog.text  # httpx's own lines are captured
    assert "Demodam" not in caplog.text  # nor the query (ZonderQuery of werkplek_rest)
    geen_sleutel_in(caplog.text)


# -- health, config -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_health_vraagt_beide_apis_en_404_is_gezond(kvk: Kvk, plugin: KvkPlugin) -> None:
    kvk.zoeken.route("GET", "/zoeken", lambda v: zoekpagina([], v, kvk.zoeken))
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}",
                    lambda v: fout(404, "IPD0005", "Niet gevonden", hal=True))

    gezondheid = await plugin.health()

    assert gezondheid.in_orde, gezondheid.toelichting
    assert len(await opgenomen(kvk.zoeken, 1)) == 1
    assert len(await opgenomen(kvk.basis, 1)) == 1
    assert plugin.capabilities == frozenset({Capability.BEDRIJVEN})


@pytest.mark.asyncio
async def test_health_meldt_een_geweigerde_sleutel(kvk: Kvk, plugin: KvkPlugin) -> None:
    kvk.zoeken.route("GET", "/zoeken", lambda v: fout(401, "IPD1001", "Ongeldige apikey"))
    kvk.basis.route("GET", "/basisprofielen/{kvkNummer}", lambda v: Antwoord(200, basisprofiel()))

    gezondheid = await plugin.health()

    assert not gezondheid.in_orde
    assert "KvK Zoeken weigert de sleutel van deze werkplek" in gezondheid.toelichting


def test_url_geeft_beide_basisadressen() -> None:
    i = lees_instellingen({"url": "https://api.kvk.nl/test/"})
    assert (i.zoeken_url, i.basisprofiel_url) == ("https://api.kvk.nl/test/api/v2",
                                                  "https://api.kvk.nl/test/api/v1")
    i = lees_instellingen({"url": "https://api.kvk.nl",
                           "basisprofiel_url": "https://gateway.demodam.example/kvk-bp/v1"})
    assert (i.zoeken_url, i.basisprofiel_url) == ("https://api.kvk.nl/api/v2",
                                                  "https://gateway.demodam.example/kvk-bp/v1")
    assert (i.timeout, i.per_pagina, i.max_resultaten) == (10.0, 100, 100)


@pytest.mark.parametrize(("config", "melding"), [
    ({}, "De instelling url ontbreekt"),
    ({"zoeken_url": "https://api.kvk.nl/api/v2"}, "De instelling url ontbreekt"),
    ({"url": "ftp://api.kvk.nl"}, r"url moet een http\(s\)-adres zijn"),
    ({"url": "https://kcc:geheim@api.kvk.nl"}, "geen gebruikersnaam of wachtwoord"),
    ({"url": "https://api.kvk.nl", "timeout_seconden": 0}, "timeout_seconden"),
    ({"url": "https://api.kvk.nl", "resultaten_per_pagina": 101}, "resultaten_per_pagina"),
    ({"url": "https://api.kvk.nl", "max_resultaten": 0}, "max_resultaten"),
])
def test_foute_instellingen_geven_een_nederlandse_melding(config: dict[str, Any],
                                                          melding: str) -> None:
    with pytest.raises(ValueError, match=melding):
        lees_instellingen(config)
