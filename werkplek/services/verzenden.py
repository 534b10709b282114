"""The outbox and its sync worker: a write is first one local transaction, then sent.

Each write carries the id the workstation made for it, and every port's write is idempotent
on that id, so a re-send after a crash, kill or timeout stores nothing twice. Writes go out in
parallel, at most ``per_bron`` requests in flight to one source, but one after the other and
in the order they were made per ordering key (``volgordesleutel``: a customer, an agent's
queue events, the audit chain), the next only after the previous one's outcome. A source that
cannot be reached holds back its own writes with exponential backoff and jitter, and the
others go on; a write that fails by itself holds back only its own key. A write the source
refuses is parked with its reason for the agent to correct — never dropped. Outcomes are
written to the outbox in batches, beside the sending: a write leaves it only once its source
accepted it, and a pass ends only when all its outcomes are written.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from werkplek.domain.agenda import Afspraak, Afspraakverzoek
from werkplek.domain.model import Contactmoment, KlantRef, nu
from werkplek.domain.wachtrij import Gebeurtenissoort, Wachtrijgebeurtenis
from werkplek.ports import Auditketenstuk, BronOnbereikbaar, Capability, Toegangsfout
from werkplek.services.beeld import Soort, Stand, Uitslag
from werkplek.services.cache import klantsleutel, naar_json, uit_json
from werkplek.services.plugins import Actief, BronAntwoord, PluginHost, Uitkomst
from werkplek.services.werker import StoreWerker
from werkplek.store.repositories import Outbox
from werkplek.store.rijen import AANGEKOMEN, GEPARKEERD, MISLUKT, Bericht

log = logging.getLogger(__name__)


_CAPABILITY = {Soort.CONTACTMOMENT: Capability.KLANTCONTACTEN, Soort.AFSPRAAK: Capability.AGENDA,
               Soort.WACHTRIJ: Capability.WACHTRIJ, Soort.AUDIT: Capability.AUDIT}


@dataclass(frozen=True, slots=True)
class Verzending:
    """What became of one write: arrived (with the source's answer), waiting, or refused."""

    uitslag: Uitslag
    antwoord: BronAntwoord[Any] | None = None
    melding: str = ""

    @property
    def ok(self) -> bool:
        return self.uitslag is Uitslag.AANGEKOMEN


PER_BRON = 16
"""Requests in flight to one source at most, unless the profile says otherwise."""
VENSTER = 2000
"""Writes read from the outbox and not yet done, at most, in one pass."""
BOEKEN_NA = 0.020
"""Seconds an outcome may wait for others to join its transaction (each costs a commit)."""
BOEKSTAPEL = 64
"""Outcomes that are written at once, without waiting for more."""

Sleutel = tuple[str, str]
"""(source, ordering key): the writes of one key go out one by one, in order."""


def volgordesleutel(b: Bericht) -> str:
    """Which writes must keep their order: a customer's contacts and appointments; an agent's
    queue events (the source reads the last arrived state as the newest); the audit chain.
    A contact of an unknown caller needs no order but its own."""
    soort = Soort(b.soort)
    if soort is Soort.WACHTRIJ:
        g: Wachtrijgebeurtenis = uit_json(b.inhoud, Wachtrijgebeurtenis)
        return f"agent:{g.medewerker}"
    if soort is Soort.AUDIT:
        return "audit"
    return f"klant:{b.klant}" if b.klant else f"los:{b.id}"


class Verzender:
    """Puts writes in the outbox and sends them: in parallel across customers, bounded per
    source, in order per ordering key."""

    def __init__(self, host: PluginHost, werker: StoreWerker, *, basis: float = 2.0,
                 plafond: float = 120.0, toeval: random.Random | None = None,
                 per_bron: int | None = None) -> None:
        self.host = host
        self.werker = werker
        self.bewaren = werker.store.versleuteld
        self.per_bron = max(1, per_bron or getattr(host.profiel, "verzenden_per_bron",
                                                    PER_BRON))
        self._outbox = Outbox(werker.store)
        self._basis, self._plafond = basis, plafond
        self._toeval = toeval or random.Random()
        self._fouten: dict[str, int] = {}
        self._niet_voor: dict[str, float] = {}
        self._sleutelfouten: dict[Sleutel, int] = {}
        self._sleutel_niet_voor: dict[Sleutel, float] = {}
        """Backoff of one ordering key whose write failed by itself (not its source)."""
        self._wachters: dict[str, asyncio.Future[Verzending]] = {}
        """Writes an agent waits for, whichever pass sends them."""
        self._te_boeken: list[tuple[Bericht, Verzending, asyncio.Future[None]]] = []
        self._boeker: asyncio.Task[None] | None = None
        self._boek_nu = asyncio.Event()
        """Write the waiting outcomes without waiting for more."""
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
        wachter = self._wachters[id] = asyncio.get_running_loop().create_future()
        try:
            verzending = (await self.leeg(tot=id, forceer=True)).get(id)
            if verzending is None and wachter.done():  # another pass sent it meanwhile
                verzending = wachter.result()
        finally:
            if self._wachters.get(id) is wachter:
                del self._wachters[id]
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
        """One pass over the waiting writes, in order per key; reads no further than ``tot``.

        A source that cannot be reached is skipped for the rest of the pass, and also
        before its backoff has passed unless ``forceer`` (an agent's action is a good probe);
        so is a key whose write failed. One pass at a time: no write goes out twice at once.
        """
        uitslagen: dict[str, Verzending] = {}
        if not self.bewaren:
            return uitslagen
        async with self._slot:
            await _Ronde(self, forceer, uitslagen).loop(tot)
        await self._werk_stand_bij()
        return uitslagen

    def _boek(self, b: Bericht, verzending: Verzending, *, haast: bool = False
              ) -> asyncio.Future[None]:
        """Queue an outcome for the outbox; the future is done once it is committed.

        Outcomes are written together, in one transaction on the store's worker: a queued
        one waits up to BOEKEN_NA for others, unless ``haast`` (an agent waits for it)."""
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._te_boeken.append((b, verzending, fut))
        if haast or len(self._te_boeken) >= BOEKSTAPEL:
            self._boek_nu.set()
        if self._boeker is None or self._boeker.done():
            self._boeker = asyncio.create_task(self._boek_alles())
        return fut

    async def _boek_alles(self) -> None:
        while self._te_boeken:
            if not self._boek_nu.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(BOEKEN_NA):
                        await self._boek_nu.wait()
            self._boek_nu.clear()
            stapel, self._te_boeken = self._te_boeken, []
            try:
                await self.werker.doe(partial(self._outbox.boek, [
                    (b.id, _ACTIE[v.uitslag], v.melding) for b, v, _ in stapel]))
            except BaseException as e:
                for _, _, fut in stapel:
                    if not fut.done():
                        fut.set_exception(e)
                if isinstance(e, asyncio.CancelledError):
                    raise
                continue
            for _, _, fut in stapel:
                if not fut.done():
                    fut.set_result(None)

    def _uitkomst(self, b: Bericht, sleutel: Sleutel, verzending: Verzending,
                  fouten_bij_begin: int) -> bool:
        """Keep the backoff for an outcome; True when its whole source should wait."""
        match verzending.uitslag:
            case Uitslag.AANGEKOMEN:
                self._sleutelfouten.pop(sleutel, None)
                self._sleutel_niet_voor.pop(sleutel, None)
                if self._fouten.get(b.bron, 0) == fouten_bij_begin:  # no failure since
                    self._fouten.pop(b.bron, None)
                    self._niet_voor.pop(b.bron, None)
            case Uitslag.GEWEIGERD:
                log.warning("%s %s geweigerd door %s; geparkeerd", Soort(b.soort).label, b.id,
                            b.bron)
            case Uitslag.WACHT:
                antw = verzending.antwoord
                if antw is None or antw.uitkomst is Uitkomst.TIMEOUT or isinstance(
                        antw.fout, BronOnbereikbaar | Toegangsfout):
                    self._stel_uit(b.bron)
                    return True
                self._stel_sleutel_uit(sleutel)
        return False

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

    def _stel_sleutel_uit(self, sleutel: Sleutel) -> None:
        n = self._sleutelfouten[sleutel] = self._sleutelfouten.get(sleutel, 0) + 1
        wacht = wachttijd(n, self._basis, self._plafond, self._toeval)
        self._sleutel_niet_voor[sleutel] = asyncio.get_running_loop().time() + wacht
        log.info("Een bericht voor %s mislukte; de berichten erna wachten %.1f s", sleutel[0],
                 wacht)

    async def draai(self) -> None:
        """The background worker: a pass whenever woken, or when a backoff has passed."""
        while True:
            await self.leeg()
            self._gewekt.clear()
            wachtend = self.stand.wachtend
            tijden = [t for b, t in self._niet_voor.items() if b in self.host.actief]
            tijden += [t for (b, _), t in self._sleutel_niet_voor.items()
                       if b in self.host.actief]
            wacht = (max(0.0, min(tijden) - asyncio.get_running_loop().time())
                     if wachtend and tijden else None)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wacht):
                    await self._gewekt.wait()

    def wek(self, forceer_bron: str | None = None) -> None:
        """Send now: after a source came back, or when the agent asks for it."""
        if forceer_bron is None:
            self._niet_voor.clear()
            self._sleutel_niet_voor.clear()
        else:
            self._niet_voor.pop(forceer_bron, None)
            for sleutel in [s for s in self._sleutel_niet_voor if s[0] == forceer_bron]:
                del self._sleutel_niet_voor[sleutel]
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


_ACTIE = {Uitslag.AANGEKOMEN: AANGEKOMEN, Uitslag.GEWEIGERD: GEPARKEERD,
          Uitslag.WACHT: MISLUKT}


@dataclass(slots=True)
class _Plekken:
    """Requests in flight to one source, and the keys waiting for a turn, first come first."""

    bezig: int = 0
    wachtend: deque[asyncio.Future[bool]] = field(default_factory=deque)


class _Ronde:
    """One pass over the outbox: a chain per ordering key sends its writes one by one; the
    chains run side by side, at most ``per_bron`` requests in flight per source."""

    def __init__(self, v: Verzender, forceer: bool, uitslagen: dict[str, Verzending]) -> None:
        self.v = v
        self.forceer = forceer
        self.uitslagen = uitslagen
        self.klok = asyncio.get_running_loop().time
        self.onbereikbaar_bij_begin = set(v.host.onbereikbaar)
        self.dicht: set[str] = set()
        """Sources skipped for the rest of the pass."""
        self.dichte_sleutels: set[Sleutel] = set()
        self.rijen: dict[Sleutel, deque[Bericht]] = {}
        self.plekken: dict[str, _Plekken] = {}
        self.ketens: set[asyncio.Task[None]] = set()
        self.boekingen: list[asyncio.Future[None]] = []
        """Outcomes handed to the outbox; the pass ends when all are written."""
        self.boekfout: BaseException | None = None
        self.open = 0
        """Writes read and not yet done."""
        self.ruimte = asyncio.Event()
        self.ruimte.set()

    async def loop(self, tot: str | None) -> None:
        try:
            na = 0
            while True:
                await self.ruimte.wait()
                batch = await self.v.werker.doe(partial(
                    self.v._outbox.wachtend, na, 100, set(self.dicht)))
                if not batch:
                    break
                for b in batch:
                    na = b.volgnummer
                    self._neem_op(b)
                    if b.id == tot:
                        break
                else:
                    continue
                break
            while self.ketens:
                await asyncio.gather(*list(self.ketens))
            self.v._boek_nu.set()  # nothing more to wait for
            await asyncio.gather(*self.boekingen)
        finally:
            for keten in self.ketens:  # cancelled or failed: stop the other chains too
                keten.cancel()
            await asyncio.gather(*list(self.ketens), return_exceptions=True)
            # The outcomes already in hand are written before the next pass may read.
            self.v._boek_nu.set()
            await asyncio.gather(*self.boekingen, return_exceptions=True)
            if not self.v._te_boeken:
                self.v._boek_nu.clear()

    def _neem_op(self, b: Bericht) -> None:
        if b.bron in self.dicht:
            return
        if not self.forceer and self.v._niet_voor.get(b.bron, 0.0) > self.klok():
            self._sluit(b.bron)
            return
        sleutel = (b.bron, volgordesleutel(b))
        if sleutel in self.dichte_sleutels:
            return
        if not self.forceer and self.v._sleutel_niet_voor.get(sleutel, 0.0) > self.klok():
            self.dichte_sleutels.add(sleutel)
            return
        self._tel(1)
        if (rij := self.rijen.get(sleutel)) is not None:
            rij.append(b)  # its chain is running: it takes this one after the others
            return
        self.rijen[sleutel] = deque([b])
        keten = asyncio.create_task(self._keten(sleutel))
        self.ketens.add(keten)
        keten.add_done_callback(self.ketens.discard)

    async def _keten(self, sleutel: Sleutel) -> None:
        rij = self.rijen[sleutel]
        try:
            while rij:
                if self.boekfout is not None:  # the outbox cannot be written: stop sending
                    raise self.boekfout
                b = rij[0]
                if sleutel in self.dichte_sleutels or not await self._plek(b.bron):
                    break
                fouten = self.v._fouten.get(b.bron, 0)
                try:
                    verzending = await self.v._verstuur(b, _CAPABILITY[Soort(b.soort)])
                    # Closed before the turn is handed on: no next request to a dead source.
                    if self.v._uitkomst(b, sleutel, verzending, fouten):
                        self._sluit(b.bron)
                    elif verzending.uitslag is Uitslag.WACHT:
                        self.dichte_sleutels.add(sleutel)
                finally:
                    self._vrij(b.bron)
                # The next write of this key goes out without waiting for this outcome to be
                # written: a write leaves the outbox only once its source accepted it, and a
                # re-send after a crash is harmless (sources are idempotent on the id).
                boeking = self.v._boek(b, verzending, haast=b.id in self.v._wachters)
                boeking.add_done_callback(partial(self._geboekt, b.id, verzending))
                self.boekingen.append(boeking)
                rij.popleft()
                self._tel(-1)
                if verzending.uitslag is Uitslag.WACHT:
                    break
        finally:
            self._tel(-len(rij))
            del self.rijen[sleutel]

    def _geboekt(self, id: str, verzending: Verzending, boeking: asyncio.Future[None]) -> None:
        """An outcome is in the outbox: now it counts, and an agent waiting for it hears."""
        if boeking.cancelled() or boeking.exception() is not None:
            if self.boekfout is None and not boeking.cancelled():
                self.boekfout = boeking.exception()
            return
        self.uitslagen[id] = verzending
        if (wachter := self.v._wachters.get(id)) is not None and not wachter.done():
            wachter.set_result(verzending)

    def _tel(self, n: int) -> None:
        self.open += n
        if self.open < VENSTER:
            self.ruimte.set()
        else:
            self.ruimte.clear()

    def _gesloten(self, bron: str) -> bool:
        """Skipped: its pass found it unreachable, or it went so since the pass began."""
        if bron in self.dicht:
            return True
        if bron in self.v.host.onbereikbaar and bron not in self.onbereikbaar_bij_begin:
            self._sluit(bron)
            return True
        return False

    def _grens(self, bron: str) -> int:
        """One probe at a time to a source that could not be reached, else ``per_bron``."""
        return 1 if bron in self.v.host.onbereikbaar else self.v.per_bron

    async def _plek(self, bron: str) -> bool:
        """Wait for a turn to send to ``bron``; False when it closed meanwhile."""
        if self._gesloten(bron):
            return False
        p = self.plekken.setdefault(bron, _Plekken())
        if not p.wachtend and p.bezig < self._grens(bron):
            p.bezig += 1
            return True
        beurt: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        p.wachtend.append(beurt)
        try:
            return await beurt
        except asyncio.CancelledError:
            if beurt.done() and not beurt.cancelled() and beurt.result():
                self._vrij(bron)  # a turn given to a chain that is being stopped
            raise

    def _vrij(self, bron: str) -> None:
        self.plekken[bron].bezig -= 1
        self._geef(bron)

    def _geef(self, bron: str) -> None:
        p = self.plekken.get(bron)
        if p is None:
            return
        gesloten = self._gesloten(bron)
        while p.wachtend and (gesloten or p.bezig < self._grens(bron)):
            beurt = p.wachtend.popleft()
            if beurt.done():
                continue
            if not gesloten:
                p.bezig += 1
            beurt.set_result(not gesloten)

    def _sluit(self, bron: str) -> None:
        """No new request to ``bron`` in this pass; its waiting chains give up."""
        if bron not in self.dicht:
            self.dicht.add(bron)
            self._geef(bron)


def _omschrijving(g: Wachtrijgebeurtenis) -> str:
    if g.soort is Gebeurtenissoort.AGENTSTATUS and g.status is not None:
        return f"Status: {g.status.label}"
    return g.soort.label


def wachttijd(pogingen: int, basis: float, plafond: float, toeval: random.Random) -> float:
    """Exponential backoff with jitter: the step doubles per failed try up to ``plafond``;
    half of it is fixed, half at random, so workstations that lost the same backoffice do
    not all come back at the same moment."""
    stap: float = min(plafond, basis * 2.0 ** min(pogingen - 1, 64))
    return stap / 2 + toeval.uniform(0, stap / 2)


def _voorbijgaand(antw: BronAntwoord[Any], bron: Actief) -> bool:
    """Worth another try later: unreachable, timed out, a key the source refused (it works
    once corrected, without the agent), or a plugin that failed unexpectedly."""
    if antw.uitkomst is Uitkomst.TIMEOUT or isinstance(antw.fout,
                                                       BronOnbereikbaar | Toegangsfout):
        return True
    return antw.fout is None and bron.object is not None


__all__ = ["GEPARKEERD", "Bericht", "Soort", "Stand", "Uitslag", "Verzender", "Verzending"]
