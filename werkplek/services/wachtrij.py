"""The agent's state for the supervisor: published through every WachtrijBron of the profile."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from werkplek.domain.model import Medewerker, nu
from werkplek.domain.oproep import Agentstatus
from werkplek.ports import Capability
from werkplek.services.plugins import BronAntwoord, PluginHost

log = logging.getLogger(__name__)


class WachtrijService:
    """Publishes the agent's state changes in order, one after the other, in the background."""

    def __init__(self, host: PluginHost, medewerker: Medewerker) -> None:
        self.host = host
        self.medewerker = medewerker
        self._rij: asyncio.Queue[tuple[Agentstatus, datetime]] = asyncio.Queue()

    @property
    def ingesteld(self) -> bool:
        """Whether the profile has a queue source to publish to."""
        return bool(self.host.bronnen(Capability.WACHTRIJ))

    def wijzig(self, status: Agentstatus) -> None:
        """The agent's state changed now; ``draai`` publishes it, in the order of change."""
        if self.ingesteld:
            self._rij.put_nowait((status, nu()))

    async def draai(self) -> None:
        """Publish every change, for as long as werkplek runs."""
        while True:
            status, sinds = await self._rij.get()
            await self.meld(status, sinds)

    async def meld(self, status: Agentstatus, sinds: datetime) -> list[BronAntwoord[None]]:
        """Publish one state; a source that fails is logged, the agent's work goes on."""
        antw = await self.host.roep(
            Capability.WACHTRIJ, lambda p: p.meld_agentstatus(self.medewerker, status, sinds))
        for a in antw:
            if not a.ok:
                log.warning("Agentstatus niet gemeld bij %s: %s", a.bron, a.melding)
        return antw
