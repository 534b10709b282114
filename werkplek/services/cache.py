"""The read-through cache: every dossier part a source returns is kept, encrypted, with when.

When a source fails or times out, its panel gets what it returned last, marked "offline —
stand van <tijd>", while the other panels stay live. The UI can paint the cached parts at
once and replace them when the sources answer (stale-while-revalidate).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from cattrs.preconf.json import make_converter

from werkplek.domain.model import KlantRef, Persoon, nu
from werkplek.domain.namen import vouw, zoeknamen
from werkplek.services.plugins import BronAntwoord, Uitkomst
from werkplek.services.werker import StoreWerker
from werkplek.store.repositories import CacheOpslag, Gecachet

log = logging.getLogger(__name__)
T = TypeVar("T")
KLANT = "klant"
"""The cache's kind of a customer's card (persons among them are found by name offline)."""
_JSON = make_converter()


def naar_json(waarde: object) -> str:
    return _JSON.dumps(waarde)


def uit_json(tekst: str, soort: Any) -> Any:
    return _JSON.loads(tekst, soort)


def klantsleutel(ref: KlantRef) -> str:
    return f"{ref.soort.value}:{ref.nummer}"


def stand_van(t: datetime, nu_: datetime) -> str:
    t = t.astimezone(nu_.tzinfo)
    return f"{t:%H:%M}" if t.date() == nu_.date() else f"{t:%d-%m-%Y %H:%M}"


class LeesCache:
    """Dossier parts per (source, kind, key); off when the store is not encrypted on disk."""

    def __init__(self, werker: StoreWerker, klok: Callable[[], datetime] = nu) -> None:
        self.werker = werker
        self.aan = werker.store.versleuteld
        self._klok = klok
        self._opslag = CacheOpslag(werker.store)

    async def door(self, soort: str, sleutel: str, antwoorden: Sequence[BronAntwoord[T]],
                   type_: Any) -> list[BronAntwoord[T]]:
        """Keep what answered; a source that failed gets its cached value, marked offline."""
        if not self.aan:
            return list(antwoorden)
        tijd = self._klok()
        missend = [a.bron for a in antwoorden if not a.ok]
        # A person's folded name and birth date beside it: found by name offline too.
        personen = ({a.bron: (vouw(a.waarde.geslachtsnaam), a.waarde.geboortedatum)
                     for a in antwoorden if a.ok and isinstance(a.waarde, Persoon)}
                    if soort == KLANT else None)

        def werk() -> list[BronAntwoord[T]]:
            # JSON both ways on the store's thread: a long history is no stall of the window.
            bewaren = [(a.bron, naar_json(a.waarde)) for a in antwoorden if a.ok]
            if bewaren:
                self._opslag.bewaar(soort, sleutel, bewaren, tijd, personen)
            gevonden = self._opslag.lees(soort, sleutel, missend)
            return [self._uit_cache(a.bron, gevonden[a.bron], type_, "offline — stand van", a)
                    if a.bron in gevonden else a for a in antwoorden]

        return await self.werker.doe(werk)

    async def lees(self, soort: str, sleutel: str, bronnen: Iterable[str],
                   type_: Any) -> list[BronAntwoord[T]]:
        """Only what the cache holds, to paint before the sources answer."""
        if not self.aan:
            return []
        def werk() -> list[BronAntwoord[T]]:
            gevonden = self._opslag.lees(soort, sleutel, bronnen)
            return [self._uit_cache(g.bron, g, type_, "stand van", None)
                    for g in gevonden.values()]

        return await self.werker.doe(werk)

    async def zoek_personen(self, naam: str, geboortedatum: date, bronnen: Iterable[str]
                            ) -> list[BronAntwoord[Persoon]]:
        """Cached persons by name and birth date (folded as werkplek.domain.namen does),
        for a search while the sources cannot be reached; each marked offline."""
        if not self.aan:
            return []
        gevonden = await self.werker.doe(partial(
            self._opslag.zoek_personen, KLANT, zoeknamen(naam), geboortedatum, list(bronnen)))
        nu_ = self._klok()
        uit: list[BronAntwoord[Persoon]] = []
        for g in gevonden:
            try:
                persoon = uit_json(g.inhoud, Persoon | None)
            except Exception:  # an entry from an older version: as if there were none
                log.warning("Cache-inhoud van %s onleesbaar; genegeerd", g.bron)
                continue
            if isinstance(persoon, Persoon):
                uit.append(BronAntwoord(g.bron, Uitkomst.CACHE, persoon, (
                    f"{g.bron}: offline — stand van {stand_van(g.opgehaald, nu_)}")))
        return uit

    def _uit_cache(self, bron: str, g: Gecachet, type_: Any, woorden: str,
                   origineel: BronAntwoord[T] | None) -> BronAntwoord[T]:
        melding = f"{bron}: {woorden} {stand_van(g.opgehaald, self._klok())}"
        if origineel is None:
            melding += "; wordt bijgewerkt…"
        try:
            waarde = uit_json(g.inhoud, type_)
        except Exception:  # an entry from an older version: as if there were none
            log.warning("Cache-inhoud van %s onleesbaar; genegeerd", bron)
            return origineel or BronAntwoord(bron, Uitkomst.FOUT, melding=melding)
        return BronAntwoord(bron, Uitkomst.CACHE, waarde, melding,
                            origineel.fout if origineel else None)

    async def ruim_op(self, bewaartermijn: timedelta) -> int:
        """Purge cached personal data older than the profile's retention limit."""
        if not self.aan:
            return 0
        n = await self.werker.doe(partial(self._opslag.wis_ouder_dan,
                                          self._klok() - bewaartermijn))
        if n:
            log.info("Bewaartermijn: %d verlopen cache-regels gewist", n)
        return n
