"""The one screen: search bar, klantbeeld, contactmoment, history, zaken and kennisbank."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from werkplek.domain.invoer import OngeldigeInvoer, Zoeksoort, Zoekvraag
from werkplek.domain.model import (
    Afhandeling,
    Contactmoment,
    Kanaal,
    KlantRef,
    Medewerker,
    Rol,
    nu,
)
from werkplek.domain.regels import eerder_contact_vandaag, is_afgerond, is_te_laat
from werkplek.services.dossier import DossierService, KennisbankService, Zoekresultaat
from werkplek.services.instellingen import IndelingService
from werkplek.ui.modellen import LijstModel
from werkplek.ui.panelen import (
    ContacthistoriePaneel,
    ContactmomentPaneel,
    KennisbankPaneel,
    KlantbeeldPaneel,
    Melding,
    ZakenPaneel,
    benoem,
    tr,
)
from werkplek.ui.qt import Qt, QtCore, QtGui, QtWidgets
from werkplek.ui.taken import Taken

log = logging.getLogger(__name__)

DEMOKLANTEN = [
    ("Bert Burger", "999993653"),
    ("Jan Burger", "999991103"),
    ("Havenbedrijf Demodam", "68750110"),
]


@dataclass(frozen=True)
class Diensten:
    """The services the window talks to; it never reaches plugins or the store itself."""

    dossier: DossierService
    kennis: KennisbankService
    indeling: IndelingService
    medewerker: Medewerker
    gemeente: str
    profiel: str
    demo: bool


class Hoofdvenster(QtWidgets.QMainWindow):
    def __init__(self, diensten: Diensten, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self.d = diensten
        self.taken = Taken(loop, self._onverwachte_fout)
        self.klant_ref: KlantRef | None = None
        self._begin = nu()
        self._gesloten = loop.create_future()
        self.setWindowTitle(tr("Werkplek KCC — {0}").format(diensten.gemeente))
        self.setObjectName("hoofdvenster")
        self.setDockOptions(QtWidgets.QMainWindow.DockOption.AnimatedDocks
                            | QtWidgets.QMainWindow.DockOption.AllowTabbedDocks)
        self._bouw_zoekbalk()
        self.klantbeeld = KlantbeeldPaneel(DEMOKLANTEN if diensten.demo else [])
        self.setCentralWidget(self.klantbeeld)
        standaard = Kanaal.BALIE if diensten.medewerker.rol is Rol.BALIE else Kanaal.TELEFOON
        self.contactmoment = ContactmomentPaneel(standaard)
        self.historie = ContacthistoriePaneel()
        self.zaken = ZakenPaneel()
        self.kennisbank = KennisbankPaneel()
        self.resultaten_paneel = self._bouw_resultaten()
        self.docks: dict[str, QtWidgets.QDockWidget] = {}
        self._dock_acties: list[QtGui.QAction] = []
        links = Qt.DockWidgetArea.LeftDockWidgetArea
        rechts = Qt.DockWidgetArea.RightDockWidgetArea
        onder = Qt.DockWidgetArea.BottomDockWidgetArea
        self._dock("Zoekresultaten", self.resultaten_paneel, links, "1")
        self._dock("Zaken", self.zaken, links, "2")
        self._dock("Contactmoment", self.contactmoment, rechts, "3")
        self._dock("Kennisbank", self.kennisbank, rechts, "4")
        self._dock("Contacthistorie", self.historie, onder, "5")
        self.resizeDocks([self.docks["Zoekresultaten"], self.docks["Zaken"]], [160, 520],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["Zoekresultaten"], self.docks["Contactmoment"]], [470, 480],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["Contacthistorie"]], [230], Qt.Orientation.Vertical)
        self._standaard_indeling = self.saveState()
        self._bouw_menu()
        self._bouw_statusbalk()
        self._verbind()
        self.contactmoment.zet_klant_aanwezig(False)
        self._herstel_indeling()
        self.taken.start("kennis-laden", self._laad_kennisbank())

    # --- construction -----------------------------------------------------------------------

    def _bouw_zoekbalk(self) -> None:
        balk = QtWidgets.QToolBar(tr("Zoeken"))
        balk.setObjectName("zoekbalk")
        balk.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, balk)
        houder = QtWidgets.QWidget()
        lay = QtWidgets.QGridLayout(houder)
        lay.setContentsMargins(4, 2, 4, 2)
        zlab = QtWidgets.QLabel(tr("&Zoeken:"))
        self.zoekveld = QtWidgets.QLineEdit()
        benoem(self.zoekveld, tr("Zoeken"),
               tr("BSN, naam en geboortedatum, postcode en huisnummer, telefoon, e-mail, "
                  "KvK-nummer of zaaknummer"))
        self.zoekveld.setPlaceholderText(
            tr("BSN, naam + geboortedatum, postcode + huisnr, telefoon, e-mail, KvK, zaaknr"))
        self.zoekveld.setClearButtonEnabled(True)
        self.zoekveld.setMinimumWidth(440)
        zlab.setBuddy(self.zoekveld)
        self.zoeksoort = QtWidgets.QComboBox()
        benoem(self.zoeksoort, tr("Zoeksoort"))
        for s in Zoeksoort:
            self.zoeksoort.addItem(tr(s.label), s)
        slab = QtWidgets.QLabel(tr("Zoek &op:"))
        slab.setBuddy(self.zoeksoort)
        self.zoekknop = QtWidgets.QPushButton(tr("Zoek"))
        benoem(self.zoekknop, tr("Zoek starten"))
        self.zoekmelding = Melding("zoekmelding")
        lay.addWidget(zlab, 0, 0)
        lay.addWidget(self.zoekveld, 0, 1)
        lay.addWidget(slab, 0, 2)
        lay.addWidget(self.zoeksoort, 0, 3)
        lay.addWidget(self.zoekknop, 0, 4)
        lay.addWidget(self.zoekmelding, 1, 1, 1, 4)
        balk.addWidget(houder)
        rechts = QtWidgets.QWidget()
        rechts.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                             QtWidgets.QSizePolicy.Policy.Preferred)
        balk.addWidget(rechts)
        m = self.d.medewerker
        self.agentlabel = QtWidgets.QLabel(
            f"{self.d.gemeente} · {m.naam} ({tr(m.rol.label)})")
        self.agentlabel.setObjectName("agent")
        balk.addWidget(self.agentlabel)

    def _bouw_resultaten(self) -> QtWidgets.QWidget:
        paneel = QtWidgets.QWidget()
        lay = QtWidgets.QVBoxLayout(paneel)
        self.resultaten_melding = Melding("zoekresultatenMelding", paneel)
        self.resultaten_status = QtWidgets.QLabel(tr("Nog niet gezocht."))
        self.resultaten_status.setObjectName("zoekresultatenStatus")
        self.resultaten_model = LijstModel(self)
        self.resultaten = QtWidgets.QListView()
        benoem(self.resultaten, tr("Zoekresultaten"),
               tr("Enter of dubbelklik opent het klantbeeld"))
        self.resultaten.setModel(self.resultaten_model)
        self.resultaten.setAlternatingRowColors(True)
        lay.addWidget(self.resultaten_melding)
        lay.addWidget(self.resultaten_status)
        lay.addWidget(self.resultaten, 1)
        return paneel

    def _dock(self, titel: str, widget: QtWidgets.QWidget, gebied: Qt.DockWidgetArea,
              toets: str) -> None:
        dock = QtWidgets.QDockWidget(tr(titel), self)
        dock.setObjectName(f"dock{titel}")
        dock.setWidget(widget)
        dock.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(gebied, dock)
        self.docks[titel] = dock
        actie = dock.toggleViewAction()
        actie.setShortcut(QtGui.QKeySequence(f"Alt+{toets}"))
        self._dock_acties.append(actie)
        focus = QtGui.QShortcut(QtGui.QKeySequence(f"Ctrl+{toets}"), self)
        focus.activated.connect(lambda d=dock: self._focus_dock(d))

    def _focus_dock(self, dock: QtWidgets.QDockWidget) -> None:
        """Show a panel and put the cursor on its first control that takes the keyboard."""
        dock.show()
        dock.raise_()
        paneel = dock.widget()
        kandidaat: QtWidgets.QWidget | None = paneel
        while kandidaat is not None:
            if ((kandidaat is paneel or paneel.isAncestorOf(kandidaat))
                    and kandidaat.isVisible() and kandidaat.isEnabled()
                    and kandidaat.focusPolicy() & Qt.FocusPolicy.TabFocus):
                kandidaat.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            kandidaat = kandidaat.nextInFocusChain()
            if kandidaat is paneel:
                return

    def _bouw_menu(self) -> None:
        bestand = self.menuBar().addMenu(tr("&Bestand"))
        nieuw = bestand.addAction(tr("&Nieuw contact"))
        nieuw.setShortcut(QtGui.QKeySequence("Ctrl+N"))
        nieuw.triggered.connect(self.nieuw_contact)
        bestand.addSeparator()
        stop = bestand.addAction(tr("&Afsluiten"))
        stop.setShortcut(QtGui.QKeySequence.StandardKey.Quit)
        stop.triggered.connect(self.close)
        beeld = self.menuBar().addMenu(tr("B&eeld"))
        for actie in self._dock_acties:
            beeld.addAction(actie)
        beeld.addSeparator()
        herstel = beeld.addAction(tr("&Standaardindeling herstellen"))
        herstel.triggered.connect(self.herstel_standaardindeling)
        hulp = self.menuBar().addMenu(tr("&Help"))
        toetsen = hulp.addAction(tr("&Sneltoetsen"))
        toetsen.setShortcut(QtGui.QKeySequence.StandardKey.HelpContents)
        toetsen.triggered.connect(self._toon_sneltoetsen)
        zoek = QtGui.QAction(self)
        zoek.setShortcut(QtGui.QKeySequence("Ctrl+K"))
        zoek.triggered.connect(self.focus_zoeken)
        self.addAction(zoek)
        for volgorde in ("Ctrl+Return", "Ctrl+Enter"):
            registreer = QtGui.QShortcut(QtGui.QKeySequence(volgorde), self)
            registreer.setContext(Qt.ShortcutContext.WindowShortcut)
            registreer.activated.connect(self.registreer)

    def _bouw_statusbalk(self) -> None:
        self.status_profiel = QtWidgets.QLabel(tr("Profiel: {0}").format(self.d.profiel))
        self.status_profiel.setObjectName("statusProfiel")
        self.statusBar().addPermanentWidget(self.status_profiel)

    def _verbind(self) -> None:
        self.zoekveld.returnPressed.connect(self.zoek)
        self.zoekknop.clicked.connect(self.zoek)
        self.zoekveld.textChanged.connect(lambda _t: self.zoekmelding.zet(""))
        self.resultaten.activated.connect(lambda i: self.open_resultaat(i.row()))
        self.klantbeeld.demoklantGekozen.connect(self.zoek_tekst)
        self.klantbeeld.bsnGetoond.connect(self._bsn_getoond)
        self.contactmoment.registreren.connect(self.registreer)
        self.contactmoment.onderwerpGekozen.connect(self.kennisbank.zoekveld.setText)
        self.kennisbank.zoekt.connect(
            lambda t: self.taken.start("kennis-zoeken", self._zoek_kennis(t)))

    # --- layout persistence -----------------------------------------------------------------

    def _herstel_indeling(self) -> None:
        opgeslagen = self.d.indeling.lees()
        scherm = QtGui.QGuiApplication.primaryScreen()
        if scherm is not None:  # first start: most of the screen, never more than it
            ruimte = scherm.availableGeometry()
            self.resize(min(1600, int(ruimte.width() * 0.95)),
                        min(1000, int(ruimte.height() * 0.95)))
        if not opgeslagen:
            return
        staat, _, geometrie = opgeslagen.partition(" ")
        if geometrie:
            self.restoreGeometry(QtCore.QByteArray.fromBase64(geometrie.encode("ascii")))
        if not self.restoreState(QtCore.QByteArray.fromBase64(staat.encode("ascii"))):
            log.warning("Opgeslagen vensterindeling was onbruikbaar; standaard gebruikt")

    def bewaar_indeling(self) -> None:
        def b64(data: QtCore.QByteArray) -> str:
            return bytes(data.toBase64().data()).decode("ascii")
        self.d.indeling.bewaar(f"{b64(self.saveState())} {b64(self.saveGeometry())}")

    def herstel_standaardindeling(self) -> None:
        self.restoreState(self._standaard_indeling)
        for dock in self.docks.values():
            dock.show()
        self.d.indeling.wis()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.bewaar_indeling()
        if not self._gesloten.done():
            self._gesloten.set_result(None)
        super().closeEvent(event)

    async def gesloten(self) -> None:
        await self._gesloten

    # --- search -----------------------------------------------------------------------------

    def focus_zoeken(self) -> None:
        self.zoekveld.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.zoekveld.selectAll()

    def zoek_tekst(self, tekst: str) -> None:
        self.zoekveld.setText(tekst)
        self.zoeksoort.setCurrentIndex(0)
        self.zoek()

    def zoek(self) -> None:
        soort = Zoeksoort(self.zoeksoort.currentData())
        try:
            vraag = self.d.dossier.zoekvraag(self.zoekveld.text(), soort)
        except OngeldigeInvoer as e:
            self.zoekmelding.zet(e.bericht)
            self.zoekveld.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.zoekmelding.zet("")
        self.resultaten_status.setText(tr("Zoeken…"))
        self.docks["Zoekresultaten"].show()
        self.taken.start("zoeken", self._zoek(vraag))

    async def _zoek(self, vraag: Zoekvraag) -> None:
        deel = await self.d.dossier.zoek(vraag)
        self.resultaten_model.zet(deel.waarde)
        self.resultaten_melding.zet(deel.meldingen)
        n = len(deel.waarde)
        self.resultaten_status.setText(
            tr("Niets gevonden.") if n == 0 else
            tr("1 klant gevonden.") if n == 1 else tr("{0} klanten gevonden.").format(n))
        if n:
            self.resultaten.setCurrentIndex(self.resultaten_model.index(0, 0))
        if n == 1:
            self.open_resultaat(0)
        elif n > 1:
            self.resultaten.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_resultaat(self, rij: int) -> None:
        if 0 <= rij < self.resultaten_model.rowCount():
            item = self.resultaten_model.item(rij)
            assert isinstance(item, Zoekresultaat)
            self.open_klant(item.klant)

    # --- the dossier ------------------------------------------------------------------------

    def open_klant(self, ref: KlantRef) -> None:
        """Open a dossier: every panel loads at once, each from its own sources."""
        nieuw = ref != self.klant_ref
        self.klant_ref = ref
        if nieuw:
            self._begin = nu()
            self.contactmoment.leeg()
            self.contactmoment.bevestig("")
        self.klantbeeld.laden()
        self.historie.laden()
        self.zaken.laden()
        self.taken.start("klant", self._laad_klant(ref))
        self.taken.start("historie", self._laad_historie(ref))
        self.taken.start("zaken", self._laad_zaken(ref))

    async def _laad_klant(self, ref: KlantRef) -> None:
        deel = await self.d.dossier.klant(ref)
        meldingen = deel.meldingen
        if deel.waarde is None and not meldingen:
            meldingen = [tr("Deze klant is bij geen enkele bron (meer) bekend.")]
        self.klantbeeld.zet(deel.waarde, meldingen)
        self.contactmoment.zet_klant_aanwezig(True)

    async def _laad_historie(self, ref: KlantRef) -> None:
        deel = await self.d.dossier.contacthistorie(ref)
        self.historie.zet(deel.waarde, deel.meldingen)
        self.klantbeeld.zet_eerder_contact(eerder_contact_vandaag(deel.waarde, nu()))
        if not self.kennisbank.zoekveld.text() and not self.taken.bezig("kennis-zoeken"):
            await self.taken.bij("kennis-laden")
            artikelen = await self.d.kennis.bij_contacten(deel.waarde)
            if artikelen and not self.kennisbank.zoekveld.text():
                self.kennisbank.zet_resultaten(
                    artikelen, tr("Bij de laatste vragen van deze klant"))

    async def _laad_zaken(self, ref: KlantRef) -> None:
        deel = await self.d.dossier.zaken(ref)
        vandaag = nu().date()
        self.zaken.zet(deel.waarde, deel.meldingen, vandaag)
        open_ = [z for z in deel.waarde if not is_afgerond(z)]
        te_laat = [z for z in open_ if is_te_laat(z, vandaag)]
        tekst = tr("Lopende zaken: {0}").format(len(open_))
        if te_laat:
            tekst += tr(" (waarvan {0} te laat)").format(len(te_laat))
        self.klantbeeld.zet_samenvatting(tekst + tr(" · afgeronde zaken: {0}").format(
            len(deel.waarde) - len(open_)))
        self.contactmoment.zet_zaken(deel.waarde)

    def _bsn_getoond(self) -> None:
        if self.klant_ref is not None:
            self.taken.start("bsn-getoond", self.d.dossier.leg_vast(self.klant_ref, "bsn_getoond"))
        self.statusBar().showMessage(tr("BSN getoond; dit is vastgelegd."), 5000)

    # --- registering ------------------------------------------------------------------------

    def nieuw_contact(self) -> None:
        self._begin = nu()
        self.contactmoment.leeg()
        self.contactmoment.bevestig("")
        self.contactmoment.vraag.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def registreer(self) -> None:
        cm = self.contactmoment
        cm.wis_fouten()
        cm.bevestig("")
        if self.klant_ref is None:
            cm.melding.zet(tr("Open eerst een klant (Ctrl+K om te zoeken)."))
            return
        if self.taken.bezig("registreren"):
            return
        try:
            contact = self.d.dossier.maak_contactmoment(
                klant=self.klant_ref, kanaal=Kanaal(cm.kanaal.currentData()),
                onderwerp=cm.onderwerp.currentData() or "", vraag=cm.vraag.toPlainText(),
                antwoord=cm.antwoord.toPlainText(),
                afhandeling=Afhandeling(cm.afhandeling.currentData()),
                zaken=cm.gekozen_zaken(), begin=self._begin)
        except OngeldigeInvoer as e:
            cm.toon_fout(e.veld, e.bericht)
            return
        cm.registreer_knop.setEnabled(False)
        self.taken.start("registreren", self._registreer(contact))

    async def _registreer(self, contact: Contactmoment) -> None:
        cm = self.contactmoment
        try:
            antwoord = await self.d.dossier.registreer(contact)
        finally:
            cm.registreer_knop.setEnabled(True)
        if not antwoord.ok:
            cm.melding.zet(tr("Niet geregistreerd: {0} Uw invoer staat er nog.").format(
                antwoord.melding))
            return
        cm.leeg()
        cm.bevestig(tr("Contact geregistreerd om {0}.").format(f"{contact.einde:%H:%M}"))
        self._begin = nu()
        if self.klant_ref == contact.klant:
            self.historie.laden()
            await self._laad_historie(contact.klant)

    # --- kennisbank -------------------------------------------------------------------------

    async def _laad_kennisbank(self) -> None:
        deel = await self.d.kennis.vernieuw()
        self.kennisbank.melding.zet(deel.meldingen)
        self.contactmoment.zet_onderwerpen(await self.d.kennis.onderwerpen())
        await self._zoek_kennis(self.kennisbank.zoekveld.text())

    async def _zoek_kennis(self, tekst: str) -> None:
        artikelen = await self.d.kennis.zoek(tekst)
        n = len(artikelen)
        kop = (tr("Alle artikelen") if not tekst.strip() else
               tr("Geen artikelen gevonden") if n == 0 else
               tr("1 artikel gevonden") if n == 1 else
               tr("{0} artikelen gevonden").format(n))
        self.kennisbank.zet_resultaten(artikelen, kop)

    # --- errors -----------------------------------------------------------------------------

    def _onverwachte_fout(self, taak: str, fout: BaseException) -> None:
        self.statusBar().showMessage(
            tr("Er ging iets mis ({0}); het is vastgelegd in het logboek.").format(taak), 15000)

    def _toon_sneltoetsen(self) -> None:
        QtWidgets.QMessageBox.information(self, tr("Sneltoetsen"), tr(
            "Ctrl+K  zoeken\nCtrl+Enter  contact registreren\nCtrl+N  nieuw contact\n"
            "Ctrl+1 … Ctrl+5  naar zoekresultaten, zaken, contactmoment, kennisbank, "
            "contacthistorie\nAlt+1 … Alt+5  paneel tonen of verbergen\n"
            "Enter in zoekresultaten  klantbeeld openen\nCtrl+Q  afsluiten"))
