"""The audit chain's head kept beside the store, in the keyring: the number and hash of the
last row, so ``werkplek audit controleer`` sees rows cut off at the end even without a team
database. Whoever also rewrites this keyring entry is not caught by it (README).

After each write the head moves on, but only when the store still holds the row the head
named, with that hash: after tampering the old head stays, as evidence, and the log says so.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from keyring.errors import KeyringError

from werkplek.services import sleutelbos
from werkplek.services.opslag import dienst
from werkplek.store.repositories import AuditLog

log = logging.getLogger(__name__)
ZETTEN_NA = 1.0
"""Seconds at least between two writes of the head to the keyring. Each write is a D-Bus
round trip with encryption in Python, on the store's thread, beside every view; the head of
the rows written in between follows at most this much later, or at closing."""
KOPNAAM = "audit.kop"
"""Keyring user (service ``werkplek/<profiel>``) of the chain's head, followed by the store
it belongs to (``kopnaam``): a keyring that roams with the user (Windows) carries the head
of each computer's store apart."""


def kopnaam(opslag: Path) -> str:
    return f"{KOPNAAM}.{hashlib.sha256(str(opslag.resolve()).encode()).hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class Kop:
    keten: str
    volgnummer: int
    hash: str

    def als_tekst(self) -> str:
        return f"{self.keten}:{self.volgnummer}:{self.hash}"

    @classmethod
    def uit_tekst(cls, tekst: str) -> Kop | None:
        delen = tekst.split(":")
        if len(delen) != 3 or not delen[1].isdigit():
            return None
        return cls(delen[0], int(delen[1]), delen[2])


def lees_kop(profiel: str, opslag: Path) -> Kop | None:
    """The head of this store's chain in the keyring; None when there is none or the
    keyring cannot be read."""
    try:
        tekst = sleutelbos.lees(dienst(profiel), kopnaam(opslag))
    except KeyringError:
        return None
    return Kop.uit_tekst(tekst) if tekst else None


def breuk(audit: AuditLog, kop: Kop, laatste: int) -> str | None:
    """Why the store does not hold what the head names (``laatste``: its last row)."""
    if kop.volgnummer > laatste:
        return (f"de sleutelbos noemt regel {kop.volgnummer} als laatste, maar de opslag houdt "
                f"op bij regel {laatste}: de laatste regels zijn afgeknipt")
    if audit.schakel(kop.volgnummer) != (kop.keten, kop.hash):
        return ("de regel wijkt af van de kop van de keten in de sleutelbos (de keten is "
                "herschreven of vervangen)")
    return None


class Sleutelboskop:
    """Moves the head on after each write to the store's audit log (on the store's thread)."""

    def __init__(self, profiel: str, opslag: Path, audit: AuditLog) -> None:
        self._profiel = profiel
        self._opslag = opslag
        self._audit = audit
        self._gemeld = False
        self._gezet: Kop | None = None
        """The head this process last put in the keyring: the next write checks the store
        against it without asking the keyring again (one round trip per view, not two)."""
        self._gezet_om = 0.0
        self.uitgesteld: Kop | None = None
        """A newer head not yet in the keyring: ``bij`` puts it there, at most ZETTEN_NA
        seconds later (the caller sees to that), or at closing."""

    def na_schrijven(self, keten: str | None, geschreven: list[tuple[int, str]]) -> None:
        if not geschreven or keten is None:
            return
        kop = self._gezet or lees_kop(self._profiel, self._opslag)
        if kop is not None and (reden := breuk(self._audit, kop, geschreven[0][0] - 1)):
            if not self._gemeld:  # the old head stays: the check will name the break
                log.error("Auditlogboek: %s; de kop in de sleutelbos blijft staan", reden)
                self._gemeld = True
            return
        nieuw = Kop(keten, *geschreven[-1])
        if self._gezet is not None and time.monotonic() - self._gezet_om < ZETTEN_NA:
            self.uitgesteld = nieuw  # a burst of views: one keyring write for all of them
            return
        self._zet(nieuw)

    def bij(self) -> None:
        """Put a head that was put off into the keyring (on the store's thread)."""
        if self.uitgesteld is not None:
            self._zet(self.uitgesteld)

    def _zet(self, nieuw: Kop) -> None:
        self.uitgesteld = None
        try:
            sleutelbos.schrijf(dienst(self._profiel), kopnaam(self._opslag), nieuw.als_tekst())
            self._gezet = nieuw
            self._gezet_om = time.monotonic()
        except KeyringError as e:
            self._gezet = None
            log.warning("Kop van het auditlogboek niet in de sleutelbos gezet: %s",
                        sleutelbos.uitleg(e))
