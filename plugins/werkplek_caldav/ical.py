"""iCalendar in and out: one VEVENT per appointment, free-busy periods, the klant pseudonym.

An appointment is stored as a VEVENT with DTSTART/DTEND in UTC; it is read back as an aware
time in Europe/Amsterdam, and calendar programs show it in local time. Not TZID
Europe/Amsterdam with a VTIMEZONE: Radicale (through vobject) keeps the first VTIMEZONE it
sees for a TZID for as long as it runs and applies it to every later item with that TZID,
so one range-limited VTIMEZONE (a winter-only one, as icalendar and many clients write)
shifts free-busy of summer appointments by an hour - and free-busy guards double booking.
UTC has no such dependency on the server. Werkplek's own fields travel in X-WERKPLEK-*
properties. The customer is never stored by BSN or KvK
number: X-WERKPLEK-KLANT holds ``<soort>:<HMAC-SHA256 of "soort:nummer">`` keyed with a
secret from the keyring, so the calendar can be searched for one customer without holding
their number.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vText

from werkplek.domain.agenda import Afspraakstatus, Afspraakverzoek
from werkplek.domain.model import TIJDZONE, KlantSoort

PRODID = "-//Werkplek//werkplek_caldav//NL"
KLANT = "X-WERKPLEK-KLANT"
AFSPRAAK = "X-WERKPLEK-AFSPRAAK"
"""Werkplek's appointment id: the UID of a booking; a moved item has a UID of its own."""
STATUS = "X-WERKPLEK-STATUS"
ONDERWERP = "X-WERKPLEK-ONDERWERP"
KLANTNAAM = "X-WERKPLEK-KLANTNAAM"
CONTACTMOMENT = "X-WERKPLEK-CONTACTMOMENT"
_PSEUDONIEM = re.compile(r"([a-z]+):([0-9a-f]{64})")
_ESCAPE = re.compile(r"\\([\\;,nN])")


class OngeldigItem(ValueError):
    """A calendar item that is not a usable werkplek appointment (the reason is for debug)."""


@dataclass(frozen=True, slots=True)
class Afspraakgegevens:
    """What one VEVENT says about an appointment; the customer only as a pseudonym."""

    id: str
    uid: str
    klant_soort: KlantSoort
    pseudoniem: str
    """The hex HMAC, without the soort."""
    klantnaam: str
    onderwerp: str
    begin: datetime
    einde: datetime
    notitie: str
    locatie: str
    status: Afspraakstatus
    contactmoment: str


def pseudoniem(soort: KlantSoort, nummer: str, sleutel: str) -> str:
    """The hex HMAC-SHA256 of ``soort:nummer``: the same customer gives the same value."""
    bericht = f"{soort.value}:{nummer}".encode()
    return hmac.new(sleutel.encode("utf-8"), bericht, hashlib.sha256).hexdigest()


def klantwaarde(soort: KlantSoort, pseudo: str) -> str:
    """The value of X-WERKPLEK-KLANT."""
    return f"{soort.value}:{pseudo}"


def resourcenaam(agenda_id: str, begin: datetime) -> str:
    """One name per agenda and local start time: a second booking of a slot collides on it."""
    return f"{agenda_id}-{begin.astimezone(TIJDZONE):%Y%m%dT%H%M}.ics"


def nieuw_item(verzoek: Afspraakverzoek, locatie: str, klant: str, nu: datetime) -> Calendar:
    """The VCALENDAR of a new booking; ``klant`` is the X-WERKPLEK-KLANT value."""
    e = Event()
    e.add("UID", verzoek.id)
    e.add("DTSTAMP", nu.astimezone(UTC))
    e.add("CREATED", nu.astimezone(UTC))
    e.add("LAST-MODIFIED", nu.astimezone(UTC))
    e.add("SEQUENCE", 0)
    e.add("SUMMARY", f"{verzoek.onderwerp} — {verzoek.klantnaam}")
    if verzoek.notitie:
        e.add("DESCRIPTION", verzoek.notitie)
    if locatie:
        e.add("LOCATION", locatie)
    e.add("TRANSP", "OPAQUE")
    e.add(AFSPRAAK, vText(verzoek.id))
    e.add(KLANT, vText(klant))
    e.add(STATUS, vText(Afspraakstatus.VERWACHT.value))
    e.add(ONDERWERP, vText(verzoek.onderwerp))
    e.add(KLANTNAAM, vText(verzoek.klantnaam))
    if verzoek.contactmoment:
        e.add(CONTACTMOMENT, vText(verzoek.contactmoment))
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add_component(e)
    return met_tijden(cal, verzoek.begin, verzoek.einde, nu, nieuw=True)


def met_tijden(cal: Calendar, begin: datetime, einde: datetime, nu: datetime, *,
               uid: str | None = None, nieuw: bool = False) -> Calendar:
    """A copy of the item at another time (and UID), in UTC (see the module docstring)."""
    kopie = Calendar.from_ical(cal.to_ical())
    e = _event(kopie)
    for naam in ("DTSTART", "DTEND", "DURATION"):
        e.pop(naam, None)
    e.add("DTSTART", begin.astimezone(UTC))
    e.add("DTEND", einde.astimezone(UTC))
    if uid is not None:
        e.pop("UID", None)
        e.add("UID", uid)
    if not nieuw:
        _gewijzigd(e, nu, volgnummer=True)
    return kopie


def met_status(cal: Calendar, status: Afspraakstatus, nu: datetime) -> Calendar:
    """A copy of the item with another check-in status."""
    kopie = Calendar.from_ical(cal.to_ical())
    e = _event(kopie)
    e.pop(STATUS, None)
    e.add(STATUS, vText(status.value))
    _gewijzigd(e, nu, volgnummer=False)
    return kopie


def _gewijzigd(e: Event, nu: datetime, *, volgnummer: bool) -> None:
    for naam in ("DTSTAMP", "LAST-MODIFIED"):
        e.pop(naam, None)
        e.add(naam, nu.astimezone(UTC))
    if volgnummer:  # RFC 5545: SEQUENCE goes up when the time changes
        try:
            vorig = int(str(e.get("SEQUENCE", 0)))
        except ValueError:
            vorig = 0
        e.pop("SEQUENCE", None)
        e.add("SEQUENCE", vorig + 1)


def lees_item(tekst: str | bytes) -> Calendar:
    """Parse one calendar object; raises OngeldigItem when it is not iCalendar."""
    try:
        cal = Calendar.from_ical(tekst)
    except Exception as e:  # icalendar raises ValueError and others on broken input
        raise OngeldigItem(f"geen iCalendar: {type(e).__name__}") from e
    if not isinstance(cal, Calendar):
        raise OngeldigItem("geen VCALENDAR")
    return cal


def is_werkplekitem(cal: Calendar) -> bool:
    """Whether the item was booked by werkplek (others are only busy time, not afspraken)."""
    return any(KLANT in e for e in cal.walk("VEVENT"))


def lees_afspraak(cal: Calendar) -> Afspraakgegevens:
    """The appointment in a werkplek item; raises OngeldigItem when it is incomplete."""
    e = _event(cal)
    m = _PSEUDONIEM.fullmatch(_tekst(e, KLANT))
    if m is None:
        raise OngeldigItem(f"{KLANT} ontbreekt of is ongeldig")
    try:
        soort = KlantSoort(m.group(1))
        status = Afspraakstatus(_tekst(e, STATUS) or Afspraakstatus.VERWACHT.value)
    except ValueError as fout:
        raise OngeldigItem("onbekende klantsoort of status") from fout
    uid = _tekst(e, "UID")
    begin, einde = _tijden(e)
    return Afspraakgegevens(
        id=_tekst(e, AFSPRAAK) or uid, uid=uid, klant_soort=soort, pseudoniem=m.group(2),
        klantnaam=_tekst(e, KLANTNAAM), onderwerp=_tekst(e, ONDERWERP),
        begin=begin, einde=einde, notitie=_tekst(e, "DESCRIPTION"),
        locatie=_tekst(e, "LOCATION"), status=status, contactmoment=_tekst(e, CONTACTMOMENT),
    )


def _event(cal: Calendar) -> Event:
    events = [c for c in cal.subcomponents if isinstance(c, Event)]
    if len(events) != 1:
        raise OngeldigItem(f"{len(events)} VEVENTs in plaats van één")
    return events[0]


def _tijden(e: Event) -> tuple[datetime, datetime]:
    try:
        begin, einde = e.start, e.end
    except Exception as fout:  # missing or broken DTSTART/DTEND/DURATION
        raise OngeldigItem("DTSTART of DTEND ontbreekt of is ongeldig") from fout
    if not isinstance(begin, datetime) or not isinstance(einde, datetime):
        raise OngeldigItem("een hele dag is geen afspraak")
    begin, einde = _bewust(begin), _bewust(einde)
    if einde <= begin:
        raise OngeldigItem("DTEND ligt niet na DTSTART")
    return begin, einde


def _bewust(dt: datetime) -> datetime:
    # A floating time (or an unknown TZID) in a Dutch municipal calendar means local time.
    if dt.tzinfo is None:
        return dt.replace(tzinfo=TIJDZONE)
    return dt.astimezone(TIJDZONE)


def _tekst(e: Event, naam: str) -> str:
    waarde = e.get(naam)
    if waarde is None:
        return ""
    if isinstance(waarde, list):
        raise OngeldigItem(f"{naam} komt meer dan eens voor")
    if isinstance(waarde, vText):
        return str(waarde).strip()
    # icalendar keeps X- properties as raw text: undo the TEXT escapes of RFC 5545 3.3.11.
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(waarde)).strip()


def bezette_perioden(tekst: str | bytes) -> list[tuple[datetime, datetime]]:
    """The busy periods in a VFREEBUSY answer, as aware datetimes in Europe/Amsterdam.

    Reads every FREEBUSY line and every period form (start/end and start/duration);
    FBTYPE=FREE is not busy, every other type (BUSY, BUSY-TENTATIVE, BUSY-UNAVAILABLE) is.
    """
    try:
        cal = Calendar.from_ical(tekst)
    except Exception as e:
        raise OngeldigItem(f"geen iCalendar: {type(e).__name__}") from e
    uit: list[tuple[datetime, datetime]] = []
    for fb in cal.walk("VFREEBUSY"):
        waarden = fb.get("FREEBUSY", [])
        for periode in waarden if isinstance(waarden, list) else [waarden]:
            if str(periode.params.get("FBTYPE", "BUSY")).upper() == "FREE":
                continue
            begin, einde_of_duur = periode.dt
            if not isinstance(begin, datetime):
                raise OngeldigItem("FREEBUSY zonder tijdstip")
            einde = (begin + einde_of_duur if isinstance(einde_of_duur, timedelta)
                     else einde_of_duur)
            uit.append((_bewust(begin), _bewust(einde)))
    return sorted(uit)


def eerste_dag(dag: date) -> datetime:
    """Local midnight at the start of ``dag``."""
    return datetime(dag.year, dag.month, dag.day, tzinfo=TIJDZONE)
