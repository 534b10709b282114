"""The onderwerp decides the checklist: choosing another onderwerp replaces the open checklist
with the one that belongs to it, or with none.

Answers of a replaced checklist are asked about first: kept, they stay with the contact and are
registered with it (and come back if the agent returns to that checklist), but their open
questions no longer block registering; not kept, they are gone; Escape undoes the switch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING

from werkplek.domain.checklist import Checklist, ongeldige_antwoorden, vastleggen
from werkplek.ui.panelen import benoem, tr
from werkplek.ui.qt import QtCore, QtWidgets

if TYPE_CHECKING:
    from werkplek.domain.model import ChecklistAntwoord, Contactmoment
    from werkplek.ui.checklistpanelen import Ingevuld
    from werkplek.ui.hoofdvenster import Hoofdvenster


class Wissel(Enum):
    """The agent's answer when a checklist with answers is replaced."""

    BEWAREN = "bewaren"
    NIET_BEWAREN = "niet bewaren"
    ANNULEREN = "annuleren"


@dataclass(frozen=True)
class Wisselvraag:
    """What the agent is asked: the checklist that goes, the onderwerp and what comes."""

    oud: Checklist
    vorig_onderwerp: str
    onderwerp: str
    """The onderwerp chosen; empty when the agent chose the checklist by hand."""
    nieuw: Checklist | None
    antwoorden: int
    ongeldig: int = 0

    def tekst(self) -> str:
        if not self.onderwerp:
            komt = (tr("U opent met de hand de checklist ‘{0}’.").format(self.nieuw.titel)
                    if self.nieuw is not None else tr("U sluit de checklist met de hand."))
        elif self.nieuw is not None:
            komt = tr("Bij ‘{0}’ hoort de checklist ‘{1}’.").format(self.onderwerp,
                                                                    self.nieuw.titel)
        else:
            komt = tr("Bij ‘{0}’ hoort geen checklist.").format(self.onderwerp)
        return tr("{0} De checklist ‘{1}’ heeft {2} ingevulde {3}. Wilt u die bij dit contact "
                  "bewaren?").format(komt, self.oud.titel, self.antwoorden,
                                     tr("vraag") if self.antwoorden == 1 else tr("vragen"))

    def uitleg(self) -> str:
        terug = (tr("Annuleren (Esc): de checklist ‘{0}’ blijft open.").format(self.oud.titel)
                 if not self.onderwerp else
                 tr("Annuleren (Esc): het onderwerp blijft ‘{0}’.").format(self.vorig_onderwerp)
                 if self.vorig_onderwerp else tr("Annuleren (Esc): het onderwerp blijft leeg."))
        ongeldig = (tr(" {0} ongeldig antwoord gaat niet mee.").format(self.ongeldig)
                    if self.ongeldig == 1 else
                    tr(" {0} ongeldige antwoorden gaan niet mee.").format(self.ongeldig)
                    if self.ongeldig else "")
        return tr("Bewaarde antwoorden worden met het contact geregistreerd; hun open verplichte "
                  "vragen houden het registreren niet tegen.{0} Niet bewaren wist ze. {1}").format(
                      ongeldig, terug)


Vraag = Callable[[Wisselvraag], Wissel]
"""Asks the agent what happens with the answers; injectable, so tests need no dialog."""


def wisselvenster(ouder: QtWidgets.QWidget | None,
                  vraag: Wisselvraag) -> tuple[QtWidgets.QMessageBox, dict[object, Wissel]]:
    """The question as a message box; Enter keeps the answers (nothing the klant said is lost
    by a hurried key), Escape cancels the switch."""
    venster = QtWidgets.QMessageBox(ouder)
    venster.setWindowTitle(tr("Ander onderwerp"))
    benoem(venster, tr("Ander onderwerp"))
    venster.setIcon(QtWidgets.QMessageBox.Icon.Question)
    venster.setText(vraag.tekst())
    venster.setInformativeText(vraag.uitleg())
    rol = QtWidgets.QMessageBox.ButtonRole
    bewaren = venster.addButton(tr("Antwoorden &bewaren"), rol.AcceptRole)
    niet = venster.addButton(tr("&Niet bewaren"), rol.DestructiveRole)
    annuleren = venster.addButton(tr("Annuleren"), rol.RejectRole)
    for knop, naam in ((bewaren, tr("Antwoorden bewaren")), (niet, tr("Niet bewaren")),
                       (annuleren, tr("Annuleren"))):
        knop.setAccessibleName(naam)
    venster.setDefaultButton(bewaren)
    venster.setEscapeButton(annuleren)
    return venster, {bewaren: Wissel.BEWAREN, niet: Wissel.NIET_BEWAREN,
                     annuleren: Wissel.ANNULEREN}


def vraag_in_venster(ouder: QtWidgets.QWidget | None) -> Vraag:
    def vraag(w: Wisselvraag) -> Wissel:
        venster, keuzes = wisselvenster(ouder, w)
        venster.exec()
        keuze = keuzes.get(venster.clickedButton(), Wissel.ANNULEREN)
        venster.deleteLater()
        return keuze
    return vraag


@dataclass(frozen=True)
class Bewaard:
    """The kept answers of one replaced checklist: as registered, and as filled in."""

    checklist: Checklist
    antwoorden: tuple[ChecklistAntwoord, ...]
    ingevuld: dict[str, Ingevuld]


class Onderwerpbediening(QtCore.QObject):
    """The window's part that keeps the checklist with the chosen onderwerp."""

    def __init__(self, venster: Hoofdvenster, vraag: Vraag | None = None) -> None:
        super().__init__(venster)
        self.venster = venster
        self.vraag: Vraag = vraag or vraag_in_venster(venster)
        self._bewaard: dict[str, Bewaard] = {}
        self._contact = ""
        """The contact the kept answers belong to; a new contact starts without."""
        venster.checklist.gewijzigd.connect(self._toon_bewaard)
        venster.checklist.kies_met_de_hand = self.met_de_hand

    def bewaard(self) -> dict[str, Bewaard]:
        """Kept answers of this contact, per checklist id."""
        contact = getattr(self.venster, "_contact_id", "")  # none yet while the window is built
        if self._contact != contact:
            self._bewaard, self._contact = {}, contact
        return self._bewaard

    def met_bewaarde(self, contact: Contactmoment) -> Contactmoment:
        """The contact with the kept answers of replaced checklists before its own."""
        extra = tuple(a for b in self.bewaard().values() for a in b.antwoorden)
        return replace(contact, checklist=extra + contact.checklist) if extra else contact

    def gekozen(self, onderwerp: str) -> None:
        """The agent chose an onderwerp: its checklist (or none) replaces the open one."""
        v = self.venster
        paneel = v.checklist
        nieuw = v.d.checklists.voor_onderwerp(onderwerp)
        if nieuw is not None and nieuw.id in paneel.afgewezen:
            nieuw = None  # closed as "niet van toepassing" in this contact
        oud = paneel.checklist
        if oud is not None and nieuw is not None and oud.id == nieuw.id:
            pass  # the same checklist belongs to this onderwerp: it stays as it is
        elif not self._vervang(oud, onderwerp, nieuw):
            return
        v.kennisbank.zoekveld.setText(onderwerp)
        v.agenda.zet_agendas(v._agendas, onderwerp)

    def met_de_hand(self, nieuw: Checklist | None) -> None:
        """The agent chose a checklist (or none) in Checklistkeuze: asked as for an onderwerp."""
        oud = self.venster.checklist.checklist
        if oud is not None and nieuw is not None and oud.id == nieuw.id:
            return
        if not self._vervang(oud, "", nieuw):
            self.venster.checklist.toon_keuze()

    def _vervang(self, oud: Checklist | None, onderwerp: str, nieuw: Checklist | None) -> bool:
        """Replace the open checklist; False when the agent cancelled the switch.

        ``onderwerp`` is empty when the agent chose the checklist by hand.
        """
        v = self.venster
        paneel, cm = v.checklist, v.contactmoment
        if oud is not None and paneel.heeft_antwoorden():
            antwoorden = paneel.antwoorden()
            keuze = self.vraag(Wisselvraag(
                oud, cm.vorig_onderwerp, onderwerp, nieuw, len(antwoorden),
                len(ongeldige_antwoorden(oud, antwoorden))))
            if keuze is Wissel.ANNULEREN:
                if onderwerp:
                    cm.zet_onderwerp(cm.vorig_onderwerp)
                v.statusBar().showMessage(tr("Onderwerp niet gewisseld.") if onderwerp
                                          else tr("Checklist niet gewisseld."), 5000)
                return False
            if keuze is Wissel.BEWAREN:
                self.bewaard()[oud.id] = Bewaard(oud, vastleggen(oud, antwoorden),
                                                 paneel.ingevuld())
        if oud is None and nieuw is None:
            return True
        paneel.zet_checklist(nieuw)
        if nieuw is None:
            titel = oud.titel if oud else ""
            v.statusBar().showMessage(tr("Checklist ‘{0}’ gesloten: bij ‘{1}’ hoort geen "
                                         "checklist.").format(titel, onderwerp) if onderwerp
                                      else tr("Checklist ‘{0}’ gesloten.").format(titel), 5000)
            return True
        terug = self.bewaard().pop(nieuw.id, None)
        if terug is not None:
            paneel.zet_ingevuld(terug.ingevuld)
        self._toon_bewaard()
        v.docks["Checklist"].show()
        v.docks["Checklist"].raise_()
        bericht = (tr("Checklist ‘{0}’ geopend bij dit onderwerp.") if onderwerp
                   else tr("Checklist ‘{0}’ geopend.")).format(nieuw.titel)
        if terug is not None:
            bericht += tr(" De bewaarde antwoorden staan er weer in.")
        v.statusBar().showMessage(bericht, 5000)
        return True

    def _toon_bewaard(self) -> None:
        bewaard = [b for b in self.bewaard().values() if b.antwoorden]
        self.venster.checklist.zet_bewaard("\n".join(
            tr("Bewaard bij dit contact: {0} {1} van ‘{2}’; ze worden met het contact "
               "geregistreerd.").format(len(b.antwoorden), tr("antwoord") if len(
                   b.antwoorden) == 1 else tr("antwoorden"), b.checklist.titel)
            for b in bewaard))
