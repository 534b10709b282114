"""werkplek_baresip against real baresip softphones: Bert calls the KCC, the agent answers,
Bert hangs up; click-to-dial; and a control peer that talks garbage or goes away."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from werkplek_baresip import BaresipPlugin, create_plugin, nummer_uit_uri

from tests.baresip import Netwerk, Softphone
from tests.hulp import wacht_tot
from tests.unit.test_embedded import context
from werkplek.domain.oproep import Gespreksfase, Gespreksgebeurtenis
from werkplek.ports import BronFout, BronOnbereikbaar

BERT = "+31612345678"


@pytest.fixture
def netwerk() -> Iterator[Netwerk]:
    with Netwerk() as n:
        yield n


class Luisteraar:
    """Collects the events one plugin reports, as werkplek's telephony service would."""

    def __init__(self, plugin: BaresipPlugin) -> None:
        self.gezien: list[Gespreksgebeurtenis] = []
        self._taak = asyncio.create_task(self._luister(plugin))

    async def _luister(self, plugin: BaresipPlugin) -> None:
        async for g in plugin.gebeurtenissen():
            self.gezien.append(g)

    def fasen(self) -> list[Gespreksfase]:
        return [g.fase for g in self.gezien]

    async def stop(self) -> None:
        self._taak.cancel()
        await asyncio.gather(self._taak, return_exceptions=True)


@pytest_asyncio.fixture
async def plugins(tmp_path: Path) -> AsyncIterator[list[BaresipPlugin]]:
    gemaakt: list[BaresipPlugin] = []
    yield gemaakt
    for p in gemaakt:
        await p.aclose()


@pytest.mark.asyncio
async def test_bert_belt_de_kcc_en_hangt_op(netwerk: Netwerk, tmp_path: Path,
                                            plugins: list[BaresipPlugin]) -> None:
    with Softphone(netwerk, BERT, "Bert Burger", 5060, 4444) as bert, \
            Softphone(netwerk, "kcc", "KCC Demodam", 5070, 4445) as kcc:
        agent = create_plugin({"ctrl_tcp": kcc.ctrl}, context(tmp_path))
        # Bert's own softphone, driven through the same plugin: click-to-dial for real.
        beller = create_plugin({"ctrl_tcp": bert.ctrl,
                                "bel_uri": f"sip:kcc@{netwerk.adres}:5070"}, context(tmp_path))
        plugins += [agent, beller]
        luisteraar = Luisteraar(agent)
        try:
            await wacht_tot(lambda: agent.verbonden)
            assert (await agent.health()).in_orde
            await beller.bel("+31140010")
            await wacht_tot(lambda: Gespreksfase.BINNENKOMEND in luisteraar.fasen())
            binnen = luisteraar.gezien[0]
            assert binnen.oproep.nummer == BERT and binnen.naam == "Bert Burger"
            await agent.aannemen()
            await wacht_tot(lambda: Gespreksfase.AANGENOMEN in luisteraar.fasen())
            await beller.ophangen()
            await wacht_tot(lambda: Gespreksfase.BEEINDIGD in luisteraar.fasen())
            assert luisteraar.fasen() == [Gespreksfase.BINNENKOMEND, Gespreksfase.AANGENOMEN,
                                          Gespreksfase.BEEINDIGD]
            assert len({g.gesprek for g in luisteraar.gezien}) == 1
            assert luisteraar.gezien[0].tijd <= luisteraar.gezien[-1].tijd
        finally:
            await luisteraar.stop()


@pytest.mark.asyncio
async def test_doorverbinden_naar_de_specialist(netwerk: Netwerk, tmp_path: Path,
                                                plugins: list[BaresipPlugin]) -> None:
    """The agent transfers Bert's call; Bert's softphone follows the REFER to the specialist."""
    with Softphone(netwerk, BERT, "Bert Burger", 5060, 4444) as bert, \
            Softphone(netwerk, "kcc", "KCC Demodam", 5070, 4445) as kcc, \
            Softphone(netwerk, "2100", "Vergunningen", 5080, 4446) as specialist:
        agent = create_plugin({"ctrl_tcp": kcc.ctrl,
                               "bel_uri": f"sip:{{nummer}}@{netwerk.adres}:5080"},
                              context(tmp_path))
        beller = create_plugin({"ctrl_tcp": bert.ctrl,
                                "bel_uri": f"sip:kcc@{netwerk.adres}:5070"}, context(tmp_path))
        vakafdeling = create_plugin({"ctrl_tcp": specialist.ctrl}, context(tmp_path))
        plugins += [agent, beller, vakafdeling]
        bij_agent, bij_specialist = Luisteraar(agent), Luisteraar(vakafdeling)
        try:
            await wacht_tot(lambda: agent.verbonden and vakafdeling.verbonden)
            await beller.bel("+31140010")
            await wacht_tot(lambda: Gespreksfase.BINNENKOMEND in bij_agent.fasen())
            await agent.aannemen()
            await wacht_tot(lambda: Gespreksfase.AANGENOMEN in bij_agent.fasen())
            await agent.doorverbinden("2100")
            await wacht_tot(lambda: Gespreksfase.BINNENKOMEND in bij_specialist.fasen(),
                            binnen=30)
            assert bij_specialist.gezien[0].oproep.nummer == BERT
            # Once the specialist answers, baresip ends the agent's leg of the call.
            await vakafdeling.aannemen()
            await wacht_tot(lambda: Gespreksfase.BEEINDIGD in bij_agent.fasen(), binnen=30)
            with pytest.raises(BronFout, match="toestelnummer"):
                await agent.doorverbinden("sip:iemand@elders")
        finally:
            await bij_agent.stop()
            await bij_specialist.stop()


@pytest.mark.asyncio
async def test_softphone_weg_en_terug(netwerk: Netwerk, tmp_path: Path,
                                      plugins: list[BaresipPlugin]) -> None:
    kcc = Softphone(netwerk, "kcc", "KCC Demodam", 5070, 4445)
    with kcc:
        agent = create_plugin({"ctrl_tcp": kcc.ctrl, "timeout_seconden": 2},
                              context(tmp_path))
        plugins.append(agent)
        luisteraar = Luisteraar(agent)
        try:
            await wacht_tot(lambda: agent.verbonden)
            kcc.stop()
            await wacht_tot(lambda: not agent.verbonden)
            assert agent.staat.startswith("niet verbonden") or "niet bereikbaar" in agent.staat
            gezondheid = await agent.health()
            assert not gezondheid.in_orde and "niet bereikbaar" in gezondheid.toelichting
            with pytest.raises(BronOnbereikbaar):
                await agent.ophangen()
            kcc.start()  # back: the plugin connects again by itself
            await wacht_tot(lambda: agent.verbonden, binnen=60)
            assert (await agent.health()).in_orde
        finally:
            await luisteraar.stop()


@pytest.mark.asyncio
async def test_een_peer_die_onzin_stuurt(tmp_path: Path,
                                         plugins: list[BaresipPlugin]) -> None:
    verbindingen: list[asyncio.StreamWriter] = []

    async def onzin(_l: asyncio.StreamReader, schrijver: asyncio.StreamWriter) -> None:
        verbindingen.append(schrijver)
        schrijver.write(b"12:{not json!},99999999999:x")
        await schrijver.drain()

    server = await asyncio.start_server(onzin, "127.0.0.1", 0)
    poort = server.sockets[0].getsockname()[1]
    agent = create_plugin({"ctrl_tcp": f"127.0.0.1:{poort}"}, context(tmp_path))
    plugins.append(agent)
    luisteraar = Luisteraar(agent)
    try:
        await wacht_tot(lambda: len(verbindingen) >= 2, binnen=30)  # again, after a backoff
        assert luisteraar.gezien == []
        assert "onleesbaar bericht" in agent.staat or "verbroken" in agent.staat
    finally:
        await luisteraar.stop()
        await agent.aclose()
        for schrijver in verbindingen:
            schrijver.close()
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize(("uri", "nummer"), [
    ("sip:+31612345678@10.0.0.2:5060", "+31612345678"),
    ("sips:0201234567@pbx;transport=tls", "0201234567"),
    ("tel:+31201234567", "+31201234567"),
    ("sip:anonymous@anonymous.invalid", "anonymous"),
    ("", ""),
])
def test_nummer_uit_de_uri(uri: str, nummer: str) -> None:
    assert nummer_uit_uri(uri) == nummer
