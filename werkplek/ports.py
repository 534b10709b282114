"""The contracts plugins implement: one typing.Protocol per capability, async, domain types only."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from werkplek.domain.agenda import Afspraak, Afspraakstatus, Afspraakverzoek, Agenda, Tijdslot
from werkplek.domain.invoer import Zoekvraag
from werkplek.domain.model import (
    Bedrijf,
    Contactmoment,
    Kennisartikel,
    KlantRef,
    Medewerker,
    Ontvanger,
    Persoon,
    Veldlimieten,
    Zaak,
    Zaakaanvraag,
    Zaaktype,
)
from werkplek.domain.oproep import Gespreksgebeurtenis
from werkplek.domain.wachtrij import Ticket, Wachtrijfeiten, Wachtrijgebeurtenis

PLUGIN_API_VERSIE = 1
"""A plugin declares the API version it was written for; werkplek refuses another one."""


class Capability(enum.StrEnum):
    """What a plugin can do; each capability is one port below."""

    PERSONEN = "personen"
    BEDRIJVEN = "bedrijven"
    KLANTCONTACTEN = "klantcontacten"
    ZAKEN = "zaken"
    AGENDA = "agenda"
    KENNIS = "kennis"
    WACHTRIJ = "wachtrij"
    TELEFONIE = "telefonie"
    AUDIT = "audit"

    @property
    def label(self) -> str:
        return {
            Capability.PERSONEN: "Personen",
            Capability.BEDRIJVEN: "Bedrijven",
            Capability.KLANTCONTACTEN: "Contacthistorie",
            Capability.ZAKEN: "Zaken",
            Capability.AGENDA: "Agenda",
            Capability.KENNIS: "Kennisbank",
            Capability.WACHTRIJ: "Wachtrij",
            Capability.TELEFONIE: "Telefonie",
            Capability.AUDIT: "Auditarchief",
        }[self]


@dataclass(frozen=True, slots=True)
class Gezondheid:
    """The answer of ``health()``: does the source work, and if not, why (in Dutch)."""

    in_orde: bool
    toelichting: str = ""


class Geheimen(Protocol):
    """Gives a plugin its secrets (API keys, passwords) from the OS keyring, by name."""

    def geheim(self, naam: str) -> str | None: ...


class Sleutelopslag(Protocol):
    """A plugin's own small key-value store for what it looked up and should not ask again
    (e.g. the partij uuid of a customer, so a BSN is not put on the wire at every view).

    werkplek backs it with the workstation's encrypted store, so personal data in it is
    encrypted at rest; without one it lives in memory for the session. Keys are the
    plugin's own (werkplek separates plugins); values are text.
    """

    async def lees(self, sleutel: str) -> str | None: ...

    async def schrijf(self, sleutel: str, waarde: str) -> None: ...

    async def wis(self, sleutel: str) -> None: ...


class GeheugenOpslag:
    """A Sleutelopslag in memory: for a session without a local store, and for tests."""

    def __init__(self) -> None:
        self._waarden: dict[str, str] = {}

    async def lees(self, sleutel: str) -> str | None:
        return self._waarden.get(sleutel)

    async def schrijf(self, sleutel: str, waarde: str) -> None:
        self._waarden[sleutel] = waarde

    async def wis(self, sleutel: str) -> None:
        self._waarden.pop(sleutel, None)


@dataclass(frozen=True, slots=True)
class PluginContext:
    """What werkplek hands every plugin besides its own config section."""

    naam: str
    """The name this plugin instance has in the profile."""
    profiel: str
    data_dir: Path
    medewerker: Medewerker
    geheimen: Geheimen
    opslag: Sleutelopslag = field(default_factory=GeheugenOpslag)


@runtime_checkable
class Plugin(Protocol):
    """Every plugin object: names its capabilities, reports its health, closes cleanly."""

    api_versie: int
    capabilities: frozenset[Capability]

    async def health(self) -> Gezondheid: ...

    async def aclose(self) -> None: ...


class PluginFactory(Protocol):
    """The object an entry point in group ``werkplek.plugins`` refers to."""

    def __call__(self, config: Mapping[str, Any], context: PluginContext) -> Plugin: ...


class BronFout(Exception):
    """A source answered, but not with something usable; the message is Dutch."""


class BronOnbereikbaar(BronFout):
    """The source could not be reached (network, server down); the same call may work later.

    The sync worker retries a write that failed this way; any other BronFout is the source's
    refusal of that write, which is parked for the agent to correct.
    """


class Toegangsfout(BronFout):
    """The source refused this workstation's credentials: a wrong, expired or revoked key or
    client secret. That is the configuration, not the content: the same write goes through
    once the key is corrected, so the sync worker keeps it waiting (never parks it) and
    tries again by itself. The message says which key to set and how."""


class SlotBezet(BronFout):
    """The slot was taken by someone else between showing it and booking it."""

    def __init__(self, bericht: str = "Dit tijdslot is net bezet; kies een ander tijdstip."
                 ) -> None:
        super().__init__(bericht)


class PersonenBron(Protocol):
    async def zoek_personen(self, vraag: Zoekvraag) -> list[Persoon]:
        """Persons matching a search; an empty list for kinds of search it cannot do."""
        ...

    async def persoon(self, bsn: str) -> Persoon | None: ...


class BedrijvenBron(Protocol):
    async def zoek_bedrijven(self, vraag: Zoekvraag) -> list[Bedrijf]: ...

    async def bedrijf(self, kvk_nummer: str) -> Bedrijf | None: ...


class KlantcontactRegister(Protocol):
    limieten: Veldlimieten
    """The longest texts this register stores; werkplek checks them at the field."""

    async def contactmomenten(self, klant: KlantRef) -> list[Contactmoment]: ...

    async def ontvangers(self) -> list[Ontvanger]:
        """Who can take over a contactverzoek: medewerkers, afdelingen and groepen."""
        ...

    async def registreer(self, contactmoment: Contactmoment) -> Contactmoment:
        """Store a contact; returns it as stored (with this source's name).

        Idempotent on ``contactmoment.id``: the outbox re-sends after a crash, and the same
        id again must return the contact stored the first time, never store a second one.
        A source whose API has no idempotency key looks the id up before it sends.

        A contact with a ``verzoek`` stores the contactverzoek with it, in the same call, for
        the ontvanger named in it (Klantinteracties: an internetaak).
        """
        ...


class ZakenBron(Protocol):
    async def zaken(self, klant: KlantRef) -> list[Zaak]: ...

    async def zaak(self, identificatie: str) -> Zaak | None: ...

    async def zaaktypen(self) -> list[Zaaktype]:
        """The zaaktypen this source can start a zaak of."""
        ...

    async def start_zaak(self, aanvraag: Zaakaanvraag) -> Zaak:
        """Start a zaak; the same ``aanvraag.id`` again returns the zaak started the first time.

        Raises BronFout (Dutch message) when the source refuses, e.g. an unknown zaaktype.
        """
        ...


class KennisBron(Protocol):
    async def artikelen(self) -> list[Kennisartikel]:
        """All articles; werkplek indexes them locally for search as you type."""
        ...



class AgendaBron(Protocol):
    async def agendas(self) -> list[Agenda]:
        """The agendas this source holds, with the onderwerpen they serve and their rooster."""
        ...

    async def vrije_tijden(self, agenda: str, van: datetime, tot: datetime) -> list[Tijdslot]:
        """Free slots of one agenda: its rooster minus what is busy, none before lead time."""
        ...

    async def boek(self, verzoek: Afspraakverzoek) -> Afspraak:
        """Book a slot; raises SlotBezet when someone else took it. The same id books once."""
        ...

    async def verzet(self, afspraak: Afspraak, begin: datetime, einde: datetime) -> Afspraak:
        """Move an appointment; raises SlotBezet, or BronFout when it was changed meanwhile."""
        ...

    async def annuleer(self, afspraak: Afspraak) -> None: ...

    async def afspraken(self, klant: KlantRef) -> list[Afspraak]:
        """The appointments of one customer, from today on."""
        ...

    async def afspraken_op(self, dag: date, locatie: str = "") -> list[Afspraak]:
        """The appointments of one day (at one location): the counter's "Vandaag"."""
        ...

    async def zet_status(self, afspraak: Afspraak, status: Afspraakstatus) -> Afspraak: ...


GEEN_VERBINDING = "geen verbinding"
"""What ``WachtrijBron.wijzigingen`` yields when its live feed is lost (it reconnects)."""
VERBONDEN = "verbonden"
"""What it yields when the feed is back: read everything again, changes may have been missed."""


class WachtrijBron(Protocol):
    """Queues, counter tickets and agent states, for the supervisor's panel and the counter.

    Every time the source stores or gives is on its own clock (the database's), so durations
    do not depend on which workstation's clock is right.
    """

    async def meld(self, gebeurtenis: Wachtrijgebeurtenis) -> None:
        """Record what a workstation reports; a re-send of the same ``gebeurtenis.id`` changes
        nothing. The moment is placed on the source's clock with ``op_bronklok``. A call
        answered anywhere is answered, also when an abandon of it was reported before."""
        ...

    async def feiten(self, sinds: datetime) -> Wachtrijfeiten:
        """Everything since ``sinds`` (the start of today): calls offered, tickets issued,
        contacts registered, and each agent's newest state; ``moment`` is the source's now."""
        ...

    async def geef_ticket(self, id: str, klant: KlantRef | None = None,
                          afspraak: datetime | None = None) -> Ticket:
        """Issue a ticket for the counter's queue (``afspraak``: the appointment checked in).
        Numbers run per day: "A001"… for appointments, "Z001"… without. Idempotent on ``id``."""
        ...

    async def roep_volgende(self, medewerker: Medewerker) -> Ticket | None:
        """"Volgende klant": call the next waiting ticket (``volgende`` at the source's now)
        for ``medewerker``; two counters calling at once never get the same ticket. None
        when nobody waits."""
        ...

    def wijzigingen(self) -> AsyncIterator[str]:
        """A notice each time queue data changed, on any workstation (what changed, e.g.
        "agentstatus"), for as long as werkplek runs; GEEN_VERBINDING and VERBONDEN when the
        feed is lost and back. The panel reads the figures again on each notice."""
        ...


class Telefonie(Protocol):
    """The softphone beside werkplek (CTI): its call events, click-to-dial and hang up."""

    def gebeurtenissen(self) -> AsyncIterator[Gespreksgebeurtenis]:
        """Every call event, for as long as werkplek runs; a lost connection to the
        softphone is made again by the plugin (its state shows in ``health()``)."""
        ...

    async def bel(self, nummer: str) -> None:
        """Dial ``nummer`` (E.164); raises BronFout when the softphone refuses."""
        ...

    async def aannemen(self) -> None: ...

    async def ophangen(self) -> None: ...

    async def doorverbinden(self, nummer: str) -> None:
        """Transfer the call in progress to ``nummer`` (E.164 or an extension); raises
        BronFout when there is no call or the softphone refuses."""
        ...


@dataclass(frozen=True, slots=True)
class Auditschakel:
    """One link of a workstation's audit chain: its number and hash, never its content."""

    volgnummer: int
    hash: str


@dataclass(frozen=True, slots=True)
class Auditketenstuk:
    """Links of one chain (``keten``) of one workstation (profile@host/user), in order."""

    keten: str
    werkplek: str
    schakels: tuple[Auditschakel, ...]


@dataclass(frozen=True, slots=True)
class Auditketenkop:
    """The head of a chain as the archive holds it: its last link and how many it has."""

    keten: str
    werkplek: str
    volgnummer: int
    hash: str
    aantal: int


class Auditarchief(Protocol):
    """A copy of every workstation's audit chain head outside the workstation (the team
    database): it shows a log cut off at the end or rebuilt by someone holding its key."""

    async def bewaar_audit(self, stuk: Auditketenstuk) -> None:
        """Idempotent per (keten, volgnummer); a number already kept with another hash is
        refused with BronFout (the first one stays)."""
        ...

    async def audit_ketens(self, werkplek: str) -> list[Auditketenkop]:
        """Every chain the archive holds for this workstation, with its head."""
        ...

    async def audit_schakels(self, keten: str) -> list[Auditschakel]:
        """Every link of one chain, in order."""
        ...
