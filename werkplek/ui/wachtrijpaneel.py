"""The supervisor's panel "Wachtrijen": queues against their norms, agents, the counter,
FCR per channel, the day's chart and the alarms to acknowledge, fed a new picture a second.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

from werkplek.domain.model import TIJDZONE
from werkplek.domain.oproep import Agentstatus
from werkplek.services.beeld import Melding, Wachtrijbeeld, toon_waarde
from werkplek.ui.panelen import benoem, tr
from werkplek.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from werkplek.ui.wachtrijmodellen import (
    AgentModel,
    AgentSorteerder,
    KanaalModel,
    MeldingModel,
    TegelModel,
    TicketModel,
    klok,
    mmss,
)

if TYPE_CHECKING:
    from werkplek.domain.wachtrij import Meetpunt
    from werkplek.ui.qt import QtCharts

BEVESTIG_TOETS = "Ctrl+Shift+B"
"""Acknowledges the chosen alarm (the oldest unless another is chosen), wherever the cursor
is in the panel's window."""
ALLES_BEVESTIG_TOETS = "Ctrl+Alt+B"
"""Acknowledges every alarm shown."""

_STIJL_LIVE = "QLabel { color: #0b4a1e; font-weight: 600; padding: 2px 4px; }"
_STIJL_GEEN_VERBINDING = ("QLabel { color: #7a1010; background: #f9d6d5; font-weight: 600;"
                          " border: 2px solid #b3261e; border-radius: 3px; padding: 4px; }")
_STIJL_MELDINGEN = ("QGroupBox#meldingenvak { border: 2px solid #b3261e; border-radius: 4px;"
                    " background: #fdecea; margin-top: 1.4em; font-weight: 600; }"
                    " QGroupBox#meldingenvak::title { subcontrol-origin: margin; left: 8px;"
                    " color: #7a1010; }")


def _x(moment: datetime) -> float:
    """A moment as the chart's x value. QDateTimeAxis shows an x value as the system's local
    time; the value given is the municipality's wall-clock time read as local time, so the
    axis reads as the tables do (TIJDZONE) on any computer."""
    w = moment.astimezone(TIJDZONE)
    return float(QtCore.QDateTime(QtCore.QDate(w.year, w.month, w.day),
                                  QtCore.QTime(w.hour, w.minute, w.second,
                                               w.microsecond // 1000)).toMSecsSinceEpoch())


def _tabel(naam: str, beschrijving: str) -> QtWidgets.QTableView:
    """A read-only table of whole rows; Tab leaves it, the arrows move within it."""
    tabel = QtWidgets.QTableView()
    benoem(tabel, naam, beschrijving)
    tabel.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    tabel.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    tabel.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    tabel.setTabKeyNavigation(False)
    tabel.setWordWrap(False)
    tabel.verticalHeader().hide()
    tabel.horizontalHeader().setStretchLastSection(True)
    tabel.horizontalHeader().setHighlightSections(False)
    return tabel


MONSTER = 50
"""Rows measured for a column's width: a sample, never every row."""


def _verbreed(tabel: QtWidgets.QTableView) -> None:
    """Widen a short table's columns that are too narrow for their contents (a sample of
    rows, plus room for two more digits); never narrow one (the supervisor may have widened
    it). Done when the columns change or the first rows arrive, not at every picture."""
    kop = tabel.horizontalHeader()
    ruimte = tabel.fontMetrics().horizontalAdvance("00")
    for k in range(kop.count()):
        nodig = max(tabel.sizeHintForColumn(k) + ruimte, kop.sectionSizeHint(k))
        if nodig > tabel.columnWidth(k):
            tabel.setColumnWidth(k, nodig)


def _eerste_rijen(tabel: QtWidgets.QTableView, eerste: int, laatste: int) -> None:
    """Measure a table when it gets its first rows (it was empty)."""
    if tabel.model().rowCount() == laatste - eerste + 1:
        _verbreed(tabel)


def _kop(tekst: str) -> QtWidgets.QLabel:
    kop = QtWidgets.QLabel(tekst)
    kop.setStyleSheet("font-weight: 600; padding-top: 4px;")
    return kop


def _zet_tekst(label: QtWidgets.QLabel, tekst: str) -> None:
    if label.text() != tekst:
        label.setText(tekst)


class _Regel(QtWidgets.QLabel):
    """A wrapped label that does not make the panel height-for-width: in a scroll area such
    a panel is always as tall as it would like (1000 px and more), never as tall as the room
    it is given, and so scrolls on a 1080p screen."""

    def __init__(self, tekst: str = "") -> None:
        super().__init__(tekst)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def hasHeightForWidth(self) -> bool:
        return False


def _groepeer(meldingen: Sequence[Melding]) -> str:
    """The alarms counted per queue: "Burgerzaken 3, Alle wachtrijen 3"."""
    per_wachtrij: dict[str, int] = {}
    for m in meldingen:
        naam = tr(m.wachtrij)
        per_wachtrij[naam] = per_wachtrij.get(naam, 0) + 1
    return ", ".join(f"{naam} {n}" for naam, n in per_wachtrij.items())


class Wachtrijpaneel(QtWidgets.QWidget):
    """The live queue panel of the supervisor (DESIGN.md: "Who uses it")."""

    bevestigd = Signal(str)
    """The supervisor acknowledged the alarm with this sleutel."""
    nieuwe_meldingen = Signal(str)
    """A picture brought new alarms: one summary for all of them (one notification)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, *,
                 geluid: bool = False) -> None:
        super().__init__(parent)
        benoem(self, tr("Wachtrijen"), tr("Wachtrijen, medewerkers, balie en meldingen, "
                                          "elke seconde bijgewerkt"))
        self.setWindowTitle(tr("Wachtrijen"))
        self.geluid = geluid
        """Whether a new alarm also sounds (the profile's alarm_geluid)."""
        self.beeld: Wachtrijbeeld | None = None
        """The picture shown last."""
        self._alle_meldingen: tuple[Melding, ...] = ()
        """The alarms of the last picture."""
        self._meldingen: tuple[Melding, ...] = ()
        """The alarms shown: those of the last picture not acknowledged here."""
        self._vorige: set[tuple[str, datetime | None]] = set()
        """The alarms (sleutel, gone off at) of the last picture: one that is not is new."""
        self._bevestigd: set[tuple[str, datetime | None]] = set()
        """Alarms acknowledged here that the pictures still carry (the monitor lags)."""
        self._verloop: tuple[Meetpunt, ...] | None = None

        self.verbinding = _Regel(tr("Nog geen cijfers"))
        benoem(self.verbinding, tr("Verbinding"),
               tr("Of de cijfers live zijn, of van wanneer ze zijn"))
        self.verbinding.setProperty("verbonden", False)

        # Alarms.
        self.meldingenvak = QtWidgets.QGroupBox(tr("Meldingen (0)"))
        self.meldingenvak.setObjectName("meldingenvak")
        self.meldingenvak.setProperty("actief", False)
        self.meldingen = MeldingModel(self)
        self.meldingenlijst = QtWidgets.QListView()
        benoem(self.meldingenlijst, tr("Meldingen"),
               tr("Normen die te lang niet gehaald worden; kies er een en bevestig met "
                  "{0}").format(BEVESTIG_TOETS))
        self.meldingenlijst.setModel(self.meldingen)
        self.meldingenlijst.setSelectionMode(
            QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.meldingenlijst.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.meldingenlijst.setWordWrap(True)
        self.meldingenlijst.setMaximumHeight(72)
        self.meldingenlijst.setMinimumHeight(48)
        # A burst of alarms is one notification: how many, per queue, and when.
        self.samenvatting = _Regel()
        benoem(self.samenvatting, tr("Nieuwe meldingen"))
        self.samenvatting.hide()
        self.bevestig_knop = QtWidgets.QPushButton(tr("Bevestigen"))
        benoem(self.bevestig_knop, tr("Bevestigen"),
               tr("Bevestig de gekozen melding ({0})").format(BEVESTIG_TOETS))
        self.bevestig_knop.setToolTip(tr("Bevestig de gekozen melding ({0})").format(
            BEVESTIG_TOETS))
        self.bevestig_knop.setEnabled(False)
        self.bevestig_knop.clicked.connect(self.bevestig)
        self.alles_knop = QtWidgets.QPushButton(tr("Alles bevestigen"))
        benoem(self.alles_knop, tr("Alles bevestigen"),
               tr("Bevestig alle meldingen in de lijst ({0})").format(ALLES_BEVESTIG_TOETS))
        self.alles_knop.setToolTip(tr("Bevestig alle meldingen in de lijst ({0})").format(
            ALLES_BEVESTIG_TOETS))
        self.alles_knop.setEnabled(False)
        self.alles_knop.clicked.connect(self.bevestig_alles)
        # The whole window: the cursor is seldom in this panel when an alarm goes off.
        self.bevestig_toets = QtGui.QShortcut(QtGui.QKeySequence(BEVESTIG_TOETS), self)
        self.bevestig_toets.setContext(Qt.ShortcutContext.WindowShortcut)
        self.bevestig_toets.activated.connect(self.bevestig)
        self.alles_toets = QtGui.QShortcut(QtGui.QKeySequence(ALLES_BEVESTIG_TOETS), self)
        self.alles_toets.setContext(Qt.ShortcutContext.WindowShortcut)
        self.alles_toets.activated.connect(self.bevestig_alles)
        self.meldingenlijst.selectionModel().selectionChanged.connect(self._keuze)
        knoppen = QtWidgets.QVBoxLayout()
        knoppen.setSpacing(4)
        knoppen.addWidget(self.bevestig_knop)
        knoppen.addWidget(self.alles_knop)
        knoppen.addStretch(1)
        rij = QtWidgets.QHBoxLayout()
        rij.addWidget(self.meldingenlijst, 1)
        rij.addLayout(knoppen)
        ml = QtWidgets.QVBoxLayout(self.meldingenvak)
        ml.setContentsMargins(6, 4, 6, 6)
        ml.setSpacing(4)
        ml.addWidget(self.samenvatting)
        ml.addLayout(rij)

        # Queues.
        self.tegels = TegelModel(self)
        self.tegeltabel = _tabel(tr("Cijfers per wachtrij"),
                                 tr("Per wachtrij en alle wachtrijen samen: wachtenden, "
                                    "langste wachttijd, aantallen en serviceniveau tegen de "
                                    "norm"))
        self.tegeltabel.setModel(self.tegels)
        # The header and two queues at least; the splitter gives it more where there is room.
        self.tegeltabel.setMinimumHeight(84)

        # Agents.
        self.agenten = AgentModel(self)
        self.agenten_gesorteerd = AgentSorteerder(self)
        self.agenten_gesorteerd.setSourceModel(self.agenten)
        self.agenttabel = _tabel(tr("Medewerkers"),
                                 tr("Elke medewerker met status, sinds wanneer, hoe lang en "
                                    "kanaal; sorteer met een klik op een kolomkop"))
        self.agenttabel.setModel(self.agenten_gesorteerd)
        self.agenttabel.setSortingEnabled(True)
        self.agenttabel.sortByColumn(AgentModel.NAAM, Qt.SortOrder.AscendingOrder)
        self.agenttabel.setAlternatingRowColors(True)
        # Fixed widths (the supervisor may change them): 500 rows are never measured.
        self.agenttabel.horizontalHeader().setSectionResizeMode(
            QtWidgets.QHeaderView.ResizeMode.Interactive)
        letter = self.agenttabel.fontMetrics()
        for k, voorbeeld in ((AgentModel.NAAM, "Mohamed El Amrani-van Dijk"),
                             (AgentModel.STATUS, max((tr(s.label) + "   " for s in Agentstatus),
                                                     key=letter.horizontalAdvance)),
                             (AgentModel.SINDS, "00:00   "), (AgentModel.DUUR, "000:00   ")):
            self.agenttabel.setColumnWidth(k, max(letter.horizontalAdvance(voorbeeld) + 12,
                                                  self.agenttabel.horizontalHeader()
                                                  .sectionSizeHint(k)))
        self.agentstatus = _Regel()
        benoem(self.agentstatus, tr("Medewerkers per status"))

        # Counter.
        self.tickets = TicketModel(self)
        self.balietabel = _tabel(tr("Balie"), tr("Wachtende tickets in de volgorde van "
                                                 "oproepen"))
        self.balietabel.setModel(self.tickets)
        self.balie_samenvatting = _Regel()
        benoem(self.balie_samenvatting, tr("Samenvatting balie"))

        # Channels.
        self.kanalen = KanaalModel(self)
        self.kanaaltabel = _tabel(tr("In één keer afgehandeld"),
                                  tr("Vandaag in één keer afgehandeld en volume, alle kanalen "
                                     "samen en per kanaal"))
        self.kanaaltabel.setModel(self.kanalen)

        self.grafiek = self._bouw_grafiek()

        # Layout: the alarms and the state of the connection on top, then the figures; the
        # agents, the counter and the channels side by side, so it all fits 1080p (1040 px
        # less the window's bars and the other panels) without scrolling.
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addWidget(self.verbinding)
        lay.addWidget(self.meldingenvak)
        splitser = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        splitser.setChildrenCollapsible(False)
        splitser.addWidget(self.tegeltabel)
        midden = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        midden.setChildrenCollapsible(False)
        for kop, label, tabel in ((tr("Medewerkers"), self.agentstatus, self.agenttabel),
                                  (tr("Balie"), self.balie_samenvatting, self.balietabel),
                                  (tr("In één keer afgehandeld en volume per kanaal"), None,
                                   self.kanaaltabel)):
            vak = QtWidgets.QWidget()
            vl = QtWidgets.QVBoxLayout(vak)
            vl.setContentsMargins(0, 0, 0, 0)
            vl.setSpacing(2)
            vl.addWidget(_kop(kop))
            if label is not None:
                vl.addWidget(label)
            tabel.setMinimumHeight(60)  # the header and a row; more as room allows
            vl.addWidget(tabel, 1)
            midden.addWidget(vak)
        midden.setStretchFactor(0, 3)
        midden.setStretchFactor(1, 2)
        midden.setStretchFactor(2, 2)
        splitser.addWidget(midden)
        splitser.addWidget(self.grafiek)
        splitser.setStretchFactor(0, 3)
        splitser.setStretchFactor(1, 4)
        splitser.setStretchFactor(2, 2)
        lay.addWidget(splitser, 1)

        self._korte_tabellen = (self.tegeltabel, self.balietabel, self.kanaaltabel)
        for tabel in self._korte_tabellen:
            tabel.horizontalHeader().setStretchLastSection(False)
            tabel.horizontalHeader().setDefaultSectionSize(24)  # widened to fit at once
            tabel.horizontalHeader().setResizeContentsPrecision(MONSTER)
            model = tabel.model()
            model.modelReset.connect(lambda t=tabel: _verbreed(t))
            model.rowsInserted.connect(
                lambda _w, eerste, laatste, t=tabel: _eerste_rijen(t, eerste, laatste))

        volgorde = (self.meldingenlijst, self.bevestig_knop, self.alles_knop, self.tegeltabel,
                    self.agenttabel, self.balietabel, self.kanaaltabel, self.grafiek)
        for eerst, dan in pairwise(volgorde):
            QtWidgets.QWidget.setTabOrder(eerst, dan)
        self._toon_meldingen(())

    def _bouw_grafiek(self) -> QtCharts.QChartView:
        from werkplek.ui.qt import QtCharts  # noqa: PLC0415 - Qt Charts for a supervisor only

        self._wachtlijn = QtCharts.QLineSeries()
        self._wachtlijn.setName(tr("Wachtende gesprekken"))
        self._serviceniveaulijn = QtCharts.QLineSeries()
        self._serviceniveaulijn.setName(tr("Serviceniveau (%)"))
        grafiek = QtCharts.QChart()
        grafiek.addSeries(self._wachtlijn)
        grafiek.addSeries(self._serviceniveaulijn)
        grafiek.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        grafiek.setMargins(QtCore.QMargins(4, 4, 4, 4))
        self._tijdas = QtCharts.QDateTimeAxis()
        self._tijdas.setFormat("HH:mm")
        self._aantalas = QtCharts.QValueAxis()
        self._aantalas.setLabelFormat("%d")
        self._aantalas.setRange(0, 4)
        self._procentas = QtCharts.QValueAxis()
        self._procentas.setRange(0, 100)
        self._procentas.setLabelFormat("%d%%")
        grafiek.addAxis(self._tijdas, Qt.AlignmentFlag.AlignBottom)
        grafiek.addAxis(self._aantalas, Qt.AlignmentFlag.AlignLeft)
        grafiek.addAxis(self._procentas, Qt.AlignmentFlag.AlignRight)
        for lijn, as_ in ((self._wachtlijn, self._aantalas),
                          (self._serviceniveaulijn, self._procentas)):
            lijn.attachAxis(self._tijdas)
            lijn.attachAxis(as_)
        view = QtCharts.QChartView(grafiek)
        benoem(view, tr("Verloop van de dag"), tr("Nog geen verloop"))
        view.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        view.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        view.setMinimumHeight(110)
        return view

    # -- a new picture ---------------------------------------------------------------------

    def toon(self, beeld: Wachtrijbeeld) -> None:
        """Show ``beeld``: every model is brought up to date in place."""
        self.beeld = beeld
        self._toon_verbinding(beeld)
        self.tegels.zet(beeld.tegels, beeld.normen)
        self.agenten.zet(beeld.agenten, beeld.moment)
        per_status = Counter(a.status for a in beeld.agenten)
        _zet_tekst(self.agentstatus, " · ".join(
            f"{tr(s.label)}: {per_status[s]}" for s in Agentstatus))
        balie = beeld.balie
        self.tickets.zet(balie.wachtend, beeld.moment)
        _zet_tekst(self.balie_samenvatting, tr(
            "{0} wachtend · langste wachttijd {1} · {2} afspraken aanwezig · {3} geholpen · "
            "{4} niet verschenen").format(
                len(balie.wachtend), mmss(balie.langste_wachttijd), balie.afspraken_aanwezig,
                balie.geholpen, balie.niet_verschenen))
        self.kanalen.zet(beeld.fcr, beeld.fcr_per_kanaal, beeld.volume, beeld.normen)
        self._toon_verloop(beeld.verloop)
        nu_actief = {(m.sleutel, m.alarm.afgegaan_op) for m in beeld.meldingen}
        nieuw = nu_actief - self._vorige
        self._vorige = nu_actief
        self._toon_meldingen(beeld.meldingen)
        if nieuw:  # however many at once: one sound, one summary
            if self.geluid:
                QtWidgets.QApplication.beep()
            self._vat_samen([m for m in self._meldingen
                             if (m.sleutel, m.alarm.afgegaan_op) in nieuw], beeld.moment)

    def _toon_verbinding(self, beeld: Wachtrijbeeld) -> None:
        if beeld.verbonden:
            tekst = tr("Live")
        else:
            if beeld.gelezen is None:
                tekst = tr("Geen verbinding — nog geen cijfers")
            else:
                tekst = tr("Geen verbinding — cijfers van {0}").format(
                    klok(beeld.gelezen, seconden=True))
            if beeld.melding:
                tekst += "\n" + beeld.melding
        _zet_tekst(self.verbinding, tekst)
        if self.verbinding.property("verbonden") != beeld.verbonden or not \
                self.verbinding.styleSheet():
            self.verbinding.setProperty("verbonden", beeld.verbonden)
            self.verbinding.setStyleSheet(_STIJL_LIVE if beeld.verbonden
                                          else _STIJL_GEEN_VERBINDING)

    def _toon_verloop(self, verloop: Sequence[Meetpunt]) -> None:
        """The chart's points are replaced, and only when the day's course changed."""
        punten = tuple(verloop)
        if punten == self._verloop:
            return
        self._verloop = punten
        self._wachtlijn.replace([QtCore.QPointF(_x(m.moment), m.wachtend) for m in punten])
        self._serviceniveaulijn.replace([
            QtCore.QPointF(_x(m.moment), m.servicelevel * 100.0)
            for m in punten if m.servicelevel is not None])
        if not punten:
            self.grafiek.setAccessibleDescription(tr("Nog geen verloop"))
            return
        van, tot = punten[0].moment, punten[-1].moment
        if tot - van < timedelta(minutes=15):
            van = tot - timedelta(minutes=15)
        self._tijdas.setRange(QtCore.QDateTime.fromMSecsSinceEpoch(int(_x(van))),
                              QtCore.QDateTime.fromMSecsSinceEpoch(int(_x(tot))))
        hoogste = max(m.wachtend for m in punten)
        self._aantalas.setRange(0, max(4, hoogste))
        self._aantalas.applyNiceNumbers()
        laatste = punten[-1]
        self.grafiek.setAccessibleDescription(tr(
            "Van {0} tot {1}; om {1} {2} wachtend, serviceniveau {3}; hoogste aantal "
            "wachtenden {4}").format(
                f"{van.astimezone(TIJDZONE):%H:%M}", f"{tot.astimezone(TIJDZONE):%H:%M}",
                laatste.wachtend, toon_waarde(laatste.servicelevel), hoogste))

    # -- alarms ----------------------------------------------------------------------------

    def _toon_meldingen(self, meldingen: Sequence[Melding]) -> None:
        # An alarm acknowledged here stays hidden while the pictures still carry it.
        self._alle_meldingen = tuple(meldingen)
        self._bevestigd &= {(m.sleutel, m.alarm.afgegaan_op) for m in meldingen}
        self._meldingen = tuple(m for m in meldingen
                                if (m.sleutel, m.alarm.afgegaan_op) not in self._bevestigd)
        gekozen = self.meldingenlijst.selectionModel().selectedRows()
        plek = gekozen[0].row() if gekozen else self.meldingenlijst.currentIndex().row()
        self.meldingen.zet(self._meldingen)
        n = len(self._meldingen)
        titel = tr("Meldingen ({0})").format(n)
        if self.meldingenvak.title() != titel:
            self.meldingenvak.setTitle(titel)
            self.setWindowTitle(tr("Wachtrijen — {0}").format(titel) if n
                                else tr("Wachtrijen"))
        if self.meldingenvak.property("actief") != bool(n):
            self.meldingenvak.setProperty("actief", bool(n))
            self.meldingenvak.setStyleSheet(_STIJL_MELDINGEN if n else "")
        if not n and self.samenvatting.isVisibleTo(self):
            self.samenvatting.clear()
            self.samenvatting.hide()
        if n and self.gekozen_melding() is None:
            # Always one chosen, so Bevestigen and its key act on an alarm the list shows.
            r = min(max(plek, 0), n - 1)
            self.meldingenlijst.setCurrentIndex(self.meldingen.index(r, 0))
        self.alles_knop.setEnabled(bool(n))
        self._keuze()

    def _vat_samen(self, nieuw: Sequence[Melding], moment: datetime) -> None:
        """One notification for the alarms that came with one picture."""
        if not nieuw:
            return
        tijd = klok(moment, seconden=True)
        if len(nieuw) == 1:
            tekst = tr("Nieuwe melding om {0}: {1}").format(tijd, nieuw[0].tekst)
        else:
            tekst = tr("{0} nieuwe meldingen om {1}: {2}").format(
                len(nieuw), tijd, _groepeer(nieuw))
        self.samenvatting.setText(tekst)
        self.samenvatting.setToolTip("\n".join(m.tekst for m in nieuw))
        self.samenvatting.setAccessibleDescription("; ".join(m.tekst for m in nieuw))
        self.samenvatting.show()
        self.nieuwe_meldingen.emit(tekst)

    def gekozen_melding(self) -> str | None:
        """The sleutel of the alarm chosen in the list, if any."""
        rijen = self.meldingenlijst.selectionModel().selectedRows()
        if not rijen:
            return None
        return self.meldingen.sleutel(rijen[0].row())

    def _keuze(self) -> None:
        self.bevestig_knop.setEnabled(self.gekozen_melding() is not None)

    def bevestig(self) -> None:
        """Acknowledge the chosen alarm: ``bevestigd`` with its sleutel, and out of the list;
        the next one is chosen."""
        sleutel = self.gekozen_melding()
        self._bevestig([m for m in self._meldingen if m.sleutel == sleutel])

    def bevestig_alles(self) -> None:
        """Acknowledge every alarm in the list at once."""
        self._bevestig(self._meldingen)

    def _bevestig(self, meldingen: Sequence[Melding]) -> None:
        if not meldingen:
            return
        self._bevestigd.update((m.sleutel, m.alarm.afgegaan_op) for m in meldingen)
        self._toon_meldingen(self._alle_meldingen)
        for m in meldingen:
            self.bevestigd.emit(m.sleutel)


__all__ = ["ALLES_BEVESTIG_TOETS", "BEVESTIG_TOETS", "Wachtrijpaneel"]
