"""The embedded backoffice on a real PostgreSQL server on loopback: profiles and look-ups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from werkplek.app import Werkplek, bouw
from werkplek.domain.model import Afhandeling, Contactmoment, Kanaal, KlantRef, nu
from werkplek.services.dossier import DossierService
from werkplek.services.profiel import lees_profiel


def profiel_toml(url: str, *, demo: bool, timeout: float = 2.0) -> str:
    """A counter at the Stadskantoor whose every source is the embedded plugin on ``url``."""
    caps = "\n".join(f'{c} = ["ingebouwd"]' for c in (
        "personen", "bedrijven", "zaken", "klantcontacten", "kennis", "agenda"))
    return f"""
[profiel]
naam = "balie"
gemeente = "Gemeente Demodam"
locatie = "Stadskantoor"

[medewerker]
rol = "balie"

[offline]
voorbereiden_bij_start = false

[plugins.ingebouwd]
plugin = "werkplek_embedded"
demo = {str(demo).lower()}
url = "{url}"
timeout_seconden = {timeout}

[capabilities]
{caps}
"""


def schrijf_profiel(map_: Path, url: str, *, demo: bool) -> Path:
    pad = map_ / "balie.toml"
    pad.write_text(profiel_toml(url, demo=demo), encoding="utf-8")
    return pad


def balie(map_: Path, url: str, *, demo: bool = True) -> Werkplek:
    """A counter workstation on the backoffice at ``url``, its user data under ``map_``."""
    return bouw(lees_profiel(schrijf_profiel(map_, url, demo=demo), os_gebruiker="agent"),
                map_ / "data")


def vraag(url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows from the backoffice's own database, as its beheerder would query them."""
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return list(conn.execute(sql, params or None).fetchall())


def contacten(dossier: DossierService, klanten: list[KlantRef], aantal: int
              ) -> list[Contactmoment]:
    """``aantal`` contacts, spread over the customers in turn, each with its own number."""
    return [dossier.maak_contactmoment(
        klant=klanten[i % len(klanten)], kanaal=Kanaal.BALIE, onderwerp="Paspoort",
        vraag=f"Vraag {i:04d}", antwoord="Uitgelegd", afhandeling=Afhandeling.IN_EEN_KEER,
        zaken=(), begin=nu()) for i in range(aantal)]
