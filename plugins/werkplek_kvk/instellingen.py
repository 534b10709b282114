"""The plugin's table in the profile TOML, checked once at start-up.

The two KvK APIs have their own base paths (Zoeken ``/api/v2``, Basisprofiel ``/api/v1``).
``url`` names the host once (``https://api.kvk.nl``, or ``https://api.kvk.nl/test`` for KvK's
test environment) and both base URLs follow from it; ``zoeken_url`` and ``basisprofiel_url``
give a base URL in full, e.g. behind a municipal API gateway, and win over ``url``.

Every mistake raises ValueError with a Dutch message that names the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from werkplek_rest import instellingen as lees

ZOEKEN_PAD = "/api/v2"
BASISPROFIEL_PAD = "/api/v1"
STANDAARD_TIMEOUT = 10.0
STANDAARD_PER_PAGINA = 100
STANDAARD_MAX_RESULTATEN = 100
MAX_PER_PAGINA = 100
"""The most ``resultatenPerPagina`` the Zoeken API allows."""
MAX_ZOEKRESULTATEN = 1000
"""The Zoeken API shows at most this many results of one search."""


@dataclass(frozen=True, slots=True)
class Instellingen:
    zoeken_url: str
    """Base URL of the Zoeken API v2, without a trailing slash."""
    basisprofiel_url: str
    """Base URL of the Basisprofiel API v1, without a trailing slash."""
    timeout: float
    per_pagina: int
    """``resultatenPerPagina`` of each Zoeken request."""
    max_resultaten: int
    """A search reads no more pages than needed for this many results."""


def lees_instellingen(config: Mapping[str, Any]) -> Instellingen:
    """Check the plugin's config table; raises ValueError (Dutch) naming the wrong key."""
    host, zoeken, basisprofiel = (lees.url(config, k) if k in config else None
                                  for k in ("url", "zoeken_url", "basisprofiel_url"))
    if host is None and (zoeken is None or basisprofiel is None):
        raise ValueError('De instelling url ontbreekt: geef url (zoals "https://api.kvk.nl", of '
                         '"https://api.kvk.nl/test" voor de testomgeving van KvK), of zowel '
                         "zoeken_url als basisprofiel_url.")
    return Instellingen(
        zoeken_url=zoeken or f"{host}{ZOEKEN_PAD}",
        basisprofiel_url=basisprofiel or f"{host}{BASISPROFIEL_PAD}",
        timeout=lees.timeout(config, STANDAARD_TIMEOUT),
        per_pagina=lees.geheel(config, "resultaten_per_pagina", STANDAARD_PER_PAGINA,
                           1, MAX_PER_PAGINA),
        max_resultaten=lees.geheel(config, "max_resultaten", STANDAARD_MAX_RESULTATEN,
                               1, MAX_ZOEKRESULTATEN),
    )
