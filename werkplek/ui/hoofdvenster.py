"""The one screen: search bar, klantbeeld, contactmoment, history, zaken and kennisbank."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from werkplek.domain.agenda import (
    Afspraak,
    Afspraakstatus,
    Afspraakverzoek,
    Agenda,
    bevestigingstekst,
)
from werkplek.domain.checklist import controleer_antwoorden, suggesties, vastleggen
from werkplek.domain.invoer import OngeldigeInvoer, Zoeksoort, Zoekvraag
from werkplek.domain.model import (
    TIJDZONE,
    Afhandeling,
    Contactmoment,
    Contactverzoek,
    Kanaal,
    Kennisartikel,
    KlantRef,
    Medewerker,
    Rol,
    Zaak,
    Zaakaanvraag,
    nu,
)
from werkplek.domain.oproep import (
    Agentstatus,
    Oproep,
    uit_bericht,
)
from werkplek.domain.oproep import oproep as oproep_van
from werkplek.domain.regels import (
    eerder_contact_vandaag,
    gecorrigeerd,
    is_afgerond,
    is_te_laat,
    lopende_zaak,
    overdrachtstekst,
    regiegroepen,
)
from werkplek.services.beeld import Deel, Stand, Uitslag, Zoekresultaat
from werkplek.services.plugins import Uitkomst
from werkplek.ui.agendapanelen import AgendaPaneel, VandaagPaneel, dagbegin, werkdagen_vanaf
from werkplek.ui.baliebediening import Baliebediening
from werkplek.ui.checklistpanelen import (
    ChecklistPaneel,
    RegiePaneel,
    SuggestiesPaneel,
    SuggestieStand,
)
from werkplek.ui.contactbediening import SNELTOETS as ANONIEM
from werkplek.ui.contactbediening import Contactbediening
from werkplek.ui.indeling import (
    Schuifvlak,
    achter_ander_paneel,
    focusbaar,
    geen_tabvallen,
    zet_volgorde,
)
from werkplek.ui.modellen import LijstModel
from werkplek.ui.offlinepanelen import TeVerzendenDialoog
from werkplek.ui.onderwerpbediening import Onderwerpbediening
from werkplek.ui.overdracht import OverdrachtDialoog
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
from werkplek.ui.telefoonbediening import Telefoonbediening
from werkplek.ui.wachtrijpaneel import Wachtrijpaneel

if TYPE_CHECKING:
    from werkplek.services.agenda import AgendaService
    from werkplek.services.checklists import Checklists
    from werkplek.services.dossier import DossierService, KennisbankService
    from werkplek.services.instellingen import IndelingService
    from werkplek.services.offline import Offline
    from werkplek.services.plugins import BronAntwoord
    from werkplek.services.telefonie import TelefonieService
    from werkplek.services.wachtrij import Wachtrijmonitor, WachtrijService

log = logging.getLogger(__name__)

DEMOKLANTEN = [
    ("Bert Burger", "999993653"),
    ("Jan Burger", "999991103"),
    ("Havenbedrijf Demodam", "68750110"),
]


GESPREK = ("Contactmoment", "Checklist", "Kennisbank")
"""The panels of the compact "in gesprek" layout, beside the klantbeeld."""
GESPREK_TOETS = "Ctrl+Shift+G"


@dataclass(frozen=True)
class Voorkant:
    """What the window is drawn with before its services are up: the profile's facts only.

    The window appears with these at once; the store, the keyring and the plugins follow
    (``Hoofdvenster.verbind_diensten``).
    """

    gemeente: str
    profiel: str
    medewerker: Medewerker
    indeling: IndelingService
    demo: bool = False
    supervisor: bool = False
    """With the panel "Wachtrijen"."""
    alarm_geluid: bool = False
    """Whether an alarm in the panel "Wachtrijen" also sounds."""
    softphone: bool = False
    """The profile names a softphone: its controls are in the toolbar from the start."""
    balie: bool = False
    """A counter agent with a queue source: the ticket controls are in the toolbar."""


@dataclass(frozen=True)
class Diensten:
    """The services the window talks to; it never reaches plugins or the store itself."""

    voorkant: Voorkant
    dossier: DossierService
    kennis: KennisbankService
    checklists: Checklists
    agenda: AgendaService
    offline: Offline
    locatie: str = ""
    """The counter's location, for the day list of appointments."""
    opslagmeldingen: tuple[str, ...] = ()
    """What opening the local store found (no keyring, damage): shown until dismissed."""
    voorbereiden_bij_start: bool = False
    """Prepare the day for offline work at the first start of a day."""
    telefonie: TelefonieService | None = None
    """The softphone beside werkplek, when the profile has one."""
    wachtrij: WachtrijService | None = None
    """Where the agent's state is published for the supervisor, when configured."""
    nawerk_max_seconden: float = 300.0
    """After hang-up, back to beschikbaar when the contact is not registered by then."""
    monitor: Wachtrijmonitor | None = None
    """The queues' figures, for a supervisor."""
    opslagdetails: str = ""
    """The details behind the store's banner (SQLite's diagnostics, ids), for the beheerder."""
    telefoon: str = ""
    """The number citizens call (``[profiel] telefoon``), for confirmations."""

    @property
    def gemeente(self) -> str:
        return self.voorkant.gemeente

    @property
    def profiel(self) -> str:
        return self.voorkant.profiel

    @property
    def medewerker(self) -> Medewerker:
        return self.voorkant.medewerker


class Hoofdvenster(QtWidgets.QMainWindow):
    """The main window. Made with a ``Voorkant`` it shows at once, disabled, and comes to
    life when ``verbind_diensten`` hands it the services; made with ``Diensten``, at once."""

    d: Diensten
    """The services, from ``verbind_diensten`` on."""

    def __init__(self, diensten: Diensten | Voorkant, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        v = self.v = diensten.voorkant if isinstance(diensten, Diensten) else diensten
        self._verbonden = False
        self._na_start: list[dict[str, Any]] = []
        """Commands (``werkplek pop``) that came before the services were up."""
        self.taken = Taken(loop, self._onverwachte_fout)
        self.klant_ref: KlantRef | None = None
        self._volledige_indeling: QtCore.QByteArray | None = None
        """The full layout while the compact "in gesprek" one is shown."""
        self._verdeel_vanzelf = True
        """Panels follow the window's size until the agent's own layout is restored."""
        self._begin = nu()
        self._gesloten = loop.create_future()
        # Qt appends the application's display name unless the title ends with it: once.
        self.setWindowTitle(tr("{0} — Werkplek KCC").format(v.gemeente))
        self.setObjectName("hoofdvenster")
        self.setDockOptions(QtWidgets.QMainWindow.DockOption.AnimatedDocks
                            | QtWidgets.QMainWindow.DockOption.AllowTabbedDocks)
        self._bouw_zoekbalk()
        self.klantbeeld = KlantbeeldPaneel(DEMOKLANTEN if v.demo else [])
        self.setCentralWidget(self.klantbeeld)
        standaard = Kanaal.BALIE if v.medewerker.rol is Rol.BALIE else Kanaal.TELEFOON
        self.contactmoment = ContactmomentPaneel(standaard)
        self.historie = ContacthistoriePaneel()
        self.zaken = ZakenPaneel()
        self.kennisbank = KennisbankPaneel()
        self.checklist = ChecklistPaneel()
        self.onderwerpbediening = Onderwerpbediening(self)
        self.suggesties = SuggestiesPaneel()
        self.regie = RegiePaneel()
        self.overdracht = OverdrachtDialoog(self)
        self.agenda = AgendaPaneel()
        self.vandaag = VandaagPaneel()
        self.wachtrijen = Wachtrijpaneel(geluid=v.alarm_geluid) if v.supervisor else None
        self._agendas: list[Agenda] = []
        self._weekstart = nu().date()
        self._contact_id = str(uuid.uuid4())
        self._nieuw_bevestigd = False
        # What this contact has gathered so far; cleared for a new contact or customer.
        self._zaken: list[Zaak] = []
        self._contacten: list[Contactmoment] = []
        self._dit_contact: list[str] = []
        self._correctie: Contactmoment | None = None
        self._oproep: tuple[Oproep, datetime] | None = None
        """The call whose caller is being opened, and when it was answered."""
        self._wachtende_oproep: Oproep | None = None
        self._beller: Oproep | None = None
        """The caller of the open contact, until it is registered or let go."""
        self._stop_stand: Callable[[], None] | None = None
        self._te_verzenden: TeVerzendenDialoog | None = None
        self._aanvragen: dict[str, Zaakaanvraag] = {}
        self._gestart: dict[str, str] = {}
        self._titels: dict[str, str] = {}
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
        self._dock("Checklist", self.checklist, rechts, "6")
        self._dock("Suggesties", self.suggesties, onder, "7")
        self._dock("Regie", self.regie, links, "8")
        self._dock("Agenda", self.agenda, onder, "9")
        self._dock("Vandaag", self.vandaag, links, "0")
        if self.wachtrijen is not None:
            self._dock("Wachtrijen", self.wachtrijen, links, "W")
            # "Wachtrijen — Meldingen (2)": the count shows on the tab too.
            self.wachtrijen.windowTitleChanged.connect(self.docks["Wachtrijen"].setWindowTitle)
            self.tabifyDockWidget(self.docks["Zoekresultaten"], self.docks["Wachtrijen"])
        # The contact's own panels share space with the dossier's: one tab each.
        self.tabifyDockWidget(self.docks["Kennisbank"], self.docks["Checklist"])
        self.tabifyDockWidget(self.docks["Contacthistorie"], self.docks["Suggesties"])
        self.tabifyDockWidget(self.docks["Zaken"], self.docks["Regie"])
        self.tabifyDockWidget(self.docks["Suggesties"], self.docks["Agenda"])
        self.tabifyDockWidget(self.docks["Zoekresultaten"], self.docks["Vandaag"])
        balie = v.medewerker.rol is Rol.BALIE
        for naam in ("Kennisbank", "Contacthistorie", "Zaken",
                     "Vandaag" if balie else "Zoekresultaten"):
            self.docks[naam].raise_()
        if self.wachtrijen is not None:
            self.docks["Wachtrijen"].raise_()
        self._verdeel()
        self._standaard_indeling = self.saveState()
        self._bouw_menu()
        self._bouw_statusbalk()
        self._verbind()
        self.contactmoment.zet_klant_aanwezig(False)
        self._herstel_indeling()
        geen_tabvallen(self)
        self._zet_tabvolgorde()
        self._checklistrijen: tuple[QtWidgets.QWidget, ...] = ()
        """The question rows last put in the Tab chain (held, so compared by identity)."""
        self.checklist.gewijzigd.connect(self._checklist_gewijzigd)
        if isinstance(diensten, Diensten):
            self.verbind_diensten(diensten)
        else:  # nothing to click until there is something behind it
            self.setEnabled(False)
            self.statusBar().showMessage(tr("Werkplek start: de bronnen worden verbonden…"))

    def verbind_diensten(self, diensten: Diensten) -> None:
        """The services are up: fill the window, start its background work, let the agent in."""
        self.d = diensten
        self.checklist.zet_checklists(diensten.checklists.gesorteerd(),
                                      diensten.checklists.fouten)
        self.opslagmelding.zet(list(diensten.opslagmeldingen))
        self.opslagdetails.setVisible(bool(diensten.opslagdetails))
        bedieningen = [*self.telefoon.widgets(), *self.balie.widgets()]
        zichtbaar = [w.isVisibleTo(self) for w in bedieningen]
        self.telefoon.verbind(diensten.telefonie, diensten.wachtrij,
                              diensten.nawerk_max_seconden)
        self.balie.verbind(diensten.wachtrij if self.v.medewerker.rol is Rol.BALIE else None)
        if zichtbaar != [w.isVisibleTo(self) for w in bedieningen]:
            self._zet_tabvolgorde()  # a plugin the profile names did not come up
        self.klantbeeld.kan_bellen = self.telefoon.heeft_softphone
        if self.wachtrijen is not None and diensten.monitor is not None:
            self.wachtrijen.bevestigd.connect(diensten.monitor.bevestig)
        self.contactmoment.limieten = diensten.dossier.limieten
        self._verbonden = True
        if not self.isEnabled():  # before a waiting pop: it puts the cursor where it belongs
            self.setEnabled(True)
            self.statusBar().clearMessage()
            if QtWidgets.QApplication.focusWidget() is None and self.isActiveWindow():
                self.focus_zoeken()
        # A caller who rang while werkplek started comes first; the panels' lists after.
        wachtend, self._na_start = self._na_start, []
        for bericht in wachtend:
            self.voer_uit(bericht)
        self.taken.start("kennis-laden", self._laad_kennisbank())
        self.taken.start("agendas-laden", self._laad_agendas())
        self.taken.start("vandaag", self._laad_vandaag())
        verzender = diensten.dossier.verzender
        self._stop_stand = verzender.bij_stand(self._toon_stand)
        self.taken.start("stand", verzender.vernieuw_stand())
        self.taken.achtergrond("verzenden", verzender.draai())
        self.taken.achtergrond("bewaartermijn", diensten.offline.bewaak_bewaartermijn())
        self.telefoon.start()
        if self.wachtrijen is not None and diensten.monitor is not None:
            self.taken.achtergrond("wachtrijen", diensten.monitor.volg(self.wachtrijen.toon))
        if diensten.voorbereiden_bij_start and diensten.offline.mogelijk:
            self.taken.start("voorbereiden-bij-start", self._voorbereiden_bij_start())

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
        self.zoekveld.setMinimumWidth(280)
        zlab.setBuddy(self.zoekveld)
        self.zoeksoort = QtWidgets.QComboBox()
        benoem(self.zoeksoort, tr("Zoeksoort"))
        for s in Zoeksoort:
            self.zoeksoort.addItem(tr(s.label), s)
        slab = QtWidgets.QLabel(tr("Zoek o&p:"))
        slab.setBuddy(self.zoeksoort)
        self.zoekknop = QtWidgets.QPushButton(tr("Zoek"))
        benoem(self.zoekknop, tr("Zoek starten"))
        self.zoekmelding = Melding("zoekmelding")
        lay.addWidget(zlab, 0, 0)
        lay.addWidget(self.zoekveld, 0, 1)
        lay.addWidget(slab, 0, 2)
        lay.addWidget(self.zoeksoort, 0, 3)
        lay.addWidget(self.zoekknop, 0, 4)
        self.contactbediening = Contactbediening(self)
        lay.addWidget(self.contactbediening.knop, 0, 5)
        lay.addWidget(self.zoekmelding, 1, 1, 1, 4)
        self.opslagmelding = Melding("opslagmelding")
        benoem(self.opslagmelding, tr("Opslagmelding"))
        lay.addWidget(self.opslagmelding, 2, 0, 1, 5)
        # The banner is one sentence; SQLite's diagnostics are for the beheerder, behind this.
        self.opslagdetails = QtWidgets.QPushButton(tr("Details"))
        benoem(self.opslagdetails, tr("Details"),
               tr("De technische gegevens bij de opslagmelding, voor de beheerder"))
        self.opslagdetails.clicked.connect(self._toon_opslagdetails)
        self.opslagdetails.hide()
        lay.addWidget(self.opslagdetails, 2, 5)
        balk.addWidget(houder)
        rechts = QtWidgets.QWidget()
        rechts.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                             QtWidgets.QSizePolicy.Policy.Preferred)
        balk.addWidget(rechts)
        # The profile says which controls there are; the services come to them later.
        self.telefoon = Telefoonbediening(self.taken, self)
        for w in self.telefoon.widgets():
            w.setVisible(self.v.softphone)
            balk.addWidget(w)
        self.balie = Baliebediening(self.taken, self)
        for w in self.balie.widgets():
            w.setVisible(self.v.balie)
            balk.addWidget(w)

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
        # Panels scroll (the contactmoment inside, its buttons below): the window fits.
        schuift = isinstance(widget, QtWidgets.QScrollArea | ContactmomentPaneel)
        dock.setWidget(widget if schuift else Schuifvlak(widget))
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

    def _checklist_gewijzigd(self) -> None:
        """New question rows join the Tab chain; an answer typed changes no order."""
        rijen: tuple[QtWidgets.QWidget, ...] = tuple(self.checklist.rijen.values())
        if len(rijen) != len(self._checklistrijen) or any(
                a is not b for a, b in zip(rijen, self._checklistrijen, strict=True)):
            self._checklistrijen = rijen
            self._zet_tabvolgorde()

    def _zet_tabvolgorde(self) -> None:
        """Tab follows the work: zoeken → klant → contactmoment → checklist → registreren."""
        cm = self.contactmoment
        werk = [self.zoekveld, self.zoeksoort, self.zoekknop, self.contactbediening.knop,
                *self.telefoon.widgets(), *self.balie.widgets(), self.opslagdetails,
                *focusbaar(self.resultaten_paneel), *focusbaar(self.klantbeeld),
                cm.kanaal, cm.onderwerp, cm.vraag, cm.antwoord, cm.afhandeling, cm.zaken,
                *focusbaar(self.checklist), cm.doorverbind_knop, cm.registreer_knop]
        for naam in ("Kennisbank", "Zaken", "Regie", "Suggesties", "Contacthistorie",
                     "Agenda", "Vandaag", "Wachtrijen"):
            if naam in self.docks:
                werk += focusbaar(self.docks[naam].widget())
        zet_volgorde(w for w in dict.fromkeys(werk)
                     if w.focusPolicy() & Qt.FocusPolicy.TabFocus)

    def focusNextPrevChild(self, volgende: bool) -> bool:
        """Tab skips the panels hidden behind another panel's tab: Qt keeps those
        "visible" off-screen, where a keyboard user would get lost."""
        for _ in range(500):
            if not super().focusNextPrevChild(volgende):
                return False
            w = QtWidgets.QApplication.focusWidget()
            if w is None or not achter_ander_paneel(w):
                return True
        return True

    # --- the compact layout for a conversation ------------------------------------------------

    @property
    def in_gesprek(self) -> bool:
        return self._volledige_indeling is not None

    def wissel_gesprek(self) -> None:
        """The compact "in gesprek" layout (klant, contactmoment, checklist, kennisbank),
        or back to the full one: one keystroke, Ctrl+Shift+G."""
        if self._volledige_indeling is not None:
            staat, self._volledige_indeling = self._volledige_indeling, None
            self.restoreState(staat)
        else:
            self._volledige_indeling = self.saveState()
            d = self.docks
            for naam, dock in d.items():
                dock.setVisible(naam in GESPREK)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, d["Checklist"])
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, d["Contactmoment"])
            self.splitDockWidget(d["Contactmoment"], d["Kennisbank"], Qt.Orientation.Vertical)
            # A search with several results shows them in a tab beside the kennisbank.
            self.tabifyDockWidget(d["Kennisbank"], d["Zoekresultaten"])
            d["Zoekresultaten"].hide()
            d["Kennisbank"].raise_()
            self._verdeel()
        self.gesprek_actie.setChecked(self.in_gesprek)

    def _verdeel(self) -> None:
        """Share the window between the panels in proportion to its size: the screen's
        room goes to the work, not to an empty middle."""
        d, b, h = self.docks, max(self.width(), 1024), max(self.height(), 640)
        horizontaal, verticaal = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        if self.in_gesprek:
            self.resizeDocks([d["Checklist"], d["Contactmoment"]],
                             [int(b * 0.34), int(b * 0.36)], horizontaal)
            self.resizeDocks([d["Contactmoment"], d["Kennisbank"]],
                             [int(h * 0.52), int(h * 0.4)], verticaal)
        elif self.wachtrijen is not None:  # the supervisor's main view: the queues get room
            self.resizeDocks([d["Wachtrijen"], d["Contactmoment"]],
                             [int(b * 0.62), int(b * 0.24)], horizontaal)
            self.resizeDocks([d["Wachtrijen"], d["Zaken"]], [int(h * 0.62), int(h * 0.14)],
                             verticaal)
            self.resizeDocks([d["Contacthistorie"]], [int(h * 0.16)], verticaal)
        else:
            self.resizeDocks([d["Zoekresultaten"], d["Contactmoment"]],
                             [int(b * 0.27), int(b * 0.36)], horizontaal)
            # At the counter the day's appointments (Vandaag) share this place: rows to see.
            boven = 0.3 if self.v.medewerker.rol is Rol.BALIE else 0.16
            self.resizeDocks([d["Zoekresultaten"], d["Zaken"]],
                             [int(h * boven), int(h * (0.66 - boven))], verticaal)
            self.resizeDocks([d["Contactmoment"], d["Kennisbank"]],
                             [int(h * 0.38), int(h * 0.3)], verticaal)
            self.resizeDocks([d["Contacthistorie"]], [int(h * 0.22)], verticaal)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._verdeel_vanzelf:
            self._verdeel()

    def toon(self) -> None:
        """Maximised the first time; afterwards as the agent left it."""
        if self._geometrie_hersteld:
            self.show()
        else:
            self.showMaximized()

    def _bouw_menu(self) -> None:
        bestand = self.menuBar().addMenu(tr("&Bestand"))
        nieuw = bestand.addAction(tr("&Nieuw contact"))
        nieuw.setShortcut(QtGui.QKeySequence("Ctrl+N"))
        nieuw.triggered.connect(self.nieuw_contact)
        bestand.addAction(self.contactbediening.actie)
        bestand.addSeparator()
        voorbereiden = bestand.addAction(tr("&Voorbereiden voor offline"))
        voorbereiden.setShortcut(QtGui.QKeySequence("Ctrl+Shift+O"))
        voorbereiden.triggered.connect(self.voorbereiden)
        verzenden = bestand.addAction(tr("&Te verzenden…"))
        verzenden.setShortcut(QtGui.QKeySequence("Ctrl+Shift+V"))
        verzenden.triggered.connect(self.toon_te_verzenden)
        if self.balie.actief:
            ticket = bestand.addAction(tr("T&icket uitgeven"))
            ticket.setShortcut(QtGui.QKeySequence("Ctrl+Shift+T"))
            ticket.triggered.connect(lambda: self.balie.geef_ticket(self.klant_ref))
        bestand.addSeparator()
        stop = bestand.addAction(tr("&Afsluiten"))
        stop.setShortcut(QtGui.QKeySequence.StandardKey.Quit)
        stop.triggered.connect(self.close)
        beeld = self.menuBar().addMenu(tr("B&eeld"))
        for actie in self._dock_acties:
            beeld.addAction(actie)
        beeld.addSeparator()
        self.gesprek_actie = beeld.addAction(tr("&In gesprek (compact)"))
        self.gesprek_actie.setCheckable(True)
        self.gesprek_actie.setShortcut(QtGui.QKeySequence(GESPREK_TOETS))
        self.gesprek_actie.triggered.connect(self.wissel_gesprek)
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
        gebruiken = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+Shift+I"), self)
        gebruiken.setContext(Qt.ShortcutContext.WindowShortcut)
        gebruiken.activated.connect(self.kennisbank.gebruik_artikel)
        doorverbinden = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+Shift+D"), self)
        doorverbinden.setContext(Qt.ShortcutContext.WindowShortcut)
        doorverbinden.activated.connect(self.doorverbinden)
        for volgorde in ("Ctrl+Return", "Ctrl+Enter"):
            registreer = QtGui.QShortcut(QtGui.QKeySequence(volgorde), self)
            registreer.setContext(Qt.ShortcutContext.WindowShortcut)
            registreer.activated.connect(self.registreer)

    def _bouw_statusbalk(self) -> None:
        balk = self.statusBar()
        self.voortgang = QtWidgets.QProgressBar()
        benoem(self.voortgang, tr("Voortgang voorbereiden voor offline"))
        self.voortgang.setMaximumWidth(360)
        self.voortgang.setTextVisible(True)
        self.voortgang_stop = QtWidgets.QPushButton(tr("Stoppen"))
        benoem(self.voortgang_stop, tr("Voorbereiden stoppen"))
        self.voortgang_stop.clicked.connect(self.stop_voorbereiden)
        for knop in (self.voortgang, self.voortgang_stop):
            knop.hide()
            balk.addPermanentWidget(knop)
        self.status_verbinding = QtWidgets.QLabel(tr("Verbinding: nog onbekend"))
        benoem(self.status_verbinding, tr("Verbindingsstatus"))
        self.status_te_verzenden = QtWidgets.QPushButton(tr("Te verzenden: 0"))
        benoem(self.status_te_verzenden, tr("Te verzenden"),
               tr("Contacten, afspraken en wachtrijmeldingen die nog niet bij de backoffice "
                  "zijn (Ctrl+Shift+V)"))
        self.status_te_verzenden.setFlat(True)
        self.status_te_verzenden.clicked.connect(self.toon_te_verzenden)
        # Who is working, at the left; the toolbar's width is for the call and counter controls.
        m = self.v.medewerker
        self.agentlabel = QtWidgets.QLabel(
            f"{self.v.gemeente} · {m.naam} ({tr(m.rol.label)})")
        self.agentlabel.setObjectName("agent")
        balk.addWidget(self.agentlabel)
        self.status_profiel = QtWidgets.QLabel(tr("Profiel: {0}").format(self.v.profiel))
        self.status_profiel.setObjectName("statusProfiel")
        for w in (self.status_verbinding, self.status_te_verzenden, self.status_profiel):
            balk.addPermanentWidget(w)

    def _toon_stand(self, stand: Stand) -> None:
        if stand.online:
            self.status_verbinding.setText(tr("Online"))
            self.status_verbinding.setStyleSheet("")
        else:
            self.status_verbinding.setText(tr("Offline: {0}").format(", ".join(stand.onbereikbaar)))
            self.status_verbinding.setStyleSheet("QLabel { color: #8a1c1c; font-weight: bold; }")
        if not stand.bewaard:
            self.status_te_verzenden.setText(tr("Te verzenden: niets bewaard (geen sleutelbos)"))
        else:
            tekst = tr("Te verzenden: {0}").format(stand.wachtend)
            if stand.geparkeerd:
                tekst += tr(" · geparkeerd: {0}").format(stand.geparkeerd)
            self.status_te_verzenden.setText(tekst)
        if self._te_verzenden is not None and self._te_verzenden.isVisible():
            self.taken.start("te-verzenden", self._vul_te_verzenden())

    def _verbind(self) -> None:
        self.zoekveld.returnPressed.connect(self.zoek)
        self.zoekknop.clicked.connect(self.zoek)
        self.zoekveld.textChanged.connect(lambda _t: self.zoekmelding.zet(""))
        self.resultaten.activated.connect(lambda i: self.open_resultaat(i.row()))
        self.klantbeeld.demoklantGekozen.connect(self.zoek_tekst)
        self.klantbeeld.bsnGetoond.connect(self._bsn_getoond)
        self.klantbeeld.bellen.connect(self.telefoon.bel)
        self.contactmoment.registreren.connect(self.registreer)
        self.contactmoment.doorverbinden.connect(self.doorverbinden)
        self.overdracht.overdragen.connect(self._draag_over)
        self.telefoon.opgenomen.connect(self.pop)
        self.balie.klant_openen.connect(self.open_klant)
        self.balie.melding.connect(lambda tekst: self.statusBar().showMessage(tekst, 15000))
        if self.wachtrijen is not None:
            # A burst of alarms is also told where the agent looks when the tab is hidden.
            self.wachtrijen.nieuwe_meldingen.connect(
                lambda tekst: self.statusBar().showMessage(tekst, 15000))
        self.telefoon.melding.connect(lambda tekst: self.statusBar().showMessage(tekst, 15000))
        self.contactmoment.onderwerpGekozen.connect(self._onderwerp_gekozen)
        self.contactbediening.verbind()
        self.contactmoment.kanaal.currentIndexChanged.connect(
            lambda _i: self.kennisbank.zet_kanaal(Kanaal(self.contactmoment.kanaal.currentData())))
        self.kennisbank.zoekt.connect(
            lambda t: self.taken.start("kennis-zoeken", self._zoek_kennis(t)))
        self.kennisbank.gebruiken.connect(self.contactmoment.gebruik_artikel)
        self.kennisbank.zet_kanaal(Kanaal(self.contactmoment.kanaal.currentData()))
        self.checklist.gewijzigd.connect(self._werk_suggesties_bij)
        self.suggesties.starten.connect(self.start_aanvragen)
        self.suggesties.artikelGevraagd.connect(
            lambda i: self.taken.start("artikel-tonen", self._toon_artikel(i)))
        self.agenda.agendaGekozen.connect(self._agenda_gekozen)
        self.agenda.anderePeriode.connect(self._andere_week)
        self.agenda.afspraakMaken.connect(self.maak_afspraak)
        self.agenda.verzetten.connect(self.verzet_afspraak)
        self.agenda.annuleren.connect(self.annuleer_afspraak)
        self.vandaag.vernieuwen.connect(lambda: self.taken.start("vandaag", self._laad_vandaag()))
        self.vandaag.statusGewijzigd.connect(
            lambda a, st: self.taken.start("inchecken", self._zet_status(a, st)))
        self.vandaag.klantOpenen.connect(self._open_klant_van_afspraak)

    # --- layout persistence -----------------------------------------------------------------

    def _herstel_indeling(self) -> None:
        opgeslagen = self.v.indeling.lees()
        self._geometrie_hersteld = False
        scherm = QtGui.QGuiApplication.primaryScreen()
        if scherm is not None:  # first start: most of the screen, never more than it
            ruimte = scherm.availableGeometry()
            self.resize(min(1600, int(ruimte.width() * 0.95)),
                        min(1000, int(ruimte.height() * 0.95)))
        if not opgeslagen:
            return
        staat, _, geometrie = opgeslagen.partition(" ")
        if geometrie:
            self._geometrie_hersteld = self.restoreGeometry(
                QtCore.QByteArray.fromBase64(geometrie.encode("ascii")))
        if not self.restoreState(QtCore.QByteArray.fromBase64(staat.encode("ascii"))):
            log.warning("Opgeslagen vensterindeling was onbruikbaar; standaard gebruikt")
        else:
            self._verdeel_vanzelf = False

    def bewaar_indeling(self) -> None:
        def b64(data: QtCore.QByteArray) -> str:
            return bytes(data.toBase64().data()).decode("ascii")
        staat = self._volledige_indeling or self.saveState()  # the full layout, always
        self.v.indeling.bewaar(f"{b64(staat)} {b64(self.saveGeometry())}")

    def herstel_standaardindeling(self) -> None:
        self._volledige_indeling = None
        self.gesprek_actie.setChecked(False)
        self._verdeel_vanzelf = True
        self.restoreState(self._standaard_indeling)
        for dock in self.docks.values():
            dock.show()
        self.v.indeling.wis()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.bewaar_indeling()
        if self._stop_stand is not None:
            self._stop_stand()
            self._stop_stand = None
        if not self._gesloten.done():
            self._gesloten.set_result(None)
        super().closeEvent(event)

    async def gesloten(self) -> None:
        await self._gesloten

    @property
    def is_gesloten(self) -> bool:
        return self._gesloten.done()

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
            self.contactbediening.zoekvraag_geweigerd()
            return
        self.zoekmelding.zet("")
        self.contactbediening.nieuwe_zoekvraag()
        self.resultaten_status.setText(tr("Zoeken…"))
        self.docks["Zoekresultaten"].show()
        self.taken.start("zoeken", self._zoek(vraag))

    async def _zoek(self, vraag: Zoekvraag) -> None:
        deel = await self.d.dossier.zoek(vraag)
        self._toon_resultaten(deel)
        self._na_resultaten(len(deel.waarde))
        if deel.vastgelegd is None:
            return
        try:
            await deel.vastgelegd  # written while the list painted
        except Exception:
            log.exception("Auditregels van zoekresultaten niet vastgelegd")
            # Nothing of a person stays on screen without its record.
            self.resultaten_model.zet([])
            self.resultaten_status.setText(tr("Niets getoond."))
            self.resultaten_melding.zet(tr(
                "De zoekresultaten zijn weggehaald: werkplek kon niet vastleggen wie ze "
                "inzag (de lokale opslag weigerde). Probeer het opnieuw; blijft dit, meld "
                "het dan de beheerder."))
            if self.klant_ref is not None and self.klant_ref in {
                    r.klant for r in deel.waarde}:
                self.klant_ref = None
                self.klantbeeld.zet(None, [])

    def _toon_resultaten(self, deel: Deel[list[Zoekresultaat]]) -> None:
        self.resultaten_model.zet(deel.waarde)
        self.resultaten_melding.zet(deel.meldingen)
        n = len(deel.waarde)
        self.resultaten_status.setText(
            tr("Niets gevonden.") if n == 0 else
            tr("1 klant gevonden.") if n == 1 else tr("{0} klanten gevonden.").format(n))
        if n:
            self.resultaten.setCurrentIndex(self.resultaten_model.index(0, 0))

    def _na_resultaten(self, n: int) -> None:
        """One customer found: his dossier; several: the list, for the agent to choose."""
        if n == 1:
            self.open_resultaat(0)
        elif n > 1:
            self.docks["Zoekresultaten"].raise_()
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
        # The unknown caller or anonymous klant was identified: the form stays with the contact.
        beller_gevonden = self.contactbediening.zonder_klant
        self.contactbediening.klaar()
        self.klant_ref = ref
        self.contactmoment.zet_beller("")
        if nieuw and not beller_gevonden:
            self._begin = nu()
            self.contactmoment.leeg()
            self.contactmoment.bevestig("")
            self._nieuw_contact_staat()
            self._zaken, self._contacten = [], []
            self.agenda.zet_afspraken([])
        if self._oproep is not None:  # the caller: a telephone contact from the answer on
            self._begin = self._oproep[1]
            self._oproep = None
            self.contactmoment.kanaal.setCurrentIndex(
                self.contactmoment.kanaal.findData(Kanaal.TELEFOON))
        self.klantbeeld.laden()
        self.historie.laden()
        self.zaken.laden()
        self.taken.start("klant", self._laad_klant(ref))
        self.taken.start("historie", self._laad_historie(ref))
        self.taken.start("zaken", self._laad_zaken(ref))
        self.taken.start("afspraken", self._laad_afspraken(ref))

    async def _eerst_uit_cache(self, ref: KlantRef, deel: Awaitable[Deel[Any]],
                               toon: Callable[[Deel[Any]], None]) -> Deel[Any] | None:
        """Paint what the cache holds at once (returned); the sources' answer replaces it."""
        eerst = await deel
        if eerst.bronnen and self.klant_ref == ref:
            toon(eerst)
            return eerst
        return None

    @staticmethod
    def _als_getoond(eerst: Deel[Any] | None, deel: Deel[Any]) -> bool:
        """The sources said what the cache had already painted: no second layout of it."""
        return eerst is not None and eerst.waarde == deel.waarde and all(
            b.uitkomst is Uitkomst.OK for b in deel.bronnen) and not deel.meldingen

    async def _laad_klant(self, ref: KlantRef) -> None:
        eerst = await self._eerst_uit_cache(
            ref, self.d.dossier.klant(ref, uit_cache=True),
            lambda d: self.klantbeeld.zet(d.waarde, d.meldingen))
        deel = await self.d.dossier.klant(ref)
        meldingen = deel.meldingen
        if deel.waarde is None and not meldingen:
            meldingen = [tr("Deze klant is bij geen enkele bron (meer) bekend.")]
        if self._als_getoond(eerst, deel):
            self.klantbeeld.melding.zet(meldingen)  # "stand van …; wordt bijgewerkt" is over
        else:
            self.klantbeeld.zet(deel.waarde, meldingen)
        self.contactmoment.zet_klant_aanwezig(True)

    async def _laad_historie(self, ref: KlantRef) -> None:
        eerst = await self._eerst_uit_cache(
            ref, self.d.dossier.contacthistorie(ref, uit_cache=True),
            lambda d: self.historie.zet(d.waarde, d.meldingen))
        deel = await self.d.dossier.contacthistorie(ref)
        if self._als_getoond(eerst, deel):
            self.historie.zet_meldingen(deel.meldingen)
        else:
            self.historie.zet(deel.waarde, deel.meldingen)
        self._contacten = deel.waarde
        self._werk_regie_bij()
        self.klantbeeld.zet_eerder_contact(eerder_contact_vandaag(deel.waarde, nu()))
        if not self.kennisbank.zoekveld.text() and not self.taken.bezig("kennis-zoeken"):
            await self.taken.bij("kennis-laden")
            artikelen = await self.d.kennis.bij_contacten(deel.waarde)
            if artikelen and not self.kennisbank.zoekveld.text():
                self.kennisbank.zet_resultaten(
                    artikelen, tr("Bij de laatste vragen van deze klant"))

    async def _laad_zaken(self, ref: KlantRef) -> None:
        vandaag = nu().date()
        eerst = await self._eerst_uit_cache(
            ref, self.d.dossier.zaken(ref, uit_cache=True),
            lambda d: self.zaken.zet(d.waarde, d.meldingen, vandaag))
        deel = await self.d.dossier.zaken(ref)
        if self._als_getoond(eerst, deel):
            self.zaken.zet_meldingen(deel.meldingen)
        else:
            self.zaken.zet(deel.waarde, deel.meldingen, vandaag)
        open_ = [z for z in deel.waarde if not is_afgerond(z)]
        te_laat = [z for z in open_ if is_te_laat(z, vandaag)]
        tekst = tr("Lopende zaken: {0}").format(len(open_))
        if te_laat:
            tekst += tr(" (waarvan {0} te laat)").format(len(te_laat))
        self.klantbeeld.zet_samenvatting(tekst + tr(" · afgeronde zaken: {0}").format(
            len(deel.waarde) - len(open_)))
        self.contactmoment.zet_zaken(deel.waarde, aanvinken=self._dit_contact)
        self._zaken = deel.waarde
        self.regie.melding.zet(deel.meldingen)
        self._werk_regie_bij()
        self._werk_suggesties_bij()

    def _bsn_getoond(self) -> None:
        if self.klant_ref is not None:
            self.taken.start("bsn-getoond", self._toon_bsn_na_vastleggen(self.klant_ref))

    async def _toon_bsn_na_vastleggen(self, ref: KlantRef) -> None:
        """Protocollering first: the BSN shows only once its view is in the audit log."""
        try:
            await self.d.dossier.leg_vast(ref, "bsn_getoond")
        except Exception as e:  # its text may carry the statement's parameters: a BSN
            log.error("Inzage van een BSN kon niet worden vastgelegd (%s)", type(e).__name__)
            self.klantbeeld.melding.zet(tr(
                "Het BSN is niet getoond: het inzien kon niet worden vastgelegd. Probeer het "
                "opnieuw; lukt het niet, meld het dan de beheerder."))
            return
        if self.klant_ref == ref:  # still the same customer on the card
            self.klantbeeld.toon_bsn()
            self.statusBar().showMessage(tr("BSN getoond; dit is vastgelegd."), 5000)

    # --- registering ------------------------------------------------------------------------

    def nieuw_contact(self) -> None:
        """A fresh form; zaken started in the open contact are not dropped without a warning."""
        if self._dit_contact and not self._nieuw_bevestigd:
            self._nieuw_bevestigd = True
            self.contactmoment.melding.zet(tr(
                "In dit contact zijn zaken gestart ({0}) en het is nog niet geregistreerd. "
                "Registreer het eerst (Ctrl+Enter), of druk nogmaals Ctrl+N om het los te "
                "laten; de zaken blijven bestaan.").format(", ".join(self._dit_contact)))
            return
        self._begin = nu()
        self.contactmoment.leeg()
        self.contactmoment.bevestig("")
        self._beller = None
        self.contactbediening.klaar()
        self.contactmoment.zet_beller("")
        if self.klant_ref is None:
            self.contactmoment.zet_klant_aanwezig(False)
        self._nieuw_contact_staat()
        self._werk_regie_bij()
        self.contactmoment.vraag.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._open_wachtende_oproep()

    def _nieuw_contact_staat(self) -> None:
        """Forget what the previous contact gathered: checklist, suggestions, its zaken."""
        self._dit_contact, self._aanvragen, self._gestart = [], {}, {}
        self._nieuw_bevestigd = False
        self._contact_id = str(uuid.uuid4())
        self.checklist.afgewezen = set()
        self.agenda.toon_bevestiging("")
        self.agenda.notitie.clear()
        self.checklist.zet_checklist(None)
        self.suggesties.melding.zet("")

    def registreer(self) -> None:
        if self.taken.bezig("registreren"):
            return
        contact = self._maak_contact()
        if contact is not None:
            self.contactmoment.registreer_knop.setEnabled(False)
            self.taken.start("registreren", self._registreer(contact))

    def _maak_contact(self, verzoek: Contactverzoek | None = None) -> Contactmoment | None:
        """The contact as the form holds it, or None with the error shown at its field."""
        cm = self.contactmoment
        cm.wis_fouten()
        cm.bevestig("")
        if self.klant_ref is None and not self.contactbediening.zonder_klant:
            cm.melding.zet(tr("Open eerst een klant (Ctrl+K om te zoeken) of begin een anoniem "
                              "contact ({0}).").format(ANONIEM))
            return None
        try:
            if self.checklist.checklist is not None:  # an invalid answer is never dropped
                controleer_antwoorden(self.checklist.checklist, self.checklist.antwoorden())
            return self.onderwerpbediening.met_bewaarde(self.d.dossier.maak_contactmoment(
                klant=self.klant_ref, kanaal=Kanaal(cm.kanaal.currentData()),
                onderwerp=cm.onderwerp.currentData() or "", vraag=cm.vraag.toPlainText(),
                antwoord=cm.antwoord.toPlainText(),
                afhandeling=Afhandeling(cm.afhandeling.currentData()),
                zaken=cm.gekozen_zaken(), begin=self._begin,
                checklist=self.checklist.checklist, antwoorden=self.checklist.antwoorden(),
                kennisartikelen=list(cm.gebruikte_artikelen), id=self._contact_id,
                einde=self.telefoon.opgehangen, verzoek=verzoek,
                telefoonnummer=self._beller.nummer if self._beller else ""))
        except OngeldigeInvoer as e:
            if e.veld == "Checklist":
                cm.toon_fout("Afhandeling", e.bericht)
                self.docks["Checklist"].show()
                self.docks["Checklist"].raise_()
                self.checklist.toon_fout(e.bericht)
            elif e.veld == "Toelichting":
                self.overdracht.toelichting_fout.zet(e.bericht)
            else:
                cm.toon_fout(e.veld, e.bericht)
            return None

    async def _registreer(self, contact: Contactmoment) -> None:
        cm = self.contactmoment
        if self._correctie is not None and self._correctie.id == contact.id:
            contact = gecorrigeerd(contact, self._correctie)
        try:
            verzending = await self.d.dossier.registreer(contact)
        finally:
            cm.registreer_knop.setEnabled(True)
        if verzending.uitslag is Uitslag.GEWEIGERD:
            cm.melding.zet(tr("Niet geregistreerd: {0} Uw invoer staat er nog.").format(
                verzending.melding))
            return
        cm.leeg()
        self._correctie = None
        self._beller = None
        self.contactbediening.klaar()
        cm.zet_beller("")
        if self.klant_ref is None:
            cm.zet_klant_aanwezig(False)
        self.telefoon.contact_geregistreerd()
        if self.d.wachtrij is not None:
            self.d.wachtrij.geregistreerd(contact)
        extra = ""
        if contact.checklist:
            extra = tr(" met {0} checklistantwoorden").format(len(contact.checklist))
        if contact.verzoek is not None:
            extra += tr(", met een contactverzoek voor {0}").format(
                contact.verzoek.ontvanger.naam)
        if verzending.ok:
            cm.bevestig(tr("Contact geregistreerd om {0}{1}.").format(
                f"{contact.einde:%H:%M}", extra))
        else:
            cm.bevestig(tr("Contact bewaard om {0}{1}; het wordt verzonden zodra de backoffice "
                           "bereikbaar is. Zie ‘Te verzenden’ (Ctrl+Shift+V).").format(
                f"{contact.einde:%H:%M}", extra))
        self._begin = nu()
        self._nieuw_contact_staat()
        if contact.klant is not None and self.klant_ref == contact.klant:
            self.historie.laden()
            await self._laad_historie(contact.klant)
        self._open_wachtende_oproep()

    # --- kennisbank -------------------------------------------------------------------------

    async def _laad_kennisbank(self) -> None:
        self.kennisbank.verbind(self.d.kennis, self.taken)  # whole articles when shown
        deel = await self.d.kennis.vernieuw()
        self.kennisbank.melding.zet(deel.meldingen)
        self._titels = await self.d.kennis.titels()  # ids and titles only, no texts
        self.historie.artikeltitels = self._titels
        onderwerpen = set(await self.d.kennis.onderwerpen())
        for c in self.d.checklists.alle.values():
            onderwerpen.update(c.onderwerpen, c.levensgebeurtenissen)
        self.contactmoment.zet_onderwerpen(sorted(onderwerpen, key=str.casefold))
        await self._zoek_kennis(self.kennisbank.zoekveld.text())

    async def _zoek_kennis(self, tekst: str) -> None:
        artikelen = await self.d.kennis.zoek(
            tekst, onderwerp=self.contactmoment.onderwerp.currentData() or "")
        n = len(artikelen)
        kop = (tr("Alle artikelen") if not tekst.strip() else
               tr("Geen artikelen gevonden") if n == 0 else
               tr("1 artikel gevonden") if n == 1 else
               tr("{0} artikelen gevonden").format(n))
        self.kennisbank.zet_resultaten(artikelen, kop)

    async def _toon_artikel(self, artikel_id: str) -> None:
        gevonden = await self.d.kennis.artikelen([artikel_id])
        if not gevonden:
            self.suggesties.melding.zet(tr("Het kennisartikel {0} staat niet (meer) in de "
                                           "kennisbank.").format(artikel_id))
            return
        self._toon_in_kennisbank(gevonden[0])

    def _toon_in_kennisbank(self, artikel: Kennisartikel) -> None:
        self.kennisbank.toon_artikel(artikel, tr("Bij de suggestie"))
        self.docks["Kennisbank"].show()
        self.docks["Kennisbank"].raise_()

    # --- checklist, suggestions and regie ---------------------------------------------------

    def _onderwerp_gekozen(self, onderwerp: str) -> None:
        """Its checklist (or none) replaces the open one; the kennisbank searches on it."""
        self.onderwerpbediening.gekozen(onderwerp)

    def _werk_suggesties_bij(self) -> None:
        c = self.checklist.checklist
        if c is None:
            self.suggesties.zet([])
            return
        voorheen = len(self.suggesties.standen)
        standen = []
        for sg in suggesties(c, self.checklist.antwoorden()):
            lopend = lopende_zaak(sg.zaaktype, self._zaken) if sg.zaaktype else None
            loopt_al = (lopend.identificatie if lopend is not None
                        and lopend.identificatie not in self._dit_contact else "")
            standen.append(SuggestieStand(sg, self._titels.get(sg.kennisartikel, ""), loopt_al,
                                          self._gestart.get(sg.product, "")))
        self.suggesties.zet(standen)
        if standen and not voorheen:
            self.docks["Suggesties"].show()
            self.docks["Suggesties"].raise_()

    def _werk_regie_bij(self) -> None:
        self.regie.zet(regiegroepen(self._contacten, self._zaken, self._dit_contact),
                       nu().date())

    def start_aanvragen(self) -> None:
        """Start a zaak for every checked suggestion at once: the meervoudige vraag."""
        ref = self.klant_ref
        self.suggesties.melding.zet("")
        if ref is None or self.taken.bezig("aanvragen"):
            return
        producten = self.suggesties.aangevinkt()
        if not producten:
            self.suggesties.melding.zet(tr("Vink eerst aan wat de klant wil aanvragen."))
            return
        per_product = {s.suggestie.product: s.suggestie for s in self.suggesties.standen}
        kanaal = Kanaal(self.contactmoment.kanaal.currentData())
        titel = self.checklist.checklist.titel if self.checklist.checklist else ""
        for p in producten:
            if p not in self._aanvragen:  # a retry re-sends the same request, never a new one
                sg = per_product[p]
                self._aanvragen[p] = self.d.dossier.zaakaanvraag(
                    ref, sg.zaaktype, p, tr("Gestart vanuit de checklist ‘{0}’: {1}").format(
                        titel, "; ".join(sg.redenen)), kanaal)
        self.suggesties.start_knop.setEnabled(False)
        self.taken.start("aanvragen", self._start_aanvragen(
            ref, [(p, self._aanvragen[p]) for p in producten]))

    async def _start_aanvragen(self, ref: KlantRef,
                               aanvragen: list[tuple[str, Zaakaanvraag]]) -> None:
        try:
            antwoorden = await self.d.dossier.start_zaken([a for _, a in aanvragen])
        finally:
            self.suggesties.start_knop.setEnabled(True)
        if ref != self.klant_ref:
            return
        fouten = []
        for (product, _), antw in zip(aanvragen, antwoorden, strict=True):
            if antw.ok and antw.waarde is not None:
                self._gestart[product] = antw.waarde.identificatie
                self._dit_contact.append(antw.waarde.identificatie)
            else:
                fouten.append(f"{product}: {antw.melding}")
        if fouten:
            self.suggesties.melding.zet([tr("Niet gestart (probeer opnieuw; er gaat niets "
                                            "dubbel):"), *fouten])
        cm = self.contactmoment
        if self._gestart and Afhandeling(cm.afhandeling.currentData()) is Afhandeling.IN_EEN_KEER:
            cm.afhandeling.setCurrentIndex(
                cm.afhandeling.findData(Afhandeling.ZAAK_GESTART.value))
        self.zaken.laden()
        await self._laad_zaken(ref)
        self.docks["Regie"].show()
        self.docks["Regie"].raise_()

    # --- agendas ----------------------------------------------------------------------------

    async def _laad_agendas(self) -> None:
        deel = await self.d.agenda.agendas()
        self._agendas = deel.waarde
        self.agenda.melding.zet(deel.meldingen)
        self.agenda.zet_agendas(self._agendas, self.contactmoment.onderwerp.currentData() or "")

    def _agenda_gekozen(self, agenda_id: str) -> None:
        if agenda_id:
            self.taken.start("vrije-tijden", self._laad_vrije_tijden(agenda_id))

    def _andere_week(self, richting: int) -> None:
        vandaag = nu().date()
        self._weekstart = max(vandaag, self._weekstart + timedelta(days=7 * richting))
        self._agenda_gekozen(self.agenda.agenda.currentData() or "")

    async def _laad_vrije_tijden(self, agenda_id: str) -> None:
        dagen = werkdagen_vanaf(self._weekstart)
        antw = await self.d.agenda.vrije_tijden(agenda_id, dagbegin(dagen[0]),
                                                dagbegin(dagen[-1] + timedelta(days=1)))
        if self.agenda.agenda.currentData() != agenda_id:
            return
        self.agenda.zet_week(dagen, antw.waarde or [])
        if not antw.ok:
            self.agenda.melding.zet(antw.melding)

    async def _laad_afspraken(self, ref: KlantRef) -> None:
        deel = await self.d.agenda.afspraken(ref)
        if ref != self.klant_ref:
            return
        self.agenda.zet_afspraken(deel.waarde)
        if deel.meldingen:  # a source's failure; never wipes the message of a booking
            self.agenda.melding.zet(deel.meldingen)
        self.historie.afspraken_bij = {}
        for a in deel.waarde:
            if a.contactmoment:
                self.historie.afspraken_bij.setdefault(a.contactmoment, []).append(
                    f"{a.begin.astimezone(TIJDZONE):%d-%m-%Y %H:%M} bij {a.agenda_naam}")

    def _gekozen_agenda(self) -> Agenda | None:
        return next((a for a in self._agendas if a.id == self.agenda.agenda.currentData()), None)

    def maak_afspraak(self) -> None:
        """Book the chosen slot for the open customer, carrying the contact's question along."""
        a = self.agenda
        a.melding.zet("")
        agenda, slot, klant = self._gekozen_agenda(), a.gekozen_slot(), self.klantbeeld.klant
        if self.klant_ref is None or klant is None:
            a.melding.zet(tr("Open eerst een klant (Ctrl+K om te zoeken)."))
            return
        if agenda is None or slot is None:
            a.melding.zet(tr("Kies eerst een vrij tijdslot in de week."))
            a.week.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.taken.bezig("afspraak"):
            return
        notitie = a.notitie.text() or self.contactmoment.vraag.toPlainText()
        try:
            verzoek = self.d.agenda.verzoek(
                agenda, slot, klant=self.klant_ref, klantnaam=klant.naam,
                onderwerp=self.contactmoment.onderwerp.currentData() or "", notitie=notitie,
                contactmoment=self._contact_id)
        except OngeldigeInvoer as e:
            a.melding.zet(e.bericht)
            return
        a.maak_knop.setEnabled(False)
        self.taken.start("afspraak", self._maak_afspraak(verzoek.klant, verzoek))

    async def _maak_afspraak(self, ref: KlantRef, verzoek: Afspraakverzoek) -> None:
        try:
            verzending = await self.d.agenda.boek(verzoek)
        finally:
            self.agenda.maak_knop.setEnabled(True)
        antw = verzending.antwoord
        if verzending.uitslag is Uitslag.WACHT:
            self.agenda.melding.zet(tr(
                "De agenda is nu niet bereikbaar. De afspraak is bewaard en wordt gemaakt zodra "
                "de agenda weer bereikbaar is; het tijdslot is pas zeker als ‘Te verzenden’ "
                "hem niet meer noemt. Geef de klant nog geen bevestiging."))
        elif verzending.ok and antw is not None and antw.waarde is not None:
            afspraak = antw.waarde
            self.agenda.toon_bevestiging(bevestigingstekst(afspraak, self.d.gemeente,
                                                             self.d.telefoon))
            self.statusBar().showMessage(tr("Afspraak gemaakt: {0}.").format(
                f"{afspraak.begin.astimezone(TIJDZONE):%d-%m-%Y %H:%M}"), 8000)
        else:
            self.agenda.melding.zet(verzending.melding)
        await asyncio.gather(self._laad_afspraken(ref), self._laad_vrije_tijden(verzoek.agenda))

    def verzet_afspraak(self) -> None:
        afspraak, slot = self.agenda.gekozen_afspraak(), self.agenda.gekozen_slot()
        if afspraak is None or slot is None:
            self.agenda.melding.zet(tr("Kies de afspraak en een nieuw vrij tijdslot."))
            return
        self.taken.start("afspraak", self._wijzig(afspraak, self.d.agenda.verzet(afspraak, slot)))

    def annuleer_afspraak(self) -> None:
        afspraak = self.agenda.gekozen_afspraak()
        if afspraak is None:
            self.agenda.melding.zet(tr("Kies eerst de afspraak die vervalt."))
            return
        knop = self.agenda.annuleer_knop
        if knop.property("bevestigen") != afspraak.id:  # first press arms, second cancels
            knop.setProperty("bevestigen", afspraak.id)
            knop.setText(tr("Nogmaals: annuleren bevestigen"))
            return
        knop.setProperty("bevestigen", "")
        knop.setText(tr("Afspraak annuleren"))
        self.taken.start("afspraak", self._wijzig(afspraak, self.d.agenda.annuleer(afspraak)))

    async def _wijzig(self, afspraak: Afspraak, werk: Awaitable[BronAntwoord[Any]]) -> None:
        antw = await werk
        self.agenda.melding.zet("" if antw.ok else antw.melding)
        if antw.ok:
            self.statusBar().showMessage(tr("Afspraak bijgewerkt."), 5000)
        await asyncio.gather(self._laad_afspraken(afspraak.klant),
                             self._laad_vrije_tijden(afspraak.agenda))

    async def _laad_vandaag(self) -> None:
        dag = nu().date()
        deel = await self.d.agenda.vandaag(dag, self.d.locatie)
        self.vandaag.zet(self.d.locatie, dag, deel.waarde)
        self.vandaag.melding.zet(deel.meldingen)

    def _open_klant_van_afspraak(self, afspraak: Afspraak) -> None:
        if not afspraak.klant.heeft_nummer:
            self.vandaag.melding.zet(tr(
                "Deze agenda noemt de klant niet met BSN of KvK-nummer; zoek {0} op met "
                "Ctrl+K.").format(afspraak.klantnaam))
            return
        self.vandaag.melding.zet("")
        self.open_klant(afspraak.klant)

    async def _zet_status(self, afspraak: Afspraak, status: Afspraakstatus) -> None:
        antw = await self.d.agenda.zet_status(afspraak, status)
        self.vandaag.melding.zet("" if antw.ok else antw.melding)
        if antw.ok and status is Afspraakstatus.AANWEZIG and self.balie.actief:
            self.balie.geef_ticket(afspraak.klant if afspraak.klant.heeft_nummer else None,
                                   afspraak.begin)
        await self._laad_vandaag()

    # --- errors -----------------------------------------------------------------------------

    # --- calls from the softphone -------------------------------------------------------

    def voer_uit(self, bericht: dict[str, Any]) -> None:
        """A command handed over by a second werkplek invocation (a softphone's hook); one
        that comes while werkplek is still starting is carried out when the services are up."""
        if self.isMinimized():  # back as it was: a maximised window stays maximised
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        if not self._verbonden:
            self._na_start.append(bericht)
            return
        log.info("Opdracht %s voor profiel %s", bericht.get("opdracht"), self.v.profiel)
        if bericht.get("opdracht") != "pop":
            return
        try:
            oproep = uit_bericht(bericht.get("oproep"))
        except OngeldigeInvoer as e:
            self.statusBar().showMessage(e.bericht, 10000)
            return
        self.pop(oproep)

    def pop(self, oproep: Oproep, begin: datetime | None = None) -> None:
        """A call is answered: the caller's dossier, with a telephone contact started now.

        An unsaved contact is never lost: the call waits until it is registered or let go.
        """
        cm = self.contactmoment
        if (cm.vraag.toPlainText().strip() or cm.antwoord.toPlainText().strip()
                or self.taken.bezig("registreren")):
            self._wachtende_oproep = oproep
            cm.melding.zet(tr(
                "Nieuwe beller ({0}) aan de lijn. Registreer eerst dit contact (Ctrl+Enter) of "
                "laat het los (Ctrl+N); daarna opent werkplek de beller.").format(
                    oproep.getoond or tr("nummer afgeschermd")))
            return
        self._wachtende_oproep = None
        self._oproep = (oproep, begin or nu())
        self._beller = oproep
        self.taken.start("pop", self._pop(oproep))

    async def _pop(self, oproep: Oproep) -> None:
        log.info("Oproep: %s", "nummer bekend" if oproep.bekend else "geen bruikbaar nummer")
        self.docks["Zoekresultaten"].show()
        self.docks["Zoekresultaten"].raise_()
        self.zoekveld.setText(oproep.getoond)
        self.contactbediening.nieuwe_zoekvraag()
        if not oproep.bekend:
            self._onbekende_beller(oproep, tr("het nummer is afgeschermd of onbruikbaar"))
            return
        await self._zoek(Zoekvraag(Zoeksoort.TELEFOON, oproep.nummer))
        n = self.resultaten_model.rowCount()
        log.info("Oproep: %d %s met dit nummer", n, "klant" if n == 1 else "klanten")
        if n == 0:
            self._onbekende_beller(oproep, tr("geen klant met dit nummer"))
        elif n > 1:
            self.resultaten_status.setText(tr(
                "{0} klanten met dit nummer: kies de beller (Enter).").format(n))

    @property
    def agentstatus(self) -> Agentstatus:
        return self.telefoon.status

    def _onbekende_beller(self, oproep: Oproep, reden: str) -> None:
        self.contactbediening.onbekende_beller(oproep, reden)

    # --- doorverbinden with context ------------------------------------------------------

    def doorverbinden(self) -> None:
        """Hand the question over: first the context is checked in a dialog, then the call
        is transferred and the contact registered with its contactverzoek."""
        cm = self.contactmoment
        if self.klant_ref is None and not self.contactbediening.zonder_klant:
            cm.melding.zet(tr("Open eerst een klant (Ctrl+K om te zoeken)."))
            return
        if not cm.vraag.toPlainText().strip():
            cm.toon_fout("Vraag", tr("Noteer eerst de vraag: die gaat mee naar de ontvanger."))
            return
        self.taken.start("overdracht", self._open_overdracht())

    async def _open_overdracht(self) -> None:
        deel = await self.d.dossier.ontvangers()
        cm = self.contactmoment
        checklist = self.checklist.checklist
        klant = self.klantbeeld.klant if self.klant_ref is not None else None
        beller = self._beller.nummer if self._beller else ""
        tekst = overdrachtstekst(
            vraag=cm.vraag.toPlainText(), antwoord=cm.antwoord.toPlainText(),
            checklist=vastleggen(checklist, self.checklist.antwoorden()) if checklist else (),
            kanaal=Kanaal(cm.kanaal.currentData()), begin=self._begin,
            medewerker=self.d.medewerker.naam, klantnaam=klant.naam if klant else "",
            beller=beller, zaken=cm.gekozen_zaken())
        in_gesprek = (self.agentstatus is Agentstatus.IN_GESPREK
                      and self.telefoon.heeft_softphone)
        self.overdracht.vul(deel.waarde, toelichting=tekst, terugbelnummer=beller,
                            max_toelichting=self.d.dossier.limieten.toelichting,
                            in_gesprek=in_gesprek, meldingen=deel.meldingen)
        self.overdracht.show()
        self.overdracht.raise_()

    def _draag_over(self) -> None:
        verzoek = self.overdracht.verzoek()
        if verzoek is None or self.taken.bezig("registreren"):
            return
        doorverbinden = self.overdracht.doorverbinden
        cm = self.contactmoment
        cm.afhandeling.setCurrentIndex(cm.afhandeling.findData(
            Afhandeling.DOORVERBONDEN if doorverbinden else Afhandeling.TERUGBELVERZOEK))
        contact = self._maak_contact(verzoek)
        if contact is None:
            if not self.overdracht.toelichting_fout.text():
                self.overdracht.melding.zet(tr(
                    "Het contactformulier is nog niet compleet; zie de melding daar."))
            return
        self.taken.start("registreren", self._voer_overdracht_uit(contact, doorverbinden))

    async def _voer_overdracht_uit(self, contact: Contactmoment, doorverbinden: bool) -> None:
        """Transfer first: when that fails nothing is registered, and the agent can choose a
        call-back request instead. The contact goes through the outbox, so it is never lost."""
        verzoek = contact.verzoek
        assert verzoek is not None
        if doorverbinden:
            self.overdracht.knop.setEnabled(False)
            try:
                antw = await self.telefoon.doorverbinden(verzoek.ontvanger.telefoon)
            finally:
                self.overdracht.knop.setEnabled(True)
            if antw is not None and not antw.ok:
                self.overdracht.melding.zet(tr(
                    "Doorverbinden is mislukt: {0} Probeer het opnieuw of kies "
                    "‘Terugbelverzoek’.").format(antw.melding))
                return
        self.overdracht.hide()
        self.contactmoment.registreer_knop.setEnabled(False)
        await self._registreer(contact)

    def _open_wachtende_oproep(self) -> None:
        if self._wachtende_oproep is not None:
            self.pop(self._wachtende_oproep)

    # --- offline work -----------------------------------------------------------------------

    def voorbereiden(self) -> None:
        """Fetch today's customers and the kennisbank into the cache, with progress."""
        if not self.d.offline.mogelijk:
            self.statusBar().showMessage(tr(
                "Zonder sleutelbos bewaart werkplek niets op deze computer; voorbereiden voor "
                "offline kan dan niet."), 10000)
            return
        if self.taken.bezig("voorbereiden"):
            return
        self.voortgang.setRange(0, 0)  # busy until the first step is known
        self.voortgang.setFormat(tr("Voorbereiden voor offline…"))
        self.voortgang.show()
        self.voortgang_stop.show()
        taak = self.taken.start("voorbereiden", self._voorbereiden())
        taak.add_done_callback(lambda _t: self._verberg_voortgang())

    def _verberg_voortgang(self) -> None:
        self.voortgang.hide()
        self.voortgang_stop.hide()

    def stop_voorbereiden(self) -> None:
        self.taken.annuleer("voorbereiden")

    async def _voorbereiden_bij_start(self) -> None:
        if await self.d.offline.voorbereid_op() != nu().date():
            self.voorbereiden()

    async def _voorbereiden(self) -> None:
        def voortgang(gedaan: int, totaal: int, wat: str) -> None:
            self.voortgang.setRange(0, max(totaal, 1))
            self.voortgang.setValue(gedaan)
            self.voortgang.setFormat(f"{wat} %p%")
            self.voortgang.setAccessibleDescription(wat)

        try:
            klaar = await self.d.offline.voorbereiden(nu().date(), self.d.locatie, voortgang)
        except asyncio.CancelledError:
            self.statusBar().showMessage(tr("Voorbereiden voor offline gestopt."), 10000)
            raise
        tekst = tr("Klaar voor offline: {0} klanten van vandaag en {1} kennisartikelen "
                   "bewaard.").format(klaar.klanten, klaar.artikelen)
        if klaar.zonder_nummer:
            tekst += tr(" {0} afspraken noemen de klant niet met BSN of KvK-nummer.").format(
                klaar.zonder_nummer)
        if klaar.meldingen:
            tekst += " " + " ".join(klaar.meldingen)
        self.statusBar().showMessage(tekst, 15000)

    def toon_te_verzenden(self) -> None:
        if self._te_verzenden is None:
            dlg = TeVerzendenDialoog(self)
            dlg.nuVerzenden.connect(self.nu_verzenden)
            dlg.opnieuw.connect(
                lambda i: self.taken.start("opnieuw", self.d.dossier.verzender.opnieuw(i)))
            dlg.corrigeren.connect(lambda i: self.taken.start("corrigeren", self._corrigeer(i)))
            self._te_verzenden = dlg
        self._te_verzenden.show()
        self._te_verzenden.raise_()
        self._te_verzenden.activateWindow()
        self.taken.start("te-verzenden", self._vul_te_verzenden())

    def nu_verzenden(self) -> None:
        """Send what waits now, without waiting for the backoff: the agent asks for it."""
        self.taken.start("nu-verzenden", self._nu_verzenden())

    async def _nu_verzenden(self) -> None:
        await self.d.dossier.verzender.leeg(forceer=True)
        await self._vul_te_verzenden()

    async def _vul_te_verzenden(self) -> None:
        if self._te_verzenden is None:
            return
        berichten = await self.d.dossier.verzender.berichten()
        stand = self.d.dossier.verzender.stand
        if not stand.bewaard:
            uitleg = tr("Er is geen sleutelbos: werkplek bewaart niets om later te verzenden.")
        elif not berichten:
            uitleg = tr("Alles is verzonden.")
        else:
            uitleg = tr("Deze contacten en afspraken heeft de backoffice nog niet. Ze worden "
                        "vanzelf verzonden; een geparkeerd bericht is geweigerd en wacht op "
                        "uw correctie.")
        self._te_verzenden.zet(berichten, uitleg)

    async def _corrigeer(self, id: str) -> None:
        """Open a parked contact in the form; registering it again replaces the parked one."""
        bericht = next((b for b in await self.d.dossier.verzender.berichten() if b.id == id),
                       None)
        contact = self.d.dossier.verzender.contact_van(bericht) if bericht else None
        if contact is None:
            return
        if contact.klant is not None:
            self.open_klant(contact.klant)
        elif contact.kanaal is Kanaal.TELEFOON:  # an unknown caller's contact
            self._beller = oproep_van(contact.telefoonnummer)
            self.contactmoment.zet_klant_aanwezig(True)
            self.contactmoment.zet_beller(tr("Onbekende beller: {0}").format(
                contact.telefoonnummer or tr("nummer afgeschermd")))
        else:  # an anonymous contact
            self._beller = None
            self.contactbediening.open_zonder_klant(None, tr("Anoniem contact"))
            self.contactbediening.anoniem = True
        cm = self.contactmoment
        cm.vul(contact)
        self._contact_id, self._begin, self._correctie = contact.id, contact.begin, contact
        cm.melding.zet(tr("Correctie van een geweigerd contact: {0} Pas aan en registreer "
                          "opnieuw (Ctrl+Enter).").format(bericht.laatste_fout if bericht else ""))
        if self._te_verzenden is not None:
            self._te_verzenden.hide()
        self.activateWindow()
        self._focus_dock(self.docks["Contactmoment"])
        cm.vraag.setFocus(Qt.FocusReason.OtherFocusReason)

    def _onverwachte_fout(self, taak: str, fout: BaseException) -> None:
        self.statusBar().showMessage(
            tr("Er ging iets mis ({0}); het is vastgelegd in het logboek.").format(taak), 15000)

    def _toon_opslagdetails(self) -> None:
        venster = QtWidgets.QMessageBox(self)
        venster.setWindowTitle(tr("Details van de opslagmelding"))
        venster.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        venster.setText(self.opslagmelding.text())
        venster.setDetailedText(self.d.opslagdetails)
        benoem(venster, tr("Details van de opslagmelding"))
        venster.open()
        self.opslagdetailsvenster = venster

    def _toon_sneltoetsen(self) -> None:
        QtWidgets.QMessageBox.information(self, tr("Sneltoetsen"), tr(
            "Ctrl+K  zoeken\nCtrl+Enter  contact registreren\nCtrl+N  nieuw contact\n"
            "Ctrl+Shift+K  anoniem contact (zonder klant, op elk kanaal)\n"
            "Ctrl+1 … Ctrl+9, Ctrl+0  naar zoekresultaten, zaken, contactmoment, kennisbank, "
            "contacthistorie, checklist, suggesties, regie, agenda, vandaag\n"
            "Alt+1 … Alt+9, Alt+0  paneel tonen of verbergen\n"
            "Ctrl+Shift+G  compacte indeling ‘in gesprek’ aan of uit\n"
            "Enter in zoekresultaten  klantbeeld openen\n"
            "Ctrl+Shift+I  kennisartikel in het antwoord gebruiken\n"
            "Ctrl+Shift+D  doorverbinden met context\n"
            "Ctrl+Shift+A  aannemen, Ctrl+Shift+H  ophangen (met een softphone)\n"
            "Ctrl+Shift+N  volgende klant, Ctrl+Shift+X  niet verschenen, "
            "Ctrl+Shift+T  ticket uitgeven (aan de balie)\n"
            "Alt+W  wachtrijen, Ctrl+Shift+B  melding bevestigen, Ctrl+Alt+B  alle meldingen "
            "bevestigen (supervisor)\n"
            "Ctrl+Shift+O  voorbereiden voor offline\nCtrl+Shift+V  te verzenden\n"
            "Ctrl+Q  afsluiten"))
