"""Companies from the Handelsregister: KvK API Zoeken v2 and API Basisprofiel v1.

``zoek_bedrijven`` asks Zoeken by KvK number, by name, or by postcode and huisnummer; other
kinds of search are not KvK's and return [] without a request. Zoeken answers one result per
hoofdvestiging, nevenvestiging and rechtspersoon; werkplek shows one Bedrijf per KvK number
(the hoofdvestiging's name and address when it is among them). Zoeken has no rechtsvorm:
``rechtsvorm`` is empty in search results and filled by ``bedrijf``.

``bedrijf`` reads the Basisprofiel, which embeds the hoofdvestiging (address) and the
eigenaar (rechtsvorm); only when the answer lacks one of them is it fetched from its own
resource, both at once. Neither API has phone numbers or e-mail addresses.

Both APIs answer 404 for "nothing found": that is [] or None here, not an error. The API key
is the keyring secret ``api_sleutel``, sent in header ``apikey`` and read per request.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

from werkplek_rest import Json, Onleesbaar, RestBron, allemaal, geheim, zet_geheim

from werkplek.domain.invoer import Zoeksoort, Zoekvraag
from werkplek.domain.model import Bedrijf
from werkplek.ports import PLUGIN_API_VERSIE, BronFout, Capability, Gezondheid, PluginContext
from werkplek_kvk.instellingen import MAX_ZOEKRESULTATEN, Instellingen, lees_instellingen
from werkplek_kvk.omzetten import KVK_NUMMER, bedrijf_uit_profiel, bedrijven_uit_zoeken

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["SLEUTEL", "KvkPlugin", "create_plugin"]

SLEUTEL = "api_sleutel"
"""The name of the API key in the keyring (``werkplek/<profiel>``, ``<plugin>.api_sleutel``)."""
ZOEKEN = "KvK Zoeken"
BASISPROFIEL = "KvK Basisprofiel"
"""How messages name the two APIs."""
CONTROLENUMMER = "59581883"
"""The KvK number ``health()`` asks for (the KvK's own, the example of the Zoeken spec); a
404 for it counts as healthy too: the API answered and accepted the key."""
MAX_PAGINA = 1000
"""The highest ``pagina`` the Zoeken API accepts."""

_POSTCODE = re.compile(r"\d{4}[A-Za-z]{2}")
_HUISNUMMER = re.compile(r"(\d{1,5})(?!\d)\s*(.*)")


INSTELLINGEN = frozenset({"url", "zoeken_url", "basisprofiel_url", "timeout_seconden",
                          "resultaten_per_pagina", "max_resultaten"})
"""The settings of this plugin's table in the profile; werkplek refuses any other key."""


def create_plugin(config: Mapping[str, Any], context: PluginContext) -> KvkPlugin:
    """Entry point of group ``werkplek.plugins``; raises ValueError on a config mistake."""
    return KvkPlugin(config, context)


class KvkPlugin:
    """The Handelsregister through KvK's APIs (capability BEDRIJVEN)."""

    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({Capability.BEDRIJVEN})

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        self.instellingen: Instellingen = lees_instellingen(config)
        self.bron = context.naam
        self._context = context
        herstel = zet_geheim(context, SLEUTEL)
        self._zoeken = RestBron(ZOEKEN, self.instellingen.zoeken_url,
                                timeout=self.instellingen.timeout, kopregels=self._kopregels,
                                herstel_sleutel=herstel)
        self._basis = RestBron(BASISPROFIEL, self.instellingen.basisprofiel_url,
                               timeout=self.instellingen.timeout, kopregels=self._kopregels,
                               herstel_sleutel=herstel)

    def _kopregels(self) -> dict[str, str]:
        """The ``apikey`` header, read from the keyring at every request."""
        sleutel = geheim(self._context, SLEUTEL, "KvK")
        return {"apikey": sleutel}

    # -- lifecycle -----------------------------------------------------------------------

    async def health(self) -> Gezondheid:
        """One search and one Basisprofiel, at once: both APIs reachable, key accepted."""
        try:
            await allemaal([
                self._zoeken.vraag("GET", "zoeken", params={
                    "kvkNummer": CONTROLENUMMER, "resultatenPerPagina": 1}, ontbreekt={404}),
                self._basis.vraag("GET", f"basisprofielen/{CONTROLENUMMER}", ontbreekt={404}),
            ])
        except BronFout as e:
            return Gezondheid(False, str(e))
        return Gezondheid(True, "KvK Zoeken en Basisprofiel bereikbaar")

    async def aclose(self) -> None:
        await asyncio.gather(self._zoeken.aclose(), self._basis.aclose())

    # -- BedrijvenBron -------------------------------------------------------------------

    async def zoek_bedrijven(self, vraag: Zoekvraag) -> list[Bedrijf]:
        params = _zoekparameters(vraag)
        if params is None:
            return []
        items = await self._alle_resultaten(params)
        bedrijven = bedrijven_uit_zoeken(items, self.bron, ZOEKEN)
        log.debug("KvK Zoeken: %d resultaten, %d bedrijven", len(items), len(bedrijven))
        return bedrijven

    async def bedrijf(self, kvk_nummer: str) -> Bedrijf | None:
        kvk = kvk_nummer.strip()
        if not KVK_NUMMER.fullmatch(kvk):
            return None  # not a KvK number (a pseudonym, say): KvK cannot know it
        profiel = _object(await self._basis.vraag("GET", f"basisprofielen/{kvk}",
                                                  ontbreekt={404}), BASISPROFIEL)
        if profiel is None:
            return None
        ingebed = profiel.get("_embedded")
        ingebed = ingebed if isinstance(ingebed, Mapping) else {}
        hoofd = ingebed.get("hoofdvestiging")
        hoofd = hoofd if isinstance(hoofd, Mapping) else None
        eigenaar = ingebed.get("eigenaar")
        eigenaar = eigenaar if isinstance(eigenaar, Mapping) else None
        taken: dict[str, Awaitable[Json]] = {}
        if hoofd is None or not isinstance(hoofd.get("adressen"), list):
            taken["hoofdvestiging"] = self._basis.vraag(
                "GET", f"basisprofielen/{kvk}/hoofdvestiging", ontbreekt={404})
        if eigenaar is None:
            taken["eigenaar"] = self._basis.vraag("GET", f"basisprofielen/{kvk}/eigenaar",
                                                  ontbreekt={404})
        opgehaald = dict(zip(taken, await allemaal(taken.values()), strict=True))
        if "hoofdvestiging" in opgehaald:
            hoofd = _object(opgehaald["hoofdvestiging"], BASISPROFIEL) or hoofd
        if "eigenaar" in opgehaald:
            eigenaar = _object(opgehaald["eigenaar"], BASISPROFIEL)
        return bedrijf_uit_profiel(kvk, profiel, hoofd, eigenaar, self.bron)

    # -- Zoeken pagination ---------------------------------------------------------------

    async def _alle_resultaten(self, params: Mapping[str, Any]) -> list[Json]:
        """The results of a search up to ``max_resultaten``, page by page.

        The first page tells ``totaal`` and ``resultatenPerPagina``; the remaining pages
        are then independent and are asked at once. An answer without ``totaal`` is
        followed page by page for as long as it names a ``volgende`` page.
        """
        maximum = self.instellingen.max_resultaten
        eerste = await self._pagina(params, 1)
        if eerste is None:
            return []
        items, pagina = eerste
        totaal = _telling(pagina.get("totaal"))
        per = _telling(pagina.get("resultatenPerPagina")) or self.instellingen.per_pagina
        if totaal is not None:
            laatste = min(math.ceil(min(totaal, maximum, MAX_ZOEKRESULTATEN) / per), MAX_PAGINA)
            for rest in await allemaal(self._pagina(params, n) for n in range(2, laatste + 1)):
                if rest is not None:
                    items.extend(rest[0])
        else:
            n = 1
            while pagina.get("volgende") and len(items) < maximum and n < MAX_PAGINA:
                n += 1
                volgende = await self._pagina(params, n)
                if volgende is None or not volgende[0]:
                    break
                items.extend(volgende[0])
                pagina = volgende[1]
        return items[:maximum]

    async def _pagina(self, params: Mapping[str, Any], nummer: int
                      ) -> tuple[list[Json], Mapping[str, Any]] | None:
        """Page ``nummer`` of a search: its results and the page itself; None on a 404."""
        antwoord = await self._zoeken.vraag("GET", "zoeken", params={
            **params, "pagina": nummer, "resultatenPerPagina": self.instellingen.per_pagina,
        }, ontbreekt={404})
        pagina = _object(antwoord, ZOEKEN)
        if pagina is None:
            return None
        resultaten = pagina.get("resultaten", [])
        if not isinstance(resultaten, list):
            raise Onleesbaar(f"{ZOEKEN} gaf een onleesbare lijst terug.")
        return resultaten, pagina


def _zoekparameters(vraag: Zoekvraag) -> dict[str, Any] | None:
    """The Zoeken query of a search, or None for a kind of search KvK cannot do."""
    match vraag.soort:
        case Zoeksoort.KVK:
            if not KVK_NUMMER.fullmatch(vraag.waarde):
                return None
            # The company itself, not each of its nevenvestigingen.
            return {"kvkNummer": vraag.waarde, "type": ["hoofdvestiging", "rechtspersoon"]}
        case Zoeksoort.NAAM_GEBOORTEDATUM:
            # Zoekvraag has no plaats; the geboortedatum means nothing to the Handelsregister.
            naam = vraag.waarde.strip()
            return {"naam": naam} if naam else None
        case Zoeksoort.POSTCODE_HUISNUMMER:
            postcode = vraag.waarde.replace(" ", "")
            m = _HUISNUMMER.fullmatch(vraag.huisnummer.strip())
            if not _POSTCODE.fullmatch(postcode) or m is None:
                return None
            params: dict[str, Any] = {"postcode": postcode.upper(), "huisnummer": int(m[1])}
            letter = m[2].lstrip("-").strip()
            if len(letter) == 1 and letter.isalpha():
                params["huisletter"] = letter.upper()
            # Zoeken has no huisnummertoevoeging: "12-2" searches all of number 12.
            return params
        case _:
            return None


def _object(antwoord: Json, bronnaam: str) -> Mapping[str, Any] | None:
    """A JSON object, None for nothing (404, empty body); anything else is unreadable."""
    if antwoord is None:
        return None
    if not isinstance(antwoord, Mapping):
        raise Onleesbaar(f"{bronnaam} gaf een onleesbaar antwoord.")
    return antwoord


def _telling(waarde: object) -> int | None:
    """A count from a page (``totaal``, ``resultatenPerPagina``); None when it is none."""
    return waarde if isinstance(waarde, int) and not isinstance(waarde, bool) and (
        waarde >= 0) else None

