"""Queue figures for the supervisor: calls, tickets and agent states, the metrics, the norms.

Every duration is computed from timestamps handed in (the source's clock, and ``nu`` from
the caller), never from a clock read here, so the same facts always give the same figures.
Fractions are 0.0–1.0 (0.97 is 97%); a figure that has nothing to count is None, never 0.
The exact definitions are in the docstrings and in README.md, "Wachtrijcijfers: definities".
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from werkplek.domain.model import Afhandeling, Contactmoment, Kanaal, KlantRef
from werkplek.domain.oproep import Agentstatus

TOLERANTIE = 1e-9
"""Fractions are compared with this tolerance, so 0.97 + 0.02 counts as 0.99."""

# -- Facts ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Wachtrijgesprek:
    """One call in one queue: offered (entered the queue), then answered or abandoned.

    ``opgehangen`` is the moment the caller hung up while still waiting (an abandon); a call
    is never both answered and abandoned. ``medewerker`` is who answered it.
    """

    wachtrij: str
    aangeboden: datetime
    aangenomen: datetime | None = None
    opgehangen: datetime | None = None
    medewerker: str = ""
    id: str = ""
    """The source's own id of the call, when it has one."""

    def __post_init__(self) -> None:
        if self.aangenomen is not None and self.opgehangen is not None:
            raise ValueError("Een gesprek is aangenomen of opgehangen, niet allebei.")
        einde = self.aangenomen or self.opgehangen
        if einde is not None and einde < self.aangeboden:
            raise ValueError("Een gesprek kan niet eindigen voordat het aangeboden is.")

    def beantwoord_op(self, nu: datetime) -> bool:
        """Answered at or before ``nu``."""
        return self.aangenomen is not None and self.aangenomen <= nu

    def opgehangen_op(self, nu: datetime) -> bool:
        """Abandoned at or before ``nu``."""
        return self.opgehangen is not None and self.opgehangen <= nu

    def wachtend_op(self, nu: datetime) -> bool:
        """Offered at or before ``nu`` and neither answered nor abandoned by then."""
        return (self.aangeboden <= nu and not self.beantwoord_op(nu)
                and not self.opgehangen_op(nu))

    def wachttijd(self, nu: datetime) -> timedelta:
        """Time in the queue as seen at ``nu``: until answered or abandoned when that
        happened at or before ``nu``, else until ``nu`` (zero for a call offered after it)."""
        if self.aangenomen is not None and self.aangenomen <= nu:
            return self.aangenomen - self.aangeboden
        if self.opgehangen is not None and self.opgehangen <= nu:
            return self.opgehangen - self.aangeboden
        return max(nu - self.aangeboden, timedelta(0))


@dataclass(frozen=True, slots=True)
class Ticket:
    """A ticket of the counter's queue, from the ticket machine or the check-in of an
    appointment (then ``afspraak`` is the appointment's time)."""

    nummer: str
    uitgegeven: datetime
    opgeroepen: datetime | None = None
    geholpen: datetime | None = None
    niet_verschenen: bool = False
    """Called, but the customer did not come to the counter."""
    klant: KlantRef | None = None
    afspraak: datetime | None = None
    id: str = ""
    """The source's id of the ticket (the number alone repeats from day to day)."""
    opgeroepen_door: str = ""
    """The gebruikersnaam of the agent who called it."""

    @property
    def met_afspraak(self) -> bool:
        return self.afspraak is not None

    def wacht_op(self, nu: datetime) -> bool:
        """Issued at or before ``nu``, not yet called, served or marked no-show."""
        return (self.uitgegeven <= nu and self.opgeroepen is None and self.geholpen is None
                and not self.niet_verschenen)


@dataclass(frozen=True, slots=True)
class Agentstand:
    """One agent's current state as the supervisor sees it."""

    medewerker: str
    """The agent's gebruikersnaam."""
    naam: str
    status: Agentstatus
    sinds: datetime
    kanaal: Kanaal | None = None
    """The channel of the contact the agent is busy with, if any."""

    def duur(self, nu: datetime) -> timedelta:
        """How long the agent is in this state at ``nu``; zero when ``sinds`` lies after
        ``nu`` (the agent's workstation clock runs ahead)."""
        return max(nu - self.sinds, timedelta(0))


def agenten_per_status(agenten: Iterable[Agentstand]) -> dict[Agentstatus, list[Agentstand]]:
    """The agents grouped by state, every state present (possibly empty), in the order of
    Agentstatus; within a state the one longest in it first (earliest ``sinds``)."""
    uit: dict[Agentstatus, list[Agentstand]] = {s: [] for s in Agentstatus}
    for a in sorted(agenten, key=lambda a: (a.sinds, a.medewerker)):
        uit[a.status].append(a)
    return uit


@dataclass(frozen=True, slots=True)
class Afgehandeld:
    """A registered contact as the queue source counts it for FCR and volume: only its
    channel and how it ended, never who the customer was."""

    kanaal: Kanaal
    afhandeling: Afhandeling
    tijd: datetime
    medewerker: str = ""


class Gebeurtenissoort(enum.StrEnum):
    """What a workstation reports to the queue source."""

    AGENTSTATUS = "agentstatus"
    """The agent's state changed (``status``, and ``kanaal`` while busy with a contact)."""
    GESPREK_AANGEBODEN = "gesprek_aangeboden"
    """A call (``gesprek``) came in on queue ``wachtrij`` and rings."""
    GESPREK_AANGENOMEN = "gesprek_aangenomen"
    """The agent answered call ``gesprek``."""
    GESPREK_OPGEHANGEN = "gesprek_opgehangen"
    """Call ``gesprek`` ended before anyone answered it: the caller hung up while waiting."""
    TICKET_GEHOLPEN = "ticket_geholpen"
    """The customer of ticket ``ticket`` was served."""
    TICKET_NIET_VERSCHENEN = "ticket_niet_verschenen"
    """Ticket ``ticket`` was called, but nobody came to the counter."""
    CONTACT_GEREGISTREERD = "contact_geregistreerd"
    """A contact was registered (``kanaal``, ``afhandeling``): counts for FCR and volume."""

    @property
    def label(self) -> str:
        return {Gebeurtenissoort.AGENTSTATUS: "Status gewijzigd",
                Gebeurtenissoort.GESPREK_AANGEBODEN: "Gesprek binnengekomen",
                Gebeurtenissoort.GESPREK_AANGENOMEN: "Gesprek aangenomen",
                Gebeurtenissoort.GESPREK_OPGEHANGEN: "Beller opgehangen",
                Gebeurtenissoort.TICKET_GEHOLPEN: "Ticket geholpen",
                Gebeurtenissoort.TICKET_NIET_VERSCHENEN: "Ticket niet verschenen",
                Gebeurtenissoort.CONTACT_GEREGISTREERD: "Contact geteld"}[self]


@dataclass(frozen=True, slots=True)
class Wachtrijgebeurtenis:
    """One event a workstation reports, with the id the workstation made for it (a re-send
    of the same id changes nothing) and ``tijd`` on the workstation's own clock.

    ``verzonden`` is the workstation's clock when it was sent. The source places the event
    on its own clock as (its time of arrival) − (``verzonden`` − ``tijd``): workstation clocks
    that run ahead or behind cancel out, and an event kept in the outbox during an outage
    still gets the moment it happened (see ``op_bronklok``).
    """

    id: str
    soort: Gebeurtenissoort
    tijd: datetime
    medewerker: str = ""
    """The agent's gebruikersnaam."""
    naam: str = ""
    status: Agentstatus | None = None
    kanaal: Kanaal | None = None
    wachtrij: str = ""
    gesprek: str = ""
    """The softphone's call id."""
    ticket: str = ""
    """The source's ticket id."""
    afhandeling: Afhandeling | None = None
    verzonden: datetime | None = None

    def __post_init__(self) -> None:
        nodig: dict[Gebeurtenissoort, tuple[str, ...]] = {
            Gebeurtenissoort.AGENTSTATUS: ("medewerker", "status"),
            Gebeurtenissoort.GESPREK_AANGEBODEN: ("gesprek", "wachtrij"),
            Gebeurtenissoort.GESPREK_AANGENOMEN: ("gesprek", "medewerker"),
            Gebeurtenissoort.GESPREK_OPGEHANGEN: ("gesprek",),
            Gebeurtenissoort.TICKET_GEHOLPEN: ("ticket",),
            Gebeurtenissoort.TICKET_NIET_VERSCHENEN: ("ticket",),
            Gebeurtenissoort.CONTACT_GEREGISTREERD: ("kanaal", "afhandeling"),
        }
        ontbreekt = [v for v in nodig[self.soort] if getattr(self, v) in (None, "")]
        if not self.id or ontbreekt:
            raise ValueError(f"Een gebeurtenis {self.soort.value} mist "
                             f"{', '.join(ontbreekt) or 'id'}.")


def op_bronklok(gebeurtenis: Wachtrijgebeurtenis, ontvangen: datetime) -> datetime:
    """When ``gebeurtenis`` happened on the source's clock, given that the source received it
    at ``ontvangen`` (its own clock): ``ontvangen − (verzonden − tijd)``. Without
    ``verzonden`` (or when it lies before ``tijd``: a clock set back in between) the
    workstation's ``tijd`` is all there is."""
    v = gebeurtenis.verzonden
    if v is None or v < gebeurtenis.tijd:
        return gebeurtenis.tijd
    return ontvangen - (v - gebeurtenis.tijd)


@dataclass(frozen=True, slots=True)
class Wachtrijfeiten:
    """What a queue source knows of a period (usually today), all times on its own clock."""

    moment: datetime
    """The source's clock when it read these: the ``nu`` for every duration."""
    gesprekken: tuple[Wachtrijgesprek, ...] = ()
    tickets: tuple[Ticket, ...] = ()
    agenten: tuple[Agentstand, ...] = ()
    """Each agent's newest state (agents who reported in the period)."""
    contacten: tuple[Afgehandeld, ...] = ()


# -- Queue snapshot -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Drempeltelling:
    """The counts of one service-level threshold in a Wachtrijstand."""

    drempel: timedelta
    binnen: int
    """Answered with a wait of at most ``drempel`` (inclusive: exactly 20 s is within 20 s)."""
    wachtend_erboven: int
    """Still waiting, and longer than ``drempel``: they can no longer be answered within it."""


@dataclass(frozen=True, slots=True)
class Wachtrijstand:
    """One queue at one moment (QueueSnapshot): counts over the calls offered so far.

    ``aangeboden`` = ``beantwoord`` + ``opgehangen`` + ``wachtend``; ``kort_opgehangen`` is
    the part of ``opgehangen`` that waited less than ``korte_ophanger``.
    """

    wachtrij: str
    moment: datetime
    aangeboden: int
    beantwoord: int
    opgehangen: int
    kort_opgehangen: int
    wachtend: int
    langste_wachttijd: timedelta | None
    """The longest wait among the calls waiting now; None when nobody waits."""
    wachttijd_beantwoord: timedelta
    """The summed wait of the answered calls (so stands can be added up)."""
    korte_ophanger: timedelta
    drempels: tuple[Drempeltelling, ...] = ()

    def telling(self, drempel: timedelta) -> Drempeltelling | None:
        """The counts for ``drempel``; None when this stand was not counted at it."""
        return next((t for t in self.drempels if t.drempel == drempel), None)


def langste_wachttijd(gesprekken: Iterable[Wachtrijgesprek], nu: datetime) -> timedelta | None:
    """Longest current wait: the largest ``nu − aangeboden`` over the calls waiting at ``nu``
    (offered at or before ``nu``, neither answered nor abandoned by then); None when no call
    waits."""
    wachttijden = [g.wachttijd(nu) for g in gesprekken if g.wachtend_op(nu)]
    return max(wachttijden) if wachttijden else None


def wachtrijstand(wachtrij: str, gesprekken: Iterable[Wachtrijgesprek], nu: datetime, *,
                  drempels: Sequence[timedelta] = (timedelta(seconds=20),
                                                   timedelta(seconds=15)),
                  korte_ophanger: timedelta = timedelta(seconds=5)) -> Wachtrijstand:
    """The stand of queue ``wachtrij`` at ``nu`` from the calls given (the caller gives the
    calls of the period, e.g. today; calls of other queues are skipped).

    Only what happened at or before ``nu`` counts: a call offered later is left out, a call
    answered or abandoned later is still waiting at ``nu``. A short abandon waited strictly
    less than ``korte_ophanger`` (exactly ``korte_ophanger`` is a real abandon).
    ``korte_ophanger`` may not exceed a threshold: a call waiting past the threshold must no
    longer be able to become a short abandon.
    """
    if korte_ophanger < timedelta(0) or any(korte_ophanger > d for d in drempels):
        raise ValueError("De grens voor korte ophangers moet tussen 0 en elke drempel liggen.")
    eigen = [g for g in gesprekken if g.wachtrij == wachtrij and g.aangeboden <= nu]
    beantwoord = [g for g in eigen if g.beantwoord_op(nu)]
    opgehangen = [g for g in eigen if g.opgehangen_op(nu)]
    wachtend = [g for g in eigen if g.wachtend_op(nu)]
    return Wachtrijstand(
        wachtrij=wachtrij,
        moment=nu,
        aangeboden=len(eigen),
        beantwoord=len(beantwoord),
        opgehangen=len(opgehangen),
        kort_opgehangen=sum(1 for g in opgehangen if g.wachttijd(nu) < korte_ophanger),
        wachtend=len(wachtend),
        langste_wachttijd=langste_wachttijd(wachtend, nu),
        wachttijd_beantwoord=sum((g.wachttijd(nu) for g in beantwoord), timedelta(0)),
        korte_ophanger=korte_ophanger,
        drempels=tuple(
            Drempeltelling(d, sum(1 for g in beantwoord if g.wachttijd(nu) <= d),
                           sum(1 for g in wachtend if g.wachttijd(nu) > d))
            for d in dict.fromkeys(drempels)),
    )


def wachtrijstanden(gesprekken: Iterable[Wachtrijgesprek], nu: datetime, *,
                    wachtrijen: Iterable[str] = (),
                    drempels: Sequence[timedelta] = (timedelta(seconds=20),
                                                     timedelta(seconds=15)),
                    korte_ophanger: timedelta = timedelta(seconds=5)
                    ) -> dict[str, Wachtrijstand]:
    """A stand per queue, by queue name: every queue in ``wachtrijen`` (also when it had no
    call: an empty stand) and every queue a call was offered in at or before ``nu``."""
    alle = list(gesprekken)
    namen = set(wachtrijen) | {g.wachtrij for g in alle if g.aangeboden <= nu}
    return {n: wachtrijstand(n, alle, nu, drempels=drempels, korte_ophanger=korte_ophanger)
            for n in sorted(namen)}


def samengeteld(standen: Iterable[Wachtrijstand], naam: str, nu: datetime) -> Wachtrijstand:
    """The stands of several queues as one (all queues together): the counts added up, the
    longest wait the longest of any. Only thresholds every stand was counted at are kept;
    every stand must use the same ``korte_ophanger``."""
    alle = list(standen)
    kort = {s.korte_ophanger for s in alle}
    if len(kort) > 1:
        raise ValueError("Standen met verschillende grenzen voor korte ophangers tellen niet op.")
    gedeeld = [d.drempel for d in alle[0].drempels] if alle else []
    per_drempel = {d: [t for s in alle if (t := s.telling(d)) is not None] for d in gedeeld}
    gedeeld = [d for d in gedeeld if len(per_drempel[d]) == len(alle)]
    wachttijden = [s.langste_wachttijd for s in alle if s.langste_wachttijd is not None]
    return Wachtrijstand(
        wachtrij=naam, moment=nu,
        aangeboden=sum(s.aangeboden for s in alle), beantwoord=sum(s.beantwoord for s in alle),
        opgehangen=sum(s.opgehangen for s in alle),
        kort_opgehangen=sum(s.kort_opgehangen for s in alle),
        wachtend=sum(s.wachtend for s in alle),
        langste_wachttijd=max(wachttijden) if wachttijden else None,
        wachttijd_beantwoord=sum((s.wachttijd_beantwoord for s in alle), timedelta(0)),
        korte_ophanger=kort.pop() if kort else timedelta(seconds=5),
        drempels=tuple(Drempeltelling(d, sum(t.binnen for t in per_drempel[d]),
                                      sum(t.wachtend_erboven for t in per_drempel[d]))
                       for d in gedeeld),
    )


@dataclass(frozen=True, slots=True)
class Meetpunt:
    """One point of the day's chart: all queues together at ``moment``."""

    moment: datetime
    wachtend: int
    """Calls waiting at that moment."""
    servicelevel: float | None
    """The day's service level so far (from ``van`` up to ``moment``), at the threshold."""


def verloop(gesprekken: Sequence[Wachtrijgesprek], van: datetime, tot: datetime, *,
            stap: timedelta, drempel: timedelta, korte_ophanger: timedelta
            ) -> list[Meetpunt]:
    """Waiting calls and the service level so far at ``van``, ``van + stap``, … up to and
    including ``tot`` (``tot`` itself is always the last point), each as ``wachtrijstand``
    would give them at that moment over the calls offered from ``van`` on."""
    if stap <= timedelta(0):
        raise ValueError("De stap van het verloop moet positief zijn.")
    eigen = [g for g in gesprekken if g.aangeboden >= van]
    momenten: list[datetime] = []
    t = van
    while t < tot:
        momenten.append(t)
        t += stap
    momenten.append(tot)
    uit = []
    for m in momenten:
        standen = [wachtrijstand(n, eigen, m, drempels=(drempel,), korte_ophanger=korte_ophanger)
                   for n in {g.wachtrij for g in eigen if g.aangeboden <= m}]
        totaal = samengeteld(standen, "", m) if standen else None
        uit.append(Meetpunt(m, totaal.wachtend if totaal else 0,
                            servicelevel(totaal, drempel) if totaal else None))
    return uit


def standwisselingen(gesprekken: Iterable[Wachtrijgesprek], tot: datetime, *,
                     drempels: Sequence[timedelta] = (timedelta(seconds=20),
                                                      timedelta(seconds=15)),
                     korte_ophanger: timedelta = timedelta(seconds=5)
                     ) -> Iterator[tuple[datetime, tuple[Wachtrijstand, ...]]]:
    """Every moment up to ``tot`` at which a queue's stand changes, in time order, with the
    new stands of the queues that changed then (in one pass over the calls, so the start of
    a breach can be traced back through a whole day).

    An offer, answer or abandon changes the stand at its moment; a waiting call passes a
    threshold just after ``aangeboden + drempel`` (the change is given at that moment). A
    stand holds until its queue's next change and equals ``wachtrijstand`` at every moment
    strictly in between, except ``langste_wachttijd``, which is None here (it grows by the
    second; no norm judges it).
    """
    drempels = tuple(dict.fromkeys(drempels))
    # (moment, queue, what, call): what is "in", "uit" or the index of a threshold passed.
    wissels: list[tuple[datetime, str, str | int, Wachtrijgesprek]] = []
    for g in gesprekken:
        if g.aangeboden > tot:
            continue
        einde = g.aangenomen or g.opgehangen
        if einde is not None and einde > tot:
            einde = None  # still waiting at ``tot``
        wissels.append((g.aangeboden, g.wachtrij, "in", g))
        if einde is not None:
            wissels.append((einde, g.wachtrij, "uit", g))
        for k, d in enumerate(drempels):
            grens = g.aangeboden + d
            if grens < tot and (einde is None or einde > grens):
                wissels.append((grens, g.wachtrij, k, g))
    wissels.sort(key=lambda w: w[0])
    tellers: dict[str, list[int]] = {}
    """Per queue: aangeboden, beantwoord, opgehangen, kort, wachtend, then per threshold
    binnen and wachtend_erboven."""
    wachttijden: dict[str, timedelta] = {}
    i = 0
    while i < len(wissels):
        moment = wissels[i][0]
        gewijzigd: dict[str, None] = {}
        while i < len(wissels) and wissels[i][0] == moment:
            _, rij, wat, g = wissels[i]
            i += 1
            gewijzigd[rij] = None
            t = tellers.setdefault(rij, [0] * (5 + 2 * len(drempels)))
            if wat == "in":
                t[0] += 1
                t[4] += 1
            elif wat == "uit":
                wacht = (g.aangenomen or g.opgehangen or moment) - g.aangeboden
                t[4] -= 1
                for k, d in enumerate(drempels):
                    if wacht > d:
                        t[6 + 2 * k] -= 1  # it waited above the threshold until now
                if g.aangenomen is not None:
                    t[1] += 1
                    wachttijden[rij] = wachttijden.get(rij, timedelta(0)) + wacht
                    for k, d in enumerate(drempels):
                        t[5 + 2 * k] += wacht <= d
                else:
                    t[2] += 1
                    t[3] += wacht < korte_ophanger
            else:
                assert isinstance(wat, int)
                t[6 + 2 * wat] += 1
        yield moment, tuple(
            Wachtrijstand(
                wachtrij=rij, moment=moment, aangeboden=t[0], beantwoord=t[1],
                opgehangen=t[2], kort_opgehangen=t[3], wachtend=t[4], langste_wachttijd=None,
                wachttijd_beantwoord=wachttijden.get(rij, timedelta(0)),
                korte_ophanger=korte_ophanger,
                drempels=tuple(Drempeltelling(d, t[5 + 2 * k], t[6 + 2 * k])
                               for k, d in enumerate(drempels)))
            for rij in gewijzigd for t in (tellers[rij],))


# -- Metrics --------------------------------------------------------------------------------


def servicelevel(stand: Wachtrijstand, drempel: timedelta) -> float | None:
    """Service level: the share of calls answered within ``drempel``.

        binnen ÷ (aangeboden − kort_opgehangen − wachtend die nog niet langer dan de drempel
        wachten)
      = binnen ÷ (beantwoord + opgehangen − kort_opgehangen + wachtend_erboven)

    Abandons count as offered (they are in the denominator, never in the numerator); short
    abandons (waited < ``korte_ophanger``) are left out of numerator and denominator. A call
    still waiting counts once it waited longer than ``drempel`` (it can no longer make it),
    not before, so a call that just came in does not pull the figure down. Answered at
    exactly ``drempel`` is within. None when the denominator is 0 (an empty queue, or only
    short abandons and calls still within the threshold). Raises ValueError when the stand
    was not counted at ``drempel``.
    """
    telling = stand.telling(drempel)
    if telling is None:
        raise ValueError(f"Deze stand is niet geteld bij een drempel van {drempel}.")
    noemer = (stand.beantwoord + stand.opgehangen - stand.kort_opgehangen
              + telling.wachtend_erboven)
    return telling.binnen / noemer if noemer else None


def gemiddelde_wachttijd(stand: Wachtrijstand) -> timedelta | None:
    """Average speed of answer (ASA): the summed wait (aangenomen − aangeboden) of the
    answered calls ÷ their number. Abandoned and waiting calls are not in it. None when no
    call was answered."""
    return stand.wachttijd_beantwoord / stand.beantwoord if stand.beantwoord else None


def ophangratio(stand: Wachtrijstand) -> float | None:
    """Abandon rate: (opgehangen − kort_opgehangen) ÷ (beantwoord + opgehangen −
    kort_opgehangen): of the calls that left the queue, the share that hung up, short
    abandons left out of both. Calls still waiting are not counted (their end is unknown).
    None when the denominator is 0."""
    verloren = stand.opgehangen - stand.kort_opgehangen
    noemer = stand.beantwoord + verloren
    return verloren / noemer if noemer else None


def fcr(contacten: Iterable[Contactmoment | Afgehandeld],
        kanaal: Kanaal | None = None) -> float | None:
    """First-contact resolution: contacts registered with afhandeling "In één keer
    afgehandeld" ÷ contacts registered (of ``kanaal`` when given; anonymous contacts count
    too). None when there is no contact to count."""
    geteld = [c for c in contacten if kanaal is None or c.kanaal is kanaal]
    if not geteld:
        return None
    return sum(1 for c in geteld if c.afhandeling is Afhandeling.IN_EEN_KEER) / len(geteld)


def fcr_per_kanaal(contacten: Iterable[Contactmoment | Afgehandeld]) -> dict[Kanaal, float | None]:
    """FCR per channel as ``fcr`` defines it, every channel present in Kanaal's order; None
    for a channel without contacts."""
    alle = list(contacten)
    return {k: fcr(alle, k) for k in Kanaal}


def volume_per_kanaal(contacten: Iterable[Contactmoment | Afgehandeld]) -> dict[Kanaal, int]:
    """The number of contacts registered per channel, every channel present (0 if none)."""
    uit = dict.fromkeys(Kanaal, 0)
    for c in contacten:
        uit[c.kanaal] += 1
    return uit


# -- Norms and judgement --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Servicelevelnorm:
    """At least ``aandeel`` of the calls answered within ``drempel``."""

    drempel: timedelta
    aandeel: float


@dataclass(frozen=True, slots=True)
class Normen:
    """A profile's norms; the defaults are those of ../shared/DESIGN.md.

    ``korte_ophanger``, the margins and ``alarm_na`` are settings of werkplek, not norms
    from the field.
    """

    fcr: float = 0.80
    """At least this share answered in one go."""
    servicelevels: tuple[Servicelevelnorm, ...] = (
        Servicelevelnorm(timedelta(seconds=20), 0.97),
        Servicelevelnorm(timedelta(seconds=15), 0.95),
    )
    gemiddelde_wachttijd: timedelta = timedelta(seconds=7.5)
    """At most this average wait (ASA)."""
    doorverbonden_bereikt: float = 1.00
    """At least this share of transfers reaches someone."""
    terugval_centrale: float = 0.05
    """Strictly less than this share of calls falls back to the switchboard."""
    korte_ophanger: timedelta = timedelta(seconds=5)
    marge: float = 0.02
    """The "let op" band of a share, in fraction points (0.02 is 2 percentage points)."""
    marge_wachttijd: timedelta = timedelta(seconds=2)
    """The "let op" band of the average wait."""
    alarm_na: timedelta = timedelta(minutes=5)
    """An alarm goes off when a norm is broken continuously for longer than this."""

    def __post_init__(self) -> None:
        aandelen = (self.fcr, self.doorverbonden_bereikt, self.terugval_centrale, self.marge,
                    *(n.aandeel for n in self.servicelevels))
        if any(not 0.0 <= a <= 1.0 for a in aandelen):
            raise ValueError("Een norm of marge als aandeel ligt tussen 0 en 1 (0% en 100%).")
        duren = (self.gemiddelde_wachttijd, self.korte_ophanger, self.marge_wachttijd,
                 self.alarm_na, *self.drempels)
        if any(d < timedelta(0) for d in duren):
            raise ValueError("Een tijd in de normen kan niet negatief zijn.")
        if len(set(self.drempels)) != len(self.drempels):
            raise ValueError("Elke drempel van het serviceniveau mag maar één norm hebben.")
        if any(self.korte_ophanger > d for d in self.drempels):
            raise ValueError("De grens voor korte ophangers mag niet boven een drempel liggen.")

    @property
    def drempels(self) -> tuple[timedelta, ...]:
        return tuple(n.drempel for n in self.servicelevels)


class Oordeel(enum.StrEnum):
    """How a figure stands against its norm: the colour of a tile."""

    IN_ORDE = "in_orde"
    LET_OP = "let_op"
    BUITEN_NORM = "buiten_norm"
    ONBEKEND = "onbekend"

    @property
    def label(self) -> str:
        return {Oordeel.IN_ORDE: "In orde", Oordeel.LET_OP: "Let op",
                Oordeel.BUITEN_NORM: "Buiten de norm", Oordeel.ONBEKEND: "Geen gegevens"}[self]


class Maatstaf(enum.StrEnum):
    """A figure that has a norm."""

    FCR = "fcr"
    SERVICELEVEL = "servicelevel"
    GEMIDDELDE_WACHTTIJD = "gemiddelde_wachttijd"
    DOORVERBONDEN_BEREIKT = "doorverbonden_bereikt"
    TERUGVAL_CENTRALE = "terugval_centrale"


@dataclass(frozen=True, slots=True)
class Beoordeling:
    """One figure judged against its norm."""

    maatstaf: Maatstaf
    waarde: float | timedelta | None
    norm: float | timedelta
    oordeel: Oordeel
    drempel: timedelta | None = None
    """The threshold, for a service level."""

    @property
    def sleutel(self) -> str:
        """Names the figure among a queue's figures, e.g. "servicelevel_20s" (for alarms)."""
        if self.drempel is None:
            return self.maatstaf.value
        return f"{self.maatstaf.value}_{self.drempel.total_seconds():g}s"

    @property
    def label(self) -> str:
        if self.maatstaf is Maatstaf.SERVICELEVEL and self.drempel is not None:
            return f"Binnen {self.drempel.total_seconds():g} s opgenomen"
        return {Maatstaf.FCR: "In één keer afgehandeld",
                Maatstaf.SERVICELEVEL: "Serviceniveau",
                Maatstaf.GEMIDDELDE_WACHTTIJD: "Gemiddelde wachttijd",
                Maatstaf.DOORVERBONDEN_BEREIKT: "Doorverbonden en bereikt",
                Maatstaf.TERUGVAL_CENTRALE: "Terugval naar de centrale"}[self.maatstaf]


def oordeel_minimum(waarde: float | None, norm: float, marge: float) -> Oordeel:
    """A share that must be at least ``norm`` (service level, FCR, transfers reached):

    - BUITEN_NORM when waarde < norm;
    - IN_ORDE when waarde ≥ norm + marge, or waarde is 100% (a norm of 100% cannot be beaten
      by a margin);
    - LET_OP in between: norm ≤ waarde < norm + marge;
    - ONBEKEND when waarde is None.

    Compared with a tolerance of TOLERANTIE.
    """
    if waarde is None:
        return Oordeel.ONBEKEND
    if waarde < norm - TOLERANTIE:
        return Oordeel.BUITEN_NORM
    if waarde >= min(norm + marge, 1.0) - TOLERANTIE:
        return Oordeel.IN_ORDE
    return Oordeel.LET_OP


def oordeel_maximum(waarde: float | None, norm: float, marge: float, *,
                    strikt: bool = False) -> Oordeel:
    """A figure that must be at most ``norm`` (average wait in seconds), or strictly less
    with ``strikt`` (fallback to the switchboard "< 5%"):

    - BUITEN_NORM when waarde > norm (with ``strikt``: waarde ≥ norm);
    - IN_ORDE when waarde ≤ norm − marge (with ``strikt``: waarde < norm − marge);
    - LET_OP in between;
    - ONBEKEND when waarde is None.

    Compared with a tolerance of TOLERANTIE.
    """
    if waarde is None:
        return Oordeel.ONBEKEND

    def haalt(grens: float) -> bool:
        return waarde < grens - TOLERANTIE if strikt else waarde <= grens + TOLERANTIE

    if not haalt(norm):
        return Oordeel.BUITEN_NORM
    return Oordeel.IN_ORDE if haalt(norm - marge) else Oordeel.LET_OP


def beoordeel(stand: Wachtrijstand, normen: Normen) -> tuple[Beoordeling, ...]:
    """A queue against the norms: one Beoordeling per service-level norm (in the order of
    ``normen.servicelevels``), then the average wait. A service level the stand was not
    counted at is ONBEKEND, as is a figure that is None."""
    uit = []
    for n in normen.servicelevels:
        waarde = servicelevel(stand, n.drempel) if stand.telling(n.drempel) else None
        uit.append(Beoordeling(Maatstaf.SERVICELEVEL, waarde, n.aandeel,
                               oordeel_minimum(waarde, n.aandeel, normen.marge), n.drempel))
    asa = gemiddelde_wachttijd(stand)
    uit.append(Beoordeling(
        Maatstaf.GEMIDDELDE_WACHTTIJD, asa, normen.gemiddelde_wachttijd,
        oordeel_maximum(None if asa is None else asa.total_seconds(),
                        normen.gemiddelde_wachttijd.total_seconds(),
                        normen.marge_wachttijd.total_seconds())))
    return tuple(uit)


def beoordeel_fcr(waarde: float | None, normen: Normen) -> Beoordeling:
    """FCR (of all channels or of one) against ``normen.fcr``, as ``oordeel_minimum``."""
    return Beoordeling(Maatstaf.FCR, waarde, normen.fcr,
                       oordeel_minimum(waarde, normen.fcr, normen.marge))


def beoordeel_doorverbinden(bereikt: float | None, terugval: float | None, normen: Normen
                            ) -> tuple[Beoordeling, Beoordeling]:
    """The share of transfers that reached someone (at least the norm) and the share of
    calls that fell back to the switchboard (strictly below the norm), each None when there
    was nothing to count."""
    return (
        Beoordeling(Maatstaf.DOORVERBONDEN_BEREIKT, bereikt, normen.doorverbonden_bereikt,
                    oordeel_minimum(bereikt, normen.doorverbonden_bereikt, normen.marge)),
        Beoordeling(Maatstaf.TERUGVAL_CENTRALE, terugval, normen.terugval_centrale,
                    oordeel_maximum(terugval, normen.terugval_centrale, normen.marge,
                                    strikt=True)),
    )


# -- Alarm ----------------------------------------------------------------------------------


class Alarmtoestand(enum.StrEnum):
    RUSTIG = "rustig"
    """The norm is met (or nothing is known)."""
    BUITEN_NORM = "buiten_norm"
    """The norm is broken, not yet long enough for an alarm."""
    ALARM = "alarm"
    """The alarm went off and nobody acknowledged it yet; it stays, also when the norm is
    met again."""
    BEVESTIGD = "bevestigd"
    """Acknowledged while the norm is still broken: quiet until the norm is met again."""


@dataclass(frozen=True, slots=True)
class Alarm:
    """The alarm of one figure (of one queue), as a state machine over observations.

    Feed every judgement with ``waarneming``; ``bevestig`` is the supervisor's
    acknowledgement. Only BUITEN_NORM counts as a broken norm (LET_OP still meets it;
    ONBEKEND is not a breach and ends one).
    """

    toestand: Alarmtoestand = Alarmtoestand.RUSTIG
    buiten_norm_sinds: datetime | None = None
    """The first observation of the breach going on now; None when the last observation
    met the norm."""
    afgegaan_op: datetime | None = None
    """When the alarm went off (in ALARM and BEVESTIGD)."""

    @property
    def actief(self) -> bool:
        """Whether the supervisor should see and hear it: gone off, not acknowledged."""
        return self.toestand is Alarmtoestand.ALARM

    def waarneming(self, oordeel: Oordeel, nu: datetime, alarm_na: timedelta, *,
                   sinds: datetime | None = None) -> Alarm:
        """The alarm after observing ``oordeel`` at ``nu``.

        The alarm goes off at the first observation at which the norm has been broken at
        every observation since ``buiten_norm_sinds`` and ``nu − buiten_norm_sinds`` is
        strictly more than ``alarm_na`` (a breach of exactly ``alarm_na`` does not). An
        observation that meets the norm ends the breach: the timer starts again at the next
        breach, and an acknowledged alarm is over; an alarm not yet acknowledged stays.

        ``sinds`` is when the facts show a breach first observed now began (traced back
        with ``standwisselingen``); without it the breach begins at ``nu``. It is ignored
        while a breach is already being timed, and never lies after ``nu``.
        """
        gebroken = oordeel is Oordeel.BUITEN_NORM
        if not gebroken:
            if self.toestand is Alarmtoestand.ALARM:
                return replace(self, buiten_norm_sinds=None)
            return Alarm()
        sinds = self.buiten_norm_sinds or min(sinds or nu, nu)
        if self.toestand in (Alarmtoestand.RUSTIG, Alarmtoestand.BUITEN_NORM):
            if nu - sinds > alarm_na:
                return Alarm(Alarmtoestand.ALARM, sinds, nu)
            return Alarm(Alarmtoestand.BUITEN_NORM, sinds)
        return replace(self, buiten_norm_sinds=sinds)

    def bevestig(self) -> Alarm:
        """The supervisor acknowledges: an alarm whose breach goes on becomes BEVESTIGD (no
        new alarm until the norm was met again), one whose norm is met again is over.
        Acknowledging anything but an active alarm changes nothing."""
        if self.toestand is not Alarmtoestand.ALARM:
            return self
        if self.buiten_norm_sinds is None:
            return Alarm()
        return replace(self, toestand=Alarmtoestand.BEVESTIGD)


# -- Counter ticket queue -------------------------------------------------------------------


def wachtende_tickets(tickets: Iterable[Ticket], nu: datetime) -> list[Ticket]:
    """The tickets waiting at ``nu`` (see ``Ticket.wacht_op``) in the order they are called.

    First the appointment tickets whose time has come (``afspraak`` ≤ ``nu``), earliest
    appointment first; then all others — walk-ins and appointment tickets before their
    time — first issued, first served. Ties go by issue time, then ticket number.
    """
    wachtend = [t for t in tickets if t.wacht_op(nu)]

    def volgorde(t: Ticket) -> tuple[int, datetime, datetime, str]:
        if t.afspraak is not None and t.afspraak <= nu:
            return (0, t.afspraak, t.uitgegeven, t.nummer)
        return (1, t.uitgegeven, t.uitgegeven, t.nummer)

    return sorted(wachtend, key=volgorde)


def volgende(tickets: Iterable[Ticket], nu: datetime) -> Ticket | None:
    """"Volgende klant": the first of ``wachtende_tickets``; None when nobody waits."""
    rij = wachtende_tickets(tickets, nu)
    return rij[0] if rij else None
