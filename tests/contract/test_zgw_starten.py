"""Contract tests of werkplek_zgw: starting a zaak, exactly once, never without its customer.

The Zaken API makes a zaak, its rol and its status in three requests. The plugin makes them
one unit for the agent: a retry (the same Zaakaanvraag.id) completes what exists, and a rol
the server refuses makes the plugin delete the zaak it made. Each step is failed in turn
and the fake's state is checked after the retry: one zaak with one rol, or none at all.
"""

from __future__ import annotations

from typing import Any

import pytest
from werkplek_zgw import ZgwPlugin

from tests.contract import test_zgw as basis
from tests.contract.fixtures_zgw import (
    BERT_BSN,
    HAVEN_KVK,
    HAVEN_RSIN,
    HAVEN_VESTIGING,
    KADE_KVK,
    KADE_VESTIGING,
    RSIN,
    Zgw,
    ongeldig,
    probleem,
)
from tests.contract.server import Antwoord, Verzoek
from tests.sleutelbos import GeheugenKeyring
from werkplek.domain.model import KlantRef, nu
from werkplek.ports import BronFout, BronOnbereikbaar

sleutelbos = basis.sleutelbos
maak_plugin = basis.maak_plugin
zgw = basis.zgw
plugin = basis.plugin
aanvraag, instellingen, posts = basis.aanvraag, basis.instellingen, basis.posts
verwacht_zaaknummer = basis.verwacht_zaaknummer
BERT, JAN, HAVEN, PLUGIN = basis.BERT, basis.JAN, basis.HAVEN, basis.PLUGIN
MaakPlugin = basis.MaakPlugin


# -- starting a zaak -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_start_zaak_voor_een_persoon(plugin: ZgwPlugin, zgw: Zgw) -> None:
    vandaag = nu().date()  # the day in Amsterdam when the zaak starts, not at import
    a = aanvraag()
    zaak = await plugin.start_zaak(a)

    nummer = verwacht_zaaknummer(a.id)
    paspoort = next(t for t in zgw.typen.values()
                    if t.zaaktype["omschrijving"] == "Aanvraag paspoort")
    [verzonden] = posts(zgw.zaken_server, "/zaken")
    assert verzonden == {
        "identificatie": nummer, "bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN,
        "zaaktype": paspoort.url, "omschrijving": "Paspoort aanvragen",
        "startdatum": vandaag.isoformat(),
        "toelichting": "Verloopt in mei.\n\nKanaal: Balie",
        "kenmerken": [{"kenmerk": a.id, "bron": "werkplek"}]}
    [rol] = posts(zgw.zaken_server, "/rollen")
    assert rol["betrokkeneType"] == "natuurlijk_persoon"
    assert rol["betrokkeneIdentificatie"] == {"inpBsn": BERT_BSN}
    assert rol["roltype"] == paspoort.roltypen[0]["url"]
    assert paspoort.roltypen[0]["omschrijvingGeneriek"] == "initiator"
    [status] = posts(zgw.zaken_server, "/statussen")
    assert status["statustype"] == paspoort.statustypen[0]["url"]
    assert all(v.kop.get("x-audit-toelichting") for v in zgw.zaken_server.verzoeken
               if v.methode == "POST" and v.pad != "/zaken/_zoek")

    assert zaak.identificatie == nummer and len(nummer) <= 40
    assert zaak.klant == BERT and zaak.bron == PLUGIN
    assert zaak.zaaktype.code == "PASPOORT"
    assert [s.omschrijving for s in zaak.statussen] == ["Aanvraag ontvangen"]
    assert zaak.startdatum == vandaag
    assert await plugin.zaak(nummer) == zaak  # the agent finds it by its number


@pytest.mark.asyncio
async def test_opnieuw_verzonden_aanvraag_start_niets_nieuws(plugin: ZgwPlugin,
                                                             zgw: Zgw) -> None:
    eerste = await plugin.start_zaak(aanvraag())
    aantallen = (len(zgw.zaken), len(zgw.rollen), len(zgw.statussen))

    tweede = await plugin.start_zaak(aanvraag())

    assert tweede == eerste
    assert (len(zgw.zaken), len(zgw.rollen), len(zgw.statussen)) == aantallen
    assert len(posts(zgw.zaken_server, "/zaken")) == 1
    assert len(posts(zgw.zaken_server, "/rollen")) == 1
    assert len(posts(zgw.zaken_server, "/statussen")) == 1


@pytest.mark.asyncio
async def test_na_een_crash_tussen_zaak_en_rol_wordt_de_zaak_afgemaakt(plugin: ZgwPlugin,
                                                                       zgw: Zgw) -> None:
    goed = zgw.zaken_server.routes[:]
    zgw.zaken_server.route("POST", "/rollen",
                           lambda v: probleem(500, "Interne fout.", "error"))
    with pytest.raises(BronOnbereikbaar, match="Zaken API heeft een storing"):
        await plugin.start_zaak(aanvraag())
    assert len(zgw.zaken) == 5 and len(posts(zgw.zaken_server, "/statussen")) == 0
    zgw.zaken_server.routes[:] = goed  # the backoffice is back; the outbox sends again

    zaak = await plugin.start_zaak(aanvraag())

    assert len(zgw.zaken) == 5  # still one new zaak
    assert len(posts(zgw.zaken_server, "/zaken")) == 1
    nieuw = [r for r in zgw.rollen if r["zaak"] == zgw.zaken[-1]["url"]]
    assert [r["betrokkeneIdentificatie"]["inpBsn"] for r in nieuw] == [BERT_BSN]
    assert [s.omschrijving for s in zaak.statussen] == ["Aanvraag ontvangen"]


@pytest.mark.asyncio
async def test_twee_werkplekken_tegelijk_geven_een_zaak(plugin: ZgwPlugin, zgw: Zgw) -> None:
    echt = next(h for m, r, h in zgw.zaken_server.routes
                if m == "POST" and r.pattern == "^/zaken/?$")

    def andere_werkplek_was_eerst(v: Verzoek) -> Antwoord:
        echt(v)  # the other workstation's POST, with its rol and status
        zaak = zgw.zaken[-1]
        paspoort = zgw.typen[zaak["zaaktype"]]
        zgw.nieuwe_rol(zaak, {
            "betrokkeneType": "natuurlijk_persoon", "roltype": paspoort.roltypen[0]["url"],
            "roltoelichting": "Aanvrager", "betrokkeneIdentificatie": {"inpBsn": BERT_BSN}})
        zgw.nieuwe_status(zaak, {
            "statustype": paspoort.statustypen[0]["url"],
            "datumStatusGezet": nu().isoformat()})
        return ongeldig(("identificatie", "identificatie-niet-uniek",
                         "Deze identificatie bestaat al voor deze bronorganisatie"))

    zgw.zaken_server.route("POST", "/zaken", zgw.met_jwt(andere_werkplek_was_eerst))

    zaak = await plugin.start_zaak(aanvraag())

    assert zaak.identificatie == verwacht_zaaknummer(aanvraag().id)
    assert len(zgw.zaken) == 5
    assert len(zgw.rollen) == 8 and len(posts(zgw.zaken_server, "/rollen")) == 0
    assert len(posts(zgw.zaken_server, "/statussen")) == 0


@pytest.mark.asyncio
async def test_start_zaak_voor_een_bedrijf(plugin: ZgwPlugin, zgw: Zgw) -> None:
    zaak = await plugin.start_zaak(aanvraag(HAVEN, "OMGEVINGSVERGUNNING",
                                            omschrijving="Aanbouw loods 3", kanaal=None,
                                            toelichting=""))

    [rol] = posts(zgw.zaken_server, "/rollen")
    assert rol["betrokkeneType"] == "niet_natuurlijk_persoon"
    assert rol["betrokkeneIdentificatie"] == {"innNnpId": HAVEN_RSIN}
    assert "toelichting" not in posts(zgw.zaken_server, "/zaken")[0]
    assert zaak.klant == HAVEN
    assert [z.identificatie for z in await plugin.zaken(HAVEN)].count(zaak.identificatie) == 1


@pytest.mark.asyncio
async def test_lange_omschrijving_gaat_heel_in_de_toelichting(plugin: ZgwPlugin,
                                                              zgw: Zgw) -> None:
    lang = ("Aanvraag van een nieuw paspoort omdat het oude paspoort tijdens de verhuizing "
            "naar de Havenstraat zoek is geraakt")
    await plugin.start_zaak(aanvraag(omschrijving=lang, kanaal=None))

    [verzonden] = posts(zgw.zaken_server, "/zaken")
    assert len(verzonden["omschrijving"]) <= 80 and verzonden["omschrijving"].endswith("…")
    assert verzonden["toelichting"].startswith(lang)


@pytest.mark.asyncio
async def test_te_lange_toelichting_wordt_niet_verzonden(plugin: ZgwPlugin, zgw: Zgw) -> None:
    with pytest.raises(BronFout, match=r"hoogstens 1\.000") as e:
        await plugin.start_zaak(aanvraag(toelichting="x" * 1001))
    assert not isinstance(e.value, BronOnbereikbaar)
    assert zgw.zaken_server.verzoeken == []


@pytest.mark.asyncio
async def test_start_onbekend_zaaktype(plugin: ZgwPlugin, zgw: Zgw) -> None:
    with pytest.raises(BronFout, match="'CONCEPT' kan in dit profiel niet"):
        await plugin.start_zaak(aanvraag(zaaktype="CONCEPT"))
    assert posts(zgw.zaken_server, "/zaken") == []


@pytest.mark.asyncio
async def test_zaaktype_zonder_roltype_initiator(zgw: Zgw, sleutelbos: GeheugenKeyring,
                                                 maak_plugin: MaakPlugin) -> None:
    zgw.zaaktype("MELDING", "Melding openbare ruimte", "P3D", ["Ontvangen", "Opgelost"],
                 met_initiator=False)
    plugin = maak_plugin(instellingen(zgw, zaaktypen=["MELDING"]))

    with pytest.raises(BronFout, match="geen roltype initiator"):
        await plugin.start_zaak(aanvraag(zaaktype="MELDING"))
    assert zgw.zaken_server.verzoeken == []  # checked before anything is created


@pytest.mark.asyncio
async def test_geweigerde_start_wordt_geparkeerd_niet_herhaald(plugin: ZgwPlugin,
                                                               zgw: Zgw) -> None:
    zgw.zaken_server.route("POST", "/zaken", lambda v: ongeldig(
        ("startdatum", "invalid", f"Geen geldige datum voor {BERT_BSN}."),
        ("zaaktype", "zaaktype-concept", "")))

    with pytest.raises(BronFout) as e:
        await plugin.start_zaak(aanvraag())

    assert not isinstance(e.value, BronOnbereikbaar)  # the outbox parks it for the agent
    bericht = str(e.value)
    assert bericht == ("Zaken API weigerde het veld ‘Startdatum’ (Geen geldige datum voor …"
                       ".); het veld ‘Zaaktype’.")
    assert zgw.zaken == zgw.zaken_van(BERT) + zgw.zaken_van(JAN) + zgw.zaken_van(HAVEN)


@pytest.mark.asyncio
async def test_storing_bij_starten_wordt_opnieuw_geprobeerd(plugin: ZgwPlugin,
                                                            zgw: Zgw) -> None:
    zgw.zaken_server.route("POST", "/zaken", lambda v: probleem(500, "Interne fout.", "error"))

    with pytest.raises(BronOnbereikbaar, match="Zaken API heeft een storing"):
        await plugin.start_zaak(aanvraag())


@pytest.mark.asyncio
async def test_profiel_zonder_zaaktypen_start_niets(zgw: Zgw, sleutelbos: GeheugenKeyring,
                                                    maak_plugin: MaakPlugin) -> None:
    config = instellingen(zgw)
    for sleutel in ("zaaktypen", "catalogus", "bronorganisatie",
                    "verantwoordelijke_organisatie"):
        del config[sleutel]
    plugin = maak_plugin(config)

    assert await plugin.zaaktypen() == []
    with pytest.raises(BronFout, match="start geen zaken"):
        await plugin.start_zaak(aanvraag())
    assert len(await plugin.zaken(BERT)) == 2




# -- one unit, exactly once: each step fails in turn -----------------------------------------


def echt(zgw: Zgw, methode: str, pad: str) -> Any:
    """The fake's own handler for ``methode pad`` (before a test replaces it)."""
    return next(h for m, r, h in zgw.zaken_server.routes if m == methode and r.match(pad))


def eerst(fout: Any, daarna: Any) -> Any:
    """A handler that answers the first request with ``fout(v)``, the others as ``daarna``."""
    keren: list[int] = []

    def handler(v: Verzoek) -> Antwoord:
        keren.append(1)
        return fout(v) if len(keren) == 1 else daarna(v)

    return handler


def gestart(zgw: Zgw) -> list[dict[str, Any]]:
    """The zaken with the identificatie of ``aanvraag()``: at most one may exist."""
    nummer = verwacht_zaaknummer(aanvraag().id)
    return [z for z in zgw.zaken if z["identificatie"] == nummer]


def zonder_klant(zgw: Zgw) -> list[str]:
    """Identificaties of zaken without an initiator rol: none may remain after a failure."""
    return [z["identificatie"] for z in zgw.zaken if not any(
        r["omschrijvingGeneriek"] == "initiator" for r in zgw.rollen_van(z))]


def een_zaak_met_een_rol(zgw: Zgw, *, statussen: int = 1) -> None:
    [zaak] = gestart(zgw)
    [rol] = zgw.rollen_van(zaak)
    assert rol["betrokkeneIdentificatie"] == {"inpBsn": BERT_BSN}
    assert len([s for s in zgw.statussen if s["zaak"] == zaak["url"]]) == statussen
    assert zonder_klant(zgw) == []


def storing(_: Verzoek) -> Antwoord:
    return probleem(500, "Interne fout.", "error")


def verloren(handler: Any) -> Any:
    """The server does the work, then its answer is lost (it fails after its commit)."""
    return lambda v: (handler(v), probleem(500, "Interne fout na het opslaan.", "error"))[1]


@pytest.mark.asyncio
@pytest.mark.parametrize("stap", ["zaak-500", "zaak-antwoord-kwijt", "rol-500",
                                  "rol-antwoord-kwijt", "status-500",
                                  "status-antwoord-kwijt"])
async def test_een_storing_bij_elke_stap_wordt_bij_de_herhaling_afgemaakt(
        plugin: ZgwPlugin, zgw: Zgw, stap: str) -> None:
    """A fault that may pass (5xx, an answer lost after the server did the work) at each
    step: the outbox sends again, and the retry completes the one zaak: one rol, one status."""
    pad = {"zaak": "/zaken", "rol": "/rollen",
           "status": "/statussen"}[stap.split("-", maxsplit=1)[0]]
    zelf = echt(zgw, "POST", pad)
    fout = storing if stap.endswith("500") else verloren(zelf)
    zgw.zaken_server.route("POST", pad, zgw.met_jwt(eerst(fout, zelf)))

    with pytest.raises(BronOnbereikbaar):
        await plugin.start_zaak(aanvraag())
    zaak = await plugin.start_zaak(aanvraag())

    een_zaak_met_een_rol(zgw)
    assert zaak.identificatie == verwacht_zaaknummer(aanvraag().id)
    assert [s.omschrijving for s in zaak.statussen] == ["Aanvraag ontvangen"]
    assert len(zgw.zaken) == 5


@pytest.mark.asyncio
async def test_een_geweigerde_rol_maakt_de_zaak_ongedaan(plugin: ZgwPlugin, zgw: Zgw) -> None:
    zgw.zaken_server.route("POST", "/rollen", zgw.met_jwt(lambda v: ongeldig(
        ("betrokkeneIdentificatie.inpBsn", "invalid", f"Onjuist BSN nummer: {BERT_BSN}."))))

    with pytest.raises(BronFout) as e:
        await plugin.start_zaak(aanvraag())

    assert not isinstance(e.value, BronOnbereikbaar)  # parked for the agent, not resent
    bericht = str(e.value)
    assert bericht.startswith("De zaak is niet gestart: Zaken API weigerde de klant als "
                              "aanvrager (Zaken API weigerde het veld ‘BSN’ (Onjuist BSN")
    assert f"zaak {verwacht_zaaknummer(aanvraag().id)} is daarom weer verwijderd" in bericht
    assert BERT_BSN not in bericht
    assert gestart(zgw) == [] and zonder_klant(zgw) == [] and len(zgw.zaken) == 4
    assert len(zgw.zaken_server.van("DELETE", "/zaken/")) == 1
    assert posts(zgw.zaken_server, "/statussen") == []


@pytest.mark.asyncio
async def test_een_rol_zonder_rechten_maakt_de_zaak_ongedaan_en_opnieuw_lukt_het(
        plugin: ZgwPlugin, zgw: Zgw) -> None:
    """Missing rights for the rol (403 permission_denied, the fake's own refusal): undone;
    once the beheerder grants them, the same aanvraag starts one zaak."""
    zgw.rechten.discard("zaken.bijwerken")

    with pytest.raises(BronFout, match="weer verwijderd"):
        await plugin.start_zaak(aanvraag())
    assert gestart(zgw) == [] and zonder_klant(zgw) == []

    zgw.rechten.add("zaken.bijwerken")
    await plugin.start_zaak(aanvraag())

    een_zaak_met_een_rol(zgw)
    assert len(posts(zgw.zaken_server, "/zaken")) == 2


@pytest.mark.asyncio
async def test_lukt_het_ongedaan_maken_niet_dan_ruimt_de_herhaling_op(
        plugin: ZgwPlugin, zgw: Zgw) -> None:
    """Rol refused and the delete fails too: the start is retried (not parked), and the
    retry, still refused, removes the zaak; none without a customer remains."""
    zgw.zaken_server.route("POST", "/rollen", zgw.met_jwt(lambda v: ongeldig(
        ("roltoelichting", "max_length", "Te lang."))))
    zelf = echt(zgw, "DELETE", "/zaken/x")
    zgw.zaken_server.route("DELETE", "/zaken/{uuid}", zgw.met_jwt(eerst(storing, zelf)))

    with pytest.raises(BronOnbereikbaar, match="het ongedaan maken lukte nog niet") as e:
        await plugin.start_zaak(aanvraag())
    assert "‘Toelichting bij de rol’" in str(e.value)
    assert len(gestart(zgw)) == 1  # for now: the retry comes

    with pytest.raises(BronFout, match="weer verwijderd") as opnieuw:
        await plugin.start_zaak(aanvraag())

    assert not isinstance(opnieuw.value, BronOnbereikbaar)
    assert gestart(zgw) == [] and zonder_klant(zgw) == []
    assert len(posts(zgw.zaken_server, "/zaken")) == 1  # the retry found the zaak it made


@pytest.mark.asyncio
async def test_een_geweigerde_eerste_status_laat_de_zaak_met_klant_staan(
        plugin: ZgwPlugin, zgw: Zgw, caplog: pytest.LogCaptureFixture) -> None:
    zgw.zaken_server.route("POST", "/statussen", zgw.met_jwt(lambda v: ongeldig(
        ("datumStatusGezet", "invalid", "Ligt in de toekomst."))))

    zaak = await plugin.start_zaak(aanvraag())

    een_zaak_met_een_rol(zgw, statussen=0)
    assert zaak.statussen == () and zaak.klant == BERT
    assert "weigerde de eerste status" in caplog.text
    assert await plugin.start_zaak(aanvraag()) == zaak  # a resend makes nothing new
    assert len(posts(zgw.zaken_server, "/zaken")) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize("bedrijf", [
    KlantRef.bedrijf(HAVEN_KVK, HAVEN_RSIN, HAVEN_VESTIGING),
    KlantRef.bedrijf(KADE_KVK, vestigingsnummer=KADE_VESTIGING)], ids=["rsin", "eenmanszaak"])
async def test_een_bedrijf_krijgt_na_een_verloren_antwoord_geen_tweede_rol(
        plugin: ZgwPlugin, zgw: Zgw, bedrijf: KlantRef) -> None:
    """The retry recognises the company's rol by its RSIN or vestigingsnummer."""
    zelf = echt(zgw, "POST", "/rollen")
    zgw.zaken_server.route("POST", "/rollen", zgw.met_jwt(eerst(verloren(zelf), zelf)))
    start = aanvraag(bedrijf, "OMGEVINGSVERGUNNING")

    with pytest.raises(BronOnbereikbaar):
        await plugin.start_zaak(start)
    zaak = await plugin.start_zaak(start)

    [nieuw] = gestart(zgw)
    assert len(zgw.rollen_van(nieuw)) == 1 and len(posts(zgw.zaken_server, "/rollen")) == 1
    assert zonder_klant(zgw) == []
    assert zaak.klant == bedrijf
