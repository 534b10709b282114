"""The counter's ticket queue at the workstation: "Volgende klant", "Niet verschenen", and
issuing a ticket.

"Volgende klant" finishes the ticket being served and calls the next one (appointments whose
time has come first); its number shows in the top bar, and the window opens the dossier when
the ticket carries a customer.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from werkplek.domain.model import TIJDZONE, Kanaal, KlantRef
from werkplek.domain.oproep import Agentstatus
from werkplek.ui.panelen import benoem, tr
from werkplek.ui.qt import QtCore, QtGui, QtWidgets, Signal

if TYPE_CHECKING:
    from werkplek.domain.wachtrij import Ticket
    from werkplek.services.wachtrij import WachtrijService
    from werkplek.ui.taken import Taken


class Baliebediening(QtCore.QObject):
    """The window's counter part; ``klant_openen`` asks the window to open a dossier."""

    klant_openen = Signal(object)
    """KlantRef of the ticket just called."""
    melding = Signal(str)
    """A message for the status bar."""

    def __init__(self, taken: Taken, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.wachtrij: WachtrijService | None = None
        self.taken = taken
        self.label = QtWidgets.QLabel(tr("Ticket: —"))
        benoem(self.label, tr("Ticket"), tr("Het ticket dat u nu helpt"))
        self.label.setContentsMargins(12, 0, 4, 0)
        self.volgende_knop = QtWidgets.QPushButton(tr("&Volgende klant"))
        benoem(self.volgende_knop, tr("Volgende klant"),
               tr("Roep het volgende ticket op; afspraken gaan voor op hun tijd (Ctrl+Shift+N)"))
        self.volgende_knop.setShortcut(QtGui.QKeySequence("Ctrl+Shift+N"))
        self.niet_verschenen_knop = QtWidgets.QPushButton(tr("Niet &verschenen"))
        benoem(self.niet_verschenen_knop, tr("Niet verschenen"),
               tr("De opgeroepen klant kwam niet naar de balie (Ctrl+Shift+X)"))
        self.niet_verschenen_knop.setShortcut(QtGui.QKeySequence("Ctrl+Shift+X"))
        self.niet_verschenen_knop.setEnabled(False)
        for w in self.widgets():
            w.setVisible(self.actief)
        self.volgende_knop.clicked.connect(self.volgende)
        self.niet_verschenen_knop.clicked.connect(self.niet_verschenen)

    def verbind(self, wachtrij: WachtrijService | None) -> None:
        """The queue service, once it is up: the controls show when it has a source."""
        self.wachtrij = wachtrij
        for w in self.widgets():
            w.setVisible(self.actief)

    @property
    def actief(self) -> bool:
        return self.wachtrij is not None and self.wachtrij.ingesteld

    def widgets(self) -> list[QtWidgets.QWidget]:
        """For the top bar, in this order."""
        return [self.label, self.volgende_knop, self.niet_verschenen_knop]

    def volgende(self) -> None:
        if self.wachtrij is None:
            return
        wachtrij = self.wachtrij

        async def doe() -> None:
            self.volgende_knop.setEnabled(False)
            try:
                antw = await wachtrij.volgende_klant()
            finally:
                self.volgende_knop.setEnabled(True)
            if not antw.ok:
                self.melding.emit(tr("Volgende klant lukte niet: {0}").format(antw.melding))
                return
            self._toon(antw.waarde)
            wachtrij.wijzig(Agentstatus.BESCHIKBAAR if antw.waarde is None
                            else Agentstatus.IN_GESPREK, None if antw.waarde is None
                            else Kanaal.BALIE)
            if antw.waarde is None:
                self.melding.emit(tr("Er wacht niemand aan de balie."))
            elif antw.waarde.klant is not None:
                self.klant_openen.emit(antw.waarde.klant)

        self.taken.start("volgende-klant", doe())

    def niet_verschenen(self) -> None:
        if self.wachtrij is None or self.wachtrij.ticket is None:
            return
        nummer = self.wachtrij.ticket.nummer
        self.wachtrij.ticket_klaar(verschenen=False)
        self.wachtrij.wijzig(Agentstatus.BESCHIKBAAR)
        self._toon(None)
        self.melding.emit(tr("Ticket {0} is niet verschenen.").format(nummer))

    def geef_ticket(self, klant: KlantRef | None = None, afspraak: datetime | None = None
                    ) -> None:
        """Issue a ticket (a walk-in at the entrance, or an appointment checked in)."""
        if self.wachtrij is None:
            return
        wachtrij = self.wachtrij

        async def doe() -> None:
            antw = await wachtrij.geef_ticket(klant, afspraak)
            if antw.ok and antw.waarde is not None:
                self.melding.emit(tr("Ticket {0} uitgegeven.").format(antw.waarde.nummer))
            else:
                self.melding.emit(tr("Geen ticket uitgegeven: {0}").format(antw.melding))

        self.taken.start("ticket", doe())

    def _toon(self, ticket: Ticket | None) -> None:
        self.niet_verschenen_knop.setEnabled(ticket is not None)
        if ticket is None:
            self.label.setText(tr("Ticket: —"))
            return
        tekst = tr("Ticket: {0}").format(ticket.nummer)
        if ticket.afspraak is not None:
            tekst += tr(" (afspraak {0:%H:%M})").format(ticket.afspraak.astimezone(TIJDZONE))
        self.label.setText(tekst)
