"""The embedded plugin on a real PostgreSQL server: a database per test, plugins per workstation."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from werkplek_embedded import create_plugin

from tests.embedded.hulp import MaakPlugin
from tests.hulp import gesloten_na_afloop
from tests.postgres import PostgresServer, eigen_postgres, postgres
from tests.unit.test_embedded import context

__all__ = ["eigen_postgres", "postgres"]


@pytest.fixture
def database(postgres: PostgresServer) -> str:
    """The name of an empty database of this test's own on the shared server."""
    naam = f"embedded_{uuid.uuid4().hex[:12]}"
    postgres.maak_database(naam)
    return naam


@pytest_asyncio.fixture
async def maak_plugin(tmp_path: Path) -> AsyncIterator[MaakPlugin]:
    """Make plugin instances (one per workstation) on a URL; all are closed after the test."""
    async with gesloten_na_afloop() as bewaar:
        yield lambda url, **config: bewaar(
            create_plugin({"url": url, **config}, context(tmp_path)))
