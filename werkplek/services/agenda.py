"""Backoffice agendas: free slots for the contact's onderwerp, booking, and the counter's day."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, TypeVar

from werkplek.domain import invoer
from werkplek.domain.agenda import Afspraak, Afspraakstatus, Afspraakverzoek, Agenda, Tijdslot
from werkplek.domain.invoer import OngeldigeInvoer
from werkplek.domain.model import KlantRef
from werkplek.ports import Capability, SlotBezet
from werkplek.services.beeld import Deel, Uitslag, bronstatussen
from werkplek.services.dossier import DossierService
from werkplek.services.plugins import BronAntwoord, PluginHost, Uitkomst
from werkplek.services.verzenden import Verzending

T = TypeVar("T")
BEZET = "Dit tijdslot is net bezet; de vrije tijden zijn vernieuwd. Kies een ander tijdstip."


class AgendaService:
    """Every agenda source of the profile; each agenda is served by the source that holds it."""

    def __init__(self, host: PluginHost, dossier: DossierService) -> None:
        self.host = host
        self.dossier = dossier
        self._bron_van: dict[str, str] = {}

    async def agendas(self) -> Deel[list[Agenda]]:
        antw = await self.host.roep(Capability.AGENDA, lambda p: p.agendas())
        alle: list[Agenda] = []
        for a in antw:
            for agenda in a.waarde or []:
                if agenda.id not in self._bron_van or self._bron_van[agenda.id] == a.bron:
                    self._bron_van[agenda.id] = a.bron
                    alle.append(agenda)
        return Deel(alle, bronstatussen(antw))

    async def _op_bron(self, agenda: str,
                       aanroep: Callable[[Any], Awaitable[T]]) -> BronAntwoord[T]:
        naam = self._bron_van.get(agenda)
        bron = next((b for b in self.host.bronnen(Capability.AGENDA) if b.naam == naam), None)
        if bron is None:
            return BronAntwoord("profiel", Uitkomst.FOUT, melding=_onbekend(agenda))
        return await self.host.roep_een(bron, Capability.AGENDA, aanroep)

    async def vrije_tijden(self, agenda: str, van: datetime,
                           tot: datetime) -> BronAntwoord[list[Tijdslot]]:
        return await self._op_bron(
            agenda, lambda p: p.vrije_tijden(agenda, van, tot))

    @staticmethod
    def verzoek(agenda: Agenda, slot: Tijdslot, *, klant: KlantRef, klantnaam: str,
                onderwerp: str, notitie: str, contactmoment: str = "") -> Afspraakverzoek:
        """A booking with an id made here; the note is checked like every free-text field."""
        if not onderwerp.strip():
            raise OngeldigeInvoer("Onderwerp", "Kies eerst het onderwerp van de afspraak.")
        invoer.tekstveld(notitie, "Notitie")
        return Afspraakverzoek(id=str(uuid.uuid4()), agenda=agenda.id, klant=klant,
                               klantnaam=klantnaam, onderwerp=onderwerp.strip(), begin=slot.begin,
                               einde=slot.einde, notitie=notitie.strip(),
                               contactmoment=contactmoment)

    async def boek(self, verzoek: Afspraakverzoek) -> Verzending:
        """Book through the outbox: made now, or safely kept until the agenda is reachable."""
        bron = self._bron_van.get(verzoek.agenda)
        if bron is None:
            return Verzending(Uitslag.GEWEIGERD, melding=_onbekend(verzoek.agenda))
        verzending = await self.dossier.verzender.boek(verzoek, bron)
        if verzending.ok:
            await self.dossier.leg_vast(verzoek.klant, "afspraak_gemaakt", bron)
        elif verzending.antwoord is not None and isinstance(verzending.antwoord.fout, SlotBezet):
            return Verzending(verzending.uitslag, verzending.antwoord, BEZET)
        return verzending

    async def verzet(self, afspraak: Afspraak, slot: Tijdslot) -> BronAntwoord[Afspraak]:
        return _bezet(await self._op_bron(
            afspraak.agenda, lambda p: p.verzet(afspraak, slot.begin, slot.einde)))

    async def annuleer(self, afspraak: Afspraak) -> BronAntwoord[None]:
        return await self._op_bron(
            afspraak.agenda, lambda p: p.annuleer(afspraak))

    async def zet_status(self, afspraak: Afspraak,
                         status: Afspraakstatus) -> BronAntwoord[Afspraak]:
        return await self._op_bron(
            afspraak.agenda, lambda p: p.zet_status(afspraak, status))

    async def afspraken(self, klant: KlantRef, *, uit_cache: bool = False
                        ) -> Deel[list[Afspraak]]:
        antw = await self.dossier.deel(Capability.AGENDA, "afspraken", klant, list[Afspraak],
                                       lambda p: p.afspraken(klant), uit_cache=uit_cache)
        return _op_tijd(antw)

    async def vandaag(self, dag: date, locatie: str) -> Deel[list[Afspraak]]:
        """The counter's day; kept in the cache too, so the counter finds it offline."""
        antw = await self.dossier.cache.door(
            "vandaag", f"{dag.isoformat()}@{locatie}",
            await self.host.roep(Capability.AGENDA, lambda p: p.afspraken_op(dag, locatie)),
            list[Afspraak])
        return _op_tijd(antw)


def _onbekend(agenda: str) -> str:
    return f"Agenda {agenda!r} is bij geen agendabron van dit profiel bekend."


def _op_tijd(antw: list[BronAntwoord[list[Afspraak]]]) -> Deel[list[Afspraak]]:
    alle = sorted((a for x in antw for a in x.waarde or []), key=lambda a: a.begin)
    return Deel(alle, bronstatussen(antw))


def _bezet(antw: BronAntwoord[Afspraak]) -> BronAntwoord[Afspraak]:
    if isinstance(antw.fout, SlotBezet):
        return BronAntwoord(antw.bron, antw.uitkomst, None, BEZET, antw.fout)
    return antw
