"""Beheer without a window: the audit export and its check for the privacy officer, plugin
secrets.

The export opens a profile's encrypted store as the application does (its key from the OS
keyring) but never makes, moves or rebuilds one: it reads what is there or says why not.
It is the one place where a BSN is written out on purpose; no log line carries one.
"""

from __future__ import annotations

import csv
import heapq
import logging
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TextIO

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from keyring.errors import KeyringError, PasswordDeleteError
from sqlalchemy.exc import DBAPIError

from werkplek.domain.model import TIJDZONE, KlantSoort
from werkplek.ports import BronFout, Capability
from werkplek.services import auditkop, sleutelbos
from werkplek.services.opslag import SLEUTELNAAM, dienst, opslagpad
from werkplek.services.plugins import KeyringGeheimen, PluginHost
from werkplek.services.profiel import Profiel, geheime_instellingen
from werkplek.store import auditbestand, auditketen
from werkplek.store.auditketen import Auditrecord, Ketenrapport, werkplek_id
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


def exporteer_audit(store: Store | None, sinds: date, uit: TextIO,
                    uit_bestand: Iterable[Auditrecord] = ()) -> int:
    """Write every view of a person from ``sinds`` (00:00 Amsterdam time) on as CSV: the
    store's rows and those opened from the sealed audit file, oldest first.

    Times are ISO 8601 in Amsterdam time with their offset. Returns the number of rows.
    """
    grens = datetime.combine(sinds, time(), TIJDZONE)
    uit_opslag = ((r.tijdstip, r.medewerker, r.klant_nummer, r.handeling, r.doel, r.bron)
                  for r in (AuditLog(store).sinds(grens, KlantSoort.PERSOON)
                            if store is not None else ()))
    bestand = sorted(((r.tijdstip, r.medewerker, r.klant_nummer, r.handeling, r.doel, r.bron)
                      for r in uit_bestand
                      if r.tijdstip >= grens and r.klant_soort == KlantSoort.PERSOON.value),
                     key=lambda rij: rij[0])
    schrijver = csv.writer(uit)
    schrijver.writerow(KOLOMMEN)
    n = 0
    # The store's rows stream in time order; the file's (few) rows are merged in.
    for tijdstip, *rest in heapq.merge(uit_opslag, bestand, key=lambda rij: rij[0]):
        schrijver.writerow((tijdstip.astimezone(TIJDZONE).isoformat(timespec="seconds"), *rest))
        n += 1
    log.info("Auditlogboek geëxporteerd: %d regels vanaf %s", n, sinds.isoformat())
    return n


def lees_privesleutel(pad: Path) -> X25519PrivateKey:
    try:
        return auditbestand.lees_prive_sleutel(pad)
    except auditbestand.SleutelFout as e:
        raise BeheerFout(f"--private-key: {e}.", exitcode=2) from None


def lees_auditbestand(profiel: str, data_dir: Path, prive: X25519PrivateKey | None
                      ) -> auditbestand.Gelezen | None:
    """The sealed audit file of the profile opened with the private key; None when there is
    no such file. Without the key while a file exists: BeheerFout naming the file."""
    pad = auditbestand.auditbestandpad(data_dir, profiel)
    if not pad.is_file():
        return None
    if prive is None:
        raise BeheerFout(f"Deze werkplek schreef auditregels versleuteld in {pad} (zonder "
                         "sleutelbos): alleen de privacy officer kan ze lezen; geef de "
                         "privésleutel met --private-key BESTAND.")
    return auditbestand.lees(pad, prive)


def maak_sleutelpaar(pad: Path) -> str:
    """Write a new private key to ``pad`` (0600, never over an existing file); returns the
    public key for ``[audit] publieke_sleutel``."""
    prive, publiek = auditbestand.maak_sleutelpaar()
    try:
        fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BeheerFout(f"{pad} bestaat al; kies een nieuw bestand (een bestaande "
                         "privésleutel wordt nooit overschreven).", exitcode=2) from None
    except OSError as e:
        raise BeheerFout(f"Kan {pad} niet schrijven ({e.strerror}).") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(prive)
    log.info("Nieuw sleutelpaar voor het auditbestand gemaakt; privésleutel in %s", pad)
    return publiek


# -- werkplek audit controleer ----------------------------------------------------------------

@dataclass(slots=True)
class Controle:
    """The outcome of ``werkplek audit controleer``: lines for the beheerder, and breaks."""

    regels: list[str] = field(default_factory=list)
    breuken: list[tuple[int, str]] = field(default_factory=list)
    """(row number, Dutch reason); never a row's content."""

    @property
    def heel(self) -> bool:
        return not self.breuken

    def eerste(self) -> tuple[int, str] | None:
        """The break at the lowest row number."""
        return min(self.breuken, key=lambda b: b[0]) if self.breuken else None


def controleer_opslag(store: Store, profiel: str, controle: Controle) -> Ketenrapport:
    """Check the chain of the store's audit log, and its last row against the head in the
    keyring; every break goes into ``controle``."""
    auditlog = AuditLog(store)
    rapport = auditketen.controleer(auditlog.records())
    kop = auditkop.lees_kop(profiel, store.pad) if store.pad is not None else None
    if kop is None:
        controle.regels.append("Geen kop van de keten in de sleutelbos (nog geen inzage door "
                               "werkplek zelf vastgelegd, of de sleutelbos is niet te lezen).")
    else:
        controle.regels.append(f"Kop van de keten in de sleutelbos: regel {kop.volgnummer}.")
        if reden := auditkop.breuk(auditlog, kop, rapport.kop[0] if rapport.kop else 0):
            controle.breuken.append((kop.volgnummer, reden))
    voor = auditlog.voor_keten()
    tekst = f"Lokale opslag: {rapport.regels} auditregels"
    if rapport.kop is not None:
        tekst += f" (keten {rapport.keten}, tot regel {rapport.kop[0]})"
    controle.regels.append(tekst + ".")
    if voor:
        controle.regels.append(f"  De regels 1–{voor} bestonden al vóór de hashketen; ze zijn "
                               "bij de overgang (opslagversie 0005) geketend: de keten staat "
                               "pas vanaf toen voor ze in.")
    if rapport.zonder_hash:
        controle.regels.append(f"  {rapport.zonder_hash} regels zonder hash, overgenomen uit "
                               "een opslag van vóór de hashketen.")
    controle.breuken += [(b.volgnummer, b.reden) for b in rapport.breuken]
    return rapport


def controleer_bestand(gelezen: auditbestand.Gelezen, pad: Path, controle: Controle) -> None:
    r = gelezen.rapport
    controle.regels.append(f"Auditbestand {pad}: {r.regels} auditregels"
                           + (f" (tot regel {r.kop[0]})." if r.kop else "."))
    controle.breuken += [(b.volgnummer, f"in het auditbestand: {b.reden}") for b in r.breuken]


async def vergelijk_met_archief(profiel: Profiel, data_dir: Path, rapport: Ketenrapport,
                                controle: Controle) -> None:
    """Compare the local chain with the team's audit archive ([capabilities] audit): every
    link there must be here with the same hash, and no other chain of this workstation may
    be there. Without an archive the beheerder is told what cannot be checked."""
    host = PluginHost.start(profiel, profiel.medewerker, data_dir)
    try:
        bronnen = host.bronnen(Capability.AUDIT)
        if not bronnen:
            controle.regels.append(
                "Geen auditarchief in dit profiel ([capabilities] audit): afgeknipte laatste "
                "regels en een keten die iemand met de sleutel helemaal opnieuw opbouwde, "
                "zijn op deze werkplek alleen niet te zien.")
            return
        bron = bronnen[0]
        werkplek = werkplek_id(profiel.naam, profiel.medewerker.gebruikersnaam)
        ketens = await host.roep_een(bron, Capability.AUDIT, lambda p: p.audit_ketens(werkplek))
        if not ketens.ok or ketens.waarde is None:
            raise BeheerFout(f"Het auditarchief ({bron.naam}) is niet te lezen: "
                             f"{ketens.melding} De keten is daarom niet vergeleken.")
        for kop in ketens.waarde:
            if kop.keten != rapport.keten:
                controle.breuken.append((kop.volgnummer, (
                    f"het auditarchief kent keten {kop.keten} van deze werkplek ({kop.aantal} "
                    f"regels, tot regel {kop.volgnummer}) die in de lokale opslag ontbreekt "
                    "(de opslag is vervangen of de keten opnieuw opgebouwd)")))
        in_archief = 0
        eigen = rapport.keten
        if eigen is not None and any(k.keten == eigen for k in ketens.waarde):
            schakels = await host.roep_een(bron, Capability.AUDIT,
                                           lambda p: p.audit_schakels(eigen))
            if not schakels.ok or schakels.waarde is None:
                raise BeheerFout(f"Het auditarchief ({bron.naam}) is niet te lezen: "
                                 f"{schakels.melding} De keten is daarom niet vergeleken.")
            in_archief = len(schakels.waarde)
            for sch in schakels.waarde:
                lokaal = rapport.hashes.get(sch.volgnummer)
                if lokaal is None:
                    controle.breuken.append((sch.volgnummer, (
                        "staat in het auditarchief maar ontbreekt in de lokale opslag "
                        "(verwijderd of afgeknipt)")))
                elif lokaal != sch.hash:
                    controle.breuken.append((sch.volgnummer, (
                        "wijkt af van het auditarchief (de keten is herschreven)")))
        controle.regels.append(
            f"Auditarchief {bron.naam}: {in_archief} regels van deze keten; "
            f"{max(0, len(rapport.hashes) - in_archief)} lokale regels nog niet in het archief "
            "(die staan nog in de wachtrij naar het archief).")
    finally:
        await host.aclose()


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
