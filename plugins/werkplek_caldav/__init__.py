"""CalDAV agendas (RFC 4791): free slots and bookings in any standards-following server.

Each configured agenda is one calendar collection. Free time comes from the server's
calendar-level free-busy report, so meetings a casemanager puts in the same calendar with
any calendar program block slots too. A booking is one resource per agenda and local start
time, ``<pad><agenda id>-<YYYYMMDDTHHMM>.ics``, created with ``If-None-Match: *``: of two
workstations booking the same slot, the server lets exactly one create it. Changes go with
``If-Match: <etag>`` (the Afspraak's ``versie``), so a change made meanwhile is never lost.

HTTP goes through httpx rather than the caldav package's async client: werkplek has one
HTTP stack, with one set of timeouts and TLS settings for all plugins; the caldav client
would add niquests as a second one; and the locking above needs full control of the
If-Match / If-None-Match headers and the REPORT bodies, which plain httpx gives.

The customer is stored as a keyed pseudonym, never by BSN (see ``werkplek_caldav.ical``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import httpx
from icalendar import Calendar
from werkplek_rest import allemaal

from werkplek.domain.agenda import (
    Afspraak,
    Afspraakstatus,
    Afspraakverzoek,
    Agenda,
    Tijdslot,
    past_in_rooster,
    vrije_slots,
)
from werkplek.domain.model import TIJDZONE, KlantRef, nu
from werkplek.ports import (
    PLUGIN_API_VERSIE,
    BronFout,
    Capability,
    Gezondheid,
    PluginContext,
    SlotBezet,
)
from werkplek_caldav.dav import GEWIJZIGD, ICAL, VERDWENEN, Dav, DavItem
from werkplek_caldav.ical import (
    KLANT,
    Afspraakgegevens,
    OngeldigItem,
    bezette_perioden,
    eerste_dag,
    is_werkplekitem,
    klantwaarde,
    lees_afspraak,
    lees_item,
    met_status,
    met_tijden,
    nieuw_item,
    pseudoniem,
    resourcenaam,
)
from werkplek_caldav.instellingen import AgendaInstelling, lees_instellingen

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["CaldavPlugin", "create_plugin"]


INSTELLINGEN = frozenset({
    "url", "gebruiker", "bronnaam", "timeout_seconden", "agenda",
    *(f"agenda.{k}" for k in ("id", "naam", "pad", "onderwerpen", "locatie", "werkdagen",
                              "begin", "einde", "pauzes", "slotduur_minuten",
                              "voorlooptijd_uren")),
})
"""The settings of this plugin's table in the profile (``agenda.id``: a key of each
``[[...agenda]]``); werkplek refuses any other key."""


def create_plugin(config: Mapping[str, Any], context: PluginContext) -> CaldavPlugin:
    """Entry point of group ``werkplek.plugins``; raises ValueError on a config mistake."""
    return CaldavPlugin(config, context)


class CaldavPlugin:
    """The agendas of one CalDAV server (capability AGENDA)."""

    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({Capability.AGENDA})

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        self.instellingen = lees_instellingen(config)
        self.bron = self.instellingen.bronnaam
        self._geheimen = context.geheimen
        self._dav = Dav(self.instellingen.url, self.instellingen.gebruiker, context.geheimen,
                        self.instellingen.timeout)

    # -- lifecycle -----------------------------------------------------------------------

    async def health(self) -> Gezondheid:
        """PROPFIND depth 0 on every configured collection."""
        agendas = self.instellingen.agendas
        try:
            soorten = await allemaal(self._dav.is_agenda(a.pad, a.agenda.naam) for a in agendas)
        except BronFout as e:
            return Gezondheid(False, str(e))
        for a, is_agenda in zip(agendas, soorten, strict=True):
            if not is_agenda:
                return Gezondheid(False, f"{a.pad} op de agendaserver is geen agenda "
                                         f"(voor {a.agenda.naam}).")
        n = len(agendas)
        return Gezondheid(True, f"{n} agenda bereikbaar" if n == 1 else
                          f"{n} agenda's bereikbaar")

    async def aclose(self) -> None:
        await self._dav.aclose()

    # -- AgendaBron ----------------------------------------------------------------------

    async def agendas(self) -> list[Agenda]:
        return [a.agenda for a in self.instellingen.agendas]

    async def vrije_tijden(self, agenda: str, van: datetime, tot: datetime) -> list[Tijdslot]:
        a = self._instelling(agenda)
        van, tot = _bewust(van), _bewust(tot)
        if tot <= van:
            return []
        return vrije_slots(a.agenda, await self._bezet(a, van, tot), van, tot, nu())

    async def boek(self, verzoek: Afspraakverzoek) -> Afspraak:
        a = self._instelling(verzoek.agenda)
        verzoek = replace(verzoek, begin=_bewust(verzoek.begin), einde=_bewust(verzoek.einde))
        if reden := past_in_rooster(a.agenda, verzoek.begin, verzoek.einde, nu()):
            raise BronFout(reden)
        pseudo = pseudoniem(verzoek.klant.soort, verzoek.klant.nummer, self._klantsleutel())
        pad = a.pad + resourcenaam(a.agenda.id, verzoek.begin)
        # Busy time that is not a werkplek booking (a meeting) has no resource to collide on.
        if await self._bezet(a, verzoek.begin, verzoek.einde):
            return await self._eerder_geboekt(a, pad, verzoek, pseudo)
        item = nieuw_item(verzoek, a.agenda.locatie, klantwaarde(verzoek.klant.soort, pseudo),
                          nu())
        antwoord = await self._dav.vraag(
            "PUT", pad, a.agenda.naam, inhoud=item.to_ical(),
            headers={"If-None-Match": "*", "Content-Type": ICAL}, ook=(409, 412))
        if antwoord.status_code == 412:  # the resource exists: this booking, or another's
            return await self._eerder_geboekt(a, pad, verzoek, pseudo)
        if antwoord.status_code == 409:  # CALDAV:no-uid-conflict: this id is booked elsewhere
            return await self._met_uid(a, verzoek, pseudo)
        etag = await self._etag(antwoord, a, pad)
        return self._afspraak(a, lees_afspraak(item), etag, verzoek.klant)

    async def verzet(self, afspraak: Afspraak, begin: datetime, einde: datetime) -> Afspraak:
        """Move: create the new slot, then delete the old one if it is still unchanged.

        Both items exist for a moment, and a server refuses two items with one UID in a
        collection (RFC 4791 no-uid-conflict); Radicale also refuses to change the UID of
        an item afterwards. So the moved item gets the UID ``<id>-<YYYYMMDDTHHMM>`` of its
        new slot; werkplek's id stays in X-WERKPLEK-AFSPRAAK.
        """
        a = self._instelling(afspraak.agenda)
        begin, einde = _bewust(begin), _bewust(einde)
        if reden := past_in_rooster(a.agenda, begin, einde, nu()):
            raise BronFout(reden)
        oud = a.pad + resourcenaam(a.agenda.id, afspraak.begin)
        nieuw = a.pad + resourcenaam(a.agenda.id, begin)
        huidig = await self._haal(a, oud, afspraak.id)
        if huidig is None:
            # Perhaps this very move went through and only its answer was lost.
            gedaan = await self._haal(a, nieuw, afspraak.id)
            if gedaan is not None and (gedaan[2].begin, gedaan[2].einde) == (begin, einde):
                return self._afspraak(a, gedaan[2], gedaan[0], afspraak.klant)
            raise BronFout(VERDWENEN)
        etag_oud, cal_oud, g_oud = huidig
        versie = afspraak.versie or etag_oud
        if nieuw == oud:
            return await self._vervang(a, oud, versie, met_tijden(cal_oud, begin, einde, nu()),
                                       afspraak.klant)
        if await self._bezet(a, begin, einde):
            raise SlotBezet()
        verzet = met_tijden(cal_oud, begin, einde, nu(),
                            uid=f"{g_oud.id}-{begin.astimezone(TIJDZONE):%Y%m%dT%H%M}")
        antwoord = await self._dav.vraag(
            "PUT", nieuw, a.agenda.naam, inhoud=verzet.to_ical(),
            headers={"If-None-Match": "*", "Content-Type": ICAL}, ook=(412,))
        if antwoord.status_code == 412:
            raise SlotBezet()
        etag_nieuw = await self._etag(antwoord, a, nieuw)
        antwoord = await self._dav.vraag("DELETE", oud, a.agenda.naam,
                                         headers={"If-Match": versie}, ook=(404, 412))
        if antwoord.status_code in (404, 412):
            await self._ruim_op(a, nieuw, etag_nieuw)
            raise BronFout(GEWIJZIGD)
        return self._afspraak(a, lees_afspraak(verzet), etag_nieuw, afspraak.klant)

    async def annuleer(self, afspraak: Afspraak) -> None:
        a = self._instelling(afspraak.agenda)
        pad = a.pad + resourcenaam(a.agenda.id, afspraak.begin)
        versie = afspraak.versie
        if not versie:
            huidig = await self._haal(a, pad, afspraak.id)
            if huidig is None:
                raise BronFout(VERDWENEN)
            versie = huidig[0]
        antwoord = await self._dav.vraag("DELETE", pad, a.agenda.naam,
                                         headers={"If-Match": versie}, ook=(404, 412))
        if antwoord.status_code == 404:
            raise BronFout(VERDWENEN)
        if antwoord.status_code == 412:
            raise BronFout(GEWIJZIGD)

    async def afspraken(self, klant: KlantRef) -> list[Afspraak]:
        """The customer's appointments from today on, over every agenda.

        The server is asked with a prop-filter on X-WERKPLEK-KLANT. Radicale does filter
        on that X- property (its prop-filter takes any property name), but CalDAV's
        text-match is a substring match and other servers may ignore properties they do
        not know, so the value is compared exactly here as well.
        """
        pseudo = pseudoniem(klant.soort, klant.nummer, self._klantsleutel())
        waarde = klantwaarde(klant.soort, pseudo)
        vanaf = eerste_dag(nu().date())
        agendas = self.instellingen.agendas
        antwoorden = await allemaal(
            self._dav.zoek(a.pad, a.agenda.naam, vanaf, eigenschap=(KLANT, waarde))
            for a in agendas)
        uit = []
        for a, items in zip(agendas, antwoorden, strict=True):
            for item in items:
                g = self._lees(a, item)
                if (g is not None and g.klant_soort == klant.soort and g.pseudoniem == pseudo
                        and g.einde > vanaf):
                    uit.append(self._afspraak(a, g, item.etag, klant))
        return sorted(uit, key=lambda x: (x.begin, x.agenda_naam))

    async def afspraken_op(self, dag: date, locatie: str = "") -> list[Afspraak]:
        """The day's appointments (at one location), for the counter's "Vandaag".

        The calendar holds no customer number, so each Afspraak's ``klant`` has the right
        ``soort`` and, as ``nummer``, the keyed pseudonym (hex) stored with the event; the
        counter shows ``klantnaam``. ``afspraken(klant)`` gives the real KlantRef.
        """
        van, tot = eerste_dag(dag), eerste_dag(dag + timedelta(days=1))
        plaats = locatie.strip()
        agendas = self.instellingen.agendas
        antwoorden = await allemaal(self._dav.zoek(a.pad, a.agenda.naam, van, tot)
                                     for a in agendas)
        uit = []
        for a, items in zip(agendas, antwoorden, strict=True):
            for item in items:
                g = self._lees(a, item)
                if g is None or not van <= g.begin < tot or (plaats and g.locatie != plaats):
                    continue
                uit.append(self._afspraak(a, g, item.etag, KlantRef(g.klant_soort, g.pseudoniem)))
        return sorted(uit, key=lambda x: (x.begin, x.agenda_naam))

    async def zet_status(self, afspraak: Afspraak, status: Afspraakstatus) -> Afspraak:
        a = self._instelling(afspraak.agenda)
        pad = a.pad + resourcenaam(a.agenda.id, afspraak.begin)
        huidig = await self._haal(a, pad, afspraak.id)
        if huidig is None:
            raise BronFout(VERDWENEN)
        etag, cal, _ = huidig
        if afspraak.versie and afspraak.versie != etag:
            raise BronFout(GEWIJZIGD)
        return await self._vervang(a, pad, etag, met_status(cal, status, nu()), afspraak.klant)

    # -- helpers -------------------------------------------------------------------------

    def _instelling(self, agenda_id: str) -> AgendaInstelling:
        a = self.instellingen.agenda(agenda_id)
        if a is None:
            raise BronFout(f"Agenda {agenda_id!r} bestaat niet bij {self.bron}.")
        return a

    def _klantsleutel(self) -> str:
        sleutel = self._geheimen.geheim("klantsleutel")
        if not sleutel:
            raise BronFout("De klantsleutel voor de agenda's ontbreekt in de sleutelbos.")
        return sleutel

    async def _bezet(self, a: AgendaInstelling, van: datetime,
                     tot: datetime) -> list[tuple[datetime, datetime]]:
        tekst = await self._dav.vrij_bezet(a.pad, a.agenda.naam, van, tot)
        try:
            perioden = bezette_perioden(tekst)
        except OngeldigItem:
            raise BronFout(f"De agendaserver {self._dav.url} gaf een onleesbaar vrij/bezet-"
                           f"antwoord voor de agenda {a.agenda.naam}.") from None
        return [(b, e) for b, e in perioden if b < tot and van < e]

    async def _haal(self, a: AgendaInstelling, pad: str,
                    afspraak_id: str) -> tuple[str, Calendar, Afspraakgegevens] | None:
        """The item at ``pad`` when it is the appointment ``afspraak_id``: (etag, item, data)."""
        antwoord = await self._dav.vraag("GET", pad, a.agenda.naam, ook=(404,))
        if antwoord.status_code == 404:
            return None
        item = DavItem(pad, str(antwoord.headers.get("ETag", "")), antwoord.text)
        g = self._lees(a, item)
        if g is None or g.id != afspraak_id:
            return None
        return item.etag, lees_item(item.data), g

    def _lees(self, a: AgendaInstelling, item: DavItem) -> Afspraakgegevens | None:
        """The appointment in one item; None (and a warning naming only the resource) if bad."""
        try:
            cal = lees_item(item.data)
            if not is_werkplekitem(cal):
                return None  # someone's own meeting: busy time, not an afspraak
            return lees_afspraak(cal)
        except OngeldigItem:
            log.warning("Agenda-item %s in agenda %s overgeslagen: geen geldige afspraak",
                        item.naam, a.agenda.id)
            return None

    async def _eerder_geboekt(self, a: AgendaInstelling, pad: str, verzoek: Afspraakverzoek,
                              pseudo: str) -> Afspraak:
        """The slot is taken: by this same booking sent again (return it), or by another."""
        huidig = await self._haal(a, pad, verzoek.id)
        if huidig is None:
            raise SlotBezet()
        etag, _, g = huidig
        return self._afspraak(a, g, etag, _klant(g, verzoek.klant, pseudo))

    async def _met_uid(self, a: AgendaInstelling, verzoek: Afspraakverzoek,
                       pseudo: str) -> Afspraak:
        """A re-send of a booking that has moved since: return it where it is now."""
        items = await self._dav.zoek(a.pad, a.agenda.naam, None, eigenschap=("UID", verzoek.id))
        for item in items:
            g = self._lees(a, item)
            if g is not None and g.uid == verzoek.id:
                return self._afspraak(a, g, item.etag, _klant(g, verzoek.klant, pseudo))
        raise BronFout(f"De agendaserver weigerde de afspraak in de agenda {a.agenda.naam}: "
                       "er bestaat al een item met dit id.")

    async def _vervang(self, a: AgendaInstelling, pad: str, versie: str, cal: Calendar,
                       klant: KlantRef) -> Afspraak:
        antwoord = await self._dav.vraag(
            "PUT", pad, a.agenda.naam, inhoud=cal.to_ical(),
            headers={"If-Match": versie, "Content-Type": ICAL}, ook=(404, 412))
        if antwoord.status_code == 404:
            raise BronFout(VERDWENEN)
        if antwoord.status_code == 412:
            raise BronFout(GEWIJZIGD)
        etag = await self._etag(antwoord, a, pad)
        return self._afspraak(a, lees_afspraak(cal), etag, klant)

    async def _ruim_op(self, a: AgendaInstelling, pad: str, etag: str) -> None:
        """Undo a half-done move: delete the new item again."""
        try:
            await self._dav.vraag("DELETE", pad, a.agenda.naam, headers={"If-Match": etag},
                                  ook=(404, 412))
        except BronFout:
            log.warning("Tijdelijk agenda-item %s in agenda %s kon niet worden verwijderd",
                        DavItem(pad, "", "").naam, a.agenda.id)

    async def _etag(self, antwoord: httpx.Response, a: AgendaInstelling, pad: str) -> str:
        """The ETag after a PUT; a server that changed the item sends none, so ask for it."""
        etag = str(antwoord.headers.get("ETag", ""))
        if etag:
            return etag
        antwoord = await self._dav.vraag("GET", pad, a.agenda.naam)
        return str(antwoord.headers.get("ETag", ""))

    def _afspraak(self, a: AgendaInstelling, g: Afspraakgegevens, etag: str,
                  klant: KlantRef) -> Afspraak:
        return Afspraak(
            id=g.id, agenda=a.agenda.id, agenda_naam=a.agenda.naam, klant=klant,
            klantnaam=g.klantnaam, onderwerp=g.onderwerp, begin=g.begin, einde=g.einde,
            notitie=g.notitie, locatie=g.locatie, status=g.status,
            contactmoment=g.contactmoment, versie=etag, bron=self.bron)



def _klant(g: Afspraakgegevens, bekend: KlantRef, pseudo: str) -> KlantRef:
    """The caller's KlantRef when the stored pseudonym is theirs, else the pseudonym."""
    if g.klant_soort == bekend.soort and g.pseudoniem == pseudo:
        return bekend
    return KlantRef(g.klant_soort, g.pseudoniem)


def _bewust(dt: datetime) -> datetime:
    """Aware, in Europe/Amsterdam; a naive time is taken as local time."""
    return dt.replace(tzinfo=TIJDZONE) if dt.tzinfo is None else dt.astimezone(TIJDZONE)
