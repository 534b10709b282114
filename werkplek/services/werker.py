"""One worker thread for the local store: its work is serialised and off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from werkplek.store.database import Store

T = TypeVar("T")


class StoreWerker:
    """Runs store work on one worker thread: serialised, and off the event loop."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="werkplek-store")

    async def doe(self, werk: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, werk)

    def sluit(self) -> None:
        self._pool.shutdown(wait=True)
