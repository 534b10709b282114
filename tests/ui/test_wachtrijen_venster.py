"""The queues in the one screen: "Volgende klant" at the counter, the panel "Wachtrijen" and
its "Meldingen" for the supervisor, and neither for whom they are not meant."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from werkplek_embedded.demo import BERT_BSN

from tests.hulp import wacht_tot
from tests.ui.conftest import open_venster, sluit_venster, vind
from werkplek.app import bouw
from werkplek.domain.model import KlantRef, Medewerker, Rol, nu
from werkplek.domain.oproep import Agentstatus
from werkplek.domain.wachtrij import Normen
from werkplek.services.profiel import Profiel
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import QtWidgets

pytestmark = pytest.mark.asyncio


def als(profiel: Profiel, rol: Rol) -> Profiel:
    return replace(profiel, medewerker=Medewerker(f"test.{rol.value}", f"Test {rol.label}", rol))


@pytest_asyncio.fixture
async def balie(demo_profiel: Profiel, tmp_path: Path) -> AsyncIterator[Hoofdvenster]:
    w = bouw(als(demo_profiel, Rol.BALIE), tmp_path / "data")
    v = await open_venster(w)
    yield v
    await sluit_venster(v)
    await w.aclose()


@pytest_asyncio.fixture
async def supervisor(demo_profiel: Profiel, tmp_path: Path) -> AsyncIterator[Hoofdvenster]:
    profiel = replace(als(demo_profiel, Rol.SUPERVISOR),
                      normen=Normen(alarm_na=timedelta(0)))
    w = bouw(profiel, tmp_path / "data")
    v = await open_venster(w)
    yield v
    await sluit_venster(v)
    await w.aclose()


async def test_volgende_klant_roept_op_en_opent_het_dossier(balie: Hoofdvenster) -> None:
    wachtrij = balie.d.wachtrij
    assert wachtrij is not None
    while (await wachtrij.volgende_klant()).waarde is not None:
        pass  # the demo day's waiting customers have been helped
    wachtrij.ticket_klaar()
    bert = KlantRef.persoon(BERT_BSN)
    await wachtrij.geef_ticket()  # a walk-in, first in line ...
    afspraak = (await wachtrij.geef_ticket(bert, afspraak=nu() - timedelta(minutes=1))).waarde
    assert afspraak is not None  # ... but Bert's appointment time has come: he goes first
    knop = vind(balie, "Volgende klant", QtWidgets.QPushButton)
    assert knop.isVisible()
    knop.click()
    await wacht_tot(lambda: balie.klantbeeld.naam.text() == "Bert Burger")
    await balie.taken.wacht()
    assert afspraak.nummer in vind(balie, "Ticket", QtWidgets.QLabel).text()
    knop.click()  # Bert is served; the walk-in has no customer: no dossier, just the number
    await balie.taken.wacht()
    assert "Z0" in vind(balie, "Ticket", QtWidgets.QLabel).text()
    niet = vind(balie, "Niet verschenen", QtWidgets.QPushButton)
    niet.click()
    assert not niet.isEnabled()
    knop.click()
    await balie.taken.wacht()
    assert "Er wacht niemand" in balie.statusBar().currentMessage()
    assert not [w for w in balie.findChildren(QtWidgets.QWidget)
                if w.accessibleName() == "Wachtrijen"]  # the panel is the supervisor's


async def test_de_supervisor_ziet_wachtrijen_en_meldingen(supervisor: Hoofdvenster) -> None:
    paneel = vind(supervisor, "Wachtrijen")
    assert supervisor.docks["Wachtrijen"].isVisible()
    vind(supervisor, "Meldingen")
    assert not vind(supervisor, "Volgende klant").isVisible()  # that is the counter's
    wachtrij = supervisor.d.wachtrij
    assert wachtrij is not None and supervisor.d.monitor is not None
    wachtrij.wijzig(Agentstatus.PAUZE)
    await wachtrij.leeg_rij()
    medewerkers = vind(paneel, "Medewerkers", QtWidgets.QAbstractItemView)

    def cellen() -> set[str]:
        model = medewerkers.model()
        return {str(model.index(r, c).data()) for r in range(model.rowCount())
                for c in range(model.columnCount())}

    await wacht_tot(lambda: {"Test Supervisor", "Pauze"} <= cellen())
