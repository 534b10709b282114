"""Reading the settings every REST plugin has: texts, its base URLs, a timeout, counts.

Each reader raises ValueError with a Dutch message that names the setting, which the plugin
host shows as "kon niet starten: ...".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

MAX_TIMEOUT = 600.0


def tekst(config: Mapping[str, Any], sleutel: str, standaard: str | None = None) -> str:
    """A non-empty text, stripped; ``standaard`` when the setting is absent."""
    waarde = config.get(sleutel, standaard)
    if waarde is None:
        raise ValueError(f"De instelling {sleutel} ontbreekt.")
    if not isinstance(waarde, str) or not waarde.strip():
        raise ValueError(f"De instelling {sleutel} moet een niet-lege tekst zijn.")
    return waarde.strip()


def url(config: Mapping[str, Any], sleutel: str = "url") -> str:
    """An http(s) base URL without a trailing slash; credentials in it are refused (they
    belong in the keyring), and so are a query and a fragment."""
    waarde = tekst(config, sleutel)
    delen = urlsplit(waarde)
    if delen.scheme not in ("http", "https") or not delen.hostname:
        raise ValueError(f"De instelling {sleutel} moet een http(s)-adres zijn, niet {waarde!r}.")
    if delen.username or delen.password:
        raise ValueError(f"De instelling {sleutel} mag geen gebruikersnaam of wachtwoord "
                         "bevatten; het geheim staat in de sleutelbos (werkplek secrets set).")
    if delen.query or delen.fragment:
        raise ValueError(f"De instelling {sleutel} mag geen ?query of #fragment bevatten.")
    return waarde.rstrip("/")


def timeout(config: Mapping[str, Any], standaard: float) -> float:
    """``timeout_seconden``: seconds a request may take, more than 0 and at most 600."""
    waarde = config.get("timeout_seconden", standaard)
    if isinstance(waarde, bool) or not isinstance(waarde, int | float) or not (
            0 < waarde <= MAX_TIMEOUT):
        raise ValueError("De instelling timeout_seconden moet een getal tussen 0 en 600 zijn.")
    return float(waarde)


def geheel(config: Mapping[str, Any], sleutel: str, standaard: int, laagst: int,
           hoogst: int) -> int:
    """A whole number from ``laagst`` up to and including ``hoogst``."""
    waarde = config.get(sleutel, standaard)
    if isinstance(waarde, bool) or not isinstance(waarde, int) or not (
            laagst <= waarde <= hoogst):
        raise ValueError(f"De instelling {sleutel} moet een geheel getal van {laagst} tot en "
                         f"met {hoogst} zijn.")
    return waarde
