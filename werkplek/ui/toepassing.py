"""Starting the Qt application on a qasync loop: the window, or a screenshot of it."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from werkplek.services.profiel import ConfigFout
from werkplek.ui.eeninstantie import Postbus, servernaam
from werkplek.ui.fasen import volg_fasen
from werkplek.ui.hoofdvenster import Diensten, Hoofdvenster, Voorkant
from werkplek.ui.qt import QEventLoop, QtCore, QtWidgets
from werkplek.ui.startfout import toon_configfout

log = logging.getLogger(__name__)
SCHERMAFBEELDING_GROOTTE = (1600, 1000)


@dataclass(frozen=True)
class Opname:
    """A screenshot to make instead of running the window: what to open, at what size."""

    pad: Path
    openen: str | None = None
    """The BSN or KvK number whose dossier is opened first."""
    grootte: tuple[int, int] = SCHERMAFBEELDING_GROOTTE
    onderwerp: str | None = None
    """Chosen as the agent would: its checklist opens."""
    in_gesprek: bool = False
    """The compact "in gesprek" layout (Ctrl+Shift+G)."""


class AfvalInHoofdthread(QtCore.QObject):
    """Runs Python's garbage collector in the GUI thread only.

    Collected in a worker thread (the store's or a plugin's), a Qt object in a reference
    cycle would be destroyed off its thread, which Qt answers with warnings or a crash.
    """

    def __init__(self, parent: QtCore.QObject) -> None:
        super().__init__(parent)
        self._was_aan = gc.isenabled()
        gc.disable()
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self._ruim_op)
        self._timer.start(1000)

    def _ruim_op(self) -> None:
        # As the automatic collector would: the oldest generation over its threshold, once
        # (collecting it takes the younger ones along).
        over = [generatie for generatie, (aantal, drempel) in enumerate(
            zip(gc.get_count(), gc.get_threshold(), strict=True)) if aantal > drempel]
        if over:
            gc.collect(over[-1])

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_aan:
            gc.enable()


def heeft_beeldscherm() -> bool:
    """False on a Linux machine without X11 or Wayland, unless the chosen Qt platform needs
    neither (offscreen, vnc, ...): Qt would abort instead of saying so."""
    if not sys.platform.startswith("linux"):
        return True
    x11 = bool(os.environ.get("DISPLAY"))
    wayland = bool(os.environ.get("WAYLAND_DISPLAY"))
    gekozen = [p.split(":", 1)[0].strip()
               for p in os.environ.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    if not gekozen:
        return x11 or wayland
    return any(x11 if p == "xcb" else wayland if p.startswith("wayland") else True
               for p in gekozen)


def maak_applicatie() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        app = QtWidgets.QApplication([sys.argv[0]])
    app.setApplicationName("Werkplek")
    app.setApplicationDisplayName("Werkplek KCC")
    app.setOrganizationName("werkplek")
    # werkplek ends when its main window says so (after closing plugins), not when Qt's
    # last window happens to close: that would stop the asyncio loop mid-task.
    app.setQuitOnLastWindowClosed(False)
    return app


def _excepthook(soort: type[BaseException], fout: BaseException,
                tb: TracebackType | None) -> None:
    """Errors that escape a slot are logged and shown, instead of ending the program."""
    log.critical("Onverwachte fout", exc_info=(soort, fout, tb))
    app = QtWidgets.QApplication.instance()
    venster = next((w for w in QtWidgets.QApplication.topLevelWidgets()
                    if isinstance(w, Hoofdvenster)), None) if app else None
    if venster is not None:
        venster.statusBar().showMessage(
            "Er ging iets mis; het is vastgelegd in het logboek. U kunt verder werken.", 15000)


@dataclass(frozen=True)
class Opgebouwd:
    """The services behind the window, and how to close them."""

    diensten: Diensten
    afsluiten: Callable[[], Awaitable[None]]


def start(voorkant: Voorkant, opbouwen: Callable[[], Opgebouwd],
          schermafbeelding: Opname | None = None,
          opdracht: dict[str, Any] | None = None) -> int:
    """Run the window until it closes; or, with ``schermafbeelding``, save a PNG and stop.

    The window shows first; ``opbouwen`` (the store, the plugins, the services) runs on a
    worker thread meanwhile, and the window comes to life when it is done. A profile refused
    there (``ConfigFout``) is shown as at any start, and werkplek stops with 2. The window
    takes commands of later invocations (``werkplek pop``) over a local socket; ``opdracht``
    is the one this invocation itself came with.
    """
    if schermafbeelding is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = maak_applicatie()
    afval = AfvalInHoofdthread(app)
    loop = QEventLoop(app)
    asyncio.set_event_loop(loop)
    sys.excepthook = _excepthook

    async def hoofd() -> int:
        venster = Hoofdvenster(voorkant, loop)
        volg_fasen(venster)  # for bench/: owned by the window, lives as long as it does
        # Ctrl+C in the terminal or a TERM from the session: close as the agent would, so the
        # layout is saved and the plugins close. Python sees the signal at the next Python
        # callback at the latest, which the collector's timer guarantees within a second.
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda _s, _f: loop.call_soon_threadsafe(venster.close))
        postbus = Postbus(servernaam(voorkant.profiel), venster)
        opgebouwd: Opgebouwd | None = None
        try:
            if schermafbeelding is None:
                if postbus.luister():
                    postbus.opdracht.connect(venster.voer_uit)
                venster.toon()
                log.info("Venster geopend")
                if opdracht is not None:
                    venster.voer_uit(opdracht)  # carried out when the services are up
                # The worker thread's imports would hold the GIL while the window paints.
                await getekend(venster)
            bouwer = ThreadPoolExecutor(1, thread_name_prefix="werkplek-opbouw")
            try:
                opgebouwd = await loop.run_in_executor(bouwer, opbouwen)
            except ConfigFout as e:  # the line on stderr is already written
                if schermafbeelding is None:  # a dialog where someone looks; none offscreen
                    venster.hide()
                    toon_configfout(e)
                return 2
            finally:
                bouwer.shutdown(wait=False)
            if venster.is_gesloten:  # closed while werkplek was starting
                log.info("Venster gesloten")
                return 0
            venster.verbind_diensten(opgebouwd.diensten)
            log.info("Bronnen verbonden")
            # What start-up made lives as long as werkplek: the collector need not go through
            # it again and again (each pass over it was a stall of the window).
            gc.freeze()
            if schermafbeelding is not None:
                return await maak_schermafbeelding(venster, schermafbeelding)
            await venster.gesloten()
            log.info("Venster gesloten")
            return 0
        finally:
            postbus.sluit()
            await venster.taken.stop()
            if opgebouwd is not None:
                await opgebouwd.afsluiten()

    vorige = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with loop:
            code: int = loop.run_until_complete(hoofd())
            return code
    finally:
        afval.stop()
        for s, handler in vorige.items():
            signal.signal(s, handler)
        asyncio.set_event_loop(None)


class _Verf(QtCore.QObject):
    """Sets ``klaar`` at the first paint of ``widget``."""

    def __init__(self, widget: QtWidgets.QWidget, klaar: asyncio.Future[None]) -> None:
        super().__init__(widget)
        self.klaar = klaar
        widget.installEventFilter(self)

    def eventFilter(self, bron: QtCore.QObject, gebeurtenis: QtCore.QEvent) -> bool:
        if gebeurtenis.type() == QtCore.QEvent.Type.Paint and not self.klaar.done():
            self.klaar.set_result(None)
        return False


async def getekend(widget: QtWidgets.QWidget, hooguit: float = 0.5) -> None:
    """Until the widget was first painted (at most ``hooguit`` seconds: a hidden one never is)."""
    klaar = asyncio.get_running_loop().create_future()
    verf = _Verf(widget, klaar)
    try:
        await asyncio.wait_for(klaar, hooguit)
    except TimeoutError:
        pass
    finally:
        widget.removeEventFilter(verf)
        verf.deleteLater()


async def maak_schermafbeelding(venster: Hoofdvenster, opname: Opname) -> int:
    venster.resize(*opname.grootte)
    venster.show()
    openen = opname.openen
    if openen:
        venster.zoek_tekst(openen)
        if venster.zoekmelding.isVisible():
            print(f"werkplek: {venster.zoekmelding.text()}", file=sys.stderr)
            return 2
    await venster.taken.wacht()
    if openen and venster.klantbeeld.klant is None:
        # Say why, as the window does: a source's failure, or persons refused for the audit.
        redenen = [m.text() for m in (venster.resultaten_melding, venster.klantbeeld.melding)
                   if m.text()]
        print(f"werkplek: geen klant getoond voor {openen[:3]}…"
              + (f": {' '.join(redenen).rstrip('.')}" if redenen else "")
              + "; er is geen schermafbeelding gemaakt.", file=sys.stderr)
        return 1
    if opname.onderwerp:
        keuze = venster.contactmoment.onderwerp
        if keuze.findData(opname.onderwerp) < 0:
            print(f"werkplek: onbekend onderwerp {opname.onderwerp!r}.", file=sys.stderr)
            return 2
        keuze.setCurrentIndex(keuze.findData(opname.onderwerp))
        await venster.taken.wacht()
    if opname.in_gesprek:
        venster.wissel_gesprek()
    for _ in range(3):  # docks move and scroll areas settle in posted events
        QtWidgets.QApplication.processEvents()
        await asyncio.sleep(0)
    if not venster.grab().save(str(opname.pad), "PNG"):
        print(f"werkplek: kan {opname.pad} niet schrijven.", file=sys.stderr)
        return 1
    print(f"Schermafbeelding opgeslagen: {opname.pad}")
    return 0
