"""The plugin's table in the profile TOML, checked once at start-up.

Every mistake raises ValueError with a Dutch message that names the key, so the
administrator finds it in the profile at once. The values of the protocollering headers go
into HTTP headers as they are, so they must be printable ASCII.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from werkplek_rest import instellingen as lees

STANDAARD_BRONNAAM = "BRP Personen"
STANDAARD_TIMEOUT = 10.0
STANDAARD_SLEUTEL_KOPREGEL = "X-API-KEY"
"""The header of the API key in the Haal Centraal test environment; gateways may differ."""
SLEUTEL = "api_sleutel"
"""The name of the API key in the keyring (user ``<plugin>.api_sleutel``)."""

_KOPWAARDE = re.compile(r"[\x20-\x7e]{1,200}")
_KOPNAAM = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}")
_OIN = re.compile(r"\d{20}")


@dataclass(frozen=True, slots=True)
class Instellingen:
    url: str
    """The API's base URL (up to and including ``/haalcentraal/api/brp``), no trailing slash."""
    bronnaam: str
    """How messages name the source."""
    timeout: float
    doelbinding_raadplegen: str
    """``X-Doelbinding`` of RaadpleegMetBurgerservicenummer."""
    doelbinding_zoeken: str
    """``X-Doelbinding`` of the Zoek… requests."""
    verwerking: str
    """``X-Verwerking``: the processing activity in the gemeente's register."""
    origin_oin: str
    """``X-Origin-OIN``: the gemeente's OIN; empty when the gateway does not ask for it."""
    sleutel_kopregel: str
    """The header that carries the API key."""


def lees_instellingen(config: Mapping[str, Any]) -> Instellingen:
    """Check the plugin's config table; raises ValueError (Dutch) naming the wrong key."""
    url = lees.url(config)
    timeout = lees.timeout(config, STANDAARD_TIMEOUT)
    raadplegen, zoeken = _doelbinding(config.get("doelbinding"))
    oin = _tekst(config, "oin", standaard="")
    if oin and not _OIN.fullmatch(oin):
        raise ValueError("De instelling oin moet een OIN van 20 cijfers zijn.")
    kopregel = _tekst(config, "api_sleutel_kopregel", standaard=STANDAARD_SLEUTEL_KOPREGEL)
    if not _KOPNAAM.fullmatch(kopregel):
        raise ValueError(f"De instelling api_sleutel_kopregel is geen geldige naam van een "
                         f"HTTP-kopregel: {kopregel!r}.")
    return Instellingen(
        url=url,
        bronnaam=lees.tekst(config, "bronnaam", STANDAARD_BRONNAAM),
        timeout=timeout,
        doelbinding_raadplegen=raadplegen,
        doelbinding_zoeken=zoeken,
        verwerking=_tekst(config, "verwerking"),
        origin_oin=oin,
        sleutel_kopregel=kopregel,
    )


def _doelbinding(waarde: object) -> tuple[str, str]:
    """``doelbinding = "X"`` for both, or ``doelbinding = {raadplegen = "X", zoeken = "Y"}``."""
    if waarde is None:
        raise ValueError('De instelling doelbinding ontbreekt: geef { raadplegen = "…", '
                         'zoeken = "…" } met de doelbindingen die de BRP-gateway kent.')
    if isinstance(waarde, str):
        tekst = _kopwaarde(waarde, "doelbinding")
        return tekst, tekst
    if not isinstance(waarde, Mapping):
        raise ValueError("De instelling doelbinding moet een tekst of een tabel met raadplegen "
                         "en zoeken zijn.")
    onbekend = sorted(set(map(str, waarde)) - {"raadplegen", "zoeken"})
    if onbekend:
        raise ValueError(f"De instelling doelbinding kent alleen raadplegen en zoeken, niet "
                         f"{', '.join(onbekend)}.")
    return (_tekst(waarde, "raadplegen", sleutel="doelbinding.raadplegen"),
            _tekst(waarde, "zoeken", sleutel="doelbinding.zoeken"))


def _tekst(tabel: Mapping[str, Any], naam: str, *, standaard: str | None = None,
           sleutel: str = "", kop: bool = True) -> str:
    sleutel = sleutel or naam
    waarde = tabel.get(naam, standaard)
    if waarde is None:
        raise ValueError(f"De instelling {sleutel} ontbreekt.")
    if not isinstance(waarde, str) or (standaard is None and not waarde.strip()):
        raise ValueError(f"De instelling {sleutel} moet een (niet-lege) tekst zijn.")
    waarde = waarde.strip()
    if kop and waarde:
        return _kopwaarde(waarde, sleutel)
    return waarde


def _kopwaarde(waarde: str, sleutel: str) -> str:
    waarde = waarde.strip()
    if not _KOPWAARDE.fullmatch(waarde):
        raise ValueError(f"De instelling {sleutel} gaat mee in een HTTP-kopregel en mag alleen "
                         "letters zonder accenten, cijfers, spaties en leestekens bevatten "
                         "(hoogstens 200 tekens).")
    return waarde
