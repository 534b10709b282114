"""Rows of the local store as the rest of werkplek sees them: plain values, no SQLAlchemy,
so the window can show them without loading the store's machinery first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

WACHTEND = "wachtend"
GEPARKEERD = "geparkeerd"
AANGEKOMEN = "aangekomen"
"""An outcome for ``Outbox.boek``: accepted by the source (with GEPARKEERD, and MISLUKT)."""
MISLUKT = "mislukt"


@dataclass(frozen=True, slots=True)
class Bericht:
    """One write in the outbox, as the sync worker and the agent see it."""

    volgnummer: int
    id: str
    soort: str
    bron: str
    klant: str
    omschrijving: str
    inhoud: str
    status: str
    pogingen: int
    laatste_fout: str
    aangemaakt: datetime


@dataclass(frozen=True, slots=True)
class Kennistreffer:
    """One line of the kennisbank's list: what it shows, never the article's body."""

    id: str
    titel: str
    onderwerp: str
    samenvatting: str
    bron: str
    fragment: str = ""
    """Where a search matched, a few words around it; empty in the plain list."""
