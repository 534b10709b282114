"""Zaken of a ZGW zaaksysteem (Zaken API 1.7, Catalogi API 1.3) as werkplek's ZakenBron.

Finding a customer's zaken: ``POST /zaken/_zoek`` with the filter
``rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn`` in the JSON body. The Zaken API
offers the same filter as a query parameter of ``GET /zaken``, but then the BSN would sit in
a URL, which clients, proxies and the server write to their logs; ``_zoek`` takes every
filter of the list operation in its body (ZaakZoek; Open Zaak has it since 1.0), so no BSN
ever leaves this plugin in a URL. Its pages are read by posting the same body to ``next``.

A company (``KlantRef.bedrijf``) is known to werkplek by its KvK number. The Zaken API has no
KvK filter: it offers ``nietNatuurlijkPersoon__innNnpId`` ("het door een kamer toegekend
uniek nummer", at most 9 characters), ``nietNatuurlijkPersoon__annIdentificatie`` (a number
the gemeente gives) and ``vestiging__vestigingsNummer`` (12 digits, not a KvK number). This
plugin uses ``innNnpId`` for the KvK number, both to search and for the initiator rol of a
zaak it starts, so the two agree. A source that fills ``innNnpId`` with the RSIN (Open Zaak
checks it as an RSIN) will not match companies this way.

Per zaak the status history (``GET /statussen?zaak=``), the behandelaar rollen and the
resultaat are read at once; the zaaktype with its statustypen, and resultaattypen, come from
the Catalogi API and are kept for the plugin's lifetime.

Starting a zaak is idempotent on ``Zaakaanvraag.id`` although ZGW has no idempotency key: the
zaak gets an identificatie derived from that id (``KCC-3F9A-2C71-B04E-D8A1-9C3F``), which is
looked up first (``GET /zaken?identificatie=&bronorganisatie=``). A zaak found is completed
(a missing initiator rol or first status is added) and returned; nothing is created twice,
also when the outbox re-sends after a crash between the zaak and its rol. When two
workstations race, the Zaken API refuses the second identificatie and the zaak of the first
is returned.

Auth: a ZGW JWT (HS256, claims ``iss``, ``iat``, ``client_id``, ``user_id``,
``user_representation`` of the agent), made fresh for every request with the secret
``client_secret`` from the keyring.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar, cast

import httpx
import jwt
from werkplek_rest import MAX_PAGINAS, Onleesbaar, RestBron, allemaal, geheim

from werkplek.domain.invoer import maskeer_bsns_in_tekst
from werkplek.domain.model import KlantRef, Medewerker, Zaak, Zaakaanvraag, Zaaktype, nu
from werkplek.ports import PLUGIN_API_VERSIE, BronFout, Capability, Gezondheid, PluginContext
from werkplek_zgw import vertaling
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
GEHEIM = "client_secret"
MAX_OMSCHRIJVING = 80
MAX_TOELICHTING = 1000


def create_plugin(config: Mapping[str, Any], context: PluginContext) -> ZgwPlugin:
    """Entry point of group ``werkplek.plugins``; raises ValueError on a config mistake."""
    return ZgwPlugin(config, context)


class IdentificatieBestaat(BronFout):
    """The Zaken API refused an identificatie that another request already used."""


class ZgwBron(RestBron):
    """A ZGW API: its validation errors name the fields the agent has to correct."""

    def fout(self, antwoord: httpx.Response) -> BronFout:
        fout = super().fout(antwoord)
        if antwoord.status_code != 400:
            return fout
        velden = _ongeldige_velden(antwoord)
        if any(code == "identificatie-niet-uniek" for _, code, _ in velden):
            return IdentificatieBestaat(f"{self.naam} kent deze identificatie al.")
        if not velden:
            return fout
        uitleg = "; ".join(f"{naam}: {reden or code}" for naam, code, reden in velden[:5])
        return BronFout(f"{str(fout).rstrip('.')} ({uitleg}).")


def _ongeldige_velden(antwoord: httpx.Response) -> list[tuple[str, str, str]]:
    """(name, code, reason) of a ValidatieFout's invalidParams; a reason is masked, for it
    may quote the value sent."""
    try:
        inhoud = antwoord.json()
    except ValueError:
        return []
    params = inhoud.get("invalidParams") if isinstance(inhoud, dict) else None
    if not isinstance(params, list):
        return []
    return [(str(p.get("name", ""))[:80], str(p.get("code", ""))[:80],
             maskeer_bsns_in_tekst(str(p.get("reason", "")))[:200])
            for p in params if isinstance(p, dict)]


class ZgwToken:
    """The ``Authorization`` header of each request: a fresh ZGW JWT (HS256)."""

    def __init__(self, client_id: str, context: PluginContext) -> None:
        self.client_id = client_id
        self._context = context
        self._medewerker: Medewerker = context.medewerker
        self._kort_gemeld = False

    def kopregels(self) -> dict[str, str]:
        sleutel = geheim(self._context, GEHEIM, "het zaaksysteem")
        nu_ = int(time.time())
        claims = {"iss": self.client_id, "iat": nu_, "client_id": self.client_id,
                  "user_id": self._medewerker.gebruikersnaam,
                  "user_representation": self._medewerker.naam}
        with warnings.catch_warnings(record=True) as gemeld:
            # ZGW secrets are often shorter than SHA-256's 32 bytes; say so once, in the log.
            warnings.simplefilter("always", jwt.InsecureKeyLengthWarning)
            token = jwt.encode(claims, sleutel, algorithm="HS256")
        if gemeld and not self._kort_gemeld:
            self._kort_gemeld = True
            log.warning("Het %s van %s is korter dan 32 bytes; vraag de beheerder van het "
                        "zaaksysteem om een langer geheim.", GEHEIM, self._context.naam)
        return {"Authorization": f"Bearer {token}"}


class _Onthouden(Generic[T]):
    """Results kept for the plugin's lifetime; asked for at once, computed once. A failure
    is not kept: the next call tries again."""

    def __init__(self) -> None:
        self._klaar: dict[str, T] = {}
        self._bezig: dict[str, asyncio.Task[T]] = {}

    async def haal(self, sleutel: str, maak: Callable[[], Coroutine[Any, Any, T]]) -> T:
        if sleutel in self._klaar:
            return self._klaar[sleutel]
        taak = self._bezig.get(sleutel)
        if taak is None or taak.done() or taak.get_loop() is not asyncio.get_running_loop():
            taak = asyncio.ensure_future(self._bewaar(sleutel, maak()))
            self._bezig[sleutel] = taak
        # Shielded: one caller that gives up does not cancel the others' answer.
        return await asyncio.shield(taak)

    async def _bewaar(self, sleutel: str, berekening: Awaitable[T]) -> T:
        try:
            waarde = await berekening
        finally:
            self._bezig.pop(sleutel, None)
        self._klaar[sleutel] = waarde
        return waarde

    def sluit(self) -> None:
        for taak in self._bezig.values():
            taak.cancel()
        self._bezig.clear()


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
        self.zaken_api = ZgwBron(ZAKEN, i.zaken_url, timeout=i.timeout,
                                 kopregels=token.kopregels)
        self.catalogi_api = ZgwBron(CATALOGI, i.catalogi_url, timeout=i.timeout,
                                    kopregels=token.kopregels)
        self._zaaktypen: _Onthouden[ZaaktypeInfo] = _Onthouden()
        self._resultaattypen: _Onthouden[str] = _Onthouden()
        self._roltypen: _Onthouden[str] = _Onthouden()
        self._startbaar: _Onthouden[_Startbaar] = _Onthouden()

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
        gevonden = await self._zaken_lijst("POST", "zaken/_zoek",
                                           body=vertaling.zoekfilter(klant))
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
        if not aanvraag.klant.heeft_nummer:
            raise BronFout("Een zaak kan alleen worden gestart voor een klant met een BSN "
                           "of KvK-nummer.")
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
        await self._maak_af(gegevens, info, roltype, aanvraag.klant, nieuw=nieuw)
        log.info("Zaak %s %s in %s", identificatie, "gestart" if nieuw else
                 "was al gestart", ZAKEN)
        return await self._lees(gegevens, aanvraag.klant)

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
                       *, nieuw: bool) -> None:
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
            soort, identificatie = vertaling.betrokkene(klant)
            await self.zaken_api.vraag("POST", "rollen", headers=AUDIT, json={
                "zaak": zaak_url, "betrokkeneType": soort, "roltype": roltype,
                "roltoelichting": "Aanvrager; zaak gestart vanuit het KCC.",
                "betrokkeneIdentificatie": identificatie})
        if not heeft_status and info.eerste_status:
            # A minute back: a workstation clock a little ahead must not make the status
            # "in de toekomst", which the Zaken API refuses.
            gezet = datetime.now(UTC) - timedelta(minutes=1)
            await self.zaken_api.vraag("POST", "statussen", headers=AUDIT, json={
                "zaak": zaak_url, "statustype": info.eerste_status,
                "datumStatusGezet": gezet.isoformat(timespec="seconds"),
                "statustoelichting": "Zaak gestart vanuit het KCC."})

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

