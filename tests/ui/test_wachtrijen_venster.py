"""The queues in the one screen: "Volgende klant" at the counter, the panel "Wachtrijen" and
its "Meldingen" for the supervisor, and neither for whom they are not meant."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from pytestqt.qt_compat import qt_api
from werkplek_embedded.demo import BERT_BSN

from tests.hulp import wacht_tot
from tests.ui.conftest import open_venster, sluit_venster, vind
from werkplek.app import bouw
from werkplek.domain.model import KlantRef, Medewerker, Rol, nu
from werkplek.domain.oproep import Agentstatus
from werkplek.domain.wachtrij import Alarmtoestand, Normen
from werkplek.services.profiel import Profiel
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import Qt, QtCore, QtWidgets

pytestmark = pytest.mark.asyncio
QTest = qt_api.QtTest.QTest


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


def _meldingen_op_tabblad(venster: Hoofdvenster) -> list[str]:
    """The texts of the dock tabs that carry the panel "Wachtrijen"."""
    return [balk.tabText(i) for balk in venster.findChildren(QtWidgets.QTabBar)
            for i in range(balk.count()) if balk.tabText(i).startswith("Wachtrijen")]


async def test_ctrl_shift_b_bevestigt_vanuit_het_hele_venster(
        supervisor: Hoofdvenster) -> None:
    """Sneltoetsen: "Ctrl+Shift+B melding bevestigen (supervisor)" — with the cursor in
    Zoeken, where it is after the start, the oldest alarm is acknowledged at the monitor;
    Ctrl+Alt+B acknowledges them all. The tab of the panel counts them."""
    paneel = supervisor.wachtrijen
    monitor = supervisor.d.monitor
    assert paneel is not None and monitor is not None
    await wacht_tot(lambda: paneel.meldingen.rowCount() >= 2)
    n = paneel.meldingen.rowCount()
    assert f"Wachtrijen — Meldingen ({n})" in _meldingen_op_tabblad(supervisor)
    supervisor.activateWindow()
    await wacht_tot(supervisor.isActiveWindow)
    supervisor.zoekveld.setFocus()
    await wacht_tot(supervisor.zoekveld.hasFocus)
    eerste = paneel.gekozen_melding()
    assert eerste == paneel.meldingen.sleutel(0)  # the oldest, chosen without a click
    assert monitor.alarmtoestand(eerste) is Alarmtoestand.ALARM
    QTest.keyClick(supervisor.zoekveld, Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert monitor.alarmtoestand(eerste) is not Alarmtoestand.ALARM
    assert paneel.meldingen.rij_van(eerste) is None
    assert supervisor.zoekveld.hasFocus()  # the cursor stays where the supervisor works
    await wacht_tot(lambda: f"Wachtrijen — Meldingen ({n - 1})"
                    in _meldingen_op_tabblad(supervisor))
    rest = [paneel.meldingen.sleutel(r) for r in range(paneel.meldingen.rowCount())]
    QTest.keyClick(supervisor.zoekveld, Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert rest and all(monitor.alarmtoestand(s) is not Alarmtoestand.ALARM for s in rest)
    assert paneel.meldingen.rowCount() == 0
    await wacht_tot(lambda: "Wachtrijen" in _meldingen_op_tabblad(supervisor))
    assert paneel.meldingen.rowCount() == 0  # the next pictures do not bring them back


async def test_het_venster_van_de_supervisor_past_op_1080p(
        supervisor: Hoofdvenster) -> None:
    """1920×1080 less a taskbar: the window's minimum fits, and at 1920×1040 the panel
    "Wachtrijen" is wholly inside its dock and the window, with nothing to scroll."""
    minimum = supervisor.minimumSizeHint()
    assert minimum.width() <= 1920 and minimum.height() <= 1040, minimum
    supervisor.setGeometry(0, 0, 1920, 1040)
    await wacht_tot(lambda: supervisor.size() == QtCore.QSize(1920, 1040))
    paneel = supervisor.wachtrijen
    assert paneel is not None
    await wacht_tot(lambda: paneel.meldingen.rowCount() > 0)  # the alarm box at its fullest
    for _ in range(5):
        await asyncio.sleep(0.05)  # the layouts settle
    dock = supervisor.docks["Wachtrijen"]
    assert dock.isVisible() and not dock.isFloating()
    venster = supervisor.rect()

    def in_venster(w: QtWidgets.QWidget) -> QtCore.QRect:
        return QtCore.QRect(w.mapTo(supervisor, QtCore.QPoint(0, 0)), w.size())

    assert venster.contains(in_venster(dock.widget())), in_venster(dock.widget())
    assert dock.widget().rect().contains(
        QtCore.QRect(paneel.mapTo(dock.widget(), QtCore.QPoint(0, 0)), paneel.size())), (
        paneel.size(), dock.widget().size())
    for deel in (paneel.meldingenlijst, paneel.tegeltabel, paneel.agenttabel,
                 paneel.balietabel, paneel.kanaaltabel, paneel.grafiek):
        assert deel.isVisible() and venster.contains(in_venster(deel)), deel.accessibleName()
        assert deel.height() >= deel.minimumHeight(), deel.accessibleName()
