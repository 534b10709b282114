"""At the first start of a day the counter prepares itself for offline work, once."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from tests.ui.conftest import diensten, sluit_venster
from werkplek.app import Werkplek
from werkplek.domain.model import nu
from werkplek.ui.hoofdvenster import Hoofdvenster

pytestmark = pytest.mark.asyncio


async def test_eerste_start_van_de_dag_bereidt_voor_en_de_tweede_niet(
        werkplek_demo: Werkplek) -> None:
    d = dataclasses.replace(diensten(werkplek_demo), voorbereiden_bij_start=True)
    eerste = Hoofdvenster(d, asyncio.get_running_loop())
    eerste.show()
    await eerste.taken.bij("voorbereiden-bij-start")
    assert eerste.taken.bezig("voorbereiden") and eerste.voortgang.isVisible()
    await eerste.taken.wacht()
    assert "Klaar voor offline: 3 klanten" in eerste.statusBar().currentMessage()
    assert await werkplek_demo.offline.voorbereid_op() == nu().date()
    await sluit_venster(eerste)

    tweede = Hoofdvenster(d, asyncio.get_running_loop())
    tweede.show()
    await tweede.taken.bij("voorbereiden-bij-start")
    assert not tweede.taken.bezig("voorbereiden")
    await tweede.taken.wacht()
    assert not tweede.voortgang.isVisible()
    await sluit_venster(tweede)
