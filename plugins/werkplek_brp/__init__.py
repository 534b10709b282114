"""Haal Centraal BRP Personen bevragen 2: search and read persons (capability PERSONEN).

Every question is one ``POST /personen`` whose body names the operation: reading one person
by BSN (RaadpleegMetBurgerservicenummer), or searching by geslachtsnaam and geboortedatum or
by postcode and huisnummer. The BSN travels in the body, never in a URL, so no log line of
httpx can carry it. Other kinds of search (phone, e-mail, KvK, zaaknummer) are not BRP
searches: they return an empty list without a request.

There is no pagination: the API answers every question with one list of persons (a
PersonenQueryResponse has only ``type`` and ``personen``, no links), so there is nothing to
follow. An unknown BSN is not a 404 either: the spec defines none for ``/personen``, and the
BRP answers with an empty list, which ``persoon()`` returns as None.

Protocollering: the API itself declares no headers for it; the municipal BRP gateway asks
for them (see ../shared/specs/README.md). Every request carries ``X-Doelbinding`` (the
profile's doelbinding for raadplegen or for zoeken), ``X-Verwerking``, ``X-Gebruiker`` (the
agent at this workstation) and, when configured, ``X-Origin-OIN``; the API key from the
keyring goes in ``X-API-KEY`` (the header of the Haal Centraal test environment; a gateway
that wants another one is configured with ``api_sleutel_kopregel``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from werkplek_rest import RestBron, geheim, zet_geheim

from werkplek.domain.invoer import Zoeksoort, Zoekvraag
from werkplek.domain.model import Persoon
from werkplek.ports import PLUGIN_API_VERSIE, BronFout, Capability, Gezondheid, PluginContext
from werkplek_brp.instellingen import SLEUTEL, Instellingen, lees_instellingen
from werkplek_brp.personen import adresvraag, is_bsn, naamvraag, personen, raadpleegvraag

log = logging.getLogger(__name__)

__all__ = ["BrpPlugin", "create_plugin"]

JSON_SOORT = "application/json; charset=utf-8"
"""The request body's media type exactly as the spec names it."""
_AFDRUKBAAR = re.compile(r"[\x20-\x7e]+")


INSTELLINGEN = frozenset({
    "url", "bronnaam", "timeout_seconden", "doelbinding", "doelbinding.raadplegen",
    "doelbinding.zoeken", "verwerking", "oin", "api_sleutel_kopregel",
})
"""The settings of this plugin's table in the profile (``doelbinding.zoeken``: a key of the
table ``doelbinding``); werkplek refuses any other key."""


def create_plugin(config: Mapping[str, Any], context: PluginContext) -> BrpPlugin:
    """Entry point of group ``werkplek.plugins``; raises ValueError on a config mistake."""
    return BrpPlugin(config, context)


class BrpPlugin:
    """Persons from the BRP through Haal Centraal BRP Personen bevragen 2."""

    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({Capability.PERSONEN})

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        self.instellingen: Instellingen = lees_instellingen(config)
        self.bronnaam = self.instellingen.bronnaam
        self._context = context
        self._gebruiker = _gebruiker(context.medewerker.gebruikersnaam)
        self._rest = RestBron(self.bronnaam, self.instellingen.url,
                              timeout=self.instellingen.timeout, kopregels=self._sleutel,
                              herstel_sleutel=zet_geheim(context, SLEUTEL))

    # -- lifecycle -----------------------------------------------------------------------

    async def health(self) -> Gezondheid:
        """The key is in the keyring and the server answers HTTP.

        The BRP has no health operation, and any person request would be protocolled as a
        look-up by this agent; so this asks HEAD of the base URL and takes any HTTP answer
        as "reachable", without touching personal data.
        """
        try:
            await self._rest.vraag("HEAD", "", ontbreekt=range(100, 600))
        except BronFout as e:
            return Gezondheid(False, str(e))
        return Gezondheid(True, f"{self.bronnaam} is bereikbaar.")

    async def aclose(self) -> None:
        await self._rest.aclose()

    # -- PersonenBron --------------------------------------------------------------------

    async def persoon(self, bsn: str) -> Persoon | None:
        """RaadpleegMetBurgerservicenummer; None when the BRP does not know the BSN."""
        if not is_bsn(bsn):
            return None  # a pseudonym of another source, not a BSN: nothing to ask the BRP
        gevonden = await self._vraag(raadpleegvraag(bsn), self.instellingen.doelbinding_raadplegen)
        return next((p for p in gevonden if p.bsn == bsn), None)

    async def zoek_personen(self, vraag: Zoekvraag) -> list[Persoon]:
        match vraag.soort:
            case Zoeksoort.BSN:
                gevonden = await self.persoon(vraag.waarde)
                return [gevonden] if gevonden is not None else []
            case Zoeksoort.NAAM_GEBOORTEDATUM if vraag.geboortedatum is not None:
                return await self._vraag(
                    naamvraag(vraag.waarde, vraag.geboortedatum, self.bronnaam),
                    self.instellingen.doelbinding_zoeken)
            case Zoeksoort.POSTCODE_HUISNUMMER:
                return await self._vraag(
                    adresvraag(vraag.waarde, vraag.huisnummer, self.bronnaam),
                    self.instellingen.doelbinding_zoeken)
            case _:
                return []

    # -- HTTP ----------------------------------------------------------------------------

    async def _vraag(self, inhoud: dict[str, Any], doelbinding: str) -> list[Persoon]:
        antwoord = await self._rest.vraag("POST", "personen", json=inhoud,
                                          headers=self._protocol(doelbinding))
        try:
            lijst = personen(antwoord, self._context.naam, self.bronnaam)
        except BronFout:
            raise
        except Exception as e:  # a mapping bug must not take the panel down with a traceback
            log.warning("%s: antwoord op %s niet te verwerken (%s)", self.bronnaam,
                        inhoud["type"], type(e).__name__)
            raise BronFout(f"{self.bronnaam} gaf een antwoord dat werkplek niet kan "
                           "verwerken.") from None
        log.debug("%s: %s gaf %d personen", self.bronnaam, inhoud["type"], len(lijst))
        return lijst

    def _protocol(self, doelbinding: str) -> dict[str, str]:
        """The headers of one request besides the key: content type and protocollering."""
        kop = {"Content-Type": JSON_SOORT,
               "X-Doelbinding": doelbinding,
               "X-Verwerking": self.instellingen.verwerking,
               "X-Gebruiker": self._gebruiker}
        if self.instellingen.origin_oin:
            kop["X-Origin-OIN"] = self.instellingen.origin_oin
        return kop

    def _sleutel(self) -> dict[str, str]:
        """The API key, read from the keyring at every request (a corrected key works at the
        next call); raises BronFout before anything is sent when it is missing."""
        sleutel = geheim(self._context, SLEUTEL, self.bronnaam)
        return {self.instellingen.sleutel_kopregel: sleutel}


def _gebruiker(gebruikersnaam: str) -> str:
    """The agent's user name as a header value; characters outside printable ASCII are
    percent-encoded (RFC 3986), since an HTTP header carries ASCII only."""
    naam = gebruikersnaam.strip()
    if not naam:
        raise ValueError("De BRP vraagt voor de protocollering de gebruikersnaam van de "
                         "medewerker, maar die is leeg.")
    if _AFDRUKBAAR.fullmatch(naam):
        return naam
    return quote(naam, safe=" !#$&'()*+,-./:;=?@_~")
