"""GUI tests run as async tests on a qasync loop, so the window's tasks really run."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import pytest_asyncio
import pytestqt.plugin

from werkplek.app import Werkplek, bouw, diensten_van, voorkant_van
from werkplek.services.profiel import Profiel
from werkplek.ui.hoofdvenster import Diensten, Hoofdvenster
from werkplek.ui.qt import QEventLoop, QtWidgets

W = TypeVar("W", bound=QtWidgets.QWidget)

# Qt's events belong to the qasync loop of each GUI test, which processes them while it runs.
# pytest-qt processes them once more between the phases of a test, outside that loop: an
# asyncio callback still pending then runs with no running loop and fails (a window's
# background task, woken just before the test returned). The loop's own turns suffice.
pytestqt.plugin._process_events = lambda: None


def qasync_loop() -> asyncio.AbstractEventLoop:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    assert isinstance(app, QtWidgets.QApplication)
    app.setQuitOnLastWindowClosed(False)  # closing a test's window must not stop the loop
    return QEventLoop(app)


def diensten(w: Werkplek) -> Diensten:
    """The window's services, with the demo's quick-pick customers whatever the profile."""
    voorkant = replace(voorkant_van(w.profiel, w.indeling.pad.parent), demo=True)
    return diensten_van(w, voorkant)


@pytest_asyncio.fixture
async def werkplek_demo(demo_profiel: Profiel, tmp_path: Path) -> AsyncIterator[Werkplek]:
    w = bouw(demo_profiel, tmp_path / "data")
    yield w
    await w.aclose()


async def open_venster(w: Werkplek) -> Hoofdvenster:
    venster = Hoofdvenster(diensten(w), asyncio.get_running_loop())
    venster.resize(1600, 1000)
    venster.show()
    await venster.taken.wacht()
    return venster


async def sluit_venster(venster: Hoofdvenster) -> None:
    await venster.taken.stop()
    fouten = list(venster.taken.fouten)
    venster.close()
    venster.deleteLater()
    await asyncio.sleep(0)
    assert not fouten, f"onverwachte fouten in taken: {fouten}"


@pytest_asyncio.fixture
async def venster(werkplek_demo: Werkplek) -> AsyncIterator[Hoofdvenster]:
    v = await open_venster(werkplek_demo)
    yield v
    await sluit_venster(v)


def vind(ouder: QtWidgets.QWidget, naam: str, soort: type[W] = QtWidgets.QWidget) -> W:  # type: ignore[assignment]
    """The one visible-or-not control with this accessible name, as a user's tool finds it."""
    gevonden = [w for w in ouder.findChildren(soort) if w.accessibleName() == naam]
    assert len(gevonden) == 1, f"{len(gevonden)} controls met toegankelijke naam {naam!r}"
    return gevonden[0]
