"""The plugin's table in the profile TOML, checked once at start-up.

Every mistake raises ValueError with a Dutch message that names the key, so the
administrator finds it in the profile at once. The API key is not here: it lives in the
keyring as secret ``api_token``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from werkplek_rest import instellingen as lees

from werkplek.domain.model import Kanaal

STANDAARD_BRONNAAM = "Open Klant"
STANDAARD_TIMEOUT = 10.0
STANDAARD_TAAL = "nld"
STANDAARD_MEDEWERKER_REGISTER = "obj"
STANDAARD_MEDEWERKER_SOORT_ID = "idf"
STANDAARD_ZAAK_REGISTER = "openzaak"

_TAAL = re.compile(r"[a-z]{3}")
_MAX_CODE = 200
"""The longest code of an actor- or onderwerpobjectidentificator (the spec's maxLength)."""
_MAX_KANAAL = 50


@dataclass(frozen=True, slots=True)
class Instellingen:
    url: str
    """The API's base URL, ``…/klantinteracties/api/v1``, without a trailing slash."""
    bronnaam: str
    timeout: float
    taal: str
    """ISO 639-2/B code sent as the klantcontact's ``taal``."""
    kanalen: Mapping[Kanaal, str]
    """The text each werkplek channel is written as in ``klantcontact.kanaal``."""
    medewerker_register: str
    medewerker_soort_object_id: str
    zaak_register: str


def lees_instellingen(config: Mapping[str, Any]) -> Instellingen:
    """Check the plugin's config table; raises ValueError (Dutch) naming the wrong key."""
    url = lees.url(config)
    timeout = lees.timeout(config, STANDAARD_TIMEOUT)
    taal = lees.tekst(config, "taal", STANDAARD_TAAL)
    if not _TAAL.fullmatch(taal):
        raise ValueError(f"De instelling taal moet een taalcode van drie kleine letters zijn "
                         f"(ISO 639-2/B, zoals \"nld\"), niet {taal!r}.")
    return Instellingen(
        url=url,
        bronnaam=lees.tekst(config, "bronnaam", STANDAARD_BRONNAAM),
        timeout=timeout,
        taal=taal,
        kanalen=_kanalen(config.get("kanalen", {})),
        medewerker_register=_code(config, "medewerker_register", STANDAARD_MEDEWERKER_REGISTER),
        medewerker_soort_object_id=_code(config, "medewerker_soort_object_id",
                                         STANDAARD_MEDEWERKER_SOORT_ID),
        zaak_register=_code(config, "zaak_register", STANDAARD_ZAAK_REGISTER),
    )


def _kanalen(tabel: object) -> dict[Kanaal, str]:
    if not isinstance(tabel, Mapping):
        raise ValueError("De instelling kanalen moet een tabel zijn, zoals "
                         "kanalen = { telefoon = \"Telefoon\" }.")
    kanalen = {k: k.value for k in Kanaal}
    for sleutel, waarde in tabel.items():
        try:
            kanaal = Kanaal(sleutel)
        except ValueError:
            namen = ", ".join(k.value for k in Kanaal)
            raise ValueError(f"De instelling kanalen.{sleutel} is geen kanaal van werkplek; "
                             f"kies uit {namen}.") from None
        if not isinstance(waarde, str) or not waarde.strip() or len(waarde) > _MAX_KANAAL:
            raise ValueError(f"De instelling kanalen.{sleutel} moet een tekst van hoogstens "
                             f"{_MAX_KANAAL} tekens zijn.")
        kanalen[kanaal] = waarde.strip()
    if len({t.casefold() for t in kanalen.values()}) != len(kanalen):
        raise ValueError("De instelling kanalen geeft twee kanalen dezelfde tekst; dan is "
                         "bij het lezen niet te zien welk kanaal het was.")
    return kanalen


def _code(config: Mapping[str, Any], sleutel: str, standaard: str) -> str:
    waarde = lees.tekst(config, sleutel, standaard)
    if len(waarde) > _MAX_CODE:
        raise ValueError(f"De instelling {sleutel} is langer dan {_MAX_CODE} tekens.")
    return waarde
