"""Beheer without a window: the audit export for the privacy officer, plugin secrets.

The export opens a profile's encrypted store as the application does (its key from the OS
keyring) but never makes, moves or rebuilds one: it reads what is there or says why not.
It is the one place where a BSN is written out on purpose; no log line carries one.
"""

from __future__ import annotations

import csv
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import TextIO

from keyring.errors import KeyringError, PasswordDeleteError
from sqlalchemy.exc import DBAPIError

from werkplek.domain.model import TIJDZONE, KlantSoort
from werkplek.ports import BronFout
from werkplek.services import sleutelbos
from werkplek.services.opslag import SLEUTELNAAM, dienst, opslagpad
from werkplek.services.plugins import KeyringGeheimen
from werkplek.services.profiel import Profiel, geheime_instellingen
from werkplek.store.database import OpslagBeschadigd, Store
from werkplek.store.repositories import AuditLog

log = logging.getLogger(__name__)

KOLOMMEN = ("tijdstip", "medewerker", "bsn", "handeling", "doel", "bron")
"""The columns of the audit export, in this order, as its header row."""

_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")
_GEHEIMNAAM = re.compile(r"[A-Za-z0-9_.-]{1,100}")


class BeheerFout(Exception):
    """What stops a beheer command, in Dutch; ``exitcode`` 2 for wrong input, else 1."""

    def __init__(self, bericht: str, exitcode: int = 1) -> None:
        super().__init__(bericht)
        self.exitcode = exitcode


def lees_datum(tekst: str, optie: str = "--since") -> date:
    """A date written JJJJ-MM-DD; anything else is refused with exit code 2."""
    try:
        if _DATUM.fullmatch(tekst):
            return date.fromisoformat(tekst)
    except ValueError:
        pass
    raise BeheerFout(f"{optie} {tekst!r} is geen geldige datum; schrijf JJJJ-MM-DD, "
                     "bijvoorbeeld 2025-01-31.", exitcode=2)


# -- the audit export -------------------------------------------------------------------------

def open_bestaande_opslag(profiel: str, data_dir: Path) -> Store:
    """The profile's store, opened with its key from the keyring; BeheerFout says why not."""
    pad = opslagpad(data_dir, profiel)
    if not pad.is_file():
        raise BeheerFout(f"Er is geen lokale opslag van profiel {profiel!r}: {pad} bestaat "
                         "niet. Is werkplek met dit profiel op deze computer en voor deze "
                         "gebruiker gestart?")
    try:
        sleutel = sleutelbos.lees(dienst(profiel), SLEUTELNAAM)
    except KeyringError as e:
        raise BeheerFout(f"{sleutelbos.uitleg(e)} De opslag {pad} kan zonder sleutel niet "
                         "worden geopend.") from None
    if sleutel is None:
        raise BeheerFout(f"De sleutel van de opslag {pad} ontbreekt in de sleutelbos (dienst "
                         f"{dienst(profiel)}, gebruiker {SLEUTELNAAM}); zonder sleutel is het "
                         "bestand onleesbaar.")
    try:
        return Store(pad, sleutel)
    except ValueError:
        raise BeheerFout(f"De sleutel in de sleutelbos (dienst {dienst(profiel)}, gebruiker "
                         f"{SLEUTELNAAM}) is geen sleutel van een werkplek-opslag.") from None
    except OpslagBeschadigd as e:
        raise BeheerFout(f"De opslag {pad} is niet te openen: {e}.") from None
    except DBAPIError as e:
        reden = str(e.orig).splitlines()[0] if e.orig is not None else type(e).__name__
        raise BeheerFout(f"De opslag {pad} is niet te openen: {reden}.") from None


def exporteer_audit(store: Store, sinds: date, uit: TextIO) -> int:
    """Write every view of a person from ``sinds`` (00:00 Amsterdam time) on as CSV.

    Times are ISO 8601 in Amsterdam time with their offset. Returns the number of rows.
    """
    grens = datetime.combine(sinds, time(), TIJDZONE)
    schrijver = csv.writer(uit)
    schrijver.writerow(KOLOMMEN)
    n = 0
    for r in AuditLog(store).sinds(grens, KlantSoort.PERSOON):
        schrijver.writerow((r.tijdstip.astimezone(TIJDZONE).isoformat(timespec="seconds"),
                            r.medewerker, r.klant_nummer, r.handeling, r.doel, r.bron))
        n += 1
    log.info("Auditlogboek geëxporteerd: %d regels vanaf %s", n, sinds.isoformat())
    return n


@contextmanager
def uitvoerbestand(pad: Path) -> Iterator[TextIO]:
    """A new file only its owner can read (it holds BSNs); removed again when writing fails."""
    try:
        fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as e:
        raise BeheerFout(f"Kan {pad} niet schrijven ({e.strerror}).") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
    except BaseException:
        pad.unlink(missing_ok=True)
        raise


# -- plugin secrets in the keyring ------------------------------------------------------------

def plek_van_geheim(profiel: Profiel, plugin: str, naam: str) -> tuple[str, str]:
    """Keyring service and user of a plugin's secret: where KeyringGeheimen reads it."""
    if plugin not in profiel.plugins:
        bekend = ", ".join(sorted(profiel.plugins)) or "geen"
        raise BeheerFout(f"Profiel {profiel.naam!r} ({profiel.bestand}) heeft geen plugin "
                         f"{plugin!r}; de plugins van dit profiel: {bekend}.", exitcode=2)
    if not _GEHEIMNAAM.fullmatch(naam):
        raise BeheerFout(f"{naam!r} is geen bruikbare naam voor een geheim: gebruik letters, "
                         "cijfers, '.', '-' en '_'.", exitcode=2)
    gebruiker = f"{plugin}.{naam}"
    if gebruiker == SLEUTELNAAM:
        raise BeheerFout(f"{gebruiker} is de sleutel van de lokale opslag, geen geheim van een "
                         "plugin; die wordt niet met deze opdracht gezet.", exitcode=2)
    return dienst(profiel.naam), gebruiker


def zet_geheim(profiel: Profiel, plugin: str, naam: str, waarde: str) -> str:
    """Store a plugin secret in the keyring, checked by reading it back as the plugin will.

    Returns where it is (service and user), for the confirmation; never the value.
    """
    plek_dienst, gebruiker = plek_van_geheim(profiel, plugin, naam)
    if not waarde:
        raise BeheerFout("Het geheim is leeg; er is niets opgeslagen.", exitcode=2)
    try:
        sleutelbos.schrijf(plek_dienst, gebruiker, waarde)
        terug = KeyringGeheimen(profiel.naam, plugin).geheim(naam)
    except KeyringError as e:
        raise BeheerFout(f"{sleutelbos.uitleg(e)} Het geheim is niet opgeslagen.") from None
    except BronFout as e:
        raise BeheerFout(f"{e} Het geheim is niet opgeslagen.") from None
    if terug != waarde:
        raise BeheerFout("De sleutelbos (keyring) bewaart het geheim niet; vraag de beheerder "
                         "van deze computer de sleutelbos in te richten.")
    log.info("Geheim %s van plugin %s (profiel %s) gezet in de sleutelbos", naam, plugin,
             profiel.naam)
    return f"dienst {plek_dienst}, gebruiker {gebruiker}"


def wis_geheim(profiel: Profiel, plugin: str, naam: str) -> str:
    """Remove a plugin secret from the keyring; returns where it was."""
    plek_dienst, gebruiker = plek_van_geheim(profiel, plugin, naam)
    try:
        sleutelbos.wis(plek_dienst, gebruiker)
    except PasswordDeleteError:
        raise BeheerFout(f"Er staat geen geheim {naam!r} van plugin {plugin} in de sleutelbos "
                         f"(dienst {plek_dienst}, gebruiker {gebruiker}).") from None
    except KeyringError as e:
        raise BeheerFout(f"{sleutelbos.uitleg(e)} Er is niets gewist.") from None
    log.info("Geheim %s van plugin %s (profiel %s) gewist uit de sleutelbos", naam, plugin,
             profiel.naam)
    return f"dienst {plek_dienst}, gebruiker {gebruiker}"


def nog_in_profiel(profiel: Profiel, plugin: str, naam: str) -> str | None:
    """The setting's path when the profile file still holds this secret, else None."""
    config = profiel.plugins[plugin].config
    return next((waar for waar, sleutel in geheime_instellingen(config) if sleutel == naam), None)
