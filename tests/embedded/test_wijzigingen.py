"""The live feed of queue data: a supervisor's werkplek hears every workstation's change
through PostgreSQL's LISTEN/NOTIFY, without polling, and again after the server restarted."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from werkplek_embedded import EmbeddedPlugin, create_plugin

from tests.embedded.hulp import MaakPlugin, gebeurtenis
from tests.hulp import wacht_tot
from tests.postgres import PostgresServer
from tests.unit.test_embedded import context
from werkplek.domain.model import Medewerker, Rol, begin_van_de_dag, nu
from werkplek.domain.oproep import Agentstatus
from werkplek.domain.wachtrij import Gebeurtenissoort, Wachtrijgebeurtenis
from werkplek.ports import GEEN_VERBINDING, VERBONDEN

AGENT = Medewerker("kcc.agent1", "A. Gent", Rol.TELEFOON)


def agentstatus(status: Agentstatus) -> Wachtrijgebeurtenis:
    return gebeurtenis(Gebeurtenissoort.AGENTSTATUS, medewerker=AGENT.gebruikersnaam,
                       naam=AGENT.naam, status=status)


@asynccontextmanager
async def luister(plugin: EmbeddedPlugin) -> AsyncIterator[list[str]]:
    gehoord: list[str] = []

    async def lus() -> None:
        async for wat in plugin.wijzigingen():
            gehoord.append(wat)

    taak = asyncio.create_task(lus())
    try:
        yield gehoord
    finally:
        taak.cancel()
        await asyncio.gather(taak, return_exceptions=True)


@pytest.mark.asyncio
async def test_de_supervisor_hoort_elke_werkplek(postgres: PostgresServer, database: str,
                                                 maak_plugin: MaakPlugin) -> None:
    supervisor, agent = (maak_plugin(postgres.url(database)) for _ in range(2))
    await supervisor.health()  # the schema is there before anyone listens
    async with luister(supervisor) as gehoord:
        await asyncio.sleep(0.3)  # LISTEN is issued (a notice before it is not for us)
        await agent.meld(agentstatus(Agentstatus.IN_GESPREK))
        await wacht_tot(lambda: gehoord == ["agentstatus"])
        [stand] = (await supervisor.feiten(begin_van_de_dag(nu()))).agenten
        assert (stand.medewerker, stand.naam, stand.status) == (
            AGENT.gebruikersnaam, AGENT.naam, Agentstatus.IN_GESPREK)


@pytest.mark.asyncio
async def test_na_een_herstart_van_postgres_weer_horen(eigen_postgres: PostgresServer,
                                                       maak_plugin: MaakPlugin) -> None:
    url = eigen_postgres.maak_database("herstart")
    supervisor, agent = maak_plugin(url), maak_plugin(url)
    await supervisor.health()
    async with luister(supervisor) as gehoord:
        await asyncio.sleep(0.3)
        eigen_postgres.stop()
        await wacht_tot(lambda: GEEN_VERBINDING in gehoord, binnen=30)
        eigen_postgres.start()
        await wacht_tot(lambda: VERBONDEN in gehoord, binnen=60)
        await agent.meld(agentstatus(Agentstatus.PAUZE))
        await wacht_tot(lambda: gehoord[-1:] == ["agentstatus"], binnen=30)
        assert gehoord == [GEEN_VERBINDING, VERBONDEN, "agentstatus"]


@pytest.mark.asyncio
async def test_op_sqlite_hoort_de_werkplek_zichzelf(tmp_path: Path) -> None:
    plugin = create_plugin({"database": str(tmp_path / "eigen.db")}, context(tmp_path))
    try:
        async with luister(plugin) as gehoord:
            await asyncio.sleep(0)
            melding = agentstatus(Agentstatus.BESCHIKBAAR)
            await plugin.meld(melding)
            await plugin.meld(melding)  # a re-send changes nothing, so nobody hears of it
            await plugin.geef_ticket("ticket-1")
            await wacht_tot(lambda: gehoord == ["agentstatus", "ticket"])
    finally:
        await plugin.aclose()
