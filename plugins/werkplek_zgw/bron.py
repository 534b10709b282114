"""The HTTP side of werkplek_zgw: a ZGW API as a RestBron, its JWT, and results kept."""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Generic, TypeVar

import httpx
import jwt
from werkplek_rest import RestBron, geheim, zet_geheim

from werkplek.domain.model import Medewerker
from werkplek.ports import BronFout, PluginContext

log = logging.getLogger(__name__)
T = TypeVar("T")

GEHEIM = "client_secret"

VELDNAMEN = {
    "identificatie": "Zaaknummer",
    "bronorganisatie": "Bronorganisatie (RSIN van de gemeente)",
    "verantwoordelijkeOrganisatie": "Verantwoordelijke organisatie (RSIN)",
    "zaaktype": "Zaaktype",
    "startdatum": "Startdatum",
    "omschrijving": "Omschrijving",
    "toelichting": "Toelichting",
    "kenmerken": "Kenmerken",
    "kenmerk": "Kenmerk",
    "zaak": "Zaak",
    "roltype": "Roltype",
    "betrokkeneType": "Soort betrokkene",
    "roltoelichting": "Toelichting bij de rol",
    "betrokkeneIdentificatie": "Klant van de zaak",
    "betrokkeneIdentificatie.inpBsn": "BSN",
    "betrokkeneIdentificatie.innNnpId": "RSIN",
    "betrokkeneIdentificatie.vestigingsNummer": "Vestigingsnummer",
    "betrokkeneIdentificatie.kvkNummer": "KvK-nummer",
    "statustype": "Statustype",
    "datumStatusGezet": "Datum van de status",
    "statustoelichting": "Toelichting bij de status",
    "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": "BSN",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId": "RSIN",
    "rol__betrokkeneIdentificatie__vestiging__vestigingsNummer": "Vestigingsnummer",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer": "KvK-nummer",
    "rol__betrokkeneIdentificatie__vestiging__kvkNummer": "KvK-nummer",
}
"""Dutch names of the ZGW fields and filters a Zaken or Catalogi API may refuse."""


def zgw_bron(naam: str, url: str, context: PluginContext, *, timeout: float,
             kopregels: Callable[[], dict[str, str]]) -> ZgwBron:
    """One ZGW API whose faults name the secret's command and the refused fields in Dutch."""
    return ZgwBron(naam, url, timeout=timeout, kopregels=kopregels,
                   herstel_sleutel=zet_geheim(context, GEHEIM), veldnamen=VELDNAMEN)


class IdentificatieBestaat(BronFout):
    """The Zaken API refused an identificatie that another request already used."""


class ZgwBron(RestBron):
    """A ZGW API: RestBron's faults (refused fields by their Dutch name, a refused secret
    with its command), and a taken identificatie as its own fault."""

    def fout(self, antwoord: httpx.Response) -> BronFout:
        if antwoord.status_code == 400 and any(
                isinstance(p, dict) and p.get("code") == "identificatie-niet-uniek"
                for p in _invalid_params(antwoord)):
            return IdentificatieBestaat(f"{self.naam} kent deze identificatie al.")
        return super().fout(antwoord)


def _invalid_params(antwoord: httpx.Response) -> list[Any]:
    try:
        inhoud = antwoord.json()
    except ValueError:
        return []
    params = inhoud.get("invalidParams") if isinstance(inhoud, dict) else None
    return params if isinstance(params, list) else []


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


class Onthouden(Generic[T]):
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


