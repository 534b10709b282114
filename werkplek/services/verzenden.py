"""The outbox and its sync worker: a write is first one local transaction, then sent.

Each write carries the id the workstation made for it, and every port's write is idempotent
on that id, so a re-send after a crash, kill or timeout stores nothing twice. Writes go out in
the order they were made; a source that cannot be reached holds back its own writes (so each
customer's stay in order) with exponential backoff and jitter, and the others go on. A write
the source refuses is parked with its reason for the agent to correct — never dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from werkplek.domain.agenda import Afspraak, Afspraakverzoek
from werkplek.domain.model import Contactmoment, KlantRef, nu
from werkplek.domain.wachtrij import Gebeurtenissoort, Wachtrijgebeurtenis
from werkplek.ports import Auditketenstuk, BronOnbereikbaar, Capability, Toegangsfout
from werkplek.services.cache import klantsleutel, naar_json, uit_json
from werkplek.services.plugins import Actief, BronAntwoord, PluginHost, Uitkomst
from werkplek.services.werker import StoreWerker
from werkplek.store.repositories import GEPARKEERD, Bericht, Outbox

log = logging.getLogger(__name__)


class Soort(enum.StrEnum):
    CONTACTMOMENT = "contactmoment"
    AFSPRAAK = "afspraak"
    WACHTRIJ = "wachtrij"
    AUDIT = "audit"
    """Numbers and hashes of audit rows, for the team's audit archive (AuditLog writes them)."""

    @property
    def label(self) -> str:
        return {Soort.CONTACTMOMENT: "Contact", Soort.AFSPRAAK: "Afspraak",
                Soort.WACHTRIJ: "Wachtrij", Soort.AUDIT: "Auditregels"}[self]


_CAPABILITY = {Soort.CONTACTMOMENT: Capability.KLANTCONTACTEN, Soort.AFSPRAAK: Capability.AGENDA,
               Soort.WACHTRIJ: Capability.WACHTRIJ, Soort.AUDIT: Capability.AUDIT}


class Uitslag(enum.StrEnum):
    AANGEKOMEN = "aangekomen"
    WACHT = "wacht"
    """Not (surely) arrived: the source could not be reached; it stays in the outbox."""
    GEWEIGERD = "geweigerd"


@dataclass(frozen=True, slots=True)
class Verzending:
    """What became of one write: arrived (with the source's answer), waiting, or refused."""

    uitslag: Uitslag
    antwoord: BronAntwoord[Any] | None = None
    melding: str = ""

    @property
    def ok(self) -> bool:
        return self.uitslag is Uitslag.AANGEKOMEN


@dataclass(frozen=True, slots=True)
class Stand:
    """For the status bar: which sources are offline, how many writes wait or are parked."""

    onbereikbaar: tuple[str, ...] = ()
    wachtend: int = 0
    geparkeerd: int = 0
    bewaard: bool = True
    """False when there is no keyring: writes are then sent directly, never kept locally."""

    @property
    def online(self) -> bool:
        return not self.onbereikbaar


class Verzender:
    """Puts writes in the outbox and sends them; one at a time, in order, per source."""

    def __init__(self, host: PluginHost, werker: StoreWerker, *, basis: float = 2.0,
                 plafond: float = 120.0, toeval: random.Random | None = None) -> None:
        self.host = host
        self.werker = werker
        self.bewaren = werker.store.versleuteld
        self._outbox = Outbox(werker.store)
        self._basis, self._plafond = basis, plafond
        self._toeval = toeval or random.Random()
        self._fouten: dict[str, int] = {}
        self._niet_voor: dict[str, float] = {}
        self._slot = asyncio.Lock()
        self._gewekt = asyncio.Event()
        self._luisteraars: list[Callable[[Stand], None]] = []
        self._tellingen = (0, 0)
        """(waiting, parked) as last counted in the outbox."""
        self.stand = Stand(bewaard=self.bewaren)
        host.bij_bereikbaarheid(self._bereikbaarheid)

    # -- writes ----------------------------------------------------------------------------

    async def registreer(self, contact: Contactmoment) -> Verzending:
        """Register a contact: into the outbox, then at once out, after any older writes."""
        return await self._schrijf(Soort.CONTACTMOMENT, contact.id, contact.klant,
                                   omschrijving=contact.onderwerp, waarde=contact)

    async def boek(self, verzoek: Afspraakverzoek, bron: str) -> Verzending:
        """Book at the agenda's own source; a slot taken meanwhile is not kept for later."""
        verzending = await self._schrijf(
            Soort.AFSPRAAK, verzoek.id, verzoek.klant, waarde=verzoek, bron=bron,
            omschrijving=f"{verzoek.onderwerp} {verzoek.begin:%d-%m %H:%M}")
        if verzending.uitslag is Uitslag.GEWEIGERD and self.bewaren:
            # The agent sees the refusal at once and picks another slot, with a new id.
            await self.werker.doe(partial(self._outbox.aangekomen, verzoek.id))
            await self._werk_stand_bij()
        return verzending

    async def meld(self, gebeurtenis: Wachtrijgebeurtenis) -> Verzending:
        """Report to the queue source: into the outbox, then out after any older writes."""
        return await self._schrijf(Soort.WACHTRIJ, gebeurtenis.id, None,
                                   omschrijving=_omschrijving(gebeurtenis), waarde=gebeurtenis)

    async def _schrijf(self, soort: Soort, id: str, klant: KlantRef | None, *,
                       omschrijving: str, waarde: object, bron: str | None = None
                       ) -> Verzending:
        if bron is None:
            bronnen = self.host.bronnen(_CAPABILITY[soort])
            if not bronnen:
                return Verzending(Uitslag.GEWEIGERD, melding=(
                    "Dit profiel heeft geen bron om dit naar te sturen; het is niet opgeslagen."))
            bron = bronnen[0].naam
        sleutel = klantsleutel(klant) if klant else ""  # "": a caller who stayed unknown
        if not self.bewaren:  # no keyring: nothing is kept on disk, so it goes out directly
            bericht = Bericht(0, id, soort.value, bron, sleutel, omschrijving,
                              naar_json(waarde), "", 0, "", nu())
            direct = await self._verstuur(bericht, _CAPABILITY[soort])
            if direct.uitslag is Uitslag.WACHT:
                return Verzending(Uitslag.GEWEIGERD, direct.antwoord, (
                    f"{direct.melding} Zonder sleutelbos kan werkplek het niet bewaren "
                    "om later te verzenden."))
            return direct
        await self.werker.doe(partial(
            self._outbox.plaats, id=id, soort=soort.value, bron=bron, klant=sleutel,
            omschrijving=omschrijving[:300], inhoud=naar_json(waarde), aangemaakt=nu()))
        verzending = (await self.leeg(tot=id, forceer=True)).get(id)
        self._gewekt.set()
        antwoord = verzending.antwoord if verzending else None
        if antwoord is not None and isinstance(antwoord.fout, Toegangsfout):
            return Verzending(Uitslag.WACHT, antwoord, (
                f"{antwoord.melding} Het is veilig bewaard; de agent hoeft niets te doen."))
        if verzending is None or verzending.uitslag is Uitslag.WACHT:
            return Verzending(Uitslag.WACHT, antwoord, (
                f"{bron} is nu niet bereikbaar; het is veilig bewaard en wordt vanzelf "
                f"verzonden zodra {bron} weer bereikbaar is."))
        return verzending

    # -- the sync worker --------------------------------------------------------------------

    async def leeg(self, *, tot: str | None = None, forceer: bool = False
                   ) -> dict[str, Verzending]:
        """One pass over the waiting writes, in order; stops at ``tot`` if given.

        A source that cannot be reached is skipped for the rest of the pass, and also
        before its backoff has passed unless ``forceer`` (an agent's action is a good probe).
        """
        uitslagen: dict[str, Verzending] = {}
        if not self.bewaren:
            return uitslagen
        async with self._slot:
            geblokkeerd: set[str] = set()
            klok = asyncio.get_running_loop().time
            na = 0
            klaar = False
            while not klaar and (batch := await self.werker.doe(
                    partial(self._outbox.wachtend, na, 100, set(geblokkeerd)))):
                for b in batch:
                    na = b.volgnummer
                    if b.bron in geblokkeerd or (
                            not forceer and self._niet_voor.get(b.bron, 0.0) > klok()):
                        geblokkeerd.add(b.bron)
                        continue
                    verzending = await self._verstuur_bericht(b)
                    uitslagen[b.id] = verzending
                    if verzending.uitslag is Uitslag.WACHT:
                        geblokkeerd.add(b.bron)
                    if klaar := b.id == tot:
                        break
        await self._werk_stand_bij()
        return uitslagen

    async def _verstuur_bericht(self, b: Bericht) -> Verzending:
        soort = Soort(b.soort)
        verzending = await self._verstuur(b, _CAPABILITY[soort])
        match verzending.uitslag:
            case Uitslag.AANGEKOMEN:
                await self.werker.doe(partial(self._outbox.aangekomen, b.id))
                self._fouten.pop(b.bron, None)
                self._niet_voor.pop(b.bron, None)
            case Uitslag.GEWEIGERD:
                log.warning("%s %s geweigerd door %s; geparkeerd", soort.label, b.id, b.bron)
                await self.werker.doe(partial(self._outbox.parkeer, b.id, verzending.melding))
            case Uitslag.WACHT:
                await self.werker.doe(partial(self._outbox.mislukt, b.id, verzending.melding))
                self._stel_uit(b.bron)
        return verzending

    async def _verstuur(self, b: Bericht, cap: Capability) -> Verzending:
        bron = self.host.actief.get(b.bron)
        if (bron is None or b.bron not in self.host.profiel.capabilities.get(cap, ())
                or (bron.object is not None and cap not in bron.object.capabilities)):
            return Verzending(Uitslag.GEWEIGERD, melding=(
                f"Bron {b.bron} hoort niet (meer) bij dit profiel; stuur het opnieuw naar een "
                "bron die het wel kent."))
        aanroep = self._aanroep(b)
        antw: BronAntwoord[Any] = await self.host.roep_een(bron, cap, aanroep)
        if antw.ok:
            return Verzending(Uitslag.AANGEKOMEN, antw)
        if _voorbijgaand(antw, bron):
            return Verzending(Uitslag.WACHT, antw, antw.melding)
        return Verzending(Uitslag.GEWEIGERD, antw, antw.melding)

    @staticmethod
    def _aanroep(b: Bericht) -> Callable[[Any], Awaitable[Contactmoment | Afspraak | None]]:
        if Soort(b.soort) is Soort.CONTACTMOMENT:
            contact: Contactmoment = uit_json(b.inhoud, Contactmoment)
            return lambda p: p.registreer(contact)
        if Soort(b.soort) is Soort.AUDIT:
            stuk: Auditketenstuk = uit_json(b.inhoud, Auditketenstuk)
            return lambda p: p.bewaar_audit(stuk)
        if Soort(b.soort) is Soort.WACHTRIJ:  # ``verzonden`` at the moment it goes out
            g: Wachtrijgebeurtenis = uit_json(b.inhoud, Wachtrijgebeurtenis)
            return lambda p: p.meld(replace(g, verzonden=nu()))
        verzoek: Afspraakverzoek = uit_json(b.inhoud, Afspraakverzoek)
        return lambda p: p.boek(verzoek)

    def _stel_uit(self, bron: str) -> None:
        n = self._fouten[bron] = self._fouten.get(bron, 0) + 1
        wacht = wachttijd(n, self._basis, self._plafond, self._toeval)
        self._niet_voor[bron] = asyncio.get_running_loop().time() + wacht
        log.info("Bron %s onbereikbaar; volgende poging over %.1f s", bron, wacht)

    async def draai(self) -> None:
        """The background worker: a pass whenever woken, or when a backoff has passed."""
        while True:
            await self.leeg()
            self._gewekt.clear()
            wachtend = self.stand.wachtend
            tijden = [t for b, t in self._niet_voor.items() if b in self.host.actief]
            wacht = (max(0.0, min(tijden) - asyncio.get_running_loop().time())
                     if wachtend and tijden else None)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wacht):
                    await self._gewekt.wait()

    def wek(self, forceer_bron: str | None = None) -> None:
        """Send now: after a source came back, or when the agent asks for it."""
        if forceer_bron is None:
            self._niet_voor.clear()
        else:
            self._niet_voor.pop(forceer_bron, None)
        self._gewekt.set()

    def _bereikbaarheid(self, bron: str, bereikbaar: bool) -> None:
        if bereikbaar:
            self._fouten.pop(bron, None)
            self.wek(bron)
        self._meld()

    # -- what the agent sees ---------------------------------------------------------------

    async def berichten(self) -> list[Bericht]:
        if not self.bewaren:
            return []
        return await self.werker.doe(self._outbox.alle)

    async def opnieuw(self, id: str) -> None:
        """A parked write goes back in the queue (after the cause was taken away)."""
        await self.werker.doe(partial(self._outbox.opnieuw, id))
        await self._werk_stand_bij()
        self.wek()

    async def contacten_van(self, klant: KlantRef) -> list[Contactmoment]:
        """This customer's contacts not yet in the register, marked so in their ``bron``:
        the next contact sees them in the history even before they arrived."""
        if not self.bewaren:
            return []
        berichten = await self.werker.doe(partial(
            self._outbox.van_klant, klantsleutel(klant), Soort.CONTACTMOMENT.value))
        return [replace(uit_json(b.inhoud, Contactmoment), bron=(
            f"geweigerd door {b.bron} — zie Te verzenden" if b.status == GEPARKEERD
            else f"te verzenden naar {b.bron}")) for b in berichten]

    @staticmethod
    def contact_van(b: Bericht) -> Contactmoment | None:
        """The parked contact, to correct it in the form (registering it again replaces it)."""
        return uit_json(b.inhoud, Contactmoment) if b.soort == Soort.CONTACTMOMENT else None

    def bij_stand(self, luisteraar: Callable[[Stand], None]) -> Callable[[], None]:
        """Call ``luisteraar`` on every change of the stand; returns how to stop that."""
        self._luisteraars.append(luisteraar)
        return lambda: self._luisteraars.remove(luisteraar)

    async def _werk_stand_bij(self) -> None:
        if self.bewaren:
            self._tellingen = await self.werker.doe(self._outbox.tel)
        self._meld()

    def _meld(self) -> None:
        wachtend, geparkeerd = self._tellingen
        self.stand = Stand(tuple(sorted(self.host.onbereikbaar)), wachtend, geparkeerd,
                           self.bewaren)
        for luisteraar in list(self._luisteraars):
            luisteraar(self.stand)

    async def vernieuw_stand(self) -> Stand:
        await self._werk_stand_bij()
        return self.stand


def _omschrijving(g: Wachtrijgebeurtenis) -> str:
    if g.soort is Gebeurtenissoort.AGENTSTATUS and g.status is not None:
        return f"Status: {g.status.label}"
    return g.soort.label


def wachttijd(pogingen: int, basis: float, plafond: float, toeval: random.Random) -> float:
    """Exponential backoff with jitter: the step doubles per failed try up to ``plafond``;
    half of it is fixed, half at random, so workstations that lost the same backoffice do
    not all come back at the same moment."""
    stap: float = min(plafond, basis * 2.0 ** (pogingen - 1))
    return stap / 2 + toeval.uniform(0, stap / 2)


def _voorbijgaand(antw: BronAntwoord[Any], bron: Actief) -> bool:
    """Worth another try later: unreachable, timed out, a key the source refused (it works
    once corrected, without the agent), or a plugin that failed unexpectedly."""
    if antw.uitkomst is Uitkomst.TIMEOUT or isinstance(antw.fout,
                                                       BronOnbereikbaar | Toegangsfout):
        return True
    return antw.fout is None and bron.object is not None


__all__ = ["GEPARKEERD", "Bericht", "Soort", "Stand", "Uitslag", "Verzender", "Verzending"]
