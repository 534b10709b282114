"""Opening the local store: its key from the OS keyring, the checks at start, and salvage.

The key is made at first start and kept only in an accepted keyring (werkplek.services.
sleutelbos). Without one the store lives in memory: nothing of a customer is cached on
disk, never a plaintext fallback. A store that fails its check is moved aside and rebuilt;
every row that still reads is copied into the new one before anything else starts, and
what could not be read is kept on record in the new store until a beheerder acknowledges it.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from keyring.errors import KeyringError
from sqlalchemy.exc import DBAPIError

from werkplek.domain.model import nu
from werkplek.services import sleutelbos
from werkplek.store.berging import Berging, NietTeBergen, berg
from werkplek.store.database import OpslagBeschadigd, Store, verplaats_opzij
from werkplek.store.repositories import Instellingen

log = logging.getLogger(__name__)
SLEUTELNAAM = "opslag.sleutel"
VERLIESSLEUTEL = "opslag.onverantwoord"
"""Setting that keeps what a salvage could not read, until ``werkplek sync --verlies-erkend``."""
MAX_DETAILREGELS = 200


def dienst(profiel: str) -> str:
    """The keyring service werkplek keeps a profile's secrets under."""
    return f"werkplek/{profiel}"


@dataclass(frozen=True, slots=True)
class Opslagmelding:
    tekst: str
    """One Dutch sentence for the agent's banner."""
    ernstig: bool = False
    """An error the agent and the beheerder must see, not only a notice."""
    details: str = ""
    """For the beheerder, behind the banner's "Details" button (and in the log)."""
    hersteld: int | None = None
    """Writes salvaged from a damaged store at this start, when there was a salvage."""
    test: bool = False
    """The notice that the tests' own keyring is in use."""


@dataclass(frozen=True, slots=True)
class Verlies:
    """What salvages could not account for, kept in the new store until acknowledged."""

    hersteld: int = 0
    onleesbaar: int = 0
    """Writes (contacts, appointments; parked ones too) that could not be read back."""
    ids: tuple[str, ...] = ()
    """Their ids, where an index still gave them."""
    audit: int = 0
    """Audit rows that could not be read back."""
    onbekend: bool = False
    """The store could not be read at all (key, or nothing readable): the number is unknown."""
    bestanden: tuple[str, ...] = ()
    sinds: str = ""

    @property
    def iets(self) -> bool:
        return bool(self.onleesbaar or self.audit or self.onbekend)

    def samen(self, ander: Verlies) -> Verlies:
        return Verlies(self.hersteld + ander.hersteld, self.onleesbaar + ander.onleesbaar,
                       self.ids + ander.ids, self.audit + ander.audit,
                       self.onbekend or ander.onbekend, self.bestanden + ander.bestanden,
                       min(filter(None, (self.sinds, ander.sinds)), default=""))

    def als_json(self) -> str:
        return json.dumps({"hersteld": self.hersteld, "onleesbaar": self.onleesbaar,
                           "ids": list(self.ids), "audit": self.audit,
                           "onbekend": self.onbekend, "bestanden": list(self.bestanden),
                           "sinds": self.sinds}, ensure_ascii=False)

    @classmethod
    def uit_json(cls, tekst: str) -> Verlies:
        d = json.loads(tekst)
        return cls(int(d.get("hersteld", 0)), int(d.get("onleesbaar", 0)),
                   tuple(str(i) for i in d.get("ids", ())), int(d.get("audit", 0)),
                   bool(d.get("onbekend", False)), tuple(d.get("bestanden", ())),
                   str(d.get("sinds", "")))


@dataclass(slots=True)
class GeopendeOpslag:
    store: Store
    meldingen: list[Opslagmelding] = field(default_factory=list)


def opslagpad(data_dir: Path, profiel: str) -> Path:
    return data_dir / f"werkplek-{profiel}.db"


def lees_verlies(store: Store) -> Verlies | None:
    """What earlier salvages could not read, when a beheerder has not yet acknowledged it."""
    if not store.versleuteld:
        return None
    tekst = Instellingen(store).lees(VERLIESSLEUTEL)
    return Verlies.uit_json(tekst) if tekst else None


def erken_verlies(store: Store, door: str) -> Verlies | None:
    """A beheerder acknowledges the loss: the record goes, the log keeps who and what."""
    verlies = lees_verlies(store)
    if verlies is not None:
        Instellingen(store).wis(VERLIESSLEUTEL)
        log.warning("Verlies uit beschadigde opslag erkend door %s: %d berichten, %d "
                    "auditregels%s", door, verlies.onleesbaar, verlies.audit,
                    ", aantal onbekend" if verlies.onbekend else "")
    return verlies


def _bewaar_verlies(store: Store, nieuw: Verlies) -> None:
    vorig = lees_verlies(store)
    Instellingen(store).schrijf(VERLIESSLEUTEL, (vorig.samen(nieuw) if vorig else nieuw)
                                .als_json())


def open_opslag(profiel: str, data_dir: Path) -> GeopendeOpslag:
    pad = opslagpad(data_dir, profiel)
    meldingen: list[Opslagmelding] = []
    sleutel_verloren = False
    try:
        sleutel = sleutelbos.lees(dienst(profiel), SLEUTELNAAM)
        bestond = sleutel is not None
        if sleutel is None:
            sleutel_verloren = pad.exists()  # the file is there but its key is gone
            sleutel = secrets.token_hex(32)
            sleutelbos.schrijf(dienst(profiel), SLEUTELNAAM, sleutel)
            if sleutelbos.lees(dienst(profiel), SLEUTELNAAM) != sleutel:
                raise KeyringError("de sleutelbos bewaart de sleutel niet")
    except KeyringError as e:
        log.error("Geen bruikbare sleutelbos: lokale opslag alleen in het geheugen: %s",
                  sleutelbos.uitleg(e))
        return GeopendeOpslag(Store(None), [Opslagmelding(
            f"{sleutelbos.uitleg(e)} Werkplek bewaart daarom niets van klanten op deze "
            "computer (geen offline werken, geen wachtrij; een contact dat niet verzonden kan "
            "worden blijft in het formulier staan): vraag de beheerder een bruikbare "
            "sleutelbos in te richten.", ernstig=True)])
    if sleutelbos.is_testsleutelbos():
        meldingen.append(Opslagmelding(
            f"Testsleutelbos in gebruik ({sleutelbos.TESTSCHAKELAAR}): deze werkplek draait "
            "als test en hoort zo nooit aan een balie.", test=True))
    stempel = nu().strftime("%Y%m%d-%H%M%S")
    if sleutel_verloren:
        opzij = verplaats_opzij(pad, stempel)
        store = Store(pad, sleutel)
        meldingen.append(_verloren(store, opzij, "de sleutel ontbreekt in de sleutelbos", ()))
        return GeopendeOpslag(store, meldingen)
    try:
        if bestond and pad.exists() and pad.stat().st_size == 0:
            raise OpslagBeschadigd("het bestand is afgekapt tot 0 bytes")
        return GeopendeOpslag(Store(pad, sleutel), meldingen)
    except OpslagBeschadigd as e:
        fout = e
    log.error("Lokale opslag %s: %s; wordt opzij gezet en opnieuw opgebouwd. SQLite meldde:\n%s",
              pad.name, fout.reden, "\n".join(fout.details[:MAX_DETAILREGELS]))
    opzij = verplaats_opzij(pad, stempel)
    store = Store(pad, sleutel)
    if fout.sleutelprobleem:
        meldingen.append(_verloren(store, opzij, fout.reden, fout.details))
        return GeopendeOpslag(store, meldingen)
    try:
        berging = berg(opzij, sleutel, store)
    except (NietTeBergen, DBAPIError, OSError) as b:
        log.error("Niets te bergen uit %s: %s", opzij.name, b)
        meldingen.append(_verloren(store, opzij, fout.reden, (*fout.details, str(b))))
        return GeopendeOpslag(store, meldingen)
    meldingen.append(_geborgen(store, opzij, fout, berging))
    return GeopendeOpslag(store, meldingen)


def _meervoud(n: int, een: str, meer: str) -> str:
    return f"{n} {een if n == 1 else meer}"


def _geborgen(store: Store, opzij: Path, fout: OpslagBeschadigd, berging: Berging
              ) -> Opslagmelding:
    """Count what came back and what did not; keep the loss on record in the new store."""
    outbox, audit = berging.tabellen.get("outbox"), berging.tabellen.get("audit")
    hersteld = len(outbox.rijen) if outbox else 0
    onleesbaar = outbox.verloren if outbox else 0
    ids = tuple(i for i in (outbox.onleesbaar.values() if outbox else ()) if i)
    audit_weg = audit.verloren if audit else 0
    onbekend = any(t.onbekend for t in (outbox, audit) if t)
    verlies = Verlies(hersteld, onleesbaar, ids, audit_weg, onbekend, (str(opzij),),
                      nu().isoformat(timespec="seconds"))
    details = _details(opzij, fout.reden, fout.details, verlies)
    log.error("Berging uit %s: %d berichten hersteld, %d onleesbaar (ids: %s), %d auditregels "
              "onleesbaar", opzij.name, hersteld, onleesbaar, ", ".join(ids) or "—", audit_weg)
    if not verlies.iets:
        zijn = "bericht is" if hersteld == 1 else "berichten zijn"
        return Opslagmelding(
            f"De lokale opslag was beschadigd en is hersteld: {hersteld} nog niet verzonden "
            f"{zijn} teruggezet en worden gewoon verzonden.", details=details, hersteld=hersteld)
    _bewaar_verlies(store, verlies)
    delen = [_meervoud(onleesbaar, "bericht", "berichten")] if onleesbaar else []
    if outbox and outbox.onbekend:
        delen = [f"minstens {delen[0]} (mogelijk meer)" if delen
                 else "een onbekend aantal berichten"]
    if audit_weg:
        delen.append(_meervoud(audit_weg, "auditregel", "auditregels"))
    weg = " en ".join(delen)
    return Opslagmelding(
        f"De lokale opslag was beschadigd: {hersteld} nog niet verzonden "
        f"{'bericht is' if hersteld == 1 else 'berichten zijn'} hersteld, maar {weg} "
        f"{'kon' if onleesbaar + audit_weg == 1 else 'konden'} niet worden gelezen — meld dit "
        "bij de beheerder en registreer een contact dat u mist opnieuw (zie Details).",
        ernstig=True, details=details, hersteld=hersteld)


def _verloren(store: Store, opzij: Path, reden: str, diagnose: tuple[str, ...]
              ) -> Opslagmelding:
    """Loud: nothing could be read, so writes not yet sent may be lost; the beheerder must know."""
    verlies = Verlies(onbekend=True, bestanden=(str(opzij),),
                      sinds=nu().isoformat(timespec="seconds"))
    _bewaar_verlies(store, verlies)
    log.error("Lokale opslag onleesbaar (%s); nog niet verzonden berichten mogelijk verloren; "
              "het oude bestand staat in %s", reden, opzij)
    kort = reden.partition(" (")[0]
    return Opslagmelding(
        f"LET OP: de lokale opslag was niet te lezen ({kort}), dus contacten en "
        "afspraken die nog niet verzonden waren zijn mogelijk VERLOREN — controleer de laatste "
        "contacten in de contacthistorie en meld dit bij de beheerder (zie Details).",
        ernstig=True, details=_details(opzij, reden, diagnose, verlies))


def _details(opzij: Path, reden: str, diagnose: tuple[str, ...], verlies: Verlies) -> str:
    regels = [f"Reden: {reden}.", f"Het oude bestand staat in {opzij}."]
    if verlies.onbekend:
        regels.append("Hoeveel berichten nog niet verzonden waren, is niet precies te zeggen.")
    if verlies.hersteld or not verlies.onbekend:
        regels.append(f"Hersteld: {verlies.hersteld} berichten; niet te lezen: "
                      f"{verlies.onleesbaar} berichten, {verlies.audit} auditregels.")
    if verlies.ids:
        regels.append("Niet te lezen (id): " + ", ".join(verlies.ids))
    if verlies.iets:
        regels.append("Na controle erkent de beheerder het verlies met: "
                      "werkplek sync --verlies-erkend")
    if diagnose:
        regels += ["", "SQLite meldde:", *diagnose[:MAX_DETAILREGELS]]
    return "\n".join(regels)
