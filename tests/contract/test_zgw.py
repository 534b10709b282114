"""Contract tests of werkplek_zgw: the plugin against the Zaken API 1.7 and Catalogi API 1.3.3.

The plugin talks real HTTP to two Contractservers that check every request and every answer
against the official specs; ``Zgw`` (fixtures_zgw.py) plays the zaaksysteem behind them.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from werkplek_zgw import ZgwPlugin, create_plugin, vertaling

from tests.contract.fixtures_zgw import (
    AFDELING_ROL,
    BERT_BSN,
    CLIENT_ID,
    GEHEIM,
    HAVEN_KVK,
    HAVEN_RSIN,
    JAN_BSN,
    MEDEWERKER_ROL,
    RSIN,
    Zgw,
    probleem,
)
from tests.contract.server import Antwoord, Contractserver, Verzoek, overlappen
from tests.hulp import gesloten_na_afloop
from tests.sleutelbos import GeheugenKeyring, sleutelbos_met
from werkplek.domain.model import (
    TIJDZONE,
    Kanaal,
    KlantRef,
    KlantSoort,
    Medewerker,
    Rol,
    Zaakaanvraag,
    nu,
)
from werkplek.ports import BronFout, BronOnbereikbaar, PluginContext, Toegangsfout
from werkplek.services.plugins import KeyringGeheimen

PROFIEL = "test"
PLUGIN = "zaken"
DIENST = f"werkplek/{PROFIEL}"
BERT = KlantRef.persoon(BERT_BSN)
JAN = KlantRef.persoon(JAN_BSN)
HAVEN = KlantRef.bedrijf(HAVEN_KVK, HAVEN_RSIN)
VANDAAG = nu().date()


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def sleutelbos() -> Iterator[GeheugenKeyring]:
    with sleutelbos_met({(DIENST, f"{PLUGIN}.client_secret"): GEHEIM}) as kr:
        yield kr


@pytest.fixture
def zgw(contractserver: Callable[[str], Contractserver]) -> Zgw:
    """Gemeente Demodam's zaaksysteem: a catalogue and the zaken of Bert, Jan and the port."""
    return demodam(Zgw(contractserver("zaken-openapi.yaml"),
                       contractserver("catalogi-openapi.yaml")))


def demodam(z: Zgw) -> Zgw:
    """Fill a zaaksysteem with Demodam's catalogue and the zaken of Bert, Jan and the port
    (four zaken; the port's initiator by its RSIN)."""
    z.zaaktype("PASPOORT", "Aanvraag paspoort (oud)", "P10D", ["Ontvangen", "Klaar"],
               begin="2019-01-01", einde="2023-12-31")
    paspoort = z.zaaktype("PASPOORT", "Aanvraag paspoort", "P1W",
                          ["Aanvraag ontvangen", "In productie", "Klaar om op te halen",
                           "Uitgereikt"])
    z.zaaktype("PASPOORT", "Aanvraag paspoort (nieuw)", "P5D", ["Ontvangen"],
               begin=(VANDAAG + timedelta(days=30)).isoformat())
    bijstand = z.zaaktype("BIJSTAND", "Aanvraag bijstandsuitkering", "P8W",
                          ["Aanvraag ontvangen", "Intakegesprek gepland", "Onderzoek",
                           "Besluit verzonden"], resultaten=["Toegekend", "Afgewezen"])
    wmo = z.zaaktype("WMO_WONING", "Wmo woningaanpassing", "P1M12D",
                     ["Melding ontvangen", "Keukentafelgesprek", "Besluit verzonden"])
    z.zaaktype("CONCEPT", "Nog niet gepubliceerd", "P1D", ["Ontvangen", "Klaar"],
               concept=True)
    omgeving = z.zaaktype("OMGEVINGSVERGUNNING", "Omgevingsvergunning bouwen", "P8W",
                          ["Aanvraag ontvangen", "Inhoudelijke toets", "Besluit verzonden"])
    z.zaak(paspoort, "ZAAK-2026-0001", klant=BERT, startdatum=date(2026, 3, 2),
           omschrijving="Paspoort Bert Burger", statussen=[1, 2], behandelaar=AFDELING_ROL,
           gepland=date(2026, 3, 9))
    z.zaak(bijstand, "ZAAK-2026-0002", klant=BERT, startdatum=date(2026, 1, 12),
           statussen=[1, 2, 3, 4], behandelaar=MEDEWERKER_ROL, resultaat="Toegekend",
           uiterlijk=date(2026, 3, 9))
    z.zaak(wmo, "ZAAK-2026-0003", klant=JAN, startdatum=date(2026, 2, 20), statussen=[1],
           behandelaar={**MEDEWERKER_ROL, "afwijkendeNaamBetrokkene": "Wmo-consulent Ali"})
    z.zaak(omgeving, "ZAAK-2026-0004", klant=HAVEN, startdatum=date(2026, 2, 1),
           statussen=[1, 2])
    return z


def instellingen(zgw: Zgw, **extra: Any) -> dict[str, Any]:
    """The plugin's table as it comes out of the profile TOML."""
    config: dict[str, Any] = {
        "plugin": "werkplek_zgw",
        "zaken_url": zgw.zaken_server.url,
        "catalogi_url": zgw.catalogi_server.url,
        "client_id": CLIENT_ID,
        "timeout_seconden": 5,
        "catalogus": zgw.catalogus,
        "zaaktypen": ["PASPOORT", "BIJSTAND", "WMO_WONING", "OMGEVINGSVERGUNNING"],
        "bronorganisatie": RSIN,
        "verantwoordelijke_organisatie": RSIN,
    }
    config.update(extra)
    return config


def context(tmp_path: Path) -> PluginContext:
    return PluginContext(naam=PLUGIN, profiel=PROFIEL, data_dir=tmp_path,
                         medewerker=Medewerker("kcc.tester", "T. Ester", Rol.TELEFOON),
                         geheimen=KeyringGeheimen(PROFIEL, PLUGIN))


MaakPlugin = Callable[..., ZgwPlugin]


@pytest_asyncio.fixture
async def maak_plugin(tmp_path: Path) -> AsyncIterator[MaakPlugin]:
    async with gesloten_na_afloop() as bewaar:
        yield lambda config: bewaar(create_plugin(config, context(tmp_path)))


@pytest_asyncio.fixture
async def plugin(zgw: Zgw, sleutelbos: GeheugenKeyring, maak_plugin: MaakPlugin) -> ZgwPlugin:
    return maak_plugin(instellingen(zgw))


def aanvraag(klant: KlantRef = BERT, zaaktype: str = "PASPOORT", **extra: Any) -> Zaakaanvraag:
    velden: dict[str, Any] = {"id": "6f1c2b9e-8d4a-4c53-9a51-3e0f2d7b8c41",
                              "zaaktype": zaaktype, "klant": klant,
                              "omschrijving": "Paspoort aanvragen",
                              "toelichting": "Verloopt in mei.", "kanaal": Kanaal.BALIE}
    velden.update(extra)
    return Zaakaanvraag(**velden)


def verwacht_zaaknummer(aanvraag_id: str, voorvoegsel: str = "KCC") -> str:
    """The identificatie of a started zaak, computed here independently of the plugin."""
    h = hashlib.sha256(aanvraag_id.encode()).hexdigest().upper()
    return f"{voorvoegsel}-{h[0:4]}-{h[4:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}"


def posts(server: Contractserver, pad: str) -> list[Any]:
    return [v.json() for v in server.verzoeken if v.methode == "POST" and v.pad == pad]


# -- reading ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_zaken_van_een_persoon_met_tijdlijn(plugin: ZgwPlugin, zgw: Zgw) -> None:
    zaken = sorted(await plugin.zaken(BERT), key=lambda z: z.identificatie)

    assert [z.identificatie for z in zaken] == ["ZAAK-2026-0001", "ZAAK-2026-0002"]
    paspoort, bijstand = zaken
    assert paspoort.bron == PLUGIN and paspoort.klant == BERT
    assert paspoort.omschrijving == "Paspoort Bert Burger"
    assert paspoort.startdatum == date(2026, 3, 2)
    assert paspoort.zaaktype.code == "PASPOORT"
    assert paspoort.zaaktype.omschrijving == "Aanvraag paspoort"
    assert paspoort.zaaktype.doorlooptijd_dagen == 7
    assert paspoort.zaaktype.statussen == ("Aanvraag ontvangen", "In productie",
                                           "Klaar om op te halen", "Uitgereikt")
    assert [s.omschrijving for s in paspoort.statussen] == ["Aanvraag ontvangen",
                                                            "In productie"]
    assert paspoort.statussen[0].gezet_op.tzinfo is not None
    assert paspoort.statussen[1].gezet_op.astimezone(TIJDZONE).date() == date(2026, 3, 3)
    assert paspoort.statussen[1].toelichting == "Stap 2"
    assert paspoort.behandelaar == "Burgerzaken"
    assert paspoort.geplande_einddatum == date(2026, 3, 9)
    assert paspoort.resultaat == ""

    assert bijstand.omschrijving == "Aanvraag bijstandsuitkering"  # empty: the zaaktype's
    assert bijstand.zaaktype.doorlooptijd_dagen == 56
    assert len(bijstand.statussen) == 4
    assert bijstand.statussen[-1].omschrijving == "Besluit verzonden"
    assert bijstand.behandelaar == "M. de Wit"
    assert bijstand.resultaat == "Toegekend"
    assert bijstand.geplande_einddatum is None
    assert paspoort.uiterlijke_einddatum is None


@pytest.mark.asyncio
async def test_uiterlijke_einddatum_afdoening_is_de_wettelijke_termijn(
        plugin: ZgwPlugin, zgw: Zgw) -> None:
    """uiterlijkeEinddatumAfdoening (the legal deadline) and einddatumGepland (the plan) are
    two facts: each goes to its own field, neither stands in for the other."""
    zt = next(t for t in zgw.typen.values() if t.zaaktype["identificatie"] == "WMO_WONING")
    zgw.zaak(zt, "ZAAK-2026-0020", klant=JAN, startdatum=date(2026, 2, 2),
             gepland=date(2026, 3, 1), uiterlijk=date(2026, 4, 15))

    zaken = {z.identificatie: z for z in await plugin.zaken(JAN)}

    beide = zaken["ZAAK-2026-0020"]
    assert beide.uiterlijke_einddatum == date(2026, 4, 15)
    assert beide.geplande_einddatum == date(2026, 3, 1)
    alleen_wet = next(z for z in await plugin.zaken(BERT)
                      if z.identificatie == "ZAAK-2026-0002")
    assert alleen_wet.uiterlijke_einddatum == date(2026, 3, 9)
    assert alleen_wet.geplande_einddatum is None


@pytest.mark.asyncio
async def test_de_bsn_gaat_in_de_body_en_nooit_in_een_url(plugin: ZgwPlugin,
                                                          zgw: Zgw) -> None:
    await plugin.zaken(BERT)

    zoek = zgw.zaken_server.van("POST", "/zaken/_zoek")
    assert [v.json() for v in zoek] == [
        {"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": BERT_BSN}]
    assert zoek[0].kop["accept-crs"] == "EPSG:4326"
    for server in (zgw.zaken_server, zgw.catalogi_server):
        for v in server.verzoeken:
            assert BERT_BSN not in v.pad and BERT_BSN not in str(v.query)
    # Only the behandelaar rollen are read: no other person's data is fetched.
    assert {v.query["omschrijvingGeneriek"][0]
            for v in zgw.zaken_server.van("GET", "/rollen")} == {"behandelaar"}


@pytest.mark.asyncio
async def test_zaken_van_een_bedrijf_op_rsin(plugin: ZgwPlugin, zgw: Zgw) -> None:
    zaken = await plugin.zaken(HAVEN)

    assert [z.identificatie for z in zaken] == ["ZAAK-2026-0004"]
    assert zaken[0].klant == HAVEN
    assert posts(zgw.zaken_server, "/zaken/_zoek") == [
        {"rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId": HAVEN_RSIN}]


@pytest.mark.asyncio
async def test_geen_zaken_en_een_pseudoniem(plugin: ZgwPlugin, zgw: Zgw) -> None:
    assert await plugin.zaken(KlantRef.persoon("999990019")) == []
    assert await plugin.zaken(KlantRef.persoon("persoon:ab12")) == []  # no number: not asked
    assert len(zgw.zaken_server.van("POST", "/zaken/_zoek")) == 1


@pytest.mark.asyncio
async def test_paginering_over_drie_paginas(plugin: ZgwPlugin, zgw: Zgw) -> None:
    zgw.per_pagina = 2
    zt = next(t for t in zgw.typen.values() if t.zaaktype["omschrijving"] == "Wmo "
              "woningaanpassing")
    for n in range(5, 8):
        zgw.zaak(zt, f"ZAAK-2026-{n:04d}", klant=BERT, startdatum=date(2026, 2, n),
                 statussen=[1, 2, 3])

    zaken = await plugin.zaken(BERT)

    assert sorted(z.identificatie for z in zaken) == [f"ZAAK-2026-{n:04d}"
                                                     for n in (1, 2, 5, 6, 7)]
    zoek = zgw.zaken_server.van("POST", "/zaken/_zoek")
    assert [v.query.get("page", ["1"])[0] for v in zoek] == ["1", "2", "3"]
    assert len({v.inhoud for v in zoek}) == 1  # the same filter posted to every page
    # Statussen and statustypen paginate too: 4 statussen of the bijstand zaak on 2 pages.
    bijstand = next(z for z in zaken if z.identificatie == "ZAAK-2026-0002")
    assert len(bijstand.statussen) == 4
    assert bijstand.zaaktype.statussen[0] == "Aanvraag ontvangen"


@pytest.mark.asyncio
async def test_zaaktypen_en_statustypen_worden_een_keer_gelezen(plugin: ZgwPlugin,
                                                                zgw: Zgw) -> None:
    zt = next(t for t in zgw.typen.values() if t.zaaktype["identificatie"] == "BIJSTAND")
    zgw.zaak(zt, "ZAAK-2026-0010", klant=BERT, startdatum=date(2026, 2, 2))

    await plugin.zaken(BERT)
    await plugin.zaken(BERT)
    await plugin.zaken(JAN)

    c = zgw.catalogi_server
    statustypen = [v.query["zaaktype"][0] for v in c.van("GET", "/statustypen")]
    assert len(statustypen) == len(set(statustypen)) == 3  # paspoort, bijstand, wmo
    assert len(c.van("GET", "/zaaktypen/")) == 3
    assert len(c.van("GET", "/resultaattypen/")) == 1


@pytest.mark.asyncio
async def test_de_verzoeken_per_zaak_lopen_tegelijk(plugin: ZgwPlugin, zgw: Zgw) -> None:
    traag = zgw.met_jwt(lambda v: Antwoord(
        200, {"count": 0, "next": None, "previous": None, "results": []}, vertraging=0.3))
    zgw.zaken_server.route("GET", "/statussen", traag)

    begin = time.monotonic()
    zaken = await plugin.zaken(BERT)
    duur = time.monotonic() - begin

    assert len(zaken) == 2
    assert overlappen(zgw.zaken_server.van("GET", "/statussen"))
    assert duur < 0.55


@pytest.mark.asyncio
async def test_zaak_op_zaaknummer(plugin: ZgwPlugin, zgw: Zgw) -> None:
    zaak = await plugin.zaak("ZAAK-2026-0003")

    assert zaak is not None
    assert zaak.klant == JAN  # from the initiator rol
    assert zaak.behandelaar == "Wmo-consulent Ali"
    assert zaak.zaaktype.doorlooptijd_dagen == 42
    assert [s.omschrijving for s in zaak.statussen] == ["Melding ontvangen"]
    zoek = zgw.zaken_server.van("GET", "/zaken")
    assert [v.query["identificatie"] for v in zoek] == [["ZAAK-2026-0003"]]
    assert zoek[0].kop["content-crs"] == "EPSG:4326"

    bedrijf = await plugin.zaak("ZAAK-2026-0004")
    assert bedrijf is not None
    assert bedrijf.klant.soort is KlantSoort.BEDRIJF and bedrijf.klant.rsin == HAVEN_RSIN


@pytest.mark.asyncio
async def test_onbekend_zaaknummer_is_none(plugin: ZgwPlugin) -> None:
    assert await plugin.zaak("ZAAK-1999-0001") is None


@pytest.mark.asyncio
async def test_startbare_zaaktypen(zgw: Zgw, sleutelbos: GeheugenKeyring,
                                   maak_plugin: MaakPlugin) -> None:
    plugin = maak_plugin(instellingen(zgw, zaaktypen=["BIJSTAND", "PASPOORT", "CONCEPT",
                                                      "ONBEKEND"]))

    typen = await plugin.zaaktypen()

    assert [t.code for t in typen] == ["BIJSTAND", "PASPOORT"]
    paspoort = typen[1]
    assert paspoort.omschrijving == "Aanvraag paspoort"  # not the old, not the future version
    assert paspoort.doorlooptijd_dagen == 7
    assert paspoort.statussen == ("Aanvraag ontvangen", "In productie",
                                  "Klaar om op te halen", "Uitgereikt")
    gezondheid = await plugin.health()
    assert not gezondheid.in_orde
    assert "CONCEPT" in gezondheid.toelichting and "ONBEKEND" in gezondheid.toelichting
    assert all(v.query.get("catalogus") == [zgw.catalogus]
               for v in zgw.catalogi_server.van("GET", "/zaaktypen") if "identificatie" in v.query)


@pytest.mark.asyncio
async def test_zonder_lijst_alle_zaaktypen_van_de_catalogus(zgw: Zgw, sleutelbos: GeheugenKeyring,
                                                            maak_plugin: MaakPlugin) -> None:
    config = instellingen(zgw)
    del config["zaaktypen"]
    plugin = maak_plugin(config)

    typen = await plugin.zaaktypen()

    assert sorted(t.code for t in typen) == ["BIJSTAND", "OMGEVINGSVERGUNNING", "PASPOORT",
                                             "WMO_WONING"]
    assert (await plugin.health()).in_orde


@pytest.mark.asyncio
async def test_gezondheid(plugin: ZgwPlugin) -> None:
    gezondheid = await plugin.health()
    assert gezondheid.in_orde, gezondheid.toelichting
    assert "4 zaaktypen te starten" in gezondheid.toelichting


@pytest.mark.asyncio
async def test_het_jwt_draagt_de_claims_van_zgw(plugin: ZgwPlugin, zgw: Zgw) -> None:
    voor = int(time.time())
    await plugin.zaken(BERT)

    assert zgw.claims
    for claims in zgw.claims:
        assert claims["iss"] == CLIENT_ID and claims["client_id"] == CLIENT_ID
        assert claims["user_id"] == "kcc.tester"
        assert claims["user_representation"] == "T. Ester"
        assert voor - 1 <= claims["iat"] <= int(time.time()) + 1


# -- faults ----------------------------------------------------------------------------------


FOUTEN = [
    pytest.param("zaken", "POST", "/zaken/_zoek", probleem(401, "Niet ingelogd."),
                 Toegangsfout, "Zaken API weigert de sleutel van deze werkplek (HTTP 401)",
                 id="401"),
    pytest.param("zaken", "POST", "/zaken/_zoek",
                 probleem(403, "Client credentials zijn niet geldig", "invalid-jwt-signature"),
                 Toegangsfout, "Zet de juiste met: werkplek secrets set test zaken "
                 "client_secret", id="403-geheim"),
    pytest.param("zaken", "GET", "/statussen",
                 probleem(403, "Geen rechten.", "permission_denied"),
                 BronFout, "Deze werkplek mist de autorisatie voor dit verzoek bij Zaken API "
                 "(HTTP 403, permission_denied)", id="403-rechten"),
    pytest.param("catalogi", "GET", "/zaaktypen/{uuid}", probleem(404, "Niet gevonden."),
                 BronFout, "Catalogi API kent het gevraagde niet", id="404"),
    pytest.param("zaken", "POST", "/zaken/_zoek",
                 replace(probleem(429, "Te veel verzoeken.", "throttled"),
                         kop={"Retry-After": "30"}),
                 BronOnbereikbaar, "Zaken API krijgt te veel verzoeken; probeer het over 30",
                 id="429"),
    pytest.param("catalogi", "GET", "/statustypen", probleem(500, "Fout."),
                 BronOnbereikbaar, "Catalogi API heeft een storing (HTTP 500)", id="500"),
    pytest.param("zaken", "POST", "/zaken/_zoek",
                 Antwoord(200, {"count": 0, "next": None, "previous": None, "results": []},
                          vertraging=1.5),
                 BronOnbereikbaar, "Zaken API antwoordde niet binnen 0.5 seconden", id="timeout"),
    pytest.param("zaken", "GET", "/rollen", Antwoord(200, ruw=b"{niet json"),
                 BronFout, "Zaken API gaf een onleesbaar antwoord", id="kapotte-json"),
    pytest.param("zaken", "POST", "/zaken/_zoek", Antwoord(200, ruw=b'{"results": 3}'),
                 BronFout, "Zaken API gaf een onleesbare lijst terug", id="geen-lijst"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("api", "methode", "pad", "antwoord", "soort", "bericht"), FOUTEN)
async def test_fouten_worden_nederlandse_bronfouten(
        zgw: Zgw, sleutelbos: GeheugenKeyring, maak_plugin: MaakPlugin,
        caplog: pytest.LogCaptureFixture, *, api: str, methode: str, pad: str,
        antwoord: Antwoord, soort: type[BronFout], bericht: str) -> None:
    caplog.set_level(logging.DEBUG)
    plugin = maak_plugin(instellingen(zgw, timeout_seconden=0.5))
    server = zgw.zaken_server if api == "zaken" else zgw.catalogi_server
    server.route(methode, pad, lambda v: antwoord)

    with pytest.raises(BronFout) as e:
        await plugin.zaken(BERT)

    assert type(e.value) is soort or (soort is BronFout and not isinstance(
        e.value, BronOnbereikbaar)), type(e.value)
    assert bericht in str(e.value)
    assert BERT_BSN not in str(e.value) and BERT_BSN not in caplog.text


@pytest.mark.asyncio
async def test_een_korte_retry_after_wordt_afgewacht(plugin: ZgwPlugin, zgw: Zgw) -> None:
    echt = next(h for m, r, h in zgw.zaken_server.routes if m == "POST" and "_zoek" in r.pattern)
    keren: list[int] = []

    def eerst_te_druk(v: Verzoek) -> Antwoord:
        keren.append(1)
        if len(keren) == 1:
            return replace(probleem(429, "Te veel verzoeken.", "throttled"),
                           kop={"Retry-After": "1"})
        return echt(v)

    zgw.zaken_server.route("POST", "/zaken/_zoek", eerst_te_druk)

    assert len(await plugin.zaken(BERT)) == 2
    assert len(keren) == 2


@pytest.mark.asyncio
async def test_verkeerd_geheim_is_een_toegangsfout(zgw: Zgw, maak_plugin: MaakPlugin) -> None:
    """Open Zaak answers a wrong secret with 403 invalid-jwt-signature: the outbox keeps
    such a write waiting (Toegangsfout) and the message says how to set the secret."""
    with sleutelbos_met({(DIENST, f"{PLUGIN}.client_secret"): "een-ander-geheim-van-32-tekens!!"}):
        plugin = maak_plugin(instellingen(zgw))
        with pytest.raises(Toegangsfout) as e:
            await plugin.zaken(BERT)
        with pytest.raises(Toegangsfout):
            await plugin.start_zaak(aanvraag())
    assert "(HTTP 403, invalid-jwt-signature): het client secret klopt niet" in str(e.value)
    assert "werkplek secrets set test zaken client_secret" in str(e.value)
    assert zgw.claims == [] and posts(zgw.zaken_server, "/zaken") == []


@pytest.mark.asyncio
async def test_ontbrekende_rechten_zijn_geen_toegangsfout(plugin: ZgwPlugin, zgw: Zgw) -> None:
    zgw.rechten.discard("zaken.aanmaken")

    with pytest.raises(BronFout) as e:
        await plugin.start_zaak(aanvraag())

    assert not isinstance(e.value, Toegangsfout | BronOnbereikbaar)  # parked for the beheerder
    assert "mist de autorisatie" in str(e.value) and "permission_denied" in str(e.value)
    assert len(zgw.zaken) == 4


@pytest.mark.asyncio
async def test_ontbrekend_geheim(zgw: Zgw, maak_plugin: MaakPlugin) -> None:
    with sleutelbos_met({}):
        plugin = maak_plugin(instellingen(zgw))
        with pytest.raises(BronFout, match="werkplek secrets set test zaken client_secret"):
            await plugin.zaken(BERT)
        gezondheid = await plugin.health()
    assert not gezondheid.in_orde and "client_secret" in gezondheid.toelichting
    assert zgw.zaken_server.verzoeken == [] and zgw.catalogi_server.verzoeken == []


@pytest.mark.asyncio
async def test_een_kort_geheim_werkt_en_wordt_een_keer_gemeld(
        contractserver: Callable[[str], Contractserver], maak_plugin: MaakPlugin,
        caplog: pytest.LogCaptureFixture) -> None:
    kort = "kort-geheim"
    zgw = Zgw(contractserver("zaken-openapi.yaml"), contractserver("catalogi-openapi.yaml"),
              geheim=kort)
    with sleutelbos_met({(DIENST, f"{PLUGIN}.client_secret"): kort}):
        plugin = maak_plugin(instellingen(zgw))
        assert await plugin.zaken(BERT) == []  # no warning escapes (filterwarnings = error)
        assert await plugin.zaak("ZAAK-1") is None
    assert caplog.text.count("korter dan 32 bytes") == 1
    assert kort not in caplog.text


@pytest.mark.asyncio
async def test_geen_bsn_en_geen_geheim_in_de_logboeken(
        plugin: ZgwPlugin, zgw: Zgw, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for naam in ("httpx", "httpcore", "werkplek_rest", "werkplek_zgw"):
        caplog.set_level(logging.DEBUG, logger=naam)

    await plugin.zaken(BERT)
    await plugin.zaken(HAVEN)
    zaak = await plugin.start_zaak(aanvraag())
    await plugin.start_zaak(aanvraag())
    await plugin.zaak(zaak.identificatie)
    zgw.zaken_server.route("POST", "/zaken/_zoek", lambda v: probleem(403, "Verboden."))
    with pytest.raises(BronFout):
        await plugin.zaken(BERT)

    assert "HTTP Request" in caplog.text  # httpx did log, at INFO
    assert "send_request_headers" in caplog.text  # and httpcore, at DEBUG
    assert BERT_BSN not in caplog.text
    assert GEHEIM not in caplog.text
    assert "Bearer" not in caplog.text
    for v in zgw.zaken_server.verzoeken:  # nor in any URL that could reach a log elsewhere
        assert BERT_BSN not in v.pad and BERT_BSN not in str(v.query)


# -- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize(("wijziging", "bericht"), [
    ({"zaken_url": None}, "zaken_url ontbreekt"),
    ({"catalogi_url": "ftp://zaken.demodam.nl"}, "catalogi_url moet een http"),
    ({"zaken_url": "https://kcc:geheim@zaken.demodam.nl/api/v1"}, "geen gebruikersnaam"),
    ({"client_id": ""}, "client_id moet een"),
    ({"timeout_seconden": 0}, "timeout_seconden"),
    ({"zaaktypen": "PASPOORT"}, "zaaktypen moet een lijst"),
    ({"bronorganisatie": "123456789"}, "bronorganisatie moet een RSIN"),
    ({"bronorganisatie": None}, "bronorganisatie ontbreekt"),
    ({"verantwoordelijke_organisatie": 800000006}, "verantwoordelijke_organisatie moet"),
    ({"zaaknummer_voorvoegsel": "KCC-1"}, "zaaknummer_voorvoegsel"),
])
def test_instellingen_worden_gecontroleerd(tmp_path: Path, wijziging: dict[str, Any],
                                           bericht: str) -> None:
    config: dict[str, Any] = {"zaken_url": "https://zaken.demodam.nl/zaken/api/v1",
                              "catalogi_url": "https://zaken.demodam.nl/catalogi/api/v1",
                              "client_id": CLIENT_ID, "zaaktypen": ["PASPOORT"],
                              "bronorganisatie": RSIN}
    config.update(wijziging)
    config = {k: v for k, v in config.items() if v is not None}
    with pytest.raises(ValueError, match=bericht):
        create_plugin(config, context(tmp_path))


@pytest.mark.asyncio
async def test_eigen_voorvoegsel(zgw: Zgw, sleutelbos: GeheugenKeyring,
                                 maak_plugin: MaakPlugin) -> None:
    plugin = maak_plugin(instellingen(zgw, zaaknummer_voorvoegsel="dmd"))
    zaak = await plugin.start_zaak(aanvraag(id="a" * 60))  # not a uuid and over 40: no kenmerk
    assert zaak.identificatie == verwacht_zaaknummer("a" * 60, "DMD")
    assert "kenmerken" not in posts(zgw.zaken_server, "/zaken")[0]


@pytest.mark.parametrize(("duur", "verwacht"), [
    ("P7D", 7), ("P8W", 56), ("P1M12D", 42), ("P1Y", 365), ("P2DT12H", 3), ("PT36H", 2),
    ("P0D", 0), ("", 0), ("acht weken", 0), ("P", 0), ("P1DT", 0)])
def test_doorlooptijd_in_dagen(duur: str, verwacht: int) -> None:
    assert vertaling.dagen(duur) == verwacht
