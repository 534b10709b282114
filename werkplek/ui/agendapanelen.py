"""Agenda and Vandaag: book with a specialist during the contact; the counter's day list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time

from werkplek.domain.agenda import Afspraak, Afspraakstatus, Agenda, Tijdslot, per_dag
from werkplek.domain.model import TIJDZONE
from werkplek.ui.panelen import Melding, benoem, tr
from werkplek.ui.qt import Qt, QtGui, QtWidgets, Signal

DAGNAMEN = ["ma", "di", "wo", "do", "vr", "za", "zo"]
SLOTROL = Qt.ItemDataRole.UserRole + 10


def _dag(d: date) -> str:
    return f"{DAGNAMEN[d.weekday()]} {d:%d-%m}"


def _wanneer(a: Afspraak) -> str:
    b = a.begin.astimezone(TIJDZONE)
    return f"{_dag(b.date())} {b:%H:%M}"


class AgendaPaneel(QtWidgets.QWidget):
    """The customer's appointments, and a week of free slots of the agendas for the onderwerp."""

    agendaGekozen = Signal(str)
    afspraakMaken = Signal()
    verzetten = Signal()
    annuleren = Signal()
    anderePeriode = Signal(int)
    """-1 or +1: the week before or after."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        benoem(self, tr("Agenda"))
        # Scrolls as a whole, so the dock it shares with the history stays low.
        buiten = QtWidgets.QVBoxLayout(self)
        buiten.setContentsMargins(0, 0, 0, 0)
        vlak = QtWidgets.QScrollArea()
        vlak.setWidgetResizable(True)
        vlak.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        buiten.addWidget(vlak)
        binnen = QtWidgets.QWidget()
        binnen.setMinimumHeight(380)
        vlak.setWidget(binnen)
        lay = QtWidgets.QVBoxLayout(binnen)
        self.melding = Melding("agendaMelding", self)
        lay.addWidget(self.melding)

        self.afspraken = QtWidgets.QListWidget()
        benoem(self.afspraken, tr("Afspraken van de klant"))
        self.afspraken.setMaximumHeight(80)
        alab = QtWidgets.QLabel(tr("Afspraken van de klant:"))
        alab.setBuddy(self.afspraken)
        lay.addWidget(alab)
        lay.addWidget(self.afspraken)
        beheer = QtWidgets.QHBoxLayout()
        self.verzet_knop = QtWidgets.QPushButton(tr("Verzetten naar gekozen tijd"))
        benoem(self.verzet_knop, tr("Afspraak verzetten"))
        self.verzet_knop.clicked.connect(self.verzetten)
        self.annuleer_knop = QtWidgets.QPushButton(tr("Afspraak annuleren"))
        benoem(self.annuleer_knop, tr("Afspraak annuleren"))
        self.annuleer_knop.clicked.connect(self.annuleren)
        beheer.addWidget(self.verzet_knop)
        beheer.addWidget(self.annuleer_knop)
        beheer.addStretch(1)
        lay.addLayout(beheer)

        kies = QtWidgets.QHBoxLayout()
        self.agenda = QtWidgets.QComboBox()
        benoem(self.agenda, tr("Agendakeuze"), tr("De agenda's die het onderwerp behandelen"))
        glab = QtWidgets.QLabel(tr("Agenda:"))
        glab.setBuddy(self.agenda)
        self.vorige = QtWidgets.QPushButton("◀")
        benoem(self.vorige, tr("Vorige week"))
        self.vorige.clicked.connect(lambda: self.anderePeriode.emit(-1))
        self.volgende = QtWidgets.QPushButton("▶")
        benoem(self.volgende, tr("Volgende week"))
        self.volgende.clicked.connect(lambda: self.anderePeriode.emit(1))
        kies.addWidget(glab)
        kies.addWidget(self.agenda, 1)
        kies.addWidget(self.vorige)
        kies.addWidget(self.volgende)
        lay.addLayout(kies)
        self.agenda.currentIndexChanged.connect(
            lambda _i: self.agendaGekozen.emit(self.agenda.currentData() or ""))

        self.week = QtWidgets.QTableWidget()
        benoem(self.week, tr("Vrije tijden"),
               tr("Kolommen zijn dagen, rijen tijden; een gevulde cel is vrij. Kies er een en "
                  "druk op Afspraak maken."))
        self.week.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.week.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        # Tab leaves the week (arrow keys move between slots): no keyboard trap.
        self.week.setTabKeyNavigation(False)
        self.week.verticalHeader().setAccessibleName(tr("Tijden"))
        self.week.horizontalHeader().setAccessibleName(tr("Dagen"))
        self.week.horizontalHeader().setSectionResizeMode(
            QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.week.itemActivated.connect(lambda _i: self.afspraakMaken.emit())
        lay.addWidget(self.week, 1)

        self.notitie = QtWidgets.QLineEdit()
        benoem(self.notitie, tr("Notitie voor de specialist"),
               tr("De vraag van de klant, zodat hij die niet opnieuw hoeft te vertellen"))
        self.notitie.setMaxLength(2000)
        nlab = QtWidgets.QLabel(tr("Notitie:"))
        nlab.setBuddy(self.notitie)
        rij = QtWidgets.QHBoxLayout()
        rij.addWidget(nlab)
        rij.addWidget(self.notitie, 1)
        self.maak_knop = QtWidgets.QPushButton(tr("Afspraak &maken"))
        benoem(self.maak_knop, tr("Afspraak maken"), tr("Boekt het gekozen tijdslot"))
        self.maak_knop.clicked.connect(self.afspraakMaken)
        rij.addWidget(self.maak_knop)
        lay.addLayout(rij)

        self.bevestiging = QtWidgets.QPlainTextEdit()
        benoem(self.bevestiging, tr("Bevestiging voor de klant"))
        self.bevestiging.setReadOnly(True)
        self.bevestiging.setMaximumHeight(70)
        self.bevestiging.hide()
        self.kopieer_knop = QtWidgets.QPushButton(tr("Bevestiging kopiëren"))
        benoem(self.kopieer_knop, tr("Bevestiging kopiëren"))
        self.kopieer_knop.clicked.connect(self._kopieer)
        self.kopieer_knop.hide()
        lay.addWidget(self.bevestiging)
        lay.addWidget(self.kopieer_knop, 0, Qt.AlignmentFlag.AlignRight)
        self.lijst: list[Afspraak] = []
        self.zet_afspraken([])
        self.zet_agendas([], "")

    # --- the customer's appointments ----------------------------------------------------------

    def zet_afspraken(self, afspraken: Sequence[Afspraak]) -> None:
        self.lijst = list(afspraken)
        self.afspraken.clear()
        for a in self.lijst:
            item = QtWidgets.QListWidgetItem(
                f"{_wanneer(a)} · {a.agenda_naam} · {a.onderwerp}"
                + (f" · {tr(a.status.label)}" if a.status is not Afspraakstatus.VERWACHT else ""))
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.afspraken.addItem(item)
        if not self.lijst:
            self.afspraken.addItem(tr("Geen afspraken gepland."))
        self.verzet_knop.setEnabled(bool(self.lijst))
        self.annuleer_knop.setEnabled(bool(self.lijst))

    def gekozen_afspraak(self) -> Afspraak | None:
        item = self.afspraken.currentItem()
        if item is None:
            return self.lijst[0] if len(self.lijst) == 1 else None
        return next((a for a in self.lijst if a.id == item.data(Qt.ItemDataRole.UserRole)), None)

    # --- agendas and their week ---------------------------------------------------------------

    def zet_agendas(self, agendas: Sequence[Agenda], onderwerp: str) -> None:
        huidig = self.agenda.currentData()
        self.agenda.blockSignals(True)
        self.agenda.clear()
        passend = [a for a in agendas if onderwerp and a.bedient(onderwerp)]
        for a in passend or agendas:
            self.agenda.addItem(a.naam, a.id)
        i = self.agenda.findData(huidig)
        self.agenda.setCurrentIndex(max(i, 0))
        self.agenda.blockSignals(False)
        if passend:
            self.agenda.setToolTip(tr("Agenda's voor {0}").format(onderwerp))
        self.agendaGekozen.emit(self.agenda.currentData() or "")

    def zet_week(self, dagen: Sequence[date], slots: Sequence[Tijdslot]) -> None:
        """Days as columns, times as rows; a free slot is a cell with its time in it."""
        self.week.setUpdatesEnabled(False)  # one repaint for the week, not one per slot
        try:
            self._zet_week(dagen, slots)
        finally:
            self.week.setUpdatesEnabled(True)

    def _zet_week(self, dagen: Sequence[date], slots: Sequence[Tijdslot]) -> None:
        self.week.clear()
        groepen = per_dag(slots)
        tijden = sorted({s.begin.astimezone(TIJDZONE).time() for s in slots})
        self.week.setColumnCount(len(dagen))
        self.week.setRowCount(len(tijden))
        self.week.setHorizontalHeaderLabels([_dag(d) for d in dagen])
        self.week.setVerticalHeaderLabels([f"{t:%H:%M}" for t in tijden])
        rij_van = {t: i for i, t in enumerate(tijden)}
        vrij = QtGui.QBrush(QtGui.QColor("#e3f2e5"))
        for kol, d in enumerate(dagen):
            for s in groepen.get(d, []):
                b = s.begin.astimezone(TIJDZONE)
                item = QtWidgets.QTableWidgetItem(f"{b:%H:%M}")
                item.setData(SLOTROL, s)
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             tr("vrij op {0} om {1}").format(_dag(d), f"{b:%H:%M}"))
                item.setBackground(vrij)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.week.setItem(rij_van[b.time()], kol, item)
        leeg = not slots
        self.maak_knop.setEnabled(not leeg)
        if leeg:
            self.week.setRowCount(1)
            self.week.setVerticalHeaderLabels([""])

    def kies_slot(self, begin: datetime) -> bool:
        """Select the cell of the slot that starts at ``begin``; False when it is not free."""
        for r in range(self.week.rowCount()):
            for k in range(self.week.columnCount()):
                item = self.week.item(r, k)
                if item is not None and item.data(SLOTROL).begin == begin:
                    self.week.setCurrentCell(r, k)
                    return True
        return False

    def gekozen_slot(self) -> Tijdslot | None:
        item = self.week.currentItem()
        if item is None or not item.isSelected():
            return None
        slot = item.data(SLOTROL)
        return slot if isinstance(slot, Tijdslot) else None

    def toon_bevestiging(self, tekst: str) -> None:
        self.bevestiging.setPlainText(tekst)
        self.bevestiging.setVisible(bool(tekst))
        self.kopieer_knop.setVisible(bool(tekst))

    def _kopieer(self) -> None:
        bord = QtGui.QGuiApplication.clipboard()
        if bord is not None:
            bord.setText(self.bevestiging.toPlainText())


class _Statuskeuze(QtWidgets.QComboBox):
    """An appointment's status: a change is sent at once (Aanwezig also issues a ticket), so
    browsing never changes it. Arrow keys open the list, where Enter chooses and Escape
    cancels; the wheel scrolls the day unless the combo has focus."""

    BLADEREN = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                          Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End})

    def keyPressEvent(self, e: QtGui.QKeyEvent) -> None:
        if e.key() in self.BLADEREN and e.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                          Qt.KeyboardModifier.KeypadModifier):
            self.showPopup()
            e.accept()
        else:
            super().keyPressEvent(e)

    def showPopup(self) -> None:
        # The list opens on the current status, not where an earlier, cancelled browse ended.
        self.view().setCurrentIndex(self.model().index(self.currentIndex(), self.modelColumn()))
        super().showPopup()

    def wheelEvent(self, e: QtGui.QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(e)
        else:
            e.ignore()


class _Rij:
    """One appointment's widgets: the label that names its status combo, and an open button."""

    def __init__(self, ouder: QtWidgets.QWidget, kies: Callable[[int, object], None],
                 open_: Callable[[int], None], index: int) -> None:
        self.naam = QtWidgets.QLabel(ouder)
        self.naam.setObjectName(f"vandaagNaam{index}")
        self.wat = QtWidgets.QLabel(ouder)
        self.wat.setObjectName(f"vandaagWat{index}")
        self.wat.setWordWrap(True)
        self.wat.setStyleSheet("color: #555;")
        self.status = _Statuskeuze(ouder)
        self.status.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for s in Afspraakstatus:
            self.status.addItem(tr(s.label), s.value)
        # On Linux a screen reader names a combo by its label (the labelled-by relation).
        self.naam.setBuddy(self.status)
        self.open_knop = QtWidgets.QPushButton(tr("Openen"), ouder)
        self.status.activated.connect(lambda _i: kies(index, self.status.currentData()))
        self.open_knop.clicked.connect(lambda: open_(index))

    def widgets(self) -> list[QtWidgets.QWidget]:
        return [self.naam, self.wat, self.status, self.open_knop]

    def zet(self, a: Afspraak) -> None:
        tijd = f"{a.begin.astimezone(TIJDZONE):%H:%M}"
        self.naam.setText(f"{tijd} {a.klantnaam}")
        self.wat.setText(f"{a.onderwerp} · {a.agenda_naam}")
        benoem(self.status, tr("Status {0} {1}").format(a.klantnaam, tijd),
               tr("Status van de afspraak: pijltje omlaag opent de keuzes, Enter kiest"))
        self.status.setCurrentIndex(self.status.findData(a.status.value))
        benoem(self.open_knop, tr("{0} openen").format(a.klantnaam),
               tr("Opent het dossier van de klant van {0}").format(tijd))


class VandaagPaneel(QtWidgets.QWidget):
    """The day's appointments at this counter, with check-in.

    One row of real widgets per appointment (no item view): a screen reader finds each status
    combo by its label, and Tab moves from row to row and out of the panel.
    """

    statusGewijzigd = Signal(object, object)
    """(Afspraak, Afspraakstatus)"""
    vernieuwen = Signal()
    klantOpenen = Signal(object)
    """An Afspraak whose customer the counter employee opens."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        benoem(self, tr("Vandaag"))
        lay = QtWidgets.QVBoxLayout(self)
        self.melding = Melding("vandaagMelding", self)
        lay.addWidget(self.melding)
        kop = QtWidgets.QHBoxLayout()
        self.kop = QtWidgets.QLabel()
        self.kop.setObjectName("vandaagKop")
        self.kop.setWordWrap(True)
        kop.addWidget(self.kop, 1)
        self.vernieuw_knop = QtWidgets.QPushButton(tr("Vernieuwen"))
        benoem(self.vernieuw_knop, tr("Vandaag vernieuwen"))
        self.vernieuw_knop.clicked.connect(self.vernieuwen)
        kop.addWidget(self.vernieuw_knop)
        lay.addLayout(kop)
        # No scroll area of its own: the window puts every panel in one (werkplek.ui.indeling).
        self.lijst = QtWidgets.QWidget()
        benoem(self.lijst, tr("Afspraken vandaag"))
        self.rooster = QtWidgets.QGridLayout(self.lijst)
        self.rooster.setContentsMargins(0, 0, 0, 0)
        self.rooster.setColumnStretch(0, 1)
        self.leeg = QtWidgets.QLabel(tr("Geen afspraken vandaag."), self.lijst)
        self.leeg.setObjectName("vandaagLeeg")
        lay.addWidget(self.lijst, 1)
        self.afspraken: list[Afspraak] = []
        self.rijen: list[_Rij] = []
        self._bouw(0)

    def zet(self, locatie: str, dag: date, afspraken: Sequence[Afspraak]) -> None:
        """Show the day; rows are updated in place, so the keyboard focus stays where it was."""
        self.afspraken = list(afspraken)
        if len(self.rijen) != len(self.afspraken):
            self._bouw(len(self.afspraken))
        for rij, a in zip(self.rijen, self.afspraken, strict=True):
            rij.zet(a)
        verwacht = sum(1 for a in self.afspraken if a.status is Afspraakstatus.VERWACHT)
        self.kop.setText(tr("{0} · {1}: {2} afspraken, {3} nog verwacht").format(
            locatie or tr("alle locaties"), _dag(dag), len(self.afspraken), verwacht))

    def _bouw(self, aantal: int) -> None:
        for rij in self.rijen:
            for w in rij.widgets():
                self.rooster.removeWidget(w)
                w.hide()
                w.deleteLater()
        self.rooster.removeWidget(self.leeg)
        self.rijen = [_Rij(self.lijst, self._kies, self._open, i) for i in range(aantal)]
        for i in range(self.rooster.rowCount()):
            self.rooster.setRowStretch(i, 0)
        # Two lines a row: time and customer over onderwerp and agenda; status and open beside.
        midden = Qt.AlignmentFlag.AlignVCenter
        for r, rij in enumerate(self.rijen):
            self.rooster.addWidget(rij.naam, 2 * r, 0)
            self.rooster.addWidget(rij.wat, 2 * r + 1, 0)
            self.rooster.addWidget(rij.status, 2 * r, 1, 2, 1, midden)
            self.rooster.addWidget(rij.open_knop, 2 * r, 2, 2, 1, midden)
        self.leeg.setVisible(not aantal)
        if not aantal:
            self.rooster.addWidget(self.leeg, 0, 0, 1, 3)
        self.rooster.setRowStretch(2 * aantal, 1)
        # Tab goes down the day: each row's status, then its open button.
        vorige: QtWidgets.QWidget = self.vernieuw_knop
        for rij in self.rijen:
            for w in (rij.status, rij.open_knop):
                QtWidgets.QWidget.setTabOrder(vorige, w)
                vorige = w

    def _kies(self, index: int, waarde: object) -> None:
        if 0 <= index < len(self.afspraken) and isinstance(waarde, str):
            self.statusGewijzigd.emit(self.afspraken[index], Afspraakstatus(waarde))

    def _open(self, index: int) -> None:
        if 0 <= index < len(self.afspraken):
            self.klantOpenen.emit(self.afspraken[index])


def werkdagen_vanaf(begin: date, aantal: int = 5) -> list[date]:
    """The next ``aantal`` weekdays from ``begin`` on (Monday to Friday)."""
    dagen: list[date] = []
    d = begin
    while len(dagen) < aantal:
        if d.weekday() < 5:
            dagen.append(d)
        d = date.fromordinal(d.toordinal() + 1)
    return dagen


def dagbegin(d: date) -> datetime:
    return datetime.combine(d, time(0), TIJDZONE)
