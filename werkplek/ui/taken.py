"""Named asyncio tasks of the window: a new task of a name cancels the previous one."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)


class Taken:
    """Keeps a reference to every running task and reports any failure it did not expect."""

    def __init__(self, loop: asyncio.AbstractEventLoop,
                 bij_fout: Callable[[str, BaseException], None]) -> None:
        self._loop = loop
        self._bij_fout = bij_fout
        self._op_naam: dict[str, asyncio.Task[Any]] = {}
        self._lopend: set[asyncio.Task[Any]] = set()
        self._achtergrond: set[asyncio.Task[Any]] = set()
        self.fouten: list[tuple[str, BaseException]] = []

    def achtergrond(self, naam: str, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """A task that runs as long as the window (a worker loop); ``wacht`` does not wait it."""
        taak = self._loop.create_task(coro, name=naam)
        self._achtergrond.add(taak)

        def klaar(t: asyncio.Task[Any]) -> None:
            self._achtergrond.discard(t)
            self._meld_fout(naam, t)

        taak.add_done_callback(klaar)
        return taak

    def start(self, naam: str, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        vorige = self._op_naam.get(naam)
        if vorige is not None and not vorige.done():
            vorige.cancel()
        taak = self._loop.create_task(coro, name=naam)
        self._op_naam[naam] = taak
        self._lopend.add(taak)
        taak.add_done_callback(lambda t: self._klaar(naam, t))
        return taak

    def _klaar(self, naam: str, taak: asyncio.Task[Any]) -> None:
        self._lopend.discard(taak)
        if self._op_naam.get(naam) is taak:
            del self._op_naam[naam]
        self._meld_fout(naam, taak)

    def _meld_fout(self, naam: str, taak: asyncio.Task[Any]) -> None:
        if not taak.cancelled() and (fout := taak.exception()) is not None:
            log.error("Taak %s faalde", naam, exc_info=fout)
            self.fouten.append((naam, fout))
            self._bij_fout(naam, fout)

    def annuleer(self, naam: str) -> None:
        taak = self._op_naam.get(naam)
        if taak is not None:
            taak.cancel()

    def bezig(self, naam: str | None = None) -> bool:
        if naam is None:
            return bool(self._lopend)
        taak = self._op_naam.get(naam)
        return taak is not None and not taak.done()

    async def bij(self, naam: str) -> None:
        """Wait for the running task of this name, if any, whatever its outcome."""
        taak = self._op_naam.get(naam)
        if taak is not None and taak is not asyncio.current_task():
            await asyncio.gather(taak, return_exceptions=True)

    async def wacht(self) -> None:
        """Wait until no task runs any more, including tasks that tasks started."""
        while self._lopend:
            await asyncio.gather(*list(self._lopend), return_exceptions=True)

    async def stop(self) -> None:
        alle = [*self._lopend, *self._achtergrond]
        for t in alle:
            t.cancel()
        await asyncio.gather(*alle, return_exceptions=True)
