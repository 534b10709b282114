"""Zaken of a ZGW zaaksysteem (Zaken API 1.7, Catalogi API 1.3) as werkplek's ZakenBron.

Finding a customer's zaken: ``POST /zaken/_zoek`` with the filter
``rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn`` in the JSON body. The Zaken API
offers the same filter as a query parameter of ``GET /zaken``, but then the BSN would sit in
a URL, which clients, proxies and the server write to their logs; ``_zoek`` takes every
filter of the list operation in its body (ZaakZoek; Open Zaak has it since 1.0), so no BSN
ever leaves this plugin in a URL. Its pages are read by posting the same body to ``next``.

A company (``KlantRef.bedrijf``) is known to werkplek by its KvK number, which the Zaken API
spec does not have. It has ``nietNatuurlijkPersoon__innNnpId``, the RSIN (9 digits, elfproef;
Open Zaak refuses anything else), and ``vestiging__vestigingsNummer``. So a company's zaken are
found by its RSIN when it has one and by its vestigingsnummer when it has one (the services
fill both from the KvK), and by its KvK number only where the profile says the server keeps
one in a rol (``kvk_nummer_in_rol = true``: Open Zaak 1.30 does, beyond the spec); the
answers are merged. The initiator of a zaak started for a company is the same: the
niet-natuurlijk persoon by RSIN, else (a one-man business has no RSIN) the vestiging by its
vestigingsnummer, each with the KvK number where the server keeps it. A company the server
cannot identify either way is refused before anything is sent.

Per zaak the status history (``GET /statussen?zaak=``), the behandelaar rollen and the
resultaat are read at once; the zaaktype with its statustypen, and resultaattypen, come from
the Catalogi API and are kept for the plugin's lifetime.

Starting a zaak is idempotent on ``Zaakaanvraag.id`` although ZGW has no idempotency key: the
zaak gets an identificatie derived from that id (``KCC-3F9A-2C71-B04E-D8A1-9C3F``), which is
looked up first (``GET /zaken?identificatie=&bronorganisatie=``). A zaak found is completed
(a missing initiator rol or first status is added) and returned; nothing is created twice,
also when the outbox re-sends after a crash between the zaak and its rol. When two
workstations race, the Zaken API refuses the second identificatie and the zaak of the first
is returned. The zaak and its initiator rol are one unit: the Zaken API creates them in two
requests, so when it refuses the rol the plugin deletes the zaak it made (and says so); a
fault that may pass leaves the zaak for the retry to complete, and when the delete itself
fails the start is retried, which completes or removes it then.

Auth: a ZGW JWT (HS256, claims ``iss``, ``iat``, ``client_id``, ``user_id``,
``user_representation`` of the agent), made fresh for every request with the secret
``client_secret`` from the keyring.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast

from werkplek_rest import MAX_PAGINAS, Onleesbaar, RestBron, allemaal

from werkplek.domain.model import KlantRef, Zaak, Zaakaanvraag, Zaaktype, nu
from werkplek.ports import (
    PLUGIN_API_VERSIE,
    BronFout,
    BronOnbereikbaar,
    Capability,
    Gezondheid,
    PluginContext,
    Toegangsfout,
)
from werkplek_zgw import vertaling
from werkplek_zgw.bron import IdentificatieBestaat, Onthouden, ZgwToken, zgw_bron
from werkplek_zgw.instellingen import Instellingen, lees_instellingen
from werkplek_zgw.vertaling import Json, ZaaktypeInfo

log = logging.getLogger(__name__)
T = TypeVar("T")
A = TypeVar("A")
B = TypeVar("B")

__all__ = ["ZgwPlugin", "create_plugin"]

ZAKEN = "Zaken API"
CATALOGI = "Catalogi API"
CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
"""Required by the Zaken API on every /zaken operation (the zaak has a geometry)."""
AUDIT = {"X-Audit-Toelichting": "Vastgelegd vanuit werkplek (KCC)"}
MAX_GELIJKTIJDIG = 5
"""Zaken one call reads at once; each takes three to five requests."""
UIT_KVK = ("Die nummers komen uit het Handelsregister (KvK): open het bedrijf opnieuw als "
           "dat weer antwoordt.")
MAX_OMSCHRIJVING = 80
MAX_TOELICHTING = 1000


INSTELLINGEN = frozenset({
    "zaken_url", "catalogi_url", "client_id", "timeout_seconden", "catalogus", "zaaktypen",
    "bronorganisatie", "verantwoordelijke_organisatie", "zaaknummer_voorvoegsel",
    "kvk_nummer_in_rol",
})
"""The settings of this plugin's table in the profile; werkplek refuses any other key."""


def create_plugin(config: Mapping[str, Any], context: PluginContext) -> ZgwPlugin:
    """Entry point of group ``werkplek.plugins``; raises ValueError on a config mistake."""
    return ZgwPlugin(config, context)


@dataclass(frozen=True, slots=True)
class _Startbaar:
    zaaktypen: Mapping[str, Json]
    """Identificatie -> the version of the ZaakType valid today, in config order."""
    ontbrekend: tuple[str, ...]
    """Configured identificaties without a published version valid today."""


class ZgwPlugin:
    """One Zaken API with its Catalogi API (capability ZAKEN)."""

    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({Capability.ZAKEN})

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        self.instellingen: Instellingen = lees_instellingen(config)
        self.bron = context.naam
        i = self.instellingen
        token = ZgwToken(i.client_id, context)
        self.zaken_api = zgw_bron(ZAKEN, i.zaken_url, context, timeout=i.timeout,
                                  kopregels=token.kopregels)
        self.catalogi_api = zgw_bron(CATALOGI, i.catalogi_url, context, timeout=i.timeout,
                                     kopregels=token.kopregels)
        self._zaaktypen: Onthouden[ZaaktypeInfo] = Onthouden()
        self._resultaattypen: Onthouden[str] = Onthouden()
        self._roltypen: Onthouden[str] = Onthouden()
        self._startbaar: Onthouden[_Startbaar] = Onthouden()

    # -- lifecycle -----------------------------------------------------------------------

    async def health(self) -> Gezondheid:
        """One cheap query on the Zaken API and the startable zaaktypen from the Catalogi
        API: proves both are reachable and accept the token."""
        try:
            _, startbaar = await _beide(
                self._zaken_lijst("GET", "zaken", params={
                    "identificatie": f"{self.instellingen.voorvoegsel}-GEZONDHEID"}),
                self._startbare())
        except BronFout as e:
            return Gezondheid(False, str(e))
        if startbaar.ontbrekend:
            return Gezondheid(False, "Niet gevonden in de Catalogi API (gepubliceerd en nu "
                                     f"geldig): zaaktype {', '.join(startbaar.ontbrekend)}.")
        n = len(startbaar.zaaktypen)
        return Gezondheid(True, f"{ZAKEN} en {CATALOGI} bereikbaar; "
                                f"{n} zaaktype{'' if n == 1 else 'n'} te starten.")

    async def aclose(self) -> None:
        for onthouden in (self._zaaktypen, self._resultaattypen, self._roltypen,
                          self._startbaar):
            onthouden.sluit()
        await asyncio.gather(self.zaken_api.aclose(), self.catalogi_api.aclose())

    # -- ZakenBron -------------------------------------------------------------------------

    async def zaken(self, klant: KlantRef) -> list[Zaak]:
        if not klant.heeft_nummer:
            return []  # known here only by BSN or KvK number
        filters = vertaling.zoekfilters(
            klant, kvk_nummer_in_rol=self.instellingen.kvk_nummer_in_rol)
        if not filters:
            raise BronFout(f"De zaken van dit bedrijf zijn in {ZAKEN} {self.bron!r} niet te "
                           "vinden: het zaaksysteem kent een bedrijf aan zijn RSIN of "
                           "vestigingsnummer, en van dit bedrijf is geen van beide bekend. "
                           f"{UIT_KVK}")
        lijsten = await allemaal(self._zaken_lijst("POST", "zaken/_zoek", body=f)
                                 for f in filters)
        # One zaak may match several filters (RSIN and KvK number): each is read once.
        gevonden = list({str(z.get("url")): z for lijst in lijsten for z in lijst}.values())
        log.debug("%s gaf %d zaken", ZAKEN, len(gevonden))
        rij = asyncio.Semaphore(MAX_GELIJKTIJDIG)

        async def lees(gegevens: Json) -> Zaak:
            async with rij:
                return await self._lees(gegevens, klant)

        return await allemaal(lees(z) for z in gevonden)

    async def zaak(self, identificatie: str) -> Zaak | None:
        gevonden = [z for z in await self._zaken_lijst(
            "GET", "zaken", params={"identificatie": identificatie})
            if z.get("identificatie") == identificatie]
        if not gevonden:
            return None
        eigen = [z for z in gevonden
                 if z.get("bronorganisatie") == self.instellingen.bronorganisatie]
        return await self._lees((eigen or gevonden)[0], None)

    async def zaaktypen(self) -> list[Zaaktype]:
        startbaar = await self._startbare()
        infos = await allemaal(self._info(str(z["url"]), z)
                                for z in startbaar.zaaktypen.values())
        return [i.zaaktype for i in infos]

    async def start_zaak(self, aanvraag: Zaakaanvraag) -> Zaak:
        i = self.instellingen
        if not i.kan_starten:
            raise BronFout(f"Dit profiel start geen zaken in {ZAKEN} {self.bron!r}: er zijn "
                           "geen zaaktypen ingesteld.")
        klant = aanvraag.klant
        if not klant.heeft_nummer:
            raise BronFout("Een zaak kan alleen worden gestart voor een klant met een BSN "
                           "of KvK-nummer.")
        betrokkene = vertaling.betrokkene(klant, kvk_nummer_in_rol=i.kvk_nummer_in_rol)
        if betrokkene is None:
            raise BronFout(f"Voor dit bedrijf kan geen zaak worden gestart in {ZAKEN} "
                           f"{self.bron!r}: het zaaksysteem kent een bedrijf aan zijn RSIN of "
                           "vestigingsnummer, en van dit bedrijf is geen van beide bekend. "
                           f"Er is niets verstuurd. {UIT_KVK}")
        omschrijving, toelichting = _teksten(aanvraag)
        zaaktype = (await self._startbare()).zaaktypen.get(aanvraag.zaaktype)
        if zaaktype is None:
            raise BronFout(f"Zaaktype {aanvraag.zaaktype!r} kan in dit profiel niet worden "
                           f"gestart ({CATALOGI} kent het niet, of het staat niet in de "
                           "instelling zaaktypen).")
        url = str(zaaktype["url"])
        info, roltype = await _beide(self._info(url, zaaktype), self._initiator_roltype(url))
        identificatie = vertaling.zaaknummer(i.voorvoegsel, aanvraag.id)
        gegevens = await self._eigen_zaak(identificatie)
        nieuw = gegevens is None
        if gegevens is None:
            gegevens, nieuw = await self._maak_zaak(identificatie, url, omschrijving,
                                                    toelichting, aanvraag)
        await self._maak_af(gegevens, info, roltype, klant, betrokkene, nieuw=nieuw)
        log.info("Zaak %s %s in %s", identificatie, "gestart" if nieuw else
                 "was al gestart", ZAKEN)
        return await self._lees(gegevens, klant)

    # -- reading ---------------------------------------------------------------------------

    async def _lees(self, gegevens: Json, klant: KlantRef | None) -> Zaak:
        """One zaak with everything the timeline shows; its requests run at once."""
        try:
            zaak_url, zaaktype_url = str(gegevens["url"]), str(gegevens["zaaktype"])
            resultaat_url = gegevens.get("resultaat")
        except (KeyError, TypeError):
            raise Onleesbaar(f"{ZAKEN} gaf een onleesbare zaak terug.") from None
        verzoeken: list[Awaitable[Any]] = [
            self._info(zaaktype_url),
            self._lijst(self.zaken_api, "statussen", {"zaak": zaak_url}),
            self._lijst(self.zaken_api, "rollen",
                        {"zaak": zaak_url, "omschrijvingGeneriek": "behandelaar"}),
            self._resultaat(resultaat_url if isinstance(resultaat_url, str) else None)]
        if klant is None:
            verzoeken.append(self._lijst(self.zaken_api, "rollen", {
                "zaak": zaak_url, "omschrijvingGeneriek": "initiator"}))
        info, statussen, behandelaars, resultaat, *initiators = await allemaal(verzoeken)
        try:
            if klant is None:
                # A zaak without an identified customer gets an empty number (no BSN/KvK).
                klant = vertaling.klant_van(initiators[0]) or KlantRef.persoon("")
            return vertaling.zaak(self.bron, gegevens, info, klant, statussen=statussen,
                                  behandelaars=behandelaars, resultaat=resultaat)
        except (KeyError, TypeError, ValueError):
            raise Onleesbaar(f"{ZAKEN} gaf een zaak terug die niet te lezen is.") from None

    async def _info(self, url: str, bekend: Json | None = None) -> ZaaktypeInfo:
        """A zaaktype with its statustypen in order, read once per plugin lifetime."""

        async def laad() -> ZaaktypeInfo:
            zaaktype, statustypen = await _beide(
                _als(bekend) if bekend is not None else self._object(self.catalogi_api, url),
                self._lijst(self.catalogi_api, "statustypen", {"zaaktype": url}))
            try:
                return vertaling.zaaktype_info(zaaktype, statustypen)
            except (KeyError, TypeError, ValueError):
                raise Onleesbaar(f"{CATALOGI} gaf een zaaktype terug dat niet te lezen "
                                 "is.") from None

        return await self._zaaktypen.haal(url, laad)

    async def _resultaat(self, url: str | None) -> str:
        """The omschrijving of the zaak's resultaattype; empty while it has no resultaat."""
        if not url:
            return ""
        resultaat = await self._object(self.zaken_api, url)
        resultaattype = resultaat.get("resultaattype")
        if not isinstance(resultaattype, str):
            raise Onleesbaar(f"{ZAKEN} gaf een onleesbaar resultaat terug.")

        async def laad() -> str:
            gegevens = await self._object(self.catalogi_api, resultaattype)
            omschrijving = gegevens.get("omschrijving")
            if not isinstance(omschrijving, str):
                raise Onleesbaar(f"{CATALOGI} gaf een onleesbaar resultaattype terug.")
            return omschrijving

        return await self._resultaattypen.haal(resultaattype, laad)

    async def _startbare(self) -> _Startbaar:
        """The zaaktypen this profile may start, in the version valid today."""
        i = self.instellingen
        vandaag = nu().date()

        async def laad() -> _Startbaar:
            basis = {"catalogus": i.catalogus} if i.catalogus else {}
            if i.zaaktypen:
                lijsten = await allemaal(
                    self._lijst(self.catalogi_api, "zaaktypen", {**basis, "identificatie": z})
                    for z in i.zaaktypen)
                per_code = dict(zip(i.zaaktypen, lijsten, strict=True))
            elif i.catalogus:
                per_code = {}
                for z in await self._lijst(self.catalogi_api, "zaaktypen", basis):
                    per_code.setdefault(str(z.get("identificatie", "")), []).append(z)
            else:
                per_code = {}
            try:
                geldig = {code: vertaling.geldige_versie(
                    (v for v in versies if v.get("identificatie") == code), vandaag)
                    for code, versies in per_code.items()}
            except (KeyError, TypeError, ValueError):
                raise Onleesbaar(f"{CATALOGI} gaf een zaaktype terug dat niet te lezen "
                                 "is.") from None
            return _Startbaar({c: z for c, z in geldig.items() if z is not None},
                              tuple(c for c, z in geldig.items() if z is None))

        return await self._startbaar.haal(vandaag.isoformat(), laad)

    async def _initiator_roltype(self, zaaktype_url: str) -> str:
        async def laad() -> str:
            roltypen = await self._lijst(self.catalogi_api, "roltypen", {
                "zaaktype": zaaktype_url, "omschrijvingGeneriek": "initiator"})
            urls = [str(r["url"]) for r in roltypen
                    if r.get("omschrijvingGeneriek") == "initiator" and "url" in r]
            if not urls:
                raise BronFout(f"Het zaaktype heeft in {CATALOGI} geen roltype initiator; "
                               "vraag de beheerder van de catalogus om het toe te voegen.")
            return urls[0]

        return await self._roltypen.haal(zaaktype_url, laad)

    # -- starting --------------------------------------------------------------------------

    async def _eigen_zaak(self, identificatie: str) -> Json | None:
        """The zaak with this identificatie in our bronorganisatie, if it exists."""
        gevonden = await self._zaken_lijst("GET", "zaken", params={
            "identificatie": identificatie,
            "bronorganisatie": self.instellingen.bronorganisatie})
        return next((z for z in gevonden if z.get("identificatie") == identificatie), None)

    async def _maak_zaak(self, identificatie: str, zaaktype: str, omschrijving: str,
                         toelichting: str, aanvraag: Zaakaanvraag) -> tuple[Json, bool]:
        """POST the zaak; (the zaak, whether this call created it)."""
        i = self.instellingen
        inhoud: dict[str, Any] = {
            "identificatie": identificatie,
            "bronorganisatie": i.bronorganisatie,
            "verantwoordelijkeOrganisatie": i.verantwoordelijke_organisatie,
            "zaaktype": zaaktype,
            "startdatum": nu().date().isoformat(),
        }
        if omschrijving:
            inhoud["omschrijving"] = omschrijving
        if toelichting:
            inhoud["toelichting"] = toelichting
        if len(aanvraag.id) <= 40:
            inhoud["kenmerken"] = [{"kenmerk": aanvraag.id, "bron": "werkplek"}]
        try:
            gegevens = await self.zaken_api.vraag("POST", "zaken", json=inhoud,
                                                  headers={**CRS, **AUDIT})
        except IdentificatieBestaat:
            # Another workstation sent the same aanvraag a moment earlier: its zaak is ours.
            bestaand = await self._eigen_zaak(identificatie)
            if bestaand is None:
                raise BronFout(f"{ZAKEN} weigerde zaaknummer {identificatie}: het is al in "
                               "gebruik, maar de zaak is niet te vinden.") from None
            return bestaand, False
        if not isinstance(gegevens, dict) or not isinstance(gegevens.get("url"), str):
            raise Onleesbaar(f"{ZAKEN} gaf een onleesbaar antwoord op het starten van de zaak.")
        return gegevens, True

    async def _maak_af(self, gegevens: Json, info: ZaaktypeInfo, roltype: str, klant: KlantRef,
                       betrokkene: tuple[str, dict[str, str]], *, nieuw: bool) -> None:
        """Give the zaak what a crash may have left out: the customer as initiator, then
        the first status. The rol goes first: a Zaken API may check rollen on a status."""
        zaak_url = str(gegevens["url"])
        heeft_rol = heeft_status = False
        if not nieuw:
            initiators, statussen = await _beide(
                self._lijst(self.zaken_api, "rollen",
                            {"zaak": zaak_url, "omschrijvingGeneriek": "initiator"}),
                self._lijst(self.zaken_api, "statussen", {"zaak": zaak_url}))
            heeft_rol = any(vertaling.is_van(r, klant) for r in initiators)
            heeft_status = bool(statussen)
        if not heeft_rol:
            await self._maak_rol(gegevens, roltype, betrokkene)
        if not heeft_status and info.eerste_status:
            # A minute back: a workstation clock a little ahead must not make the status
            # "in de toekomst", which the Zaken API refuses.
            gezet = datetime.now(UTC) - timedelta(minutes=1)
            try:
                await self.zaken_api.vraag("POST", "statussen", headers=AUDIT, json={
                    "zaak": zaak_url, "statustype": info.eerste_status,
                    "datumStatusGezet": gezet.isoformat(timespec="seconds"),
                    "statustoelichting": "Zaak gestart vanuit het KCC."})
            except (BronOnbereikbaar, Toegangsfout):
                raise  # the retry adds it
            except BronFout as e:
                # The zaak and its customer stand; a refused first status does not undo them.
                log.warning("%s weigerde de eerste status van zaak %s: %s", ZAKEN,
                            gegevens.get("identificatie"), e)

    async def _maak_rol(self, gegevens: Json, roltype: str,
                        betrokkene: tuple[str, dict[str, str]]) -> None:
        """POST the initiator rol. Refused, the zaak would stay without a customer: it is
        deleted and the refusal says so. A fault that may pass leaves it for the retry."""
        soort, identificatie = betrokkene
        try:
            await self.zaken_api.vraag("POST", "rollen", headers=AUDIT, json={
                "zaak": str(gegevens["url"]), "betrokkeneType": soort, "roltype": roltype,
                "roltoelichting": "Aanvrager; zaak gestart vanuit het KCC.",
                "betrokkeneIdentificatie": identificatie})
        except (BronOnbereikbaar, Toegangsfout):
            raise
        except BronFout as e:
            nummer = vertaling.tekst(gegevens, "identificatie")
            try:
                await self.zaken_api.vraag("DELETE", str(gegevens["url"]),
                                           headers={**CRS, **AUDIT}, ontbreekt=(404,))
            except BronFout as verwijderen:
                raise BronOnbereikbaar(
                    f"Zaak {nummer} is aangemaakt, maar {ZAKEN} weigerde de klant als "
                    f"aanvrager ({str(e).rstrip('.')}), en het ongedaan maken lukte nog "
                    f"niet ({str(verwijderen).rstrip('.')}). Het wordt opnieuw "
                    "geprobeerd.") from None
            log.warning("Zaak %s ongedaan gemaakt: %s weigerde de aanvrager", nummer, ZAKEN)
            raise BronFout(f"De zaak is niet gestart: {ZAKEN} weigerde de klant als aanvrager "
                           f"({str(e).rstrip('.')}). De al aangemaakte zaak {nummer} is "
                           "daarom weer verwijderd.") from None

    # -- HTTP helpers ----------------------------------------------------------------------

    async def _zaken_lijst(self, methode: str, pad: str, *,
                           params: Mapping[str, str] | None = None,
                           body: Json | None = None) -> list[Json]:
        """Every zaak of a paginated /zaken answer (GET with a query, or POST /_zoek with
        the same body to every page), with the CRS headers the Zaken API requires."""
        uit: list[Json] = []
        volgende: str | None = pad
        for _ in range(MAX_PAGINAS):
            if volgende is None:
                return uit
            pagina = await self.zaken_api.vraag(methode, volgende, params=params, json=body,
                                                headers=CRS)
            params = None  # the next link carries the query itself
            uit.extend(_resultaten(ZAKEN, pagina))
            volgende = pagina.get("next") or None
            if volgende is not None and not isinstance(volgende, str):
                raise Onleesbaar(f"{ZAKEN} gaf een onleesbare verwijzing naar de volgende "
                                 "pagina.")
        raise BronFout(f"{ZAKEN} gaf meer dan {MAX_PAGINAS} pagina's zaken.")

    @staticmethod
    async def _lijst(bron: RestBron, pad: str, params: Mapping[str, str]) -> list[Json]:
        uit: list[Json] = []
        async for item in bron.paginas(pad, params=params):
            if not isinstance(item, dict):
                raise Onleesbaar(f"{bron.naam} gaf een onleesbare lijst terug.")
            uit.append(item)
        return uit

    @staticmethod
    async def _object(bron: RestBron, url: str) -> Json:
        gegevens = await bron.vraag("GET", url)
        if not isinstance(gegevens, dict):
            raise Onleesbaar(f"{bron.naam} gaf een onleesbaar antwoord.")
        return cast("Json", gegevens)


def _resultaten(naam: str, pagina: object) -> list[Json]:
    if not isinstance(pagina, dict) or not isinstance(pagina.get("results"), list) or not all(
            isinstance(r, dict) for r in pagina["results"]):
        raise Onleesbaar(f"{naam} gaf een onleesbare lijst terug.")
    return list(pagina["results"])


def _teksten(aanvraag: Zaakaanvraag) -> tuple[str, str]:
    """omschrijving (at most 80 characters) and toelichting (1000) of the new zaak.

    A longer omschrijving is shortened for the list and kept whole in the toelichting; a
    toelichting that does not fit is refused, so the agent shortens it (nothing is lost)."""
    omschrijving = " ".join(aanvraag.omschrijving.split())
    toelichting = aanvraag.toelichting.strip()
    if len(omschrijving) > MAX_OMSCHRIJVING:
        toelichting = f"{omschrijving}\n\n{toelichting}".strip()
        omschrijving = omschrijving[:MAX_OMSCHRIJVING - 1].rsplit(" ", 1)[0].rstrip() + "…"
    if aanvraag.kanaal is not None:
        toelichting = f"{toelichting}\n\nKanaal: {aanvraag.kanaal.label}".strip()
    if len(toelichting) > MAX_TOELICHTING:
        raise BronFout(f"De toelichting van de zaak is {len(toelichting):,} tekens lang; "
                       f"{ZAKEN} neemt er hoogstens {MAX_TOELICHTING:,}. Kort de tekst in; "
                       "er is niets verzonden.".replace(",", "."))
    return omschrijving, toelichting


async def _als(waarde: T) -> T:
    return waarde



async def _beide(a: Awaitable[A], b: Awaitable[B]) -> tuple[A, B]:
    """Two calls of different types at once, failing like ``_allemaal``."""
    x, y = await allemaal([a, b])
    return cast("A", x), cast("B", y)

