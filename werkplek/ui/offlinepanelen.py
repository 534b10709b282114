"""What waits to be sent: the list of the outbox, to send now, retry or correct."""

from __future__ import annotations

from collections.abc import Callable

from werkplek.domain.model import TIJDZONE
from werkplek.services.beeld import Soort
from werkplek.store.rijen import GEPARKEERD, Bericht
from werkplek.ui.panelen import Melding, benoem, tr
from werkplek.ui.qt import QtWidgets, Signal

KOLOMMEN = ("Soort", "Omschrijving", "Gemaakt", "Bron", "Status", "Pogingen", "Reden")


class TeVerzendenDialoog(QtWidgets.QDialog):
    """The outbox as the agent sees it; parked writes show why, to be corrected."""

    nuVerzenden = Signal()
    opnieuw = Signal(str)
    corrigeren = Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Te verzenden"))
        benoem(self, tr("Te verzenden"))
        self.resize(900, 360)
        lay = QtWidgets.QVBoxLayout(self)
        self.uitleg = QtWidgets.QLabel()
        self.uitleg.setWordWrap(True)
        self.melding = Melding("teVerzendenMelding", self)
        self.tabel = QtWidgets.QTableWidget(0, len(KOLOMMEN))
        benoem(self.tabel, tr("Berichten in de wachtrij"),
               tr("Contacten en afspraken die de backoffice nog niet heeft ontvangen"))
        self.tabel.setHorizontalHeaderLabels([tr(k) for k in KOLOMMEN])
        self.tabel.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabel.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.tabel.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabel.horizontalHeader().setStretchLastSection(True)
        self.tabel.itemSelectionChanged.connect(self._keuze)
        knoppen = QtWidgets.QHBoxLayout()
        self.verzend_knop = QtWidgets.QPushButton(tr("Nu &verzenden"))
        benoem(self.verzend_knop, tr("Nu verzenden"))
        self.opnieuw_knop = QtWidgets.QPushButton(tr("&Opnieuw versturen"))
        benoem(self.opnieuw_knop, tr("Opnieuw versturen"),
               tr("Zet een geparkeerd bericht terug in de wachtrij"))
        self.corrigeer_knop = QtWidgets.QPushButton(tr("&Corrigeren in het contactformulier"))
        benoem(self.corrigeer_knop, tr("Corrigeren"),
               tr("Open het geparkeerde contact in het formulier; opnieuw registreren "
                  "vervangt het"))
        sluit = QtWidgets.QPushButton(tr("Sluiten"))
        benoem(sluit, tr("Sluiten"))
        for k in (self.verzend_knop, self.opnieuw_knop, self.corrigeer_knop):
            knoppen.addWidget(k)
        knoppen.addStretch(1)
        knoppen.addWidget(sluit)
        lay.addWidget(self.uitleg)
        lay.addWidget(self.melding)
        lay.addWidget(self.tabel, 1)
        lay.addLayout(knoppen)
        self.verzend_knop.clicked.connect(self.nuVerzenden)
        self.opnieuw_knop.clicked.connect(lambda: self._met_keuze(self.opnieuw.emit))
        self.corrigeer_knop.clicked.connect(lambda: self._met_keuze(self.corrigeren.emit))
        sluit.clicked.connect(self.accept)
        self.berichten: list[Bericht] = []
        self._keuze()

    def zet(self, berichten: list[Bericht], uitleg: str) -> None:
        gekozen = self.gekozen()
        self.berichten = berichten
        self.uitleg.setText(uitleg)
        self.tabel.setRowCount(len(berichten))
        for rij, b in enumerate(berichten):
            status = tr("geparkeerd") if b.status == GEPARKEERD else tr("wacht")
            waarden = (tr(Soort(b.soort).label), b.omschrijving,
                       f"{b.aangemaakt.astimezone(TIJDZONE):%d-%m %H:%M}", b.bron, status,
                       str(b.pogingen), b.laatste_fout)
            for kolom, tekst in enumerate(waarden):
                item = QtWidgets.QTableWidgetItem(tekst)
                item.setToolTip(tekst)
                self.tabel.setItem(rij, kolom, item)
            if gekozen is not None and b.id == gekozen.id:
                self.tabel.selectRow(rij)
        self.tabel.resizeColumnsToContents()
        self._keuze()

    def gekozen(self) -> Bericht | None:
        rijen = self.tabel.selectionModel().selectedRows()
        if not rijen or rijen[0].row() >= len(self.berichten):
            return None
        return self.berichten[rijen[0].row()]

    def _keuze(self) -> None:
        b = self.gekozen()
        geparkeerd = b is not None and b.status == GEPARKEERD
        self.opnieuw_knop.setEnabled(geparkeerd)
        self.corrigeer_knop.setEnabled(geparkeerd and b is not None
                                       and b.soort == Soort.CONTACTMOMENT)

    def _met_keuze(self, uitzenden: Callable[[str], object]) -> None:
        b = self.gekozen()
        if b is not None:
            uitzenden(b.id)
