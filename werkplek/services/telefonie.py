"""The softphone beside werkplek: its call events drive the screen, and werkplek dials."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from werkplek.domain.oproep import Gespreksgebeurtenis
from werkplek.ports import Capability, Telefonie
from werkplek.services.plugins import Actief, BronAntwoord, PluginHost, Uitkomst

log = logging.getLogger(__name__)
HERSTART = 5.0
"""Seconds before following a source again whose event stream failed unexpectedly."""


class TelefonieService:
    """Every Telefonie source of the profile (usually the one softphone on this desk)."""

    def __init__(self, host: PluginHost) -> None:
        self.host = host

    @property
    def bronnen(self) -> list[Actief]:
        return [b for b in self.host.bronnen(Capability.TELEFONIE) if b.object is not None]

    async def volg(self, bij: Callable[[str, Gespreksgebeurtenis], None]) -> None:
        """Hand every call event to ``bij`` for as long as werkplek runs; a source whose
        stream breaks is followed again, so one broken softphone plugin never ends this."""
        await asyncio.gather(*(self._volg_een(b, bij) for b in self.bronnen))

    @staticmethod
    async def _volg_een(bron: Actief, bij: Callable[[str, Gespreksgebeurtenis], None]) -> None:
        while True:
            telefoon = cast(Telefonie, bron.object)
            try:
                async for gebeurtenis in telefoon.gebeurtenissen():
                    bij(bron.naam, gebeurtenis)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Gespreksgebeurtenissen van %s onderbroken", bron.naam)
            await asyncio.sleep(HERSTART)

    async def _roep(self, wat: str, aanroep: Callable[[Any], Awaitable[None]]
                    ) -> BronAntwoord[None]:
        bronnen = self.bronnen
        if not bronnen:
            return BronAntwoord("profiel", Uitkomst.FOUT, melding=(
                f"Dit profiel heeft geen softphone; {wat} kan niet vanuit werkplek."))
        return await self.host.roep_een(bronnen[0], Capability.TELEFONIE, aanroep)

    async def bel(self, nummer: str) -> BronAntwoord[None]:
        return await self._roep("bellen", lambda p: p.bel(nummer))

    async def aannemen(self) -> BronAntwoord[None]:
        return await self._roep("aannemen", lambda p: p.aannemen())

    async def ophangen(self) -> BronAntwoord[None]:
        return await self._roep("ophangen", lambda p: p.ophangen())

    async def doorverbinden(self, nummer: str) -> BronAntwoord[None]:
        return await self._roep("doorverbinden", lambda p: p.doorverbinden(nummer))
