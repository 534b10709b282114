"""Opening the local store: its key from the OS keyring, the checks at start, and recovery.

The key is made at first start and kept only in the keyring. Without a usable keyring the
store lives in memory: nothing of a customer is cached on disk, never a plaintext fallback.
A store that fails its cipher or integrity check is moved aside and rebuilt; the writes it
still held are recovered, or their loss is reported loudly.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import keyring
from keyring.errors import KeyringError

from werkplek.domain.model import nu
from werkplek.store.database import OpslagBeschadigd, Store, verplaats_opzij
from werkplek.store.repositories import Outbox, lees_outbox_uit

log = logging.getLogger(__name__)
SLEUTELNAAM = "opslag.sleutel"


def dienst(profiel: str) -> str:
    """The keyring service werkplek keeps a profile's secrets under."""
    return f"werkplek/{profiel}"


@dataclass(frozen=True, slots=True)
class Opslagmelding:
    tekst: str
    ernstig: bool = False
    """An error the agent and the beheerder must see, not only a notice."""


@dataclass(slots=True)
class GeopendeOpslag:
    store: Store
    meldingen: list[Opslagmelding] = field(default_factory=list)


def opslagpad(data_dir: Path, profiel: str) -> Path:
    return data_dir / f"werkplek-{profiel}.db"


def open_opslag(profiel: str, data_dir: Path) -> GeopendeOpslag:
    pad = opslagpad(data_dir, profiel)
    meldingen: list[Opslagmelding] = []
    try:
        sleutel = keyring.get_password(dienst(profiel), SLEUTELNAAM)
        if sleutel is None:
            if pad.exists():  # the file is there but its key is gone: it cannot be read
                meldingen.append(_verloren(pad, "de sleutel ontbreekt in de sleutelbos"))
            sleutel = secrets.token_hex(32)
            keyring.set_password(dienst(profiel), SLEUTELNAAM, sleutel)
            if keyring.get_password(dienst(profiel), SLEUTELNAAM) != sleutel:
                raise KeyringError("de sleutelbos bewaart de sleutel niet")
    except KeyringError as e:
        log.error("Geen bruikbare sleutelbos (%s): lokale opslag alleen in het geheugen",
                  type(e).__name__)
        return GeopendeOpslag(Store(None), [Opslagmelding(
            "Er is geen bruikbare sleutelbos (keyring) op deze computer. Werkplek bewaart "
            "daarom niets van klanten op deze computer: geen offline werken en geen "
            "wachtrij. Een contact dat niet verzonden kan worden, blijft in het formulier "
            "staan. Vraag de beheerder de sleutelbos in te richten.", ernstig=True)])
    try:
        return GeopendeOpslag(Store(pad, sleutel), meldingen)
    except OpslagBeschadigd as e:
        reden = str(e)
    log.error("Lokale opslag beschadigd (%s); wordt opzij gezet en opnieuw opgebouwd", reden)
    opzij = verplaats_opzij(pad, nu().strftime("%Y%m%d-%H%M%S"))
    store = Store(pad, sleutel)
    try:
        hersteld = Outbox(store).herstel(lees_outbox_uit(opzij, sleutel))
    except Exception as fout:
        log.error("Wachtrij niet te herstellen uit %s: %s", opzij.name, type(fout).__name__)
        meldingen.append(_verloren(opzij, reden))
    else:
        meldingen.append(Opslagmelding(
            f"De lokale opslag was beschadigd ({reden}) en is opnieuw opgebouwd; "
            f"{hersteld} nog niet verzonden {'bericht is' if hersteld == 1 else 'berichten zijn'}"
            f" hersteld. Het oude bestand staat in {opzij}."))
    return GeopendeOpslag(store, meldingen)


def _verloren(pad: Path, reden: str) -> Opslagmelding:
    """Loud: writes that were not yet sent may be lost; the beheerder must know."""
    if pad.exists() and ".beschadigd-" not in pad.name:
        pad = verplaats_opzij(pad, nu().strftime("%Y%m%d-%H%M%S"))
    log.error("Lokale opslag onleesbaar (%s); nog niet verzonden berichten mogelijk verloren",
              reden)
    return Opslagmelding(
        f"LET OP: de lokale opslag was niet te lezen ({reden}). Contacten en afspraken die "
        "nog niet verzonden waren, zijn mogelijk VERLOREN. Controleer de laatste contacten "
        f"in de contacthistorie en meld dit bij de beheerder; het oude bestand staat in {pad}.",
        ernstig=True)
