"""Checklist, Suggesties and Regie: one contact that gets everything on the table at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from werkplek.domain.checklist import (
    Antwoord,
    Checklist,
    Suggestie,
    Vraag,
    Vraagsoort,
    Waarde,
    lees_waarde,
    ongeldige_antwoorden,
    open_verplicht,
    zichtbaar,
)
from werkplek.domain.invoer import OngeldigeInvoer
from werkplek.domain.model import TIJDZONE, Zaak
from werkplek.domain.regels import (
    RegieGroep,
    is_afgerond,
    is_te_laat,
    stap,
    uiterste_datum,
)
from werkplek.ui.panelen import Melding, benoem, tr
from werkplek.ui.qt import Qt, QtGui, QtWidgets, Signal

# --- Checklist --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ingevuld:
    """One question's input as the agent left it, to put back when its checklist returns."""

    tekst: str = ""
    niet_gevraagd: bool = False
    reden: str = ""


class _VraagRij(QtWidgets.QWidget):
    """One question: its input, a "niet gevraagd" switch with a reason, and its own message."""

    gewijzigd = Signal()

    def __init__(self, vraag: Vraag, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.vraag = vraag
        self.setObjectName(f"vraag-{vraag.id}")
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 4)
        lay.setSpacing(2)
        self.label = QtWidgets.QLabel(vraag.tekst + (" *" if vraag.verplicht else ""))
        self.label.setWordWrap(True)
        if vraag.verplicht:
            self.label.setToolTip(tr("Verplichte vraag"))
        lay.addWidget(self.label)
        rij = QtWidgets.QHBoxLayout()
        self.invoer: QtWidgets.QComboBox | QtWidgets.QLineEdit
        if vraag.soort in {Vraagsoort.JA_NEE, Vraagsoort.KEUZE}:
            combo = QtWidgets.QComboBox()
            combo.addItem(tr("— geen antwoord —"), "")
            keuzes = [tr("Ja"), tr("Nee")] if vraag.soort is Vraagsoort.JA_NEE else vraag.keuzes
            for k in keuzes:
                combo.addItem(k, k)
            combo.currentIndexChanged.connect(lambda _i: self._lees(toon_fout=True))
            self.invoer = combo
        else:
            regel = QtWidgets.QLineEdit()
            regel.setPlaceholderText({
                Vraagsoort.DATUM: tr("dd-mm-jjjj"), Vraagsoort.GETAL: tr("een heel getal"),
                Vraagsoort.BEDRAG: tr("bedrag in euro, bijv. 1.250,50"),
            }.get(vraag.soort, ""))
            regel.textChanged.connect(lambda _t: self._lees(toon_fout=False))
            regel.editingFinished.connect(lambda: self._lees(toon_fout=True))
            self.invoer = regel
        benoem(self.invoer, vraag.tekst, vraag.hulp or tr("Checklistvraag"))
        self.label.setBuddy(self.invoer)
        rij.addWidget(self.invoer, 1)
        self.niet_gevraagd = QtWidgets.QCheckBox(tr("niet gevraagd"))
        benoem(self.niet_gevraagd, tr("Niet gevraagd: {0}").format(vraag.tekst))
        self.niet_gevraagd.toggled.connect(self._wissel_niet_gevraagd)
        rij.addWidget(self.niet_gevraagd)
        lay.addLayout(rij)
        self.reden = QtWidgets.QLineEdit()
        benoem(self.reden, tr("Reden niet gevraagd: {0}").format(vraag.tekst))
        self.reden.setPlaceholderText(tr("Waarom is deze vraag niet gesteld?"))
        self.reden.setMaxLength(300)
        self.reden.textChanged.connect(lambda _t: self.gewijzigd.emit())
        self.reden.hide()
        lay.addWidget(self.reden)
        if vraag.hulp:
            self.invoer.setToolTip(vraag.hulp)
        self.fout = Melding(f"fout-{vraag.id}", self)
        lay.addWidget(self.fout)
        self._waarde: Waarde | None = None
        self._ongeldig = ""

    def _lees(self, *, toon_fout: bool) -> None:
        tekst = (self.invoer.currentData() if isinstance(self.invoer, QtWidgets.QComboBox)
                 else self.invoer.text())
        try:
            self._waarde = lees_waarde(self.vraag, str(tekst or ""))
        except OngeldigeInvoer as e:
            self._waarde, self._ongeldig = None, e.bericht
            if toon_fout:
                self.fout.zet(e.bericht)
        else:
            self._ongeldig = ""
            self.fout.zet("")
        self.gewijzigd.emit()

    def _wissel_niet_gevraagd(self, aan: bool) -> None:
        self.reden.setVisible(aan)
        self.invoer.setEnabled(not aan)
        if aan:
            self.reden.setFocus(Qt.FocusReason.OtherFocusReason)
        self.gewijzigd.emit()

    def ingevuld(self) -> Ingevuld:
        tekst = (self.invoer.currentData() if isinstance(self.invoer, QtWidgets.QComboBox)
                 else self.invoer.text())
        return Ingevuld(str(tekst or ""), self.niet_gevraagd.isChecked(), self.reden.text())

    def zet_ingevuld(self, invoer: Ingevuld) -> None:
        if isinstance(self.invoer, QtWidgets.QComboBox):
            self.invoer.setCurrentIndex(max(self.invoer.findData(invoer.tekst), 0))
        else:
            self.invoer.setText(invoer.tekst)
            self._lees(toon_fout=True)
        self.reden.setText(invoer.reden)
        self.niet_gevraagd.blockSignals(True)  # putting back moves no focus
        self.niet_gevraagd.setChecked(invoer.niet_gevraagd)
        self.niet_gevraagd.blockSignals(False)
        self.reden.setVisible(invoer.niet_gevraagd)
        self.invoer.setEnabled(not invoer.niet_gevraagd)
        self.gewijzigd.emit()

    def antwoord(self) -> Antwoord | None:
        if self.niet_gevraagd.isChecked():
            return Antwoord(None, self.reden.text().strip())
        if self._ongeldig:  # typed, but no answer: registering waits for a correction
            return Antwoord(None, ongeldig=self._ongeldig)
        return Antwoord(self._waarde) if self._waarde is not None else None


class ChecklistPaneel(QtWidgets.QWidget):
    """The questions of the chosen checklist, conditions applied as the answers come in."""

    gewijzigd = Signal()
    opgelost = Signal()
    """The error shown at registering went: its last open question was answered."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        benoem(self, tr("Checklist"))
        self.checklists: list[Checklist] = []
        self.checklist: Checklist | None = None
        self.rijen: dict[str, _VraagRij] = {}
        self._ongeldig_getoond = False
        """The error shown is about invalid answers (not about open required questions)."""
        lay = QtWidgets.QVBoxLayout(self)
        self.melding = Melding("checklistMelding", self)
        lay.addWidget(self.melding)
        kies = QtWidgets.QHBoxLayout()
        self.keuze = QtWidgets.QComboBox()
        benoem(self.keuze, tr("Checklistkeuze"), tr("Open een checklist met de hand"))
        klab = QtWidgets.QLabel(tr("Check&list:"))
        klab.setBuddy(self.keuze)
        kies.addWidget(klab)
        kies.addWidget(self.keuze, 1)
        self.sluit_knop = QtWidgets.QPushButton(tr("Niet van &toepassing"))
        benoem(self.sluit_knop, tr("Checklist niet van toepassing"),
               tr("Sluit de checklist voor dit contact, bijvoorbeeld bij een vraag naar de "
                  "status; de antwoorden vervallen"))
        self.sluit_knop.clicked.connect(self.niet_van_toepassing)
        kies.addWidget(self.sluit_knop)
        lay.addLayout(kies)
        self.afgewezen: set[str] = set()
        """Checklists the agent closed for this contact; they do not open by themselves again."""
        self.kies_met_de_hand: Callable[[Checklist | None], None] = self.zet_checklist
        """What the agent's own choice in Checklistkeuze does; the window asks about answers."""
        self.toelichting = QtWidgets.QLabel()
        self.toelichting.setObjectName("checklistToelichting")
        self.toelichting.setWordWrap(True)
        self.toelichting.setStyleSheet("color: #444;")
        lay.addWidget(self.toelichting)
        self.stand = QtWidgets.QLabel()
        self.stand.setObjectName("checklistStand")
        lay.addWidget(self.stand)
        self.bewaard = QtWidgets.QLabel()
        self.bewaard.setObjectName("checklistBewaard")
        self.bewaard.setWordWrap(True)
        self.bewaard.hide()
        lay.addWidget(self.bewaard)
        self.fout = Melding("foutChecklist", self)
        lay.addWidget(self.fout)
        self.vragenvlak = QtWidgets.QScrollArea()
        self.vragenvlak.setWidgetResizable(True)
        self.vragenvlak.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay.addWidget(self.vragenvlak, 1)
        self._binnen = QtWidgets.QWidget()
        self._vragen = QtWidgets.QVBoxLayout(self._binnen)
        self._vragen.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.vragenvlak.setWidget(self._binnen)
        self.keuze.currentIndexChanged.connect(self._gekozen)
        self.zet_checklists([])

    def zet_checklists(self, checklists: Sequence[Checklist], fouten: Sequence[str] = ()) -> None:
        self.checklists = list(checklists)
        self.keuze.blockSignals(True)
        self.keuze.clear()
        self.keuze.addItem(tr("— geen checklist —"), "")
        for c in self.checklists:
            self.keuze.addItem(c.titel, c.id)
        self.keuze.blockSignals(False)
        if fouten:
            self.melding.zet([tr("Niet geladen:"), *fouten])
        self.zet_checklist(None)

    def niet_van_toepassing(self) -> None:
        if self.checklist is not None:
            self.afgewezen.add(self.checklist.id)
        self.zet_checklist(None)

    def _gekozen(self) -> None:
        cid = self.keuze.currentData()
        self.kies_met_de_hand(next((c for c in self.checklists if c.id == cid), None))

    def toon_keuze(self) -> None:
        """Checklistkeuze shows the open checklist again (a choice that was undone)."""
        c = self.checklist
        self.keuze.blockSignals(True)
        self.keuze.setCurrentIndex(max(self.keuze.findData(c.id if c else ""), 0))
        self.keuze.blockSignals(False)

    def zet_checklist(self, checklist: Checklist | None) -> None:
        """Show a checklist with empty answers (or none)."""
        self.checklist = checklist
        self.toon_keuze()
        for r in self.rijen.values():  # out of the window now, not at the next event turn
            self._vragen.removeWidget(r)
            r.hide()
            r.setParent(None)
            r.deleteLater()
        self.rijen = {}
        self.fout.zet("")
        self.sluit_knop.setEnabled(checklist is not None)
        if checklist is None:
            self.toelichting.setText(tr(
                "Kies een onderwerp met een checklist, of open er hier een met de hand."))
            self.stand.setText("")
        else:
            self.toelichting.setText(checklist.toelichting)
            for v in checklist.vragen:
                rij = _VraagRij(v)
                rij.gewijzigd.connect(self._bijwerken)
                self._vragen.addWidget(rij)
                self.rijen[v.id] = rij
        self._bijwerken()

    def heeft_antwoorden(self) -> bool:
        return bool(self.antwoorden())

    def ingevuld(self) -> dict[str, Ingevuld]:
        """What the agent filled in, per question, to put back later with ``zet_ingevuld``."""
        leeg = Ingevuld()
        return {vid: i for vid, rij in self.rijen.items() if (i := rij.ingevuld()) != leeg}

    def zet_ingevuld(self, ingevuld: dict[str, Ingevuld]) -> None:
        for vid, i in ingevuld.items():
            if vid in self.rijen:
                self.rijen[vid].zet_ingevuld(i)

    def zet_bewaard(self, tekst: str) -> None:
        """Say which answers of replaced checklists stay with this contact."""
        self.bewaard.setText(tekst)
        self.bewaard.setVisible(bool(tekst))

    def antwoorden(self) -> dict[str, Antwoord]:
        uit = {}
        for vid, rij in self.rijen.items():
            a = rij.antwoord()
            if a is not None:
                uit[vid] = a
        return uit

    def _bijwerken(self) -> None:
        if self.checklist is None:
            self.gewijzigd.emit()
            return
        antwoorden = self.antwoorden()
        getoond = {v.id for v in zichtbaar(self.checklist, antwoorden)}
        for vid, rij in self.rijen.items():
            rij.setVisible(vid in getoond)
        open_ = open_verplicht(self.checklist, antwoorden)
        self.stand.setText(
            tr("Alle verplichte vragen zijn beantwoord.") if not open_ else
            tr("Nog 1 verplichte vraag open.") if len(open_) == 1 else
            tr("Nog {0} verplichte vragen open.").format(len(open_)))
        ongeldig = ongeldige_antwoorden(self.checklist, antwoorden)
        if self.fout.text() and not ongeldig and (not open_ or self._ongeldig_getoond):
            self.fout.zet("")
            self.opgelost.emit()
        self.gewijzigd.emit()

    def toon_fout(self, bericht: str) -> None:
        """Show why the contact cannot be closed yet, and go to the first open question."""
        self.fout.zet(bericht)
        if self.checklist is None:
            return
        ongeldig = ongeldige_antwoorden(self.checklist, self.antwoorden())
        self._ongeldig_getoond = bool(ongeldig)
        for i, (vraag, reden) in enumerate(ongeldig):  # first what is wrong, then what is open
            rij = self.rijen[vraag.id]
            rij.fout.zet(reden)
            if i == 0:
                self.vragenvlak.ensureWidgetVisible(rij)
                rij.invoer.setFocus(Qt.FocusReason.OtherFocusReason)
        open_ = open_verplicht(self.checklist, self.antwoorden())
        if open_ and not ongeldig:
            rij = self.rijen[open_[0].id]
            rij.fout.zet(tr("Verplicht: beantwoord deze vraag of zet ‘niet gevraagd’ met een "
                            "reden."))
            self.vragenvlak.ensureWidgetVisible(rij)
            rij.invoer.setFocus(Qt.FocusReason.OtherFocusReason)


# --- Suggesties ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestieStand:
    """A suggestion as the panel shows it: can it start, does it run already, was it started."""

    suggestie: Suggestie
    artikel_titel: str = ""
    loopt_al: str = ""
    gestart: str = ""


class SuggestiesPaneel(QtWidgets.QWidget):
    """Products the checklist's rules suggest; check the ones to start, all at once."""

    starten = Signal()
    artikelGevraagd = Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        benoem(self, tr("Suggesties"))
        lay = QtWidgets.QVBoxLayout(self)
        self.melding = Melding("suggestiesMelding", self)
        lay.addWidget(self.melding)
        self.kop = QtWidgets.QLabel()
        self.kop.setObjectName("suggestiesKop")
        self.kop.setWordWrap(True)
        lay.addWidget(self.kop)
        self.lijst = QtWidgets.QListWidget()
        benoem(self.lijst, tr("Voorgestelde producten"),
               tr("Vink aan wat u wilt aanvragen; Enter toont het kennisartikel"))
        self.lijst.setWordWrap(True)
        self.lijst.setAlternatingRowColors(True)
        self.lijst.itemActivated.connect(self._artikel)
        lay.addWidget(self.lijst, 1)
        knoppen = QtWidgets.QHBoxLayout()
        self.artikel_knop = QtWidgets.QPushButton(tr("Artikel tonen"))
        benoem(self.artikel_knop, tr("Kennisartikel tonen"))
        self.artikel_knop.clicked.connect(lambda: self._artikel(self.lijst.currentItem()))
        self.start_knop = QtWidgets.QPushButton(tr("Aanvragen &starten"))
        benoem(self.start_knop, tr("Aanvragen starten"),
               tr("Start een zaak voor elk aangevinkt product, allemaal tegelijk"))
        self.start_knop.clicked.connect(self.starten)
        knoppen.addWidget(self.artikel_knop)
        knoppen.addStretch(1)
        knoppen.addWidget(self.start_knop)
        lay.addLayout(knoppen)
        self.standen: list[SuggestieStand] = []
        self.zet([])

    def zet(self, standen: Sequence[SuggestieStand]) -> None:
        aangevinkt = set(self.aangevinkt())
        self.standen = list(standen)
        self.lijst.clear()
        for s in self.standen:
            sg = s.suggestie
            regels = [f"{sg.product} — {'; '.join(sg.redenen)}"]
            if s.gestart:
                regels.append(tr("Gestart: {0}").format(s.gestart))
            elif s.loopt_al:
                regels.append(tr("Loopt al: {0}").format(s.loopt_al))
            elif not sg.startbaar:
                regels.append(tr("Aanvragen bij {0}").format(sg.instantie) if sg.instantie
                              else tr("Niet als zaak te starten; verwijs de klant."))
            if s.artikel_titel:
                regels.append(tr("Kennisartikel: {0}").format(s.artikel_titel))
            item = QtWidgets.QListWidgetItem("\n".join(regels))
            item.setData(Qt.ItemDataRole.UserRole, sg.product)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, ". ".join(regels))
            kan_starten = sg.startbaar and not s.loopt_al and not s.gestart
            if kan_starten:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if sg.product in aangevinkt
                                   else Qt.CheckState.Unchecked)
            if s.gestart:
                item.setForeground(QtGui.QBrush(QtGui.QColor("#1b5e20")))
            self.lijst.addItem(item)
        startbaar = sum(1 for s in self.standen
                        if s.suggestie.startbaar and not s.loopt_al and not s.gestart)
        self.kop.setText(
            tr("Beantwoord de checklist; de producten waar de klant recht op kan hebben "
               "verschijnen hier.") if not self.standen else
            tr("{0} producten voorgesteld, {1} hier aan te vragen.").format(
                len(self.standen), startbaar))
        self.start_knop.setEnabled(startbaar > 0)
        self.artikel_knop.setEnabled(bool(self.standen))

    def vink_aan(self, product: str, aan: bool = True) -> None:
        for i in range(self.lijst.count()):
            item = self.lijst.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == product and (
                    item.flags() & Qt.ItemFlag.ItemIsUserCheckable):
                item.setCheckState(Qt.CheckState.Checked if aan else Qt.CheckState.Unchecked)

    def aangevinkt(self) -> list[str]:
        return [self.lijst.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.lijst.count())
                if self.lijst.item(i).flags() & Qt.ItemFlag.ItemIsUserCheckable
                and self.lijst.item(i).checkState() == Qt.CheckState.Checked]

    def _artikel(self, item: QtWidgets.QListWidgetItem | None) -> None:
        if item is None:
            return
        product = item.data(Qt.ItemDataRole.UserRole)
        s = next((s for s in self.standen if s.suggestie.product == product), None)
        if s is not None and s.suggestie.kennisartikel:
            self.artikelGevraagd.emit(s.suggestie.kennisartikel)


# --- Regie -------------------------------------------------------------------------------------


class RegiePaneel(QtWidgets.QWidget):
    """The zaken of a meervoudige vraag under the contact that started them, as one whole."""

    KOLOMMEN = ("Contact en zaken", "Status", "Voortgang", "Gepland klaar", "Signaal")

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        benoem(self, tr("Regie"))
        lay = QtWidgets.QVBoxLayout(self)
        self.melding = Melding("regieMelding", self)
        lay.addWidget(self.melding)
        self.samenvatting = QtWidgets.QLabel(tr("Open een klant om de regie te zien."))
        self.samenvatting.setObjectName("regieSamenvatting")
        self.samenvatting.setWordWrap(True)
        lay.addWidget(self.samenvatting)
        self.boom = QtWidgets.QTreeWidget()
        benoem(self.boom, tr("Regieoverzicht"),
               tr("Per contact de zaken die eruit voortkwamen, met hun status"))
        self.boom.setColumnCount(len(self.KOLOMMEN))
        self.boom.setHeaderLabels([tr(k) for k in self.KOLOMMEN])
        self.boom.header().setAccessibleName(tr("Kolomkoppen regie"))
        self.boom.setAlternatingRowColors(True)
        self.boom.setUniformRowHeights(True)
        lay.addWidget(self.boom, 1)
        self.groepen: list[RegieGroep] = []

    def zet(self, groepen: Sequence[RegieGroep], vandaag: date) -> None:
        self.groepen = list(groepen)
        self.boom.clear()
        rood = QtGui.QBrush(QtGui.QColor("#b3261e"))
        for g in self.groepen:
            te_laat = g.te_laat(vandaag)
            if g.contact is None:
                kop = tr("Dit contact (nog niet geregistreerd)")
            else:
                c = g.contact
                kop = (f"{c.begin.astimezone(TIJDZONE):%d-%m-%Y %H:%M} · {tr(c.kanaal.label)}"
                       f" · {c.onderwerp}")
            n = len(g.zaken) + len(g.onbekend)
            item = QtWidgets.QTreeWidgetItem([
                kop,
                tr("{0} van {1} afgerond").format(g.afgerond, n),
                f"{round(g.voortgang * 100)}%",
                "",
                tr("{0} te laat").format(len(te_laat)) if te_laat else "",
            ])
            if te_laat:
                item.setForeground(4, rood)
            self.boom.addTopLevelItem(item)
            for z in g.zaken:
                item.addChild(self._zaak(z, vandaag, rood))
            for nummer in g.onbekend:
                item.addChild(QtWidgets.QTreeWidgetItem(
                    [nummer, tr("niet gevonden bij de bronnen"), "", "", ""]))
            item.setExpanded(True)
        for k in range(len(self.KOLOMMEN)):
            self.boom.resizeColumnToContents(k)
        # A zaak under two contacts (started in one, asked after in the next) is one zaak.
        lopend = len({z.identificatie for g in self.groepen for z in g.zaken
                      if not is_afgerond(z)})
        laat = len({z.identificatie for g in self.groepen for z in g.te_laat(vandaag)})
        self.samenvatting.setText(
            tr("Geen zaken uit contacten.") if not self.groepen else
            tr("{0} contacten met zaken · {1} {2} · {3} te laat").format(
                len(self.groepen), lopend, tr("zaak loopt") if lopend == 1
                else tr("zaken lopen"), laat))

    @staticmethod
    def _zaak(z: Zaak, vandaag: date, rood: QtGui.QBrush) -> QtWidgets.QTreeWidgetItem:
        huidig = z.statussen[-1].omschrijving if z.statussen else tr("nog geen status")
        nu_stap, stappen = stap(z)
        gepland = z.geplande_einddatum or uiterste_datum(z)
        laat = is_te_laat(z, vandaag) and not is_afgerond(z)
        item = QtWidgets.QTreeWidgetItem([
            f"{z.identificatie} — {z.omschrijving}",
            tr("Afgerond: {0}").format(z.resultaat or huidig) if is_afgerond(z) else huidig,
            tr("stap {0} van {1}").format(nu_stap, stappen),
            f"{gepland:%d-%m-%Y}",
            tr("Te laat") if laat else "",
        ])
        item.setData(0, Qt.ItemDataRole.UserRole, z.identificatie)
        if laat:
            item.setForeground(4, rood)
            item.setToolTip(4, tr("Over de geplande einddatum heen"))
        return item

    def zaken_van(self, groep: int) -> list[tuple[str, str]]:
        """(zaaknummer, status) of the zaken under one group, as the tree shows them."""
        item = self.boom.topLevelItem(groep)
        if item is None:
            return []
        uit = []
        for i in range(item.childCount()):
            kind = item.child(i)
            if kind is not None:
                uit.append((kind.data(0, Qt.ItemDataRole.UserRole) or kind.text(0), kind.text(1)))
        return uit

