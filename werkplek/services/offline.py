"""Working offline at the counter: the day prepared ahead, and retention of what is cached."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from werkplek.domain.model import KlantRef
from werkplek.services.agenda import AgendaService
from werkplek.services.dossier import DossierService, KennisbankService
from werkplek.store.repositories import Instellingen

log = logging.getLogger(__name__)
VOORBEREID_OP = "offline.voorbereid_op"
UUR = 3600.0


@dataclass(frozen=True, slots=True)
class Voorbereid:
    """What ``voorbereiden`` put in the cache, and what it could not."""

    klanten: int
    artikelen: int
    zonder_nummer: int = 0
    """Appointments known only by a pseudonym (e.g. from CalDAV): not to be prepared."""
    meldingen: tuple[str, ...] = ()


Voortgang = Callable[[int, int, str], None]
"""(done, total, what now) — for a progress bar."""


class Offline:
    """Prefetch for the counter and the retention limit of the cache."""

    def __init__(self, dossier: DossierService, agenda: AgendaService,
                 kennis: KennisbankService, bewaartermijn: timedelta) -> None:
        self.dossier = dossier
        self.agenda = agenda
        self.kennis = kennis
        self.bewaartermijn = bewaartermijn
        self._instellingen = Instellingen(dossier.werker.store)

    @property
    def mogelijk(self) -> bool:
        """Only with an encrypted store is anything cached for offline work."""
        return self.dossier.cache.aan

    async def voorbereid_op(self) -> date | None:
        waarde = await self.dossier.werker.doe(partial(self._instellingen.lees, VOORBEREID_OP))
        return date.fromisoformat(waarde) if waarde else None

    async def voorbereiden(self, dag: date, locatie: str,
                           voortgang: Voortgang = lambda _n, _t, _w: None) -> Voorbereid:
        """Fetch the dossiers of the day's customers and the whole kennisbank into the cache.

        Each customer's parts come at once; cancelling the task stops between customers.
        """
        voortgang(0, 1, "Afspraken van vandaag ophalen…")
        vandaag = await self.agenda.vandaag(dag, locatie)
        refs = list(dict.fromkeys(a.klant for a in vandaag.waarde if a.klant.heeft_nummer))
        zonder = sum(1 for a in vandaag.waarde if not a.klant.heeft_nummer)
        totaal = len(refs) + 1
        meldingen = list(vandaag.meldingen)
        for i, ref in enumerate(refs):
            voortgang(i, totaal, f"Klant {i + 1} van {len(refs)} klaarzetten…")
            meldingen += await self._klant(ref)
        voortgang(len(refs), totaal, "Kennisbank klaarzetten…")
        kennis = await self.kennis.vernieuw()
        meldingen += kennis.meldingen
        await self.dossier.werker.doe(partial(self._instellingen.schrijf, VOORBEREID_OP,
                                              dag.isoformat()))
        voortgang(totaal, totaal, "Klaar voor offline werken.")
        log.info("Offline voorbereid: %d klanten, %d artikelen", len(refs), kennis.waarde)
        return Voorbereid(len(refs), kennis.waarde, zonder, tuple(dict.fromkeys(meldingen)))

    async def _klant(self, ref: KlantRef) -> list[str]:
        delen = await asyncio.gather(
            self.dossier.klant(ref, handeling="offline_voorbereid"),
            self.dossier.contacthistorie(ref), self.dossier.zaken(ref),
            self.agenda.afspraken(ref))
        return [m for d in delen for m in d.meldingen]

    async def ruim_op(self) -> int:
        return await self.dossier.cache.ruim_op(self.bewaartermijn)

    async def bewaak_bewaartermijn(self, elke: float = UUR) -> None:
        """Purge at start and then every hour, for as long as werkplek runs."""
        while True:
            await self.ruim_op()
            await asyncio.sleep(elke)
