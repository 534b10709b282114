"""The audit log's hash chain: each row's hash covers the previous row's hash and its own
content, so a row changed or removed in the middle breaks the chain from there on.

A chain starts from a random start value kept in its first row (``vorige``): the hashes
that go to a team database then reveal nothing of the rows, not even by guessing a BSN.
Rows are numbered 1, 2, 3 ... (``volgnummer``, the audit table's id); a gap is a break.
What a chain alone cannot show: rows cut off at the end, or a chain rebuilt whole by
someone holding the store's key. That takes a copy of the head elsewhere (the team database).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Auditrecord:
    """One audit row as the chain sees it (from the store, or from the sealed file)."""

    volgnummer: int
    tijdstip: datetime
    medewerker: str
    klant_soort: str
    klant_nummer: str
    doel: str
    bron: str
    handeling: str
    keten: str | None = None
    vorige: str | None = None
    hash: str | None = None


def beginwaarde() -> str:
    """The random start of a new chain."""
    return secrets.token_hex(32)


def nieuwe_keten() -> str:
    return uuid.uuid4().hex


def werkplek_id(profiel: str, medewerker: str) -> str:
    """Which workstation and user a chain belongs to, as the team database knows it."""
    return f"{profiel}@{socket.gethostname()}/{medewerker}"[:200]


def inhoud(r: Auditrecord) -> str:
    """The row's canonical content: every column but the chain's own hashes."""
    tijd = r.tijdstip.astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps([r.volgnummer, tijd, r.medewerker, r.klant_soort, r.klant_nummer, r.doel,
                       r.bron, r.handeling, r.keten], ensure_ascii=False,
                      separators=(",", ":"))


def schakel(vorige: str, r: Auditrecord) -> str:
    """SHA-256 over the previous hash (or the start value) and the row's content."""
    return hashlib.sha256(f"{vorige}\n{inhoud(r)}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Breuk:
    volgnummer: int
    reden: str
    """Dutch, for the beheerder; never the row's content (it may hold a BSN)."""


@dataclass(slots=True)
class Ketenrapport:
    """What a check of one log found: its rows, its head, and every break, first first."""

    regels: int = 0
    keten: str | None = None
    kop: tuple[int, str] | None = None
    """(volgnummer, hash) of the last hashed row."""
    hashes: dict[int, str] = field(default_factory=dict)
    zonder_hash: int = 0
    """Rows written before the chain existed, carried over without a hash."""
    breuken: list[Breuk] = field(default_factory=list)

    @property
    def heel(self) -> bool:
        return not self.breuken


def controleer(regels: Iterable[Auditrecord]) -> Ketenrapport:
    """Check rows in their order: numbered from 1 without gaps, each hash right, each row
    chained to the one before it, one chain. Rows without a hash are allowed only before
    the first hashed one (carried over from a store older than the chain)."""
    rapport = Ketenrapport()
    verwacht = 1
    vorige: str | None = None
    for r in regels:
        rapport.regels += 1
        breuk = _breuk(r, verwacht, vorige, rapport)
        if breuk is not None:
            rapport.breuken.append(Breuk(r.volgnummer, breuk))
        verwacht = r.volgnummer + 1
        if r.hash is None:
            rapport.zonder_hash += 1
            continue
        if rapport.keten is None:
            rapport.keten = r.keten
        vorige = r.hash
        rapport.kop = (r.volgnummer, r.hash)
        rapport.hashes[r.volgnummer] = r.hash
    return rapport


def _breuk(r: Auditrecord, verwacht: int, vorige: str | None, rapport: Ketenrapport
           ) -> str | None:
    if r.volgnummer > verwacht:
        return (f"de regel{'s' if r.volgnummer - verwacht > 1 else ''} "
                f"{_reeks(verwacht, r.volgnummer - 1)} ervoor "
                f"{'ontbreken' if r.volgnummer - verwacht > 1 else 'ontbreekt'} (verwijderd)")
    if r.volgnummer < verwacht:
        return f"het volgnummer komt na {verwacht - 1} (regels zijn verschoven of dubbel)"
    if r.hash is None:
        return "de regel heeft geen hash" if rapport.kop is not None else None
    if r.vorige is None or schakel(r.vorige, r) != r.hash:
        return "de inhoud klopt niet met de hash (de regel is gewijzigd)"
    if rapport.keten is not None and r.keten != rapport.keten:
        return "hier begint een andere keten (de regels ervoor horen er niet bij)"
    if vorige is not None and r.vorige != vorige:
        return "de regel sluit niet aan op de regel ervoor (een regel is gewijzigd of vervangen)"
    return None


def _reeks(van: int, tot: int) -> str:
    return str(van) if van == tot else f"{van}–{tot}"


def als_json(r: Auditrecord) -> str:
    """One record as JSON (for the sealed file)."""
    return json.dumps({"volgnummer": r.volgnummer, "tijdstip": r.tijdstip.astimezone(UTC)
                       .isoformat(timespec="microseconds"), "medewerker": r.medewerker,
                       "klant_soort": r.klant_soort, "klant_nummer": r.klant_nummer,
                       "doel": r.doel, "bron": r.bron, "handeling": r.handeling,
                       "keten": r.keten, "vorige": r.vorige, "hash": r.hash},
                      ensure_ascii=False, separators=(",", ":"))


def uit_json(tekst: str) -> Auditrecord:
    d = json.loads(tekst)
    return Auditrecord(int(d["volgnummer"]), datetime.fromisoformat(d["tijdstip"]),
                       str(d["medewerker"]), str(d["klant_soort"]), str(d["klant_nummer"]),
                       str(d["doel"]), str(d["bron"]), str(d["handeling"]), d.get("keten"),
                       d.get("vorige"), d.get("hash"))
