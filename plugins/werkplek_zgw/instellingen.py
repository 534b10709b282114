"""The plugin's table in the profile TOML, checked once at start-up.

Every mistake raises ValueError with a Dutch message that names the key, so the
administrator finds it in the profile at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from werkplek_rest import instellingen as lees

from werkplek_zgw.vertaling import is_rsin

STANDAARD_TIMEOUT = 10.0
STANDAARD_VOORVOEGSEL = "KCC"
_VOORVOEGSEL = re.compile(r"[A-Za-z]{1,10}")


@dataclass(frozen=True, slots=True)
class Instellingen:
    zaken_url: str
    catalogi_url: str
    client_id: str
    timeout: float
    catalogus: str
    """URL of the catalogus the startable zaaktypen come from; empty: any catalogus."""
    zaaktypen: tuple[str, ...]
    """Identificaties of the zaaktypen this profile may start; empty with a catalogus: all
    zaaktypen of that catalogus; empty without one: this source starts no zaken."""
    bronorganisatie: str
    verantwoordelijke_organisatie: str
    voorvoegsel: str
    """The letters before the zaaknummers werkplek gives the zaken it starts."""
    kvk_nummer_in_rol: bool = False
    """The server keeps a KvK number in a rol and filters on it (Open Zaak 1.30 does,
    beyond the Zaken API spec): search and register companies by KvK number too."""

    @property
    def kan_starten(self) -> bool:
        return bool(self.zaaktypen or self.catalogus)


def lees_instellingen(config: Mapping[str, Any]) -> Instellingen:
    """Check the plugin's config table; raises ValueError (Dutch) naming the wrong key."""
    zaken_url = lees.url(config, "zaken_url")
    catalogi_url = lees.url(config, "catalogi_url")
    client_id = lees.tekst(config, "client_id")
    timeout = lees.timeout(config, STANDAARD_TIMEOUT)
    catalogus = lees.url(config, "catalogus") if "catalogus" in config else ""
    lijst = config.get("zaaktypen", [])
    if not isinstance(lijst, Sequence) or isinstance(lijst, str) or not all(
            isinstance(z, str) and z.strip() for z in lijst):
        raise ValueError("De instelling zaaktypen moet een lijst met identificaties van "
                         'zaaktypen zijn, zoals ["PASPOORT", "WMO-VOORZIENING"].')
    zaaktypen = tuple(dict.fromkeys(z.strip() for z in lijst))
    if any(len(z) > 50 for z in zaaktypen):
        raise ValueError("Een identificatie onder zaaktypen is langer dan 50 tekens; dat kan "
                         "de Catalogi API niet bevatten.")
    kan_starten = bool(zaaktypen or catalogus)
    bron = _rsin(config, "bronorganisatie", verplicht=kan_starten)
    verantwoordelijk = _rsin(config, "verantwoordelijke_organisatie", verplicht=False) or bron
    voorvoegsel = config.get("zaaknummer_voorvoegsel", STANDAARD_VOORVOEGSEL)
    if not isinstance(voorvoegsel, str) or not _VOORVOEGSEL.fullmatch(voorvoegsel):
        raise ValueError("De instelling zaaknummer_voorvoegsel moet 1 tot 10 letters zijn, "
                         'zoals "KCC".')
    kvk_in_rol = config.get("kvk_nummer_in_rol", False)
    if not isinstance(kvk_in_rol, bool):
        raise ValueError("De instelling kvk_nummer_in_rol moet true of false zijn: true "
                         "alleen als het zaaksysteem een KvK-nummer in een rol bewaart en "
                         "erop zoekt (Open Zaak 1.30 doet dat).")
    return Instellingen(zaken_url, catalogi_url, client_id, float(timeout), catalogus,
                        zaaktypen, bron, verantwoordelijk, voorvoegsel.upper(), kvk_in_rol)


def _rsin(config: Mapping[str, Any], sleutel: str, *, verplicht: bool) -> str:
    if sleutel not in config:
        if verplicht:
            raise ValueError(f"De instelling {sleutel} ontbreekt: het RSIN van de gemeente, "
                             "nodig om zaken te starten.")
        return ""
    waarde = config[sleutel]
    if not isinstance(waarde, str) or not is_rsin(waarde):
        raise ValueError(f"De instelling {sleutel} moet een RSIN zijn: 9 cijfers die de "
                         "elfproef doorstaan.")
    return waarde


