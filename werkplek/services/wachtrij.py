"""Queues for the supervisor and the counter.

The agent's side (``WachtrijService``) reports what happens at this workstation — its state,
the calls of its softphone, the contacts it registers, the tickets it serves — through the
outbox, so nothing is lost while the queue source is down. "Volgende klant" asks the source
directly: calling a ticket needs the source's answer at once.

The supervisor's side (``Wachtrijmonitor``) reads the day's facts from the queue source
whenever it says something changed, and computes the panel's figures from them, judged
against the profile's norms. Every duration is taken on the source's clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from werkplek.domain.model import (
    TIJDZONE,
    Afhandeling,
    Contactmoment,
    Kanaal,
    KlantRef,
    Medewerker,
    begin_van_de_dag,
    nu,
)
from werkplek.domain.oproep import Agentstatus, Gespreksfase, Gespreksgebeurtenis, lijnnummer
from werkplek.domain.wachtrij import (
    Alarm,
    Alarmtoestand,
    Beoordeling,
    Gebeurtenissoort,
    Meetpunt,
    Normen,
    Oordeel,
    Ticket,
    Wachtrijfeiten,
    Wachtrijgebeurtenis,
    Wachtrijstand,
    beoordeel,
    beoordeel_fcr,
    fcr,
    fcr_per_kanaal,
    samengeteld,
    standwisselingen,
    verloop,
    volume_per_kanaal,
    wachtende_tickets,
    wachtrijstanden,
)
from werkplek.ports import GEEN_VERBINDING, Capability, WachtrijBron
from werkplek.services.beeld import (
    ALLE,
    Balierij,
    Melding,
    Tegel,
    Wachtrijbeeld,
    toon_waarde,
)
from werkplek.services.plugins import BronAntwoord, PluginHost, Uitkomst
from werkplek.services.verzenden import Verzender, Verzending

log = logging.getLogger(__name__)
T = TypeVar("T")

STANDAARD_WACHTRIJ = "Telefoon"
"""The queue a call is counted in when the profile names none for its line."""


class WachtrijService:
    """What this workstation reports to the queue source, and the counter's ticket calls."""

    def __init__(self, host: PluginHost, medewerker: Medewerker, verzender: Verzender, *,
                 wachtrij: str = STANDAARD_WACHTRIJ,
                 wachtrij_per_lijn: Mapping[str, str] | None = None) -> None:
        self.host = host
        self.medewerker = medewerker
        self.verzender = verzender
        self.wachtrij = wachtrij
        self.wachtrij_per_lijn = dict(wachtrij_per_lijn or {})
        self._rij: asyncio.Queue[Wachtrijgebeurtenis] = asyncio.Queue()
        self._aangeboden: set[str] = set()
        self._aangenomen: set[str] = set()
        self.ticket: Ticket | None = None
        """The ticket this counter called last and has not finished yet."""

    @property
    def ingesteld(self) -> bool:
        """Whether the profile has a queue source to report to."""
        return bool(self.host.bronnen(Capability.WACHTRIJ))

    # -- reports, through the outbox, in the order they happened ---------------------------

    def _meld(self, soort: Gebeurtenissoort, id: str | None = None, **velden: Any) -> None:
        if not self.ingesteld:
            return
        self._rij.put_nowait(Wachtrijgebeurtenis(
            id=id or str(uuid.uuid4()), soort=soort, tijd=velden.pop("tijd", None) or nu(),
            medewerker=self.medewerker.gebruikersnaam, naam=self.medewerker.naam, **velden))

    def wijzig(self, status: Agentstatus, kanaal: Kanaal | None = None) -> None:
        """The agent's state changed now (``kanaal``: the channel of the contact it is busy
        with); ``draai`` reports it, in the order of change."""
        self._meld(Gebeurtenissoort.AGENTSTATUS, status=status, kanaal=kanaal)

    def gesprek(self, g: Gespreksgebeurtenis) -> None:
        """A call event of this desk's softphone: an incoming call is offered to its queue
        (by the line it came in on), answered when the agent answers, and abandoned when it
        ends before that. The event ids derive from the call id, so when one call rings at
        several desks it is counted once."""
        match g.fase:
            case Gespreksfase.BINNENKOMEND if g.gesprek not in self._aangeboden:
                self._aangeboden.add(g.gesprek)
                self._meld(Gebeurtenissoort.GESPREK_AANGEBODEN, _id("aangeboden", g.gesprek),
                           tijd=g.tijd, gesprek=g.gesprek,
                           wachtrij=self.wachtrij_van(g.oproep.lijn))
            case Gespreksfase.AANGENOMEN if g.gesprek in self._aangeboden:
                self._aangenomen.add(g.gesprek)
                self._meld(Gebeurtenissoort.GESPREK_AANGENOMEN, _id("aangenomen", g.gesprek),
                           tijd=g.tijd, gesprek=g.gesprek)
            case Gespreksfase.BEEINDIGD if g.gesprek in self._aangeboden:
                self._aangeboden.discard(g.gesprek)
                if g.gesprek not in self._aangenomen:
                    self._meld(Gebeurtenissoort.GESPREK_OPGEHANGEN,
                               _id("opgehangen", g.gesprek), tijd=g.tijd, gesprek=g.gesprek)
                self._aangenomen.discard(g.gesprek)
            case _:
                pass

    def wachtrij_van(self, lijn: str) -> str:
        """The queue of a call that came in on ``lijn`` (the number dialled)."""
        return self.wachtrij_per_lijn.get(lijnnummer(lijn), self.wachtrij)

    def geregistreerd(self, contact: Contactmoment) -> None:
        """A contact was registered: it counts for today's FCR and volume (channel and
        afhandeling only; nothing of the customer)."""
        if contact.afhandeling is None:
            return
        self._meld(Gebeurtenissoort.CONTACT_GEREGISTREERD, _id("contact", contact.id),
                   kanaal=contact.kanaal, afhandeling=contact.afhandeling)

    def ticket_klaar(self, *, verschenen: bool = True) -> None:
        """The counter is done with its ticket: served, or the customer did not come."""
        if self.ticket is None:
            return
        soort = (Gebeurtenissoort.TICKET_GEHOLPEN if verschenen
                 else Gebeurtenissoort.TICKET_NIET_VERSCHENEN)
        self._meld(soort, _id(soort.value, self.ticket.id), ticket=self.ticket.id)
        self.ticket = None

    async def draai(self) -> None:
        """Report every event through the outbox, in order, for as long as werkplek runs."""
        while True:
            await self.stuur(await self._rij.get())

    async def stuur(self, gebeurtenis: Wachtrijgebeurtenis) -> Verzending:
        verzending = await self.verzender.meld(gebeurtenis)
        if not verzending.ok:
            log.info("Wachtrijgebeurtenis %s: %s", gebeurtenis.soort.value, verzending.uitslag)
        return verzending

    async def leeg_rij(self) -> None:
        """Hand every event reported so far to the outbox (before closing)."""
        while not self._rij.empty():
            await self.stuur(self._rij.get_nowait())

    # -- the counter ---------------------------------------------------------------------

    async def volgende_klant(self) -> BronAntwoord[Ticket | None]:
        """Finish the current ticket (served) and call the next one at the queue source."""
        self.ticket_klaar()
        antw: BronAntwoord[Ticket | None] = await self._vraag(
            lambda p: p.roep_volgende(self.medewerker))
        if antw.ok:
            self.ticket = antw.waarde
        return antw

    async def geef_ticket(self, klant: KlantRef | None = None, afspraak: datetime | None = None,
                          id: str | None = None) -> BronAntwoord[Ticket]:
        """Issue a ticket (at the entrance, or at the check-in of an appointment)."""
        ticket_id = id or str(uuid.uuid4())
        return await self._vraag(lambda p: p.geef_ticket(ticket_id, klant, afspraak))

    async def _vraag(self, aanroep: Callable[[Any], Awaitable[T]]) -> BronAntwoord[T]:
        """Ask the profile's (first) queue source directly, for an answer now."""
        bronnen = self.host.bronnen(Capability.WACHTRIJ)
        if not bronnen:
            return BronAntwoord("profiel", Uitkomst.FOUT, melding=(
                "Dit profiel heeft geen wachtrij voor de balie."))
        return await self.host.roep_een(bronnen[0], Capability.WACHTRIJ, aanroep)


def _id(soort: str, sleutel: str) -> str:
    """A report's id made from what it is about, so every desk that reports it reports the
    same id (the source keeps one)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"werkplek:{soort}:{sleutel}"))


# -- the supervisor ---------------------------------------------------------------------------
OPNIEUW_NA = 5.0
"""Seconds between reads while the queue source cannot be reached."""
NAGAAN_NA = timedelta(seconds=5)
"""After a gap this long without observations (the start, an outage) the start of a new
breach is traced back through the day's facts; within it the breach begins at the
observation (it began since the previous one, at most this long ago)."""


def breuken_sinds(feiten: Wachtrijfeiten, moment: datetime, normen: Normen
                  ) -> dict[str, datetime]:
    """Since when each judged figure has been buiten de norm without a break at ``moment``,
    traced through the facts: "<queue>/<figure>" (as ``Melding.sleutel``) → the start of
    the breach going on then. A figure within the norm at ``moment`` is not in it."""
    sinds: dict[str, datetime] = {}

    def oordeel(t: datetime, wachtrij: str, beoordelingen: Iterable[Beoordeling]) -> None:
        for b in beoordelingen:
            sleutel = f"{wachtrij}/{b.sleutel}"
            if b.oordeel is Oordeel.BUITEN_NORM:
                sinds.setdefault(sleutel, t)
            else:
                sinds.pop(sleutel, None)

    standen: dict[str, Wachtrijstand] = {}
    for t, gewijzigd in standwisselingen(feiten.gesprekken, moment, drempels=normen.drempels,
                                         korte_ophanger=normen.korte_ophanger):
        for s in gewijzigd:
            standen[s.wachtrij] = s
            oordeel(t, s.wachtrij, beoordeel(s, normen))
        oordeel(t, ALLE, beoordeel(samengeteld(standen.values(), ALLE, t), normen))
    contacten = sorted((c for c in feiten.contacten if c.tijd <= moment), key=lambda c: c.tijd)
    goed = 0
    for i, c in enumerate(contacten):
        goed += c.afhandeling is Afhandeling.IN_EEN_KEER
        if i + 1 == len(contacten) or contacten[i + 1].tijd != c.tijd:
            oordeel(c.tijd, ALLE, (beoordeel_fcr(goed / (i + 1), normen),))
    return sinds


@dataclass
class _Gelezen:
    feiten: Wachtrijfeiten
    klok: float
    """time.monotonic() at the read: the source's now is feiten.moment + elapsed since."""


@dataclass
class Wachtrijmonitor:
    """The supervisor's view of the queues, kept live from the source's notices."""

    host: PluginHost
    normen: Normen = field(default_factory=Normen)
    wachtrijen: tuple[str, ...] = ()
    """Queues that get a tile even before their first call."""
    verloopstap: timedelta = timedelta(minutes=15)
    herlees_na: float = 15.0
    """Seconds after which the facts are read again even without a notice."""
    klok: Callable[[], float] = time.monotonic
    """The monotonic clock that moves the source's now on between reads (a test drives it)."""
    _gelezen: _Gelezen | None = None
    _alarmen: dict[str, Alarm] = field(default_factory=dict)
    _waargenomen: datetime | None = None
    """The moment of the last observation of the figures."""
    _verloop: tuple[Meetpunt, ...] = ()
    _verloop_klok: float = -1e9
    _verbonden: bool = True
    _melding: str = ""
    _slot: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """Held while a picture is computed (on a worker thread): the alarms are its state."""
    _te_bevestigen: list[str] = field(default_factory=list, repr=False)
    """Acknowledgements that came while a picture was being computed."""
    lezingen: int = 0
    """How often the facts were read (for tests and benchmarks)."""

    @property
    def ingesteld(self) -> bool:
        return bool(self.host.bronnen(Capability.WACHTRIJ))

    def _nu(self) -> datetime:
        if self._gelezen is None:
            return nu()
        return self._gelezen.feiten.moment + timedelta(
            seconds=self.klok() - self._gelezen.klok)

    async def lees(self) -> bool:
        """Read today's facts from the queue source; False (and the last facts kept) when
        it cannot be reached."""
        bronnen = self.host.bronnen(Capability.WACHTRIJ)
        if not bronnen:
            self._verbonden, self._melding = False, "Dit profiel heeft geen wachtrijbron."
            return False
        begin = begin_van_de_dag(self._nu())
        antw: BronAntwoord[Wachtrijfeiten] = await self.host.roep_een(
            bronnen[0], Capability.WACHTRIJ, lambda p: p.feiten(begin))
        if not antw.ok or antw.waarde is None:
            self._verbonden, self._melding = False, (
                f"Geen verbinding met {antw.bron}: {antw.melding}")
            return False
        self._gelezen = _Gelezen(antw.waarde, self.klok())
        self._verbonden, self._melding = True, ""
        self.lezingen += 1
        return True

    def beeld(self) -> Wachtrijbeeld:
        """The figures at the source's now (the facts last read, durations moved on).
        Safe on a worker thread: one picture at a time."""
        with self._slot:
            self._bevestig_wachtende()
            return self._beeld()

    def _beeld(self) -> Wachtrijbeeld:
        moment = self._nu()
        feiten = self._gelezen.feiten if self._gelezen else Wachtrijfeiten(moment)
        n = self.normen
        standen = wachtrijstanden(feiten.gesprekken, moment, wachtrijen=self.wachtrijen,
                                  drempels=n.drempels, korte_ophanger=n.korte_ophanger)
        alle = samengeteld(standen.values(), ALLE, moment)
        tegels = tuple(Tegel(s, beoordeel(s, n)) for s in (*standen.values(), alle))
        fcr_totaal = beoordeel_fcr(fcr(feiten.contacten), n)
        meldingen = self._waarneming(tegels, fcr_totaal, moment)
        if self.klok() - self._verloop_klok >= 60 or not self._verloop:
            begin = begin_van_de_dag(moment)
            eerste = min((g.aangeboden for g in feiten.gesprekken), default=moment)
            van = max(begin, eerste - (eerste - begin) % self.verloopstap)
            self._verloop = tuple(verloop(
                feiten.gesprekken, van, moment, stap=self.verloopstap,
                drempel=n.drempels[0] if n.drempels else timedelta(seconds=20),
                korte_ophanger=n.korte_ophanger))
            self._verloop_klok = self.klok()
        tickets = feiten.tickets
        wachtend = wachtende_tickets(tickets, moment)
        return Wachtrijbeeld(
            moment=moment, verbonden=self._verbonden,
            gelezen=self._gelezen.feiten.moment if self._gelezen else None,
            tegels=tegels,
            agenten=tuple(sorted(feiten.agenten, key=lambda a: (a.naam, a.medewerker))),
            balie=Balierij(
                wachtend=tuple(wachtend),
                langste_wachttijd=max((moment - t.uitgegeven for t in wachtend), default=None),
                afspraken_aanwezig=sum(1 for t in wachtend if t.met_afspraak),
                geholpen=sum(1 for t in tickets if t.geholpen is not None),
                niet_verschenen=sum(1 for t in tickets if t.niet_verschenen)),
            fcr=fcr_totaal, fcr_per_kanaal=fcr_per_kanaal(feiten.contacten),
            volume=volume_per_kanaal(feiten.contacten), verloop=self._verloop,
            meldingen=meldingen, normen=n, melding=self._melding)

    def _waarneming(self, tegels: tuple[Tegel, ...], fcr_totaal: Beoordeling,
                    moment: datetime) -> tuple[Melding, ...]:
        """Feed every judged figure to its alarm; the active ones, oldest first. While the
        source cannot be reached nothing is observed (no alarm from stale figures)."""
        cijfers = [(t.stand.wachtrij, b) for t in tegels for b in t.beoordelingen]
        cijfers.append((ALLE, fcr_totaal))
        waarnemen = self._verbonden and self._gelezen is not None
        sinds: dict[str, datetime] = {}
        vorige = self._waargenomen
        if waarnemen and self._gelezen is not None and (vorige is None
                                                        or moment - vorige > NAGAAN_NA):
            nieuw = any(b.oordeel is Oordeel.BUITEN_NORM and self._alarmen.get(
                f"{w}/{b.sleutel}", Alarm()).buiten_norm_sinds is None for w, b in cijfers)
            if nieuw:  # a breach may have begun long before this first look: when?
                sinds = breuken_sinds(self._gelezen.feiten, moment, self.normen)
        uit = []
        for wachtrij, b in cijfers:
            sleutel = f"{wachtrij}/{b.sleutel}"
            alarm = self._alarmen.get(sleutel, Alarm())
            if waarnemen:
                begin = sinds.get(sleutel)
                if begin is not None and vorige is not None:
                    begin = max(begin, vorige)  # seen within the norm then
                alarm = alarm.waarneming(b.oordeel, moment, self.normen.alarm_na, sinds=begin)
                self._alarmen[sleutel] = alarm
            if alarm.actief:
                uit.append(Melding(sleutel, wachtrij, b, alarm))
        if waarnemen:
            self._waargenomen = moment
        return tuple(sorted(uit, key=lambda m: (m.alarm.afgegaan_op or moment, m.sleutel)))

    def bevestig(self, sleutel: str) -> None:
        """The supervisor acknowledged the alarm ``sleutel``. Never waits (it is called on
        the GUI thread): while a picture is being computed it counts from the next one."""
        self._te_bevestigen.append(sleutel)
        if self._slot.acquire(blocking=False):
            try:
                self._bevestig_wachtende()
            finally:
                self._slot.release()

    def _bevestig_wachtende(self) -> None:
        while self._te_bevestigen:
            sleutel = self._te_bevestigen.pop(0)
            if sleutel in self._alarmen:
                self._alarmen[sleutel] = self._alarmen[sleutel].bevestig()

    def alarmtoestand(self, sleutel: str) -> Alarmtoestand:
        with self._slot:
            self._bevestig_wachtende()
            return self._alarmen.get(sleutel, Alarm()).toestand

    async def volg(self, bij_beeld: Callable[[Wachtrijbeeld], None], *,
                   elke: float = 1.0) -> None:
        """Keep ``bij_beeld`` fed for as long as werkplek runs: the facts are read again at
        once on every notice of the source (the notices that come during a read make one
        read after it) and at least every ``herlees_na`` seconds; in between, a new picture
        every ``elke`` seconds moves the durations on without asking the database.

        The picture is computed on a worker thread; ``bij_beeld`` is called on the event
        loop (the GUI thread under qasync), so the panel is only painted there."""
        bronnen = [b for b in self.host.bronnen(Capability.WACHTRIJ) if b.object is not None]
        wek = asyncio.Event()
        lezen = True

        async def luister() -> None:
            nonlocal lezen
            if not bronnen:
                return
            bron: WachtrijBron = bronnen[0].object  # type: ignore[assignment]
            while True:
                try:
                    async for bericht in bron.wijzigingen():
                        if bericht == GEEN_VERBINDING:
                            self._verbonden = False
                            self._melding = f"Geen verbinding met {bronnen[0].naam}."
                        else:  # VERBONDEN or a change: read again
                            lezen = True
                        wek.set()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("Wachtrijberichten van %s onderbroken", bronnen[0].naam)
                await asyncio.sleep(5.0)

        luisteraar = asyncio.create_task(luister())
        try:
            laatst = -1e9
            while True:
                wek.clear()
                sinds = time.monotonic() - laatst
                if lezen or sinds >= self.herlees_na or (
                        not self._verbonden and sinds >= OPNIEUW_NA):
                    lezen = False
                    laatst = time.monotonic()
                    await self.lees()
                begin = time.monotonic()
                bij_beeld(await asyncio.to_thread(self.beeld))
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(max(0.0, elke - (time.monotonic() - begin))):
                        await wek.wait()
        finally:
            luisteraar.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await luisteraar


__all__ = ["ALLE", "Balierij", "Melding", "Tegel", "WachtrijService", "Wachtrijbeeld",
           "Wachtrijmonitor", "toon_waarde"]


def samenvatting(beeld: Wachtrijbeeld) -> dict[str, Any]:
    """The picture as plain data (``werkplek wachtrijen --json``): times ISO 8601 on the
    source's clock, durations in seconds, shares as fractions; None where nothing is known."""
    def sec(t: timedelta | None) -> float | None:
        return None if t is None else round(t.total_seconds(), 3)

    def iso(t: datetime | None) -> str | None:
        return None if t is None else t.isoformat()

    return {
        "moment": iso(beeld.moment), "gelezen": iso(beeld.gelezen),
        "verbonden": beeld.verbonden, "melding": beeld.melding,
        "wachtrijen": [{
            "naam": t.stand.wachtrij, "aangeboden": t.stand.aangeboden,
            "beantwoord": t.stand.beantwoord, "opgehangen": t.stand.opgehangen,
            "kort_opgehangen": t.stand.kort_opgehangen, "wachtend": t.stand.wachtend,
            "langste_wachttijd": sec(t.stand.langste_wachttijd),
            "oordeel": t.oordeel.value,
            "cijfers": {b.sleutel: (sec(b.waarde) if isinstance(b.waarde, timedelta)
                                    else b.waarde) for b in t.beoordelingen},
        } for t in beeld.tegels],
        "agenten": [{"medewerker": a.medewerker, "naam": a.naam, "status": a.status.value,
                     "sinds": iso(a.sinds), "kanaal": a.kanaal.value if a.kanaal else None}
                    for a in beeld.agenten],
        "balie": {"wachtend": [t.nummer for t in beeld.balie.wachtend],
                  "langste_wachttijd": sec(beeld.balie.langste_wachttijd),
                  "afspraken_aanwezig": beeld.balie.afspraken_aanwezig,
                  "geholpen": beeld.balie.geholpen,
                  "niet_verschenen": beeld.balie.niet_verschenen},
        "fcr": beeld.fcr.waarde,
        "fcr_per_kanaal": {k.value: v for k, v in beeld.fcr_per_kanaal.items()},
        "volume": {k.value: v for k, v in beeld.volume.items()},
        "meldingen": [m.tekst for m in beeld.meldingen],
    }


def als_tekst(beeld: Wachtrijbeeld) -> str:
    """The picture for a terminal (``werkplek wachtrijen``), in Dutch."""
    regels = [f"Wachtrijen om {beeld.moment.astimezone(TIJDZONE):%H:%M:%S}"
              + ("" if beeld.verbonden else f" — GEEN VERBINDING: {beeld.melding}")]
    for t in beeld.tegels:
        s = t.stand
        cijfers = ", ".join(f"{b.label}: {toon_waarde(b.waarde)}" for b in t.beoordelingen)
        regels.append(f"  {s.wachtrij}: {s.wachtend} wachtend (langst "
                      f"{toon_waarde(s.langste_wachttijd)}), {s.aangeboden} aangeboden, "
                      f"{s.beantwoord} beantwoord, {s.opgehangen - s.kort_opgehangen} "
                      f"opgehangen; {cijfers} [{t.oordeel.label}]")
    regels.append("Medewerkers:")
    regels.extend(f"  {a.naam}: {a.status.label} sinds {a.sinds.astimezone(TIJDZONE):%H:%M}"
                  + (f" ({a.kanaal.label})" if a.kanaal else "") for a in beeld.agenten)
    b = beeld.balie
    regels.append(f"Balie: {len(b.wachtend)} wachtend ({', '.join(t.nummer for t in b.wachtend)}"
                  f"), langst {toon_waarde(b.langste_wachttijd)}, {b.afspraken_aanwezig} "
                  f"afspraken aanwezig, {b.geholpen} geholpen, {b.niet_verschenen} niet "
                  "verschenen")
    regels.append(f"In één keer afgehandeld vandaag: {toon_waarde(beeld.fcr.waarde)} "
                  f"[{beeld.fcr.oordeel.label}]")
    regels.extend(f"Melding: {m.tekst}" for m in beeld.meldingen)
    return "\n".join(regels)
