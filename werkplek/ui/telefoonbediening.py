"""The softphone beside the window: the call's state, answer and hang up, the agent's state.

The top bar shows "Telefoon" (gaat over, in gesprek, opgehangen), "Aannemen", "Ophangen"
and "Status" (beschikbaar, in gesprek, nawerk, pauze). Call events drive the agent's state:
answered is in gesprek, hung up is nawerk until the contact is registered or the profile's
maximum has passed. Every change of state goes to the WachtrijBron when there is one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from werkplek.domain.model import Kanaal
from werkplek.domain.oproep import Agentstatus, Gespreksfase, Gespreksgebeurtenis
from werkplek.services.telefonie import TelefonieService
from werkplek.ui.panelen import benoem, tr
from werkplek.ui.qt import QtCore, QtGui, QtWidgets, Signal

if TYPE_CHECKING:
    from werkplek.services.plugins import BronAntwoord
    from werkplek.services.wachtrij import WachtrijService
    from werkplek.ui.taken import Taken


class Telefoonbediening(QtCore.QObject):
    """The window's telephone part; ``opgenomen`` asks the window to open the caller."""

    opgenomen = Signal(object, object)
    """(Oproep, answered at): the window opens the caller's dossier."""
    melding = Signal(str)
    """A message for the status bar."""

    def __init__(self, taken: Taken, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.telefonie: TelefonieService | None = None
        self.wachtrij: WachtrijService | None = None
        self.nawerk_max_seconden = 300.0
        self.taken = taken
        self.opgehangen: datetime | None = None
        """When the call of the open contact ended: its end time, and nawerk until then."""
        self.overgedragen = False
        """The call was transferred with its contact registered: its end is no nawerk."""
        self.label = QtWidgets.QLabel(tr("Telefoon: vrij"))
        # A label is read by its text ("Telefoon: in gesprek"); a name would hide that.
        self.label.setObjectName("Telefoon")
        self.label.setAccessibleDescription(tr("De stand van het gesprek in de softphone"))
        self.label.setContentsMargins(12, 0, 4, 0)
        self.aanneem_knop = QtWidgets.QPushButton(tr("&Aannemen"))
        benoem(self.aanneem_knop, tr("Aannemen"), tr("Neem het gesprek aan (Ctrl+Shift+A)"))
        self.aanneem_knop.setShortcut(QtGui.QKeySequence("Ctrl+Shift+A"))
        self.ophang_knop = QtWidgets.QPushButton(tr("&Ophangen"))
        benoem(self.ophang_knop, tr("Ophangen"), tr("Beëindig het gesprek (Ctrl+Shift+H)"))
        self.ophang_knop.setShortcut(QtGui.QKeySequence("Ctrl+Shift+H"))
        self.statuskeuze = QtWidgets.QComboBox()
        benoem(self.statuskeuze, tr("Status"), tr("Beschikbaar, in gesprek, nawerk of pauze"))
        # On Linux a screen reader names a combo by its label, not by its accessible name.
        self.statuslabel = QtWidgets.QLabel(tr("Status:"))
        self.statuslabel.setBuddy(self.statuskeuze)
        for st in Agentstatus:
            self.statuskeuze.addItem(tr(st.label), st)
        for w in self.widgets():
            w.setVisible(self.heeft_softphone)
        self.aanneem_knop.setEnabled(False)
        self.ophang_knop.setEnabled(False)
        self._nawerk_klok = QtCore.QTimer(self)
        self._nawerk_klok.setSingleShot(True)
        self._nawerk_klok.timeout.connect(self._nawerk_voorbij)
        self.statuskeuze.currentIndexChanged.connect(self._status_gewijzigd)
        self.aanneem_knop.clicked.connect(
            lambda: self._bedien(tr("Aannemen"), TelefonieService.aannemen))
        self.ophang_knop.clicked.connect(
            lambda: self._bedien(tr("Ophangen"), TelefonieService.ophangen))

    def verbind(self, telefonie: TelefonieService | None, wachtrij: WachtrijService | None,
                nawerk_max_seconden: float) -> None:
        """The services, once they are up: the controls show when there is a softphone."""
        self.telefonie = telefonie
        self.wachtrij = wachtrij
        self.nawerk_max_seconden = nawerk_max_seconden
        for w in self.widgets():
            w.setVisible(self.heeft_softphone)

    @property
    def heeft_softphone(self) -> bool:
        return bool(self.telefonie and self.telefonie.bronnen)

    def widgets(self) -> list[QtWidgets.QWidget]:
        """For the top bar, in this order."""
        return [self.label, self.aanneem_knop, self.ophang_knop, self.statuslabel,
                self.statuskeuze]

    def start(self) -> None:
        """Follow the softphone and publish the agent's state, in the background."""
        if self.telefonie is not None and self.heeft_softphone:
            self.taken.achtergrond("telefonie", self.telefonie.volg(self.gesprek))
        if self.wachtrij is not None and self.wachtrij.ingesteld:
            self.taken.achtergrond("agentstatus", self.wachtrij.draai())
            if self.heeft_softphone:  # the supervisor sees this agent from the start
                self._status_gewijzigd()

    # -- call events ---------------------------------------------------------------------

    def gesprek(self, _bron: str, g: Gespreksgebeurtenis) -> None:
        """The softphone's events: ringing, answered (the caller pops), hung up (nawerk)."""
        self.aanneem_knop.setEnabled(g.fase is Gespreksfase.BINNENKOMEND)
        self.ophang_knop.setEnabled(g.fase is not Gespreksfase.BEEINDIGD)
        if self.wachtrij is not None:
            self.wachtrij.gesprek(g)
        match g.fase:
            case Gespreksfase.BINNENKOMEND:
                self.label.setText(tr("Telefoon: gaat over — {0}").format(
                    g.oproep.getoond or tr("nummer afgeschermd")))
            case Gespreksfase.UITGAAND:
                self.label.setText(tr("Telefoon: bellen…"))
            case Gespreksfase.AANGENOMEN:
                self.label.setText(tr("Telefoon: in gesprek"))
                self.zet_status(Agentstatus.IN_GESPREK)
                self.opgehangen, self.overgedragen = None, False
                self.opgenomen.emit(g.oproep, g.tijd)
            case Gespreksfase.BEEINDIGD:
                self.label.setText(tr("Telefoon: opgehangen"))
                if self.overgedragen:  # handed over and registered: free for the next call
                    self.overgedragen = False
                    if self.status is Agentstatus.IN_GESPREK:
                        self.zet_status(Agentstatus.BESCHIKBAAR)
                elif self.status is Agentstatus.IN_GESPREK:
                    self.opgehangen = g.tijd
                    self.zet_status(Agentstatus.NAWERK)
                    self._nawerk_klok.start(int(self.nawerk_max_seconden * 1000))

    def contact_geregistreerd(self) -> None:
        """The open contact is registered: nawerk is done, free for the next call."""
        if self.opgehangen is not None:
            self.opgehangen = None
            if self.status is Agentstatus.NAWERK:
                self.zet_status(Agentstatus.BESCHIKBAAR)

    # -- the agent's state ---------------------------------------------------------------

    @property
    def status(self) -> Agentstatus:
        return Agentstatus(self.statuskeuze.currentData())

    def zet_status(self, status: Agentstatus) -> None:
        if status is not Agentstatus.NAWERK:
            self._nawerk_klok.stop()
        self.statuskeuze.setCurrentIndex(self.statuskeuze.findData(status))

    def _status_gewijzigd(self) -> None:
        if self.wachtrij is not None:
            self.wachtrij.wijzig(self.status, Kanaal.TELEFOON if self.status in (
                Agentstatus.IN_GESPREK, Agentstatus.NAWERK) else None)

    def _nawerk_voorbij(self) -> None:
        if self.status is Agentstatus.NAWERK:
            self.zet_status(Agentstatus.BESCHIKBAAR)
            self.melding.emit(tr(
                "De nawerktijd is voorbij: u staat weer op beschikbaar. Het contact staat nog "
                "in het formulier."))

    # -- commands to the softphone -------------------------------------------------------

    def bel(self, nummer: str) -> None:
        """Click-to-dial: the softphone beside werkplek calls ``nummer``."""
        self._bedien(tr("Bellen"), lambda t: t.bel(nummer), tr("Bellen…"))

    async def doorverbinden(self, nummer: str) -> BronAntwoord[None] | None:
        """Transfer the call in progress; None when there is no softphone."""
        if self.telefonie is None:
            return None
        antw = await self.telefonie.doorverbinden(nummer)
        if antw.ok:
            self.overgedragen = True
        return antw

    def _bedien(self, wat: str,
                opdracht: Callable[[TelefonieService], Awaitable[BronAntwoord[None]]],
                gelukt: str = "") -> None:
        """A command to the softphone; its own events update the screen."""
        if self.telefonie is None:
            return
        telefonie = self.telefonie

        async def doe() -> None:
            antw = await opdracht(telefonie)
            if not antw.ok:
                self.melding.emit(tr("{0} lukte niet: {1}").format(wat, antw.melding))
            elif gelukt:
                self.melding.emit(gelukt)

        self.taken.start(f"softphone-{wat}", doe())
