"""What the window shows of the services' work: plain values with no store, plugin or network
machinery behind them, so the window can be drawn before the services are up."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from werkplek.domain.model import Kanaal, KlantRef
from werkplek.domain.wachtrij import (
    Agentstand,
    Alarm,
    Beoordeling,
    Meetpunt,
    Normen,
    Oordeel,
    Ticket,
    Wachtrijstand,
)
from werkplek.services.plugins import BronAntwoord, Uitkomst
from werkplek.store.rijen import Kennistreffer

T = TypeVar("T")

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


class Uitslag(enum.StrEnum):
    AANGEKOMEN = "aangekomen"
    WACHT = "wacht"
    """Not (surely) arrived: the source could not be reached; it stays in the outbox."""
    GEWEIGERD = "geweigerd"


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


@dataclass(frozen=True, slots=True)
class BronStatus:
    bron: str
    uitkomst: Uitkomst
    melding: str = ""


@dataclass(frozen=True, slots=True)
class Deel(Generic[T]):
    """One panel's data merged from all sources, with each source's state."""

    waarde: T
    bronnen: tuple[BronStatus, ...]
    vastgelegd: asyncio.Future[None] | None = None
    """Search results: their audit record, handed to the store before the list is returned
    and written durably while it paints; should it fail, the list must go again."""

    @property
    def meldingen(self) -> list[str]:
        return [b.melding for b in self.bronnen if b.uitkomst is not Uitkomst.OK]


def bronstatussen(antwoorden: Iterable[BronAntwoord[Any]]) -> tuple[BronStatus, ...]:
    return tuple(BronStatus(a.bron, a.uitkomst, a.melding) for a in antwoorden)


@dataclass(frozen=True, slots=True)
class Zoekresultaat:
    klant: KlantRef
    titel: str
    omschrijving: str
    bron: str


class Kennispagina(list[Kennistreffer]):
    """One page of the kennisbank's plain list (no search typed); ``verder`` is where the
    next page starts, None after the last."""

    def __init__(self, treffers: Iterable[Kennistreffer], onderwerp: str,
                 verder: int | None) -> None:
        super().__init__(treffers)
        self.onderwerp = onderwerp
        self.verder = verder


ALLE = "Alle wachtrijen"

@dataclass(frozen=True, slots=True)
class Tegel:
    """One queue's tile: its stand and its figures judged against the norms."""

    stand: Wachtrijstand
    beoordelingen: tuple[Beoordeling, ...]

    @property
    def oordeel(self) -> Oordeel:
        """The worst judgement of the tile (its colour); ONBEKEND when nothing is known."""
        return slechtste(b.oordeel for b in self.beoordelingen)


def slechtste(oordelen: Any) -> Oordeel:
    volgorde = (Oordeel.BUITEN_NORM, Oordeel.LET_OP, Oordeel.IN_ORDE)
    gezien = set(oordelen)
    return next((o for o in volgorde if o in gezien), Oordeel.ONBEKEND)


@dataclass(frozen=True, slots=True)
class Balierij:
    """The counter's queue now."""

    wachtend: tuple[Ticket, ...]
    """Waiting tickets, in the order they will be called."""
    langste_wachttijd: timedelta | None
    afspraken_aanwezig: int
    """Appointments checked in and waiting."""
    geholpen: int
    """Tickets served today."""
    niet_verschenen: int


@dataclass(frozen=True, slots=True)
class Melding:
    """An alarm the supervisor sees: a norm broken too long, until acknowledged."""

    sleutel: str
    """Names the figure: "<queue>/<figure>", e.g. "Telefoon/servicelevel_20s"."""
    wachtrij: str
    beoordeling: Beoordeling
    alarm: Alarm

    @property
    def tekst(self) -> str:
        b = self.beoordeling
        return f"{self.wachtrij}: {b.label} buiten de norm ({toon_waarde(b.waarde)}, norm " \
               f"{toon_waarde(b.norm)})"


@dataclass(frozen=True, slots=True)
class Wachtrijbeeld:
    """Everything the panel "Wachtrijen" shows at one moment (the source's clock)."""

    moment: datetime
    verbonden: bool
    """False while the queue source cannot be reached: the figures are those of ``gelezen``."""
    gelezen: datetime | None
    """The source's clock when the facts shown were read; None before the first read."""
    tegels: tuple[Tegel, ...]
    """A tile per queue, by name, then the total of all queues (``ALLE``)."""
    agenten: tuple[Agentstand, ...]
    balie: Balierij
    fcr: Beoordeling
    """Today's FCR over all channels."""
    fcr_per_kanaal: Mapping[Kanaal, float | None]
    volume: Mapping[Kanaal, int]
    verloop: tuple[Meetpunt, ...]
    meldingen: tuple[Melding, ...]
    """Active alarms (gone off, not acknowledged), oldest first."""
    normen: Normen
    melding: str = ""
    """Why the figures are not live, in Dutch, when they are not."""


def toon_waarde(w: float | timedelta | None) -> str:
    """A figure for people: 97%, 7,5 s, 14:05 min, or "—" when there is none."""
    if w is None:
        return "—"
    if isinstance(w, timedelta):
        seconden = w.total_seconds()
        if seconden >= 60:  # 14:05 min
            m, s = divmod(round(seconden), 60)
            return f"{m}:{s:02d} min"
        return f"{seconden:.1f} s".replace(".", ",")
    return f"{w * 100:.0f}%"


