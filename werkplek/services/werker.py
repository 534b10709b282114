"""One worker thread for the local store: its work is serialised and off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from werkplek.store.database import Store
from werkplek.store.repositories import Instellingen

T = TypeVar("T")


class StoreWerker:
    """Runs store work on one worker thread: serialised, and off the event loop."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="werkplek-store")

    async def doe(self, werk: Callable[[], T]) -> T:
        return await self.stuur(werk)

    def stuur(self, werk: Callable[[], T]) -> asyncio.Future[T]:
        """Hand over work now: it runs before anything handed over after this call."""
        return asyncio.get_running_loop().run_in_executor(self._pool, werk)

    def sluit(self) -> None:
        self._pool.shutdown(wait=True)


class Pluginopslag:
    """A plugin's Sleutelopslag in the local store (encrypted when the store is), each
    plugin of each profile under its own prefix; the work runs on the store's worker."""

    def __init__(self, werker: StoreWerker, profiel: str, plugin: str) -> None:
        self._werker = werker
        self._rij = Instellingen(werker.store)
        self._voor = f"plugin/{profiel}/{plugin}/"

    async def lees(self, sleutel: str) -> str | None:
        return await self._werker.doe(partial(self._rij.lees, self._voor + sleutel))

    async def schrijf(self, sleutel: str, waarde: str) -> None:
        await self._werker.doe(partial(self._rij.schrijf, self._voor + sleutel, waarde))

    async def wis(self, sleutel: str) -> None:
        await self._werker.doe(partial(self._rij.wis, self._voor + sleutel))
