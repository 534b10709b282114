"""Backoffice agendas: who serves which onderwerp, when they work, and which slots are free.

Free slots are computed here, the same way for every source: a source only says which
times are busy. Days are built in Europe/Amsterdam, so a slot keeps its wall-clock time
across a DST change (a 10:00 appointment is at 10:00 in March and in November).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from werkplek.domain.model import TIJDZONE, KlantRef


class Afspraakstatus(enum.StrEnum):
    """Check-in at the counter."""

    VERWACHT = "verwacht"
    AANWEZIG = "aanwezig"
    GEHOLPEN = "geholpen"
    NIET_VERSCHENEN = "niet_verschenen"

    @property
    def label(self) -> str:
        return {
            Afspraakstatus.VERWACHT: "Verwacht",
            Afspraakstatus.AANWEZIG: "Aanwezig",
            Afspraakstatus.GEHOLPEN: "Geholpen",
            Afspraakstatus.NIET_VERSCHENEN: "Niet verschenen",
        }[self]


@dataclass(frozen=True, slots=True)
class Rooster:
    """When an agenda can be booked: working days and hours, breaks, slot length, lead time."""

    werkdagen: tuple[int, ...] = (0, 1, 2, 3, 4)
    """Weekdays as date.weekday(): 0 is Monday."""
    begin: time = time(9, 0)
    einde: time = time(17, 0)
    pauzes: tuple[tuple[time, time], ...] = ((time(12, 30), time(13, 0)),)
    slotduur_minuten: int = 30
    voorlooptijd_uren: int = 2
    """The earliest bookable slot is this long after now."""


@dataclass(frozen=True, slots=True)
class Agenda:
    id: str
    naam: str
    """The medewerker or afdeling, as the agent and the citizen read it."""
    onderwerpen: tuple[str, ...]
    locatie: str = ""
    rooster: Rooster = field(default_factory=Rooster)
    bron: str = ""

    def bedient(self, onderwerp: str) -> bool:
        o = onderwerp.strip().casefold()
        return any(o == x.casefold() for x in self.onderwerpen)


@dataclass(frozen=True, slots=True)
class Tijdslot:
    agenda: str
    begin: datetime
    einde: datetime


@dataclass(frozen=True, slots=True)
class Afspraak:
    id: str
    agenda: str
    agenda_naam: str
    klant: KlantRef
    klantnaam: str
    onderwerp: str
    begin: datetime
    einde: datetime
    notitie: str = ""
    """For the specialist: the question of the contact, so the citizen need not repeat it."""
    locatie: str = ""
    status: Afspraakstatus = Afspraakstatus.VERWACHT
    contactmoment: str = ""
    versie: str = ""
    """The source's version (an ETag): a change is refused when someone else changed it."""
    bron: str = ""


@dataclass(frozen=True, slots=True)
class Afspraakverzoek:
    """A booking; ``id`` is made by werkplek, so sending it twice books once."""

    id: str
    agenda: str
    klant: KlantRef
    klantnaam: str
    onderwerp: str
    begin: datetime
    einde: datetime
    notitie: str = ""
    contactmoment: str = ""


def vrije_slots(agenda: Agenda, bezet: Iterable[tuple[datetime, datetime]], van: datetime,
                tot: datetime, nu: datetime) -> list[Tijdslot]:
    """The free slots of an agenda between ``van`` and ``tot``, none before now + lead time."""
    r = agenda.rooster
    duur = timedelta(minutes=r.slotduur_minuten)
    vroegst = nu + timedelta(hours=r.voorlooptijd_uren)
    bezette = sorted(bezet)
    uit: list[Tijdslot] = []
    dag = van.astimezone(TIJDZONE).date()
    laatste = tot.astimezone(TIJDZONE).date()
    while dag <= laatste:
        if dag.weekday() in r.werkdagen:
            for begin, einde in _slots_op(dag, r, duur):
                if begin < max(van, vroegst) or einde > tot:
                    continue
                if any(b < einde and begin < e for b, e in bezette):
                    continue
                if any(_in_pauze(begin, einde, p) for p in r.pauzes):
                    continue
                uit.append(Tijdslot(agenda.id, begin, einde))
        dag += timedelta(days=1)
    return uit


def _slots_op(dag: date, r: Rooster, duur: timedelta) -> list[tuple[datetime, datetime]]:
    # Wall-clock arithmetic per slot: each slot is built from the day and a local time.
    minuten = (r.einde.hour * 60 + r.einde.minute) - (r.begin.hour * 60 + r.begin.minute)
    stappen = minuten // r.slotduur_minuten
    uit = []
    for i in range(stappen):
        m = r.begin.hour * 60 + r.begin.minute + i * r.slotduur_minuten
        begin = datetime(dag.year, dag.month, dag.day, m // 60, m % 60, tzinfo=TIJDZONE)
        uit.append((begin, begin + duur))
    return uit


def _in_pauze(begin: datetime, einde: datetime, pauze: tuple[time, time]) -> bool:
    dag = begin.astimezone(TIJDZONE).date()
    p_begin = datetime.combine(dag, pauze[0], TIJDZONE)
    p_einde = datetime.combine(dag, pauze[1], TIJDZONE)
    return begin < p_einde and p_begin < einde


def past_in_rooster(agenda: Agenda, begin: datetime, einde: datetime, nu: datetime) -> str:
    """Why a booking cannot be made at this time, in Dutch; empty when it can."""
    if einde <= begin:
        return "Het einde van de afspraak ligt niet na het begin."
    if begin < nu:
        return "Dit tijdstip ligt in het verleden."
    vroegst = nu + timedelta(hours=agenda.rooster.voorlooptijd_uren)
    if begin < vroegst:
        vanaf = vroegst.astimezone(TIJDZONE)
        return (f"Deze agenda is pas te boeken vanaf {vanaf:%d-%m-%Y %H:%M} "
                f"({agenda.rooster.voorlooptijd_uren} uur vooruit).")
    lokaal_begin, lokaal_einde = begin.astimezone(TIJDZONE), einde.astimezone(TIJDZONE)
    if lokaal_begin.date() != lokaal_einde.date() and lokaal_einde.time() != time(0):
        return "Een afspraak loopt niet over middernacht heen."
    slots = vrije_slots(agenda, (), begin, einde, nu)
    if not any(s.begin == begin and s.einde == einde for s in slots):
        return "Dit tijdstip valt buiten de werktijden of de tijdsloten van deze agenda."
    return ""


def per_dag(slots: Sequence[Tijdslot]) -> dict[date, list[Tijdslot]]:
    """Slots grouped by their local day, in order: the columns of a week view."""
    uit: dict[date, list[Tijdslot]] = {}
    for s in sorted(slots, key=lambda s: s.begin):
        uit.setdefault(s.begin.astimezone(TIJDZONE).date(), []).append(s)
    return uit


def bevestigingstekst(afspraak: Afspraak, gemeente: str, telefoon: str = "") -> str:
    """The confirmation the agent copies for the citizen (mail, chat or SMS); ``telefoon``
    is the number citizens call (the profile's), else they are asked to contact the gemeente."""
    b = afspraak.begin.astimezone(TIJDZONE)
    dagen = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
    maanden = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december"]
    waar = f" op {afspraak.locatie}" if afspraak.locatie else ""
    return (f"Uw afspraak bij {gemeente}: {dagen[b.weekday()]} {b.day} {maanden[b.month - 1]} "
            f"{b.year} om {b:%H:%M} uur{waar}, met {afspraak.agenda_naam}, over "
            f"{afspraak.onderwerp}. Uw vraag is al doorgegeven; neemt u een geldig "
            f"identiteitsbewijs mee. Verhinderd? "
            + (f"Bel {telefoon} met uw afspraak erbij." if telefoon.strip() else
               f"Neem contact op met {gemeente} en noem uw afspraak."))
