"""Contacts without a klant: "Anoniem contact" on any kanaal, and the unknown caller.

Both open the form without a klant. A contact that stays anonymous registers as it is (and
counts in FCR like any other); a klant found and opened later in the same contact keeps
what the form holds, and the contact is registered with that klant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werkplek.domain.invoer import Zoeksoort
from werkplek.domain.model import Kanaal, nu
from werkplek.ui.panelen import benoem, tr
from werkplek.ui.qt import Qt, QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from werkplek.domain.oproep import Oproep
    from werkplek.ui.hoofdvenster import Hoofdvenster

SNELTOETS = "Ctrl+Shift+K"


class Contactbediening(QtCore.QObject):
    """The window's part for contacts without a klant; ``knop`` goes in the search bar."""

    def __init__(self, venster: Hoofdvenster) -> None:
        super().__init__(venster)
        self.venster = venster
        self.anoniem = False
        """An anonymous contact is open (no klant, no caller)."""
        self.actie = QtGui.QAction(tr("&Anoniem contact"), venster)
        self.actie.setShortcut(QtGui.QKeySequence(SNELTOETS))
        self.actie.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.actie.triggered.connect(self.start_anoniem)
        venster.addAction(self.actie)
        self.knop = QtWidgets.QPushButton(tr("Anoniem contact"))
        benoem(self.knop, tr("Anoniem contact"),
               tr("Een contact zonder klant, op elk kanaal ({0})").format(SNELTOETS))
        self.knop.setToolTip(tr("Anoniem contact ({0})").format(SNELTOETS))
        self.knop.clicked.connect(self.start_anoniem)

    @property
    def zonder_klant(self) -> bool:
        """A contact is open without a klant: anonymous, or an unknown caller."""
        v = self.venster
        return v.klant_ref is None and (self.anoniem or v._beller is not None)

    def start_anoniem(self) -> None:
        """Start a contact without a klant on the kanaal the agent chooses in the form."""
        v = self.venster
        cm = v.contactmoment
        if self.zonder_klant:  # already one: just go to it
            cm.kanaal.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        if (cm.vraag.toPlainText().strip() or cm.antwoord.toPlainText().strip()
                or v._dit_contact or v.taken.bezig("registreren")):
            cm.melding.zet(tr(
                "Registreer eerst dit contact (Ctrl+Enter) of laat het los (Ctrl+N); daarna "
                "kunt u een anoniem contact beginnen."))
            return
        v._beller = None
        v._begin = nu()
        cm.bevestig("")
        cm.wis_fouten()
        self.open_zonder_klant(None, tr(
            "Anoniem contact: de klant blijft onbekend. Noemt de klant toch naam en "
            "geboortedatum, zoek dan (Ctrl+K): wat hier staat blijft bij het contact."))
        self.anoniem = True
        cm.kanaal.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def onbekende_beller(self, oproep: Oproep, reden: str) -> None:
        """No customer for this call: an empty telephone contact with the number filled in.

        The agent asks who is calling and searches; a caller who stays unknown is
        registered without a customer.
        """
        v = self.venster
        v.zoekmelding.zet(tr(
            "Onbekende beller ({0}): {1}. Vraag naam en geboortedatum en zoek (Ctrl+K).").format(
                oproep.getoond or tr("geen nummer"), reden))
        if v._oproep is not None:
            v._begin = v._oproep[1]
        self.open_zonder_klant(Kanaal.TELEFOON, tr("Onbekende beller: {0}").format(
            oproep.getoond if oproep.bekend else tr("nummer afgeschermd")))
        v.focus_zoeken()

    def open_zonder_klant(self, kanaal: Kanaal | None, wie: str) -> None:
        """Open the form without a klant; the previous klant's dossier is not this one's."""
        v = self.venster
        self.anoniem = False
        if v.klant_ref is not None:
            v.klant_ref = None
            v.klantbeeld.zet(None, [])
            v.historie.zet([], [])
            v.zaken.zet([], [], nu().date())
            v.contactmoment.zet_zaken([])
            v._zaken, v._contacten = [], []
            v._nieuw_contact_staat()
            v._werk_regie_bij()
        cm = v.contactmoment
        if kanaal is not None:
            cm.kanaal.setCurrentIndex(cm.kanaal.findData(kanaal))
        cm.zet_klant_aanwezig(True)
        cm.zet_beller(wie)

    def klaar(self) -> None:
        """The contact was registered, let go, or its klant was found: its messages go."""
        self.anoniem = False
        if self.venster.zoekmelding.text().startswith(tr("Onbekende beller")):
            self.venster.zoekmelding.zet("")

    # -- messages belong to one contact and one moment ------------------------------------

    def verbind(self) -> None:
        """Once the panels exist: the checklist's error goes with its last open question."""
        v = self.venster
        v.checklist.opgelost.connect(lambda: v.contactmoment.fouten["Afhandeling"].zet(""))

    def nieuwe_zoekvraag(self) -> None:
        """A search goes out: "Zoek op" is automatic again for the next one, and the
        confirmation of the contact registered before is no longer news."""
        v = self.venster
        v.zoeksoort.setCurrentIndex(v.zoeksoort.findData(Zoeksoort.AUTOMATISCH))
        v.contactmoment.bevestig("")

    def zoekvraag_geweigerd(self) -> None:
        """A refused search: the previous search's results are not its answer."""
        v = self.venster
        v.resultaten_model.zet([])
        v.resultaten_melding.zet("")
        v.resultaten_status.setText(tr("Nog niet gezocht."))
