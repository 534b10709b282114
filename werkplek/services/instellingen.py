"""Per-user settings of the window (dock layout), kept in the local store."""

from __future__ import annotations

from werkplek.services.werker import StoreWerker
from werkplek.store.repositories import Instellingen


class IndelingService:
    """Saves and restores the dock layout per agent and profile."""

    def __init__(self, werker: StoreWerker, gebruiker: str, profiel: str) -> None:
        self._instellingen = Instellingen(werker.store)
        self._sleutel = f"venster.indeling/{profiel}/{gebruiker}"

    def lees(self) -> str | None:
        return self._instellingen.lees(self._sleutel)

    def bewaar(self, waarde: str) -> None:
        self._instellingen.schrijf(self._sleutel, waarde)

    def wis(self) -> None:
        self._instellingen.wis(self._sleutel)
